"""
Money for specialised services: allocations, budgets, baselines and pools.

* :class:`Allocation` — a national specialised figure for a year, of an
  :class:`AllocationKind` (plan, allocation, forecast, outturn, delegated),
  with its source (e.g. £17.7bn for 2018-19). The ``allocation`` kind is
  reconciled against what bodies hold, the ``delegated`` kind against what
  moved; the others are shown beside them.
* :class:`Budget` — what one body holds in a year, in :class:`BudgetLine` s
  (allocation and, once known, outturn; ``variance`` is positive when
  overspent, and is over the lines that have an outturn: ``outturn_lines`` of
  ``len(lines)``). A line ``kept_by_nhs_england`` is money that never moves
  (high-cost drugs and devices under ICB delegation).
* :class:`Baseline` — what a service costs for one place in a year: the least
  that must move with the responsibility for it.
* :class:`PooledBudget` — a s.13V pool of :class:`Contribution` s.

>>> from speccom_model import Budget, BudgetLine, FinancialYear, gbp, format_money
>>> line = BudgetLine(service="2A", allocation=gbp("£13bn"), outturn=gbp("£13.377bn"))
>>> format_money(line.variance)
'£377m'
>>> BudgetLine(service="2A", allocation=gbp("-£5m"))
Traceback (most recent call last):
speccom_model.errors.InvalidValueError: allocation: expected a non-negative amount ...
"""

from __future__ import annotations

from enum import StrEnum
from typing import final

import attrs

from speccom_model._validators import (
    check_code,
    check_code_set,
    check_instance,
    check_line,
    check_text,
    check_tuple_of,
    to_frozenset,
    to_tuple,
)
from speccom_model.citation import Citation
from speccom_model.errors import DuplicateCodeError, InvalidValueError
from speccom_model.periods import FinancialYear
from speccom_model.units import Money, _sum_money

__all__ = [
    "Allocation",
    "AllocationKind",
    "Baseline",
    "Budget",
    "BudgetLine",
    "Contribution",
    "PooledBudget",
]


def _non_negative(field: str, value: object) -> Money:
    if type(value) is not Money or value.pounds < 0:
        raise InvalidValueError(field, value, "a non-negative amount in GBP (Money)")
    return value


def _year(value: object) -> FinancialYear:
    return check_instance("year", value, FinancialYear, "a FinancialYear")


class AllocationKind(StrEnum):
    """
    What a national figure for a year is, in the terms NHS finance uses.

    * ``plan`` — planned at or before the start of the year (a plan, or an
      allocation published years ahead as indicative).
    * ``allocation`` — the money set aside for the year: what the sources
      call its allocation or budget. **Only this kind is reconciled** against
      retained + moved + pooled (:func:`speccom_model.summarise`, SPC-CONS-001).
    * ``forecast`` — expected spend, during the year.
    * ``outturn`` — what was spent, after the year.
    * ``delegated`` — the value delegated to receivers that hold the money
      (ICBs under s.65Z5 delegation), as a source gives it: the part of the
      national budget that moved, not the national budget. It is reconciled
      against the money moved (:class:`speccom_model.summary.DelegatedShare`,
      SPC-CONS-001). A share "delegated" to joint committees, under which NHS
      England keeps the money, is not this kind: nothing moves.

    The reference table's kinds (:class:`speccom_model.reference.BudgetFigureKind`)
    map onto these: ``budget`` is an allocation; ``spend`` and ``expenditure``
    are outturns; ``delegated share`` is ``delegated``. An overspend is not a
    national figure.

    >>> [k.value for k in AllocationKind]
    ['plan', 'allocation', 'forecast', 'outturn', 'delegated']
    """

    PLAN = "plan"
    ALLOCATION = "allocation"
    FORECAST = "forecast"
    OUTTURN = "outturn"
    DELEGATED = "delegated"


