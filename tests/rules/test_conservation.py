"""
Conservation.

Source: NHS England annual accounts; NAO, Specialised services (2016): the
2013-14 overspend of £377m.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from speccom_model import (
    Budget,
    BudgetLine,
    Contribution,
    Landscape,
    PooledBudget,
    Severity,
    check,
    format_money,
    gbp,
    summarise,
)
from tests.rules.builders import YEAR, adding, clean, service


def _budget(
    holder: str, service: str, allocation: str, outturn: str | None = None
) -> Budget:
    """A 2024-25 budget of one line."""
    line = BudgetLine(
        service=service,
        allocation=gbp(allocation),
        outturn=None if outturn is None else gbp(outturn),
    )
    return Budget(holder=holder, year=YEAR, lines=[line])


def with_budgets(*budgets: Budget) -> Landscape:
    return attrs.evolve(clean(), budgets=budgets)


class TestBalance:
    def test_a_penny_lost_is_an_error(self) -> None:
        """£100m allocated; £87,999,999.99 + £12m held."""
        landscape = with_budgets(
            _budget("X24", "2", "£87,999,999.99"),
            _budget("QE1", "1", "£12m"),
        )

        report = check(landscape)

        assert report.codes() == {"SPC-CONS-001"}
        assert "£0.01 unaccounted for" in report.findings[0].message

    def test_pooled_money_counts(self) -> None:
        """NHS England's £1m in a pool balances the books."""
        landscape = with_budgets(
            _budget("X24", "2", "£87m"),
            _budget("QE1", "1", "£12m"),
        )
        pool = PooledBudget(
            code="P1",
            year=YEAR,
            host="QHM",
            services={"2"},
            contributions=[
                Contribution(contributor="X24", amount=gbp("£1m")),
                Contribution(contributor="QHM", amount=gbp("£3m")),
            ],
        )

        assert check(adding(landscape, pooled_budgets=[pool])).findings == ()

    def test_more_than_allocated_is_an_error(self) -> None:
        """Money created."""
        landscape = with_budgets(
            _budget("X24", "2", "£90m"),
            _budget("QE1", "1", "£12m"),
        )

        (finding,) = check(landscape)

        assert "£2,000,000.00 more than allocated" in finding.message

    def test_without_budgets_retained_is_by_difference_not_silence(self) -> None:
        """
        No budget at all: NHS England retains the £100m by difference.

        The year is not skipped: the £12m the delegation says it moved is held
        by no budget, which SPC-MONEY-002 reports.
        """
        landscape = with_budgets()

        report = check(landscape)
        (year,) = summarise(landscape)

        assert year.retained is not None
        assert (year.retained_basis.value, format_money(year.retained)) == (
            "by-difference",
            "£100m",
        )
        assert year.unaccounted == gbp("£0")
        assert [(f.code, f.subject) for f in report] == [
            ("SPC-MONEY-002", "A1/2024-25")
        ]

    def test_a_year_with_money_but_no_allocation_says_so(self) -> None:
        """One warning, naming the money; summary's unaccounted is None, not £0."""
        landscape = attrs.evolve(
            with_budgets(_budget("QE1", "1", "£12m")), allocations=()
        )

        report = check(landscape)
        (year,) = summarise(landscape)

        assert (year.retained, year.unaccounted, year.reconciled) == (
            None,
            None,
            False,
        )
        assert [(f.code, f.severity, f.subject) for f in report] == [
            ("SPC-CONS-001", Severity.WARNING, "2024-25")
        ]
        assert "cannot be reconciled" in report.findings[0].message
        assert "£12,000,000.00" in report.findings[0].message

    def test_more_than_allocated_with_no_england_budget_is_an_error(self) -> None:
        """By difference never below zero: £112m held against £100m."""
        landscape = with_budgets(_budget("QE1", "1", "£112m"))
        landscape = attrs.evolve(
            landscape,
            arrangements=[
                attrs.evolve(
                    landscape.arrangements[0], budget_transferred={YEAR: gbp("£112m")}
                )
            ],
        )

        report = check(landscape)

        assert report.codes() == {"SPC-CONS-001"}
        assert "retained (by difference) £0.00" in report.findings[0].message
        assert "£12,000,000.00 more than allocated" in report.findings[0].message


