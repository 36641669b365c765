"""
Money that reconciles: several figures a year, retained by difference, moves by kind.

Source: issue #12 item 2 — "national allocation = retained + moved (by kind
of move) + pooled"; "a year may carry several figures, each with its kind and
citation, shown side by side"; "no year with money in it is skipped".
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal

import attrs
import pytest

from speccom_model import (
    Allocation,
    AllocationKind,
    ArrangementKind,
    Budget,
    BudgetLine,
    DuplicateCodeError,
    FinancialYear,
    InvalidValueError,
    Landscape,
    ParseError,
    Period,
    RetainedBasis,
    Severity,
    check,
    gbp,
    io,
    reference,
    scenarios,
    summarise,
)
from speccom_model.citation import Citation
from speccom_model.summary import NEVER_MOVES, runs_in
from tests.rules.builders import START, YEAR, adding, clean, with_arrangement
from tests.test_cli import run

HSJ = Citation(
    title="HSJ, 'Exclusive: specialised commissioning overspend tops £450m'",
    url="https://www.hsj.co.uk/commissioning/"
    "exclusive-specialised-commissioning-overspend-tops-450m/5070091.article",
)


def _figure(kind: AllocationKind, amount: str) -> Allocation:
    return Allocation(
        year=YEAR, amount=gbp(amount), source="illustrative", kind=kind, citation=HSJ
    )


class TestFigures:
    def test_several_kinds_a_year_are_held_side_by_side(self) -> None:
        """A plan, the allocation and a forecast: only the allocation reconciles."""
        landscape = adding(
            clean(),
            allocations=[
                _figure(AllocationKind.FORECAST, "£104m"),
                _figure(AllocationKind.PLAN, "£97m"),
            ],
        )

        (year,) = summarise(landscape)

        assert [(f.kind.value, f.amount) for f in year.figures] == [
            ("plan", gbp("£97m")),
            ("allocation", gbp("£100m")),
            ("forecast", gbp("£104m")),
        ]
        assert landscape.allocation(YEAR) == landscape.allocations[0]
        assert (year.allocation, year.unaccounted) == (gbp("£100m"), gbp("£0"))

    def test_two_of_one_kind_for_one_year_are_refused(self) -> None:
        """Two plans for 2024-25: which one? Refused, naming the second."""
        with pytest.raises(DuplicateCodeError, match=r"^allocations\[2\]\.kind"):
            adding(
                clean(),
                allocations=[
                    _figure(AllocationKind.PLAN, "£97m"),
                    _figure(AllocationKind.PLAN, "£98m"),
                ],
            )

    def test_a_plan_alone_is_not_an_allocation(self) -> None:
        """Only the allocation kind is reconciled: a plan leaves the year open."""
        landscape = attrs.evolve(
            clean(), allocations=[_figure(AllocationKind.PLAN, "£100m")]
        )

        (year,) = summarise(landscape)

        assert (year.allocation, year.unaccounted, year.reconciled) == (
            None,
            None,
            False,
        )
        assert (year.retained_basis, year.retained) == (
            RetainedBasis.BUDGET,
            gbp("£88m"),
        )

    def test_a_kind_must_be_a_kind(self) -> None:
        """Text is not an AllocationKind."""
        with pytest.raises(InvalidValueError, match=r"^kind:"):
            Allocation(
                year=YEAR,
                amount=gbp("£1m"),
                source="x",
                kind="plan",  # type: ignore[arg-type]
            )

    def test_files_read_kind_and_citation_and_the_old_form(self) -> None:
        """`kind` and `[allocations.citation]` are optional: old files still read."""
        plan = io.loads(
            """
            [catalogue]
            effective = "2013-04-01"
            [[catalogue.services]]
            code = "1"
            name = "One"
            [[commissioners]]
            code = "X24"
            name = "NHS England"
            kind = "nhs-england"
            lifetime = { start = "2012-10-01" }
            [[allocations]]
            year = "2013-14"
            amount = "£13bn"
            source = "NAO"
            [[allocations]]
            year = "2013-14"
            amount = "£12.7bn"
            kind = "plan"
            source = "HSJ"
            [allocations.citation]
            title = "HSJ"
            url = "https://www.hsj.co.uk/"
            """,
            format="toml",
        )

        assert [(a.kind, a.citation) for a in plan.allocations] == [
            (AllocationKind.ALLOCATION, None),
            (AllocationKind.PLAN, Citation(title="HSJ", url="https://www.hsj.co.uk/")),
        ]


class TestRetained:
    def test_england_s_own_budget_is_retained(self) -> None:
        """The builder's X24 holds £88m: retained on its budget."""
        (year,) = summarise(clean())

        assert (year.retained_basis, year.retained) == (
            RetainedBasis.BUDGET,
            gbp("£88m"),
        )

    def test_no_england_budget_is_by_difference_not_zero(self) -> None:
        """£100m allocated, £12m moved to QE1: £88m retained by difference."""
        landscape = attrs.evolve(
            clean(), budgets=[b for b in clean().budgets if b.holder != "X24"]
        )

        (year,) = summarise(landscape)

        assert (year.retained_basis, year.retained, year.unaccounted) == (
            RetainedBasis.BY_DIFFERENCE,
            gbp("£88m"),
            gbp("£0"),
        )

    def test_no_budget_and_no_allocation_is_unknown(self) -> None:
        """Nothing to take a difference from: unknown, never £0."""
        landscape = attrs.evolve(
            clean(),
            allocations=(),
            budgets=[b for b in clean().budgets if b.holder != "X24"],
        )

        (year,) = summarise(landscape)

        assert (year.retained_basis, year.retained, year.reconciled) == (
            RetainedBasis.UNKNOWN,
            None,
            False,
        )


