"""
Real NHS organisations from 2012 to 2026, as one timeline every scenario shares.

Five shipped tables feed it (sources in ``tables.toml`` and ``PROVENANCE.md``):
the names of the 191 CCGs of April 2019, the CCG mergers of April 2019, 2020
and 2021, the 106 sub-ICB locations of July 2022 (the CCG codes of 2021, kept
as codes when the CCGs were abolished), the ICB mergers of 1 April 2026 as
announced (partial), and the ICB successions of 1 April 2026 as ODS records
them (with the new ICBs' codes). :func:`organisations` joins them into bodies,
places and successions: a CCG code asked about on any day from 1 April 2019
answers the body that held it that day, through mergers, the ICBs of
1 July 2022 and the mergers of 1 April 2026.

>>> import datetime as dt
>>> from speccom_model import reference
>>> orgs = reference.organisations()
>>> len(orgs.places), len(reference.sub_icb_locations())
(218, 106)
>>> orgs.body("00T").name, orgs.body("00T").lifetime.end
('NHS Bolton CCG', datetime.date(2022, 7, 1))
>>> orgs.body("Z9B2Z").name
'NHS West and North London Integrated Care Board'
>>> orgs.body("ABC")
Traceback (most recent call last):
speccom_model.errors.UnknownReferenceError: code: expected a body of the shipped timeline, got 'ABC'

Decisions the tables do not make (each also in :attr:`Organisations.gaps`):

* **Start of a CCG.** CCGs were established on 1 April 2013 by the Health and
  Social Care Act 2012, but a 2019 CCG may have been formed by a merger
  between 2013 and 2019 that no shipped table records. So a 2019 CCG starts
  on 1 April 2019, the first day the April 2019 table attests; the six CCGs
  merged on 1 April 2019 start on 3 December 2018, the day the CCG map that
  attests them was committed. Before those days a CCG code answers nobody
  (``None``), never a guess.
* **Day of a merger.** The merger table gives only the month; its sources say
  "April" (HSJ: "1 April 2021"). NHS bodies change on 1 April, so each merger
  takes effect on the 1st of its month, and the predecessor's lifetime ends
  that day (exclusive).
* **Populations.** No shipped table gives a population per CCG or sub-ICB
  location; each place's population is *illustrative*: its ICB's 2022
  GP-registered population shared equally among the ICB's sub-ICB
  locations, and a merged 2019 CCG's share split equally among the CCGs that
  merged. Each place's ``source`` says so. Places of different vintages
  overlap (07M lies inside 93C): never add them across vintages.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from typing import TYPE_CHECKING, Final, TypeVar, final

import attrs

from speccom_model._sources import (
    DATA_DICTIONARY_SICBL,
    HCA_2022_S19,
    HSCA_2012_S1,
    NHSBSA_ICB_MERGERS_2026,
    ODS_ICB_RECONFIGURATION,
    RCPCH_ICB_SUCCESSIONS,
)
from speccom_model._validators import check_text, check_tuple_of, to_tuple
from speccom_model.citation import Citation, Sources, check_sources, to_sources
from speccom_model.commissioner import Commissioner, CommissionerKind
from speccom_model.errors import InvalidValueError, UnknownReferenceError
from speccom_model.landscape import Membership, Place, Succession, SuccessionKind
from speccom_model.periods import Period
from speccom_model.reference import ccgs_2019, icb_populations, icbs_2022, regions
from speccom_model.reference._files import rows
from speccom_model.service import FormerName
from speccom_model.units import Population

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

T = TypeVar("T")

__all__ = [
    "CcgMerger",
    "CcgName",
    "IcbMerger2026",
    "IcbSuccession2026",
    "Organisations",
    "SubIcbLocation",
    "ccg_mergers",
    "ccg_names",
    "former_ccg_names",
    "icb_mergers_2026",
    "icb_successions_2026",
    "organisations",
    "sub_icb_locations",
]

#: The NHS Commissioning Board (NHS England) was established on 1 October 2012.
NHS_ENGLAND_START: Final = dt.date(2012, 10, 1)
#: The seven regions (Y56, Y58-Y63) of the tables, from 1 April 2019.
REGIONS_START: Final = dt.date(2019, 4, 1)
#: The first day the April 2019 CCG table attests its 191 CCGs.
CCGS_2019_START: Final = dt.date(2019, 4, 1)
#: The day the CCG map attesting the six CCGs merged in April 2019 was committed.
CCGS_2018_START: Final = dt.date(2018, 12, 3)
#: CCGs abolished and ICBs established (Health and Care Act 2022).
ICBS_START: Final = dt.date(2022, 7, 1)


#: Places in an ICB that split on 1 April 2026, assigned to the part their
#: name says: inferred from the name and the sources quoted, never stated as a
#: list by any source read.
_SPLIT_PARTS: Final[dict[str, tuple[str, str]]] = {
    "06L": ("T6Y0W", "Ipswich and East Suffolk: the Suffolk part of QJG"),
    "07K": ("T6Y0W", "West Suffolk: the Suffolk part of QJG"),
    "06T": ("D7T5G", "North East Essex: the north east Essex part of QJG"),
    "06K": ("S1Y5D", "East and North Hertfordshire: the Hertfordshire part of QM7"),
    "06N": ("S1Y5D", "Herts Valleys: the Hertfordshire part of QM7"),
    "07H": ("D7T5G", "West Essex: the west Essex part of QM7"),
    "15D": ("S0E4D", "East Berkshire: the East Berkshire part of QNQ (BBC)"),
    "10C": ("S9B9J", "Surrey Heath: the Surrey Heath part of QNQ (Surrey Heartlands)"),
}


def _month_start(text: str, field: str) -> dt.date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        raise InvalidValueError(field, text, "a month such as '2020-04'") from None


def _optional(text: str) -> str | None:
    return text or None


def _urls(text: str, subject: str) -> Sources:
    """The table's addresses (no titles given), each titled by its site."""
    return tuple(
        Citation(title=f"{url.split('/')[2]}, on {subject}", url=url)
        for url in (part.strip() for part in text.split(";"))
        if url
    )


