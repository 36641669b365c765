"""Tables of exact values: validation, spelling, and the tables of a check and a summary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import FinancialYear, Money, check, scenarios, summarise
from speccom_model.errors import InvalidValueError
from speccom_model.resolving import TABLE_COLUMNS, responsibility_table
from speccom_model.rules import FACTS
from speccom_model.tabular import (
    SUMMARY_TABLES,
    Column,
    ColumnKind,
    Table,
    json_cell,
    report_table,
    responsibility_rows,
    summary_tables,
    text_cell,
)
from tests.strategies import money

NAMES = scenarios.names()


def _one(kind: ColumnKind) -> tuple[Column, ...]:
    return (Column(name="x", kind=kind),)


class TestTable:
    def test_a_cell_of_the_wrong_kind_is_refused_naming_row_and_column(self) -> None:
        with pytest.raises(InvalidValueError, match=r"rows\[1\]\.x: expected Money"):
            Table(name="t", columns=_one(ColumnKind.MONEY), rows=[[None], [1.5]])  # type: ignore[list-item]

    @pytest.mark.parametrize(
        ("kind", "value"),
        [
            (ColumnKind.INTEGER, True),
            (ColumnKind.INTEGER, 1.0),
            (ColumnKind.DATE, dt.datetime(2024, 4, 1, tzinfo=dt.UTC)),
            (ColumnKind.CODES, ["A"]),
            (ColumnKind.CODES, ("A", 1)),
            (ColumnKind.YEAR, "2024-25"),
            (ColumnKind.BOOLEAN, 1),
            (ColumnKind.TEXT, Money(Decimal(1))),
        ],
    )
    def test_near_misses_are_refused(self, kind: ColumnKind, value: object) -> None:
        with pytest.raises(InvalidValueError):
            Table(name="t", columns=_one(kind), rows=[[value]])  # type: ignore[list-item]

    def test_a_row_of_the_wrong_width_is_refused(self) -> None:
        with pytest.raises(InvalidValueError, match=r"rows\[0\]: expected 1 cells"):
            Table(name="t", columns=_one(ColumnKind.TEXT), rows=[["a", "b"]])

    def test_two_columns_of_one_name_are_refused(self) -> None:
        columns = (*_one(ColumnKind.TEXT), *_one(ColumnKind.CODE))
        with pytest.raises(InvalidValueError, match=r"columns\[1\]\.name"):
            Table(name="t", columns=columns, rows=[])

    def test_column_by_name(self) -> None:
        table = Table(name="t", columns=_one(ColumnKind.TEXT), rows=[])
        assert table.column("x").kind is ColumnKind.TEXT
        with pytest.raises(InvalidValueError, match="one of x"):
            table.column("y")


class TestSpelling:
    @given(money)
    def test_money_text_is_exact_pounds_and_pence(self, amount: Money) -> None:
        text = text_cell(ColumnKind.MONEY, amount)

        assert Money(Decimal(text)) == amount
        assert text == f"{amount.pounds:.2f}"
        assert json_cell(ColumnKind.MONEY, amount) == text
        assert "£" not in text
        assert "," not in text

    @given(st.integers(min_value=-(10**18), max_value=10**18))
    def test_integers_are_numbers_in_json_and_digits_in_text(self, n: int) -> None:
        assert json_cell(ColumnKind.INTEGER, n) == n
        assert int(text_cell(ColumnKind.INTEGER, n)) == n

    @given(st.dates())
    def test_dates_are_iso(self, day: dt.date) -> None:
        assert text_cell(ColumnKind.DATE, day) == day.isoformat()
        assert dt.date.fromisoformat(str(json_cell(ColumnKind.DATE, day))) == day

    def test_years_codes_booleans_and_empty_cells(self) -> None:
        year = FinancialYear(2024)
        assert (text_cell(ColumnKind.YEAR, year), json_cell(ColumnKind.YEAR, year)) == (
            "2024-25",
            "2024-25",
        )
        assert json_cell(ColumnKind.CODES, ("1", "2A")) == ["1", "2A"]
        assert text_cell(ColumnKind.CODES, ()) == ""
        assert (
            text_cell(ColumnKind.BOOLEAN, False),
            json_cell(ColumnKind.BOOLEAN, False),
        ) == (
            "false",
            False,
        )
        assert [text_cell(k, None) for k in ColumnKind] == [""] * len(ColumnKind)
        assert [json_cell(k, None) for k in ColumnKind] == [None] * len(ColumnKind)


class TestReportTable:
    @pytest.mark.parametrize("name", NAMES)
    def test_one_row_per_finding_in_report_order(self, name: str) -> None:
        report = check(scenarios.get(name).build())
        table = report_table(report)

        assert [r["code"] for r in table.records()] == [f.code for f in report]
        assert [
            (r["severity"], r["subject"], r["message"]) for r in table.records()
        ] == [(f.severity.value, f.subject, f.message) for f in report]
        for record, finding in zip(table.records(), report, strict=True):
            assert str(record["source_urls"]).split(" | ") == [
                c.url for c in finding.source
            ]

    @pytest.mark.parametrize("name", NAMES)
    def test_each_fact_is_a_typed_column(self, name: str) -> None:
        report = check(scenarios.get(name).build(), on=scenarios.get(name).year.start)
        table = report_table(report)

        facts = list(table.columns[6:])
        carried = {n for f in report for n in f.data}
        assert [c.name for c in facts] == [n for n in FACTS if n in carried]
        for column in facts:
            assert column.kind.value == FACTS[column.name].kind.value
        for record, finding in zip(table.records(), report, strict=True):
            assert {c.name: record[c.name] for c in facts} == {
                c.name: finding.data.get(c.name) for c in facts
            }


class TestSummaryTables:
    @pytest.mark.parametrize("name", NAMES)
    def test_each_table_holds_the_summary_exactly(self, name: str) -> None:
        years = summarise(scenarios.get(name).build())
        tables = summary_tables(years)

        assert tuple(tables) == SUMMARY_TABLES
        assert [r["year"] for r in tables["years"].records()] == [y.year for y in years]
        for record, y in zip(tables["years"].records(), years, strict=True):
            assert (
                record["allocation"],
                record["retained"],
                record["unaccounted"],
            ) == (
                y.allocation,
                y.retained,
                y.unaccounted,
            )
            if record["unaccounted"] is not None:
                # The reconciliation holds in the table, to the penny.
                held = [
                    y.retained,
                    record["delegated"],
                    record["pooled"],
                    record["unaccounted"],
                ]
                assert all(isinstance(m, Money) for m in held)
                assert sum(held) == record["allocation"]  # type: ignore[arg-type]
        bodies = [
            (r["year"], r["code"], r["allocation"]) for r in tables["bodies"].records()
        ]
        assert bodies == [
            (y.year, b.code, b.allocation) for y in years for b in y.bodies
        ]
        assert len(tables["figures"].rows) == sum(len(y.figures) for y in years)
        assert len(tables["transfers"].rows) == sum(len(y.transfers) for y in years)
        assert len(tables["moved"].rows) == sum(len(y.moved) for y in years)


def test_the_responsibility_rows_are_the_tables() -> None:
    intervals = responsibility_table(scenarios.england_2019_20())
    table = responsibility_rows(intervals)

    assert tuple(c.name for c in table.columns) == TABLE_COLUMNS
    assert table.rows == tuple(tuple(i) for i in intervals)
