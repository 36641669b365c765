"""
NHS financial years and half-open date periods.

An NHS financial year runs from 1 April to 31 March and is written "2019-20"
(press, NAO) or "2019/20" (NHS England); the NHS Data Dictionary writes
"201920". A :class:`Period` is a half-open range of dates ``[start, end)``,
with an open end allowed for arrangements that have not ended.

>>> from speccom_model import FinancialYear, Period
>>> fy = FinancialYear.parse("FY2019/20")
>>> str(fy), fy.start, fy.end
('2019-20', datetime.date(2019, 4, 1), datetime.date(2020, 3, 31))
>>> FinancialYear.parse("2019-21")
Traceback (most recent call last):
speccom_model.errors.ParseError: financial year: expected consecutive years ...
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING, Final, Self, final

import attrs

from speccom_model.errors import InvalidValueError, ParseError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["FinancialYear", "Period", "add_months", "parse_date"]

_MIN_YEAR: Final = 1900
_MAX_YEAR: Final = 9998

# ASCII only: with Unicode matching, "\d" takes Arabic-Indic digits, which int()
# then reads as a year nobody wrote.
_YEAR_RE: Final = re.compile(
    r"\s*(?:"
    r"(?:FY\s*)?(?P<first>[0-9]{4})\s*"
    r"(?:[-/–]\s*(?P<second>[0-9]{2}|[0-9]{4})|(?P<packed>[0-9]{2}))"
    r"|(?P<fy>FY\s*)?(?P<short>[0-9]{2})\s*(?P<sep>[-/–])\s*(?P<short_second>[0-9]{2})"
    r")\s*",
    re.IGNORECASE | re.ASCII,
)

_YEAR_FORMS: Final = (
    "a financial year such as '2019-20', '2019/20', 'FY2019/20', '2019-2020', "
    "'201920', '19/20' or 'FY19-20'"
)


def _check_year(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError("start_year", value, "an int such as 2019")
    if not _MIN_YEAR <= value <= _MAX_YEAR:
        raise InvalidValueError(
            "start_year", value, f"a year from {_MIN_YEAR} to {_MAX_YEAR}"
        )
    return value


@final
@attrs.frozen(order=True, repr=False)
class FinancialYear:
    """
    An NHS financial year: 1 April to 31 March, named by the year it starts in.

    Args:
        start_year: The calendar year in which the financial year starts.

    >>> FinancialYear(2019)
    FinancialYear(2019)
    >>> FinancialYear(2019) + 5
    FinancialYear(2024)
    >>> FinancialYear.containing(dt.date(2020, 3, 31))
    FinancialYear(2019)
    >>> dt.date(2020, 4, 1) in FinancialYear(2019)
    False
    """

    start_year: int = attrs.field(converter=_check_year)

    @classmethod
    def parse(cls, text: str) -> Self:
        """
        Parse a financial year as the sector writes it.

        Accepts "2019-20", "2019/20", "FY2019/20", "2019-2020", "2019/2020" and
        the Data Dictionary's "201920"; and the two-digit forms of NHS finance
        papers, "19/20", "FY19/20" and "FY 19-20". The second year must follow
        the first.

        Two-digit years are read as 20YY, so the short forms name 2000-01 to
        2098-99 ("99/00" is refused: write "1999-00"). A bare "19-20" needs the
        "FY" to say it is a year; "FY25" alone is refused, as some write it for
        the year *ending* in 2025.

        Raises:
            ParseError: for any other text, or years that do not follow.

        >>> FinancialYear.parse("2019/2020")
        FinancialYear(2019)
        >>> FinancialYear.parse("201920")
        FinancialYear(2019)
        >>> FinancialYear.parse("FY25/26")
        FinancialYear(2025)
        >>> FinancialYear.parse("25/27")
        Traceback (most recent call last):
        speccom_model.errors.ParseError: financial year: expected consecutive years ...
        """
        if not isinstance(text, str):
            raise ParseError("financial year", text, _YEAR_FORMS)
        match = _YEAR_RE.fullmatch(text)
        if match is None:
            raise ParseError("financial year", text, _YEAR_FORMS)
        if match["short"] is not None:
            return cls(_short_year(text, match))
        first = int(match["first"])
        second_text = match["second"] or match["packed"]
        following = first + 1
        expected = str(following) if len(second_text) == 4 else f"{following % 100:02d}"
        if second_text != expected:
            raise ParseError(
                "financial year",
                text,
                f"consecutive years such as '{first}-{following % 100:02d}'",
            )
        return cls(first)

    @classmethod
    def containing(cls, day: dt.date) -> Self:
        """
        Return the financial year a date falls in.

        >>> FinancialYear.containing(dt.date(2019, 4, 1))
        FinancialYear(2019)
        """
        _check_date("day", day)
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def start(self) -> dt.date:
        """1 April of the starting year."""
        return dt.date(self.start_year, 4, 1)

    @property
    def end(self) -> dt.date:
        """31 March of the following year: the last day, inclusive."""
        return dt.date(self.start_year + 1, 3, 31)

    @property
    def period(self) -> Period:
        """
        The year as a half-open period, ``[1 April, next 1 April)``.

        >>> FinancialYear(2019).period
        Period(start=datetime.date(2019, 4, 1), end=datetime.date(2020, 4, 1))
        """
        return Period(start=self.start, end=dt.date(self.start_year + 1, 4, 1))

    def __contains__(self, day: object) -> bool:
        """
        Whether the date falls in the year, as :meth:`Period.contains` decides.

        Raises:
            InvalidValueError: if ``day`` is not a ``datetime.date`` (a
                ``datetime`` included): asking is a mistake, not a "no".

        >>> dt.datetime(2019, 4, 1, 12) in FinancialYear(2019)
        Traceback (most recent call last):
        speccom_model.errors.InvalidValueError: day: expected a datetime.date ...
        """
        if type(day) is not dt.date:
            day = _check_date("day", day)
        return self.start <= day <= self.end

    def __add__(self, years: object) -> FinancialYear:
        if isinstance(years, bool) or not isinstance(years, int):
            return NotImplemented
        return FinancialYear(self.start_year + years)

    def __sub__(self, years: object) -> FinancialYear:
        if isinstance(years, bool) or not isinstance(years, int):
            return NotImplemented
        return FinancialYear(self.start_year - years)

    def __repr__(self) -> str:
        return f"FinancialYear({self.start_year})"

    def __str__(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"


def _period_refusal(text: str, error: ParseError) -> ParseError:
    """Why no slash splits ``text`` into dates: one date alone, or a side's error."""
    if len(text) <= _MAX_DATE_CHARS and isinstance(_read(text), dt.date):
        return ParseError(
            "period", text, "'START/END' or 'START/' dates, not one date alone"
        )
    return error


