"""
Run every benchmark, one after another, and print their figures.

bench_command.py writes two 10,000,000-row CSVs (about 0.3 GB each) to a
temporary folder and runs four engines on each three times: allow several
minutes.

Run: pip install -e ".[bench]" && python benchmarks/run_all.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SCRIPTS = (
    "bench_check.py",
    "bench_resolve.py",
    "bench_command.py",
    "bench_duckdb_join.py",
    "bench_import.py",
    "bench_construct.py",
    "bench_json.py",
    "bench_exports.py",
)


def main() -> int:
    for script in SCRIPTS:
        print(f"== {script}", flush=True)
        result = subprocess.run([sys.executable, str(HERE / script)], check=False)
        if result.returncode:
            return result.returncode
        print(flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
