"""
Read a user's NCBPS service-line crosswalk from CSV.

The file is UTF-8 (a byte-order mark is allowed), comma-separated, with the
header ``service_line,manual_number`` required, then one row per service line.
Blank lines are skipped; cells are stripped of outer spaces. Every problem is
gathered into one :class:`~speccom_model.errors.ParseError` naming the file,
and for each problem the line, the field and the value: a header other than
the required one, a row without exactly two fields, a service-line code not in
the shipped NCBPS list, a malformed manual number, a service line given twice
(both lines named). Nothing is half-read.
"""

from __future__ import annotations

import csv
import io
import os
from typing import Final

from speccom_model.errors import (
    DuplicateCodeError,
    InvalidValueError,
    ParseError,
    SpeccomError,
)
from speccom_model.reference.services import (
    NCBPS_PROVENANCE,
    ServiceLineCrosswalk,
    ncbps_service_lines,
)
from speccom_model.service import _SERVICE_CODE

__all__ = ["HEADER", "load_crosswalk", "loads_crosswalk"]

#: The required header of a crosswalk file.
HEADER: Final = ("service_line", "manual_number")
#: A crosswalk maps at most the 125 shipped codes: 1 MiB is ample.
_MAX_BYTES: Final = 1024 * 1024


def load_crosswalk(path: str | os.PathLike[str]) -> ServiceLineCrosswalk:
    """
    Read a crosswalk CSV file (``service_line,manual_number``).

    Raises:
        ParseError: for a path holding a NUL; a file that is missing, not a
            regular file (a FIFO, a device, a directory) or oversized; or
            naming the file, line, field and value of every problem in it.
    """
    source = os.fspath(path)
    if "\x00" in source:  # no system call takes one: say so, not ValueError
        raise ParseError("file", source, "a path without a NUL character")
    # As plan files are read: a regular file only, opened without blocking (a
    # FIFO with no writer would wait forever), at most _MAX_BYTES + 1 read.
    from speccom_model.io import _read  # noqa: PLC0415 - io imports this module

    try:
        data = _read(path, _MAX_BYTES, source)
    except ParseError as err:
        expected = err.expected.replace("a readable file", "a readable CSV file", 1)
        raise ParseError(err.field, err.value, expected, file=source) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ParseError(
            "file",
            source,
            f"UTF-8 text ({err.reason} at byte {err.start})",
            file=source,
        ) from None
    return loads_crosswalk(text, source=source)


def loads_crosswalk(text: str, *, source: str = "<string>") -> ServiceLineCrosswalk:
    r"""
    Read a crosswalk from CSV text.

    Raises:
        ParseError: naming ``source``, and the line, field and value of every
            problem.

    >>> loads_crosswalk("service_line,manual_number\nNCBPS27Z,9\n").mapping
    FrozenDict({'NCBPS27Z': '9'})
    >>> loads_crosswalk("service_line,manual_number\nNCBPS32A,30\nNCBPS32A,31\n")
    Traceback (most recent call last):
    speccom_model.errors.ParseError: <string>:3: service_line (line 3): expected each service line once (first on line 2), got 'NCBPS32A'
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[ParseError] = []
    mapping: dict[str, str] = {}
    first_line: dict[str, int] = {}
    codes = frozenset(r.code for r in ncbps_service_lines())
    try:
        header = next(reader, None)
        if header is None or tuple(c.strip() for c in header) != HEADER:
            raise _problem(
                ParseError,
                1,
                "header",
                ",".join(header or []),
                "the header 'service_line,manual_number'",
                source,
            )
        line = reader.line_num
        for record in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            problem = _row_problem(record, start, source, codes, first_line)
            if problem is not None:
                problems.append(problem)
                continue
            service_line, number = (cell.strip() for cell in record)
            first_line[service_line] = start
            mapping[service_line] = number
    except csv.Error as err:
        problems.append(
            _problem(ParseError, reader.line_num, "row", str(err), "CSV", source)
        )
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ParseError.gathered(tuple(p.problems[0] for p in problems), file=source)
    return ServiceLineCrosswalk(mapping=mapping)


def _row_problem(
    record: list[str],
    line: int,
    source: str,
    codes: frozenset[str],
    first_line: dict[str, int],
) -> ParseError | None:
    if len(record) != len(HEADER):
        return _problem(
            ParseError,
            line,
            "row",
            ",".join(record),
            f"2 fields as in the header (this row has {len(record)})",
            source,
        )
    service_line, number = (cell.strip() for cell in record)
    if service_line not in codes:
        return _problem(
            InvalidValueError,
            line,
            "service_line",
            service_line,
            f"an NCBPS service-line code of the shipped list ({NCBPS_PROVENANCE})",
            source,
        )
    if service_line in first_line:
        return _problem(
            DuplicateCodeError,
            line,
            "service_line",
            service_line,
            f"each service line once (first on line {first_line[service_line]})",
            source,
        )
    if not _SERVICE_CODE.fullmatch(number):
        return _problem(
            InvalidValueError,
            line,
            "manual_number",
            number,
            "a manual number such as '7' or '2A', or an illustrative code such as "
            "'ILL-9'",
            source,
        )
    return None


def _problem(
    cls: type[SpeccomError],
    line: int,
    field: str,
    value: object,
    expected: str,
    source: str,
) -> ParseError:
    """
    A ParseError naming file and line; its one problem keeps its own class.

    The line is in the field too (``service_line (line 3)``), so a list of
    gathered problems still says where each one is.
    """
    where = f"{field} (line {line})"
    problem = cls(where, value, expected)
    return ParseError(
        where, value, expected, file=source, line=line, problems=(problem,)
    )
