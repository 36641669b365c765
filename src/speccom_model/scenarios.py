"""
Real, named scenarios from the seed articles (HSJ 2014 and 2019) and the law file's timeline.

Each scenario is a :class:`~speccom_model.Landscape` built from published
figures and the embedded reference tables (:mod:`speccom_model.reference`),
documented with its provenance and the findings a check of it reports. Where a
figure is not in the sources (one service's budget, one place's population, a
service's manual number), it is **illustrative**, and chosen so that the
published totals hold exactly.

>>> from speccom_model import scenarios, check
>>> [s.name for s in scenarios.SCENARIOS]
['england_2013_14', 'ccg_cocommissioning_2014', 'ccg_cocommissioning_2014_unfunded', 'england_2019_20', 'england_2024_25']
>>> scenario = scenarios.get("england_2019_20")
>>> check(scenario.build()).counts_by_code() == dict(scenario.expected)
True
>>> scenarios.get("england_2099")
Traceback (most recent call last):
speccom_model.errors.UnknownReferenceError: scenario: expected one of england_2013_14, ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Final, final

import attrs

from speccom_model import reference
from speccom_model._frozen import FrozenDict, frozen_dict
from speccom_model.arrangement import (
    Approval,
    ApprovalStage,
    ArrangementKind,
    DelegationArrangement,
)
from speccom_model.budget import (
    Allocation,
    Baseline,
    Budget,
    BudgetLine,
    Contribution,
    PooledBudget,
)
from speccom_model.catalogue import PrescribedServices
from speccom_model.commissioner import Commissioner, CommissionerKind, PlanningBoard
from speccom_model.errors import InvalidValueError, UnknownReferenceError
from speccom_model.landscape import Landscape, Membership, Place
from speccom_model.periods import FinancialYear, Period
from speccom_model.service import FormerName, ProgrammeOfCare, Service, Specification
from speccom_model.units import Money, Population, _sum_money, gbp

__all__ = [
    "SCENARIOS",
    "Scenario",
    "ccg_cocommissioning_2014",
    "england_2013_14",
    "england_2019_20",
    "england_2024_25",
    "get",
    "national",
]

_ENGLAND: Final = "X24"
_NHSE_LIFE: Final = Period(start=dt.date(2012, 10, 1))
# The seven NHS England regions (Y56, Y58-Y63) exist from 1 April 2019, when
# NHS England and NHS Improvement's seven joint regional teams began (HSJ,
# https://www.hsj.co.uk/policy-and-regulation/seven-regional-teams-will-be-locus-of-decision-making/7022488.article
# ); before then NHS England had fewer, differently drawn regions.
_REGION_LIFE: Final = Period(start=dt.date(2019, 4, 1))
_CCG_LIFE: Final = Period(start=dt.date(2013, 4, 1), end=dt.date(2022, 7, 1))
_STP_LIFE: Final = Period(start=dt.date(2016, 4, 1), end=dt.date(2022, 7, 1))
_ICB_LIFE: Final = Period(start=dt.date(2022, 7, 1))
#: England's population at mid-2023 (ONS), the planning population of a
#: national service here.
_ENGLAND_POPULATION: Final = Population(57_690_300)

_ILLUSTRATIVE_SERVICES: Final = (
    "Manual numbers (other than 29) and the names of services not named in the "
    "sources are illustrative, as are per-service budgets and planning populations, "
    "chosen so that the published totals hold exactly."
)

# Services the sources name, at illustrative manual numbers (29 is real).
_NAMED: Final[dict[str, tuple[str, ProgrammeOfCare]]] = {
    "1": ("Renal dialysis", ProgrammeOfCare.INTERNAL_MEDICINE),
    "2": ("Chemotherapy", ProgrammeOfCare.CANCER),
    "3": (
        "Adult low and medium secure mental health services",
        ProgrammeOfCare.MENTAL_HEALTH,
    ),
    "4": (
        "Child and adolescent mental health inpatient services",
        ProgrammeOfCare.MENTAL_HEALTH,
    ),
    "5": ("Adult specialised eating disorder services", ProgrammeOfCare.MENTAL_HEALTH),
    "6": ("Congenital heart services", ProgrammeOfCare.WOMEN_AND_CHILDREN),
    "7": ("Specialised cancer surgery", ProgrammeOfCare.CANCER),
    "8": ("Specialised cardiology", ProgrammeOfCare.INTERNAL_MEDICINE),
    "29": (
        "Haematopoietic stem cell transplantation",
        ProgrammeOfCare.BLOOD_AND_INFECTION,
    ),
}


@final
@attrs.frozen(kw_only=True)
class Scenario:
    """
    A named, documented scenario: how to build it and what a check reports.

    Args:
        name: The scenario's name, as ``speccom example NAME`` takes it.
        title: One line saying what it is.
        provenance: Where its figures come from, and which are illustrative.
        expected: The findings a check with the default policy reports: rule
            code to count (an empty mapping means a clean report).
        build: Builds the landscape.

    >>> get("england_2013_14").expected
    FrozenDict({'SPC-CONS-002': 1})
    """

    name: str
    title: str
    provenance: str
    expected: FrozenDict[str, int] = attrs.field(converter=frozen_dict)
    build: Callable[[], Landscape] = attrs.field(eq=False, repr=False)


# -- building blocks -------------------------------------------------------------


def _weights(count: int, salt: int) -> list[int]:
    """Illustrative, deterministic, uneven weights for splitting a total."""
    return [1 + (i * 7919 + salt * 104729) % 97 for i in range(count)]


def _catalogue(
    count: int,
    *,
    joint: int,
    highly: int,
    small: Mapping[str, Population] | None = None,
) -> PrescribedServices:
    """
    Build ``count`` services with illustrative planning populations.

    The first ``joint`` are planned for under 10 million people (1 to 9.5
    million, or as ``small`` says), the rest nationally, the last ``highly`` of
    them highly specialised.
    """
    programmes = list(ProgrammeOfCare)
    services = []
    for number in range(1, count + 1):
        code = str(number)
        name, programme = _NAMED.get(
            code,
            (f"Illustrative specialised service {code}", programmes[number % 6]),
        )
        if small and code in small:
            population = small[code]
        elif number <= joint:
            population = Population(1_000_000 + (number * 1_234_567) % 8_500_000)
        else:
            population = _ENGLAND_POPULATION
        reference_code = (
            "A06/S/a"
            if code == "1"
            else f"{programme.letter}{number:02d}/S/illustrative"
        )
        services.append(
            Service(
                code=code,
                name=name,
                programme=programme,
                planning_population=population,
                highly_specialised=number > count - highly,
                specification=Specification(
                    reference=reference_code,
                    title=f"{name}: national service specification",
                ),
                former_names=(
                    (
                        FormerName(
                            name="Blood and marrow transplantation",
                            until=dt.date(2023, 4, 1),
                        ),
                    )
                    if code == "29"
                    else ()
                ),
            )
        )
    return PrescribedServices(services=services, effective=dt.date(2013, 4, 1))


def _service_budgets(
    catalogue: PrescribedServices, joint: int, joint_total: Money, national_total: Money
) -> dict[str, Money]:
    """Split the published totals over services, exactly (illustrative)."""
    codes = [s.code for s in catalogue]
    split = joint_total.allocate(_weights(joint, 1)) + national_total.allocate(
        _weights(len(codes) - joint, 2)
    )
    return dict(zip(codes, split, strict=True))


def _nhs_england() -> Commissioner:
    return Commissioner(
        code=_ENGLAND,
        name="NHS England (the NHS Commissioning Board)",
        kind=CommissionerKind.NHS_ENGLAND,
        lifetime=_NHSE_LIFE,
    )


def _regions() -> list[Commissioner]:
    return [
        Commissioner(
            code=r.code,
            name=f"NHS England {r.name}",
            kind=CommissionerKind.REGION,
            lifetime=_REGION_LIFE,
        )
        for r in reference.regions()
    ]


def _ccg_populations() -> dict[str, Population]:
    """
    Illustrative CCG populations that add up to England's 2021 total.

    For the 29 STPs whose ONS code is an ICB's, that ICB's 2021 GP-registered
    population; the rest of England's total shared equally among the other 13
    STPs; each STP's population shared equally among its CCGs.
    """
    icb_by_ons = {icb.ons_code: icb.code for icb in reference.icbs_2022()}
    populations = reference.icb_populations(2021)
    by_stp: dict[str, list[str]] = {}
    for ccg in reference.ccgs_2019():
        by_stp.setdefault(ccg.stp_ons_code, []).append(ccg.code)
    matched = {stp: icb_by_ons[stp] for stp in by_stp if stp in icb_by_ons}
    total = sum(p.persons for p in populations.values())
    rest = total - sum(populations[icb].persons for icb in matched.values())
    others = [stp for stp in by_stp if stp not in matched]
    result: dict[str, Population] = {}
    for stp, members in by_stp.items():
        if stp in matched:
            stp_total = populations[matched[stp]].persons
        else:
            index = others.index(stp)
            stp_total = rest // len(others) + (1 if index < rest % len(others) else 0)
        for i, code in enumerate(members):
            result[code] = Population(
                stp_total // len(members) + (1 if i < stp_total % len(members) else 0)
            )
    return result


def _ccg_bodies_and_places(*, regions: bool) -> tuple[list[Commissioner], list[Place]]:
    populations = _ccg_populations()
    bodies, places = [], []
    for ccg in reference.ccgs_2019():
        bodies.append(
            Commissioner(
                code=ccg.code,
                name=f"CCG {ccg.code} ({ccg.stp_name} STP)",
                kind=CommissionerKind.CCG,
                lifetime=_CCG_LIFE,
                # The seven regions (Y56, Y58-Y63) date from 2018.
                region=ccg.region if regions else None,
            )
        )
        places.append(
            Place(
                code=ccg.code,
                name=f"CCG {ccg.code} area",
                population=populations[ccg.code],
                memberships=(Membership(commissioner=ccg.code, period=_CCG_LIFE),),
                source="illustrative: ICB 2021 GP-registered population shared equally",
            )
        )
    return bodies, places


def _stps() -> list[Commissioner]:
    seen: dict[str, Commissioner] = {}
    for ccg in reference.ccgs_2019():
        if ccg.stp_ons_code not in seen:
            seen[ccg.stp_ons_code] = Commissioner(
                code=ccg.stp_ons_code,
                name=f"{ccg.stp_name} STP / ICS",
                kind=CommissionerKind.STP,
                lifetime=_STP_LIFE,
                region=ccg.region,
            )
    return list(seen.values())


def _baselines(
    amounts: Mapping[str, Money],
    populations: Mapping[str, Population],
    year: FinancialYear,
    wanted: Iterable[tuple[str, Iterable[str]]],
) -> list[Baseline]:
    """Each service's amount shared over all places by population (exactly)."""
    places = list(populations)
    weights = [populations[p].persons for p in places]
    result: list[Baseline] = []
    for service, chosen in wanted:
        shares = dict(zip(places, amounts[service].allocate(weights), strict=True))
        result.extend(
            Baseline(
                service=service,
                place=place,
                year=year,
                amount=shares[place],
                source="illustrative: the service's budget shared by population",
            )
            for place in sorted(chosen)
        )
    return result


