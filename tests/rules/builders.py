"""A small, rule-clean landscape, and helpers to break it one way at a time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from speccom_model import (
    Allocation,
    Approval,
    ApprovalStage,
    ArrangementKind,
    Baseline,
    Budget,
    BudgetLine,
    Commissioner,
    CommissionerKind,
    DelegationArrangement,
    FinancialYear,
    Landscape,
    Membership,
    Period,
    Place,
    PrescribedServices,
    ProgrammeOfCare,
    Service,
    Specification,
    Succession,
    SuccessionKind,
    gbp,
    persons,
)

YEAR = FinancialYear(2024)
START = dt.date(2024, 4, 1)
CCG_LIFE = Period(start=dt.date(2013, 4, 1), end=dt.date(2022, 7, 1))
ICB_LIFE = Period(start=dt.date(2022, 7, 1))


#: When the test services are suitable and ready for ICB leadership: the day
#: the 59 were (joint committees from 1 April 2023; NHS England Board,
#: February 2023).
SUITABLE_FROM = dt.date(2023, 4, 1)


def service(code: str, population: int = 500_000, **kw: Any) -> Service:
    kw.setdefault("delegable_from", SUITABLE_FROM)
    return Service(
        code=code,
        name=f"Service {code}",
        programme=ProgrammeOfCare.CANCER,
        planning_population=persons(population),
        specification=Specification(reference=f"B{code}/S/a", title=f"Spec {code}"),
        **kw,
    )


def body(
    code: str, kind: CommissionerKind, life: Period = ICB_LIFE, **kw: Any
) -> Commissioner:
    return Commissioner(code=code, name=f"Body {code}", kind=kind, lifetime=life, **kw)


def place(code: str, population: int, member: str, life: Period = ICB_LIFE) -> Place:
    return Place(
        code=code,
        name=f"Place {code}",
        population=persons(population),
        memberships=[Membership(commissioner=member, period=life)],
    )


APPROVALS_2023 = (
    Approval(
        stage=ApprovalStage.PRE_DELEGATION_ASSESSMENT, decided_on=dt.date(2023, 7, 3)
    ),
    Approval(
        stage=ApprovalStage.NATIONAL_MODERATION_PANEL, decided_on=dt.date(2023, 10, 16)
    ),
    Approval(stage=ApprovalStage.NHS_ENGLAND_BOARD, decided_on=dt.date(2023, 12, 7)),
)

DELEGATION = DelegationArrangement(
    id="A1",
    kind=ArrangementKind.ICB_DELEGATION,
    receiver="QE1",
    services={"1"},
    places={"QE1"},
    period=Period(start=START),
    budget_transferred={YEAR: gbp("£12m")},
    approvals=APPROVALS_2023,
)


def clean() -> Landscape:
    """X24 keeps £88m; QE1 holds the £12m delegated with service 1 in 2024-25."""
    return Landscape(
        catalogue=PrescribedServices(
            services=[
                service("1"),
                service("2"),
                service("3", 57_000_000, highly_specialised=True),
                service("4", 12_000_000),
            ],
            effective=dt.date(2013, 4, 1),
        ),
        commissioners=[
            body(
                "X24", CommissionerKind.NHS_ENGLAND, Period(start=dt.date(2012, 10, 1))
            ),
            body("Y62", CommissionerKind.REGION, Period(start=dt.date(2018, 4, 1))),
            body("Y63", CommissionerKind.REGION, Period(start=dt.date(2018, 4, 1))),
            body("QE1", CommissionerKind.ICB, region="Y62"),
            body("QHM", CommissionerKind.ICB, region="Y63"),
            body("00C", CommissionerKind.CCG, CCG_LIFE, region="Y63"),
            body(
                "E54000048",
                CommissionerKind.STP,
                Period(start=dt.date(2016, 4, 1), end=dt.date(2022, 7, 1)),
            ),
            body("RV5", CommissionerKind.NHS_TRUST, Period(start=dt.date(1999, 4, 1))),
        ],
        places=[
            place("QE1", 1_852_079, "QE1"),
            place("QHM", 3_211_362, "QHM"),
            place("00C", 107_000, "00C", CCG_LIFE),
        ],
        successions=[
            Succession(
                predecessor="00C",
                successor="QHM",
                effective=dt.date(2022, 7, 1),
                kind=SuccessionKind.MERGER,
            )
        ],
        arrangements=[DELEGATION],
        allocations=[Allocation(year=YEAR, amount=gbp("£100m"), source="illustrative")],
        budgets=[
            Budget(
                holder="X24",
                year=YEAR,
                lines=[BudgetLine(service="2", allocation=gbp("£88m"))],
            ),
            Budget(
                holder="QE1",
                year=YEAR,
                lines=[BudgetLine(service="1", allocation=gbp("£12m"))],
            ),
        ],
        baselines=[Baseline(service="1", place="QE1", year=YEAR, amount=gbp("£12m"))],
    )


def with_arrangement(landscape: Landscape, **changes: Any) -> Landscape:
    """The landscape with its one arrangement changed."""
    (only,) = landscape.arrangements
    return attrs.evolve(landscape, arrangements=[attrs.evolve(only, **changes)])


def adding(landscape: Landscape, **extra: Any) -> Landscape:
    """The landscape with items appended to its collections."""
    changes: dict[str, Any] = {
        name: (*getattr(landscape, name), *items) for name, items in extra.items()
    }
    return attrs.evolve(landscape, **changes)


def succeeding(landscape: Landscape, *successions: Succession) -> Landscape:
    """
    The landscape with ``successions`` added, each predecessor closed on its day.

    A landscape refuses a succession whose predecessor's lifetime does not end
    on the succession's effective day, so the two change together.
    """
    ends = {s.predecessor: s.effective for s in successions}
    bodies = [
        attrs.evolve(b, lifetime=Period(start=b.lifetime.start, end=ends[b.code]))
        if b.code in ends
        else b
        for b in landscape.commissioners
    ]
    return attrs.evolve(
        landscape,
        commissioners=bodies,
        successions=(*landscape.successions, *successions),
    )


def replacing_service(landscape: Landscape, new: Service) -> Landscape:
    """The landscape with one service redefined."""
    services = [new if s.code == new.code else s for s in landscape.catalogue]
    return attrs.evolve(
        landscape, catalogue=attrs.evolve(landscape.catalogue, services=services)
    )
