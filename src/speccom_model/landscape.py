"""
The landscape: the aggregate a user checks and queries.

A :class:`Landscape` holds the prescribed list, the bodies, the places, the
money (national allocations, budgets, baselines, pools), planning boards,
arrangements, successions of bodies and proposed changes to the list. It checks
every reference at construction — an arrangement naming an unknown service or
body is an :class:`~speccom_model.errors.UnknownReferenceError` naming it — and
indexes itself once, so queries are lookups.

Bodies change: CCGs merged, and on 1 July 2022 were succeeded by ICBs. A
:class:`Succession` records each change, so a query on any date answers with
the body that existed then, and an arrangement held by a CCG passes to its
successor.

>>> from speccom_model import scenarios
>>> england = scenarios.england_2024_25()
>>> england.responsible_commissioner("7", "01A", dt.date(2024, 4, 1)).code
'QE1'
>>> england.responsible_commissioner("7", "01A", dt.date(2024, 3, 31)).code
'JC-Y62'
>>> england.responsible_commissioner("151", "01A", dt.date(2024, 4, 1))
Traceback (most recent call last):
speccom_model.errors.UnknownReferenceError: service: expected a prescribed service's code, got '151'
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections import defaultdict
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, NoReturn, TypeVar, final

import attrs

from speccom_model._validators import (
    check_date,
    check_instance,
    check_line,
    check_prose,
    check_text,
    check_tuple_of,
    to_tuple,
)
from speccom_model.arrangement import (
    DelegationArrangement,
    LegalLiability,
    MoneyHolder,
)
from speccom_model.budget import (
    Allocation,
    AllocationKind,
    Baseline,
    Budget,
    PooledBudget,
)
from speccom_model.catalogue import (
    CatalogueChange,
    ChangeAction,
    MinisterialSignOff,
    PrescribedServices,
)
from speccom_model.commissioner import Commissioner, CommissionerKind, PlanningBoard
from speccom_model.errors import (
    DuplicateCodeError,
    InvalidValueError,
    UnknownReferenceError,
)
from speccom_model.periods import FinancialYear, Period
from speccom_model.policy import DEFAULT_POLICY, Policy
from speccom_model.responsibility import (
    Responsibility,
    _accountable_sources,
    _commissioner_sources,
    _payer_sources,
    _retained,
)
from speccom_model.service import FormerName
from speccom_model.units import Money, Population, _sum_money, _sum_persons

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from speccom_model.service import Service

T = TypeVar("T")

__all__ = [
    "Landscape",
    "Membership",
    "Place",
    "ProposedChange",
    "Succession",
    "SuccessionKind",
]


class SuccessionKind(StrEnum):
    """
    How one body followed another.

    >>> [k.value for k in SuccessionKind]
    ['merger', 'rename', 'split', 'closure']
    """

    MERGER = "merger"
    RENAME = "rename"
    SPLIT = "split"
    CLOSURE = "closure"


@final
@attrs.frozen(kw_only=True)
class Succession:
    """
    A body's functions passing to another on a date.

    A merger or rename has one successor; a split has one record per successor;
    a closure has none (what the body held returns to NHS England).

    Args:
        predecessor: The code of the body that ended.
        successor: The code of the body that took over, or ``None`` for a closure.
        effective: The successor's first day.
        kind: Merger, rename, split or closure.

    Source: Health and Care Act 2022 (CCGs to ICBs, 1 July 2022); CCG mergers.

    >>> Succession(
    ...     predecessor="00C",
    ...     successor="QHM",
    ...     effective=dt.date(2022, 7, 1),
    ...     kind=SuccessionKind.MERGER,
    ... ).successor
    'QHM'
    >>> Succession(
    ...     predecessor="00C",
    ...     successor=None,
    ...     effective=dt.date(2022, 7, 1),
    ...     kind=SuccessionKind.MERGER,
    ... )
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: successor: expected a successor's code ...
    """

    predecessor: str
    effective: dt.date
    kind: SuccessionKind
    successor: str | None = None

    def __attrs_post_init__(self) -> None:
        check_text("predecessor", self.predecessor)
        check_date("effective", self.effective)
        check_instance("kind", self.kind, SuccessionKind, "a SuccessionKind")
        if self.kind is SuccessionKind.CLOSURE:
            if self.successor is not None:
                raise InvalidValueError(
                    "successor", self.successor, "no successor for a closure"
                )
        elif self.successor is None or not isinstance(self.successor, str):
            raise InvalidValueError(
                "successor", self.successor, f"a successor's code for a {self.kind}"
            )
        elif check_text("successor", self.successor) == self.predecessor:
            raise InvalidValueError(
                "successor", self.successor, "a body other than the predecessor"
            )
        else:
            check_text("successor", self.successor)


@final
@attrs.frozen(kw_only=True)
class Membership:
    """
    A place belonging to a commissioner for a period.

    >>> Membership(
    ...     commissioner="QE1", period=Period(start=dt.date(2022, 7, 1))
    ... ).commissioner
    'QE1'
    """

    commissioner: str
    period: Period

    def __attrs_post_init__(self) -> None:
        check_text("commissioner", self.commissioner)
        check_instance("period", self.period, Period, "a Period")


@final
@attrs.frozen(kw_only=True)
class Place:
    """
    An area with a population, belonging to commissioners over time.

    Args:
        code: The place's code (for a CCG or ICB area, the body's code).
        name: Its name.
        population: Its population.
        memberships: Which commissioner it belonged to when, in order and not
            overlapping; after the last one ends, successions say who follows.
        source: Where the population figure comes from.
        former_names: Earlier names, oldest first, each held until its
            ``until`` (a sub-ICB location renamed with its code kept).

    Raises:
        InvalidValueError: for a bad field; for memberships that overlap; for
            former names out of order, two until one day, or one repeating the
            next name.

    >>> Place(
    ...     code="QE1",
    ...     name="Lancashire and South Cumbria",
    ...     population=persons(1_852_079),
    ...     memberships=[
    ...         Membership(commissioner="QE1", period=Period(start=dt.date(2022, 7, 1)))
    ...     ],
    ... ).population
    Population(1852079)
    """

    code: str
    name: str
    population: Population
    memberships: tuple[Membership, ...] = attrs.field(default=(), converter=to_tuple)
    source: str = ""
    former_names: tuple[FormerName, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check_text("code", self.code)
        check_text("name", self.name)
        check_line("source", self.source)
        check_instance("population", self.population, Population, "a Population")
        if self.former_names != ():
            self._check_former_names()
        memberships = self.memberships
        if (
            type(memberships) is tuple
            and len(memberships) == 1
            and type(memberships[0]) is Membership
        ):
            return  # one membership: nothing to order or overlap
        check_tuple_of("memberships", memberships, Membership, "Membership")
        ordered = sorted(memberships, key=lambda m: m.period.start)
        for earlier, later in itertools.pairwise(ordered):
            if earlier.period.overlaps(later.period):
                raise InvalidValueError(
                    "memberships",
                    f"{earlier.commissioner} and {later.commissioner}",
                    "memberships that do not overlap",
                )
        object.__setattr__(self, "memberships", tuple(ordered))

    def _check_former_names(self) -> None:
        """Oldest first, each ``until`` a later day, none repeating the next name."""
        check_tuple_of("former_names", self.former_names, FormerName, "FormerName")
        untils = [f.until for f in self.former_names]
        if untils != sorted(untils):
            raise InvalidValueError(
                "former_names",
                ", ".join(u.isoformat() for u in untils),
                "former names oldest first",
            )
        if len(set(untils)) != len(untils):
            # Two names until one day: the second could never be the name.
            raise InvalidValueError(
                "former_names",
                ", ".join(u.isoformat() for u in untils),
                "each former name until a different day",
            )
        following = [f.name for f in self.former_names[1:]] + [self.name]
        for i, (former, after) in enumerate(
            zip(self.former_names, following, strict=True)
        ):
            if former.name == after:
                raise InvalidValueError(
                    f"former_names[{i}]",
                    f"{former.name} until {former.until}",
                    "a name that differs from the next (this one repeats it: "
                    "leave it out)",
                )

    def name_on(self, day: dt.date) -> str:
        """
        The place's name on ``day``: a former name before its ``until``.

        Raises:
            InvalidValueError: if ``day`` is not a ``datetime.date``.

        >>> place = Place(
        ...     code="00T",
        ...     name="NHS Greater Manchester ICB - 00T",
        ...     population=persons(1),
        ...     former_names=[
        ...         FormerName(name="NHS Bolton CCG", until=dt.date(2022, 7, 1))
        ...     ],
        ... )
        >>> place.name_on(dt.date(2022, 6, 30)), place.name_on(dt.date(2022, 7, 1))
        ('NHS Bolton CCG', 'NHS Greater Manchester ICB - 00T')
        """
        check_date("day", day)
        for former in self.former_names:
            if day < former.until:
                return former.name
        return self.name


@final
@attrs.frozen(kw_only=True)
class ProposedChange:
    """
    A proposed change to the prescribed list, with its sign-off if it has one.

    Unlike :meth:`PrescribedServices.amend`, which refuses an unsigned change, a
    landscape can hold one, so that a check reports it.

    >>> ProposedChange(
    ...     change=CatalogueChange(
    ...         action=ChangeAction.REMOVE, code="2A", effective=dt.date(2025, 4, 1)
    ...     )
    ... ).sign_off is None
    True
    """

    change: CatalogueChange
    sign_off: MinisterialSignOff | None = None

    def __attrs_post_init__(self) -> None:
        check_instance("change", self.change, CatalogueChange, "a CatalogueChange")
        if self.sign_off is not None:
            check_instance(
                "sign_off", self.sign_off, MinisterialSignOff, "a MinisterialSignOff"
            )


@final
class _Index:
    """Lookups built once per landscape."""

    __slots__ = (
        "allocations",
        "arrangements",
        "baselines",
        "bodies",
        "budgets",
        "cover",
        "nhs_england",
        "places",
        "pools",
        "successions",
        "years",
    )

    def __init__(self) -> None:
        self.bodies: dict[str, Commissioner] = {}
        self.places: dict[str, Place] = {}
        self.arrangements: dict[str, DelegationArrangement] = {}
        self.pools: dict[str, PooledBudget] = {}
        # (year, kind) -> the one figure of that kind for that year.
        self.allocations: dict[tuple[FinancialYear, AllocationKind], Allocation] = {}
        self.budgets: dict[tuple[str, FinancialYear], Budget] = {}
        self.baselines: dict[tuple[str, str, FinancialYear], Money] = {}
        self.successions: dict[str, list[Succession]] = defaultdict(list)
        # (service, place) -> arrangements covering it, sorted by start date.
        self.cover: dict[tuple[str, str], list[DelegationArrangement]] = defaultdict(
            list
        )
        self.nhs_england: Commissioner | None = None
        self.years: tuple[FinancialYear, ...] = ()


_MAX_CHAIN: Final = 64


@final
@attrs.frozen(kw_only=True)
class Landscape:
    """
    Services, bodies, places, money and arrangements: one commissioning plan.

    Every reference is checked at construction; codes must be unique; the
    landscape holds exactly one NHS England body. A plan that breaks *policy*
    is still a valid landscape: :func:`speccom_model.check` reports it.

    >>> england = scenarios.england_2019_20()
    >>> len(england.catalogue), len(england.places)
    (146, 209)
    """

    catalogue: PrescribedServices
    commissioners: tuple[Commissioner, ...] = attrs.field(converter=to_tuple)
    places: tuple[Place, ...] = attrs.field(default=(), converter=to_tuple)
    arrangements: tuple[DelegationArrangement, ...] = attrs.field(
        default=(), converter=to_tuple
    )
    allocations: tuple[Allocation, ...] = attrs.field(default=(), converter=to_tuple)
    budgets: tuple[Budget, ...] = attrs.field(default=(), converter=to_tuple)
    baselines: tuple[Baseline, ...] = attrs.field(default=(), converter=to_tuple)
    pooled_budgets: tuple[PooledBudget, ...] = attrs.field(
        default=(), converter=to_tuple
    )
    planning_boards: tuple[PlanningBoard, ...] = attrs.field(
        default=(), converter=to_tuple
    )
    successions: tuple[Succession, ...] = attrs.field(default=(), converter=to_tuple)
    proposed_changes: tuple[ProposedChange, ...] = attrs.field(
        default=(), converter=to_tuple
    )
    name: str = ""
    description: str = ""
    _index: _Index = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        check_line("name", self.name)
        check_prose("description", self.description)
        check_instance(
            "catalogue", self.catalogue, PrescribedServices, "PrescribedServices"
        )
        for field, cls in _FIELD_TYPES.items():
            check_tuple_of(field, getattr(self, field), cls, cls.__name__)
        index = _Index()
        self._index_bodies(index)
        self._index_places(index)
        self._index_money(index)
        self._index_arrangements(index)
        self._check_boards_and_changes(index)
        years = {year for year, _ in index.allocations}
        years.update(year for _, year in index.budgets)
        years.update(pool.year for pool in self.pooled_budgets)
        years.update(year for _, _, year in index.baselines)
        # A year in which only a transfer is recorded holds money too: it is
        # judged and summarised like any other (SPC-MONEY-002, SPC-CONS-001).
        years.update(year for a in self.arrangements for year in a.budget_transferred)
        index.years = tuple(sorted(years))
        object.__setattr__(self, "_index", index)

    # -- construction ---------------------------------------------------------

    def _index_bodies(self, index: _Index) -> None:
        index.bodies = _unique(
            self.commissioners,
            "commissioners",
            "code",
            "each code once: a body that kept its code across a change of name or "
            "kind is one Commissioner, with what it was before in `former`",
        )
        england = [
            b for b in self.commissioners if b.kind is CommissionerKind.NHS_ENGLAND
        ]
        if len(england) != 1:
            raise InvalidValueError(
                "commissioners",
                [b.code for b in england],
                "exactly one NHS England body",
            )
        index.nhs_england = england[0]
        bodies = index.bodies
        for i, body in enumerate(self.commissioners):
            # Whole sets are tested first; a path is written only for a problem.
            if (body.region is None or body.region in bodies) and (
                body.lead is None or body.lead in bodies
            ):
                if body.members and not bodies.keys() >= body.members:
                    _first_unknown(bodies, f"commissioners[{i}].members", body.members)
                continue
            for field in ("region", "lead"):
                code = getattr(body, field)
                if code is not None:
                    _known(bodies, f"commissioners[{i}].{field}", code, "a known body")
        for i, succession in enumerate(self.successions):
            path = f"successions[{i}]"
            _known(
                index.bodies, f"{path}.predecessor", succession.predecessor, "a body"
            )
            if succession.successor is not None:
                _known(
                    index.bodies, f"{path}.successor", succession.successor, "a body"
                )
            index.successions[succession.predecessor].append(succession)
            _check_coherent(index, path, succession)
        for code in list(index.successions):
            _check_chain(index, code)

    def _index_places(self, index: _Index) -> None:
        index.places = _unique(self.places, "places", "code")
        bodies = index.bodies
        for i, place in enumerate(self.places):
            for j, membership in enumerate(place.memberships):
                if membership.commissioner not in bodies:
                    _known(
                        bodies,
                        f"places[{i}].memberships[{j}].commissioner",
                        membership.commissioner,
                        "a known body",
                    )

    def _index_money(self, index: _Index) -> None:
        services = self.catalogue
        for i, figure in enumerate(self.allocations):
            key2 = (figure.year, figure.kind)
            if key2 in index.allocations:
                raise DuplicateCodeError(
                    f"allocations[{i}].kind",
                    f"{figure.year} {figure.kind.value}",
                    "one figure of each kind a year (plan, allocation, forecast, "
                    "outturn)",
                )
            index.allocations[key2] = figure
        codes, places = services.codes, index.places
        for i, budget in enumerate(self.budgets):
            path = f"budgets[{i}]"
            _known(index.bodies, f"{path}.holder", budget.holder, "a known body")
            key = (budget.holder, budget.year)
            if key in index.budgets:
                raise DuplicateCodeError(
                    path, f"{budget.holder} {budget.year}", "one budget per body a year"
                )
            index.budgets[key] = budget
            for j, line in enumerate(budget.lines):
                if line.service not in codes:
                    _service(services, f"{path}.lines[{j}].service", line.service)
                if line.place is not None:
                    _known(places, f"{path}.lines[{j}].place", line.place, "a place")
        baselines = index.baselines
        for i, baseline in enumerate(self.baselines):
            key3 = (baseline.service, baseline.place, baseline.year)
            if (
                baseline.service in codes
                and baseline.place in places
                and key3 not in baselines
            ):
                baselines[key3] = baseline.amount
                continue
            path = f"baselines[{i}]"
            _service(services, f"{path}.service", baseline.service)
            _known(places, f"{path}.place", baseline.place, "a known place")
            raise DuplicateCodeError(
                path,
                f"{baseline.service} @ {baseline.place} {baseline.year}",
                "one baseline per service, place and year",
            )
        index.pools = _unique(self.pooled_budgets, "pooled_budgets", "code")
        for i, pool in enumerate(self.pooled_budgets):
            path = f"pooled_budgets[{i}]"
            _known(index.bodies, f"{path}.host", pool.host, "a known body")
            for j, contribution in enumerate(pool.contributions):
                _known(
                    index.bodies,
                    f"{path}.contributions[{j}].contributor",
                    contribution.contributor,
                    "a known body",
                )
            if not codes >= pool.services:
                _first_unknown(services, f"{path}.services", pool.services)

    def _index_arrangements(self, index: _Index) -> None:
        index.arrangements = _unique(self.arrangements, "arrangements", "id")
        for i, arrangement in enumerate(self.arrangements):
            path = f"arrangements[{i}]"
            _known(
                index.bodies, f"{path}.receiver", arrangement.receiver, "a known body"
            )
            if not self.catalogue.codes >= arrangement.services:
                _first_unknown(self.catalogue, f"{path}.services", arrangement.services)
            if not index.places.keys() >= arrangement.places:
                _first_unknown(
                    index.places, f"{path}.places", arrangement.places, "a known place"
                )
            if arrangement.collaboration is not None:
                _known(
                    index.bodies,
                    f"{path}.collaboration",
                    arrangement.collaboration,
                    "a known body (a joint committee of the ICBs commissioning "
                    "together)",
                )
            if arrangement.pooled_budget is not None:
                _known(
                    index.pools,
                    f"{path}.pooled_budget",
                    arrangement.pooled_budget,
                    "a known pooled budget",
                )
            for service in arrangement.services:
                for place in arrangement.places:
                    index.cover[(service, place)].append(arrangement)
        for covering in index.cover.values():
            covering.sort(key=lambda a: (a.period.start, a.id))

    def _check_boards_and_changes(self, index: _Index) -> None:
        _unique(self.planning_boards, "planning_boards", "code")
        for i, board in enumerate(self.planning_boards):
            path = f"planning_boards[{i}]"
            _known(index.bodies, f"{path}.led_by", board.led_by, "a known body")
            for field in ("advisers", "decision_makers"):
                codes = getattr(board, field)
                if not index.bodies.keys() >= codes:
                    _first_unknown(index.bodies, f"{path}.{field}", codes)
            if not self.catalogue.codes >= board.services:
                _first_unknown(self.catalogue, f"{path}.services", board.services)
        for i, proposed in enumerate(self.proposed_changes):
            change = proposed.change
            path = f"proposed_changes[{i}].change.code"
            if change.action is ChangeAction.ADD:
                if change.code in self.catalogue:
                    raise DuplicateCodeError(
                        path, change.code, "a code not on the list"
                    )
            else:
                _service(self.catalogue, path, change.code)

    # -- lookups --------------------------------------------------------------

    @property
    def nhs_england(self) -> Commissioner:
        """The NHS England body (every landscape has exactly one)."""
        assert self._index.nhs_england is not None  # guaranteed at construction
        return self._index.nhs_england

    def service(self, code: str) -> Service:
        """
        The service with this manual number.

        Raises:
            UnknownReferenceError: if it is not on the list.
        """
        return self.catalogue.service(code)

    def commissioner(self, code: str) -> Commissioner:
        """
        The body with this code.

        Raises:
            UnknownReferenceError: if there is none.
        """
        return _known(self._index.bodies, "commissioner", code, "a known body")

    def place(self, code: str) -> Place:
        """
        The place with this code.

        Raises:
            UnknownReferenceError: if there is none.
        """
        return _known(self._index.places, "place", code, "a known place")

    def arrangement(self, arrangement_id: str) -> DelegationArrangement:
        """
        The arrangement with this id.

        Raises:
            UnknownReferenceError: if there is none.
        """
        return _known(
            self._index.arrangements, "arrangement", arrangement_id, "a known id"
        )

    def pooled_budget(self, code: str) -> PooledBudget:
        """The pooled budget with this code (``UnknownReferenceError`` if none)."""
        return _known(self._index.pools, "pooled_budget", code, "a known pool")

    def allocation(self, year: FinancialYear) -> Allocation | None:
        """
        The national allocation for ``year``, if the landscape records one.

        The figure of kind ``allocation``: the one reconciled against what
        bodies hold. A plan, forecast or outturn for the year is not it (see
        :meth:`figures`).
        """
        return self._index.allocations.get((_year(year), AllocationKind.ALLOCATION))

    def figure(self, year: FinancialYear, kind: AllocationKind) -> Allocation | None:
        """
        The national figure of ``kind`` for ``year``, if the landscape records one.

        >>> plan = scenarios.england_2024_25()
        >>> plan.figure(FinancialYear(2024), AllocationKind.DELEGATED).amount
        Money('5300000000.00')
        >>> plan.figure(FinancialYear(2024), AllocationKind.ALLOCATION) is None
        True
        """
        check_instance("kind", kind, AllocationKind, "an AllocationKind")
        return self._index.allocations.get((_year(year), kind))

    def figures(self, year: FinancialYear) -> tuple[Allocation, ...]:
        """
        Every national figure recorded for ``year``, in kind order.

        Plan, allocation, forecast, outturn and delegated share, as many as
        are recorded.

        >>> [
        ...     f.kind.value
        ...     for f in scenarios.england_2013_14().figures(FinancialYear(2013))
        ... ]
        ['plan', 'allocation', 'forecast']
        """
        year = _year(year)
        return tuple(
            self._index.allocations[(year, kind)]
            for kind in AllocationKind
            if (year, kind) in self._index.allocations
        )

    def budget(self, holder: str, year: FinancialYear) -> Budget | None:
        """The budget ``holder`` holds in ``year``, if any."""
        return self._index.budgets.get((_code("holder", holder), _year(year)))

    def baseline(self, service: str, place: str, year: FinancialYear) -> Money | None:
        """What ``service`` costs for ``place`` in ``year``, if recorded."""
        key = (_code("service", service), _code("place", place), _year(year))
        return self._index.baselines.get(key)

    def covering(self, service: str, place: str) -> tuple[DelegationArrangement, ...]:
        """Every arrangement covering ``service`` in ``place``, by start date."""
        key = (_code("service", service), _code("place", place))
        return tuple(self._index.cover.get(key, ()))

    def successions_of(self, code: str) -> tuple[Succession, ...]:
        """The successions in which ``code`` is the predecessor."""
        return tuple(self._index.successions.get(_code("code", code), ()))

    # -- queries --------------------------------------------------------------

    def body_on(
        self, code: str, on: dt.date, *, place: str | None = None
    ) -> Commissioner | None:
        """
        The body that holds ``code``'s functions on ``on``, following successions.

        The body itself while it exists; after it ends, its successor (through
        any chain of mergers and renames; for a split, the successor the
        ``place`` belongs to). ``None`` before the body began, after a closure,
        or for a split when no place says which successor.

        Raises:
            UnknownReferenceError: for an unknown code.

        >>> england = scenarios.england_2024_25()
        >>> england.body_on("JC-Y61", dt.date(2023, 4, 1)).code
        'JC-Y61'
        """
        return self._follow(code, on, place)[0]

    def unfollowed_split(
        self, code: str, on: dt.date, *, place: str | None = None
    ) -> Succession | None:
        """
        The split that leaves ``place`` with no successor of ``code`` on ``on``.

        When a body splits and no membership of ``place`` says which successor
        took it, nobody can be said to hold the body's functions there:
        :meth:`body_on` answers ``None`` and this names one of the split's
        successions (its predecessor and day). ``None`` in every other case.

        Raises:
            UnknownReferenceError: for an unknown code.

        >>> england = scenarios.england_2026_27()
        >>> split = england.unfollowed_split("QNQ", dt.date(2026, 4, 1), place="D4U1Y")
        >>> split.predecessor, split.effective, split.kind.value
        ('QNQ', datetime.date(2026, 4, 1), 'split')
        """
        return self._follow(code, on, place)[1]

    def successions_followed(
        self, code: str, on: dt.date, *, place: str | None = None
    ) -> tuple[Succession, ...]:
        """
        The successions :meth:`body_on` follows from ``code`` on ``on``, in order.

        Empty while the body itself exists (or before it began). Otherwise
        each merger, rename or split passed through on the way to the body
        that holds ``code``'s functions on ``on`` (for a split, the record of
        the successor the ``place`` belongs to); where the chain ends with no
        body, its last record says why: a closure, or a split no membership of
        ``place`` follows (the one :meth:`unfollowed_split` names).

        Raises:
            UnknownReferenceError: for an unknown code.
            InvalidValueError: if ``on`` is not a ``datetime.date``.

        >>> england = scenarios.england_2026_27()
        >>> [
        ...     (s.predecessor, s.successor, s.kind.value)
        ...     for s in england.successions_followed("QHG", dt.date(2026, 4, 1))
        ... ]
        [('QHG', 'S1Y5D', 'merger')]
        """
        path: list[Succession] = []
        self._follow(code, on, place, path)
        return tuple(path)

    def _follow(
        self,
        code: str,
        on: dt.date,
        place: str | None,
        path: list[Succession] | None = None,
    ) -> tuple[Commissioner | None, Succession | None]:
        check_date("on", on)
        body = self.commissioner(code)
        for _ in range(_MAX_CHAIN):
            if body.exists_on(on):
                return body, None
            if on < body.lifetime.start:
                return None, None
            following = [
                s
                for s in self._index.successions.get(body.code, ())
                if s.effective <= on
            ]
            if not following:
                return None, None
            successors = [s.successor for s in following if s.successor is not None]
            if len(successors) == 1:
                body = self._index.bodies[successors[0]]
                if path is not None:
                    path.extend(s for s in following if s.successor is not None)
                continue
            chosen = self._split_successor(successors, on, place)
            if chosen is None:
                if path is not None:  # a closure, or a split no place follows
                    path.append(following[0])
                return None, (following[0] if successors else None)
            if path is not None:
                path.extend(s for s in following if s.successor == chosen.code)
            body = chosen
        raise AssertionError("unreachable: chains are checked at construction")

    def _split_successor(
        self, successors: list[str], on: dt.date, place: str | None
    ) -> Commissioner | None:
        if place is None or place not in self._index.places:
            return None
        for membership in self._index.places[place].memberships:
            if membership.period.contains(on) and membership.commissioner in successors:
                return self._index.bodies[membership.commissioner]
        return None

    def commissioner_of(self, place: str, on: dt.date) -> Commissioner | None:
        """
        The body a place belongs to on ``on``, following successions.

        >>> england = scenarios.england_2019_20()
        >>> england.commissioner_of("07L", dt.date(2019, 4, 1)).kind.value
        'ccg'
        """
        membership = self.membership_on(place, on)
        if membership is None:
            return None
        return self.body_on(membership.commissioner, on, place=place)

    def membership_on(self, place: str, on: dt.date) -> Membership | None:
        """
        The membership :meth:`commissioner_of` starts from on ``on``.

        The place's latest membership begun on or before ``on``; its
        commissioner, followed through successions once it has ended, is the
        body the place belongs to. ``None`` before the first.

        Raises:
            UnknownReferenceError: for an unknown place.
            InvalidValueError: if ``on`` is not a ``datetime.date``.

        >>> england = scenarios.england_2019_20()
        >>> england.membership_on("02W", dt.date(2020, 4, 1)).commissioner
        '36J'
        """
        check_date("on", on)
        memberships = self.place(place).memberships
        starts = [m.period.start for m in memberships]
        at = bisect.bisect_right(starts, on) - 1
        return None if at < 0 else memberships[at]

    def responsible_arrangement(
        self, service: str, place: str, on: dt.date
    ) -> DelegationArrangement | None:
        """
        The arrangement that makes a body other than NHS England responsible.

        ``None`` when none covers ``service`` in ``place`` on ``on``. Where a
        faulty plan has two (a coverage error), the earlier-starting one.

        Raises:
            UnknownReferenceError: for an unknown service or place.
        """
        check_date("on", on)
        self.service(service)
        self.place(place)
        for arrangement in self._index.cover.get((service, place), ()):
            if arrangement.period.start > on:
                break
            if arrangement.period.contains(on):
                return arrangement
        return None

    def responsible_commissioner(
        self, service: str, place: str, on: dt.date
    ) -> Commissioner | None:
        """
        The body responsible for ``service`` in ``place`` on ``on``, if any.

        The receiver of the arrangement in force (or the body that succeeded
        it); NHS England for whatever is not delegated, or whose receiver closed
        with no successor. ``None`` before NHS England had commissioning
        functions (``Policy.commissioning_from``, 1 April 2013): nobody in this
        model was responsible then; and ``None`` where the receiver split and
        no membership of the place says which successor took it
        (:meth:`unfollowed_split` names the split): the plan does not say who,
        and NHS England is not assumed.

        Raises:
            UnknownReferenceError: for an unknown service or place.

        >>> england = scenarios.england_2019_20()
        >>> england.responsible_commissioner("ILL-1", "07L", dt.date(2019, 4, 1)).code
        'X24'
        >>> england.responsible_commissioner(
        ...     "ILL-1", "07L", dt.date(2013, 3, 31)
        ... ) is None
        True
        """
        arrangement = self.responsible_arrangement(service, place, on)
        if on < DEFAULT_POLICY.commissioning_from:
            return None
        if arrangement is None:
            return self.nhs_england
        holder, split = self._follow(arrangement.receiver, on, place)
        if holder is not None:
            return holder
        return None if split is not None else self.nhs_england

    def responsibility(
        self, service: str, place: str, on: dt.date
    ) -> Responsibility | None:
        """
        Who is accountable, who commissions and who pays: three answers.

        For ``service`` in ``place`` on ``on``, with the arrangement in force
        and the sources of each answer.

        ``commissioner`` is :meth:`responsible_commissioner`'s answer, and this
        is ``None`` exactly where that is (before 1 April 2013, or where the
        receiver split and no membership says which successor took the place).
        ``accountable`` is NHS England unless a wholesale transfer moved
        liability (s.13Z(6)). ``payer`` follows the kind's
        :attr:`~speccom_model.ArrangementKind.money_holder`: NHS England, the
        commissioner (the receiver, followed through successions; for a
        provider collaborative, which holds no budget, its lead), or the host
        of the arrangement's pooled budget (followed likewise); ``None``, with
        ``payer_unknown`` saying why, when that pool is for another financial
        year or its host holds no functions that day. See
        :mod:`speccom_model.responsibility`.

        Raises:
            UnknownReferenceError: for an unknown service or place.
            InvalidValueError: if ``on`` is not a ``datetime.date``.

        >>> england = scenarios.england_2019_20()
        >>> answer = england.responsibility("ILL-15", "02W", dt.date(2020, 4, 1))
        >>> answer.arrangement.id, answer.commissioner.code, answer.payer.code
        ('WY-pooled-budget', '15F', '15F')
        >>> later = england.responsibility("ILL-15", "02W", dt.date(2021, 4, 1))
        >>> later.payer is None, later.payer_unknown
        (True, 'no pooled budget after 2020-21: WY-pooled-budget names pool WY-POOL-2020, which is for 2020-21 only')
        """
        arrangement = self.responsible_arrangement(service, place, on)
        commissioner = self.responsible_commissioner(service, place, on)
        if commissioner is None:
            return None
        england = self.nhs_england
        payer: Commissioner | None = england
        unknown: str | None = None
        if arrangement is None:
            accountable = england
        else:
            kind = arrangement.kind
            receiver_liable = kind.legal_liability is LegalLiability.RECEIVER
            accountable = commissioner if receiver_liable else england
            holder = kind.money_holder
            if holder is MoneyHolder.RECEIVER:
                payer, unknown = self._receiver_payer(commissioner, place, on)
            elif holder is MoneyHolder.POOL:
                payer, unknown = self._pool_payer(arrangement, place, on)
        kept, kept_sources = _retained(arrangement)
        return Responsibility(
            accountable=accountable,
            commissioner=commissioner,
            payer=payer,
            arrangement=arrangement,
            accountable_sources=_accountable_sources(arrangement),
            commissioner_sources=_commissioner_sources(arrangement),
            payer_sources=_payer_sources(arrangement),
            payer_unknown=unknown,
            retained_by_nhs_england=kept,
            retained_sources=kept_sources,
        )

    def _receiver_payer(
        self, commissioner: Commissioner, place: str, on: dt.date
    ) -> tuple[Commissioner | None, str | None]:
        """
        The receiver that holds the money, or the lead that holds it for it.

        A provider collaborative holds no budget of its own: its lead provider
        holds the money for it (NHS England, NHS-led provider collaboratives).
        """
        if commissioner.lead is None or commissioner.can_hold_budget(on):
            return commissioner, None
        lead = self.body_on(commissioner.lead, on, place=place)
        if lead is None:
            return None, (
                f"{commissioner.code} holds no budget and its lead "
                f"{commissioner.lead} holds no functions on {on}"
            )
        return lead, None

    def _pool_payer(
        self, arrangement: DelegationArrangement, place: str, on: dt.date
    ) -> tuple[Commissioner | None, str | None]:
        """The host of the arrangement's pool on ``on``, or why there is none."""
        assert arrangement.pooled_budget is not None  # checked at construction
        pool = self.pooled_budget(arrangement.pooled_budget)
        if not pool.year.start <= on <= pool.year.end:
            # A pool is for one year; the plan records no other: never guessed.
            # The words are the same all the way before (or after) the pool's
            # year, so the resolver's answer for a stretch of time holds for it.
            # (Days, not years: 9999-12-31 is in no financial year the model
            # can name.)
            side = "before" if on < pool.year.start else "after"
            return None, (
                f"no pooled budget {side} {pool.year}: {arrangement.id} names pool "
                f"{pool.code}, which is for {pool.year} only"
            )
        host, split = self._follow(pool.host, on, place)
        if host is not None:
            return host, None
        if split is not None:
            why = (
                f"split on {split.effective} and the plan does not say which "
                f"successor took place {place!r}"
            )
        elif on < self.commissioner(pool.host).lifetime.start:
            why = f"does not exist until {self.commissioner(pool.host).lifetime.start}"
        else:
            why = "closed with no successor"
        return None, f"pool {pool.code}'s host {pool.host} {why}"

    def arrangements_on(self, day: dt.date) -> tuple[DelegationArrangement, ...]:
        """
        The arrangements in force on ``day``, in id order.

        >>> [
        ...     a.id
        ...     for a in scenarios.england_2019_20().arrangements_on(
        ...         dt.date(2019, 4, 1)
        ...     )
        ... ]
        ['GM-internal-delegation', 'SL-mental-health-collaborative']
        """
        check_date("day", day)
        return tuple(
            sorted(
                (a for a in self.arrangements if a.period.contains(day)),
                key=lambda a: a.id,
            )
        )

    def budget_by_commissioner(self, year: FinancialYear) -> dict[str, Money]:
        """
        Each holder's total budget allocation in ``year``, by code.

        Pooled budgets are not included: see :meth:`pooled_total`.

        >>> budgets = scenarios.england_2013_14().budget_by_commissioner(
        ...     FinancialYear(2013)
        ... )
        >>> format_money(budgets["X24"])
        '£13bn'
        """
        _year(year)
        return {
            holder: budget.allocation
            for (holder, budget_year), budget in sorted(self._index.budgets.items())
            if budget_year == year
        }

    def pooled_total(
        self, year: FinancialYear, contributor: str | None = None
    ) -> Money:
        """All pooled money in ``year`` (or only what ``contributor`` put in)."""
        _year(year)
        if contributor is not None:
            _code("contributor", contributor)
        pools = (p for p in self.pooled_budgets if p.year == year)
        if contributor is None:
            return _sum_money(p.total for p in pools)
        return _sum_money(p.contributed_by(contributor) for p in pools)

    def joint_planning_candidates(
        self, policy: Policy | None = None
    ) -> tuple[Service, ...]:
        """
        The services suitable for joint planning and delegation.

        Those planned for populations strictly under the policy's limit
        (10 million), and not highly specialised. A service with no planning
        population recorded (``None``: not published) is not a candidate: it
        cannot be shown to be under the limit, and none is assumed.

        >>> len(scenarios.england_2019_20().joint_planning_candidates())
        70
        """
        if policy is not None:
            check_instance("policy", policy, Policy, "a Policy")
        limit = (policy or DEFAULT_POLICY).joint_planning_population_limit
        return tuple(
            s
            for s in self.catalogue
            if s.planning_population is not None
            and s.planning_population < limit
            and not s.highly_specialised
        )

    def footprint_population(self, places: Iterable[str]) -> Population:
        """The population of a set of places together."""
        return _sum_persons(self.place(code).population for code in places)

    def years(self) -> tuple[FinancialYear, ...]:
        """
        Every financial year the landscape's money mentions, in order.

        Allocations, budgets, pools, baselines and every year an arrangement
        records a transfer for: a year that only a transfer mentions still
        holds money, so it is judged and summarised.
        """
        return self._index.years

    def for_year(self, year: FinancialYear) -> Landscape:
        """
        The plan restricted to one financial year, to start a year's plan from.

        It answers :meth:`responsibility` (and every other question about a
        day) for each day of ``year`` as this plan does, and holds that year's
        money only. Kept: the arrangements in force on some day of the year
        (periods unclipped; only the year's ``budget_transferred``, but every
        entry of a pooled budget's, weighed against the pool it names); the
        year's allocations, budgets, baselines and pooled budgets (and a pool
        of another year that a kept arrangement names, so it still resolves);
        the bodies existing in the year or named by anything kept, with the
        successions up to the year's end that lead on from them; every place,
        with the memberships that answer for a day of the year; planning
        boards in force in the year; proposed changes effective by its end;
        the prescribed list whole.

        Args:
            year: A year the plan has data for: from the first to the last
                year its money mentions or an arrangement starts or ends in.

        Returns:
            A new, valid :class:`Landscape` (this one is unchanged).

        Raises:
            InvalidValueError: for a year the plan has no data for, naming the
                years it has; for a ``year`` that is not a FinancialYear.

        >>> england = scenarios.england_2019_20()
        >>> year = england.for_year(FinancialYear(2020))
        >>> [str(y) for y in year.years()], len(year.arrangements)
        (['2020-21'], 3)
        >>> year.responsibility("ILL-15", "02W", dt.date(2020, 4, 1)) == (
        ...     england.responsibility("ILL-15", "02W", dt.date(2020, 4, 1))
        ... )
        True
        >>> england.for_year(FinancialYear(2024))
        Traceback (most recent call last):
        speccom_model.errors.InvalidValueError: year: expected a year the plan has data for (2017-18 to 2020-21), got '2024-25'
        """
        from speccom_model._one_year import for_year  # noqa: PLC0415 - it imports this

        return for_year(self, year)


