"""
Resolve activity rows in memory: the resolver, its floor, and DuckDB and Polars doing the same lookup.

The landscape is the newest scenario (the command's default). N rows (default
1,000,000) are drawn uniformly (numpy, seeded) from every service and every
place of it and the days from the first day of the financial year in which its
earliest arrangement starts to the last day of its own year, and held as an
Arrow table (string codes, date32 dates): data as an analyst's tools hand it
over. Then, interleaved round by round (default 5 rounds), each timed alone:

* convert: the Arrow table to a list of (service, place, date) tuples
  (``to_pylist`` per column, zipped), and, apart, a list of dicts (one per row,
  as ``Table.to_pylist`` gives; the dicts made untimed) to the same tuples;
* resolve: the per-row resolver on tuples freshly made this round;
* floor: a bare dict lookup per row of the same known pairs, in the same
  loop shape, on tuples freshly made this round (fresh strings: their hashes
  are not cached, for either);
* resolve_arrow: the library's vectorised resolve over the Arrow table
  (``speccom_model.resolving.arrow``, its ``ArrowIndex`` built once, untimed),
  returning an Arrow table of the answers;
* DuckDB, one thread: the Arrow table scanned in place, LEFT JOIN the
  responsibility table on service and place and ``date BETWEEN valid_from AND
  valid_to``, the answers fetched as an Arrow table;
* Polars, one thread (POLARS_MAX_THREADS=1, set before import): the Arrow
  table as a DataFrame, left join on service and place, rows kept where the
  date is in the interval (or the pair unknown).

The responsibility table is built and loaded into DuckDB and Polars first,
not timed; so is the resolver's index (its build time is printed). Ratios use
the best of the rounds, with the medians and CPU seconds beside them. Before the timing, the resolver's, DuckDB's and
Polars' answers are checked equal on every row, and resolve_arrow's.

Needs the bench extra (duckdb, polars, pyarrow, numpy).
Run: python benchmarks/bench_resolve.py [ROWS] [ROUNDS]
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

os.environ["POLARS_MAX_THREADS"] = "1"  # read once, when polars is imported

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa

from speccom_model import FinancialYear, Landscape, scenarios
from speccom_model.resolving import Resolver, responsibility_table
from speccom_model.resolving.arrow import ArrowIndex, resolve_arrow, table_to_arrow

Row = tuple[str, str, dt.date]
T = TypeVar("T")
ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
ANSWERS = ("accountable", "commissioner", "payer", "arrangement")
CONVERT = "convert: Arrow table to tuples"
RESOLVE = "resolve (per-row resolver)"
FLOOR = "floor (dict lookup per row)"
DUCK = "DuckDB, 1 thread"
VECTOR = "resolve_arrow (vectorised)"


def activity(landscape: Landscape, count: int) -> pa.Table:
    services = np.array(sorted(s.code for s in landscape.catalogue), dtype=object)
    places = np.array(sorted(p.code for p in landscape.places), dtype=object)
    first = FinancialYear.containing(
        min(a.period.start for a in landscape.arrangements)
    ).start
    last = scenarios.get(scenarios.names()[-1]).year.end
    rng = np.random.default_rng(2026)
    days = rng.integers(0, (last - first).days + 1, count)
    epoch = (first - dt.date(1970, 1, 1)).days
    return pa.table(
        {
            "service": pa.array(services[rng.integers(0, len(services), count)]),
            "place": pa.array(places[rng.integers(0, len(places), count)]),
            "date": pa.array((days + epoch).astype("int32"), type=pa.int32()).cast(
                pa.date32()
            ),
        }
    )


def to_tuples(table: pa.Table) -> list[Row]:
    return list(
        zip(
            table["service"].to_pylist(),
            table["place"].to_pylist(),
            table["date"].to_pylist(),
            strict=True,
        )
    )


def dicts_to_tuples(dicts: list[dict[str, Any]]) -> list[Row]:
    return [(d["service"], d["place"], d["date"]) for d in dicts]


def floor(pairs: dict[tuple[str, str], int], rows: list[Row]) -> list[int | None]:
    out: list[int | None] = []
    append = out.append
    get = pairs.get
    for service, place, _on in rows:
        append(get((service, place)))
    return out


DUCKDB_SQL = """
SELECT t.accountable, t.commissioner, t.payer, t.arrangement
FROM activity AS a
LEFT JOIN t ON a.service = t.service AND a.place = t.place
           AND a.date BETWEEN t.valid_from AND t.valid_to
