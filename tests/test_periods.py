"""FinancialYear, Period and date parsing."""

from __future__ import annotations

import datetime as dt

import pytest

from speccom_model import (
    FinancialYear,
    InvalidValueError,
    ParseError,
    Period,
    add_months,
    parse_date,
)


class TestFinancialYearParsing:
    @pytest.mark.parametrize(
        "text",
        [
            "2019-20",
            "2019/20",
            "FY2019/20",
            "fy 2019-20",
            "2019-2020",
            "2019/2020",
            "201920",
            "2019–20",
        ],
    )
    def test_the_sectors_forms_parse(self, text: str) -> None:
        """Press, NAO, NHS England and Data Dictionary forms all mean 2019-20."""
        assert FinancialYear.parse(text) == FinancialYear(2019)

    @pytest.mark.parametrize(
        "text",
        ["2019-21", "2019/2021", "2019", "19-20", "2019-2", "FY", "", "2099-00x"],
    )
    def test_other_text_is_a_parse_error(self, text: str) -> None:
        """Years that do not follow, or are not years, are refused."""
        with pytest.raises(ParseError):
            FinancialYear.parse(text)

    def test_the_century_turns(self) -> None:
        """1999-00 is the year starting April 1999."""
        assert FinancialYear.parse("1999-00") == FinancialYear(1999)

    def test_a_non_string_is_a_parse_error(self) -> None:
        """parse() takes text."""
        with pytest.raises(ParseError):
            FinancialYear.parse(2019)  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", [True, "2019", 1066, 2019.0])
    def test_the_constructor_takes_a_plausible_int(self, bad: object) -> None:
        """FinancialYear(2019) only."""
        with pytest.raises(InvalidValueError):
            FinancialYear(bad)


class TestFinancialYear:
    def test_str_is_the_short_form(self) -> None:
        """str() gives '2019-20'."""
        assert str(FinancialYear(2019)) == "2019-20"

    def test_start_and_inclusive_end(self) -> None:
        """1 April to 31 March."""
        year = FinancialYear(2019)

        assert (year.start, year.end) == (dt.date(2019, 4, 1), dt.date(2020, 3, 31))

    @pytest.mark.parametrize(
        ("day", "year"),
        [
            (dt.date(2020, 3, 31), 2019),
            (dt.date(2020, 4, 1), 2020),
            (dt.date(2020, 1, 1), 2019),
            (dt.date(2019, 12, 31), 2019),
        ],
    )
    def test_containing_at_the_31_march_boundary(self, day: dt.date, year: int) -> None:
        """31 March is the old year; 1 April the new one."""
        assert FinancialYear.containing(day) == FinancialYear(year)

    def test_arithmetic_and_ordering(self) -> None:
        """Whole years add and subtract; years order."""
        assert FinancialYear(2019) + 5 == FinancialYear(2024)
        assert FinancialYear(2019) - 6 == FinancialYear(2013)
        assert FinancialYear(2013) < FinancialYear(2019)

    def test_adding_a_non_integer_is_a_type_error(self) -> None:
        """A year plus a day has no meaning."""
        with pytest.raises(TypeError):
            FinancialYear(2019) + dt.timedelta(days=1)

    def test_contains_dates(self) -> None:
        """`in` tells if a date falls in the year."""
        year = FinancialYear(2019)

        assert (dt.date(2019, 4, 1) in year, dt.date(2020, 4, 1) in year) == (
            True,
            False,
        )

    def test_a_datetime_is_refused(self) -> None:
        """A datetime is not a day."""
        with pytest.raises(InvalidValueError):
            FinancialYear.containing(dt.datetime(2019, 4, 1))


class TestPeriod:
    def test_half_open(self) -> None:
        """The end day is not in the period."""
        period = FinancialYear(2019).period

        assert (
            period.contains(dt.date(2020, 3, 31)),
            dt.date(2020, 4, 1) in period,
        ) == (
            True,
            False,
        )

    @pytest.mark.parametrize("end", [dt.date(2019, 4, 1), dt.date(2019, 3, 31)])
    def test_end_must_follow_start(self, end: dt.date) -> None:
        """An empty or backwards period cannot exist."""
        with pytest.raises(InvalidValueError, match="end"):
            Period(start=dt.date(2019, 4, 1), end=end)

    @pytest.mark.parametrize("bad", ["2019-04-01", dt.datetime(2019, 4, 1)])
    def test_dates_must_be_dates(self, bad: object) -> None:
        """Text and datetimes are refused by the constructor."""
        with pytest.raises(InvalidValueError):
            Period(start=bad)  # type: ignore[arg-type]

    def test_open_end_contains_the_far_future(self) -> None:
        """An open period runs on."""
        assert Period(start=dt.date(2019, 4, 1)).contains(dt.date(2999, 1, 1))

    def test_adjacent_periods_do_not_overlap(self) -> None:
        """[2019, 2020) and [2020, ...) share no day."""
        assert not FinancialYear(2019).period.overlaps(FinancialYear(2020).period)

    def test_intersection(self) -> None:
        """An open period cut by a year is that year."""
        open_period = Period(start=dt.date(2019, 4, 1))

        assert open_period.intersection(FinancialYear(2021).period) == (
            FinancialYear(2021).period
        )
        assert FinancialYear(2018).period.intersection(open_period) is None

    def test_financial_years_touched(self) -> None:
        """A period lists the years it touches."""
        period = Period(start=dt.date(2019, 6, 1), end=dt.date(2021, 4, 2))

        assert period.financial_years() == (
            FinancialYear(2019),
            FinancialYear(2020),
            FinancialYear(2021),
        )

    def test_parse(self) -> None:
        """'START/END' and 'START/' parse."""
        assert Period.parse("2019-04-01/2020-04-01") == FinancialYear(2019).period
        assert Period.parse("1 April 2019/") == Period(start=dt.date(2019, 4, 1))

    @pytest.mark.parametrize("bad", ["2019-04-01", "x/y", "/2019-04-01"])
    def test_parse_errors(self, bad: str) -> None:
        """Text without a slash, or with bad dates, is a parse error."""
        with pytest.raises(ParseError):
            Period.parse(bad)


class TestParseDate:
    @pytest.mark.parametrize(
        "text",
        [
            "2019-04-01",
            "1st April 2019",
            "1 Apr 2019",
            "01/04/2019",
            "1/4/2019",
            " 2019-04-01 ",
            "April 1, 2019",
        ],
    )
    def test_uk_forms_read_day_first(self, text: str) -> None:
        """01/04/2019 is 1 April, as the UK writes it."""
        assert parse_date(text) == dt.date(2019, 4, 1)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "tomorrow",
            "2019-02-30",
            "31/02/2019",
            "April 2019",
            "1st April",
            "2019-04-01T10:00",
            20190401,
            None,
        ],
    )
    def test_incomplete_or_impossible_dates_are_refused(self, text: object) -> None:
        """No guessing a missing day, month or year."""
        with pytest.raises(ParseError):
            parse_date(text)

    def test_the_field_is_named(self) -> None:
        """The error says which field held the bad date."""
        with pytest.raises(ParseError, match=r"^period.start: "):
            parse_date("soon", field="period.start")

    def test_add_months_uses_month_ends(self) -> None:
        """31 March less six months is 30 September."""
        assert add_months(dt.date(2020, 3, 31), -6) == dt.date(2019, 9, 30)
