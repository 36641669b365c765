"""speccom table: the responsibility table written as CSV or Parquet."""

from __future__ import annotations

import csv
import datetime as dt
import io as stdio
import resource
import signal
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from speccom_model import io, scenarios
from speccom_model.cli import main
from speccom_model.resolving import (
    TABLE_COLUMNS,
    ResponsibilityInterval,
    responsibility_table,
)
from tests.test_cli import SPECCOM, run

if TYPE_CHECKING:
    from pathlib import Path

#: A scenario with delegations, joint committees and pooled budgets.
SCENARIO = "england_2024_25"
NEWEST = scenarios.names()[-1]


def _table(name: str) -> tuple[ResponsibilityInterval, ...]:
    return responsibility_table(scenarios.get(name).build())


def _from_csv(text: str) -> list[ResponsibilityInterval]:
    """The rows of a table CSV, an empty cell read as None, dates as ISO."""
    reader = csv.reader(stdio.StringIO(text, newline=""))
    assert tuple(next(reader)) == TABLE_COLUMNS
    return [
        ResponsibilityInterval(
            service,
            place,
            dt.date.fromisoformat(start),
            dt.date.fromisoformat(end),
            *(cell or None for cell in answers),
        )
        for service, place, start, end, *answers in reader
    ]


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("speccom: error:")]


class TestCsv:
    def test_the_file_read_back_equals_the_responsibility_table(
        self, tmp_path: Path
    ) -> None:
        """Every row, in order: codes as text, ISO dates, empty cells for None."""
        target = tmp_path / "table.csv"

        status = main(["table", SCENARIO, "--out", str(target)])

        assert status == 0
        assert _from_csv(target.read_text(encoding="utf-8")) == list(_table(SCENARIO))
        assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]

    def test_the_file_is_utf8_with_lf_line_endings_and_no_byte_order_mark(
        self, tmp_path: Path
    ) -> None:
        """The bytes a bulk loader reads: no CR anywhere, no BOM, ISO dates."""
        target = tmp_path / "table.csv"

        main(["table", SCENARIO, "--out", str(target)])

        data = target.read_bytes()
        assert b"\r" not in data
        assert not data.startswith(b"\xef\xbb\xbf")
        assert data.splitlines()[:3] == [
            (
                b"service,place,valid_from,valid_to,accountable,commissioner,payer,"
                b"arrangement,problem"
            ),
            (
                b"1,00L,0001-01-01,2013-03-31,,,,,no commissioner before 2013-04-01: "
                b"NHS England had no commissioning functions until then"
            ),
            b"1,00L,2013-04-01,9999-12-31,X24,X24,X24,,",
        ]

    def test_with_no_file_it_writes_the_newest_scenario_to_standard_output(
        self,
    ) -> None:
        """As resolve does: the newest scenario holds every arrangement."""
        result = run("table")

        assert result.returncode == 0
        assert result.stderr == ""
        assert _from_csv(result.stdout) == list(_table(NEWEST))

    def test_a_plan_file_is_read_as_every_command_reads_one(
        self, tmp_path: Path
    ) -> None:
        """FILE|SCENARIO: a plan written out gives the scenario's table."""
        plan = tmp_path / "plan.toml"
        io.dump(scenarios.get(SCENARIO).build(), plan)
        out = stdio.StringIO()

        status = main(["table", str(plan)], out=out)

        assert status == 0
        assert _from_csv(out.getvalue()) == list(_table(SCENARIO))

    def test_the_format_is_read_in_any_case(self) -> None:
        """--format CSV is csv, as every --format of the command reads."""
        out = stdio.StringIO()

        status = main(["table", SCENARIO, "--format", " CSV"], out=out)

        assert status == 0
        assert out.getvalue().startswith(",".join(TABLE_COLUMNS) + "\n")

    def test_a_plan_without_places_gives_the_header_alone(self) -> None:
        """england_2013_14 names no place, so there is no pair: no row, no guess."""
        out = stdio.StringIO()

        status = main(["table", "england_2013_14"], out=out)

        assert _table("england_2013_14") == ()
        assert status == 0
        assert out.getvalue() == ",".join(TABLE_COLUMNS) + "\n"


