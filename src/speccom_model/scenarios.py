"""
Named scenarios, shipped as data: plan files, reference generators and a builder.

Each scenario is a TOML file in the package's ``data/scenarios`` folder:
its ``name``, ``title``, the financial ``year`` it shows, its ``provenance``
(which figures are real, which illustrative), the findings a check reports
(``expected``), the figures it asserts (``[[figure]]``, each with its
citations) and the ``parts`` its plan is made of. A part is a plan-format
file beside it (any subset of a plan's top-level fields) or ``reference:NAME``,
a generator in :data:`GENERATORS` that derives plan-format data from the
embedded reference tables (:mod:`speccom_model.reference`). The builder joins
the parts' lists field by field and structures the whole once through
:mod:`speccom_model.io`, so a bad part is a
:class:`~speccom_model.errors.ParseError` naming the part and the field path.

>>> from speccom_model import scenarios, check
>>> [s.name for s in scenarios.SCENARIOS]
['england_2013_14', 'ccg_cocommissioning_2014', 'ccg_cocommissioning_2014_unfunded', 'england_2019_20', 'england_2023_24', 'england_2024_25', 'england_2025_26', 'england_2026_27']
>>> scenario = scenarios.get("england_2019_20")
>>> check(scenario.build()).counts_by_code() == dict(scenario.expected)
True
>>> scenario.parts
('reference:organisations@2019-04-01..2021-04-01', 'reference:stps_2019', 'england_2019_20.plan.toml')
>>> scenarios.get("england_2099")
Traceback (most recent call last):
speccom_model.errors.UnknownReferenceError: scenario: expected one of england_2013_14, ...
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import os
import re
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from speccom_model import _icb_era, reference
from speccom_model._frozen import FrozenDict, frozen_dict
from speccom_model._validators import check_line, check_prose, check_text, to_tuple
from speccom_model.arrangement import (
    Approval,
    ApprovalStage,
    ArrangementKind,
    DelegationArrangement,
)
from speccom_model.budget import Allocation, Baseline, Budget, BudgetLine
from speccom_model.catalogue import PrescribedServices
from speccom_model.citation import Citation
from speccom_model.commissioner import Commissioner, CommissionerKind
from speccom_model.errors import (
    InvalidValueError,
    ParseError,
    SpeccomError,
    UnknownReferenceError,
)
from speccom_model.landscape import Landscape, Membership, Place
from speccom_model.periods import FinancialYear, Period
from speccom_model.service import FormerName, ProgrammeOfCare, Service, Specification
from speccom_model.units import Money, Population, _sum_money

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

__all__ = [
    "GENERATORS",
    "REFERENCE_PREFIX",
    "SCENARIOS",
    "SCENARIO_FOLDER",
    "Figure",
    "Scenario",
    "build_parts",
    "ccg_cocommissioning_2014",
    "england_2013_14",
    "england_2019_20",
    "england_2023_24",
    "england_2024_25",
    "england_2025_26",
    "england_2026_27",
    "get",
    "load",
    "names",
    "national",
    "organisations",
]

#: The folder of the package holding the scenario files and their plan parts.
SCENARIO_FOLDER: Final = os.path.join(os.path.dirname(__file__), "data", "scenarios")
#: How a generator part is written: ``reference:`` and the generator's name.
REFERENCE_PREFIX: Final = "reference:"
#: A plan part is a file name (no folder) ending .toml or .json.
_PART_FILE: Final = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\.(?:toml|json)")
_INDEXED: Final = re.compile(r"([A-Za-z_]+)\[(\d+)\](.*)", re.DOTALL)

_ENGLAND: Final = "X24"
_NHSE_LIFE: Final = {"start": "2012-10-01"}
# The seven NHS England regions (Y56, Y58-Y63) exist from 1 April 2019, when
# NHS England and NHS Improvement's seven joint regional teams began (HSJ,
# https://www.hsj.co.uk/policy-and-regulation/seven-regional-teams-will-be-locus-of-decision-making/7022488.article
# ); before then NHS England had fewer, differently drawn regions.
_REGION_LIFE: Final = {"start": "2019-04-01"}
_STP_LIFE: Final = {"start": "2016-04-01", "end": "2022-07-01"}
_ICB_LIFE: Final = {"start": "2022-07-01"}


# -- values -----------------------------------------------------------------------


def _sources(value: Iterable[Citation]) -> tuple[Citation, ...]:
    return to_tuple(value)


@final
@attrs.frozen(kw_only=True)
class Figure:
    """
    A figure a scenario asserts, as written, with the sources that give it.

    Args:
        name: What the figure is ("national allocation 2013-14").
        value: The figure as the source writes it ("£13bn", "143").
        kind: What sort of figure: ``plan``, ``forecast``, ``outturn``,
            ``count``, ``delegated share``, ``fact``...
        illustrative: True when the scenario chose it (no source gives it).
        sources: Where it is published; at least one unless illustrative.
        note: Anything a reader must know (an approximation, a conflict).

    Raises:
        InvalidValueError: for a figure that is not illustrative and cites
            nothing, or empty text.

    >>> Figure(name="services", value="143", kind="count", illustrative=False)
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: sources: expected at least one citation for a figure that is not illustrative, got '()'
    """

    name: str
    value: str
    kind: str
    illustrative: bool
    sources: tuple[Citation, ...] = attrs.field(default=(), converter=_sources)
    note: str = ""

    def __attrs_post_init__(self) -> None:
        for field in ("name", "value", "kind"):
            if not check_text(field, getattr(self, field)).strip():
                raise InvalidValueError(field, getattr(self, field), "some text")
        check_line("note", self.note)
        if not isinstance(self.illustrative, bool):
            raise InvalidValueError("illustrative", self.illustrative, "true or false")
        for index, source in enumerate(self.sources):
            if not isinstance(source, Citation):
                raise InvalidValueError(f"sources[{index}]", source, "a Citation")
        if not self.illustrative and not self.sources:
            raise InvalidValueError(
                "sources",
                (),
                "at least one citation for a figure that is not illustrative",
            )


@final
@attrs.frozen(kw_only=True)
class Scenario:
    """
    A named, documented scenario: its parts, its figures and what a check reports.

    Args:
        name: The scenario's name, as ``speccom example NAME`` takes it.
        title: One line saying what it is.
        year: The financial year it shows (scenarios are listed by it).
        provenance: Where its figures come from, and which are illustrative.
        expected: The findings a check with the default policy reports: rule
            code to count (an empty mapping means a clean report).
        figures: The figures it asserts, each with its citations.
        parts: What its plan is made of: plan files in ``folder`` and
            ``reference:NAME`` generators, joined in this order.
        folder: Where its plan files are (not part of its identity).

    >>> get("england_2013_14").expected
    FrozenDict({'SPC-CONS-002': 1})
    >>> get("england_2013_14").build() is get("england_2013_14").build()
    True
    """

    name: str
    title: str
    year: FinancialYear
    provenance: str
    expected: FrozenDict[str, int] = attrs.field(converter=frozen_dict)
    figures: tuple[Figure, ...] = attrs.field(default=(), converter=to_tuple)
    parts: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    folder: str = attrs.field(default=SCENARIO_FOLDER, eq=False, repr=False)
    _cache: list[Landscape] = attrs.field(
        factory=list, init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        check_text("name", self.name)
        check_text("title", self.title)
        check_prose("provenance", self.provenance)

    def build(self) -> Landscape:
        """
        The scenario's landscape, built from its parts once and then reused.

        Raises:
            ParseError: naming the part and field path of every problem.
        """
        if not self._cache:
            self._cache.append(
                build_parts(self.parts, folder=self.folder, source=self.name)
            )
        return self._cache[0]


# -- generators: plan-format data derived from the reference tables -----------------


def _nhs_england() -> dict[str, Any]:
    return {
        "commissioners": [
            {
                "code": _ENGLAND,
                "name": "NHS England (the NHS Commissioning Board)",
                "kind": "nhs-england",
                "lifetime": dict(_NHSE_LIFE),
            }
        ]
    }


def _regions_2019() -> dict[str, Any]:
    return {
        "commissioners": [
            {
                "code": r.code,
                "name": f"NHS England {r.name}",
                "kind": "nhs-england-region",
                "lifetime": dict(_REGION_LIFE),
            }
            for r in reference.regions()
        ]
    }


def _stps_2019() -> dict[str, Any]:
    seen: dict[str, dict[str, Any]] = {}
    for ccg in reference.ccgs_2019():
        if ccg.stp_ons_code not in seen:
            seen[ccg.stp_ons_code] = {
                "code": ccg.stp_ons_code,
                "name": f"{ccg.stp_name} STP / ICS",
                "kind": "stp",
                "lifetime": dict(_STP_LIFE),
                "region": ccg.region,
            }
    return {"commissioners": list(seen.values())}


def _icbs_2022() -> dict[str, Any]:
    return {
        "commissioners": [
            {
                "code": icb.code,
                "name": icb.name,
                "kind": "icb",
                "lifetime": dict(_ICB_LIFE),
                "region": icb.region,
            }
            for icb in reference.icbs_2022()
        ]
    }


def _icb_places_2024() -> dict[str, Any]:
    populations = reference.icb_populations(2024)
    return {
        "places": [
            {
                "code": icb.code,
                "name": icb.name.removeprefix("NHS ").removesuffix(
                    " Integrated Care Board"
                ),
                "population": populations[icb.code].persons,
                "memberships": [{"commissioner": icb.code, "period": dict(_ICB_LIFE)}],
                "source": "GP-registered population 2024 (OHID Fingertips; see "
                "PROVENANCE.md)",
            }
            for icb in reference.icbs_2022()
        ]
    }


def _span(text: str) -> Period:
    """``DAY`` (that day) or ``DAY..DAY`` (end exclusive), as a part writes it."""
    first, dots, last = text.partition("..")
    start = dt.date.fromisoformat(first)
    end = dt.date.fromisoformat(last) if dots else start + dt.timedelta(days=1)
    return Period(start=start, end=end)


def organisations(span: str | None = None) -> dict[str, Any]:
    """
    The real organisations timeline as plan-format data, filtered to a span.

    Written in a scenario's ``parts`` as ``reference:organisations`` (every
    body, place and succession of
    :func:`speccom_model.reference.organisations`),
    ``reference:organisations@2019-04-01`` (what existed that day) or
    ``reference:organisations@2019-04-01..2021-04-01`` (what existed on some
    day of the span, its end exclusive). A filtered timeline holds the bodies
    alive on some day of the span and, transitively, the predecessors of those
    bodies (so a merger that took effect on the span's first day shows what
    merged); the places with a membership of a body it holds, each with only
    those memberships; and the successions whose both ends it holds.

    Args:
        span: ``None`` for everything, or ``DAY`` or ``DAY..DAY`` in ISO
            form (``YYYY-MM-DD``).

    Returns:
        ``{"commissioners": [...], "places": [...], "successions": [...]}``
        as a plan file writes them (see :mod:`speccom_model.io`).

    Raises:
        ValueError: for a span that is not ISO days (the builder reports it
            as a :class:`~speccom_model.errors.ParseError` naming the part).

    Source: the shipped organisations tables (see
    :func:`speccom_model.reference.organisations`, ``PROVENANCE.md``).

    >>> data = organisations("2019-04-01")
    >>> sum(b["kind"] == "ccg" for b in data["commissioners"])
    197
    >>> [b["code"] for b in organisations("2013-04-01")["commissioners"]]
    ['X24']
    """
    from speccom_model.io import converter  # noqa: PLC0415

    timeline = reference.organisations()
    bodies = timeline.bodies
    places = timeline.places
    successions = timeline.successions
    if span is not None:
        period = _span(span)
        kept = {b.code for b in bodies if b.lifetime.overlaps(period)}
        growing = True
        while growing:
            before = len(kept)
            kept |= {
                s.predecessor
                for s in successions
                if s.successor in kept and s.predecessor not in kept
            }
            growing = len(kept) != before
        bodies = tuple(b for b in bodies if b.code in kept)
        successions = tuple(
            s
            for s in successions
            if s.predecessor in kept and (s.successor is None or s.successor in kept)
        )
        places = tuple(
            attrs.evolve(
                place,
                memberships=tuple(
                    m for m in place.memberships if m.commissioner in kept
                ),
            )
            for place in places
            if any(
                m.commissioner in kept and m.period.overlaps(period)
                for m in place.memberships
            )
        )
    unstructure = converter().unstructure
    return {
        "commissioners": [_plain(unstructure(b)) for b in bodies],
        "places": [_plain(unstructure(p)) for p in places],
        "successions": [_plain(unstructure(s)) for s in successions],
    }


def _plain(value: Any) -> Any:  # noqa: ANN401 - plan data is any shape
    """Enum members as their stable values, as a plan file writes them."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


