"""
Hypothesis strategies for speccom_model's types, for your tests and ours.

Every strategy generates valid objects by construction, with keyword arguments
that narrow it. :func:`landscapes` generates whole plans, CCG-era and
ICB-era, with every kind of arrangement lawful at its date
(:data:`LAWFUL_KINDS`), successions of every kind and the money that moves, on
which :func:`~speccom_model.check` reports no error (``quiet=True``: nothing
at all), and ``landscapes(violating="SPC-…")`` plans that break exactly that
one rule, for every rule code. Generated bodies take codes from the reserved synthetic
pattern (``SYN-…``, see :data:`~speccom_model.commissioner.SYNTHETIC_CODE`),
which no real ODS code can ever equal.

Needs the ``hypothesis`` extra. The package is on no public index yet: from a
clone of the repository, ``pip install -e ".[hypothesis]"``.
Once the package is installed, ``st.from_type(Service)`` works too: an entry
point registers these strategies when Hypothesis is imported.

>>> from hypothesis import given
>>> from speccom_model import check, strategies
>>> @given(strategies.landscapes(max_services=3))
... def test_generated_plans_are_lawful(landscape):
...     assert check(landscape).ok
>>> test_generated_plans_are_lawful()
>>> strategies.landscapes(violating="SPC-NOPE-001")
Traceback (most recent call last):
hypothesis.errors.InvalidArgument: violating='SPC-NOPE-001' is not a rule code; ...
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection
from typing import Any, Final

from speccom_model.errors import MissingExtraError

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - exercised without the extra
    raise MissingExtraError.of(
        "speccom_model.strategies", error.name or "hypothesis", "hypothesis"
    ) from None

import attrs

from speccom_model.arrangement import (
    Approval,
    ApprovalOutcome,
    ApprovalStage,
    ArrangementKind,
    DelegationArrangement,
    LegalLiability,
    MoneyHolder,
)
from speccom_model.budget import (
    Allocation,
    Baseline,
    Budget,
    BudgetLine,
    Contribution,
    PooledBudget,
)
from speccom_model.catalogue import (
    CatalogueChange,
    ChangeAction,
    MinisterialSignOff,
    PrescribedServices,
    Signatory,
    StatutoryFactor,
)
from speccom_model.commissioner import (
    BodyVersion,
    Commissioner,
    CommissionerKind,
    PlanningBoard,
)
from speccom_model.landscape import (
    Landscape,
    Membership,
    Place,
    ProposedChange,
    Succession,
    SuccessionKind,
)
from speccom_model.periods import FinancialYear, Period
from speccom_model.policy import DEFAULT_POLICY
from speccom_model.rules import DEFAULT_RULES
from speccom_model.service import FormerName, ProgrammeOfCare, Service, Specification
from speccom_model.units import Money, Population

__all__ = [
    "LAWFUL_KINDS",
    "NEAR_MISS_CODES",
    "arrangements",
    "budgets",
    "commissioners",
    "financial_years",
    "landscapes",
    "money",
    "periods",
    "populations",
    "services",
    "synthetic_codes",
]

_ENGLAND_CODE: Final = "SYN-X24"
_REGION_CODE: Final = "SYN-Y56"
_ICB_LIFE: Final = Period(start=dt.date(2022, 7, 1))
#: An ICB that was an STP before 1 July 2022 and kept its code.
_STP_ICB_LIFE: Final = Period(start=dt.date(2016, 4, 1))
_STP_VERSION: Final = BodyVersion(
    name="Partnership", kind=CommissionerKind.STP, until=dt.date(2022, 7, 1)
)
_FORMER_AREA: Final = FormerName(name="Former area", until=dt.date(2022, 7, 1))
_TRILLION_PENCE: Final = 10**14
_ALPHANUMERIC: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise InvalidArgument(message)


# -- values -------------------------------------------------------------------------


def money(
    *, min_value: Money | None = None, max_value: Money | None = None
) -> st.SearchStrategy[Money]:
    """
    Exact amounts of money, in whole pence (£-1tn to £1tn unless narrowed).

    >>> from speccom_model import gbp
    >>> money(min_value=gbp("£5"), max_value=gbp("£1"))
    Traceback (most recent call last):
    hypothesis.errors.InvalidArgument: min_value=Money('5.00') is above max_value=Money('1.00')
    """
    low = -_TRILLION_PENCE if min_value is None else min_value.pence
    high = _TRILLION_PENCE if max_value is None else max_value.pence
    _check(low <= high, f"min_value={min_value!r} is above max_value={max_value!r}")
    return st.integers(low, high).map(Money.from_pence)


def populations(
    *, min_value: int = 0, max_value: int = 70_000_000
) -> st.SearchStrategy[Population]:
    """
    Whole, non-negative populations (up to 70 million unless narrowed).

    >>> populations(min_value=-1)
    Traceback (most recent call last):
    hypothesis.errors.InvalidArgument: min_value=-1 must be at least 0
    """
    _check(min_value >= 0, f"min_value={min_value} must be at least 0")
    _check(
        min_value <= max_value, f"min_value={min_value} is above max_value={max_value}"
    )
    return st.integers(min_value, max_value).map(Population)


def financial_years(
    *, min_year: int = 2013, max_year: int = 2030
) -> st.SearchStrategy[FinancialYear]:
    """
    NHS financial years, named by the year they start in (2013-14 to 2030-31).

    >>> find(financial_years(min_year=2024, max_year=2024), lambda year: True)
    FinancialYear(2024)
    """
    _check(min_year <= max_year, f"min_year={min_year} is above max_year={max_year}")
    return st.integers(min_year, max_year).map(FinancialYear)


def periods(
    *,
    min_start: dt.date = dt.date(2013, 4, 1),
    max_start: dt.date = dt.date(2030, 3, 31),
    open_ended: bool | None = None,
    max_days: int = 3650,
) -> st.SearchStrategy[Period]:
    """
    Half-open periods starting between two dates; ``open_ended`` to force it.

    >>> find(periods(open_ended=True), lambda period: True).end is None
    True
    """
    _check(min_start <= max_start, "min_start is after max_start")
    _check(max_days >= 1, f"max_days={max_days} must be at least 1")
    starts = st.dates(min_value=min_start, max_value=max_start)
    closed = st.builds(
        lambda start, days: Period(start=start, end=start + dt.timedelta(days=days)),
        starts,
        st.integers(1, max_days),
    )
    open_ = starts.map(lambda start: Period(start=start))
    if open_ended is None:
        return open_ | closed
    return open_ if open_ended else closed


# -- records ---------------------------------------------------------------------------

_SHAPES: Final[dict[CommissionerKind, st.SearchStrategy[str]]] = {
    CommissionerKind.NHS_ENGLAND: st.just("X24"),
    CommissionerKind.REGION: st.sampled_from(
        ["Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"]
    ),
    CommissionerKind.CCG: st.text(alphabet=_ALPHANUMERIC, min_size=3, max_size=3),
    CommissionerKind.STP: st.text(alphabet=_ALPHANUMERIC, min_size=2, max_size=2).map(
        lambda s: "Q" + s
    ),
    CommissionerKind.ICB: st.text(alphabet=_ALPHANUMERIC, min_size=2, max_size=2).map(
        lambda s: "Q" + s
    ),
    CommissionerKind.NHS_TRUST: st.text(
        alphabet=_ALPHANUMERIC, min_size=2, max_size=2
    ).map(lambda s: "R" + s),
}


def synthetic_codes(kind: CommissionerKind) -> st.SearchStrategy[str]:
    """
    Codes of the reserved synthetic pattern, in the documented shape of ``kind``.

    ``SYN-`` can never begin a real ODS code (those are letters and digits only),
    so generated test data cannot be mistaken for a real body.

    >>> find(synthetic_codes(CommissionerKind.ICB), lambda c: True).startswith("SYN-Q")
    True
    """
    shape = _SHAPES.get(kind, st.text(alphabet=_ALPHANUMERIC, min_size=1, max_size=9))
    return shape.map(lambda code: f"SYN-{code}")


def services(
    *,
    code: str | None = None,
    min_population: int = 1,
    max_population: int = 60_000_000,
    highly_specialised: bool | None = None,
    with_specification: bool | None = None,
) -> st.SearchStrategy[Service]:
    """
    Prescribed services; narrow by planning population, flag or specification.

    >>> wanted = services(max_population=9_999_999, highly_specialised=False)
    >>> s = find(wanted, lambda s: True)
    >>> s.planning_population < persons(10_000_000), s.highly_specialised
    (True, False)
    """
    _check(
        0 <= min_population <= max_population,
        f"need 0 <= min_population={min_population} <= max_population={max_population}",
    )
    codes = (
        st.just(code)
        if code is not None
        else st.builds(
            lambda n, letter: f"{n}{letter}",
            st.integers(1, 999),
            st.sampled_from(["", "", "A", "B"]),
        )
    )
    flags = st.booleans() if highly_specialised is None else st.just(highly_specialised)
    with_spec = (
        st.booleans() if with_specification is None else st.just(with_specification)
    )
    return st.builds(
        _service,
        codes,
        _words,
        st.sampled_from(ProgrammeOfCare),
        st.integers(min_population, max_population).map(Population),
        flags,
        with_spec,
    )


def _service(
    code: str,
    name: str,
    programme: ProgrammeOfCare,
    population: Population,
    highly: bool,
    with_spec: bool,
) -> Service:
    spec = (
        Specification(reference=f"{programme.letter}{code}/S/a", title=f"{name} spec")
        if with_spec
        else None
    )
    return Service(
        code=code,
        name=name.capitalize(),
        programme=programme,
        planning_population=population,
        highly_specialised=highly,
        specification=spec,
        delegable_from=_SUITABLE_FROM,
    )


#: When generated services became suitable and ready for ICB leadership: the
#: day the 59 did (joint committees from 1 April 2023), on or before every
#: generated delegation's start, so SPC-ICB-001 finds nothing in a clean plan.
_SUITABLE_FROM: Final = dt.date(2023, 4, 1)
#: The first day of the 2019/20 guidance's era (the law file's
#: population_limit_window), when a planning board may be judged by it.
_POPULATION_ERA_START: Final = DEFAULT_POLICY.population_limit_window.start or (
    dt.date(2019, 1, 10)
)


def commissioners(
    *,
    kinds: Collection[CommissionerKind] | None = None,
    alive_on: dt.date | None = None,
) -> st.SearchStrategy[Commissioner]:
    """
    Bodies of the given kinds (any but NHS England by default), synthetic codes.

    ``alive_on`` narrows to bodies that exist on that day. Some bodies have
    ``former`` versions (of the given kinds too) inside their lifetimes.

    >>> alive = commissioners(
    ...     kinds=[CommissionerKind.ICB], alive_on=dt.date(2024, 4, 1)
    ... )
    >>> body = find(alive, lambda body: True)
    >>> body.kind.value, body.exists_on(dt.date(2024, 4, 1)), body.is_synthetic
    ('icb', True, True)
    """
    chosen = (
        list(kinds)
        if kinds is not None
        else [k for k in CommissionerKind if k is not CommissionerKind.NHS_ENGLAND]
    )
    _check(bool(chosen), "kinds must name at least one kind")
    lifetimes = (
        periods()
        if alive_on is None
        else st.builds(
            lambda before, after: Period(
                start=alive_on - dt.timedelta(days=before),
                end=None if after is None else alive_on + dt.timedelta(days=after),
            ),
            st.integers(0, 3650),
            st.none() | st.integers(1, 3650),
        )
    )

    @st.composite
    def build(draw: st.DrawFn) -> Commissioner:
        kind = draw(st.sampled_from(chosen))
        name = draw(_words).capitalize()
        lifetime = draw(lifetimes)
        return Commissioner(
            code=draw(synthetic_codes(kind)),
            name=name,
            kind=kind,
            lifetime=lifetime,
            former=draw(_versions(lifetime, chosen, name, kind)),
        )

    return build()


@st.composite
def _versions(
    draw: st.DrawFn,
    lifetime: Period,
    kinds: Collection[CommissionerKind],
    name: str,
    kind: CommissionerKind,
) -> tuple[BodyVersion, ...]:
    """Up to two former versions strictly inside ``lifetime``, none redundant."""
    room = 3650 if lifetime.end is None else (lifetime.end - lifetime.start).days - 1
    if room < 1:
        return ()
    offsets = sorted(
        draw(st.lists(st.integers(1, room), max_size=2, unique=True)), reverse=True
    )
    versions: list[BodyVersion] = []
    after_name, after_kind = name, kind
    for offset in offsets:  # latest first: each must differ from the one after
        version_kind = draw(st.sampled_from(list(kinds)))
        version_name = draw(_words).capitalize()
        if version_name == after_name and version_kind is after_kind:
            version_name += " (former)"
        versions.append(
            BodyVersion(
                name=version_name,
                kind=version_kind,
                until=lifetime.start + dt.timedelta(days=offset),
            )
        )
        after_name, after_kind = version_name, version_kind
    return tuple(reversed(versions))


def budgets(
    *,
    holder: str | None = None,
    year: FinancialYear | None = None,
    service_codes: Collection[str] | None = None,
    max_lines: int = 5,
) -> st.SearchStrategy[Budget]:
    """
    Budgets of non-negative lines, one per service, perhaps with outturns.

    >>> b = find(budgets(holder="SYN-X24", service_codes=["1", "2"]), lambda b: True)
    >>> b.holder, {line.service for line in b.lines} <= {"1", "2"}
    ('SYN-X24', True)
    """
    holders = (
        st.just(holder) if holder is not None else synthetic_codes(CommissionerKind.ICB)
    )
    years = st.just(year) if year is not None else financial_years()
    codes = (
        st.lists(
            st.sampled_from(sorted(service_codes)), unique=True, max_size=max_lines
        )
        if service_codes
        else st.lists(st.integers(1, 150).map(str), unique=True, max_size=max_lines)
    )
    amounts = money(min_value=Money.zero(), max_value=Money.from_pence(10**11))

    @st.composite
    def build(draw: st.DrawFn) -> Budget:
        lines = [
            BudgetLine(
                service=code,
                allocation=draw(amounts),
                outturn=draw(st.none() | amounts),
            )
            for code in draw(codes)
        ]
        return Budget(holder=draw(holders), year=draw(years), lines=lines)

    return build()


def arrangements(
    *,
    kinds: Collection[ArrangementKind] | None = None,
    receiver: str | None = None,
    service_codes: Collection[str] = ("1", "2", "3"),
    place_codes: Collection[str] = ("SYN-Q01",),
) -> st.SearchStrategy[DelegationArrangement]:
    """
    Arrangements valid as objects (each field sound), not necessarily lawful.

    >>> a = find(arrangements(kinds=[ArrangementKind.ICB_DELEGATION]), lambda a: True)
    >>> a.kind.value, a.legal_liability.value
    ('icb-delegation', 'nhs-england')
    """
    chosen = list(kinds) if kinds is not None else list(ArrangementKind)
    _check(
        bool(chosen) and bool(service_codes) and bool(place_codes),
        "nothing to choose from",
    )
    receivers = (
        st.just(receiver)
        if receiver is not None
        else synthetic_codes(CommissionerKind.ICB)
    )

    @st.composite
    def build(draw: st.DrawFn) -> DelegationArrangement:
        kind = draw(st.sampled_from(chosen))
        period = draw(periods())
        first = period.financial_years()[0]
        return DelegationArrangement(
            id=f"SYN-A{draw(st.integers(0, 9999))}",
            kind=kind,
            receiver=draw(receivers),
            services=draw(
                st.frozensets(st.sampled_from(sorted(service_codes)), min_size=1)
            ),
            places=draw(
                st.frozensets(st.sampled_from(sorted(place_codes)), min_size=1)
            ),
            period=period,
            budget_transferred=draw(
                st.dictionaries(
                    st.just(first), money(min_value=Money.zero()), max_size=1
                )
            ),
            liability_claimed=draw(st.none() | st.sampled_from(LegalLiability)),
            pooled_budget="SYN-POOL" if kind is ArrangementKind.POOLED_BUDGET else None,
        )

    return build()


# -- landscapes ----------------------------------------------------------------------------


@attrs.frozen
class _Plan:
    """A rule-clean landscape and the handles a near miss needs."""

    landscape: Landscape
    year: FinancialYear
    delegated: DelegationArrangement


#: Kinds a lawful plan can hold: every kind the law file gives a window. A
#: wholesale transfer has none: only ministers can move a service out of NHS
#: England's duty (``landscapes(violating="SPC-LEGAL-002")`` makes one).
LAWFUL_KINDS: Final = tuple(
    k for k in ArrangementKind if k.value in DEFAULT_POLICY.arrangement_windows
)
#: The last year whose 1 April start finds CCGs: they were abolished on 1 July
#: 2022 (Health and Care Act 2022), so plans from 2023-24 open with ICBs.
_LAST_CCG_YEAR: Final = FinancialYear.containing(DEFAULT_POLICY.ccg_last_day)
_FIRST_YEAR: Final = FinancialYear.containing(DEFAULT_POLICY.commissioning_from)
_LAST_YEAR: Final = FinancialYear(2029)
_CCG_LIFE: Final = Period(
    start=DEFAULT_POLICY.commissioning_from, end=DEFAULT_POLICY.icbs_from
)
#: The bodies that own places: CCGs, then ICBs. Kinds given to one take its places.
_OWNED: Final = frozenset(
    {
        ArrangementKind.CO_COMMISSIONING,
        ArrangementKind.POOLED_BUDGET,
        ArrangementKind.JOINT_APPOINTMENT,
        ArrangementKind.ICB_DELEGATION,
        ArrangementKind.ICB_DIRECTION,
    }
)
#: Let by contract: no delegation agreement's 1 April start, no approval route.
_CONTRACTS: Final = frozenset(
    {ArrangementKind.LEAD_PROVIDER, ArrangementKind.ALLIANCE_CONTRACT}
)
_AUTHORITIES: Final = (
    Commissioner(
        code="SYN-CA7",
        name="Combined authority",
        kind=CommissionerKind.COMBINED_AUTHORITY,
        lifetime=Period(start=dt.date(2016, 1, 28)),
    ),
    Commissioner(
        code="SYN-LA7",
        name="Local authority",
        kind=CommissionerKind.LOCAL_AUTHORITY,
        lifetime=Period(start=dt.date(2016, 1, 28)),
    ),
)
_TRUST: Final = Commissioner(
    code="SYN-T01",
    name="NHS trust",
    kind=CommissionerKind.NHS_TRUST,
    lifetime=Period(start=dt.date(1999, 4, 1)),
)
_COLLABORATIVE: Final = Commissioner(
    code="SYN-PC7",
    name="Provider collaborative",
    kind=CommissionerKind.PROVIDER_COLLABORATIVE,
    lifetime=Period(start=dt.date(2017, 4, 1)),
    lead=_TRUST.code,
)


def _usable_kinds(
    year: FinancialYear, kinds: Collection[ArrangementKind], *, quiet: bool
) -> list[ArrangementKind]:
    """
    The kinds a plan whose arrangements start in ``year`` can hold lawfully.

    A kind must be lawful on 1 April of the year (the law file's window) and
    have a receiver then: CCGs up to 2022-23, ICBs and their joint committees
    from 2023-24. A quiet plan ends a CCG's arrangements by its abolition on 1
    July 2022, on a 1 April, so none can start in 2022-23.
    """
    start = year.start
    owner = CommissionerKind.CCG if year <= _LAST_CCG_YEAR else CommissionerKind.ICB
    usable = []
    for kind in kinds:
        window = DEFAULT_POLICY.arrangement_windows.get(kind)
        if window is None or not window.contains(start):
            continue
        if kind in _OWNED and owner not in kind.receiver_kinds:
            continue
        if kind is ArrangementKind.JOINT_COMMITTEE and owner is CommissionerKind.CCG:
            continue
        if quiet and kind in _OWNED and year == _LAST_CCG_YEAR:
            continue
        usable.append(kind)
    return usable


def _plan_years(
    kinds: Collection[ArrangementKind], *, quiet: bool, icb_first: bool
) -> list[FinancialYear]:
    """The years a plan can start in, each with at least one usable kind."""
    first = FinancialYear.containing(DEFAULT_POLICY.icb_delegation_from) + 1
    return [
        year
        for year in (
            FinancialYear(y)
            for y in range(_FIRST_YEAR.start_year, _LAST_YEAR.start_year + 1)
        )
        if (
            year >= first
            if icb_first
            else bool(_usable_kinds(year, kinds, quiet=quiet))
        )
    ]


def _approvals(start: dt.date, gaps: tuple[int, ...]) -> tuple[Approval, ...]:
    """Every stage of the route for ``start``, approved in order before it."""
    route = DEFAULT_POLICY.route_for(start)
    if route is None:
        return ()  # before 1 April 2019 no route applies
    stages = [ApprovalStage(stage) for stage in route.stages]
    days = [sum(gaps[i:]) for i in range(len(stages))]
    return tuple(
        Approval(stage=stage, decided_on=start - dt.timedelta(days=before))
        for stage, before in zip(stages, days, strict=True)
    )


@attrs.define
class _Owner:
    """A CCG or ICB and the places it owns (while it exists)."""

    body: Commissioner
    places: list[str]


@attrs.define
class _Draft:
    """A plan being drawn: what is taken, who holds money, what moved."""

    quiet: bool
    delegable: list[str]
    succeeding: dict[str, dt.date] = attrs.Factory(dict)
    taken: dict[tuple[str, str], list[Period]] = attrs.Factory(dict)
    held: dict[str, list[BudgetLine]] = attrs.Factory(dict)
    extra_bodies: dict[str, Commissioner] = attrs.Factory(dict)
    arrangements: list[DelegationArrangement] = attrs.Factory(list)
    baselines: list[Baseline] = attrs.Factory(list)
    pools: list[PooledBudget] = attrs.Factory(list)

    def free(self, places: Collection[str], period: Period) -> list[str]:
        """The delegable services no arrangement covers in ``places`` in ``period``."""
        return [
            s
            for s in self.delegable
            if not any(
                other.overlaps(period)
                for p in places
                for other in self.taken.get((s, p), ())
            )
        ]

    def take(self, arrangement: DelegationArrangement) -> None:
        """Add ``arrangement`` to the plan, its services in its places taken."""
        self.arrangements.append(arrangement)
        for s in arrangement.services:
            for p in arrangement.places:
                self.taken.setdefault((s, p), []).append(arrangement.period)


def _holder(body: Commissioner) -> str:
    """Who holds a receiver's money: a provider collaborative's lead provider."""
    return body.lead if body.lead is not None else body.code


@st.composite
def _arrangement(
    draw: st.DrawFn,
    draft: _Draft,
    kind: ArrangementKind,
    receiver: Commissioner,
    places: list[str],
    start: dt.date,
    *,
    first: bool,
    money_year: FinancialYear | None,
    open_ended: bool = False,
) -> DelegationArrangement | None:
    """One lawful arrangement over free services, with its money; ``None`` if none is free."""
    if kind in _CONTRACTS:
        start += dt.timedelta(days=draw(st.integers(0, 180)))
    year = FinancialYear.containing(start)
    succeeds = draft.succeeding.get(receiver.code)
    end: dt.date | None
    if open_ended:
        end = None
    elif draft.quiet and succeeds is not None:
        # Over before its receiver's succession: nothing passes while in force.
        ends = [(year + j).start for j in range(1, 5) if (year + j).start <= succeeds]
        end = draw(st.sampled_from(ends))
    else:
        end = draw(st.none() | st.integers(1, 4).map(lambda j: (year + j).start))
    period = Period(start=start, end=end)
    paid = kind.money_holder is MoneyHolder.RECEIVER and money_year is not None
    holder = _holder(receiver)
    candidates = [
        s
        for s in draft.free(places, period)
        if not (paid and any(line.service == s for line in draft.held.get(holder, [])))
    ]
    if first:
        services = ["1"]
        candidates = [s for s in candidates if s != "1"]
    elif not candidates:
        return None
    else:
        services = []
    services += draw(
        st.lists(
            st.sampled_from(candidates or ["1"]),
            unique=True,
            min_size=0 if services else 1,
            max_size=3,
        )
    )
    services = sorted(set(services), key=int)
    notice = None
    if end is not None and kind not in _CONTRACTS:
        due = DEFAULT_POLICY.notice_due(end)
        notice = start + dt.timedelta(days=draw(st.integers(0, (due - start).days)))
    approvals = (
        ()
        if kind in _CONTRACTS
        else _approvals(
            start,
            draw(st.tuples(*(st.integers(1, 60) for _ in range(4)))),
        )
    )
    number = len(draft.arrangements)
    transferred: dict[FinancialYear, Money] = {}
    pool = None
    if paid:
        assert money_year is not None
        amounts = money(
            min_value=Money.from_pence(1), max_value=Money.from_pence(5 * 10**9)
        )
        lines = []
        for service in services:
            mine = [
                Baseline(
                    service=service, place=p, year=money_year, amount=draw(amounts)
                )
                for p in sorted(places)
            ]
            draft.baselines += mine
            extra = draw(
                money(min_value=Money.zero(), max_value=Money.from_pence(10**8))
            )
            lines.append(
                BudgetLine(
                    service=service, allocation=sum((b.amount for b in mine), extra)
                )
            )
        draft.held.setdefault(holder, []).extend(lines)
        transferred[money_year] = sum((line.allocation for line in lines), Money.zero())
    if kind is ArrangementKind.POOLED_BUDGET:
        pool = f"SYN-POOL{number}"
        shares = money(min_value=Money.zero(), max_value=Money.from_pence(10**9))
        draft.pools.append(
            PooledBudget(
                code=pool,
                year=year,
                host=draw(st.sampled_from([_ENGLAND_CODE, receiver.code])),
                services=services,
                contributions=[
                    Contribution(contributor=_ENGLAND_CODE, amount=draw(shares)),
                    Contribution(contributor=receiver.code, amount=draw(shares)),
                ],
            )
        )
    arrangement = DelegationArrangement(
        id=f"SYN-{kind.value.upper()}-{number}",
        kind=kind,
        receiver=receiver.code,
        services=services,
        places=places,
        period=period,
        budget_transferred=transferred,
        approvals=approvals,
        notice_given=notice,
        pooled_budget=pool,
    )
    draft.take(arrangement)
    return arrangement


@st.composite
def _receiver(
    draw: st.DrawFn,
    draft: _Draft,
    kind: ArrangementKind,
    owners: list[_Owner],
    all_places: list[str],
    start: dt.date,
) -> tuple[Commissioner, list[str]] | None:
    """A receiver for ``kind`` and the places it takes on, or ``None`` if none can."""
    some_places = st.lists(
        st.sampled_from(all_places), min_size=1, max_size=3, unique=True
    )
    if kind in _OWNED:
        able = [o for o in owners if o.places]
        if not able:
            return None
        owner = draw(st.sampled_from(able))
        return owner.body, sorted(owner.places)
    if kind is ArrangementKind.JOINT_COMMITTEE:
        # A quiet plan's committee keeps its members: none succeeds while it sits.
        able = [
            o
            for o in owners
            if o.places and not (draft.quiet and o.body.code in draft.succeeding)
        ]
        if not able:
            return None
        members = draw(
            st.lists(
                st.sampled_from(able),
                min_size=1,
                max_size=3,
                unique_by=lambda o: o.body.code,
            )
        )
        covered = sorted({p for o in members for p in o.places})
        letter = _ALPHANUMERIC[
            sum(1 for c in draft.extra_bodies if c.startswith("SYN-JC"))
        ]
        committee = Commissioner(
            code=f"SYN-JC{letter}",
            name=f"Joint committee {letter}",
            kind=CommissionerKind.JOINT_COMMITTEE,
            lifetime=Period(start=DEFAULT_POLICY.icb_delegation_from),
            members={_ENGLAND_CODE, *(o.body.code for o in members)},
        )
        draft.extra_bodies[committee.code] = committee
        chosen = draw(st.lists(st.sampled_from(covered), min_size=1, unique=True))
        return committee, sorted(chosen)
    if kind is ArrangementKind.INTERNAL_DELEGATION:
        # Regions (as ODS codes them) from April 2018: before, NHS England itself.
        body = draw(st.sampled_from([b for b in _INTERNAL if b.exists_on(start)]))
        return body, sorted(draw(some_places))
    if kind is ArrangementKind.DEVOLVED_ARRANGEMENT:
        body = draw(st.sampled_from(_AUTHORITIES))
    else:
        body = draw(st.sampled_from([b for b in _PROVIDERS if b.exists_on(start)]))
        draft.extra_bodies[_TRUST.code] = _TRUST  # the collaborative's lead too
    draft.extra_bodies[body.code] = body
    return body, sorted(draw(some_places))


_ENGLAND: Final = Commissioner(
    code=_ENGLAND_CODE,
    name="NHS England",
    kind=CommissionerKind.NHS_ENGLAND,
    lifetime=Period(start=dt.date(2012, 10, 1)),
)
_REGION: Final = Commissioner(
    code=_REGION_CODE,
    name="Region",
    kind=CommissionerKind.REGION,
    lifetime=Period(start=dt.date(2018, 4, 1)),
)
_INTERNAL: Final = (_REGION, _ENGLAND)
_PROVIDERS: Final = (_TRUST, _COLLABORATIVE)


@attrs.frozen
class _PlaceDraw:
    """What is drawn for one place, and for the owner whose first place it is."""

    size: int
    shares: bool  # shares the owner of the place before it
    renamed: bool  # has a former name
    was_stp: bool  # its owner, an ICB from 1 July 2022, was an STP before
    succession: SuccessionKind | None  # what happens to its owner (ICB era)
    pick: int  # which successor or survivor takes it


def _icb(code: str, start: dt.date, *, was_stp: bool) -> Commissioner:
    """An ICB from ``start``; one from 1 July 2022 perhaps an STP before (as QE1 was)."""
    if start == DEFAULT_POLICY.icbs_from and was_stp:
        return Commissioner(
            code=code,
            name=f"ICB {code}",
            kind=CommissionerKind.ICB,
            lifetime=_STP_ICB_LIFE,
            region=_REGION_CODE,
            former=[_STP_VERSION],
        )
    return Commissioner(
        code=code,
        name=f"ICB {code}",
        kind=CommissionerKind.ICB,
        lifetime=Period(start=start),
        region=_REGION_CODE,
    )


@st.composite
def _clean_plans(  # noqa: PLR0912, PLR0915 - one plan, drawn in order
    draw: st.DrawFn,
    min_services: int,
    max_services: int,
    min_places: int,
    max_places: int,
    year: FinancialYear | None,
    *,
    kinds: tuple[ArrangementKind, ...] = LAWFUL_KINDS,
    quiet: bool = True,
    icb_first: bool = True,
) -> _Plan:
    # Every choice about a place in one block, so that a smaller plan is a
    # larger one with blocks deleted: failing examples shrink to few places.
    drawn = draw(
        st.lists(
            st.builds(
                _PlaceDraw,
                size=st.integers(300_000, 3_000_000),
                shares=st.booleans(),
                renamed=st.booleans(),
                was_stp=st.booleans(),
                succession=st.sampled_from([None, *SuccessionKind]),
                pick=st.integers(0, len(_ALPHANUMERIC) - 1),
            ),
            min_size=min_places,
            max_size=max_places,
        )
    )
    place_count = len(drawn)
    smallest = min(d.size for d in drawn)
    service_count = draw(st.integers(min_services, max_services))
    service_list = []
    for number in range(1, service_count + 1):
        # Service 1 can always be delegated, so every plan has an arrangement.
        delegable = number == 1 or draw(st.booleans())
        population = draw(st.integers(1, smallest if delegable else 60_000_000))
        service_list.append(
            _service(
                str(number),
                f"service {number}",
                draw(st.sampled_from(ProgrammeOfCare)),
                Population(population),
                not delegable and draw(st.booleans()),
                True,
            )
        )
    delegable_codes = [
        s.code
        for s in service_list
        if s.planning_population is not None
        and s.planning_population.persons <= smallest
        and not s.highly_specialised
    ]
    if year is None:
        year = draw(
            st.sampled_from(_plan_years(kinds, quiet=quiet, icb_first=icb_first))
        )
    start = year.start
    ccg_era = year <= _LAST_CCG_YEAR
    # Owners: body 0 owns place 0 alone (a near miss's footprint); each later
    # place shares the owner of the place before it or has one of its own.
    owner_of = [0]
    for p in range(1, place_count):
        shares = p > 1 and drawn[p].shares
        owner_of.append(owner_of[-1] if shares else max(owner_of) + 1)
    owner_count = max(owner_of) + 1
    #: The block that speaks for each owner: that of its first place.
    lead = [owner_of.index(i) for i in range(owner_count)]
    place_codes = [f"SYN-L{i:02d}" for i in range(place_count)]
    if ccg_era:
        owners = [
            Commissioner(
                code=f"SYN-{i:02d}C",
                name=f"CCG {i:02d}C",
                kind=CommissionerKind.CCG,
                lifetime=_CCG_LIFE,
                region=_REGION_CODE,
            )
            for i in range(owner_count)
        ]
    else:
        owners = [
            _icb(
                f"SYN-Q{i:02d}",
                DEFAULT_POLICY.icbs_from,
                was_stp=drawn[lead[i]].was_stp,
            )
            for i in range(owner_count)
        ]
    # -- successions: CCGs merge into ICBs on 1 July 2022; ICBs merge, are
    # renamed, split or close on a later 1 April, their places moving.
    successions: list[Succession] = []
    new_bodies: dict[str, Commissioner] = {}
    after: dict[int, str | None] = {}  # place -> its owner from the succession day
    if ccg_era:
        day = DEFAULT_POLICY.icbs_from
        for i, ccg in enumerate(owners):
            block = drawn[lead[i]]
            code = f"SYN-QN{_ALPHANUMERIC[block.pick % owner_count]}"
            if code not in new_bodies:
                new_bodies[code] = _icb(code, day, was_stp=block.was_stp)
            successions.append(
                Succession(
                    predecessor=ccg.code,
                    successor=code,
                    effective=day,
                    kind=SuccessionKind.MERGER,
                )
            )
        for p, i in enumerate(owner_of):
            after[p] = successions[i].successor
    else:
        day = (year + draw(st.integers(1, 3))).start
        closed: list[int] = []
        survivors: list[str] = []
        for i, icb in enumerate(owners):
            how = (
                None
                # Body 0 stays: a near miss's receiver, a quiet committee's member.
                if (i == 0 and quiet) or i >= len(_ALPHANUMERIC)
                else drawn[lead[i]].succession
            )
            mine = [p for p, o in enumerate(owner_of) if o == i]
            letter = _ALPHANUMERIC[i]
            if how is None:
                survivors.append(icb.code)
                continue
            if how is SuccessionKind.CLOSURE:
                successions.append(
                    Succession(predecessor=icb.code, effective=day, kind=how)
                )
                closed += mine
                continue
            if how is SuccessionKind.SPLIT:
                parts = [f"SYN-QS{letter}", f"SYN-QT{letter}"]
            elif how is SuccessionKind.RENAME:
                parts = [f"SYN-QR{letter}"]
            else:
                parts = ["SYN-QM1"]
            for code in parts:
                new_bodies.setdefault(code, _icb(code, day, was_stp=False))
                successions.append(
                    Succession(
                        predecessor=icb.code, successor=code, effective=day, kind=how
                    )
                )
            for p in mine:
                after[p] = parts[drawn[p].pick % len(parts)]
        survivors += sorted(new_bodies)
        for p in closed:
            after[p] = survivors[drawn[p].pick % len(survivors)] if survivors else None
    ended = {s.predecessor for s in successions}
    owners = [
        attrs.evolve(b, lifetime=Period(start=b.lifetime.start, end=day))
        if b.code in ended
        else b
        for b in owners
    ]
    first_day = (
        DEFAULT_POLICY.commissioning_from if ccg_era else DEFAULT_POLICY.icbs_from
    )
    places = []
    for p, code in enumerate(place_codes):
        owner = owners[owner_of[p]].code
        if owner in ended:
            memberships = [
                Membership(commissioner=owner, period=Period(start=first_day, end=day))
            ]
            moved_to = after.get(p)
            if moved_to is not None:
                memberships.append(
                    Membership(commissioner=moved_to, period=Period(start=day))
                )
        else:
            memberships = [
                Membership(commissioner=owner, period=Period(start=first_day))
            ]
        places.append(
            Place(
                code=code,
                name=f"Area {p}",
                population=Population(drawn[p].size),
                memberships=memberships,
                # Some places were renamed, keeping their code (sub-ICB locations).
                former_names=[_FORMER_AREA] if drawn[p].renamed else [],
            )
        )
    # -- arrangements from 1 April of the year, with the year's money
    draft = _Draft(quiet=quiet, delegable=delegable_codes)
    draft.succeeding = dict.fromkeys(ended, day)
    before = [
        _Owner(b, [place_codes[p] for p, o in enumerate(owner_of) if o == i])
        for i, b in enumerate(owners)
    ]
    usable = _usable_kinds(year, kinds, quiet=quiet)
    if icb_first:
        first = draw(
            _arrangement(
                draft,
                ArrangementKind.ICB_DELEGATION,
                owners[0],
                [place_codes[0]],
                start,
                first=True,
                money_year=year,
                open_ended=True,
            )
        )
    else:
        kind = draw(st.sampled_from(usable))
        chosen = draw(_receiver(draft, kind, before, place_codes, start))
        # Every owner owns a place at the start; body 0 never succeeds.
        assert chosen is not None
        first = draw(
            _arrangement(
                draft, kind, chosen[0], chosen[1], start, first=True, money_year=year
            )
        )
    assert first is not None
    for _ in range(draw(st.integers(0, owner_count + 2))):
        if not usable:
            break
        kind = draw(st.sampled_from(usable))
        chosen = draw(_receiver(draft, kind, before, place_codes, start))
        if chosen is not None:
            draw(
                _arrangement(
                    draft,
                    kind,
                    chosen[0],
                    chosen[1],
                    start,
                    first=False,
                    money_year=year,
                )
            )
    # -- later arrangements under which NHS England keeps the money, to the
    # bodies of after the succession day, over the places as they moved
    later = DEFAULT_POLICY.next_delegation_start(day)
    after_owners: dict[str, list[str]] = {}
    for p, code in enumerate(place_codes):
        owner = owners[owner_of[p]].code
        now = after.get(p) if owner in ended else owner
        if now is not None:
            after_owners.setdefault(now, []).append(code)
    bodies_after = {b.code: b for b in [*owners, *new_bodies.values()]}
    rest = [
        _Owner(bodies_after[code], held_places)
        for code, held_places in sorted(after_owners.items())
        if bodies_after[code].exists_on(later)
    ]
    quiet_kinds = [
        k
        for k in _usable_kinds(FinancialYear.containing(later), kinds, quiet=quiet)
        if k.money_holder is MoneyHolder.NHS_ENGLAND
    ]
    if quiet_kinds and rest:
        for _ in range(draw(st.integers(0, 2))):
            kind = draw(st.sampled_from(quiet_kinds))
            chosen = draw(_receiver(draft, kind, rest, place_codes, later))
            if chosen is not None:
                draw(
                    _arrangement(
                        draft,
                        kind,
                        chosen[0],
                        chosen[1],
                        later,
                        first=False,
                        money_year=None,
                    )
                )
    # -- the year's money: what NHS England keeps, what moved, what it pooled
    amounts = money(
        min_value=Money.from_pence(1), max_value=Money.from_pence(5 * 10**9)
    )
    retained = [
        BudgetLine(service=s.code, allocation=draw(amounts)) for s in service_list
    ]
    budgets_ = [
        Budget(holder=holder, year=year, lines=_outturns(draw, lines))
        for holder, lines in [(_ENGLAND_CODE, retained), *sorted(draft.held.items())]
    ]
    pooled = sum(
        (pool.contributed_by(_ENGLAND_CODE) for pool in draft.pools), Money.zero()
    )
    total = sum((b.allocation for b in budgets_), pooled)
    bodies = [
        _ENGLAND,
        _REGION,
        *owners,
        *new_bodies.values(),
        *(draft.extra_bodies[c] for c in sorted(draft.extra_bodies)),
    ]
    landscape = Landscape(
        name="generated",
        catalogue=PrescribedServices(
            services=service_list, effective=dt.date(2013, 4, 1)
        ),
        commissioners=bodies,
        places=places,
        arrangements=draft.arrangements,
        allocations=[Allocation(year=year, amount=total, source="generated")],
        budgets=budgets_,
        baselines=draft.baselines,
        pooled_budgets=draft.pools,
        successions=successions,
    )
    return _Plan(landscape=landscape, year=year, delegated=first)


def _outturns(draw: st.DrawFn, lines: list[BudgetLine]) -> list[BudgetLine]:
    """Lines spent exactly, or not yet reported: no variance to report."""
    return [
        attrs.evolve(line, outturn=line.allocation) if draw(st.booleans()) else line
        for line in lines
    ]


# -- near misses: each breaks exactly one rule ----------------------------------------------

Breaker = Callable[[st.DrawFn, _Plan], Landscape]


def _with(plan: _Plan, **changes: Any) -> Landscape:  # noqa: ANN401
    """The plan with its first delegation changed."""
    changed = attrs.evolve(plan.delegated, **changes)
    arrangements_ = [
        changed if a is plan.delegated else a for a in plan.landscape.arrangements
    ]
    return attrs.evolve(plan.landscape, arrangements=arrangements_)


def _adding(landscape: Landscape, **extra: Any) -> Landscape:  # noqa: ANN401
    changes: dict[str, Any] = {
        name: (*getattr(landscape, name), *items) for name, items in extra.items()
    }
    return attrs.evolve(landscape, **changes)


def _new_service(landscape: Landscape, population: int) -> tuple[Landscape, str]:
    code = str(len(landscape.catalogue) + 1)
    service = _service(
        code, "added", ProgrammeOfCare.CANCER, Population(population), False, True
    )
    catalogue = attrs.evolve(
        landscape.catalogue, services=(*landscape.catalogue, service)
    )
    return attrs.evolve(landscape, catalogue=catalogue), code


def _redefine(landscape: Landscape, code: str, **changes: Any) -> Landscape:  # noqa: ANN401
    services_ = [
        attrs.evolve(s, **changes) if s.code == code else s for s in landscape.catalogue
    ]
    return attrs.evolve(
        landscape, catalogue=attrs.evolve(landscape.catalogue, services=services_)
    )


def _pop_001(draw: st.DrawFn, plan: _Plan) -> Landscape:
    landscape, code = _new_service(
        plan.landscape, draw(st.integers(10_000_000, 60_000_000))
    )
    board = PlanningBoard(
        code="SYN-PB",
        name="Board",
        led_by=_REGION_CODE,
        services={code},
        # In the 2019/20 guidance's era, the only dates SPC-POP-001 judges.
        period=Period(start=_POPULATION_ERA_START),
    )
    return _adding(landscape, planning_boards=[board])


def _pop_002(draw: st.DrawFn, plan: _Plan) -> Landscape:
    footprint = plan.landscape.footprint_population(plan.delegated.places).persons
    population = draw(st.integers(footprint + 1, 9_999_999))
    return _redefine(plan.landscape, "1", planning_population=Population(population))


def _pop_003(draw: st.DrawFn, plan: _Plan) -> Landscape:
    return _redefine(plan.landscape, "1", highly_specialised=True)


def _icb_001(draw: st.DrawFn, plan: _Plan) -> Landscape:
    # Suitable and ready only from a day after the delegation starts.
    late = plan.delegated.period.start + dt.timedelta(days=draw(st.integers(1, 800)))
    return _redefine(plan.landscape, "1", delegable_from=late)


def _min_001(draw: st.DrawFn, plan: _Plan) -> Landscape:
    change = CatalogueChange(
        action=ChangeAction.REMOVE,
        code="1",
        effective=draw(st.dates(dt.date(2013, 4, 1))),
    )
    return _adding(plan.landscape, proposed_changes=[ProposedChange(change=change)])


def _min_002(draw: st.DrawFn, plan: _Plan) -> Landscape:
    signed = draw(st.dates(dt.date(2022, 7, 1), dt.date(2030, 1, 1)))
    sign_off = MinisterialSignOff(
        signed_by="Secretary of State",
        role=Signatory.SECRETARY_OF_STATE,
        signed_on=signed,
        factors=frozenset(StatutoryFactor),
    )
    change = CatalogueChange(action=ChangeAction.REMOVE, code="1", effective=signed)
    return _adding(
        plan.landscape,
        proposed_changes=[ProposedChange(change=change, sign_off=sign_off)],
    )


def _money_001(draw: st.DrawFn, plan: _Plan) -> Landscape:
    year = plan.year
    needed = sum(
        (
            plan.landscape.baseline(s, p, year) or Money.zero()
            for s in plan.delegated.services
            for p in plan.delegated.places
        ),
        Money.zero(),
    )
    short = draw(st.integers(1, needed.pence))
    moved = Money.from_pence(needed.pence - short)
    landscape = _with(plan, budget_transferred={year: moved})
    # The receiver's budget holds what moved (SPC-MONEY-002); NHS England
    # keeps the rest, so the year still balances (SPC-CONS-001).
    return _holding(landscape, plan.delegated, moved, year)


def _holding(
    landscape: Landscape,
    arrangement: DelegationArrangement,
    amount: Money,
    year: FinancialYear,
) -> Landscape:
    """
    The receiver's lines for ``arrangement``'s services cut to ``amount``.

    The cut, in ``year``, is added to NHS England's budget; other lines stay.
    """
    budget = landscape.budget(arrangement.receiver, year)
    if budget is None:  # pragma: no cover - every delegation's ICB has a budget
        return landscape
    # A line spent exactly stays so: its outturn moves with its allocation
    # (else the cut would read as an overspend, SPC-CONS-002).
    left, lines, cut = amount, [], Money.zero()
    for line in budget.lines:
        if line.service not in arrangement.services:
            lines.append(line)
            continue
        kept = min(line.allocation, left)
        left -= kept
        cut += line.allocation - kept
        lines.append(_reallocated(line, kept))
    budgets_ = []
    for each in landscape.budgets:
        changed = each
        if each is budget:
            changed = attrs.evolve(each, lines=lines)
        elif each.holder == _ENGLAND_CODE and each.year == year:
            first, *rest = each.lines
            changed = attrs.evolve(
                each, lines=[_reallocated(first, first.allocation + cut), *rest]
            )
        budgets_.append(changed)
    return attrs.evolve(landscape, budgets=budgets_)


def _reallocated(line: BudgetLine, allocation: Money) -> BudgetLine:
    """``line`` with a new allocation; an outturn that equalled it follows it."""
    spent = (
        None if line.outturn is None else line.outturn + (allocation - line.allocation)
    )
    return attrs.evolve(line, allocation=allocation, outturn=spent)


def _money_002(draw: st.DrawFn, plan: _Plan) -> Landscape:
    moved = plan.delegated.transferred(plan.year)
    more = Money.from_pence(draw(st.integers(1, 10**8)))
    return _with(plan, budget_transferred={plan.year: moved + more})


def _money_003(draw: st.DrawFn, plan: _Plan) -> Landscape:
    # A delegation that records money moved in a later year but none in this
    # one, in which its ICB holds nothing for it and no baseline is owed.
    year, places = plan.year, plan.delegated.places
    later = year + draw(st.integers(1, 3))
    amount = draw(
        money(min_value=Money.from_pence(1), max_value=Money.from_pence(10**8))
    )
    landscape = _with(plan, budget_transferred={later: amount})
    landscape = _holding(landscape, plan.delegated, Money.zero(), year)
    baselines = [b for b in landscape.baselines if b.place not in places]
    # The later year balances: the ICB holds what moved to it then, and that
    # is the year's whole allocation (SPC-MONEY-002, SPC-CONS-001).
    held = Budget(
        holder=plan.delegated.receiver,
        year=later,
        lines=[BudgetLine(service=min(plan.delegated.services), allocation=amount)],
    )
    return attrs.evolve(
        landscape,
        baselines=baselines,
        budgets=[*landscape.budgets, held],
        allocations=[
            *landscape.allocations,
            Allocation(year=later, amount=amount, source="generated"),
        ],
    )


def _money_004(draw: st.DrawFn, plan: _Plan) -> Landscape:
    budget = plan.landscape.budget(plan.delegated.receiver, plan.year)
    if budget is None:  # pragma: no cover - every delegation's ICB has a budget
        return plan.landscape
    index = draw(st.integers(0, len(budget.lines) - 1))
    lines = [
        attrs.evolve(line, kept_by_nhs_england=True) if i == index else line
        for i, line in enumerate(budget.lines)
    ]
    budgets_ = [
        attrs.evolve(b, lines=lines) if b is budget else b
        for b in plan.landscape.budgets
    ]
    return attrs.evolve(plan.landscape, budgets=budgets_)


def _legal_001(draw: st.DrawFn, plan: _Plan) -> Landscape:
    landscape, code = _new_service(plan.landscape, 1)
    authority = Commissioner(
        code="SYN-CA1",
        name="Combined authority",
        kind=CommissionerKind.COMBINED_AUTHORITY,
        lifetime=Period(start=dt.date(2011, 4, 1)),
    )
    early = DelegationArrangement(
        id="SYN-EARLY",
        kind=ArrangementKind.DEVOLVED_ARRANGEMENT,
        receiver="SYN-CA1",
        services={code},
        places={min(plan.delegated.places)},
        period=Period(start=dt.date(draw(st.integers(2013, 2015)), 4, 1)),
    )
    return _adding(landscape, commissioners=[authority], arrangements=[early])


def _legal_002(draw: st.DrawFn, plan: _Plan) -> Landscape:
    return _with(plan, kind=ArrangementKind.WHOLESALE_TRANSFER)


def _legal_003(draw: st.DrawFn, plan: _Plan) -> Landscape:
    trust = Commissioner(
        code=draw(synthetic_codes(CommissionerKind.NHS_TRUST)),
        name="Trust",
        kind=CommissionerKind.NHS_TRUST,
        lifetime=Period(start=dt.date(1999, 4, 1)),
    )
    return _with(
        _Plan(
            _adding(plan.landscape, commissioners=[trust]), plan.year, plan.delegated
        ),
        receiver=trust.code,
    )


def _acc_001(draw: st.DrawFn, plan: _Plan) -> Landscape:
    return _with(plan, liability_claimed=LegalLiability.RECEIVER)


def _stp(plan: _Plan) -> Commissioner:
    return Commissioner(
        code="SYN-QZZ",
        name="Partnership",
        kind=CommissionerKind.STP,
        lifetime=Period(start=dt.date(2016, 4, 1), end=dt.date(2022, 7, 1)),
    )


def _body_001(draw: st.DrawFn, plan: _Plan) -> Landscape:
    retained = plan.landscape.budget(_ENGLAND_CODE, plan.year)
    assert retained is not None
    line = retained.lines[0]
    moved = draw(money(min_value=Money.zero(), max_value=line.allocation))
    # A line spent exactly stays so: its outturn moves with its allocation.
    lines = [_reallocated(line, line.allocation - moved), *retained.lines[1:]]
    stp_budget = Budget(
        holder="SYN-QZZ",
        year=plan.year,
        lines=[BudgetLine(service=line.service, allocation=moved)],
    )
    budgets_ = [
        attrs.evolve(retained, lines=lines) if b is retained else b
        for b in plan.landscape.budgets
    ]
    return attrs.evolve(
        plan.landscape,
        commissioners=(*plan.landscape.commissioners, _stp(plan)),
        budgets=[*budgets_, stp_budget],
    )


def _body_002(draw: st.DrawFn, plan: _Plan) -> Landscape:
    board = PlanningBoard(
        code="SYN-PB",
        name="Board",
        led_by=_REGION_CODE,
        decision_makers={"SYN-QZZ"},
        period=Period(start=plan.year.start),
    )
    return _adding(plan.landscape, commissioners=[_stp(plan)], planning_boards=[board])


def _body_003(draw: st.DrawFn, plan: _Plan) -> Landscape:
    landscape, code = _new_service(plan.landscape, 1)
    independent = Commissioner(
        code="SYN-IP1",
        name="Independent provider",
        kind=CommissionerKind.INDEPENDENT_PROVIDER,
        lifetime=Period(start=dt.date(2000, 1, 1)),
    )
    contract = DelegationArrangement(
        id="SYN-LEAD",
        kind=ArrangementKind.LEAD_PROVIDER,
        receiver="SYN-IP1",
        services={code},
        places={min(plan.delegated.places)},
        period=Period(start=plan.year.start),
    )
    return _adding(landscape, commissioners=[independent], arrangements=[contract])


def _body_004(draw: st.DrawFn, plan: _Plan) -> Landscape:
    odd = Commissioner(
        code="SYN-"
        + draw(st.text(alphabet="ABCDEFGHIJKLMNOP", min_size=4, max_size=9)),
        name="Odd",
        kind=CommissionerKind.ICB,
        lifetime=_ICB_LIFE,
    )
    return _adding(plan.landscape, commissioners=[odd])


def _appr_001(draw: st.DrawFn, plan: _Plan) -> Landscape:
    first, _, last = plan.delegated.approvals
    return _with(plan, approvals=(first, last))


def _appr_002(draw: st.DrawFn, plan: _Plan) -> Landscape:
    first, middle, last = plan.delegated.approvals
    earlier = first.decided_on - dt.timedelta(days=draw(st.integers(1, 30)))
    return _with(
        plan, approvals=(first, attrs.evolve(middle, decided_on=earlier), last)
    )


def _appr_003(draw: st.DrawFn, plan: _Plan) -> Landscape:
    return _with(plan, approvals=plan.delegated.approvals[: draw(st.integers(0, 2))])


def _time_001(draw: st.DrawFn, plan: _Plan) -> Landscape:
    start = plan.year.start + dt.timedelta(days=draw(st.integers(1, 300)))
    return _with(plan, period=Period(start=start))


def _time_002(draw: st.DrawFn, plan: _Plan) -> Landscape:
    end = (plan.year + draw(st.integers(1, 3))).start
    due = dt.date(end.year - 1, 9, 30)
    notice = draw(
        st.none() | st.dates(due + dt.timedelta(days=1), end - dt.timedelta(days=1))
    )
    return _with(
        plan, period=Period(start=plan.year.start, end=end), notice_given=notice
    )


def _spec_001(draw: st.DrawFn, plan: _Plan) -> Landscape:
    return _with(
        plan,
        specifications={
            "1": "LOCAL-" + draw(st.text(alphabet="0123456789", min_size=1, max_size=4))
        },
    )


def _cov_001(draw: st.DrawFn, plan: _Plan) -> Landscape:
    later = attrs.evolve(
        plan.delegated,
        id="SYN-SECOND",
        kind=ArrangementKind.JOINT_APPOINTMENT,
        period=Period(start=(plan.year + draw(st.integers(1, 3))).start),
        budget_transferred={},
    )
    return _adding(plan.landscape, arrangements=[later])


def _cov_002(draw: st.DrawFn, plan: _Plan) -> Landscape:
    successor = Commissioner(
        code="SYN-QZY",
        name="Merged ICB",
        kind=CommissionerKind.ICB,
        lifetime=_ICB_LIFE,
    )
    day = (plan.year + draw(st.integers(1, 3))).start
    merger = Succession(
        predecessor=plan.delegated.receiver,
        successor="SYN-QZY",
        effective=day,
        kind=SuccessionKind.MERGER,
    )
    # A succession closes its predecessor: the merged ICB's lifetime ends then.
    bodies = [
        attrs.evolve(b, lifetime=Period(start=b.lifetime.start, end=day))
        if b.code == merger.predecessor
        else b
        for b in plan.landscape.commissioners
    ]
    return attrs.evolve(
        plan.landscape,
        commissioners=[*bodies, successor],
        successions=[*plan.landscape.successions, merger],
    )


def _retained_line(draw: st.DrawFn, plan: _Plan, *, outturn: int) -> Landscape:
    retained = plan.landscape.budget(_ENGLAND_CODE, plan.year)
    assert retained is not None
    line = retained.lines[0]
    if outturn > 0:
        spent = line.allocation + Money.from_pence(draw(st.integers(1, 10**10)))
    else:
        spent = Money.from_pence(draw(st.integers(0, line.allocation.pence - 1)))
    # The rest spend exactly, so the budget's variance is this line's alone.
    lines = [
        attrs.evolve(line, outturn=spent),
        *(
            attrs.evolve(other, outturn=other.allocation)
            for other in retained.lines[1:]
        ),
    ]
    budgets_ = [
        attrs.evolve(retained, lines=lines) if b is retained else b
        for b in plan.landscape.budgets
    ]
    return attrs.evolve(plan.landscape, budgets=budgets_)


def _joint_committee(
    draw: st.DrawFn, plan: _Plan, members: set[str], *, paid: bool
) -> Landscape:
    """A joint committee given a new service over the first delegation's place."""
    landscape, code = _new_service(plan.landscape, 1)
    committee = Commissioner(
        code="SYN-JC1",
        name="Joint committee",
        kind=CommissionerKind.JOINT_COMMITTEE,
        lifetime=_ICB_LIFE,
        members=members,
    )
    moved = draw(money(min_value=Money.from_pence(1))) if paid else None
    joint = attrs.evolve(
        plan.delegated,
        id="SYN-JOINT",
        kind=ArrangementKind.JOINT_COMMITTEE,
        receiver=committee.code,
        services={code},
        budget_transferred={} if moved is None else {plan.year: moved},
    )
    return _adding(landscape, commissioners=[committee], arrangements=[joint])


def _body_005(draw: st.DrawFn, plan: _Plan) -> Landscape:
    return _joint_committee(
        draw, plan, {plan.delegated.receiver, _REGION_CODE}, paid=False
    )


def _body_006(draw: st.DrawFn, plan: _Plan) -> Landscape:
    return _joint_committee(
        draw, plan, {plan.delegated.receiver, _ENGLAND_CODE}, paid=True
    )


def _cov_003(draw: st.DrawFn, plan: _Plan) -> Landscape:
    neighbour = Commissioner(
        code="SYN-QZY",
        name="Neighbouring ICB",
        kind=CommissionerKind.ICB,
        lifetime=_ICB_LIFE,
        region=_REGION_CODE,
    )
    area = Place(
        code="SYN-QZY",
        name="Area of SYN-QZY",
        population=Population(draw(st.integers(1, 100_000))),
        memberships=(Membership(commissioner="SYN-QZY", period=_ICB_LIFE),),
    )
    landscape = _adding(plan.landscape, commissioners=[neighbour], places=[area])
    return _with(
        _Plan(landscape, plan.year, plan.delegated),
        places=plan.delegated.places | {"SYN-QZY"},
    )


def _cons_001(draw: st.DrawFn, plan: _Plan) -> Landscape:
    gap = Money.from_pence(draw(st.integers(1, 10**10)))
    allocations = [
        attrs.evolve(a, amount=a.amount + gap) for a in plan.landscape.allocations
    ]
    return attrs.evolve(plan.landscape, allocations=allocations)


def _cons_002(draw: st.DrawFn, plan: _Plan) -> Landscape:
    return _retained_line(draw, plan, outturn=1)


def _cons_003(draw: st.DrawFn, plan: _Plan) -> Landscape:
    return _retained_line(draw, plan, outturn=-1)


_BREAKERS: Final[dict[str, Breaker]] = {
    "SPC-POP-001": _pop_001,
    "SPC-POP-002": _pop_002,
    "SPC-POP-003": _pop_003,
    "SPC-MIN-001": _min_001,
    "SPC-MIN-002": _min_002,
    "SPC-MONEY-001": _money_001,
    "SPC-MONEY-002": _money_002,
    "SPC-MONEY-003": _money_003,
    "SPC-MONEY-004": _money_004,
    "SPC-LEGAL-001": _legal_001,
    "SPC-LEGAL-002": _legal_002,
    "SPC-LEGAL-003": _legal_003,
    "SPC-ACC-001": _acc_001,
    "SPC-BODY-001": _body_001,
    "SPC-BODY-002": _body_002,
    "SPC-BODY-003": _body_003,
    "SPC-BODY-004": _body_004,
    "SPC-BODY-005": _body_005,
    "SPC-BODY-006": _body_006,
    "SPC-APPR-001": _appr_001,
    "SPC-APPR-002": _appr_002,
    "SPC-APPR-003": _appr_003,
    "SPC-TIME-001": _time_001,
    "SPC-TIME-002": _time_002,
    "SPC-SPEC-001": _spec_001,
    "SPC-COV-001": _cov_001,
    "SPC-COV-002": _cov_002,
    "SPC-COV-003": _cov_003,
    "SPC-CONS-001": _cons_001,
    "SPC-CONS-002": _cons_002,
    "SPC-CONS-003": _cons_003,
    "SPC-ICB-001": _icb_001,
}

#: The rule codes ``landscapes(violating=...)`` can break: every default rule.
NEAR_MISS_CODES: Final = tuple(_BREAKERS)


def landscapes(
    *,
    min_services: int = 1,
    max_services: int = 6,
    min_places: int = 1,
    max_places: int = 4,
    year: FinancialYear | None = None,
    violating: str | None = None,
    kinds: Collection[ArrangementKind] | None = None,
    quiet: bool = False,
) -> st.SearchStrategy[Landscape]:
    """
    Whole plans: bodies, places, services, arrangements of every lawful kind, money.

    A plan starts its arrangements on 1 April of a year from 2013-14 to 2029-30
    (``year`` fixes it). Up to 2022-23 its places belong to CCGs, which merge
    into ICBs on 1 July 2022; from 2023-24 to ICBs, which may merge, be
    renamed, split (each place's membership says which part takes it) or close
    (its places moving to another ICB) on a later 1 April. Arrangements of
    every kind in ``kinds`` (all of :data:`LAWFUL_KINDS` by default) are
    drawn where the law file makes the kind lawful on the day, to a receiver
    that can take it: CCGs and ICBs (their own places), joint committees of
    NHS England and ICBs (their members' places), NHS England and its
    regions, combined and local authorities, NHS trusts and provider
    collaboratives. Each is open-ended or ends on a 1 April with notice in
    time, and carries the approvals of its era's route. After the succession
    day, further arrangements under which NHS England keeps the money go to
    the bodies that then own the places.

    The plan's money is that of its first year: NHS England's budget for every
    service; each arrangement under which the receiver holds the money moves
    exactly its holder's budget lines for its services (a provider
    collaborative's lead provider holds them), at least the baselines of its
    places; none moves to a kind under which NHS England keeps the money;
    s.13V pools with NHS England's and the receiver's contributions; and the
    national allocation equals every budget plus NHS England's pool
    contributions. Outturns, where reported, equal allocations.

    With ``violating=None`` ``check`` reports no error on any plan. An
    arrangement in force when its receiver's succession takes effect passes to
    the successor (or, on a closure, returns to NHS England): SPC-COV-002
    reports that, as information (a warning for a closure), and nothing else
    is reported. ``quiet=True`` ends such arrangements by the succession day,
    so that ``check`` reports nothing at all.

    With ``violating="SPC-…"`` every plan breaks exactly that rule and no other
    (the strongest test that a rule fires when it should and only then). Such a
    plan is quiet, starts in 2023-24 or later, and opens with an ICB
    delegation the near miss changes.

    Raises:
        hypothesis.errors.InvalidArgument: for bounds out of order, an unknown
            rule code, a wholesale transfer among ``kinds`` (never lawful by
            arrangement), ``kinds`` given as a string or together with
            ``violating``, a ``quiet`` that is not a bool, or a ``year`` no
            kind in ``kinds`` can start in.

    >>> from speccom_model import check
    >>> near_miss = find(landscapes(violating="SPC-MONEY-001"), lambda plan: True)
    >>> check(near_miss).codes()
    frozenset({'SPC-MONEY-001'})
    >>> landscapes(kinds=[ArrangementKind.ICB_DELEGATION], year=FinancialYear(2019))
    Traceback (most recent call last):
    hypothesis.errors.InvalidArgument: no kind in kinds=['icb-delegation'] can start in 2019-20; ...
    """
    _check(1 <= min_services <= max_services, "need 1 <= min_services <= max_services")
    _check(1 <= min_places <= max_places, "need 1 <= min_places <= max_places")
    _check(type(quiet) is bool, f"quiet={quiet!r} must be True or False")
    _check(
        not isinstance(kinds, str | bytes),
        f"kinds={kinds!r} must be a collection of ArrangementKinds, not one string",
    )
    _check(
        kinds is None or violating is None,
        "kinds cannot be chosen with violating: a near miss is built on a plan "
        "of its own, which opens with an ICB delegation",
    )
    chosen = LAWFUL_KINDS if kinds is None else tuple(dict.fromkeys(kinds))
    _check(bool(chosen), "kinds must name at least one kind")
    _check(
        all(type(k) is ArrangementKind for k in chosen),
        f"kinds={list(chosen)!r} must be ArrangementKinds",
    )
    _check(
        ArrangementKind.WHOLESALE_TRANSFER not in chosen,
        "kinds may not include wholesale-transfer: it is never lawful by "
        "arrangement (violating='SPC-LEGAL-002' makes one)",
    )
    _check(
        year is None or _FIRST_YEAR <= year <= _LAST_YEAR,
        f"year={year} is outside {_FIRST_YEAR} to {_LAST_YEAR}: NHS England "
        "commissioned from 1 April 2013",
    )
    known = {r.code for r in DEFAULT_RULES}
    _check(
        violating is None or violating in known,
        f"violating={violating!r} is not a rule code; choose one of "
        + ", ".join(sorted(known)),
    )
    icb_first = violating is not None
    if icb_first:
        _check(
            year is None or year >= FinancialYear(2023),
            f"year={year} is before 2023-24: a near miss opens with an ICB "
            "delegation, whose route began then",
        )
    elif year is not None:
        _check(
            bool(_usable_kinds(year, chosen, quiet=quiet)),
            f"no kind in kinds={[k.value for k in chosen]!r} can start in {year}; "
            "see LAWFUL_KINDS and the law file's windows",
        )
    else:
        _check(
            bool(_plan_years(chosen, quiet=quiet, icb_first=False)),
            f"no kind in kinds={[k.value for k in chosen]!r} can start in any year",
        )
    plans = _clean_plans(
        min_services,
        max_services,
        min_places,
        max_places,
        year,
        kinds=chosen,
        quiet=quiet or icb_first,
        icb_first=icb_first,
    )
    if violating is None:
        return plans.map(lambda plan: plan.landscape)
    breaker = _BREAKERS[violating]

    @st.composite
    def broken(draw: st.DrawFn) -> Landscape:
        return breaker(draw, draw(plans))

    return broken()


# -- registration ---------------------------------------------------------------------------


@functools.cache
def _registrations() -> dict[type, st.SearchStrategy[Any]]:
    amounts = money(min_value=Money.zero())
    return {
        Money: money(),
        Population: populations(),
        FinancialYear: financial_years(),
        Period: periods(),
        Service: services(),
        Specification: st.builds(
            lambda ref, title: Specification(reference=ref, title=title.capitalize()),
            _words.map(lambda w: f"{w.upper()}/S/a"),
            _words,
        ),
        Commissioner: commissioners(),
        Budget: budgets(),
        BudgetLine: st.builds(
            lambda code, a: BudgetLine(service=code, allocation=a),
            st.integers(1, 150).map(str),
            amounts,
        ),
        Allocation: st.builds(
            lambda year, a: Allocation(year=year, amount=a, source="generated"),
            financial_years(),
            amounts,
        ),
        Contribution: st.builds(
            lambda code, a: Contribution(contributor=code, amount=a),
            synthetic_codes(CommissionerKind.ICB),
            amounts,
        ),
        PooledBudget: st.builds(
            lambda year, a: PooledBudget(
                code="SYN-POOL",
                year=year,
                host=_ENGLAND_CODE,
                services={"1"},
                contributions=[Contribution(contributor=_ENGLAND_CODE, amount=a)],
            ),
            financial_years(),
            amounts,
        ),
        Approval: st.builds(
            lambda stage, day, outcome: Approval(
                stage=stage, decided_on=day, outcome=outcome
            ),
            st.sampled_from(ApprovalStage),
            st.dates(dt.date(2013, 1, 1), dt.date(2030, 12, 31)),
            st.sampled_from(ApprovalOutcome),
        ),
        DelegationArrangement: arrangements(),
        Landscape: landscapes(),
    }


def register() -> None:
    """
    Register these strategies for ``st.from_type`` (the entry point does this).

    >>> register()
    >>> find(st.from_type(Service), lambda service: True).code[0].isdigit()
    True
    """
    for cls, strategy in _registrations().items():
        st.register_type_strategy(cls, strategy)
