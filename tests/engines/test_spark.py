"""
The Spark engine, on a real local Spark session: the same answers as Resolver.

Every comparison builds the activity as a Spark DataFrame, resolves it in
Spark and collects it once; the expected answers are
``Resolver(landscape).resolve`` on the same rows, in Python.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from speccom_model import InvalidValueError, scenarios
from speccom_model.engines.spark import (
    ANSWER_COLUMNS,
    resolve,
    responsibility_frame,
    table_schema,
)
from speccom_model.resolving import (
    Resolution,
    Resolver,
    ResponsibilityInterval,
    responsibility_table,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from speccom_model.landscape import Landscape

ACTIVITY = "id int, service string, place string, date date"
Row = tuple[str | None, str | None, dt.date | None]

ENGLAND_2025_26 = scenarios.get("england_2025_26").build()
ENGLAND_2019_20 = scenarios.get("england_2019_20").build()
ENGLAND_2024_25 = scenarios.england_2024_25()
LANDSCAPES = {
    "england_2025_26": ENGLAND_2025_26,
    "england_2019_20": ENGLAND_2019_20,
    "england_2024_25": ENGLAND_2024_25,
}
#: Characters of Unicode 6 or older, whose categories Python's and Java's Unicode
#: tables agree on (the two differ in version): Latin, general punctuation
#: (separators and format characters among them), and a few beyond.
ALPHABET = (
    [chr(c) for c in range(0x250) if not 0xD800 <= c < 0xE000]
    + [chr(c) for c in range(0x2000, 0x2070)]
    + list("\ufeff\ufffe😀\U000e0001\U000f0000\U0010ffff")
)


@pytest.fixture(scope="module")
def tables(spark: SparkSession) -> dict[str, DataFrame]:
    """Each landscape's table frame, built once and cached in the session."""
    return {
        name: responsibility_frame(spark, landscape).cache()
        for name, landscape in LANDSCAPES.items()
    }


def _frame(spark: SparkSession, rows: list[Row]) -> DataFrame:
    return spark.createDataFrame(
        [(i, *row) for i, row in enumerate(rows)], schema=ACTIVITY
    )


def _answers(resolved: DataFrame) -> list[Resolution]:
    """The five answers of every row, in the order of the activity's ``id``."""
    rows = sorted(resolved.collect(), key=lambda row: row["id"])
    return [Resolution(*(row[name] for name in ANSWER_COLUMNS)) for row in rows]


def _expected(landscape: Landscape, rows: list[Row]) -> list[Resolution]:
    return Resolver(landscape).resolve(rows)  # type: ignore[arg-type]


def _edge_rows(table: tuple[ResponsibilityInterval, ...]) -> list[Row]:
    """
    Change-over days and codes that are nearly right.

    For the ten pairs with the most intervals, the first and last day of each
    interval; for one pair, 2013-03-31 and 2013-04-01 (the day before and the
    day NHS England's commissioning functions began) and the first and last
    days an engine's date can hold.
    """
    pairs: dict[tuple[str, str], list[ResponsibilityInterval]] = {}
    for row in table:
        pairs.setdefault((row.service, row.place), []).append(row)
    busiest = sorted(pairs, key=lambda pair: (-len(pairs[pair]), pair))[:10]
    rows: list[Row] = [
        (service, place, day)
        for service, place in busiest
        for interval in pairs[(service, place)]
        for day in (interval.valid_from, interval.valid_to)
    ]
    service, place = busiest[0]
    rows += [
        (service, place, day)
        for day in (
            dt.date(2013, 3, 31),
            dt.date(2013, 4, 1),
            dt.date.min,
            dt.date.max,
        )
    ]
    on = dt.date(2025, 6, 1)
    place_with_zero = next(p for _, p in pairs if p.startswith("0"))
    lettered = next(s for s, _ in pairs if s != s.lower())  # such as "19A"
    rows += [
        ("999", place, on),  # unknown service
        (service, "Q99", on),  # unknown place
        ("999", "Q99", on),  # both: the service is named first
        ("", place, on),  # empty strings
        (service, "", on),
        ("", "", on),
        (service, place_with_zero, on),  # leading zeros kept…
        (service, place_with_zero.lstrip("0"), on),  # …and not invented
        (service, place_with_zero.lower(), on),  # lower case
        (service, place.lower(), on),
        (lettered, place, on),
        (lettered.lower(), place, on),
        (f"0{service}", place, on),
        (service, "qe1", on),
        (f" {service}", place, on),  # spaces are not trimmed
        (service, f"{place} ", on),
        (None, place, on),  # null codes
        (service, None, on),
        (None, None, on),
        (service, place, None),  # null date
        ("999", place, None),  # an unknown code is named before a null date
        (service, "Q99", None),
        ("O'Neil", place, on),  # quoted as Python's repr quotes
        ('say "7"', place, on),
        ('it\'s "7"', place, on),
        ("back\\slash\ttab\nnew\rline", place, on),
        (service, "nul\x00del\x7fnbsp\xa0é", on),
        (service, "line\u2028bom\ufeff😀\U000e0001\U000f0000", on),
    ]
    return rows