#: The generators a scenario may name as ``reference:NAME``; each returns
#: plan-format data (top-level plan fields, as a plan file writes them). Those
#: in ``_SPANNED`` also take a span, ``reference:NAME@DAY`` or ``@DAY..DAY``.
GENERATORS: Final[Mapping[str, Callable[..., dict[str, Any]]]] = FrozenDict(
    {
        "nhs_england": _nhs_england,
        "regions_2019": _regions_2019,
        "stps_2019": _stps_2019,
        "icbs_2022": _icbs_2022,
        "icb_places_2024": _icb_places_2024,
        "organisations": organisations,
        # The ICB era from the tables (speccom_model._icb_era).
        **{
            f"icbs_and_places_{y}_{(y + 1) % 100:02d}": functools.partial(
                _icb_era.icbs_and_places, y
            )
            for y in range(2023, 2027)
        },
        "joint_committees_2023": _icb_era.joint_committees,
        "catalogue_2023_24": functools.partial(_icb_era.catalogue, 2023),
        "catalogue_2025_26": functools.partial(_icb_era.catalogue, 2025),
        **{
            f"delegation_{y}_{(y + 1) % 100:02d}": functools.partial(
                _icb_era.delegation, y
            )
            for y in range(2023, 2027)
        },
    }
)

