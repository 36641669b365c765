"""
The ICB era, 2023 to 2026, as plan-format data derived from the reference tables.

Generators for the scenarios ``england_2023_24``, ``england_2024_25``,
``england_2025_26`` and ``england_2026_27`` (registered in
:data:`speccom_model.scenarios.GENERATORS`). Each returns plan fields as a
plan file writes them; nothing here reads a file but the embedded tables
(:mod:`speccom_model.reference`).

What is real, from the tables: the bodies (NHS England, the seven regions, the
42 ICBs of July 2022 and the six new ICBs of 1 April 2026, with their ODS codes
and lifetimes); the 106 sub-ICB locations as places, with their ICB by date;
the ICB successions of 1 April 2026; each ICB's joint-committee and
full-delegation dates (``icb_delegation_waves.csv``, assigned by region); the
manual numbers and names of the 13 delegated services the tables know; the
national figures (£5.3bn in 2024-25; £14bn and £2.3bn for the South East in
2025-26), which :mod:`speccom_model.reference.budgets` cites.

What is illustrative, and labelled so: one joint committee per NHS England
region (there were nine; their footprints are not in the tables); the 46 of
the 59 and the 11 added in April 2025 that the tables do not name, as ``ILL-``
services; their planning populations; the split of each national figure over
ICBs (by GP-registered population) and services (equally); place populations
(an ICB's population shared equally among its sub-ICB locations); approval
dates other than the NHS England Board's of 7 December 2023.

>>> data = icbs_and_places(2024)
>>> len(data["places"]), len([c for c in data["commissioners"] if c["kind"] == "icb"])
(106, 48)
>>> sorted(s["successor"] for s in data["successions"] if s["predecessor"] == "QHG")
['S1Y5D']
>>> len(catalogue(2025)["catalogue"]["services"])
92
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final

from speccom_model import _sources as src
from speccom_model import reference
from speccom_model.commissioner import CommissionerKind
from speccom_model.units import Money, format_money, gbp

if TYPE_CHECKING:
    from speccom_model.citation import Citation

__all__ = [
    "ADDED_2025",
    "DELEGATED_59",
    "arrangements",
    "catalogue",
    "delegation",
    "icbs_and_places",
    "joint_committees",
    "money",
]

_ENGLAND: Final = "X24"
_ERA_START: Final = dt.date(2023, 4, 1)
_JC_PREFIX: Final = "JC-"
_ILL_59_FROM: Final = 101  # ILL-101 ... ILL-146: the 46 of the 59 not numbered
_ILL_11_FROM: Final = 201  # ILL-201 ... ILL-211: the 11 added in April 2025
#: Planning population given to every ILL- service: illustrative, under the
#: smallest ICB's 2023-2025 GP-registered population, so the footprint rule
#: can judge the illustrative services without flagging them.
_ILL_POPULATION: Final = 500_000
_BOARD_FEB_2023: Final = dt.date(2023, 2, 2)  # the month is cited, the day is not
_BOARD_DEC_2023: Final = dt.date(2023, 12, 7)  # cited: the Board paper's date
_BOARD_DEC_2024: Final = dt.date(2024, 12, 5)  # the month is cited, the day is not
_SOUTH_EAST: Final = "Y59"

_BOARD_BY: Final = {
    _BOARD_FEB_2023: "NHS England Board, February 2023 (the day is illustrative)",
    _BOARD_DEC_2023: "NHS England Board, 7 December 2023",
    _BOARD_DEC_2024: "NHS England Board, December 2024 (the day is illustrative)",
}


def _known_59() -> list[tuple[str, str]]:
    """The 59 as (code, name): real manual numbers first, then ILL- codes."""
    records = reference.delegable_services()
    known = [(r.manual_number, r.name) for r in records if r.manual_number]
    unnumbered = [r.name for r in records if not r.manual_number]
    missing = 59 - len(records)
    illustrative = [
        (
            f"ILL-{_ILL_59_FROM + i}",
            f"{name} (one of the 59; its manual number is not in the shipped tables)",
        )
        for i, name in enumerate(unnumbered)
    ]
    illustrative += [
        (
            f"ILL-{_ILL_59_FROM + len(unnumbered) + i}",
            (
                f"Illustrative delegated service {i + 1} (one of the 59 the shipped "
                "tables do not name)"
            ),
        )
        for i in range(missing)
    ]
    return [(str(code), name) for code, name in known] + illustrative


#: The 59 services delegated from April 2023 (joint committees) and April 2024
#: or 2025 (ICBs): the 13 with a real manual number, then 46 ``ILL-`` codes.
DELEGATED_59: Final = tuple(code for code, _ in _known_59())
#: The 11 services added from April 2025 (Annex A of the December 2024 Board
#: paper is not in the shipped tables): all ``ILL-``.
ADDED_2025: Final = tuple(f"ILL-{_ILL_11_FROM + i}" for i in range(11))


def _period(start: dt.date, end: dt.date | None) -> dict[str, str]:
    period = {"start": start.isoformat()}
    if end is not None:
        period["end"] = end.isoformat()
    return period


def _shares(total: int, count: int) -> list[int]:
    return [total // count + (1 if i < total % count else 0) for i in range(count)]


def icbs_and_places(year: int) -> dict[str, Any]:
    """
    The ICB era of the shared organisations timeline, as plan fields.

    NHS England, the seven regions and every ICB (the 42 of 1 July 2022 and the
    six of 1 April 2026) with their lifetimes; the 106 sub-ICB locations as
    places, with their ICB memberships (the CCG memberships before 1 July 2022
    are left out, as the CCGs are not in an ICB-era plan) and former names; the
    ICB successions of 1 April 2026. A place's population is its ICB's
    GP-registered population in ``year`` (2025 for later years: none later is
    shipped) shared equally among the ICB's sub-ICB locations: illustrative.

    Args:
        year: The first calendar year of the financial year shown (2023-2026).

    Source: :func:`speccom_model.reference.organisations` and
    :func:`speccom_model.reference.icb_populations`.
    """
    orgs = reference.organisations()
    locations = reference.sub_icb_locations()
    population_year = min(year, 2025)
    populations = reference.icb_populations(population_year)
    icbs = [b for b in orgs.bodies if b.kind is CommissionerKind.ICB]
    icb_codes = {b.code for b in icbs}
    national = [
        b
        for b in orgs.bodies
        if b.kind in (CommissionerKind.NHS_ENGLAND, CommissionerKind.REGION)
    ]
    bodies = []
    for body in (*national, *icbs):
        entry: dict[str, Any] = {
            "code": body.code,
            "name": body.name,
            "kind": body.kind.value,
            "lifetime": _period(body.lifetime.start, body.lifetime.end),
        }
        if body.region is not None:
            entry["region"] = body.region
        bodies.append(entry)
    by_icb: dict[str, list[str]] = {}
    for location in locations:
        by_icb.setdefault(location.icb, []).append(location.code)
    persons: dict[str, int] = {}
    for icb, members in by_icb.items():
        shares = _shares(populations[icb].persons, len(members))
        persons.update(zip(members, shares, strict=True))
    timeline = {p.code: p for p in orgs.places}
    places = []
    for location in locations:
        place = timeline[location.code]
        entry = {
            "code": place.code,
            "name": place.name,
            "population": persons[place.code],
            "memberships": [
                {
                    "commissioner": m.commissioner,
                    "period": _period(m.period.start, m.period.end),
                }
                for m in place.memberships
                if m.commissioner in icb_codes
            ],
            "source": f"illustrative: {location.icb}'s {population_year} "
            "GP-registered population (OHID Fingertips) shared equally among its "
            f"{len(by_icb[location.icb])} sub-ICB locations; no per-place figure ships",
        }
        if place.former_names:
            entry["former_names"] = [
                {"name": f.name, "until": f.until.isoformat()}
                for f in place.former_names
            ]
        places.append(entry)
    successions = [
        {
            "predecessor": s.predecessor,
            "successor": s.successor,
            "effective": s.effective.isoformat(),
            "kind": s.kind.value,
        }
        for s in orgs.successions
        if s.predecessor in icb_codes
    ]
    return {"commissioners": bodies, "places": places, "successions": successions}


def _delegable_days() -> tuple[dt.date, dt.date]:
    """When the 59, then the 11, became ICB-led: from the waves table."""
    waves = reference.icb_delegation_waves().values()
    of_59 = min(w.joint_committee_from for w in waves)
    (of_11,) = {w.additional_from for w in waves if w.additional_from is not None}
    return of_59, of_11


def catalogue(year: int) -> dict[str, Any]:
    """
    The catalogue: NHS England's April 2023 list as far as shipped, and ``ILL-`` services.

    The 35 services of the shipped April 2023 list (manual numbers 1 to 33;
    partial) with no programme or planning population (none is published in
    it); the 46 of the 59 the tables do not number (seven with their real
    names, 39 unnamed); from 2025, the 11 added in April 2025. The 13 of the
    59 the tables number are suitable and ready for ICB leadership
    (``delegable_from``) from 1 April 2023, the day the joint committees began
    (``icb_delegation_waves.csv``); the ``ILL-`` services of the 59 from that
    day and of the 11 from 1 April 2025 (illustrative); the other listed
    services record none, as the tables cannot say.

    Source: :func:`speccom_model.reference.prescribed_services`,
    :func:`speccom_model.reference.delegable_services`.
    """
    listed = reference.prescribed_services(on=_ERA_START)
    known = {code for code in DELEGATED_59 if not code.startswith("ILL-")}
    of_59, of_11 = _delegable_days()
    services: list[dict[str, Any]] = [
        {"code": s.code, "name": s.name}
        | ({"delegable_from": of_59.isoformat()} if s.code in known else {})
        for s in listed
    ]
    illustrative = [(c, n) for c, n in _known_59() if c.startswith("ILL-")]
    if year >= 2025:
        illustrative += [
            (
                code,
                (
                    f"Illustrative added service {i + 1} (one of the 11 added in April "
                    "2025; Annex A of the Board paper is not in the shipped tables)"
                ),
            )
            for i, code in enumerate(ADDED_2025)
        ]
    services += [
        {
            "code": code,
            "name": name,
            "delegable_from": (of_11 if code in ADDED_2025 else of_59).isoformat(),
            "planning_population": _ILL_POPULATION,
            "specification": {
                "reference": f"{code}/S/illustrative",
                "title": f"Illustrative national specification of {code}",
            },
        }
        for code, name in illustrative
    ]
    return {
        "catalogue": {
            "effective": listed.effective.isoformat(),
            "edition": f"{listed.edition}, with illustrative ILL- services",
            "services": services,
        }
    }


def _region_icbs() -> dict[str, list[str]]:
    regions: dict[str, list[str]] = {}
    for wave in reference.icb_delegation_waves().values():
        regions.setdefault(wave.region, []).append(wave.icb)
    return {r: sorted(codes) for r, codes in sorted(regions.items())}


def _region_places() -> dict[str, list[str]]:
    waves = reference.icb_delegation_waves()
    places: dict[str, list[str]] = {}
    for location in reference.sub_icb_locations():
        places.setdefault(waves[location.icb].region, []).append(location.code)
    return {r: sorted(codes) for r, codes in places.items()}


def joint_committees() -> dict[str, Any]:
    """
    One joint committee of ICBs and NHS England per region, from 1 April 2023.

    There were nine (NHS England Board, 7 December 2023); their footprints are
    not in the shipped tables, so each region's ICBs form one here:
    illustrative, and the name says so.
    """
    names = {r.code: r.name for r in reference.regions()}
    return {
        "commissioners": [
            {
                "code": f"{_JC_PREFIX}{region}",
                "name": f"{names[region]} joint committee of ICBs and NHS England "
                "(regional grouping; the real nine footprints are not in the "
                "shipped tables)",
                "kind": "joint-committee",
                "members": [*icbs, _ENGLAND],
                "lifetime": {"start": _ERA_START.isoformat()},
            }
            for region, icbs in _region_icbs().items()
        ]
    }


def _approvals(board: dt.date) -> list[dict[str, str]]:
    """The 2023 route: the earlier stages' dates are illustrative."""
    return [
        {
            "stage": "pre-delegation-assessment",
            "decided_on": (board - dt.timedelta(days=120)).isoformat(),
            "by": "illustrative date",
        },
        {
            "stage": "national-moderation-panel",
            "decided_on": (board - dt.timedelta(days=45)).isoformat(),
            "by": "illustrative date",
        },
        {
            "stage": "nhs-england-board",
            "decided_on": board.isoformat(),
            "by": _BOARD_BY[board],
        },
    ]