def _sum(baselines: Iterable[Baseline]) -> Money:
    return _sum_money(b.amount for b in baselines)


def _approvals(*steps: tuple[ApprovalStage, dt.date]) -> tuple[Approval, ...]:
    return tuple(Approval(stage=stage, decided_on=day) for stage, day in steps)


# -- 2013-14 -----------------------------------------------------------------------


def england_2013_14() -> Landscape:
    """
    NHS England's first year of commissioning specialised services.

    143 services; a national allocation of £13bn (NAO; HSJ's "£14bn" is
    approximate); an outturn of £13.377bn: the £377m overspend (2.9%).
    Per-service figures are illustrative and add up to the published totals.

    >>> from speccom_model import check
    >>> [f.message for f in check(england_2013_14())]
    ['X24 overspent by £377m in 2013-14 (2.9% of £13bn)']
    """
    year = FinancialYear(2013)
    catalogue = _catalogue(143, joint=70, highly=20)
    allocations = gbp("£13bn").allocate(_weights(143, 3))
    overspend = gbp("£377m").allocate(_weights(143, 4))
    lines = [
        BudgetLine(service=s.code, allocation=a, outturn=a + o)
        for s, a, o in zip(catalogue, allocations, overspend, strict=True)
    ]
    return Landscape(
        name="england_2013_14",
        description="NHS England's first year of specialised commissioning: £13bn, "
        "143 services, a £377m overspend.",
        catalogue=catalogue,
        commissioners=[_nhs_england()],
        allocations=[
            Allocation(
                year=year,
                amount=gbp("£13bn"),
                source="NAO, Specialised services (2016): £13bn in 2013-14; HSJ (2014, "
                "seed 000) wrote '£14bn', approximate",
            )
        ],
        budgets=[
            Budget(
                holder=_ENGLAND,
                year=year,
                lines=lines,
                source="outturn £13.377bn: the £377m overspend (NAO; seed 000)",
            )
        ],
    )


