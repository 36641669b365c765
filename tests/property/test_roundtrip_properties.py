"""
Round-trips: load(dump(x)) == x for generated objects, in TOML and JSON.

Source: the files issue — "load(dump(x)) == x for every public type and every
landscape, exactly".
"""

from __future__ import annotations

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
