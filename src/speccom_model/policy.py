"""
The thresholds and dates that rules read, each with its source.

Figures live here, never as literals in rules: the joint-planning population
limit, the dates CCGs ended and ICBs began, the month and day delegations start
and notice falls due, which arrangement kinds are lawful when, which kinds of
body can hold a budget when, and the approval route of each era. Values that
changed over time are *dated* parameters (:class:`LegalWindow`,
:class:`ApprovalRoute`), so a check on 1 April 2019 and one on 1 April 2024
apply the law of each date.

:class:`Policy` is frozen; build another to ask "what if":

>>> import attrs
>>> from speccom_model import Policy, persons
>>> Policy().joint_planning_population_limit
Population(10000000)
>>> stricter = attrs.evolve(
...     Policy(), joint_planning_population_limit=persons(5_000_000)
... )
>>> stricter.joint_planning_population_limit
Population(5000000)
>>> Policy(ccg_last_day=dt.date(2022, 7, 1))
Traceback (most recent call last):
speccom_model.errors.InvalidValueError: ccg_last_day: expected the day before ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final, final

import attrs

from speccom_model._frozen import FrozenDict
from speccom_model._validators import (
    check_date,
    check_instance,
    check_text,
    check_tuple_of,
    to_tuple,
)
from speccom_model.errors import InvalidValueError
from speccom_model.units import Population

__all__ = ["DEFAULT_POLICY", "ApprovalRoute", "LegalWindow", "MonthDay", "Policy"]

_HCA_2022: Final = (
    "Health and Care Act 2022: CCGs abolished and ICBs established on 1 July 2022"
)
_S65Z5: Final = (
    "NHS Act 2006 s.65Z5 and s.65Z6 (inserted by the Health and Care Act 2022); "
    "SI 2022/642; in force 1 July 2022"
)


@final
@attrs.frozen(kw_only=True)
class LegalWindow:
    """
    A dated parameter: when something is lawful or possible, and who says so.

    The span is half-open, ``[start, end)``, with the statute or policy behind it.

    ``None`` for either end means unbounded on that side.

    >>> w = LegalWindow(start=dt.date(2022, 7, 1), source="s.65Z5")
    >>> w.contains(dt.date(2022, 6, 30)), w.contains(dt.date(2022, 7, 1))
    (False, True)
    """

    start: dt.date | None = None
    end: dt.date | None = None
    source: str

    def __attrs_post_init__(self) -> None:
        start, end = self.start, self.end
        if start is not None:
            check_date("start", start)
        if end is not None:
            check_date("end", end)
            if start is not None and end <= start:
                raise InvalidValueError("end", end, f"a date after the start {start}")
        check_instance("source", self.source, str, "text")

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the window."""
        return (self.start is None or self.start <= day) and (
            self.end is None or day < self.end
        )

    def describe(self) -> str:
        """
        The window in words, for messages.

        >>> LegalWindow(
        ...     start=dt.date(2013, 4, 1), end=dt.date(2022, 7, 1), source=""
        ... ).describe()
        'from 2013-04-01 to 2022-06-30'
        """
        if self.start is None and self.end is None:
            return "at any date"
        if self.end is None:
            return f"from {self.start}"
        last = self.end - dt.timedelta(days=1)
        if self.start is None:
            return f"until {last}"
        return f"from {self.start} to {last}"


@final
@attrs.frozen(kw_only=True)
class ApprovalRoute:
    """
    The approval stages, in order, for arrangements starting on or after a date.

    Stage names are :class:`~speccom_model.arrangement.ApprovalStage` values.

    >>> DEFAULT_POLICY.route_for(dt.date(2024, 4, 1)).stages
    ('pre-delegation-assessment', 'national-moderation-panel', 'nhs-england-board')
    """

    applies_from: dt.date
    stages: tuple[str, ...] = attrs.field(converter=to_tuple)
    source: str

    def __attrs_post_init__(self) -> None:
        check_date("applies_from", self.applies_from)
        stages = self.stages
        check_tuple_of("stages", stages, str, "stage names")
        for index, stage in enumerate(stages):
            check_text(f"stages[{index}]", stage)
        if not stages or len(set(stages)) != len(stages):
            raise InvalidValueError("stages", stages, "distinct stages, at least one")
        check_instance("source", self.source, str, "text")


