"""Validators and converters shared by the domain types; each raises our errors."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, Final, TypeVar

from speccom_model.errors import InvalidValueError

T = TypeVar("T")

#: Codes of things we name ourselves (arrangements, pools, boards, bodies with no
#: ODS code): a letter or digit, then letters, digits, '.', '_' or '-'.
IDENTIFIER: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


#: What no one-line text (a code, a name, a title, a source) may hold: C0 and
#: C1 control characters (tab, line feed, carriage return, escape...) and DEL,
#: the Unicode line and paragraph separators (U+2028, U+2029), and the
#: bidirectional embedding, override and isolate controls (U+202A-U+202E,
#: U+2066-U+2069). Printed raw, each would forge a line, split a table row,
#: drive the reader's terminal or reorder what it shows.
_NOT_ONE_LINE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
#: What no prose (a description, a provenance) may hold: the same, but for the
#: line feed, which prose may use to run over several lines.
_NOT_PROSE: Final = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
#: The expectation an error names for one-line text holding a control character.
ONE_LINE: Final = "one line of text, without control characters"
#: The expectation an error names for prose holding a control character.
PROSE: Final = "text without control characters other than line feeds"


def one_line(value: str) -> bool:
    """Whether ``value`` holds no control character (see :data:`_NOT_ONE_LINE`)."""
    return _NOT_ONE_LINE.search(value) is None


def check_text(field: str, value: object) -> str:
    """A non-empty string on one line, without outer spaces or control characters."""
    if (
        type(value) is str
        and value
        and not value[0].isspace()
        and not value[-1].isspace()
        and _NOT_ONE_LINE.search(value) is None
    ):
        return value
    if not isinstance(value, str) or not value or value != value.strip():
        raise InvalidValueError(field, value, "non-empty text without outer spaces")
    if _NOT_ONE_LINE.search(value) is not None:
        raise InvalidValueError(field, value, ONE_LINE)
    return value  # a str subclass: checked as a str


def check_line(field: str, value: object) -> str:
    """A string, perhaps empty, on one line: no control characters."""
    if type(value) is str and _NOT_ONE_LINE.search(value) is None:
        return value
    if not isinstance(value, str):
        raise InvalidValueError(field, value, "text")
    if _NOT_ONE_LINE.search(value) is not None:
        raise InvalidValueError(field, value, ONE_LINE)
    return value


def check_prose(field: str, value: object) -> str:
    """A string, perhaps empty, that may hold line feeds but no other control."""
    if type(value) is str and _NOT_PROSE.search(value) is None:
        return value
    if not isinstance(value, str):
        raise InvalidValueError(field, value, "text")
    if _NOT_PROSE.search(value) is not None:
        raise InvalidValueError(field, value, PROSE)
    return value


def check_code(field: str, value: object, pattern: re.Pattern[str] = IDENTIFIER) -> str:
    """A code matching ``pattern``."""
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise InvalidValueError(field, value, f"a code matching {pattern.pattern}")
    return value


def check_instance(field: str, value: object, cls: type[T], expected: str) -> T:
    """``value`` if it is a ``cls`` (bool never counts as int), else an error."""
    if type(value) is cls:
        return value  # the exact type: the common case
    if not isinstance(value, cls) or (isinstance(value, bool) and cls is not bool):
        raise InvalidValueError(field, value, expected)
    return value


def check_date(field: str, value: object) -> dt.date:
    """A ``date`` that is not a ``datetime``."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidValueError(field, value, "a datetime.date")
    return value


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Converter: an iterable to a tuple; anything else is left for a check."""
    given: object = value
    if isinstance(given, tuple | str | bytes) or not isinstance(given, Iterable):
        # The class's check names the field and the value.
        return given  # type: ignore[return-value]
    return tuple(value)


def to_frozenset(value: Iterable[Any]) -> frozenset[Any]:
    """Converter: an iterable to a frozenset; anything else is left for a check."""
    given: object = value
    if isinstance(given, frozenset | str | bytes) or not isinstance(given, Iterable):
        return given  # type: ignore[return-value]
    return frozenset(value)


def check_tuple_of(field: str, value: object, cls: type[T], expected: str) -> None:
    """``value`` is a tuple whose items are all ``cls``."""
    if type(value) is tuple and (not value or set(map(type, value)) == {cls}):
        return  # every item exactly a cls: tested at C speed
    if not isinstance(value, tuple):
        raise InvalidValueError(field, value, f"a sequence of {expected}")
    for index, item in enumerate(value):
        check_instance(f"{field}[{index}]", item, cls, expected)


def check_code_set(field: str, value: object) -> None:
    """``value`` is a frozenset of codes (non-empty one-line text, no outer spaces)."""
    if type(value) is frozenset and (
        not value
        or (
            set(map(type, value)) == {str}
            and "" not in value
            # strip() shortens every padded code, so no padded set maps onto itself
            and frozenset(map(str.strip, value)) == value
            and _NOT_ONE_LINE.search("".join(value)) is None
        )
    ):
        return  # every code clean: tested at C speed
    if not isinstance(value, frozenset):
        raise InvalidValueError(field, value, "a set of codes")
    for item in sorted(value, key=str):
        check_text(f"{field}[{item!r}]", item)
