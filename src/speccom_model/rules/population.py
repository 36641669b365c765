"""
Population rules: which services are small enough to plan jointly or delegate.

Sources: NHS England's annex to the 2019/20 planning guidance as HSJ reported
it ("services that can be commissioned for populations of less than 10 million"
are the most suitable for joint planning): guidance, not law, so a service over
the limit is a warning, never an error, and judged only in that guidance's era
(``Policy.population_limit_window``); NHS England Board papers (highly
specialised services are retained by NHS England).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Final

from speccom_model import _sources as src
from speccom_model.arrangement import ArrangementKind
from speccom_model.catalogue import manual_number_order
from speccom_model.commissioner import CommissionerKind
from speccom_model.rules._engine import Context, Finding, Rule, Severity, unjudged

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from speccom_model.arrangement import DelegationArrangement
    from speccom_model.citation import Citation
    from speccom_model.commissioner import Commissioner, PlanningBoard

__all__ = ["RULES"]


_NO_POPULATION: Final = (
    "no planning population recorded (none is published for it); give one to check it"
)


def _cannot_judge(
    ctx: Context,
    rule: Rule,
    unknown: dict[str, list[str]],
    what: str,
    data: dict[str, object] | None = None,
) -> Iterator[Finding]:
    """One warning per service with no planning population, naming its users."""
    for code in sorted(unknown, key=manual_number_order):
        yield unjudged(
            rule,
            code,
            ctx.service_label(code),
            unknown[code],
            what,
            _NO_POPULATION,
            data=data,
        )


def _guidance(sources: Iterable[Citation]) -> str:
    """
    What a finding of guidance says of its source: guidance, not law, and its date.

    >>> from speccom_model.policy import DEFAULT_POLICY
    >>> print(_guidance(DEFAULT_POLICY.population_limit_source))
    guidance, not law: HSJ, 'Regulator invites areas with appetite to tender for spec com budget', reporting NHS England's annex to the 2019/20 planning guidance; NHS England and NHS Improvement, 'NHS Operational Planning and Contracting Guidance 2019/20' version 1.0, first published 10 January 2019
    """
    named = [
        c.name
        if c.date is None
        else f"{c.name}, first published {c.date.day} {c.date:%B %Y}"
        for c in sources
    ]
    return "guidance, not law: " + "; ".join(named)


def _board_day(ctx: Context, board: PlanningBoard) -> dt.date:
    """The date whose guidance applies to a board: as :meth:`Context.when`."""
    start = board.period.start
    return start if ctx.on is None or ctx.on < start else ctx.on


def _under_limit(ctx: Context) -> Iterator[Finding]:
    limit = ctx.policy.joint_planning_population_limit
    source = ctx.policy.population_limit_source
    era = ctx.policy.population_limit_window
    guidance = _guidance(source)
    unknown: dict[str, list[str]] = defaultdict(list)
    for arrangement in ctx.arrangements():
        if not arrangement.kind.is_delegation:
            continue
        if not era.contains(ctx.when(arrangement)):
            continue  # another era's criteria apply (SPC-ICB-001 from July 2022)
        for code in sorted(arrangement.services):
            service = ctx.landscape.service(code)
            if service.planning_population is None:
                unknown[code].append(arrangement.id)
            elif service.planning_population >= limit:
                yield UNDER_LIMIT.finding(
                    f"{arrangement.id}/{code}",
                    f"service {ctx.service_label(code)} is planned for "
                    f"{service.planning_population}, not under {limit}, the "
                    f"populations most suitable for joint planning and delegation "
                    f"({guidance})",
                    severity=Severity.WARNING,
                    source=source,
                    data={
                        "arrangement": arrangement.id,
                        "service": code,
                        "population": service.planning_population.persons,
                        "limit": limit.persons,
                        "guidance": guidance,
                    },
                )
    for board in sorted(ctx.landscape.planning_boards, key=lambda b: b.code):
        if not era.contains(_board_day(ctx, board)):
            continue
        for code in sorted(board.services):
            service = ctx.landscape.service(code)
            if service.planning_population is None:
                unknown[code].append(board.code)
            elif service.planning_population >= limit:
                yield UNDER_LIMIT.finding(
                    f"{board.code}/{code}",
                    f"planning board {board.code} plans service {ctx.service_label(code)} "
                    f"jointly, but it is planned for {service.planning_population}, "
                    f"not under {limit}, the populations most suitable for joint "
                    f"planning ({guidance})",
                    severity=Severity.WARNING,
                    source=source,
                    data={
                        "board": board.code,
                        "service": code,
                        "population": service.planning_population.persons,
                        "limit": limit.persons,
                        "guidance": guidance,
                    },
                )
    yield from _cannot_judge(
        ctx,
        UNDER_LIMIT,
        unknown,
        f"whether it may be delegated or planned jointly under the {limit} limit",
        {"limit": limit.persons},
    )


def _committee(ctx: Context, code: str, when: dt.date) -> Commissioner | None:
    """Joint committee ``code`` as it stands on ``when``, or ``None``."""
    committee = ctx.landscape.body_on(code, when)
    if (
        committee is None
        or committee.kind_on(when) is not CommissionerKind.JOINT_COMMITTEE
    ):
        return None
    return committee


def _icbs(ctx: Context, committee: Commissioner) -> list[str]:
    """The committee's members that are ICBs, as the plan names them."""
    return sorted(
        m
        for m in committee.members
        if ctx.landscape.commissioner(m).kind is CommissionerKind.ICB
    )


