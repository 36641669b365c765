"""
The real prescribed specialised services and their delegation, as far as published.

Five shipped tables (``speccom_model/data/reference/``, registered in
``tables.toml`` with their sources and gaps; provenance in ``PROVENANCE.md``):

* ``prescribed_services_2023-04.csv`` — NHS England's list as at April 2023,
  **partial**: manual numbers 1 to 33 only, of about 150 services;
* ``si2012_2996_schedule4_paragraphs_1-30.csv`` — Schedule 4 of SI 2012/2996 as
  made, paragraphs 1 to 30 (**partial**; paragraph numbers are not manual
  numbers);
* ``delegable_services.csv`` — the first 20 of the 59 services delegated to ICBs
  (**partial**: none of the 11 added from April 2025);
* ``ncbps_service_lines.csv`` — NCBPS service-line codes (codes only: no public
  mapping to manual numbers, so a :class:`ServiceLineCrosswalk` comes from the
  user);
* ``icb_delegation_waves.csv`` — per ICB, joint committee from April 2023 and
  full delegation from April 2024 or April 2025 (complete at region level).

Where a table is partial, an answer that depends on a missing row is
``unknown`` and says why; no row is ever invented.

>>> import datetime as dt
>>> from speccom_model.reference import services
>>> catalogue = services.prescribed_services(on=dt.date(2024, 4, 1))
>>> len(catalogue), catalogue.service("29").name
(35, 'Haematopoietic stem cell transplantation services (adults and children)')
>>> services.delegation_status("7", "QE1", dt.date(2024, 4, 1))
<DelegationStatus.DELEGATED: 'delegated'>
>>> services.delegation_status("7", "QKK", dt.date(2024, 4, 1))
<DelegationStatus.JOINT_COMMITTEE: 'joint-committee'>
>>> services.delegation_status("6", "QE1", dt.date(2024, 4, 1))
<DelegationStatus.UNKNOWN: 'unknown'>
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Final, final

import attrs

from speccom_model._frozen import FrozenDict
from speccom_model._sources import (
    APRIL_2023_LIST,
    LSC_ICB_SPECIALISED_SERVICES,
    NHSE_BOARD_2023_12_DELEGATION,
    NHSE_BOARD_2024_12,
    NHSE_SPEC_SERVICES_HISTORY,
)
from speccom_model.catalogue import PrescribedServices, manual_number_order
from speccom_model.citation import Citation, Sources
from speccom_model.errors import InvalidValueError, UnknownReferenceError
from speccom_model.reference._files import rows as _rows
from speccom_model.reference.organisations import ICBS_START, icb_successions_2026
from speccom_model.service import _SERVICE_CODE, ILLUSTRATIVE_PREFIX, Service

__all__ = [
    "APRIL_2023_LIST",
    "NCBPS_PROVENANCE",
    "DelegableServiceRecord",
    "DelegationAnswer",
    "DelegationStatus",
    "IcbDelegationWave",
    "ScheduleParagraph",
    "ServiceLineCrosswalk",
    "ServiceLineRecord",
    "delegable_services",
    "delegation_of",
    "delegation_status",
    "icb_delegation_waves",
    "known_manual_numbers",
    "ncbps_service_lines",
    "prescribed_services",
    "schedule_4_paragraphs",
]

_LIST_EFFECTIVE: Final = dt.date(2023, 4, 1)
_MERGERS_FROM: Final = dt.date(2026, 4, 1)
#: The last manual number of the shipped part of the April 2023 list.
_LAST_LISTED: Final = 33

#: Where the shipped NCBPS list comes from, as error messages give it.
NCBPS_PROVENANCE: Final = (
    "ncbps_service_lines.csv: 125 NCBPS codes as far as found in public "
    "activity-data code, defined in Appendix B of NHS England's Commissioner "
    "Assignment Method guidance; no public mapping to manual numbers exists; "
    "sources in speccom_model.reference.provenance()"
)


class DelegationStatus(StrEnum):
    """
    Who commissioned a prescribed service for an ICB's population on a day.

    * ``retained`` — NHS England commissions it directly;
    * ``joint-committee`` — a statutory joint committee of ICBs and NHS England
      (NHS Act 2006 s.65Z6), from April 2023;
    * ``delegated`` — delegated to the ICB (s.65Z5), from April 2024 or 2025;
    * ``unknown`` — the shipped tables do not say (they are partial).

    Source: NHS England Board papers of 7 December 2023 and December 2024.

    >>> [s.value for s in DelegationStatus]
    ['retained', 'joint-committee', 'delegated', 'unknown']
    """

    RETAINED = "retained"
    JOINT_COMMITTEE = "joint-committee"
    DELEGATED = "delegated"
    UNKNOWN = "unknown"


@final
@attrs.frozen(kw_only=True)
class ScheduleParagraph:
    """
    A paragraph of SI 2012/2996 Schedule 4 as made (2012/13 wording).

    Paragraph numbers are not manual numbers: paragraph 29 is "Blood and marrow
    transplantation services", manual number 29 in April 2023 "Haematopoietic
    stem cell transplantation services".

    >>> schedule_4_paragraphs()[28]
    ScheduleParagraph(paragraph=29, text='Blood and marrow transplantation services.')
    """

    paragraph: int
    text: str


@final
@attrs.frozen(kw_only=True)
class DelegableServiceRecord:
    """
    One of the 59 (or the 11 further) services delegated to ICBs.

    Args:
        name: The name as the ICB page gives it.
        wave: ``59`` (joint committees from April 2023, delegation from April
            2024 or 2025) or ``11`` (added from April 2025).
        manual_number: Its manual number where the name equals one in the April
            2023 list exactly, else ``None`` (never matched more loosely).
        position: Its place in the source's list, from 1.

    >>> delegable_services()[0].manual_number
    '2'
    """

    name: str
    wave: int
    manual_number: str | None
    position: int


@final
@attrs.frozen(kw_only=True)
class ServiceLineRecord:
    """
    An NCBPS service-line code, with its description where one was found.

    >>> [r.description for r in ncbps_service_lines() if r.code == "NCBPS32A"]
    ['COCHLEAR IMPLANTATION SERVICES']
    """

    code: str
    description: str | None


@final
@attrs.frozen(kw_only=True)
class IcbDelegationWave:
    """
    When an ICB's population moved from NHS England to joint, then delegated, commissioning.

    Args:
        icb: The ICB's ODS code.
        name: Its name.
        region: Its NHS England region's ODS code.
        joint_committee_from: The day the joint committee began (2023-04-01).
        joint_committee_services: How many services it covered (59).
        full_delegation_from: The day of full delegation (2024-04-01 or
            2025-04-01).
        full_delegation_services: How many services were then delegated.
        additional_from: For the ICBs delegated in 2024, the day the 11 more
            services followed (2025-04-01); else ``None``.

    >>> wave = icb_delegation_waves()["QE1"]
    >>> wave.full_delegation_from, wave.additional_from
    (datetime.date(2024, 4, 1), datetime.date(2025, 4, 1))
    """

    icb: str
    name: str
    region: str
    joint_committee_from: dt.date
    joint_committee_services: int
    full_delegation_from: dt.date
    full_delegation_services: int
    additional_from: dt.date | None


@final
@attrs.frozen(kw_only=True)
class DelegationAnswer:
    """
    A delegation status with the reason for it and its sources.

    >>> answer = delegation_of("7", "QE1", dt.date(2023, 6, 1))
    >>> answer.status, answer.sources[0].title.startswith("NHS England Board")
    (<DelegationStatus.JOINT_COMMITTEE: 'joint-committee'>, True)
    """

    manual_number: str
    icb: str
    on: dt.date
    status: DelegationStatus
    reason: str
    sources: Sources


@functools.cache
def _april_2023() -> tuple[Service, ...]:
    return tuple(
        Service(code=r["manual_number"], name=r["name"])
        for r in _rows("prescribed_services_2023-04.csv")
    )


def known_manual_numbers() -> frozenset[str]:
    """
    The manual numbers the shipped April 2023 list gives (1 to 33 only).

    >>> len(known_manual_numbers()), "10" in known_manual_numbers()
    (35, False)
    """
    return frozenset(s.code for s in _april_2023())


def prescribed_services(*, on: dt.date) -> PrescribedServices:
    """
    NHS England's prescribed specialised services, as far as the shipped list goes.

    The list is NHS England's as at April 2023, and is **partial**: manual
    numbers 1 to 33 only (35 services, with 2A, 19A and 21A; there is no 10),
    of about 150. Programme of care and planning population are not published
    in it, so they are ``None``; no specification is recorded. The
    ``edition`` says it is partial. It is the latest list shipped: later
    changes to the list are not recorded.

    Args:
        on: The day; from 1 April 2023.

    Returns:
        A :class:`~speccom_model.PrescribedServices` effective 1 April 2023.

    Raises:
        InvalidValueError: for a day before 1 April 2023 (earlier lists are not
            shipped) or a value that is not a date.

    Source: NHS England, List of the prescribed specialised services directly
    commissioned by NHS England as at April 2023.

    >>> prescribed_services(on=dt.date(2025, 1, 1)).edition
    'NHS England list as at April 2023 (partial: manual numbers 1 to 33 only)'
    >>> prescribed_services(on=dt.date(2019, 4, 1))
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: on: expected a day from 2023-04-01 ...
    """
    _check_day(on)
    if on < _LIST_EFFECTIVE:
        raise InvalidValueError(
            "on",
            on,
            "a day from 2023-04-01 (the shipped list is NHS England's as at April "
            "2023; earlier lists are not shipped)",
        )
    return PrescribedServices(
        services=_april_2023(),
        effective=_LIST_EFFECTIVE,
        edition="NHS England list as at April 2023 (partial: manual numbers 1 to 33 "
        "only)",
    )


@functools.cache
def schedule_4_paragraphs() -> tuple[ScheduleParagraph, ...]:
    """Paragraphs 1 to 30 of SI 2012/2996 Schedule 4 as made (partial)."""
    return tuple(
        ScheduleParagraph(paragraph=int(r["paragraph"]), text=r["text"])
        for r in _rows("si2012_2996_schedule4_paragraphs_1-30.csv")
    )


@functools.cache
def delegable_services() -> tuple[DelegableServiceRecord, ...]:
    """The first 20 of the 59 delegated services, in source order (partial)."""
    return tuple(
        DelegableServiceRecord(
            name=r["service_name"],
            wave=int(r["wave"]),
            manual_number=r["manual_number"] or None,
            position=int(r["position_in_source_list"]),
        )
        for r in _rows("delegable_services.csv")
    )


@functools.cache
def ncbps_service_lines() -> tuple[ServiceLineRecord, ...]:
    """The 125 NCBPS service-line codes, three with a description."""
    return tuple(
        ServiceLineRecord(code=r["code"], description=r["description"] or None)
        for r in _rows("ncbps_service_lines.csv")
    )


@functools.cache
def _ncbps_codes() -> frozenset[str]:
    return frozenset(r.code for r in ncbps_service_lines())


def _additional(text: str) -> dt.date | None:
    # "2025-04-01 (additional 11 services, making 70)": the date leads the cell.
    return dt.date.fromisoformat(text.split(" ", 1)[0]) if text else None


@functools.cache
def icb_delegation_waves() -> Mapping[str, IcbDelegationWave]:
    """The delegation waves of the 42 ICBs, by ODS code (assigned by region)."""
    return FrozenDict(
        {
            r["icb_ods_code"]: IcbDelegationWave(
                icb=r["icb_ods_code"],
                name=r["icb_name"],
                region=r["region_ods_code"],
                joint_committee_from=dt.date.fromisoformat(r["joint_committee_from"]),
                joint_committee_services=int(r["joint_committee_services"]),
                full_delegation_from=dt.date.fromisoformat(r["full_delegation_from"]),
                full_delegation_services=int(r["full_delegation_service_set"]),
                additional_from=_additional(r["additional_delegation"]),
            )
            for r in _rows("icb_delegation_waves.csv")
        }
    )


def _check_day(on: object) -> None:
    if type(on) is not dt.date:
        raise InvalidValueError("on", on, "a date")


def delegation_of(manual_number: str, icb_code: str, on: dt.date) -> DelegationAnswer:
    """
    Who commissioned a service for an ICB's population on a day, why, and the sources.

    The answer follows the shipped tables and nothing else:

    * before 1 April 2023, ``retained``: NHS England commissioned every
      specialised service directly;
    * a service among the known delegated services (the 13 of the first 20 of
      the 59 that have a manual number): ``joint-committee`` from the ICB's
      joint committee (1 April 2023) and ``delegated`` from its full delegation
      (1 April 2024 in the East of England, Midlands and North West; 1 April
      2025 elsewhere);
    * any other service of the list: ``unknown``, because the list of the 59
      is partial and none of the 11 added from April 2025 is known, so it may
      be delegated or retained;
    * a manual number beyond the shipped part of the list (after 33):
      ``unknown`` on every day, since the tables cannot say whether it is a
      prescribed service at all; one up to 33 that the list lacks (e.g.
      ``"10"``) is refused;
    * from 1 April 2026, as on 31 March 2026: every ICB had full delegation
      by then, and an ICB merged or split that day passed its population, and
      the delegation, to its successors (``icb_successions_2026-04.csv``), as
      the reason says.

    Args:
        manual_number: A real manual number, e.g. ``"7"`` (not an ``ILL-`` code).
        icb_code: The ODS code of one of the 42 ICBs of July 2022.
        on: The day; from 1 July 2022, when ICBs were established.

    Raises:
        InvalidValueError: for a malformed or illustrative manual number, a day
            before 1 July 2022 or not a date.
        UnknownReferenceError: for a code that is not one of the 42 ICBs, or a
            manual number up to 33 that the April 2023 list does not have.

    Source: NHS England Board papers of 7 December 2023 and December 2024; NHS
    Lancashire and South Cumbria ICB, Specialised services.

    >>> print(delegation_of("6", "QE1", dt.date(2024, 4, 1)).reason)
    service 6 (Adult secure mental health services) is not among the delegated services the shipped table knows ...
    """
    if not isinstance(manual_number, str) or not _SERVICE_CODE.fullmatch(manual_number):
        raise InvalidValueError(
            "manual_number", manual_number, "a manual number such as '7' or '2A'"
        )
    if manual_number.startswith(ILLUSTRATIVE_PREFIX):
        raise InvalidValueError(
            "manual_number",
            manual_number,
            "a real manual number (an illustrative service has no real delegation "
            "status)",
        )
    _check_day(on)
    if on < ICBS_START:
        raise InvalidValueError(
            "on", on, "a day from 2022-07-01 (ICBs were established on 1 July 2022)"
        )
    waves = icb_delegation_waves()
    if icb_code not in waves:
        raise UnknownReferenceError(
            "icb_code", icb_code, "the ODS code of one of the 42 ICBs of July 2022"
        )
    wave = waves[icb_code]
    label = _label(manual_number)

    def answer(
        status: DelegationStatus, reason: str, *sources: Citation
    ) -> DelegationAnswer:
        return DelegationAnswer(
            manual_number=manual_number,
            icb=icb_code,
            on=on,
            status=status,
            reason=reason,
            sources=sources,
        )

    succeeded_by = ""
    if on >= _MERGERS_FROM:
        # Every ICB had taken full delegation by 1 April 2025, so the status
        # does not change on 1 April 2026; only who holds it may.
        successors = sorted(
            {s.successor for s in icb_successions_2026() if s.predecessor == icb_code}
        )
        if successors:
            succeeded_by = (
                f"; on {_MERGERS_FROM} {wave.name} passed its population to "
                + " and ".join(successors)
                + " (icb_successions_2026-04.csv)"
            )
    listed_numbers = {service.code for service in _april_2023()}
    if manual_number not in listed_numbers:
        if manual_number_order(manual_number)[1] <= _LAST_LISTED:
            raise UnknownReferenceError(
                "manual_number",
                manual_number,
                f"a manual number of the April 2023 list, which has no "
                f"{manual_number} (the shipped list is complete up to {_LAST_LISTED})",
            )
        return answer(
            DelegationStatus.UNKNOWN,
            f"{label}: whether it is a prescribed service, and who commissions it, "
            "the shipped tables cannot say",
            APRIL_2023_LIST,
        )
    if on < wave.joint_committee_from:
        return answer(
            DelegationStatus.RETAINED,
            f"before the joint committees of {wave.joint_committee_from} NHS "
            f"England commissioned every specialised service directly, {label} "
            "included",
            NHSE_SPEC_SERVICES_HISTORY,
            NHSE_BOARD_2023_12_DELEGATION,
        )
    known = {r.manual_number: r for r in delegable_services() if r.manual_number}
    if manual_number not in known:
        listed = len(delegable_services())
        return answer(
            DelegationStatus.UNKNOWN,
            f"{label} is not among the delegated services the shipped table knows "
            f"({len(known)} manual numbers, from the first {listed} of the 59; "
            "none of the 11 added from April 2025): that table is partial, so "
            "it may be delegated or retained by NHS England",
            LSC_ICB_SPECIALISED_SERVICES,
            NHSE_BOARD_2024_12,
        )
    if on < wave.full_delegation_from:
        return answer(
            DelegationStatus.JOINT_COMMITTEE,
            f"{label} is one of the 59; from {wave.joint_committee_from} one of "
            f"the nine statutory joint committees of ICBs and NHS England "
            f"commissioned it for {wave.name}, until full delegation on "
            f"{wave.full_delegation_from}",
            NHSE_BOARD_2023_12_DELEGATION,
            LSC_ICB_SPECIALISED_SERVICES,
        )
    return answer(
        DelegationStatus.DELEGATED,
        f"{label} is one of the 59, delegated to {wave.name} from "
        f"{wave.full_delegation_from} (region {wave.region}, delegated by region)"
        + succeeded_by,
        NHSE_BOARD_2023_12_DELEGATION
        if wave.full_delegation_from.year == 2024
        else NHSE_BOARD_2024_12,
        LSC_ICB_SPECIALISED_SERVICES,
    )


def delegation_status(
    manual_number: str, icb_code: str, on: dt.date
) -> DelegationStatus:
    """
    The status alone of :func:`delegation_of` (which also says why).

    Raises:
        InvalidValueError: as :func:`delegation_of`.
        UnknownReferenceError: as :func:`delegation_of`.

    >>> delegation_status("2", "QKK", dt.date(2025, 4, 1))
    <DelegationStatus.DELEGATED: 'delegated'>
    """
    return delegation_of(manual_number, icb_code, on).status


def _label(manual_number: str) -> str:
    for service in _april_2023():
        if service.code == manual_number:
            return f"service {manual_number} ({service.name})"
    return (
        f"service {manual_number} (beyond the shipped part of the list, which "
        f"stops at {_LAST_LISTED})"
    )


def _mapping(value: object) -> FrozenDict[str, str]:
    if isinstance(value, FrozenDict):
        return value
    if isinstance(value, Mapping):
        return FrozenDict(dict(value))
    return value  # type: ignore[return-value]  # refused by the validator


@final
@attrs.frozen(kw_only=True)
class ServiceLineCrosswalk:
    """
    A user's mapping from NCBPS service-line code to manual number.

    NHS England's rules for identifying specialised activity (which service
    line is which prescribed service) are not public, so the library ships no
    such mapping: the user supplies one (read from a CSV by
    :func:`speccom_model.io.load_crosswalk`). Every service-line code must be in
    the shipped NCBPS list, and every manual number well formed; whether each
    manual number is a service of a landscape is checked when the crosswalk is
    applied (:meth:`check_against`).

    Args:
        mapping: Service-line code to manual number (or ``ILL-`` code).

    Raises:
        InvalidValueError: for a code not in the shipped NCBPS list (the
            message names the list and its provenance) or a malformed manual
            number.

    >>> crosswalk = ServiceLineCrosswalk(mapping={"NCBPS27Z": "9"})
    >>> crosswalk.manual_number("NCBPS27Z")
    '9'
    >>> ServiceLineCrosswalk(mapping={"NCBPS99X": "30"})
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: mapping["NCBPS99X"]: expected an NCBPS service-line code of the shipped list ...
    """

    mapping: FrozenDict[str, str] = attrs.field(converter=_mapping)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.mapping, FrozenDict):
            raise InvalidValueError(
                "mapping", self.mapping, "a mapping of service line to manual number"
            )
        codes = _ncbps_codes()
        for line, number in self.mapping.items():
            if not isinstance(line, str) or line not in codes:
                raise InvalidValueError(
                    f'mapping["{line}"]',
                    line,
                    f"an NCBPS service-line code of the shipped list ({NCBPS_PROVENANCE})",
                )
            if not isinstance(number, str) or not _SERVICE_CODE.fullmatch(number):
                raise InvalidValueError(
                    f'mapping["{line}"]',
                    number,
                    "a manual number such as '7' or '2A', or an illustrative code "
                    "such as 'ILL-9'",
                )

    def __len__(self) -> int:
        return len(self.mapping)

    def __contains__(self, line: object) -> bool:
        return isinstance(line, str) and line in self.mapping

    def get(self, line: str) -> str | None:
        """The manual number for ``line``, or ``None`` if the crosswalk lacks it."""
        return self.mapping.get(line) if isinstance(line, str) else None

    def manual_number(self, line: str) -> str:
        """
        The manual number for a service-line code.

        Raises:
            UnknownReferenceError: for a code the crosswalk does not map.
        """
        found = self.get(line)  # an unhashable line is an unknown one
        if found is None:
            raise UnknownReferenceError(
                "service_line", line, "a service line the crosswalk maps"
            )
        return found

    def check_against(self, services: Iterable[Service]) -> None:
        """
        Refuse a crosswalk that maps to a service the catalogue does not hold.

        Args:
            services: A landscape's catalogue (or any services).

        Raises:
            UnknownReferenceError: naming the first such service line.
            InvalidValueError: if ``services`` is not an iterable of
                :class:`Service` (a catalogue).

        >>> catalogue = prescribed_services(on=dt.date(2024, 4, 1))
        >>> ServiceLineCrosswalk(mapping={"NCBPS32A": "130"}).check_against(catalogue)
        Traceback (most recent call last):
        speccom_model.errors.UnknownReferenceError: mapping["NCBPS32A"]: expected a service of the landscape's catalogue, got '130'
        """
        what = "a catalogue, or an iterable of Service"
        given: object = services
        if isinstance(given, str | bytes) or not isinstance(given, Iterable):
            raise InvalidValueError("services", given, what)
        codes = set()
        for index, service in enumerate(services):
            if not isinstance(service, Service):
                raise InvalidValueError(f"services[{index}]", service, what)
            codes.add(service.code)
        for line in sorted(self.mapping):
            number = self.mapping[line]
            if number not in codes:
                raise UnknownReferenceError(
                    f'mapping["{line}"]',
                    number,
                    "a service of the landscape's catalogue",
                )