def arrangements(year: int) -> dict[str, Any]:
    """
    The waves of delegation that start by the start of ``year``'s financial year.

    * ``JC-<region>-2023``: the region's joint committee commissions the 59 for
      its sub-ICB locations from 1 April 2023 until the region's full
      delegation (1 April 2024 or 2025, from the waves table); its end is
      recorded as decided when the Board agreed it: February 2023 for the
      regions delegated in 2024 (the joint committees were agreed "as a
      transitional step towards delegating full commissioning responsibility
      ... from April 2024"), 7 December 2023 for the others ("one more year").
    * ``DEL-<ICB>``: the 59 (from 2024) or the 70 (from 2025) delegated to
      the ICB (s.65Z5) for its sub-ICB locations.
    * ``DEL-<ICB>-2025``: the 11 added in April 2025, for the ICBs delegated
      in 2024.

    Delegations are open-ended: on 1 April 2026 those of the ICBs that merged
    or split pass to their successors through the successions. Each names its
    region's joint committee as the collaboration through which its ICB
    commissions with the region's other ICBs (illustrative, as the joint
    committees are: "most of the services must be commissioned in regional
    joint committees of ICBs", HSJ), so SPC-POP-002 weighs the region's places.

    Source: ``icb_delegation_waves.csv``; NHS England Board papers of
    7 December 2023 and December 2024.
    """
    first_day = dt.date(year, 4, 1)
    waves = reference.icb_delegation_waves()
    places = _region_places()
    by_icb: dict[str, list[str]] = {}
    for location in reference.sub_icb_locations():
        by_icb.setdefault(location.icb, []).append(location.code)
    result: list[dict[str, Any]] = []
    for region, icbs in _region_icbs().items():
        delegated_from = {waves[icb].full_delegation_from for icb in icbs}
        (end,) = delegated_from  # the table assigns waves by region
        result.append(
            {
                "id": f"{_JC_PREFIX}{region}-2023",
                "kind": "joint-committee",
                "receiver": f"{_JC_PREFIX}{region}",
                "services": list(DELEGATED_59),
                "places": places[region],
                "period": _period(_ERA_START, end),
                "notice_given": (
                    _BOARD_FEB_2023 if end.year == 2024 else _BOARD_DEC_2023
                ).isoformat(),
                "approvals": _approvals(_BOARD_FEB_2023),
            }
        )
    for icb, wave in sorted(waves.items()):
        start = wave.full_delegation_from
        if start > first_day:
            continue
        board = _BOARD_DEC_2023 if start.year == 2024 else _BOARD_DEC_2024
        services = list(DELEGATED_59) + (list(ADDED_2025) if start.year >= 2025 else [])
        result.append(
            {
                "id": f"DEL-{icb}",
                "kind": "icb-delegation",
                "receiver": icb,
                "services": services,
                "places": sorted(by_icb[icb]),
                "period": {"start": start.isoformat()},
                "collaboration": f"{_JC_PREFIX}{wave.region}",
                "approvals": _approvals(board),
            }
        )
        if start.year == 2024 and year >= 2025:
            result.append(
                {
                    "id": f"DEL-{icb}-2025",
                    "kind": "icb-delegation",
                    "receiver": icb,
                    "services": list(ADDED_2025),
                    "places": sorted(by_icb[icb]),
                    "period": {"start": "2025-04-01"},
                    "collaboration": f"{_JC_PREFIX}{wave.region}",
                    "approvals": _approvals(_BOARD_DEC_2024),
                }
            )
    return {"arrangements": sorted(result, key=lambda a: a["id"])}