# -- 2014 co-commissioning ------------------------------------------------------------


_DIALYSIS_AND_CHEMO: Final = ("1", "2")


def ccg_cocommissioning_2014(*, funded: bool = True) -> Landscape:
    """
    The 2014 proposal: CCGs co-commission renal dialysis and chemotherapy.

    Together worth £1.7bn (HSJ, 2014), moved to every CCG by s.13Z(4)
    co-commissioning from April 2015, within 2015-16's £14.6bn. Funded, each
    CCG receives its full baseline for both services; unfunded
    (``funded=False``), chemotherapy — "the bits that are too hard" — moves
    without its money, and every CCG's arrangement fails money-follows.

    The 191 CCGs of April 2019 stand in for 2015's 209; their populations and
    the split of the £1.7bn between the two services are illustrative.

    >>> from speccom_model import check
    >>> check(ccg_cocommissioning_2014()).ok
    True
    """
    year = FinancialYear(2015)
    catalogue = _catalogue(
        146,
        joint=70,
        highly=20,
        small=dict.fromkeys(_DIALYSIS_AND_CHEMO, Population(125_000)),
    )
    moved = gbp("£1.7bn").allocate([1, 1])
    others = gbp("£12.9bn").allocate(_weights(144, 5))
    amounts = dict(zip(_DIALYSIS_AND_CHEMO, moved, strict=True)) | dict(
        zip([s.code for s in catalogue][2:], others, strict=True)
    )
    ccgs, places = _ccg_bodies_and_places(regions=False)
    populations = {p.code: p.population for p in places}
    baselines = _baselines(
        amounts, populations, year, [(s, populations) for s in _DIALYSIS_AND_CHEMO]
    )
    by_place: dict[str, dict[str, Money]] = {}
    for b in baselines:
        by_place.setdefault(b.place, {})[b.service] = b.amount
    arrangements = [
        DelegationArrangement(
            id=f"CO-{ccg.code}",
            kind=ArrangementKind.CO_COMMISSIONING,
            receiver=ccg.code,
            services=_DIALYSIS_AND_CHEMO,
            places={ccg.code},
            period=Period(start=year.start),
            budget_transferred={
                year: by_place[ccg.code]["1"]
                + (by_place[ccg.code]["2"] if funded else Money.zero())
            },
        )
        for ccg in ccgs
    ]
    return Landscape(
        name="ccg_cocommissioning_2014" + ("" if funded else "_unfunded"),
        description="CCGs co-commission renal dialysis and chemotherapy (£1.7bn) "
        + ("with their money." if funded else "without chemotherapy's money."),
        catalogue=catalogue,
        commissioners=[_nhs_england(), *ccgs],
        places=places,
        arrangements=arrangements,
        allocations=[
            Allocation(
                year=year, amount=gbp("£14.6bn"), source="PAC/NAO: £14.6bn in 2015-16"
            )
        ],
        budgets=[
            Budget(
                holder=_ENGLAND,
                year=year,
                lines=[
                    BudgetLine(service=code, allocation=amount)
                    for code, amount in amounts.items()
                ],
                source="co-commissioning leaves the money with NHS England (s.13Z(4))",
            )
        ],
        baselines=baselines,
    )


