"""Strategies for our own property tests: the shipped ones, and arbitrary plans."""

from __future__ import annotations

import copy
import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs
from hypothesis import strategies as st

from speccom_model import (
    Allocation,
    Approval,
    ApprovalOutcome,
    ApprovalStage,
    ArrangementKind,
    Baseline,
    BodyVersion,
    Budget,
    BudgetLine,
    CatalogueChange,
    ChangeAction,
    Commissioner,
    CommissionerKind,
    Contribution,
    DelegationArrangement,
    FinancialYear,
    FormerName,
    Landscape,
    LegalLiability,
    Membership,
    MinisterialSignOff,
    Money,
    Period,
    Place,
    PlanningBoard,
    PooledBudget,
    Population,
    PrescribedServices,
    ProgrammeOfCare,
    ProposedChange,
    Service,
    Signatory,
    Specification,
    StatutoryFactor,
    Succession,
    SuccessionKind,
)
from speccom_model import strategies as shipped
from speccom_model.io import converter

if TYPE_CHECKING:
    from collections.abc import Sequence

# Value strategies are the shipped ones: our own tests use what users use.
money = shipped.money()
non_negative_money = shipped.money(min_value=Money.zero())
populations = shipped.populations()
financial_years = shipped.financial_years(min_year=1990, max_year=2099)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


def periods() -> st.SearchStrategy[Period]:
    """A period of 1 day to 30 years from 1990 to 2100, or open-ended."""
    return shipped.periods(
        min_start=dt.date(1990, 1, 1),
        max_start=dt.date(2100, 12, 31),
        max_days=365 * 30,
    )


# -- landscapes: valid by construction, not necessarily lawful ------------------

law_dates = st.dates(min_value=dt.date(2012, 10, 1), max_value=dt.date(2030, 3, 31))


@st.composite
def law_periods(draw: st.DrawFn) -> Period:
    """Periods within the years the law has shapes for."""
    start = draw(law_dates)
    if draw(st.booleans()):
        return Period(start=start)
    return Period(
        start=start, end=start + dt.timedelta(days=draw(st.integers(1, 3000)))
    )


def _coherent_successions(
    draw: st.DrawFn, bodies: list[Commissioner]
) -> tuple[list[Succession], list[Commissioner]]:
    """
    Successions, and the bodies' lifetimes fitted to them.

    Each predecessor's lifetime ends on its succession's day and each successor
    exists that day, as a landscape requires. Successors come later in the
    list, so chains cannot loop; walking the list in order, a body's own
    succession comes after every day it must exist on as a successor.
    """
    codes = [b.code for b in bodies]
    must_exist: dict[int, list[dt.date]] = {}
    successions = []
    fitted = list(bodies)
    for i in range(1, len(codes)):
        needed = must_exist.get(i, [])
        life = fitted[i].lifetime
        if draw(st.booleans()):
            how = draw(st.sampled_from(SuccessionKind))
            closes = how is SuccessionKind.CLOSURE or i + 1 >= len(codes)
            day = (
                max(needed) + dt.timedelta(days=draw(st.integers(1, 1000)))
                if needed
                else draw(law_dates)
            )
            successor = None if closes else draw(st.integers(i + 1, len(codes) - 1))
            successions.append(
                Succession(
                    predecessor=codes[i],
                    successor=None if successor is None else codes[successor],
                    effective=day,
                    kind=SuccessionKind.CLOSURE if closes else how,
                )
            )
            if successor is not None:
                must_exist.setdefault(successor, []).append(day)
            start = min(life.start, *needed, day - dt.timedelta(days=1))
            fitted[i] = attrs.evolve(fitted[i], lifetime=Period(start=start, end=day))
        elif needed:
            end = life.end
            if end is not None and end <= max(needed):
                end = max(needed) + dt.timedelta(days=1)
            fitted[i] = attrs.evolve(
                fitted[i], lifetime=Period(start=min(life.start, *needed), end=end)
            )
    return successions, fitted


