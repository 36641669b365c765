"""FinancialYear, Period and date parsing."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from speccom_model import (
    FinancialYear,
    InvalidValueError,
    ParseError,
    Period,
    add_months,
    parse_date,
)
from tests.test_cli import run

if TYPE_CHECKING:
    from pathlib import Path


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

    @pytest.mark.parametrize(
        "text", ["25/26", "FY25/26", "FY 25-26", "fy25/26", " 25 / 26 ", "FY25–26"]
    )
    def test_two_digit_forms_of_finance_papers_are_20yy(self, text: str) -> None:
        """'25/26', 'FY25/26' and 'FY 25-26' are 2025-26: two-digit years are 20YY."""
        assert FinancialYear.parse(text) == FinancialYear(2025)

    def test_the_first_short_year_is_2000(self) -> None:
        """'00/01' is 2000-01, the first year the 20YY rule names."""
        assert FinancialYear.parse("00/01") == FinancialYear(2000)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("25/27", "consecutive years such as '25/26'"),
            ("FY25/24", "consecutive years such as '25/26'"),
            ("99/00", "'1999-00' or '2099-00' written in full"),
            ("25-26", "'FY' before a two-digit '25-..'"),
            ("FY25", "'19/20' or 'FY19-20'"),
            ("2526", "'19/20' or 'FY19-20'"),
            ("25/2026", "'19/20' or 'FY19-20'"),
        ],
    )
    def test_short_forms_that_do_not_follow_or_say_too_little_are_refused(
        self, text: str, expected: str
    ) -> None:
        """No short year is guessed: it must follow, and a dash needs 'FY'."""
        with pytest.raises(ParseError) as caught:
            FinancialYear.parse(text)

        assert expected in caught.value.expected

    @pytest.mark.parametrize(
        "text",
        [
            "\u0662\u0660\u0661\u0669-20",
            "\uff12\uff10\uff11\uff19-20",
            "2019-\uff12\uff10",
            "\uff11\uff19/\uff12\uff10",
        ],
    )
    def test_non_ascii_digits_are_refused(self, text: str) -> None:
        """Only ASCII digits are years: int() would read other scripts' digits."""
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

    @pytest.mark.parametrize(
        "day", [dt.datetime(2019, 4, 1), dt.datetime(2021, 1, 1), "2019-04-01", None]
    )
    def test_in_refuses_what_is_not_a_date_as_period_contains_does(
        self, day: object
    ) -> None:
        """`x in year` raises InvalidValueError naming 'day', never TypeError."""
        year = FinancialYear(2019)

        with pytest.raises(InvalidValueError, match=r"^day: ") as by_in:
            _ = day in year
        with pytest.raises(InvalidValueError, match=r"^day: ") as by_period:
            year.period.contains(day)  # type: ignore[arg-type]

        assert str(by_in.value) == str(by_period.value)


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

    @pytest.mark.parametrize("day", [dt.datetime(2019, 4, 1), dt.datetime(2099, 1, 1)])
    def test_contains_refuses_a_datetime_naming_the_field(self, day: object) -> None:
        """Inside the period or not, a datetime is refused, not compared."""
        with pytest.raises(InvalidValueError, match=r"^day: .*not a datetime"):
            Period(start=dt.date(2019, 4, 1)).contains(day)  # type: ignore[arg-type]

    def test_an_open_end_sorts_after_any_date(self) -> None:
        """sorted() works with open ends: [a, b) before [a, open)."""
        start = dt.date(2019, 4, 1)
        closed = Period(start=start, end=dt.date(2020, 4, 1))
        open_ended = Period(start=start)

        assert sorted([open_ended, closed]) == [closed, open_ended]
        assert closed < open_ended
        assert open_ended > closed
        assert not open_ended < Period(start=start)
        assert open_ended <= Period(start=start)

    def test_the_start_orders_before_the_end(self) -> None:
        """An open period that starts earlier sorts first."""
        early = Period(start=dt.date(2019, 4, 1))
        late = Period(start=dt.date(2020, 4, 1), end=dt.date(2021, 4, 1))

        assert sorted([late, early]) == [early, late]

    def test_equality_and_hash_are_unchanged_by_the_order(self) -> None:
        """Open and closed periods stay unequal; equal periods hash alike."""
        start = dt.date(2019, 4, 1)

        assert Period(start=start) != Period(start=start, end=dt.date(2020, 4, 1))
        assert hash(Period(start=start)) == hash(Period(start=start))
        assert len({Period(start=start), Period(start=start)}) == 1

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

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("01/04/2019/01/04/2020", FinancialYear(2019).period),
            ("1/4/2019/2020-04-01", FinancialYear(2019).period),
            ("2019/04/01/2020/04/01", FinancialYear(2019).period),
            ("20190401/20200401", FinancialYear(2019).period),
            ("01/04/2019/", Period(start=dt.date(2019, 4, 1))),
            ("2019/4/1/ ", Period(start=dt.date(2019, 4, 1))),
        ],
    )
    def test_parse_splits_at_the_slash_that_leaves_two_dates(
        self, text: str, expected: Period
    ) -> None:
        """Sides may be dates with slashes: the grammar of parse_date, each side."""
        assert Period.parse(text) == expected

    @pytest.mark.parametrize(
        ("text", "field", "why"),
        [
            ("01/04/2019/04/13/2020", "period.end", "there is no month 13"),
            ("04/13/2019/", "period.start", "there is no month 13"),
            ("2019/04/01", "period", "not one date alone"),
            ("x/y", "period.start", "'1 April 2019'"),
            ("/", "period.start", "'1 April 2019'"),
            ("a/" * 65, "period", "in at most 129 characters"),
            (None, "period", "'START/END' or 'START/' dates"),
        ],
    )
    def test_parse_names_the_side_at_fault(
        self, text: object, field: str, why: str
    ) -> None:
        """The end if a start was read, else the start; one date alone is named."""
        with pytest.raises(ParseError) as caught:
            Period.parse(text)  # type: ignore[arg-type]

        assert (caught.value.field, why in caught.value.expected) == (field, True)