# -- 2019-20 ---------------------------------------------------------------------------

_GM_SERVICES: Final = ("1", "2", "7", "8", "9", "10", "11", "12", "13", "14")
_SL_SERVICES: Final = ("3", "4", "5")
_WY_SERVICES: Final = ("15", "16")
_GM_STP: Final = "E54000007"
_SL_STPS: Final = ("E54000030", "E54000031")
_WY_STP: Final = "E54000005"


def england_2019_20() -> Landscape:
    """
    England in 2019-20: 191 CCGs, 42 STPs, 7 regions, a £17.7bn budget.

    About 70 services worth £15bn are planned for populations under 10 million
    and suitable for joint planning; the other 76 (£2.7bn) are national.
    Planning boards, one per region, are led by the region with every STP/ICS
    advising. Three arrangements: Greater Manchester's internal delegation to
    the combined authority (from April 2017); the south London mental-health
    provider collaborative led by South London and Maudsley (from April 2017);
    and West Yorkshire's pooled-budget business case, approved by the regional
    team and awaiting the national panel, to start in April 2020.

    Source: HSJ (2019), https://www.hsj.co.uk/policy-and-regulation/
    regulator-invites-areas-with-appetite-to-tender-for-spec-com-budget/7024106.article
    . The £17.7bn is the published
    2018-19 total, carried to 2019-20 as its baseline. The service count (146,
    as in 2015-16), per-service budgets and populations, arrangement start dates
    and approval dates are illustrative.

    >>> from speccom_model import check
    >>> [(f.code, f.severity.value) for f in check(england_2019_20())]
    [('SPC-APPR-003', 'warning')]
    """
    year = FinancialYear(2019)
    small = dict.fromkeys(
        (*_GM_SERVICES, *_SL_SERVICES, *_WY_SERVICES), Population(1_000_000)
    )
    catalogue = _catalogue(146, joint=70, highly=20, small=small)
    amounts = _service_budgets(catalogue, 70, gbp("£15bn"), gbp("£2.7bn"))
    ccgs, places = _ccg_bodies_and_places(regions=True)
    populations = {p.code: p.population for p in places}
    stp_of = {c.code: c.stp_ons_code for c in reference.ccgs_2019()}
    gm = [c for c, s in stp_of.items() if s == _GM_STP]
    sl = [c for c, s in stp_of.items() if s in _SL_STPS]
    wy = [c for c, s in stp_of.items() if s == _WY_STP]
    gm_baselines = _baselines(
        amounts, populations, year, [(s, gm) for s in _GM_SERVICES]
    )
    sl_baselines = _baselines(
        amounts, populations, year, [(s, sl) for s in _SL_SERVICES]
    )
    sl_by_service = {
        s: _sum(b for b in sl_baselines if b.service == s) for s in _SL_SERVICES
    }
    england_lines = [
        BudgetLine(
            service=code, allocation=amount - sl_by_service.get(code, Money.zero())
        )
        for code, amount in amounts.items()
    ]
    lead_lines = [
        BudgetLine(service=code, allocation=amount)
        for code, amount in sl_by_service.items()
    ]
    later = FinancialYear(2020)
    pool = PooledBudget(
        code="WY-POOL-2020",
        year=later,
        host=wy[0],
        services=_WY_SERVICES,
        contributions=[
            Contribution(contributor=_ENGLAND, amount=gbp("£40m")),
            Contribution(contributor=wy[0], amount=gbp("£4m")),
        ],
        source="illustrative: the business case's proposed pool",
    )
    bodies = [
        _nhs_england(),
        *_regions(),
        *ccgs,
        *_stps(),
        Commissioner(
            code="GMCA",
            name="Greater Manchester Combined Authority",
            kind=CommissionerKind.COMBINED_AUTHORITY,
            lifetime=Period(start=dt.date(2011, 4, 1)),
            region="Y62",
        ),
        Commissioner(
            code="RV5",
            name="South London and Maudsley NHS Foundation Trust",
            kind=CommissionerKind.NHS_TRUST,
            lifetime=Period(start=dt.date(1999, 4, 1)),
            region="Y56",
        ),
        Commissioner(
            code="SLP",
            name="South London mental health and community partnership",
            kind=CommissionerKind.PROVIDER_COLLABORATIVE,
            lifetime=Period(start=dt.date(2017, 4, 1)),
            region="Y56",
            lead="RV5",
        ),
    ]
    joint = [
        s.code
        for s in catalogue
        if s.planning_population is not None
        and s.planning_population.persons < 10_000_000
    ]
    boards = [
        PlanningBoard(
            code=f"PB-{region.code}",
            name=f"{region.name} specialised services planning board",
            led_by=region.code,
            advisers={s.code for s in _stps() if s.region == region.code},
            services=joint,
            period=Period(start=year.start),
        )
        for region in _regions()
    ]
    arrangements = [
        DelegationArrangement(
            id="GM-internal-delegation",
            kind=ArrangementKind.INTERNAL_DELEGATION,
            # Internal delegation stays inside NHS England (its own committee
            # for Greater Manchester); it never goes to the combined authority.
            receiver="X24",
            services=_GM_SERVICES,
            places=gm,
            period=Period(start=dt.date(2017, 4, 1)),
            budget_transferred={year: _sum(gm_baselines)},
        ),
        DelegationArrangement(
            id="SL-mental-health-collaborative",
            kind=ArrangementKind.LEAD_PROVIDER,
            receiver="SLP",
            services=_SL_SERVICES,
            places=sl,
            period=Period(start=dt.date(2017, 4, 1)),
            budget_transferred={year: _sum(sl_baselines)},
        ),
        DelegationArrangement(
            id="WY-pooled-budget",
            kind=ArrangementKind.POOLED_BUDGET,
            receiver=wy[0],
            services=_WY_SERVICES,
            places=wy,
            period=Period(start=later.start),
            pooled_budget=pool.code,
            budget_transferred={later: gbp("£40m")},
            approvals=_approvals(
                (ApprovalStage.BUSINESS_CASE, dt.date(2019, 6, 28)),
                (ApprovalStage.REGIONAL_TEAM, dt.date(2019, 9, 12)),
            ),
        ),
    ]
    return Landscape(
        name="england_2019_20",
        description="England 2019-20: £17.7bn; ~70 services (£15bn) suitable for "
        "joint planning; planning boards with STPs/ICSs advising; Greater Manchester, "
        "south London and a West Yorkshire business case part-way through approval.",
        catalogue=catalogue,
        commissioners=bodies,
        places=places,
        arrangements=arrangements,
        allocations=[
            Allocation(
                year=year,
                amount=gbp("£17.7bn"),
                source="HSJ (2019, seed 004): the total specialised budget for 2018-19 "
                "is £17.7bn, carried to 2019-20 as its baseline",
            )
        ],
        budgets=[
            Budget(holder=_ENGLAND, year=year, lines=england_lines),
            Budget(
                holder="RV5",
                year=year,
                lines=lead_lines,
                source="illustrative: the collaborative's budget, held by its lead",
            ),
        ],
        baselines=[*gm_baselines, *sl_baselines],
        pooled_budgets=[pool],
        planning_boards=boards,
    )


