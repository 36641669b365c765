"""
The library's error hierarchy: one root, builtin mixins, stable codes.

Every error speccom_model raises is a :class:`SpeccomError`. Each class carries
a stable string ``code`` (``SPC-ERR-…``, listed in ``docs/errors.md`` and never
reused) and also derives from the builtin it refines, so ``except ValueError``
in a caller's code keeps working.

Errors carry typed fields (``field``, ``value``, ``expected``) and build their
message from them, so a message always names what was wrong and where:

>>> from speccom_model.errors import InvalidValueError
>>> err = InvalidValueError("allocation", "-£5m", "a non-negative amount in GBP")
>>> print(err)
allocation: expected a non-negative amount in GBP, got '-£5m'
>>> err.code
'SPC-ERR-INVALID-VALUE'

Errors pickle, so they cross process boundaries intact.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Final

__all__ = [
    "MAX_PROBLEMS",
    "DuplicateCodeError",
    "InvalidValueError",
    "MissingExtraError",
    "OutputError",
    "ParseError",
    "SignOffRequiredError",
    "SpeccomError",
    "UnitError",
    "UnknownReferenceError",
]


#: The most problems one :class:`ParseError` lists; the rest are counted, not kept.
MAX_PROBLEMS: Final = 50


#: The longest one problem's line in a :class:`ParseError` message, in characters.
_MAX_LINE: Final = 500


def _clip(text: str) -> str:
    """A problem's line, cut short so one huge value cannot flood a terminal."""
    if len(text) <= _MAX_LINE:
        return text
    return f"{text[: _MAX_LINE - 30]}… ({len(text):,} characters)"


def _show(value: object) -> str:
    """Render a value for a message: repr for plain data, quoted str otherwise."""
    if value is None or isinstance(value, str | int | float | Decimal | bool):
        return repr(value)
    return repr(str(value))


class SpeccomError(Exception):
    """
    Root of every error raised by speccom_model.

    Args:
        field: Where the problem is: a field name or a path such as
            ``arrangements[3].budget_transferred["2019-20"]``.
        value: The value that was given.
        expected: What was expected instead, phrased to follow "expected".

    >>> raise SpeccomError("year", "2019-21", "consecutive years such as '2019-20'")
    Traceback (most recent call last):
    speccom_model.errors.SpeccomError: year: expected consecutive years ...
    """

    code: ClassVar[str] = "SPC-ERR-GENERIC"

    def __init__(self, field: str, value: object, expected: str) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        super().__init__(field, value, expected)

    def __str__(self) -> str:
        return f"{self.field}: expected {self.expected}, got {_show(self.value)}"

    def __reduce__(self) -> tuple[type[SpeccomError], tuple[str, object, str]]:
        return (type(self), (self.field, self.value, self.expected))


class InvalidValueError(SpeccomError, ValueError):
    """
    A value that cannot make a valid domain object.

    >>> from speccom_model import persons
    >>> persons(-1)
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: persons: expected a non-negative ...
    """

    code: ClassVar[str] = "SPC-ERR-INVALID-VALUE"


class UnknownReferenceError(InvalidValueError):
    """
    A code that names no known service, body, place or arrangement.

    >>> raise UnknownReferenceError("arrangements[0].receiver", "ZZZ", "a known body")
    Traceback (most recent call last):
    speccom_model.errors.UnknownReferenceError: arrangements[0].receiver: ...
    """

    code: ClassVar[str] = "SPC-ERR-UNKNOWN-REFERENCE"


class DuplicateCodeError(InvalidValueError):
    """
    Two things that must be told apart by code share one.

    >>> raise DuplicateCodeError("services[4].code", "2A", "a code used once")
    Traceback (most recent call last):
    speccom_model.errors.DuplicateCodeError: services[4].code: expected a code ...
    """

    code: ClassVar[str] = "SPC-ERR-DUPLICATE-CODE"