#: The places of a committee's members on a day, worked out once per check.
_Places = dict[tuple[str, dt.date], list[str]]


def _places_of(
    ctx: Context, committee: Commissioner, when: dt.date, seen: _Places
) -> list[str]:
    """
    The places whose ICB on ``when`` holds a member's functions there.

    Following successions place by place, so a member split or merged before
    ``when`` still brings the places its successors took.
    """
    key = (committee.code, when)
    if key not in seen:
        seen[key] = _member_places(ctx, committee, when)
    return seen[key]


def _member_places(ctx: Context, committee: Commissioner, when: dt.date) -> list[str]:
    landscape = ctx.landscape
    owned = []
    for place in landscape.places:
        owner = landscape.commissioner_of(place.code, when)
        if owner is None or owner.kind_on(when) is not CommissionerKind.ICB:
            continue
        for member in committee.members:
            held = landscape.body_on(member, when, place=place.code)
            if held is not None and held.code == owner.code:
                owned.append(place.code)
                break
    return sorted(owned)


def _is_member(
    ctx: Context,
    committee: Commissioner,
    arrangement: DelegationArrangement,
    when: dt.date,
) -> bool:
    """Whether the receiver is one of the committee's members, or succeeds one."""
    if arrangement.receiver in committee.members:
        return True
    return any(
        (held := ctx.landscape.body_on(member, when, place=place)) is not None
        and held.code == arrangement.receiver
        for member in committee.members
        for place in arrangement.places
    )


def _footprint_of(
    ctx: Context, arrangement: DelegationArrangement, seen: _Places
) -> tuple[list[str], str] | Finding:
    """
    The places whose population counts for ``arrangement``, and how to say so.

    A joint committee commissions over all its member ICBs' places; an ICB
    delegation naming a collaboration, over the collaboration's member ICBs'
    places; any other arrangement over its own places. A collaboration that
    is not a joint committee, or that the receiver is not a member of, is a
    finding instead.
    """
    when = ctx.when(arrangement)
    if arrangement.kind is ArrangementKind.JOINT_COMMITTEE:
        committee = _committee(ctx, arrangement.receiver, when)
        if committee is not None:
            return _places_of(ctx, committee, when, seen), (
                f"joint committee {committee.code}'s member ICBs "
                f"({_few(_icbs(ctx, committee))})"
            )
    collaboration = arrangement.collaboration
    if collaboration is None:
        return sorted(arrangement.places), ""
    committee = _committee(ctx, collaboration, when)
    if committee is None:
        return FOOTPRINT.finding(
            arrangement.id,
            f"{arrangement.id} names {collaboration} as the collaboration its ICB "
            f"commissions with, but {collaboration} is not a joint committee on "
            f"{when}",
            data={
                "arrangement": arrangement.id,
                "committee": collaboration,
                "date": when,
            },
        )
    if not _is_member(ctx, committee, arrangement, when):
        return FOOTPRINT.finding(
            arrangement.id,
            f"{arrangement.id} names {collaboration} as the collaboration its ICB "
            f"commissions with, but {arrangement.receiver} is not one of its member "
            f"ICBs on {when} ({_few(_icbs(ctx, committee)) or 'none'})",
            data={
                "arrangement": arrangement.id,
                "committee": collaboration,
                "receiver": arrangement.receiver,
                "date": when,
                "members": tuple(_icbs(ctx, committee)),
            },
        )
    return _places_of(ctx, committee, when, seen), (
        f"collaboration {collaboration}'s member ICBs ({_few(_icbs(ctx, committee))})"
    )


def _few(codes: list[str]) -> str:
    if len(codes) <= 5:
        return ", ".join(codes)
    return f"{', '.join(codes[:5])} and {len(codes) - 5} more"


def _collaboration(
    ctx: Context, arrangement: DelegationArrangement
) -> dict[str, object]:
    """The facts of the collaboration a footprint is taken over, if any."""
    when = ctx.when(arrangement)
    code = (
        arrangement.receiver
        if arrangement.kind is ArrangementKind.JOINT_COMMITTEE
        else arrangement.collaboration
    )
    committee = None if code is None else _committee(ctx, code, when)
    if committee is None:
        return {}
    return {"committee": committee.code, "members": tuple(_icbs(ctx, committee))}


