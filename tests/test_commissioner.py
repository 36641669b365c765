"""Commissioner, CommissionerKind, PlanningBoard."""

from __future__ import annotations

import datetime as dt

import pytest

from speccom_model import (
    Commissioner,
    CommissionerKind,
    InvalidValueError,
    Period,
    PlanningBoard,
    Policy,
)

CCG_LIFE = Period(start=dt.date(2013, 4, 1), end=dt.date(2022, 7, 1))
ICB_LIFE = Period(start=dt.date(2022, 7, 1))


def body(
    code: str, kind: CommissionerKind, life: Period = ICB_LIFE, **kw: object
) -> Commissioner:
    return Commissioner(code=code, name="A body", kind=kind, lifetime=life, **kw)  # type: ignore[arg-type]


class TestKinds:
    def test_values_are_pinned(self) -> None:
        """Values serialise and must never change."""
        assert [k.value for k in CommissionerKind] == [
            "nhs-england",
            "nhs-england-region",
            "ccg",
            "stp",
            "icb",
            "joint-committee",
            "nhs-trust",
            "provider-collaborative",
            "combined-authority",
            "independent-provider",
            "local-authority",
        ]

    def test_every_kind_has_a_label(self) -> None:
        """Messages can name every kind."""
        assert all(k.label for k in CommissionerKind)


class TestCanHoldBudget:
    @pytest.mark.parametrize(
        ("kind", "life", "day", "expected"),
        [
            (CommissionerKind.CCG, CCG_LIFE, dt.date(2022, 6, 30), True),
            (CommissionerKind.CCG, CCG_LIFE, dt.date(2022, 7, 1), False),
            (
                CommissionerKind.CCG,
                Period(start=dt.date(2013, 4, 1)),
                dt.date(2022, 7, 1),
                False,
            ),
            (CommissionerKind.ICB, ICB_LIFE, dt.date(2022, 7, 1), True),
            (
                CommissionerKind.ICB,
                Period(start=dt.date(2020, 4, 1)),
                dt.date(2022, 6, 30),
                False,
            ),
            (
                CommissionerKind.NHS_ENGLAND,
                Period(start=dt.date(2012, 10, 1)),
                dt.date(2019, 4, 1),
                True,
            ),
            (
                CommissionerKind.REGION,
                Period(start=dt.date(2018, 4, 1)),
                dt.date(2019, 4, 1),
                False,
            ),
            (
                CommissionerKind.STP,
                Period(start=dt.date(2016, 4, 1)),
                dt.date(2019, 4, 1),
                False,
            ),
            (CommissionerKind.JOINT_COMMITTEE, ICB_LIFE, dt.date(2023, 4, 1), False),
            (
                CommissionerKind.NHS_TRUST,
                Period(start=dt.date(1999, 4, 1)),
                dt.date(2019, 4, 1),
                True,
            ),
            (
                CommissionerKind.PROVIDER_COLLABORATIVE,
                ICB_LIFE,
                dt.date(2023, 4, 1),
                False,
            ),
            (
                CommissionerKind.INDEPENDENT_PROVIDER,
                ICB_LIFE,
                dt.date(2023, 4, 1),
                False,
            ),
        ],
    )
    def test_kind_and_lifetime_decide(
        self, kind: CommissionerKind, life: Period, day: dt.date, expected: bool
    ) -> None:
        """DOMAIN.md §3, at the 30 June / 1 July 2022 boundary."""
        code = {
            "nhs-england": "X24",
            "nhs-england-region": "Y60",
            "ccg": "00C",
            "nhs-trust": "RV5",
        }.get(kind.value, "Q99")
        if not kind.has_ods_code:
            code = "JC-1"

        assert body(code, kind, life).can_hold_budget(day) is expected

    def test_a_body_cannot_hold_a_budget_outside_its_own_lifetime(self) -> None:
        """A CCG that closed in 2020 after a merger held none in 2021."""
        merged = body(
            "00C",
            CommissionerKind.CCG,
            Period(start=dt.date(2013, 4, 1), end=dt.date(2020, 4, 1)),
        )

        assert not merged.can_hold_budget(dt.date(2021, 1, 1))

    def test_a_policy_can_move_the_dates(self) -> None:
        """The windows come from Policy."""
        policy = Policy(
            ccg_last_day=dt.date(2023, 3, 31), icbs_from=dt.date(2023, 4, 1)
        )

        assert body(
            "00C", CommissionerKind.CCG, Period(start=dt.date(2013, 4, 1))
        ).can_hold_budget(dt.date(2022, 12, 1), policy)


