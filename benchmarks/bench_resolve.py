"""
Resolve 1,000,000 activity rows on the England-sized plan.

Compares, in one run: the resolver; (a) a naive scan over arrangements per row;
(b) the floor, a bare dict lookup per row in the same loop shape. Prints rows/s
and ratios. Run: python benchmarks/bench_resolve.py [ROWS]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections.abc import Callable

from speccom_model import Landscape, scenarios
from speccom_model.resolving import Resolver

Row = tuple[str, str, dt.date]

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
NAIVE_ROWS = 20_000  # the naive scan is timed on fewer rows and scaled


def make_rows(landscape: Landscape, count: int, seed: int = 2026) -> list[Row]:
    rng = random.Random(seed)
    services = [s.code for s in landscape.catalogue]
    places = [p.code for p in landscape.places]
    first = landscape.years()[0].start
    span = (landscape.years()[-1].end - first).days
    dates = [first + dt.timedelta(days=d) for d in range(span + 1)]
    return [
        (rng.choice(services), rng.choice(places), rng.choice(dates))
        for _ in range(count)
    ]


def floor(table: dict[tuple[str, str], int], rows: list[Row]) -> list[int | None]:
    out: list[int | None] = []
    append = out.append
    get = table.get
    for service, place, _on in rows:
        append(get((service, place)))
    return out


def naive(landscape: Landscape, rows: list[Row]) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    england = landscape.nhs_england.code
    for service, place, on in rows:
        found: tuple[str, str | None] | None = None
        for arrangement in landscape.arrangements:
            if (
                service in arrangement.services
                and place in arrangement.places
                and arrangement.period.contains(on)
            ):
                found = (arrangement.receiver, arrangement.id)
                break
        out.append(found or (england, None))
    return out


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    times: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    landscape = scenarios.national()
    rows = make_rows(landscape, ROWS)
    start = time.perf_counter()
    Resolver(landscape)
    build = time.perf_counter() - start
    table = {(s, p): 1 for s, p, _ in rows[:1000]}

    ours = best_of(lambda: Resolver(landscape).resolve(rows))
    bare = best_of(lambda: floor(table, rows))
    scan = (
        best_of(lambda: naive(landscape, rows[:NAIVE_ROWS]), repeat=1)
        * ROWS
        / NAIVE_ROWS
    )

    print(
        f"landscape: {landscape.name} ({len(landscape.arrangements)} arrangements); rows: {ROWS:,}"
    )
    print(f"index build: {build * 1000:.1f} ms (once per landscape)")
    print(f"resolve:     {ours:.3f} s  {ROWS / ours:,.0f} rows/s")
    print(
        f"floor:       {bare:.3f} s  {ROWS / bare:,.0f} rows/s   resolve/floor = {ours / bare:.2f}x"
    )
    print(
        f"naive scan:  {scan:.3f} s  {ROWS / scan:,.0f} rows/s   naive/resolve = {scan / ours:.0f}x (scaled from {NAIVE_ROWS:,} rows)"
    )


if __name__ == "__main__":
    main()
