"""
Legal form: only the kinds of arrangement the law allows, to lawful receivers.

Each kind must be lawful on the date, and its receiver a body that can take it.

Sources: NHS Act 2006 s.13V, s.13Z, s.13ZA, s.13YB, s.65Z5, s.65Z6; SI 2022/642;
Health and Care Act 2022; SI 2012/2996 Schedule 4. The date each kind becomes
lawful, with its citations, is in the law file (``arrangement_windows``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from speccom_model import _sources as src
from speccom_model.arrangement import ArrangementKind
from speccom_model.citation import describe_sources
from speccom_model.commissioner import CommissionerKind
from speccom_model.rules._engine import Context, Finding, Rule, Severity

if TYPE_CHECKING:
    from collections.abc import Iterator

    from speccom_model.arrangement import DelegationArrangement
    from speccom_model.commissioner import Commissioner
    from speccom_model.landscape import Landscape
    from speccom_model.periods import Period
    from speccom_model.policy import BillProvision, LegalWindow, Policy

__all__ = ["RULES", "lawful_window"]


def lawful_window(
    kind: ArrangementKind, day: dt.date, policy: Policy
) -> tuple[LegalWindow | None, str | None]:
    """
    The policy's window for ``kind``, and why ``kind`` is unlawful on ``day``.

    The reason is ``None`` when ``kind`` is lawful on ``day``: its window
    (``Policy.arrangement_windows``) contains the day. A wholesale transfer
    is never lawful, whatever the policy (SPC-LEGAL-002), and has no window;
    a kind the policy has no window for is lawful on no day.

    Source: the law file's ``arrangement_windows``, each with its citations.

    >>> window, reason = lawful_window(
    ...     ArrangementKind.ICB_DELEGATION, dt.date(2022, 6, 30), DEFAULT_POLICY
    ... )
    >>> window.describe(), reason
    ('from 2022-07-01', 'icb-delegation (National Health Service Act 2006 s.65Z5; ...) is lawful from 2022-07-01')
    """
    basis = describe_sources(kind.legal_basis)
    if kind is ArrangementKind.WHOLESALE_TRANSFER:
        return None, (
            f"{kind} ({basis}) is never lawful: only ministers can move a service "
            "out of NHS England's duty, by changing the prescribed list"
        )
    window = policy.arrangement_windows.get(kind)
    if window is None:
        return None, (
            f"{kind} ({basis}) is not a lawful arrangement on {day} under this policy"
        )
    if not window.contains(day):
        return window, f"{kind} ({basis}) is lawful {window.describe()}"
    return window, None


def _lawful_kind(ctx: Context) -> Iterator[Finding]:
    for arrangement in ctx.arrangements():
        kind = arrangement.kind
        if kind is ArrangementKind.WHOLESALE_TRANSFER:
            continue  # SPC-LEGAL-002 says why
        when = ctx.when(arrangement)
        window, reason = lawful_window(kind, when, ctx.policy)
        if reason is None:
            continue
        facts = {
            "arrangement": arrangement.id,
            "kind": kind.value,
            "legal_basis": describe_sources(kind.legal_basis),
        }
        if window is None:
            yield LAWFUL_KIND.finding(
                arrangement.id, reason, data={**facts, "date": when}
            )
        else:
            yield LAWFUL_KIND.finding(
                arrangement.id,
                f"{reason}; {arrangement.id} is judged on {when}",
                source=window.source,
                data={**facts, **_window_facts(window), "date": when},
            )


def _window_facts(window: LegalWindow) -> dict[str, object]:
    """The first and last day of a kind's window, as its description gives them."""
    facts: dict[str, object] = {}
    if window.start is not None:
        facts["lawful_from"] = window.start
    if window.end is not None:
        facts["lawful_until"] = window.end - dt.timedelta(days=1)
    return facts


#: What the wholesale-transfer finding cites: the list only ministers change.
_PRESCRIBED_LIST: Final = "Schedule 4 of SI 2012/2996"


def _wholesale(ctx: Context) -> Iterator[Finding]:
    for arrangement in ctx.arrangements():
        if arrangement.kind is ArrangementKind.WHOLESALE_TRANSFER:
            yield WHOLESALE.finding(
                arrangement.id,
                f"{arrangement.id} transfers service(s) "
                f"{', '.join(sorted(arrangement.services))} wholesale to "
                f"{arrangement.receiver}: only ministers can move a service out of NHS "
                f"England's duty, by changing the prescribed list ({_PRESCRIBED_LIST}); "
                "NHS England can delegate, not transfer",
                data={
                    "arrangement": arrangement.id,
                    "services": tuple(sorted(arrangement.services)),
                    "receiver": arrangement.receiver,
                    "legal_basis": _PRESCRIBED_LIST,
                },
            )


