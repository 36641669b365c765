"""
DuckDB: the range join against ASOF, resolve's own query and the docs' recipe.

The activity (ROWS random rows of england_2025_26: every service and place,
days 2012-01-01 to 2027-12-31) is a DuckDB table in memory, so only the join
is timed: each query materialises its answer (CREATE TEMP TABLE … AS),
interleaved, ROUNDS times; best of each. All four give the same answers (a
checksum is printed first). Needs the duckdb extra.
Run: python benchmarks/bench_duckdb_join.py [ROWS] [THREADS] [ROUNDS]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time

import duckdb
import pyarrow as pa

from speccom_model import scenarios
from speccom_model.engines import duckdb as engine

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
THREADS = int(sys.argv[2]) if len(sys.argv) > 2 else 1
ROUNDS = int(sys.argv[3]) if len(sys.argv) > 3 else 7
ANSWERS = "t.accountable, t.commissioner, t.payer, t.arrangement, t.problem"
QUERIES = {
    "BETWEEN": (
        f"SELECT a.*, {ANSWERS} FROM activity a LEFT JOIN responsibility t "
        "ON t.service = a.service AND t.place = a.place "
        "AND a.date BETWEEN t.valid_from AND t.valid_to"
    ),
    "ASOF": (
        f"SELECT a.*, {ANSWERS} FROM activity a ASOF LEFT JOIN responsibility t "
        "ON t.service = a.service AND t.place = a.place AND a.date >= t.valid_from"
    ),
    # docs/scale.md's SQL recipe: the unknown-code words by NOT IN subqueries.
    "docs recipe": (
        "SELECT a.*, t.accountable, t.commissioner, t.payer, t.arrangement, CASE "
        "WHEN t.service IS NOT NULL THEN t.problem "
        "WHEN a.service NOT IN (SELECT service FROM responsibility) "
        "THEN 'unknown service ''' || a.service || '''' "
        "WHEN a.place NOT IN (SELECT place FROM responsibility) "
        "THEN 'unknown place ''' || a.place || '''' "
        "ELSE 'expected a date, got None' END AS problem "
        "FROM activity a LEFT JOIN responsibility t "
        "ON t.service = a.service AND t.place = a.place "
        "AND a.date BETWEEN t.valid_from AND t.valid_to"
    ),
}


def main() -> None:
    landscape = scenarios.get("england_2025_26").build()
    rng = random.Random(13)
    services = sorted(s.code for s in landscape.catalogue)
    places = sorted(p.code for p in landscape.places)
    first, last = dt.date(2012, 1, 1).toordinal(), dt.date(2027, 12, 31).toordinal()
    rows = [
        (
            rng.choice(services),
            rng.choice(places),
            dt.date.fromordinal(rng.randint(first, last)),
        )
        for _ in range(ROWS)
    ]
    connection = duckdb.connect()
    connection.execute(f"SET threads = {THREADS}")
    engine.register(connection, landscape)
    s, p, d = zip(*rows, strict=True)
    arrow = pa.table(
        {
            "service": pa.array(s, pa.string()),
            "place": pa.array(p, pa.string()),
            "date": pa.array(d, pa.date32()),
        }
    )
    connection.register("arrow_activity", arrow)
    connection.execute("CREATE TABLE activity AS FROM arrow_activity")
    connection.unregister("arrow_activity")
    activity = connection.table("activity")
    queries = {
        **QUERIES,
        "engine.resolve": engine.resolve(
            connection, activity, "responsibility"
        ).sql_query(),
    }
    for name, query in queries.items():
        checksum = connection.sql(
            "SELECT count(*), count(accountable), count(problem), "
            "sum(hash(accountable, commissioner, payer, arrangement, problem)) "
            f"FROM ({query})"
        ).fetchall()
        print(f"{name:15s} {checksum}")
    times: dict[str, list[float]] = {name: [] for name in queries}
    for _ in range(ROUNDS):
        for name, query in queries.items():
            start = time.perf_counter()
            connection.execute(f"CREATE OR REPLACE TEMP TABLE answers AS {query}")
            times[name].append(time.perf_counter() - start)
    print(f"DuckDB {duckdb.__version__}, {ROWS:,} rows, {THREADS} thread(s)")
    for name, taken in times.items():
        best = min(taken)
        print(f"{name:15s} best {best:.3f} s = {ROWS / best / 1e6:.2f} M rows/s")
    between = min(times["BETWEEN"])
    print(f"ASOF / BETWEEN: {min(times['ASOF']) / between:.2f}x")
    for name in ("engine.resolve", "docs recipe"):
        print(f"{name} / BETWEEN: {min(times[name]) / between:.2f}x")


if __name__ == "__main__":
    main()
