"""
Round-trips: load(dump(x)) == x for generated objects, in TOML and JSON.

Source: the files issue — "load(dump(x)) == x for every public type and every
landscape, exactly".
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from speccom_model import FinancialYear, Landscape, Money, Period, Population, io
from tests.strategies import (
    any_landscapes,
    financial_years,
    money,
    periods,
    populations,
)

FORMATS = st.sampled_from(["toml", "json"])


class TestLandscapes:
    @given(any_landscapes(), FORMATS)
    def test_landscapes_round_trip_exactly(
        self, landscape: Landscape, fmt: Any
    ) -> None:
        assert io.loads(io.dumps(landscape, format=fmt), format=fmt) == landscape


def _last_days(data: object) -> object:
    """The written plan with every closed period's end given as its last day."""
    if isinstance(data, dict):
        out = {k: _last_days(v) for k, v in data.items()}
        if set(out) >= {"start", "end"} and set(out) <= {"start", "end"}:
            end = dt.date.fromisoformat(str(out.pop("end")))
            out["last_day"] = (end - dt.timedelta(days=1)).isoformat()
        return out
    if isinstance(data, list):
        return [_last_days(v) for v in data]
    return data


class TestLastDayFiles:
    @given(any_landscapes())
    def test_files_with_last_day_read_equal_to_files_with_end(
        self, landscape: Landscape
    ) -> None:
        written = json.loads(io.dumps(landscape, format="json"))

        assert io.loads(json.dumps(_last_days(written)), format="json") == landscape


class TestValues:
    @given(money)
    def test_money_round_trips_through_json(self, amount: Money) -> None:
        assert (
            io.loads(io.dumps(amount, format="json"), format="json", type=Money)
            == amount
        )

    @given(populations)
    def test_populations_round_trip(self, population: Population) -> None:
        assert (
            io.loads(
                io.dumps(population, format="json"), format="json", type=Population
            )
            == population
        )

    @given(financial_years)
    def test_years_round_trip(self, year: FinancialYear) -> None:
        assert (
            io.loads(io.dumps(year, format="json"), format="json", type=FinancialYear)
            == year
        )

    @given(periods(), FORMATS)
    def test_periods_round_trip(self, period: Period, fmt: Any) -> None:
        assert io.loads(io.dumps(period, format=fmt), format=fmt, type=Period) == period
