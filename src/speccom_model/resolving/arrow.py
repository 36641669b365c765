"""
Resolving Arrow tables and record batches, vectorised (the ``arrow`` extra).

:func:`resolve_arrow` answers every row of an Arrow table or record batch with
the responsibility table's answers (see :mod:`speccom_model.resolving.table`),
without making a Python object per row: each code column is dictionary-encoded
and only its distinct values are looked up in Python; the days on which any
answer changes cut time into eras, so a row's answer is one
``numpy.searchsorted`` over those days and one gather from a dense (pair, era)
array (a table too large for that is searched by key). The answers are
exactly :class:`~speccom_model.resolving.Resolver`'s, row by row: an unknown
code, a null code or a null date gives that row a ``problem`` and empty
answers, as there.

Needs pyarrow and numpy: ``pip install -e ".[arrow]"`` from a clone; without
them, importing this module raises
:class:`~speccom_model.errors.MissingExtraError`.

>>> import datetime as dt
>>> import pyarrow as pa
>>> from speccom_model import scenarios
>>> index = ArrowIndex.of(scenarios.england_2024_25())
>>> activity = pa.table(
...     {
...         "service": ["7", "7", "999"],
...         "place": ["01A", "01A", "01A"],
...         "date": [dt.date(2024, 4, 1), dt.date(2024, 3, 31), dt.date(2024, 4, 1)],
...     }
... )
>>> answers = resolve_arrow(activity, index)
>>> answers.column("commissioner").to_pylist()
['QE1', 'JC-Y62', None]
>>> answers.column("problem").to_pylist()
[None, None, "unknown service '999'"]
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar, Final, TypeVar

from speccom_model.errors import InvalidValueError, MissingExtraError
from speccom_model.resolving.table import (
    FIRST_DAY,
    TABLE_COLUMNS,
    Resolution,
    ResponsibilityInterval,
    responsibility_table,
)

try:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
except ImportError as err:  # pragma: no cover - exercised with the extra removed
    raise MissingExtraError.of(
        "speccom_model.resolving.arrow", err.name or "pyarrow", "arrow"
    ) from None

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from numpy.typing import NDArray

    from speccom_model.landscape import Landscape

__all__ = ["ANSWER_FIELDS", "ArrowIndex", "resolve_arrow", "table_to_arrow"]

#: The columns :func:`resolve_arrow` returns, in order.
ANSWER_FIELDS: Final = Resolution._fields

_EPOCH: Final = dt.date(1970, 1, 1)
#: date32 counts days since 1970-01-01; the table's first day is this many.
_FIRST: Final = (FIRST_DAY - _EPOCH).days
#: Days in datetime.date's range fit in 22 bits: a key is pair × _SPAN + day.
_SPAN: Final = 1 << 22

Batch = TypeVar("Batch", "pa.Table", "pa.RecordBatch")


#: The Arrow schema of :func:`table_to_arrow`.
SCHEMA: Final = pa.schema(
    [
        pa.field("service", pa.string(), nullable=False),
        pa.field("place", pa.string(), nullable=False),
        pa.field("valid_from", pa.date32(), nullable=False),
        pa.field("valid_to", pa.date32(), nullable=False),
        *(pa.field(name, pa.string()) for name in ANSWER_FIELDS[:-1]),
        pa.field("problem", pa.string()),
    ]
)


def table_to_arrow(table: Sequence[ResponsibilityInterval]) -> pa.Table:
    """
    The responsibility table as an Arrow table, for Parquet or an engine.

    Columns are :data:`~speccom_model.resolving.TABLE_COLUMNS`: ``service``
    and ``place`` as non-null ``string``, ``valid_from`` and ``valid_to`` as
    ``date32`` (both days included), the answers as nullable ``string``.

    >>> from speccom_model import scenarios
    >>> from speccom_model.resolving import responsibility_table
    >>> arrow = table_to_arrow(responsibility_table(scenarios.england_2024_25()))
    >>> arrow.schema.field("valid_from").type, arrow.num_rows
    (DataType(date32[day]), 30506)
    """
    columns = list(zip(*table, strict=True)) if table else [()] * len(TABLE_COLUMNS)
    return pa.table(
        [
            pa.array(column, type=field.type)
            for column, field in zip(columns, SCHEMA, strict=True)
        ],
        schema=SCHEMA,
    )


class ArrowIndex:
    """
    A responsibility table indexed for vectorised look-ups.

    ``services`` and ``places`` map each known code to a small integer id;
    ``answers`` maps an answer id to its :class:`Resolution`. The table must
    hold a row for every (service, place) pair of those codes from
    0001-01-01 on, as :func:`responsibility_table` makes it.

    Raises:
        InvalidValueError: the table misses a pair, or a pair's first row does
            not start on 0001-01-01.

    >>> from speccom_model import scenarios
    >>> index = ArrowIndex.of(scenarios.england_2024_25())
    >>> ids = index.lookup(
    ...     np.array([index.services["7"]], dtype=np.int32),
    ...     np.array([index.places["01A"]], dtype=np.int32),
    ...     np.array(
    ...         [(dt.date(2024, 4, 1) - dt.date(1970, 1, 1)).days], dtype=np.int32
    ...     ),
    ... )
    >>> index.answers[ids[0]].commissioner
    'QE1'
    """

    __slots__ = ("_dense", "_eras", "_ids", "_keys", "answers", "places", "services")

    #: The most (pair, era) cells the dense look-up holds (64 MiB of int32);
    #: a larger table is searched by key instead.
    DENSE_LIMIT: ClassVar[int] = 1 << 24

    def __init__(
        self,
        table: Sequence[ResponsibilityInterval],
        *,
        services: Sequence[str] = (),
        places: Sequence[str] = (),
    ) -> None:
        self.services: Mapping[str, int] = _ids(services, (r.service for r in table))
        self.places: Mapping[str, int] = _ids(places, (r.place for r in table))
        answers: dict[Resolution, int] = {}
        width = len(self.places)
        pairs = np.empty(len(table), dtype=np.int64)
        starts = np.empty(len(table), dtype=np.int64)
        ids = np.empty(len(table), dtype=np.int32)
        for k, row in enumerate(table):
            pairs[k] = self.services[row.service] * width + self.places[row.place]
            starts[k] = (row.valid_from - _EPOCH).days - _FIRST
            ids[k] = answers.setdefault(row.resolution, len(answers))
        covered = np.unique(pairs[starts == 0]).size
        if covered != len(self.services) * width:
            raise InvalidValueError(
                "table",
                f"{covered} pairs starting on {FIRST_DAY}",
                f"a row from {FIRST_DAY} for each of the {len(self.services)} × "
                f"{width} (service, place) pairs, as responsibility_table makes",
            )
        order = np.lexsort((starts, pairs))
        pairs, starts, ids = pairs[order], starts[order], ids[order]
        self.answers: tuple[Resolution, ...] = tuple(answers)
        #: Every day an answer changes cuts time into eras, in each of which
        #: every pair has one answer: a row's answer is then one gather.
        self._eras: NDArray[np.int64] = np.unique(starts)
        count = len(self.services) * width * len(self._eras)
        self._dense: NDArray[np.int32] | None = None
        self._keys: NDArray[np.int64] = pairs * _SPAN + starts
        self._ids: NDArray[np.int32] = ids
        if count <= self.DENSE_LIMIT:
            self._dense = _dense(pairs, starts, ids, self._eras, count)

    @classmethod
    def of(cls, landscape: Landscape) -> ArrowIndex:
        """The index of a landscape's responsibility table; its codes all known."""
        return cls(
            responsibility_table(landscape),
            services=sorted(s.code for s in landscape.catalogue),
            places=sorted(p.code for p in landscape.places),
        )

    def lookup(
        self,
        service_ids: NDArray[np.integer[Any]],
        place_ids: NDArray[np.integer[Any]],
        days: NDArray[np.integer[Any]],
    ) -> NDArray[np.int32]:
        """
        The answer id of each row: ids of known codes, days since 1970-01-01.

        The three arrays have one length; every id must be a known code's (not
        negative) and every day within datetime.date's range.
        """
        pairs = service_ids.astype(np.int64) * len(self.places) + place_ids
        offsets = days.astype(np.int64) - _FIRST
        if self._dense is not None:
            eras = np.searchsorted(self._eras, offsets, side="right") - 1
            dense: NDArray[np.int32] = self._dense[pairs * len(self._eras) + eras]
            return dense
        keys = pairs * _SPAN + offsets
        found: NDArray[np.int32] = self._ids[
            np.searchsorted(self._keys, keys, side="right") - 1
        ]
        return found