@final
@attrs.frozen(kw_only=True)
class Allocation:
    """
    One national specialised figure for one year, of one kind, with its source.

    A landscape may hold several for a year (a plan, the allocation, a
    forecast and the outturn, which the sources give and which conflict), but
    not two of one kind for one year. ``source`` is the words the plan gives
    (as files have always written it); ``citation``, where given, is the
    document a user can open (title, section, https address). ``precision``
    is the unit of the last digit the source writes: £100m for "£5.3bn", £1bn
    for "about £14bn"; ``None`` (the default) means the figure is exact, to
    the penny. A figure compared with a sum of exact budgets matches when the
    sum is within half its precision (:class:`speccom_model.summary.DelegatedShare`).

    Args:
        year: The financial year.
        amount: The figure, in GBP.
        source: Where it comes from, in words.
        kind: What it is (an allocation unless said).
        citation: The public document it comes from, if given.
        precision: The unit of the figure's last written digit, if rounded.

    Raises:
        InvalidValueError: for a negative amount, empty source, a kind that
            is not an :class:`AllocationKind`, or a precision that is not a
            positive amount.

    >>> Allocation(year=FinancialYear(2018), amount=gbp("£17.7bn"), source="HSJ")
    Allocation(year=FinancialYear(2018), amount=Money('17700000000.00'), source='HSJ', kind=<AllocationKind.ALLOCATION: 'allocation'>, citation=None, precision=None)
    >>> Allocation(
    ...     year=FinancialYear(2024),
    ...     amount=gbp("£5.3bn"),
    ...     source="written answer",
    ...     precision=gbp("£0"),
    ... )
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: precision: expected a positive amount in GBP (Money), the unit of the figure's last written digit, got '£0.00'
    """

    year: FinancialYear
    amount: Money
    source: str
    kind: AllocationKind = AllocationKind.ALLOCATION
    citation: Citation | None = None
    precision: Money | None = None

    def __attrs_post_init__(self) -> None:
        _year(self.year)
        _non_negative("amount", self.amount)
        check_text("source", self.source)
        check_instance("kind", self.kind, AllocationKind, "an AllocationKind")
        if self.citation is not None:
            check_instance("citation", self.citation, Citation, "a Citation")
        if self.precision is not None and (
            type(self.precision) is not Money or self.precision.pounds <= 0
        ):
            raise InvalidValueError(
                "precision",
                self.precision,
                "a positive amount in GBP (Money), the unit of the figure's last "
                "written digit",
            )


@final
@attrs.frozen(kw_only=True)
class BudgetLine:
    """
    One service's money in a budget, optionally for one place.

    Args:
        service: The service's manual number.
        allocation: The money allocated.
        outturn: What was spent, once known.
        place: The place the line is for, if it is for one.
        kept_by_nhs_england: Money that never moves from NHS England: the
            high-cost drugs and devices of a delegated service (the shipped
            law file's ``kept_by_nhs_england``, with its citation). Only NHS
            England's own budget may hold such a line (SPC-MONEY-004).

    >>> BudgetLine(service="2A", allocation=gbp("£5m"), outturn=gbp("£4m")).variance
    Money('-1000000.00')
    """

    service: str
    allocation: Money
    outturn: Money | None = None
    place: str | None = None
    kept_by_nhs_england: bool = False

    def __attrs_post_init__(self) -> None:
        check_text("service", self.service)
        allocation, outturn = self.allocation, self.outturn
        if (
            type(allocation) is Money
            and allocation.pounds >= 0
            and outturn is None
            and self.place is None
            and self.kept_by_nhs_england is False
        ):
            return  # the common line: a service and its allocation
        _non_negative("allocation", allocation)
        if outturn is not None:
            _non_negative("outturn", outturn)
        if self.place is not None:
            check_text("place", self.place)
        if type(self.kept_by_nhs_england) is not bool:
            raise InvalidValueError(
                "kept_by_nhs_england", self.kept_by_nhs_england, "true or false"
            )

    @property
    def variance(self) -> Money | None:
        """Outturn less allocation: positive when overspent; ``None`` before outturn."""
        return None if self.outturn is None else self.outturn - self.allocation