class TestMoved:
    def test_moved_money_is_by_kind_and_adds_up_to_delegated(self) -> None:
        """QE1's £12m under the ICB delegation; QHM's £3m under no arrangement."""
        landscape = adding(
            clean(),
            budgets=[
                Budget(
                    holder="QHM",
                    year=YEAR,
                    lines=[BudgetLine(service="2", allocation=gbp("£3m"))],
                )
            ],
        )

        (year,) = summarise(landscape)

        assert [(m.kind, m.held, m.transferred) for m in year.moved] == [
            (ArrangementKind.ICB_DELEGATION, gbp("£12m"), gbp("£12m")),
            (None, gbp("£3m"), gbp("£0")),
        ]
        assert sum((m.held for m in year.moved), gbp("£0")) == year.delegated

    def test_a_kind_where_england_keeps_the_money_moves_none(self) -> None:
        """Under a joint appointment QE1's £12m is held under no money-moving kind."""
        landscape = with_arrangement(clean(), kind=ArrangementKind.JOINT_APPOINTMENT)

        (year,) = summarise(landscape)

        assert [(m.kind, m.held) for m in year.moved] == [(None, gbp("£12m"))]


class TestRealScenarios:
    @pytest.mark.parametrize(
        "name",
        [
            "england_2013_14",
            "ccg_cocommissioning_2014",
            "ccg_cocommissioning_2014_unfunded",
            "england_2019_20",
        ],
    )
    def test_every_year_with_money_reconciles(self, name: str) -> None:
        """Cited allocations: nothing unaccounted, to the penny."""
        years = summarise(scenarios.get(name).build())

        assert years
        assert all(y.reconciled for y in years), [str(y.year) for y in years]

    @pytest.mark.parametrize("name", ["england_2024_25", "england_2025_26"])
    def test_the_icb_era_years_say_they_cannot_be_reconciled(self, name: str) -> None:
        """No national allocation found for 2024-25 or 2025-26: unknown, not £0."""
        (year,) = summarise(scenarios.get(name).build())

        assert (year.allocation, year.retained, year.unaccounted) == (None,) * 3
        assert [m.kind for m in year.moved] == [ArrangementKind.ICB_DELEGATION]
        assert year.moved[0].held == year.moved[0].transferred == year.delegated

    def test_2013_14_shows_plan_allocation_and_forecast(self) -> None:
        """The issue's £12.7bn, £13bn and £13.2bn, each with its kind."""
        (year,) = summarise(scenarios.england_2013_14())

        assert [(f.kind.value, f.amount) for f in year.figures] == [
            ("plan", gbp("£12.7bn")),
            ("allocation", gbp("£13bn")),
            ("forecast", gbp("£13.2bn")),
        ]


