"""
``speccom resolve``'s batch path gives the row-by-row path's bytes, messages, status.

The batch path (the ``arrow`` extra) takes blocks of clean rows at once and
hands anything else to the row-by-row path; these tests run both on the same
input and compare everything the user sees.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import io
import os
import signal
import sys
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speccom_model import cli, scenarios
from speccom_model import io as speccom_io
from speccom_model.resolving import Resolver

if TYPE_CHECKING:
    from pathlib import Path

    from speccom_model.landscape import Landscape

np = pytest.importorskip("numpy", reason="the batch path needs the arrow extra")
batch = pytest.importorskip(
    "speccom_model.io._resolve_batch", reason="the batch path needs the arrow extra"
)

HEADER = "id,service,place,date,cost"
_REAL_LANDSCAPE = cli._landscape


def _landscape(
    path: str | None, default: str, max_bytes: int | None = None
) -> Landscape:
    return _scenario(default if path is None else path)


@functools.cache
def _scenario(name: str) -> Landscape:
    return scenarios.get(name).build()


@functools.cache
def _resolver(landscape: Landscape) -> Resolver:
    return Resolver(landscape)


@pytest.fixture(autouse=True)
def _built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build the scenario and its table once: both paths are what is compared."""
    monkeypatch.setattr(cli, "_landscape", _landscape)
    monkeypatch.setattr(cli, "Resolver", _resolver)


def _run(
    path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    block: int,
    chunk: tuple[int, int, int] = (10_000, 4 * 1024 * 1024, 250_000),
    from_bytes: int = 0,
) -> tuple[int, str, str, int]:
    """Status, output, messages and rows taken by the batch path."""
    taken = 0
    real = batch.Batch.take

    def counting(self: Any, *a: Any, **k: Any) -> Any:
        nonlocal taken
        result = real(self, *a, **k)
        taken += result.rows
        return result

    out, err = io.StringIO(), io.StringIO()
    with monkeypatch.context() as patch:
        patch.setattr(batch.Batch, "take", counting)
        patch.setattr(cli, "BLOCK_BYTES", block)
        patch.setattr(cli, "BATCH_FROM_BYTES", from_bytes)
        patch.setattr(cli, "CHUNK_ROWS", chunk[0])
        patch.setattr(cli, "CHUNK_BYTES", chunk[1])
        patch.setattr(cli, "CHUNK_CELLS", chunk[2])
        with contextlib.redirect_stderr(err):
            status = cli.main(["resolve", str(path), *args], out=out)
    return status, out.getvalue(), err.getvalue(), taken


def _both(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
    *args: str,
    block: int = 1 << 20,
    chunk: tuple[int, int, int] = (10_000, 4 * 1024 * 1024, 250_000),
) -> tuple[tuple[int, str, str], int]:
    """The batch run's status, output and messages (equal to row by row's), rows taken."""
    path = tmp_path / "a.csv"
    path.write_bytes(content)
    *alone, _ = _run(path, monkeypatch, *args, block=0, chunk=chunk)
    status, out, err, taken = _run(path, monkeypatch, *args, block=block, chunk=chunk)

    assert [status, out, err] == alone
    return (status, out, err), taken


CLEAN = [
    "1,7,01A,2024-04-01,5",
    "2,7,01A,2023-06-01,6",
    "3,1,72Q,01/05/2024,7",
    "4,11,D4U1Y,2025-05-05,8",
]