@final
@attrs.frozen(order=True)
class MonthDay:
    """
    A day of the year, such as 1 April, for dates that recur every year.

    >>> MonthDay(4, 1).in_year(2024)
    datetime.date(2024, 4, 1)
    >>> MonthDay(2, 30)
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: month_day: expected a real day ...
    """

    month: int
    day: int

    def __attrs_post_init__(self) -> None:
        # Whole numbers, not bools (True is not January), making a real day of
        # a non-leap year (no 29 February).
        whole = type(self.month) is int and type(self.day) is int
        try:
            real = whole and bool(dt.date(2001, self.month, self.day))
        except ValueError:
            real = False
        if not real:
            raise InvalidValueError(
                "month_day", (self.month, self.day), "a real day of a non-leap year"
            )

    def in_year(self, year: int) -> dt.date:
        """This day in the given calendar year."""
        return dt.date(year, self.month, self.day)

    def matches(self, day: dt.date) -> bool:
        """Whether ``day`` is this day of the year."""
        return day.month == self.month and day.day == self.day

    def __str__(self) -> str:
        return f"{self.day} {dt.date(2001, self.month, 1):%B}"


def _default_arrangement_windows(policy: Policy) -> FrozenDict[str, LegalWindow]:
    # DOMAIN.md §4: the legal basis and the date each kind became lawful.
    april_2013 = dt.date(2013, 4, 1)
    return FrozenDict(
        {
            "co-commissioning": LegalWindow(
                start=dt.date(2014, 4, 1),
                source="NHS Act 2006 s.13Z(4): co-commissioning with CCGs, from 2014",
            ),
            "pooled-budget": LegalWindow(
                start=april_2013, source="NHS Act 2006 s.13V: pooled budgets"
            ),
            "joint-appointment": LegalWindow(
                start=april_2013, source="NHS Act 2006 s.13Z: joint appointments"
            ),
            "internal-delegation": LegalWindow(
                start=april_2013,
                source="NHS Act 2006 s.13Z: internal delegation of NHS England's "
                "functions",
            ),
            "devolved-arrangement": LegalWindow(
                start=dt.date(2016, 1, 28),
                source="NHS Act 2006 s.13ZA, inserted by the Cities and Local "
                "Government Devolution Act 2016",
            ),
            "lead-provider": LegalWindow(
                start=april_2013,
                source="NHS Standard Contract: lead provider (provider "
                "collaboratives from April 2020)",
            ),
            "alliance-contract": LegalWindow(
                start=april_2013, source="NHS Standard Contract: alliance contract"
            ),
            "icb-delegation": LegalWindow(
                start=policy.icb_delegation_from, source=_S65Z5
            ),
            "joint-committee": LegalWindow(
                start=policy.icb_delegation_from, source=_S65Z5
            ),
            # "wholesale-transfer" has no window: only ministers, by amending
            # Schedule 4 of SI 2012/2996, can move a service out of NHS England's
            # duty.
        }
    )


def _default_budget_windows(policy: Policy) -> FrozenDict[str, LegalWindow]:
    # DOMAIN.md §3: which kinds of body can hold a budget, and when. Kinds not
    # listed (regions, STPs, joint committees, provider collaboratives,
    # independent providers) never can.
    return FrozenDict(
        {
            "nhs-england": LegalWindow(
                start=dt.date(2012, 10, 1),
                source="Health and Social Care Act 2012: the NHS Commissioning Board, "
                "established 1 October 2012",
            ),
            "ccg": LegalWindow(
                start=dt.date(2013, 4, 1),
                end=policy.ccg_last_day + dt.timedelta(days=1),
                source=_HCA_2022,
            ),
            "icb": LegalWindow(start=policy.icbs_from, source=_HCA_2022),
            "nhs-trust": LegalWindow(
                source="NHS Standard Contract: an NHS lead provider holds the "
                "budget under contract"
            ),
            "combined-authority": LegalWindow(
                start=dt.date(2016, 1, 28),
                source="NHS Act 2006 s.13ZA: devolved arrangements, money as agreed",
            ),
        }
    )


