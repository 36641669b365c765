"""
Specifications: a delegated service keeps its national specification.

Source: NHS England national service specifications; Specialised Healthcare
Alliance (HSJ, 2014): otherwise "we would quite quickly revert to … a patchwork
quilt of provision".
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from speccom_model import _sources as src
from speccom_model.catalogue import manual_number_order
from speccom_model.rules._engine import Context, Finding, Rule, unjudged

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["RULES"]


def _national(ctx: Context) -> Iterator[Finding]:
    unknown: dict[str, list[str]] = defaultdict(list)
    for arrangement in ctx.arrangements():
        if not arrangement.kind.is_delegation:
            continue
        for code in sorted(arrangement.services):
            national = ctx.landscape.service(code).specification
            local = arrangement.specifications.get(code)
            if national is None:
                unknown[code].append(arrangement.id)
            elif local is not None and local != national.reference:
                yield NATIONAL.finding(
                    f"{arrangement.id}/{code}",
                    f"{arrangement.id} commissions service {ctx.service_label(code)} to "
                    f"{local!r} instead of its national specification "
                    f"{national.reference!r}",
                    data={
                        "arrangement": arrangement.id,
                        "service": code,
                        "specification": local,
                        "national_specification": national.reference,
                    },
                )
    for code in sorted(unknown, key=manual_number_order):
        yield unjudged(
            NATIONAL,
            code,
            ctx.service_label(code),
            unknown[code],
            "whether it is commissioned to its national specification",
            "no national specification recorded",
        )


NATIONAL = Rule(
    code="SPC-SPEC-001",
    title="A delegated service keeps its national specification",
    source=(src.NHSE_SPEC_SERVICES, src.HSJ_2014_COCOMMISSIONING),
    explanation="National service specifications, written by clinicians, end the "
    "'postcode lottery'. A delegated service must be commissioned to its national "
    "specification: naming another is an error (a 'patchwork quilt of provision'); a "
    "service with no national specification recorded cannot be judged: one warning "
    "per such service says so, naming the arrangements it holds back.",
    family="specifications",
    check=_national,
)

RULES = (NATIONAL,)
