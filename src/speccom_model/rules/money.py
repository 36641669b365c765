"""
Money follows responsibility: no service moves without its baseline budget.

Source: NHS Clinical Commissioners (HSJ, 2014): "We need the resources to shift
with the responsibility… What would be wrong was if CCGs are handed the bits
that are too hard."
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from speccom_model import _sources as src
from speccom_model.rules._engine import Context, Finding, Rule
from speccom_model.units import Money, _sum_money, format_money

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["RULES"]


def _follows(ctx: Context) -> Iterator[Finding]:
    landscape = ctx.landscape
    for arrangement in ctx.arrangements():
        years = arrangement.period.financial_years()
        for year in ctx.years():
            in_period = year in years or (
                arrangement.period.end is None and year > years[0]
            )
            if not in_period:
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
                )


FOLLOWS = Rule(
    code="SPC-MONEY-001",
    title="Money follows responsibility",
    source=(src.HSJ_2014_COCOMMISSIONING,),
    explanation="For every year an arrangement runs, the money moved with it must be "
    "at least the baseline budget of its services for its footprint (the baselines of "
    "each service in each of its places). Less is an unfunded transfer: handing over "
    "'the bits that are too hard' without the means to commission them. Years with no "
    "baseline recorded are not checked.",
    family="money",
    check=_follows,
)

RULES = (FOLLOWS,)