@final
@attrs.frozen(kw_only=True)
class CcgName:
    """
    The name of an April 2019 CCG, and its 2020 and 2021 merger targets.

    ``name_vintage`` says which name: ``2020-04`` (ONS CCG20) for a CCG still
    there in April 2020, ``2018-12`` (the EDS map) for one merged away then.

    Source: ``ccg_names_2019-04.csv``.

    >>> ccg_names()[1].name, ccg_names()[1].merged_into_2020
    ('NHS Barnet CCG', '93C')
    """

    code: str
    name: str
    name_vintage: str
    name_source: str
    ons_code_2020: str | None
    merged_into_2020: str | None
    merged_into_2021: str | None


@final
@attrs.frozen(kw_only=True)
class CcgMerger:
    """
    One CCG merged into another, in a month of 2019, 2020 or 2021.

    ``effective`` is the 1st of ``month``: the table gives the month only.

    Source: ``ccg_mergers_2019-2021.csv``.

    >>> m = ccg_mergers()[0]
    >>> m.predecessor, m.successor, m.effective
    ('03X', '15M', datetime.date(2019, 4, 1))
    """

    month: str
    effective: dt.date
    predecessor: str
    predecessor_name: str
    successor: str
    successor_name: str
    basis: str


@final
@attrs.frozen(kw_only=True)
class SubIcbLocation:
    """
    A sub-ICB location of July 2022: a 2021 CCG's code, now part of an ICB.

    Source: ``sub_icb_locations_2022-07.csv`` (ONS SICBL22 lookup).

    >>> loc = {s.code: s for s in sub_icb_locations()}["00T"]
    >>> loc.icb, loc.name, loc.former_ccg_name
    ('QOP', 'NHS Greater Manchester ICB - 00T', 'NHS Bolton CCG')
    """

    code: str
    ons_code: str
    name: str
    icb: str
    icb_ons_code_2022: str
    icb_name: str
    former_ccg_name: str
    ccg21_ons_code: str


@final
@attrs.frozen(kw_only=True)
class IcbMerger2026:
    """
    One ICB footprint from 1 April 2026 as announced (partial; no codes).

    Args:
        successor_name: The new footprint's name, as the sources give it.
        successor_code: Always ``None``: no source read by the table's
            authors gave one (see :func:`icb_successions_2026` for ODS codes).
        predecessors: The ICBs that join it whole.
        predecessor_names: Their names.
        parts: The parts of other ICBs that join it, in the table's words.
        effective: The day it takes effect.
        status: How firm the source is.
        sources: Where it was read.
        note: The table's note.

    Source: ``icb_mergers_2026.csv`` (WMS HCWS915 of 9 September 2025 and ICB
    and press pages).

    >>> icb_mergers_2026()[0].successor_name, icb_mergers_2026()[0].parts
    ('Norfolk and Suffolk ICB', ('QJG (Suffolk part only)',))
    """

    successor_name: str
    successor_code: str | None
    predecessors: tuple[str, ...]
    predecessor_names: tuple[str, ...]
    parts: tuple[str, ...]
    effective: dt.date
    status: str
    sources: Sources
    note: str


