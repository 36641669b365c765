"""
Why: the chain of facts behind who is accountable, who commissions and who pays.

:meth:`Landscape.responsibility <speccom_model.Landscape.responsibility>`
gives three answers for a service, a place and a day; :func:`why` gives the
facts they rest on, in order, each a :class:`WhyStep` with a one-line
statement, its sources (:class:`~speccom_model.citation.Citation`) and its
values (``data``: codes as text, dates as dates, exact :class:`Money`):

1. ``service``: the service, and whether the plan's prescribed list has it
   that day;
2. ``place``: the body the place (a CCG's area, a sub-ICB location) belongs
   to that day, whose population it is; then a ``succession`` step for each
   merger, rename or split followed from the body its membership names;
3. ``arrangement``: the arrangement in force and its kind's legal basis, or
   that none covers the service there and NHS England holds it undelegated;
   then a ``succession`` step for each change followed from the receiver the
   plan names to the body that exists that day;
4. ``lawful``: the provision that makes the arrangement (or NHS England's own
   duty) lawful that day: the policy's window for its kind, judged as
   SPC-LEGAL-001 and SPC-LEGAL-002 judge it;
5. ``accountable``, ``commissioner`` and ``payer``: the three answers, with
   the sources :class:`~speccom_model.Responsibility` carries; the payer's
   step also says where the money sits: what NHS England keeps, and the
   plan's budget line, baseline and pool for the service, place and
   financial year.

Where ``responsibility`` answers ``None`` (before NHS England had
commissioning functions, 1 April 2013; or where the receiver split and no
membership says which successor took the place) the chain ends in a
``no-answer`` step that says why, and :attr:`Why.responsibility` is ``None``.

>>> england = scenarios.england_2024_25()
>>> answer = why(england, "7", "01A", dt.date(2024, 4, 1))
>>> [step.kind.value for step in answer.steps]
['service', 'place', 'arrangement', 'lawful', 'accountable', 'commissioner', 'payer']
>>> print(answer.steps[3].statement)
icb-delegation is lawful from 2022-07-01 under the policy 'law', so DEL-QE1 is lawful on 2024-04-01
>>> answer.commissioner.code, answer.payer.code
('QE1', 'QE1')
>>> why(england, "7", "01A", dt.date(2013, 3, 31)).responsibility is None
True
>>> why(england, "151", "01A", dt.date(2024, 4, 1))
Traceback (most recent call last):
speccom_model.errors.UnknownReferenceError: service: expected a prescribed service's code, got '151'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Final, TypeAlias, final

import attrs

from speccom_model import _sources as src
from speccom_model._frozen import FrozenDict
from speccom_model._validators import (
    check_date,
    check_instance,
    check_text,
    check_tuple_of,
    to_tuple,
)
from speccom_model.arrangement import (
    ArrangementKind,
    DelegationArrangement,
    LegalLiability,
    MoneyHolder,
)
from speccom_model.citation import Sources, check_sources, to_sources
from speccom_model.commissioner import Commissioner, CommissionerKind
from speccom_model.errors import InvalidValueError
from speccom_model.landscape import Landscape, Place, Succession, SuccessionKind
from speccom_model.periods import FinancialYear
from speccom_model.policy import DEFAULT_POLICY, Policy
from speccom_model.responsibility import _UNDELEGATED, Responsibility
from speccom_model.rules.legal import LAWFUL_KIND, WHOLESALE, lawful_window
from speccom_model.units import Money

if TYPE_CHECKING:
    from speccom_model.budget import BudgetLine
    from speccom_model.service import Service

__all__ = ["Value", "Why", "WhyStep", "WhyStepKind", "why"]

#: One value of a step's ``data``: a code or words, a count or a flag, a day,
#: an exact amount, or ``None`` for what the plan does not record.
Value: TypeAlias = str | int | bool | dt.date | Money | None

_VALUE_TYPES: Final = (str, int, dt.date, Money, type(None))


class WhyStepKind(StrEnum):
    """
    What one step of a :class:`Why` establishes.

    >>> [k.value for k in WhyStepKind]
    ['service', 'place', 'succession', 'arrangement', 'lawful', 'accountable', 'commissioner', 'payer', 'no-answer']
    >>> WhyStepKind.NO_ANSWER.label
    'No answer'
    """

    SERVICE = "service"
    PLACE = "place"
    SUCCESSION = "succession"
    ARRANGEMENT = "arrangement"
    LAWFUL = "lawful"
    ACCOUNTABLE = "accountable"
    COMMISSIONER = "commissioner"
    PAYER = "payer"
    NO_ANSWER = "no-answer"

    @property
    def label(self) -> str:
        """The kind as a heading, for a report: ``Service``, ``No answer``."""
        return self.value.replace("-", " ").capitalize()


def _data(value: Mapping[str, Value]) -> FrozenDict[str, Value]:
    """Converter: any mapping to a read-only copy; anything else left for a check."""
    given: object = value
    if isinstance(given, Mapping) and not isinstance(given, FrozenDict):
        return FrozenDict(value)
    return given  # type: ignore[return-value]  # refused by the check


@final
@attrs.frozen(kw_only=True)
class WhyStep:
    """
    One fact in the chain: what it is, in words, with its sources and values.

    Args:
        kind: What the step establishes.
        statement: The fact, in one line.
        sources: The law, guidance or dataset behind it: at least one.
        data: Its values by name: codes and words as ``str``, days as
            ``datetime.date``, amounts as exact :class:`Money`, counts as
            ``int``, flags as ``bool``; ``None`` where the plan records none.

    Raises:
        InvalidValueError: for a field of the wrong type, a statement over
            more than one line, no sources, or a value of another type (a
            float, a ``datetime``).

    >>> WhyStep(
    ...     kind=WhyStepKind.SERVICE,
    ...     statement="Service 2A",
    ...     sources=[src.SI_2012_2996],
    ...     data={"share": 0.5},
    ... )
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: data['share']: expected text, an int, a bool, a datetime.date, Money or None, got 0.5
    """

    kind: WhyStepKind
    statement: str
    sources: Sources = attrs.field(converter=to_sources)
    data: FrozenDict[str, Value] = attrs.field(factory=FrozenDict, converter=_data)

    def __attrs_post_init__(self) -> None:
        check_instance("kind", self.kind, WhyStepKind, "a WhyStepKind")
        check_text("statement", self.statement)
        if "\n" in self.statement or "\r" in self.statement:
            raise InvalidValueError("statement", self.statement, "one line of text")
        check_sources("sources", self.sources)
        check_instance("data", self.data, FrozenDict, "a mapping of names to values")
        for key, item in self.data.items():
            check_text("data", key)
            if not isinstance(item, _VALUE_TYPES) or isinstance(item, dt.datetime):
                raise InvalidValueError(
                    f"data[{key!r}]",
                    item,
                    "text, an int, a bool, a datetime.date, Money or None",
                )

    def __str__(self) -> str:
        """
        The step as a report line: its label and its statement.

        >>> print(
        ...     WhyStep(kind=WhyStepKind.PAYER, statement="X24", sources=src.NHS_ACT_3B)
        ... )
        Payer: X24
        """
        return f"{self.kind.label}: {self.statement}"


@final
@attrs.frozen(kw_only=True)
class Why:
    """
    The chain of facts behind one service's three answers in a place on a day.

    Args:
        service: The service's manual number.
        place: The place's code.
        on: The day.
        steps: The facts, in order (see :mod:`speccom_model.reasons`).
        responsibility: What :meth:`Landscape.responsibility` answers:
            ``None`` exactly when the last step is a ``no-answer`` step.

    Raises:
        InvalidValueError: for a field of the wrong type; no steps; a
            ``no-answer`` step anywhere but last, or an answer beside one (or
            neither).

    Source: NHS Act 2006 s.3B(1)(d), s.13Z(6), s.65Z5; SI 2012/2996 Schedule 4;
    each step's own sources.

    >>> chain = why(scenarios.england_2019_20(), "ILL-15", "02W", dt.date(2020, 4, 1))
    >>> chain.accountable.code, chain.commissioner.code, chain.payer.code
    ('X24', '15F', '15F')
    >>> chain.of_kind(WhyStepKind.PAYER)[0].data["pool"]
    'WY-POOL-2020'
    """

    service: str
    place: str
    on: dt.date
    steps: tuple[WhyStep, ...] = attrs.field(converter=to_tuple)
    responsibility: Responsibility | None

    def __attrs_post_init__(self) -> None:
        check_text("service", self.service)
        check_text("place", self.place)
        check_date("on", self.on)
        check_tuple_of("steps", self.steps, WhyStep, "WhyStep")
        if not self.steps:
            raise InvalidValueError("steps", (), "at least one step")
        if self.responsibility is not None:
            check_instance(
                "responsibility",
                self.responsibility,
                Responsibility,
                "a Responsibility or None",
            )
        kinds = [step.kind for step in self.steps]
        if WhyStepKind.NO_ANSWER in kinds[:-1]:
            raise InvalidValueError(
                "steps", [k.value for k in kinds], "a no-answer step only last"
            )
        unanswered = kinds[-1] is WhyStepKind.NO_ANSWER
        if unanswered != (self.responsibility is None):
            raise InvalidValueError(
                "responsibility",
                self.responsibility,
                "None exactly when the last step is a no-answer step",
            )

    @property
    def accountable(self) -> Commissioner | None:
        """The body accountable in law, or ``None`` where nobody is answered."""
        found = self.responsibility
        return None if found is None else found.accountable

    @property
    def commissioner(self) -> Commissioner | None:
        """The body that exercises the function, or ``None``."""
        found = self.responsibility
        return None if found is None else found.commissioner

    @property
    def payer(self) -> Commissioner | None:
        """The body that holds the money, or ``None`` (the payer step says why)."""
        found = self.responsibility
        return None if found is None else found.payer

    def of_kind(self, kind: WhyStepKind) -> tuple[WhyStep, ...]:
        """The steps of ``kind``, in order (several for successions)."""
        return tuple(step for step in self.steps if step.kind is kind)


def why(
    landscape: Landscape,
    service: str,
    place: str,
    on: dt.date,
    policy: Policy = DEFAULT_POLICY,
) -> Why:
    """
    The chain of facts behind ``landscape.responsibility(service, place, on)``.

    The answers are :meth:`Landscape.responsibility`'s, never recomputed;
    ``policy`` judges whether the arrangement's kind is lawful that day (its
    ``arrangement_windows``, as SPC-LEGAL-001 reads them) and dates the
    abolition of CCGs; who is responsible before 1 April 2013 is the
    landscape's answer (nobody), by the law.

    Args:
        landscape: The plan.
        service: The service's manual number.
        place: The place's code.
        on: The day.
        policy: The policy the arrangement is judged by; the law by default.

    Returns:
        The :class:`Why`, its steps in order.

    Raises:
        UnknownReferenceError: for an unknown service (field ``service``) or
            place (field ``place``).
        InvalidValueError: if ``on`` is not a ``datetime.date``, or
            ``landscape`` or ``policy`` is of the wrong type.

    Source: NHS Act 2006 s.3B(1)(d), s.13Z(6), s.65Z5, s.13V; SI 2012/2996
    Schedule 4; the law file's arrangement windows.

    >>> chain = why(scenarios.england_2024_25(), "7", "01A", dt.date(2023, 4, 1))
    >>> print(chain.of_kind(WhyStepKind.ARRANGEMENT)[0].statement)
    JC-Y62-2023 (joint-committee) covers service 7 in 01A on 2023-04-01: receiver JC-Y62 (...), from 2023-04-01 to 2024-03-31
    >>> why(scenarios.england_2024_25(), "7", "ZZZ", dt.date(2024, 4, 1))
    Traceback (most recent call last):
    speccom_model.errors.UnknownReferenceError: place: expected a known place, got 'ZZZ'
    """
    check_instance("landscape", landscape, Landscape, "a Landscape")
    check_instance("policy", policy, Policy, "a Policy")
    check_date("on", on)
    found = landscape.service(service)
    where = landscape.place(place)
    answer = landscape.responsibility(service, place, on)
    steps = [_service_step(landscape, found, on), *_place_steps(landscape, where, on)]
    if answer is None and on < DEFAULT_POLICY.commissioning_from:
        # The landscape answers by the law's date, whatever the policy: say so.
        steps.append(_before_step(on))
        return Why(
            service=service, place=place, on=on, steps=steps, responsibility=None
        )
    arrangement = landscape.responsible_arrangement(service, place, on)
    steps.append(_arrangement_step(landscape, arrangement, found.code, place, on))
    if arrangement is not None:
        steps += _successions(landscape, arrangement.receiver, on, place, "receiver")
    steps.append(_lawful_step(arrangement, on, policy))
    if answer is None:
        assert arrangement is not None  # only a split receiver leaves no answer
        split = landscape.unfollowed_split(arrangement.receiver, on, place=place)
        assert split is not None  # responsibility() is None for no other reason
        steps.append(_split_step(landscape, split, place))
    else:
        steps += _answer_steps(landscape, answer, found.code, place, on)
    return Why(service=service, place=place, on=on, steps=steps, responsibility=answer)


# -- the steps ------------------------------------------------------------------------


def _named(body: Commissioner, day: dt.date) -> str:
    return f"{body.code} ({body.name_on(day)})"


def _service_step(landscape: Landscape, service: Service, on: dt.date) -> WhyStep:
    catalogue = landscape.catalogue
    listed = catalogue.listed_from(service.code)
    name = service.name_on(on)
    on_list: bool | None
    if on >= listed:
        on_list = True
        said = (
            f"{service.code} ({name}) is on the prescribed list on {on}: "
            f"the plan lists it from {listed}"
        )
    elif listed != catalogue.effective:
        on_list = False
        said = (
            f"{service.code} ({name}) is not on the prescribed list on {on}: "
            f"it was added from {listed}; the answers below are the plan's as it "
            "stands"
        )
    else:
        # The plan's list starts later: it does not say what was listed before.
        on_list = None
        said = (
            f"{service.code} ({name}): the plan's list takes effect on "
            f"{listed}, so it does not say whether the service was prescribed on {on}"
        )
    return WhyStep(
        kind=WhyStepKind.SERVICE,
        statement=said,
        sources=(src.NHS_ACT_3B_1D, src.SI_2012_2996),
        data={
            "service": service.code,
            "name": name,
            "on_list": on_list,
            "listed_from": listed,
            "edition": catalogue.edition,
            "highly_specialised": service.highly_specialised,
        },
    )


def _place_steps(landscape: Landscape, place: Place, on: dt.date) -> list[WhyStep]:
    membership = landscape.membership_on(place.code, on)
    body = landscape.commissioner_of(place.code, on)
    named = f"{place.code} ({place.name_on(on)})"
    sources: Sources = (src.ODS_CODES,)
    if membership is None:
        first = place.memberships[0].period.start if place.memberships else None
        said = f"{named} belongs to no body on {on}: " + (
            "the plan records no membership of it"
            if first is None
            else f"its first membership begins on {first}"
        )
    elif body is None:
        said = (
            f"{named}: its membership names {membership.commissioner} (from "
            f"{membership.period.start}), which holds no functions on {on}"
        )
    else:
        via = (
            ""
            if body.code == membership.commissioner
            else f" (its membership names {membership.commissioner}, followed through "
            "the successions below)"
        )
        said = (
            f"{named} belongs to {_named(body, on)}, {body.kind_on(on).label}, on "
            f"{on}: its population of {place.population} is that body's{via}"
        )
        if body.kind_on(on) is CommissionerKind.ICB:
            # A CCG's code lives on as a sub-ICB location of the ICB.
            sources = (src.ODS_CODES, src.DATA_DICTIONARY_SICBL)
    steps = [
        WhyStep(
            kind=WhyStepKind.PLACE,
            statement=said,
            sources=sources,
            data={
                "place": place.code,
                "name": place.name_on(on),
                "population": place.population.persons,
                "membership": None if membership is None else membership.commissioner,
                "membership_start": None
                if membership is None
                else membership.period.start,
                "membership_end": None if membership is None else membership.period.end,
                "body": None if body is None else body.code,
                "body_name": None if body is None else body.name_on(on),
                "body_kind": None if body is None else body.kind_on(on).value,
            },
        )
    ]
    if membership is not None:
        steps += _successions(
            landscape, membership.commissioner, on, place.code, "place"
        )
    return steps


#: Whose successions a step follows, in words.
_ROLES: Final = {
    "place": "the place's body",
    "receiver": "the receiver",
    "lead": "the lead provider",
    "host": "the pool's host",
}


def _successions(
    landscape: Landscape, code: str, on: dt.date, place: str, role: str
) -> list[WhyStep]:
    """One step per succession followed from ``code`` to the body of ``on``."""
    path = landscape.successions_followed(code, on, place=place)
    # The chain may end in a split no membership of the place follows.
    stuck = landscape.unfollowed_split(code, on, place=place) is not None
    return [
        _succession_step(
            landscape, succession, place, role, stuck and i == len(path) - 1
        )
        for i, succession in enumerate(path)
    ]


def _succession_step(
    landscape: Landscape,
    succession: Succession,
    place: str,
    role: str,
    unfollowed: bool,
) -> WhyStep:
    day = succession.effective
    before = landscape.commissioner(succession.predecessor)
    was = _named(before, day - dt.timedelta(days=1))
    after = (
        None
        if succession.successor is None or unfollowed
        else landscape.commissioner(succession.successor)
    )
    kind = succession.kind
    if kind is SuccessionKind.CLOSURE:
        what = (
            f"{was} closed on {day} with no successor: what it held returns to NHS "
            "England"
        )
    elif after is None:  # a split no membership of the place follows
        what = (
            f"{was} split on {day}, and no membership of {place} says which "
            "successor took it"
        )
    elif kind is SuccessionKind.MERGER:
        what = f"{was} merged into {_named(after, day)} on {day}"
    elif kind is SuccessionKind.RENAME:
        what = f"{was} became {_named(after, day)} on {day} (renamed)"
    else:
        what = (
            f"{was} split on {day}; its functions for {place} passed to "
            f"{_named(after, day)}"
        )
    return WhyStep(
        kind=WhyStepKind.SUCCESSION,
        statement=f"{what} (followed from {_ROLES[role]})",
        sources=_succession_sources(before, after),
        data={
            "of": role,
            "predecessor": succession.predecessor,
            "successor": None if after is None else after.code,
            "effective": day,
            "succession": kind.value,
        },
    )


def _succession_sources(before: Commissioner, after: Commissioner | None) -> Sources:
    """
    The authority for a change of body: the Act for CCGs becoming ICBs.

    CCGs were abolished and their functions passed to ICBs by the Health and
    Care Act 2022; ICBs merge and rename by ODS reconfiguration; any other
    change of body is recorded in ODS's succession records.
    """
    if before.kind is CommissionerKind.CCG and (
        after is None or after.kind is CommissionerKind.ICB
    ):
        return (src.HCA_2022_S19,)
    if before.kind is CommissionerKind.ICB:
        return (src.ODS_ICB_RECONFIGURATION,)
    return (src.ODS_CODES,)


def _arrangement_step(
    landscape: Landscape,
    arrangement: DelegationArrangement | None,
    service: str,
    place: str,
    on: dt.date,
) -> WhyStep:
    covering = sum(
        1 for a in landscape.covering(service, place) if a.period.contains(on)
    )
    if arrangement is None:
        return WhyStep(
            kind=WhyStepKind.ARRANGEMENT,
            statement=(
                f"none covers service {service} in {place} on {on}: NHS England "
                "holds it undelegated"
            ),
            sources=_UNDELEGATED,
            data={
                "arrangement": None,
                "kind": None,
                "receiver": None,
                "start": None,
                "end": None,
                "covering": 0,
            },
        )
    period = arrangement.period
    span = (
        f"from {period.start}"
        if period.end is None
        else f"from {period.start} to {period.end - dt.timedelta(days=1)}"
    )
    receiver = landscape.commissioner(arrangement.receiver)
    said = (
        f"{arrangement.id} ({arrangement.kind}) covers service {service} in {place} "
        f"on {on}: receiver {_named(receiver, period.start)}, {span}"
    )
    if covering > 1:
        said += (
            f"; {covering} arrangements cover it that day (a coverage error, "
            "SPC-COV-001): the earliest-starting is taken"
        )
    return WhyStep(
        kind=WhyStepKind.ARRANGEMENT,
        statement=said,
        sources=arrangement.kind.legal_basis,
        data={
            "arrangement": arrangement.id,
            "kind": arrangement.kind.value,
            "receiver": arrangement.receiver,
            "start": period.start,
            "end": period.end,
            "covering": covering,
        },
    )


def _lawful_step(
    arrangement: DelegationArrangement | None, on: dt.date, policy: Policy
) -> WhyStep:
    if arrangement is None:
        start = policy.commissioning_from
        return WhyStep(
            kind=WhyStepKind.LAWFUL,
            statement=(
                "NHS England's own duty to commission the prescribed services "
                f"(s.3B(1)(d)), from {start} under the policy {policy.name!r}"
                + ("" if on >= start else f": not yet on {on}")
            ),
            sources=(src.NHS_ACT_3B_1D, *policy.commissioning_source),
            data={
                "kind": None,
                "lawful": on >= start,
                "window_start": start,
                "window_end": None,
                "policy": policy.name,
            },
        )
    kind = arrangement.kind
    window, reason = lawful_window(kind, on, policy)
    sources: Sources
    if window is not None:
        sources = window.source
    elif kind is ArrangementKind.WHOLESALE_TRANSFER:
        sources = WHOLESALE.source
    else:
        sources = LAWFUL_KIND.source
    rule = (
        "SPC-LEGAL-002"
        if kind is ArrangementKind.WHOLESALE_TRANSFER
        else ("SPC-LEGAL-001")
    )
    if reason is None:
        assert window is not None  # lawful only inside a window
        said = (
            f"{kind} is lawful {window.describe()} under the policy {policy.name!r}, "
            f"so {arrangement.id} is lawful on {on}"
        )
    else:
        said = (
            f"{reason}: {arrangement.id} is not lawful on {on} under the policy "
            f"{policy.name!r} ({rule}); the answers below are the plan's as it stands"
        )
    return WhyStep(
        kind=WhyStepKind.LAWFUL,
        statement=said,
        sources=sources,
        data={
            "kind": kind.value,
            "lawful": reason is None,
            "window_start": None if window is None else window.start,
            "window_end": None if window is None else window.end,
            "policy": policy.name,
        },
    )


def _answer_steps(
    landscape: Landscape,
    answer: Responsibility,
    service: str,
    place: str,
    on: dt.date,
) -> list[WhyStep]:
    arrangement = answer.arrangement
    steps = [
        _accountable_step(answer, on),
        _commissioner_step(landscape, answer, place, on),
    ]
    holder = None if arrangement is None else arrangement.kind.money_holder
    if arrangement is not None and holder is MoneyHolder.RECEIVER:
        lead = answer.commissioner.lead
        if lead is not None and answer.payer != answer.commissioner:
            steps += _successions(landscape, lead, on, place, "lead")
    elif arrangement is not None and holder is MoneyHolder.POOL:
        assert arrangement.pooled_budget is not None  # checked at construction
        pool = landscape.pooled_budget(arrangement.pooled_budget)
        if on in pool.year:
            steps += _successions(landscape, pool.host, on, place, "host")
    steps.append(_payer_step(landscape, answer, service, place, on))
    return steps


def _accountable_step(answer: Responsibility, on: dt.date) -> WhyStep:
    body = answer.accountable
    arrangement = answer.arrangement
    if arrangement is None:
        why_so = "the service is its own duty, not delegated"
    elif arrangement.kind.legal_liability is LegalLiability.RECEIVER:
        why_so = f"a {arrangement.kind} moves liability to the receiver"
    else:
        why_so = (
            f"{arrangement.kind} does not affect NHS England's liability (s.13Z(6))"
        )
    liability = (
        LegalLiability.NHS_ENGLAND
        if arrangement is None
        else arrangement.kind.legal_liability
    )
    return WhyStep(
        kind=WhyStepKind.ACCOUNTABLE,
        statement=f"{_named(body, on)}: {why_so}",
        sources=answer.accountable_sources,
        data={
            "accountable": body.code,
            "name": body.name_on(on),
            "liability": liability.value,
        },
    )


def _commissioner_step(
    landscape: Landscape, answer: Responsibility, place: str, on: dt.date
) -> WhyStep:
    body = answer.commissioner
    arrangement = answer.arrangement
    if arrangement is None:
        why_so = "NHS England commissions what nothing delegates"
    elif body.code == arrangement.receiver:
        why_so = f"the receiver of {arrangement.id}"
    elif body == landscape.nhs_england and (
        landscape.body_on(arrangement.receiver, on, place=place) is None
    ):
        why_so = (
            f"the receiver of {arrangement.id}: "
            f"{_gone(landscape, arrangement.receiver, place, on)}, so NHS England "
            "holds the service"
        )
    else:
        why_so = f"succeeding {arrangement.receiver}, the receiver of {arrangement.id}"
    return WhyStep(
        kind=WhyStepKind.COMMISSIONER,
        statement=f"{_named(body, on)}: {why_so}",
        sources=answer.commissioner_sources,
        data={
            "commissioner": body.code,
            "name": body.name_on(on),
            "body_kind": body.kind_on(on).value,
            "receiver": None if arrangement is None else arrangement.receiver,
        },
    )


def _gone(landscape: Landscape, receiver: str, place: str, on: dt.date) -> str:
    """Why no body holds ``receiver``'s functions on ``on``: the chain's end."""
    path = landscape.successions_followed(receiver, on, place=place)
    if path and path[-1].kind is SuccessionKind.CLOSURE:
        last = path[-1]
        return f"{last.predecessor} closed on {last.effective} with no successor"
    reached = (
        landscape.commissioner(path[-1].successor)
        if path and path[-1].successor is not None
        else landscape.commissioner(receiver)
    )
    via = "" if reached.code == receiver else f" (succeeding the receiver {receiver})"
    if on < reached.lifetime.start:
        return f"{reached.code}{via} does not exist until {reached.lifetime.start}"
    return f"{reached.code}{via} ended on {reached.lifetime.end} with no successor"


def _year_of(on: dt.date) -> FinancialYear | None:
    """The financial year of ``on``, or ``None`` past the last the model names."""
    try:
        return FinancialYear.containing(on)
    except InvalidValueError:
        return None


def _line(
    landscape: Landscape, holder: str, service: str, place: str, year: FinancialYear
) -> BudgetLine | None:
    """``holder``'s budget line for ``service`` in ``place``, else for all places."""
    budget = landscape.budget(holder, year)
    if budget is None:
        return None
    lines = [line for line in budget.lines if line.service == service]
    for wanted in (place, None):
        for line in lines:
            if line.place == wanted:
                return line
    return None


