"""``speccom resolve`` on CSVs as people have them: Excel's, European, piped."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import tempfile
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speccom_model import cli
from tests.test_cli import SPECCOM, run
from tests.test_hostile import run_limited

if TYPE_CHECKING:
    from pathlib import Path

BOM = b"\xef\xbb\xbf"
ANSWERS = "accountable,commissioner,payer,arrangement"


def _resolve(folder: Path, content: bytes, *args: str) -> tuple[int, bytes, str]:
    """Run speccom resolve on ``content`` written as a.csv; status, bytes out, err."""
    (folder / "a.csv").write_bytes(content)
    assert SPECCOM is not None
    result = subprocess.run(
        [SPECCOM, "resolve", "a.csv", *args],
        cwd=folder,
        capture_output=True,
        check=False,
        timeout=120,
    )
    return result.returncode, result.stdout, result.stderr.decode("utf-8")


class TestExcel:
    def test_a_byte_order_mark_is_read_and_kept(self, tmp_path: Path) -> None:
        """Excel's "CSV UTF-8": the header is found, the mark goes back out."""
        status, out, err = _resolve(
            tmp_path, BOM + b"service,place,date\r\n7,01A,2024-04-01\r\n"
        )

        assert (status, err) == (0, "")
        assert out == (
            BOM + b"service,place,date,accountable,commissioner,payer,arrangement\r\n"
            b"7,01A,2024-04-01,X24,QE1,QE1,DEL-QE1\r\n"
        )

    @pytest.mark.parametrize("ending", [b"\r\n", b"\n"])
    def test_the_line_ending_is_kept(self, tmp_path: Path, ending: bytes) -> None:
        """CRLF in, CRLF out; LF in, LF out."""
        content = ending.join([b"service,place,date", b"7,01A,2024-04-01", b""])

        status, out, _ = _resolve(tmp_path, content)

        assert status == 0
        assert out.split(ending) == [
            b"service,place,date,accountable,commissioner,payer,arrangement",
            b"7,01A,2024-04-01,X24,QE1,QE1,DEL-QE1",
            b"",
        ]

    def test_blank_lines_are_skipped_counted_and_not_written(
        self, tmp_path: Path
    ) -> None:
        """Not failures: an empty line, and a row of empty cells as Excel writes."""
        status, out, err = _resolve(
            tmp_path,
            b"service,place,date\n\n7,01A,2024-04-01\n,,\n  \n",
        )

        assert status == 0
        assert out.decode().splitlines() == [
            f"service,place,date,{ANSWERS}",
            "7,01A,2024-04-01,X24,QE1,QE1,DEL-QE1",
        ]
        assert err == "speccom: 3 blank lines skipped\n"

    def test_header_names_ignore_case_and_outer_spaces(self, tmp_path: Path) -> None:
        """' Service ', 'PLACE', 'Date' are the default columns."""
        status, out, _ = _resolve(tmp_path, b" Service ,PLACE,Date\n7,01A,2024-04-01\n")

        assert status == 0
        assert out.decode().splitlines()[1] == "7,01A,2024-04-01,X24,QE1,QE1,DEL-QE1"

    @pytest.mark.parametrize(
        "row", ["7, 01A ,2024-04-01", "7,01a,2024-04-01", " 7 ,01a, 2024-04-01 "]
    )
    def test_values_are_trimmed_and_codes_matched_ignoring_case(
        self, tmp_path: Path, row: str
    ) -> None:
        """The row is written back as it was; the answer is found."""
        status, out, _ = _resolve(tmp_path, f"service,place,date\n{row}\n".encode())

        assert status == 0
        assert out.decode().splitlines()[1] == f"{row},X24,QE1,QE1,DEL-QE1"

    def test_a_column_named_twice_is_refused(self, tmp_path: Path) -> None:
        """'Service' and 'service ' are the same name: which one is meant?"""
        status, _, err = _resolve(tmp_path, b"Service,place,date,service \n")

        assert status == 2
        assert "--service-column: expected a column named once" in err


