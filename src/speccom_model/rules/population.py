"""
Population rules: which services are small enough to plan jointly or delegate.

Sources: NHS England's annex to the 2019/20 planning guidance as HSJ reported
it ("services that can be commissioned for populations of less than 10 million"
are the most suitable for joint planning): guidance, not law, so a service over
the limit is a warning, never an error; NHS England Board papers (highly
specialised services are retained by NHS England).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Final

from speccom_model import _sources as src
from speccom_model.catalogue import manual_number_order
from speccom_model.rules._engine import Context, Finding, Rule, Severity, unjudged

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from speccom_model.citation import Citation

__all__ = ["RULES"]


_NO_POPULATION: Final = (
    "no planning population recorded (none is published for it); give one to check it"
)


def _cannot_judge(
    ctx: Context, rule: Rule, unknown: dict[str, list[str]], what: str
) -> Iterator[Finding]:
    """One warning per service with no planning population, naming its users."""
    for code in sorted(unknown, key=manual_number_order):
        yield unjudged(
            rule, code, ctx.service_label(code), unknown[code], what, _NO_POPULATION
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


def _under_limit(ctx: Context) -> Iterator[Finding]:
    limit = ctx.policy.joint_planning_population_limit
    source = ctx.policy.population_limit_source
    guidance = _guidance(source)
    unknown: dict[str, list[str]] = defaultdict(list)
    for arrangement in ctx.arrangements():
        if not arrangement.kind.is_delegation:
            continue
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
                )
    for board in sorted(ctx.landscape.planning_boards, key=lambda b: b.code):
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
                )
    yield from _cannot_judge(
        ctx,
        UNDER_LIMIT,
        unknown,
        f"whether it may be delegated or planned jointly under the {limit} limit",
    )


def _footprint(ctx: Context) -> Iterator[Finding]:
    unknown: dict[str, list[str]] = defaultdict(list)
    for arrangement in ctx.arrangements():
        if not arrangement.kind.is_delegation:
            continue
        footprint = ctx.landscape.footprint_population(arrangement.places)
        for code in sorted(arrangement.services):
            needed = ctx.landscape.service(code).planning_population
            if needed is None:
                unknown[code].append(arrangement.id)
            elif footprint < needed:
                yield FOOTPRINT.finding(
                    f"{arrangement.id}/{code}",
                    f"the footprint of {arrangement.id} ({len(arrangement.places)} "
                    f"place(s)) has {footprint}, fewer than the {needed} service "
                    f"{ctx.service_label(code)} is planned for",
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
    "findings is ok. The criterion is applied on every date, before 2019 as well, "
    "because guidance is advice to weigh, not a law that starts on a day; the "
    "warning's date lets a reader discount it for an earlier plan. A service with "
    "no planning population recorded cannot be judged: one warning per such "
    "service says so, naming the arrangements and boards it holds back.",
    family="population",
    check=_under_limit,
)
FOOTPRINT = Rule(
    code="SPC-POP-002",
    title="A delegate's footprint covers at least the service's planning population",
    source=(src.HSJ_2019_ANNEX, src.NHSE_BOARD_2023_12),
    explanation="The places an arrangement covers must together hold at least the "
    "population the service is planned for; a service planned for two million people "
    "cannot be commissioned well for one million. A service with no planning "
    "population recorded cannot be judged: one warning per such service says so, "
    "naming the arrangements it holds back.",
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
