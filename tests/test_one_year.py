"""
Landscape.for_year on the shipped scenarios: what is kept, and what a check says.

Source: ``speccom_model._one_year`` (what a plan for one year keeps) and
``check(on=...)`` (a landscape judged as it stands on a day).
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from speccom_model import (
    ArrangementKind,
    FinancialYear,
    InvalidValueError,
    Landscape,
    Money,
    check,
    scenarios,
    summarise,
)
from speccom_model._one_year import years_described


def _comparable(landscape: Landscape, year: FinancialYear) -> Landscape:
    """
    The whole plan less what a plan for ``year`` cannot hold.

    Arrangements that start after the year (``check(on=...)`` judges those to
    come as well) and transfers recorded for other years.
    """
    return attrs.evolve(
        landscape,
        arrangements=[
            attrs.evolve(
                a,
                budget_transferred={
                    y: m
                    for y, m in a.budget_transferred.items()
                    if y == year or a.kind is ArrangementKind.POOLED_BUDGET
                },
            )
            for a in landscape.arrangements
            if a.period.start <= year.end
        ],
    )


_YEARS = [
    pytest.param(scenario.name, year, id=f"{scenario.name}-{year}")
    for scenario in scenarios.SCENARIOS
    for year in years_described(scenario.build())
]


class TestChecks:
    @pytest.mark.parametrize(("name", "year"), _YEARS)
    def test_a_years_plan_checks_as_the_whole_plan_on_a_day_of_it(
        self, name: str, year: FinancialYear
    ) -> None:
        """
        The same findings, in order, on the year's first and last day.

        Compared with the whole plan less the arrangements that start after the
        year and the other years' transfers: those are all a check of the whole
        plan on such a day reports beyond it (SPC-APPR-003 or SPC-POP-002
        naming an arrangement to come; SPC-MONEY-003 citing another year's
        transfer).
        """
        landscape = scenarios.get(name).build()
        part = landscape.for_year(year)
        whole = _comparable(landscape, year)

        for day in (year.start, year.end):
            assert list(check(part, on=day)) == list(check(whole, on=day))

    def test_without_the_comparison_an_arrangement_to_come_is_the_difference(
        self,
    ) -> None:
        """England 2019-20 in 2019-20: the West Yorkshire pool starts in 2020."""
        landscape = scenarios.england_2019_20()
        year = FinancialYear(2019)
        day = dt.date(2019, 4, 1)
        whole = {(f.code, f.subject) for f in check(landscape, on=day)}
        part = {(f.code, f.subject) for f in check(landscape.for_year(year), on=day)}

        assert whole - part == {("SPC-APPR-003", "WY-pooled-budget")}
        assert part <= whole


class TestWhatIsKept:
    def test_england_2025_26_in_2025_26(self) -> None:
        """The year's delegations and money; the bodies of 2025-26 and NHS England."""
        landscape = scenarios.england_2025_26()
        year = FinancialYear(2025)
        part = landscape.for_year(year)

        assert part.years() == (year,)
        assert part.name == landscape.name
        assert {a.id for a in part.arrangements} == {
            a.id for a in landscape.arrangements if a.period.overlaps(year.period)
        }
        assert part.nhs_england == landscape.nhs_england
        assert all(b.lifetime.overlaps(year.period) for b in part.commissioners), (
            "nothing named a body of another year here"
        )

    def test_bodies_of_other_years_nothing_names_are_left_out(self) -> None:
        """England 2019-20 in 2020-21: CCGs that closed before 2020 are gone."""
        landscape = scenarios.england_2019_20()
        part = landscape.for_year(FinancialYear(2020))
        gone = {b.code for b in landscape.commissioners} - {
            b.code for b in part.commissioners
        }

        assert gone
        ends = [landscape.commissioner(code).lifetime.end for code in gone]
        assert all(end is not None and end <= dt.date(2020, 4, 1) for end in ends)

    def test_the_whole_plan_is_unchanged(self) -> None:
        """A new landscape; the old one is as it was."""
        landscape = scenarios.england_2019_20()
        before = len(landscape.commissioners)
        landscape.for_year(FinancialYear(2020))

        assert len(landscape.commissioners) == before


class TestRefusals:
    def test_a_year_without_data_names_the_years_with(self) -> None:
        """England 2024-25 describes 2023-24 and 2024-25."""
        with pytest.raises(InvalidValueError) as caught:
            scenarios.england_2024_25().for_year(FinancialYear(2026))

        assert str(caught.value) == (
            "year: expected a year the plan has data for (2023-24 to 2024-25), "
            "got '2026-27'"
        )

    def test_a_plan_with_no_data_says_so(self) -> None:
        """No money and no arrangement: no year to restrict to."""
        empty = attrs.evolve(scenarios.england_2013_14(), allocations=(), budgets=())

        with pytest.raises(InvalidValueError, match=r"has data for \(no year\)"):
            empty.for_year(FinancialYear(2013))

    def test_a_year_that_is_not_a_financial_year_is_refused(self) -> None:
        """A string is parsed by the CLI, not here."""
        with pytest.raises(InvalidValueError, match="expected a FinancialYear"):
            scenarios.england_2013_14().for_year("2013-14")  # type: ignore[arg-type]

    def test_one_year_of_data_is_named_alone(self) -> None:
        """England 2013-14 has 2013-14 only."""
        with pytest.raises(InvalidValueError, match=r"data for \(2013-14\), got"):
            scenarios.england_2013_14().for_year(FinancialYear(2014))


def test_a_pooled_budget_keeps_its_transfers_of_other_years() -> None:
    """
    A pool's arrangement keeps transfers of other years (found by a property).

    Recording a transfer for another year only, it must not become one the
    pool alone records, or the year's summary loses its transfer (£0 moved
    against what the pool holds).
    """
    whole = scenarios.england_2019_20()
    pooled = whole.arrangement("WY-pooled-budget")
    earlier = attrs.evolve(
        pooled, period=attrs.evolve(pooled.period, start=dt.date(2019, 4, 1))
    )
    whole = attrs.evolve(
        whole,
        arrangements=[earlier if a is pooled else a for a in whole.arrangements],
    )
    year = FinancialYear(2019)

    part = whole.for_year(year)

    assert part.arrangement("WY-pooled-budget").budget_transferred == (
        pooled.budget_transferred
    )
    (kept,) = [
        t for t in summarise(part, year)[0].transfers if t.arrangement == pooled.id
    ]
    assert kept.transferred == Money.zero()
    assert summarise(part, year) == summarise(whole, year)
