"""
check() on the England-sized plan and on 2x, 4x and 8x its size.

Size grows with the number of places (ICB areas): 42, 84, 168, 336, with 150
services and 3 years each; arrangements, baselines and budgets grow with it.
Prints each time and the ratio per doubling (2.0 is linear).
Run: python benchmarks/bench_check.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

from speccom_model import check, scenarios


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    previous = None
    print(
        f"{'size':>5} {'places':>6} {'arrangements':>12} {'baselines':>9} {'check (ms)':>10} {'x per doubling':>15}"
    )
    for factor in (1, 2, 4, 8):
        plan = scenarios.national(places=42 * factor)
        assert check(plan).findings == (), "the generated plan must be lawful"
        seconds = best_of(lambda plan=plan: check(plan))
        ratio = "" if previous is None else f"{seconds / previous:.2f}"
        print(
            f"{factor:>4}x {len(plan.places):>6} {len(plan.arrangements):>12} {len(plan.baselines):>9} {seconds * 1000:>10.1f} {ratio:>15}"
        )
        previous = seconds


if __name__ == "__main__":
    main()
