"""
DuckDB, the embedded engine: resolve activity in SQL on the responsibility table.

Needs the ``duckdb`` extra (``pip install -e ".[duckdb]"`` from a clone: DuckDB,
and pyarrow with numpy, which carry the table into the connection); without
it, importing this module raises :class:`~speccom_model.errors.MissingExtraError`.
Three functions:

* :func:`register` puts a landscape's responsibility table in a connection as a
  temporary table: ``service`` and ``place`` ``VARCHAR``, ``valid_from`` and
  ``valid_to`` ``DATE`` (both days included), the answers ``VARCHAR`` (``NULL``
  where there is none);
* :func:`read_activity` reads an activity CSV with the code columns as text, as
  written (``"007"`` stays ``"007"``, an empty cell is the empty code), and the
  date column parsed ISO or with a ``strptime`` format (UK ``'%d/%m/%Y'``);
* :func:`resolve` joins an activity relation, CSV or Parquet file to the table:
  ``LEFT JOIN`` on the two codes (equality, as text, exactly) and
  ``date BETWEEN valid_from AND valid_to``, so every activity row comes out
  once, with ``accountable``, ``commissioner``, ``payer``, ``arrangement`` and
  ``problem`` added. A row the table cannot answer keeps its place with empty
  answers and a ``problem`` in the words of
  :class:`~speccom_model.resolving.Resolver` (``unknown service '999'``,
  ``unknown place 'Q99'``, ``unknown service None``, ``expected a date, got
  None``).

Every answer equals :meth:`Resolver.resolve`'s for the same rows, including
``problem``: an unknown code is written as Python's ``repr`` writes it, by a
Python function :func:`resolve` registers in the connection
(``speccom_python_repr``), called only for rows the join leaves unmatched.

The relation :func:`resolve` returns is lazy: DuckDB runs it when it is read
(``fetchall``, ``to_arrow_table``, ``write_parquet``, ``write_csv``…), on as
many threads as the connection has (``SET threads = 1`` for one). Its rows come
in no particular order unless ``keep_order=True``.

>>> import duckdb
>>> connection = duckdb.connect()
>>> register(connection, scenarios.england_2024_25())
>>> activity = connection.sql(
...     "SELECT '7' AS service, '01A' AS place, DATE '2024-04-01' AS date"
... )
>>> resolve(connection, activity, "responsibility").fetchall()
[('7', '01A', datetime.date(2024, 4, 1), 'X24', 'QE1', 'QE1', 'DEL-QE1', None)]

More in ``docs/scale.md`` (the recipe, in Python and in SQL).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Final

from speccom_model.errors import InvalidValueError, MissingExtraError, ParseError
from speccom_model.landscape import Landscape
from speccom_model.resolving import (
    TABLE_COLUMNS,
    Resolution,
    responsibility_table,
)

try:
    import duckdb

    from speccom_model.resolving.arrow import table_to_arrow
except ImportError as err:  # pragma: no cover - exercised with the extra removed
    raise MissingExtraError.of(
        "speccom_model.engines.duckdb", err.name or "pyarrow", "duckdb"
    ) from None

if TYPE_CHECKING:
    from collections.abc import Sequence

    from speccom_model.resolving import ResponsibilityInterval

__all__ = ["ANSWER_COLUMNS", "read_activity", "register", "resolve"]

#: The columns :func:`resolve` adds to every activity row, in order.
ANSWER_COLUMNS: Final = Resolution._fields

#: The ISO date format, DuckDB's ``strptime`` spelling.
_ISO: Final = "%Y-%m-%d"
#: The column :func:`resolve` numbers rows in when asked to keep their order.
_ROW: Final = "__speccom_row__"
#: The Python function, registered in a connection, that writes a code as
#: ``repr`` does (quotes and escapes exactly as the Resolver's problems have
#: them); called only for rows the join leaves unmatched.
_REPR: Final = "speccom_python_repr"
_LINE: Final = re.compile(r"CSV Error on Line: (\d+)")
_VALUE: Final = re.compile(r"Could not convert string \"(.*)\" to 'DATE'")


def register(
    connection: duckdb.DuckDBPyConnection,
    landscape: Landscape,
    name: str = "responsibility",
) -> None:
    """
    Put ``landscape``'s responsibility table in ``connection`` as table ``name``.

    A temporary table (it lives as long as the connection and is never written
    to a database file; ``CREATE TABLE kept AS FROM responsibility`` keeps it),
    replacing an earlier temporary table of that name; a permanent table of
    that name is left as it is, hidden by this one in this connection
    (``memory.main.name`` still reaches it). Columns as
    :data:`~speccom_model.resolving.TABLE_COLUMNS`: ``service``, ``place``
    ``VARCHAR``; ``valid_from``, ``valid_to`` ``DATE``, both included; the
    answers and ``problem`` ``VARCHAR``, ``NULL`` where there is none.

    Args:
        connection: An open DuckDB connection.
        landscape: The landscape whose answers to register.
        name: The table's name (quoted as an identifier, so any text works).

    Raises:
        InvalidValueError: ``name`` is empty.

    >>> import duckdb
    >>> connection = duckdb.connect()
    >>> register(connection, scenarios.england_2024_25(), "answers")
    >>> connection.sql("SELECT count(*) FROM answers").fetchall()
    [(30506,)]
    """
    if not name:
        raise InvalidValueError("name", name, "a table name")
    _register_table(connection, responsibility_table(landscape), name)


def _register_table(
    connection: duckdb.DuckDBPyConnection,
    table: Sequence[ResponsibilityInterval],
    name: str,
) -> None:
    arrow = table_to_arrow(table)
    connection.register("__speccom_arrow__", arrow)
    try:
        connection.execute(
            f"CREATE OR REPLACE TEMPORARY TABLE {_ident(name)} AS "
            "SELECT * FROM __speccom_arrow__"
        )
    finally:
        connection.unregister("__speccom_arrow__")


def read_activity(
    connection: duckdb.DuckDBPyConnection,
    path: str | os.PathLike[str],
    *,
    service: str = "service",
    place: str = "place",
    date: str = "date",
    date_format: str | None = None,
    delimiter: str | None = None,
    check: bool = True,
) -> duckdb.DuckDBPyRelation:
    """
    Read an activity CSV (with a header row) for :func:`resolve`.

    The code columns are read as text exactly as written: DuckDB's type
    detection would turn ``"007"`` into the number 7, and an empty cell into
    ``NULL``; here ``"007"`` stays ``"007"`` and an empty cell is the empty
    code ``''`` (an unknown code). The date column is parsed by DuckDB's CSV
    reader with ``date_format`` (DuckDB's ``strptime`` spelling; ISO
    ``'%Y-%m-%d'`` by default, ``'%d/%m/%Y'`` for UK dates); an empty date
    cell is ``NULL`` (:func:`resolve` answers ``expected a date, got None``).
    Other columns keep DuckDB's detected types.

    Args:
        connection: An open DuckDB connection.
        path: The CSV file.
        service: The service code column.
        place: The place code column.
        date: The date column.
        date_format: How dates are written, as a ``strptime`` format.
        delimiter: The field separator; detected when ``None``.
        check: Read the date column once now, so a date that does not parse
            is a :class:`ParseError` here. With ``False`` nothing is read
            until the relation is, and a bad date then raises DuckDB's
            ``ConversionException`` (naming file, line, column and value).

    Returns:
        A lazy relation over the file.

    Raises:
        ParseError: a date does not parse with ``date_format`` (naming file,
            line, column, value and format), the file is empty (no header
            row), or DuckDB cannot read the file.
        InvalidValueError: a column is missing.

    >>> import duckdb
    >>> read_activity(duckdb.connect(), "no-such-file.csv")
    Traceback (most recent call last):
    speccom_model.errors.ParseError: no-such-file.csv: no-such-file.csv: expected a CSV file, got ...
    """
    where = str(path)
    if _empty(path):
        raise ParseError(where, "", "a CSV file with a header row", file=where)
    form = _ISO if date_format is None else date_format
    options = "header = true"
    if delimiter is not None:
        options += f", delim = {_literal(delimiter)}"
    text = dict.fromkeys((service, place, date), "VARCHAR")
    try:
        header = connection.sql(
            f"SELECT * FROM read_csv({_literal(where)}, {options}, all_varchar = true)"
        ).columns
    except duckdb.Error as error:
        raise ParseError(where, _first_line(error), "a CSV file", file=where) from None
    _require(header, (service, place, date), what=where)
    typed = {**text, date: "DATE"}
    # The CSV reader gives an empty cell as NULL, and a CSV cannot write a NULL
    # any other way, so a NULL code is the empty code. (read_csv's own
    # force_not_null is not used: DuckDB 2.0.1 applies it to the wrong columns
    # when only some columns are read.)
    codes = ", ".join(
        f"coalesce({_ident(column)}, '') AS {_ident(column)}"
        for column in (service, place)
    )
    relation = connection.sql(
        f"SELECT * REPLACE ({codes}) FROM read_csv({_literal(where)}, {options}, "
        f"types = {_struct(typed)}, dateformat = {_literal(form)})"
    )
    if check:
        _check_dates(connection, relation, where, options, date, form)
    return relation


#: A file this small is read whole to see whether it holds anything.
_SMALL: Final = 64 * 1024


def _empty(path: str | os.PathLike[str]) -> bool:
    """
    Whether ``path`` holds no header: no bytes, or only a BOM and white space.

    DuckDB would read such a file as one column it names ``column0``.
    """
    try:
        if os.stat(path).st_size > _SMALL:
            return False
        with open(path, "rb") as handle:
            data = handle.read(_SMALL + 1)
    except (OSError, ValueError):
        # Not a plain file (a glob, a URL): DuckDB reads or refuses it.
        return False
    return not data.removeprefix(b"\xef\xbb\xbf").strip()


def _check_dates(
    connection: duckdb.DuckDBPyConnection,
    relation: duckdb.DuckDBPyRelation,
    where: str,
    options: str,
    date: str,
    form: str,
) -> None:
    """Read the date column once; a date that does not parse is a ParseError."""
    try:
        _select(relation, f"SELECT count({_ident(date)}) FROM a").fetchall()
    except duckdb.Error as error:
        found = _LINE.search(str(error))
        line = None if found is None else int(found.group(1))
        value = _VALUE.search(str(error))
        if value is not None:
            raise ParseError(
                date, value.group(1), f"a date written {form!r}", file=where, line=line
            ) from None
        bad = connection.sql(
            f"SELECT {_ident(date)} FROM read_csv({_literal(where)}, {options}, "
            f"all_varchar = true) WHERE {_ident(date)} IS NOT NULL AND "
            f"try_strptime({_ident(date)}, {_literal(form)}) IS NULL LIMIT 1"
        ).fetchall()
        if not bad:
            raise ParseError(
                where, _first_line(error), "a CSV file", file=where, line=line
            ) from None
        raise ParseError(
            date, bad[0][0], f"a date written {form!r}", file=where, line=line
        ) from None


def resolve(
    connection: duckdb.DuckDBPyConnection,
    activity: duckdb.DuckDBPyRelation | str | os.PathLike[str],
    landscape_or_name: Landscape | str,
    *,
    service: str = "service",
    place: str = "place",
    date: str = "date",
    keep_order: bool = False,
) -> duckdb.DuckDBPyRelation:
    """
    Every activity row with its answers, joined in SQL to the responsibility table.

    Args:
        connection: The connection that holds ``activity`` and the table.
        activity: A relation of ``connection`` (``read_csv``, ``read_parquet``,
            ``from_arrow`` of an Arrow table, pandas or Polars frame, ``sql``),
            or the path of a ``.csv`` file (read by :func:`read_activity`, ISO
            dates) or a ``.parquet`` file.
        landscape_or_name: The name of a table :func:`register` made (or
            one with its columns and types, such as ``speccom table``'s
            Parquet file read into the connection), or a
            landscape (registered under a name derived from its table's
            contents, so the same answers are registered once).
        service: The service code column, ``VARCHAR``.
        place: The place code column, ``VARCHAR``.
        date: The date column, ``DATE``.
        keep_order: Give the rows in the activity's order (numbering them first
            and sorting at the end: slower). Otherwise DuckDB gives them in
            whatever order its threads finish.

    Returns:
        A lazy relation: the activity's columns, then ``accountable``,
        ``commissioner``, ``payer``, ``arrangement`` and ``problem``
        (:data:`ANSWER_COLUMNS`, all ``VARCHAR``); one row per activity row.

    Raises:
        InvalidValueError: a column is missing, a code column is not
            ``VARCHAR``, the date column is not ``DATE``, the activity already
            has an answer column, a path is neither ``.csv`` nor ``.parquet``,
            or ``landscape_or_name`` names no table of the connection, or
            one without the responsibility table's columns and types.

    >>> import duckdb
    >>> connection = duckdb.connect()
    >>> activity = connection.sql(
    ...     "SELECT 7 AS service, '01A' AS place, DATE '2024-04-01' AS date"
    ... )
    >>> resolve(connection, activity, scenarios.england_2024_25())
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: activity.service: expected codes as VARCHAR, ...
    """
    if isinstance(activity, str | Path):
        activity = _read(connection, Path(activity), service, place, date)
    elif not isinstance(activity, duckdb.DuckDBPyRelation):
        raise InvalidValueError(
            "activity", type(activity).__name__, "a DuckDB relation or a file path"
        )
    _check_activity(activity, service, place, date, keep_order=keep_order)
    if isinstance(landscape_or_name, Landscape):
        table = responsibility_table(landscape_or_name)
        name = "speccom_responsibility_" + _digest(table)
        if not _exists(connection, name):
            _register_table(connection, table, name)
        # The landscape's codes, as the Resolver knows them (a landscape with
        # services but no places has an empty table).
        known = (
            sorted(s.code for s in landscape_or_name.catalogue),
            sorted(p.code for p in landscape_or_name.places),
        )
    else:
        name = landscape_or_name
        if not _exists(connection, name):
            raise InvalidValueError(
                "landscape_or_name", name, "a landscape, or a table register made"
            )
        _check_table(connection, name)
        found = connection.execute(
            "SELECT list(DISTINCT service ORDER BY service), "
            f"list(DISTINCT place ORDER BY place) FROM {_ident(name)}"
        ).fetchall()[0]
        known = (found[0] or [], found[1] or [])
    _ensure_repr(connection)
    return _select(
        activity,
        _query(name, known, (service, place, date), keep_order=keep_order),
    )


def _select(relation: duckdb.DuckDBPyRelation, query: str) -> duckdb.DuckDBPyRelation:
    """``query`` (a SELECT) on ``relation``, named ``a`` in it."""
    result = relation.query("a", query)
    if result is None:  # pragma: no cover - a SELECT always gives a relation
        raise InvalidValueError("query", query, "a SELECT")
    return result


def _read(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    service: str,
    place: str,
    date: str,
) -> duckdb.DuckDBPyRelation:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_activity(connection, path, service=service, place=place, date=date)
    if suffix == ".parquet":
        return connection.sql(f"SELECT * FROM read_parquet({_literal(str(path))})")
    raise InvalidValueError("activity", str(path), "a .csv or .parquet file")


def _check_table(connection: duckdb.DuckDBPyConnection, name: str) -> None:
    """A table named by the caller has the responsibility table's columns and types."""
    table = connection.sql(f"SELECT * FROM {_ident(name)} LIMIT 0")
    types = {
        column: str(kind)
        for column, kind in zip(table.columns, table.types, strict=True)
    }
    for column in TABLE_COLUMNS:
        expected = "DATE" if column.startswith("valid_") else "VARCHAR"
        if types.get(column) != expected:
            raise InvalidValueError(
                f"{name}.{column}",
                types.get(column, "no such column"),
                f"a responsibility table column {column} of type {expected}, as "
                "register makes (read a table file with read_parquet, or a CSV "
                "with types given: auto-detection reads the code 1 as a number)",
            )