#: The generators that take a span of days (``reference:NAME@DAY..DAY``).
_SPANNED: Final = ("organisations",)


# -- the builder --------------------------------------------------------------------


def _read_part(part: str, index: int, folder: str, source: str) -> dict[str, Any]:
    from speccom_model.io import _decode, _read, format_of  # noqa: PLC0415

    if part.startswith(REFERENCE_PREFIX):
        name, at, span = part.removeprefix(REFERENCE_PREFIX).partition("@")
        generator = GENERATORS.get(name)
        if generator is None:
            raise ParseError(
                f"parts[{index}]",
                part,
                "a plan file or one of "
                + ", ".join(REFERENCE_PREFIX + g for g in GENERATORS),
                file=source,
            )
        if not at:
            return generator()
        if name not in _SPANNED:
            raise ParseError(
                f"parts[{index}]",
                part,
                "a span (@DAY or @DAY..DAY) only after "
                + ", ".join(REFERENCE_PREFIX + g for g in _SPANNED),
                file=source,
            )
        try:
            return generator(span)
        except ValueError:
            raise ParseError(
                f"parts[{index}]",
                part,
                f"{REFERENCE_PREFIX}{name}@DAY or @DAY..DAY, days as YYYY-MM-DD "
                "and the end after the start",
                file=source,
            ) from None
    if not _PART_FILE.fullmatch(part):
        raise ParseError(
            f"parts[{index}]",
            part,
            "the name of a .toml or .json plan file in the scenario's folder "
            "(no folder in it), or reference:NAME",
            file=source,
        )
    path = os.path.join(folder, part)
    raw = _read(path, 16 * 1024 * 1024, part)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ParseError("file", part, "UTF-8 text", file=part) from None
    data = _decode(text, format_of(path), part, Landscape)
    if not isinstance(data, dict):
        raise ParseError(
            "file", type(data).__name__, "a table of plan fields", file=part
        )
    return data