_FIELD_TYPES: Final[dict[str, type]] = {
    "commissioners": Commissioner,
    "places": Place,
    "arrangements": DelegationArrangement,
    "allocations": Allocation,
    "budgets": Budget,
    "baselines": Baseline,
    "pooled_budgets": PooledBudget,
    "planning_boards": PlanningBoard,
    "successions": Succession,
    "proposed_changes": ProposedChange,
}


def _unique(
    items: tuple[T, ...], field: str, key: str, expected: str = ""
) -> dict[Any, T]:
    """Index ``items`` by their ``key`` attribute, refusing a key seen twice."""
    table: dict[Any, T] = {}
    for i, item in enumerate(items):
        value = getattr(item, key)
        if value in table:
            raise DuplicateCodeError(
                f"{field}[{i}].{key}", str(value), expected or f"each {key} once"
            )
        table[value] = item
    return table


def _known(table: Mapping[str, T], field: str, code: str, expected: str) -> T:
    try:
        found = table.get(code)
    except TypeError:  # unhashable: no code at all
        found = None
    if found is None:
        raise UnknownReferenceError(field, code, expected)
    return found


def _code(field: str, value: object) -> str:
    """A code argument: text (an unknown code simply finds nothing)."""
    return check_instance(field, value, str, "a code (text)")