class TestResolve:
    def test_edge_cases_answer_as_the_resolver_does(
        self, spark: SparkSession, tables: dict[str, DataFrame]
    ) -> None:
        """
        Change-over days, unknown, empty, zero-led, lower-case and null codes.

        Unknown codes are quoted as Python's repr() quotes them (the Resolver's
        problems are f-strings of ``{code!r}``): 300 random codes of quotes,
        backslashes, control, separator, format and astral characters.
        """
        rows = _edge_rows(responsibility_table(ENGLAND_2025_26))
        rng = random.Random(13)
        on = dt.date(2025, 6, 1)
        rows += [
            ("".join(rng.choices(ALPHABET, k=rng.randrange(7))), "01A", on)
            for _ in range(300)
        ]

        answers = _answers(resolve(_frame(spark, rows), tables["england_2025_26"]))

        assert answers == _expected(ENGLAND_2025_26, rows)

    @pytest.mark.parametrize("name", ["england_2025_26", "england_2019_20"])
    def test_a_random_sample_answers_as_the_resolver_does(
        self, spark: SparkSession, tables: dict[str, DataFrame], name: str
    ) -> None:
        """10,000 random rows of a real scenario, every known code, change-overs."""
        landscape = LANDSCAPES[name]
        table = responsibility_table(landscape)
        services = [*sorted({row.service for row in table}), "999", "7A", ""]
        places = [*sorted({row.place for row in table}), "Q99", "1A", None]
        days = sorted(
            {row.valid_from for row in table} | {row.valid_to for row in table}
        )[1:-1]  # not 0001-01-01 nor 9999-12-31, which have no neighbour
        first, last = dt.date(2012, 1, 1), dt.date(2027, 12, 31)
        rng = random.Random(13)

        def day() -> dt.date | None:
            pick = rng.random()
            if pick < 0.5:
                return first + dt.timedelta(days=rng.randrange((last - first).days))
            if pick < 0.999:
                return rng.choice(days) + dt.timedelta(days=rng.choice((-1, 0, 1)))
            return None

        rows: list[Row] = [
            (rng.choice(services), rng.choice(places), day()) for _ in range(10_000)
        ]

        answers = _answers(resolve(_frame(spark, rows), tables[name]))
        expected = _expected(landscape, rows)

        # The sample meets delegated pairs, change-overs and unknown codes.
        assert {a.arrangement for a in expected} - {None}
        assert {a.problem for a in expected} > {None}
        assert answers == expected

    def test_columns_of_other_names_and_types(self, spark: SparkSession) -> None:
        """Named columns are used; others pass through."""
        frame = spark.createDataFrame(
            [(1, "7", "01A", dt.date(2024, 4, 1), "x"), (2, "7", "01A", None, "y")],
            "id int, `the service` string, `place.code` string, `when` date, "
            "service string",
        )

        resolved = resolve(
            frame,
            ENGLAND_2024_25,
            service="the service",
            place="place.code",
            date="when",
        )
        rows = sorted(resolved.collect(), key=lambda row: row["id"])

        assert resolved.columns == [*frame.columns, *ANSWER_COLUMNS]
        assert [tuple(row)[:5] for row in rows] == [
            (1, "7", "01A", dt.date(2024, 4, 1), "x"),
            (2, "7", "01A", None, "y"),
        ]
        assert [Resolution(*tuple(row)[5:]) for row in rows] == _expected(
            ENGLAND_2024_25,
            [("7", "01A", dt.date(2024, 4, 1)), ("7", "01A", None)],
        )

    def test_the_table_is_broadcast(
        self, spark: SparkSession, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The plan joins by broadcast hash, never by shuffling the activity."""
        rows: list[Row] = [("7", "01A", dt.date(2024, 4, 1))]

        resolve(_frame(spark, rows), ENGLAND_2024_25).explain()
        plan = capsys.readouterr().out

        assert "BroadcastHashJoin" in plan
        assert "SortMergeJoin" not in plan


class TestResponsibilityFrame:
    def test_the_frame_holds_the_table(self, tables: dict[str, DataFrame]) -> None:
        """Every row of the table, in order, with the documented types."""
        frame = tables["england_2024_25"]

        assert frame.schema == table_schema()
        assert [tuple(row) for row in frame.collect()] == list(
            responsibility_table(ENGLAND_2024_25)
        )

    def test_a_table_read_from_parquet_resolves(
        self, spark: SparkSession, tables: dict[str, DataFrame], tmp_path: Path
    ) -> None:
        """The docs' recipe, PySpark and Spark SQL, on a table read from Parquet."""
        rows: list[Row] = [
            ("7", "01A", dt.date(2024, 4, 1)),
            ("7", "01A", dt.date(2024, 3, 31)),
            ("999", "01A", dt.date(2024, 4, 1)),
            ("7", "Q99", None),
        ]
        table = tmp_path / "responsibility.parquet"
        # Spark 4's default; Spark 3 refuses to write 0001-01-01 without it.
        spark.conf.set("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED")
        tables["england_2024_25"].write.parquet(str(table))
        recipe = _recipe()
        assert 'spark.read.parquet("activity.parquet")' in recipe
        recipe = recipe.replace('"responsibility.parquet"', repr(str(table)))
        recipe = recipe.replace('spark.read.parquet("activity.parquet")', "rows")
        namespace: dict[str, Any] = {"spark": spark, "rows": _frame(spark, rows)}

        exec(recipe, namespace)

        expected = _expected(ENGLAND_2024_25, rows)
        # Spark SQL alone does not say which code is unknown.
        unmatched = "unknown code, or no date"
        expected_sql = [
            answer._replace(problem=unmatched) if answer.accountable is None else answer
            for answer in expected
        ]
        assert _answers(namespace["resolved"]) == expected
        assert _answers(namespace["resolved_sql"]) == expected_sql

    def test_a_table_that_lacks_days_says_so(
        self, spark: SparkSession, tables: dict[str, DataFrame]
    ) -> None:
        """A frame cut short answers nothing it does not hold, and says so."""
        table = tables["england_2024_25"]
        since_2013 = table.where(table["valid_from"] >= dt.date(2013, 4, 1))
        rows: list[Row] = [
            ("7", "01A", dt.date(2012, 6, 1)),
            ("7", "01A", dt.date(2024, 4, 1)),
        ]

        answers = _answers(resolve(_frame(spark, rows), since_2013))

        assert answers == [
            Resolution(
                None,
                None,
                None,
                None,
                "no row of the responsibility table covers 2012-06-01",
            ),
            *_expected(ENGLAND_2024_25, rows[1:]),
        ]


def _recipe() -> str:
    """The Python code blocks of docs/scale.md's Spark section, joined."""
    page = (Path(__file__).parents[2] / "docs" / "scale.md").read_text("utf-8")
    section = page.split("## Spark", 1)[1].split("\n## ", 1)[0]
    return "\n".join(re.findall(r"```python\n(.*?)```", section, re.DOTALL))


class TestRefusals:
    @pytest.mark.parametrize(
        ("kind", "found"),
        [("string", "string"), ("timestamp", "timestamp"), ("int", "int")],
    )
    def test_a_date_that_is_not_a_date_is_refused(
        self, spark: SparkSession, kind: str, found: str
    ) -> None:
        """Text or timestamps are not guessed at: the error says to convert."""
        frame = spark.createDataFrame([], f"service string, place string, day {kind}")

        with pytest.raises(InvalidValueError) as caught:
            resolve(frame, ENGLAND_2024_25, date="day")

        assert str(caught.value) == (
            "activity column 'day': expected a column of dates (DateType); "
            "convert text first with to_date(col, 'dd/MM/yyyy') or "
            "to_date(col, 'yyyy-MM-dd'), a timestamp with to_date(col), "
            f"got {found!r}"
        )

    @pytest.mark.parametrize(
        "kind", ["int", "bigint", "smallint", "double", "decimal(10,0)", "date"]
    )
    def test_codes_that_are_not_text_are_refused(
        self, spark: SparkSession, kind: str
    ) -> None:
        """A code held as a number has lost its leading zeros: refused, as in Arrow."""
        frame = spark.createDataFrame([], f"service string, place {kind}, date date")

        with pytest.raises(InvalidValueError, match=r"activity column 'place'.*text"):
            resolve(frame, ENGLAND_2024_25)

    @pytest.mark.parametrize("column", ["problem", "Payer", "accountable"])
    def test_an_activity_with_an_answer_column_is_refused(
        self, spark: SparkSession, column: str
    ) -> None:
        """The five answers are added; no column of the activity is overwritten."""
        frame = spark.createDataFrame(
            [], f"service string, place string, date date, {column} string"
        )

        with pytest.raises(InvalidValueError) as caught:
            resolve(frame, ENGLAND_2024_25)

        assert caught.value.field == "activity"
        assert caught.value.value == column

    def test_a_missing_column_is_refused(self, spark: SparkSession) -> None:
        """The error names the argument, the column and the columns there are."""
        frame = spark.createDataFrame([], "svc string, place string, date date")

        with pytest.raises(InvalidValueError) as caught:
            resolve(frame, ENGLAND_2024_25)

        assert str(caught.value) == (
            "service: expected a column of the activity "
            "(its columns: svc, place, date), got 'service'"
        )

    def test_a_repeated_column_is_refused(self, spark: SparkSession) -> None:
        """A name the activity has twice cannot say which column is meant."""
        frame = spark.createDataFrame([], "service string, place string, date date")
        twice = frame.join(frame, "date")

        with pytest.raises(InvalidValueError, match="a column that activity has once"):
            resolve(twice, ENGLAND_2024_25)

    @pytest.mark.parametrize("thing", [None, [], "england_2024_25"])
    def test_neither_a_landscape_nor_a_frame_is_refused(
        self, spark: SparkSession, thing: object
    ) -> None:
        """The table comes from a landscape or a frame, nothing else."""
        frame = spark.createDataFrame([], "service string, place string, date date")

        with pytest.raises(InvalidValueError, match="landscape_or_frame"):
            resolve(frame, thing)  # type: ignore[arg-type]

    def test_an_activity_that_is_not_a_frame_is_refused(self) -> None:
        """Rows in a list are the Resolver's business, not Spark's."""
        rows = [("7", "01A", dt.date(2024, 4, 1))]

        with pytest.raises(InvalidValueError, match="activity: expected a Spark"):
            resolve(rows, ENGLAND_2024_25)  # type: ignore[arg-type]

    def test_a_program_run_as_python_c_is_refused_not_ended(self) -> None:
        """
        The refusal reaches a ``__main__`` without a file, as any other caller.

        pyspark 4 ends such a program with exit status 0 when Spark Connect's
        module is imported without its dependencies (as in the dev extra), so
        looking for Spark Connect's frames must not import it.
        """
        code = (
            "from speccom_model.engines.spark import resolve\n"
            "try:\n"
            "    resolve([], None)\n"
            "except ValueError as error:\n"
            "    print(type(error).__name__, error)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )

        assert out.stdout == (
            "InvalidValueError activity: expected a Spark DataFrame, got 'list'\n"
        )

    @pytest.mark.parametrize(
        ("column", "kind"), [("valid_to", "string"), ("problem", None)]
    )
    def test_a_table_frame_of_the_wrong_shape_is_refused(
        self,
        spark: SparkSession,
        tables: dict[str, DataFrame],
        column: str,
        kind: str | None,
    ) -> None:
        """A table frame lacking a column, or with one of the wrong type."""
        frame = spark.createDataFrame([], "service string, place string, date date")
        table = tables["england_2024_25"]
        table = (
            table.drop(column)
            if kind is None
            else table.withColumn(column, table[column].cast(kind))
        )

        with pytest.raises(InvalidValueError, match=f"{column}|table"):
            resolve(frame, table)


class TestWithoutPyspark:
    def test_the_module_imports_and_says_what_to_install(self) -> None:
        """Importing needs no pyspark; calling without it names the extra."""
        code = (
            "import sys; sys.modules['pyspark'] = None\n"
            "from speccom_model.engines import spark\n"
            "try:\n"
            "    spark.table_schema()\n"
            "except ImportError as error:\n"
            "    print(error)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )

        assert out.stdout == (
            "speccom_model.engines.spark: expected the spark extra installed "
            '(pip install -e ".[spark]" from a clone of the repository), '
            "got 'pyspark not installed'\n"
        )