def _receiver(ctx: Context) -> Iterator[Finding]:
    landscape = ctx.landscape
    for arrangement in ctx.arrangements():
        when = ctx.when(arrangement)
        named = landscape.commissioner(arrangement.receiver)
        holders = _holders(landscape, arrangement, when)
        if not holders and landscape.unfollowed_split(arrangement.receiver, when):
            continue  # a split no place follows: SPC-COV-002 warns of it
        if not holders:
            yield RECEIVER.finding(
                arrangement.id,
                f"the receiver {named.code} ({named.kind.label}) does not exist on "
                f"{when}, and no successor holds its functions",
                data={
                    "arrangement": arrangement.id,
                    "receiver": named.code,
                    "body": named.code,
                    "body_kind": named.kind.value,
                    "date": when,
                },
            )
        for holder in holders:
            yield from _receiver_kind(ctx, arrangement, named, holder, when)


def _holders(
    landscape: Landscape, arrangement: DelegationArrangement, when: dt.date
) -> list[Commissioner]:
    """
    Who holds the receiver's functions on ``when``: the receiver or its successor.

    A receiver that split passes each place to the successor its membership
    names (SPC-COV-002 warns of a place none takes).
    """
    body = landscape.body_on(arrangement.receiver, when)
    if body is not None:
        return [body]
    found: dict[str, Commissioner] = {}
    for place in arrangement.places:
        held = landscape.body_on(arrangement.receiver, when, place=place)
        if held is not None:
            found[held.code] = held
    return [found[code] for code in sorted(found)]


def _receiver_kind(
    ctx: Context,
    arrangement: DelegationArrangement,
    named: Commissioner,
    body: Commissioner,
    when: dt.date,
) -> Iterator[Finding]:
    kind = body.kind_on(when)  # what it was on the day: QE1 was an STP once
    if kind is CommissionerKind.CCG and when > ctx.policy.ccg_last_day:
        yield RECEIVER.finding(
            arrangement.id,
            f"{body.code} is a CCG, and CCGs cannot receive after "
            f"{ctx.policy.ccg_last_day}; {arrangement.id} is judged on {when}",
            source=ctx.policy.budget_windows["ccg"].source
            if "ccg" in ctx.policy.budget_windows
            else RECEIVER.source,
            data={
                "arrangement": arrangement.id,
                "receiver": arrangement.receiver,
                "body": body.code,
                "body_kind": kind.value,
                "lawful_until": ctx.policy.ccg_last_day,
                "date": when,
            },
        )
        return
    if kind not in arrangement.kind.receiver_kinds:
        allowed = ", ".join(sorted(k.label for k in arrangement.kind.receiver_kinds))
        via = "" if body is named else f" (succeeding {named.code})"
        yield RECEIVER.finding(
            arrangement.id,
            f"{body.code}{via} is {kind.label}, which cannot receive "
            f"{arrangement.kind} ({describe_sources(arrangement.kind.legal_basis)}); "
            f"it can go to {allowed}",
            source=arrangement.kind.legal_basis,
            data={
                "arrangement": arrangement.id,
                "kind": arrangement.kind.value,
                "receiver": named.code,
                "body": body.code,
                "body_kind": kind.value,
                "legal_basis": describe_sources(arrangement.kind.legal_basis),
            },
        )


