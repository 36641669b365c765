"""
Properties of financial years, periods and the date grammar.

Source: DOMAIN.md §7 — the NHS financial year runs 1 April to 31 March, written
"2019-20" or "2019/20"; issue #10 — input is read right or refused, never
guessed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import TYPE_CHECKING

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from speccom_model import FinancialYear, ParseError, Period, parse_date
from tests.strategies import dates, financial_years, periods

if TYPE_CHECKING:
    from collections.abc import Callable


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

    @given(st.integers(min_value=0, max_value=98), st.sampled_from(["/", "-", "–"]))
    def test_two_digit_forms_are_20yy(self, short: int, sep: str) -> None:
        """'YY/YY', 'FYYY/YY' and 'FY YY-YY' name 20YY-(YY+1)."""
        text = f"{short:02d}{sep}{short + 1:02d}"
        if sep == "/":
            assert FinancialYear.parse(text) == FinancialYear(2000 + short)
        assert FinancialYear.parse(f"FY {text}") == FinancialYear(2000 + short)

    @given(st.integers(0, 99), st.integers(0, 99))
    def test_two_digit_years_that_do_not_follow_are_refused(
        self, first: int, second: int
    ) -> None:
        """No two-digit pair parses unless the second year follows the first."""
        text = f"FY{first:02d}/{second:02d}"
        if second == first + 1:
            assert FinancialYear.parse(text) == FinancialYear(2000 + first)
        else:
            with pytest.raises(ParseError):
                FinancialYear.parse(text)

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


class TestPeriodOrder:
    """
    Periods order by start, then end, an open end after any date.

    Source: issue #10 — sorted() on periods with open ends raised TypeError.
    """

    @given(st.lists(periods(), max_size=8))
    def test_any_list_of_periods_sorts_by_start_then_end(
        self, items: list[Period]
    ) -> None:
        ordered = sorted(items)

        for earlier, later in itertools.pairwise(ordered):
            assert earlier.start <= later.start
            if earlier.start == later.start:
                assert later.end is None or (
                    earlier.end is not None and earlier.end <= later.end
                )

    @given(periods(), periods())
    def test_the_order_is_total_and_agrees_with_equality(
        self, a: Period, b: Period
    ) -> None:
        assert [a < b, a == b, a > b].count(True) == 1
        assert (a <= b <= a) == (a == b)


class TestPeriodParse:
    """
    Period.parse reads each side by parse_date's grammar, slashes and all.

    Source: issue #10 — one date grammar for every place a date is read.
    """

    @given(periods(), st.sampled_from(["%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%Y%m%d"]))
    def test_a_period_written_in_any_numeric_form_reads_back(
        self, period: Period, form: str
    ) -> None:
        end = "" if period.end is None else period.end.strftime(form)
        text = f"{period.start.strftime(form)}/{end}"

        assert Period.parse(text) == period


# -- the date grammar ----------------------------------------------------------------

#: Written out here, not taken from calendar (whose names follow the locale).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ORDINALS = (
    ("st", "nd", "rd") + ("th",) * 17 + ("st", "nd", "rd") + ("th",) * 7 + ("st",)
)
MONTH_NUMBERS = {
    **{name.lower(): n for n, name in enumerate(MONTHS, start=1)},
    **{name[:3].lower(): n for n, name in enumerate(MONTHS, start=1)},
    "sept": 9,
}

#: Every written form of the grammar, by name; ``case`` varies a month word.
WRITERS: dict[str, Callable[[dt.date, Callable[[str], str]], str]] = {
    "iso": lambda d, _: d.isoformat(),
    "iso date-time": lambda d, _: f"{d.isoformat()}T00:00:00",
    "sql date-time": lambda d, _: f"{d.isoformat()} 23:59:59.1234567",
    "zoned date-time": lambda d, _: f"{d.isoformat()}T23:30:00-05:00",
    "utc date-time": lambda d, _: f"{d.isoformat()}T00:30Z",
    "year first, slashes": lambda d, _: f"{d.year}/{d.month:02d}/{d.day:02d}",
    "year first, unpadded": lambda d, _: f"{d.year}-{d.month}-{d.day}",
    "CCYYMMDD": lambda d, _: f"{d.year}{d.month:02d}{d.day:02d}",
    "D/M/YYYY": lambda d, _: f"{d.day}/{d.month}/{d.year}",
    "DD/MM/YYYY": lambda d, _: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "DD-MM-YYYY": lambda d, _: f"{d.day:02d}-{d.month:02d}-{d.year}",
    "DD.MM.YYYY": lambda d, _: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "D Month YYYY": lambda d, case: f"{d.day} {case(MONTHS[d.month - 1])} {d.year}",
    "Dth Month YYYY": lambda d, case: (
        f"{d.day}{ORDINALS[d.day - 1]} {case(MONTHS[d.month - 1])} {d.year}"
    ),
    "DD-Mon-YYYY": lambda d, case: (
        f"{d.day:02d}-{case(MONTHS[d.month - 1][:3])}-{d.year}"
    ),
    "D Mon YYYY": lambda d, case: f"{d.day} {case(MONTHS[d.month - 1][:3])} {d.year}",
    "Month D, YYYY": lambda d, case: f"{case(MONTHS[d.month - 1])} {d.day}, {d.year}",
}
CASES: list[Callable[[str], str]] = [str, str.upper, str.lower]
# From the first day of the first financial year (1900-01), as parse_date reads.
wide_dates = st.dates(min_value=dt.date(1900, 4, 1), max_value=dt.date(2100, 12, 31))

#: Other scripts' digits, each run starting at its zero: fullwidth,
#: Arabic-Indic, Devanagari, Bengali, Mathematical bold.
OTHER_ZEROS = (0xFF10, 0x0660, 0x0966, 0x09E6, 0x1D7CE)

#: Digit runs biased towards days, months and years, so that many texts parse.
DIGIT_RUNS = st.one_of(
    st.integers(0, 32).map(str),
    st.integers(0, 32).map("{:02d}".format),
    st.integers(1890, 2110).map(str),
    wide_dates.map(lambda d: f"{d.year}{d.month:02d}{d.day:02d}"),
    st.text("0123456789", min_size=1, max_size=8),
)
WORDS = st.sampled_from(
    [
        *MONTHS,
        *(m[:3] for m in MONTHS),
        "Sept",
        "SEPT",
        "april",
        "Aprl",
        "Monday",
        "st",
        "nd",
        "rd",
        "th",
        "W",
    ]
)
SEPARATORS = st.sampled_from(["-", "/", ".", " ", "  ", ", ", ",", "T", ":", "+", "Z"])
PIECES = st.one_of(DIGIT_RUNS, WORDS)
TAILS = st.sampled_from(["", "T00:00", " 10:30:00", "T23:59:59.5+01:00", "Z", " x"])


def _mostly(likely: list[str], rarely: list[str]) -> st.SearchStrategy[str]:
    """One of ``likely`` most of the time, else one of ``rarely``."""
    return st.sampled_from(likely * (2 * len(rarely)) + rarely)


@st.composite
def date_like_texts(draw: st.DrawFn) -> str:
    """
    A day, a month and a year, each in or out of range, in any order.

    The month is digits or a word; the day may carry an ordinal; the two
    separators are usually, not always, the same; a time or junk may follow.
    """
    day = draw(st.integers(0, 32))
    month = draw(st.integers(0, 13))
    year = draw(st.integers(1890, 2110))
    month_names = [*MONTHS, *(m[:3] for m in MONTHS), "Sept"]
    pieces = [
        draw(st.sampled_from([str(day), f"{day:02d}"]))
        + draw(_mostly([""], ["st", "nd", "rd", "th"])),
        draw(_mostly([str(month), f"{month:02d}"], month_names)),
        draw(_mostly([str(year)], [f"{year % 100:02d}", f"{year:05d}"])),
    ]
    first, second, third = draw(st.permutations(pieces))
    sep = draw(_mostly(["-", "/", ".", " "], [",", ", ", "T", ":", "  "]))
    other = draw(_mostly([sep], ["-", "/", ".", " ", ", "]))
    tail = draw(_mostly([""], ["T00:00", " 10:30:00", "T23:59:59.5+01:00", "Z", " x"]))
    return first + sep + second + other + third + tail


def _as_written(text: str) -> tuple[int, int, int]:
    """
    The (year, month, day) a text says by its form, read without the grammar.

    A month word makes it a named form (the day is the first number, the year
    the second); else eight digits are CCYYMMDD, four digits first are year,
    month, day; anything else is day, month, year.
    """
    numbers = re.findall(r"[0-9]+", text)
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
    months = [MONTH_NUMBERS[w] for w in words if w in MONTH_NUMBERS]
    if months:
        return int(numbers[1]), months[0], int(numbers[0])
    first = numbers[0]
    if len(first) == 8:
        return int(first[:4]), int(first[4:6]), int(first[6:])
    if len(first) == 4:
        return int(numbers[0]), int(numbers[1]), int(numbers[2])
    return int(numbers[2]), int(numbers[1]), int(numbers[0])


class TestParseDate:
    """
    One grammar, right or refused.

    Source: issue #10 — every written form gives its date; no text parses to a
    date other than the one its form says (day and month are never swapped).
    """

    @given(wide_dates, st.sampled_from(sorted(WRITERS)), st.sampled_from(CASES))
    def test_every_written_form_of_every_date_gives_that_date(
        self, day: dt.date, form: str, case: Callable[[str], str]
    ) -> None:
        text = WRITERS[form](day, case)

        assert parse_date(text) == day

    @given(
        st.one_of(
            st.lists(st.one_of(PIECES, SEPARATORS), min_size=1, max_size=9).map(
                "".join
            ),
            date_like_texts(),
        )
    )
    @settings(max_examples=400)  # about 1 text in 70 parses: try more
    @example("04/13/2024")
    @example("2024-04-01T00:00:00")
    @example("20240401")
    @example("April 1, 2024")
    def test_no_text_parses_to_a_date_its_form_does_not_say(self, text: str) -> None:
        try:
            day = parse_date(text)
        except ParseError:
            return
        assert (day.year, day.month, day.day) == _as_written(text)

    @given(
        wide_dates,
        st.sampled_from(["iso", "CCYYMMDD", "DD/MM/YYYY", "D Month YYYY"]),
        st.sampled_from(OTHER_ZEROS),
        st.data(),
    )
    def test_a_digit_from_another_script_is_refused(
        self, day: dt.date, form: str, zero: int, data: st.DataObject
    ) -> None:
        text = WRITERS[form](day, str)
        places = [i for i, c in enumerate(text) if c.isdigit()]
        at = data.draw(st.sampled_from(places))
        foreign = text[:at] + chr(zero + int(text[at])) + text[at + 1 :]

        with pytest.raises(ParseError):
            parse_date(foreign)

    @given(st.text(max_size=80))
    def test_any_text_is_a_date_in_range_or_a_parse_error(self, text: str) -> None:
        refused: ParseError | None = None
        try:
            day = parse_date(text, field="f")
        except ParseError as err:
            refused = err
        if refused is not None:
            assert refused.field == "f"
        else:
            assert 1900 <= day.year <= 9998


class TestLastDays:
    """Period.through takes an inclusive last day; last_day gives it back."""

    @given(periods())
    def test_through_the_last_day_is_the_period(self, period: Period) -> None:
        if period.last_day is None:
            assert period.end is None
        else:
            assert Period.through(period.start, period.last_day) == period

    @given(dates, st.integers(0, 3650))
    def test_the_last_day_is_in_and_the_next_is_not(
        self, start: dt.date, days: int
    ) -> None:
        last = start + dt.timedelta(days=days)
        period = Period.through(start, last)

        assert period.last_day == last
        assert period.contains(last)
        assert not period.contains(last + dt.timedelta(days=1))
