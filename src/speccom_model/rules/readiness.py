"""
ICB-era criteria: services suitable and ready for ICB leadership.

From 1 July 2022 NHS England's criterion for what ICBs may lead is no longer a
population figure (the 2019/20 guidance, SPC-POP-001) but a service-by-service
assessment: NHS England's 'Roadmap for integrating specialised services within
integrated care systems' (May 2022, not found in a public copy) set it out,
and the NHS England Board decided which services were "suitable and ready"
(59 in February 2023, for joint committees from April 2023 and delegation from
April 2024; 11 more in December 2024, from April 2025).

Sources: NHS England Board papers of 7 December 2023, 28 March 2024 and
December 2024; NHS England's statement as Joined Up Care Derbyshire published
it. These are board decisions, not law: NHS Act 2006 s.65Z5 lets NHS England
arrange for an ICB to exercise its functions, and no statute or regulation read
limits that to the Board's list, so a finding is a warning, never an error.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Final

from speccom_model import _sources as src
from speccom_model.arrangement import ArrangementKind
from speccom_model.catalogue import manual_number_order
from speccom_model.rules._engine import Context, Finding, Rule, Severity, unjudged

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["RULES"]

#: The kinds that put ICBs in the lead: delegation to one, a joint committee
#: of ICBs and NHS England, or a direction to one (all from 1 July 2022).
ICB_LED: Final = frozenset(
    {
        ArrangementKind.ICB_DELEGATION,
        ArrangementKind.JOINT_COMMITTEE,
        ArrangementKind.ICB_DIRECTION,
    }
)

_NO_DATE: Final = (
    "no date recorded from which NHS England held it suitable and ready for ICB "
    "leadership (the published list of the 59 and the 11 is partial in the shipped "
    "tables); give the service's delegable_from to check it"
)


def _suitable(ctx: Context) -> Iterator[Finding]:
    landscape = ctx.landscape
    unknown: dict[str, list[str]] = defaultdict(list)
    for arrangement in ctx.arrangements():
        if arrangement.kind not in ICB_LED:
            continue
        when = ctx.when(arrangement)
        for code in sorted(arrangement.services, key=manual_number_order):
            service = landscape.service(code)
            if service.highly_specialised:
                continue  # never delegated at all: SPC-POP-003 says so
            since = service.delegable_from
            if since is None:
                unknown[code].append(arrangement.id)
            elif when < since:
                yield SUITABLE.finding(
                    f"{arrangement.id}/{code}",
                    f"{arrangement.id} ({arrangement.kind}) puts "
                    f"{arrangement.receiver} in the lead for service "
                    f"{ctx.service_label(code)} on {when}, but NHS England held it "
                    f"suitable and ready for ICB leadership only from {since} "
                    "(board policy, not law)",
                    severity=Severity.WARNING,
                    data={
                        "arrangement": arrangement.id,
                        "kind": arrangement.kind.value,
                        "receiver": arrangement.receiver,
                        "service": code,
                        "date": when,
                        "suitable_from": since,
                    },
                )
    for code in sorted(unknown, key=manual_number_order):
        yield unjudged(
            SUITABLE,
            code,
            ctx.service_label(code),
            unknown[code],
            "whether it was suitable and ready for ICB leadership",
            _NO_DATE,
        )


SUITABLE = Rule(
    code="SPC-ICB-001",
    title="Board policy: ICBs lead only services NHS England held suitable and "
    "ready for it",
    source=(
        src.DERBYSHIRE_SUITABLE_AND_READY,
        src.NHSE_BOARD_2023_12,
        src.NHSE_BOARD_2024_03,
        src.NHSE_BOARD_2024_12,
    ),
    explanation="From 1 July 2022 (the ICB era) NHS England judged, service by "
    "service, which specialised services were suitable and ready for ICB "
    "leadership, as its May 2022 roadmap set out: the NHS England Board agreed 59 "
    "in February 2023 (joint committees of ICBs and NHS England from 1 April 2023, "
    "full delegation from 1 April 2024 or 2025) and 11 more in December 2024 (from "
    "1 April 2025); the rest, highly specialised services among them, are retained. "
    "An arrangement that puts ICBs in the lead (icb-delegation, joint-committee, "
    "icb-direction) for a service before the day the plan records as its "
    "delegable_from is a warning: the list is board policy, not law (s.65Z5 lets "
    "NHS England arrange for an ICB to exercise its functions, and no statute or "
    "regulation read limits that to the list). A service with no delegable_from "
    "recorded cannot be judged, since the shipped list is partial (the first 20 of "
    "the 59, none of the 11): one warning per such service says so, naming the "
    "arrangements it holds back. Highly specialised services are left to "
    "SPC-POP-003. The ICB side of readiness, the pre-delegation assessment of "
    "each ICB, then the national moderation panel and the Board, is the 2023 "
    "approval route, which SPC-APPR-001 and SPC-APPR-003 check.",
    family="readiness",
    check=_suitable,
)

RULES = (SUITABLE,)
