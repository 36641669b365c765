"""Responsibility: who is accountable, who commissions and who pays."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs
import pytest

from speccom_model import (
    ArrangementKind,
    Commissioner,
    CommissionerKind,
    Contribution,
    FinancialYear,
    InvalidValueError,
    Landscape,
    Period,
    PooledBudget,
    Resolution,
    Responsibility,
    Succession,
    SuccessionKind,
    UnknownReferenceError,
    gbp,
    scenarios,
)
from speccom_model import _sources as src
from speccom_model.resolving import Resolver
from speccom_model.responsibility import HIGH_COST_DRUGS_AND_DEVICES
from tests.objects import code_of
from tests.rules.builders import (
    CCG_LIFE,
    adding,
    body,
    clean,
    succeeding,
    with_arrangement,
)

if TYPE_CHECKING:
    from speccom_model.citation import Sources

DAY = dt.date(2024, 6, 1)


def _plan(**changes: Any) -> Landscape:
    """clean() with a joint committee and a combined authority, and A1 changed."""
    landscape = adding(
        clean(),
        commissioners=[
            body("JC-1", CommissionerKind.JOINT_COMMITTEE, members={"X24", "QE1"}),
            body("CA-1", CommissionerKind.COMBINED_AUTHORITY),
        ],
    )
    return with_arrangement(landscape, **changes)


def _answers(found: Responsibility | None) -> tuple[str | None, ...]:
    assert found is not None
    return (
        found.accountable.code,
        found.commissioner.code,
        code_of(found.payer),
    )


def _pooled(
    host: str, year: FinancialYear, start: dt.date, *bodies: Commissioner
) -> Landscape:
    """A1 made a pooled budget of service 1 for QE1's place, its pool hosted by host."""
    pool = PooledBudget(
        code="P1",
        year=year,
        host=host,
        contributions=[Contribution(contributor="X24", amount=gbp("£1m"))],
        services={"1"},
    )
    landscape = adding(clean(), commissioners=bodies, pooled_budgets=[pool])
    return with_arrangement(
        landscape,
        kind=ArrangementKind.POOLED_BUDGET,
        pooled_budget="P1",
        period=Period(start=start),
        budget_transferred={},
    )


#: Each kind's receiver in these tests, and the three answers expected on DAY:
#: accountable by ArrangementKind.legal_liability (s.13Z(6)), payer by
#: ArrangementKind.money_holder.
KINDS: dict[ArrangementKind, tuple[str, tuple[str, str, str]]] = {
    ArrangementKind.CO_COMMISSIONING: ("QE1", ("X24", "QE1", "X24")),
    ArrangementKind.JOINT_APPOINTMENT: ("QE1", ("X24", "QE1", "X24")),
    ArrangementKind.INTERNAL_DELEGATION: ("Y62", ("X24", "Y62", "X24")),
    ArrangementKind.JOINT_COMMITTEE: ("JC-1", ("X24", "JC-1", "X24")),
    ArrangementKind.ICB_DELEGATION: ("QE1", ("X24", "QE1", "QE1")),
    ArrangementKind.ICB_DIRECTION: ("QE1", ("X24", "QE1", "QE1")),
    ArrangementKind.DEVOLVED_ARRANGEMENT: ("CA-1", ("X24", "CA-1", "CA-1")),
    ArrangementKind.LEAD_PROVIDER: ("RV5", ("X24", "RV5", "RV5")),
    ArrangementKind.ALLIANCE_CONTRACT: ("RV5", ("X24", "RV5", "RV5")),
    ArrangementKind.WHOLESALE_TRANSFER: ("QE1", ("QE1", "QE1", "QE1")),
}


