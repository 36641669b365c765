"""
Conservation: money is neither created nor lost.

Sources: NHS England's specialised services page and the NAO's 2016 report
(the specialised budget); HSJ (2014): NHS England's first year of commissioning
specialised services "ended with a £377m overspend"; the written answer of May
2024 (£5.3bn delegated to ICBs for 2024-25), the delegated share the money
moved is reconciled against.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from speccom_model import _sources as src
from speccom_model.rules._engine import Context, Finding, Rule, Severity
from speccom_model.summary import RetainedBasis, summarise
from speccom_model.units import Money, _percent, format_money

if TYPE_CHECKING:
    from collections.abc import Iterator

    from speccom_model.periods import FinancialYear
    from speccom_model.summary import DelegatedShare

__all__ = ["RULES"]


def _share_words(share: DelegatedShare) -> str:
    """The delegated share as a finding gives it: amount, precision, source."""
    figure = share.figure
    rounded = (
        ""
        if figure.precision is None
        else f", to the nearest {format_money(figure.precision)}"
    )
    return f"{format_money(figure.amount, exact=True)} ({figure.source}{rounded})"


def _share_facts(share: DelegatedShare) -> dict[str, object]:
    """The delegated share's figure, source and precision, as facts."""
    figure = share.figure
    facts: dict[str, object] = {
        "expected": figure.amount,
        "figure_source": figure.source,
    }
    if figure.precision is not None:
        facts["precision"] = figure.precision
    return facts


def _share(year: FinancialYear, share: DelegatedShare) -> Iterator[Finding]:
    # A rounded, cited figure (a precision) is evidence, not an account: its
    # source may count what moved differently, so a gap beyond its rounding is
    # a warning to look at. An exact figure is an account: a gap is money
    # created or lost, an error, as against the allocation.
    if share.matched:
        return
    gap = share.difference
    what = "more moved than" if gap.pounds > 0 else "less moved than"
    allowed = (
        ""
        if share.figure.precision is None
        else f", beyond the {format_money(share.tolerance, exact=True)} its rounding "
        "allows"
    )
    yield BALANCE.finding(
        str(year),
        f"the money moved in {year} (receivers' budgets under money-moving "
        f"arrangements) is {format_money(share.moved, exact=True)}, but the "
        f"delegated share is {_share_words(share)}: "
        f"{format_money(abs(gap), exact=True)} {what} the source says{allowed}",
        severity=Severity.ERROR if share.figure.precision is None else Severity.WARNING,
        data={
            "year": year,
            "actual": share.moved,
            **_share_facts(share),
            "difference": gap,
            **(
                {} if share.figure.precision is None else {"tolerance": share.tolerance}
            ),
        },
    )


def _balance(ctx: Context) -> Iterator[Finding]:
    landscape = ctx.landscape
    with_money = set(landscape.years())
    for year in ctx.years():
        if year not in with_money:
            continue  # no money recorded for the year: nothing to reconcile
        (money,) = summarise(landscape, year)
        share = money.delegated_share
        if share is not None:
            yield from _share(year, share)
        allocation = landscape.allocation(year)
        if allocation is None:
            others = ", ".join(
                f"{f.kind.value} {format_money(f.amount)}"
                for f in money.figures
                if share is None or f is not share.figure
            )
            # Still a warning when the delegated share matches: that checks
            # only the money that moved; what NHS England retains, and so the
            # national identity, is unknown without a national allocation.
            matched = (
                ""
                if share is None or not share.matched
                else "; only the money moved is reconciled: it matches the "
                f"delegated share {_share_words(share)}"
            )
            yield BALANCE.finding(
                str(year),
                f"{year} has money recorded (budgets of other bodies "
                f"{format_money(money.delegated, exact=True)}, pooled "
                f"{format_money(money.pooled, exact=True)}) but no national "
                "allocation: it cannot be reconciled, and what NHS England "
                "retains is unknown"
                + (f" (figures of other kinds: {others})" if others else "")
                + matched,
                severity=Severity.WARNING,
                data={
                    "year": year,
                    "delegated": money.delegated,
                    "pooled": money.pooled,
                    **(
                        _share_facts(share)
                        if share is not None and share.matched
                        else {}
                    ),
                },
            )
            continue
        gap = money.unaccounted
        if gap:
            what = "unaccounted for" if gap.pounds > 0 else "more than allocated"
            retained = money.retained if money.retained is not None else Money.zero()
            held = retained + money.delegated + money.pooled
            basis = (
                " (by difference)"
                if money.retained_basis is RetainedBasis.BY_DIFFERENCE
                else ""
            )
            yield BALANCE.finding(
                str(year),
                f"the national allocation for {year} is "
                f"{format_money(allocation.amount, exact=True)}, but retained"
                f"{basis} {format_money(retained, exact=True)} + delegated "
                f"{format_money(money.delegated, exact=True)} + pooled "
                f"{format_money(money.pooled, exact=True)} = "
                f"{format_money(held, exact=True)}: "
                f"{format_money(abs(gap), exact=True)} {what} (allocation: "
                f"{allocation.source})",
                data={
                    "year": year,
                    "expected": allocation.amount,
                    "retained": retained,
                    "delegated": money.delegated,
                    "pooled": money.pooled,
                    "actual": held,
                    "difference": held - allocation.amount,
                    "figure_source": allocation.source,
                },
            )