def _dense(
    pairs: NDArray[np.int64],
    starts: NDArray[np.int64],
    ids: NDArray[np.int32],
    eras: NDArray[np.int64],
    count: int,
) -> NDArray[np.int32]:
    """Each (pair, era) cell's answer id: every row fills the eras it spans."""
    first = np.searchsorted(eras, starts)
    # A row runs to its pair's next row's start, or to the last era.
    last = np.full(len(starts), len(eras), dtype=np.int64)
    same = pairs[1:] == pairs[:-1]
    last[:-1][same] = first[1:][same]
    spans = last - first
    cells = np.repeat(pairs * len(eras) + first - np.cumsum(spans) + spans, spans)
    cells += np.arange(int(spans.sum()), dtype=np.int64)
    dense = np.empty(count, dtype=np.int32)
    dense[cells] = np.repeat(ids, spans)
    return dense


def resolve_arrow(
    data: Batch,
    index: ArrowIndex | Landscape,
    *,
    service: str = "service",
    place: str = "place",
    date: str = "date",
) -> Batch:
    """
    The answers for every row of an Arrow table or record batch, in order.

    ``data`` needs a service code and a place code column (``string``,
    ``large_string``, ``string_view`` or a dictionary of those; matched
    exactly) and a date column (``date32`` or ``date64``). Returns the same
    kind (a table for a table, a record batch for a batch) with the columns
    :data:`ANSWER_FIELDS` (``accountable``, ``commissioner``, ``payer``,
    ``arrangement``, ``problem``), all nullable strings, one row per input row:
    the answers of :meth:`Resolver.resolve`. Build the :class:`ArrowIndex`
    once and reuse it (a landscape builds one per call).

    Raises:
        InvalidValueError: a column is missing or of another type (a string
            date column: parse it first, e.g. ``pyarrow.compute.strptime``).
    """
    if not isinstance(index, ArrowIndex):
        index = ArrowIndex.of(index)
    names = list(data.schema.names)
    service_ids, service_values = _codes(data, service, names, index.services)
    place_ids, place_values = _codes(data, place, names, index.places)
    days, no_date = _days(data, date, names)
    answers = list(index.answers)
    # Problems take ids after the table's answers, in resolve_one's order:
    # an unknown service, then an unknown place, then a missing date.
    unknown_service = _problems(answers, service_values, index.services, "service")
    unknown_place = _problems(answers, place_values, index.places, "place")
    answers.append(_problem("expected a date, got None"))
    sid = service_ids.take_ids
    pid = place_ids.take_ids
    result = np.full(len(sid), len(answers) - 1, dtype=np.int32)
    known = (sid >= 0) & (pid >= 0) & ~no_date
    result[known] = index.lookup(sid[known], pid[known], days[known])
    bad_place = (sid >= 0) & (pid < 0)
    result[bad_place] = unknown_place[place_ids.positions[bad_place]]
    bad_service = sid < 0
    result[bad_service] = unknown_service[service_ids.positions[bad_service]]
    picks = pa.array(result, type=pa.int32())
    columns = [
        pa.array([a[k] for a in answers], type=pa.string()).take(picks)
        for k in range(len(ANSWER_FIELDS))
    ]
    if isinstance(data, pa.RecordBatch):
        return pa.RecordBatch.from_arrays(columns, names=list(ANSWER_FIELDS))
    return pa.table(columns, names=list(ANSWER_FIELDS))