def _figure(year: int, detail: str) -> Money:
    for figure in reference.specialised_budgets():
        if figure.year.start_year == year and figure.detail.startswith(detail):
            return figure.amount
    raise AssertionError(f"no {detail!r} figure for {year} in the budget table")


def _delegated(
    year: int, detail: str, citation: Citation | None = None
) -> dict[str, Any]:
    """
    A delegated-share row of the budget table as a plan's figure, cited.

    ``citation`` names the row's source more fully than the table's title
    ("Written answer (as above)"); it must be at the row's address.
    """
    (row,) = [
        f
        for f in reference.specialised_budgets()
        if f.year.start_year == year and f.detail.startswith(detail)
    ]
    if citation is None:
        citation = row.sources[0]
    if citation.url != row.sources[0].url:
        raise AssertionError(f"{citation.url} is not the row's {row.sources[0].url}")
    cited = {
        field: getattr(citation, field)
        for field in ("title", "section", "url", "note")
        if getattr(citation, field)
    }
    figure: dict[str, Any] = {
        "year": f"{year}-{(year + 1) % 100:02d}",
        "amount": _text(row.amount),
        "kind": "delegated",
        "source": f"{citation.title}: {row.detail}",
        "citation": cited,
    }
    if row.precision is not None:
        figure["precision"] = _text(row.precision)
    return figure