"""


def polars_lookup(frame: pl.DataFrame, intervals: pl.DataFrame) -> pl.DataFrame:
    return (
        frame.join(
            intervals, on=["service", "place"], how="left", maintain_order="left"
        )
        .filter(
            pl.col("valid_from").is_null()
            | pl.col("date").is_between(pl.col("valid_from"), pl.col("valid_to"))
        )
        .select(*ANSWERS)
    )


def check_agree(
    resolver: Resolver,
    arrow: pa.Table,
    con: duckdb.DuckDBPyConnection,
    intervals: pl.DataFrame,
    index: ArrowIndex,
) -> None:
    ours = [tuple(r[:4]) for r in resolver.resolve(to_tuples(arrow))]
    vectorised = resolve_arrow(arrow, index).select(list(ANSWERS))
    assert ours == [tuple(r.values()) for r in vectorised.to_pylist()], (
        "resolve_arrow's answers differ from the resolver's"
    )
    numbered = arrow.append_column("n", pa.array(np.arange(len(arrow))))
    con.register("numbered", numbered)
    theirs = con.execute(
        "SELECT t.accountable, t.commissioner, t.payer, t.arrangement FROM numbered a "
        "LEFT JOIN t ON a.service = t.service AND a.place = t.place "
        "AND a.date BETWEEN t.valid_from AND t.valid_to ORDER BY a.n"
    ).fetchall()
    assert ours == theirs, "DuckDB's answers differ from the resolver's"
    frame = polars_lookup(pl.from_arrow(arrow), intervals)  # type: ignore[arg-type]
    assert ours == frame.rows(), "Polars' answers differ from the resolver's"


def main() -> None:
    landscape = scenarios.get(scenarios.names()[-1]).build()
    arrow = activity(landscape, ROWS)
    start = time.perf_counter()
    resolver = Resolver(landscape)
    build = time.perf_counter() - start
    table = table_to_arrow(responsibility_table(landscape))
    index = ArrowIndex.of(landscape)
    pairs = dict.fromkeys(
        zip(table["service"].to_pylist(), table["place"].to_pylist(), strict=True), 1
    )
    con = duckdb.connect()
    con.execute("SET threads=1")
    con.register("table_arrow", table)
    con.execute("CREATE TABLE t AS SELECT * FROM table_arrow")
    con.register("activity", arrow)
    intervals = pl.from_arrow(table).drop("problem")  # type: ignore[union-attr]
    frame = pl.from_arrow(arrow)
    assert isinstance(frame, pl.DataFrame)
    assert isinstance(intervals, pl.DataFrame)
    check_agree(resolver, arrow, con, intervals, index)

    dicts = arrow.to_pylist()
    times: dict[str, list[tuple[float, float]]] = {}

    def timed(label: str, fn: Callable[[], T]) -> T:
        begin, begin_cpu = time.perf_counter(), time.process_time()
        result = fn()
        spent = (time.perf_counter() - begin, time.process_time() - begin_cpu)
        times.setdefault(label, []).append(spent)
        return result

    for _ in range(ROUNDS):
        rows = timed(CONVERT, lambda: to_tuples(arrow))
        timed(RESOLVE, lambda rows=rows: resolver.resolve(rows))
        rows = to_tuples(arrow)
        timed(FLOOR, lambda rows=rows: floor(pairs, rows))
        del rows
        timed("convert: list of dicts to tuples", lambda: dicts_to_tuples(dicts))
        timed(VECTOR, lambda: resolve_arrow(arrow, index))
        timed(DUCK, lambda: con.sql(DUCKDB_SQL).to_arrow_table())
        timed("Polars, 1 thread", lambda: polars_lookup(frame, intervals))

    best = {label: min(w for w, _ in t) for label, t in times.items()}
    median = {label: statistics.median(w for w, _ in t) for label, t in times.items()}
    cpu = {label: min(c for _, c in t) for label, t in times.items()}
    print(
        f"landscape: {landscape.name} ({len(landscape.arrangements)} arrangements, "
        f"{len(pairs):,} known pairs, {len(table):,} intervals); rows: {ROWS:,}; "
        f"{ROUNDS} interleaved rounds"
    )
    print(
        f"resolver index build: {build * 1000:.0f} ms (once per landscape, not timed)"
    )
    print(
        "wall seconds best and median; rows/s from the best; xDuck: ratio to "
        "DuckDB on one thread (best, median); cpu: process CPU seconds (least) "
        "and its ratio to DuckDB's"
    )
    print(
        f"{'':34} {'best':>7} {'median':>7} {'rows/s':>12} {'xDuck':>6} "
        f"{'(med)':>6} {'cpu':>7} {'xDuck':>6}"
    )
    for label in times:
        print(
            f"{label:34} {best[label]:7.3f} {median[label]:7.3f} "
            f"{ROWS / best[label]:>12,.0f} {best[label] / best[DUCK]:6.2f} "
            f"{median[label] / median[DUCK]:6.2f} {cpu[label]:7.3f} "
            f"{cpu[label] / cpu[DUCK]:6.2f}"
        )
    for name, table_ in (("best", best), ("median", median)):
        ours, convert = table_[RESOLVE], table_[CONVERT]
        print(
            f"{name}: resolve / floor = {ours / table_[FLOOR]:.2f}x; "
            f"convert (Arrow to tuples) / resolve = {convert / ours:.2f}x; "
            f"resolve / DuckDB = {ours / table_[DUCK]:.2f}x; convert + resolve, "
            f"from Arrow: {ROWS / (convert + ours):,.0f} rows/s, "
            f"{(convert + ours) / table_[DUCK]:.2f}x DuckDB"
        )
    print(
        f"resolve_arrow / DuckDB = {best[VECTOR] / best[DUCK]:.2f}x best, "
        f"{median[VECTOR] / median[DUCK]:.2f}x median"
    )
    print("answers checked equal on every row: resolver, resolve_arrow, DuckDB, Polars")


if __name__ == "__main__":
    main()