class TestTaken:
    def test_clean_rows_take_the_batch_path(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Every row of a clean file is resolved by the batch path."""
        content = "\n".join([HEADER, *CLEAN * 50, ""]).encode()

        (status, out, err), taken = _both(tmp_path, monkeypatch, content)

        assert (status, err, taken) == (0, "", 200)
        assert out.splitlines()[1] == "1,7,01A,2024-04-01,5,X24,QE1,QE1,DEL-QE1"

    def test_a_file_under_the_threshold_goes_row_by_row(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Loading the batch path costs more than a small file takes row by row."""
        content = "\n".join([HEADER, *CLEAN * 50, ""]).encode()
        path = tmp_path / "a.csv"
        path.write_bytes(content)

        taken = [
            _run(path, monkeypatch, block=1 << 20, from_bytes=size)[3]
            for size in (len(content) + 1, len(content), cli.BATCH_FROM_BYTES)
        ]

        assert taken == [0, 200, 0]

    def test_crlf_and_a_byte_order_mark_take_it_too(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Excel's CSV UTF-8 (BOM, CRLF) is clean too."""
        content = b"\xef\xbb\xbf" + "\r\n".join([HEADER, *CLEAN, ""]).encode()

        (status, _, _), taken = _both(tmp_path, monkeypatch, content)

        assert (status, taken) == (0, 4)

    def test_spaces_case_and_non_ascii_cells_take_it(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Codes matched as row by row matches them; UTF-8 cells kept as they are."""
        rows = ["1, 7 ,01a, 2024-04-01 ,café", "2,1,\u00a072Q,01/05/2024, x "]
        content = "\n".join([HEADER.replace(",cost", ",note"), *rows, ""]).encode()

        (status, _, err), taken = _both(tmp_path, monkeypatch, content)

        assert (status, err, taken) == (0, "", 2)

    @pytest.mark.parametrize(
        ("row", "why"),
        [
            ('5,7,01A,2024-04-01,"a,b"', "a quote"),
            ("5,7,01A,2024-04-01,5\r", "a bare carriage return"),
            ("5,7,01A,2024-04-01", "a short row"),
            ("5,7,01A,2024-04-01,5,6", "a long row"),
            ("", "a blank line"),
            (",,,,", "a row of delimiters"),
            (" , ,\u00a0, , ", "a row of white space"),
            ("5,7,01A,2024-04-01,\x00", "a NUL"),
        ],
    )
    def test_a_block_with_anything_unusual_goes_row_by_row(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row: str, why: str
    ) -> None:
        """
        The chunk holding the row goes row by row; the chunks around it do not.

        17 rows in chunks of 4: the third chunk (rows 9 to 12) holds the row.
        """
        rows = [*CLEAN, *CLEAN, row, *CLEAN, *CLEAN]
        content = "\n".join([HEADER, *rows, ""]).encode()

        _, taken = _both(
            tmp_path, monkeypatch, content, block=1 << 20, chunk=(4, 1 << 20, 1 << 20)
        )

        assert taken == 17 - 4, why

    @pytest.mark.parametrize(
        ("row", "message"),
        [
            ("5,999,01A,2024-04-01,5", "unknown service '999'"),
            ("5,7,Q99,2024-04-01,5", "unknown place 'Q99'"),
            ("5,7,01A,2024-13-01,5", "2024-13-01"),
            ("5,7,01A,2012-04-01,5", "before 2013-04-01"),
            ("5,11,D4U1Y,2026-05-05,5", "D4U1Y"),
        ],
    )
    def test_a_row_that_cannot_be_resolved_is_judged_in_the_block(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row: str, message: str
    ) -> None:
        """
        Unknown codes, refused dates, answers with a problem: reported, not handed on.

        The row-by-row path's own judgement gives the answer and the message,
        so national activity with a few such rows keeps the batch path's speed;
        the message names the row's line (11), as row by row names it.
        """
        rows = [*CLEAN, *CLEAN, "5,7,01A,2024-04-01,5", row, *CLEAN, *CLEAN]
        content = "\n".join([HEADER, *rows, ""]).encode()

        (status, _, err), taken = _both(
            tmp_path, monkeypatch, content, block=1 << 20, chunk=(4, 1 << 20, 1 << 20)
        )

        assert (status, taken) == (1, 18)
        assert err.startswith("speccom: ")
        assert "a.csv:11: " in err
        assert message in err.splitlines()[0]

    def test_with_strict_a_row_that_cannot_be_resolved_goes_row_by_row(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """--strict stops at the row: the row-by-row path raises the error."""
        rows = [*CLEAN, *CLEAN, "5,999,01A,2024-04-01,5", *CLEAN]
        content = "\n".join([HEADER, *rows, ""]).encode()

        (status, _, err), taken = _both(
            tmp_path,
            monkeypatch,
            content,
            "--strict",
            block=1 << 20,
            chunk=(4, 1 << 20, 1 << 20),
        )

        assert (status, taken) == (2, 8)
        assert "a.csv:10" in err

    def test_text_that_is_not_utf8_goes_row_by_row(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A block that is not UTF-8 is refused where the row-by-row path refuses it."""
        content = (
            "\n".join([HEADER, *CLEAN, ""]).encode() + b"5,7,01A,2024-04-01,\xff\n"
        )

        (status, _, err), taken = _both(
            tmp_path, monkeypatch, content, chunk=(4, 1 << 20, 1 << 20)
        )

        assert (status, taken) == (2, 4)
        assert "a.csv:6: " in err

    @pytest.mark.parametrize("ending", ["\n", "\r\n"])
    def test_a_cell_longer_than_csvs_field_limit_is_refused_on_both_paths(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str
    ) -> None:
        """
        Python's csv refuses a cell over ``field_size_limit()``: the batch path hands on its line.

        Any line longer than the limit goes row by row, where csv judges it; a
        line of exactly the limit cannot hold such a cell, and goes at once.
        """
        limit = csv.field_size_limit()
        start = "5,7,01A,2024-04-01,"
        at_limit = start + "x" * (limit - len(start))
        over = start + "x" * (limit + 1)
        content = ending.join([HEADER, *CLEAN[:3], at_limit, over, *CLEAN, ""])

        (status, _, err), taken = _both(
            tmp_path, monkeypatch, content.encode(), chunk=(4, 1 << 30, 1 << 20)
        )

        assert (status, taken) == (2, 4)
        assert "a.csv:6: " in err
        assert "field larger than field limit" in err

    def test_rows_whose_line_ending_differs_go_row_by_row(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An LF row in a CRLF file is written with CRLF, by the row-by-row path."""
        content = ("\r\n".join([HEADER, *CLEAN]) + "\n" + "\r\n".join(CLEAN)).encode()

        (status, out, _), taken = _both(
            tmp_path, monkeypatch, content, chunk=(4, 1 << 20, 1 << 20)
        )

        assert (status, taken) == (0, 0)
        assert out.count("\r\n") == 9

    def test_without_the_extra_every_row_goes_row_by_row(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """No pyarrow or numpy: the same output, from the row-by-row path alone."""
        content = "\n".join([HEADER, *CLEAN, ""]).encode()
        path = tmp_path / "a.csv"
        path.write_bytes(content)
        *expected, _ = _run(path, monkeypatch, block=0)
        monkeypatch.setitem(
            __import__("sys").modules, "speccom_model.io._resolve_batch", None
        )

        *actual, taken = _run(path, monkeypatch, block=1 << 20)

        assert (actual, taken) == (expected, 0)


# -- the differential property --------------------------------------------------

_SERVICES = ["7", "1", "11", " 7", "7 ", "999", "", "ill-1", "1a"]
_PLACES = ["01A", "72Q", "01a", "D4U1Y", "Q99", " 72Q ", "\u00a001A"]
_DATES = [
    "2024-04-01",
    "2023-06-01",
    "01/05/2024",
    "31/03/2013",
    "1/4/2013",
    "2026-05-05",
    "2012-01-01",
    "2024-13-01",
    "",
    "not a date",
    " 2024-04-01 ",
]
_OTHERS = [
    *("5", "", "café", "a b", " x ", '"q"', '"a,b"', '"line\nbreak"', "é\u2028"),
    # A cell csv reads, and one just over its field limit, which it refuses.
    "x" * csv.field_size_limit(),
    "x" * (csv.field_size_limit() + 1),
]


@st.composite
def _rows(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["clean"] * 12 + ["blank", "short", "long", "odd"]))
    if kind == "blank":
        return draw(st.sampled_from(["", ",,,,", "  ", " , , , , "]))
    cells = [
        draw(st.sampled_from(["1", "22", "x" * 30])),
        draw(st.sampled_from(_SERVICES[:3] if kind == "clean" else _SERVICES)),
        draw(st.sampled_from(_PLACES[:2] if kind == "clean" else _PLACES)),
        draw(st.sampled_from(_DATES[:5] if kind == "clean" else _DATES)),
        draw(st.sampled_from(_OTHERS[:5] if kind == "clean" else _OTHERS)),
    ]
    if kind == "short":
        cells = cells[: draw(st.integers(1, 4))]
    elif kind == "long":
        cells += ["extra"] * draw(st.integers(1, 3))
    return ",".join(cells)


@st.composite
def _files(draw: st.DrawFn) -> bytes:
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    rows = draw(st.lists(_rows(), max_size=40))
    endings = [
        draw(st.sampled_from([ending] * 16 + ["\n", "\r\n", "\r"])) for _ in rows
    ]
    text = HEADER + ending + "".join(r + e for r, e in zip(rows, endings, strict=True))
    if draw(st.booleans()) and rows:
        text = text.removesuffix(endings[-1])
    data = text.encode()
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(len(HEADER) + 2, max(len(data), len(HEADER) + 2)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\x00", b"\r"])) + data[at:]
    return data


class TestSameAsRowByRow:
    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        content=_files(),
        block=st.integers(1, 400),
        chunk=st.tuples(st.integers(1, 6), st.integers(1, 300), st.integers(1, 40)),
        strict=st.booleans(),
    )
    def test_bytes_messages_and_status_are_those_of_the_row_by_row_path(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        content: bytes,
        block: int,
        chunk: tuple[int, int, int],
        strict: bool,
    ) -> None:
        """
        Any mix of clean and unusual rows, any block and chunk sizes: the same.

        Blocks as small as a byte and chunks of one row put every boundary
        everywhere; ``_both`` asserts the equality.
        """
        args = ("--strict",) if strict else ()

        (status, _, _), _ = _both(
            tmp_path, monkeypatch, content, *args, block=block, chunk=chunk
        )

        assert status in {0, 1, 2}


# -- Parquet ---------------------------------------------------------------------

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _parquet(
    path: Path, columns: dict[str, Any], types: dict[str, Any] | None = None
) -> None:
    arrays = {
        name: pa.array(values, (types or {}).get(name))
        for name, values in columns.items()
    }
    pq.write_table(pa.table(arrays), path)


def _main(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = cli.main(list(argv), out=io.StringIO())
    return status, err.getvalue()


ROWS: dict[str, Any] = {
    "id": [1, 2, 3, 4, 5],
    "service": ["7", " 7 ", "1", "999", None],
    "place": ["01A", "01a", "72Q", "01A", "01A"],
    "date": ["2024-04-01", "2012-06-01", "01/05/2024", "2024-04-01", "2024-04-01"],
}


class TestParquet:
    def test_parquet_in_parquet_out_keeps_columns_and_adds_answers(
        self, tmp_path: Path
    ) -> None:
        """Rows that cannot be resolved are kept with null answers and reported."""
        _parquet(tmp_path / "a.parquet", ROWS)

        status, err = _main(
            "resolve", str(tmp_path / "a.parquet"), "--out", str(tmp_path / "o.parquet")
        )

        table = pq.read_table(tmp_path / "o.parquet")
        assert status == 1
        assert table.column_names == [*ROWS, *cli.ANSWER_COLUMNS]
        assert table.column("id").to_pylist() == ROWS["id"]
        assert table.column("accountable").to_pylist() == [
            "X24",
            None,
            "X24",
            None,
            None,
        ]
        assert table.column("arrangement").to_pylist()[0] == "DEL-QE1"
        assert err.splitlines()[1:] == [
            f"speccom: {tmp_path / 'a.parquet'}: row 4: unknown service '999'",
            (
                f"speccom: {tmp_path / 'a.parquet'}: row 5: no service: the 'service' "
                "cell is null"
            ),
            "speccom: 3 of 5 rows could not be resolved",
        ]
        assert "row 2: no commissioner before 2013-04-01" in err.splitlines()[0]

    def test_answers_equal_the_csv_paths(self, tmp_path: Path) -> None:
        """The same rows as CSV: the same answers (empty in CSV, null in Parquet)."""
        csv_rows = [
            ",".join([str(i), s, p, d])
            for i, s, p, d in zip(*ROWS.values(), strict=True)
            if s is not None
        ]
        (tmp_path / "a.csv").write_text(
            "\n".join(["id,service,place,date", *csv_rows, ""])
        )
        _parquet(tmp_path / "a.parquet", {k: v[:4] for k, v in ROWS.items()})
        out = io.StringIO()
        with contextlib.redirect_stderr(io.StringIO()):
            cli.main(["resolve", str(tmp_path / "a.csv")], out=out)
        _main(
            "resolve", str(tmp_path / "a.parquet"), "--out", str(tmp_path / "o.parquet")
        )

        table = pq.read_table(tmp_path / "o.parquet")
        from_parquet = [
            ",".join(cell or "" for cell in row)
            for row in zip(
                *(table.column(c).to_pylist() for c in cli.ANSWER_COLUMNS), strict=True
            )
        ]
        from_csv = [line.split(",", 4)[4] for line in out.getvalue().splitlines()[1:]]

        assert from_parquet == from_csv

    def test_a_date32_column_is_used_as_is(self, tmp_path: Path) -> None:
        """Dates typed in the file need no parsing; a null one is a row problem."""
        _parquet(
            tmp_path / "a.parquet",
            {
                "service": ["7", "7"],
                "place": ["01A", "01A"],
                "date": [dt.date(2024, 4, 1), None],
            },
            {"date": pa.date32()},
        )

        status, err = _main(
            "resolve", str(tmp_path / "a.parquet"), "--out", str(tmp_path / "o.parquet")
        )

        assert status == 1
        assert err.splitlines()[0].endswith("row 2: no date: the 'date' cell is null")
        assert pq.read_table(tmp_path / "o.parquet").column("payer").to_pylist() == [
            "QE1",
            None,
        ]

    @pytest.mark.parametrize(
        "kind",
        [
            pa.large_string(),
            pa.string_view(),
            pa.dictionary(pa.int32(), pa.string()),
            pa.dictionary(pa.int8(), pa.large_string()),
        ],
        ids=str,
    )
    def test_codes_in_any_text_column_are_read(self, tmp_path: Path, kind: Any) -> None:
        """Large, view and dictionary strings are text: answered as plain strings are."""
        codes = {"service": ["7", "999", "7"], "place": ["01A", "01A", None]}
        plain = {**codes, "date": ["2024-04-01"] * 3}
        _parquet(tmp_path / "plain.parquet", plain)
        _parquet(tmp_path / "typed.parquet", plain, dict.fromkeys(codes, kind))

        results = [
            _main(
                "resolve",
                str(tmp_path / f"{name}.parquet"),
                "--out",
                str(tmp_path / f"{name}-out.parquet"),
            )
            for name in ("plain", "typed")
        ]

        plain_out, typed_out = (
            pq.read_table(tmp_path / f"{name}-out.parquet")
            for name in ("plain", "typed")
        )
        assert [status for status, _ in results] == [1, 1]
        assert results[1][1] == results[0][1].replace("plain.parquet", "typed.parquet")
        # The input's columns as read (Parquet stores a large string as a string).
        read = pq.read_schema(tmp_path / "typed.parquet").field("service").type
        assert typed_out.schema.field("service").type == read
        assert read != pa.string()
        for name in cli.ANSWER_COLUMNS:
            assert (
                typed_out.column(name).to_pylist() == plain_out.column(name).to_pylist()
            )
        assert typed_out.column("payer").to_pylist() == ["QE1", None, None]

    @pytest.mark.parametrize(
        ("types", "flag", "expected"),
        [
            (
                {"service": pa.int64()},
                "--service-column",
                "a string column (codes are text: 1 and 01 differ)",
            ),
            (
                {"date": pa.timestamp("s")},
                "--date-column",
                (
                    "a date32 or string column (a timestamp is refused: the day it "
                    "falls on depends on a time zone)"
                ),
            ),
        ],
    )
    def test_a_column_of_another_type_is_refused(
        self, tmp_path: Path, types: dict[str, Any], flag: str, expected: str
    ) -> None:
        """Codes are text and dates are dates: anything else is named and refused."""
        columns: dict[str, Any] = {
            "service": [7] if "service" in types else ["7"],
            "place": ["01A"],
            "date": [dt.datetime(2024, 4, 1)] if "date" in types else ["2024-04-01"],
        }
        _parquet(tmp_path / "a.parquet", columns, types)

        status, err = _main(
            "resolve", str(tmp_path / "a.parquet"), "--out", str(tmp_path / "o.parquet")
        )

        assert (status, (tmp_path / "o.parquet").exists()) == (2, False)
        assert f"{flag}: expected {expected}, got " in err

    def test_strict_stops_at_the_first_bad_row_and_writes_nothing(
        self, tmp_path: Path
    ) -> None:
        """--strict: exit 2 naming the row; no half-written file."""
        _parquet(tmp_path / "a.parquet", ROWS)

        status, err = _main(
            "resolve",
            str(tmp_path / "a.parquet"),
            "--out",
            str(tmp_path / "o.parquet"),
            "--strict",
        )

        assert (status, (tmp_path / "o.parquet").exists()) == (2, False)
        assert err.startswith("speccom: error: ")
        assert "row 2: expected a row that resolves (no commissioner before" in err
        assert err.rstrip().endswith(
            "got \"service=' 7 ', place='01a', date='2012-06-01'\""
        )

    def test_strict_shows_a_date32_cell_as_a_date(self, tmp_path: Path) -> None:
        """The row's cells as an analyst wrote them, not Python's repr of a date."""
        _parquet(
            tmp_path / "a.parquet",
            {"service": ["999"], "place": ["01A"], "date": [dt.date(2024, 4, 1)]},
            {"date": pa.date32()},
        )

        status, err = _main(
            "resolve",
            str(tmp_path / "a.parquet"),
            "--out",
            str(tmp_path / "o.parquet"),
            "--strict",
        )

        assert status == 2
        assert err.rstrip().endswith(
            "row 1: expected a row that resolves (unknown service '999'), got "
            "\"service='999', place='01A', date=2024-04-01\""
        )

    @pytest.mark.parametrize(
        ("service", "place", "said"),
        [
            (None, None, "no service: the 'service' cell is null"),
            ("999", None, "unknown service '999'"),
            ("7", None, "no place: the 'place' cell is null"),
        ],
    )
    def test_a_null_code_is_said_to_be_null(
        self, tmp_path: Path, service: str | None, place: str | None, said: str
    ) -> None:
        """The first problem, as the resolver finds it, said as a null cell."""
        _parquet(
            tmp_path / "a.parquet",
            {"service": [service], "place": [place], "date": ["2024-04-01"]},
            {"service": pa.string(), "place": pa.string()},
        )

        _, err = _main(
            "resolve", str(tmp_path / "a.parquet"), "--out", str(tmp_path / "o.parquet")
        )

        assert err.splitlines()[0].endswith(f"row 1: {said}")

    def test_parquet_and_csv_are_not_mixed(self, tmp_path: Path) -> None:
        """Parquet in needs Parquet out (and back): said, not guessed."""
        _parquet(tmp_path / "a.parquet", ROWS)

        status, err = _main("resolve", str(tmp_path / "a.parquet"))

        assert status == 2
        assert "expected Parquet in and Parquet out together" in err

    def test_without_the_extra_parquet_is_refused_plainly(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """No pyarrow: a clear error naming the extra, not a traceback."""
        _parquet(tmp_path / "a.parquet", ROWS)
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        for name in (
            "speccom_model.io._resolve_batch",
            "speccom_model.resolving.arrow",
        ):
            monkeypatch.delitem(sys.modules, name)

        status, err = _main(
            "resolve", str(tmp_path / "a.parquet"), "--out", str(tmp_path / "o.parquet")
        )

        assert status == 2
        assert err == (
            "speccom: error: Parquet: expected the arrow extra installed (pip install "
            "-e \".[arrow]\" from a clone of the repository), got 'pyarrow not installed'\n"
        )


# -- the plan size limit ---------------------------------------------------------


class TestMaxPlanBytes:
    @pytest.mark.parametrize(
        "command", ["check", "summary", "resolve", "list", "table"]
    )
    def test_the_option_raises_the_limit(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
    ) -> None:
        """A plan over the default limit is refused, naming the option; read with it."""
        plan = tmp_path / "p.toml"
        example = io.StringIO()
        cli.main(["example", "england_2024_25"], out=example)
        plan.write_text(example.getvalue(), encoding="utf-8")
        (tmp_path / "a.csv").write_text("service,place,date\n7,01A,2024-04-01\n")
        monkeypatch.setattr(speccom_io, "DEFAULT_MAX_BYTES", 1000)
        argv = {
            "check": ["check", str(plan)],
            "summary": ["summary", str(plan)],
            "resolve": ["resolve", str(tmp_path / "a.csv"), "--landscape", str(plan)],
            "list": ["list", "services", "--landscape", str(plan)],
            "table": ["table", str(plan), "--out", str(tmp_path / "t.csv")],
        }[command]
        monkeypatch.setattr(cli, "_landscape", _REAL_LANDSCAPE)
        monkeypatch.setattr(cli, "Resolver", Resolver)

        refused = _main(*argv)
        read = _main(*argv, "--max-plan-bytes", str(10**7))

        assert refused[0] == 2
        assert (
            "expected at most 1,000 bytes (raise the limit with --max-plan-bytes)"
            in refused[1]
        )
        assert read[0] in {0, 1}

    def test_a_limit_must_be_a_whole_number(self) -> None:
        """A usage error, exit 2."""
        with (
            contextlib.redirect_stderr(io.StringIO()) as err,
            pytest.raises(SystemExit) as stopped,
        ):
            cli.main(["check", "--max-plan-bytes", "-1"])

        assert stopped.value.code == 2
        assert "expected a whole number of bytes >= 0, got '-1'" in err.getvalue()


# -- signals ---------------------------------------------------------------------


def _unmasked_threads() -> list[str]:
    """Threads other than the main one that would take SIGINT or SIGTERM."""
    wanted = (1 << (signal.SIGINT - 1)) | (1 << (signal.SIGTERM - 1))
    found = []
    for task in sorted(os.listdir("/proc/self/task"))[1:]:
        with open(f"/proc/self/task/{task}/status", encoding="ascii") as status:
            blocked = next(
                int(line.split()[1], 16) for line in status if line.startswith("SigBlk")
            )
        if blocked & wanted != wanted:
            found.append(task)
    return found


@pytest.mark.skipif(
    not os.path.isdir("/proc/self/task"), reason="needs Linux's /proc to read masks"
)
def test_arrow_threads_leave_signals_to_the_main_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """
    A signal always reaches the main thread, where atomic_writer holds it.

    Threads that numpy and Arrow start inherit the signal mask: the command
    starts them with every signal blocked (threads started before, by other
    tests in this process, are not the command's and are left out).
    """
    _parquet(tmp_path / "a.parquet", ROWS)
    (tmp_path / "a.csv").write_text("\n".join([HEADER, *CLEAN * 100, ""]))
    before = set(_unmasked_threads())

    _run(
        tmp_path / "a.csv", monkeypatch, "--out", str(tmp_path / "o.csv"), block=1 << 20
    )
    _main("resolve", str(tmp_path / "a.parquet"), "--out", str(tmp_path / "o.parquet"))

    assert set(_unmasked_threads()) - before == set()