def _with_former(
    draw: st.DrawFn, body: Commissioner, kinds: Sequence[CommissionerKind]
) -> Commissioner:
    """The body, perhaps with one former version inside its lifetime."""
    life = body.lifetime
    room = 3000 if life.end is None else (life.end - life.start).days - 1
    if room < 1 or not draw(st.booleans()):
        return body
    version = BodyVersion(
        name=f"Former {body.code}",
        kind=draw(st.sampled_from(kinds)),
        until=life.start + dt.timedelta(days=draw(st.integers(1, room))),
    )
    return attrs.evolve(body, former=[version])


@st.composite
def any_landscapes(draw: st.DrawFn) -> Landscape:
    """A landscape of a few of everything: every reference valid, the plan anything."""
    service_codes = [str(i + 1) for i in range(draw(st.integers(1, 5)))]
    services = [
        Service(
            code=code,
            name=f"Service {code}",
            programme=draw(st.sampled_from(ProgrammeOfCare)),
            planning_population=Population(draw(st.integers(0, 60_000_000))),
            highly_specialised=draw(st.booleans()),
            specification=draw(
                st.none() | st.just(Specification(reference=f"S{code}", title="Spec"))
            ),
        )
        for code in service_codes
    ]
    kinds = [k for k in CommissionerKind if k is not CommissionerKind.NHS_ENGLAND]
    bodies = [
        Commissioner(
            code="X24",
            name="NHS England",
            kind=CommissionerKind.NHS_ENGLAND,
            lifetime=Period(start=dt.date(2012, 10, 1)),
        )
    ]
    for i in range(draw(st.integers(1, 5))):
        body_kind = draw(st.sampled_from(kinds))
        code = f"Q{i:02d}" if body_kind.has_ods_code else f"B-{i}"
        lead = None
        if body_kind is CommissionerKind.PROVIDER_COLLABORATIVE and draw(st.booleans()):
            lead = "X24"
        members = (
            draw(st.frozensets(st.sampled_from([b.code for b in bodies])))
            if body_kind is CommissionerKind.JOINT_COMMITTEE
            else frozenset()
        )
        bodies.append(
            Commissioner(
                code=code,
                name=f"Body {code}",
                kind=body_kind,
                lifetime=draw(law_periods()),
                lead=lead,
                members=members,
            )
        )
    codes = [b.code for b in bodies]
    places = [
        Place(
            code=f"P{i}",
            name=f"Place {i}",
            population=Population(draw(st.integers(0, 5_000_000))),
            memberships=draw(
                st.lists(st.sampled_from(codes), max_size=1).map(
                    lambda cs: [
                        Membership(
                            commissioner=c, period=Period(start=dt.date(2013, 4, 1))
                        )
                        for c in cs
                    ]
                )
            ),
            former_names=draw(
                st.lists(law_dates, max_size=2, unique=True).map(
                    lambda days: [
                        FormerName(name=f"Former place {n}", until=day)
                        for n, day in enumerate(sorted(days))
                    ]
                )
            ),
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    place_codes = [p.code for p in places]
    years = st.integers(2012, 2029).map(FinancialYear)
    pools: list[PooledBudget] = []
    arrangements = []
    for i in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(ArrangementKind))
        period = draw(law_periods())
        first = period.financial_years()[0]
        pool = None
        if kind is ArrangementKind.POOLED_BUDGET:
            pool = f"POOL-{i}"
            pools.append(
                PooledBudget(
                    code=pool,
                    year=first,
                    host=draw(st.sampled_from(codes)),
                    services=frozenset(service_codes[:1]),
                    contributions=[
                        Contribution(contributor="X24", amount=draw(non_negative_money))
                    ],
                )
            )
        stages = st.builds(
            Approval,
            stage=st.sampled_from(ApprovalStage),
            decided_on=law_dates,
            outcome=st.sampled_from(ApprovalOutcome),
        )
        arrangements.append(
            DelegationArrangement(
                id=f"A{i}",
                kind=kind,
                receiver=draw(st.sampled_from(codes)),
                services=draw(
                    st.frozensets(st.sampled_from(service_codes), min_size=1)
                ),
                places=draw(st.frozensets(st.sampled_from(place_codes), min_size=1)),
                period=period,
                budget_transferred=draw(
                    st.dictionaries(st.just(first), non_negative_money)
                ),
                approvals=draw(st.lists(stages, max_size=4)),
                liability_claimed=draw(st.none() | st.sampled_from(LegalLiability)),
                notice_given=draw(st.none() | law_dates) if period.end else None,
                pooled_budget=pool,
            )
        )
    budget_keys = draw(
        st.lists(st.tuples(st.sampled_from(codes), years), max_size=4, unique=True)
    )
    budgets = [
        Budget(
            holder=holder,
            year=year,
            lines=[
                BudgetLine(
                    service=code,
                    allocation=draw(non_negative_money),
                    outturn=draw(st.none() | non_negative_money),
                )
                for code in draw(st.lists(st.sampled_from(service_codes), unique=True))
            ],
        )
        for holder, year in budget_keys
    ]
    baseline_keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(service_codes), st.sampled_from(place_codes), years
            ),
            max_size=6,
            unique=True,
        )
    )
    baselines = [
        Baseline(service=s, place=p, year=y, amount=draw(non_negative_money))
        for s, p, y in baseline_keys
    ]
    allocations = [
        Allocation(year=y, amount=draw(non_negative_money), source="generated")
        for y in draw(st.lists(years, max_size=2, unique=True))
    ]
    successions, bodies = _coherent_successions(draw, bodies)
    bodies = [_with_former(draw, b, kinds) if i else b for i, b in enumerate(bodies)]
    boards = [
        PlanningBoard(
            code=f"PB-{i}",
            name="Board",
            led_by=draw(st.sampled_from(codes)),
            decision_makers=draw(st.frozensets(st.sampled_from(codes), max_size=2)),
            services=draw(st.frozensets(st.sampled_from(service_codes))),
            period=draw(law_periods()),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    changes = []
    for code in draw(st.lists(st.sampled_from(service_codes), unique=True, max_size=2)):
        day = draw(law_dates)
        sign_off = draw(
            st.none()
            | st.builds(
                MinisterialSignOff,
                signed_by=st.just("Signatory"),
                role=st.sampled_from(Signatory),
                signed_on=law_dates,
                factors=st.frozensets(st.sampled_from(StatutoryFactor)),
            )
        )
        changes.append(
            ProposedChange(
                change=CatalogueChange(
                    action=ChangeAction.REMOVE, code=code, effective=day
                ),
                sign_off=sign_off,
            )
        )
    return Landscape(
        catalogue=PrescribedServices(services=services, effective=dt.date(2013, 4, 1)),
        commissioners=bodies,
        places=places,
        arrangements=arrangements,
        allocations=allocations,
        budgets=budgets,
        baselines=baselines,
        pooled_budgets=pools,
        planning_boards=boards,
        successions=successions,
        proposed_changes=changes,
    )


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into plain data (keys and indexes), the root first."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*path, index))
    return found


@st.composite
def damaged_plans(
    draw: st.DrawFn,
    values: st.SearchStrategy[Any],
    *,
    steps: st.SearchStrategy[int] | None = None,
    extra_keys: tuple[str, ...] = ("extra", "Code", "notes"),
) -> Any:
    """
    A generated landscape's plain data with values replaced, removed or added.

    One step unless ``steps`` says how many. Each step picks a path at random: the value there is replaced by one of
    ``values``, removed, or a sibling is added (an extra key, or an item).
    """
    data = copy.deepcopy(converter().unstructure(draw(any_landscapes())))
    for _ in range(1 if steps is None else draw(steps)):
        path = draw(st.sampled_from(_paths(data)[1:]))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace" or (action == "remove" and isinstance(parent, list)):
            parent[last] = draw(values)
        elif action == "remove":
            del parent[last]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(extra_keys))] = draw(values)
        else:
            parent.append(draw(values))
    return data
