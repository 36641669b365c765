"""
What changed: a plan against itself, sides swapped, spans split.

Source: the diff's own definition (speccom_model.diff) — a change is a pair
whose answer differs between the two sides, so a plan against itself has none;
swapping the sides swaps every group; and every change in (a, c] is in (a, b]
or in (b, c], each at its own day.
"""

from __future__ import annotations

import datetime as dt
import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from speccom_model import Landscape, diff_dates, diff_plans, scenarios, strategies
from tests.strategies import any_landscapes

#: Days from before NHS England commissioned to after the last scenario's year.
days = st.dates(min_value=dt.date(2012, 4, 1), max_value=dt.date(2028, 3, 31))
#: Small plans: arbitrary ones, and the shipped strategy's lawful ones.
plans = st.one_of(any_landscapes(), strategies.landscapes())


@functools.cache
def _scenario(name: str) -> Landscape:
    return scenarios.get(name).build()


class TestAgainstItself:
    """A plan compared with itself, on any days, has no change."""

    @settings(max_examples=6)
    @given(st.sampled_from(scenarios.names()), st.one_of(st.none(), days))
    def test_a_scenario_against_itself_is_empty(
        self, name: str, day: dt.date | None
    ) -> None:
        plan = _scenario(name)

        assert diff_plans(plan, plan, on=day).empty

    @settings(max_examples=6)
    @given(st.sampled_from(scenarios.names()), days)
    def test_a_day_against_itself_is_empty(self, name: str, day: dt.date) -> None:
        plan = _scenario(name)

        assert diff_dates(plan, day, day).empty
        assert diff_dates(plan, day, day, net=True).empty

    @settings(max_examples=30)
    @given(plans, st.one_of(st.none(), days))
    def test_any_plan_against_itself_is_empty(
        self, plan: Landscape, day: dt.date | None
    ) -> None:
        assert diff_plans(plan, plan, on=day).empty


class TestSwapped:
    """Swapping the plans swaps each group's and each amount's sides, only."""

    @settings(max_examples=25)
    @given(plans, plans, st.one_of(st.none(), days))
    def test_b_against_a_is_a_against_b_reversed(
        self, a: Landscape, b: Landscape, day: dt.date | None
    ) -> None:
        forth = diff_plans(a, b, on=day)
        back = diff_plans(b, a, on=day)

        assert set(back.changes) == {c.reversed() for c in forth.changes}
        assert len(back.changes) == len(forth.changes)
        assert back.money == tuple(y.reversed() for y in forth.money)
        assert back.services_only_before == forth.services_only_after
        assert back.places_only_before == forth.places_only_after

    @settings(max_examples=3)
    @given(st.lists(st.sampled_from(scenarios.names()), min_size=2, max_size=2))
    def test_two_scenarios_swapped(self, names: list[str]) -> None:
        a, b = (_scenario(name) for name in names)

        forth = diff_plans(a, b)
        back = diff_plans(b, a)

        assert set(back.changes) == {c.reversed() for c in forth.changes}
        assert back.money == tuple(y.reversed() for y in forth.money)


class TestSplitSpans:
    """Every change in (a, c] is in (a, b] or (b, c]; the net view agrees at ends."""

    @settings(max_examples=25)
    @given(plans, st.lists(days, min_size=3, max_size=3).map(sorted))
    def test_a_span_is_the_sum_of_its_parts(
        self, plan: Landscape, bounds: list[dt.date]
    ) -> None:
        first, middle, last = bounds

        whole = diff_dates(plan, first, last).changes
        parts = (
            diff_dates(plan, first, middle).changes
            + diff_dates(plan, middle, last).changes
        )

        assert set(whole) == set(parts)
        assert all(first < c.start <= last for c in whole if c.start is not None)

    @settings(max_examples=25)
    @given(plans, days, days)
    def test_with_no_change_between_there_is_no_net_change(
        self, plan: Landscape, one: dt.date, other: dt.date
    ) -> None:
        first, last = sorted((one, other))

        if not diff_dates(plan, first, last).changes:
            assert not diff_dates(plan, first, last, net=True).changes


class TestUnknownMoney:
    """A plan silent on a year's money is unknown that year, never £0."""

    @settings(max_examples=25)
    @given(plans, plans, st.one_of(st.none(), days))
    def test_a_side_with_no_money_recorded_has_no_amount_and_no_difference(
        self, a: Landscape, b: Landscape, day: dt.date | None
    ) -> None:
        for year in diff_plans(a, b, on=day).money:
            sides = (
                ("before", year.before_year in a.years()),
                ("after", year.after_year in b.years()),
            )
            for side, known in sides:
                if known:
                    continue
                assert all(getattr(t, side) is None for t in year.totals.values())
                assert all(t.difference is None for t in year.totals.values())
                assert all(not getattr(b, f"{side}_known") for b in year.bodies)
                assert all(b.difference is None for b in year.bodies)