class TestVariance:
    def test_an_overspend_is_a_warning_with_its_share(self) -> None:
        """The 2013-14 pattern."""
        landscape = with_budgets(
            _budget("X24", "2", "£88m", outturn="£90m"),
            _budget("QE1", "1", "£12m"),
        )

        report = check(landscape)

        assert [(f.code, f.severity, f.subject) for f in report] == [
            ("SPC-CONS-002", Severity.WARNING, "X24/2024-25")
        ]
        assert (
            report.findings[0].message
            == "X24 overspent by £2m in 2024-25 (2.3% of £88m)"
        )

    def test_an_underspend_is_information(self) -> None:
        """Underspends are reported too."""
        landscape = with_budgets(
            _budget("X24", "2", "£88m"),
            _budget("QE1", "1", "£12m", outturn="£11m"),
        )

        report = check(landscape)

        assert [(f.code, f.severity, f.message) for f in report] == [
            (
                "SPC-CONS-003",
                Severity.INFO,
                "QE1 underspent by £1m in 2024-25 (8.3% of £12m)",
            )
        ]


class TestVarianceMidYear:
    """
    Judged over the lines that have an outturn: "outturn for N of M lines".

    Source: issue #12 — one missing outturn hid a body's whole variance.
    """

    @staticmethod
    def _x24(first: str | None, second: str | None) -> Landscape:
        """NHS England's £88m as £80m of service 2 and £8m of service 1."""
        lines = [
            BudgetLine(
                service="2",
                allocation=gbp("£80m"),
                outturn=None if first is None else gbp(first),
            ),
            BudgetLine(
                service="1",
                allocation=gbp("£8m"),
                outturn=None if second is None else gbp(second),
            ),
        ]
        return with_budgets(
            Budget(holder="X24", year=YEAR, lines=lines),
            _budget("QE1", "1", "£12m"),
        )

    def test_an_overspend_on_the_reported_lines_says_for_how_many(self) -> None:
        """£82m spent of the £80m reported: 2.5%, for 1 of 2 lines."""
        report = check(self._x24("£82m", None))

        assert [(f.code, f.severity, f.subject, f.message) for f in report] == [
            (
                "SPC-CONS-002",
                Severity.WARNING,
                "X24/2024-25",
                (
                    "X24 overspent by £2m in 2024-25 "
                    "(2.5% of £80m; outturn for 1 of 2 lines)"
                ),
            )
        ]

    def test_an_underspend_on_the_reported_lines_says_for_how_many(self) -> None:
        """£78m spent of the £80m reported: information, for 1 of 2 lines."""
        report = check(self._x24("£78m", None))

        assert [(f.code, f.severity, f.message) for f in report] == [
            (
                "SPC-CONS-003",
                Severity.INFO,
                (
                    "X24 underspent by £2m in 2024-25 "
                    "(2.5% of £80m; outturn for 1 of 2 lines)"
                ),
            )
        ]

    def test_no_line_reported_is_no_finding(self) -> None:
        """Nothing reported, nothing judged."""
        assert check(self._x24(None, None)).findings == ()

    def test_reported_lines_on_budget_are_no_finding(self) -> None:
        """The boundary: £80m spent of £80m reported is neither over nor under."""
        assert check(self._x24("£80m", None)).findings == ()

    def test_every_line_reported_keeps_the_whole_budget_message(self) -> None:
        """All lines in: the share of the whole £88m, with no 'N of M'."""
        report = check(self._x24("£82m", "£8m"))

        assert [f.message for f in report] == [
            "X24 overspent by £2m in 2024-25 (2.3% of £88m)"
        ]

    def test_the_summary_shows_the_reported_lines(self) -> None:
        """BodyMoney carries the variance and how many lines it covers."""
        (year,) = summarise(self._x24("£82m", None))
        (x24,) = [b for b in year.bodies if b.code == "X24"]

        assert (
            x24.allocation,
            x24.reported_allocation,
            x24.outturn,
            x24.variance,
            x24.outturn_lines,
            x24.line_count,
        ) == (gbp("£88m"), gbp("£80m"), gbp("£82m"), gbp("£2m"), 1, 2)