# -- 2024-25 ---------------------------------------------------------------------------

_DELEGATING_REGIONS: Final = ("Y60", "Y61", "Y62")
_DELEGATED: Final = tuple(str(n) for n in range(1, 60))


def england_2024_25() -> Landscape:
    """
    England in 2024-25: 42 ICBs with their 2024 registered populations.

    The 59 services jointly commissioned since April 2023 are fully delegated to
    the 20 ICBs of East of England, the Midlands and the North West from
    1 April 2024 (£5.3bn, s.65Z5), those regions' joint committees ending with
    notice given; elsewhere joint committees of ICBs and NHS England go on.

    Source: NHS England Board (February 2023; December 2024); PQ (May 2024):
    £5.3bn; Fingertips populations (embedded). One joint committee per region
    (there were 9), approval dates, which 59 services, their planning
    populations and the split of £5.3bn are illustrative.

    >>> from speccom_model import check
    >>> check(england_2024_25()).findings
    ()
    """
    year = FinancialYear(2024)
    catalogue = _catalogue(
        150, joint=70, highly=20, small=dict.fromkeys(_DELEGATED, Population(500_000))
    )
    icbs = reference.icbs_2022()
    populations = reference.icb_populations(2024)
    bodies = [_nhs_england(), *_regions()]
    bodies += [
        Commissioner(
            code=icb.code,
            name=icb.name,
            kind=CommissionerKind.ICB,
            lifetime=_ICB_LIFE,
            region=icb.region,
        )
        for icb in icbs
    ]
    region_icbs = {
        r.code: [i.code for i in icbs if i.region == r.code]
        for r in reference.regions()
    }
    bodies += [
        Commissioner(
            code=f"JC-{region.code}",
            name=f"{region.name} joint committee of ICBs and NHS England",
            kind=CommissionerKind.JOINT_COMMITTEE,
            lifetime=Period(start=dt.date(2023, 4, 1)),
            members={_ENGLAND, *region_icbs[region.code]},
        )
        for region in reference.regions()
    ]
    places = [
        Place(
            code=icb.code,
            name=icb.name.removeprefix("NHS ").removesuffix(" Integrated Care Board"),
            population=populations[icb.code],
            memberships=(Membership(commissioner=icb.code, period=_ICB_LIFE),),
            source="GP-registered population 2024 (OHID Fingertips; see PROVENANCE.md)",
        )
        for icb in icbs
    ]
    delegating = [c for r in _DELEGATING_REGIONS for c in region_icbs[r]]
    icb_totals = gbp("£5.3bn").allocate([populations[c].persons for c in delegating])
    baselines = []
    for icb, total in zip(delegating, icb_totals, strict=True):
        shares = total.allocate(_weights(len(_DELEGATED), 6))
        baselines += [
            Baseline(
                service=service,
                place=icb,
                year=year,
                amount=share,
                source="illustrative: £5.3bn shared by population, then by service",
            )
            for service, share in zip(_DELEGATED, shares, strict=True)
        ]
    joint_approvals = _approvals(
        (ApprovalStage.PRE_DELEGATION_ASSESSMENT, dt.date(2022, 10, 3)),
        (ApprovalStage.NATIONAL_MODERATION_PANEL, dt.date(2022, 11, 21)),
        (ApprovalStage.NHS_ENGLAND_BOARD, dt.date(2023, 2, 2)),
    )
    delegation_approvals = _approvals(
        (ApprovalStage.PRE_DELEGATION_ASSESSMENT, dt.date(2023, 7, 3)),
        (ApprovalStage.NATIONAL_MODERATION_PANEL, dt.date(2023, 10, 16)),
        (ApprovalStage.NHS_ENGLAND_BOARD, dt.date(2023, 12, 7)),
    )
    arrangements = []
    for region in reference.regions():
        ends = region.code in _DELEGATING_REGIONS
        arrangements.append(
            DelegationArrangement(
                id=f"JC-{region.code}-2023",
                kind=ArrangementKind.JOINT_COMMITTEE,
                receiver=f"JC-{region.code}",
                services=_DELEGATED,
                places=region_icbs[region.code],
                period=Period(
                    start=dt.date(2023, 4, 1), end=year.start if ends else None
                ),
                notice_given=dt.date(2023, 9, 29) if ends else None,
                approvals=joint_approvals,
            )
        )
    arrangements.extend(
        DelegationArrangement(
            id=f"DEL-{icb}",
            kind=ArrangementKind.ICB_DELEGATION,
            receiver=icb,
            services=_DELEGATED,
            places={icb},
            period=Period(start=year.start),
            budget_transferred={year: _sum(b for b in baselines if b.place == icb)},
            approvals=delegation_approvals,
        )
        for icb in delegating
    )
    budgets = [
        Budget(
            holder=icb,
            year=year,
            lines=[
                BudgetLine(service=b.service, allocation=b.amount)
                for b in baselines
                if b.place == icb
            ],
            source="delegated under s.65Z5 (illustrative split of £5.3bn)",
        )
        for icb in delegating
    ]
    return Landscape(
        name="england_2024_25",
        description="England 2024-25: 59 services (£5.3bn) delegated to the ICBs of "
        "East of England, the Midlands and the North West; joint committees elsewhere.",
        catalogue=catalogue,
        commissioners=bodies,
        places=places,
        arrangements=arrangements,
        budgets=budgets,
        baselines=baselines,
    )