class UnitError(SpeccomError, TypeError):
    """
    An operation that mixes units: pounds with persons, or with a bare number.

    >>> from speccom_model import gbp, persons
    >>> gbp("£5m") + persons(3)
    Traceback (most recent call last):
    speccom_model.errors.UnitError: + : expected GBP to add to GBP, got '3 persons'
    """

    code: ClassVar[str] = "SPC-ERR-UNIT"


class ParseError(SpeccomError, ValueError):
    """
    Text that does not parse as the value it should be.

    Args:
        field: What was being parsed (a field name or path).
        value: The text given.
        expected: What form was expected.
        file: The file the text came from, when there is one.
        line: The 1-based line in that file, when the format gives one.
        problems: Every problem, when one input had several; at most
            :data:`MAX_PROBLEMS` are kept, the rest only counted.
        problems_not_listed: How many problems were found but not kept (added to
            the count of any beyond :data:`MAX_PROBLEMS` in ``problems``).

    >>> from speccom_model import gbp
    >>> gbp("£5zillion")
    Traceback (most recent call last):
    speccom_model.errors.ParseError: gbp: expected an amount such as ...
    """

    code: ClassVar[str] = "SPC-ERR-PARSE"

    def __init__(
        self,
        field: str,
        value: object,
        expected: str,
        *,
        file: str | None = None,
        line: int | None = None,
        problems: tuple[SpeccomError, ...] = (),
        problems_not_listed: int = 0,
    ) -> None:
        super().__init__(field, value, expected)
        self.file = file
        self.line = line
        kept = tuple(problems)
        self._gathered = kept[:MAX_PROBLEMS]
        #: How many more problems were found than are listed in ``problems``.
        self.problems_not_listed = max(0, problems_not_listed) + len(
            kept[MAX_PROBLEMS:]
        )

    @property
    def problems(self) -> tuple[SpeccomError, ...]:
        """
        Every problem found, each with its own class, code and field path.

        A single problem is the error itself, so a report can always iterate.

        >>> [p.field for p in ParseError("year", "2019-21", "a year").problems]
        ['year']
        """
        return self._gathered or (self,)

    @classmethod
    def gathered(
        cls,
        problems: tuple[SpeccomError, ...],
        *,
        file: str | None = None,
        problems_not_listed: int = 0,
    ) -> ParseError:
        """
        One error reporting every problem found in one input.

        At most :data:`MAX_PROBLEMS` problems are kept and listed; the message
        ends "… and N more" for the rest, whose number is
        ``problems_not_listed``.

        Args:
            problems: The problems, first found first; at least one.
            file: The file they were found in, when there is one.
            problems_not_listed: Problems found but not passed in ``problems``.

        Raises:
            InvalidValueError: for an empty ``problems``.

        >>> err = ParseError.gathered(
        ...     (
        ...         ParseError("year", "2019-21", "a financial year"),
        ...         InvalidValueError("services[0].code", "2a", "a manual number"),
        ...     ),
        ...     file="plan.toml",
        ... )
        >>> print(err)
        plan.toml: 2 problems:
          year: expected a financial year, got '2019-21'
          services[0].code: expected a manual number, got '2a'
        >>> many = tuple(ParseError(f"places[{i}]", i, "a place") for i in range(52))
        >>> print(str(ParseError.gathered(many)).splitlines()[-1])
          … and 2 more
        """
        if not problems:
            raise InvalidValueError("problems", problems, "at least one problem")
        first = problems[0]
        return cls(
            first.field,
            first.value,
            first.expected,
            file=file,
            line=getattr(first, "line", None),
            problems=problems,
            problems_not_listed=problems_not_listed,
        )

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file + (f":{self.line}" if self.line is not None else "")
            where += ": "
        total = len(self._gathered) + self.problems_not_listed
        if total > 1:
            lines = [f"  {_clip(SpeccomError.__str__(p))}" for p in self.problems]
            if self.problems_not_listed:
                lines.append(f"  … and {self.problems_not_listed:,} more")
            return f"{where}{total:,} problems:\n" + "\n".join(lines)
        return where + _clip(super().__str__())

    def __reduce__(  # type: ignore[override]
        self,
    ) -> tuple[object, ...]:
        return (
            _rebuild_parse_error,
            (
                type(self),
                self.field,
                self.value,
                self.expected,
                self.file,
                self.line,
                self._gathered,
                self.problems_not_listed,
            ),
        )


