"""
The ministers' list of prescribed specialised services, and changes to it.

Ministers decide what is specialised: the Secretary of State prescribes the
services in regulations (NHS Act 2006 s.3B(1)(d); SI 2012/2996 reg. 11 and
Schedule 4). NHS England can only ask for a change. So every change to the list
carries a :class:`MinisterialSignOff`, signed by a minister and dated on or
before the change takes effect; :meth:`PrescribedServices.amend` refuses
anything less.

>>> import datetime as dt
>>> from speccom_model import (
...     PrescribedServices,
...     CatalogueChange,
...     ChangeAction,
...     MinisterialSignOff,
...     Signatory,
...     StatutoryFactor,
... )
>>> catalogue = PrescribedServices(services=(), effective=dt.date(2013, 4, 1))
>>> change = CatalogueChange(
...     action=ChangeAction.REMOVE, code="2A", effective=dt.date(2024, 4, 1)
... )
>>> catalogue.amend(
...     change,
...     MinisterialSignOff(
...         signed_by="NHS England",
...         role=Signatory.NHS_ENGLAND,
...         signed_on=dt.date(2024, 1, 1),
...         factors=StatutoryFactor.weighed_on(dt.date(2024, 1, 1)),
...     ),
... )
Traceback (most recent call last):
speccom_model.errors.SignOffRequiredError: sign_off.role: expected a minister ...
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, final

import attrs

from speccom_model._validators import (
    check_date,
    check_instance,
    check_text,
    check_tuple_of,
    to_frozenset,
    to_tuple,
)
from speccom_model.errors import (
    DuplicateCodeError,
    InvalidValueError,
    SignOffRequiredError,
    UnknownReferenceError,
)
from speccom_model.policy import DEFAULT_POLICY, Policy
from speccom_model.service import ILLUSTRATIVE_PREFIX, Service

if TYPE_CHECKING:
    from collections.abc import Iterator, KeysView

__all__ = [
    "Amendment",
    "CatalogueChange",
    "ChangeAction",
    "MinisterialSignOff",
    "PrescribedServices",
    "Signatory",
    "StatutoryFactor",
    "manual_number_order",
]


class StatutoryFactor(StrEnum):
    """
    The factors ministers must have regard to before prescribing (s.3B(3)).

    Factor (d), the financial implications for CCGs, was repealed by the Health
    and Care Act 2022: four factors before 1 July 2022, three from then.

    Source: NHS Act 2006 s.3B(3).

    >>> sorted(f.value for f in StatutoryFactor.weighed_on(dt.date(2022, 7, 1)))
    ['cost', 'number-of-people', 'number-of-providers']
    """

    NUMBER_OF_PEOPLE = "number-of-people"
    COST = "cost"
    NUMBER_OF_PROVIDERS = "number-of-providers"
    CCG_FINANCIAL_IMPLICATIONS = "ccg-financial-implications"

    @property
    def paragraph(self) -> str:
        """The paragraph of s.3B(3): (a) to (d)."""
        return "(" + "abcd"[list(StatutoryFactor).index(self)] + ")"

    @classmethod
    def weighed_on(
        cls, day: dt.date, policy: Policy = DEFAULT_POLICY
    ) -> frozenset[StatutoryFactor]:
        """The factors the law required on ``day``."""
        return frozenset(list(cls)[: policy.factors_on(day)])


class Signatory(StrEnum):
    """
    Who signed: only ministers can change the list; NHS England can only ask.

    >>> Signatory.MINISTER_OF_STATE.is_minister, Signatory.NHS_ENGLAND.is_minister
    (True, False)
    """

    SECRETARY_OF_STATE = "secretary-of-state"
    MINISTER_OF_STATE = "minister-of-state"
    PARLIAMENTARY_UNDER_SECRETARY = "parliamentary-under-secretary"
    NHS_ENGLAND = "nhs-england"
    OTHER = "other"

    @property
    def is_minister(self) -> bool:
        """Whether this signatory is a minister of the Crown."""
        return self not in {Signatory.NHS_ENGLAND, Signatory.OTHER}


class ChangeAction(StrEnum):
    """
    What a change does to the list.

    >>> [a.value for a in ChangeAction]
    ['add', 'remove', 'redefine']
    """

    ADD = "add"
    REMOVE = "remove"
    REDEFINE = "redefine"


@final
@attrs.frozen(kw_only=True)
class MinisterialSignOff:
    """
    A sign-off of a change to the prescribed list.

    Args:
        signed_by: The person who signed.
        role: Their role; only a minister's sign-off is valid.
        signed_on: The date signed.
        factors: The s.3B(3) factors recorded as weighed.
        advice_from: Whose advice was obtained (s.3B(4)).

    Source: NHS Act 2006 s.3B(3)-(4A).

    >>> MinisterialSignOff(
    ...     signed_by="Secretary of State",
    ...     role=Signatory.SECRETARY_OF_STATE,
    ...     signed_on=dt.date(2023, 1, 1),
    ...     factors=StatutoryFactor.weighed_on(dt.date(2023, 1, 1)),
    ... ).role
    <Signatory.SECRETARY_OF_STATE: 'secretary-of-state'>
    """

    signed_by: str
    role: Signatory
    signed_on: dt.date
    factors: frozenset[StatutoryFactor] = attrs.field(converter=to_frozenset)
    advice_from: str = "Prescribed Specialised Services Advisory Group"

    def __attrs_post_init__(self) -> None:
        check_text("signed_by", self.signed_by)
        check_text("advice_from", self.advice_from)
        check_instance("role", self.role, Signatory, "a Signatory")
        check_date("signed_on", self.signed_on)
        check_instance("factors", self.factors, frozenset, "a set of StatutoryFactor")
        for factor in self.factors:
            check_instance("factors", factor, StatutoryFactor, "StatutoryFactor values")

    def problem_with(self, change: CatalogueChange) -> SignOffRequiredError | None:
        """
        Why this sign-off cannot authorise ``change``, or ``None`` if it can.

        It must be a minister's, dated on or before the change takes effect.
        """
        if not self.role.is_minister:
            return SignOffRequiredError(
                "sign_off.role",
                self.role.value,
                "a minister (NHS England can ask for a change but cannot sign one)",
            )
        if self.signed_on > change.effective:
            return SignOffRequiredError(
                "sign_off.signed_on",
                self.signed_on.isoformat(),
                f"a date on or before the change takes effect ({change.effective})",
            )
        return None


@final
@attrs.frozen(kw_only=True)
class CatalogueChange:
    """
    A change to the prescribed list: add, remove or redefine a service.

    ``service`` is the new definition for add and redefine, and absent for remove.

    >>> CatalogueChange(
    ...     action=ChangeAction.ADD, code="2A", effective=dt.date(2024, 4, 1)
    ... )
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: service: expected the new Service ...
    """

    action: ChangeAction
    code: str
    effective: dt.date
    service: Service | None = None
    requested_by: str = "NHS England"

    def __attrs_post_init__(self) -> None:
        check_instance("action", self.action, ChangeAction, "a ChangeAction")
        check_text("code", self.code)
        check_date("effective", self.effective)
        check_text("requested_by", self.requested_by)
        if self.action is ChangeAction.REMOVE:
            if self.service is not None:
                raise InvalidValueError(
                    "service", self.service.code, "no service for a removal"
                )
        elif not isinstance(self.service, Service) or self.service.code != self.code:
            raise InvalidValueError(
                "service", self.service, f"the new Service with code {self.code!r}"
            )


@final
@attrs.frozen(kw_only=True)
class Amendment:
    """
    A change made to the list, with the sign-off that authorised it.

    >>> Amendment(change="remove 2A", sign_off=None)
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: change: expected a CatalogueChange, ...
    """

    change: CatalogueChange
    sign_off: MinisterialSignOff

    def __attrs_post_init__(self) -> None:
        check_instance("change", self.change, CatalogueChange, "a CatalogueChange")
        check_instance(
            "sign_off", self.sign_off, MinisterialSignOff, "a MinisterialSignOff"
        )


@final
@attrs.frozen(kw_only=True)
class PrescribedServices:
    """
    The ministers' list of prescribed specialised services: versioned, immutable.

    ``services`` are kept sorted by manual number; ``amendments`` is the
    history of changes made through :meth:`amend`, and ``version`` counts them.

    Source: SI 2012/2996 (Standing Rules Regulations 2012), reg. 11 and Schedule 4,
    in force 1 April 2013.

    >>> PrescribedServices(services=(), effective=dt.date(2013, 4, 1)).version
    1
    """

    services: tuple[Service, ...] = attrs.field(converter=to_tuple)
    effective: dt.date
    edition: str = "Manual for Prescribed Specialised Services"
    amendments: tuple[Amendment, ...] = attrs.field(default=(), converter=to_tuple)
    _by_code: dict[str, Service] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        check_tuple_of("services", self.services, Service, "Service")
        check_date("effective", self.effective)
        check_text("edition", self.edition)
        check_tuple_of("amendments", self.amendments, Amendment, "Amendment")
        ordered = tuple(sorted(self.services, key=_manual_order))
        object.__setattr__(self, "services", ordered)
        by_code: dict[str, Service] = {}
        for index, service in enumerate(ordered):
            if service.code in by_code:
                raise DuplicateCodeError(
                    f"services[{index}].code", service.code, "each code once"
                )
            by_code[service.code] = service
        object.__setattr__(self, "_by_code", by_code)
        for index, amendment in enumerate(self.amendments):
            problem = amendment.sign_off.problem_with(amendment.change)
            if problem is not None:
                problem.field = f"amendments[{index}].{problem.field}"
                raise problem

    @property
    def version(self) -> int:
        """1 for the list as made, plus one for each amendment since."""
        return 1 + len(self.amendments)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Service]:
        return iter(self.services)

    def __len__(self) -> int:
        return len(self.services)

    @property
    def codes(self) -> KeysView[str]:
        """
        The manual numbers on the list, a read-only set.

        >>> PrescribedServices(
        ...     services=[
        ...         Service(
        ...             code="29",
        ...             name="Specialist services for severe intestinal failure",
        ...             programme=ProgrammeOfCare.INTERNAL_MEDICINE,
        ...             planning_population=persons(56_000_000),
        ...         )
        ...     ],
        ...     effective=dt.date(2013, 4, 1),
        ... ).codes >= {"29"}
        True
        """
        return self._by_code.keys()

    def get(self, code: str) -> Service | None:
        """The service with this manual number, or ``None`` (for any other value)."""
        try:
            return self._by_code.get(code)
        except TypeError:  # unhashable: no manual number at all
            return None

    def service(self, code: str) -> Service:
        """
        The service with this manual number.

        Raises:
            UnknownReferenceError: if the list has no such service.
        """
        found = self.get(code)
        if found is None:
            raise UnknownReferenceError("service", code, "a prescribed service's code")
        return found

    def listed_from(self, code: str) -> dt.date:
        """
        The first day the service with this manual number is on the list.

        The list's ``effective`` date, or the day the last amendment adding
        it took effect. The list keeps no record of a removed service, so
        this is from the day it was last added.

        Raises:
            UnknownReferenceError: if the list has no such service.

        >>> from speccom_model import scenarios
        >>> scenarios.england_2019_20().catalogue.listed_from("ILL-1")
        datetime.date(2013, 4, 1)
        """
        self.service(code)
        added = [
            a.change.effective
            for a in self.amendments
            if a.change.code == code and a.change.action is ChangeAction.ADD
        ]
        return added[-1] if added else self.effective

    def amend(
        self, change: CatalogueChange, sign_off: MinisterialSignOff | None
    ) -> PrescribedServices:
        """
        Return a new list with ``change`` made; this one is left as it was.

        Raises:
            SignOffRequiredError: without a minister's sign-off dated on or
                before ``change.effective``.
            DuplicateCodeError: adding a code already on the list.
            UnknownReferenceError: removing or redefining a code not on it.

        >>> minister = MinisterialSignOff(
        ...     signed_by="Minister of State for Health",
        ...     role=Signatory.MINISTER_OF_STATE,
        ...     signed_on=dt.date(2024, 1, 10),
        ...     factors=StatutoryFactor.weighed_on(dt.date(2024, 1, 10)),
        ... )
        >>> from speccom_model import ProgrammeOfCare, persons
        >>> svc = Service(
        ...     code="2A",
        ...     name="Example",
        ...     programme=ProgrammeOfCare.CANCER,
        ...     planning_population=persons(2_000_000),
        ... )
        >>> before = PrescribedServices(services=(), effective=dt.date(2013, 4, 1))
        >>> after = before.amend(
        ...     CatalogueChange(
        ...         action=ChangeAction.ADD,
        ...         code="2A",
        ...         service=svc,
        ...         effective=dt.date(2024, 4, 1),
        ...     ),
        ...     minister,
        ... )
        >>> len(before), len(after), after.version
        (0, 1, 2)
        """
        if sign_off is None:
            raise SignOffRequiredError(
                "sign_off",
                None,
                f"a ministerial sign-off dated on or before {change.effective}",
            )
        problem = sign_off.problem_with(change)
        if problem is not None:
            raise problem
        services = dict(self._by_code)
        if change.action is ChangeAction.ADD:
            if change.code in services:
                raise DuplicateCodeError(
                    "change.code", change.code, "a code not already on the list"
                )
        elif change.code not in services:
            raise UnknownReferenceError(
                "change.code", change.code, "a code on the list"
            )
        if change.action is ChangeAction.REMOVE:
            del services[change.code]
        else:
            assert change.service is not None  # CatalogueChange guarantees it
            services[change.code] = change.service
        amended: tuple[Service, ...] = tuple(services.values())
        history: tuple[Amendment, ...] = (
            *self.amendments,
            Amendment(change=change, sign_off=sign_off),
        )
        return attrs.evolve(self, services=amended, amendments=history)


def _manual_order(service: Service) -> tuple[bool, int, str]:
    """
    Order manual numbers as the manual does: 2, 2A, 10, not 10, 2, 2A.

    Illustrative codes (``ILL-9``) come after every real manual number.
    """
    return manual_number_order(service.code)


def manual_number_order(code: str) -> tuple[bool, int, str]:
    """
    A sort key for service codes in the manual's order: 2, 2A, 10, then ILL-1.

    >>> sorted(["10", "ILL-1", "2A", "2"], key=manual_number_order)
    ['2', '2A', '10', 'ILL-1']
    """
    illustrative = code.startswith(ILLUSTRATIVE_PREFIX)
    if illustrative:
        code = code[len(ILLUSTRATIVE_PREFIX) :]
    digits = code.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return (illustrative, int(digits), code[len(digits) :])
