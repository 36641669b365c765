"""Allocations, budgets, baselines and pools."""

from __future__ import annotations

import pytest

from speccom_model import (
    Allocation,
    Baseline,
    Budget,
    BudgetLine,
    Contribution,
    DuplicateCodeError,
    FinancialYear,
    InvalidValueError,
    Money,
    PooledBudget,
    format_money,
    gbp,
)

YEAR = FinancialYear(2013)


class TestBudgetLine:
    def test_variance_is_positive_when_overspent(self) -> None:
        """Outturn above allocation is an overspend."""
        line = BudgetLine(
            service="1", allocation=gbp("£13bn"), outturn=gbp("£13.377bn")
        )

        assert line.variance == gbp("£377m")

    def test_variance_is_none_before_outturn(self) -> None:
        """No outturn, no variance."""
        assert BudgetLine(service="1", allocation=gbp("£1m")).variance is None

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("allocation", gbp("-£1")),
            ("allocation", 5),
            ("outturn", gbp("-£1")),
            ("service", ""),
            ("place", ""),
        ],
    )
    def test_fields_are_checked(self, field: str, value: object) -> None:
        """Negative or untyped money, empty codes: refused, naming the field."""
        fields: dict[str, object] = {
            "service": "1",
            "allocation": gbp("£1m"),
            field: value,
        }

        with pytest.raises(InvalidValueError, match=rf"^{field}"):
            BudgetLine(**fields)  # type: ignore[arg-type]


class TestBudget:
    def test_totals(self) -> None:
        """The 2013-14 figures: £13bn allocated, £377m over."""
        budget = Budget(
            holder="X24",
            year=YEAR,
            lines=[
                BudgetLine(
                    service="1", allocation=gbp("£6.5bn"), outturn=gbp("£6.6bn")
                ),
                BudgetLine(
                    service="2", allocation=gbp("£6.5bn"), outturn=gbp("£6.777bn")
                ),
            ],
        )

        assert (
            format_money(budget.allocation),
            format_money(budget.variance or Money.zero()),
        ) == ("£13bn", "£377m")

    @staticmethod
    def _mid_year(*outturns: str | None) -> Budget:
        """Lines of £10m, £20m, £30m ... with the given outturns (None: not yet)."""
        return Budget(
            holder="X24",
            year=YEAR,
            lines=[
                BudgetLine(
                    service=str(index + 1),
                    allocation=gbp(f"£{10 * (index + 1)}m"),
                    outturn=None if outturn is None else gbp(outturn),
                )
                for index, outturn in enumerate(outturns)
            ],
        )

    def test_no_line_reported_has_no_outturn_and_no_variance(self) -> None:
        """Before any outturn: nothing to measure, not a variance of zero."""
        budget = self._mid_year(None, None)

        assert (
            budget.outturn_lines,
            len(budget.lines),
            budget.reported_allocation,
            budget.outturn,
            budget.variance,
        ) == (0, 2, Money.zero(), None, None)

    def test_some_lines_reported_give_the_variance_of_those_lines(self) -> None:
        """£12m spent of line 1's £10m: £2m over, line 2's £20m not counted."""
        budget = self._mid_year("£12m", None)

        assert (
            budget.outturn_lines,
            len(budget.lines),
            budget.allocation,
            budget.reported_allocation,
            budget.outturn,
            budget.variance,
        ) == (1, 2, gbp("£30m"), gbp("£10m"), gbp("£12m"), gbp("£2m"))

    def test_a_missing_outturn_is_not_taken_as_nothing_spent(self) -> None:
        """Line 2 without outturn is no £20m underspend hiding line 1's overspend."""
        budget = self._mid_year("£12m", None, "£29m")

        assert (budget.outturn_lines, budget.variance) == (2, gbp("£1m"))

    def test_every_line_reported_gives_the_whole_variance(self) -> None:
        """Once every line has an outturn, it is over the whole allocation."""
        budget = self._mid_year("£12m", "£17m")

        assert (
            budget.outturn_lines,
            budget.reported_allocation,
            budget.outturn,
            budget.variance,
        ) == (2, budget.allocation, gbp("£29m"), gbp("-£1m"))

    def test_a_budget_of_no_lines_has_no_variance(self) -> None:
        """0 of 0 lines: nothing reported."""
        budget = self._mid_year()

        assert (budget.outturn_lines, budget.outturn, budget.variance) == (
            0,
            None,
            None,
        )

    def test_one_line_per_service_and_place(self) -> None:
        """Duplicate lines would double count."""
        with pytest.raises(DuplicateCodeError, match=r"lines\[1\]"):
            Budget(
                holder="X24",
                year=YEAR,
                lines=[
                    BudgetLine(service="1", allocation=gbp("£1"), place="QE1"),
                    BudgetLine(service="1", allocation=gbp("£2"), place="QE1"),
                ],
            )

    def test_lines_must_be_lines(self) -> None:
        """Amounts alone are not lines."""
        with pytest.raises(InvalidValueError, match=r"^lines\[0\]"):
            Budget(holder="X24", year=YEAR, lines=[gbp("£1")])

    def test_year_must_be_a_financial_year(self) -> None:
        """Text is parsed at the edge, not here."""
        with pytest.raises(InvalidValueError, match=r"^year"):
            Budget(holder="X24", year="2013-14", lines=[])  # type: ignore[arg-type]


class TestPooledBudget:
    def test_total_and_contributions(self) -> None:
        """A s.13V pool adds its contributions."""
        pool = PooledBudget(
            code="P1",
            year=YEAR,
            host="00C",
            services=["1"],
            contributions=[
                Contribution(contributor="X24", amount=gbp("£20m")),
                Contribution(contributor="00C", amount=gbp("£5m")),
            ],
        )

        assert (pool.total, pool.contributed_by("X24"), pool.contributed_by("QE1")) == (
            gbp("£25m"),
            gbp("£20m"),
            Money.zero(),
        )

    def test_one_contribution_per_body(self) -> None:
        """A body contributes once."""
        with pytest.raises(DuplicateCodeError):
            PooledBudget(
                code="P1",
                year=YEAR,
                host="00C",
                services=["1"],
                contributions=[
                    Contribution(contributor="X24", amount=gbp("£1")),
                    Contribution(contributor="X24", amount=gbp("£2")),
                ],
            )

    def test_a_pool_needs_a_contribution(self) -> None:
        """An empty pool is not a pool."""
        with pytest.raises(InvalidValueError, match="contributions"):
            PooledBudget(
                code="P1", year=YEAR, host="00C", services=["1"], contributions=[]
            )


class TestAllocationAndBaseline:
    def test_allocation_needs_a_source(self) -> None:
        """Every national figure says where it comes from."""
        with pytest.raises(InvalidValueError, match="source"):
            Allocation(year=YEAR, amount=gbp("£13bn"), source="")

    def test_baseline_is_non_negative(self) -> None:
        """A service cannot cost less than nothing."""
        with pytest.raises(InvalidValueError, match="amount"):
            Baseline(service="1", place="QE1", year=YEAR, amount=gbp("-£1"))
