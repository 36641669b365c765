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

    def test_outturn_needs_every_line(self) -> None:
        """A partial outturn is not an outturn."""
        budget = Budget(
            holder="X24",
            year=YEAR,
            lines=[
                BudgetLine(service="1", allocation=gbp("£1"), outturn=gbp("£1")),
                BudgetLine(service="2", allocation=gbp("£1")),
            ],
        )

        assert (budget.outturn, budget.variance) == (None, None)

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