def _default_routes() -> tuple[ApprovalRoute, ...]:
    return (
        ApprovalRoute(
            applies_from=dt.date(2019, 4, 1),
            stages=(
                "business-case",
                "regional-team",
                "national-panel",
                "board-committee",
            ),
            source="NHS England, annex to 2019/20 planning guidance: business case to "
            "the regional specialised commissioning team, national panel review, "
            "final approval by an NHS England board committee",
        ),
        ApprovalRoute(
            applies_from=dt.date(2023, 4, 1),
            stages=(
                "pre-delegation-assessment",
                "national-moderation-panel",
                "nhs-england-board",
            ),
            source="NHS England, Roadmap for integrating specialised services within "
            "ICSs (May 2022): Pre-Delegation Assessment Framework, National "
            "Moderation Panel, NHS England Board decision",
        ),
    )


#: The policy's date and source fields, each checked for its type.
_DATES: Final = (
    "ccg_last_day",
    "icbs_from",
    "icb_delegation_from",
    "statutory_factors_change",
)
_SOURCES: Final = (
    "population_limit_source",
    "statutory_factors_source",
    "timing_source",
)


def _window_table(value: Mapping[str, Any]) -> FrozenDict[str, LegalWindow]:
    """Converter: any mapping to a FrozenDict; anything else is left for a check."""
    given: object = value
    if isinstance(given, FrozenDict) or not isinstance(given, Mapping):
        return given  # type: ignore[return-value]
    return FrozenDict(value)


def _positive_population(
    _: object, attribute: attrs.Attribute[Population], value: Population
) -> None:
    if not isinstance(value, Population) or not value.persons:
        raise InvalidValueError(attribute.name, value, "a positive Population")


