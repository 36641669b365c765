"""
`speccom resolve` (the command, CSV to CSV) against DuckDB and Polars doing the same join.

Writes an activity CSV of N rows (default 10,000,000) with columns
``activity_id,service,place,date``: codes drawn uniformly (numpy, seeded) from
every service and every place of the newest scenario (the command's default
landscape), dates uniformly from the first day of the financial year in which
its earliest arrangement starts to the last day of its own year. About 0.2%
of the rows drawn fall on a place whose body split with no successor named:
the plan cannot answer them, and the command reports each on stderr and
writes it with empty answers, as DuckDB's LEFT JOIN leaves them; ``--clean``
keeps only rows the plan answers without a problem. A second file holds the
same rows with UK dates (dd/mm/yyyy). Both go in a temporary folder, deleted
at the end.

The responsibility table of the same landscape is written first as Parquet,
not timed (it is built once per landscape; the command builds its own index
inside its run, which is timed). Then, interleaved round by round (A B C D,
A B C D, ...), each in a fresh process:

* A: ``speccom resolve FILE --out OUT``;
* B: DuckDB, ``SET threads=1``: ``read_csv(all_varchar=true)`` (codes as
  VARCHAR), LEFT JOIN the table on service and place and
  ``date BETWEEN valid_from AND valid_to`` (the date parsed from its text:
  ``CAST`` for ISO, ``strptime`` for UK), ``COPY ... TO`` CSV, writing each
  row as read with the four answers, as the command does;
* C: Polars, ``POLARS_MAX_THREADS=1``: ``scan_csv`` (every column a string),
  the date parsed with ``str.to_date``, left join on service and place, kept
  where the date is in the interval (or the pair is unknown), ``sink_csv``;
* D: the same Polars program with all threads (labelled; the machine's cores).

Each on the ISO file and on the UK file. Wall time is from starting the
process to its exit (interpreter start, imports and, for the command, building
its landscape and index included). Peak memory is the child's own maximum
resident set size, and CPU time its user + system seconds, as GNU time reports
them (``/usr/bin/time -f "%M %U %S"``; a child's ``rusage`` seen from here would
start from this process's own peak, which Linux carries across fork and exec).
Rows/s and ratios use the best of the rounds, with the medians beside them;
CPU seconds are less disturbed than wall time by other work on a shared
machine. After the timing, every output is checked against the command's, row
by row by activity_id (DuckDB reads them, not timed): the four answers must
agree.

Needs the bench extra (duckdb, polars, pyarrow, numpy).
Run: python benchmarks/bench_command.py [--rows N] [--rounds R] [--clean]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # the engines' worker processes import this file: keep it light
    from speccom_model import Landscape
    from speccom_model.scenarios import Scenario

SPECCOM = shutil.which("speccom", path=str(Path(sys.executable).parent))
HERE = Path(__file__).resolve()
#: GNU time: the peak resident set and CPU time of the one process it runs.
TIME = "/usr/bin/time"
ANSWERS = ("accountable", "commissioner", "payer", "arrangement")
FORMATS = {"iso": "%Y-%m-%d", "uk": "%d/%m/%Y"}
#: Given an activity file, an output file and "iso" or "uk": the command line.
Argv = Callable[[Path, Path, str], list[str]]


# -- the responsibility table ----------------------------------------------------


def write_table(landscape: Landscape, path: Path) -> int:
    import pyarrow.parquet as pq

    from speccom_model.resolving import responsibility_table
    from speccom_model.resolving.arrow import table_to_arrow

    table = table_to_arrow(responsibility_table(landscape))
    pq.write_table(table, path)
    return table.num_rows


# -- the activity files ----------------------------------------------------------


def date_span(scenario: Scenario) -> tuple[dt.date, dt.date]:
    from speccom_model import FinancialYear

    landscape = scenario.build()
    first = min(a.period.start for a in landscape.arrangements)
    return FinancialYear.containing(first).start, scenario.year.end


def write_activity(
    scenario: Scenario, rows: int, folder: Path, *, problems: bool
) -> tuple[Path, Path]:
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pcsv

    from speccom_model.resolving.arrow import ArrowIndex, resolve_arrow

    landscape = scenario.build()
    services = np.array(sorted(s.code for s in landscape.catalogue), dtype=object)
    places = np.array(sorted(p.code for p in landscape.places), dtype=object)
    first, last = date_span(scenario)
    days = [first + dt.timedelta(days=d) for d in range((last - first).days + 1)]
    rng = np.random.default_rng(2026)
    drawn = rows if problems else rows + rows // 20 + 1000
    service_at = rng.integers(0, len(services), drawn)
    place_at = rng.integers(0, len(places), drawn)
    day_at = rng.integers(0, len(days), drawn)
    if not problems:
        # Keep only rows with an answer and no problem (--clean).
        epoch = (first - dt.date(1970, 1, 1)).days
        answers = resolve_arrow(
            pa.table(
                {
                    "service": pa.array(services[service_at], pa.string()),
                    "place": pa.array(places[place_at], pa.string()),
                    "date": pa.array((day_at + epoch).astype("int32")).cast(
                        pa.date32()
                    ),
                }
            ),
            ArrowIndex.of(landscape),
        )
        keep = np.flatnonzero(answers.column("problem").is_null().to_numpy())[:rows]
        assert len(keep) == rows, "too many problem rows drawn"
        service_at, place_at, day_at = service_at[keep], place_at[keep], day_at[keep]
    paths = (folder / "activity-iso.csv", folder / "activity-uk.csv")
    chunk = 1_000_000
    options = pcsv.WriteOptions(quoting_style="none")
    for path, form in zip(paths, FORMATS.values(), strict=True):
        texts = np.array([d.strftime(form) for d in days], dtype=object)
        schema = pa.schema([(n, pa.string()) for n in ("activity_id", *KEYS)])
        with pcsv.CSVWriter(path, schema, write_options=options) as writer:
            for start in range(0, rows, chunk):
                stop = min(rows, start + chunk)
                ids = np.arange(start + 1, stop + 1).astype(str).astype(object)
                writer.write_table(
                    pa.table(
                        [
                            pa.array(ids, type=pa.string()),
                            pa.array(services[service_at[start:stop]], pa.string()),
                            pa.array(places[place_at[start:stop]], pa.string()),
                            pa.array(texts[day_at[start:stop]], pa.string()),
                        ],
                        schema=schema,
                    )
                )
    return paths


KEYS = ("service", "place", "date")


# -- the engines, each run in its own process -------------------------------------


def duckdb_worker(source: str, table: str, out: str, dates: str) -> None:
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads=1")
    con.execute("CREATE TABLE t AS SELECT * FROM read_parquet(?)", [table])
    day = (
        "CAST(a.date AS DATE)"
        if dates == "iso"
        else "CAST(strptime(a.date, '%d/%m/%Y') AS DATE)"
    )
    # Paths are ours (a temporary folder), quoted for SQL all the same.
    quoted_source = source.replace("'", "''")
    quoted_out = out.replace("'", "''")
    con.execute(
        f"""
        COPY (
            SELECT a.activity_id, a.service, a.place, a.date,
                   t.accountable, t.commissioner, t.payer, t.arrangement
            FROM read_csv('{quoted_source}', header = true, all_varchar = true) AS a
            LEFT JOIN t
              ON a.service = t.service AND a.place = t.place
             AND {day} BETWEEN t.valid_from AND t.valid_to
        ) TO '{quoted_out}' (FORMAT csv, HEADER)
        """
    )


def polars_worker(source: str, table: str, out: str, dates: str) -> None:
    import polars as pl

    schema = dict.fromkeys(("activity_id", *KEYS), pl.String)
    activity = pl.scan_csv(source, schema=schema, empty_string_is_null=False)
    intervals = pl.scan_parquet(table).drop("problem")
    day = pl.col("date").str.to_date(FORMATS[dates], strict=True).alias("_day")
    (
        activity.with_columns(day)
        .join(intervals, on=["service", "place"], how="left", maintain_order="left")
        .filter(
            pl.col("valid_from").is_null()
            | pl.col("_day").is_between(pl.col("valid_from"), pl.col("valid_to"))
        )
        .select("activity_id", *KEYS, *ANSWERS)
        .sink_csv(out)
    )


WORKERS = {"duckdb": duckdb_worker, "polars": polars_worker}


class Run(NamedTuple):
    """One child process: wall and CPU seconds, peak resident MB, exit status."""

    wall: float
    cpu: float
    peak_mb: float
    status: int


def timed(argv: list[str], env: dict[str, str], log: Path) -> Run:
    """Run one child process under GNU time."""
    usage = log.with_suffix(".time")
    with log.open("wb") as err:
        start = time.perf_counter()
        status = subprocess.run(
            [TIME, "-f", "%M %U %S", "-o", str(usage), *argv],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            check=False,
        ).returncode
        wall = time.perf_counter() - start
    # The last line: "Command exited with non-zero status" may come first.
    peak_kib, user, system = usage.read_text().splitlines()[-1].split()
    return Run(wall, float(user) + float(system), int(peak_kib) / 1024, status)


def engines(folder: Path, table: Path) -> dict[str, tuple[str, dict[str, str], Argv]]:
    """Label: (output stem, environment, argv for a source, out and dates)."""
    base = dict(os.environ)
    one = {**base, "POLARS_MAX_THREADS": "1"}
    cores = os.cpu_count() or 1

    def command(source: Path, out: Path, _dates: str) -> list[str]:
        assert SPECCOM is not None, "install the package first: pip install -e ."
        return [SPECCOM, "resolve", str(source), "--out", str(out)]

    def worker(name: str) -> Argv:
        def argv(source: Path, out: Path, dates: str) -> list[str]:
            return [
                sys.executable,
                str(HERE),
                "--worker",
                name,
                str(source),
                str(table),
                str(out),
                dates,
            ]

        return argv

    return {
        "speccom resolve": ("speccom", base, command),
        "DuckDB, 1 thread": ("duckdb", base, worker("duckdb")),
        "Polars, 1 thread": ("polars1", one, worker("polars")),
        f"Polars, all threads ({cores})": ("polarsn", base, worker("polars")),
    }


def agree(folder: Path, stems: list[str], rows: int) -> dict[str, int]:
    """For each output, rows whose answers differ from the command's (or missing)."""
    import duckdb

    con = duckdb.connect()
    found: dict[str, int] = {}
    answers = " OR ".join(
        f"coalesce(a.{c}, '') <> coalesce(b.{c}, '')" for c in ANSWERS
    )
    for dates in FORMATS:
        reference = str(folder / f"speccom-{dates}.csv")
        for stem in stems:
            other = str(folder / f"{stem}-{dates}.csv")
            count = con.execute(
                f"""
                SELECT count(*) FROM read_csv(?, all_varchar = true) AS a
                FULL JOIN read_csv(?, all_varchar = true) AS b
                  ON a.activity_id = b.activity_id
                WHERE a.activity_id IS NULL OR b.activity_id IS NULL OR {answers}
                """,
                [reference, other],
            ).fetchone()
            total = con.execute(
                "SELECT count(*) FROM read_csv(?, all_varchar = true)", [other]
            ).fetchone()
            assert count is not None
            assert total is not None
            found[f"{stem}-{dates}"] = count[0] + abs(total[0] - rows)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--clean",
        action="store_true",
        help="keep only rows the plan answers without a problem (drop about 0.2%%)",
    )
    args = parser.parse_args()

    from speccom_model import scenarios

    scenario = scenarios.get(scenarios.names()[-1])
    landscape = scenario.build()
    results: dict[tuple[str, str], list[Run]] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        start = time.perf_counter()
        table = folder / "responsibility.parquet"
        intervals = write_table(landscape, table)
        files = dict(
            zip(
                FORMATS,
                write_activity(scenario, args.rows, folder, problems=not args.clean),
                strict=True,
            )
        )
        prepared = time.perf_counter() - start
        size = files["iso"].stat().st_size
        first, last = date_span(scenario)
        print(
            f"landscape: {landscape.name} ({len(list(landscape.catalogue))} services, "
            f"{len(landscape.places)} places, {len(landscape.arrangements)} "
            f"arrangements); table: {intervals:,} intervals (Parquet, written first, "
            "not timed)"
        )
        print(
            f"activity: {args.rows:,} rows"
            f"{' (clean)' if args.clean else ' (with problem rows)'}, "
            f"dates {first} to {last}, "
            f"{size / 1e6:,.0f} MB (ISO); files written in {prepared:.1f} s (not timed)"
        )
        runs = engines(folder, table)
        for _ in range(args.rounds):
            for label, (stem, env, argv) in runs.items():
                for dates, source in files.items():
                    out = folder / f"{stem}-{dates}.csv"
                    log = folder / f"{stem}-{dates}.log"
                    result = timed(argv(source, out, dates), env, log)
                    if result.status not in (0, 1):  # 1: the command found bad rows
                        sys.exit(f"{label} ({dates}) failed: {log.read_text()[-2000:]}")
                    results.setdefault((label, dates), []).append(result)
        bad_rows = {
            dates: sum(
                line.startswith(f"speccom: {files[dates]}:")
                for line in (folder / f"speccom-{dates}.log").open(encoding="utf-8")
            )
            for dates in FORMATS
        }
        differ = agree(folder, [stem for stem, _, _ in runs.values()][1:], args.rows)
    report(results, args, bad_rows, differ)


