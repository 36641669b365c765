"""
The vectorised Arrow path answers as the per-row resolver does, row for row.

Source: the national-scale issue — "a vectorised resolve over Arrow tables or
record batches ... with resolve's answers (property test), unknown codes and
out-of-range dates as per-row results".
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import InvalidValueError, Landscape, MissingExtraError, scenarios
from speccom_model import strategies as shipped
from speccom_model.resolving import Resolution, Resolver, responsibility_table
from speccom_model.resolving.arrow import (
    ANSWER_FIELDS,
    SCHEMA,
    ArrowIndex,
    resolve_arrow,
    table_to_arrow,
)
from tests.strategies import any_landscapes

Row = tuple[str | None, str | None, dt.date | None]


def _rows(landscape: Landscape) -> st.SearchStrategy[list[Row]]:
    known_services = [s.code for s in landscape.catalogue] or ["1"]
    known_places = [p.code for p in landscape.places] or ["01A"]
    services = st.one_of(
        st.sampled_from(known_services),
        st.sampled_from(["", "999", "007", "ilL-1", " 1"]),
        st.none(),
        st.text(max_size=4),
    )
    places = st.one_of(
        st.sampled_from(known_places),
        st.sampled_from(["", "1A", "01a", "Q99"]),
        st.none(),
    )
    days = st.one_of(st.dates(), st.none(), st.sampled_from([dt.date.min, dt.date.max]))
    return st.lists(st.tuples(services, places, days), max_size=40)


_TEXT = pa.string()


def _arrow(rows: list[Row], codes: pa.DataType = _TEXT) -> pa.Table:
    services, places, days = zip(*rows, strict=True) if rows else ((), (), ())
    return pa.table(
        {
            "service": pa.array(services, type=codes),
            "place": pa.array(places, type=codes),
            "date": pa.array(days, type=pa.date32()),
        }
    )


def _answers(table: pa.Table | pa.RecordBatch) -> list[Resolution]:
    columns = [table.column(name).to_pylist() for name in ANSWER_FIELDS]
    return [Resolution(*values) for values in zip(*columns, strict=True)]


class _Searched(ArrowIndex):
    """The index that searches keys, as for a table too large to hold dense."""

    __slots__ = ()
    DENSE_LIMIT = 0


class TestAgreesWithResolve:
    @given(st.one_of(any_landscapes(), shipped.landscapes()), st.data())
    def test_every_row_answers_as_resolve(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        rows = data.draw(_rows(landscape))
        codes = data.draw(
            st.sampled_from([pa.string(), pa.large_string(), pa.string_view()])
        )

        index = data.draw(st.sampled_from([ArrowIndex, _Searched])).of(landscape)

        found = resolve_arrow(_arrow(rows, codes), index)

        assert _answers(found) == Resolver(landscape).resolve(rows)  # type: ignore[arg-type] # None codes on purpose

    def test_both_lookups_agree_on_every_interval_start(self) -> None:
        """Dense by era and searched by key: the same answer on every first day."""
        england = scenarios.england_2019_20()
        table = responsibility_table(england)
        rows: list[Row] = [(r.service, r.place, r.valid_from) for r in table]
        rows += [(r.service, r.place, r.valid_to) for r in table]
        dense, searched = ArrowIndex.of(england), _Searched.of(england)

        assert dense._dense is not None
        assert searched._dense is None
        expected = Resolver(england).resolve(rows)  # type: ignore[arg-type]
        assert _answers(resolve_arrow(_arrow(rows), dense)) == expected
        assert _answers(resolve_arrow(_arrow(rows), searched)) == expected

    def test_a_record_batch_gives_a_record_batch(self) -> None:
        england = scenarios.england_2025_26()
        rows: list[Row] = [("7", "01A", dt.date(2025, 4, 1)), ("7", "Q99", None)]
        batch = _arrow(rows).to_batches()[0]

        found = resolve_arrow(batch, england)

        assert isinstance(found, pa.RecordBatch)
        assert _answers(found) == Resolver(england).resolve(rows)  # type: ignore[arg-type]

    def test_chunked_and_dictionary_columns(self) -> None:
        """Chunks are combined; dictionary-encoded codes are read as text."""
        england = scenarios.england_2024_25()
        rows: list[Row] = [
            ("7", "01A", dt.date(2024, 3, 31)),
            ("7", "01A", dt.date(2024, 4, 1)),
            ("1", "72Q", dt.date(2013, 3, 31)),
        ]
        plain = _arrow(rows)
        table = pa.concat_tables([plain.slice(0, 1), plain.slice(1)])
        table = table.set_column(
            0,
            "service",
            pa.chunked_array([c.dictionary_encode() for c in table["service"].chunks]),
        )

        assert table["service"].num_chunks == 2
        expected = Resolver(england).resolve(rows)  # type: ignore[arg-type]
        assert _answers(resolve_arrow(table, england)) == expected

    def test_date64_is_read_as_a_date(self) -> None:
        england = scenarios.england_2024_25()
        table = _arrow([("7", "01A", dt.date(2024, 4, 1))])
        table = table.set_column(2, "date", table["date"].cast(pa.date64()))

        assert _answers(resolve_arrow(table, england))[0].commissioner == "QE1"

    def test_other_column_names(self) -> None:
        england = scenarios.england_2024_25()
        table = _arrow([("7", "01A", dt.date(2024, 4, 1))]).rename_columns(
            ["manual_number", "sub_icb", "activity_date"]
        )

        found = resolve_arrow(
            table,
            england,
            service="manual_number",
            place="sub_icb",
            date="activity_date",
        )

        assert found.column("payer").to_pylist() == ["QE1"]


class TestRefused:
    def test_a_missing_column(self) -> None:
        table = _arrow([("7", "01A", dt.date(2024, 4, 1))]).drop_columns(["date"])

        with pytest.raises(InvalidValueError, match="a column named 'date'"):
            resolve_arrow(table, scenarios.england_2024_25())

    def test_a_string_date_column(self) -> None:
        table = pa.table({"service": ["7"], "place": ["01A"], "date": ["2024-04-01"]})

        with pytest.raises(
            InvalidValueError, match="date: expected a date32 or date64"
        ):
            resolve_arrow(table, scenarios.england_2024_25())

    def test_integer_codes(self) -> None:
        """Codes are text: an integer column has lost its leading zeros."""
        table = pa.table(
            {"service": [7], "place": ["01A"], "date": [dt.date(2024, 4, 1)]}
        )

        with pytest.raises(
            InvalidValueError, match="service: expected a string column"
        ):
            resolve_arrow(table, scenarios.england_2024_25())

    def test_a_table_missing_a_pair(self) -> None:
        table = responsibility_table(scenarios.england_2024_25())
        first = table[0]
        without = [
            row
            for row in table
            if (row.service, row.place) != (first.service, first.place)
        ]

        with pytest.raises(InvalidValueError, match="for each of the"):
            ArrowIndex(without, services=[first.service], places=[first.place])


class TestTableToArrow:
    def test_schema_and_rows(self) -> None:
        table = responsibility_table(scenarios.england_2019_20())

        arrow = table_to_arrow(table)

        assert arrow.schema == SCHEMA
        assert [tuple(r.values()) for r in arrow.to_pylist()] == list(table)

    def test_an_empty_table(self) -> None:
        assert table_to_arrow(()).num_rows == 0


def test_without_pyarrow_the_module_says_which_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.delitem(sys.modules, "speccom_model.resolving.arrow")

    with pytest.raises(MissingExtraError, match=r"the arrow extra installed"):
        importlib.import_module("speccom_model.resolving.arrow")
