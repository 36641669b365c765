"""
JSON dump + load round trip of the England 2019-20 landscape: ours against
pydantic v2 models of the same shape with the same checks.

The pydantic models mirror every class the file holds: the same fields, money
read by the same gbp() and written exactly, years and dates, enums, code
patterns, strict types, frozen instances, and the landscape's reference checks
(every body, service and place an arrangement, budget, baseline or membership
names must exist; codes unique). Needs the bench extra (pydantic).

Three measures: the warm round trip (dump + load, best of many, in this
process); the cold first load: a fresh process imports the reader and reads
the England 2019-20 JSON once (import + first load, interleaved with
pydantic's import of these models and its first validation, best of several
processes); and beside it the warm load of the same file (load alone, best of
many, in this process).
Run: python benchmarks/bench_json.py
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)

from speccom_model import (
    AllocationKind,
    ApprovalOutcome,
    ApprovalStage,
    ArrangementKind,
    ChangeAction,
    CommissionerKind,
    FinancialYear,
    LegalLiability,
    Money,
    ProgrammeOfCare,
    Signatory,
    StatutoryFactor,
    SuccessionKind,
    format_money,
    gbp,
)


def _money_text(m: Money) -> str:
    text = format_money(m, exact=True)
    return text[:-3] if text.endswith(".00") else text


MoneyField = Annotated[
    Any, BeforeValidator(gbp), PlainSerializer(_money_text, return_type=str)
]
YearField = Annotated[
    FinancialYear,
    BeforeValidator(FinancialYear.parse),
    PlainSerializer(str, return_type=str),
]
Text = Annotated[str, Field(pattern=r"^\S(.*\S)?$")]
Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
Persons = Annotated[int, Field(ge=0)]


class M(BaseModel):
    model_config = ConfigDict(
        frozen=True, strict=True, extra="forbid", arbitrary_types_allowed=True
    )


class JsonM(M):
    model_config = ConfigDict(
        frozen=True, strict=False, extra="forbid", arbitrary_types_allowed=True
    )


class PPeriod(JsonM):
    start: dt.date
    end: dt.date | None = None


class PSpecification(M):
    reference: Text
    title: Text


class PFormerName(JsonM):
    name: Text
    until: dt.date


class PService(JsonM):
    code: Annotated[str, Field(pattern=r"^(?:ILL-)?[1-9][0-9]{0,2}[A-Z]?$")]
    name: Text
    programme: ProgrammeOfCare | None = None
    planning_population: Persons | None = None
    highly_specialised: bool = False
    specification: PSpecification | None = None
    former_names: tuple[PFormerName, ...] = ()


class PSignOff(JsonM):
    signed_by: Text
    role: Signatory
    signed_on: dt.date
    factors: frozenset[StatutoryFactor]
    advice_from: str = "Prescribed Specialised Services Advisory Group"


class PChange(JsonM):
    action: ChangeAction
    code: Text
    effective: dt.date
    service: PService | None = None
    requested_by: str = "NHS England"


class PAmendment(JsonM):
    change: PChange
    sign_off: PSignOff


class PCatalogue(JsonM):
    services: tuple[PService, ...]
    effective: dt.date
    edition: str = "Manual for Prescribed Specialised Services"
    amendments: tuple[PAmendment, ...] = ()


class PBodyVersion(JsonM):
    name: Text
    kind: CommissionerKind
    until: dt.date


class PCommissioner(JsonM):
    code: Code
    name: Text
    kind: CommissionerKind
    lifetime: PPeriod
    region: Code | None = None
    lead: Code | None = None
    members: frozenset[str] = frozenset()
    former: tuple[PBodyVersion, ...] = ()


class PMembership(JsonM):
    commissioner: Text
    period: PPeriod


class PPlace(JsonM):
    code: Text
    name: Text
    population: Persons
    memberships: tuple[PMembership, ...] = ()
    source: str = ""
    former_names: tuple[PFormerName, ...] = ()


class PApproval(JsonM):
    stage: ApprovalStage
    decided_on: dt.date
    outcome: ApprovalOutcome = ApprovalOutcome.APPROVED
    by: str = ""


class PArrangement(JsonM):
    id: Code
    kind: ArrangementKind
    receiver: Text
    services: frozenset[str]
    places: frozenset[str]
    period: PPeriod
    budget_transferred: dict[str, MoneyField] = {}
    approvals: tuple[PApproval, ...] = ()
    liability_claimed: LegalLiability | None = None
    specifications: dict[str, str] = {}
    notice_given: dt.date | None = None
    pooled_budget: str | None = None


class PCitation(JsonM):
    title: Text
    url: Annotated[
        str, Field(pattern=r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?:[/?#]\S*)?$")
    ]
    section: Text | None = None
    date: dt.date | None = None
    note: Text | None = None


class PAllocation(JsonM):
    year: YearField
    amount: MoneyField
    source: Text
    kind: AllocationKind = AllocationKind.ALLOCATION
    citation: PCitation | None = None
    precision: MoneyField | None = None


class PLine(JsonM):
    service: Text
    allocation: MoneyField
    outturn: MoneyField | None = None
    place: str | None = None


class PBudget(JsonM):
    holder: Text
    year: YearField
    lines: tuple[PLine, ...]
    source: str = ""


class PBaseline(JsonM):
    service: Text
    place: Text
    year: YearField
    amount: MoneyField
    source: str = ""


class PContribution(JsonM):
    contributor: Text
    amount: MoneyField


class PPool(JsonM):
    code: Code
    year: YearField
    host: Text
    contributions: tuple[PContribution, ...]
    services: frozenset[str]
    source: str = ""


class PBoard(JsonM):
    code: Code
    name: Text
    led_by: Text
    advisers: frozenset[str] = frozenset()
    decision_makers: frozenset[str] = frozenset()
    services: frozenset[str] = frozenset()
    period: PPeriod


class PSuccession(JsonM):
    predecessor: Text
    effective: dt.date
    kind: SuccessionKind
    successor: str | None = None


class PProposed(JsonM):
    change: PChange
    sign_off: PSignOff | None = None


class PLandscape(JsonM):
    catalogue: PCatalogue
    commissioners: tuple[PCommissioner, ...]
    places: tuple[PPlace, ...] = ()
    arrangements: tuple[PArrangement, ...] = ()
    allocations: tuple[PAllocation, ...] = ()
    budgets: tuple[PBudget, ...] = ()
    baselines: tuple[PBaseline, ...] = ()
    pooled_budgets: tuple[PPool, ...] = ()
    planning_boards: tuple[PBoard, ...] = ()
    successions: tuple[PSuccession, ...] = ()
    proposed_changes: tuple[PProposed, ...] = ()
    name: str = ""
    description: str = ""

    @model_validator(mode="after")
    def _references(self) -> PLandscape:
        bodies = {b.code for b in self.commissioners}
        services = {s.code for s in self.catalogue.services}
        places = {p.code for p in self.places}
        if len(bodies) != len(self.commissioners) or len(places) != len(self.places):
            raise ValueError("duplicate codes")
        names = [
            *(a.receiver for a in self.arrangements),
            *(b.holder for b in self.budgets),
            *(m.commissioner for p in self.places for m in p.memberships),
            *(b.led_by for b in self.planning_boards),
        ]
        if not set(names) <= bodies:
            raise ValueError("unknown body")
        if not {s for a in self.arrangements for s in a.services} <= services:
            raise ValueError("unknown service")
        if not {p for a in self.arrangements for p in a.places} <= places:
            raise ValueError("unknown place")
        if not {b.place for b in self.baselines} <= places:
            raise ValueError("unknown place")
        return self


def interleaved(
    first: Callable[[], object], second: Callable[[], object], rounds: int = 40
) -> tuple[float, float]:
    """Best of many rounds each, alternating, so machine load falls on both."""
    best = [float("inf"), float("inf")]
    for _ in range(rounds):
        for index, fn in enumerate((first, second)):
            start = time.perf_counter()
            fn()
            best[index] = min(best[index], time.perf_counter() - start)
    return best[0], best[1]


#: Run in a fresh process: import what reads the file, then read it once.
_COLD_OURS = """
import sys, time
start = time.perf_counter()
from speccom_model import io
text = open(sys.argv[1], encoding="utf-8").read()
io.loads(text, format="json")
print(time.perf_counter() - start)
"""
_COLD_PYDANTIC = """
import sys, time
start = time.perf_counter()
sys.path.insert(0, sys.argv[2])
from bench_json import PLandscape
text = open(sys.argv[1], encoding="utf-8").read()
PLandscape.model_validate_json(text)
print(time.perf_counter() - start)
"""


def cold(path: Path, rounds: int = 7) -> tuple[float, float]:
    """Best import + first load of ``path`` in a fresh process, ours and pydantic's."""
    here = str(Path(__file__).parent)
    best = [float("inf"), float("inf")]
    for _ in range(rounds):
        for index, script in enumerate((_COLD_OURS, _COLD_PYDANTIC)):
            out = subprocess.run(
                [sys.executable, "-c", script, str(path), here],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            best[index] = min(best[index], float(out))
    return best[0], best[1]


def main() -> None:
    from speccom_model import io, scenarios

    landscape = scenarios.england_2019_20()
    text = io.dumps(landscape, format="json")
    mirror = PLandscape.model_validate_json(text)
    assert (
        io.loads(mirror.model_dump_json(exclude_defaults=True), format="json")
        == landscape
    )

    ours, theirs = interleaved(
        lambda: io.loads(io.dumps(landscape, format="json"), format="json"),
        lambda: PLandscape.model_validate_json(
            mirror.model_dump_json(exclude_defaults=True)
        ),
    )
    codec = "orjson" if io._orjson is not None else "json"
    print(f"landscape: {landscape.name}, {len(text):,} bytes of JSON")
    print(f"speccom_model ({codec}):  {ours * 1000:7.1f} ms per dump + load")
    print(f"pydantic v2:            {theirs * 1000:7.1f} ms per dump + load")
    print(f"speccom_model / pydantic = {ours / theirs:.2f}x")
    if io._orjson is not None:
        saved, io._orjson = io._orjson, None
        try:
            plain, theirs = interleaved(
                lambda: io.loads(io.dumps(landscape, format="json"), format="json"),
                lambda: PLandscape.model_validate_json(
                    mirror.model_dump_json(exclude_defaults=True)
                ),
            )
        finally:
            io._orjson = saved
        print(
            f"without orjson (stdlib json): {plain * 1000:.1f} ms, "
            f"{plain / theirs:.2f}x pydantic"
        )

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "england_2019_20.json"
        path.write_text(text, encoding="utf-8")
        cold_ours, cold_theirs = cold(path)
    # The same file read again in this warm process: the load alone, as cold is.
    warm_ours, warm_theirs = interleaved(
        lambda: io.loads(text, format="json"),
        lambda: PLandscape.model_validate_json(text),
    )
    print(f"load of {landscape.name}'s JSON, cold and warm:")
    print(f"{'':24} {'cold (fresh process)':>21} {'warm (this process)':>20}")
    print(
        f"{'speccom_model':24} {cold_ours * 1000:18.1f} ms {warm_ours * 1000:17.1f} ms"
    )
    print(
        f"{'pydantic v2':24} {cold_theirs * 1000:18.1f} ms "
        f"{warm_theirs * 1000:17.1f} ms"
    )
    print(
        f"{'speccom_model / pydantic':24} {cold_ours / cold_theirs:20.2f}x "
        f"{warm_ours / warm_theirs:19.2f}x"
    )
    print(
        "cold: import + first load in a fresh process, best of 7 interleaved "
        "processes; warm: best of 40 interleaved loads"
    )


if __name__ == "__main__":
    main()
