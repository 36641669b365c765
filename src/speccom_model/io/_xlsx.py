"""
Tables as an Excel workbook, one sheet each, money exact (the ``xlsx`` extra).

Written with openpyxl. Excel holds every number as a binary double, which
carries 15 significant digits exactly: an amount of money up to
£9,999,999,999,999.99 reads back, and shows, to the penny. A larger amount
is refused (:class:`~speccom_model.errors.InvalidValueError` naming the sheet,
row and column) rather than rounded: ``--format csv`` writes any amount
exactly. Money cells carry the number format ``#,##0.00``; dates are Excel
dates shown ``yyyy-mm-dd``; financial years, codes and text are text cells
(never formulas, whatever they start with); lists of codes are joined by
``;``. Text Excel cannot hold (longer than 32,767 characters, or with
control characters) is refused, not cut. Each sheet's first row names the
columns and is frozen; a last sheet, ``columns``, says what each column of
each sheet means.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, Final

from speccom_model.errors import InvalidValueError, MissingExtraError
from speccom_model.tabular import CODES_SEPARATOR, Cell, Column, ColumnKind, Table
from speccom_model.units import Money, format_money

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["MONEY_FORMAT", "openpyxl_module", "write_xlsx"]

#: The number format of money cells: pounds and pence, thousands separated.
MONEY_FORMAT: Final = "#,##0.00"
#: The number format of date cells.
DATE_FORMAT: Final = "yyyy-mm-dd"
#: Excel's numbers are doubles: amounts below this many pence are held exactly.
EXCEL_EXACT_PENCE: Final = 10**15
#: The most characters an Excel cell holds.
EXCEL_TEXT_LIMIT: Final = 32_767
#: The characters a cell cannot hold as they are: C0 controls but tab and line
#: feed (a carriage return comes back from the file as a line feed).
_EXCEL_ILLEGAL: Final = re.compile("[\x00-\x08\x0b-\x1f]")
#: The sheet that describes every other sheet's columns.
COLUMNS_SHEET: Final = "columns"


def openpyxl_module(feature: str) -> Any:  # noqa: ANN401 - the optional module
    """openpyxl, or :class:`MissingExtraError` for ``feature`` (the xlsx extra)."""
    try:
        # The xlsx extra, imported only when asked for.
        return importlib.import_module("openpyxl")
    except ImportError:
        raise MissingExtraError.of(feature, "openpyxl", "xlsx") from None


def _value(kind: ColumnKind, value: Cell) -> object:
    if value is None:
        return None
    if isinstance(value, Money):
        return value.pounds
    if kind is ColumnKind.YEAR:
        return str(value)
    if kind is ColumnKind.CODES:
        return CODES_SEPARATOR.join(value)  # type: ignore[arg-type]
    return value


def write_xlsx(tables: Sequence[Table], out: IO[bytes], *, feature: str) -> None:
    """
    Write ``tables`` to ``out`` as a workbook: one sheet per table, in order.

    Raises:
        MissingExtraError: without openpyxl (the ``xlsx`` extra), naming
            ``feature``; nothing is written.
        InvalidValueError: for an amount Excel cannot hold to the penny
            (:data:`EXCEL_EXACT_PENCE`); nothing is written.
    """
    openpyxl = openpyxl_module(feature)
    for table in (*tables, _columns_table(tables)):
        _check_cells(table)
    get_column_letter = importlib.import_module("openpyxl.utils").get_column_letter
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.name)
        sheet.append([c.name for c in table.columns])
        for row in table.rows:
            sheet.append(
                [_value(c.kind, v) for c, v in zip(table.columns, row, strict=True)]
            )
        _as_text(sheet)
        for index, column in enumerate(table.columns, start=1):
            number_format = (
                MONEY_FORMAT
                if column.kind is ColumnKind.MONEY
                else DATE_FORMAT
                if column.kind is ColumnKind.DATE
                else None
            )
            letter = get_column_letter(index)
            if number_format is not None:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
            width = max(
                [len(column.name)]
                + [len(_shown(column.kind, r[index - 1])) for r in table.rows]
            )
            sheet.column_dimensions[letter].width = min(width + 2, 60)
        sheet.freeze_panes = "A2"
    columns = _columns_table(tables)
    described = workbook.create_sheet(columns.name)
    described.append([c.name for c in columns.columns])
    for row in columns.rows:
        described.append(list(row))
    _as_text(described)
    described.freeze_panes = "A2"
    workbook.save(out)


def _columns_table(tables: Sequence[Table]) -> Table:
    """What each column of each sheet holds and means: the last sheet."""
    text = ColumnKind.TEXT
    return Table(
        name=COLUMNS_SHEET,
        columns=[Column(name=n, kind=text) for n in ("sheet", "column", "kind")]
        + [Column(name="description", kind=text)],
        rows=[
            (table.name, c.name, c.kind.value, c.description)
            for table in tables
            for c in table.columns
        ],
    )


def _as_text(sheet: Any) -> None:  # noqa: ANN401 - an openpyxl worksheet
    """
    Keep every text cell text, never a formula.

    openpyxl reads a string that starts with ``=`` as a formula, so a plan's
    "=HYPERLINK(...)" would become a live link.
    """
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def _shown(kind: ColumnKind, value: Cell) -> str:
    shown = _value(kind, value)
    if shown is None:
        return ""
    if isinstance(shown, Decimal):
        return f"{shown:,.2f}"
    if isinstance(shown, dt.date):
        return shown.isoformat()
    return str(shown)


def _check_cells(table: Table) -> None:
    """
    Refuse a cell Excel cannot hold as it is, before anything is written.

    Raises:
        InvalidValueError: naming ``sheet[row].column``, for an amount of
            :data:`EXCEL_EXACT_PENCE` or more, text longer than
            :data:`EXCEL_TEXT_LIMIT` characters, or text holding a control
            character other than tab and line feed.
    """
    for number, record in enumerate(table.records()):
        for name, value in record.items():
            field = f"{table.name}[{number}].{name}"
            if isinstance(value, Money) and abs(value.pence) >= EXCEL_EXACT_PENCE:
                raise InvalidValueError(
                    field,
                    format_money(value, exact=True),
                    "an amount Excel holds to the penny (below "
                    "£10,000,000,000,000); --format csv writes any amount exactly",
                )
            texts = value if isinstance(value, tuple) else (value,)
            for text in texts:
                if not isinstance(text, str):
                    continue
                if len(text) > EXCEL_TEXT_LIMIT:
                    raise InvalidValueError(
                        field,
                        f"{text[:40]}... ({len(text):,} characters)",
                        "text of at most 32,767 characters, Excel's limit for a "
                        "cell; --format csv writes any text",
                    )
                if _EXCEL_ILLEGAL.search(text):
                    raise InvalidValueError(
                        field,
                        text,
                        "text without control characters (a cell holds none but "
                        "tab and line feed); --format csv writes any text",
                    )
