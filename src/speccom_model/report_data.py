"""
What a plan's HTML report shows: its findings, its money, its arrangements.

:func:`report_data` gathers, from one landscape, everything ``speccom report``
draws and tabulates, and decides which numbers go in which chart:

* the findings of :func:`~speccom_model.rules.check`, in the report's order;
* the money of each financial year (:func:`~speccom_model.summary.summarise`)
  as three parts, one bar each: retained by NHS England, delegated to other
  bodies, pooled by NHS England (:class:`MoneyPart`);
* the budget each body other than NHS England holds in each year
  (:class:`BodyBudget`);
* each arrangement as a bar in time, in a row for its receiver, the rows
  grouped by the NHS England region the receiver belongs to
  (:class:`TimelineBar`).

Money stays exact (:class:`~speccom_model.units.Money`): a chart may turn it
into a float to draw, a table shows it to the penny. Nothing here reads or
writes a file; ``speccom_model.io`` renders the HTML.

>>> from speccom_model import scenarios, format_money
>>> data = report_data(scenarios.england_2019_20())
>>> [(str(p.year), p.part, format_money(p.amount)) for p in data.money_parts][:3]
[('2019-20', 'retained', '£17.7bn'), ('2019-20', 'delegated', '£47m'), ('2019-20', 'pooled', '£0')]
>>> [(b.receiver, b.kind.value, b.group) for b in data.timeline]
[('SLP', 'lead-provider', 'Y56'), ('15F', 'pooled-budget', 'Y63'), ('X24', 'internal-delegation', '')]
>>> report_data("england_2019_20")
Traceback (most recent call last):
speccom_model.errors.InvalidValueError: landscape: expected a Landscape, got 'england_2019_20'
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final, final

import attrs

from speccom_model._validators import check_instance
from speccom_model.arrangement import ArrangementKind
from speccom_model.commissioner import CommissionerKind
from speccom_model.landscape import Landscape
from speccom_model.periods import FinancialYear
from speccom_model.policy import Policy
from speccom_model.rules import Report, check
from speccom_model.summary import YearMoney, summarise
from speccom_model.units import Money

if TYPE_CHECKING:
    from speccom_model.commissioner import Commissioner

__all__ = [
    "MONEY_PARTS",
    "NO_REGION",
    "BodyBudget",
    "MoneyPart",
    "ReportData",
    "TimelineBar",
    "body_budgets",
    "money_parts",
    "report_data",
    "timeline",
]

#: The parts of a year's money, in the order they stack, with their labels.
MONEY_PARTS: Final = {
    "retained": "Retained by NHS England",
    "delegated": "Delegated to other bodies",
    "pooled": "Pooled by NHS England (s.13V)",
}

#: The group of a receiver that belongs to no NHS England region (NHS England
#: itself, or a body whose plan names none).
NO_REGION: Final = "National, or no region recorded"


@final
@attrs.frozen(kw_only=True)
class MoneyPart:
    """
    One part of one year's money: retained, delegated or pooled.

    ``amount`` is ``None`` only for the retained part of a year in which it
    is not known (NHS England records no budget and the year no allocation:
    :attr:`RetainedBasis.UNKNOWN <speccom_model.summary.RetainedBasis>`);
    such a part is not drawn.

    >>> part = report_data(scenarios.england_2025_26()).money_parts[0]
    >>> part.part, part.label, part.amount
    ('retained', 'Retained by NHS England', None)
    """

    year: FinancialYear
    part: str
    label: str
    amount: Money | None


@final
@attrs.frozen(kw_only=True)
class BodyBudget:
    """
    The budget one body other than NHS England holds in one year.

    ``name`` and ``kind`` are the body's at the end of the year (an STP that
    became an ICB in the year held its budget as the ICB).

    >>> (body,) = report_data(scenarios.england_2019_20()).bodies
    >>> body.code, body.kind.value, format_money(body.allocation)
    ('RV5', 'nhs-trust', '£47m')
    """

    year: FinancialYear
    code: str
    name: str
    kind: CommissionerKind
    allocation: Money


@final
@attrs.frozen(kw_only=True)
class TimelineBar:
    """
    One arrangement drawn in time, in the row of its receiver.

    ``group`` is the code of the NHS England region the receiver belongs to
    (for a joint committee, the one region its members share), ``""`` for
    none (:data:`NO_REGION`); ``group_name`` names it. ``end`` is the first
    day the arrangement no longer runs, ``None`` when open-ended; such a bar
    is drawn to ``drawn_end``, the report's horizon. ``lane`` numbers the
    arrangements of one receiver from 0, so that bars which overlap in time
    are drawn side by side, not over each other.

    >>> bar = report_data(scenarios.england_2019_20()).timeline[0]
    >>> bar.arrangement, bar.start, bar.end, bar.drawn_end, bar.lane
    ('SL-mental-health-collaborative', datetime.date(2017, 4, 1), None, datetime.date(2021, 4, 1), 0)
    """

    arrangement: str
    kind: ArrangementKind
    receiver: str
    receiver_name: str
    group: str
    group_name: str
    start: dt.date
    end: dt.date | None
    drawn_end: dt.date
    lane: int
    services: int
    places: int


@final
@attrs.frozen(kw_only=True)
class ReportData:
    """
    Everything one plan's report shows, computed once.

    ``name`` is the plan's name; ``findings`` the report of
    :func:`~speccom_model.rules.check` under ``policy`` (judged ``on`` a day,
    or each arrangement by the law of its start when ``None``); ``money`` each
    year's :class:`~speccom_model.summary.YearMoney`, whose parts
    (``money_parts``) and bodies (``bodies``) the charts draw; ``timeline``
    the arrangements, drawn up to ``horizon`` (exclusive).

    >>> data = report_data(scenarios.england_2025_26())
    >>> len(data.findings.warnings), len(data.bodies), len(data.timeline)
    (28, 42, 69)
    >>> data.horizon
    datetime.date(2026, 4, 1)
    """

    name: str
    policy: Policy
    on: dt.date | None
    findings: Report
    money: tuple[YearMoney, ...]
    money_parts: tuple[MoneyPart, ...]
    bodies: tuple[BodyBudget, ...]
    timeline: tuple[TimelineBar, ...]
    horizon: dt.date


def money_parts(years: tuple[YearMoney, ...]) -> tuple[MoneyPart, ...]:
    """
    Each year's retained, delegated and pooled money, in year order.

    >>> from speccom_model.summary import summarise
    >>> parts = money_parts(summarise(scenarios.england_2013_14()))
    >>> [(p.part, format_money(p.amount)) for p in parts]
    [('retained', '£13bn'), ('delegated', '£0'), ('pooled', '£0')]
    """
    parts = []
    for year in years:
        amounts = {
            "retained": year.retained,
            "delegated": year.delegated,
            "pooled": year.pooled,
        }
        parts += [
            MoneyPart(year=year.year, part=part, label=label, amount=amounts[part])
            for part, label in MONEY_PARTS.items()
        ]
    return tuple(parts)


def body_budgets(
    landscape: Landscape, years: tuple[YearMoney, ...]
) -> tuple[BodyBudget, ...]:
    """
    The budget of every body but NHS England, by year, then by body code.

    NHS England's own budget is the retained part of :func:`money_parts`.

    >>> from speccom_model.summary import summarise
    >>> plan = scenarios.england_2013_14()
    >>> body_budgets(plan, summarise(plan))
    ()
    """
    england = landscape.nhs_england.code
    return tuple(
        BodyBudget(
            year=year.year,
            code=body.code,
            name=landscape.commissioner(body.code).name_on(year.year.end),
            kind=body.kind,
            allocation=body.allocation,
        )
        for year in years
        for body in year.bodies
        if body.code != england
    )


def _region(landscape: Landscape, body: Commissioner) -> str:
    """The region a body belongs to; for a group of bodies, the one they share."""
    if body.region is not None:
        return body.region
    shared = {
        member.region
        for code in body.members
        if (member := landscape.commissioner(code)).region is not None
    }
    return shared.pop() if len(shared) == 1 else ""


def _region_name(landscape: Landscape, code: str, on: dt.date) -> str:
    if not code:
        return NO_REGION
    if code in {c.code for c in landscape.commissioners}:
        return f"{landscape.commissioner(code).name_on(on)} ({code})"
    return code


def _horizon(landscape: Landscape, years: tuple[YearMoney, ...]) -> dt.date:
    """
    The first day after the report's last financial year.

    The last year is the latest of: the year of any money, the year any
    arrangement starts in, the year before any arrangement's end, and the year
    the catalogue took effect (for a plan with neither money nor arrangements).
    """
    days = [landscape.catalogue.effective, *(year.year.start for year in years)]
    for arrangement in landscape.arrangements:
        days.append(arrangement.period.start)
        if arrangement.period.end is not None:
            days.append(arrangement.period.end - dt.timedelta(days=1))
    last = FinancialYear.containing(max(days))
    return dt.date(last.start_year + 1, 4, 1)


def timeline(landscape: Landscape, horizon: dt.date) -> tuple[TimelineBar, ...]:
    """
    Every arrangement as a bar, ordered by group, receiver, start and id.

    Groups are the regions in code order, then :data:`NO_REGION` last.

    >>> plan = scenarios.england_2019_20()
    >>> [b.arrangement for b in timeline(plan, dt.date(2021, 4, 1))]
    ['SL-mental-health-collaborative', 'WY-pooled-budget', 'GM-internal-delegation']
    """
    rows = []
    for arrangement in landscape.arrangements:
        receiver = landscape.commissioner(arrangement.receiver)
        group = _region(landscape, receiver)
        rows.append((group or "~", receiver.code, arrangement, group))
    rows.sort(key=lambda r: (r[0], r[1], r[2].period.start, r[2].id))
    lanes: dict[str, int] = {}
    bars = []
    for _, code, arrangement, group in rows:
        lane = lanes.get(code, 0)
        lanes[code] = lane + 1
        start = arrangement.period.start
        end = arrangement.period.end
        bars.append(
            TimelineBar(
                arrangement=arrangement.id,
                kind=arrangement.kind,
                receiver=code,
                receiver_name=landscape.commissioner(code).name_on(start),
                group=group,
                group_name=_region_name(landscape, group, start),
                start=start,
                end=end,
                drawn_end=horizon if end is None else end,
                lane=lane,
                services=len(arrangement.services),
                places=len(arrangement.places),
            )
        )
    return tuple(bars)


def report_data(
    landscape: Landscape,
    *,
    policy: Policy | None = None,
    on: dt.date | None = None,
    name: str | None = None,
) -> ReportData:
    """
    What the report of ``landscape`` shows, judged by ``policy`` (the law).

    Args:
        landscape: The plan.
        policy: The policy its findings are judged by; the law in force when
            ``None``.
        on: Judge the plan as it stands that day; when ``None``, each
            arrangement by the law of its start date (as ``speccom check``).
        name: The plan's name in the report; the landscape's own by default.

    Returns:
        The findings, money and timeline, in the order the report shows them.

    Raises:
        InvalidValueError: for a landscape that is not a ``Landscape``.
    """
    check_instance("landscape", landscape, Landscape, "a Landscape")
    chosen = Policy() if policy is None else policy
    years = summarise(landscape)
    horizon = _horizon(landscape, years)
    return ReportData(
        name=landscape.name if name is None else name,
        policy=chosen,
        on=on,
        findings=check(landscape, policy=chosen, on=on),
        money=years,
        money_parts=money_parts(years),
        bodies=body_budgets(landscape, years),
        timeline=timeline(landscape, horizon),
        horizon=horizon,
    )
