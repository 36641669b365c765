"""
Accountability: delegation never moves legal liability.

Source: NHS Act 2006 s.13Z(6): arrangements "do not affect the liability of the
Board"; after 2022 NHS England remains the accountable commissioner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from speccom_model import _sources as src
from speccom_model.arrangement import LegalLiability
from speccom_model.rules._engine import Context, Finding, Rule

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["RULES"]


def _liability(ctx: Context) -> Iterator[Finding]:
    for arrangement in ctx.arrangements():
        claimed = arrangement.liability_claimed
        if claimed is None or claimed is arrangement.legal_liability:
            continue
        if claimed is LegalLiability.RECEIVER:
            message = (
                f"the plan says {arrangement.receiver} becomes legally liable under "
                f"{arrangement.id} ({arrangement.kind}); delegation does not affect "
                f"NHS England's liability, which stays with it as the accountable "
                f"commissioner"
            )
        else:
            message = (
                f"the plan says NHS England stays liable under {arrangement.id}, but a "
                f"wholesale transfer moves liability to {arrangement.receiver}"
            )
        yield LIABILITY.finding(
            arrangement.id,
            message,
            data={
                "arrangement": arrangement.id,
                "kind": arrangement.kind.value,
                "receiver": arrangement.receiver,
            },
        )


LIABILITY = Rule(
    code="SPC-ACC-001",
    title="Legal liability stays with NHS England under every delegated kind",
    source=(src.NHS_ACT_13Z_6, src.NHSE_BOARD_2023_12),
    explanation="Arrangements under s.13Z 'do not affect the liability of the "
    "Board': under every delegated kind (co-commissioning, pooled budgets, joint "
    "appointments, internal delegation, devolved arrangements, lead-provider and "
    "alliance contracts, s.65Z5 delegation, joint committees) NHS England stays the "
    "accountable commissioner. A plan that claims otherwise is wrong.",
    family="accountability",
    check=_liability,
)

RULES = (LIABILITY,)
