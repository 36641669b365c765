"""
Build and validate 100,000 Service objects: attrs (ours) against pydantic v2.

The pydantic model makes the same checks: a manual-number pattern for the
code, non-empty text without outer spaces for the name, an enum programme, a
population, a strict bool, an optional specification and a tuple of former
names; frozen, strict (no coercion), as ours is. The raw values (code, name,
programme, number of persons, flag) are prepared outside the timing; each
timed loop builds everything from them, our ``Population`` included (pydantic
checks a non-negative int). Codes are drawn (seeded) from every code the
pattern allows: 999 numbers, each bare or with a letter A-Z, each bare or
with the ``ILL-`` prefix (53,946 codes), so most codes are seen for the first
time. The memo of codes already seen valid is emptied before each of our
rounds, so every round pays what a fresh process pays. Interleaved, best of 3.
Needs the bench extra (pydantic).
Run: python benchmarks/bench_construct.py [COUNT]
"""

from __future__ import annotations

import random
import string
import sys
import time
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from speccom_model import Population, ProgrammeOfCare, Service
from speccom_model.service import _GOOD_CODES, ILLUSTRATIVE_PREFIX

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
    code: Annotated[str, Field(pattern=r"^(?:ILL-)?[1-9][0-9]{0,2}[A-Z]?$")]
    name: Annotated[str, Field(pattern=r"^\S(.*\S)?$")]
    programme: ProgrammeOfCare
    planning_population: Annotated[int, Field(ge=0)]
    highly_specialised: bool = False
    specification: PSpecification | None = None
    former_names: tuple[PFormerName, ...] = ()


def every_code() -> list[str]:
    """Every code the manual-number pattern allows, illustrative ones included."""
    numbers = [
        f"{n}{letter}"
        for n in range(1, 1000)
        for letter in ("", *string.ascii_uppercase)
    ]
    return numbers + [f"{ILLUSTRATIVE_PREFIX}{code}" for code in numbers]


def main() -> None:
    programmes = list(ProgrammeOfCare)
    codes = every_code()
    rng = random.Random(2026)
    inputs = [
        (rng.choice(codes), f"Service {i}", programmes[i % 6], 1_000 + i, i % 7 == 0)
        for i in range(COUNT)
    ]
    distinct = len({code for code, *_ in inputs})

    def ours() -> None:
        _GOOD_CODES.clear()  # as in a fresh process
        for code, name, programme, persons, flag in inputs:
            Service(
                code=code,
                name=name,
                programme=programme,
                planning_population=Population(persons),
                highly_specialised=flag,
            )

    def theirs() -> None:
        for code, name, programme, persons, flag in inputs:
            PService(
                code=code,
                name=name,
                programme=programme,
                planning_population=persons,
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
    print(f"{COUNT:,} objects, {distinct:,} distinct codes of {len(codes):,}")
    ratio = timings["attrs (speccom_model)"] / timings["pydantic v2"]
    print(f"speccom_model / pydantic = {ratio:.2f}x")


if __name__ == "__main__":
    main()