@final
@attrs.frozen(kw_only=True)
class Policy:
    """
    The thresholds, dates and dated parameters the rules read.

    Every field has the default the law and NHS England policy give (see
    DOMAIN.md); build another ``Policy`` (or ``attrs.evolve`` this one) to test a
    variation. Tables are keyed by the enum values of
    :class:`~speccom_model.arrangement.ArrangementKind` and
    :class:`~speccom_model.commissioner.CommissionerKind`.

    Source: NHS England 2019/20 planning guidance annex (10 million); Health and
    Care Act 2022 (1 July 2022); NHS Act 2006 s.3B(3), s.13V, s.13Z, s.13ZA,
    s.65Z5.

    >>> p = Policy()
    >>> str(p.delegation_start), str(p.notice_deadline)
    ('1 April', '30 September')
    >>> p.arrangement_windows["icb-delegation"].describe()
    'from 2022-07-01'
    """

    #: Services planned for populations strictly under this are suitable for
    #: joint planning and delegation.
    joint_planning_population_limit: Population = attrs.field(
        default=Population(10_000_000), validator=_positive_population
    )
    population_limit_source: str = (
        "NHS England, annex to 2019/20 planning guidance: services commissioned "
        "for populations of less than 10 million are the most suitable for joint "
        "planning"
    )
    #: The last day CCGs existed.
    ccg_last_day: dt.date = dt.date(2022, 6, 30)
    #: The first day of ICBs.
    icbs_from: dt.date = dt.date(2022, 7, 1)
    #: The first day NHS England could delegate to ICBs (s.65Z5).
    icb_delegation_from: dt.date = dt.date(2022, 7, 1)
    #: From this day ministers weigh three factors under s.3B(3), not four:
    #: the Health and Care Act 2022 repealed factor (d), the financial
    #: implications for CCGs.
    statutory_factors_change: dt.date = dt.date(2022, 7, 1)
    statutory_factors_source: str = (
        "NHS Act 2006 s.3B(3); factor (d) repealed by the Health and Care Act 2022"
    )
    #: Delegations start on this day of the year.
    delegation_start: MonthDay = MonthDay(4, 1)
    #: Notice to end a delegation at the next ``delegation_start`` is due by this day.
    notice_deadline: MonthDay = MonthDay(9, 30)
    timing_source: str = (
        "NHS England delegation agreement: delegations start on 1 April; notice to "
        "end one is due by 30 September for the following 1 April"
    )
    arrangement_windows: FrozenDict[str, LegalWindow] = attrs.field(
        default=attrs.Factory(_default_arrangement_windows, takes_self=True),
        converter=_window_table,
    )
    budget_windows: FrozenDict[str, LegalWindow] = attrs.field(
        default=attrs.Factory(_default_budget_windows, takes_self=True),
        converter=_window_table,
    )
    approval_routes: tuple[ApprovalRoute, ...] = attrs.field(
        default=attrs.Factory(_default_routes), converter=to_tuple
    )

    def __attrs_post_init__(self) -> None:
        for name in _DATES:
            check_date(name, getattr(self, name))
        for name in _SOURCES:
            check_instance(name, getattr(self, name), str, "text")
        for name in ("delegation_start", "notice_deadline"):
            check_instance(name, getattr(self, name), MonthDay, "a MonthDay")
        icbs_from = self.icbs_from
        if icbs_from != self.ccg_last_day + dt.timedelta(days=1):
            raise InvalidValueError(
                "ccg_last_day",
                self.ccg_last_day,
                f"the day before ICBs began ({icbs_from})",
            )

        for table in ("arrangement_windows", "budget_windows"):
            check_instance(table, getattr(self, table), FrozenDict, "a mapping")
            for key, window in getattr(self, table).items():
                if not isinstance(key, str) or not isinstance(window, LegalWindow):
                    raise InvalidValueError(
                        f"{table}[{key!r}]", window, "a LegalWindow keyed by kind"
                    )
        if not isinstance(self.approval_routes, tuple):
            raise InvalidValueError(
                "approval_routes", self.approval_routes, "a sequence of ApprovalRoute"
            )
        for index, route in enumerate(self.approval_routes):
            if not isinstance(route, ApprovalRoute):
                raise InvalidValueError(
                    f"approval_routes[{index}]", route, "an ApprovalRoute"
                )
        starts = [r.applies_from for r in self.approval_routes]
        if starts != sorted(set(starts)):
            raise InvalidValueError(
                "approval_routes", starts, "routes in order of distinct start dates"
            )

    def route_for(self, start: dt.date) -> ApprovalRoute | None:
        """
        The approval route for an arrangement starting on ``start``, if any.

        >>> Policy().route_for(dt.date(2018, 4, 1)) is None
        True
        """
        found = None
        for route in self.approval_routes:
            if route.applies_from <= start:
                found = route
        return found

    def factors_on(self, day: dt.date) -> int:
        """
        How many statutory factors ministers weigh under s.3B(3) on ``day``.

        >>> (
        ...     Policy().factors_on(dt.date(2022, 6, 30)),
        ...     Policy().factors_on(dt.date(2022, 7, 1)),
        ... )
        (4, 3)
        """
        return 4 if day < self.statutory_factors_change else 3

    def next_delegation_start(self, day: dt.date) -> dt.date:
        """
        The first delegation start day on or after ``day``.

        >>> Policy().next_delegation_start(dt.date(2024, 4, 2))
        datetime.date(2025, 4, 1)
        """
        this_year = self.delegation_start.in_year(day.year)
        return (
            this_year
            if this_year >= day
            else self.delegation_start.in_year(day.year + 1)
        )

    def notice_due(self, end: dt.date) -> dt.date:
        """
        The last day to give notice for an arrangement ending on ``end``.

        >>> Policy().notice_due(dt.date(2025, 4, 1))
        datetime.date(2024, 9, 30)
        """
        due = self.notice_deadline.in_year(end.year)
        return due if due < end else self.notice_deadline.in_year(end.year - 1)


#: The policy of the law and NHS England guidance as DOMAIN.md records them.
DEFAULT_POLICY: Final = Policy()