def _check_activity(
    activity: duckdb.DuckDBPyRelation,
    service: str,
    place: str,
    date: str,
    *,
    keep_order: bool,
) -> None:
    columns = list(activity.columns)
    types = {
        column: str(kind) for column, kind in zip(columns, activity.types, strict=True)
    }
    _require(columns, (service, place, date), what="activity")
    taken = [c for c in (*ANSWER_COLUMNS, _ROW) if c in columns]
    if taken and (taken != [_ROW] or keep_order):
        raise InvalidValueError(
            f"activity.{taken[0]}",
            taken[0],
            "an activity without the columns resolve adds "
            f"({', '.join(ANSWER_COLUMNS)}): drop or rename it",
        )
    for code in (service, place):
        if types[code] != "VARCHAR":
            raise InvalidValueError(
                f"activity.{code}",
                types[code],
                "codes as VARCHAR, read as written (read_activity reads a CSV so; "
                f"a number has lost its leading zeros: CAST({code} AS VARCHAR) "
                "only if the codes never had any)",
            )
    if types[date] != "DATE":
        raise InvalidValueError(
            f"activity.{date}",
            types[date],
            f"a DATE column: CAST({date} AS DATE) for a TIMESTAMP, "
            f"strptime({date}, '%d/%m/%Y')::DATE for text such as '01/04/2024', "
            "or read_activity(..., date_format=...)",
        )