class _Encoded:
    """A code column as per-row ids (-1 unknown) and positions in its values."""

    __slots__ = ("positions", "take_ids")

    def __init__(
        self, take_ids: NDArray[np.int32], positions: NDArray[np.int32]
    ) -> None:
        self.take_ids = take_ids
        self.positions = positions


def _column(data: pa.Table | pa.RecordBatch, name: str, names: list[str]) -> pa.Array:
    if name not in names:
        raise InvalidValueError(
            name, names, f"a column named {name!r} among the data's columns"
        )
    column = data.column(name)
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    return column


def _codes(
    data: pa.Table | pa.RecordBatch,
    name: str,
    names: list[str],
    known: Mapping[str, int],
) -> tuple[_Encoded, list[str | None]]:
    """Each row's code id (-1 if unknown) and the column's distinct values."""
    column = _column(data, name, names)
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.cast(kind.value_type)
        kind = column.type
    if not _is_text(kind):
        raise InvalidValueError(
            name,
            str(kind),
            "a string column of codes (cast numbers to strings with their "
            "leading zeros: codes are text)",
        )
    if pa.types.is_string_view(kind):
        # pyarrow 26 encodes a null string_view as "" (not None): use offsets.
        column = column.cast(pa.large_string())
    encoded = pc.dictionary_encode(column, null_encoding="encode")
    values: list[str | None] = encoded.dictionary.to_pylist()
    ids = np.array(
        [known.get(v, -1) if v is not None else -1 for v in values] or [-1],
        dtype=np.int32,
    )
    positions = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32)
    return _Encoded(ids[positions], positions), values


