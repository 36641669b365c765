"""
Approvals: the route of the era, in order, finished before the start.

Sources: each era's route cites its own sources in the law file
(``approval_routes``): the 2019/20 route (business case, regional team,
national panel, board committee) as HSJ reported NHS England's annex to the
2019/20 planning guidance; the 2023 route (pre-delegation assessment, national
moderation panel, NHS England Board) from NHS England Board papers. A finding
cites the route of its own era.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from speccom_model import _sources as src
from speccom_model.arrangement import ApprovalOutcome, DelegationArrangement
from speccom_model.rules._engine import (
    CONTRACTS_AND_TRANSFERS,
    Context,
    Finding,
    Rule,
    Severity,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from speccom_model.policy import ApprovalRoute

__all__ = ["RULES"]


def _routed(ctx: Context) -> Iterator[tuple[DelegationArrangement, ApprovalRoute]]:
    for arrangement in ctx.arrangements():
        if arrangement.kind in CONTRACTS_AND_TRANSFERS:
            continue
        route = ctx.policy.route_for(arrangement.period.start)
        if route is not None:
            yield arrangement, route


def _in_order(ctx: Context) -> Iterator[Finding]:
    for arrangement, route in _routed(ctx):
        reached = -1  # index of the last stage approved
        for approval in arrangement.approvals:
            stage = approval.stage.value
            if stage not in route.stages:
                yield ROUTE.finding(
                    arrangement.id,
                    f"{stage} is not a stage of the route for arrangements starting "
                    f"from {route.applies_from} ({' → '.join(route.stages)})",
                    source=route.source,
                    data={
                        "arrangement": arrangement.id,
                        "stage": stage,
                        "applies_from": route.applies_from,
                        "stages": tuple(route.stages),
                    },
                )
                continue
            position = route.stages.index(stage)
            if position > reached + 1:
                skipped = route.stages[reached + 1]
                yield ROUTE.finding(
                    arrangement.id,
                    f"{stage} decided on {approval.decided_on} before {skipped} had "
                    f"approved: the route is {' → '.join(route.stages)}",
                    source=route.source,
                    data={
                        "arrangement": arrangement.id,
                        "stage": stage,
                        "date": approval.decided_on,
                        "skipped": skipped,
                        "stages": tuple(route.stages),
                    },
                )
            if approval.outcome is ApprovalOutcome.REJECTED:
                yield ROUTE.finding(
                    arrangement.id,
                    f"{stage} rejected {arrangement.id} on {approval.decided_on}",
                    source=route.source,
                    data={
                        "arrangement": arrangement.id,
                        "stage": stage,
                        "date": approval.decided_on,
                    },
                )
            elif approval.outcome is ApprovalOutcome.APPROVED:
                reached = max(reached, position)


def _dates(ctx: Context) -> Iterator[Finding]:
    for arrangement, _route in _routed(ctx):
        approvals = arrangement.approvals
        for earlier, later in itertools.pairwise(approvals):
            if later.decided_on < earlier.decided_on:
                yield DATES.finding(
                    arrangement.id,
                    f"{later.stage} is dated {later.decided_on}, before the "
                    f"{earlier.stage} decision it follows ({earlier.decided_on})",
                    source=_route.source,
                    data={
                        "arrangement": arrangement.id,
                        "stage": later.stage.value,
                        "date": later.decided_on,
                        "previous_stage": earlier.stage.value,
                        "previous_date": earlier.decided_on,
                    },
                )


def _before_start(ctx: Context) -> Iterator[Finding]:
    for arrangement, route in _routed(ctx):
        start = arrangement.period.start
        final = arrangement.final_approval(route.stages)
        if final is not None:
            if final.decided_on >= start:
                yield BEFORE_START.finding(
                    arrangement.id,
                    f"final approval ({final.stage}) came on {final.decided_on}, not "
                    f"before {arrangement.id} starts on {start}",
                    source=route.source,
                    data={
                        "arrangement": arrangement.id,
                        "stage": final.stage.value,
                        "date": final.decided_on,
                        "start": start,
                    },
                )
            continue
        approved = [
            a.stage.value
            for a in arrangement.approvals
            if a.outcome is ApprovalOutcome.APPROVED
        ]
        pending = [s for s in route.stages if s not in approved]
        if ctx.on is not None and ctx.on >= start:
            yield BEFORE_START.finding(
                arrangement.id,
                f"{arrangement.id} is in force on {ctx.on} without final approval "
                f"({route.stages[-1]}); still to approve: {', '.join(pending)}",
                source=route.source,
                data={
                    "arrangement": arrangement.id,
                    "date": ctx.on,
                    "stage": route.stages[-1],
                    "pending": tuple(pending),
                    "start": start,
                },
            )
        else:
            yield BEFORE_START.finding(
                arrangement.id,
                f"{arrangement.id} is awaiting {pending[0]}; final approval "
                f"({route.stages[-1]}) is needed before it starts on {start}",
                severity=Severity.WARNING,
                source=route.source,
                data={
                    "arrangement": arrangement.id,
                    "stage": route.stages[-1],
                    "pending": tuple(pending),
                    "start": start,
                },
            )


ROUTE = Rule(
    code="SPC-APPR-001",
    title="Approvals follow the era's route, in order",
    source=(src.HSJ_2019_ANNEX, src.NHSE_BOARD_2023_12),
    explanation="Arrangements starting from 1 April 2019 follow the 2019-20 route: a "
    "business case, the regional specialised commissioning team, a national panel, "
    "then final approval by an NHS England board committee. From 1 April 2023: the "
    "Pre-Delegation Assessment Framework, the National Moderation Panel, then the "
    "NHS England Board. Stages come in that order, none skipped, none from the other "
    "era, and none rejecting. Contracts and wholesale transfers have their own routes.",
    family="approvals",
    check=_in_order,
)
DATES = Rule(
    code="SPC-APPR-002",
    title="Approval dates do not go backwards",
    source=(src.HSJ_2019_ANNEX, src.NHSE_BOARD_2023_12),
    explanation="Each decision follows the one before it, so its date cannot be "
    "earlier.",
    family="approvals",
    check=_dates,
)
BEFORE_START = Rule(
    code="SPC-APPR-003",
    title="Final approval comes before the arrangement starts",
    source=(src.HSJ_2019_ANNEX, src.NHSE_BOARD_2023_12),
    explanation="The last stage of the route must approve the arrangement before its "
    "start date. An arrangement still awaiting a stage is a warning while it has not "
    "started; in force without final approval, or approved on or after its start, it "
    "is an error.",
    family="approvals",
    check=_before_start,
)

RULES = (ROUTE, DATES, BEFORE_START)