@final
@attrs.frozen(kw_only=True)
class Budget:
    """
    The specialised budget one body holds for one financial year.

    Args:
        holder: The code of the body holding it.
        year: The financial year.
        lines: One line per service (and place); no (service, place) twice.
        source: Where the figures come from.

    >>> b = Budget(
    ...     holder="X24",
    ...     year=FinancialYear(2013),
    ...     lines=(
    ...         BudgetLine(
    ...             service="1", allocation=gbp("£6.5bn"), outturn=gbp("£6.6bn")
    ...         ),
    ...         BudgetLine(
    ...             service="2", allocation=gbp("£6.5bn"), outturn=gbp("£6.777bn")
    ...         ),
    ...     ),
    ... )
    >>> format_money(b.allocation), format_money(b.variance)
    ('£13bn', '£377m')
    """

    holder: str
    year: FinancialYear
    lines: tuple[BudgetLine, ...] = attrs.field(converter=to_tuple)
    source: str = ""

    def __attrs_post_init__(self) -> None:
        check_text("holder", self.holder)
        check_line("source", self.source)
        _year(self.year)
        check_tuple_of("lines", self.lines, BudgetLine, "BudgetLine")
        seen: set[tuple[str, str | None]] = set()
        for index, line in enumerate(self.lines):
            check_instance(f"lines[{index}]", line, BudgetLine, "a BudgetLine")
            key = (line.service, line.place)
            if key in seen:
                raise DuplicateCodeError(
                    f"lines[{index}]",
                    f"{line.service} @ {line.place}",
                    "one line per service and place",
                )
            seen.add(key)

    @property
    def allocation(self) -> Money:
        """The total allocated, over every line."""
        return _sum_money(line.allocation for line in self.lines)

    @property
    def kept_by_nhs_england(self) -> Money:
        """
        The allocation of the lines marked ``kept_by_nhs_england`` (GBP).

        >>> format_money(
        ...     Budget(
        ...         holder="X24",
        ...         year=FinancialYear(2024),
        ...         lines=[
        ...             BudgetLine(
        ...                 service="1",
        ...                 allocation=gbp("£2m"),
        ...                 kept_by_nhs_england=True,
        ...             ),
        ...             BudgetLine(service="2", allocation=gbp("£5m")),
        ...         ],
        ...     ).kept_by_nhs_england
        ... )
        '£2m'
        """
        return _sum_money(
            line.allocation for line in self.lines if line.kept_by_nhs_england
        )

    @property
    def outturn_lines(self) -> int:
        """
        How many lines have an outturn: the N of "outturn for N of M lines".

        M is ``len(lines)``. In the middle of a year some lines have one and
        some not; ``outturn``, ``reported_allocation`` and ``variance`` are
        over these N lines only.

        >>> Budget(
        ...     holder="X24",
        ...     year=FinancialYear(2024),
        ...     lines=[
        ...         BudgetLine(service="1", allocation=gbp("£1m"), outturn=gbp("£1m")),
        ...         BudgetLine(service="2", allocation=gbp("£1m")),
        ...     ],
        ... ).outturn_lines
        1
        """
        return sum(1 for line in self.lines if line.outturn is not None)

    @property
    def reported_allocation(self) -> Money:
        """
        The allocation of the lines that have an outturn (``Money`` in GBP).

        What ``variance`` measures the outturn against; it is ``allocation``
        once every line has an outturn, and zero while none has.

        >>> format_money(
        ...     Budget(
        ...         holder="X24",
        ...         year=FinancialYear(2024),
        ...         lines=[
        ...             BudgetLine(
        ...                 service="1", allocation=gbp("£2m"), outturn=gbp("£3m")
        ...             ),
        ...             BudgetLine(service="2", allocation=gbp("£5m")),
        ...         ],
        ...     ).reported_allocation
        ... )
        '£2m'
        """
        return _sum_money(
            line.allocation for line in self.lines if line.outturn is not None
        )

    @property
    def outturn(self) -> Money | None:
        """
        The total spent on the lines that have an outturn; ``None`` if none has.

        A line without an outturn is not counted, never taken as spending its
        allocation (or nothing): compare ``outturn_lines`` with ``len(lines)``
        to see how much of the budget it covers.

        >>> format_money(
        ...     Budget(
        ...         holder="X24",
        ...         year=FinancialYear(2024),
        ...         lines=[
        ...             BudgetLine(
        ...                 service="1", allocation=gbp("£2m"), outturn=gbp("£3m")
        ...             ),
        ...             BudgetLine(service="2", allocation=gbp("£5m")),
        ...         ],
        ...     ).outturn
        ... )
        '£3m'
        """
        spent = [line.outturn for line in self.lines if line.outturn is not None]
        return _sum_money(spent) if spent else None

    @property
    def variance(self) -> Money | None:
        """
        Outturn less ``reported_allocation``, over the lines that have an outturn.

        Positive when overspent; the sum of those lines' own ``variance``, to
        the penny; ``None`` only when no line has an outturn. A line still
        without one neither hides the others' variance nor counts in it.

        >>> b = Budget(
        ...     holder="X24",
        ...     year=FinancialYear(2024),
        ...     lines=[
        ...         BudgetLine(service="1", allocation=gbp("£2m"), outturn=gbp("£3m")),
        ...         BudgetLine(service="2", allocation=gbp("£5m")),
        ...     ],
        ... )
        >>> format_money(b.variance), f"outturn for {b.outturn_lines} of {len(b.lines)}"
        ('£1m', 'outturn for 1 of 2')
        """
        outturn = self.outturn
        return None if outturn is None else outturn - self.reported_allocation


