"""
Tables as Arrow, pandas and Polars data frames, money exact.

Each :class:`~speccom_model.tabular.Table` (findings, money, the responsibility
table) becomes an Arrow table with one Arrow type per column kind, and a data
frame is made from that Arrow table, so money is never a float on the way:

* money is Arrow ``decimal128(38, 2)``: in pandas an ``object`` column of
  :class:`decimal.Decimal`, in Polars a ``Decimal(38, 2)`` column;
* integers ``int64``; dates ``date32`` (pandas: :class:`datetime.date`
  objects, since the responsibility table's first and last days lie outside
  pandas' timestamps; Polars: ``Date``); booleans ``bool``; codes and text
  ``string``; lists of codes ``list<string>``; financial years their text,
  ``"2024-25"``.

Needs the ``arrow`` extra (pyarrow) for :func:`to_arrow`, the ``pandas`` extra
for :func:`to_pandas` and the ``polars`` extra for :func:`to_polars`; without
one, each raises :class:`~speccom_model.errors.MissingExtraError` naming it.

>>> from decimal import Decimal
>>> from speccom_model import scenarios, summarise
>>> from speccom_model.tabular import summary_tables
>>> years = summary_tables(summarise(scenarios.england_2019_20()))["years"]
>>> frame = to_pandas(years)
>>> frame.loc[0, "allocation"]
Decimal('17700000000.00')
>>> to_polars(years).schema["allocation"]
Decimal(precision=38, scale=2)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

from speccom_model.errors import MissingExtraError
from speccom_model.tabular import Cell, ColumnKind, Table
from speccom_model.units import Money

if TYPE_CHECKING:
    from types import ModuleType

    import pyarrow as pa

__all__ = ["MONEY_PRECISION", "to_arrow", "to_pandas", "to_polars"]

#: Digits of an Arrow money column (two after the point): any Money fits.
MONEY_PRECISION: Final = 38


def _module(name: str, feature: str, extra: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as err:
        missing = err.name or name
        raise MissingExtraError.of(feature, missing.split(".")[0], extra) from None


def _arrow_type(pa_: Any, kind: ColumnKind) -> Any:  # noqa: ANN401 - pyarrow types
    if kind is ColumnKind.MONEY:
        return pa_.decimal128(MONEY_PRECISION, 2)
    if kind is ColumnKind.INTEGER:
        return pa_.int64()
    if kind is ColumnKind.DATE:
        return pa_.date32()
    if kind is ColumnKind.BOOLEAN:
        return pa_.bool_()
    if kind is ColumnKind.CODES:
        return pa_.list_(pa_.string())
    return pa_.string()


def _arrow_value(kind: ColumnKind, value: Cell) -> object:
    if value is None:
        return None
    if isinstance(value, Money):
        return value.pounds
    if kind is ColumnKind.YEAR:
        return str(value)
    if kind is ColumnKind.CODES:
        return list(value)  # type: ignore[arg-type]
    return value


def to_arrow(table: Table) -> pa.Table:
    """
    ``table`` as an Arrow table: one typed column per column, in order.

    Each field's metadata carries the column's kind and description
    (``b"kind"``, ``b"description"``).

    Raises:
        MissingExtraError: without pyarrow (the ``arrow`` extra).

    >>> from speccom_model import check, scenarios
    >>> from speccom_model.tabular import report_table
    >>> arrow = to_arrow(report_table(check(scenarios.england_2019_20())))
    >>> arrow.num_rows, arrow.schema.field("code").type
    (2, DataType(string))
    """
    pa_ = _module("pyarrow", "Arrow tables", "arrow")
    fields = [
        pa_.field(
            c.name,
            _arrow_type(pa_, c.kind),
            metadata={"kind": c.kind.value, "description": c.description},
        )
        for c in table.columns
    ]
    columns = [
        pa_.array(
            [_arrow_value(c.kind, row[i]) for row in table.rows],
            type=field.type,
        )
        for i, (c, field) in enumerate(zip(table.columns, fields, strict=True))
    ]
    return pa_.table(columns, schema=pa_.schema(fields, metadata={"name": table.name}))


def _as_arrow(table: Table | pa.Table) -> pa.Table:
    return to_arrow(table) if isinstance(table, Table) else table


def to_pandas(table: Table | pa.Table) -> Any:  # noqa: ANN401 - a pandas DataFrame
    """
    ``table`` as a pandas ``DataFrame``, money as exact decimals.

    ``table`` is a :class:`~speccom_model.tabular.Table`, or an Arrow table such
    as :func:`speccom_model.resolving.arrow.table_to_arrow` makes. Money comes
    as :class:`decimal.Decimal`, dates as
    :class:`datetime.date`, integers pandas' nullable ``Int64``: never a
    float.

    Raises:
        MissingExtraError: without pandas and pyarrow (the ``pandas`` extra).

    >>> from speccom_model import scenarios, summarise
    >>> from speccom_model.tabular import summary_tables
    >>> bodies = to_pandas(
    ...     summary_tables(summarise(scenarios.england_2013_14()))["bodies"]
    ... )
    >>> bodies[["code", "line_count"]].to_dict("records")
    [{'code': 'X24', 'line_count': 143}]
    """
    pd = _module("pandas", "pandas data frames", "pandas")
    pa_ = _module("pyarrow", "pandas data frames", "pandas")
    # Nullable Int64: numpy's int64 would turn a column with an empty cell
    # into floats.
    return _as_arrow(table).to_pandas(
        date_as_object=True, types_mapper={pa_.int64(): pd.Int64Dtype()}.get
    )


def to_polars(table: Table | pa.Table) -> Any:  # noqa: ANN401 - a Polars DataFrame
    """
    ``table`` as a Polars ``DataFrame``, money as exact decimals.

    Money is ``Decimal(38, 2)``, dates ``Date``, integers ``Int64``.

    Raises:
        MissingExtraError: without Polars and pyarrow (the ``polars`` extra).

    >>> from speccom_model import scenarios
    >>> from speccom_model.resolving import responsibility_table
    >>> from speccom_model.tabular import responsibility_rows
    >>> frame = to_polars(
    ...     responsibility_rows(responsibility_table(scenarios.england_2013_14()))
    ... )
    >>> frame.schema["valid_from"]
    Date
    """
    pl = _module("polars", "Polars data frames", "polars")
    return pl.from_arrow(_as_arrow(table))
