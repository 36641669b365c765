"""
Real NHS reference tables, embedded with their provenance.

Tables ship with the package (``speccom_model/data/reference/``; sources,
commits, licences and caveats in ``PROVENANCE.md`` beside them, and each
table's citations and gaps in :func:`tables`):

* :func:`regions` — the 7 NHS England regions (ODS Y56, Y58-Y63);
* :func:`ccgs_2019` — the 191 CCGs of April 2019 with their STP and region;
* :func:`icbs_2022` — the 42 ICBs established 1 July 2022, with region;
* :func:`icb_populations` — GP-registered population by ICB, 2021-2025
  (OHID Fingertips, via a third-party derivation);
* :func:`ccg_names`, :func:`ccg_mergers`, :func:`sub_icb_locations`,
  :func:`icb_mergers_2026` (partial) and :func:`icb_successions_2026` — the
  organisations from 2019 to 2026, joined by :func:`organisations` into one
  timeline of bodies, places and successions
  (:mod:`speccom_model.reference.organisations`);
* :func:`specialised_budgets` — national specialised budget figures by year,
  each with its kind and source (:mod:`speccom_model.reference.budgets`).

The services tables (the April 2023 prescribed list, partial; the known
delegated services, partial; NCBPS service-line codes; the ICB delegation
waves) are read by :mod:`speccom_model.reference.services`, whose names are
re-exported here: :func:`prescribed_services`, :func:`delegation_status`,
:func:`delegation_of`, :class:`ServiceLineCrosswalk` and the rest.

Contains public sector information licensed under the Open Government Licence
v3.0; code-derived tables are from MIT-licensed NHS Digital and third-party
repositories, as recorded in ``PROVENANCE.md``.

>>> from speccom_model import reference
>>> len(reference.ccgs_2019()), len(reference.icbs_2022()), len(reference.regions())
(191, 42, 7)
>>> reference.icb_populations(2024)["QE1"]
Population(1852079)
>>> reference.icb_populations(2030)
Traceback (most recent call last):
speccom_model.errors.InvalidValueError: year: expected one of 2021, 2022, 2023, 2024, 2025, got 2030
"""

from __future__ import annotations

import functools
from typing import final

import attrs

from speccom_model.citation import Citation, Sources
from speccom_model.errors import InvalidValueError
from speccom_model.reference._files import rows as _rows
from speccom_model.reference._files import text as _text
from speccom_model.units import Population

__all__ = [
    "APRIL_2023_LIST",
    "NCBPS_PROVENANCE",
    "BudgetFigure",
    "BudgetFigureKind",
    "CcgMerger",
    "CcgName",
    "CcgRecord",
    "DelegableServiceRecord",
    "DelegationAnswer",
    "DelegationStatus",
    "IcbDelegationWave",
    "IcbMerger2026",
    "IcbRecord",
    "IcbSuccession2026",
    "Organisations",
    "RegionRecord",
    "ScheduleParagraph",
    "ServiceLineCrosswalk",
    "ServiceLineRecord",
    "SubIcbLocation",
    "TableInfo",
    "ccg_mergers",
    "ccg_names",
    "ccgs_2019",
    "delegable_services",
    "delegation_of",
    "delegation_status",
    "former_ccg_names",
    "icb_delegation_waves",
    "icb_mergers_2026",
    "icb_populations",
    "icb_successions_2026",
    "icbs_2022",
    "known_manual_numbers",
    "ncbps_service_lines",
    "organisations",
    "prescribed_services",
    "provenance",
    "regions",
    "schedule_4_paragraphs",
    "specialised_budgets",
    "sub_icb_locations",
    "tables",
]


@final
@attrs.frozen(kw_only=True)
class RegionRecord:
    """An NHS England region: ODS code and name."""

    code: str
    name: str


@final
@attrs.frozen(kw_only=True)
class CcgRecord:
    """A CCG of April 2019 with its STP (by ONS code) and region."""

    code: str
    stp_ons_code: str
    stp_name: str
    region: str


@final
@attrs.frozen(kw_only=True)
class IcbRecord:
    """An ICB of July 2022: ODS code, ONS code (2023 vintage), name, region."""

    code: str
    ons_code: str
    name: str
    region: str