def _payer_step(
    landscape: Landscape,
    answer: Responsibility,
    service: str,
    place: str,
    on: dt.date,
) -> WhyStep:
    payer, arrangement = answer.payer, answer.arrangement
    holder = (
        MoneyHolder.NHS_ENGLAND
        if arrangement is None
        else arrangement.kind.money_holder
    )
    pool = (
        None
        if arrangement is None or arrangement.pooled_budget is None
        else landscape.pooled_budget(arrangement.pooled_budget)
    )
    if payer is None:
        said = f"none named: {answer.payer_unknown}"
    elif arrangement is None:
        said = f"{_named(payer, on)}: it commissions the service itself"
    elif holder is MoneyHolder.NHS_ENGLAND:
        said = (
            f"{_named(payer, on)}: under {arrangement.kind} NHS England keeps "
            "the money and pays providers"
        )
    elif holder is MoneyHolder.POOL:
        assert pool is not None  # a pooled-budget arrangement names its pool
        said = (
            f"{_named(payer, on)}: the host of pooled budget {pool.code} "
            f"({pool.year}, {pool.total} in all)"
        )
    elif payer == answer.commissioner:
        who = (
            "receiver" if payer.code == arrangement.receiver else "receiver's successor"
        )
        said = (
            f"{_named(payer, on)}: under {arrangement.kind} the {who} holds the money"
        )
    else:
        said = (
            f"{_named(payer, on)}: {answer.commissioner.code} holds no budget "
            "of its own, and its lead provider holds the money for it"
        )
    if answer.retained_by_nhs_england is not None:
        said += f"; retained: {answer.retained_by_nhs_england}"
    year = _year_of(on)
    line = (
        None
        if payer is None or year is None
        else _line(landscape, payer.code, service, place, year)
    )
    baseline = None if year is None else landscape.baseline(service, place, year)
    if line is not None and payer is not None and year is not None:
        where = (
            f"in {place}"
            if line.place is not None
            else "(the whole service, not one place)"
        )
        said += (
            f"; {year} budget of {payer.code}: {line.allocation} for service "
            f"{service} {where}"
        )
    if baseline is not None:
        said += f"; {year} baseline for service {service} in {place}: {baseline}"
    sources = answer.payer_sources + tuple(
        c for c in answer.retained_sources if c not in answer.payer_sources
    )
    return WhyStep(
        kind=WhyStepKind.PAYER,
        statement=said,
        sources=sources,
        data={
            "payer": None if payer is None else payer.code,
            "name": None if payer is None else payer.name_on(on),
            "money_holder": holder.value,
            "payer_unknown": answer.payer_unknown,
            "retained_by_nhs_england": answer.retained_by_nhs_england,
            "year": None if year is None else str(year),
            "budget_holder": None if line is None or payer is None else payer.code,
            "budget_line_place": None if line is None else line.place,
            "budget_allocation": None if line is None else line.allocation,
            "budget_outturn": None if line is None else line.outturn,
            "baseline": baseline,
            "pool": None if pool is None else pool.code,
            "pool_year": None if pool is None else str(pool.year),
            "pool_total": None if pool is None else pool.total,
            "transferred": None
            if arrangement is None or year is None
            else arrangement.budget_transferred.get(year),
        },
    )


def _before_step(on: dt.date) -> WhyStep:
    start = DEFAULT_POLICY.commissioning_from
    return WhyStep(
        kind=WhyStepKind.NO_ANSWER,
        statement=(
            f"nobody in this model is responsible on {on}: NHS England had "
            f"commissioning functions only from {start}"
        ),
        sources=DEFAULT_POLICY.commissioning_source,
        data={"reason": "before-commissioning", "commissioning_from": start},
    )


def _split_step(landscape: Landscape, split: Succession, place: str) -> WhyStep:
    return WhyStep(
        kind=WhyStepKind.NO_ANSWER,
        statement=(
            f"nobody can be named: {split.predecessor} split on {split.effective} "
            f"and no membership of {place} says which successor took it; NHS "
            "England is not assumed"
        ),
        sources=_succession_sources(
            landscape.commissioner(split.predecessor),
            None
            if split.successor is None
            else landscape.commissioner(split.successor),
        ),
        data={
            "reason": "unfollowed-split",
            "predecessor": split.predecessor,
            "effective": split.effective,
        },
    )