APRIL_1_2024 = dt.date(2024, 4, 1)

#: A summary of what every refusal lists, so tests can see it names the forms.
FORMS_NAMED = ("'2019-04-01'", "'20190401'", "'1/4/2019' (day first)", "'1 April 2019'")


class TestExcelDateTimes:
    @pytest.mark.parametrize(
        "text", ["01/04/2024 24:00", "01/04/2024 10:60", "01/04/2024 10:00:60"]
    )
    def test_an_impossible_time_after_a_uk_date_is_refused(self, text: str) -> None:
        """Excel's UK date-time: the 24-hour clock, and nothing past it."""
        with pytest.raises(ParseError, match="on the 24-hour clock"):
            parse_date(text)

    def test_a_month_first_date_with_a_time_is_still_refused(self) -> None:
        """A time never makes a US date acceptable."""
        with pytest.raises(ParseError, match="there is no month 13"):
            parse_date("04/13/2024 00:00")


class TestParseDateForms:
    @pytest.mark.parametrize(
        "text",
        [
            "2024-04-01T00:00:00",
            "2024-04-01 00:00:00",
            "2024/04/01",
            "2024-4-1",
            "20240401",
        ],
    )
    def test_the_forms_once_misread_as_4_january_are_1_april(self, text: str) -> None:
        """SQL, pandas, Excel and Data Dictionary forms give 1 April, not 4 January."""
        assert parse_date(text) == APRIL_1_2024

    @pytest.mark.parametrize(
        "text",
        [
            "2024-04-01",
            "2024-04-01T09:30",
            "2024-04-01t09:30:15",
            "2024-04-01 23:59:59.999",
            "2024-04-01 00:00:00.0000000",
            "2024-04-01T00:00:00,5",
            "2024-04-01T23:30:00Z",
            "2024-04-01T23:30:00z",
            "2024-04-01T23:30:00+01:00",
            "2024-04-01T00:30:00-0500",
            "2024-04-01T00:30:00+05",
            "2024/4/1",
            "2024-04-1",
            "1/4/2024",
            "01/04/2024",
            "01-04-2024",
            "1-4-2024",
            "01.04.2024",
            "1.4.2024",
            "01/04/2024 00:00",
            "1/4/2024 9:30",
            "01/04/2024 23:59:59",
            "01-04-2024 10:00",
            "1 April 2024",
            "1st April 2024",
            "01-Apr-2024",
            "1 Apr 2024",
            "1 APRIL 2024",
            "1ST april 2024",
            "01  Apr  2024",
            "1st-Apr-2024",
            "April 1, 2024",
            "April 1 2024",
            "Apr 1st, 2024",
            " 2024-04-01 ",
            "\t01/04/2024\n",
        ],
    )
    def test_every_form_of_the_grammar_gives_1_april(self, text: str) -> None:
        """ISO, ISO date-times, year first, CCYYMMDD, day first and month names."""
        assert parse_date(text) == APRIL_1_2024

    def test_a_date_time_gives_its_date_as_written_not_moved_by_its_zone(
        self,
    ) -> None:
        """23:30 at -05:00 is 2 April in UTC, but the date written is 1 April."""
        assert parse_date("2024-04-01T23:30:00-05:00") == APRIL_1_2024

    @pytest.mark.parametrize(
        ("text", "month"),
        [
            ("1 Sept 2024", 9),
            ("1 Sep 2024", 9),
            ("1 September 2024", 9),
            ("1 May 2024", 5),
            ("1 Jun 2024", 6),
            ("1 July 2024", 7),
            ("1-Dec-2024", 12),
            ("1 feb 2024", 2),
        ],
    )
    def test_month_names_full_three_letters_and_sept(
        self, text: str, month: int
    ) -> None:
        """Full and three-letter English names in any case; 'Sept' too."""
        assert parse_date(text) == dt.date(2024, month, 1)

    @pytest.mark.parametrize(
        ("text", "day"),
        [
            ("2nd April 2024", 2),
            ("3rd April 2024", 3),
            ("4th April 2024", 4),
            ("11th April 2024", 11),
            ("12th April 2024", 12),
            ("13th April 2024", 13),
            ("21st April 2024", 21),
            ("22nd April 2024", 22),
            ("23rd April 2024", 23),
            ("30th April 2024", 30),
        ],
    )
    def test_ordinals_that_fit_their_day(self, text: str, day: int) -> None:
        """1st, 2nd, 3rd, 4th, 11th-13th, 21st, 22nd, 23rd."""
        assert parse_date(text) == dt.date(2024, 4, day)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1900-04-01", dt.date(1900, 4, 1)),
            ("31/12/9998", dt.date(9998, 12, 31)),
            ("29/02/2024", dt.date(2024, 2, 29)),
        ],
    )
    def test_the_edges_of_the_range_and_leap_days(
        self, text: str, expected: dt.date
    ) -> None:
        """From FinancialYear(1900)'s first day to 9998; 29 February in a leap year."""
        assert parse_date(text) == expected

    def test_a_date_passes_through(self) -> None:
        """A datetime.date is already a date."""
        assert parse_date(APRIL_1_2024) is APRIL_1_2024

    def test_a_str_subclass_is_read_as_its_text(self) -> None:
        """A str subclass reads as the same text."""

        class Text(str):
            __slots__ = ()

        assert parse_date(Text("01/04/2024")) == APRIL_1_2024

    def test_repeated_text_gives_equal_dates(self) -> None:
        """The memo returns the same date for the same text, however often."""
        assert {parse_date("01/04/2024") for _ in range(3)} == {APRIL_1_2024}


