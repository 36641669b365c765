"""
A plan restricted to one financial year answers for that year as the whole plan.

Source: ``Landscape.for_year`` — "answers every question about a day of the
year as the whole plan does, and holds that year's money only".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from speccom_model import (
    ArrangementKind,
    DelegationArrangement,
    FinancialYear,
    Landscape,
    Responsibility,
    strategies,
)
from speccom_model._one_year import years_described
from speccom_model.summary import summarise
from tests.strategies import any_landscapes

PLANS = st.one_of(strategies.landscapes(), any_landscapes())


def _year(landscape: Landscape, data: st.DataObject) -> FinancialYear:
    described = years_described(landscape)
    assume(described)
    return data.draw(st.sampled_from(described), label="year")


def _kept(arrangement: DelegationArrangement, year: FinancialYear) -> dict[Any, Any]:
    """
    The transfers a plan for ``year`` keeps: the year's, or a pool's every one.

    A pooled budget's transfers are weighed against the pool it names, which
    the plan keeps; without them it would be one the pool alone records.
    """
    moved = dict(arrangement.budget_transferred)
    if arrangement.kind is ArrangementKind.POOLED_BUDGET:
        return moved
    return {y: m for y, m in moved.items() if y == year}


def _answer(
    landscape: Landscape, service: str, place: str, day: dt.date
) -> Responsibility | None:
    """
    The responsibility, its arrangement's other years' transfers left out.

    The restricted plan holds one year's money: the arrangement in force is
    the same one, with only that year's ``budget_transferred``.
    """
    found = landscape.responsibility(service, place, day)
    if found is None or found.arrangement is None:
        return found
    year = FinancialYear.containing(day)
    arrangement = attrs.evolve(
        found.arrangement, budget_transferred=_kept(found.arrangement, year)
    )
    return attrs.evolve(found, arrangement=arrangement)


class TestForYear:
    @given(PLANS, st.data())
    def test_every_answer_on_a_day_of_the_year_is_the_plans(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        """Responsibility (commissioner, accountable, payer, arrangement) and body."""
        year = _year(landscape, data)
        part = landscape.for_year(year)
        services = st.sampled_from([s.code for s in landscape.catalogue])
        places = st.sampled_from([p.code for p in landscape.places])
        days = st.dates(year.start, year.end)
        for service, place, day in data.draw(
            st.lists(st.tuples(services, places, days), min_size=1, max_size=20)
        ):
            assert _answer(part, service, place, day) == (
                _answer(landscape, service, place, day)
            )
            assert part.commissioner_of(place, day) == landscape.commissioner_of(
                place, day
            )

    @given(PLANS, st.data())
    def test_it_holds_the_years_money_and_arrangements_only(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        """Figures, budgets, baselines, pools, transfers, summary; arrangements."""
        year = _year(landscape, data)
        part = landscape.for_year(year)

        assert part.figures(year) == landscape.figures(year)
        assert part.budget_by_commissioner(year) == (
            landscape.budget_by_commissioner(year)
        )
        assert part.pooled_total(year) == landscape.pooled_total(year)
        assert summarise(part, year) == summarise(landscape, year)
        assert set(part.baselines) == {b for b in landscape.baselines if b.year == year}
        assert {a.year for a in part.allocations} <= {year}
        assert {b.year for b in part.budgets} <= {year}
        named = {a.pooled_budget for a in part.arrangements}
        assert all(p.year == year or p.code in named for p in part.pooled_budgets)
        for arrangement in part.arrangements:
            whole = landscape.arrangement(arrangement.id)
            assert dict(arrangement.budget_transferred) == _kept(whole, year)
        # The arrangements in force in the year, periods unclipped.
        assert {a.id for a in part.arrangements} == {
            a.id for a in landscape.arrangements if a.period.overlaps(year.period)
        }
        assert all(
            a.period == landscape.arrangement(a.id).period for a in part.arrangements
        )
        assert part.catalogue == landscape.catalogue
        assert {p.code for p in part.places} == {p.code for p in landscape.places}

    @given(PLANS, st.data())
    def test_a_year_without_data_is_refused_naming_those_with(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        """The error names the first and last year the plan has data for."""
        described = years_described(landscape)
        year = FinancialYear(data.draw(st.integers(2000, 2060)))
        assume(year not in described)
        try:
            landscape.for_year(year)
        except ValueError as err:
            message = str(err)
        else:  # pragma: no cover - the assertion below fails
            message = ""

        assert f"got '{year}'" in message
        assert all(str(y) in message for y in described[:1] + described[-1:])


def test_days_of_a_year_are_its_own() -> None:
    """The property's days: 1 April to 31 March inclusive."""
    year = FinancialYear(2024)

    assert (year.start, year.end) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))
