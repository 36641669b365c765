"""
Money that reconciles: several figures a year, retained by difference, moves by kind.

Source: issue #12 item 2 — "national allocation = retained + moved (by kind
of move) + pooled"; "a year may carry several figures, each with its kind and
citation, shown side by side"; "no year with money in it is skipped".
"""

from __future__ import annotations

import json

import attrs
import pytest

from speccom_model import (
    Allocation,
    AllocationKind,
    ArrangementKind,
    Budget,
    BudgetLine,
    DuplicateCodeError,
    InvalidValueError,
    RetainedBasis,
    gbp,
    io,
    scenarios,
    summarise,
)
from speccom_model.citation import Citation
from speccom_model.summary import NEVER_MOVES
from tests.rules.builders import YEAR, adding, clean, with_arrangement
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
            ("plan", "£12,700,000,000", False),
            ("allocation", "£13,000,000,000", True),
            ("forecast", "£13,200,000,000", False),
        ]
        assert year["figures"][0]["citation"]["url"] == HSJ.url
        assert (year["retained_basis"], year["unaccounted"], year["reconciled"]) == (
            "budget",
            "£0",
            True,
        )
        assert data["never_moves"]["what"] == "high-cost drugs and devices"
        assert data["never_moves"]["source"][0]["url"].startswith("https://")

    def test_json_unknown_is_null(self) -> None:
        """A year that cannot be reconciled: null, not "£0"."""
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
                "held": "£14,000,000,000",
                "transferred": "£14,000,000,000",
            }
        ]