class TestSummaryCommand:
    def test_text_labels_retained_by_difference(self) -> None:
        """2020-21: NHS England records no budget."""
        result = run("summary", "--year", "2020-21")

        assert result.returncode == 0
        assert (
            "  Retained by NHS England    £18.8bn  by difference: allocation - moved"
            " - pooled" in result.stdout
        )
        assert "    by lead-provider              £0  transferred £0" in result.stdout

    def test_text_says_plainly_when_a_year_cannot_be_reconciled(self) -> None:
        """No national allocation recorded for 2024-25: not £0."""
        result = run("summary", "england_2024_25")

        assert result.returncode == 0
        assert (
            "  Unaccounted for            unknown  cannot be reconciled: no national "
            "allocation recorded" in result.stdout
        )
        assert f"Never moves: {NEVER_MOVES.what} stay with NHS England" in (
            result.stdout
        )

    def test_json_carries_figures_basis_moves_and_what_never_moves(self) -> None:
        """For machines: each figure with its kind; retained with its basis."""
        data = json.loads(run("summary", "england_2013_14", "--format", "json").stdout)

        (year,) = data["years"]
        assert [(f["kind"], f["amount"], f["reconciled"]) for f in year["figures"]] == [
            ("plan", "12700000000.00", False),
            ("allocation", "13000000000.00", True),
            ("forecast", "13200000000.00", False),
        ]
        assert year["figures"][0]["citation"]["url"] == HSJ.url
        assert (year["retained_basis"], year["unaccounted"], year["reconciled"]) == (
            "budget",
            "0.00",
            True,
        )
        assert "never_moves" not in data
        assert year["never_moves"] == []

    def test_json_unknown_is_null(self) -> None:
        """A year that cannot be reconciled: null, not "0.00"."""
        data = json.loads(run("summary", "england_2025_26", "--format", "json").stdout)

        (year,) = data["years"]
        assert (year["allocation"], year["retained"], year["unaccounted"]) == (
            None,
            None,
            None,
        )
        assert (year["retained_basis"], year["reconciled"]) == ("unknown", False)
        assert year["moved"] == [
            {
                "kind": "icb-delegation",
                "held": "14000000000.00",
                "transferred": "14000000000.00",
            }
        ]


# -- the delegated share (issue #12 item 2, follow-up) ---------------------------------

WRITTEN_ANSWER = Citation(
    title="Department of Health and Social Care, written answer to Karin Smyth MP "
    "(May 2024)",
    url="https://eldaddp.azurewebsites.net/answeredquestions.html?AnsweringBody.="
    "Department+of+Health+and+Social+Care&date=2024-05-07&min-date=2019-06-05&"
    "tablingMemberPrinted.=Karin+Smyth",
)


def _share(amount: str, precision: str | None) -> Allocation:
    return Allocation(
        year=YEAR,
        amount=gbp(amount),
        source="illustrative",
        kind=AllocationKind.DELEGATED,
        citation=WRITTEN_ANSWER,
        precision=None if precision is None else gbp(precision),
    )


def _moving(moved: str, share: Allocation) -> Landscape:
    """QE1 holds ``moved`` under A1 (which transfers it); X24 the rest of £100m."""
    amount = gbp(moved)
    landscape = with_arrangement(clean(), budget_transferred={YEAR: amount})
    return attrs.evolve(
        landscape,
        allocations=(*landscape.allocations, share),
        baselines=(),
        budgets=[
            Budget(
                holder="X24",
                year=YEAR,
                lines=[BudgetLine(service="2", allocation=gbp("£100m") - amount)],
            ),
            Budget(
                holder="QE1",
                year=YEAR,
                lines=[BudgetLine(service="1", allocation=amount)],
            ),
        ],
    )


def _cons(landscape: Landscape) -> list[tuple[Severity, str]]:
    return [(f.severity, f.message) for f in check(landscape) if f.code == BALANCE]


BALANCE = "SPC-CONS-001"