class TestEachKind:
    def test_every_kind_but_the_pool_is_in_the_table(self) -> None:
        """The pooled budget has tests of its own (its payer is the pool's host)."""
        assert set(KINDS) == set(ArrangementKind) - {ArrangementKind.POOLED_BUDGET}

    @pytest.mark.parametrize("kind", list(KINDS), ids=str)
    def test_the_three_answers(self, kind: ArrangementKind) -> None:
        """Accountable by liability, commissioner the receiver, payer by money holder."""
        receiver, expected = KINDS[kind]
        landscape = _plan(kind=kind, receiver=receiver)

        found = landscape.responsibility("1", "QE1", DAY)

        assert _answers(found) == expected
        assert found is not None
        assert found.arrangement is not None
        assert found.arrangement.id == "A1"

    @pytest.mark.parametrize("kind", list(KINDS), ids=str)
    def test_the_commissioner_is_responsible_commissioner(
        self, kind: ArrangementKind
    ) -> None:
        """The richer query never disagrees with the old one."""
        receiver, _ = KINDS[kind]
        landscape = _plan(kind=kind, receiver=receiver)

        found = landscape.responsibility("1", "QE1", DAY)

        assert found is not None
        assert found.commissioner == landscape.responsible_commissioner("1", "QE1", DAY)

    @pytest.mark.parametrize("kind", list(KINDS), ids=str)
    def test_delegated_kinds_cite_s13z6_and_a_transfer_its_own_basis(
        self, kind: ArrangementKind
    ) -> None:
        """Liability stays with NHS England by s.13Z(6); a transfer rests on its SI."""
        receiver, _ = KINDS[kind]

        found = _plan(kind=kind, receiver=receiver).responsibility("1", "QE1", DAY)

        assert found is not None
        cites_13z6 = src.NHS_ACT_13Z_6 in found.accountable_sources
        assert cites_13z6 is kind.is_delegation
        assert found.commissioner_sources == kind.legal_basis

    def test_s65z5_kinds_cite_s65z5_and_the_board(self) -> None:
        """ICB delegation and joint committees: s.65Z5 and the Board's statement."""
        for kind, receiver in [
            (ArrangementKind.ICB_DELEGATION, "QE1"),
            (ArrangementKind.JOINT_COMMITTEE, "JC-1"),
        ]:
            found = _plan(kind=kind, receiver=receiver).responsibility("1", "QE1", DAY)

            assert found is not None
            assert found.accountable_sources == (
                src.NHS_ACT_13Z_6,
                src.NHS_ACT_65Z5,
                src.NHSE_BOARD_2023_12,
            )


class TestRetained:
    def test_icb_delegation_leaves_high_cost_drugs_and_devices_with_nhs_england(
        self,
    ) -> None:
        """The 2024-25 figure excludes them (written answer, May 2024)."""
        found = clean().responsibility("1", "QE1", DAY)

        assert found is not None
        assert found.retained_by_nhs_england == HIGH_COST_DRUGS_AND_DEVICES
        assert found.retained_sources == (src.WRITTEN_ANSWER_2024_05_HCD,)
        assert "high-cost drugs and devices" in (
            found.retained_sources[0].section or ""
        )

    @pytest.mark.parametrize(
        "kind", [k for k in KINDS if k is not ArrangementKind.ICB_DELEGATION], ids=str
    )
    def test_no_other_kind_names_a_retained_share(self, kind: ArrangementKind) -> None:
        """Where NHS England pays, or nothing is said to be kept, nothing is."""
        receiver, _ = KINDS[kind]

        found = _plan(kind=kind, receiver=receiver).responsibility("1", "QE1", DAY)

        assert found is not None
        assert (found.retained_by_nhs_england, found.retained_sources) == (None, ())


