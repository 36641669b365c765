"""
The DuckDB engine answers as the per-row resolver does, row for row, in SQL.

Source: the national-scale issue, item 4 — "registers the responsibility table
in a DuckDB connection and resolves an activity relation (CSV, Parquet, a
DataFrame) in SQL: equi-join on codes plus a range predicate on the date ...
codes read as VARCHAR ... unknown codes kept as rows with NULLs, never
dropped". The reference is :class:`Resolver`: every answer and every
``problem`` must be its words.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import InvalidValueError, Landscape, ParseError, scenarios
from speccom_model import strategies as shipped
from speccom_model.resolving import (
    TABLE_COLUMNS,
    Resolution,
    Resolver,
    responsibility_table,
)
from tests.strategies import any_landscapes

try:
    import duckdb
    import pyarrow as pa

    from speccom_model.engines.duckdb import (
        ANSWER_COLUMNS,
        read_activity,
        register,
        resolve,
    )
except ImportError as err:  # pragma: no cover - only without the duckdb extra
    pytest.skip(
        f"DuckDB tests need the duckdb extra ({err.name} not installed)",
        allow_module_level=True,
    )

if TYPE_CHECKING:
    from collections.abc import Iterator

Row = tuple[str | None, str | None, dt.date | None]


@pytest.fixture(scope="module")
def landscape() -> Landscape:
    return scenarios.get("england_2025_26").build()


@pytest.fixture(scope="module")
def resolver(landscape: Landscape) -> Resolver:
    return Resolver(landscape)


@pytest.fixture(scope="module")
def connection(landscape: Landscape) -> Iterator[duckdb.DuckDBPyConnection]:
    """One connection with england_2025_26's table as ``responsibility``."""
    connection = duckdb.connect()
    register(connection, landscape)
    yield connection
    connection.close()


def _arrow(rows: list[Row]) -> pa.Table:
    services, places, days = zip(*rows, strict=True) if rows else ((), (), ())
    return pa.table(
        {
            "service": pa.array(services, type=pa.string()),
            "place": pa.array(places, type=pa.string()),
            "date": pa.array(days, type=pa.date32()),
        }
    )


def _expected(resolver: Resolver, rows: list[Row]) -> list[Resolution]:
    """The reference answers: null codes and dates are in the rows on purpose."""
    return resolver.resolve(rows)  # type: ignore[arg-type]


def _answers(relation: duckdb.DuckDBPyRelation) -> list[Resolution]:
    table = relation.to_arrow_table()
    columns = [table.column(name).to_pylist() for name in ANSWER_COLUMNS]
    return [Resolution(*values) for values in zip(*columns, strict=True)]


def _resolved(
    connection: duckdb.DuckDBPyConnection,
    rows: list[Row],
    table: Landscape | str = "responsibility",
) -> list[Resolution]:
    activity = connection.from_arrow(_arrow(rows))
    return _answers(resolve(connection, activity, table, keep_order=True))


class TestRegister:
    def test_the_table_has_the_documented_types(
        self, connection: duckdb.DuckDBPyConnection
    ) -> None:
        """Codes and answers VARCHAR, the interval's ends DATE."""
        described = connection.sql("DESCRIBE responsibility").fetchall()

        expected = [
            (column, "DATE" if column.startswith("valid_") else "VARCHAR")
            for column in TABLE_COLUMNS
        ]
        assert expected == [(row[0], row[1]) for row in described]

    def test_the_table_holds_every_row_of_responsibility_table(
        self, connection: duckdb.DuckDBPyConnection, landscape: Landscape
    ) -> None:
        """Registered rows read back equal the Python table, in its order."""
        got = connection.sql(
            "SELECT * FROM responsibility ORDER BY service, place, valid_from"
        ).fetchall()

        assert list(responsibility_table(landscape)) == got

    def test_an_empty_name_is_refused(self, landscape: Landscape) -> None:
        """A table needs a name."""
        with pytest.raises(InvalidValueError, match="name"):
            register(duckdb.connect(), landscape, "")


