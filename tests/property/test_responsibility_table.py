"""
The responsibility table: total, without overlap, and equal to resolve.

Source: the national-scale issue — "intervals that together cover every day of
the landscape's range for each known pair without overlap ... for random days
and pairs, the table's answer equals resolve's".
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby, pairwise

from hypothesis import given
from hypothesis import strategies as st

from speccom_model import Landscape, scenarios, strategies
from speccom_model.resolving import (
    FIRST_DAY,
    LAST_DAY,
    TABLE_COLUMNS,
    Resolver,
    ResponsibilityInterval,
    responsibility_table,
)
from tests.strategies import any_landscapes, law_dates

_DAYS = st.one_of(law_dates, st.dates(), st.sampled_from([FIRST_DAY, LAST_DAY]))


def _answer(
    table: tuple[ResponsibilityInterval, ...], service: str, place: str, day: dt.date
) -> list[ResponsibilityInterval]:
    """Every row a SQL join on codes and BETWEEN would match."""
    return [
        row
        for row in table
        if row.service == service
        and row.place == place
        and row.valid_from <= day <= row.valid_to
    ]


class TestTable:
    @given(st.one_of(any_landscapes(), strategies.landscapes()))
    def test_every_pair_is_covered_once_from_the_first_day_to_the_last(
        self, landscape: Landscape
    ) -> None:
        table = responsibility_table(landscape)
        pairs = {
            (s.code, p.code) for s in landscape.catalogue for p in landscape.places
        }

        assert list(table) == sorted(
            table, key=lambda r: (r.service, r.place, r.valid_from)
        )
        assert {(row.service, row.place) for row in table} == pairs
        for _, group in groupby(table, key=lambda r: (r.service, r.place)):
            rows = list(group)
            assert rows[0].valid_from == FIRST_DAY
            assert rows[-1].valid_to == LAST_DAY
            for before, after in pairwise(rows):
                assert before.valid_from <= before.valid_to
                assert after.valid_from == before.valid_to + dt.timedelta(days=1)
                assert before.resolution != after.resolution  # merged when equal

    @given(st.one_of(any_landscapes(), strategies.landscapes()), st.data())
    def test_the_tables_answer_is_resolves_and_responsibilitys(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        table = responsibility_table(landscape)
        resolver = Resolver(landscape)
        for _ in range(10):
            service = data.draw(st.sampled_from([s.code for s in landscape.catalogue]))
            place = data.draw(st.sampled_from([p.code for p in landscape.places]))
            day = data.draw(_DAYS)

            (row,) = _answer(table, service, place, day)

            assert row.resolution == resolver.resolve_one(service, place, day)
            found = landscape.responsibility(service, place, day)
            if found is not None:
                assert row.commissioner == found.commissioner.code
                assert row.accountable == found.accountable.code
                assert row.payer == (None if found.payer is None else found.payer.code)


def test_the_columns_are_named_for_sql() -> None:
    assert TABLE_COLUMNS == (
        "service",
        "place",
        "valid_from",
        "valid_to",
        "accountable",
        "commissioner",
        "payer",
        "arrangement",
        "problem",
    )


def test_a_change_over_day_starts_a_row() -> None:
    """DEL-QE1 starts on 1 April 2024: the day before is the joint committee's."""
    table = responsibility_table(scenarios.england_2024_25())

    (before,) = _answer(table, "7", "01A", dt.date(2024, 3, 31))
    (after,) = _answer(table, "7", "01A", dt.date(2024, 4, 1))

    assert (before.commissioner, before.valid_to) == ("JC-Y62", dt.date(2024, 3, 31))
    assert (after.commissioner, after.valid_from) == ("QE1", dt.date(2024, 4, 1))