class TestDelimiters:
    @pytest.mark.parametrize("delimiter", ["\t", ";", "|"])
    def test_the_delimiter_is_read_from_the_header_and_kept(
        self, tmp_path: Path, delimiter: str
    ) -> None:
        """Tab, semicolon and pipe files resolve and are written back alike."""
        lines = ["service", "place", "date"], ["7", "01A", "01/04/2024"]
        content = "".join(delimiter.join(line) + "\n" for line in lines)

        status, out, _ = _resolve(tmp_path, content.encode())

        assert status == 0
        assert out.decode().splitlines() == [
            delimiter.join(["service", "place", "date", *ANSWERS.split(",")]),
            delimiter.join(["7", "01A", "01/04/2024", "X24", "QE1", "QE1", "DEL-QE1"]),
        ]

    def test_of_two_delimiters_the_one_that_finds_the_columns_is_used(
        self, tmp_path: Path
    ) -> None:
        """A comma inside a semicolon file's column name does not confuse it."""
        status, out, _ = _resolve(
            tmp_path, b"service;place;date;cost, GBP\n7;01A;2024-04-01;5,50\n"
        )

        assert status == 0
        assert (
            out.decode().splitlines()[1] == "7;01A;2024-04-01;5,50;X24;QE1;QE1;DEL-QE1"
        )

    def test_an_ambiguous_header_is_refused(self, tmp_path: Path) -> None:
        """Neither split finds the columns: the user is asked to say."""
        status, _, err = _resolve(tmp_path, b"service,place;date\n")

        assert status == 2
        assert (
            "expected a header with one delimiter, not comma and semicolon "
            "(choose with --delimiter)"
        ) in err

    def test_delimiter_forces_one_and_a_missing_column_names_what_was_found(
        self, tmp_path: Path
    ) -> None:
        """The message shows the columns found and the delimiter used."""
        status, _, err = _resolve(
            tmp_path, b"service\tplace\tdate\n", "--delimiter", ","
        )

        assert status == 2
        assert err == (
            "speccom: error: a.csv:1: --service-column: expected a column of the "
            "header (found 1 column split by comma: 'service\\tplace\\tdate'), "
            "got 'service'\n"
        )

    @pytest.mark.parametrize("name", ["tab", "TAB", "\\t", "\t"])
    def test_tab_can_be_named(self, tmp_path: Path, name: str) -> None:
        """--delimiter tab, or the character, or its escape."""
        status, out, _ = _resolve(
            tmp_path, b"service\tplace\tdate\n7\t01A\t2024-04-01\n", "--delimiter", name
        )

        assert (status, out.count(b"\t")) == (0, 12)

    def test_an_unknown_delimiter_is_a_usage_error(self, tmp_path: Path) -> None:
        """Exit 2, naming the choices."""
        status, _, err = _resolve(tmp_path, b"service,place,date\n", "--delimiter", ":")

        assert status == 2
        assert "expected one of , tab ; |" in err


class TestBadRows:
    CONTENT = b"id,service,place,date\n1,7,01A\n2,7,01A,2024-04-01,extra\n3,7,01A,2024-04-01\n"

    def test_a_short_row_is_padded_and_a_long_row_left_out(
        self, tmp_path: Path
    ) -> None:
        """Both reported by line; the output keeps the header's shape (exit 1)."""
        status, out, err = _resolve(tmp_path, self.CONTENT)

        assert status == 1
        assert out.decode().splitlines() == [
            f"id,service,place,date,{ANSWERS}",
            "1,7,01A,,,,,",
            "3,7,01A,2024-04-01,X24,QE1,QE1,DEL-QE1",
        ]
        assert err.splitlines() == [
            "speccom: a.csv:2: expected 4 fields as in the header, got 3",
            "speccom: a.csv:3: expected 4 fields as in the header, got 5",
            "speccom: 2 of 3 rows could not be resolved",
        ]

    @pytest.mark.parametrize(
        ("row", "line"), [("1,7,01A", 2), ("1,7,01A,2024-04-01,extra", 2)]
    )
    def test_strict_refuses_a_short_or_long_row(
        self, tmp_path: Path, row: str, line: int
    ) -> None:
        """Exit 2 with the line number."""
        status, _, err = _resolve(
            tmp_path, f"id,service,place,date\n{row}\n".encode(), "--strict"
        )

        assert status == 2
        assert f"a.csv:{line}: row: expected a row that resolves (expected 4" in err

    def test_a_quoted_newline_keeps_later_line_numbers_right(
        self, tmp_path: Path
    ) -> None:
        """A row after a two-line record is reported at its own line."""
        status, _, err = _resolve(
            tmp_path,
            b'note,service,place,date\n"a\nb",7,01A,2024-04-01\nx,999,01A,2024-04-01\n',
        )

        assert status == 1
        assert "a.csv:4: unknown service '999'" in err

    def test_bad_quoting_is_refused_with_its_line(self, tmp_path: Path) -> None:
        """Text after a closing quote is not guessed at."""
        status, _, err = _resolve(
            tmp_path, b'service,place,date\n7,01A,2024-04-01\n"1"x,01A,2024-04-01\n'
        )

        assert status == 2
        assert "a.csv:3: ACTIVITY: expected CSV text" in err


