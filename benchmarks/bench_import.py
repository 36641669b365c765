"""
Import cost: `import speccom_model` against `import pint` alone.

Fresh interpreters, interleaved so machine noise falls on both alike; the cost
of starting Python with nothing imported is subtracted from each. Both load
from bytecode, as installed packages do: every program runs once first to
compile into a temporary cache (PYTHONPYCACHEPREFIX), so an editable install
or PYTHONDONTWRITEBYTECODE does not charge speccom_model for compiling its
source while pint's wheel came compiled. Prints the medians and the ratio
(goal <= 1.0, stretch <= 0.5).
Run: python benchmarks/bench_import.py [ROUNDS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
PROGRAMS = {
    "nothing": "pass",
    "pint": "import pint",
    "speccom_model": "import speccom_model",
    "speccom_model + check of a scenario": (
        "import speccom_model as m; m.check(m.scenarios.england_2013_14())"
    ),
}


def once(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    samples: dict[str, list[float]] = {name: [] for name in PROGRAMS}
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": cache}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for code in PROGRAMS.values():
            once(code, env)  # compile everything into the cache
        for _ in range(ROUNDS):
            for name, code in PROGRAMS.items():
                samples[name].append(once(code, env))
    base = statistics.median(samples["nothing"])
    cost = {name: statistics.median(times) - base for name, times in samples.items()}
    for name in PROGRAMS:
        print(f"{name:40} {cost[name] * 1000:8.1f} ms over an empty interpreter")
    print(
        f"import speccom_model / import pint = {cost['speccom_model'] / cost['pint']:.2f}x"
    )


if __name__ == "__main__":
    main()
