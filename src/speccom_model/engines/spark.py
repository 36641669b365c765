"""
Spark: resolve a DataFrame of activity by joining the responsibility table.

For Databricks and the national data platforms, where activity is a Spark
DataFrame of 10⁸ rows: the landscape's
:func:`~speccom_model.resolving.responsibility_table` (a few tens of thousands
of rows) becomes a small DataFrame (:func:`responsibility_frame`) that
:func:`resolve` **broadcasts** to every executor and joins to the activity's
rows, in Spark, with no Python per row:

* the codes are compared as text, **exactly**: ``"01A"`` is not ``"1A"`` nor
  ``"01a"`` nor ``" 01A"``; a column of integer codes is refused, since a
  number has lost its leading zeros (``07`` read as 7). Trimming or upper-casing codes is the caller's choice,
  made before: ``activity.withColumn("place", upper(trim("place")))``;
* the date must be a ``DateType`` column, matched by
  :data:`~speccom_model.resolving.SQL_PREDICATE` (both ends of an interval
  included); text dates are refused, not guessed: convert them first with
  ``to_date(col, 'dd/MM/yyyy')`` (or ``'yyyy-MM-dd'``);
* it is a **left** join: every activity row comes out once, in the same
  number; a row whose codes the table does not know keeps its place with all
  answers NULL and ``problem`` saying why, in the words of
  :class:`~speccom_model.resolving.Resolver`: ``unknown service '999'``
  (service checked first), ``unknown place 'Q99'``, ``unknown service None``
  for a NULL code, ``expected a date, got None`` for a NULL date.

So the five answer columns equal ``Resolver(landscape).resolve(rows)`` row for
row. Needs the ``spark`` extra (``pip install -e ".[spark]"`` from a clone,
and a Java runtime); this module imports pyspark only when called, and raises
:class:`~speccom_model.errors.MissingExtraError` without it. The recipe in
PySpark and Spark SQL is in ``docs/scale.md``; the tests in
``tests/engines/test_spark.py`` run these functions on a real local session::

    from speccom_model import scenarios
    from speccom_model.engines.spark import resolve, responsibility_frame

    table = responsibility_frame(spark, scenarios.england_2025_26())
    activity = spark.read.parquet("activity.parquet")  # service, place, date
    resolved = resolve(activity, table)  # activity's columns + the five answers
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Final

from speccom_model.errors import InvalidValueError, MissingExtraError
from speccom_model.resolving import (
    TABLE_COLUMNS,
    Resolution,
    responsibility_table,
)

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession
    from pyspark.sql.types import DataType, StructType

    from speccom_model.landscape import Landscape

__all__ = ["ANSWER_COLUMNS", "resolve", "responsibility_frame", "table_schema"]

#: The columns :func:`resolve` adds to the activity's, in order.
ANSWER_COLUMNS: Final = Resolution._fields

# Aliases of the two sides of the join, so that the activity's own column
# names (a "service" of its own, a name with a dot) never meet the table's.
_ACTIVITY: Final = "__speccom_activity"
_TABLE: Final = "__speccom_table"
_MATCHED: Final = "__speccom_matched"

# Python's str.isprintable() is false for the Unicode categories "Other"
# (Cc, Cf, Cs, Co, Cn) and "Separator" (Zl, Zp, Zs) but the ASCII space;
# repr() escapes exactly those. Java's regex knows the same categories.
_UNPRINTABLE: Final = r"[\p{C}\p{Z}]"


def _pyspark_missing() -> MissingExtraError:
    return MissingExtraError.of("speccom_model.engines.spark", "pyspark", "spark")


def table_schema() -> StructType:
    """
    The Spark schema of the responsibility table.

    ``service`` and ``place`` are ``StringType``, ``valid_from`` and
    ``valid_to`` ``DateType`` (both included), these four never NULL; the
    answers ``accountable``, ``commissioner``, ``payer``, ``arrangement`` and
    ``problem`` are nullable ``StringType``. Column names and order are
    :data:`~speccom_model.resolving.TABLE_COLUMNS`. Raises
    :class:`~speccom_model.errors.MissingExtraError` without pyspark.

    Example (needs pyspark)::

        >>> table_schema().simpleString()
        'struct<service:string,place:string,valid_from:date,valid_to:date,accountable:string,...>'
    """
    try:
        from pyspark.sql.types import (  # noqa: PLC0415 - the spark extra
            DateType,
            StringType,
            StructField,
            StructType,
        )
    except ImportError:
        raise _pyspark_missing() from None
    kinds: dict[str, DataType] = {"valid_from": DateType(), "valid_to": DateType()}
    return StructType(
        [
            StructField(
                name,
                kinds.get(name, StringType()),
                nullable=name in ANSWER_COLUMNS,
            )
            for name in TABLE_COLUMNS
        ]
    )


def responsibility_frame(spark: SparkSession, landscape: Landscape) -> DataFrame:
    """
    The landscape's responsibility table as a Spark DataFrame.

    Args:
        spark: The session to create it in.
        landscape: The landscape whose answers it holds.

    Returns:
        One row per (service, place, interval) of
        :func:`~speccom_model.resolving.responsibility_table`, in its order,
        with :func:`table_schema`. Build it once and pass it to :func:`resolve`
        for every activity frame: building it asks the landscape every answer.

    Raises:
        MissingExtraError: Without pyspark (the ``spark`` extra).

    Example (needs a Spark session)::

        table = responsibility_frame(spark, scenarios.england_2025_26())
        table.count()  # 34858
    """
    return spark.createDataFrame(
        list(responsibility_table(landscape)), schema=table_schema()
    )


def resolve(
    activity: DataFrame,
    landscape_or_frame: Landscape | DataFrame,
    *,
    service: str = "service",
    place: str = "place",
    date: str = "date",
) -> DataFrame:
    """
    Every activity row with who is accountable, who commissions, who pays.

    A left join of ``activity`` to the responsibility table, broadcast, on
    the codes (as text, exactly) and ``date BETWEEN valid_from AND valid_to``.
    Lazy, as Spark is: nothing runs until an action, except that the codes
    a table frame knows are collected at once (one small job).

    Args:
        activity: Rows of activity; its other columns pass through.
        landscape_or_frame: A landscape (its table is built in the activity's
            session) or a table frame: :func:`responsibility_frame`'s, or one
            read from ``speccom table --format parquet``.
        service: The activity's column of service codes (``StringType``).
        place: Its column of place codes (the same).
        date: Its column of dates: must be ``DateType``.

    Returns:
        ``activity``'s columns, then ``accountable``, ``commissioner``,
        ``payer``, ``arrangement`` and ``problem`` (nullable strings), one row
        per activity row. The answers equal ``Resolver(landscape).resolve``'s;
        a row the table cannot answer has NULL answers and ``problem`` says
        why (``unknown service '999'``, ``unknown place 'Q99'``, ``unknown
        service None``, ``expected a date, got None``).

    Raises:
        InvalidValueError: ``activity`` or the table is not a DataFrame; a
            named column is missing, repeated or of the wrong type (a date
            held as text or a timestamp: convert it first with
            ``to_date(col, 'dd/MM/yyyy')``); ``activity`` already has one of
            the five answer columns; the table frame lacks a column or has
            one of the wrong type.
        MissingExtraError: Without pyspark (the ``spark`` extra).

    Example (needs a Spark session)::

        rows = [("7", "01A", dt.date(2024, 4, 1)), ("999", "01A", dt.date(2024, 4, 1))]
        activity = spark.createDataFrame(
            rows, "service string, place string, date date"
        )
        resolve(activity, scenarios.england_2024_25()).select(
            "commissioner", "problem"
        ).collect()
        # [Row(commissioner='QE1', problem=None),
        #  Row(commissioner=None, problem="unknown service '999'")]
    """
    try:
        from pyspark.sql import functions as F  # noqa: N812, PLC0415 - the spark extra
    except ImportError:
        raise _pyspark_missing() from None
    _require_frame("activity", activity)
    columns = {"service": service, "place": place, "date": date}
    for argument, name in columns.items():
        _require_column("activity", activity, argument, name)
    _refuse_answer_columns(activity)
    _require_type("activity", activity, date, ("date",), _DATE_HINT)
    for name in (service, place):
        _require_type("activity", activity, name, _CODE_TYPES, _CODE_HINT)
    table, services, places = _table_of(activity, landscape_or_frame)

    a = activity.alias(_ACTIVITY)
    t = table.select(
        "service",
        "place",
        "valid_from",
        "valid_to",
        *ANSWER_COLUMNS,
        F.lit(True).alias(_MATCHED),
    ).alias(_TABLE)
    code = _ref(_ACTIVITY, service).cast("string")
    where = _ref(_ACTIVITY, place).cast("string")
    day = _ref(_ACTIVITY, date)
    joined = a.join(
        F.broadcast(t),
        (_ref(_TABLE, "service") == code)
        & (_ref(_TABLE, "place") == where)
        & day.between(_ref(_TABLE, "valid_from"), _ref(_TABLE, "valid_to")),
        "left",
    )
    problem = (
        F.when(_ref(_TABLE, _MATCHED), _ref(_TABLE, "problem"))
        # Every (service, place) of the known codes has rows in a whole table.
        .when(
            code.isNull() | ~code.isin(services),
            F.concat(F.lit("unknown service "), _repr(code)),
        )
        .when(
            where.isNull() | ~where.isin(places),
            F.concat(F.lit("unknown place "), _repr(where)),
        )
        .when(day.isNull(), F.lit("expected a date, got None"))
        # Only a table frame that lacks days (not a whole table) leaves a known
        # pair's date uncovered: say so rather than guess an answer.
        .otherwise(
            F.concat(
                F.lit("no row of the responsibility table covers "),
                F.date_format(day, "yyyy-MM-dd"),
            )
        )
    )
    return joined.select(
        F.col(f"{_ACTIVITY}.*"),
        *(_ref(_TABLE, name).alias(name) for name in ANSWER_COLUMNS[:-1]),
        problem.alias("problem"),
    )


_DATE_HINT: Final = (
    "a column of dates (DateType); convert text first with "
    "to_date(col, 'dd/MM/yyyy') or to_date(col, 'yyyy-MM-dd'), "
    "a timestamp with to_date(col)"
)
_CODE_TYPES: Final = ("string",)
_CODE_HINT: Final = (
    "a column of codes as text (StringType): a number has lost its leading "
    "zeros ('07' read as 7); read codes as text (no inferSchema, or declare "
    "the column string), so that '01A' and '07' stay as written"
)


def _ref(alias: str, name: str) -> Column:
    """A column of one side of the join, by name, whatever characters it has."""
    from pyspark.sql import functions as F  # noqa: N812, PLC0415 - the spark extra

    quoted = name.replace("`", "``")
    return F.col(f"{alias}.`{quoted}`")


def _require_frame(argument: str, frame: object) -> None:
    """
    Refuse anything but a Spark DataFrame (classic or Spark Connect).

    A Spark Connect frame exists only once its module is imported, so the
    module is looked up, never imported here: importing it without Spark
    Connect's own dependencies ends a program run as ``python -c`` (or any
    ``__main__`` without a file) with ``SystemExit(0)``, which pyspark 4 takes
    for a doctest run.
    """
    from pyspark.sql import DataFrame  # noqa: PLC0415 - the spark extra

    kinds: tuple[type, ...] = (DataFrame,)
    connect = sys.modules.get("pyspark.sql.connect.dataframe")
    if connect is not None:
        kinds = (DataFrame, connect.DataFrame)
    if not isinstance(frame, kinds):
        raise InvalidValueError(argument, type(frame).__name__, "a Spark DataFrame")


def _require_column(side: str, frame: DataFrame, argument: str, name: str) -> None:
    """Refuse a column name the frame does not have, or has twice."""
    columns = frame.columns
    if columns.count(name) == 1:
        return
    shown = ", ".join(columns)
    if name in columns:
        raise InvalidValueError(
            argument, name, f"a column that {side} has once (its columns: {shown})"
        )
    raise InvalidValueError(
        argument, name, f"a column of the {side} (its columns: {shown})"
    )


def _require_type(
    side: str, frame: DataFrame, name: str, kinds: tuple[str, ...], hint: str
) -> None:
    """Refuse a column whose Spark type is not one of ``kinds``."""
    found = frame.schema[name].dataType.simpleString()
    if found not in kinds:
        raise InvalidValueError(f"{side} column {name!r}", found, hint)


def _refuse_answer_columns(activity: DataFrame) -> None:
    """Refuse an activity that already has a column resolve would add."""
    sensitive = (
        activity.sparkSession.conf.get("spark.sql.caseSensitive", "false") == "true"
    )
    for name in activity.columns:
        if (name if sensitive else name.lower()) in ANSWER_COLUMNS:
            raise InvalidValueError(
                "activity",
                name,
                "no column named accountable, commissioner, payer, arrangement "
                "or problem: resolve adds them (rename or drop it first)",
            )


def _table_of(
    activity: DataFrame, landscape_or_frame: object
) -> tuple[DataFrame, list[str], list[str]]:
    """
    The table frame, its service codes and its place codes.

    From a landscape, the codes it knows are its catalogue's and places' (as
    :class:`~speccom_model.resolving.Resolver`'s); from a table frame, checked
    first, the codes of its rows (as ``Resolver.from_table``'s), collected at
    once: one small Spark job.
    """
    from speccom_model.landscape import Landscape  # noqa: PLC0415 - no cycle

    if isinstance(landscape_or_frame, Landscape):
        return (
            responsibility_frame(activity.sparkSession, landscape_or_frame),
            sorted(s.code for s in landscape_or_frame.catalogue),
            sorted(p.code for p in landscape_or_frame.places),
        )
    try:
        _require_frame("landscape_or_frame", landscape_or_frame)
    except InvalidValueError:
        raise InvalidValueError(
            "landscape_or_frame",
            type(landscape_or_frame).__name__,
            "a Landscape or a Spark DataFrame of the responsibility table",
        ) from None
    table: DataFrame = landscape_or_frame  # type: ignore[assignment]
    for field in table_schema().fields:
        _require_column("table", table, "table", field.name)
        kind = field.dataType.simpleString()
        _require_type("table", table, field.name, (kind,), f"a column of {kind}")
    from pyspark.sql import functions as F  # noqa: N812, PLC0415 - the spark extra

    codes = table.agg(
        F.sort_array(F.collect_set("service")), F.sort_array(F.collect_set("place"))
    ).first()
    services, places = ([], []) if codes is None else (codes[0], codes[1])
    return table, services, places


def _repr(code: Column) -> Column:
    r"""
    Python's ``repr()`` of a text column, as the Resolver quotes codes.

    ``'01A'``; ``"O'Neil"`` (double quotes where the text has a single quote
    and no double one); backslashes doubled; ``\t``, ``\n``, ``\r``; other
    unprintable characters as ``\xhh``, ``\uhhhh`` or ``\Uhhhhhhhh``;
    ``None`` for NULL. Java's Unicode tables may be a version older or newer
    than Python's: a character assigned in one and not the other is quoted by
    Java's.
    """
    from pyspark.sql import functions as F  # noqa: N812, PLC0415 - the spark extra

    doubles = (F.instr(code, "'") > 0) & (F.instr(code, '"') == 0)
    quote = F.when(doubles, F.lit('"')).otherwise(F.lit("'"))

    def escape(char: Column) -> Column:
        point = F.ascii(char)  # the code point (Spark keeps surrogate pairs whole)
        digits = F.lower(F.hex(point))
        return (
            F.when(char == "\\", F.lit("\\\\"))
            .when(char == quote, F.concat(F.lit("\\"), quote))
            .when(char == "\t", F.lit("\\t"))
            .when(char == "\n", F.lit("\\n"))
            .when(char == "\r", F.lit("\\r"))
            .when(
                (char != " ") & char.rlike(_UNPRINTABLE),
                F.when(point < 0x100, F.concat(F.lit("\\x"), F.lpad(digits, 2, "0")))
                .when(point < 0x10000, F.concat(F.lit("\\u"), F.lpad(digits, 4, "0")))
                .otherwise(F.concat(F.lit("\\U"), F.lpad(digits, 8, "0"))),
            )
            .otherwise(char)
        )

    characters = F.regexp_extract_all(code, F.lit("(?s)."), F.lit(0))
    body = F.array_join(F.transform(characters, escape), "")
    return F.when(code.isNull(), F.lit("None")).otherwise(F.concat(quote, body, quote))
