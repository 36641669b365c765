"""
Every path gives the same answers: the table, Arrow, DuckDB, Spark and Python.

Source: the national-scale issue — "table, Arrow, DuckDB and Spark paths give
identical answers on a 10⁶-row sample and on edge cases (change-over days,
unknown codes, empty strings, leading zeros, lower case)".

One activity of 10⁶ random rows of the newest scenario plus every edge case is
resolved five ways; the per-row Python ``Resolver`` is the reference. The
"table" path is the responsibility table joined by Arrow's own hash join and
filtered by the SQL predicate — no code of ours between the table and the
answer.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from speccom_model import scenarios
from speccom_model.engines import duckdb as duck
from speccom_model.engines import spark as sparked
from speccom_model.resolving import Resolution, Resolver, responsibility_table
from speccom_model.resolving.arrow import ANSWER_FIELDS, resolve_arrow, table_to_arrow

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from speccom_model.landscape import Landscape

SAMPLE = 1_000_000
_EPOCH = dt.date(1970, 1, 1)


@pytest.fixture(scope="module")
def landscape() -> Landscape:
    return scenarios.get(scenarios.names()[-1]).build()


def _edges(landscape: Landscape) -> list[tuple[str | None, str | None, dt.date | None]]:
    """Change-over days of every busy pair, and codes a reader might mangle."""
    table = responsibility_table(landscape)
    rows: list[tuple[str | None, str | None, dt.date | None]] = []
    one = dt.timedelta(days=1)
    for row in table:
        if row.arrangement is not None or row.valid_from == dt.date(2013, 4, 1):
            days: tuple[dt.date, ...] = (row.valid_from, row.valid_to)
            if row.valid_from > dt.date.min:
                days += (row.valid_from - one,)
            rows.extend((row.service, row.place, day) for day in days)
        if row.valid_to < dt.date.max:
            rows.append((row.service, row.place, row.valid_to + one))
    day = dt.date(2025, 4, 1)
    rows += [
        ("7", "01A", dt.date.min),
        ("7", "01A", dt.date.max),
        ("999", "01A", day),  # unknown service
        ("7", "Q99", day),  # unknown place
        ("", "01A", day),  # empty strings
        ("7", "", day),
        ("007", "01A", day),  # leading zeros
        ("7", "001A", day),
        ("07", "1A", day),
        ("ill-15", "01A", day),  # lower case
        ("7", "01a", day),
        (" 7", "01A ", day),  # untrimmed
        (None, "01A", day),  # null code
        ("7", None, day),
        ("7", "01A", None),  # null date
        ("7", "01A", dt.date(2013, 3, 31)),  # before NHS England commissioned
    ]
    return rows


def _activity(landscape: Landscape) -> pa.Table:
    """10⁶ random known rows from 2012 to 2027, then the edge cases; with ids."""
    rng = np.random.default_rng(2026)
    services = np.array(sorted(s.code for s in landscape.catalogue), dtype=object)
    places = np.array(sorted(p.code for p in landscape.places), dtype=object)
    first = (dt.date(2012, 1, 1) - _EPOCH).days
    last = (dt.date(2027, 12, 31) - _EPOCH).days
    edges = _edges(landscape)
    service = pa.concat_arrays(
        [
            pa.array(services[rng.integers(0, len(services), SAMPLE)], pa.string()),
            pa.array([e[0] for e in edges], pa.string()),
        ]
    )
    place = pa.concat_arrays(
        [
            pa.array(places[rng.integers(0, len(places), SAMPLE)], pa.string()),
            pa.array([e[1] for e in edges], pa.string()),
        ]
    )
    date = pa.concat_arrays(
        [
            pa.array(rng.integers(first, last + 1, SAMPLE, dtype=np.int32)).cast(
                pa.date32()
            ),
            pa.array([e[2] for e in edges], pa.date32()),
        ]
    )
    ids = pa.array(np.arange(len(service), dtype=np.int64))
    return pa.table({"id": ids, "service": service, "place": place, "date": date})


def _by_id(table: pa.Table) -> list[Resolution]:
    ordered = table.sort_by("id")
    columns = [ordered.column(name).to_pylist() for name in ANSWER_FIELDS]
    return [Resolution(*values) for values in zip(*columns, strict=True)]


def _table_path(landscape: Landscape, activity: pa.Table) -> list[Resolution | None]:
    """Arrow's join on the codes, then the SQL predicate; None where no row joins."""
    table = table_to_arrow(responsibility_table(landscape))
    joined = activity.join(table, keys=["service", "place"], join_type="left outer")
    date = joined.column("date")
    matched = pc.and_(
        pc.less_equal(joined.column("valid_from"), date),
        pc.less_equal(date, joined.column("valid_to")),
    )
    kept = joined.filter(pc.fill_null(matched, False))
    found: list[Resolution | None] = [None] * activity.num_rows
    assert kept.num_rows == len(set(kept.column("id").to_pylist()))  # one row each
    for row in kept.select(["id", *ANSWER_FIELDS]).to_pylist():
        found[row["id"]] = Resolution(*(row[name] for name in ANSWER_FIELDS))
    return found


def _spark_path(
    spark: SparkSession, landscape: Landscape, activity: pa.Table
) -> list[Resolution]:
    frame = spark.createDataFrame(activity)  # from Arrow, as pyspark 4 takes it
    out = sparked.resolve(frame, landscape).select("id", *ANSWER_FIELDS)
    return _by_id(out.toArrow())


def test_every_path_answers_as_the_resolver(
    spark: SparkSession, landscape: Landscape
) -> None:
    activity = _activity(landscape)
    rows = list(
        zip(
            activity.column("service").to_pylist(),
            activity.column("place").to_pylist(),
            activity.column("date").to_pylist(),
            strict=True,
        )
    )
    expected = Resolver(landscape).resolve(rows)
    assert sum(a.problem is None for a in expected) > SAMPLE // 2  # mostly answered

    assert (
        _by_id(resolve_arrow(activity, landscape).append_column("id", activity["id"]))
        == expected
    )

    connection = duckdb.connect()
    relation = duck.resolve(connection, connection.from_arrow(activity), landscape)
    assert (
        _by_id(relation.select(", ".join(["id", *ANSWER_FIELDS])).to_arrow_table())
        == expected
    )

    assert _spark_path(spark, landscape, activity) == expected

    table = _table_path(landscape, activity)
    for answer, joined in zip(expected, table, strict=True):
        if joined is None:  # no row: an unknown code or no date, and said so
            assert answer.problem is not None
            assert answer.problem.startswith(("unknown ", "expected a date"))
        else:
            assert joined == answer
