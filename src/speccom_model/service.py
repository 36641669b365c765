"""
Prescribed specialised services, their programmes of care and specifications.

The Manual for Prescribed Specialised Services numbers services as strings: an
integer with an optional letter ("1", "2A", "19A", "29"). Numbers can be
missing, and names change while numbers stay, so a :class:`Service` keys on its
number and keeps its former names.

>>> import datetime as dt
>>> from speccom_model import Service, ProgrammeOfCare, persons
>>> svc = Service(
...     code="29",
...     name="Haematopoietic stem cell transplantation",
...     programme=ProgrammeOfCare.BLOOD_AND_INFECTION,
...     planning_population=persons(10_000_000),
...     former_names=(
...         FormerName(
...             name="Blood and marrow transplantation", until=dt.date(2023, 4, 1)
...         ),
...     ),
... )
>>> svc.name_on(dt.date(2013, 4, 1))
'Blood and marrow transplantation'
>>> Service(
...     code="2a",
...     name="x",
...     programme=ProgrammeOfCare.CANCER,
...     planning_population=persons(1),
... )
Traceback (most recent call last):
speccom_model.errors.InvalidValueError: code: expected a manual number such as ...
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Final, final

import attrs

from speccom_model._validators import (
    check_date,
    check_instance,
    check_text,
    check_tuple_of,
    one_line,
)
from speccom_model.errors import InvalidValueError
from speccom_model.units import Population

__all__ = [
    "ILLUSTRATIVE_PREFIX",
    "FormerName",
    "ProgrammeOfCare",
    "Service",
    "Specification",
]

#: The prefix of an illustrative service's code: a scenario that needs a service
#: the real list does not give numbers it ``ILL-9``, which no manual number can be.
ILLUSTRATIVE_PREFIX: Final = "ILL-"
_SERVICE_CODE: Final = re.compile(r"^(?:ILL-)?[1-9][0-9]{0,2}[A-Z]?$")
#: Manual numbers already seen to match _SERVICE_CODE: a memo of a pure test,
#: bounded by the 53,946 codes the pattern allows.
_GOOD_CODES: Final[set[str]] = set()


def _good_code(code: str) -> bool:
    if _SERVICE_CODE.fullmatch(code):
        _GOOD_CODES.add(code)
        return True
    return False


class ProgrammeOfCare(StrEnum):
    """
    The six National Programmes of Care, each with its letter.

    Clinical Reference Groups are coded by programme letter and number (E05 is
    Congenital heart services). There were five programmes in 2013.

    Source: NHS England, National Programmes of Care and Clinical Reference Groups.

    >>> ProgrammeOfCare.from_letter("E")
    <ProgrammeOfCare.WOMEN_AND_CHILDREN: 'women-and-children'>
    >>> ProgrammeOfCare.CANCER.letter
    'B'
    """

    INTERNAL_MEDICINE = "internal-medicine"
    CANCER = "cancer"
    MENTAL_HEALTH = "mental-health"
    TRAUMA = "trauma"
    WOMEN_AND_CHILDREN = "women-and-children"
    BLOOD_AND_INFECTION = "blood-and-infection"

    @property
    def letter(self) -> str:
        """The programme's letter, A to F."""
        return "ABCDEF"[list(ProgrammeOfCare).index(self)]

    @property
    def title(self) -> str:  # type: ignore[override]
        """The programme's name, as NHS England writes it."""
        return self.value.replace("-", " ").capitalize()

    @classmethod
    def from_letter(cls, letter: str) -> ProgrammeOfCare:
        """
        The programme with this letter.

        Raises:
            InvalidValueError: for a letter other than A to F.
        """
        valid = isinstance(letter, str) and len(letter) == 1
        index = "ABCDEF".find(letter.upper()) if valid else -1
        if index < 0:
            raise InvalidValueError("programme", letter, "a letter from A to F")
        return list(cls)[index]


@final
@attrs.frozen(kw_only=True)
class Specification:
    """
    A national service specification, written by clinicians.

    Source: NHS England service specifications (references such as "A06/S/a").

    >>> Specification(
    ...     reference="A06/S/a",
    ...     title="Haemodialysis to treat "
    ...     "established renal failure performed in a satellite unit",
    ... )
    Specification(reference='A06/S/a', title='Haemodialysis ...')
    """

    reference: str
    title: str

    def __attrs_post_init__(self) -> None:
        check_text("reference", self.reference)
        check_text("title", self.title)


@final
@attrs.frozen(kw_only=True)
class FormerName:
    """
    A name a service was known by until a date (the day the new name began).

    >>> FormerName(name="Blood and marrow transplantation", until=dt.date(2023, 4, 1))
    FormerName(name='Blood and marrow transplantation', until=datetime.date(2023, 4, 1))
    """

    name: str
    until: dt.date

    def __attrs_post_init__(self) -> None:
        check_text("name", self.name)
        check_date("until", self.until)