def _rebuild_parse_error(  # noqa: PLR0917 - pickle passes fields positionally
    cls: type[ParseError],
    field: str,
    value: object,
    expected: str,
    file: str | None,
    line: int | None,
    problems: tuple[SpeccomError, ...] = (),
    problems_not_listed: int = 0,
) -> ParseError:
    return cls(
        field,
        value,
        expected,
        file=file,
        line=line,
        problems=problems,
        problems_not_listed=problems_not_listed,
    )


class SignOffRequiredError(SpeccomError, ValueError):
    """
    A change to the prescribed-services list without a valid ministerial sign-off.

    Ministers decide what is specialised (NHS Act 2006 s.3B); NHS England can ask
    for a change but cannot sign one.

    >>> raise SignOffRequiredError(
    ...     "sign_off", None, "a ministerial sign-off dated on or before 2024-04-01"
    ... )
    Traceback (most recent call last):
    speccom_model.errors.SignOffRequiredError: sign_off: expected a ministerial ...
    """

    code: ClassVar[str] = "SPC-ERR-SIGN-OFF-REQUIRED"


class MissingExtraError(SpeccomError, ImportError):
    """
    A feature that needs an optional dependency which is not installed.

    ``field`` names the feature, ``value`` the missing module, ``expected``
    the extra to install.

    >>> raise MissingExtraError(
    ...     "--format parquet", "pyarrow", 'the arrow extra: pip install ".[arrow]"'
    ... )
    Traceback (most recent call last):
    speccom_model.errors.MissingExtraError: --format parquet: expected the arrow ...
    """

    code: ClassVar[str] = "SPC-ERR-MISSING-EXTRA"

    @classmethod
    def of(cls, feature: str, module: str, extra: str) -> MissingExtraError:
        """
        The error for ``feature`` when ``module`` from ``extra`` is missing.

        >>> print(MissingExtraError.of("Parquet", "pyarrow", "arrow"))
        Parquet: expected the arrow extra installed (pip install -e ".[arrow]" from a clone of the repository), got 'pyarrow not installed'
        """
        return cls(
            feature,
            f"{module} not installed",
            f'the {extra} extra installed (pip install -e ".[{extra}]" from a '
            "clone of the repository)",
        )


class OutputError(SpeccomError, OSError):
    """
    An output that cannot be written: a bad target, or a write that failed.

    Also an :class:`OSError`, carrying the ``errno`` and ``strerror`` of the
    failure underneath when there was one; ``filename`` is the target.

    Args:
        field: The option or argument that named the target (``--out``, ``path``).
        value: The target path.
        expected: What the target should have been, or what could not be done.
        errno: The operating system's error number, when there is one.
        strerror: Its text.

    >>> raise OutputError(
    ...     "--out", "/tmp", "a regular file or a new name, not a directory"
    ... )
    Traceback (most recent call last):
    speccom_model.errors.OutputError: --out: expected a regular file or a new name, ...
    """

    code: ClassVar[str] = "SPC-ERR-OUTPUT"

    def __init__(
        self,
        field: str,
        value: object,
        expected: str,
        *,
        errno: int | None = None,
        strerror: str | None = None,
    ) -> None:
        super().__init__(field, value, expected)
        # OSError reads three arguments as (errno, strerror, filename): set ours.
        self.args = (field, value, expected)
        self.errno = errno
        self.strerror = strerror
        self.filename = value if isinstance(value, str) else None

    def __reduce__(  # type: ignore[override]
        self,
    ) -> tuple[object, ...]:
        return (
            _rebuild_output_error,
            (
                type(self),
                self.field,
                self.value,
                self.expected,
                self.errno,
                self.strerror,
            ),
        )


def _rebuild_output_error(
    cls: type[OutputError],
    field: str,
    value: object,
    expected: str,
    errno: int | None,
    strerror: str | None,
) -> OutputError:
    return cls(field, value, expected, errno=errno, strerror=strerror)