class TestCodes:
    @pytest.mark.parametrize(
        ("code", "kind"),
        [
            ("00C", "ccg"),
            ("X2C4Y", "ccg"),
            ("QE1", "icb"),
            ("Y56", "nhs-england-region"),
            ("RV5", "nhs-trust"),
            ("E54000029", "stp"),
            ("X24", "nhs-england"),
        ],
    )
    def test_documented_shapes_match(self, code: str, kind: str) -> None:
        """Codes of the documented shapes."""
        assert body(code, CommissionerKind(kind)).matches_documented_shape()

    def test_an_anana_code_is_never_flagged(self) -> None:
        """New codes are five alternating letters and digits, whatever the kind."""
        assert body("G7H8J", CommissionerKind.ICB).matches_documented_shape()

    def test_an_odd_shape_is_accepted_but_flagged(self) -> None:
        """Loosely: a real code is never rejected for its shape alone."""
        odd = body("ABCDEFG", CommissionerKind.ICB)

        assert not odd.matches_documented_shape()

    @pytest.mark.parametrize("code", ["", "00 C", "abc", "ABCDEFGHIJ", None])
    def test_codes_outside_the_general_ods_shape_are_refused(
        self, code: object
    ) -> None:
        """ODS codes are 1 to 9 capitals and digits."""
        with pytest.raises(InvalidValueError, match=r"^code: "):
            body(code, CommissionerKind.ICB)  # type: ignore[arg-type]

    def test_kinds_without_ods_codes_take_identifiers(self) -> None:
        """Joint committees and combined authorities have no ODS code."""
        assert body("GMCA", CommissionerKind.COMBINED_AUTHORITY).code == "GMCA"
        assert body("JC-London", CommissionerKind.JOINT_COMMITTEE).code == "JC-London"


class TestStructure:
    def test_only_provider_collaboratives_have_a_lead(self) -> None:
        """A lead provider belongs to a collaborative."""
        assert (
            body("SLP", CommissionerKind.PROVIDER_COLLABORATIVE, lead="RV5").lead
            == "RV5"
        )
        with pytest.raises(InvalidValueError, match=r"^lead"):
            body("QE1", CommissionerKind.ICB, lead="RV5")

    def test_only_joint_committees_have_members(self) -> None:
        """Members belong to joint committees."""
        assert body(
            "JC-1", CommissionerKind.JOINT_COMMITTEE, members=["QE1", "X24"]
        ).members == {
            "QE1",
            "X24",
        }
        with pytest.raises(InvalidValueError, match=r"^members"):
            body("QE1", CommissionerKind.ICB, members=["X24"])

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("name", ""),
            ("kind", "icb"),
            ("lifetime", "2022-07-01/"),
            ("region", "y60"),
            ("members", "QE1"),
        ],
    )
    def test_fields_are_checked(self, field: str, value: object) -> None:
        """Each field's error names it."""
        fields: dict[str, object] = {
            "code": "QE1",
            "name": "x",
            "kind": CommissionerKind.ICB,
            "lifetime": ICB_LIFE,
            field: value,
        }

        with pytest.raises(InvalidValueError, match=rf"^{field}"):
            Commissioner(**fields)  # type: ignore[arg-type]


class TestPlanningBoard:
    def test_a_body_advises_or_decides_not_both(self) -> None:
        """The roles are distinct."""
        with pytest.raises(InvalidValueError, match="advisers"):
            PlanningBoard(
                code="PB-1",
                name="Board",
                led_by="Y60",
                advisers={"QE1"},
                decision_makers={"QE1"},
                period=ICB_LIFE,
            )

    def test_sets_are_normalised(self) -> None:
        """Lists become frozensets."""
        board = PlanningBoard(
            code="PB-1",
            name="Board",
            led_by="Y60",
            advisers=["QE1"],
            services=["2A"],
            period=ICB_LIFE,
        )

        assert (board.advisers, board.services) == (
            frozenset({"QE1"}),
            frozenset({"2A"}),
        )

    def test_code_is_checked(self) -> None:
        """A board code is an identifier."""
        with pytest.raises(InvalidValueError, match=r"^code"):
            PlanningBoard(code="board 1", name="Board", led_by="Y60", period=ICB_LIFE)