@final
@attrs.frozen(kw_only=True)
class IcbSuccession2026:
    """
    One predecessor-successor pair of the ICB changes of 1 April 2026, per ODS.

    ``kind`` is the source's: ``merger`` (the whole ICB joins a new one),
    ``split`` (part of it does) or ``acquisition`` (an existing ICB, QRL,
    gains part of one).

    Source: ``icb_successions_2026-04.csv``, from the ODS-verified succession
    map transcribed in rcpch/rcpch-nhs-organisations.

    >>> s = icb_successions_2026()[0]
    >>> s.predecessor, s.successor, s.kind
    ('QHG', 'S1Y5D', 'merger')
    """

    predecessor: str
    predecessor_name: str
    successor: str
    successor_name: str
    effective: dt.date
    kind: str
    note: str


@functools.cache
def ccg_names() -> tuple[CcgName, ...]:
    """The names of the 191 CCGs of April 2019 (``ccg_names_2019-04.csv``)."""
    return tuple(
        CcgName(
            code=r["ccg_code"],
            name=r["ccg_name"],
            name_vintage=r["name_vintage"],
            name_source=r["name_source"],
            ons_code_2020=_optional(r["ccg_ons_code_2020"]),
            merged_into_2020=_optional(r["merged_into_2020"]),
            merged_into_2021=_optional(r["merged_into_2021"]),
        )
        for r in rows("ccg_names_2019-04.csv")
    )


@functools.cache
def ccg_mergers() -> tuple[CcgMerger, ...]:
    """The 118 CCG mergers of April 2019, 2020 and 2021 (``ccg_mergers_2019-2021.csv``)."""
    return tuple(
        CcgMerger(
            month=r["effective_month"],
            effective=_month_start(r["effective_month"], f"ccg_mergers[{i}].month"),
            predecessor=r["predecessor_code"],
            predecessor_name=r["predecessor_name"],
            successor=r["successor_code"],
            successor_name=r["successor_name"],
            basis=r["basis"],
        )
        for i, r in enumerate(rows("ccg_mergers_2019-2021.csv"))
    )


@functools.cache
def sub_icb_locations() -> tuple[SubIcbLocation, ...]:
    """The 106 sub-ICB locations of July 2022 (``sub_icb_locations_2022-07.csv``)."""
    return tuple(
        SubIcbLocation(
            code=r["sicbl_code"],
            ons_code=r["sicbl_ons_code"],
            name=r["sicbl_name"],
            icb=r["icb_ods_code"],
            icb_ons_code_2022=r["icb_ons_code_2022"],
            icb_name=r["icb_name"],
            former_ccg_name=r["former_ccg_name_2021"],
            ccg21_ons_code=r["ccg21_ons_code"],
        )
        for r in rows("sub_icb_locations_2022-07.csv")
    )


@functools.cache
def icb_mergers_2026() -> tuple[IcbMerger2026, ...]:
    """The 8 rows of ICB mergers from 1 April 2026 as announced (partial)."""
    return tuple(
        IcbMerger2026(
            successor_name=r["successor_name"],
            successor_code=_optional(r["successor_code"]),
            predecessors=_split(r["predecessor_icb_codes_whole"]),
            predecessor_names=_split(r["predecessor_icb_names_whole"]),
            parts=_split(r["predecessor_parts"]),
            effective=dt.date.fromisoformat(r["effective_date"]),
            status=r["status"],
            sources=_urls(r["source"], r["successor_name"]),
            note=r["note"],
        )
        for r in rows("icb_mergers_2026.csv")
    )


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


@functools.cache
def icb_successions_2026() -> tuple[IcbSuccession2026, ...]:
    """The 16 ICB successions of 1 April 2026 as ODS records them."""
    return tuple(
        IcbSuccession2026(
            predecessor=r["predecessor_code"],
            predecessor_name=r["predecessor_name"],
            successor=r["successor_code"],
            successor_name=r["successor_name"],
            effective=dt.date.fromisoformat(r["effective_date"]),
            kind=r["kind"],
            note=r["note"],
        )
        for r in rows("icb_successions_2026-04.csv")
    )


def former_ccg_names() -> dict[str, str]:
    """
    The 2021 CCG name of each sub-ICB location, by code (a fresh dict).

    >>> former_ccg_names()["00T"]
    'NHS Bolton CCG'
    """
    return {loc.code: loc.former_ccg_name for loc in sub_icb_locations()}