def _year(value: object) -> FinancialYear:
    return check_instance("year", value, FinancialYear, "a FinancialYear")


def _first_unknown(
    known: Mapping[str, object] | PrescribedServices,
    field: str,
    codes: frozenset[str],
    expected: str = "a known body",
) -> NoReturn:
    """Name the first of ``codes``, in order, that ``known`` does not hold."""
    for code in sorted(codes):
        if isinstance(known, PrescribedServices):
            _service(known, field, code)
        else:
            _known(known, field, code, expected)
    raise AssertionError("unreachable: called only when a code is unknown")


def _service(catalogue: PrescribedServices, field: str, code: str) -> Service:
    found = catalogue.get(code)
    if found is None:
        raise UnknownReferenceError(field, code, "a service on the prescribed list")
    return found


#: Why an end must equal the succession day: the two conventions for an end.
_ENDS: Final = (
    "a lifetime's end is the first day the body no longer exists; an ODS close "
    "date is the last day it exists: give that as last_day"
)


def _check_coherent(index: _Index, path: str, succession: Succession) -> None:
    """
    A succession closes its predecessor on its day, and its successor exists.

    Merged CCGs whose records never closed are a recurring fault in published
    data; here the predecessor's lifetime must end exactly on ``effective``.
    """
    code, day = succession.predecessor, succession.effective
    body = index.bodies[code]
    earlier = index.successions[code][0]
    if earlier.effective != day:
        raise InvalidValueError(
            f"{path}.effective",
            f"{code} on {day} and on {earlier.effective}",
            f"one effective day for every succession of {code}",
        )
    _check_one_outcome(index.successions[code], path)
    end = body.lifetime.end
    if end != day:
        ends = "never ends" if end is None else f"ends on {end}"
        raise InvalidValueError(
            f"{path}.effective",
            f"{code} -> {succession.successor or 'closure'} on {day}, but {code}'s "
            f"lifetime {ends}",
            f"{code}'s lifetime to end on {day}, the succession's effective day "
            f"({_ENDS})",
        )
    if succession.successor is not None:
        successor = index.bodies[succession.successor]
        if not successor.exists_on(day):
            life = successor.lifetime
            span = f"from {life.start}" + (
                "" if life.end is None else f" to {life.end}"
            )
            raise InvalidValueError(
                f"{path}.successor",
                f"{successor.code} (exists {span})",
                f"a successor that exists on {day}, the day {code}'s functions "
                "pass to it",
            )


