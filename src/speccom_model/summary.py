"""
Where the money is: per year, national allocation against what each body holds.

Each year reconciles, to the penny::

    allocation = retained + moved + pooled + unaccounted

*retained* is what NHS England keeps (its own budget; or, when it records
none, the allocation less what moved and was pooled, labelled "by
difference"); *moved* is every other body's budget, broken down by the kind of
arrangement that moved it (:class:`MovedMoney`); *pooled* is NHS England's
contributions to s.13V pools. Only a figure of kind ``allocation`` is
reconciled so; plans, forecasts and outturns are shown beside it. A year with
no allocation recorded cannot be reconciled: ``unaccounted`` is ``None``,
never £0.

Two more checks hold whether or not the allocation is known: each transfer
against what its receiver holds (:class:`Transfer`), and the money moved
against a delegated share a source gives (:class:`DelegatedShare`), within
the figure's stated precision. What never moves (:data:`NEVER_MOVES`) is
named in each year in which an arrangement of the kind it is about runs.

>>> from speccom_model import scenarios, summarise, format_money
>>> (year,) = summarise(scenarios.england_2013_14())
>>> str(year.year), format_money(year.retained), format_money(year.unaccounted)
('2013-14', '£13bn', '£0')
>>> year.retained_basis.value
'budget'
>>> [(b.code, format_money(b.variance)) for b in year.bodies]
[('X24', '£377m')]
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final, final

import attrs

from speccom_model import _sources as src
from speccom_model._validators import check_instance
from speccom_model.arrangement import (
    ArrangementKind,
    DelegationArrangement,
    MoneyHolder,
)
from speccom_model.budget import Allocation, AllocationKind, Budget, BudgetLine
from speccom_model.citation import Sources
from speccom_model.commissioner import CommissionerKind
from speccom_model.landscape import Landscape
from speccom_model.periods import FinancialYear
from speccom_model.units import Money, _sum_money

__all__ = [
    "NEVER_MOVES",
    "BodyMoney",
    "DelegatedShare",
    "MovedMoney",
    "NeverMoves",
    "RetainedBasis",
    "Transfer",
    "YearMoney",
    "held_for",
    "holds_for",
    "lines_for",
    "money_moving",
    "never_moves_in",
    "recorded_by_pool_alone",
    "runs_in",
    "summarise",
]


@final
@attrs.frozen(kw_only=True)
class NeverMoves:
    """
    Money that stays with NHS England under a kind of arrangement, with its source.

    >>> NEVER_MOVES.what, NEVER_MOVES.under.value
    ('high-cost drugs and devices', 'icb-delegation')
    """

    what: str
    under: ArrangementKind
    source: Sources


#: What never moves: high-cost drugs and devices stay with NHS England under
#: ICB delegation ("This figure excludes high-cost drugs and devices spend",
#: of the £5.3bn delegated for 2024-25). A plan marks such money with
#: ``BudgetLine.kept_by_nhs_england``; SPC-MONEY-004 refuses it in any budget
#: but NHS England's. The same source is the 2024-25 delegated-share row of
#: ``specialised_budget_by_year.csv``.
NEVER_MOVES: Final = NeverMoves(
    what="high-cost drugs and devices",
    under=ArrangementKind.ICB_DELEGATION,
    source=(src.WRITTEN_ANSWER_2024_05_HCD,),
)


class RetainedBasis(StrEnum):
    """
    How a year's ``retained`` was found.

    * ``budget`` — NHS England's own budget for the year.
    * ``by-difference`` — NHS England records no budget: the allocation less
      what moved and what was pooled (never below zero).
    * ``unknown`` — NHS England records no budget and the year has no
      allocation: what it kept is not known (``retained`` is ``None``).

    >>> [b.value for b in RetainedBasis]
    ['budget', 'by-difference', 'unknown']
    """

    BUDGET = "budget"
    BY_DIFFERENCE = "by-difference"
    UNKNOWN = "unknown"


def runs_in(arrangement: DelegationArrangement, year: FinancialYear) -> bool:
    """
    Whether ``arrangement`` is in force in (part of) ``year``.

    An open-ended arrangement runs in every year from its first.

    >>> import datetime as dt
    >>> from speccom_model import DelegationArrangement, Period
    >>> a = DelegationArrangement(
    ...     id="A",
    ...     kind=ArrangementKind.ICB_DELEGATION,
    ...     receiver="QE1",
    ...     services={"2A"},
    ...     places={"QE1"},
    ...     period=Period(start=dt.date(2024, 4, 1)),
    ... )
    >>> runs_in(a, FinancialYear(2023)), runs_in(a, FinancialYear(2030))
    (False, True)
    """
    years = arrangement.period.financial_years()
    return year in years or (arrangement.period.end is None and year > years[0])


def money_moving(kind: ArrangementKind) -> bool:
    """
    Whether money moves to the receiver under ``kind`` (its money holder).

    Co-commissioning, joint committees, joint appointments and internal
    delegation move none: NHS England keeps the money. A pooled budget moves
    money into its pool.

    >>> money_moving(ArrangementKind.ICB_DELEGATION)
    True
    >>> money_moving(ArrangementKind.JOINT_COMMITTEE)
    False
    """
    return kind.money_holder is not MoneyHolder.NHS_ENGLAND


@final
@attrs.frozen(kw_only=True)
class MovedMoney:
    """
    The money moved in a year by one kind of arrangement.

    ``held`` is what the receivers' budgets hold for the services of
    arrangements of this kind (``kind`` ``None``: budget lines no money-moving
    arrangement in force accounts for); ``transferred`` is what those
    arrangements' ``budget_transferred`` says moved. SPC-MONEY-002 finds
    where the two differ.

    >>> (moved,) = summarise(scenarios.england_2024_25())[0].moved
    >>> moved.kind.value, format_money(moved.held), format_money(moved.transferred)
    ('icb-delegation', '£5.3bn', '£5.3bn')
    """

    kind: ArrangementKind | None
    held: Money
    transferred: Money


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
class Transfer:
    """
    One arrangement's transfer in a year, beside what holds its money.

    ``transferred`` is what its ``budget_transferred`` says moved; ``held``
    what the receiver's budget (or its lead's) holds for its services and
    places, or, for a pooled budget, NHS England's contribution to the pool
    it names (nothing when no budget or pool is recorded). SPC-MONEY-002
    reports each that does not match, with both amounts.

    >>> t = summarise(scenarios.england_2019_20())[0].transfers[0]
    >>> t.arrangement, format_money(t.transferred), format_money(t.held), t.matched
    ('SL-mental-health-collaborative', '£47m', '£47m', True)
    """

    arrangement: str
    kind: ArrangementKind
    receiver: str
    transferred: Money
    held: Money

    @property
    def matched(self) -> bool:
        """Whether what moved is what is held, to the penny."""
        return self.transferred == self.held


@final
@attrs.frozen(kw_only=True)
class DelegatedShare:
    """
    A year's money moved, against the delegated share a source gives.

    ``figure`` is the year's figure of kind ``delegated`` (the value
    delegated to receivers that hold the money, e.g. £5.3bn to 20 ICBs in
    2024-25); ``moved`` is what receivers' budgets hold under money-moving
    arrangements in force (the ``held`` of every :class:`MovedMoney` with a
    kind; pools and money under no arrangement are not delegated).

    The tolerance rule: a source writes a figure rounded ("£5.3bn" is to the
    £100m: ``figure.precision``), while ``moved`` is a sum of exact budget
    lines. They match when ``moved`` is within half the precision of the
    figure, both ends included (£5.25bn to £5.35bn for "£5.3bn"): a sum that
    rounds to the figure at its written precision. A figure with no precision
    is exact and matches only to the penny.

    >>> share = summarise(scenarios.england_2024_25())[0].delegated_share
    >>> format_money(share.figure.amount), format_money(share.moved), share.matched
    ('£5.3bn', '£5.3bn', True)
    >>> format_money(share.tolerance)
    '£50m'
    """

    figure: Allocation
    moved: Money

    @property
    def difference(self) -> Money:
        """Moved less the figure: positive when more moved than the source says."""
        return self.moved - self.figure.amount

    @property
    def tolerance(self) -> Money:
        """
        Half the figure's precision (£0 for an exact figure), to the penny.

        For show: :attr:`matched` compares twice the gap with the precision,
        so half a penny is never rounded away.
        """
        precision = self.figure.precision
        return Money.zero() if precision is None else precision / 2

    @property
    def matched(self) -> bool:
        """Whether ``moved`` is within ``tolerance`` of the figure, ends included."""
        precision = self.figure.precision
        gap = abs(self.difference)
        if precision is None:
            return not gap
        # Doubled rather than halved: half a precision of odd pence is exact.
        return gap * 2 <= precision


@final
@attrs.frozen(kw_only=True)
class YearMoney:
    """
    One year's money: allocation = retained + delegated + pooled + unaccounted.

    ``figures`` are every national figure recorded for the year (plan,
    allocation, forecast, outturn), side by side; ``allocation`` is the one of
    kind ``allocation`` (``None`` when none is recorded: the year cannot be
    reconciled, and ``unaccounted`` is ``None``). ``delegated`` is every other
    body's budget, ``moved`` the same money by kind of arrangement;
    ``retained`` is ``None`` only when ``retained_basis`` is ``unknown``.
    ``kept_by_nhs_england`` is the part of NHS England's own budget marked as
    money that never moves (:data:`NEVER_MOVES`); ``never_moves`` is what
    never moves under the kinds of arrangement in force in the year (empty
    in a year with none of them). ``transfers`` is each money-moving
    arrangement's transfer beside what its receiver holds;
    ``delegated_share`` is the money moved against the year's figure of kind
    ``delegated`` (``None`` when none is recorded).

    >>> y = summarise(scenarios.england_2013_14())[0]
    >>> format_money(y.allocation), [f.kind.value for f in y.figures]
    ('£13bn', ['plan', 'allocation', 'forecast'])
    >>> y.never_moves, y.delegated_share
    ((), None)
    """

    year: FinancialYear
    figures: tuple[Allocation, ...]
    allocation: Money | None
    retained: Money | None
    retained_basis: RetainedBasis
    delegated: Money
    moved: tuple[MovedMoney, ...]
    pooled: Money
    kept_by_nhs_england: Money
    bodies: tuple[BodyMoney, ...]
    transfers: tuple[Transfer, ...] = ()
    delegated_share: DelegatedShare | None = None
    never_moves: tuple[NeverMoves, ...] = ()

    @property
    def unaccounted(self) -> Money | None:
        """
        The allocation less everything held; ``None`` when it cannot be known.

        Zero when the year balances; negative when bodies hold more than was
        allocated; ``None`` when no allocation is recorded for the year.
        """
        if self.allocation is None or self.retained is None:
            return None
        return self.allocation - (self.retained + self.delegated + self.pooled)

    @property
    def reconciled(self) -> bool:
        """Whether the year has an allocation and nothing is unaccounted for."""
        unaccounted = self.unaccounted
        return unaccounted is not None and not unaccounted


def holds_for(
    landscape: Landscape, arrangement: DelegationArrangement, year: FinancialYear
) -> Budget | None:
    """
    The budget that holds an arrangement's money in ``year``, if any.

    The receiver's own; else, for a receiver with a lead (a provider
    collaborative led by a trust), the lead's.

    >>> plan = scenarios.england_2019_20()
    >>> lead = plan.arrangement("SL-mental-health-collaborative")
    >>> holds_for(plan, lead, FinancialYear(2019)).holder
    'RV5'
    """
    budget = landscape.budget(arrangement.receiver, year)
    if budget is not None:
        return budget
    lead = landscape.commissioner(arrangement.receiver).lead
    return None if lead is None else landscape.budget(lead, year)


def lines_for(
    arrangement: DelegationArrangement, budget: Budget
) -> tuple[BudgetLine, ...]:
    """
    The lines of ``budget`` for the arrangement's services and places.

    A line for no place counts; a line for a place the arrangement does not
    cover does not.

    >>> plan = scenarios.england_2019_20()
    >>> lead = plan.arrangement("SL-mental-health-collaborative")
    >>> budget = holds_for(plan, lead, FinancialYear(2019))
    >>> len(lines_for(lead, budget))
    3
    """
    return tuple(
        line
        for line in budget.lines
        if line.service in arrangement.services
        and (line.place is None or line.place in arrangement.places)
    )


def _moved(
    landscape: Landscape, year: FinancialYear, budgets: list[Budget], england: str
) -> tuple[MovedMoney, ...]:
    movers = sorted(
        (
            a
            for a in landscape.arrangements
            if money_moving(a.kind)
            and a.kind is not ArrangementKind.POOLED_BUDGET
            and runs_in(a, year)
        ),
        key=lambda a: a.id,
    )
    held: dict[ArrangementKind | None, list[Money]] = {}
    moved: dict[ArrangementKind | None, list[Money]] = {}
    for arrangement in movers:
        moved.setdefault(arrangement.kind, []).append(arrangement.transferred(year))
    claimed: set[tuple[str, str, str | None]] = set()
    for arrangement in movers:
        budget = holds_for(landscape, arrangement, year)
        if budget is None or budget.holder == england:
            continue
        for line in lines_for(arrangement, budget):
            key = (budget.holder, line.service, line.place)
            if key not in claimed:
                claimed.add(key)
                held.setdefault(arrangement.kind, []).append(line.allocation)
    for budget in budgets:
        if budget.holder == england:
            continue
        for line in budget.lines:
            if (budget.holder, line.service, line.place) not in claimed:
                held.setdefault(None, []).append(line.allocation)
    kinds = sorted(set(held) | set(moved), key=lambda k: "~" if k is None else k.value)
    return tuple(
        MovedMoney(
            kind=kind,
            held=_sum_money(held.get(kind, ())),
            transferred=_sum_money(moved.get(kind, ())),
        )
        for kind in kinds
    )


def recorded_by_pool_alone(arrangement: DelegationArrangement) -> bool:
    """
    Whether an arrangement's money is recorded by its pool's contributions alone.

    A pooled budget that records no ``budget_transferred``: what moved is NHS
    England's contribution to the pool, and there is no transfer to weigh.
    """
    return (
        arrangement.kind is ArrangementKind.POOLED_BUDGET
        and not arrangement.budget_transferred
    )


def held_for(
    landscape: Landscape, arrangement: DelegationArrangement, year: FinancialYear
) -> tuple[Money, str]:
    """
    What holds an arrangement's money in ``year``, and where, in words.

    The receiver's (or its lead's) budget lines for its services and places;
    for a pooled budget, NHS England's contribution to the pool it names;
    nothing when no budget or pool for the year is recorded.

    >>> plan = scenarios.england_2019_20()
    >>> lead = plan.arrangement("SL-mental-health-collaborative")
    >>> amount, where = held_for(plan, lead, FinancialYear(2019))
    >>> format_money(amount), where
    ('£47m', "RV5's budget lines for its services (3 lines)")
    """
    if arrangement.kind is ArrangementKind.POOLED_BUDGET:
        code = arrangement.pooled_budget
        if code is None:
            return Money.zero(), "no pool named"
        pool = landscape.pooled_budget(code)
        if pool.year != year:
            return Money.zero(), f"pool {code} (for {pool.year}, not {year})"
        england = landscape.nhs_england.code
        return pool.contributed_by(england), f"NHS England's contribution to {code}"
    budget = holds_for(landscape, arrangement, year)
    if budget is None:
        return Money.zero(), f"no budget of {arrangement.receiver} in {year}"
    lines = lines_for(arrangement, budget)
    plural = "" if len(lines) == 1 else "s"
    words = (
        f"{budget.holder}'s budget lines for its services ({len(lines)} line{plural})"
    )
    return _sum_money(line.allocation for line in lines), words


def _transfers(landscape: Landscape, year: FinancialYear) -> tuple[Transfer, ...]:
    return tuple(
        Transfer(
            arrangement=arrangement.id,
            kind=arrangement.kind,
            receiver=arrangement.receiver,
            transferred=arrangement.transferred(year),
            held=held_for(landscape, arrangement, year)[0],
        )
        for arrangement in sorted(landscape.arrangements, key=lambda a: a.id)
        if money_moving(arrangement.kind)
        and runs_in(arrangement, year)
        and not recorded_by_pool_alone(arrangement)
    )


def never_moves_in(landscape: Landscape, year: FinancialYear) -> tuple[NeverMoves, ...]:
    """
    What never moves in ``year``: each :class:`NeverMoves` whose kind runs then.

    :data:`NEVER_MOVES` is about ICB delegation (its source speaks of the
    money delegated to ICBs), so it applies in a year in which an ICB
    delegation is in force, and in no other: not in 2013-14, nor under joint
    committees alone, nor under an ICB direction (s.13YB), of whose money the
    source says nothing.

    >>> plan = scenarios.england_2024_25()
    >>> [n.what for n in never_moves_in(plan, FinancialYear(2024))]
    ['high-cost drugs and devices']
    >>> never_moves_in(scenarios.england_2013_14(), FinancialYear(2013))
    ()
    """
    return tuple(
        never
        for never in (NEVER_MOVES,)
        if any(
            a.kind is never.under and runs_in(a, year) for a in landscape.arrangements
        )
    )


def summarise(
    landscape: Landscape, year: FinancialYear | None = None
) -> tuple[YearMoney, ...]:
    """
    The money of every year the landscape mentions (or of one year), in order.

    Retained is NHS England's budget (or, when it has none, the allocation
    by difference), delegated every other body's, pooled NHS England's
    contributions to pooled budgets.

    Raises:
        InvalidValueError: for a landscape or year of the wrong type.

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
        found = landscape.allocation(each)
        allocation = None if found is None else found.amount
        own = landscape.budget(england, each)
        delegated = _sum_money(b.allocation for b in budgets if b.holder != england)
        pooled = landscape.pooled_total(each, contributor=england)
        moved = _moved(landscape, each, budgets, england)
        share = landscape.figure(each, AllocationKind.DELEGATED)
        retained: Money | None
        if own is not None:
            retained, basis = own.allocation, RetainedBasis.BUDGET
        elif allocation is not None:
            rest = allocation - delegated - pooled
            retained = rest if rest.pounds > 0 else Money.zero()
            basis = RetainedBasis.BY_DIFFERENCE
        else:
            retained, basis = None, RetainedBasis.UNKNOWN
        result.append(
            YearMoney(
                year=each,
                figures=landscape.figures(each),
                allocation=allocation,
                retained=retained,
                retained_basis=basis,
                delegated=delegated,
                moved=moved,
                pooled=pooled,
                kept_by_nhs_england=(
                    Money.zero() if own is None else own.kept_by_nhs_england
                ),
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
                transfers=_transfers(landscape, each),
                delegated_share=(
                    None
                    if share is None
                    else DelegatedShare(
                        figure=share,
                        moved=_sum_money(m.held for m in moved if m.kind is not None),
                    )
                ),
                never_moves=never_moves_in(landscape, each),
            )
        )
    return tuple(result)