@final
@attrs.frozen(kw_only=True)
class Organisations:
    """
    The real organisations across time: bodies, places and successions.

    Args:
        bodies: NHS England, the seven regions, every CCG from 2018-19 to
            2022, the 42 ICBs of July 2022 and the six new ICBs of April 2026.
        places: One per April 2019 CCG code and per sub-ICB location code,
            with its memberships over time.
        successions: Every merger and split: CCGs in 2019, 2020 and 2021,
            CCGs into ICBs on 1 July 2022, ICBs on 1 April 2026.
        sources: Where the timeline's dates come from.
        gaps: What the timeline does not know, in words for a user.

    Source: the shipped tables named in the module docstring.

    >>> orgs = organisations()
    >>> len([b for b in orgs.bodies if b.kind is CommissionerKind.ICB])
    48
    """

    bodies: tuple[Commissioner, ...] = attrs.field(converter=to_tuple)
    places: tuple[Place, ...] = attrs.field(converter=to_tuple)
    successions: tuple[Succession, ...] = attrs.field(converter=to_tuple)
    sources: Sources = attrs.field(converter=to_sources)
    gaps: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    _by_code: dict[str, Commissioner] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        check_tuple_of("bodies", self.bodies, Commissioner, "Commissioner")
        check_tuple_of("places", self.places, Place, "Place")
        check_tuple_of("successions", self.successions, Succession, "Succession")
        check_sources("sources", self.sources)
        for i, gap in enumerate(self.gaps):
            check_text(f"gaps[{i}]", gap)
        object.__setattr__(self, "_by_code", {b.code: b for b in self.bodies})

    def body(self, code: str) -> Commissioner:
        """
        The body with ``code``.

        Raises:
            UnknownReferenceError: for a code the timeline does not hold.
        """
        found = self._by_code.get(code) if isinstance(code, str) else None
        if found is None:  # an unhashable code is an unknown one
            raise UnknownReferenceError("code", code, "a body of the shipped timeline")
        return found


def _single(values: Iterable[T], field: str) -> T:
    distinct = set(values)
    if len(distinct) != 1:
        raise InvalidValueError(field, sorted(map(str, distinct)), "one value")
    return distinct.pop()