#: The least plan a file may hold: a catalogue and NHS England.
_MINIMAL = {
    "catalogue": {
        "effective": "2013-04-01",
        "services": [{"code": "1", "name": "One"}],
    },
    "commissioners": [
        {
            "code": "X24",
            "name": "NHS England",
            "kind": "nhs-england",
            "lifetime": {"start": "2012-10-01"},
        }
    ],
}
_MINIMAL_TOML = """
[catalogue]
effective = "2013-04-01"
[[catalogue.services]]
code = "1"
name = "One"
[[commissioners]]
code = "X24"
name = "NHS England"
kind = "nhs-england"
lifetime = { start = "2012-10-01" }
"""


class TestDelegatedKind:
    def test_the_kind_is_delegated(self) -> None:
        """A figure of its own kind, not an allocation: it is not reconciled so."""
        assert AllocationKind("delegated") is AllocationKind.DELEGATED

    @pytest.mark.parametrize("form", ["toml", "json"])
    def test_files_read_a_delegated_share_with_its_precision(
        self, form: Literal["toml", "json"]
    ) -> None:
        """`kind = "delegated"` and `precision = "£100m"`, in TOML and JSON."""
        figure = {
            "year": "2024-25",
            "amount": "£5.3bn",
            "kind": "delegated",
            "precision": "£100m",
            "source": "written answer",
            "citation": {"title": WRITTEN_ANSWER.title, "url": WRITTEN_ANSWER.url},
        }
        text = (
            json.dumps({**_MINIMAL, "allocations": [figure]})
            if form == "json"
            else _MINIMAL_TOML
            + "[[allocations]]\n"
            + "".join(
                f"{k} = {json.dumps(v, ensure_ascii=False)}\n"
                for k, v in figure.items()
                if k != "citation"
            )
            + "[allocations.citation]\n"
            + f"title = {json.dumps(WRITTEN_ANSWER.title)}\n"
            + f"url = {json.dumps(WRITTEN_ANSWER.url)}\n"
        )

        (read,) = io.loads(text, format=form).allocations

        assert (read.kind, read.amount, read.precision, read.citation) == (
            AllocationKind.DELEGATED,
            gbp("£5.3bn"),
            gbp("£100m"),
            WRITTEN_ANSWER,
        )

    @pytest.mark.parametrize("form", ["toml", "json"])
    def test_a_written_share_reads_back_the_same(
        self, form: Literal["toml", "json"]
    ) -> None:
        """England 2024-25's £5.3bn, to the £100m: dumped and loaded, unchanged."""
        plan = scenarios.england_2024_25()

        again = io.loads(io.dumps(plan, format=form), format=form)

        assert again.allocations == plan.allocations
        assert [a.precision for a in again.allocations] == [gbp("£100m")]

    def test_a_file_s_bad_precision_names_its_path(self) -> None:
        """A precision of £0 is no precision: refused at its path."""
        figure = {
            "year": "2024-25",
            "amount": "£5.3bn",
            "kind": "delegated",
            "precision": "£0",
            "source": "written answer",
        }

        with pytest.raises(ParseError, match=r"allocations\[0\]") as raised:
            io.loads(json.dumps({**_MINIMAL, "allocations": [figure]}), format="json")
        assert "precision" in str(raised.value)

    @pytest.mark.parametrize("precision", ["£0", "-£1m"])
    def test_a_precision_is_a_positive_amount(self, precision: str) -> None:
        """The unit of a last written digit is more than nothing."""
        with pytest.raises(InvalidValueError, match=r"^precision: expected a positive"):
            _share("£5.3bn", precision)

    def test_one_delegated_share_a_year(self) -> None:
        """Two delegated shares for one year: which? Refused, naming the second."""
        with pytest.raises(DuplicateCodeError, match=r"^allocations\[2\]\.kind"):
            adding(
                clean(),
                allocations=[_share("£12m", None), _share("£13m", None)],
            )

    def test_the_reference_table_gives_the_precision_it_writes(self) -> None:
        """The table's "5.3" £bn is to the £100m, its "14" £bn to the £1bn."""
        shares = {
            (str(f.year), f.amount): f.precision
            for f in reference.specialised_budgets()
            if f.kind is reference.BudgetFigureKind.DELEGATED_SHARE
        }

        assert shares[("2024-25", gbp("£5.3bn"))] == gbp("£100m")
        assert shares[("2025-26", gbp("£14bn"))] == gbp("£1bn")