# -- national scale ----------------------------------------------------------------------------

_BASE36: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _place_code(index: int) -> str:
    return "SYN-Q" + _BASE36[index // 36 % 36] + _BASE36[index % 36]


def national(
    *,
    services: int = 150,
    places: int = 42,
    years: int = 3,
    first_year: FinancialYear = FinancialYear(2023),  # noqa: B008 - frozen value
) -> Landscape:
    """
    A lawful England-sized plan for load tests: services × places × years.

    By default 150 services, 42 ICB areas and 3 years from 2023-24 — about
    England's size. In the first year each area's delegable services (up to 59)
    are commissioned by a joint committee of its ICB and NHS England; from the
    second year they are delegated to the ICB (s.65Z5), the committee ending
    with notice given. Money balances to the penny every year. Bodies carry
    synthetic ``SYN-`` codes: nothing here is a real organisation or figure.

    >>> from speccom_model import check
    >>> plan = national(services=20, places=3, years=2)
    >>> len(plan.arrangements), check(plan).findings
    (6, ())
    """
    if not (1 <= services <= 999 and 1 <= places <= 36 * 36 and 1 <= years <= 20):
        raise InvalidValueError(
            "national",
            (services, places, years),
            "1-999 services, 1-1,296 places and 1-20 years",
        )
    delegated = tuple(str(n) for n in range(1, min(59, services) + 1))
    catalogue = _catalogue(
        services,
        joint=min(70, services),
        highly=max(0, min(20, services - 70)),
        small=dict.fromkeys(delegated, Population(300_000)),
    )
    codes = [_place_code(i) for i in range(places)]
    sizes = [500_000 + (i * 7919 * 331) % 2_500_000 for i in range(places)]
    year_list = [first_year + n for n in range(years)]
    bodies = [_nhs_england()]
    bodies += [
        Commissioner(
            code=c, name=f"ICB {c}", kind=CommissionerKind.ICB, lifetime=_ICB_LIFE
        )
        for c in codes
    ]
    bodies += [
        Commissioner(
            code=f"SYN-JC{i}",
            name=f"Joint committee {c}",
            kind=CommissionerKind.JOINT_COMMITTEE,
            lifetime=Period(start=first_year.start),
            members={_ENGLAND, c},
        )
        for i, c in enumerate(codes)
    ]
    area_places = [
        Place(
            code=c,
            name=f"Area {c}",
            population=Population(size),
            memberships=(Membership(commissioner=c, period=_ICB_LIFE),),
        )
        for c, size in zip(codes, sizes, strict=True)
    ]
    route = _approvals(
        (
            ApprovalStage.PRE_DELEGATION_ASSESSMENT,
            first_year.start - dt.timedelta(days=180),
        ),
        (
            ApprovalStage.NATIONAL_MODERATION_PANEL,
            first_year.start - dt.timedelta(days=120),
        ),
        (ApprovalStage.NHS_ENGLAND_BOARD, first_year.start - dt.timedelta(days=60)),
    )
    weights = _weights(len(delegated), 7)
    arrangements: list[DelegationArrangement] = []
    baselines: list[Baseline] = []
    budgets: list[Budget] = []
    allocations: list[Allocation] = []
    delegated_years = year_list[1:] if years > 1 else year_list
    for i, code in enumerate(codes):
        if years > 1:
            arrangements.append(
                DelegationArrangement(
                    id=f"JC-{code}",
                    kind=ArrangementKind.JOINT_COMMITTEE,
                    receiver=f"SYN-JC{i}",
                    services=delegated,
                    places={code},
                    period=Period(start=first_year.start, end=year_list[1].start),
                    notice_given=first_year.start + dt.timedelta(days=150),
                    approvals=route,
                )
            )
        mine = []
        for year in delegated_years:
            total = Money.from_pence(sizes[i] * 1_000 * (1 + year.start_year % 3))
            for service, share in zip(delegated, total.allocate(weights), strict=True):
                mine.append(
                    Baseline(service=service, place=code, year=year, amount=share)
                )
        baselines += mine
        start = delegated_years[0].start
        arrangements.append(
            DelegationArrangement(
                id=f"DEL-{code}",
                kind=ArrangementKind.ICB_DELEGATION,
                receiver=code,
                services=delegated,
                places={code},
                period=Period(start=start),
                budget_transferred={
                    year: _sum(b for b in mine if b.year == year)
                    for year in delegated_years
                },
                approvals=_approvals(
                    *(
                        (a.stage, a.decided_on + (start - first_year.start))
                        for a in route
                    )
                ),
            )
        )
        budgets += [
            Budget(
                holder=code,
                year=year,
                lines=[
                    BudgetLine(service=b.service, allocation=b.amount)
                    for b in mine
                    if b.year == year
                ],
            )
            for year in delegated_years
        ]
    for year in year_list:
        retained = [
            BudgetLine(
                service=s.code,
                allocation=Money.from_pence(
                    10**9 + int(s.code) * 10**7 + year.start_year
                ),
            )
            for s in catalogue
        ]
        england = Budget(holder=_ENGLAND, year=year, lines=retained)
        budgets.append(england)
        held = sum((b.allocation for b in budgets if b.year == year), Money.zero())
        allocations.append(Allocation(year=year, amount=held, source="synthetic"))
    return Landscape(
        name=f"national_{services}x{places}x{years}",
        description="A synthetic England-sized plan for load tests.",
        catalogue=catalogue,
        commissioners=bodies,
        places=area_places,
        arrangements=arrangements,
        allocations=allocations,
        budgets=budgets,
        baselines=baselines,
    )


# -- the registry ----------------------------------------------------------------------------


def _provenance(build: Callable[..., Landscape]) -> str:
    """A builder's documentation, without its examples, and the common note."""
    import textwrap  # noqa: PLC0415

    text = textwrap.dedent(build.__doc__ or "").split(">>>", 1)[0].strip()
    return text + "\n\n" + textwrap.fill(_ILLUSTRATIVE_SERVICES, 76)


def _unfunded() -> Landscape:
    return ccg_cocommissioning_2014(funded=False)


SCENARIOS: Final[tuple[Scenario, ...]] = (
    Scenario(
        name="england_2013_14",
        title="NHS England's first year: 143 services, £13bn, a £377m overspend",
        provenance=_provenance(england_2013_14),
        expected={"SPC-CONS-002": 1},
        build=england_2013_14,
    ),
    Scenario(
        name="ccg_cocommissioning_2014",
        title="CCGs co-commission renal dialysis and chemotherapy (£1.7bn), funded",
        provenance=_provenance(ccg_cocommissioning_2014),
        expected={},
        build=ccg_cocommissioning_2014,
    ),
    Scenario(
        name="ccg_cocommissioning_2014_unfunded",
        title="The same, with chemotherapy moved without its money",
        provenance=_provenance(ccg_cocommissioning_2014),
        expected={"SPC-MONEY-001": 191},
        build=_unfunded,
    ),
    Scenario(
        name="england_2019_20",
        title="England 2019-20: £17.7bn, planning boards, GM, south London, a "
        "business case awaiting the national panel",
        provenance=_provenance(england_2019_20),
        expected={"SPC-APPR-003": 1},
        build=england_2019_20,
    ),
    Scenario(
        name="england_2024_25",
        title="England 2024-25: 59 services (£5.3bn) delegated to 20 ICBs, joint "
        "committees elsewhere",
        provenance=_provenance(england_2024_25),
        expected={},
        build=england_2024_25,
    ),
)


def get(name: str) -> Scenario:
    """
    The scenario with this name.

    Raises:
        UnknownReferenceError: for a name no scenario has.
    """
    for scenario in SCENARIOS:
        if scenario.name == name:
            return scenario
    raise UnknownReferenceError(
        "scenario", name, "one of " + ", ".join(s.name for s in SCENARIOS)
    )
