"""
Statutory bodies: who can hold money, who only advises, who can lead.

Sources: Health and Social Care Act 2012; Health and Care Act 2022; NHS
England's annex to the 2019/20 planning guidance as HSJ reported it (STPs and
ICSs take "an advisory role"); NHS Digital's Organisation Data Service codes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from speccom_model import _sources as src
from speccom_model.arrangement import ArrangementKind, MoneyHolder
from speccom_model.commissioner import Commissioner, CommissionerKind
from speccom_model.rules._engine import Context, Finding, Rule, Severity
from speccom_model.units import format_money

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

    from speccom_model.arrangement import DelegationArrangement
    from speccom_model.periods import FinancialYear, Period

__all__ = ["RULES"]

_LEADS = frozenset({ArrangementKind.LEAD_PROVIDER, ArrangementKind.ALLIANCE_CONTRACT})


def _money_holder(ctx: Context, body: Commissioner) -> Commissioner:
    """Who holds the money for ``body``: a collaborative's lead provider."""
    if body.kind is CommissionerKind.PROVIDER_COLLABORATIVE and body.lead is not None:
        return ctx.landscape.commissioner(body.lead)
    return body


def _holds_in_year(body: Commissioner, year: FinancialYear, ctx: Context) -> bool:
    """Whether the body could hold a budget on at least one day of ``year``."""
    days = {year.start, body.lifetime.start}
    # Each version of the body has its kind's window: a day in each is tried.
    days.update(version.until for version in body.former)
    for kind in {body.kind, *(version.kind for version in body.former)}:
        window = ctx.policy.budget_windows.get(kind)
        if window is not None and window.start is not None:
            days.add(window.start)
    if ctx.on is not None and ctx.on in year:
        days = {ctx.on}
    return any(d in year and body.can_hold_budget(d, ctx.policy) for d in days)


def _kinds_during(body: Commissioner, period: Period) -> set[CommissionerKind]:
    """The kinds ``body`` had on some day of ``period`` (its nearest outside it)."""
    days = [period.start]
    days += [v.until for v in body.former if period.contains(v.until)]
    return {body.kind_on(day) for day in days}


def _can_hold(ctx: Context) -> Iterator[Finding]:
    landscape = ctx.landscape
    for arrangement in ctx.arrangements():
        if arrangement.kind.money_holder is not MoneyHolder.RECEIVER:
            continue
        if not arrangement.total_transferred:
            continue
        when = ctx.when(arrangement)
        body = landscape.body_on(arrangement.receiver, when)
        if body is None:
            continue  # SPC-LEGAL-003 reports a receiver that does not exist
        holder = _money_holder(ctx, body)
        if not holder.can_hold_budget(when, ctx.policy):
            yield CAN_HOLD.finding(
                arrangement.id,
                f"{arrangement.id} pays {format_money(arrangement.total_transferred)} "
                f"to {holder.code} ({holder.kind_on(when).label}), which cannot hold "
                "a budget "
                f"on {when}",
                data={
                    "arrangement": arrangement.id,
                    "amount": arrangement.total_transferred,
                    "body": holder.code,
                    "body_kind": holder.kind_on(when).value,
                    "date": when,
                },
            )
    for budget in sorted(landscape.budgets, key=lambda b: (b.holder, b.year)):
        if ctx.on is not None and ctx.on not in budget.year:
            continue
        holder = landscape.commissioner(budget.holder)
        if not _holds_in_year(holder, budget.year, ctx):
            yield CAN_HOLD.finding(
                f"{budget.holder}/{budget.year}",
                f"{holder.code} ({holder.kind_on(budget.year.end).label}) holds "
                f"{format_money(budget.allocation)} in {budget.year} but cannot hold a "
                f"budget then",
                data={
                    "body": holder.code,
                    "body_kind": holder.kind_on(budget.year.end).value,
                    "amount": budget.allocation,
                    "year": budget.year,
                },
            )


