"""
Money follows responsibility, and only where the kind of arrangement moves it.

* SPC-MONEY-001: no service moves without its baseline budget, under a kind
  whose receiver (or pool) holds the money.
* SPC-MONEY-002: each ``budget_transferred`` matches what the receiver's
  budget holds for the arrangement's services (for a pooled budget, NHS
  England's contribution to the pool).
* SPC-MONEY-003: a money-moving arrangement in force in a year with money
  recorded moves some; a kind under which NHS England keeps the money moves
  none out of it.
* SPC-MONEY-004: money that never moves (high-cost drugs and devices) is in
  no budget but NHS England's.

Sources: NHS Clinical Commissioners (HSJ, 2014): "We need the resources to
shift with the responsibility… What would be wrong was if CCGs are handed the
bits that are too hard."; the kinds' money holders (``ArrangementKind``); the
written answer on the £5.3bn delegated for 2024-25, which "excludes
high-cost drugs and devices spend".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from speccom_model import _sources as src
from speccom_model.arrangement import ArrangementKind
from speccom_model.commissioner import CommissionerKind
from speccom_model.rules._engine import Context, Finding, Rule, Severity
from speccom_model.summary import (
    NEVER_MOVES,
    held_for,
    holds_for,
    lines_for,
    money_moving,
    recorded_by_pool_alone,
    runs_in,
)
from speccom_model.units import Money, _sum_money, format_money

if TYPE_CHECKING:
    from collections.abc import Iterator

    from speccom_model.arrangement import DelegationArrangement
    from speccom_model.landscape import Landscape
    from speccom_model.periods import FinancialYear

__all__ = ["RULES"]


def _follows(ctx: Context) -> Iterator[Finding]:
    landscape = ctx.landscape
    for arrangement in ctx.arrangements():
        if not money_moving(arrangement.kind):
            continue  # NHS England keeps the money: no transfer is owed
        for year in ctx.years():
            if not runs_in(arrangement, year):
                continue
            amounts = [
                landscape.baseline(service, place, year)
                for service in arrangement.services
                for place in arrangement.places
            ]
            known: list[Money] = [a for a in amounts if a is not None]
            if not known:
                continue  # no baseline for this year: the rule cannot apply
            needed = _sum_money(known)
            moved = arrangement.transferred(year)
            if moved < needed:
                services = ", ".join(sorted(arrangement.services))
                yield FOLLOWS.finding(
                    f"{arrangement.id}/{year}",
                    f"{arrangement.id} moves service(s) {services} to "
                    f"{arrangement.receiver} in {year} with {format_money(moved)} "
                    f"against a baseline of {format_money(needed)}: "
                    f"{format_money(needed - moved)} short",
                    data={
                        "arrangement": arrangement.id,
                        "services": tuple(sorted(arrangement.services)),
                        "receiver": arrangement.receiver,
                        "year": year,
                        "actual": moved,
                        "expected": needed,
                        "difference": moved - needed,
                    },
                )


def _judged(ctx: Context, arrangement: DelegationArrangement) -> bool:
    """A money-moving arrangement to a body of a kind its kind accepts."""
    if not money_moving(arrangement.kind):
        return False
    # A receiver of the wrong kind is SPC-LEGAL-003's.
    receiver = ctx.landscape.commissioner(arrangement.receiver)
    return receiver.kind_on(arrangement.period.start) in arrangement.kind.receiver_kinds


def _matches(ctx: Context) -> Iterator[Finding]:
    landscape = ctx.landscape
    for arrangement in ctx.arrangements():
        if not _judged(ctx, arrangement):
            continue
        if recorded_by_pool_alone(arrangement):
            continue
        for year in ctx.years():
            if not runs_in(arrangement, year):
                continue
            moved = arrangement.transferred(year)
            held, where = held_for(landscape, arrangement, year)
            if held == moved:
                continue
            gap = moved - held
            yield MATCHES.finding(
                f"{arrangement.id}/{year}",
                f"{arrangement.id} transfers {format_money(moved, exact=True)} to "
                f"{arrangement.receiver} in {year}, but {where} hold(s) "
                f"{format_money(held, exact=True)}: "
                f"{format_money(abs(gap), exact=True)} "
                f"{'more moved than held' if gap.pounds > 0 else 'more held than moved'}",
                data={
                    "arrangement": arrangement.id,
                    "receiver": arrangement.receiver,
                    "year": year,
                    "actual": moved,
                    "expected": held,
                    "difference": gap,
                    **_held_facts(landscape, arrangement, year, where),
                },
            )


def _held_facts(
    landscape: Landscape,
    arrangement: DelegationArrangement,
    year: FinancialYear,
    where: str,
) -> dict[str, object]:
    """What holds the money, as ``held_for`` says it in words, and as facts."""
    facts: dict[str, object] = {"held_by": where}
    if arrangement.kind is ArrangementKind.POOLED_BUDGET:
        if arrangement.pooled_budget is not None:
            facts["pool"] = arrangement.pooled_budget
        return facts
    budget = holds_for(landscape, arrangement, year)
    if budget is not None:
        facts["body"] = budget.holder
        facts["lines"] = len(lines_for(arrangement, budget))
    return facts


def _kept(landscape: Landscape, code: str) -> bool:
    """Whether ``code`` is NHS England itself or one of its regions."""
    kind = landscape.commissioner(code).kind
    return kind in (CommissionerKind.NHS_ENGLAND, CommissionerKind.REGION)


def _moves(ctx: Context) -> Iterator[Finding]:
    landscape = ctx.landscape
    with_money = set(landscape.years())
    years = ctx.years()
    for arrangement in ctx.arrangements():
        kind = arrangement.kind
        if _judged(ctx, arrangement):
            recorded = [y for y, m in arrangement.budget_transferred.items() if m]
            for year in years:
                if year not in with_money or not runs_in(arrangement, year):
                    continue
                if arrangement.transferred(year) or not recorded:
                    continue
                held, _ = held_for(landscape, arrangement, year)
                if held:
                    continue  # SPC-MONEY-002: held but not moved
                others = ", ".join(str(y) for y in recorded)
                yield MOVES.finding(
                    f"{arrangement.id}/{year}",
                    f"{arrangement.id} ({kind.value}) is in force in {year}, a year "
                    f"with money recorded, but moves no money to "
                    f"{arrangement.receiver} that year (it records money moved in "
                    f"{others})",
                    severity=Severity.WARNING,
                    data={
                        "arrangement": arrangement.id,
                        "kind": kind.value,
                        "receiver": arrangement.receiver,
                        "year": year,
                        "years": tuple(str(y) for y in recorded),
                    },
                )
        elif (
            not money_moving(kind)
            and kind is not ArrangementKind.JOINT_COMMITTEE
            and not _kept(landscape, arrangement.receiver)
        ):
            # A joint committee's money is SPC-BODY-006's.
            for year, moved in arrangement.budget_transferred.items():
                if not moved or year not in set(years):
                    continue
                yield MOVES.finding(
                    f"{arrangement.id}/{year}",
                    f"{arrangement.id} records {format_money(moved, exact=True)} "
                    f"moved to {arrangement.receiver} in {year}, but under "
                    f"{kind.value} NHS England keeps the money: none moves",
                    severity=Severity.WARNING,
                    data={
                        "arrangement": arrangement.id,
                        "kind": kind.value,
                        "receiver": arrangement.receiver,
                        "year": year,
                        "amount": moved,
                    },
                )


def _never_moves(ctx: Context) -> Iterator[Finding]:
    landscape = ctx.landscape
    years = set(ctx.years())
    for budget in sorted(landscape.budgets, key=lambda b: (b.year, b.holder)):
        if budget.year not in years or _kept(landscape, budget.holder):
            continue
        for line in budget.lines:
            if not line.kept_by_nhs_england:
                continue
            where = "" if line.place is None else f" for {line.place}"
            yield NEVER.finding(
                f"{budget.holder}/{budget.year}/{line.service}",
                f"{budget.holder}'s {budget.year} budget holds "
                f"{format_money(line.allocation, exact=True)} of "
                f"{NEVER_MOVES.what} for service {line.service}{where}, money "
                "NHS England keeps: it never moves to another body",
                data={
                    "body": budget.holder,
                    "year": budget.year,
                    "service": line.service,
                    "amount": line.allocation,
                    **({} if line.place is None else {"place": line.place}),
                },
            )


FOLLOWS = Rule(
    code="SPC-MONEY-001",
    title="Money follows responsibility",
    source=(src.HSJ_2014_COCOMMISSIONING,),
    explanation="For every year an arrangement runs, the money moved with it must be "
    "at least the baseline budget of its services for its footprint (the baselines of "
    "each service in each of its places). Less is an unfunded transfer: handing over "
    "'the bits that are too hard' without the means to commission them. Only kinds "
    "whose receiver (or pool) holds the money are judged: under co-commissioning, a "
    "joint committee, a joint appointment or internal delegation NHS England keeps "
    "the money, and no transfer is owed. Years with no baseline recorded are not "
    "checked.",
    family="money",
    check=_follows,
)
MATCHES = Rule(
    code="SPC-MONEY-002",
    title="Money moved matches the receiver's budget",
    source=(src.HSJ_2014_COCOMMISSIONING, src.NHS_ACT_65Z5, src.NHS_ACT_13V),
    explanation="In each year an arrangement whose receiver holds the money runs, "
    "its budget_transferred (£0 if none is recorded) must equal, to the penny, "
    "what the receiver's budget holds for "
    "the arrangement's services (lines for its places, or for no place); a receiver "
    "with no budget of its own is judged by its lead's (a lead provider's trust). "
    "For a pooled budget that records a transfer, it must equal NHS England's "
    "contribution to the pool; one that records none is recorded by its pool's "
    "contributions alone. A "
    "difference is money moved that no budget holds, or held that never moved: the "
    "message gives both amounts and the difference.",
    family="money",
    check=_matches,
)
MOVES = Rule(
    code="SPC-MONEY-003",
    title="Money moves where, and only where, the kind moves it",
    source=(src.HSJ_2014_COCOMMISSIONING, src.NHS_ACT_13Z, src.NHS_ACT_65Z5),
    explanation="An arrangement whose receiver holds the money (ICB delegation, "
    "direction, devolved arrangement, lead provider, alliance contract, pooled "
    "budget, wholesale transfer), that records money moved in some year, and that is "
    "in force in another year with money recorded must move some in that year too "
    "(where the receiver holds money for it that never moved, or a baseline is owed, "
    "SPC-MONEY-002 and SPC-MONEY-001 say so; an arrangement whose money the plan "
    "never records is not judged). An arrangement under which NHS England keeps the "
    "money (co-commissioning, joint appointment, internal delegation) moves none to "
    "another body (a joint committee's money is SPC-BODY-006's). Both are warnings: "
    "the plan's money is incomplete or mislabelled, not unlawful.",
    family="money",
    check=_moves,
)
NEVER = Rule(
    code="SPC-MONEY-004",
    title="High-cost drugs and devices stay with NHS England",
    source=NEVER_MOVES.source,
    explanation="Under ICB delegation NHS England keeps the money for high-cost "
    "drugs and devices (the £5.3bn delegated for 2024-25 'excludes high-cost drugs "
    "and devices spend'). A budget line marked kept_by_nhs_england belongs in NHS "
    "England's budget (or a region's); in any other body's it is an error.",
    family="money",
    check=_never_moves,
)

RULES = (FOLLOWS, MATCHES, MOVES, NEVER)