def _query(
    table: str,
    known: tuple[Sequence[str], Sequence[str]],
    columns: tuple[str, str, str],
    *,
    keep_order: bool,
) -> str:
    """
    The join, in DuckDB SQL, of relation ``a`` to table ``table``.

    Which codes are unknown is asked only of rows the join leaves without a
    match, against lists of the table's codes written into the query (a
    subquery would be joined to every row: 1.5× the time of the join).
    """
    t = _ident(table)
    s, p, d = (_ident(column) for column in columns)
    known_services, known_places = (_list(codes) for codes in known)
    answers = ", ".join(f"t.{column}" for column in ANSWER_COLUMNS[:-1])
    # A table register made holds every (service, place) pair of its codes, so
    # a row left unmatched has an unknown code or a date outside every row.
    problem = f"""CASE
        WHEN t.service IS NOT NULL THEN t.problem
        WHEN a.{s} IS NULL OR NOT list_contains({known_services}, a.{s})
            THEN 'unknown service ' || {_repr(f"a.{s}")}
        WHEN a.{p} IS NULL OR NOT list_contains({known_places}, a.{p})
            THEN 'unknown place ' || {_repr(f"a.{p}")}
        WHEN a.{d} IS NULL THEN 'expected a date, got None'
        ELSE {_literal(f"no row of table {table!r} holds this day: ")}
            || CAST(a.{d} AS VARCHAR)
    END AS problem"""
    source = "a"
    if keep_order:
        source = f"(SELECT *, row_number() OVER () AS {_ROW} FROM {source})"
    select = f"a.* EXCLUDE ({_ROW})" if keep_order else "a.*"
    query = f"""SELECT {select}, {answers}, {problem}
    FROM {source} a
    LEFT JOIN {t} t
        ON t.service = a.{s} AND t.place = a.{p}
        AND a.{d} BETWEEN t.valid_from AND t.valid_to"""
    if keep_order:
        query += f"\n    ORDER BY a.{_ROW}"
    return query