class TestUndelegated:
    def test_nhs_england_answers_all_three(self) -> None:
        """Service 2 is not delegated: NHS England's own duty, s.3B(1)(d)."""
        found = clean().responsibility("2", "QE1", DAY)

        assert _answers(found) == ("X24", "X24", "X24")
        assert found is not None
        assert found.arrangement is None
        expected: Sources = (src.NHS_ACT_3B_1D, src.SI_2012_2996)
        assert found.accountable_sources == expected
        assert found.payer_sources == expected

    def test_nobody_answers_before_1_april_2013(self) -> None:
        """None exactly where responsible_commissioner is None."""
        landscape = clean()

        assert landscape.responsibility("2", "QE1", dt.date(2013, 3, 31)) is None
        assert landscape.responsible_commissioner("2", "QE1", dt.date(2013, 3, 31)) is (
            None
        )
        assert _answers(landscape.responsibility("2", "QE1", dt.date(2013, 4, 1))) == (
            "X24",
            "X24",
            "X24",
        )

    @pytest.mark.parametrize(("service", "where"), [("99", "QE1"), ("1", "Q99")])
    def test_unknown_codes_are_unknown_references(
        self, service: str, where: str
    ) -> None:
        """As for responsible_commissioner."""
        with pytest.raises(UnknownReferenceError):
            clean().responsibility(service, where, DAY)


class TestSuccessions:
    def test_the_commissioner_and_payer_follow_a_merger(self) -> None:
        """A delegation held by 00C passes to QHM on 1 July 2022, money and all."""
        landscape = with_arrangement(
            clean(),
            receiver="00C",
            places={"00C"},
            period=Period(start=dt.date(2020, 4, 1)),
            budget_transferred={},
        )

        before = landscape.responsibility("1", "00C", dt.date(2022, 6, 30))
        after = landscape.responsibility("1", "00C", dt.date(2022, 7, 1))

        assert _answers(before) == ("X24", "00C", "00C")
        assert _answers(after) == ("X24", "QHM", "QHM")

    def test_co_commissioning_stays_paid_by_nhs_england_across_the_merger(
        self,
    ) -> None:
        """NHS England holds the money whoever the CCG's successor is."""
        landscape = with_arrangement(
            clean(),
            kind=ArrangementKind.CO_COMMISSIONING,
            receiver="00C",
            places={"00C"},
            period=Period(start=dt.date(2015, 4, 1)),
            budget_transferred={},
        )

        after = landscape.responsibility("1", "00C", dt.date(2022, 7, 1))

        assert _answers(after) == ("X24", "QHM", "X24")

    def test_an_unfollowed_split_leaves_no_answer(self) -> None:
        """QE1 splits and no membership says who took its place: None, not X24."""
        split_day = dt.date(2025, 4, 1)
        landscape = succeeding(
            adding(
                clean(),
                commissioners=[
                    body("QA1", CommissionerKind.ICB, Period(start=split_day)),
                    body("QA2", CommissionerKind.ICB, Period(start=split_day)),
                ],
            ),
            *[
                Succession(
                    predecessor="QE1",
                    successor=code,
                    effective=split_day,
                    kind=SuccessionKind.SPLIT,
                )
                for code in ("QA1", "QA2")
            ],
        )

        assert landscape.responsible_commissioner("1", "QE1", split_day) is None
        assert landscape.responsibility("1", "QE1", split_day) is None
        (row,) = Resolver(landscape).resolve([("1", "QE1", split_day)])
        assert row[:4] == (None, None, None, None)
        assert row.problem is not None
        assert "QE1 split on 2025-04-01" in row.problem