class TestParseDateRefusals:
    def test_a_us_month_first_date_is_refused_naming_the_forms(self) -> None:
        """04/13/2024 is never read as 13 April: day and month are never swapped."""
        with pytest.raises(ParseError) as caught:
            parse_date("04/13/2024")

        assert caught.value.value == "04/13/2024"
        assert "there is no month 13" in caught.value.expected
        assert all(form in caught.value.expected for form in FORMS_NAMED)

    @pytest.mark.parametrize(
        ("text", "why"),
        [
            ("31/02/2024", "there is no 31 February 2024"),
            ("29/02/2023", "there is no 29 February 2023"),
            ("2024-02-30", "there is no 30 February 2024"),
            ("0/4/2024", "there is no 0 April 2024"),
            ("31 June 2024", "there is no 31 June 2024"),
            ("20240230", "there is no 30 February 2024"),
            ("2024-13-01", "there is no month 13"),
            ("20241301", "there is no month 13"),
            ("13.13.2024", "there is no month 13"),
            ("01/00/2024", "there is no month 0"),
            ("1899-12-31", "a year from 1900 to 9998"),
            ("1900-03-31", "a date from 1 April 1900, the first financial year's"),
            ("01/01/1900", "a date from 1 April 1900, the first financial year's"),
            ("0001-01-01", "a year from 1900 to 9998"),
            ("01/01/9999", "a year from 1900 to 9998"),
            ("01/04/24", "a four-digit year"),
            ("1-Apr-24", "a four-digit year"),
            ("1 April 24", "a four-digit year"),
            ("24-04-01", "a four-digit year"),
            ("2th April 2024", "such as '2nd'"),
            ("11st April 2024", "such as '11th'"),
            ("1 Aprl 2024", "not 'Aprl'"),
            ("1 Apr. 2024", ""),
            ("1-April 2024", "the same separator"),
            ("2024-04-01T25:00", "from 00:00 to 23:59:59"),
            ("2024-04-01T10:60", "from 00:00 to 23:59:59"),
            ("2024-04-01T10:00:00+24:00", "a zone within"),
            ("2024/04/01 00:00", "a time only after a 'YYYY-MM-DD' date"),
            ("2024-4-1T00:00", "a time only after a 'YYYY-MM-DD' date"),
        ],
    )
    def test_impossible_or_unguessable_dates_say_why(self, text: str, why: str) -> None:
        """Each refusal lists the forms and adds the reason it applies."""
        with pytest.raises(ParseError) as caught:
            parse_date(text)

        assert why in caught.value.expected
        assert all(form in caught.value.expected for form in FORMS_NAMED)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "   ",
            "tomorrow",
            "April 2019",
            "1st April",
            "2024-04",
            "2024-04-01x",
            "2024-04-01 x",
            "01/04/2024 extra",
            "01/04/2024 00:00 PM",
            "01/04/2024T00:00",
            "01/04/2024  00:00",
            "2024-04-01T10",
            "2024-W01-1",
            "2024W011",
            "2024-092",
            "01/04-2024",
            "2024/04-01",
            "01.04/2024",
            "1 April, 2024",
            "Monday 1 April 2024",
            "Apr-01-2024",
            "\uff12\uff10\uff12\uff14-04-01",
            "01/\u06604/2024",
            "2024-04-0\uff11",
            "\u0967/\u096a/\u0968\u0966\u0968\u096a",
            "1 Augu\u017ft 2024",
            "1 \u017fept 2024",
            "2024-04-01\n00:00",
            "+2024-04-01",
        ],
    )
    def test_text_outside_the_grammar_is_refused(self, text: str) -> None:
        """Trailing text, week and ordinal dates, mixed separators, non-ASCII."""
        with pytest.raises(ParseError) as caught:
            parse_date(text)

        assert caught.value.value == text
        assert all(form in caught.value.expected for form in FORMS_NAMED)

    def test_the_field_is_named(self) -> None:
        """The error says which field held the bad date."""
        with pytest.raises(ParseError, match=r"^period.start: "):
            parse_date("soon", field="period.start")

    @pytest.mark.parametrize("length", [65, 10_000])
    def test_over_long_text_is_refused_unread_and_cut_in_the_message(
        self, length: int
    ) -> None:
        """Past 64 characters no pattern runs; the message shows 64 and the size."""
        with pytest.raises(ParseError) as caught:
            parse_date("1" * length)

        assert caught.value.value == "1" * 64 + "…"
        assert f"in at most 64 characters (got {length:,})" in caught.value.expected

    def test_64_characters_is_still_read(self) -> None:
        """The cap is on the text as given, whitespace included."""
        assert parse_date("2024-04-01".center(64)) == APRIL_1_2024

    @pytest.mark.parametrize(
        "value", [dt.datetime(2024, 4, 1), dt.datetime(2024, 4, 1, 12, 30)]
    )
    def test_a_datetime_object_is_refused_naming_the_field(self, value: object) -> None:
        """Its time would be dropped silently; a datetime is not a day."""
        with pytest.raises(ParseError, match=r"^on: expected .*not a datetime"):
            parse_date(value, field="on")

    @pytest.mark.parametrize("value", [20240401, None, 2024.0401, b"2024-04-01"])
    def test_a_non_string_is_refused_listing_the_forms(self, value: object) -> None:
        """Only text and dates are dates."""
        with pytest.raises(ParseError) as caught:
            parse_date(value)

        assert caught.value.value == value
        assert all(form in caught.value.expected for form in FORMS_NAMED)