def _short_year(text: str, match: re.Match[str]) -> int:
    """The start year of a two-digit form such as "25/26": 20YY, or refuse."""
    first, second = int(match["short"]), int(match["short_second"])
    if match["sep"] != "/" and match["fy"] is None:
        raise ParseError(
            "financial year",
            text,
            f"'FY' before a two-digit '{match['short']}-..', or a slash: {_YEAR_FORMS}",
        )
    if first == 99:
        raise ParseError(
            "financial year",
            text,
            "'1999-00' or '2099-00' written in full "
            "(two-digit years are 20YY, 2000-01 to 2098-99)",
        )
    if second != first + 1:
        raise ParseError(
            "financial year",
            text,
            f"consecutive years such as '{first:02d}/{first + 1:02d}' "
            "(two-digit years are 20YY, 2000-01 to 2098-99)",
        )
    return 2000 + first


def _end_key(end: dt.date | None) -> tuple[bool, dt.date]:
    # An open end has not happened yet: it sorts after every date.
    return (end is None, dt.date.min if end is None else end)


def _check_date(field: str, value: object) -> dt.date:
    # datetime is a date subclass, but compares unequal to any date: refuse it.
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidValueError(field, value, "a datetime.date (not a datetime)")
    return value


@final
@attrs.frozen(order=True)
class Period:
    """
    A half-open range of days, ``[start, end)``; ``end=None`` is open-ended.

    Args:
        start: The first day in the period.
        end: The first day after it, or ``None`` for no end yet.

    Raises:
        InvalidValueError: if ``end`` is not after ``start``.

    >>> p = Period(start=dt.date(2019, 4, 1), end=dt.date(2020, 4, 1))
    >>> p.contains(dt.date(2020, 3, 31)), p.contains(dt.date(2020, 4, 1))
    (True, False)
    >>> Period(start=dt.date(2020, 4, 1), end=dt.date(2019, 4, 1))
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: end: expected a date after ...

    Periods order by start, then end; an open end sorts after any date:

    >>> periods = [Period(start=dt.date(2019, 4, 1)), FinancialYear(2019).period]
    >>> [p.end for p in sorted(periods)]
    [datetime.date(2020, 4, 1), None]
    """

    start: dt.date
    end: dt.date | None = attrs.field(default=None, order=_end_key)

    def __attrs_post_init__(self) -> None:
        start, end = self.start, self.end
        if type(start) is dt.date and (
            end is None or (type(end) is dt.date and end > start)
        ):
            return  # the common, valid case, checked in one pass
        _check_date("start", start)
        if end is not None and _check_date("end", end) <= start:
            raise InvalidValueError(
                "end", end.isoformat(), f"a date after the start {self.start}"
            )

    @classmethod
    def through(cls, start: dt.date, last_day: dt.date) -> Self:
        """
        The period from ``start`` to ``last_day``, both days included.

        For dates given as a last day, as ODS close dates and "to 31 March"
        are: the period's exclusive ``end`` is the day after ``last_day``.
        Only a caller who says the date is a last day uses this; nothing else
        in the library reads an end as inclusive.

        Raises:
            InvalidValueError: if ``last_day`` is before ``start`` or is the
                last date Python has (no end can follow it), or either is not a
                ``datetime.date``.

        >>> Period.through(dt.date(2019, 4, 1), dt.date(2020, 3, 31))
        Period(start=datetime.date(2019, 4, 1), end=datetime.date(2020, 4, 1))
        >>> Period.through(dt.date(2019, 4, 1), dt.date(2019, 3, 31))
        Traceback (most recent call last):
        speccom_model.errors.InvalidValueError: last_day: expected a day on or after ...
        """
        _check_date("start", start)
        _check_date("last_day", last_day)
        if last_day < start:
            raise InvalidValueError(
                "last_day",
                last_day.isoformat(),
                f"a day on or after the start {start} (the last day is included)",
            )
        if last_day == dt.date.max:  # no day after it to end on
            raise InvalidValueError(
                "last_day", last_day.isoformat(), f"a day before {dt.date.max}"
            )
        return cls(start=start, end=last_day + dt.timedelta(days=1))

    @property
    def last_day(self) -> dt.date | None:
        """
        The last day in the period (``end`` minus one day); ``None`` when open.

        >>> FinancialYear(2019).period.last_day
        datetime.date(2020, 3, 31)
        """
        return None if self.end is None else self.end - dt.timedelta(days=1)

    @classmethod
    def parse(cls, text: str) -> Self:
        """
        Parse ``"START/END"``, or ``"START/"`` for an open end.

        Each side is a date :func:`parse_date` reads, so a side may hold
        slashes itself (``"1/4/2019/1/4/2020"``): the text is split at the one
        slash that leaves a date on each side.

        Raises:
            ParseError: if no slash splits the text into dates: naming the
                end at fault if some start was read, else the start (or that
                the text is one date alone); or if the text is over 129
                characters.

        >>> Period.parse("2019-04-01/")
        Period(start=datetime.date(2019, 4, 1), end=None)
        >>> Period.parse("01/04/2019/01/04/2020") == FinancialYear(2019).period
        True
        """
        if not isinstance(text, str) or "/" not in text:
            raise ParseError("period", text, "'START/END' or 'START/' dates")
        if len(text) > 2 * _MAX_DATE_CHARS + 1:
            raise ParseError(
                "period",
                text[: 2 * _MAX_DATE_CHARS] + "…",
                f"'START/END' dates, in at most {2 * _MAX_DATE_CHARS + 1} characters",
            )
        readings: list[tuple[dt.date, dt.date | None]] = []
        start_error: ParseError | None = None
        end_error: ParseError | None = None
        for at in (i for i, char in enumerate(text) if char == "/"):
            before, after = text[:at], text[at + 1 :]
            try:
                start = parse_date(before, field="period.start")
            except ParseError as err:
                start_error = err  # the last: its start is the longest tried
                continue
            try:
                end = parse_date(after, field="period.end") if after.strip() else None
            except ParseError as err:
                end_error = end_error or err
                continue
            readings.append((start, end))
        if not readings:
            raise _period_refusal(
                text,
                end_error or start_error or ParseError("period", text, "dates"),
            )
        if len(readings) != 1:  # pragma: no cover - dates hold 0 or 2 slashes
            raise ParseError("period", text, "one slash that splits it into two dates")
        start_day, end_day = readings[0]
        return cls(start=start_day, end=end_day)

    def contains(self, day: dt.date) -> bool:
        """
        Whether ``day`` is in the period (the end day is not).

        Raises:
            InvalidValueError: if ``day`` is not a ``datetime.date`` (a
                ``datetime`` included), as for ``day in FinancialYear(...)``.

        >>> FinancialYear(2019).period.contains(dt.datetime(2019, 4, 1))
        Traceback (most recent call last):
        speccom_model.errors.InvalidValueError: day: expected a datetime.date ...
        """
        if type(day) is not dt.date:
            day = _check_date("day", day)
        return self.start <= day and (self.end is None or day < self.end)

    __contains__ = contains

    def overlaps(self, other: Period) -> bool:
        """
        Whether the two periods share at least one day.

        >>> a = Period(start=dt.date(2019, 4, 1), end=dt.date(2020, 4, 1))
        >>> b = Period(start=dt.date(2020, 4, 1))
        >>> a.overlaps(b)
        False
        """
        return (other.end is None or self.start < other.end) and (
            self.end is None or other.start < self.end
        )

    def intersection(self, other: Period) -> Period | None:
        """
        The days in both periods, or ``None`` when they share none.

        >>> a = Period(start=dt.date(2019, 4, 1))
        >>> a.intersection(FinancialYear(2020).period)
        Period(start=datetime.date(2020, 4, 1), end=datetime.date(2021, 4, 1))
        """
        if not self.overlaps(other):
            return None
        start = max(self.start, other.start)
        ends = [e for e in (self.end, other.end) if e is not None]
        return Period(start=start, end=min(ends) if ends else None)

    def financial_years(self) -> tuple[FinancialYear, ...]:
        """
        The financial years the period touches (an open period: its first only).

        >>> Period(start=dt.date(2019, 4, 1), end=dt.date(2021, 4, 1)).financial_years()
        (FinancialYear(2019), FinancialYear(2020))
        """
        first = FinancialYear.containing(self.start)
        if self.end is None:
            return (first,)
        last = FinancialYear.containing(self.end - dt.timedelta(days=1))
        return tuple(first + n for n in range(last.start_year - first.start_year + 1))