def _where(field: str, spans: Mapping[str, list[tuple[str, int, int]]]) -> str:
    """A problem's path in the joined plan, as the part and its own path."""
    match = _INDEXED.fullmatch(field)
    if match is None:
        key = re.split(r"[.\[]", field, maxsplit=1)[0]
        owners = spans.get(key, [])
        return f"{owners[0][0]}: {field}" if len(owners) == 1 else field
    key, index, rest = match[1], int(match[2]), match[3]
    for part, start, length in spans.get(key, []):
        if start <= index < start + length:
            return f"{part}: {key}[{index - start}]{rest}"
    return field  # pragma: no cover - every index comes from some part


def _renamed(problem: SpeccomError, field: str) -> SpeccomError:
    import copy  # noqa: PLC0415

    moved = copy.copy(problem)
    moved.field = field
    return moved


def build_parts(
    parts: Iterable[str], *, folder: str = SCENARIO_FOLDER, source: str = "scenario"
) -> Landscape:
    """
    Join a scenario's parts into one landscape, structured once through ``io``.

    Args:
        parts: Plan files in ``folder`` (``"x.plan.toml"``) and
            ``reference:NAME`` generators, in order. Lists (commissioners,
            places, arrangements...) are joined field by field in this order;
            any other field (``name``, ``catalogue``...) comes from one part.
        folder: Where the plan files are.
        source: The scenario's name, for messages.

    Raises:
        ParseError: for an unknown generator, a part that is not a file name
            in ``folder``, a file that cannot be read, a field two parts give,
            or content that is not a valid plan, naming each problem's part
            and its path within that part.

    >>> len(build_parts(["reference:nhs_england"], source="x").commissioners)
    Traceback (most recent call last):
    speccom_model.errors.ParseError: x: catalogue: expected a value (required field 'catalogue' is missing), got None
    >>> build_parts(["reference:nope"], source="x")
    Traceback (most recent call last):
    speccom_model.errors.ParseError: x: parts[0]: expected a plan file or one of reference:nhs_england, ...
    """
    from speccom_model.io._converter import structure  # noqa: PLC0415

    joined: dict[str, Any] = {}
    spans: dict[str, list[tuple[str, int, int]]] = {}
    for index, part in enumerate(parts):
        for key, value in _read_part(part, index, folder, source).items():
            if isinstance(value, list):
                held = joined.setdefault(key, [])
                if not isinstance(held, list):
                    raise ParseError(
                        key,
                        part,
                        f"a field given by one part ({spans[key][0][0]})",
                        file=source,
                    )
                spans.setdefault(key, []).append((part, len(held), len(value)))
                held.extend(value)
            elif key in joined:
                raise ParseError(
                    key,
                    part,
                    f"a field given by one part ({spans[key][0][0]})",
                    file=source,
                )
            else:
                joined[key] = value
                spans[key] = [(part, 0, 0)]
    try:
        return structure(joined, Landscape)
    except ParseError as err:
        raise ParseError.gathered(
            tuple(_renamed(p, _where(p.field, spans)) for p in err.problems),
            file=source,
            problems_not_listed=err.problems_not_listed,
        ) from None