@final
@attrs.frozen(kw_only=True)
class Service:
    """
    A prescribed specialised service.

    Args:
        code: The manual number, a string key such as ``"2A"``; or, for a
            service the real list does not give, an illustrative code such as
            ``"ILL-9"`` (:data:`ILLUSTRATIVE_PREFIX`), which cannot be mistaken
            for a real manual number (see :attr:`illustrative`).
        name: The current name.
        programme: The National Programme of Care it belongs to, or ``None``
            where it is not published (NHS England's April 2023 list gives no
            programme of care).
        planning_population: The population the service is planned for, or
            ``None`` where it is not published. Rules that need it report that
            they cannot judge a service without it; they never assume one.
        highly_specialised: A handful of national centres: always retained by
            NHS England, never delegated.
        specification: The national service specification, if recorded.
        former_names: Earlier names, oldest first.
        delegable_from: The first day NHS England held the service "suitable
            and ready" for ICB leadership (delegation to ICBs or their joint
            committees), or ``None`` where the plan does not say: 1 April 2023
            for the 59 the NHS England Board agreed in February 2023, 1 April
            2025 for the 11 it added in December 2024. The published list is
            partial in the shipped tables, so it is never assumed:
            SPC-ICB-001 reports that it cannot judge a service without it.

    Raises:
        InvalidValueError: naming the first field that is wrong.

    Source: SI 2012/2996 (Standing Rules) reg. 11 and Schedule 4; Manual for
    Prescribed Specialised Services.

    All fields are checked in one pass (cheaper than a validator per field).

    A real service as NHS England's April 2023 list gives it, with no programme
    or planning population:

    >>> Service(code="7", name="Adult specialist cardiac services").programme is None
    True

    >>> Service(
    ...     code="2A",
    ...     name="Renal dialysis",
    ...     programme=ProgrammeOfCare.INTERNAL_MEDICINE,
    ...     planning_population=persons(2_000_000),
    ... ).planning_population
    Population(2000000)
    """

    code: str
    name: str
    programme: ProgrammeOfCare | None = None
    planning_population: Population | None = None
    highly_specialised: bool = False
    specification: Specification | None = None
    former_names: tuple[FormerName, ...] = ()
    delegable_from: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        # One pass of exact-type tests: the cheap path for the valid objects
        # built in bulk; _check_slowly() names the field when one is wrong.
        code, name = self.code, self.name
        if not (
            type(code) is str
            and (code in _GOOD_CODES or _good_code(code))
            and type(name) is str
            and name
            and not name[0].isspace()
            and not name[-1].isspace()
            and one_line(name)
            and (self.programme is None or type(self.programme) is ProgrammeOfCare)
            and (
                self.planning_population is None
                or type(self.planning_population) is Population
            )
            and type(self.highly_specialised) is bool
            and (
                self.specification is None or type(self.specification) is Specification
            )
            and (self.delegable_from is None or type(self.delegable_from) is dt.date)
        ):
            self._check_slowly()
        if self.former_names:
            self._check_former_names()

    def _check_slowly(self) -> None:
        """Each field in turn, naming the first that is wrong (subclasses pass)."""
        code = self.code
        if not isinstance(code, str) or not _SERVICE_CODE.fullmatch(code):
            raise InvalidValueError(
                "code",
                code,
                "a manual number such as '1', '2A' or '131', or an illustrative "
                "code such as 'ILL-9'",
            )
        check_text("name", self.name)
        if self.programme is not None and type(self.programme) is not ProgrammeOfCare:
            raise InvalidValueError(
                "programme", self.programme, "a ProgrammeOfCare or None"
            )
        if (
            self.planning_population is not None
            and type(self.planning_population) is not Population
        ):
            raise InvalidValueError(
                "planning_population",
                self.planning_population,
                "a Population or None",
            )
        check_instance("highly_specialised", self.highly_specialised, bool, "a bool")
        if self.specification is not None and not isinstance(
            self.specification, Specification
        ):
            raise InvalidValueError(
                "specification", self.specification, "a Specification or None"
            )
        if self.delegable_from is not None:
            check_date("delegable_from", self.delegable_from)

    def _check_former_names(self) -> None:
        given: object = self.former_names
        if isinstance(given, list):
            # A list is accepted and copied into a tuple, as a converter would.
            object.__setattr__(self, "former_names", tuple(given))
        check_tuple_of("former_names", self.former_names, FormerName, "FormerName")
        untils = [f.until for f in self.former_names]
        if untils != sorted(untils):
            raise InvalidValueError("former_names", untils, "former names oldest first")

    @property
    def illustrative(self) -> bool:
        """
        Whether this is an illustrative service, not one of the real list.

        Its code starts with :data:`ILLUSTRATIVE_PREFIX` (``ILL-``), so it can
        never be mistaken for a real manual number; reports show the code as
        it is, so the label travels with every finding about the service.

        >>> Service(code="ILL-9", name="Illustrative service 9").illustrative
        True
        >>> Service(
        ...     code="9", name="Adult specialist endocrinology services"
        ... ).illustrative
        False
        """
        return self.code.startswith(ILLUSTRATIVE_PREFIX)

    def name_on(self, day: dt.date) -> str:
        """
        The name the service had on ``day``.

        >>> Service(
        ...     code="1",
        ...     name="New",
        ...     programme=ProgrammeOfCare.CANCER,
        ...     planning_population=Population(1),
        ... ).name_on(dt.date(2000, 1, 1))
        'New'
        """
        for former in self.former_names:
            if day < former.until:
                return former.name
        return self.name