class TestDelegatedShare:
    """
    Moved = the delegated share, within half the figure's stated precision.

    Source: issue #12 — "moved = the cited delegated share"; the written
    answer's "£5.3 billion" is a figure rounded to its last digit.
    """

    @pytest.mark.parametrize(
        ("moved", "matched"),
        [
            ("£12m", True),
            ("£12.5m", True),  # + half of £1m: still rounds to "£12m"
            ("£12,500,000.01", False),
            ("£11.5m", True),  # - half of £1m
            ("£11,499,999.99", False),
        ],
    )
    def test_a_rounded_figure_matches_within_half_its_precision(
        self, moved: str, matched: bool
    ) -> None:
        """A "£12m" written to the £1m: £11.5m to £12.5m match, ends included."""
        (year,) = summarise(_moving(moved, _share("£12m", "£1m")))
        share = year.delegated_share
        assert share is not None

        assert (share.moved, share.difference, share.tolerance, share.matched) == (
            gbp(moved),
            gbp(moved) - gbp("£12m"),
            gbp("£500,000"),
            matched,
        )

    def test_within_the_rounding_there_is_no_finding(self) -> None:
        """£12.5m moved against "£12m": the source's rounding, not a gap."""
        assert _cons(_moving("£12.5m", _share("£12m", "£1m"))) == []

    def test_beyond_the_rounding_is_a_warning_with_both_amounts(self) -> None:
        """A penny past half the precision: a warning naming both and the gap."""
        found = _cons(_moving("£12,500,000.01", _share("£12m", "£1m")))

        assert found == [
            (
                Severity.WARNING,
                (
                    "the money moved in 2024-25 (receivers' budgets under money-moving "
                    "arrangements) is £12,500,000.01, but the delegated share is "
                    "£12,000,000.00 (illustrative, to the nearest £1m): £500,000.01 more "
                    "moved than the source says, beyond the £500,000.00 its rounding "
                    "allows"
                ),
            )
        ]

    def test_an_exact_figure_matches_only_to_the_penny(self) -> None:
        """No precision: an account, and a penny short is an error."""
        (year,) = summarise(_moving("£11,999,999.99", _share("£12m", None)))
        found = _cons(_moving("£11,999,999.99", _share("£12m", None)))

        assert year.delegated_share is not None
        assert not year.delegated_share.matched
        assert found == [
            (
                Severity.ERROR,
                (
                    "the money moved in 2024-25 (receivers' budgets under money-moving "
                    "arrangements) is £11,999,999.99, but the delegated share is "
                    "£12,000,000.00 (illustrative): £0.01 less moved than the source "
                    "says"
                ),
            )
        ]

    def test_an_exact_figure_equal_to_what_moved_matches(self) -> None:
        """£12m moved, £12m delegated: nothing to report."""
        (year,) = summarise(_moving("£12m", _share("£12m", None)))

        assert year.delegated_share is not None
        assert year.delegated_share.matched
        assert _cons(_moving("£12m", _share("£12m", None))) == []

    def test_money_under_no_arrangement_is_not_delegated(self) -> None:
        """QHM's £3m is held under no arrangement: not counted as moved."""
        landscape = adding(
            _moving("£12m", _share("£12m", None)),
            budgets=[
                Budget(
                    holder="QHM",
                    year=YEAR,
                    lines=[BudgetLine(service="2", allocation=gbp("£3m"))],
                )
            ],
        )

        (year,) = summarise(landscape)

        assert year.delegated == gbp("£15m")
        assert year.delegated_share is not None
        assert year.delegated_share.moved == gbp("£12m")

    def test_without_a_share_there_is_none(self) -> None:
        """No figure of kind delegated: nothing to reconcile moved against."""
        (year,) = summarise(clean())

        assert year.delegated_share is None

    def test_no_allocation_stays_a_warning_that_names_the_match(self) -> None:
        """The national identity is still unknown: warned, with the share's match."""
        landscape = attrs.evolve(
            _moving("£12m", _share("£12m", "£1m")),
            allocations=[_share("£12m", "£1m")],
            budgets=[
                b
                for b in _moving("£12m", _share("£12m", "£1m")).budgets
                if b.holder != "X24"
            ],
        )

        found = _cons(landscape)

        assert found == [
            (
                Severity.WARNING,
                (
                    "2024-25 has money recorded (budgets of other bodies £12,000,000.00, "
                    "pooled £0.00) but no national allocation: it cannot be reconciled, "
                    "and what NHS England retains is unknown; only the money moved is "
                    "reconciled: it matches the delegated share £12,000,000.00 "
                    "(illustrative, to the nearest £1m)"
                ),
            )
        ]

    def test_no_allocation_and_a_gap_are_two_findings(self) -> None:
        """The share's gap is reported, and the year still cannot be reconciled."""
        landscape = attrs.evolve(
            _moving("£10m", _share("£12m", "£1m")),
            allocations=[_share("£12m", "£1m")],
        )

        found = _cons(landscape)

        assert [severity for severity, _ in found] == [Severity.WARNING] * 2
        assert "£2,000,000.00 less moved than the source says" in found[0][1]
        assert "cannot be reconciled" in found[1][1]
        assert "it matches the delegated share" not in found[1][1]