def _shares(total: int, count: int) -> list[int]:
    return [total // count + (1 if i < total % count else 0) for i in range(count)]


@functools.cache
def organisations() -> Organisations:
    """
    The shared timeline of real organisations, built once from the tables.

    >>> orgs = organisations()
    >>> [s.successor for s in orgs.successions if s.predecessor in ("07M", "93C")]
    ['93C', 'QMJ']
    """
    bodies: dict[str, Commissioner] = {}
    for body in (*_national_bodies(), *_ccg_bodies(), *_icb_bodies()):
        if body.code in bodies:
            raise InvalidValueError("bodies", body.code, "codes that are unique")
        bodies[body.code] = body
    locations = {loc.code: loc for loc in sub_icb_locations()}
    successions = [
        Succession(
            predecessor=m.predecessor,
            successor=m.successor,
            effective=m.effective,
            kind=SuccessionKind.MERGER,
        )
        for m in ccg_mergers()
    ]
    # 1 July 2022: every CCG then in being is abolished; its functions pass
    # to the ICB its sub-ICB location (the same code) belongs to.
    successions.extend(
        Succession(
            predecessor=code,
            successor=locations[code].icb,
            effective=ICBS_START,
            kind=SuccessionKind.MERGER,
        )
        for code, body in bodies.items()
        if body.kind is CommissionerKind.CCG and body.lifetime.end == ICBS_START
    )
    changes = icb_successions_2026()
    parts = Counter(change.predecessor for change in changes)
    successions.extend(
        Succession(
            predecessor=change.predecessor,
            successor=change.successor,
            effective=change.effective,
            kind=SuccessionKind.SPLIT
            if parts[change.predecessor] > 1
            else SuccessionKind.MERGER,
        )
        for change in changes
    )
    return Organisations(
        bodies=tuple(bodies.values()),
        places=_places(bodies, locations, icb_populations(2022)),
        successions=tuple(successions),
        sources=(
            HSCA_2012_S1,
            HCA_2022_S19,
            ODS_ICB_RECONFIGURATION,
            DATA_DICTIONARY_SICBL,
            RCPCH_ICB_SUCCESSIONS,
            NHSBSA_ICB_MERGERS_2026,
        ),
        gaps=_GAPS,
    )


def _national_bodies() -> list[Commissioner]:
    national = [
        Commissioner(
            code="X24",
            name="NHS England",
            kind=CommissionerKind.NHS_ENGLAND,
            lifetime=Period(start=NHS_ENGLAND_START),
        )
    ]
    national.extend(
        Commissioner(
            code=region.code,
            name=f"NHS England {region.name}",
            kind=CommissionerKind.REGION,
            lifetime=Period(start=REGIONS_START),
        )
        for region in regions()
    )
    return national


def _merged() -> dict[str, CcgMerger]:
    return {m.predecessor: m for m in ccg_mergers()}


def _ccg_end(code: str) -> dt.date:
    following = _merged().get(code)
    return ICBS_START if following is None else following.effective


def _ccg_bodies() -> list[Commissioner]:
    """The CCGs merged in April 2019, those of April 2019, and later mergers'."""
    mergers = ccg_mergers()
    names = {n.code: n.name for n in ccg_names()}
    region_of: dict[str, str | None] = {c.code: c.region for c in ccgs_2019()}
    ccgs = [
        # Merged on 1 April 2019: attested only by the December 2018 map.
        Commissioner(
            code=m.predecessor,
            name=m.predecessor_name,
            kind=CommissionerKind.CCG,
            lifetime=Period(start=CCGS_2018_START, end=m.effective),
        )
        for m in mergers
        if m.predecessor not in names
    ]
    ccgs.extend(
        Commissioner(
            code=ccg.code,
            name=names[ccg.code],
            kind=CommissionerKind.CCG,
            lifetime=Period(start=CCGS_2019_START, end=_ccg_end(ccg.code)),
            region=ccg.region,
        )
        for ccg in ccgs_2019()
    )
    for successor in dict.fromkeys(m.successor for m in mergers):
        if successor in names:  # 15M and 15N: in the April 2019 list
            continue
        joining = [m for m in mergers if m.successor == successor]
        region = _single((region_of[m.predecessor] for m in joining), successor)
        region_of[successor] = region
        ccgs.append(
            Commissioner(
                code=successor,
                name=str(_single((m.successor_name for m in joining), successor)),
                kind=CommissionerKind.CCG,
                lifetime=Period(start=joining[0].effective, end=_ccg_end(successor)),
                region=region,
            )
        )
    return ccgs


def _icb_bodies() -> list[Commissioner]:
    """The 42 ICBs of 1 July 2022 and the new ICBs of 1 April 2026."""
    changes = icb_successions_2026()
    ends: dict[str, dt.date] = {}
    for change in changes:
        if ends.setdefault(change.predecessor, change.effective) != change.effective:
            raise InvalidValueError(
                f"{change.predecessor}.end", change.effective, "one end per ICB"
            )
    icbs = [
        Commissioner(
            code=icb.code,
            name=icb.name,
            kind=CommissionerKind.ICB,
            lifetime=Period(start=ICBS_START, end=ends.get(icb.code)),
            region=icb.region,
        )
        for icb in icbs_2022()
    ]
    region_of = {icb.code: icb.region for icb in icbs}
    for code in dict.fromkeys(change.successor for change in changes):
        if code in region_of:  # QRL: an existing ICB gaining part of QNQ
            continue
        joining = [change for change in changes if change.successor == code]
        name = _single((change.successor_name for change in joining), code)
        icbs.append(
            Commissioner(
                code=code,
                # The source's short name; ODS names it "... INTEGRATED CARE BOARD".
                name=f"{name} Integrated Care Board",
                kind=CommissionerKind.ICB,
                lifetime=Period(start=joining[0].effective),
                # Every predecessor of each new ICB is in one region.
                region=_single(
                    (region_of[change.predecessor] for change in joining),
                    f"{code}.region",
                ),
            )
        )
    return icbs


def _populations(
    locations: Mapping[str, SubIcbLocation], populations: Mapping[str, Population]
) -> dict[str, tuple[int, str]]:
    """Illustrative persons per place, with the words that say so."""
    merged = _merged()
    by_icb: dict[str, list[str]] = {}
    for loc in locations.values():
        by_icb.setdefault(loc.icb, []).append(loc.code)
    share: dict[str, tuple[int, str]] = {}
    for icb, members in by_icb.items():
        source = (
            f"illustrative: {icb}'s 2022 GP-registered population (OHID "
            "Fingertips, icb_population.csv) shared equally among its "
            f"{len(members)} sub-ICB locations; no per-place figure ships"
        )
        for code, persons in zip(
            members, _shares(populations[icb].persons, len(members)), strict=True
        ):
            share[code] = (persons, source)
    merged_into: dict[str, list[str]] = {}
    for ccg in ccgs_2019():
        if ccg.code in merged:
            merged_into.setdefault(_last_ccg(ccg.code), []).append(ccg.code)
    for location, members in merged_into.items():
        persons, source = share[location]
        split = (
            f"{source}; then {location}'s share split equally among the "
            f"{len(members)} April 2019 CCGs that merged into it"
        )
        for code, part in zip(members, _shares(persons, len(members)), strict=True):
            share[code] = (part, split)
    return share


def _last_ccg(code: str) -> str:
    merged = _merged()
    while code in merged:
        code = merged[code].successor
    return code


def _places(
    bodies: Mapping[str, Commissioner],
    locations: Mapping[str, SubIcbLocation],
    populations: Mapping[str, Population],
) -> tuple[Place, ...]:
    """One place per 2019 CCG code and per sub-ICB location code."""
    merged = _merged()
    share = _populations(locations, populations)
    former_names = former_ccg_names()
    places = []
    for code in dict.fromkeys([*(c.code for c in ccgs_2019()), *locations]):
        memberships = []
        ccg = code
        while True:
            memberships.append(
                Membership(commissioner=ccg, period=bodies[ccg].lifetime)
            )
            if ccg not in merged:
                break
            ccg = merged[ccg].successor
        icb = bodies[locations[ccg].icb]
        memberships.append(Membership(commissioner=icb.code, period=icb.lifetime))
        if icb.lifetime.end is not None:
            memberships.extend(_after_2026(code, icb))
        location = locations.get(code)
        persons, source = share[code]
        # A sub-ICB location kept its CCG's code and took a new name on
        # 1 July 2022, when the CCG's area became part of an ICB.
        former = (
            ()
            if location is None
            else (FormerName(name=former_names[code], until=ICBS_START),)
        )
        places.append(
            Place(
                code=code,
                name=bodies[code].name if location is None else location.name,
                former_names=former,
                population=Population(persons),
                memberships=tuple(memberships),
                source=source,
            )
        )
    return tuple(places)


def _after_2026(code: str, icb: Commissioner) -> list[Membership]:
    """The membership from 1 April 2026, where the tables say which body it is."""
    changes = [s for s in icb_successions_2026() if s.predecessor == icb.code]
    start = Period(start=changes[0].effective)
    if len(changes) == 1:
        return [Membership(commissioner=changes[0].successor, period=start)]
    part = _SPLIT_PARTS.get(code)
    if part is None:
        return []  # a split the sources do not resolve for this place
    return [Membership(commissioner=part[0], period=start)]


_GAPS: Final = (
    (
        "CCG lifetimes start at the earliest day a shipped table attests them: "
        "1 April 2019 for the 191 CCGs of the April 2019 table, 3 December 2018 "
        "for the six merged on 1 April 2019. CCGs were established on 1 April 2013, "
        "but mergers between 2013 and 2019 are not in the tables, so a CCG code "
        "answers nobody before those days."
    ),
    (
        "The four NHS England regions before 1 April 2019 are not in the tables; "
        "the seven regions start on 1 April 2019, and the six CCGs merged that day "
        "have no region."
    ),
    (
        "Merger days are inferred: the tables give the month of each CCG merger, "
        "and the sources say April; each takes effect on the 1st of its month."
    ),
    (
        "STPs are not in the timeline: the ODS codes of the 42 STPs were kept by "
        "the ICBs of 1 July 2022 (QE1 was the Lancashire and South Cumbria STP "
        "before it was the ICB), but no dated list of STP names by ODS code was "
        "found, so the STPs' earlier versions of those bodies are not recorded."
    ),
    (
        "Place populations are illustrative: no shipped table gives a population "
        "per CCG or sub-ICB location."
    ),
    (
        "On 1 April 2026 QJG, QM7 and QNQ split. Places are assigned to a part "
        "only where their name says which (inferred): D4U1Y (Frimley) and 99M "
        "(North East Hampshire and Farnham) span parts and answer nobody from "
        "1 April 2026."
    ),
    ("Only the ICB changes of 1 April 2026 are recorded; those of April 2027 are not."),
    (
        "The six CCG codes merged on 1 April 2019 (03X, 03Y, 04J, 04R, 99P, 99Q) "
        "are bodies but not places."
    ),
)
