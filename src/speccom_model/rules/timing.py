"""
Timing: delegations start on 1 April; ending one needs notice by 30 September.

Sources: the policy's ``timing_source`` in the law file (NHS England's
statutory guidance on delegation; the delegation agreement itself was not found
in a public copy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from speccom_model import _sources as src
from speccom_model.rules._engine import CONTRACTS_AND_TRANSFERS, Context, Finding, Rule

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["RULES"]


def _first_april(ctx: Context) -> Iterator[Finding]:
    starts = ctx.policy.delegation_start
    for arrangement in ctx.arrangements():
        if arrangement.kind in CONTRACTS_AND_TRANSFERS:
            continue
        period = arrangement.period
        if not starts.matches(period.start):
            yield FIRST_APRIL.finding(
                arrangement.id,
                f"{arrangement.id} starts on {period.start}; delegations start on "
                f"{starts} (next: {ctx.policy.next_delegation_start(period.start)})",
                source=ctx.policy.timing_source,
                data={
                    "arrangement": arrangement.id,
                    "start": period.start,
                    "next_start": ctx.policy.next_delegation_start(period.start),
                    "day_of_year": str(starts),
                },
            )
        if period.end is not None and not starts.matches(period.end):
            yield FIRST_APRIL.finding(
                arrangement.id,
                f"{arrangement.id} ends on {period.end}; delegations end at "
                f"{starts} (next: {ctx.policy.next_delegation_start(period.end)})",
                source=ctx.policy.timing_source,
                data={
                    "arrangement": arrangement.id,
                    "end": period.end,
                    "next_start": ctx.policy.next_delegation_start(period.end),
                    "day_of_year": str(starts),
                },
            )


def _notice(ctx: Context) -> Iterator[Finding]:
    for arrangement in ctx.arrangements():
        if arrangement.kind in CONTRACTS_AND_TRANSFERS:
            continue
        end = arrangement.period.end
        if end is None:
            continue
        due = ctx.policy.notice_due(end)
        notice = arrangement.notice_given
        if notice is None:
            yield NOTICE.finding(
                arrangement.id,
                f"{arrangement.id} ends on {end} with no notice recorded; notice was "
                f"due by {due}",
                source=ctx.policy.timing_source,
                data={"arrangement": arrangement.id, "end": end, "due": due},
            )
        elif notice > due:
            yield NOTICE.finding(
                arrangement.id,
                f"notice to end {arrangement.id} on {end} was given on {notice}, after "
                f"it fell due on {due}",
                source=ctx.policy.timing_source,
                data={
                    "arrangement": arrangement.id,
                    "end": end,
                    "notice": notice,
                    "due": due,
                },
            )


FIRST_APRIL = Rule(
    code="SPC-TIME-001",
    title="Delegations start and end on 1 April",
    source=(src.NHSE_DELEGATION_GUIDANCE, src.NHSE_BOARD_2023_12),
    explanation="A delegation runs in whole financial years under a signed "
    "delegation agreement: it starts on 1 April, and if it ends, it ends on a 1 April "
    "(the policy's delegation start day). Contracts and wholesale transfers are not "
    "delegations.",
    family="timing",
    check=_first_april,
)
NOTICE = Rule(
    code="SPC-TIME-002",
    title="Ending a delegation needs notice by 30 September",
    source=(src.NHSE_DELEGATION_GUIDANCE,),
    explanation="To end a delegation at a 1 April, notice must be given by the "
    "30 September before it (the policy's notice deadline).",
    family="timing",
    check=_notice,
)

RULES = (FIRST_APRIL, NOTICE)
