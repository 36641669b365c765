"""
Coverage: one responsible body per service, place and day.

Sources: NHS Act 2006 s.3B and SI 2012/2996 Part 3 (NHS England commissions
what is prescribed); s.13Z and s.65Z5 (what it delegates).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from speccom_model import _sources as src
from speccom_model.arrangement import ArrangementKind
from speccom_model.commissioner import CommissionerKind
from speccom_model.landscape import SuccessionKind
from speccom_model.rules._engine import Context, Finding, Rule, Severity

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

    from speccom_model.arrangement import DelegationArrangement

__all__ = ["RULES"]


def _overlaps(ctx: Context) -> Iterator[Finding]:
    landscape = ctx.landscape
    cells = sorted(
        {(s, p) for a in landscape.arrangements for s in a.services for p in a.places}
    )
    clashes: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for service, place in cells:
        covering = landscape.covering(service, place)
        for i, first in enumerate(covering):
            for second in covering[i + 1 :]:
                shared = first.period.intersection(second.period)
                if shared is None or (
                    ctx.on is not None and not shared.contains(ctx.on)
                ):
                    continue
                clashes.setdefault((first.id, second.id), []).append((service, place))
    for (first_id, second_id), clashing in sorted(clashes.items()):
        first = landscape.arrangement(first_id)
        second = landscape.arrangement(second_id)
        shared = first.period.intersection(second.period)
        assert shared is not None  # found overlapping above
        services = sorted({s for s, _ in clashing})
        places = sorted({p for _, p in clashing})
        yield ONE_BODY.finding(
            f"{first_id}+{second_id}",
            f"{first_id} ({first.receiver}) and {second_id} ({second.receiver}) are "
            f"both responsible for service(s) {_few(services)} in place(s) "
            f"{_few(places)} from {shared.start}",
            data={
                "arrangements": (first_id, second_id),
                "receivers": (first.receiver, second.receiver),
                "services": tuple(services),
                "places": tuple(places),
                "date": shared.start,
            },
        )


def _few(codes: list[str]) -> str:
    if len(codes) <= 5:
        return ", ".join(codes)
    return f"{', '.join(codes[:5])} and {len(codes) - 5} more"


def _successions(ctx: Context) -> Iterator[Finding]:
    for arrangement in ctx.arrangements():
        yield from _passes(ctx, arrangement, arrangement.receiver)


def _passes(
    ctx: Context, arrangement: DelegationArrangement, code: str
) -> Iterator[Finding]:
    landscape = ctx.landscape
    period = arrangement.period
    for succession in landscape.successions_of(code):
        day = succession.effective
        if not period.contains(day) or (ctx.on is not None and day > ctx.on):
            continue
        if succession.kind is SuccessionKind.CLOSURE:
            yield PASSES.finding(
                arrangement.id,
                f"{code} closes on {day} with no successor: responsibility under "
                f"{arrangement.id} returns to NHS England",
                severity=Severity.WARNING,
                data={
                    "arrangement": arrangement.id,
                    "body": code,
                    "succession": succession.kind.value,
                    "date": day,
                },
            )
            continue
        assert succession.successor is not None
        yield PASSES.finding(
            arrangement.id,
            f"{arrangement.id} passes from {code} to {succession.successor} on {day} "
            f"({succession.kind})",
            severity=Severity.INFO,
            data={
                "arrangement": arrangement.id,
                "body": code,
                "successor": succession.successor,
                "succession": succession.kind.value,
                "date": day,
            },
        )
        yield from _passes(ctx, arrangement, succession.successor)
    yield from _unfollowed(ctx, arrangement, code)


def _unfollowed(
    ctx: Context, arrangement: DelegationArrangement, code: str
) -> Iterator[Finding]:
    """Places of a split body that no successor takes: nobody is known there."""
    landscape = ctx.landscape
    splits: dict[dt.date, list[str]] = {}
    for succession in landscape.successions_of(code):
        if succession.kind is SuccessionKind.SPLIT and succession.successor:
            splits.setdefault(succession.effective, []).append(succession.successor)
    for day, successors in sorted(splits.items()):
        if not arrangement.period.contains(day) or (
            ctx.on is not None and day > ctx.on
        ):
            continue
        left = sorted(
            place
            for place in arrangement.places
            if landscape.body_on(code, day, place=place) is None
        )
        if left:
            yield PASSES.finding(
                f"{arrangement.id}/{day}",
                f"{code} splits on {day} into {', '.join(sorted(successors))}, but "
                f"no membership says which takes place(s) {_few(left)}: from that "
                f"day the plan does not say who holds {arrangement.id} there, and "
                "NHS England is not assumed",
                severity=Severity.WARNING,
                data={
                    "arrangement": arrangement.id,
                    "body": code,
                    "succession": SuccessionKind.SPLIT.value,
                    "successors": tuple(sorted(successors)),
                    "places": tuple(left),
                    "date": day,
                },
            )


ONE_BODY = Rule(
    code="SPC-COV-001",
    title="One responsible body per service, place and day",
    source=(src.NHS_ACT_3B, src.NHS_ACT_13Z, src.NHS_ACT_65Z5, src.SI_2012_2996_PART_3),
    explanation="For each service, place and day exactly one body is responsible: "
    "NHS England for whatever is not delegated, or the receiver of the one "
    "arrangement covering it. Two arrangements covering the same service and place on "
    "the same day are an error.",
    family="coverage",
    check=_overlaps,
)
PASSES = Rule(
    code="SPC-COV-002",
    title="An arrangement passes to its receiver's successor",
    source=(src.HCA_2022,),
    explanation="When the receiving body merges, is renamed or is split, the "
    "arrangement passes to its successor (information); when it closes with no "
    "successor, responsibility returns to NHS England (a warning); when it splits "
    "and no membership says which successor takes a place of the arrangement, the "
    "plan does not say who is responsible there, and nobody is assumed (a warning).",
    family="coverage",
    check=_successions,
)


def _own_places(ctx: Context) -> Iterator[Finding]:
    landscape = ctx.landscape
    for arrangement in ctx.arrangements():
        if arrangement.kind not in _FOOTPRINTED:
            continue
        when = ctx.when(arrangement)
        receiver = landscape.body_on(arrangement.receiver, when)
        if (
            receiver is None
            or receiver.kind_on(when) is not _RECEIVERS[arrangement.kind]
        ):
            continue  # SPC-LEGAL-003 reports a receiver of the wrong kind or none
        if arrangement.kind is ArrangementKind.JOINT_COMMITTEE:
            owners = {
                body.code
                for body in (landscape.body_on(m, when) for m in receiver.members)
                if body is not None and body.kind_on(when) is CommissionerKind.ICB
            }
            whose = f"joint committee {receiver.code}'s member ICBs"
            if owners:
                whose += f" ({', '.join(sorted(owners))})"
        else:
            owners = {receiver.code}
            whose = receiver.code
        outside = []
        places, holders = [], set()
        for place in sorted(arrangement.places):
            owner = landscape.commissioner_of(place, when)
            if owner is None or owner.code not in owners:
                holder = "nobody" if owner is None else owner.code
                outside.append(f"{place} ({holder})")
                places.append(place)
                if owner is not None:
                    holders.add(owner.code)
        if outside:
            yield OWN_PLACES.finding(
                arrangement.id,
                f"{arrangement.id} ({arrangement.kind}) covers {len(outside)} "
                f"place(s) that do not belong to {whose} on {when}: {_few(outside)}",
                data={
                    "arrangement": arrangement.id,
                    "kind": arrangement.kind.value,
                    "receiver": receiver.code,
                    **(
                        {"members": tuple(sorted(owners))}
                        if arrangement.kind is ArrangementKind.JOINT_COMMITTEE
                        else {}
                    ),
                    "date": when,
                    "places": tuple(places),
                    "count": len(places),
                    "owners": tuple(sorted(holders)),
                },
            )


_RECEIVERS = {
    ArrangementKind.ICB_DELEGATION: CommissionerKind.ICB,
    ArrangementKind.JOINT_COMMITTEE: CommissionerKind.JOINT_COMMITTEE,
}
_FOOTPRINTED = frozenset(_RECEIVERS)

OWN_PLACES = Rule(
    code="SPC-COV-003",
    title="An ICB delegation or joint committee covers only its ICBs' own places",
    source=(src.NHS_ACT_65Z5, src.SI_2022_642, src.NHSE_DELEGATION_GUIDANCE),
    explanation="Under s.65Z5 NHS England may arrange for an ICB to exercise its "
    "functions, or exercise them jointly with ICBs. The model holds that such an "
    "arrangement covers the area of the ICBs that exercise it (ICBs commissioning "
    "together do so through a joint committee, whose member ICBs all count): "
    "each place an icb-delegation covers must belong to "
    "the receiving ICB, and each place a joint-committee arrangement covers to one "
    "of the committee's member ICBs, on the arrangement's date (following "
    "successions). A place that belongs to another body, or to none, is an error.",
    family="coverage",
    check=_own_places,
)

RULES = (ONE_BODY, PASSES, OWN_PLACES)