class TestRefused:
    @pytest.mark.parametrize(
        ("given", "expected"),
        [
            ("england_2019", "or a scenario name (england_2013_14, "),
            ("missing.toml", "expected a readable file (No such file or directory)"),
        ],
    )
    def test_an_unknown_scenario_or_file_exits_2_and_writes_nothing(
        self, tmp_path: Path, given: str, expected: str
    ) -> None:
        """One line naming what was given; no output file, no temporary."""
        result = run("table", given, "--out", "t.csv", cwd=tmp_path)

        assert result.returncode == 2
        assert len(_errors(result.stderr)) == 1
        assert expected in result.stderr
        assert f"got '{given}'" in result.stderr
        assert "Traceback" not in result.stderr
        assert list(tmp_path.iterdir()) == []

    def test_a_refused_run_leaves_an_existing_output_as_it_was(
        self, tmp_path: Path
    ) -> None:
        """The --out file is replaced only by a whole table."""
        (tmp_path / "t.csv").write_text("kept\n", encoding="utf-8")

        result = run("table", "england_2019", "--out", "t.csv", cwd=tmp_path)

        assert result.returncode == 2
        assert (tmp_path / "t.csv").read_text(encoding="utf-8") == "kept\n"
        assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]

    def test_parquet_without_out_is_refused_before_anything_is_built(
        self, tmp_path: Path
    ) -> None:
        """Parquet is binary: never to standard output."""
        result = run("table", "--format", "parquet", cwd=tmp_path)

        assert result.returncode == 2
        assert result.stdout == ""
        assert _errors(result.stderr) == [
            (
                "speccom: error: --out: expected a file to write Parquet to (--out "
                "FILE): Parquet is binary and is not written to standard output, got None"
            )
        ]
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize(
        ("chosen", "out"),
        [("parquet", "t.csv"), ("csv", "t.parquet"), ("parquet", "T.CSV")],
    )
    def test_a_format_that_contradicts_the_extension_is_refused(
        self, tmp_path: Path, chosen: str, out: str
    ) -> None:
        """--format parquet --out t.csv would write Parquet in a .csv file."""
        result = run("table", "--format", chosen, "--out", out, cwd=tmp_path)

        assert result.returncode == 2
        named = "csv" if out.lower().endswith(".csv") else "parquet"
        assert _errors(result.stderr) == [
            (
                f"speccom: error: --format: expected the format --out's extension "
                f"names ({out!r} is {named}); drop --format, or name the file with "
                f".{chosen}, got {chosen!r}"
            )
        ]
        assert list(tmp_path.iterdir()) == []

    def test_with_no_format_the_extension_chooses(self, tmp_path: Path) -> None:
        """.parquet is Parquet; .csv, another extension or none is CSV."""
        pq = pytest.importorskip("pyarrow.parquet", reason="Parquet needs the extra")
        for name in ("t.parquet", "t.csv", "t.txt", "t"):
            status = main(["table", SCENARIO, "--out", str(tmp_path / name)])
            assert status == 0

        assert pq.read_table(tmp_path / "t.parquet").num_rows == len(_table(SCENARIO))
        text = (tmp_path / "t.csv").read_text(encoding="utf-8")
        assert text.startswith(",".join(TABLE_COLUMNS) + "\n")
        for name in ("t.txt", "t"):
            assert (tmp_path / name).read_text(encoding="utf-8") == text

    def test_an_unknown_format_is_a_usage_error(self, tmp_path: Path) -> None:
        """Argparse lists the formats there are."""
        result = run("table", "--format", "xlsx", "--out", "t.x", cwd=tmp_path)

        assert result.returncode == 2
        # Python 3.12.8 and later quote the choices; earlier versions do not.
        assert "argument --format: invalid choice: 'xlsx' (choose from " in (
            result.stderr
        )
        assert result.stderr.rstrip().replace("'", "").endswith("csv, parquet)")
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize("missing", ["pyarrow", "numpy"])
    def test_without_the_arrow_extra_parquet_names_it_and_writes_nothing(
        self, tmp_path: Path, missing: str
    ) -> None:
        """
        A process where pyarrow, or numpy, cannot be imported: the extra is named.

        ``sys.modules[name] = None`` makes ``import name`` raise ImportError, as
        when the package is not installed.
        """
        script = (
            "import sys\n"
            f"sys.modules[{missing!r}] = None\n"
            "from speccom_model.cli import main\n"
            "sys.exit(main(['table', '--format', 'parquet', '--out', 't.parquet']))\n"
        )

        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

        assert result.returncode == 2
        assert _errors(result.stderr) == [
            (
                "speccom: error: --format parquet: expected the arrow extra installed "
                '(pip install -e ".[arrow]" from a clone of the repository), got '
                f"'{missing} not installed'"
            )
        ]
        assert "Traceback" not in result.stderr
        assert list(tmp_path.iterdir()) == []