# -- scenario files -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _FigureFile:
    """A ``[[figure]]`` entry as the file writes it (``source``, singular)."""

    name: str
    value: str
    kind: str
    illustrative: bool
    source: tuple[Citation, ...] = ()
    note: str = ""


@attrs.frozen(kw_only=True)
class _ScenarioFile:
    """A scenario file as written."""

    name: str
    title: str
    year: FinancialYear
    provenance: str
    parts: tuple[str, ...]
    expected: FrozenDict[str, int] = attrs.field(factory=FrozenDict)
    figure: tuple[_FigureFile, ...] = ()


def load(path: str | os.PathLike[str]) -> Scenario:
    """
    Read a scenario file (TOML or JSON); its plan files are looked for beside it.

    Raises:
        ParseError: for a file that cannot be read or is not a scenario file
            (naming each problem's path); building it may raise more.

    >>> load(os.path.join(SCENARIO_FOLDER, "england_2013_14.toml")).name
    'england_2013_14'
    """
    from speccom_model import io  # noqa: PLC0415

    written = io.load(path, type=_ScenarioFile)
    try:
        figures = tuple(
            Figure(
                name=f.name,
                value=f.value,
                kind=f.kind,
                illustrative=f.illustrative,
                sources=f.source,
                note=f.note,
            )
            for f in written.figure
        )
    except InvalidValueError as err:
        raise ParseError.gathered((err,), file=str(path)) from None
    return Scenario(
        name=written.name,
        title=written.title,
        year=written.year,
        provenance=written.provenance,
        expected=written.expected,
        figures=figures,
        parts=written.parts,
        folder=os.path.dirname(os.path.abspath(path)),
    )


