"""
Ministers' rules: only ministers change the prescribed list.

They sign each change, having weighed the statutory factors of the date.

Sources: NHS Act 2006 s.3B(1)(d), s.3B(3)-(4A); SI 2012/2996 Schedule 4.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from speccom_model import _sources as src
from speccom_model.catalogue import MinisterialSignOff, StatutoryFactor
from speccom_model.rules._engine import Context, Finding, Rule

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["RULES"]


def _sign_off(ctx: Context) -> Iterator[Finding]:
    for proposed in ctx.landscape.proposed_changes:
        change = proposed.change
        subject = f"{change.action}:{change.code}"
        if proposed.sign_off is None:
            yield SIGN_OFF.finding(
                subject,
                f"the change to {change.action} service {change.code} from "
                f"{change.effective} has no ministerial sign-off; ministers decide "
                f"what is specialised, NHS England can only ask",
                data={
                    "action": change.action.value,
                    "service": change.code,
                    "effective": change.effective,
                },
            )
            continue
        problem = proposed.sign_off.problem_with(change)
        if problem is not None:
            yield SIGN_OFF.finding(
                subject,
                f"the change to {change.action} service {change.code} from "
                f"{change.effective} is not validly signed: {problem}",
                data={
                    "action": change.action.value,
                    "service": change.code,
                    "effective": change.effective,
                    "date": proposed.sign_off.signed_on,
                    "problem": str(problem),
                },
            )


#: The provision whose factors a sign-off records.
_FACTORS_PROVISION: Final = "s.3B(3)"


def _factor_problem(
    sign_off: MinisterialSignOff, ctx: Context
) -> tuple[str, dict[str, object]] | None:
    required = StatutoryFactor.weighed_on(sign_off.signed_on, ctx.policy)
    if sign_off.factors == required:
        return None
    missing = sorted(required - sign_off.factors, key=list(StatutoryFactor).index)
    extra = sorted(sign_off.factors - required, key=list(StatutoryFactor).index)
    parts = []
    if missing:
        parts.append(
            "missing " + ", ".join(f"{f.paragraph} {f.value}" for f in missing)
        )
    if extra:
        parts.append(
            "records "
            + ", ".join(f"{f.paragraph} {f.value}" for f in extra)
            + " which the law of that date does not ask for"
        )
    count = ctx.policy.factors_on(sign_off.signed_on)
    facts: dict[str, object] = {
        "date": sign_off.signed_on,
        "legal_basis": _FACTORS_PROVISION,
        "factors": count,
        "missing": tuple(f.value for f in missing),
        "extra": tuple(f.value for f in extra),
    }
    return (
        f"signed {sign_off.signed_on}, when {_FACTORS_PROVISION} asked for {count} "
        "factors: " + "; ".join(parts),
        facts,
    )


def _factors(ctx: Context) -> Iterator[Finding]:
    signed = [
        (f"amendment {i + 1}:{a.change.code}", a.change, a.sign_off)
        for i, a in enumerate(ctx.landscape.catalogue.amendments)
    ]
    signed += [
        (f"{p.change.action}:{p.change.code}", p.change, p.sign_off)
        for p in ctx.landscape.proposed_changes
        if p.sign_off is not None
    ]
    for subject, change, sign_off in signed:
        problem = _factor_problem(sign_off, ctx)
        if problem is not None:
            message, facts = problem
            yield FACTORS.finding(
                subject,
                message,
                source=ctx.policy.statutory_factors_source,
                data={
                    "action": change.action.value,
                    "service": change.code,
                    "effective": change.effective,
                    **facts,
                },
            )


SIGN_OFF = Rule(
    code="SPC-MIN-001",
    title="Changes to the prescribed list carry a minister's sign-off",
    source=(src.NHS_ACT_3B_1D, src.SI_2012_2996),
    explanation="Adding, removing or redefining a prescribed specialised service is "
    "a decision for ministers: it needs a sign-off by a minister, dated on or before "
    "the change takes effect. NHS England can ask for a change but cannot sign one.",
    family="ministers",
    check=_sign_off,
)
FACTORS = Rule(
    code="SPC-MIN-002",
    title="A sign-off records the statutory factors of its date",
    source=(src.NHS_ACT_3B_3, src.HCA_2022_NOTES),
    explanation="Before prescribing, ministers must have regard to (a) the number of "
    "people who need the service, (b) its cost, (c) the number of persons able to "
    "provide it, and, before 1 July 2022, (d) the financial implications for CCGs. A "
    "sign-off must record exactly the factors the law asked for on the day it was "
    "signed: four before 1 July 2022, three after.",
    family="ministers",
    check=_factors,
)

RULES = (SIGN_OFF, FACTORS)