def _footprint(ctx: Context) -> Iterator[Finding]:
    unknown: dict[str, list[str]] = defaultdict(list)
    seen: _Places = {}
    for arrangement in ctx.arrangements():
        if not arrangement.kind.is_delegation:
            continue
        over = _footprint_of(ctx, arrangement, seen)
        if isinstance(over, Finding):
            yield over
            continue
        places, whose = over
        footprint = ctx.landscape.footprint_population(places)
        where = (
            f"{arrangement.id} ({len(places)} place(s))"
            if not whose
            else f"{arrangement.id}, over {whose} ({len(places)} place(s)),"
        )
        for code in sorted(arrangement.services):
            needed = ctx.landscape.service(code).planning_population
            if needed is None:
                unknown[code].append(arrangement.id)
            elif footprint < needed:
                yield FOOTPRINT.finding(
                    f"{arrangement.id}/{code}",
                    f"the footprint of {where} has {footprint}, fewer than the "
                    f"{needed} service {ctx.service_label(code)} is planned for",
                    data={
                        "arrangement": arrangement.id,
                        "service": code,
                        "places": tuple(places),
                        "count": len(places),
                        "population": needed.persons,
                        "footprint": footprint.persons,
                        **(_collaboration(ctx, arrangement) if whose else {}),
                    },
                )
    yield from _cannot_judge(
        ctx, FOOTPRINT, unknown, "whether the footprint is large enough"
    )


def _highly_specialised(ctx: Context) -> Iterator[Finding]:
    for arrangement in ctx.arrangements():
        if not arrangement.kind.is_delegation:
            continue
        for code in sorted(arrangement.services):
            if ctx.landscape.service(code).highly_specialised:
                yield HIGHLY_SPECIALISED.finding(
                    f"{arrangement.id}/{code}",
                    f"service {ctx.service_label(code)} is highly specialised and is "
                    f"always retained by NHS England, but {arrangement.id} "
                    f"({arrangement.kind}) delegates it to {arrangement.receiver}",
                    data={
                        "arrangement": arrangement.id,
                        "service": code,
                        "kind": arrangement.kind.value,
                        "receiver": arrangement.receiver,
                    },
                )


UNDER_LIMIT = Rule(
    code="SPC-POP-001",
    title="Guidance: services planned for populations under the limit are the "
    "most suitable for joint planning or delegation",
    source=(src.HSJ_2019_ANNEX, src.PLANNING_GUIDANCE_2019_20),
    explanation="This is guidance, not law. NHS England's annex to the 2019/20 "
    "planning guidance (the NHS Operational Planning and Contracting Guidance "
    "2019/20, first published 10 January 2019), as HSJ reported it, names services "
    "planned for populations under 10 million as the most suitable for joint "
    "planning; no statute or regulation makes it a bar. So a delegated service, or "
    "a service a planning board plans jointly, planned for a population not "
    "strictly under the policy's limit (10,000,000 is not under it) is a warning "
    "naming the guidance and its date, never an error: a plan with only such "
    "findings is ok. The criterion is judged only in the guidance's era, the "
    "policy's population_limit_window (from its publication on 10 January 2019 "
    "until ICBs began on 1 July 2022, when the May 2022 roadmap's criteria of "
    "services suitable and ready for ICB leadership took over: SPC-ICB-001): an "
    "arrangement or board whose date (its start, or the day of the check if "
    "later) falls outside it is not judged by this rule at all, not even as "
    "'cannot judge'. Within the era, a service with no planning population "
    "recorded cannot be judged: one warning per such service says so, naming the "
    "arrangements and boards it holds back.",
    family="population",
    check=_under_limit,
)
FOOTPRINT = Rule(
    code="SPC-POP-002",
    title="A delegate's footprint covers at least the service's planning population",
    source=(src.HSJ_2019_ANNEX, src.NHSE_BOARD_2023_12, src.NHSE_DELEGATION_GUIDANCE),
    explanation="The footprint over which a service is commissioned must hold at "
    "least the population the service is planned for; a service planned for two "
    "million people cannot be commissioned well for one million. The footprint is "
    "that of the collaboration that commissions: for a joint-committee arrangement, "
    "every place of the committee's member ICBs on the arrangement's date (ICBs "
    "commissioning together, as the NHS England Board described the joint "
    "committees); for an icb-delegation that names a collaboration (the joint "
    "committee through which its ICB commissions with others), every place of that "
    "committee's member ICBs; for any other arrangement, the places it covers. A "
    "collaboration is never inferred: a plan says it. A named collaboration that is "
    "not a joint committee on the date, or of which the receiving ICB is not a "
    "member, is an error. A service with no planning population recorded cannot be "
    "judged: one warning per such service says so, naming the arrangements it "
    "holds back.",
    family="population",
    check=_footprint,
)
HIGHLY_SPECIALISED = Rule(
    code="SPC-POP-003",
    title="Highly specialised services are never delegated",
    source=(src.NHSE_BOARD_2024_03,),
    explanation="Highly specialised services, provided by a handful of national "
    "centres, are always retained by NHS England, whatever else is delegated.",
    family="population",
    check=_highly_specialised,
)

RULES = (UNDER_LIMIT, FOOTPRINT, HIGHLY_SPECIALISED)
