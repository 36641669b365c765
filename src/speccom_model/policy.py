"""
The thresholds and dates that rules read, each with its sources, from the law file.

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
import difflib
import functools
from collections.abc import Mapping
from typing import Any, Final, final

import attrs

from speccom_model._frozen import FrozenDict
from speccom_model._law import (
    LAW_FILE,
    LAW_NAME,
    law_table,
    law_text,
    policy_file,
    policy_names,
    policy_table,
)
from speccom_model._validators import (
    check_date,
    check_instance,
    check_text,
    check_tuple_of,
    to_tuple,
)
from speccom_model.citation import Citation, Sources, check_sources, to_sources
from speccom_model.errors import (
    InvalidValueError,
    ParseError,
    SpeccomError,
    UnknownReferenceError,
)
from speccom_model.units import Population

__all__ = [
    "DEFAULT_POLICY",
    "ApprovalRoute",
    "BillProvision",
    "Citation",
    "LegalWindow",
    "MonthDay",
    "Policy",
    "laid_over_law",
    "law_text",
    "policies",
]


@final
@attrs.frozen(kw_only=True)
class LegalWindow:
    """
    A dated parameter: when something is lawful or possible, and who says so.

    The span is half-open, ``[start, end)``, with the statute or policy behind it.

    ``None`` for either end means unbounded on that side.

    >>> from speccom_model._sources import NHS_ACT_65Z5
    >>> w = LegalWindow(start=dt.date(2022, 7, 1), source=NHS_ACT_65Z5)
    >>> w.contains(dt.date(2022, 6, 30)), w.contains(dt.date(2022, 7, 1))
    (False, True)
    """

    start: dt.date | None = None
    end: dt.date | None = None
    source: Sources = attrs.field(converter=to_sources)

    def __attrs_post_init__(self) -> None:
        start, end = self.start, self.end
        if start is not None:
            check_date("start", start)
        if end is not None:
            check_date("end", end)
            if start is not None and end <= start:
                raise InvalidValueError("end", end, f"a date after the start {start}")
        check_sources("source", self.source)

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the window."""
        return (self.start is None or self.start <= day) and (
            self.end is None or day < self.end
        )

    def describe(self) -> str:
        """
        The window in words, for messages.

        >>> from speccom_model._sources import HCA_2022
        >>> LegalWindow(
        ...     start=dt.date(2013, 4, 1), end=dt.date(2022, 7, 1), source=HCA_2022
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
    source: Sources = attrs.field(converter=to_sources)

    def __attrs_post_init__(self) -> None:
        check_date("applies_from", self.applies_from)
        stages = self.stages
        check_tuple_of("stages", stages, str, "stage names")
        for index, stage in enumerate(stages):
            check_text(f"stages[{index}]", stage)
        if not stages or len(set(stages)) != len(stages):
            raise InvalidValueError("stages", stages, "distinct stages, at least one")
        check_sources("source", self.source)


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
        except (ValueError, OverflowError):  # OverflowError: past a C long
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


#: A policy's status: the law in force, or a bill (proposed law, not in force).
STATUSES: Final = ("law", "bill")


def _optional_date(field: str, value: object) -> None:
    if value is not None:
        check_date(field, value)


def _check_affects(affects: tuple[str, ...]) -> None:
    """Each an arrangement kind's value: a misspelt kind would reach nothing."""
    # Imported here: the arrangement module imports this one (through bodies).
    from speccom_model.arrangement import ArrangementKind  # noqa: PLC0415

    kinds = [k.value for k in ArrangementKind]
    for index, kind in enumerate(affects):
        if kind not in kinds:
            close = difflib.get_close_matches(kind, kinds, 1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InvalidValueError(
                f"affects[{index}]",
                kind,
                f"an arrangement kind: one of {', '.join(kinds)}{hint}",
            )


@final
@attrs.frozen(kw_only=True)
class BillProvision:
    """
    A change a bill would make to the law, and when it would take effect.

    Only a policy whose ``status`` is ``"bill"`` holds these. Where the bill
    does not fix the day (commencement by regulations), ``commencement`` is
    ``None`` and ``commencement_note`` says how the day would be set: rules
    then report that they cannot judge an affected arrangement from
    ``not_before`` (the earliest day it could take effect, as read) on, rather
    than guess a date.

    Args:
        provision: The clause or schedule, e.g. ``clause 1 and Schedule 11``.
        effect: What it would do, in words.
        commencement: The day it would take effect, if the bill fixes one.
        commencement_note: How the day is set (always given).
        not_before: The earliest day it could take effect, as far as read.
        affects: The arrangement kinds (``"icb-delegation"``...) whose legal
            basis it would change.
        source: Where it was read.

    Raises:
        InvalidValueError: for empty text, a bad date, a ``commencement``
            before ``not_before``, an ``affects`` that is not an arrangement
            kind's value, or no citation.

    Source: the bill's text or a briefing on it, cited in ``source``.

    >>> from speccom_model._sources import HEALTH_BILL_2026
    >>> change = BillProvision(
    ...     provision="clause 1",
    ...     effect="abolish NHS England",
    ...     commencement_note="by regulations",
    ...     source=HEALTH_BILL_2026,
    ... )
    >>> change.commencement is None, change.starts_by(dt.date(2030, 1, 1))
    (True, None)
    """

    provision: str
    effect: str
    commencement: dt.date | None = None
    commencement_note: str
    not_before: dt.date | None = None
    affects: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    source: Sources = attrs.field(converter=to_sources)

    def __attrs_post_init__(self) -> None:
        for name in ("provision", "effect", "commencement_note"):
            check_text(name, getattr(self, name))
        _optional_date("commencement", self.commencement)
        _optional_date("not_before", self.not_before)
        commencement, not_before = self.commencement, self.not_before
        if (
            commencement is not None
            and not_before is not None
            and commencement < not_before
        ):
            raise InvalidValueError(
                "commencement",
                commencement.isoformat(),
                f"a day on or after not_before ({not_before}), the earliest day "
                "the change could take effect",
            )
        check_tuple_of("affects", self.affects, str, "arrangement kind names")
        _check_affects(self.affects)
        check_sources("source", self.source)

    def starts_by(self, day: dt.date) -> bool | None:
        """
        Whether the change has taken effect by ``day``: ``None`` when unknown.

        ``False`` before ``not_before`` even when the day is not fixed.
        """
        if self.commencement is not None:
            return self.commencement <= day
        if self.not_before is not None and day < self.not_before:
            return False
        return None


_FOLLOW_DELEGATION: Final = ("icb-delegation", "joint-committee", "icb-direction")


def _citations(path: str, raw: object, file: str = LAW_FILE) -> Sources:
    if not isinstance(raw, list) or not raw:
        raise ParseError(path, raw, "a list of citations", file=file)
    found = []
    for index, item in enumerate(raw):
        try:
            found.append(Citation(**item))
        except (TypeError, SpeccomError) as err:
            raise ParseError(
                f"{path}[{index}]", item, f"a citation ({err})", file=file
            ) from None
    return tuple(found)


def _window(path: str, raw: Mapping[str, Any], file: str = LAW_FILE) -> LegalWindow:
    try:
        return LegalWindow(
            start=raw.get("start"),
            end=raw.get("end"),
            source=_citations(f"{path}.source", raw.get("source"), file),
        )
    except InvalidValueError as err:
        raise ParseError(path, raw, err.expected, file=file) from None


def _proposed(raw: object, file: str) -> tuple[BillProvision, ...]:
    if not isinstance(raw, list):
        raise ParseError("proposed", raw, "a list of proposed changes", file=file)
    found = []
    for index, item in enumerate(raw):
        path = f"proposed[{index}]"
        if not isinstance(item, Mapping):
            raise ParseError(path, item, "a table", file=file)
        values = dict(item)
        values["source"] = _citations(f"{path}.source", item.get("source"), file)
        try:
            found.append(BillProvision(**values))
        except (TypeError, SpeccomError) as err:
            raise ParseError(
                path, item, f"a proposed change ({err})", file=file
            ) from None
    return tuple(found)


def _from_law(law: Mapping[str, Any], file: str = LAW_FILE) -> dict[str, Any]:
    """The law file's tables as Policy field values (checked by Policy itself)."""
    values: dict[str, Any] = {
        name: law[name]
        for name in (*_DATES, *_NAMES, "joint_planning_population_limit")
        if name in law
    }
    if "proposed" in law:
        values["proposed"] = _proposed(law["proposed"], file)
    if "joint_planning_population_limit" in values:
        values["joint_planning_population_limit"] = Population(
            values["joint_planning_population_limit"]
        )
    for name in _SOURCES:
        values[name] = _citations(name, law.get(name), file)
    for name in ("delegation_start", "notice_deadline"):
        day = law.get(name, {})
        values[name] = MonthDay(day.get("month"), day.get("day"))
    if "population_limit_window" in law:
        values["population_limit_window"] = _window(
            "population_limit_window", law["population_limit_window"], file
        )
    for table in ("arrangement_windows", "budget_windows"):
        values[table] = FrozenDict(
            {
                kind: _window(f"{table}.{kind}", raw, file)
                for kind, raw in law.get(table, {}).items()
            }
        )
    values["approval_routes"] = tuple(
        ApprovalRoute(
            applies_from=raw.get("applies_from"),
            stages=raw.get("stages", ()),
            source=_citations(
                f"approval_routes[{index}].source", raw.get("source"), file
            ),
        )
        for index, raw in enumerate(law.get("approval_routes", []))
    )
    return values


def _default_arrangement_windows(policy: Policy) -> FrozenDict[str, LegalWindow]:
    # The law file's windows; those that open with delegation to ICBs follow the
    # policy's own date, so a variant policy stays consistent.
    table = dict(_LAW["arrangement_windows"])
    for kind in _FOLLOW_DELEGATION:
        if kind in table:
            table[kind] = attrs.evolve(table[kind], start=policy.icb_delegation_from)
    return FrozenDict(table)


def _default_budget_windows(policy: Policy) -> FrozenDict[str, LegalWindow]:
    # The law file's windows; CCGs' and ICBs' follow the policy's own dates.
    table = dict(_LAW["budget_windows"])
    if "ccg" in table:
        last = policy.ccg_last_day
        # The last date has no day after it: the policy's check refuses it.
        end = last + dt.timedelta(days=1) if last < dt.date.max else policy.icbs_from
        window = table["ccg"]
        if window.start is not None and end <= window.start:
            raise InvalidValueError(
                "ccg_last_day",
                last,
                f"a day on or after {window.start}, the first day CCGs could "
                "hold a budget",
            )
        table["ccg"] = attrs.evolve(window, end=end)
    if "icb" in table:
        table["icb"] = attrs.evolve(table["icb"], start=policy.icbs_from)
    return FrozenDict(table)


#: The policy's name, title and status: text.
_NAMES: Final = ("name", "title", "status")
#: The policy's date and source fields, each checked for its type.
_DATES: Final = (
    "commissioning_from",
    "ccg_last_day",
    "icbs_from",
    "icb_delegation_from",
    "statutory_factors_change",
)
_SOURCES: Final = (
    "commissioning_source",
    "population_limit_source",
    "icbs_source",
    "icb_delegation_source",
    "statutory_factors_source",
    "timing_source",
)


def _window_table(value: Mapping[str, Any]) -> FrozenDict[str, LegalWindow]:
    """Converter: any mapping to a FrozenDict; anything else is left for a check."""
    given: object = value
    if isinstance(given, FrozenDict) or not isinstance(given, Mapping):
        return given  # type: ignore[return-value]
    return FrozenDict(value)


def _read_law() -> dict[str, Any]:
    """The shipped law file as Policy field values; a bad edit names the file."""
    try:
        return _from_law(law_table())
    except ParseError:
        raise
    except (TypeError, AttributeError, ValueError, SpeccomError) as err:
        raise ParseError(
            "law", LAW_FILE, f"a law file of the shipped form ({err})", file=LAW_FILE
        ) from None


#: The shipped law file as Policy field values.
_LAW: Final = _read_law()


def _check_identity(policy: Policy) -> None:
    """A policy's name, title and status, and proposals only in a bill."""
    for name in _NAMES:
        # One line of every report's header: a line break would forge lines.
        check_text(name, getattr(policy, name))
    if policy.status not in STATUSES:
        raise InvalidValueError("status", policy.status, "'law' or 'bill'")
    check_tuple_of("proposed", policy.proposed, BillProvision, "BillProvision")
    if policy.proposed and policy.status != "bill":
        raise InvalidValueError(
            "status", policy.status, "'bill' for a policy with proposed changes"
        )


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

    Every field's default comes from the law file shipped with the package,
    ``data/law.toml``, where each value cites its source; build another
    ``Policy`` (or ``attrs.evolve`` this one) to test a variation, or give
    ``speccom check --policy FILE`` a file of the same form. Tables are keyed
    by the enum values of :class:`~speccom_model.arrangement.ArrangementKind`
    and :class:`~speccom_model.commissioner.CommissionerKind`. Every ``*_source``
    field, window and route carries a tuple of :class:`Citation`.

    >>> p = Policy()
    >>> str(p.delegation_start), str(p.notice_deadline)
    ('1 April', '30 September')
    >>> p.arrangement_windows["icb-delegation"].describe()
    'from 2022-07-01'
    >>> p.arrangement_windows["co-commissioning"].describe()
    'from 2013-04-01'
    >>> p.commissioning_from
    datetime.date(2013, 4, 1)
    """

    #: The policy's name: ``"law"`` for the law file, or a shipped proposal's.
    name: str = _LAW["name"]
    #: What the policy is, in words.
    title: str = _LAW["title"]
    #: ``"law"`` (in force) or ``"bill"`` (proposed law, not in force).
    status: str = _LAW["status"]
    #: The changes a bill would make (empty for the law).
    proposed: tuple[BillProvision, ...] = attrs.field(default=(), converter=to_tuple)
    #: The first day NHS England had commissioning functions (1 April 2013):
    #: before it nobody is responsible for a specialised service.
    commissioning_from: dt.date = _LAW["commissioning_from"]
    commissioning_source: Sources = attrs.field(
        default=_LAW["commissioning_source"], converter=to_sources
    )
    #: Services planned for populations strictly under this are the most
    #: suitable for joint planning and delegation: guidance (the 2019/20
    #: planning guidance), not law, so SPC-POP-001 warns and never errs.
    joint_planning_population_limit: Population = attrs.field(
        default=_LAW["joint_planning_population_limit"],
        validator=_positive_population,
    )
    population_limit_source: Sources = attrs.field(
        default=_LAW["population_limit_source"], converter=to_sources
    )
    #: The era of that guidance: from its publication (10 January 2019) until
    #: ICBs began (1 July 2022), when the May 2022 roadmap's criteria took
    #: over. SPC-POP-001 judges only arrangements and boards dated inside it.
    population_limit_window: LegalWindow = _LAW["population_limit_window"]
    #: The last day CCGs existed.
    ccg_last_day: dt.date = _LAW["ccg_last_day"]
    #: The first day of ICBs.
    icbs_from: dt.date = _LAW["icbs_from"]
    icbs_source: Sources = attrs.field(
        default=_LAW["icbs_source"], converter=to_sources
    )
    #: The first day NHS England could delegate to ICBs (s.65Z5).
    icb_delegation_from: dt.date = _LAW["icb_delegation_from"]
    icb_delegation_source: Sources = attrs.field(
        default=_LAW["icb_delegation_source"], converter=to_sources
    )
    #: From this day ministers weigh three factors under s.3B(3), not four:
    #: the Health and Care Act 2022 repealed factor (d), the financial
    #: implications for CCGs.
    statutory_factors_change: dt.date = _LAW["statutory_factors_change"]
    statutory_factors_source: Sources = attrs.field(
        default=_LAW["statutory_factors_source"], converter=to_sources
    )
    #: Delegations start on this day of the year.
    delegation_start: MonthDay = _LAW["delegation_start"]
    #: Notice to end a delegation at the next ``delegation_start`` is due by this day.
    notice_deadline: MonthDay = _LAW["notice_deadline"]
    timing_source: Sources = attrs.field(
        default=_LAW["timing_source"], converter=to_sources
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
        default=_LAW["approval_routes"], converter=to_tuple
    )

    def __attrs_post_init__(self) -> None:
        _check_identity(self)
        for name in _DATES:
            check_date(name, getattr(self, name))
        for name in _SOURCES:
            check_sources(name, getattr(self, name))
        for name in ("delegation_start", "notice_deadline"):
            check_instance(name, getattr(self, name), MonthDay, "a MonthDay")
        check_instance(
            "population_limit_window",
            self.population_limit_window,
            LegalWindow,
            "a LegalWindow",
        )
        icbs_from = self.icbs_from
        if icbs_from - self.ccg_last_day != dt.timedelta(days=1):  # never overflows
            raise InvalidValueError(
                "ccg_last_day",
                self.ccg_last_day,
                f"the day before ICBs began (icbs_from is {icbs_from})",
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

    @classmethod
    def named(cls, name: str) -> Policy:
        """
        A policy shipped with the package, by name: the law, or a proposal.

        ``"law"`` is the law file, ``data/law.toml``; any other name is a file
        of the same form in ``data/policies/`` giving only the values it
        changes, laid over the law file (tables merge key by key; a list
        replaces the law's list). See :func:`policies` for the names.

        Raises:
            UnknownReferenceError: for a name no shipped policy has, listing
                the names.
            ParseError: if a shipped file is not of the law file's form.

        >>> bill = Policy.named("health_bill_2026")
        >>> bill.status, bill.is_bill
        ('bill', True)
        >>> Policy.named("law") == Policy()
        True
        >>> Policy.named("health_bill_2027")
        Traceback (most recent call last):
        speccom_model.errors.UnknownReferenceError: policy: expected one of ...
        """
        if not isinstance(name, str):
            raise UnknownReferenceError(
                "policy", name, f"one of {', '.join(policies())}"
            )
        return _named(name)

    @property
    def is_bill(self) -> bool:
        """Whether this policy is proposed law (a bill), not the law in force."""
        return self.status == "bill"

    def label(self) -> str:
        """
        The policy's name, status and title, for a report's header.

        >>> Policy().label()
        'law (law in force): The law of specialised commissioning in England, ...'
        """
        status = (
            "a bill: proposed law, NOT in force" if self.is_bill else "law in force"
        )
        return f"{self.name} ({status}): {self.title}"

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


#: The policy of the law file shipped with the package, ``data/law.toml``.
DEFAULT_POLICY: Final = Policy()


def laid_over_law(policy: Policy, *, arrangements: bool, budgets: bool) -> Policy:
    """
    A policy read from a file, with the law's windows for the kinds it leaves out.

    A policy file gives only what it changes: a table of windows it gives
    (``arrangements``, ``budgets``) holds only the kinds it names, and the
    law's window (following the policy's own dates, as the defaults do) stands
    for every other kind. A window it gives replaces the law's for that kind
    whole, with its own citations.

    >>> from speccom_model._sources import NHS_ACT_65Z5
    >>> late = LegalWindow(start=dt.date(2023, 4, 1), source=NHS_ACT_65Z5)
    >>> read = Policy(arrangement_windows={"icb-delegation": late})
    >>> sorted(read.arrangement_windows)
    ['icb-delegation']
    >>> policy = laid_over_law(read, arrangements=True, budgets=False)
    >>> policy.arrangement_windows["icb-delegation"].describe()
    'from 2023-04-01'
    >>> policy.arrangement_windows["co-commissioning"].describe()
    'from 2013-04-01'
    """
    if arrangements:
        table = dict(_default_arrangement_windows(policy))
        table.update(policy.arrangement_windows)
        policy = attrs.evolve(policy, arrangement_windows=FrozenDict(table))
    if budgets:
        table = dict(_default_budget_windows(policy))
        table.update(policy.budget_windows)
        policy = attrs.evolve(policy, budget_windows=FrozenDict(table))
    return policy


def _merged(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` laid on ``base``: tables merge key by key, anything else replaces."""
    merged = dict(base)
    for key, value in over.items():
        below = merged.get(key)
        if isinstance(value, Mapping) and isinstance(below, Mapping):
            merged[key] = _merged(below, value)
        else:
            merged[key] = value
    return merged


@functools.cache
def _named(name: str) -> Policy:
    if name == LAW_NAME:
        return DEFAULT_POLICY
    if name not in policy_names():
        raise UnknownReferenceError("policy", name, f"one of {', '.join(policies())}")
    file = policy_file(name)
    table = policy_table(name)
    if table.get("name") != name:
        raise ParseError("name", table.get("name"), repr(name), file=file)
    try:
        return Policy(**_from_law(_merged(law_table(), table), file))
    except ParseError:
        raise
    except (TypeError, AttributeError, ValueError, SpeccomError) as err:
        raise ParseError(
            "policy", file, f"a policy file of the law file's form ({err})", file=file
        ) from None


def policies() -> tuple[str, ...]:
    """
    The names of the policies shipped with the package, for :meth:`Policy.named`.

    ``"law"`` is the law in force when last read; the others are proposals
    (bills), each labelled as one wherever it appears.

    >>> policies()
    ('health_bill_2026', 'law')
    """
    return tuple(sorted({LAW_NAME, *policy_names()}))
