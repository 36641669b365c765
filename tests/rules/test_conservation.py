"""
Conservation.

Source: NHS England annual accounts; NAO, Specialised services (2016): the
2013-14 overspend of £377m.
"""

from __future__ import annotations

import attrs

from speccom_model import (
    Budget,
    BudgetLine,
    Contribution,
    Landscape,
    PooledBudget,
    Severity,
    check,
    gbp,
)
from tests.rules.builders import YEAR, adding, clean


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

    def test_without_budgets_the_rule_says_nothing(self) -> None:
        """Nothing to balance."""
        assert check(with_budgets()).findings == ()


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