#: Longer text is refused before any pattern runs: no date is written longer.
_MAX_DATE_CHARS: Final = 64

#: What every refusal lists: each form parse_date reads.
_DATE_FORMS: Final = (
    "a date written as '2019-04-01', '2019-04-01T09:30:00' (the date as written; "
    "a space for the T, a fraction and a zone allowed), '2019/04/01', '2019-4-1', "
    "'20190401', '1/4/2019' (day first), '01/04/2019 09:30', '01-04-2019', "
    "'01.04.2019', "
    "'1 April 2019', '1st April 2019', '01-Apr-2019' or 'April 1, 2019'"
)

_MONTH_NAMES: Final = (
    "",
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
#: Each month's full name and its first three letters, lower case, and "sept".
_MONTHS: Final = {
    **{name.lower(): n for n, name in enumerate(_MONTH_NAMES) if n},
    **{name[:3].lower(): n for n, name in enumerate(_MONTH_NAMES) if n},
    "sept": 9,
}

# Each pattern is matched whole (fullmatch), ASCII only ([0-9], not \d, which
# takes any script's digits) and without nested repeats, so it runs in time
# linear in the (capped) length.
_FLAGS: Final = re.ASCII | re.IGNORECASE
_YEAR_FIRST: Final = re.compile(
    r"(?P<y>[0-9]{4})(?P<sep>[-/])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"
    r"(?:[T ](?P<H>[0-9]{2}):(?P<M>[0-9]{2})"
    r"(?::(?P<S>[0-9]{2})(?:[.,][0-9]{1,9})?)?"
    r"(?:Z|[+-](?P<zh>[0-9]{2})(?::?(?P<zm>[0-9]{2}))?)?)?",
    _FLAGS,
)
_PACKED: Final = re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})", _FLAGS)
_DAY_FIRST: Final = re.compile(
    r"(?P<d>[0-9]{1,2})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})"
    # Excel's UK date-time in a CSV: "01/04/2024 00:00" or "01/04/2024 09:30:15".
    r"(?: (?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?)?",
    _FLAGS,
)
_NAMED_DAY_FIRST: Final = re.compile(
    r"(?P<d>[0-9]{1,2})(?P<ord>st|nd|rd|th)?(?P<sep>-| +)(?P<m>[a-z]+)"
    r"(?P<sep2>-| +)(?P<y>[0-9]{4})",
    _FLAGS,
)
_NAMED_MONTH_FIRST: Final = re.compile(
    r"(?P<m>[a-z]+) +(?P<d>[0-9]{1,2})(?P<ord>st|nd|rd|th)?,? +(?P<y>[0-9]{4})",
    _FLAGS,
)
# Not a form: a date-like text ending in a two-digit year, to say why it fails.
_TWO_DIGIT_YEAR: Final = re.compile(r"[0-9a-z ,./-]*[ ,./-][0-9]{2}", _FLAGS)