def _advisory(ctx: Context) -> Iterator[Finding]:
    landscape = ctx.landscape
    for board in sorted(landscape.planning_boards, key=lambda b: b.code):
        for code in sorted(board.decision_makers | {board.led_by}):
            body = landscape.commissioner(code)
            if CommissionerKind.STP in _kinds_during(body, board.period):
                role = "leads" if code == board.led_by else "decides on"
                yield ADVISORY.finding(
                    f"{board.code}/{code}",
                    f"{code} is an STP / ICS partnership and {role} planning board "
                    f"{board.code}; STPs and ICSs take an advisory role only",
                    data={
                        "body": code,
                        "body_kind": CommissionerKind.STP.value,
                        "board": board.code,
                    },
                )
        led_by = landscape.commissioner(board.led_by)
        others = _kinds_during(led_by, board.period) - {
            CommissionerKind.NHS_ENGLAND,
            CommissionerKind.REGION,
        }
        if others:
            yield ADVISORY.finding(
                f"{board.code}/{board.led_by}",
                f"planning board {board.code} is led by {led_by.code} "
                f"({min(others).label}); the boards are NHS England-led",
                data={
                    "board": board.code,
                    "body": led_by.code,
                    "body_kind": min(others).value,
                },
            )
    for arrangement in ctx.arrangements():
        when = ctx.when(arrangement)
        receiver = landscape.body_on(arrangement.receiver, when)
        if receiver is not None and receiver.kind_on(when) is CommissionerKind.STP:
            yield ADVISORY.finding(
                arrangement.id,
                f"{arrangement.id} gives {arrangement.kind} to {receiver.code}, an STP / "
                f"ICS partnership: partnerships advise, they do not commission",
                data={
                    "arrangement": arrangement.id,
                    "kind": arrangement.kind.value,
                    "receiver": receiver.code,
                    "body": receiver.code,
                    "body_kind": CommissionerKind.STP.value,
                },
            )


def _nhs_lead(ctx: Context) -> Iterator[Finding]:
    landscape = ctx.landscape
    for arrangement in ctx.arrangements():
        if arrangement.kind not in _LEADS:
            continue
        when = ctx.when(arrangement)
        body = landscape.body_on(arrangement.receiver, when)
        if body is None:
            continue
        lead = _money_holder(ctx, body)
        lead_kind = lead.kind_on(when)
        if lead_kind is not CommissionerKind.NHS_TRUST:
            what = (
                f"{body.code} has no NHS lead provider"
                if body.kind is CommissionerKind.PROVIDER_COLLABORATIVE and body is lead
                else f"its lead {lead.code} is {lead_kind.label}, not an NHS body"
            )
            yield NHS_LEAD.finding(
                arrangement.id,
                f"{arrangement.id} is a {arrangement.kind} arrangement, but {what}",
                data={
                    "arrangement": arrangement.id,
                    "kind": arrangement.kind.value,
                    "receiver": body.code,
                    "body": lead.code,
                    "body_kind": lead_kind.value,
                },
            )


def _shapes(ctx: Context) -> Iterator[Finding]:
    for body in sorted(ctx.landscape.commissioners, key=lambda b: b.code):
        if not body.matches_documented_shape():
            yield SHAPES.finding(
                body.code,
                f"{body.code} does not have the documented ODS shape of "
                f"{body.kind.label} ({body.kind.documented_shape}); this is allowed, "
                f"but worth a check",
                severity=Severity.INFO,
                data={
                    "body": body.code,
                    "body_kind": body.kind.value,
                    "shape": body.kind.documented_shape,
                },
            )


CAN_HOLD = Rule(
    code="SPC-BODY-001",
    title="Only bodies that can hold a budget on the date receive money",
    source=(src.HSCA_2012, src.HCA_2022, src.NHSE_PROVIDER_COLLABORATIVES),
    explanation="Money may go only to a body able to hold a budget on the date: NHS "
    "England; CCGs until 30 June 2022; ICBs from 1 July 2022; an NHS trust as lead "
    "provider under contract; a combined authority under devolved arrangements. "
    "Regions, STPs and ICS partnerships, joint committees and provider collaboratives "
    "(whose lead provider holds the money) cannot. Checked for every arrangement "
    "whose receiver holds the money, and every budget.",
    family="bodies",
    check=_can_hold,
)
ADVISORY = Rule(
    code="SPC-BODY-002",
    title="STPs and ICS partnerships only advise",
    source=(src.HSJ_2019_ANNEX,),
    explanation="STPs and ICS partnerships are partnerships, not statutory "
    "commissioners: they advise on NHS England-led planning boards, but do not lead "
    "or decide on them, and receive no arrangement.",
    family="bodies",
    check=_advisory,
)
NHS_LEAD = Rule(
    code="SPC-BODY-003",
    title="A lead provider must be an NHS body",
    source=(src.NHSE_PROVIDER_COLLABORATIVES,),
    explanation="Under a lead-provider or alliance contract, the lead provider, which "
    "holds the budget, must be an NHS trust or foundation trust; a provider "
    "collaborative must have one as its lead.",
    family="bodies",
    check=_nhs_lead,
)

