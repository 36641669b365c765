"""
Properties of financial years and periods.

Source: DOMAIN.md §7 — the NHS financial year runs 1 April to 31 March, written
"2019-20" or "2019/20".
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from speccom_model import FinancialYear, Period, parse_date
from tests.strategies import dates, financial_years, periods


class TestFinancialYear:
    @given(financial_years)
    def test_parse_reads_str(self, year: FinancialYear) -> None:
        assert FinancialYear.parse(str(year)) == year

    @given(
        financial_years, st.sampled_from(["{a}/{b}", "FY{a}/{b}", "{a}-{c}", "{a}{b}"])
    )
    def test_every_written_form_parses(self, year: FinancialYear, form: str) -> None:
        a = year.start_year
        text = form.format(a=a, b=f"{(a + 1) % 100:02d}", c=a + 1)

        assert FinancialYear.parse(text) == year

    @given(dates)
    def test_containing_holds_the_date(self, day: dt.date) -> None:
        year = FinancialYear.containing(day)

        assert year.start <= day <= year.end
        assert day in year
        assert year.period.contains(day)

    @given(financial_years, st.integers(min_value=-50, max_value=50))
    def test_adding_years_orders(self, year: FinancialYear, n: int) -> None:
        assert ((year + n) > year) == (n > 0)
        assert (year + n) - n == year

    @given(financial_years)
    def test_years_tile_time(self, year: FinancialYear) -> None:
        """Each year ends the day before the next begins."""
        assert year.end + dt.timedelta(days=1) == (year + 1).start


class TestPeriodAlgebra:
    @given(periods(), periods())
    def test_overlap_is_symmetric(self, a: Period, b: Period) -> None:
        assert a.overlaps(b) == b.overlaps(a)

    @given(periods(), periods())
    def test_intersection_lies_within_both(self, a: Period, b: Period) -> None:
        both = a.intersection(b)

        assert (both is not None) == a.overlaps(b)
        if both is not None:
            assert a.contains(both.start)
            assert b.contains(both.start)
            if both.end is not None:
                last = both.end - dt.timedelta(days=1)
                assert a.contains(last)
                assert b.contains(last)

    @given(periods(), periods(), dates)
    def test_a_day_in_both_is_in_the_intersection(
        self, a: Period, b: Period, day: dt.date
    ) -> None:
        both = a.intersection(b)
        in_both = a.contains(day) and b.contains(day)

        assert in_both == (both is not None and both.contains(day))

    @given(periods())
    def test_financial_years_cover_the_period(self, period: Period) -> None:
        years = period.financial_years()

        assert years[0] == FinancialYear.containing(period.start)
        if period.end is not None:
            assert years[-1] == FinancialYear.containing(
                period.end - dt.timedelta(days=1)
            )


class TestParseDate:
    @given(dates)
    def test_iso_and_uk_forms_agree(self, day: dt.date) -> None:
        assert parse_date(day.isoformat()) == day
        assert parse_date(day.strftime("%d/%m/%Y")) == day
        assert parse_date(day.strftime("%d %B %Y")) == day