class TestParquet:
    @pytest.fixture(autouse=True)
    def _pyarrow(self) -> None:
        pytest.importorskip(
            "pyarrow", reason="pyarrow (the arrow extra) is not installed"
        )

    def test_the_file_read_back_with_pyarrow_equals_the_responsibility_table(
        self, tmp_path: Path
    ) -> None:
        """Dates as date32, codes and answers as strings, None as null."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        target = tmp_path / "table.parquet"

        status = main(["table", SCENARIO, "--format", "parquet", "--out", str(target)])

        assert status == 0
        read = pq.read_table(target)
        assert read.column_names == list(TABLE_COLUMNS)
        assert {name: read.schema.field(name).type for name in TABLE_COLUMNS} == {
            name: pa.date32() if name.startswith("valid_") else pa.string()
            for name in TABLE_COLUMNS
        }
        rows = [ResponsibilityInterval(**row) for row in read.to_pylist()]
        assert rows == list(_table(SCENARIO))
        assert sorted(p.name for p in tmp_path.iterdir()) == ["table.parquet"]

    def test_the_newest_scenario_with_its_quoted_problems_reads_back_whole(
        self, tmp_path: Path
    ) -> None:
        """The default scenario, whose split rows carry quotes in ``problem``."""
        import pyarrow.parquet as pq

        result = run("table", "--format", "parquet", "--out", "t.parquet", cwd=tmp_path)

        assert result.returncode == 0
        rows = [
            ResponsibilityInterval(**row)
            for row in pq.read_table(tmp_path / "t.parquet").to_pylist()
        ]
        assert rows == list(_table(NEWEST))
        assert any(row.problem is not None and "'" in row.problem for row in rows)

    def test_a_plan_without_places_gives_an_empty_table_with_its_types(
        self, tmp_path: Path
    ) -> None:
        """No row, but the columns and their types: an engine can still join."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        target = tmp_path / "t.parquet"

        status = main(
            ["table", "england_2013_14", "--format", "parquet", "--out", str(target)]
        )

        assert status == 0
        read = pq.read_table(target)
        assert read.num_rows == 0
        assert read.schema.field("valid_to").type == pa.date32()
        assert read.schema.field("service").type == pa.string()
        assert read.column_names == list(TABLE_COLUMNS)

    def test_a_failed_write_exits_2_and_leaves_no_file(self, tmp_path: Path) -> None:
        """
        A write the system refuses mid-file (a file-size limit) leaves nothing.

        The table's Parquet file is about 24 kB; the limit is 4 kB.
        """

        def limit() -> None:  # in the child, before exec
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (4_000, 4_000))

        assert SPECCOM is not None
        result = subprocess.run(
            [SPECCOM, "table", SCENARIO, "--format", "parquet", "--out", "t.parquet"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            preexec_fn=limit,
        )

        assert result.returncode == 2
        assert _errors(result.stderr) == [
            (
                "speccom: error: --out: expected to write it whole (File too large), "
                "got 't.parquet'"
            )
        ]
        assert list(tmp_path.iterdir()) == []