class TestTotalsPastTheReadBound:
    """
    A plan that loads is checked and summarised, however large its sums.

    Source: issue #10 B1 — two lines of £900tn each loaded, round-tripped, and
    then made check() raise 'sum: expected an amount between ...'.
    """

    @staticmethod
    def _at_the_bound(count: int, outturn: str | None = None) -> Landscape:
        """X24 with ``count`` lines of £999,999,999,999,999.99, one per service."""
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        codes = [f"{100 + i % 900}{letters[i // 900]}" for i in range(count)]
        lines = [
            BudgetLine(
                service=code,
                allocation=gbp("£999,999,999,999,999.99"),
                outturn=None if outturn is None else gbp(outturn),
            )
            for code in codes
        ]
        landscape = clean()
        catalogue = attrs.evolve(
            landscape.catalogue,
            services=[*landscape.catalogue.services, *map(service, codes)],
        )
        return attrs.evolve(
            landscape,
            catalogue=catalogue,
            budgets=[Budget(holder="X24", year=YEAR, lines=lines)],
        )

    def test_two_lines_of_900_trillion_check_and_summarise(self) -> None:
        """The reported plan: each line within the bound, the sum past it."""
        line = BudgetLine(service="1", allocation=gbp("£900,000,000,000,000"))
        second = attrs.evolve(line, service="2")
        landscape = with_budgets(
            Budget(holder="X24", year=YEAR, lines=[line, second]),
            _budget("QE1", "1", "£12m"),
        )

        report = check(landscape)
        (year,) = summarise(landscape)

        assert year.retained is not None
        assert year.retained.pounds == Decimal("1800000000000000.00")
        assert format_money(year.retained) == "£1,800,000bn"
        assert [f.code for f in report] == ["SPC-CONS-001"]
        assert (
            "£1,800,000,000,000,000.00 + delegated £12,000,000.00"
            in report.findings[0].message
        )

    def test_many_lines_at_the_bound_check_and_summarise_exactly(self) -> None:
        """Two thousand lines of £999,999,999,999,999.99: exact to the penny."""
        landscape = self._at_the_bound(2_000, outturn="£999,999,999,999,999.99")
        allocation = landscape.allocations[0].amount

        report = check(landscape)
        (year,) = summarise(landscape)

        assert year.retained is not None
        assert year.unaccounted is not None
        assert year.retained.pence == 2_000 * (10**17 - 1)
        assert year.unaccounted.pence == allocation.pence - 2_000 * (10**17 - 1)
        assert [f.code for f in report if f.code.startswith("SPC-CONS")] == [
            "SPC-CONS-001"
        ]

    def test_an_overspend_past_the_bound_has_its_share(self) -> None:
        """The variance and its percentage are computed and written exactly."""
        landscape = self._at_the_bound(1_000, outturn="£999,999,999,999,999.99")
        (budget,) = landscape.budgets
        extra = BudgetLine(
            service="1",
            allocation=gbp("£10"),
            outturn=gbp("£999,999,999,999,999.99"),
        )
        overspent = attrs.evolve(budget, lines=[*budget.lines, extra])

        report = check(attrs.evolve(landscape, budgets=[overspent]))

        assert [f.message for f in report if f.code == "SPC-CONS-002"] == [
            "X24 overspent by £1,000,000bn in 2024-25 (0.1% of £1,000,000,000bn)"
        ]