SHAPES = Rule(
    code="SPC-BODY-004",
    title="Codes have their kind's documented ODS shape",
    source=(src.ODS_CODES,),
    explanation="Each kind of body has a documented code shape (CCGs three "
    "alphanumerics, ICBs Q and two, trusts R or T and two). Since the ANANA change "
    "new codes are five alternating letters and digits whatever the kind, so a "
    "mismatch is information to check, never an error.",
    family="bodies",
    check=_shapes,
)


def _joint_committees(
    ctx: Context,
) -> Iterator[tuple[DelegationArrangement, Commissioner, dt.date]]:
    """Each arrangement received by a joint committee, with the body and its date."""
    for arrangement in ctx.arrangements():
        when = ctx.when(arrangement)
        body = ctx.landscape.body_on(arrangement.receiver, when)
        if body is not None and body.kind_on(when) is CommissionerKind.JOINT_COMMITTEE:
            yield arrangement, body, when


def _jc_members(ctx: Context) -> Iterator[Finding]:
    landscape = ctx.landscape
    for arrangement, committee, when in _joint_committees(ctx):
        kinds: set[CommissionerKind] = set()
        for code in committee.members:
            member = landscape.body_on(code, when)
            if member is not None:
                kinds.add(member.kind_on(when))
        has_nhse = CommissionerKind.NHS_ENGLAND in kinds
        has_icb = CommissionerKind.ICB in kinds
        if not has_nhse and not has_icb:
            lacking = "include neither NHS England nor an ICB"
        elif not has_nhse:
            lacking = "do not include NHS England"
        elif not has_icb:
            lacking = "include no ICB"
        else:
            continue
        members = ", ".join(sorted(committee.members)) or "none"
        yield JC_MEMBERS.finding(
            arrangement.id,
            f"{arrangement.id} goes to joint committee {committee.code}, whose "
            f"members on {when} ({members}) {lacking}",
            data={
                "arrangement": arrangement.id,
                "committee": committee.code,
                "date": when,
                "members": tuple(sorted(committee.members)),
            },
        )


def _jc_money(ctx: Context) -> Iterator[Finding]:
    for arrangement, committee, _ in _joint_committees(ctx):
        if arrangement.kind.money_holder is MoneyHolder.RECEIVER:
            continue  # SPC-BODY-001 reports money to a body that cannot hold it
        if not arrangement.total_transferred:
            continue
        moved = [
            (year, amount)
            for year, amount in sorted(arrangement.budget_transferred.items())
            if amount
        ]
        years = ", ".join(f"{format_money(amount)} in {year}" for year, amount in moved)
        yield JC_MONEY.finding(
            arrangement.id,
            f"{arrangement.id} moves {years} to joint committee {committee.code}; "
            "under a joint committee NHS England keeps the money",
            data={
                "arrangement": arrangement.id,
                "committee": committee.code,
                "amount": arrangement.total_transferred,
                "years": tuple(str(year) for year, amount in moved),
                **({"year": moved[0][0]} if len(moved) == 1 else {}),
            },
        )


JC_MEMBERS = Rule(
    code="SPC-BODY-005",
    title="A joint committee has NHS England and at least one ICB among its members",
    source=(src.NHS_ACT_65Z5, src.NHSE_BOARD_2023_12, src.NHSE_DELEGATION_GUIDANCE),
    explanation="Under s.65Z5 NHS England may arrange for its functions to be "
    "exercised jointly with ICBs; the specialised-services joint committees of "
    "2023-24 were statutory joint committees formed between ICBs and NHS England "
    "(the NHS England Board's paper of 7 December 2023). A joint committee that "
    "receives an arrangement must count NHS England and at least one ICB among its "
    "members, judged by the members' kinds on the arrangement's date (a member "
    "that has merged counts as its successor).",
    family="bodies",
    check=_jc_members,
)
JC_MONEY = Rule(
    code="SPC-BODY-006",
    title="No budget moves into a joint committee",
    source=(src.NHSE_DELEGATION_GUIDANCE, src.NHS_ACT_65Z5),
    explanation="A joint committee is a committee of its members, not a body that "
    "holds money: under a joint committee NHS England keeps the budget for the "
    "services the committee commissions (the model's money holder for the "
    "joint-committee kind). An arrangement to a joint committee with any "
    "budget_transferred is an error; money a receiver holds is for SPC-BODY-001.",
    family="bodies",
    check=_jc_money,
)

RULES = (CAN_HOLD, ADVISORY, NHS_LEAD, SHAPES, JC_MEMBERS, JC_MONEY)
