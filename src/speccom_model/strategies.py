"""
Hypothesis strategies for speccom_model's types, for your tests and ours.

Every strategy generates valid objects by construction, with keyword arguments
that narrow it. :func:`landscapes` generates whole plans on which
:func:`~speccom_model.check` reports nothing at all, and
``landscapes(violating="SPC-…")`` plans that break exactly that one rule, for
every rule code. Generated bodies take codes from the reserved synthetic
pattern (``SYN-…``, see :data:`~speccom_model.commissioner.SYNTHETIC_CODE`),
which no real ODS code can ever equal.

Needs the ``hypothesis`` extra: ``pip install "speccom-model[hypothesis]"``.
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

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - exercised without the extra
    raise ImportError(
        "speccom_model.strategies needs Hypothesis: "
        "pip install 'speccom-model[hypothesis]'"
    ) from error

import attrs

from speccom_model.arrangement import (
    Approval,
    ApprovalOutcome,
    ApprovalStage,
    ArrangementKind,
    DelegationArrangement,
    LegalLiability,
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
from speccom_model.rules import DEFAULT_RULES
from speccom_model.service import FormerName, ProgrammeOfCare, Service, Specification
from speccom_model.units import Money, Population

__all__ = [
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


def _approvals(start: dt.date, gaps: tuple[int, int, int]) -> tuple[Approval, ...]:
    last, middle, first = gaps[2], gaps[2] + gaps[1], gaps[2] + gaps[1] + gaps[0]
    stages = (
        ApprovalStage.PRE_DELEGATION_ASSESSMENT,
        ApprovalStage.NATIONAL_MODERATION_PANEL,
        ApprovalStage.NHS_ENGLAND_BOARD,
    )
    return tuple(
        Approval(stage=stage, decided_on=start - dt.timedelta(days=days))
        for stage, days in zip(stages, (first, middle, last), strict=True)
    )


@st.composite
def _clean_plans(
    draw: st.DrawFn,
    min_services: int,
    max_services: int,
    min_places: int,
    max_places: int,
    year: FinancialYear | None,
) -> _Plan:
    year = (
        year
        if year is not None
        else draw(financial_years(min_year=2023, max_year=2029))
    )
    start = year.start
    place_count = draw(st.integers(min_places, max_places))
    sizes = draw(
        st.lists(
            st.integers(300_000, 3_000_000), min_size=place_count, max_size=place_count
        )
    )
    smallest = min(sizes)
    service_count = draw(st.integers(min_services, max_services))
    service_list = []
    for number in range(1, service_count + 1):
        # Service 1 can always be delegated, so every plan has a delegation.
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
    icbs = [f"SYN-Q{i:02d}" for i in range(place_count)]
    bodies = [
        Commissioner(
            code=_ENGLAND_CODE,
            name="NHS England",
            kind=CommissionerKind.NHS_ENGLAND,
            lifetime=Period(start=dt.date(2012, 10, 1)),
        ),
        Commissioner(
            code=_REGION_CODE,
            name="Region",
            kind=CommissionerKind.REGION,
            lifetime=Period(start=dt.date(2018, 4, 1)),
        ),
        *(
            # Some ICBs kept the code they had as an STP (as QE1 did).
            Commissioner(
                code=code,
                name=f"ICB {code}",
                kind=CommissionerKind.ICB,
                lifetime=_STP_ICB_LIFE,
                region=_REGION_CODE,
                former=[_STP_VERSION],
            )
            if draw(st.booleans())
            else Commissioner(
                code=code,
                name=f"ICB {code}",
                kind=CommissionerKind.ICB,
                lifetime=_ICB_LIFE,
                region=_REGION_CODE,
            )
            for code in icbs
        ),
    ]
    places = [
        Place(
            code=code,
            name=f"Area of {code}",
            population=Population(size),
            memberships=(Membership(commissioner=code, period=_ICB_LIFE),),
            # Some places were renamed, keeping their code (sub-ICB locations).
            former_names=[_FORMER_AREA] if draw(st.booleans()) else [],
        )
        for code, size in zip(icbs, sizes, strict=True)
    ]
    # At least a penny, so that moving less than the baseline is always possible.
    baseline_amounts = money(
        min_value=Money.from_pence(1), max_value=Money.from_pence(5 * 10**9)
    )
    arrangements_: list[DelegationArrangement] = []
    baselines: list[Baseline] = []
    icb_budgets: list[Budget] = []
    for index, icb in enumerate(icbs):
        chosen = (
            ["1"]
            if index == 0
            else draw(st.lists(st.sampled_from(delegable_codes), unique=True))
        )
        if index == 0:
            chosen += draw(
                st.lists(
                    st.sampled_from([c for c in delegable_codes if c != "1"] or ["1"]),
                    unique=True,
                )
            )
            chosen = sorted(set(chosen), key=int)
        if not chosen:
            continue
        mine = [
            Baseline(service=code, place=icb, year=year, amount=draw(baseline_amounts))
            for code in chosen
        ]
        baselines += mine
        extra = draw(money(min_value=Money.zero(), max_value=Money.from_pence(10**8)))
        gaps = draw(
            st.tuples(st.integers(1, 60), st.integers(1, 60), st.integers(1, 60))
        )
        arrangements_.append(
            DelegationArrangement(
                id=f"SYN-DEL-{icb.removeprefix('SYN-')}",
                kind=ArrangementKind.ICB_DELEGATION,
                receiver=icb,
                services=chosen,
                places={icb},
                period=Period(start=start),
                budget_transferred={year: sum((b.amount for b in mine), extra)},
                approvals=_approvals(start, gaps),
            )
        )
        # The ICB's budget holds what moved to it, to the penny (SPC-MONEY-002):
        # its baselines, with the extra on the first line.
        icb_budgets.append(
            Budget(
                holder=icb,
                year=year,
                lines=[
                    BudgetLine(
                        service=b.service,
                        allocation=b.amount + (extra if i == 0 else Money.zero()),
                    )
                    for i, b in enumerate(mine)
                ],
            )
        )
    retained = Budget(
        holder=_ENGLAND_CODE,
        year=year,
        lines=[
            BudgetLine(service=s.code, allocation=draw(baseline_amounts))
            for s in service_list
        ],
    )
    total = sum((b.allocation for b in [retained, *icb_budgets]), Money.zero())
    landscape = Landscape(
        name="generated",
        catalogue=PrescribedServices(
            services=service_list, effective=dt.date(2013, 4, 1)
        ),
        commissioners=bodies,
        places=places,
        arrangements=arrangements_,
        allocations=[Allocation(year=year, amount=total, source="generated")],
        budgets=[retained, *icb_budgets],
        baselines=baselines,
    )
    return _Plan(landscape=landscape, year=year, delegated=arrangements_[0])


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
        period=Period(start=plan.year.start),
    )
    return _adding(landscape, planning_boards=[board])


def _pop_002(draw: st.DrawFn, plan: _Plan) -> Landscape:
    footprint = plan.landscape.footprint_population(plan.delegated.places).persons
    population = draw(st.integers(footprint + 1, 9_999_999))
    return _redefine(plan.landscape, "1", planning_population=Population(population))


def _pop_003(draw: st.DrawFn, plan: _Plan) -> Landscape:
    return _redefine(plan.landscape, "1", highly_specialised=True)


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
    return _holding(landscape, plan.delegated.receiver, year, moved)


def _holding(
    landscape: Landscape, holder: str, year: FinancialYear, amount: Money
) -> Landscape:
    """``holder``'s budget cut to ``amount``, the cut added to NHS England's."""
    budget = landscape.budget(holder, year)
    if budget is None:  # pragma: no cover - every delegation's ICB has a budget
        return landscape
    left, lines = amount, []
    for line in budget.lines:
        kept = min(line.allocation, left)
        left -= kept
        lines.append(attrs.evolve(line, allocation=kept))
    cut = budget.allocation - amount
    budgets_ = []
    for each in landscape.budgets:
        changed = each
        if each is budget:
            changed = attrs.evolve(each, lines=lines)
        elif each.holder == _ENGLAND_CODE and each.year == year:
            first, *rest = each.lines
            changed = attrs.evolve(
                each,
                lines=[attrs.evolve(first, allocation=first.allocation + cut), *rest],
            )
        budgets_.append(changed)
    return attrs.evolve(landscape, budgets=budgets_)


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
    landscape = _holding(landscape, plan.delegated.receiver, year, Money.zero())
    baselines = [b for b in landscape.baselines if b.place not in places]
    return attrs.evolve(landscape, baselines=baselines)


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
    lines = [
        attrs.evolve(line, allocation=line.allocation - moved),
        *retained.lines[1:],
    ]
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
) -> st.SearchStrategy[Landscape]:
    """
    Whole plans: ICBs, services, s.65Z5 delegations with their money and approvals.

    With ``violating=None`` every plan is lawful and funded: ``check`` reports no
    findings at all. With ``violating="SPC-…"`` every plan breaks exactly that
    rule and no other (the strongest test that a rule fires when it should and
    only then). ``year`` fixes the year delegations start (2023-24 onwards).

    >>> from speccom_model import check
    >>> near_miss = find(landscapes(violating="SPC-MONEY-001"), lambda plan: True)
    >>> check(near_miss).codes()
    frozenset({'SPC-MONEY-001'})
    """
    _check(1 <= min_services <= max_services, "need 1 <= min_services <= max_services")
    _check(1 <= min_places <= max_places, "need 1 <= min_places <= max_places")
    _check(
        year is None or year >= FinancialYear(2023),
        f"year={year} is before 2023-24, when s.65Z5 delegations with today's route began",
    )
    known = {r.code for r in DEFAULT_RULES}
    _check(
        violating is None or violating in known,
        f"violating={violating!r} is not a rule code; choose one of "
        + ", ".join(sorted(known)),
    )
    plans = _clean_plans(min_services, max_services, min_places, max_places, year)
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
