"""
``speccom resolve``'s batch path: whole blocks of clean CSV resolved at once.

Needs the ``arrow`` extra (pyarrow and numpy); ``speccom_model.cli`` imports
this module only when both are installed, and hands every block this module
declines to its row-by-row path, so output, messages and exit status are the
same either way.

A block is taken only when every line in it is a record that csv would read
and write back byte for byte, and every row resolves:

* no ``"`` byte and no NUL: a record is a line, and no cell needs quoting on
  the way out (csv quotes a cell holding the delimiter, the quote character,
  CR or LF; a line cannot hold the first once split, and the others are
  excluded here or below);
* every line ends in the header's line ending (LF: no CR at all; CRLF: every
  CR is followed by LF and every LF preceded by CR), none is blank and none is
  longer than ``MAX_LINE_BYTES``, nor (ending aside) than csv's
  ``field_size_limit()``: csv refuses a longer cell, so a line that might
  hold one is the row-by-row path's to judge;
* the text is UTF-8;
* every line has the header's number of fields (Arrow's reader refuses a
  block otherwise);
* every row's codes are known and its date is read, and its answer has no
  problem; or, unless the run is strict, the row is not blank, and its answer
  and problem are the row-by-row path's own judgement (``judge``), reported
  with the row's line as that path reports them.

Rows are taken in whole chunks of the row-by-row path (``CHUNK_ROWS``,
``CHUNK_BYTES``, ``CHUNK_CELLS``), so wherever the row-by-row path takes
over, it starts where it would have started a chunk: a run stopped by bad
input has written exactly what the row-by-row path would have.
"""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import TYPE_CHECKING, Final, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

if TYPE_CHECKING:
    from collections.abc import Callable

    from numpy.typing import NDArray

    from speccom_model.resolving import Resolution
    from speccom_model.resolving.arrow import ArrowIndex

__all__ = ["Batch", "ParquetBatches", "Taken", "warm_up"]

_EPOCH: Final = dt.date(1970, 1, 1).toordinal()


def warm_up() -> None:
    """
    Run each Arrow operation the batch path uses once, on a few bytes.

    Arrow starts its helper threads on first use; the command calls this with
    every signal blocked, so those threads inherit the block and a signal
    always reaches the main thread, where ``atomic_writer`` holds signals while
    it makes its temporary file.
    """
    table = pcsv.read_csv(
        pa.py_buffer(b"a,b\n1,2\n"),
        read_options=pcsv.ReadOptions(use_threads=False),
        convert_options=pcsv.ConvertOptions(column_types={"a": pa.string()}),
    )
    pc.dictionary_encode(table.column("a"))
    buffer = pa.BufferOutputStream()
    pq.write_table(table, buffer)
    parquet = pq.ParquetFile(pa.BufferReader(buffer.getvalue()))
    for _ in parquet.iter_batches(use_threads=False):
        pass


class Taken(NamedTuple):
    """What a block gave: rows and bytes taken, their output, and what to hand on."""

    #: Rows taken (each one line).
    rows: int
    #: Bytes of input taken: the rest goes back to the source.
    size: int
    #: The rows taken, resolved and written, in the output's bytes.
    output: bytes
    #: Zero, or how far (bytes from the block's start) the row-by-row path
    #: must read before blocks resume: the block held something it must judge.
    hand_on: int
    #: (row taken, counted from 0; what is wrong with it) for each row taken
    #: that could not be resolved, in row order.
    problems: tuple[tuple[int, str], ...] = ()


class _Answered(NamedTuple):
    """Each row's answer id, the ids past the index's answers, the rows' problems."""

    ids: NDArray[np.int32]
    extra: list[bytes]
    problems: dict[int, str]