def money(year: int) -> dict[str, Any]:
    """
    ICB budgets for the delegated services in 2024-25 or 2025-26, split illustratively.

    2024-25: the £5.3bn delegated to the 20 ICBs of the East of England,
    Midlands and North West (excluding high-cost drugs and devices, which NHS
    England keeps). 2025-26: the £2.3bn delegated to the six South East ICBs,
    and the rest of the £14bn delegated to all 42 to the other 36. Each figure
    is shared among its ICBs by 2024 (2025) GP-registered population, then
    equally among the ICB's delegated services (illustrative); each delegation
    transfers its ICB's budget. The year's national delegated share (£5.3bn;
    £14bn) is recorded as its figure of kind ``delegated``, with its citation
    and the precision the table writes it to, so the money moved is reconciled
    against it; the South East's £2.3bn is a part of the £14bn, not a second
    national figure. Other years: no figure is shipped, so no money.

    Source: :func:`speccom_model.reference.specialised_budgets`.
    """
    waves = reference.icb_delegation_waves()
    if year == 2024:
        figure = _delegated(
            2024,
            "delegated share (ICBs in 3 regions",
            src.WRITTEN_ANSWER_2024_05_HCD,
        )
        groups = {
            "£5.3bn delegated to the 20 ICBs of the East of England, Midlands "
            "and North West, excluding high-cost drugs and devices": (
                _figure(2024, "delegated share (ICBs in 3 regions"),
                sorted(
                    i for i, w in waves.items() if w.full_delegation_from.year == 2024
                ),
            )
        }
    elif year == 2025:
        south_east = _figure(2025, "delegated share (South East")
        figure = _delegated(2025, "delegated share (70 services")
        groups = {
            "£2.3bn delegated to the six South East ICBs": (
                south_east,
                sorted(i for i, w in waves.items() if w.region == _SOUTH_EAST),
            ),
            "£14bn delegated to all 42 ICBs, less the South East's £2.3bn": (
                _figure(2025, "delegated share (70 services") - south_east,
                sorted(i for i, w in waves.items() if w.region != _SOUTH_EAST),
            ),
        }
    else:
        return {}
    populations = reference.icb_populations(year)
    label = f"{year}-{(year + 1) % 100:02d}"
    budgets: list[dict[str, Any]] = []
    for words, (total, icbs) in groups.items():
        weights = [populations[icb].persons for icb in icbs]
        for icb, share in zip(icbs, total.allocate(weights), strict=True):
            services = list(DELEGATED_59) + (list(ADDED_2025) if year >= 2025 else [])
            lines = share.allocate([1] * len(services))
            budgets.append(
                {
                    "holder": icb,
                    "year": label,
                    "lines": [
                        {"service": s, "allocation": _text(m)}
                        for s, m in zip(services, lines, strict=True)
                    ],
                    "source": f"illustrative split of a cited figure ({words}): "
                    f"by {year} GP-registered population, then equally by service",
                }
            )
    return {"budgets": budgets, "allocations": [figure]}


def _text(amount: Money) -> str:
    return format_money(amount, exact=True)


def delegation(year: int) -> dict[str, Any]:
    """
    The arrangements of :func:`arrangements` with the budgets of :func:`money`.

    Each delegation transfers, in ``year``, the sum of its ICB's budget lines
    for its services.

    >>> plan = delegation(2024)
    >>> len(plan["arrangements"]), len(plan["budgets"])
    (27, 20)
    """
    plan = arrangements(year)
    funds = money(year)
    budgets = funds.get("budgets", [])
    lines = {
        (b["holder"], line["service"]): line["allocation"]
        for b in budgets
        for line in b["lines"]
    }
    if budgets:
        label = budgets[0]["year"]
        for arrangement in plan["arrangements"]:
            if arrangement["kind"] != "icb-delegation":
                continue
            amounts = [
                lines[arrangement["receiver"], s] for s in arrangement["services"]
            ]
            total = sum((gbp(a) for a in amounts), Money.zero())
            arrangement["budget_transferred"] = {label: _text(total)}
        plan["budgets"] = budgets
        plan["allocations"] = funds["allocations"]
    return plan
