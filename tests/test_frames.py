"""Tables as Arrow, pandas and Polars: money exact decimals, never floats."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal

import pytest

from speccom_model import check, scenarios, summarise
from speccom_model.errors import MissingExtraError
from speccom_model.frames import to_arrow, to_pandas, to_polars
from speccom_model.resolving import responsibility_table
from speccom_model.tabular import (
    Cell,
    Column,
    ColumnKind,
    Table,
    report_table,
    responsibility_rows,
    summary_tables,
    text_cell,
)

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")


@pytest.fixture(scope="module")
def bodies() -> Table:
    return summary_tables(summarise(scenarios.england_2024_25()))["bodies"]


def _every_kind() -> Table:
    from speccom_model import FinancialYear, gbp

    columns = [Column(name=k.value, kind=k) for k in ColumnKind]
    row: dict[ColumnKind, Cell] = {
        ColumnKind.TEXT: 'a, "b"\n',
        ColumnKind.CODE: "QE1",
        ColumnKind.CODES: ("1", "2A"),
        ColumnKind.MONEY: gbp("-£1,234,567,890,123.45"),
        ColumnKind.INTEGER: 2**62,
        ColumnKind.DATE: dt.date(1, 1, 1),
        ColumnKind.YEAR: FinancialYear(2024),
        ColumnKind.BOOLEAN: True,
    }
    return Table(
        name="every",
        columns=columns,
        rows=[[row[k] for k in ColumnKind], [None] * len(columns)],
    )


class TestArrow:
    def test_each_kind_has_its_arrow_type(self) -> None:
        arrow = to_arrow(_every_kind())

        assert [str(f.type) for f in arrow.schema] == [
            "string",
            "string",
            "list<item: string>",
            "decimal128(38, 2)",
            "int64",
            "date32[day]",
            "string",
            "bool",
        ]
        assert arrow.schema.field("money").metadata == {
            b"kind": b"money",
            b"description": b"",
        }
        assert arrow.schema.metadata == {b"name": b"every"}

    def test_values_arrive_exactly(self) -> None:
        first = to_arrow(_every_kind()).to_pylist()[0]

        assert first["money"] == Decimal("-1234567890123.45")
        assert first["integer"] == 2**62
        assert first["date"] == dt.date(1, 1, 1)
        assert (first["year"], first["codes"]) == ("2024-25", ["1", "2A"])

    def test_empty_cells_are_nulls(self) -> None:
        second = to_arrow(_every_kind()).to_pylist()[1]

        assert set(second.values()) == {None}


class TestPandas:
    def test_money_is_decimal_to_the_penny(self, bodies: Table) -> None:
        frame = to_pandas(bodies)

        assert frame["allocation"].dtype == object
        assert list(frame["allocation"]) == [
            Decimal(text_cell(ColumnKind.MONEY, r["allocation"]))
            for r in bodies.records()
        ]
        assert sum(frame["allocation"]) == Decimal(
            text_cell(ColumnKind.MONEY, sum(r["allocation"] for r in bodies.records()))  # type: ignore[misc]
        )

    def test_integers_stay_integers_beside_empty_cells(self) -> None:
        frame = to_pandas(_every_kind())

        assert str(frame["integer"].dtype) == "Int64"
        assert frame.loc[0, "integer"] == 2**62
        assert frame.loc[1, "integer"] is pd.NA

    def test_dates_outside_pandas_timestamps_survive(self) -> None:
        frame = to_pandas(
            responsibility_rows(responsibility_table(scenarios.england_2019_20()))
        )

        assert frame["valid_from"].min() == dt.date(1, 1, 1)
        assert frame["valid_to"].max() == dt.date(9999, 12, 31)

    def test_an_arrow_table_is_taken_as_it_is(self) -> None:
        from speccom_model.resolving.arrow import table_to_arrow

        intervals = responsibility_table(scenarios.england_2019_20())
        frame = to_pandas(table_to_arrow(intervals))

        assert len(frame) == len(intervals)

    def test_a_report(self) -> None:
        report = check(scenarios.england_2019_20())
        frame = to_pandas(report_table(report))

        assert list(frame["code"]) == [f.code for f in report]


class TestPolars:
    def test_money_is_decimal_to_the_penny(self, bodies: Table) -> None:
        frame = to_polars(bodies)

        assert frame.schema["allocation"] == pl.Decimal(38, 2)
        total = frame["allocation"].sum()
        assert Decimal(str(total)) == Decimal(
            text_cell(ColumnKind.MONEY, sum(r["allocation"] for r in bodies.records()))  # type: ignore[misc]
        )

    def test_each_kind(self) -> None:
        frame = to_polars(_every_kind())

        assert frame.schema["date"] == pl.Date
        assert frame.schema["integer"] == pl.Int64
        assert frame.row(0, named=True)["money"] == Decimal("-1234567890123.45")


@pytest.mark.parametrize(
    ("call", "module", "extra"),
    [
        (to_arrow, "pyarrow", "arrow"),
        (to_pandas, "pandas", "pandas"),
        (to_polars, "polars", "polars"),
    ],
)
def test_a_missing_extra_is_named(
    monkeypatch: pytest.MonkeyPatch, call: object, module: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)

    with pytest.raises(MissingExtraError, match=rf"the {extra} extra installed") as err:
        call(_every_kind())  # type: ignore[operator]
    assert err.value.value == f"{module} not installed"