def parse_date(text: object, *, field: str = "date") -> dt.date:
    """
    Parse a date by one explicit grammar; refuse anything it does not cover.

    Every place the library reads a date (plan files, ``--on``, activity CSV
    rows) reads it here. The forms, each giving 1 April 2019:

    * ISO ``2019-04-01``; an ISO date-time ``2019-04-01T09:30:00`` or
      ``2019-04-01 09:30:00.000`` (SQL, pandas, Excel), with an optional fraction
      and zone — the date as written, never moved to another zone;
    * year first: ``2019/04/01``, ``2019-4-1``; the Data Dictionary's
      ``20190401`` (CCYYMMDD);
    * day first, as the UK writes: ``1/4/2019``, ``01-04-2019``, ``01.04.2019``,
      and Excel's UK date-time ``01/04/2019 09:30`` or ``01/04/2019 09:30:15``
      (24-hour clock; the date is taken);
    * English month names, full or three letters, in any case, plus "Sept":
      ``1 April 2019``, ``1st April 2019``, ``01-Apr-2019``, ``April 1, 2019``.
      An ordinal suffix must fit its day (``2nd``, not ``2th``).

    Day and month are never swapped: ``04/13/2019`` is refused, not read as 13
    April. Dates run from 1 April 1900 (the first day of financial year
    1900-01) to 31 December 9998, with four-digit years. A
    ``date`` passes through. Text over 64 characters is refused unread (its
    value in the error is cut to 64 characters). Results are memoised, so the
    same few hundred dates in a large file cost one dictionary look-up each.

    Args:
        text: The text of a date (surrounding whitespace is ignored), or a date.
        field: The field being read, named in the error.

    Returns:
        The date, as a ``datetime.date``.

    Raises:
        ParseError: for anything else — a month over 12, a day the month lacks,
            trailing text, a two-digit year, an ISO week or ordinal date,
            non-ASCII digits, a ``datetime`` object (its time would be dropped
            silently), a non-string — naming ``field`` and listing the forms.

    >>> parse_date("01/04/2019"), parse_date("2019-04-01T00:00:00")
    (datetime.date(2019, 4, 1), datetime.date(2019, 4, 1))
    >>> parse_date("20190401"), parse_date("1st April 2019")
    (datetime.date(2019, 4, 1), datetime.date(2019, 4, 1))
    >>> parse_date("04/13/2019")
    Traceback (most recent call last):
    speccom_model.errors.ParseError: date: expected a date written as '2019-04-01', ...
    """
    if type(text) is str and len(text) <= _MAX_DATE_CHARS:
        found = _read(text)
        if isinstance(found, dt.date):
            return found
        raise ParseError(field, text, found)
    return _parse_other(text, field)