@final
@attrs.frozen(kw_only=True)
class Baseline:
    """
    What a service costs for one place in one year.

    It is the least that must move with the responsibility for it: "we need the
    resources to shift with the responsibility" (NHS Clinical Commissioners, 2014).

    >>> Baseline(
    ...     service="2A", place="QE1", year=FinancialYear(2024), amount=gbp("£12m")
    ... ).amount
    Money('12000000.00')
    """

    service: str
    place: str
    year: FinancialYear
    amount: Money
    source: str = ""

    def __attrs_post_init__(self) -> None:
        check_text("service", self.service)
        check_text("place", self.place)
        check_line("source", self.source)
        _year(self.year)
        _non_negative("amount", self.amount)


@final
@attrs.frozen(kw_only=True)
class Contribution:
    """
    One body's contribution to a pooled budget.

    >>> Contribution(contributor="X24", amount=gbp("£20m")).amount
    Money('20000000.00')
    """

    contributor: str
    amount: Money

    def __attrs_post_init__(self) -> None:
        check_text("contributor", self.contributor)
        _non_negative("amount", self.amount)


@final
@attrs.frozen(kw_only=True)
class PooledBudget:
    """
    A pooled budget of NHS England and CCGs (or ICBs) for one year.

    Args:
        code: The pool's identifier.
        year: The financial year.
        host: The body hosting the pool.
        contributions: Who puts in what; one contribution per body.
        services: The services the pool pays for.

    Source: NHS Act 2006 s.13V.

    >>> pool = PooledBudget(
    ...     code="POOL-1",
    ...     year=FinancialYear(2019),
    ...     host="00C",
    ...     contributions=(
    ...         Contribution(contributor="X24", amount=gbp("£20m")),
    ...         Contribution(contributor="00C", amount=gbp("£5m")),
    ...     ),
    ...     services={"2A"},
    ... )
    >>> format_money(pool.total), format_money(pool.contributed_by("X24"))
    ('£25m', '£20m')
    """

    code: str
    year: FinancialYear
    host: str
    contributions: tuple[Contribution, ...] = attrs.field(converter=to_tuple)
    services: frozenset[str] = attrs.field(converter=to_frozenset)
    source: str = ""

    def __attrs_post_init__(self) -> None:
        check_code("code", self.code)
        _year(self.year)
        check_text("host", self.host)
        check_line("source", self.source)
        check_tuple_of(
            "contributions", self.contributions, Contribution, "Contribution"
        )
        check_code_set("services", self.services)
        seen: set[str] = set()
        for index, item in enumerate(self.contributions):
            check_instance(
                f"contributions[{index}]", item, Contribution, "a Contribution"
            )
            if item.contributor in seen:
                raise DuplicateCodeError(
                    f"contributions[{index}].contributor",
                    item.contributor,
                    "one contribution per body",
                )
            seen.add(item.contributor)
        if not self.contributions:
            raise InvalidValueError("contributions", (), "at least one contribution")

    @property
    def total(self) -> Money:
        """All contributions together."""
        return _sum_money(c.amount for c in self.contributions)

    def contributed_by(self, body: str) -> Money:
        """What ``body`` put in (nothing if it put in nothing)."""
        return _sum_money(c.amount for c in self.contributions if c.contributor == body)