@final
@attrs.frozen(kw_only=True)
class TableInfo:
    """
    One shipped reference table: its file, what it holds, and its sources.

    Args:
        file: The CSV file's name in ``speccom_model/data/reference/``.
        title: What the table holds, and as at when.
        rows: Its number of data rows.
        complete: ``False`` for a table known to be partial: the rows it lacks
            were not found in any public source read, and are never invented.
        gaps: What is missing or doubtful.
        sources: Where its values come from.
    """

    file: str
    title: str
    rows: int
    complete: bool
    gaps: str
    sources: Sources


@functools.cache
def tables() -> tuple[TableInfo, ...]:
    """
    Every shipped reference table with its sources (``tables.toml``).

    >>> [t.file for t in tables()][:2]
    ['regions.csv', 'ccg_stp_region_2019-04.csv']
    """
    import tomllib  # noqa: PLC0415

    result = []
    for i, entry in enumerate(tomllib.loads(_text("tables.toml"))["table"]):
        sources = tuple(Citation(**source) for source in entry.pop("source"))
        if not sources:
            raise InvalidValueError(f"table[{i}].source", sources, "a source")
        result.append(TableInfo(sources=sources, **entry))
    return tuple(result)


@functools.cache
def regions() -> tuple[RegionRecord, ...]:
    """The 7 NHS England regions in force from April 2019."""
    return tuple(
        RegionRecord(code=r["region_ods_code"], name=r["region_name"])
        for r in _rows("regions.csv")
    )


@functools.cache
def ccgs_2019() -> tuple[CcgRecord, ...]:
    """The 191 CCGs of April 2019, in the source's order (grouped by region)."""
    return tuple(
        CcgRecord(
            code=r["ccg_code"],
            stp_ons_code=r["stp_ons_code"],
            stp_name=r["stp_name"],
            region=r["region_ods_code"],
        )
        for r in _rows("ccg_stp_region_2019-04.csv")
    )


@functools.cache
def icbs_2022() -> tuple[IcbRecord, ...]:
    """The 42 ICBs established on 1 July 2022."""
    return tuple(
        IcbRecord(
            code=r["icb_ods_code"],
            ons_code=r["icb_ons_code"],
            name=r["icb_name"],
            region=r["region_ods_code"],
        )
        for r in _rows("icb_2022-07.csv")
    )


@functools.cache
def _populations() -> dict[int, dict[str, Population]]:
    table: dict[int, dict[str, Population]] = {}
    for r in _rows("icb_population.csv"):
        table.setdefault(int(r["year"]), {})[r["icb_ods_code"]] = Population(
            int(r["gp_registered_population"])
        )
    return table


def icb_populations(year: int) -> dict[str, Population]:
    """
    GP-registered population by ICB code for a Fingertips year, 2021 to 2025.

    Raises:
        InvalidValueError: for a year the table does not hold.
    """
    table = _populations()
    if year not in table:
        raise InvalidValueError(
            "year", year, "one of " + ", ".join(str(y) for y in sorted(table))
        )
    return dict(table[year])


def provenance() -> str:
    """The sources, commits, licences and caveats of the embedded tables."""
    return _text("PROVENANCE.md")


# Below the loaders above, which organisations() reads when first called.
from speccom_model.reference.budgets import (  # noqa: E402
    BudgetFigure,
    BudgetFigureKind,
    specialised_budgets,
)
from speccom_model.reference.organisations import (  # noqa: E402
    CcgMerger,
    CcgName,
    IcbMerger2026,
    IcbSuccession2026,
    Organisations,
    SubIcbLocation,
    ccg_mergers,
    ccg_names,
    former_ccg_names,
    icb_mergers_2026,
    icb_successions_2026,
    organisations,
    sub_icb_locations,
)

# The services tables' readers, re-exported (imported last: they use _rows).
from speccom_model.reference.services import (  # noqa: E402
    APRIL_2023_LIST,
    NCBPS_PROVENANCE,
    DelegableServiceRecord,
    DelegationAnswer,
    DelegationStatus,
    IcbDelegationWave,
    ScheduleParagraph,
    ServiceLineCrosswalk,
    ServiceLineRecord,
    delegable_services,
    delegation_of,
    delegation_status,
    icb_delegation_waves,
    known_manual_numbers,
    ncbps_service_lines,
    prescribed_services,
    schedule_4_paragraphs,
)