class TestPooledBudget:
    def test_the_pool_host_pays(self) -> None:
        """s.13V: the host of the pool holds the money, not the receiver."""
        landscape = _pooled("QHM", FinancialYear(2024), dt.date(2024, 4, 1))

        found = landscape.responsibility("1", "QE1", DAY)

        assert _answers(found) == ("X24", "QE1", "QHM")
        assert found is not None
        assert found.payer_sources == (src.NHS_ACT_13V,)

    def test_the_pool_host_is_followed_through_its_merger(self) -> None:
        """A pool hosted by 00C in 2022-23 is QHM's from 1 July 2022."""
        landscape = _pooled("00C", FinancialYear(2022), dt.date(2022, 4, 1))

        before = landscape.responsibility("1", "QE1", dt.date(2022, 6, 30))
        after = landscape.responsibility("1", "QE1", dt.date(2022, 7, 1))

        assert code_of(before.payer if before else None) == "00C"
        assert code_of(after.payer if after else None) == "QHM"

    def test_a_year_with_no_pool_has_no_payer_and_says_why(self) -> None:
        """The pool is for 2024-25; in 2025-26 the plan records none: not guessed."""
        landscape = _pooled("QHM", FinancialYear(2024), dt.date(2024, 4, 1))

        found = landscape.responsibility("1", "QE1", dt.date(2025, 4, 1))

        assert found is not None
        assert (found.accountable.code, found.commissioner.code) == ("X24", "QE1")
        assert found.payer is None
        assert found.payer_unknown == (
            "no pooled budget after 2024-25: A1 names pool P1, which is for 2024-25 "
            "only"
        )

    def test_a_year_before_the_pool_has_no_payer_either(self) -> None:
        """The arrangement starts a year before its pool: that year has none."""
        landscape = _pooled("QHM", FinancialYear(2025), dt.date(2024, 4, 1))

        found = landscape.responsibility("1", "QE1", DAY)

        assert found is not None
        assert found.payer_unknown == (
            "no pooled budget before 2025-26: A1 names pool P1, which is for 2025-26 "
            "only"
        )

    def test_every_later_year_is_answered_alike_in_bulk(self) -> None:
        """One cut covers every year after the pool's: its words hold for each."""
        landscape = _pooled("QHM", FinancialYear(2024), dt.date(2024, 4, 1))
        rows = [("1", "QE1", dt.date(year, 6, 1)) for year in (2025, 2026, 2040)]

        answers = Resolver(landscape).resolve(rows)

        assert [a.problem for a in answers] == [
            "no payer: " + (landscape.responsibility(*row).payer_unknown or "")  # type: ignore[union-attr]
            for row in rows
        ]
        assert len({a.problem for a in answers}) == 1

    def test_a_closed_host_has_no_payer_and_says_why(self) -> None:
        """The host closed with no successor mid-year: nobody holds its pool."""
        landscape = succeeding(
            _pooled(
                "01X",
                FinancialYear(2022),
                dt.date(2022, 4, 1),
                body("01X", CommissionerKind.CCG, CCG_LIFE),
            ),
            Succession(
                predecessor="01X",
                effective=dt.date(2022, 7, 1),
                kind=SuccessionKind.CLOSURE,
            ),
        )

        found = landscape.responsibility("1", "QE1", dt.date(2022, 7, 1))

        assert found is not None
        assert found.payer is None
        assert found.payer_unknown == "pool P1's host 01X closed with no successor"

    def test_a_host_not_yet_in_existence_has_no_payer(self) -> None:
        """A pool hosted by a body that begins later in the year."""
        landscape = _pooled(
            "QN1",
            FinancialYear(2024),
            dt.date(2024, 4, 1),
            body("QN1", CommissionerKind.ICB, Period(start=dt.date(2024, 7, 1))),
        )

        found = landscape.responsibility("1", "QE1", DAY)

        assert found is not None
        assert (
            found.payer_unknown == "pool P1's host QN1 does not exist until 2024-07-01"
        )

    def test_the_resolver_cuts_at_the_pool_year(self) -> None:
        """Bulk answers change where the pool's year ends, as the query's do."""
        landscape = _pooled("QHM", FinancialYear(2024), dt.date(2024, 4, 1))

        inside, outside = Resolver(landscape).resolve(
            [("1", "QE1", dt.date(2025, 3, 31)), ("1", "QE1", dt.date(2025, 4, 1))]
        )

        assert inside == Resolution("X24", "QE1", "QHM", "A1")
        assert outside == Resolution(
            "X24",
            "QE1",
            None,
            "A1",
            "no payer: no pooled budget after 2024-25: A1 names pool P1, which is "
            "for 2024-25 only",
        )


