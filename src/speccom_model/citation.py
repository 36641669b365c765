"""
Citations as data: the public source behind a rule, a date or a figure.

A :class:`Citation` names a public document (a statute, a regulation, an NHS
England publication), the section or paragraph where there is one, the https
address where anyone can read it, and optionally the date of the version read
or of publication and a short note (for example that a commencement date could
not be confirmed). Rules, policy parameters, legal windows, approval routes and
arrangement kinds carry a tuple of them, so a report can print each source with
its address and JSON can carry it structured.

>>> c = Citation(
...     title="National Health Service Act 2006",
...     section="s.65Z5",
...     url="https://www.legislation.gov.uk/ukpga/2006/41/section/65Z5",
... )
>>> print(c)
National Health Service Act 2006 s.65Z5 — https://www.legislation.gov.uk/ukpga/2006/41/section/65Z5
>>> Citation(title="A guide", url="http://example.org")
Traceback (most recent call last):
speccom_model.errors.InvalidValueError: url: expected an https:// address with a host and no spaces, got 'http://example.org'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Final, final

import attrs

from speccom_model._validators import ONE_LINE, check_date, check_text, one_line
from speccom_model.errors import InvalidValueError

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["Citation", "Sources", "describe_sources", "to_sources"]

_URL: Final = re.compile(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?:[/?#]\S*)?")


def _optional_text(field: str, value: object) -> None:
    if value is not None:
        check_text(field, value)


@final
@attrs.frozen(kw_only=True)
class Citation:
    """
    One public source: title, section, https address, and the date read.

    Args:
        title: The document's title, e.g. ``National Health Service Act 2006``.
        url: Where to read it: an ``https://`` address.
        section: The section, paragraph or annex cited, e.g. ``s.13Z``.
        date: The date of the version read, or of publication.
        note: A caveat a reader must see, e.g. ``commencement not confirmed``.

    Raises:
        InvalidValueError: for an empty title, section or note, an address
            that is not https, or a date that is not a date.

    >>> Citation(title="", url="https://www.legislation.gov.uk")
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: title: expected non-empty text without outer spaces, got ''
    """

    title: str
    url: str
    section: str | None = None
    date: dt.date | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        check_text("title", self.title)
        if not isinstance(self.url, str) or not _URL.fullmatch(self.url):
            raise InvalidValueError(
                "url", self.url, "an https:// address with a host and no spaces"
            )
        if not one_line(self.url):
            raise InvalidValueError("url", self.url, ONE_LINE)
        _optional_text("section", self.section)
        _optional_text("note", self.note)
        if self.date is not None:
            check_date("date", self.date)

    @property
    def name(self) -> str:
        """
        The title and section, as a report names the source.

        >>> Citation(
        ...     title="SI 2022/642", url="https://www.legislation.gov.uk/uksi/2022/642"
        ... ).name
        'SI 2022/642'
        """
        return self.title if self.section is None else f"{self.title} {self.section}"

    def __str__(self) -> str:
        extra = []
        if self.date is not None:
            extra.append(f"{self.date.isoformat()}")
        if self.note is not None:
            extra.append(self.note)
        tail = f" ({'; '.join(extra)})" if extra else ""
        return f"{self.name}{tail} — {self.url}"

    def as_dict(self) -> dict[str, str | None]:
        """
        The citation as plain data, for JSON: title, section, url, date, note.

        >>> Citation(title="T", url="https://www.england.nhs.uk").as_dict()["url"]
        'https://www.england.nhs.uk'
        """
        return {
            "title": self.title,
            "section": self.section,
            "url": self.url,
            "date": None if self.date is None else self.date.isoformat(),
            "note": self.note,
        }


#: The sources of one rule, parameter or window: at least one citation.
Sources = tuple[Citation, ...]


def to_sources(value: Citation | Iterable[Citation]) -> Sources:
    """
    Converter: one citation or a list of them to a tuple.

    Anything else is left as it is, for ``check_sources`` to refuse by name.

    >>> c = Citation(title="T", url="https://www.england.nhs.uk")
    >>> to_sources(c) == (c,), to_sources([c]) == (c,)
    (True, True)
    """
    given: object = value
    if isinstance(given, Citation):
        return (given,)
    if isinstance(given, list | tuple):
        return tuple(given)
    return given  # type: ignore[return-value]  # refused by check_sources


def check_sources(field: str, value: object) -> None:
    """
    Refuse anything but a non-empty tuple of :class:`Citation`.

    Raises:
        InvalidValueError: naming ``field``.

    >>> check_sources("source", "NHS Act 2006")
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: source: expected at least one Citation, got 'NHS Act 2006'
    """
    if (
        not isinstance(value, tuple)
        or not value
        or not all(isinstance(c, Citation) for c in value)
    ):
        raise InvalidValueError(field, value, "at least one Citation")


def describe_sources(sources: Iterable[Citation]) -> str:
    """
    The sources on one line, for messages: names joined by semicolons.

    >>> describe_sources(
    ...     [
    ...         Citation(title="A", section="s.1", url="https://a.example.org"),
    ...         Citation(title="B", url="https://b.example.org"),
    ...     ]
    ... )
    'A s.1; B'
    """
    return "; ".join(c.name for c in sources)