class TestTransfers:
    def test_each_transfer_is_beside_what_its_receiver_holds(self) -> None:
        """A1 transfers £12m to QE1, which holds £12m for service 1."""
        (year,) = summarise(clean())

        assert [
            (t.arrangement, t.receiver, t.transferred, t.held, t.matched)
            for t in year.transfers
        ] == [("A1", "QE1", gbp("£12m"), gbp("£12m"), True)]

    def test_a_transfer_that_is_not_held_does_not_match(self) -> None:
        """£120m said to move, £12m held: the issue's own example."""
        landscape = with_arrangement(clean(), budget_transferred={YEAR: gbp("£120m")})

        (transfer,) = summarise(landscape)[0].transfers

        assert (transfer.transferred, transfer.held, transfer.matched) == (
            gbp("£120m"),
            gbp("£12m"),
            False,
        )

    def test_where_england_keeps_the_money_there_is_no_transfer(self) -> None:
        """A joint committee moves nothing: no transfer to weigh."""
        landscape = with_arrangement(clean(), kind=ArrangementKind.JOINT_APPOINTMENT)

        assert summarise(landscape)[0].transfers == ()


class TestNeverMovesByYear:
    """
    High-cost drugs and devices never move, under ICB delegation only.

    Source: the written answer of May 2024 — the £5.3bn delegated to ICBs
    "excludes high-cost drugs and devices spend".
    """

    def test_a_year_with_an_icb_delegation_names_it(self) -> None:
        """2024-25: ICBs hold delegated money, and NHS England keeps the drugs."""
        (year,) = summarise(scenarios.england_2024_25())

        assert year.never_moves == (NEVER_MOVES,)

    @pytest.mark.parametrize("name", ["england_2013_14", "england_2019_20"])
    def test_a_year_without_one_does_not(self, name: str) -> None:
        """No ICB delegation before 2024 (2013-14 had no ICBs): nothing said."""
        years = summarise(scenarios.get(name).build())

        assert years
        assert [y.never_moves for y in years] == [()] * len(years)

    def test_an_ended_delegation_does_not_carry_it_on(self) -> None:
        """A1 ends on 31 March 2025: 2024-25 names it, 2025-26 does not."""
        later = FinancialYear(2025)
        landscape = adding(
            with_arrangement(
                clean(),
                period=Period(start=START, end=later.start - dt.timedelta(days=1)),
            ),
            allocations=[Allocation(year=later, amount=gbp("£1m"), source="x")],
            budgets=[
                Budget(
                    holder="X24",
                    year=later,
                    lines=[BudgetLine(service="2", allocation=gbp("£1m"))],
                )
            ],
        )

        assert [(str(y.year), y.never_moves) for y in summarise(landscape)] == [
            ("2024-25", (NEVER_MOVES,)),
            ("2025-26", ()),
        ]

    def test_text_puts_it_under_its_year_only(self) -> None:
        """2024-25's block has it; 2013-14's summary has it nowhere."""
        icb_era = run("summary", "england_2024_25").stdout
        before = run("summary", "england_2013_14").stdout
        block = icb_era.split("\n2024-25\n", 1)

        assert len(block) == 2
        assert (
            "Never moves: high-cost drugs and devices stay with NHS England "
            in (block[1])
        )
        assert "Never moves" not in block[0]
        assert "Never moves" not in before

    def test_json_puts_it_in_its_year(self) -> None:
        """`years[].never_moves`: a list, empty where it does not apply."""
        icb_era = json.loads(
            run("summary", "england_2024_25", "--format", "json").stdout
        )
        before = json.loads(
            run("summary", "england_2013_14", "--format", "json").stdout
        )

        (year,) = icb_era["years"]
        assert [(n["what"], n["under"]) for n in year["never_moves"]] == [
            ("high-cost drugs and devices", "icb-delegation")
        ]
        assert year["never_moves"][0]["source"][0]["url"] == NEVER_MOVES.source[0].url
        assert before["years"][0]["never_moves"] == []