def _list(codes: Sequence[str]) -> str:
    """A SQL list of text literals (typed, so an empty list is VARCHAR[])."""
    return f"CAST([{', '.join(_literal(code) for code in codes)}] AS VARCHAR[])"


def _repr(expression: str) -> str:
    """SQL giving Python's ``repr`` of a VARCHAR expression (``None`` for NULL)."""
    return f"coalesce({_REPR}({expression}), 'None')"


def _ensure_repr(connection: duckdb.DuckDBPyConnection) -> None:
    """Give ``connection`` the function :func:`_repr` calls, once."""
    found = connection.execute(
        "SELECT count(*) FROM duckdb_functions() WHERE function_name = ?", [_REPR]
    ).fetchall()
    if found[0][0]:
        return
    # A plain Python function, called per value: unmatched rows are few, and
    # DuckDB before 2.0 could hand back a corrupted string from an Arrow one.
    connection.create_function(_REPR, repr, ["VARCHAR"], "VARCHAR")


def _require(columns: Sequence[str], needed: Sequence[str], *, what: str) -> None:
    for column in needed:
        if column not in columns:
            raise InvalidValueError(
                f"{what}.{column}",
                list(columns),
                f"a column {column!r} (name it with service=, place=, date=)",
            )


def _exists(connection: duckdb.DuckDBPyConnection, name: str) -> bool:
    found = connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? "
        "UNION ALL SELECT count(*) FROM duckdb_views() WHERE view_name = ?",
        [name, name],
    ).fetchall()
    return any(count for (count,) in found)


def _digest(table: Sequence[ResponsibilityInterval]) -> str:
    return hashlib.sha256(repr(tuple(table)).encode()).hexdigest()[:16]


def _ident(name: str) -> str:
    """``name`` quoted as a SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    """``text`` quoted as a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _struct(types: dict[str, str]) -> str:
    return (
        "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in types.items()) + "}"
    )


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
