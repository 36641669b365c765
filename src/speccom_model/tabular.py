"""
Tables of exact values: the shape every export (CSV, JSON, Arrow, Excel) starts from.

A :class:`Table` is a name, typed :class:`Column` s and rows of exact cells.
Each column has one :class:`ColumnKind`, and each kind one spelling in every
format, so an amount is never a float and never a formatted string:

=========  ==========================  ==============  ===================
kind       Python cell                 CSV / JSON      Arrow
=========  ==========================  ==============  ===================
text       ``str``                     text            ``string``
code       ``str``                     text            ``string``
codes      ``tuple[str, ...]``         ``A;B`` / list  ``list<string>``
money      :class:`~speccom_model.Money`  ``"1234.50"``  ``decimal128(38, 2)``
integer    ``int``                     digits / number ``int64``
date       ``datetime.date``           ``2025-04-01``  ``date32``
year       :class:`~speccom_model.FinancialYear`  ``2025-26``  ``string``
boolean    ``bool``                    ``true`` / bool ``bool``
=========  ==========================  ==============  ===================

Money is written as pounds and pence, exactly, with a ``-`` when negative and
no ``£`` or thousands separators, so any spreadsheet or database reads it as a
number. An empty cell (``None``) is an empty CSV field and JSON ``null``.

The tables a user gets come from :func:`report_table` (the findings of a
check), :func:`summary_tables` (the money of each year, by body, figure and
transfer) and :func:`responsibility_rows` (the responsibility table).
:mod:`speccom_model.frames` turns any of them into Arrow, pandas or Polars.

>>> from speccom_model import scenarios, summarise
>>> bodies = summary_tables(summarise(scenarios.england_2013_14()))["bodies"]
>>> [c.name for c in bodies.columns][:4]
['year', 'code', 'kind', 'allocation']
>>> [text_cell(c.kind, v) for c, v in zip(bodies.columns, bodies.rows[0])][:4]
['2013-14', 'X24', 'nhs-england', '13000000000.00']
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Final, TypeAlias, final

import attrs

from speccom_model._validators import check_text
from speccom_model.errors import InvalidValueError
from speccom_model.periods import FinancialYear
from speccom_model.units import Money

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    from speccom_model.resolving.table import ResponsibilityInterval
    from speccom_model.rules import Report
    from speccom_model.summary import YearMoney

__all__ = [
    "CODES_SEPARATOR",
    "Cell",
    "Column",
    "ColumnKind",
    "Table",
    "json_cell",
    "report_table",
    "responsibility_rows",
    "summary_tables",
    "text_cell",
]

#: What a table cell may hold (``None`` is an empty cell).
Cell: TypeAlias = str | tuple[str, ...] | Money | int | dt.date | FinancialYear | None

#: Joins a ``codes`` cell in CSV text; codes never contain it.
CODES_SEPARATOR: Final = ";"


class ColumnKind(StrEnum):
    """
    What a column holds, and so how every format spells it.

    >>> ColumnKind.MONEY.value
    'money'
    """

    TEXT = "text"
    CODE = "code"
    CODES = "codes"
    MONEY = "money"
    INTEGER = "integer"
    DATE = "date"
    YEAR = "year"
    BOOLEAN = "boolean"


def _is_codes(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(v, str) for v in value)


def _is_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _is_money(value: object) -> bool:
    return isinstance(value, Money)


def _is_year(value: object) -> bool:
    return isinstance(value, FinancialYear)


def _is_boolean(value: object) -> bool:
    return isinstance(value, bool)


_ACCEPTS: Final[dict[ColumnKind, tuple[Callable[[object], bool], str]]] = {
    ColumnKind.TEXT: (_is_text, "a str"),
    ColumnKind.CODE: (_is_text, "a str"),
    ColumnKind.CODES: (_is_codes, "a tuple of str"),
    ColumnKind.MONEY: (_is_money, "Money"),
    ColumnKind.INTEGER: (_is_integer, "an int"),
    ColumnKind.DATE: (_is_date, "a datetime.date"),
    ColumnKind.YEAR: (_is_year, "a FinancialYear"),
    ColumnKind.BOOLEAN: (_is_boolean, "a bool"),
}


def check_cell(field: str, kind: ColumnKind, value: object) -> None:
    """
    Raise unless ``value`` is a cell of ``kind`` (or ``None``, an empty cell).

    Raises:
        InvalidValueError: naming ``field``, the value and the kind's type.

    >>> check_cell("rows[0][1]", ColumnKind.MONEY, 1.5)
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: rows[0][1]: expected Money or None, got 1.5
    """
    accepts, expected = _ACCEPTS[kind]
    if value is not None and not accepts(value):
        raise InvalidValueError(field, value, f"{expected} or None")


def _pounds_and_pence(money: Money) -> str:
    return f"{money.pounds:.2f}"


def text_cell(kind: ColumnKind, value: Cell) -> str:
    """
    A cell as CSV text: exact, unformatted, empty for ``None``.

    >>> from speccom_model import gbp
    >>> text_cell(ColumnKind.MONEY, gbp("-£1,234.5"))
    '-1234.50'
    >>> text_cell(ColumnKind.CODES, ("QE1", "QKK")), text_cell(ColumnKind.BOOLEAN, True)
    ('QE1;QKK', 'true')
    """
    if value is None:
        return ""
    if isinstance(value, Money):
        return _pounds_and_pence(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return CODES_SEPARATOR.join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def json_cell(kind: ColumnKind, value: Cell) -> object:
    """
    A cell as a JSON value: money an exact string, integers numbers, dates ISO.

    >>> from speccom_model import gbp
    >>> json_cell(ColumnKind.MONEY, gbp("£17.7bn")), json_cell(ColumnKind.INTEGER, 42)
    ('17700000000.00', 42)
    >>> json_cell(ColumnKind.CODES, ("1", "2A")), json_cell(ColumnKind.DATE, None)
    (['1', '2A'], None)
    """
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, tuple):
        return list(value)
    return text_cell(kind, value)


def _check_name(field: str, value: object) -> None:
    check_text(field, value)


@final
@attrs.frozen(kw_only=True)
class Column:
    """
    One column: its name, what it holds, and what it means.

    >>> Column(name="allocation", kind=ColumnKind.MONEY, description="GBP").kind
    <ColumnKind.MONEY: 'money'>
    """

    name: str = attrs.field(validator=lambda _, a, v: _check_name(a.name, v))
    kind: ColumnKind = attrs.field(converter=ColumnKind)
    description: str = ""


def _columns(value: Iterable[Column]) -> tuple[Column, ...]:
    return tuple(value)


def _rows(value: Iterable[Sequence[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(row) for row in value)


@final
@attrs.frozen(kw_only=True)
class Table:
    """
    A named table of exact, typed cells: one row per record, in order.

    Raises:
        InvalidValueError: for two columns of one name, a row of the wrong
            width, or a cell that is not of its column's kind (the field path
            names the row and column: ``rows[3].allocation``).

    >>> t = Table(
    ...     name="t",
    ...     columns=[Column(name="n", kind=ColumnKind.INTEGER)],
    ...     rows=[[1], [None]],
    ... )
    >>> list(t.records())
    [{'n': 1}, {'n': None}]
    >>> Table(name="t", columns=t.columns, rows=[["1"]])
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: rows[0].n: expected an int or None, got '1'
    """

    name: str = attrs.field(validator=lambda _, a, v: _check_name(a.name, v))
    columns: tuple[Column, ...] = attrs.field(converter=_columns)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_rows)

    def __attrs_post_init__(self) -> None:
        names = [c.name for c in self.columns]
        for index, column in enumerate(self.columns):
            if not isinstance(column, Column):
                raise InvalidValueError(f"columns[{index}]", column, "a Column")
            if names.index(column.name) != index:
                raise InvalidValueError(
                    f"columns[{index}].name", column.name, "a name no other column has"
                )
        width = len(self.columns)
        for number, row in enumerate(self.rows):
            if len(row) != width:
                raise InvalidValueError(
                    f"rows[{number}]", row, f"{width} cells, one per column"
                )
            for column, cell in zip(self.columns, row, strict=True):
                check_cell(f"rows[{number}].{column.name}", column.kind, cell)

    def records(self) -> Iterator[dict[str, Cell]]:
        """Each row as a dict from column name to cell."""
        names = [c.name for c in self.columns]
        for row in self.rows:
            yield dict(zip(names, row, strict=True))

    def column(self, name: str) -> Column:
        """
        The column called ``name``.

        Raises:
            InvalidValueError: when there is none.
        """
        for column in self.columns:
            if column.name == name:
                return column
        raise InvalidValueError(
            "name", name, f"one of {', '.join(c.name for c in self.columns)}"
        )


def _col(name: str, kind: ColumnKind, description: str) -> Column:
    return Column(name=name, kind=kind, description=description)


# -- findings ------------------------------------------------------------------

_FINDING_COLUMNS: Final = (
    _col("code", ColumnKind.CODE, "the rule's stable code, e.g. SPC-POP-001"),
    _col("severity", ColumnKind.CODE, "error, warning or info"),
    _col("subject", ColumnKind.TEXT, "what it is about: an arrangement, body or year"),
    _col("message", ColumnKind.TEXT, "what the rule found, in words"),
    _col("source_titles", ColumnKind.TEXT, "the citations' titles, joined by ' | '"),
    _col("source_urls", ColumnKind.TEXT, "the citations' addresses, joined by ' | '"),
)


def report_table(report: Report) -> Table:
    """
    The findings of a check, one row each, in report order, with their data.

    Columns: ``code``, ``severity``, ``subject``, ``message``,
    ``source_titles`` and ``source_urls`` (each citation's title, with its
    section, and address, joined by `` | `` in citation order); then one
    typed column for each fact any finding carries
    (:attr:`Finding.data <speccom_model.rules.Finding.data>`), in the order
    of :data:`speccom_model.rules.FACTS`, empty where a finding has no such
    fact.

    >>> from speccom_model import check, scenarios
    >>> table = report_table(check(scenarios.england_2013_14()))
    >>> [(c.name, c.kind.value) for c in table.columns[6:]]
    [('body', 'code'), ('year', 'year'), ('expected', 'money'), ('actual', 'money'), ('difference', 'money')]
    >>> next(table.records())["difference"]
    Money('377000000.00')
    """
    # Imported here: the rules import this module for its spellings.
    from speccom_model.rules import FACTS  # noqa: PLC0415

    present = {name for finding in report for name in finding.data}
    facts = [name for name in FACTS if name in present]
    columns = (
        *_FINDING_COLUMNS,
        *(
            _col(name, ColumnKind(FACTS[name].kind.value), FACTS[name].description)
            for name in facts
        ),
    )
    rows = [
        (
            finding.code,
            finding.severity.value,
            finding.subject,
            finding.message,
            " | ".join(_titled(c.title, c.section) for c in finding.source),
            " | ".join(c.url for c in finding.source),
            *(finding.data.get(name) for name in facts),
        )
        for finding in report
    ]
    return Table(name="findings", columns=columns, rows=rows)


def _titled(title: str, section: str | None) -> str:
    return title if not section else f"{title}, {section}"


# -- money ---------------------------------------------------------------------

_YEAR = _col("year", ColumnKind.YEAR, "the financial year, 1 April to 31 March")

_YEAR_COLUMNS: Final = (
    _YEAR,
    _col("allocation", ColumnKind.MONEY, "the year's national allocation, GBP"),
    _col("retained", ColumnKind.MONEY, "what NHS England keeps, GBP"),
    _col("retained_basis", ColumnKind.CODE, "budget, by-difference or unknown"),
    _col("delegated", ColumnKind.MONEY, "every other body's budget, GBP"),
    _col("pooled", ColumnKind.MONEY, "NHS England's contributions to pools, GBP"),
    _col("unaccounted", ColumnKind.MONEY, "allocation less everything held, GBP"),
    _col("reconciled", ColumnKind.BOOLEAN, "an allocation and nothing unaccounted"),
    _col("kept_by_nhs_england", ColumnKind.MONEY, "money that never moves, GBP"),
    _col("delegated_figure", ColumnKind.MONEY, "a source's delegated share, GBP"),
    _col("delegated_moved", ColumnKind.MONEY, "money moved to receivers, GBP"),
    _col(
        "delegated_matched", ColumnKind.BOOLEAN, "moved within the figure's precision"
    ),
)

_BODY_COLUMNS: Final = (
    _YEAR,
    _col("code", ColumnKind.CODE, "the body's ODS code"),
    _col("kind", ColumnKind.CODE, "the body's kind at the year's end"),
    _col("allocation", ColumnKind.MONEY, "its budget over every line, GBP"),
    _col("outturn", ColumnKind.MONEY, "outturn over the lines that have one, GBP"),
    _col("variance", ColumnKind.MONEY, "allocation less outturn on those lines, GBP"),
    _col("reported_allocation", ColumnKind.MONEY, "allocation on those lines, GBP"),
    _col("outturn_lines", ColumnKind.INTEGER, "how many lines have an outturn"),
    _col("line_count", ColumnKind.INTEGER, "how many lines the budget has"),
)

_FIGURE_COLUMNS: Final = (
    _YEAR,
    _col("kind", ColumnKind.CODE, "plan, allocation, forecast, outturn or delegated"),
    _col("amount", ColumnKind.MONEY, "the figure, GBP"),
    _col("precision", ColumnKind.MONEY, "the unit of its last written digit, GBP"),
    _col("source", ColumnKind.TEXT, "where it comes from, in words"),
    _col("citation_title", ColumnKind.TEXT, "the public document's title"),
    _col("citation_url", ColumnKind.TEXT, "the public document's address"),
)

_TRANSFER_COLUMNS: Final = (
    _YEAR,
    _col("arrangement", ColumnKind.CODE, "the arrangement's id"),
    _col("kind", ColumnKind.CODE, "the arrangement's kind"),
    _col("receiver", ColumnKind.CODE, "the body it moves money to"),
    _col("transferred", ColumnKind.MONEY, "what its budget_transferred says, GBP"),
    _col("held", ColumnKind.MONEY, "what the receiver holds for it, GBP"),
    _col("matched", ColumnKind.BOOLEAN, "the two agree to the penny"),
)

_MOVED_COLUMNS: Final = (
    _YEAR,
    _col("kind", ColumnKind.CODE, "the kind of arrangement (empty: under none)"),
    _col("held", ColumnKind.MONEY, "what receivers hold under it, GBP"),
    _col("transferred", ColumnKind.MONEY, "what its arrangements say moved, GBP"),
)

#: The names of :func:`summary_tables`, in order.
SUMMARY_TABLES: Final = ("years", "bodies", "figures", "transfers", "moved")


def summary_tables(years: Sequence[YearMoney]) -> Mapping[str, Table]:
    """
    The money of :func:`speccom_model.summarise` as five tables.

    ``years`` (one row a year: allocation = retained + delegated + pooled +
    unaccounted), ``bodies`` (one row per body and year), ``figures`` (the
    national figures recorded), ``transfers`` (each money-moving
    arrangement's transfer beside what its receiver holds) and ``moved``
    (money moved by kind of arrangement). Money is exact GBP.

    >>> from speccom_model import scenarios, summarise
    >>> tables = summary_tables(summarise(scenarios.england_2024_25()))
    >>> list(tables), len(tables["bodies"].rows)
    (['years', 'bodies', 'figures', 'transfers', 'moved'], 20)
    """
    return {
        "years": Table(
            name="years",
            columns=_YEAR_COLUMNS,
            rows=[_year_row(y) for y in years],
        ),
        "bodies": Table(
            name="bodies",
            columns=_BODY_COLUMNS,
            rows=[
                (
                    y.year,
                    b.code,
                    b.kind.value,
                    b.allocation,
                    b.outturn,
                    b.variance,
                    b.reported_allocation,
                    b.outturn_lines,
                    b.line_count,
                )
                for y in years
                for b in y.bodies
            ],
        ),
        "figures": Table(
            name="figures",
            columns=_FIGURE_COLUMNS,
            rows=[
                (
                    y.year,
                    f.kind.value,
                    f.amount,
                    f.precision,
                    f.source,
                    None if f.citation is None else f.citation.title,
                    None if f.citation is None else f.citation.url,
                )
                for y in years
                for f in y.figures
            ],
        ),
        "transfers": Table(
            name="transfers",
            columns=_TRANSFER_COLUMNS,
            rows=[
                (
                    y.year,
                    t.arrangement,
                    t.kind.value,
                    t.receiver,
                    t.transferred,
                    t.held,
                    t.matched,
                )
                for y in years
                for t in y.transfers
            ],
        ),
        "moved": Table(
            name="moved",
            columns=_MOVED_COLUMNS,
            rows=[
                (
                    y.year,
                    None if m.kind is None else m.kind.value,
                    m.held,
                    m.transferred,
                )
                for y in years
                for m in y.moved
            ],
        ),
    }


def _year_row(y: YearMoney) -> tuple[Cell, ...]:
    share = y.delegated_share
    return (
        y.year,
        y.allocation,
        y.retained,
        y.retained_basis.value,
        y.delegated,
        y.pooled,
        y.unaccounted,
        y.reconciled,
        y.kept_by_nhs_england,
        None if share is None else share.figure.amount,
        None if share is None else share.moved,
        None if share is None else share.matched,
    )


# -- the responsibility table --------------------------------------------------


def responsibility_rows(intervals: Sequence[ResponsibilityInterval]) -> Table:
    """
    The responsibility table as a :class:`Table`: one row per interval.

    The rows are :func:`speccom_model.resolving.responsibility_table`'s, both
    ends of each interval included.

    For the whole national table, :func:`speccom_model.resolving.table_to_arrow`
    builds Arrow directly and is quicker; this form is for small tables and
    for :mod:`speccom_model.frames`.

    >>> from speccom_model import scenarios
    >>> from speccom_model.resolving import responsibility_table
    >>> t = responsibility_rows(responsibility_table(scenarios.england_2013_14()))
    >>> [c.name for c in t.columns][:4]
    ['service', 'place', 'valid_from', 'valid_to']
    """
    # Imported here: tables of findings and money need no resolving.
    from speccom_model.resolving.table import TABLE_COLUMNS  # noqa: PLC0415

    kinds = {"valid_from": ColumnKind.DATE, "valid_to": ColumnKind.DATE}
    columns = [
        _col(name, kinds.get(name, ColumnKind.CODE), "") for name in TABLE_COLUMNS
    ]
    return Table(
        name="responsibility",
        columns=columns,
        rows=[tuple(getattr(i, name) for name in TABLE_COLUMNS) for i in intervals],
    )
