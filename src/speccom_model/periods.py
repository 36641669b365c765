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
import re
from typing import Final, Self, final

import attrs

from speccom_model.errors import InvalidValueError, ParseError

__all__ = ["FinancialYear", "Period", "add_months", "parse_date"]

_MIN_YEAR: Final = 1900
_MAX_YEAR: Final = 9998

_YEAR_RE: Final = re.compile(
    r"^\s*(?:FY\s*)?(?P<first>\d{4})\s*(?:[-/–]\s*(?P<second>\d{2}|\d{4})|"
    r"(?P<packed>\d{2}))\s*$",
    re.IGNORECASE,
)
_ISO_RE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_YEAR_FORMS: Final = "a financial year such as '2019-20', '2019/20' or 'FY2019/20'"


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
        the Data Dictionary's "201920". The second year must follow the first.

        Raises:
            ParseError: for any other text, or years that do not follow.

        >>> FinancialYear.parse("2019/2020")
        FinancialYear(2019)
        >>> FinancialYear.parse("201920")
        FinancialYear(2019)
        """
        if not isinstance(text, str):
            raise ParseError("financial year", text, _YEAR_FORMS)
        match = _YEAR_RE.match(text)
        if match is None:
            raise ParseError("financial year", text, _YEAR_FORMS)
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
        return isinstance(day, dt.date) and self.start <= day <= self.end

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
    """

    start: dt.date
    end: dt.date | None = None

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
    def parse(cls, text: str) -> Self:
        """
        Parse ``"START/END"``, or ``"START/"`` for an open end.

        Each side is a date :func:`parse_date` reads.

        >>> Period.parse("2019-04-01/")
        Period(start=datetime.date(2019, 4, 1), end=None)
        """
        start, sep, end = text.partition("/") if isinstance(text, str) else ("", "", "")
        if not sep:
            raise ParseError("period", text, "'START/END' or 'START/' dates")
        return cls(
            start=parse_date(start, field="period.start"),
            end=parse_date(end, field="period.end") if end.strip() else None,
        )

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` is in the period (the end day is not)."""
        try:
            return self.start <= day and (self.end is None or day < self.end)
        except TypeError:  # not a date (a datetime cannot be compared either)
            raise InvalidValueError("day", day, "a datetime.date") from None

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


def parse_date(text: object, *, field: str = "date") -> dt.date:
    """
    Parse a date: ISO first (the fast path), then UK free-form, day first.

    "2019-04-01", "1st April 2019", "1 Apr 2019" and "01/04/2019" (read day
    first, as the UK writes) all give 1 April 2019. A ``date`` passes through.

    Raises:
        ParseError: for text that is not a date, naming ``field``.

    >>> parse_date("01/04/2019")
    datetime.date(2019, 4, 1)
    >>> parse_date("1st April 2019")
    datetime.date(2019, 4, 1)
    >>> parse_date("31/02/2019")
    Traceback (most recent call last):
    speccom_model.errors.ParseError: date: expected a date such as '2019-04-01' ...
    """
    if isinstance(text, dt.date) and not isinstance(text, dt.datetime):
        return text
    expected = "a date such as '2019-04-01' or '1 April 2019'"
    if not isinstance(text, str) or not text.strip():
        raise ParseError(field, text, expected)
    stripped = text.strip()
    if _ISO_RE.match(stripped):
        try:
            return dt.date.fromisoformat(stripped)
        except ValueError:
            raise ParseError(field, text, expected) from None
    from dateutil import parser  # noqa: PLC0415 - only free-form dates need it

    try:
        # Two different defaults: if they give different answers, the text left
        # out a day, month or year, and guessing one would be silent acceptance.
        first = parser.parse(stripped, dayfirst=True, default=_DEFAULTS[0])
        second = parser.parse(stripped, dayfirst=True, default=_DEFAULTS[1])
    except (ValueError, OverflowError):
        raise ParseError(field, text, expected) from None
    if first != second or first.time() != dt.time(0) or first.tzinfo is not None:
        raise ParseError(field, text, expected + " (a whole day, month and year)")
    return first.date()


_DEFAULTS: Final = (dt.datetime(2000, 1, 1), dt.datetime(2004, 2, 2))


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
