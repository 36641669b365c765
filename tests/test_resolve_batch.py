"""
``speccom resolve``'s batch path gives the row-by-row path's bytes, messages, status.

The batch path (the ``arrow`` extra) takes blocks of clean rows at once and
hands anything else to the row-by-row path; these tests run both on the same
input and compare everything the user sees.
"""

from __future__ import annotations

import contextlib
import functools
import io
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speccom_model import cli, scenarios
from speccom_model.resolving import Resolver

if TYPE_CHECKING:
    from pathlib import Path

    from speccom_model.landscape import Landscape

batch = pytest.importorskip(
    "speccom_model.io._resolve_batch", reason="the batch path needs the arrow extra"
)

HEADER = "id,service,place,date,cost"


@functools.cache
def _landscape(path: str | None, default: str) -> Landscape:
    return scenarios.get(default if path is None else path).build()


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
            ("5,999,01A,2024-04-01,5", "an unknown service"),
            ("5,7,Q99,2024-04-01,5", "an unknown place"),
            ("5,7,01A,2024-13-01,5", "a refused date"),
            ("5,7,01A,2012-04-01,5", "a day before 2013-04-01"),
            ("5,11,D4U1Y,2026-05-05,5", "a place the plan gives no commissioner"),
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
_OTHERS = ["5", "", "café", "a b", " x ", '"q"', '"a,b"', '"line\nbreak"', "é\u2028"]


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
