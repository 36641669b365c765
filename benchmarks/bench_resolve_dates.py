"""
`speccom resolve` on the same activity rows with UK dates and with ISO dates.

Writes 200,000 rows (service, place, date) of the embedded england_2024_25
scenario twice, identical but for how the date is written ("2024-04-01" and
"01/04/2024"), then runs the installed command on each, interleaved (ISO, UK,
ISO, UK, ...), each run a fresh process writing its output to a file. Prints
the best time of each and the ratio UK / ISO (goal: at most 1.5).

Run: python benchmarks/bench_resolve_dates.py [ROWS] [ROUNDS]
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from speccom_model import scenarios

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
SPECCOM = shutil.which("speccom", path=str(Path(sys.executable).parent))


def write_rows(folder: Path) -> tuple[Path, Path]:
    landscape = scenarios.england_2024_25()
    rng = random.Random(2026)
    services = sorted(s.code for s in landscape.catalogue)
    places = sorted(p.code for p in landscape.places)
    first = dt.date(2023, 4, 1)
    days = [first + dt.timedelta(days=d) for d in range(3 * 365)]
    rows = [
        (rng.choice(services), rng.choice(places), rng.choice(days))
        for _ in range(ROWS)
    ]
    paths = (folder / "iso.csv", folder / "uk.csv")
    for path, form in zip(paths, ("%Y-%m-%d", "%d/%m/%Y"), strict=True):
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["service", "place", "date"])
            writer.writerows((s, p, d.strftime(form)) for s, p, d in rows)
    return paths


def run(path: Path, out: Path) -> float:
    assert SPECCOM is not None, "install the package first: pip install -e ."
    start = time.perf_counter()
    subprocess.run([SPECCOM, "resolve", str(path), "--out", str(out)], check=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        iso, uk = write_rows(folder)
        times: dict[str, list[float]] = {"iso": [], "uk": []}
        for _ in range(ROUNDS):
            times["iso"].append(run(iso, folder / "iso-out.csv"))
            times["uk"].append(run(uk, folder / "uk-out.csv"))
        iso_out = (folder / "iso-out.csv").read_text(encoding="utf-8").splitlines()
        uk_out = (folder / "uk-out.csv").read_text(encoding="utf-8").splitlines()
        same = all(
            a.rsplit(",", 2)[1:] == b.rsplit(",", 2)[1:]
            for a, b in zip(iso_out, uk_out, strict=True)
        )
    best_iso, best_uk = min(times["iso"]), min(times["uk"])
    print(f"speccom resolve, {ROWS:,} rows, best of {ROUNDS} interleaved runs")
    print(f"  ISO dates: {best_iso:.2f} s ({ROWS / best_iso:,.0f} rows/s)")
    print(f"  UK dates:  {best_uk:.2f} s ({ROWS / best_uk:,.0f} rows/s)")
    print(f"  UK / ISO:  {best_uk / best_iso:.2f}x (goal <= 1.5x)")
    print(f"  same answers for every row: {same}")


if __name__ == "__main__":
    main()