def _shipped() -> tuple[Scenario, ...]:
    files = sorted(
        name
        for name in os.listdir(SCENARIO_FOLDER)
        if name.endswith(".toml") and not name.endswith(".plan.toml")
    )
    found = [load(os.path.join(SCENARIO_FOLDER, name)) for name in files]
    return tuple(sorted(found, key=lambda s: (s.year, s.name)))


#: Every shipped scenario, oldest year first (by name within a year).
SCENARIOS: Final[tuple[Scenario, ...]] = _shipped()


def names() -> tuple[str, ...]:
    """
    The shipped scenarios' names, oldest first.

    >>> names()[-1]
    'england_2026_27'
    """
    return tuple(s.name for s in SCENARIOS)


def get(name: str) -> Scenario:
    """
    The scenario with this name.

    Raises:
        UnknownReferenceError: for a name no scenario has.
    """
    for scenario in SCENARIOS:
        if scenario.name == name:
            return scenario
    raise UnknownReferenceError("scenario", name, "one of " + ", ".join(names()))


def england_2013_14() -> Landscape:
    """
    NHS England's first year: 143 services, £13bn (NAO), a £377m overspend (HSJ).

    >>> from speccom_model import check
    >>> [f.message for f in check(england_2013_14())]
    ['X24 overspent by £377m in 2013-14 (2.9% of £13bn)']
    """
    return get("england_2013_14").build()


def ccg_cocommissioning_2014(*, funded: bool = True) -> Landscape:
    """
    The 2014 proposal: CCGs take on renal dialysis and chemotherapy (£1.7bn).

    By default, co-commissioning "in partnership", NHS England keeping the
    money (HSJ's interview with Paul Watson, 2014): nothing moves.
    ``funded=False`` gives ``ccg_cocommissioning_2014_unfunded``, the other
    option HSJ named: a wholesale transfer of both services, renal dialysis
    with its money and chemotherapy without it. The CCGs of 2014 are not in
    the shipped tables, so four synthetic CCGs (``SYN-CC1`` to ``SYN-CC4``)
    stand in for them, labelled illustrative.

    >>> from speccom_model import check
    >>> check(ccg_cocommissioning_2014()).findings
    ()
    >>> sorted(check(ccg_cocommissioning_2014(funded=False)).codes())
    ['SPC-LEGAL-002', 'SPC-MONEY-001']
    >>> sorted(b.code for b in ccg_cocommissioning_2014().commissioners)
    ['SYN-CC1', 'SYN-CC2', 'SYN-CC3', 'SYN-CC4', 'X24']
    """
    name = "ccg_cocommissioning_2014" + ("" if funded else "_unfunded")
    return get(name).build()


def england_2019_20() -> Landscape:
    """
    England in 2019-20: 191 named CCGs, 42 STPs, 7 regions, a £17.7bn budget.

    >>> import datetime as dt
    >>> from speccom_model import check
    >>> plan = england_2019_20()
    >>> plan.commissioner_of("00T", dt.date(2019, 4, 1)).name
    'NHS Bolton CCG'
    >>> plan.commissioner_of("02N", dt.date(2020, 4, 1)).name
    'NHS Bradford District and Craven CCG'
    >>> [(f.code, f.severity.value) for f in check(plan)]
    [('SPC-MONEY-003', 'warning'), ('SPC-APPR-003', 'warning')]
    """
    return get("england_2019_20").build()


