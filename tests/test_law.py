"""The law file, and the 2012-2026 timeline it fixes, each fix as a test."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import TYPE_CHECKING, Any

import pytest

from speccom_model import (
    ArrangementKind,
    CommissionerKind,
    MoneyHolder,
    Period,
    Policy,
    check,
    io,
    scenarios,
)
from speccom_model import policy as policy_module
from speccom_model._law import law_table, law_text
from speccom_model.errors import ParseError
from speccom_model.policy import DEFAULT_POLICY, _from_law
from speccom_model.resolving import Resolver
from speccom_model.rules import rule
from tests.rules.builders import adding, body, clean, with_arrangement

if TYPE_CHECKING:
    from pathlib import Path

LEGAL = [rule("SPC-LEGAL-001"), rule("SPC-LEGAL-003")]
APRIL_2013 = dt.date(2013, 4, 1)


def _legal_codes(**changes: Any) -> list[str]:
    """The legal findings of the clean plan with its arrangement changed."""
    landscape = with_arrangement(
        clean(), budget_transferred={}, approvals=(), **changes
    )
    return [f.code for f in check(landscape, rules=LEGAL)]


class TestTheLawFile:
    def test_policy_is_the_law_file(self, tmp_path: Path) -> None:
        """`Policy()` and the shipped file read through io are one policy."""
        path = tmp_path / "law.toml"
        path.write_text(law_text(), encoding="utf-8")

        assert io.load(path, type=Policy) == Policy() == DEFAULT_POLICY

    def test_every_date_has_its_citation_in_the_file(self) -> None:
        """Each dated table of the file carries a non-empty `source` list."""
        law = law_table()
        tables = [
            *law["arrangement_windows"].values(),
            *law["budget_windows"].values(),
            *law["approval_routes"],
        ]

        assert all(t["source"] and t["source"][0]["url"] for t in tables)

    def test_the_files_windows_agree_with_its_own_dates(self) -> None:
        """Windows that follow a single date state that date in the file too."""
        law = law_table()
        windows = law["arrangement_windows"]

        for kind in ("icb-delegation", "joint-committee", "icb-direction"):
            assert windows[kind]["start"] == law["icb_delegation_from"]
        assert law["budget_windows"]["icb"]["start"] == law["icbs_from"]
        assert law["budget_windows"]["ccg"]["end"] == law[
            "ccg_last_day"
        ] + dt.timedelta(days=1)

    def test_every_window_key_is_a_kind_of_the_library(self) -> None:
        """A typo in the file would make a kind silently never lawful."""
        assert set(DEFAULT_POLICY.arrangement_windows) == {
            k.value for k in ArrangementKind
        } - {"wholesale-transfer"}
        assert set(DEFAULT_POLICY.budget_windows) <= {k.value for k in CommissionerKind}

    def test_the_unconfirmed_commencement_is_labelled(self) -> None:
        """s.13ZA's date is the Royal Assent date, and says so."""
        window = DEFAULT_POLICY.arrangement_windows["devolved-arrangement"]

        assert window.start == dt.date(2016, 1, 28)
        assert any(
            c.note == "commencement not confirmed; Royal Assent date used"
            for c in window.source
        )

    def test_an_edited_law_with_a_bad_address_is_refused_naming_the_file(
        self,
    ) -> None:
        """Right or refused: the path to the citation, and the law file."""
        law = tomllib.loads(law_text())
        law["arrangement_windows"]["pooled-budget"]["source"][0]["url"] = "gov.uk"

        with pytest.raises(ParseError) as caught:
            _from_law(law)
        assert str(caught.value).startswith(
            "law.toml: arrangement_windows.pooled-budget.source[0]: expected a citation"
        )

    def test_any_other_bad_edit_is_a_parse_error_naming_the_file(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A month-day written as text is refused, not a bare AttributeError."""
        law = tomllib.loads(law_text())
        law["delegation_start"] = "1 April"
        monkeypatch.setattr(policy_module, "law_table", lambda: law)

        with pytest.raises(ParseError) as caught:
            policy_module._read_law()
        assert str(caught.value).startswith("law.toml: law: expected a law file")

    def test_an_edited_law_with_no_citation_is_refused(self) -> None:
        """Every window cites something."""
        law = tomllib.loads(law_text())
        del law["budget_windows"]["icb"]["source"]

        with pytest.raises(ParseError, match=r"budget_windows\.icb\.source"):
            _from_law(law)


class TestTimeline:
    def test_co_commissioning_in_2013_14_is_lawful(self) -> None:
        """s.13Z joint working with CCGs from 1 April 2013 (the library said 2014)."""
        window = DEFAULT_POLICY.arrangement_windows["co-commissioning"]

        assert window.start == APRIL_2013
        assert (
            _legal_codes(
                kind=ArrangementKind.CO_COMMISSIONING,
                receiver="00C",
                places={"00C"},
                period=Period(start=APRIL_2013, end=dt.date(2014, 4, 1)),
            )
            == []
        )

    def test_co_commissioning_before_the_board_had_functions_is_not(self) -> None:
        """The day before 1 April 2013, s.13Z joint working had nothing to share."""
        assert "SPC-LEGAL-001" in _legal_codes(
            kind=ArrangementKind.CO_COMMISSIONING,
            receiver="00C",
            places={"00C"},
            period=Period(start=dt.date(2013, 3, 1), end=dt.date(2014, 4, 1)),
        )

    @pytest.mark.parametrize(
        ("kind", "lawful"),
        [
            (CommissionerKind.LOCAL_AUTHORITY, True),
            (CommissionerKind.COMBINED_AUTHORITY, True),
            (CommissionerKind.ICB, False),
        ],
    )
    def test_devolved_arrangements_go_to_combined_or_local_authorities(
        self, kind: CommissionerKind, lawful: bool
    ) -> None:
        """s.13ZA covers local authorities as well as combined authorities."""
        landscape = adding(
            clean(), commissioners=[body("E08000003", kind, Period(start=APRIL_2013))]
        )
        landscape = with_arrangement(
            landscape,
            kind=ArrangementKind.DEVOLVED_ARRANGEMENT,
            receiver="E08000003",
            budget_transferred={},
            approvals=(),
        )
        codes = [f.code for f in check(landscape, rules=LEGAL)]

        assert (codes == []) is lawful
        assert (
            CommissionerKind.LOCAL_AUTHORITY
            in ArrangementKind.DEVOLVED_ARRANGEMENT.receiver_kinds
        )

    def test_a_local_authority_is_not_an_nhs_body(self) -> None:
        """And holds a budget only under s.13ZA, from 2016."""
        authority = body(
            "E08000003", CommissionerKind.LOCAL_AUTHORITY, Period(start=APRIL_2013)
        )

        assert not CommissionerKind.LOCAL_AUTHORITY.is_nhs_body
        assert not authority.can_hold_budget(dt.date(2016, 1, 27))
        assert authority.can_hold_budget(dt.date(2016, 1, 28))

    @pytest.mark.parametrize(
        ("receiver", "codes"),
        [
            ("X24", []),
            ("Y62", []),
            ("QE1", ["SPC-LEGAL-003"]),
            ("00C", ["SPC-LEGAL-003"]),
        ],
    )
    def test_internal_delegation_stays_inside_nhs_england(
        self, receiver: str, codes: list[str]
    ) -> None:
        """Its own committees and regions, never a CCG or an ICB."""
        found = _legal_codes(
            kind=ArrangementKind.INTERNAL_DELEGATION,
            receiver=receiver,
            period=Period(start=dt.date(2020, 4, 1), end=dt.date(2021, 4, 1)),
        )

        assert found == codes

    def test_internal_delegation_never_goes_to_a_combined_authority(self) -> None:
        """Greater Manchester's combined authority took devolution, not this."""
        assert ArrangementKind.INTERNAL_DELEGATION.receiver_kinds == frozenset(
            {CommissionerKind.NHS_ENGLAND, CommissionerKind.REGION}
        )

    @pytest.mark.parametrize(
        ("start", "lawful"),
        [(dt.date(2022, 6, 1), False), (dt.date(2022, 7, 1), True)],
    )
    def test_s13yb_directions_to_an_icb_from_1_july_2022(
        self, start: dt.date, lawful: bool
    ) -> None:
        """A new kind: NHS England directing an ICB to exercise its functions."""
        found = _legal_codes(
            kind=ArrangementKind.ICB_DIRECTION, period=Period(start=start)
        )

        assert (found == []) is lawful

    def test_s13yb_facts(self) -> None:
        """Cited to s.13YB; to ICBs only; the ICB holds the money; NHS England liable."""
        kind = ArrangementKind.ICB_DIRECTION

        assert next(c.section for c in kind.legal_basis) == "s.13YB"
        assert kind.receiver_kinds == frozenset({CommissionerKind.ICB})
        assert kind.money_holder is MoneyHolder.RECEIVER
        assert kind.legal_liability.value == "nhs-england"
        assert "SPC-LEGAL-003" in _legal_codes(kind=kind, receiver="X24")


class TestNobodyBefore2013:
    @pytest.mark.parametrize(
        "day", [dt.date(1990, 1, 1), dt.date(2012, 10, 1), dt.date(2013, 3, 31)]
    )
    def test_responsible_commissioner_is_none_before_1_april_2013(
        self, day: dt.date
    ) -> None:
        """Not NHS England: it had no commissioning function yet."""
        england = scenarios.england_2019_20()

        assert england.responsible_commissioner("ILL-1", "07L", day) is None

    def test_from_1_april_2013_nhs_england_answers(self) -> None:
        """The first day of commissioning."""
        england = scenarios.england_2019_20()
        found = england.responsible_commissioner("ILL-1", "07L", APRIL_2013)

        assert found is not None
        assert found.code == "X24"

    def test_the_resolver_gives_earlier_rows_a_problem(self) -> None:
        """Rows before 2013-04-01 are not X24: they say why nobody answers."""
        england = scenarios.england_2024_25()
        early, first = Resolver(england).resolve(
            [("7", "01A", dt.date(2013, 3, 31)), ("7", "01A", APRIL_2013)]
        )

        assert (early.commissioner, early.arrangement) == (None, None)
        assert early.problem == (
            "no commissioner before 2013-04-01: NHS England had no commissioning "
            "functions until then"
        )
        assert (first.commissioner, first.problem) == ("X24", None)

    def test_an_unknown_code_is_still_refused_before_2013(self) -> None:
        """The early answer does not hide a bad code."""
        england = scenarios.england_2019_20()

        with pytest.raises(Exception, match="999"):
            england.responsible_commissioner("999", "07L", dt.date(2012, 1, 1))


def test_speccom_resolve_reports_rows_before_2013_not_x24(tmp_path: Path) -> None:
    """The console script follows the resolver: a clear problem, exit 1."""
    from tests.test_cli import run

    (tmp_path / "rows.csv").write_text(
        "service,place,date\n7,01A,2013-03-31\n7,01A,2013-04-01\n", encoding="utf-8"
    )

    result = run("resolve", "rows.csv", cwd=tmp_path)

    assert result.returncode == 1
    assert result.stdout.splitlines()[1:] == [
        "7,01A,2013-03-31,,,,",
        "7,01A,2013-04-01,X24,X24,X24,",
    ]
    assert (
        "rows.csv:2: no commissioner before 2013-04-01: NHS England had no "
        "commissioning functions until then"
    ) in result.stderr


def test_the_seven_regions_exist_from_1_april_2019() -> None:
    """Y56 and Y58-Y63 are the 2019 regions: none of them before that day."""
    england = scenarios.england_2019_20()
    regions = [c for c in england.commissioners if c.kind is CommissionerKind.REGION]

    assert len(regions) == 7
    assert {r.lifetime.start for r in regions} == {dt.date(2019, 4, 1)}
    assert england.body_on("Y62", dt.date(2019, 3, 31)) is None
    assert england.body_on("Y62", dt.date(2019, 4, 1)) is not None


class TestWhatWasRead:
    def test_s13za_cites_the_enacted_schedule_that_names_both_authorities(
        self,
    ) -> None:
        """Schedule 4 para 4, read as enacted: combined or local authority."""
        for window in (
            DEFAULT_POLICY.arrangement_windows["devolved-arrangement"],
            DEFAULT_POLICY.budget_windows["local-authority"],
        ):
            enacted = [c for c in window.source if c.url.endswith("schedule/4/enacted")]
            assert len(enacted) == 1
            assert "local authority" in (enacted[0].section or "")

    def test_co_commissioning_says_the_s23_commencement_was_not_read(self) -> None:
        """The window's date is the first day of functions, and says so."""
        window = DEFAULT_POLICY.arrangement_windows["co-commissioning"]
        inserting = [c for c in window.source if (c.section or "").startswith("s.23")]

        assert window.start == DEFAULT_POLICY.commissioning_from
        assert len(inserting) == 1
        assert "not read" in (inserting[0].note or "")

    def test_s13yb_cites_the_enacted_s3b2_that_names_it(self) -> None:
        """What was read of s.13YB is s.3B(2) as enacted; its own text was not."""
        window = DEFAULT_POLICY.arrangement_windows["icb-direction"]
        read = [c for c in window.source if c.url.endswith("ukpga/2022/31/enacted")]

        assert len(read) == 1
        assert "13YB" in (read[0].section or "")
        assert "not read" in (read[0].note or "")