class TestEdgeCases:
    """Change-over days, unknown codes, empty strings, leading zeros, case, nulls."""

    def test_first_and_last_days_of_every_interval(
        self,
        connection: duckdb.DuckDBPyConnection,
        landscape: Landscape,
        resolver: Resolver,
    ) -> None:
        """Each interval's first and last day, and the days either side."""
        one = dt.timedelta(days=1)
        rows: list[Row] = []
        for row in responsibility_table(landscape)[:3000]:
            days = [row.valid_from, row.valid_to]
            days += [d + step for d in days for step in (-one, one) if _fits(d, step)]
            rows.extend((row.service, row.place, day) for day in days)

        assert _expected(resolver, rows) == _resolved(connection, rows)

    @pytest.mark.parametrize(
        "day", [dt.date(2013, 3, 31), dt.date(2013, 4, 1), dt.date.min, dt.date.max]
    )
    def test_nhs_englands_first_day_and_the_day_before(
        self,
        connection: duckdb.DuckDBPyConnection,
        landscape: Landscape,
        resolver: Resolver,
        day: dt.date,
    ) -> None:
        """2013-04-01 (Health and Social Care Act 2012) and either side, every pair."""
        rows: list[Row] = [
            (service.code, place.code, day)
            for service in landscape.catalogue
            for place in landscape.places
        ]

        assert _expected(resolver, rows) == _resolved(connection, rows)

    @pytest.mark.parametrize(
        ("service", "place", "problem"),
        [
            ("999", "01A", "unknown service '999'"),
            ("7", "Q99", "unknown place 'Q99'"),
            ("", "01A", "unknown service ''"),
            ("7", "", "unknown place ''"),
            ("007", "01A", "unknown service '007'"),
            ("07", "01A", "unknown service '07'"),
            ("7", "1A", "unknown place '1A'"),
            ("7", "01a", "unknown place '01a'"),
            ("7", "qe1", "unknown place 'qe1'"),
            ("7 ", "01A", "unknown service '7 '"),
            ("999", "Q99", "unknown service '999'"),
            (None, "01A", "unknown service None"),
            ("7", None, "unknown place None"),
            (None, None, "unknown service None"),
            ("O'Neil", "01A", 'unknown service "O\'Neil"'),
            ("tab\there", "01A", "unknown service 'tab\\there'"),
        ],
    )
    def test_an_unknown_code_is_kept_with_the_resolvers_words(
        self,
        connection: duckdb.DuckDBPyConnection,
        resolver: Resolver,
        service: str | None,
        place: str | None,
        problem: str,
    ) -> None:
        """Exact codes: no trimming, no case folding; the row is never dropped."""
        rows: list[Row] = [(service, place, dt.date(2024, 4, 1))]

        expected = [Resolution(None, None, None, None, problem)]
        assert expected == _expected(resolver, rows) == _resolved(connection, rows)

    def test_a_null_date_of_a_known_pair(
        self, connection: duckdb.DuckDBPyConnection, resolver: Resolver
    ) -> None:
        """The codes are checked first, then the date."""
        rows: list[Row] = [("7", "01A", None), ("999", "01A", None), ("7", "Q9", None)]

        expected = [
            Resolution(None, None, None, None, "expected a date, got None"),
            Resolution(None, None, None, None, "unknown service '999'"),
            Resolution(None, None, None, None, "unknown place 'Q9'"),
        ]
        assert expected == _expected(resolver, rows) == _resolved(connection, rows)

    def test_no_rows(self, connection: duckdb.DuckDBPyConnection) -> None:
        """An empty activity gives an empty answer, with the answer columns."""
        out = resolve(connection, connection.from_arrow(_arrow([])), "responsibility")

        assert [*("service", "place", "date"), *ANSWER_COLUMNS] == out.columns
        assert out.fetchall() == []


def _fits(day: dt.date, step: dt.timedelta) -> bool:
    try:
        day + step
    except OverflowError:
        return False
    return True