def england_2023_24() -> Landscape:
    """
    England in 2023-24: the 59 jointly commissioned by joint committees of ICBs and NHS England.

    Built from the reference tables (:mod:`speccom_model._icb_era`): one joint
    committee per region stands for the real nine, whose footprints the tables
    do not give.

    >>> from speccom_model import check
    >>> check(england_2023_24()).ok
    True
    """
    return get("england_2023_24").build()


def england_2024_25() -> Landscape:
    """
    England in 2024-25: 59 services delegated to 20 ICBs, joint committees elsewhere.

    The places are the 106 sub-ICB locations; the £5.3bn is split over the 20
    ICBs by population (illustrative).

    >>> import datetime as dt
    >>> england = england_2024_25()
    >>> england.responsible_commissioner("7", "01A", dt.date(2024, 4, 1)).code
    'QE1'
    >>> england.responsible_commissioner("7", "72Q", dt.date(2024, 4, 1)).code
    'JC-Y56'
    """
    return get("england_2024_25").build()


def england_2025_26() -> Landscape:
    """
    England in 2025-26: 70 services delegated to all 42 ICBs.

    >>> import datetime as dt
    >>> england_2025_26().responsible_commissioner("7", "72Q", dt.date(2025, 4, 1)).code
    'QKK'
    """
    return get("england_2025_26").build()


def england_2026_27() -> Landscape:
    """
    England in 2026-27: the delegations after the ICB mergers and splits of 1 April 2026.

    >>> import datetime as dt
    >>> england = england_2026_27()
    >>> england.responsible_commissioner("7", "06L", dt.date(2026, 4, 1)).code
    'T6Y0W'
    """
    return get("england_2026_27").build()


# -- national scale: synthetic load-test plans (not a scenario) ---------------------

#: England's population at mid-2023 (ONS), the planning population of a
#: national service here.
_ENGLAND_POPULATION: Final = Population(57_690_300)
_ICB_PERIOD: Final = Period(start=dt.date(2022, 7, 1))

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


def _weights(count: int, salt: int) -> list[int]:
    """Illustrative, deterministic, uneven weights for splitting a total."""
    return [1 + (i * 7919 + salt * 104729) % 97 for i in range(count)]


def _catalogue(
    count: int,
    *,
    joint: int,
    highly: int,
    small: Mapping[str, Population] | None = None,
    delegable_from: dt.date | None = None,
) -> PrescribedServices:
    """
    Build ``count`` services with illustrative planning populations.

    The first ``joint`` are planned for under 10 million people (1 to 9.5
    million, or as ``small`` says), the rest nationally, the last ``highly`` of
    them highly specialised. Those ``small`` names are suitable and ready for
    ICB leadership from ``delegable_from`` (illustrative).
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
                delegable_from=delegable_from if small and code in small else None,
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


def _sum(baselines: Iterable[Baseline]) -> Money:
    return _sum_money(b.amount for b in baselines)


def _approvals(*steps: tuple[ApprovalStage, dt.date]) -> tuple[Approval, ...]:
    return tuple(Approval(stage=stage, decided_on=day) for stage, day in steps)


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
        delegable_from=first_year.start,
    )
    codes = [_place_code(i) for i in range(places)]
    sizes = [500_000 + (i * 7919 * 331) % 2_500_000 for i in range(places)]
    year_list = [first_year + n for n in range(years)]
    bodies = [
        Commissioner(
            code=_ENGLAND,
            name="NHS England (the NHS Commissioning Board)",
            kind=CommissionerKind.NHS_ENGLAND,
            lifetime=Period(start=dt.date(2012, 10, 1)),
        )
    ]
    bodies += [
        Commissioner(
            code=c, name=f"ICB {c}", kind=CommissionerKind.ICB, lifetime=_ICB_PERIOD
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
            memberships=(Membership(commissioner=c, period=_ICB_PERIOD),),
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