def report(
    results: dict[tuple[str, str], list[Run]],
    args: argparse.Namespace,
    bad_rows: dict[str, int],
    differ: dict[str, int],
) -> None:
    best = {key: min(r.wall for r in runs) for key, runs in results.items()}
    median = {
        key: statistics.median(r.wall for r in runs) for key, runs in results.items()
    }
    cpu = {key: min(r.cpu for r in runs) for key, runs in results.items()}
    duck = "DuckDB, 1 thread"
    print(
        f"\n{args.rounds} interleaved rounds. wall: seconds per run, best and "
        "median; rows/s from the best; xDuck: the ratio to DuckDB on one thread "
        "on the same file (best, median); cpu: user + system seconds of the run "
        "(least), and its ratio to DuckDB's; peak: resident MB (most); UK/ISO: "
        "best UK over best ISO"
    )
    print(
        f"{'engine':24} {'dates':5} {'best':>7} {'median':>7} {'rows/s':>11} "
        f"{'xDuck':>6} {'(med)':>6} {'cpu':>7} {'xDuck':>6} {'peak':>6} {'UK/ISO':>6}"
    )
    for (label, dates), runs in results.items():
        key, ref = (label, dates), (duck, dates)
        uk_iso = (
            f"{best[(label, 'uk')] / best[(label, 'iso')]:6.2f}"
            if dates == "uk"
            else ""
        )
        print(
            f"{label:24} {dates:5} {best[key]:7.2f} {median[key]:7.2f} "
            f"{args.rows / best[key]:>11,.0f} {best[key] / best[ref]:6.2f} "
            f"{median[key] / median[ref]:6.2f} {cpu[key]:7.2f} "
            f"{cpu[key] / cpu[ref]:6.2f} {max(r.peak_mb for r in runs):6.0f} "
            f"{uk_iso:>6}"
        )
    print(
        "rows the command reported as unresolved (one stderr line each): "
        + ", ".join(f"{d} {n:,}" for d, n in bad_rows.items())
    )
    print(
        "rows whose answers differ from the command's (all rows compared, "
        "by activity_id): " + ", ".join(f"{k} {n:,}" for k, n in differ.items())
    )
    print(
        f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        WORKERS[sys.argv[2]](*sys.argv[3:7])
    else:
        main()