def _variances(ctx: Context, rule: Rule, overspent: bool) -> Iterator[Finding]:
    # Judged over the lines that have an outturn (Budget.variance): a line
    # still without one, the normal state in the middle of a year, neither
    # hides the others nor counts as spent; the message says how many lines.
    years = set(ctx.years())
    for budget in sorted(ctx.landscape.budgets, key=lambda b: (b.year, b.holder)):
        variance = budget.variance
        if budget.year not in years or variance is None or not variance:
            continue
        if (variance.pounds > 0) != overspent:
            continue
        notes = []
        facts: dict[str, object] = {
            "body": budget.holder,
            "year": budget.year,
            "expected": budget.reported_allocation,
            "difference": variance,
        }
        if budget.outturn is not None:
            facts["actual"] = budget.outturn
        reported = budget.reported_allocation
        if reported:
            # copy_abs, not abs(): abs() rounds in the caller's decimal context.
            ratio = (variance / reported).copy_abs()
            notes.append(f"{_percent(ratio)} of {format_money(reported)}")
        if budget.outturn_lines < len(budget.lines):
            notes.append(
                f"outturn for {budget.outturn_lines} of {len(budget.lines)} lines"
            )
            facts["lines_with_outturn"] = budget.outturn_lines
            facts["lines"] = len(budget.lines)
        share = f" ({'; '.join(notes)})" if notes else ""
        verb = "overspent" if overspent else "underspent"
        yield rule.finding(
            f"{budget.holder}/{budget.year}",
            f"{budget.holder} {verb} by {format_money(abs(variance))} in "
            f"{budget.year}{share}",
            severity=Severity.WARNING if overspent else Severity.INFO,
            data=facts,
        )


def _overspend(ctx: Context) -> Iterator[Finding]:
    return _variances(ctx, OVERSPEND, overspent=True)


def _underspend(ctx: Context) -> Iterator[Finding]:
    return _variances(ctx, UNDERSPEND, overspent=False)


BALANCE = Rule(
    code="SPC-CONS-001",
    title="National allocation = retained + delegated + pooled",
    source=(src.NHSE_SPEC_SERVICES, src.NAO_2016, src.WRITTEN_ANSWER_2024_05_HCD),
    explanation="Per year, the national specialised allocation must equal the money "
    "NHS England retains, plus the budgets held by other bodies, plus NHS England's "
    "contributions to pooled budgets, to the penny. A difference is money created or "
    "lost. When NHS England records no budget for a year, what it retains is the "
    "allocation by difference (never below zero). Only a figure of kind "
    "'allocation' is reconciled so. Where a year records the share delegated to "
    "receivers that hold the money (a figure of kind 'delegated', as a source gives "
    "it), the money moved (receivers' budgets under money-moving arrangements) must "
    "equal it: a rounded figure matches a sum within half its stated precision "
    "('£5.3bn' is to the £100m: £5.25bn to £5.35bn, both included), and a gap "
    "beyond that is a warning, since a source may count differently; an exact "
    "figure matches to the penny, and a gap is an error. A year with money "
    "recorded but no allocation cannot be reconciled: one warning says so, and "
    "says whether the money moved matches the delegated share.",
    family="conservation",
    check=_balance,
)
OVERSPEND = Rule(
    code="SPC-CONS-002",
    title="Overspends are reported per body and year",
    source=(src.HSJ_2014_COCOMMISSIONING, src.NAO_2016),
    explanation="Where a budget's outturn exceeds its allocation, the overspend is "
    "reported with its share of the allocation (a warning), as NHS England's £377m "
    "(2.9%) in 2013-14 was. Only the lines that have an outturn are judged, against "
    'their own allocation; while some lines have none, the finding says "outturn '
    'for N of M lines".',
    family="conservation",
    check=_overspend,
)


UNDERSPEND = Rule(
    code="SPC-CONS-003",
    title="Underspends are reported per body and year",
    source=(src.NHSE_SPEC_SERVICES, src.NAO_2016),
    explanation="Where a budget's outturn is below its allocation, the underspend is "
    "reported with its share of the allocation (information). Only the lines that "
    "have an outturn are judged, against their own allocation; while some lines "
    'have none, the finding says "outturn for N of M lines".',
    family="conservation",
    check=_underspend,
)

RULES = (BALANCE, OVERSPEND, UNDERSPEND)