class TestLimits:
    def test_a_line_over_a_mebibyte_is_refused_with_its_number(
        self, tmp_path: Path
    ) -> None:
        """Memory stays bounded whatever the file."""
        long = b"7,01A," + b"x" * cli.MAX_LINE_BYTES + b"\n"

        status, _, err = _resolve(tmp_path, b"service,place,date\n" + long)

        assert status == 2
        assert "a.csv:2: ACTIVITY: expected a line (or quoted record) of at most" in err

    def test_a_quoted_record_over_a_mebibyte_is_refused(self, tmp_path: Path) -> None:
        """Many short quoted fields, each over two lines, count as one record."""
        fields = b'"a\n",' * (cli.MAX_LINE_BYTES // 5 + 1)
        lines = b"service,place,date\n7,01A,2024-04-01," + fields + b"x\n"

        status, _, err = _resolve(tmp_path, lines)

        assert status == 2
        assert "expected a line (or quoted record) of at most 1,048,576 bytes" in err

    def test_text_that_is_not_utf8_is_refused_at_its_line(self, tmp_path: Path) -> None:
        """The byte and the line, exactly."""
        status, _, err = _resolve(
            tmp_path, b"service,place,date\n7,01A,2024-04-01\n1,Q\xe91,2024-04-01\n"
        )

        assert status == 2
        assert "a.csv:3: ACTIVITY: expected UTF-8 text, got 'byte 0xe9'" in err

    def test_a_blank_first_line_is_not_a_header(self, tmp_path: Path) -> None:
        """Refused, not guessed past."""
        status, _, err = _resolve(tmp_path, b"\nservice,place,date\n")

        assert status == 2
        assert "a header row on the first line" in err


class TestStandardInput:
    def test_dash_reads_crlf_with_a_bom_from_standard_input(self) -> None:
        """The same rules for a pipe."""
        assert SPECCOM is not None
        result = subprocess.run(
            [SPECCOM, "resolve", "-"],
            input=BOM + b"Service;Place;Date\r\n7;01a;01/04/2024\r\n",
            capture_output=True,
            check=False,
            timeout=120,
        )

        assert result.returncode == 0
        assert (
            result.stdout.split(b"\r\n")[1] == b"7;01a;01/04/2024;X24;QE1;QE1;DEL-QE1"
        )

    def test_main_writes_to_a_text_stream_it_is_given(self, tmp_path: Path) -> None:
        """In-process callers of main(out=...) get the rows as text."""
        (tmp_path / "a.csv").write_text(
            "service,place,date\n7,01A,2024-04-01\n", encoding="utf-8"
        )
        out = io.StringIO()

        status = cli.main(["resolve", str(tmp_path / "a.csv")], out=out)

        assert status == 0
        assert out.getvalue().splitlines()[1] == "7,01A,2024-04-01,X24,QE1,QE1,DEL-QE1"

    def test_main_keeps_characters_whole_past_a_buffer(self, tmp_path: Path) -> None:
        """Many rows of two-byte characters reach a text stream intact."""
        rows = "".join(f"é{n},7,01A,2024-04-01\n" for n in range(5_000))
        (tmp_path / "a.csv").write_text(
            "note,service,place,date\n" + rows, encoding="utf-8"
        )
        out = io.StringIO()

        status = cli.main(["resolve", str(tmp_path / "a.csv")], out=out)

        assert status == 0
        assert out.getvalue().splitlines()[1:] == [
            f"é{n},7,01A,2024-04-01,X24,QE1,QE1,DEL-QE1" for n in range(5_000)
        ]

    def test_an_empty_file_is_refused(self, tmp_path: Path) -> None:
        """A header is needed."""
        (tmp_path / "a.csv").write_bytes(b"")

        result = run("resolve", "a.csv", cwd=tmp_path)

        assert (result.returncode, "a CSV file with a header row" in result.stderr) == (
            2,
            True,
        )


_CODE = st.from_regex(r"[A-Za-z0-9]{1,6}", fullmatch=True)


class TestCodeMatching:
    """Codes are matched exactly, else ignoring ASCII case when that is unique."""

    @given(codes=st.sets(_CODE, min_size=1, max_size=20), data=st.data())
    def test_any_case_finds_a_code_unique_by_case(
        self, codes: set[str], data: st.DataObject
    ) -> None:
        """Property: a case variant with surrounding spaces finds its one code."""
        code = data.draw(st.sampled_from(sorted(codes)))
        variant = "".join(c.swapcase() if data.draw(st.booleans()) else c for c in code)
        match = cli._Codes(codes)

        found = match(f" {variant} ")

        unique = sum(c.upper() == code.upper() for c in codes) == 1
        assert found == (code if unique or variant == code else variant)

    def test_codes_differing_only_in_case_need_the_exact_one(self) -> None:
        """'a1' and 'A1' both exist: 'a1' is itself, 'A1' itself, no guess for 'a1 '."""
        match = cli._Codes(["a1", "A1", "01A"])

        assert [match("a1"), match("A1 "), match("01a")] == ["a1", "A1", "01A"]

    def test_non_ascii_text_is_never_folded(self) -> None:
        """'ß'.upper() is 'SS': no code is found by a Unicode case rule."""
        match = cli._Codes(["SS"])

        assert match("ß") == "ß"


class TestRefusedDates:
    def test_a_refused_date_is_reported_with_the_grammars_reason(
        self, tmp_path: Path
    ) -> None:
        """A US date names its column, its value and why: never a guessed day."""
        content = b"service,place,Activity Date\n7,01A,04/13/2024\n"

        status, out, err = _resolve(tmp_path, content, "--date-column", "activity date")

        assert status == 1
        assert out.splitlines()[1] == b"7,01A,04/13/2024,,,,"
        assert "a.csv:2: Activity Date: expected a date written as" in err
        assert "there is no month 13" in err
        assert "got '04/13/2024'" in err

    def test_an_unknown_code_is_reported_as_before(self, tmp_path: Path) -> None:
        """Only a refused date takes the date's reason."""
        status, _, err = _resolve(tmp_path, b"service,place,date\n999,01A,2024-04-01\n")

        assert status == 1
        assert "a.csv:2: unknown service '999'" in err


class TestLineEndings:
    """A bare carriage return is named plainly, not with Python's advice."""

    @pytest.mark.parametrize(
        ("content", "line"),
        [
            (b"service,place,date\r7,01A,2024-04-01\r", 1),
            (b"service,place,date\n7,01A,2024-04-01\r2,01A,2024-04-01\n", 2),
            (b"service,place,date\r\n7,01A,2024-04-01\r\n7,01A\r2,01A\r\n", 3),
            (b"service,place,date\n7,01A,2024-04-01\r", 2),
            (b"service,place,date\r\n7,01A,2024-04-01\r\n7,01A,2024-04-01\r", 3),
            (b"service,place,date\r", 1),
        ],
        ids=["cr-only", "mixed-lf", "mixed-crlf", "last-lf", "last-crlf", "header"],
    )
    def test_a_bare_carriage_return_is_refused_in_plain_words(
        self, tmp_path: Path, content: bytes, line: int
    ) -> None:
        """Old Mac style, alone or mixed in: exit 2 naming the line and the fix."""
        status, _, err = _resolve(tmp_path, content)

        assert status == 2
        assert err.splitlines()[-1] == (
            f"speccom: error: a.csv:{line}: ACTIVITY: expected lines ending in LF or "
            "CRLF (save the file with CRLF or LF line endings), got 'a line ending "
            "in a bare carriage return (old Mac style)'"
        )
        assert "universal-newline" not in err

    def test_a_long_cr_only_file_is_named_as_such(self, tmp_path: Path) -> None:
        """Past a mebibyte it is one huge line: the reason is still the ending."""
        rows = b"7,01A,2024-04-01\r" * 70_000
        status, _, err = _resolve(tmp_path, b"service,place,date\r" + rows)

        assert status == 2
        assert "expected lines ending in LF or CRLF" in err

    def test_a_carriage_return_inside_quotes_is_data(self, tmp_path: Path) -> None:
        """Only an unquoted one is refused."""
        status, out, _ = _resolve(
            tmp_path, b'note,service,place,date\n"a\rb",7,01A,2024-04-01\n'
        )

        assert status == 0
        assert out.split(b"\n")[1] == b'"a\rb",7,01A,2024-04-01,X24,QE1,QE1,DEL-QE1'

    def test_a_carriage_return_in_a_cell_goes_out_quoted(self, tmp_path: Path) -> None:
        """So the output reads back: resolve of its own output is the same rows."""
        status, out, _ = _resolve(
            tmp_path, b'note,service,place,date\n"a\rb",7,01A,2024-04-01\n'
        )
        (tmp_path / "again").mkdir()
        # Read back under other names: resolve refuses a header that already
        # has the columns it adds.
        header, rest = out.split(b"\n", 1)
        assert header.endswith(b",accountable,commissioner,payer,arrangement")
        renamed = header.replace(b",accountable,", b",was_accountable,").replace(
            b",commissioner,payer,arrangement", b",was_commissioner,was_payer,was_arr"
        )
        again, out_again, _ = _resolve(
            tmp_path / "again", renamed + b"\n" + rest, "--date-column", "date"
        )

        assert (status, again) == (0, 0)
        assert out_again.split(b"\n")[1].startswith(b'"a\rb",7,01A,2024-04-01,')


class TestRecordLines:
    def test_a_record_spanning_lines_is_reported_where_it_starts(
        self, tmp_path: Path
    ) -> None:
        """A quoted record on lines 2-3 is at :2, the next one at :4."""
        status, _, err = _resolve(
            tmp_path,
            b'note,service,place,date\n"a\nb",999,01A,2024-04-01\n'
            b"x,998,01A,2024-04-01\n",
        )

        assert status == 1
        assert err.splitlines()[:2] == [
            "speccom: a.csv:2: unknown service '999'",
            "speccom: a.csv:4: unknown service '998'",
        ]

    def test_strict_reports_the_first_line_of_the_record(self, tmp_path: Path) -> None:
        """--strict too."""
        status, _, err = _resolve(
            tmp_path,
            b'note,service,place,date\n"a\n\nb",999,01A,2024-04-01\n',
            "--strict",
        )

        assert status == 2
        assert "a.csv:2: row: expected a row that resolves" in err


_ROW = st.tuples(
    st.sampled_from(["1", "999", "", "2"]),
    st.sampled_from(["01A", "01a", "ZZZ", ""]),
    st.sampled_from(["2024-04-01", "2024-13-01", "", "1/4/2024"]),
    st.sampled_from(["", "a\nb", "x,y", "z" * 50]),
)


class TestChunks:
    @settings(deadline=None, max_examples=30)
    @given(
        rows=st.lists(_ROW, max_size=40),
        chunk=st.tuples(st.integers(1, 10), st.integers(1, 500), st.integers(1, 100)),
    )
    def test_the_output_does_not_depend_on_the_chunk_bounds(
        self, rows: list[tuple[str, str, str, str]], chunk: tuple[int, int, int]
    ) -> None:
        """Rows, bytes or cells: wherever a chunk ends, the same rows and lines."""
        text = "service,place,date,note\n" + "".join(
            f'{s},{p},{d},"{n}"\n' for s, p, d, n in rows
        )
        with tempfile.TemporaryDirectory() as folder:
            source = os.path.join(folder, "a.csv")
            with open(source, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            whole = _in_process(source, (10_000, 4 * 2**20, 250_000))
            parts = _in_process(source, chunk)

        assert parts == whole

    def test_a_wide_file_is_resolved_in_bounded_memory(self, tmp_path: Path) -> None:
        """100,000 columns by 300 rows (60 MB) on stdin: under 160 MiB of memory."""
        columns = 100_000
        header = "service,place,date" + "".join(f",c{i}" for i in range(3, columns))
        row = "7,01A,2024-04-01" + ",x" * (columns - 3)
        content = (header + "\n" + (row + "\n") * 300).encode()
        work = tmp_path / "work"
        work.mkdir()

        status, _, err, _ = run_limited(
            ["resolve", "-", "--out", "out.csv"],
            cwd=work,
            stdin=content,
            cpu_seconds=20,
            memory_bytes=160 * 2**20,
        )

        assert (status, err) == (0, "")
        with (work / "out.csv").open(encoding="utf-8") as out:
            assert sum(1 for _ in out) == 301


def _in_process(source: str, bounds: tuple[int, int, int]) -> tuple[int, str, str]:
    """Status, output and messages of resolve run with these chunk bounds."""
    out, err = io.StringIO(), io.StringIO()
    saved = (cli.CHUNK_ROWS, cli.CHUNK_BYTES, cli.CHUNK_CELLS)
    with contextlib.redirect_stderr(err):
        try:
            cli.CHUNK_ROWS, cli.CHUNK_BYTES, cli.CHUNK_CELLS = bounds  # type: ignore[misc]
            status = cli.main(["resolve", source], out=out)
        finally:
            cli.CHUNK_ROWS, cli.CHUNK_BYTES, cli.CHUNK_CELLS = saved  # type: ignore[misc]
    return status, out.getvalue(), err.getvalue()


def test_a_bad_rows_line_is_bounded(tmp_path: Path) -> None:
    """A 100,000-character code: its report line is cut to MAX_MESSAGE_LINE."""
    code = "Z" * 100_000
    status, _, err = _resolve(
        tmp_path, f"service,place,date\n1,{code},2024-04-01\n".encode()
    )

    assert status == 1
    first = err.splitlines()[0]
    assert first.startswith("speccom: a.csv:2: ")
    assert len(first) == cli.MAX_MESSAGE_LINE