LAWFUL_KIND = Rule(
    code="SPC-LEGAL-001",
    title="The arrangement's kind is lawful on its date",
    source=(
        src.NHS_ACT_13V,
        src.NHS_ACT_13Z,
        src.NHS_ACT_13ZA,
        src.NHS_ACT_13YB,
        src.NHS_ACT_65Z5,
        src.SI_2022_642,
    ),
    explanation="Each kind of arrangement became lawful on a date (a dated "
    "parameter of the law file): pooled budgets (s.13V), joint appointments, "
    "internal delegation and co-commissioning with CCGs (s.13Z) from 1 April 2013; "
    "devolved "
    "arrangements (s.13ZA) from 2016; delegation to ICBs and joint committees of ICBs "
    "and NHS England (s.65Z5), and directions to ICBs (s.13YB), only from 1 July "
    "2022. An arrangement is judged on its start date, or on the date of the check "
    "while it is in force.",
    family="legal",
    check=_lawful_kind,
)
WHOLESALE = Rule(
    code="SPC-LEGAL-002",
    title="A wholesale transfer needs ministers to change the prescribed list",
    source=(src.NHS_ACT_3B, src.SI_2012_2996),
    explanation="Only a change to the list of prescribed services, made by "
    "ministers, moves a service out of NHS England's duty. No arrangement NHS "
    "England can make transfers a prescribed service wholesale; a plan that "
    "proposes one is always in error.",
    family="legal",
    check=_wholesale,
)
RECEIVER = Rule(
    code="SPC-LEGAL-003",
    title="The receiver is a body that can lawfully receive the arrangement",
    source=(src.NHS_ACT_13Z, src.NHS_ACT_13ZA, src.NHS_ACT_65Z5, src.HCA_2022),
    explanation="Each kind of arrangement has lawful receivers: co-commissioning "
    "with CCGs, s.65Z5 delegation and s.13YB directions with ICBs, devolved "
    "arrangements with combined or local authorities, internal delegation only "
    "within NHS England (its own committees and regional teams, never a CCG, an ICB "
    "or a combined authority), lead-provider contracts with providers. CCGs cannot "
    "receive after 30 June 2022. An arrangement held by a body that has ended passes to its "
    "successor, which must itself be a lawful receiver.",
    family="legal",
    check=_receiver,
)


def _span(period: Period) -> str:
    if period.end is None:
        return f"from {period.start} with no end"
    return f"from {period.start} to {period.end - dt.timedelta(days=1)}"


def _change_days(change: BillProvision) -> dict[str, object]:
    """When a proposed change would take effect, or why that is not known."""
    facts: dict[str, object] = {}
    if change.commencement is not None:
        return {"commencement": change.commencement}
    if change.commencement_note:
        facts["note"] = change.commencement_note
    if change.not_before is not None:
        facts["not_before"] = change.not_before
    return facts


def _proposed_law(ctx: Context) -> Iterator[Finding]:
    policy = ctx.policy
    for change in policy.proposed:
        first = change.commencement or change.not_before
        for arrangement in ctx.arrangements():
            if arrangement.kind.value not in change.affects:
                continue
            end = arrangement.period.end
            if first is not None and end is not None and end <= first:
                continue  # over before the change could take effect
            if change.commencement is not None:
                when = f"on {change.commencement}"
            elif change.not_before is not None:
                when = (
                    f"on a day not known ({change.commencement_note}), "
                    f"no earlier than {change.not_before}"
                )
            else:
                when = f"on a day not known ({change.commencement_note})"
            yield PROPOSED_LAW.finding(
                arrangement.id,
                f"under {policy.name} (a bill, not law): {change.provision} would "
                f"{change.effect}, {when}; {arrangement.id} ({arrangement.kind}) "
                f"runs {_span(arrangement.period)}, so whether it could "
                f"continue after that day cannot be judged",
                severity=Severity.WARNING,
                source=change.source,
                data={
                    "policy": policy.name,
                    "provision": change.provision,
                    "effect": change.effect,
                    **_change_days(change),
                    "arrangement": arrangement.id,
                    "kind": arrangement.kind.value,
                    "start": arrangement.period.start,
                    **(
                        {}
                        if end is None
                        else {"end": end, "last_day": end - dt.timedelta(days=1)}
                    ),
                },
            )


PROPOSED_LAW = Rule(
    code="SPC-LEGAL-004",
    title="Under a bill, arrangements its changes would reach cannot be judged",
    source=(src.HEALTH_BILL_2026,),
    explanation="Only under a policy whose status is 'bill' (proposed law, such as "
    "the Health Bill 2026 as introduced, which would abolish NHS England). For each "
    "change the bill would make, every arrangement of a kind it affects that is "
    "in force on or after the day the change could take effect is reported as a "
    "warning: the bill does not say (in what was read) whether such an arrangement "
    "would continue, so the rule says it cannot judge rather than guess. Where the "
    "bill fixes no day, the change's 'not_before' (the earliest day it could take "
    "effect, as read) is used. Under the law this rule finds nothing.",
    family="legal",
    check=_proposed_law,
)

RULES = (LAWFUL_KIND, WHOLESALE, RECEIVER, PROPOSED_LAW)