class TestAgreesWithResolve:
    @given(st.one_of(any_landscapes(), shipped.landscapes()), st.data())
    def test_every_row_answers_as_resolve(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        """Any landscape, any codes (known, near misses, any text, null), any day."""
        services = st.one_of(
            st.sampled_from([s.code for s in landscape.catalogue] or ["1"]),
            st.sampled_from(["", "999", "007", "ilL-1", " 1"]),
            st.none(),
            st.text(max_size=4),
        )
        places = st.one_of(
            st.sampled_from([p.code for p in landscape.places] or ["01A"]),
            st.sampled_from(["", "1A", "01a", "Q99"]),
            st.none(),
            st.text(max_size=3),
        )
        days = st.one_of(st.dates(), st.none())
        rows: list[Row] = data.draw(
            st.lists(st.tuples(services, places, days), max_size=30)
        )
        connection = duckdb.connect()

        assert _expected(Resolver(landscape), rows) == _resolved(
            connection, rows, landscape
        )


def _sample(landscape: Landscape, count: int, seed: int) -> list[Row]:
    """Random rows: every code of the landscape, a few unknown, days 2012–2027."""
    rng = random.Random(seed)
    services = [s.code for s in landscape.catalogue] + ["999", "", "07"]
    places = [p.code for p in landscape.places] + ["Q99", "qe1"]
    first, last = dt.date(2012, 1, 1).toordinal(), dt.date(2027, 12, 31).toordinal()
    return [
        (
            rng.choice(services),
            rng.choice(places),
            dt.date.fromordinal(rng.randint(first, last)),
        )
        for _ in range(count)
    ]


class TestSamples:
    def test_a_million_rows_of_england_2025_26(
        self,
        connection: duckdb.DuckDBPyConnection,
        landscape: Landscape,
        resolver: Resolver,
    ) -> None:
        """10⁶ random rows, in order, on every thread: equal row for row."""
        rows = _sample(landscape, 1_000_000, seed=13)

        assert _expected(resolver, rows) == _resolved(connection, rows)

    def test_ten_thousand_rows_of_england_2019_20(self) -> None:
        """The 2019-20 plan (pooled budgets, payers unknown), through a landscape."""
        landscape = scenarios.get("england_2019_20").build()
        rows = _sample(landscape, 10_000, seed=1920)

        assert _expected(Resolver(landscape), rows) == _resolved(
            duckdb.connect(), rows, landscape
        )

    def test_without_keep_order_every_row_comes_out_once(
        self, connection: duckdb.DuckDBPyConnection, landscape: Landscape
    ) -> None:
        """The same rows, numbered by the caller, in any order."""
        rows = _sample(landscape, 50_000, seed=7)
        activity = connection.from_arrow(
            _arrow(rows).append_column("n", pa.array(range(len(rows))))
        )
        out = resolve(connection, activity, "responsibility")
        got = {row[3]: row[4:] for row in out.fetchall()}

        expected = _expected(Resolver(landscape), rows)
        assert len(rows) == len(got)
        assert expected == [Resolution(*got[n]) for n in range(len(rows))]


class TestActivity:
    def test_other_columns_pass_through_in_order(
        self, connection: duckdb.DuckDBPyConnection
    ) -> None:
        """The activity's own columns come first, as they were."""
        activity = connection.sql(
            "SELECT 42 AS spell, '7' AS service, '01A' AS place, "
            "DATE '2024-04-01' AS date, 1.5 AS cost"
        )
        out = resolve(connection, activity, "responsibility")

        assert ["spell", "service", "place", "date", "cost", *ANSWER_COLUMNS] == (
            out.columns
        )
        assert (42, "7", "01A", dt.date(2024, 4, 1)) == out.fetchall()[0][:4]

    def test_other_column_names(self, connection: duckdb.DuckDBPyConnection) -> None:
        """Columns are named with service=, place=, date=."""
        activity = connection.sql(
            "SELECT '7' AS \"Service Code\", '01A' AS site, DATE '2024-04-01' AS d"
        )
        out = resolve(
            connection,
            activity,
            "responsibility",
            service="Service Code",
            place="site",
            date="d",
        )

        assert [Resolution("X24", "QE1", "QE1", "DEL-QE1")] == _answers(out)

    def test_a_landscape_is_registered_once(self, landscape: Landscape) -> None:
        """The same answers twice are one table in the connection."""
        connection = duckdb.connect()
        rows: list[Row] = [("7", "01A", dt.date(2024, 4, 1))]
        first = _resolved(connection, rows, landscape)
        second = _resolved(connection, rows, landscape)
        tables = connection.sql(
            "SELECT count(*) FROM duckdb_tables() "
            "WHERE table_name LIKE 'speccom_responsibility_%'"
        ).fetchall()

        assert first == second == _expected(Resolver(landscape), rows)
        assert tables == [(1,)]


class TestRefusals:
    def test_a_missing_column(self, connection: duckdb.DuckDBPyConnection) -> None:
        """The error names the column and lists those there are."""
        activity = connection.sql("SELECT '7' AS service, DATE '2024-04-01' AS date")

        with pytest.raises(InvalidValueError, match=r"activity\.place: .*'place'"):
            resolve(connection, activity, "responsibility")

    @pytest.mark.parametrize("column", ANSWER_COLUMNS)
    def test_an_activity_that_already_has_an_answer_column(
        self, connection: duckdb.DuckDBPyConnection, column: str
    ) -> None:
        """An answer column would be shadowed: drop or rename it first."""
        activity = connection.sql(
            f"SELECT '7' AS service, '01A' AS place, DATE '2024-04-01' AS date, "
            f"'x' AS {column}"
        )

        with pytest.raises(InvalidValueError, match=f"activity.{column}: .*rename"):
            resolve(connection, activity, "responsibility")

    @pytest.mark.parametrize(
        ("value", "kind", "hint"),
        [
            ("'2024-04-01'", "VARCHAR", "strptime"),
            ("TIMESTAMP '2024-04-01 10:00'", "TIMESTAMP", "CAST"),
            ("20240401", "INTEGER", "CAST"),
        ],
    )
    def test_a_date_column_that_is_not_a_date(
        self, connection: duckdb.DuckDBPyConnection, value: str, kind: str, hint: str
    ) -> None:
        """The error says the type found and how to cast."""
        activity = connection.sql(
            f"SELECT '7' AS service, '01A' AS place, {value} AS date"
        )

        with pytest.raises(InvalidValueError, match=f"activity.date: .*{hint}.*{kind}"):
            resolve(connection, activity, "responsibility")

    def test_codes_that_are_numbers(
        self, connection: duckdb.DuckDBPyConnection
    ) -> None:
        """A number has lost any leading zeros: refused, not matched as 7."""
        activity = connection.sql(
            "SELECT 7 AS service, '01A' AS place, DATE '2024-04-01' AS date"
        )

        with pytest.raises(InvalidValueError, match=r"activity\.service: .*VARCHAR"):
            resolve(connection, activity, "responsibility")

    def test_a_table_that_is_not_there(
        self, connection: duckdb.DuckDBPyConnection
    ) -> None:
        """A name must be a table register made."""
        activity = connection.sql(
            "SELECT '7' AS service, '01A' AS place, DATE '2024-04-01' AS date"
        )

        with pytest.raises(InvalidValueError, match="landscape_or_name"):
            resolve(connection, activity, "no_such_table")

    def test_an_activity_that_is_not_a_relation(
        self, connection: duckdb.DuckDBPyConnection
    ) -> None:
        """A list of rows is not a relation: make one with from_arrow or sql."""
        with pytest.raises(InvalidValueError, match="a DuckDB relation"):
            resolve(connection, [("7", "01A")], "responsibility")  # type: ignore[arg-type]

    def test_a_file_that_is_neither_csv_nor_parquet(
        self, connection: duckdb.DuckDBPyConnection, tmp_path: Path
    ) -> None:
        """Only .csv and .parquet paths are read."""
        path = tmp_path / "activity.json"
        path.write_text("[]", encoding="utf-8")

        with pytest.raises(InvalidValueError, match=r"\.csv or \.parquet"):
            resolve(connection, path, "responsibility")


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


class TestReadActivity:
    def test_codes_are_read_as_written(
        self, connection: duckdb.DuckDBPyConnection, tmp_path: Path
    ) -> None:
        """'1' stays text, '007' keeps its zeros, an empty cell is the code ''."""
        path = _csv(
            tmp_path / "a.csv",
            "service,place,date\n1,01A,2024-04-01\n007,01A,2024-04-01\n,01A,2024-04-01\n"
            "7,,2024-04-01\n7,01A,\n",
        )
        relation = read_activity(connection, path)

        assert [str(t) for t in relation.types] == ["VARCHAR", "VARCHAR", "DATE"]
        assert [
            ("1", "01A", dt.date(2024, 4, 1)),
            ("007", "01A", dt.date(2024, 4, 1)),
            ("", "01A", dt.date(2024, 4, 1)),
            ("7", "", dt.date(2024, 4, 1)),
            ("7", "01A", None),
        ] == relation.fetchall()

    def test_a_csv_path_resolves_as_the_resolver(
        self,
        connection: duckdb.DuckDBPyConnection,
        resolver: Resolver,
        tmp_path: Path,
    ) -> None:
        """Every row of the file, in order, answered as Resolver answers."""
        rows: list[Row] = [
            ("1", "01A", dt.date(2024, 4, 1)),
            ("007", "01A", dt.date(2024, 4, 1)),
            ("", "01A", dt.date(2024, 4, 1)),
            ("7", "", dt.date(2013, 3, 31)),
            ("7", "01A", None),
        ]
        path = _csv(
            tmp_path / "a.csv",
            "service,place,date\n"
            + "".join(f"{s},{p},{'' if d is None else d}\n" for s, p, d in rows),
        )

        out = resolve(connection, path, "responsibility", keep_order=True)
        assert _expected(resolver, rows) == _answers(out)

    def test_a_parquet_path_resolves_as_the_resolver(
        self,
        connection: duckdb.DuckDBPyConnection,
        landscape: Landscape,
        resolver: Resolver,
        tmp_path: Path,
    ) -> None:
        """Parquet keeps its types: codes as strings, dates as dates."""
        rows = _sample(landscape, 2_000, seed=3)
        path = tmp_path / "a.parquet"
        connection.from_arrow(_arrow(rows)).write_parquet(str(path))

        out = resolve(connection, str(path), "responsibility", keep_order=True)
        assert _expected(resolver, rows) == _answers(out)

    def test_uk_dates(
        self, connection: duckdb.DuckDBPyConnection, tmp_path: Path
    ) -> None:
        """date_format reads 31/03/2013 as the last day before NHS England."""
        path = _csv(
            tmp_path / "uk.csv",
            "service,place,date\n7,01A,31/03/2013\n7,01A,01/04/2024\n",
        )
        relation = read_activity(connection, path, date_format="%d/%m/%Y")

        assert [dt.date(2013, 3, 31), dt.date(2024, 4, 1)] == [
            row[2] for row in relation.fetchall()
        ]

    def test_a_date_that_does_not_parse_names_file_line_column_value_format(
        self, connection: duckdb.DuckDBPyConnection, tmp_path: Path
    ) -> None:
        """Refused when read, never a silent NULL."""
        path = _csv(
            tmp_path / "bad.csv",
            "service,place,date\n7,01A,01/04/2024\n7,01A,31/02/2024\n",
        )

        with pytest.raises(ParseError) as caught:
            read_activity(connection, path, date_format="%d/%m/%Y")
        assert (str(path), 3, "date", "31/02/2024") == (
            caught.value.file,
            caught.value.line,
            caught.value.field,
            caught.value.value,
        )
        assert "'%d/%m/%Y'" in str(caught.value)

    def test_an_iso_file_read_with_the_default_format(
        self, connection: duckdb.DuckDBPyConnection, tmp_path: Path
    ) -> None:
        """UK dates in a file read as ISO are refused, naming the format."""
        path = _csv(tmp_path / "uk.csv", "service,place,date\n7,01A,01/04/2024\n")

        with pytest.raises(ParseError, match="'%Y-%m-%d', got '01/04/2024'"):
            read_activity(connection, path)

    def test_unchecked_a_bad_date_is_duckdbs_error_when_read(
        self, connection: duckdb.DuckDBPyConnection, tmp_path: Path
    ) -> None:
        """check=False reads nothing now; reading the rows raises, naming the value."""
        path = _csv(tmp_path / "bad.csv", "service,place,date\n7,01A,2024-02-30\n")
        relation = read_activity(connection, path, check=False)

        with pytest.raises(duckdb.ConversionException, match="2024-02-30"):
            relation.fetchall()

    def test_a_missing_column(
        self, connection: duckdb.DuckDBPyConnection, tmp_path: Path
    ) -> None:
        """The error names the file and the column."""
        path = _csv(tmp_path / "a.csv", "service,site,date\n7,01A,2024-04-01\n")

        with pytest.raises(InvalidValueError, match=r"a\.csv\.place: .*'place'"):
            read_activity(connection, path)

    @pytest.mark.parametrize("text", ["", "\n", "\ufeff", "\ufeff \r\n\n"])
    def test_an_empty_file_is_said_to_be_empty(
        self, connection: duckdb.DuckDBPyConnection, tmp_path: Path, text: str
    ) -> None:
        """DuckDB would invent a column0; the error says a header row was expected."""
        path = _csv(tmp_path / "a.csv", text)

        with pytest.raises(ParseError) as caught:
            read_activity(connection, path)

        assert str(caught.value) == (
            f"{path}: {path}: expected a CSV file with a header row, got ''"
        )

    def test_a_header_alone_is_no_rows(
        self, connection: duckdb.DuckDBPyConnection, tmp_path: Path
    ) -> None:
        """A file with its header and no rows is an empty relation, not an error."""
        path = _csv(tmp_path / "a.csv", "service,place,date\n")

        assert read_activity(connection, path).fetchall() == []

    def test_another_delimiter_and_column_names(
        self, connection: duckdb.DuckDBPyConnection, tmp_path: Path
    ) -> None:
        """Semicolons, and columns named by the caller."""
        path = _csv(tmp_path / "a.csv", "svc;loc;day\n07;01A;2024-04-01\n")
        relation = read_activity(
            connection, path, service="svc", place="loc", date="day", delimiter=";"
        )

        assert [("07", "01A", dt.date(2024, 4, 1))] == relation.fetchall()


class TestTheSqlRecipe:
    def test_the_recipe_in_docs_scale_md_answers_as_the_resolver(
        self,
        landscape: Landscape,
        resolver: Resolver,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The DuckDB SQL block of docs/scale.md, on the table speccom table writes."""
        from speccom_model.cli import main

        page = (Path(__file__).parents[2] / "docs" / "scale.md").read_text("utf-8")
        section = page.split("## DuckDB", 1)[1].split("\n## ", 1)[0]
        recipe = section.split("```sql\n", 1)[1].split("```", 1)[0]
        monkeypatch.chdir(tmp_path)
        status = main(
            [
                "table",
                "england_2025_26",
                "--format",
                "parquet",
                "--out",
                "responsibility.parquet",
            ]
        )
        assert status == 0
        rows: list[Row] = [
            *_sample(landscape, 2_000, seed=11),
            ("7", "01A", dt.date(2013, 3, 31)),
            ("7", "01A", dt.date(2013, 4, 1)),
            ("", "01A", dt.date(2024, 4, 1)),
            ("007", "01A", dt.date(2024, 4, 1)),
            ("7", "01a", dt.date(2024, 4, 1)),
            ("7", "01A", None),
        ]
        Path("activity.csv").write_text(
            "n,service,place,date\n"
            + "".join(
                f"{n},{s},{p},{'' if d is None else d.strftime('%d/%m/%Y')}\n"
                for n, (s, p, d) in enumerate(rows)
            ),
            encoding="utf-8",
        )
        got = duckdb.connect().execute(recipe).fetchall()
        by_row = {row[0]: Resolution(*row[4:]) for row in got}

        assert _expected(resolver, rows) == [by_row[n] for n in range(len(rows))]


class TestTablesNamedByTheCaller:
    def test_a_table_read_from_parquet_is_used_as_registered(
        self, landscape: Landscape, resolver: Resolver, tmp_path: Path
    ) -> None:
        """Speccom table's Parquet, read with read_parquet, has the right types."""
        from speccom_model.resolving.arrow import table_to_arrow

        connection = duckdb.connect()
        connection.from_arrow(
            table_to_arrow(responsibility_table(landscape))
        ).write_parquet(str(tmp_path / "t.parquet"))
        connection.execute(
            f"CREATE TABLE kept AS FROM read_parquet('{tmp_path / 't.parquet'}')"
        )
        rows = _sample(landscape, 1_000, seed=5)

        assert _expected(resolver, rows) == _resolved(connection, rows, "kept")

    def test_a_table_whose_codes_were_read_as_numbers_is_refused(
        self, tmp_path: Path
    ) -> None:
        """A CSV read with type detection has lost the codes' text."""
        path = _csv(
            tmp_path / "t.csv",
            "service,place,valid_from,valid_to,accountable,commissioner,payer,"
            "arrangement,problem\n1,11,2013-04-01,9999-12-31,X24,X24,X24,,\n",
        )
        connection = duckdb.connect()
        connection.execute(f"CREATE TABLE guessed AS FROM read_csv('{path}')")
        activity = connection.sql(
            "SELECT '1' AS service, '11' AS place, DATE '2024-04-01' AS date"
        )

        with pytest.raises(InvalidValueError, match=r"guessed\.service: .*BIGINT"):
            resolve(connection, activity, "guessed")