def _check_one_outcome(records: Sequence[Succession], path: str) -> None:
    """
    The newest of a predecessor's successions (the last) agrees with the others.

    A merger, rename or closure is the one thing that happened to a body; only
    a split has several records, one per successor. Two mergers of one body to
    two bodies would leave its places with no answer, silently.
    """
    if len(records) < 2:
        return
    succession, earlier = records[-1], records[:-1]
    split = SuccessionKind.SPLIT
    told = ", ".join(f"{s.kind} to {s.successor or 'none'}" for s in records)
    if succession.kind is not split or any(s.kind is not split for s in earlier):
        raise InvalidValueError(
            path,
            f"{succession.predecessor}: {told}",
            "one succession for a body, or a split with a record per successor (a "
            "merger, rename or closure is the only succession of its predecessor)",
        )
    if any(s.successor == succession.successor for s in earlier):
        raise InvalidValueError(
            f"{path}.successor",
            f"{succession.predecessor}: {told}",
            "each successor of a split once",
        )


def _check_chain(index: _Index, code: str) -> None:
    """Successions must not loop back to a body already in the chain."""
    seen = {code}
    frontier = [code]
    for _ in range(_MAX_CHAIN):
        following = [
            s.successor
            for c in frontier
            for s in index.successions.get(c, ())
            if s.successor is not None
        ]
        if not following:
            return
        for successor in following:
            if successor in seen:
                raise InvalidValueError(
                    "successions", f"{code} -> … -> {successor}", "no succession loops"
                )
            seen.add(successor)
        frontier = following
    raise InvalidValueError("successions", code, f"a chain under {_MAX_CHAIN} bodies")
