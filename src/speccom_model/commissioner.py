"""
Commissioners: the bodies that plan, decide on and pay for services.

A :class:`Commissioner` has a kind, an ODS code (or, for bodies ODS does not
code, an identifier of our own), and a legal lifetime as a :class:`Period`.
Whether it can hold a budget on a day follows from its kind and its lifetime
(the ``budget_windows`` of the law file, ``data/law.toml``): NHS England
always, CCGs to 30 June 2022, ICBs from 1 July 2022, an NHS trust as lead
provider under contract, combined and local authorities under s.13ZA; regions,
STPs and ICS partnerships, joint committees and provider collaboratives never.

>>> import datetime as dt
>>> from speccom_model import Commissioner, CommissionerKind, Period
>>> ccg = Commissioner(
...     code="00C",
...     name="NHS Darlington CCG",
...     kind=CommissionerKind.CCG,
...     lifetime=Period(start=dt.date(2013, 4, 1), end=dt.date(2022, 7, 1)),
... )
>>> ccg.can_hold_budget(dt.date(2022, 6, 30)), ccg.can_hold_budget(dt.date(2022, 7, 1))
(True, False)
>>> Commissioner(
...     code="00 C",
...     name="x",
...     kind=CommissionerKind.CCG,
...     lifetime=Period(start=dt.date(2013, 4, 1)),
... )
Traceback (most recent call last):
speccom_model.errors.InvalidValueError: code: expected an ODS code: 1 to 9 ...
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Final, final

import attrs

from speccom_model._validators import (
    IDENTIFIER,
    check_code,
    check_code_set,
    check_date,
    check_instance,
    check_text,
    check_tuple_of,
    to_frozenset,
    to_tuple,
)
from speccom_model.errors import InvalidValueError
from speccom_model.periods import Period
from speccom_model.policy import DEFAULT_POLICY, Policy

__all__ = [
    "SYNTHETIC_CODE",
    "BodyVersion",
    "Commissioner",
    "CommissionerKind",
    "PlanningBoard",
]

#: ODS codes in general: 1 to 9 letters and digits.
_ODS: Final = re.compile(r"^[A-Z0-9]{1,9}$")
#: Reserved for generated test data: ``SYN-`` and a code of 1 to 9 capitals and
#: digits. ODS codes are letters and digits only, so no real body can have one.
#: It ends with ``\Z``, so ``SYNTHETIC_CODE.match`` refuses a trailing newline.
SYNTHETIC_CODE: Final = re.compile(r"^SYN-([A-Z0-9]{1,9})\Z")


#: Codes already seen to have the ODS or synthetic shape: a memo of a pure test.
_GOOD_CODES: Final[set[str]] = set()


def _good_code(code: str) -> bool:
    if _ODS.fullmatch(code) or SYNTHETIC_CODE.fullmatch(code):
        if len(_GOOD_CODES) < 100_000:  # bounded: a memo, not a registry
            _GOOD_CODES.add(code)
        return True
    return False


def _is_code(code: object) -> bool:
    return isinstance(code, str) and bool(
        _ODS.fullmatch(code) or SYNTHETIC_CODE.fullmatch(code)
    )


# The documented shapes per kind (NHS Digital, Organisation Data Service). They are advice, not law: since
# the ANANA change, new codes are five alternating letters and digits whatever
# the kind, so a real code is never rejected for its shape alone.
_SHAPES: Final[dict[str, tuple[str, str]]] = {
    "nhs-england": (r"^X24$", "X24"),
    "nhs-england-region": (r"^(?:Y5[6-9]|Y6[0-3])$", "Y56, Y58 to Y63"),
    "ccg": (r"^[0-9A-Z]{3}$|^[0-9A-Z]{5}$", "3 alphanumerics, or 5 after a merger"),
    "stp": (r"^Q[0-9A-Z]{2}$|^E54\d{6}$", "Q + 2 alphanumerics, or an E54 ONS code"),
    "icb": (r"^Q[0-9A-Z]{2}$", "Q + 2 alphanumerics"),
    "nhs-trust": (r"^[RT][0-9A-Z]{2}$", "3 characters starting R or T"),
}
_ANANA: Final = re.compile(r"^[A-Z][0-9][A-Z][0-9][A-Z]$")


class CommissionerKind(StrEnum):
    """
    The kinds of body in specialised commissioning.

    Sources: the NHS Act 2006 as amended by the Health and Social Care Act 2012
    (https://www.legislation.gov.uk/ukpga/2012/7/part/1) and the Health and Care
    Act 2022 (https://www.legislation.gov.uk/ukpga/2022/31); local and combined
    authorities under s.13ZA, inserted by the Cities and Local Government
    Devolution Act 2016 (https://www.legislation.gov.uk/ukpga/2016/1).

    >>> (
    ...     CommissionerKind.ICB.is_nhs_body,
    ...     CommissionerKind.COMBINED_AUTHORITY.is_nhs_body,
    ... )
    (True, False)
    """

    NHS_ENGLAND = "nhs-england"
    REGION = "nhs-england-region"
    CCG = "ccg"
    STP = "stp"
    ICB = "icb"
    JOINT_COMMITTEE = "joint-committee"
    NHS_TRUST = "nhs-trust"
    PROVIDER_COLLABORATIVE = "provider-collaborative"
    COMBINED_AUTHORITY = "combined-authority"
    INDEPENDENT_PROVIDER = "independent-provider"
    LOCAL_AUTHORITY = "local-authority"

    @property
    def is_nhs_body(self) -> bool:
        """Whether bodies of this kind are NHS bodies."""
        return self not in _NOT_NHS

    @property
    def has_ods_code(self) -> bool:
        """Whether ODS codes bodies of this kind (joint committees and the like: no)."""
        return self not in _NO_ODS

    @property
    def documented_shape(self) -> str | None:
        """The documented shape of this kind's codes, in words, if there is one."""
        shape = _SHAPES.get(self.value)
        return None if shape is None else shape[1]

    @property
    def label(self) -> str:
        """The kind in words, for messages."""
        return _LABELS[self]


_NOT_NHS: Final = frozenset(
    {
        CommissionerKind.COMBINED_AUTHORITY,
        CommissionerKind.INDEPENDENT_PROVIDER,
        CommissionerKind.LOCAL_AUTHORITY,
    }
)
_NO_ODS: Final = frozenset(
    {
        CommissionerKind.JOINT_COMMITTEE,
        CommissionerKind.PROVIDER_COLLABORATIVE,
        CommissionerKind.COMBINED_AUTHORITY,
        CommissionerKind.LOCAL_AUTHORITY,
    }
)
_LABELS: Final = {
    CommissionerKind.NHS_ENGLAND: "NHS England",
    CommissionerKind.REGION: "an NHS England region",
    CommissionerKind.CCG: "a CCG",
    CommissionerKind.STP: "an STP / ICS partnership",
    CommissionerKind.ICB: "an ICB",
    CommissionerKind.JOINT_COMMITTEE: "a joint committee",
    CommissionerKind.NHS_TRUST: "an NHS trust",
    CommissionerKind.PROVIDER_COLLABORATIVE: "a provider collaborative",
    CommissionerKind.COMBINED_AUTHORITY: "a combined authority",
    CommissionerKind.INDEPENDENT_PROVIDER: "an independent provider",
    CommissionerKind.LOCAL_AUTHORITY: "a local authority",
}


@final
@attrs.frozen(kw_only=True)
class BodyVersion:
    """
    What a body was called, and what kind it was, up to (not including) a day.

    A body that keeps its ODS code while its name or kind changes is one
    :class:`Commissioner` whose ``former`` versions say what it was before:
    the STP ``QE1`` became the ICB ``QE1`` on 1 July 2022, so its one former
    version is an STP ``until`` 2022-07-01. The pattern is that of the RCPCH's
    NHS organisations register, which keeps one identity with dated versions.

    Args:
        name: The body's name in this version.
        kind: The body's kind in this version.
        until: The first day the version no longer held (the next one's first).

    Source: NHS Digital, Organisation Data Service: an organisation's record
    keeps its code when its name or role changes
    (https://digital.nhs.uk/services/organisation-data-service).

    >>> BodyVersion(
    ...     name="Healthier Lancashire and South Cumbria",
    ...     kind=CommissionerKind.STP,
    ...     until=dt.date(2022, 7, 1),
    ... ).kind.value
    'stp'
    >>> BodyVersion(name=" x", kind=CommissionerKind.STP, until=dt.date(2022, 7, 1))
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: name: expected non-empty text ...
    """

    name: str
    kind: CommissionerKind
    until: dt.date

    def __attrs_post_init__(self) -> None:
        check_text("name", self.name)
        if type(self.kind) is not CommissionerKind:
            raise InvalidValueError("kind", self.kind, "a CommissionerKind")
        check_date("until", self.until)


@final
@attrs.frozen(kw_only=True)
class Commissioner:
    """
    A body that commissions, advises on or is paid to run specialised services.

    Args:
        code: The ODS code (1-9 capitals and digits), or for kinds ODS does not
            code an identifier of our own.
        name: The body's name.
        kind: What kind of body it is.
        lifetime: When it legally existed; an open end while it still does.
        region: The NHS England region code it sits in, if any.
        lead: For a provider collaborative, its lead provider's code.
        members: For a joint committee, the codes of its member bodies.
        former: What the body was before, oldest first: each
            :class:`BodyVersion` holds up to its ``until``; ``name`` and
            ``kind`` are the latest version. Each ``until`` falls strictly
            inside the lifetime, later than the one before; a version the same
            in name and kind as the next is refused as redundant.

    Raises:
        InvalidValueError: for a bad field, naming it; for ``former`` versions
            out of order, outside the lifetime or redundant.

    Source: NHS Digital, Organisation Data Service codes
    (https://digital.nhs.uk/developer/guides-and-documentation/building-healthcare-software/organisations-and-services).

    >>> Commissioner(
    ...     code="QE1",
    ...     name="NHS Lancashire and South Cumbria ICB",
    ...     kind=CommissionerKind.ICB,
    ...     region="Y62",
    ...     lifetime=Period(start=dt.date(2022, 7, 1)),
    ... ).exists_on(dt.date(2022, 6, 30))
    False
    """

    code: str
    name: str
    kind: CommissionerKind
    lifetime: Period
    region: str | None = None
    lead: str | None = None
    members: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)
    former: tuple[BodyVersion, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        kind, code = self.kind, self.code
        if (
            type(kind) is CommissionerKind
            and kind.has_ods_code
            and type(code) is str
            and (code in _GOOD_CODES or _good_code(code))
            and type(self.lifetime) is Period
            and (
                self.region is None
                or (
                    type(self.region) is str
                    and (self.region in _GOOD_CODES or _good_code(self.region))
                )
            )
            and self.lead is None
            and not self.members
            and self.former == ()
        ):
            check_text("name", self.name)
            return  # the common body: a coded kind, a name and a lifetime
        check_text("name", self.name)
        check_code_set("members", self.members)
        if type(kind) is not CommissionerKind:
            raise InvalidValueError("kind", kind, "a CommissionerKind")
        if kind.has_ods_code:
            if not _is_code(self.code):
                raise InvalidValueError(
                    "code", self.code, "an ODS code: 1 to 9 capital letters and digits"
                )
        else:
            check_code("code", self.code, IDENTIFIER)
        check_instance("lifetime", self.lifetime, Period, "a Period")
        if self.region is not None and not _is_code(self.region):
            raise InvalidValueError("region", self.region, "a region's ODS code")
        if self.lead is not None:
            if kind is not CommissionerKind.PROVIDER_COLLABORATIVE:
                raise InvalidValueError(
                    "lead", self.lead, "no lead: only provider collaboratives have one"
                )
            if not _is_code(self.lead):
                raise InvalidValueError(
                    "lead", self.lead, "the lead provider's ODS code"
                )
        if self.members and kind is not CommissionerKind.JOINT_COMMITTEE:
            raise InvalidValueError(
                "members", sorted(self.members), "no members: only joint committees"
            )
        if self.former != ():
            self._check_former()

    def _check_former(self) -> None:
        """The versions: in order, inside the lifetime, none redundant."""
        check_tuple_of("former", self.former, BodyVersion, "BodyVersion")
        lifetime = self.lifetime
        previous: dt.date | None = None
        for i, version in enumerate(self.former):
            path = f"former[{i}].until"
            until = version.until
            if previous is not None and until <= previous:
                raise InvalidValueError(
                    path,
                    until.isoformat(),
                    f"a day after the previous version's until ({previous}): "
                    "former versions oldest first",
                )
            if until <= lifetime.start:
                raise InvalidValueError(
                    path,
                    until.isoformat(),
                    f"a day after the lifetime's start ({lifetime.start}): a "
                    "version ends inside the body's lifetime",
                )
            if lifetime.end is not None and until >= lifetime.end:
                raise InvalidValueError(
                    path,
                    until.isoformat(),
                    f"a day before the lifetime's end ({lifetime.end}): a "
                    "version ends inside the body's lifetime",
                )
            previous = until
        following: tuple[BodyVersion | Commissioner, ...] = (*self.former[1:], self)
        for i, (version, after) in enumerate(zip(self.former, following, strict=True)):
            if version.name == after.name and version.kind is after.kind:
                raise InvalidValueError(
                    f"former[{i}]",
                    f"{version.name} ({version.kind.value}) until {version.until}",
                    "a version that differs from the next in name or kind "
                    "(this one repeats it: leave it out)",
                )

    def _version_on(self, day: dt.date) -> BodyVersion | Commissioner:
        for version in self.former:
            if day < version.until:
                return version
        return self

    def name_on(self, day: dt.date) -> str:
        """
        The body's name on ``day``.

        A day before the lifetime gives the first version's name, a day after
        it the last: the nearest version, never an error.

        Raises:
            InvalidValueError: if ``day`` is not a ``datetime.date``.

        >>> body = Commissioner(
        ...     code="QE1",
        ...     name="NHS Lancashire and South Cumbria ICB",
        ...     kind=CommissionerKind.ICB,
        ...     lifetime=Period(start=dt.date(2016, 4, 1)),
        ...     former=[
        ...         BodyVersion(
        ...             name="Healthier Lancashire and South Cumbria",
        ...             kind=CommissionerKind.STP,
        ...             until=dt.date(2022, 7, 1),
        ...         )
        ...     ],
        ... )
        >>> body.name_on(dt.date(2022, 6, 30))
        'Healthier Lancashire and South Cumbria'
        >>> body.name_on(dt.date(2022, 7, 1))
        'NHS Lancashire and South Cumbria ICB'
        >>> (
        ...     body.kind_on(dt.date(2022, 6, 30)).value,
        ...     body.kind_on(dt.date(2022, 7, 1)).value,
        ... )
        ('stp', 'icb')
        """
        if not self.former:
            return self.name
        return self._version_on(check_date("day", day)).name

    def kind_on(self, day: dt.date) -> CommissionerKind:
        """
        The body's kind on ``day``.

        A day before the lifetime gives the first version's kind, a day after
        it the last: the nearest version, never an error.

        Raises:
            InvalidValueError: if ``day`` is not a ``datetime.date``.

        :meth:`name_on`'s example shows a body whose kind changed; one that
        never changed has its one kind on every day:

        >>> Commissioner(
        ...     code="X24",
        ...     name="NHS England",
        ...     kind=CommissionerKind.NHS_ENGLAND,
        ...     lifetime=Period(start=dt.date(2012, 10, 1)),
        ... ).kind_on(dt.date(2020, 1, 1)).value
        'nhs-england'
        """
        if not self.former:
            return self.kind
        return self._version_on(check_date("day", day)).kind

    def exists_on(self, day: dt.date) -> bool:
        """Whether the body legally existed on ``day``."""
        return self.lifetime.contains(day)

    def can_hold_budget(self, on: dt.date, policy: Policy = DEFAULT_POLICY) -> bool:
        """
        Whether the body could hold a budget on ``on``.

        The window in ``policy`` of its kind on that day (:meth:`kind_on`)
        and its own lifetime must both include the day.

        >>> region = Commissioner(
        ...     code="Y60",
        ...     name="Midlands",
        ...     kind=CommissionerKind.REGION,
        ...     lifetime=Period(start=dt.date(2018, 4, 1)),
        ... )
        >>> region.can_hold_budget(dt.date(2024, 4, 1))
        False
        """
        window = policy.budget_windows.get(self.kind_on(on))
        return window is not None and window.contains(on) and self.exists_on(on)

    def matches_documented_shape(self) -> bool:
        """
        Whether the code has its kind's documented ODS shape (or the ANANA shape).

        A mismatch is worth a look, never a rejection.

        >>> Commissioner(
        ...     code="G7H8J",
        ...     name="New CCG",
        ...     kind=CommissionerKind.CCG,
        ...     lifetime=Period(start=dt.date(2020, 4, 1)),
        ... ).matches_documented_shape()
        True
        """
        synthetic = SYNTHETIC_CODE.fullmatch(self.code)
        code = synthetic.group(1) if synthetic else self.code
        shape = _SHAPES.get(self.kind.value)
        if shape is None or _ANANA.fullmatch(code):
            return True
        return re.fullmatch(shape[0], code) is not None

    @property
    def is_synthetic(self) -> bool:
        """
        Whether the code is from the reserved synthetic pattern (test data).

        >>> Commissioner(
        ...     code="SYN-QAB",
        ...     name="Test ICB",
        ...     kind=CommissionerKind.ICB,
        ...     lifetime=Period(start=dt.date(2022, 7, 1)),
        ... ).is_synthetic
        True
        """
        return SYNTHETIC_CODE.fullmatch(self.code) is not None


@final
@attrs.frozen(kw_only=True)
class PlanningBoard:
    """
    An NHS England-led specialised services planning board (2019-20 on).

    Each board covers several STPs; STPs and ICSs take "an advisory role" on it,
    so they belong in ``advisers``, never ``decision_makers``.

    Args:
        code: The board's identifier.
        name: Its name.
        led_by: The NHS England body (national or regional) that leads it.
        advisers: Codes of bodies with an advisory role (STPs, ICSs).
        decision_makers: Codes of bodies that decide with the lead.
        services: Codes of services it plans jointly.
        period: When it sits.

    Source: NHS England, annex to 2019/20 planning guidance.

    >>> PlanningBoard(
    ...     code="PB-Y60",
    ...     name="Midlands planning board",
    ...     led_by="Y60",
    ...     advisers={"QGH"},
    ...     decision_makers=(),
    ...     services={"2A"},
    ...     period=Period(start=dt.date(2019, 4, 1)),
    ... ).advisers
    frozenset({'QGH'})
    """

    code: str
    name: str
    led_by: str
    advisers: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)
    decision_makers: frozenset[str] = attrs.field(
        default=frozenset(), converter=to_frozenset
    )
    services: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)
    period: Period

    def __attrs_post_init__(self) -> None:
        check_code("code", self.code)
        check_text("name", self.name)
        check_text("led_by", self.led_by)
        for field in ("advisers", "decision_makers", "services"):
            check_code_set(field, getattr(self, field))
        check_instance("period", self.period, Period, "a Period")
        both = self.advisers & self.decision_makers
        if both:
            raise InvalidValueError(
                "advisers", sorted(both), "bodies either advising or deciding, not both"
            )
