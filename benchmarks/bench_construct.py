"""
Build and validate 100,000 Service objects: attrs (ours) against pydantic v2.

The pydantic model makes the same checks: a manual-number pattern for the
code, non-empty text without outer spaces for the name, an enum programme, a
population, a strict bool, an optional specification and a tuple of former
names; frozen, strict (no coercion), as ours is. Inputs are prepared outside
the timing. Needs the bench extra (pydantic).
Run: python benchmarks/bench_construct.py [COUNT]
"""

from __future__ import annotations

import sys
import time
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from speccom_model import Population, ProgrammeOfCare, Service

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000


class PSpecification(BaseModel):
    model_config = ConfigDict(frozen=True, strict=True)
    reference: Annotated[str, Field(pattern=r"^\S(.*\S)?$")]
    title: Annotated[str, Field(pattern=r"^\S(.*\S)?$")]


class PFormerName(BaseModel):
    model_config = ConfigDict(frozen=True, strict=True)
    name: Annotated[str, Field(pattern=r"^\S(.*\S)?$")]


class PService(BaseModel):
    model_config = ConfigDict(frozen=True, strict=True)
    code: Annotated[str, Field(pattern=r"^[1-9][0-9]{0,2}[A-Z]?$")]
    name: Annotated[str, Field(pattern=r"^\S(.*\S)?$")]
    programme: ProgrammeOfCare
    planning_population: Annotated[int, Field(ge=0)]
    highly_specialised: bool = False
    specification: PSpecification | None = None
    former_names: tuple[PFormerName, ...] = ()


def main() -> None:
    programmes = list(ProgrammeOfCare)
    inputs = [
        (str(1 + i % 150), f"Service {i}", programmes[i % 6], 1_000 + i, i % 7 == 0)
        for i in range(COUNT)
    ]
    populations = [Population(p) for _, _, _, p, _ in inputs]

    def ours() -> None:
        for (code, name, programme, _, flag), population in zip(
            inputs, populations, strict=True
        ):
            Service(
                code=code,
                name=name,
                programme=programme,
                planning_population=population,
                highly_specialised=flag,
            )

    def theirs() -> None:
        for code, name, programme, population, flag in inputs:
            PService(
                code=code,
                name=name,
                programme=programme,
                planning_population=population,
                highly_specialised=flag,
            )

    timings = {}
    for label, fn in (("attrs (speccom_model)", ours), ("pydantic v2", theirs)) * 3:
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        timings[label] = min(elapsed, timings.get(label, elapsed))
    for label, seconds in timings.items():
        print(
            f"{label:24} {seconds * 1000:8.1f} ms  {COUNT / seconds:>12,.0f} objects/s"
        )
    ratio = timings["attrs (speccom_model)"] / timings["pydantic v2"]
    print(f"speccom_model / pydantic = {ratio:.2f}x")


if __name__ == "__main__":
    main()