class TestTheIcbEraReconciles:
    """
    2024-25 and 2025-26: no national allocation, but everything held accounted for.

    Source: the written answer (£5.3bn, 2024-25); NHS Confederation, 13 February
    2025 (about £14bn a year, 2025-26); both rows of
    specialised_budget_by_year.csv.
    """

    @pytest.mark.parametrize(
        ("name", "figure", "precision"),
        [
            ("england_2024_25", "£5.3bn", "£100m"),
            ("england_2025_26", "£14bn", "£1bn"),
        ],
    )
    def test_moved_matches_the_cited_share_and_every_transfer_its_budget(
        self, name: str, figure: str, precision: str
    ) -> None:
        """The share the table cites, at the precision it writes; each transfer held."""
        table = {
            (f.amount, f.sources[0].url)
            for f in reference.specialised_budgets()
            if f.kind is reference.BudgetFigureKind.DELEGATED_SHARE
        }
        (year,) = summarise(scenarios.get(name).build())
        share = year.delegated_share
        assert share is not None
        assert share.figure.citation is not None

        assert (share.figure.amount, share.figure.precision) == (
            gbp(figure),
            gbp(precision),
        )
        assert (share.figure.amount, share.figure.citation.url) in table
        assert share.matched
        assert share.moved == year.delegated
        assert year.transfers
        assert all(t.matched for t in year.transfers)

    @pytest.mark.parametrize("name", ["england_2024_25", "england_2025_26"])
    def test_check_warns_once_and_says_the_share_matches(self, name: str) -> None:
        """One SPC-CONS-001 warning: cannot be reconciled, but moved matches."""
        found = _cons(scenarios.get(name).build())

        assert [severity for severity, _ in found] == [Severity.WARNING]
        assert "it matches the delegated share" in found[0][1]

    def test_text_says_no_national_figure_and_the_share_matches(self) -> None:
        """Plainly: no national figure; the share, its rounding and the match."""
        stdout = run("summary", "england_2024_25").stdout

        assert (
            "  National allocation        unknown  no national figure recorded for "
            "the year" in stdout
        )
        assert "  Delegated share (cited)     £5.3bn  to the nearest £100m" in stdout
        assert "  Moved, against it           £5.3bn  matches (within £50m)" in stdout
        assert "  Transfers: 20 of 20 match what their receiver holds" in stdout
        assert "  delegated (against moved)  £5.3bn  " in stdout

    def test_json_gives_the_share_to_the_penny(self) -> None:
        """`delegated_share` and `transfers`, for machines."""
        data = json.loads(run("summary", "england_2025_26", "--format", "json").stdout)

        (year,) = data["years"]
        assert {k: v for k, v in year["delegated_share"].items() if k != "source"} == {
            "figure": "14000000000.00",
            "precision": "1000000000.00",
            "moved": "14000000000.00",
            "difference": "0.00",
            "tolerance": "500000000.00",
            "matched": True,
        }
        assert [
            (f["kind"], f["reconciled"], f["reconciled_against"])
            for f in year["figures"]
        ] == [("delegated", True, "moved")]
        plan = scenarios.england_2025_26()
        assert sorted(t["arrangement"] for t in year["transfers"]) == sorted(
            a.id
            for a in plan.arrangements
            if a.kind is ArrangementKind.ICB_DELEGATION
            and runs_in(a, FinancialYear(2025))
        )
        assert all(t["matched"] for t in year["transfers"])

    def test_json_share_is_null_without_one(self) -> None:
        """2013-14 records no delegated share."""
        data = json.loads(run("summary", "england_2013_14", "--format", "json").stdout)

        assert data["years"][0]["delegated_share"] is None