class TestDatesInResolve:
    @pytest.mark.parametrize(
        "written", ["2024-04-01T00:00:00", "20240401", "01/04/2024", "2024-04-01"]
    )
    def test_every_form_resolves_as_the_iso_date_does(
        self, written: str, tmp_path: Path
    ) -> None:
        """On 1 April 2024 service 7 in 01A is delegated; on 4 January it is not."""
        activity = tmp_path / "activity.csv"
        activity.write_text(
            f"service,place,date\n7,01A,{written}\n7,01A,04/01/2024\n",
            encoding="utf-8",
        )

        result = run("resolve", str(activity), cwd=tmp_path)

        assert (result.returncode, result.stderr) == (0, "")
        assert result.stdout.splitlines() == [
            "service,place,date,accountable,commissioner,payer,arrangement",
            f"7,01A,{written},X24,QE1,QE1,DEL-QE1",
            "7,01A,04/01/2024,X24,JC-Y62,X24,JC-Y62-2023",
        ]

    def test_a_us_date_is_a_problem_row_not_13_april(self, tmp_path: Path) -> None:
        """Without --strict the row is reported and left unresolved."""
        activity = tmp_path / "activity.csv"
        activity.write_text("service,place,date\n7,01A,04/13/2024\n", encoding="utf-8")

        result = run("resolve", str(activity), cwd=tmp_path)

        assert result.stdout.splitlines()[1] == "7,01A,04/13/2024,,,,"
        assert "04/13/2024" in result.stderr

    def test_on_reads_the_same_grammar(self, tmp_path: Path) -> None:
        """--on 20240401 is 1 April; --on 04/13/2024 is a usage error."""
        good = run("check", "--on", "20240401", cwd=tmp_path)
        bad = run("check", "--on", "04/13/2024", cwd=tmp_path)

        assert "as it stands on 2024-04-01" in good.stdout
        assert bad.returncode == 2
        assert "there is no month 13" in bad.stderr


class TestAddMonths:
    def test_add_months_uses_month_ends(self) -> None:
        """31 March less six months is 30 September."""
        assert add_months(dt.date(2020, 3, 31), -6) == dt.date(2019, 9, 30)