def _parse_other(text: object, field: str) -> dt.date:
    """parse_date for anything but short plain text."""
    if isinstance(text, dt.datetime):
        raise ParseError(
            field, text, "a datetime.date or date text, not a datetime (with a time)"
        )
    if isinstance(text, dt.date):
        return text
    if not isinstance(text, str):
        raise ParseError(field, text, f"date text: {_DATE_FORMS}")
    if len(text) > _MAX_DATE_CHARS:
        raise ParseError(
            field,
            text[:_MAX_DATE_CHARS] + "…",
            f"{_DATE_FORMS}, in at most {_MAX_DATE_CHARS} characters "
            f"(got {len(text):,})",
        )
    return parse_date(str.__str__(text), field=field)  # a str subclass


@functools.lru_cache(maxsize=4096)
def _read(text: str) -> dt.date | str:
    """The date ``text`` writes, or what was expected instead (for the error)."""
    stripped = text.strip()
    for pattern, read in _FORMS:
        match = pattern.fullmatch(stripped)
        if match is not None:
            return read(match)
    if _TWO_DIGIT_YEAR.fullmatch(stripped):
        return _refusal("a four-digit year: a two-digit year's century is not guessed")
    return _DATE_FORMS


def _read_year_first(match: re.Match[str]) -> dt.date | str:
    if match["H"] is not None and not _iso_time(match):
        return _refusal(
            "a time only after a 'YYYY-MM-DD' date, from 00:00 to 23:59:59, "
            "with a zone within ±23:59"
        )
    return _date(match["y"], int(match["m"]), match["d"])