class Batch:
    """One run's batch path: the reader's settings, lookups and answer texts."""

    def __init__(
        self,
        *,
        width: int,
        delimiter: str,
        ending: str,
        columns: tuple[int, int, int],
        services: Callable[[str], str],
        places: Callable[[str], str],
        date: Callable[[str], dt.date | str],
        index: ArrowIndex,
        max_line: int,
        max_field: int,
        judge: Callable[[list[list[str]]], list[tuple[Resolution, str | None]]] | None,
    ) -> None:
        self._width = width
        self._text_delimiter = delimiter
        self._text_ending = ending
        self._judge = judge
        self._delimiter = delimiter.encode()
        self._ending = ending.encode()
        self._columns = columns
        self._services = services
        self._places = places
        self._date = date
        self._index = index
        self._max_line = max_line
        self._max_field = max_field
        self._days: dict[str, int] = {}
        names = [f"f{i}" for i in range(width)]
        wanted = list(dict.fromkeys(names[i] for i in columns))
        self._names = [names[i] for i in columns]
        # Arrow's reader refuses a row longer than its block: room for the
        # longest line the row-by-row path accepts, and more.
        self._read = pcsv.ReadOptions(
            column_names=names, use_threads=False, block_size=4 * max_line
        )
        self._parse = pcsv.ParseOptions(
            delimiter=delimiter,
            quote_char=False,
            ignore_empty_lines=False,
            newlines_in_values=False,
        )
        self._convert = pcsv.ConvertOptions(
            include_columns=wanted,
            column_types=dict.fromkeys(wanted, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        )
        # Each answer's cells as csv writes them after a row, ending included.
        self._suffixes = [
            _suffix(answer, delimiter, ending) for answer in index.answers
        ]
        self._slots = {answer: i for i, answer in enumerate(index.answers)}
        self._problems = np.array(
            [answer.problem is not None for answer in index.answers] + [True],
            dtype=bool,
        )

    def take(
        self, block: bytes, *, final: bool, rows: int, size: int, cells: int
    ) -> Taken:
        """
        Resolve the leading whole chunks of ``block`` that are clean.

        ``block`` starts where a chunk starts; ``final`` says it ends the input.
        ``rows``, ``size`` and ``cells`` are the chunk bounds in force.
        """
        cut = block.rfind(b"\n") + 1
        if not cut:
            return Taken(0, 0, b"", len(block))
        bounds = (rows, size, -(-cells // self._width))
        unclean = self._unclean(block, cut)
        if unclean < cut:
            # Lines before the one holding it may still go; that line and
            # what follows up to its end go row by row.
            start = block.rfind(b"\n", 0, unclean) + 1
            end = block.find(b"\n", unclean) + 1
            return self._lines(block, start, bounds, whole=False, hand_on=end)
        return self._lines(block, cut, bounds, whole=final and cut == len(block))

    def _lines(
        self,
        block: bytes,
        stop: int,
        bounds: tuple[int, int, int],
        *,
        whole: bool,
        hand_on: int = 0,
    ) -> Taken:
        """The whole chunks of ``block[:stop]`` (clean bytes, whole lines) that go."""
        ending = self._ending
        if not stop:
            return Taken(0, 0, b"", hand_on or len(block))
        lines = block[: stop - len(ending)].split(ending)
        count = len(lines)
        lengths = np.fromiter(map(len, lines), dtype=np.int64, count=count)
        ends = np.cumsum(lengths + len(ending))
        good = count
        if b"" in lines:
            good = lines.index(b"")
        # A line longer than csv's field limit may hold a cell csv refuses.
        over = (lengths + len(ending) > self._max_line) | (lengths > self._max_field)
        if over.any():
            good = min(good, int(np.argmax(over)))
        answered: _Answered | None = None
        for _ in range(2):
            taken = _chunked(ends, good, *bounds, whole=whole and good == count)
            if not taken:
                break
            answered = self._answers(block, int(ends[taken - 1]), lines[:taken])
            if answered is not None:
                break
            good = _first_misfit(block, ends[:taken], self._delimiter, self._width)
        if answered is not None:
            answers = answered.ids
            wrong = answers < 0
            if wrong.any():
                good = min(good, int(np.argmax(wrong)))
                taken = _chunked(ends, good, *bounds, whole=False)
        else:
            taken = 0
        if good < count:
            hand_on = int(ends[good])
        elif not taken:
            hand_on = hand_on or stop
        if not taken:
            return Taken(0, 0, b"", hand_on)
        assert answered is not None
        suffixes = self._suffixes + answered.extra if answered.extra else self._suffixes
        out: list[bytes] = [b""] * (2 * taken)
        out[::2] = lines[:taken]
        out[1::2] = map(suffixes.__getitem__, answered.ids[:taken].tolist())
        problems = tuple(
            (row, problem)
            for row, problem in sorted(answered.problems.items())
            if row < taken
        )
        return Taken(taken, int(ends[taken - 1]), b"".join(out), hand_on, problems)

    def _unclean(self, block: bytes, cut: int) -> int:
        """Where ``block[:cut]`` first holds a quote, NUL, stray CR or non-UTF-8."""
        first = cut
        for byte in (b'"', b"\0"):
            at = block.find(byte, 0, first)
            if at >= 0:
                first = at
        if self._ending == b"\n":
            at = block.find(b"\r", 0, first)
            if at >= 0:
                first = at
        else:
            lf = block.count(b"\n", 0, first)
            if not block.count(b"\r", 0, first) == lf == block.count(b"\r\n", 0, first):
                found = _STRAY.search(block, 0, first)
                if found is not None:
                    first = found.start()
        if not block.isascii():
            try:
                block[:first].decode("utf-8")
            except UnicodeDecodeError as err:
                first = err.start
        return first

    def _answers(self, block: bytes, end: int, lines: list[bytes]) -> _Answered | None:
        """Each row's answer id, -1 where the row-by-row path must judge it."""
        count = len(lines)
        try:
            table = pcsv.read_csv(
                pa.py_buffer(memoryview(block)[:end]),
                read_options=self._read,
                parse_options=self._parse,
                convert_options=self._convert,
            )
        except (pa.ArrowInvalid, ValueError):
            return None
        if table.num_rows != count:
            return None
        service_at, place_at, date_at = self._names
        index = self._index
        service_ids, place_ids = index.services, index.places
        services = _ids(
            table, service_at, lambda u: service_ids.get(self._services(u), -1)
        )
        places = _ids(table, place_at, lambda u: place_ids.get(self._places(u), -1))
        days = _ids(table, date_at, self._day)
        bad = (services < 0) | (places < 0) | (days == _NO_DAY)
        answers = np.full(count, len(self._problems) - 1, dtype=np.int32)
        fine = ~bad
        if fine.any():
            answers[fine] = index.lookup(services[fine], places[fine], days[fine])
        rows = np.flatnonzero(self._problems[answers])
        if not len(rows):
            return _Answered(answers, [], {})
        if self._judge is None:
            answers[rows] = -1
            return _Answered(answers, [], {})
        return self._judged(answers, rows.tolist(), lines)

    def _judged(
        self, answers: NDArray[np.int32], rows: list[int], lines: list[bytes]
    ) -> _Answered:
        """Answers with ``rows`` judged by the row-by-row path's judge."""
        assert self._judge is not None
        delimiter = self._text_delimiter
        records: list[list[str]] = []
        judged_rows: list[int] = []
        for row in rows:
            record = lines[row].decode("utf-8").split(delimiter)
            if any(cell.strip() for cell in record):
                records.append(record)
                judged_rows.append(row)
            else:
                # A blank row is skipped and counted: the row-by-row path's.
                answers[row] = -1
        slots = self._slots
        extra: list[bytes] = []
        more: dict[Resolution, int] = {}
        problems: dict[int, str] = {}
        judged = self._judge(records)
        for row, (answer, problem) in zip(judged_rows, judged, strict=True):
            slot = slots.get(answer)
            if slot is None:
                slot = more.get(answer)
                if slot is None:
                    slot = more[answer] = len(self._suffixes) + len(extra)
                    extra.append(
                        _suffix(answer, self._text_delimiter, self._text_ending)
                    )
            answers[row] = slot
            if problem is not None:
                problems[row] = problem
        return _Answered(answers, extra, problems)

    def _day(self, text: str) -> int:
        # Each block meets the same few thousand dates: read each once a run.
        known = self._days.get(text)
        if known is None:
            if len(self._days) >= _DAYS_KEPT:
                self._days.clear()
            day = self._date(text.strip())
            known = _NO_DAY if type(day) is not dt.date else day.toordinal() - _EPOCH
            self._days[text] = known
        return known


#: The most date texts a run keeps read (a few MB).
_DAYS_KEPT: Final = 1 << 16
_NO_DAY: Final = -(1 << 40)
#: A CR not followed by LF, or an LF not preceded by CR.
_STRAY: Final = re.compile(rb"\r(?!\n)|(?<!\r)\n")


def _first_misfit(
    block: bytes, ends: NDArray[np.int64], delimiter: bytes, width: int
) -> int:
    """The first line (ending at ``ends``) without ``width`` fields; 0 if none."""
    data = np.frombuffer(block, dtype=np.uint8, count=int(ends[-1]))
    marks = np.concatenate(([0], np.cumsum(data == delimiter[0])))
    starts = np.concatenate(([0], ends[:-1]))
    fields = marks[ends] - marks[starts] + 1
    wrong = fields != width
    return int(np.argmax(wrong)) if wrong.any() else 0


def _ids(
    table: pa.Table, name: str, convert: Callable[[str], int]
) -> NDArray[np.int64]:
    """Each row's value through ``convert``, which sees each distinct text once."""
    return _mapped(table.column(name), convert)


def _mapped(
    column: pa.Array | pa.ChunkedArray, convert: Callable[[str], int]
) -> NDArray[np.int64]:
    """Each (non-null) text through ``convert``, which sees each distinct one once."""
    encoded = pc.dictionary_encode(column)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    mapped = np.fromiter(map(convert, encoded.dictionary.to_pylist()), dtype=np.int64)
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    return mapped[indices] if len(mapped) else np.zeros(0, np.int64)


def _text(cells: pa.Array) -> pa.Array:
    """A text column as plain strings (a large, view or dictionary one cast)."""
    if pa.types.is_string(cells.type):
        return cells
    return cells.cast(pa.string())


def _chunked(
    ends: NDArray[np.int64],
    count: int,
    rows: int,
    size: int,
    per_row: int,
    *,
    whole: bool,
) -> int:
    """
    How many of ``count`` lines make whole chunks of the row-by-row path.

    A chunk ends after ``rows`` rows, once it holds ``size`` bytes, or once it
    holds ``cells`` cells (``per_row`` rows of the header's width), whichever
    comes first; ``whole``: the lines end the input, so a last part-chunk
    counts too.
    """
    cap = max(min(rows, per_row), 1)
    start, before = 0, 0
    while start < count:
        # The first line at which the chunk holds ``size`` bytes.
        by_size = int(np.searchsorted(ends, before + size, side="left"))
        last = min(start + cap - 1, by_size)
        if last >= count:
            return count if whole else start
        start, before = last + 1, int(ends[last])
    return start


def _suffix(answer: Resolution, delimiter: str, ending: str) -> bytes:
    """The answer's cells as resolve's writer puts them after a row's cells."""
    # cli imports this module.
    from speccom_model.cli import _answer_cells, _Writer  # noqa: PLC0415

    text = StringIO()
    _Writer(text, delimiter, ending).writerow(["x", *_answer_cells(answer)])
    return text.getvalue()[1:].encode()


class ParquetBatches:
    """
    Resolve's Parquet path: record batches in, record batches with answers out.

    Codes must be text columns (string, large string, string view, or a
    dictionary of one); the date column is date32 (Parquet's DATE, used as
    is) or text (read by the CSV path's grammar). Rows are numbered from 1, in file order, with no header row.
    """

    def __init__(
        self,
        *,
        columns: tuple[str, str, str],
        services: Callable[[str], str],
        places: Callable[[str], str],
        date: Callable[[str], dt.date | str],
        index: ArrowIndex,
        resolve: Callable[
            [list[tuple[str | None, str | None, object]]], list[Resolution]
        ],
    ) -> None:
        self._columns = columns
        self._services = services
        self._places = places
        self._date = date
        self._index = index
        self._resolve = resolve
        self._problems = np.array(
            [answer.problem is not None for answer in index.answers], dtype=bool
        )

    def resolve(
        self, batch: pa.RecordBatch
    ) -> tuple[list[pa.Array], list[tuple[int, Resolution, tuple[object, ...]]]]:
        """
        The four answer columns, and (row index, answer, key cells) of bad rows.

        A bad row's answers are those the row-by-row resolver gives (None where
        it has none); its key cells are its service, place and date as read.
        """
        count = batch.num_rows
        service_at, place_at, date_at = self._columns
        index = self._index
        service_ids, place_ids = index.services, index.places
        service_cells = _text(batch.column(service_at))
        place_cells = _text(batch.column(place_at))
        date_cells = batch.column(date_at)
        if not pa.types.is_date32(date_cells.type):
            date_cells = _text(date_cells)
        services = _mapped(
            pc.fill_null(service_cells, ""),
            lambda u: service_ids.get(self._services(u), -1),
        )
        places = _mapped(
            pc.fill_null(place_cells, ""),
            lambda u: place_ids.get(self._places(u), -1),
        )
        if pa.types.is_date32(date_cells.type):
            days = (
                pc.fill_null(date_cells.cast(pa.int32()), 0)
                .to_numpy(zero_copy_only=False)
                .astype(np.int64)
            )
        else:
            days = _mapped(pc.fill_null(date_cells, ""), self._day)
        bad = (services < 0) | (places < 0) | (days == _NO_DAY)
        for cells in (service_cells, place_cells, date_cells):
            if cells.null_count:
                bad |= pc.is_null(cells).to_numpy(zero_copy_only=False)
        answers = np.zeros(count, dtype=np.int32)
        fine = ~bad
        if fine.any():
            answers[fine] = index.lookup(services[fine], places[fine], days[fine])
        bad |= self._problems[answers] if len(self._problems) else bad
        choices = list(index.answers)
        found: list[tuple[int, Resolution, tuple[object, ...]]] = []
        rows = np.flatnonzero(bad).tolist()
        if rows:
            at = pa.array(rows, pa.int64())
            keys_in = zip(
                service_cells.take(at).to_pylist(),
                place_cells.take(at).to_pylist(),
                date_cells.take(at).to_pylist(),
                strict=True,
            )
            keys: list[tuple[str | None, str | None, object]] = []
            read: list[tuple[object, ...]] = []
            for service, place, on in keys_in:
                keys.append(
                    (
                        None if service is None else self._services(service),
                        None if place is None else self._places(place),
                        on if not isinstance(on, str) else self._date(on.strip()),
                    )
                )
                read.append((service, place, on))
            slots: dict[Resolution, int] = {}
            for row, answer, key in zip(rows, self._resolve(keys), read, strict=True):
                slot = slots.get(answer)
                if slot is None:
                    slot = slots[answer] = len(choices)
                    choices.append(answer)
                answers[row] = slot
                found.append((row, answer, key))
        taken = pa.array(answers)
        columns = [
            pa.array([choice[k] for choice in choices], pa.string()).take(taken)
            for k in range(4)
        ]
        return columns, found

    def _day(self, text: str) -> int:
        day = self._date(text.strip())
        if type(day) is not dt.date:
            return _NO_DAY
        return day.toordinal() - _EPOCH
