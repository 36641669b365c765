"""
Where the money is: per year, national allocation against what each body holds.

>>> from speccom_model import scenarios, summarise, format_money
>>> (year,) = summarise(scenarios.england_2013_14())
>>> str(year.year), format_money(year.retained), format_money(year.unaccounted)
('2013-14', '£13bn', '£0')
>>> [(b.code, format_money(b.variance)) for b in year.bodies]
[('X24', '£377m')]
"""

from __future__ import annotations

from typing import final

import attrs

from speccom_model._validators import check_instance
from speccom_model.commissioner import CommissionerKind
from speccom_model.landscape import Landscape
from speccom_model.periods import FinancialYear
from speccom_model.units import Money, _sum_money

__all__ = ["BodyMoney", "YearMoney", "summarise"]


@final
@attrs.frozen(kw_only=True)
class BodyMoney:
    """
    One body's budget in one year.

    ``allocation`` is over every line of the budget; ``outturn``,
    ``reported_allocation`` and ``variance`` are over the ``outturn_lines``
    lines (of ``line_count``) that have an outturn, as in
    :attr:`Budget.variance <speccom_model.budget.Budget.variance>`: "outturn
    for N of M lines". ``outturn`` and ``variance`` are ``None`` only when no
    line has an outturn.

    >>> body = summarise(scenarios.england_2013_14())[0].bodies[0]
    >>> body.code, format_money(body.variance), body.outturn_lines, body.line_count
    ('X24', '£377m', 143, 143)
    """

    code: str
    kind: CommissionerKind
    allocation: Money
    outturn: Money | None
    variance: Money | None
    reported_allocation: Money
    outturn_lines: int
    line_count: int


@final
@attrs.frozen(kw_only=True)
class YearMoney:
    """
    One year's money: allocation = retained + delegated + pooled + unaccounted.

    ``unaccounted`` is what the allocation holds that no budget or pool does
    (negative when budgets hold more than was allocated); ``None`` allocation
    means the landscape records none for the year.

    >>> summarise(scenarios.england_2013_14())[0].allocation
    Money('13000000000.00')
    """

    year: FinancialYear
    allocation: Money | None
    retained: Money
    delegated: Money
    pooled: Money
    bodies: tuple[BodyMoney, ...]

    @property
    def unaccounted(self) -> Money:
        """The allocation less everything held (zero when it balances)."""
        held = self.retained + self.delegated + self.pooled
        return (self.allocation or held) - held


def summarise(
    landscape: Landscape, year: FinancialYear | None = None
) -> tuple[YearMoney, ...]:
    """
    The money of every year the landscape mentions (or of one year), in order.

    Retained is NHS England's budget, delegated every other body's, pooled NHS
    England's contributions to pooled budgets.

    >>> [str(y.year) for y in summarise(scenarios.england_2019_20())]
    ['2019-20', '2020-21']
    """
    check_instance("landscape", landscape, Landscape, "a Landscape")
    if year is not None:
        check_instance("year", year, FinancialYear, "a FinancialYear")
    england = landscape.nhs_england.code
    years = landscape.years() if year is None else (year,)
    result = []
    for each in years:
        budgets = sorted(
            (b for b in landscape.budgets if b.year == each), key=lambda b: b.holder
        )
        allocation = landscape.allocation(each)
        result.append(
            YearMoney(
                year=each,
                allocation=None if allocation is None else allocation.amount,
                retained=_sum_money(
                    b.allocation for b in budgets if b.holder == england
                ),
                delegated=_sum_money(
                    b.allocation for b in budgets if b.holder != england
                ),
                pooled=landscape.pooled_total(each, contributor=england),
                bodies=tuple(
                    BodyMoney(
                        code=b.holder,
                        # Its kind at the year's end: an STP that became an
                        # ICB in the year held its budget as the ICB.
                        kind=landscape.commissioner(b.holder).kind_on(each.end),
                        allocation=b.allocation,
                        outturn=b.outturn,
                        variance=b.variance,
                        reported_allocation=b.reported_allocation,
                        outturn_lines=b.outturn_lines,
                        line_count=len(b.lines),
                    )
                    for b in budgets
                ),
            )
        )
    return tuple(result)