def _read_packed(match: re.Match[str]) -> dt.date | str:
    return _date(match["y"], int(match["m"]), match["d"])


def _read_day_first(match: re.Match[str]) -> dt.date | str:
    month = int(match["m"])
    if month > 12:
        return _refusal(f"the day first, then the month: there is no month {month}")
    if match["H"] is not None and not (
        int(match["H"]) <= 23
        and int(match["M"]) <= 59
        and (match["S"] is None or int(match["S"]) <= 59)
    ):
        return _refusal("a time from 00:00 to 23:59:59, on the 24-hour clock")
    return _date(match["y"], month, match["d"])


def _read_named(match: re.Match[str]) -> dt.date | str:
    if (match.groupdict().get("sep", "-") == "-") != (
        match.groupdict().get("sep2", "-") == "-"
    ):
        return _refusal("the same separator, '-' or spaces, on both sides of the month")
    month = _MONTHS.get(match["m"].lower())
    if month is None:
        return _refusal(
            "an English month name, full or three letters, such as 'April' or "
            f"'Apr', not {match['m']!r}"
        )
    day = int(match["d"])
    if match["ord"] is not None and match["ord"].lower() != _ordinal(day):
        return _refusal(f"an ordinal that fits the day, such as '{day}{_ordinal(day)}'")
    return _date(match["y"], month, match["d"])


_FORMS: Final[
    tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], dt.date | str]], ...]
] = (
    (_YEAR_FIRST, _read_year_first),
    (_PACKED, _read_packed),
    (_DAY_FIRST, _read_day_first),
    (_NAMED_DAY_FIRST, _read_named),
    (_NAMED_MONTH_FIRST, _read_named),
)


def _refusal(why: str) -> str:
    return f"{_DATE_FORMS} ({why})"


def _iso_time(match: re.Match[str]) -> bool:
    """Whether a date-time's time and zone are real, after a strict ISO date."""
    if len(match["m"]) != 2 or len(match["d"]) != 2 or match["sep"] != "-":
        return False
    second = match["S"]
    zone_hour, zone_minute = match["zh"], match["zm"]
    return (
        int(match["H"]) <= 23
        and int(match["M"]) <= 59
        and (second is None or int(second) <= 59)
        and (zone_hour is None or int(zone_hour) <= 23)
        and (zone_minute is None or int(zone_minute) <= 59)
    )


#: The first day of the first financial year the library names (1900-01).
_FIRST_DAY: Final = dt.date(_MIN_YEAR, 4, 1)


def _date(year_text: str, month: int, day_text: str) -> dt.date | str:
    year, day = int(year_text), int(day_text)
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return _refusal(f"a year from {_MIN_YEAR} to {_MAX_YEAR}")
    if not 1 <= month <= 12:
        return _refusal(f"there is no month {month}")
    try:
        found = dt.date(year, month, day)
    except ValueError:
        return _refusal(f"there is no {day} {_MONTH_NAMES[month]} {year}")
    if found < _FIRST_DAY:
        # Every date falls in a financial year, and the first is 1900-01.
        return _refusal(
            f"a date from {_FIRST_DAY:%-d %B %Y}, the first financial year's"
        )
    return found


def _ordinal(day: int) -> str:
    """The English ordinal suffix of a day: 1st, 2nd, 3rd, 4th, 11th, 21st."""
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def add_months(day: dt.date, months: int) -> dt.date:
    """
    Move a date by whole months, keeping to the month's end where needed.

    >>> add_months(dt.date(2020, 3, 31), -6)
    datetime.date(2019, 9, 30)
    """
    _check_date("day", day)
    if type(months) is not int:
        raise InvalidValueError("months", months, "a whole number of months (int)")
    from dateutil.relativedelta import relativedelta  # noqa: PLC0415

    result: dt.date = day + relativedelta(months=months)
    return result