class TestRealScenarios:
    def test_2024_25_joint_committee_then_icb(self) -> None:
        """Service 7 in 01A: JC-Y62 with NHS England paying, then QE1 paying."""
        england = scenarios.england_2024_25()

        assert _answers(england.responsibility("7", "01A", dt.date(2024, 3, 31))) == (
            "X24",
            "JC-Y62",
            "X24",
        )
        assert _answers(england.responsibility("7", "01A", dt.date(2024, 4, 1))) == (
            "X24",
            "QE1",
            "QE1",
        )

    def test_2019_20_west_yorkshire_pool(self) -> None:
        """Leeds CCG hosts the 2020-21 pool; no pool is recorded for 2021-22."""
        england = scenarios.england_2019_20()

        inside = england.responsibility("ILL-15", "02W", dt.date(2020, 4, 1))
        outside = england.responsibility("ILL-15", "02W", dt.date(2021, 4, 1))

        assert _answers(inside) == ("X24", "15F", "15F")
        assert outside is not None
        assert outside.payer is None
        assert outside.payer_unknown is not None
        assert "WY-POOL-2020" in outside.payer_unknown

    def test_2019_20_south_london_collaborative_is_paid_by_its_lead(self) -> None:
        """
        A provider collaborative commissions; its lead trust holds the money.

        The collaborative holds no budget of its own (SPC-BODY-001), and the
        scenario's money for it sits in its lead's (RV5's) budget.
        """
        england = scenarios.england_2019_20()
        collaborative = england.commissioner("SLP")

        found = england.responsibility("ILL-3", "07N", dt.date(2019, 6, 1))

        assert not collaborative.can_hold_budget(dt.date(2019, 6, 1))
        assert collaborative.lead == "RV5"
        assert _answers(found) == ("X24", "SLP", "RV5")
        assert Resolver(england).resolve([("ILL-3", "07N", dt.date(2019, 6, 1))]) == [
            Resolution("X24", "SLP", "RV5", "SL-mental-health-collaborative")
        ]


class TestValue:
    def _good(self, **changes: Any) -> Responsibility:
        found = clean().responsibility("1", "QE1", DAY)
        assert found is not None
        return attrs.evolve(found, **changes)

    def test_no_payer_needs_a_reason(self) -> None:
        """Never an unexplained None."""
        with pytest.raises(
            InvalidValueError, match=r"^payer_unknown: expected a reason"
        ):
            self._good(payer=None)

    def test_a_payer_has_no_reason_to_be_unknown(self) -> None:
        """Both at once is a contradiction."""
        with pytest.raises(
            InvalidValueError, match=r"^payer_unknown: expected no reason"
        ):
            self._good(payer_unknown="not known")

    def test_a_retained_share_needs_its_source(self) -> None:
        """What NHS England keeps is cited, or not said."""
        with pytest.raises(InvalidValueError, match=r"^retained_sources"):
            self._good(retained_sources=())

    def test_sources_without_a_retained_share_are_refused(self) -> None:
        """A citation for nothing."""
        with pytest.raises(InvalidValueError, match=r"^retained_sources"):
            self._good(retained_by_nhs_england=None)

    def test_a_body_must_be_a_commissioner(self) -> None:
        """Codes are not bodies."""
        with pytest.raises(InvalidValueError, match=r"^accountable"):
            self._good(accountable="X24")

    def test_the_value_is_frozen(self) -> None:
        """Change means a new object."""
        found = self._good()

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            found.payer = None  # type: ignore[misc]

    def test_the_resolution_names_its_answers_in_order(self) -> None:
        """Accountable, commissioner, payer, arrangement, problem."""
        assert Resolution._fields == (
            "accountable",
            "commissioner",
            "payer",
            "arrangement",
            "problem",
        )


def test_the_last_day_a_date_can_hold_is_answered_under_a_pool() -> None:
    """9999-12-31 lies in no financial year the model names: still answered."""
    england = scenarios.england_2019_20()

    last = england.responsibility("ILL-15", "02W", dt.date.max)
    earlier = england.responsibility("ILL-15", "02W", dt.date(2030, 1, 1))

    assert last is not None
    assert last == earlier
    assert (last.payer, last.payer_unknown) == (
        None,
        (
            "no pooled budget after 2020-21: WY-pooled-budget names pool "
            "WY-POOL-2020, which is for 2020-21 only"
        ),
    )
