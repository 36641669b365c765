"""
Properties of a budget's outturn and variance over the lines that have one.

Source: issue #12 — "variance over the lines that have an outturn, with
'outturn for N of M lines' rather than nothing".
"""

from __future__ import annotations

from hypothesis import event, given
from hypothesis import strategies as st

from speccom_model import Budget, BudgetLine, Money
from speccom_model.strategies import budgets


def _state(budget: Budget) -> str:
    if not budget.outturn_lines:
        return "no line reported"
    if budget.outturn_lines < len(budget.lines):
        return "some lines reported"
    return "every line reported"


@given(budgets(max_lines=8))
def test_variance_is_the_sum_over_reported_lines_exactly(budget: Budget) -> None:
    """The variance is the sum of (outturn - allocation) over reported lines."""
    event(_state(budget))
    reported = [line for line in budget.lines if line.outturn is not None]
    # Whole pence as Python ints: exact whatever the decimal context.
    expected = sum(
        line.outturn.pence - line.allocation.pence
        for line in reported
        if line.outturn is not None
    )

    assert budget.outturn_lines == len(reported)
    if reported:
        assert budget.variance == Money.from_pence(expected)
    else:
        assert budget.variance is None


@given(budgets(max_lines=8))
def test_outturn_and_variance_cover_the_same_lines(budget: Budget) -> None:
    """Outturn less reported allocation is the variance; both None only at N=0."""
    event(_state(budget))
    unreported = [line for line in budget.lines if line.outturn is None]
    rest = sum(line.allocation.pence for line in unreported)

    assert budget.reported_allocation.pence + rest == budget.allocation.pence
    assert (budget.outturn is None) == (budget.variance is None)
    assert (budget.variance is None) == (budget.outturn_lines == 0)
    if budget.outturn is not None:
        assert budget.outturn - budget.reported_allocation == budget.variance


@given(budgets(max_lines=8), st.data())
def test_a_line_without_outturn_changes_nothing_reported(
    budget: Budget, data: st.DataObject
) -> None:
    """Adding an unreported line leaves outturn and variance as they were."""
    taken = {line.service for line in budget.lines}
    extra = data.draw(
        st.integers(1, 500).map(str).filter(lambda code: code not in taken)
    )
    allocation = Money.from_pence(data.draw(st.integers(0, 10**11)))

    more = Budget(
        holder=budget.holder,
        year=budget.year,
        lines=[*budget.lines, BudgetLine(service=extra, allocation=allocation)],
    )

    assert (more.outturn, more.variance, more.outturn_lines, len(more.lines)) == (
        budget.outturn,
        budget.variance,
        budget.outturn_lines,
        len(budget.lines) + 1,
    )