def _is_text(kind: pa.DataType) -> bool:
    """
    Whether an Arrow type holds text.

    Text is ``string``, ``large_string`` or ``string_view``, or a dictionary
    of one.

    >>> _is_text(pa.string_view()), _is_text(pa.dictionary(pa.int8(), pa.string()))
    (True, True)
    >>> _is_text(pa.int64())
    False
    """
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return bool(
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_string_view(kind)
    )


def _days(
    data: pa.Table | pa.RecordBatch, name: str, names: list[str]
) -> tuple[NDArray[np.int32], NDArray[np.bool_]]:
    """Days since 1970-01-01 (0 where null), and which rows are null."""
    column = _column(data, name, names)
    if pa.types.is_date64(column.type):
        column = column.cast(pa.date32())
    if not pa.types.is_date32(column.type):
        raise InvalidValueError(
            name,
            str(column.type),
            "a date32 or date64 column (parse text first, e.g. "
            "pyarrow.compute.strptime(column, '%d/%m/%Y', 'ms') cast to date32)",
        )
    nulls = column.is_null().to_numpy(zero_copy_only=False)
    days = column.fill_null(0).cast(pa.int32()).to_numpy(zero_copy_only=False)
    return days.astype(np.int32, copy=False), nulls


def _problems(
    answers: list[Resolution],
    values: list[str | None],
    known: Mapping[str, int],
    what: str,
) -> NDArray[np.int32]:
    """An answer id for each unknown value (-1 for a known one), appended."""
    ids = np.full(max(len(values), 1), -1, dtype=np.int32)
    for k, value in enumerate(values):
        if value is None or value not in known:
            ids[k] = len(answers)
            answers.append(_problem(f"unknown {what} {value!r}"))
    return ids


def _problem(why: str) -> Resolution:
    return Resolution(None, None, None, None, why)


def _ids(given: Iterable[str], found: Iterable[str]) -> dict[str, int]:
    codes = sorted(set(given).union(found))
    return {code: k for k, code in enumerate(codes)}
