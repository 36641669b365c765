"""`speccom check --format csv`, `speccom summary --format csv|xlsx`: numbers as numbers."""

from __future__ import annotations

import csv
import io
import json
import sys
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import pytest

from speccom_model import check, gbp, scenarios, summarise
from speccom_model import io as io_files
from speccom_model.cli import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, main
from speccom_model.errors import InvalidValueError
from speccom_model.io._xlsx import write_xlsx
from speccom_model.tabular import (
    SUMMARY_TABLES,
    Column,
    ColumnKind,
    Table,
    report_table,
    summary_tables,
    text_cell,
)

if TYPE_CHECKING:
    from pathlib import Path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _expected(table_name: str, scenario: str) -> list[list[str]]:
    table = summary_tables(summarise(scenarios.get(scenario).build()))[table_name]
    return [[c.name for c in table.columns]] + [
        [text_cell(c.kind, v) for c, v in zip(table.columns, row, strict=True)]
        for row in table.rows
    ]


class TestSummaryCsv:
    @pytest.mark.parametrize("table", SUMMARY_TABLES)
    def test_each_table_is_written_exactly(self, table: str) -> None:
        status, text = run(
            "summary", "england_2019_20", "--format", "csv", "--table", table
        )

        assert status == EXIT_OK
        assert _csv(text) == _expected(table, "england_2019_20")

    def test_the_years_table_by_default_reconciles_to_the_penny(self) -> None:
        status, text = run("summary", "--format", "csv")

        rows = list(csv.DictReader(io.StringIO(text)))
        assert status == EXIT_OK
        assert [r["year"] for r in rows] == ["2019-20", "2020-21"]
        for r in rows:
            held = sum(
                Decimal(r[c])
                for c in ("retained", "delegated", "pooled", "unaccounted")
            )
            assert held == Decimal(r["allocation"])
            assert r["reconciled"] == "true"

    def test_out_writes_the_same_bytes_to_a_file(self, tmp_path: Path) -> None:
        target = tmp_path / "bodies.csv"
        _, shown = run(
            "summary", "england_2024_25", "--format", "csv", "--table", "bodies"
        )

        status, text = run(
            "summary",
            "england_2024_25",
            "--format",
            "csv",
            "--table",
            "bodies",
            "--out",
            str(target),
        )

        assert (status, text) == (EXIT_OK, "")
        assert target.read_text(encoding="utf-8") == shown

    def test_table_without_csv_is_refused(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, _ = run("summary", "--table", "bodies")

        assert status == EXIT_BAD_INPUT
        assert (
            "--table: expected --table only with --format csv"
            in capsys.readouterr().err
        )

    def test_json_money_is_exact_pounds_and_pence(self) -> None:
        _, text = run(
            "summary", "england_2019_20", "--format", "json", "--year", "2019-20"
        )

        (year,) = json.loads(text)["years"]
        assert (year["allocation"], year["retained"], year["delegated"]) == (
            "17700000000.00",
            "17653036599.46",
            "46963400.54",
        )


class TestSummaryXlsx:
    @pytest.fixture
    def workbook(self, tmp_path: Path) -> Path:
        pytest.importorskip("openpyxl")
        target = tmp_path / "summary.xlsx"
        status, text = run(
            "summary", "england_2024_25", "--format", "xlsx", "--out", str(target)
        )
        assert (status, text) == (EXIT_OK, "")
        return target

    def test_one_sheet_per_table_then_the_columns(self, workbook: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")

        book = openpyxl.load_workbook(workbook)
        assert book.sheetnames == [*SUMMARY_TABLES, "columns"]
        for name in SUMMARY_TABLES:
            sheet = book[name]
            expected = _expected(name, "england_2024_25")
            got = [
                ["" if v is None else v for v in row]
                for row in sheet.iter_rows(values_only=True)
            ]
            assert got[0] == expected[0]
            assert len(got) == len(expected)
            assert sheet.freeze_panes == "A2"

    def test_money_reads_back_to_the_penny(self, workbook: Path) -> None:
        """Excel's doubles hold each amount: read back, it is the exact amount."""
        openpyxl = pytest.importorskip("openpyxl")

        book = openpyxl.load_workbook(workbook)
        for name in SUMMARY_TABLES:
            sheet = book[name]
            expected = _expected(name, "england_2024_25")
            table = summary_tables(summarise(scenarios.england_2024_25()))[name]
            for index, column in enumerate(table.columns):
                if column.kind is not ColumnKind.MONEY:
                    continue
                cells = [row[index] for row in sheet.iter_rows(min_row=2)]
                assert {c.number_format for c in cells} <= {"#,##0.00"}
                got = [
                    "" if c.value is None else f"{Decimal(repr(c.value)):.2f}"
                    for c in cells
                ]
                assert got == [row[index] for row in expected[1:]]

    def test_an_amount_excel_cannot_hold_is_refused_and_nothing_written(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        pytest.importorskip("openpyxl")
        plan = attrs.evolve(
            scenarios.england_2013_14(),
            allocations=[
                attrs.evolve(a, amount=gbp("£10,000,000,000,000"))
                for a in scenarios.england_2013_14().allocations
            ],
        )
        source = tmp_path / "big.toml"
        io_files.dump(plan, source)
        target = tmp_path / "s.xlsx"

        status, _ = run(
            "summary", str(source), "--format", "xlsx", "--out", str(target)
        )

        assert status == EXIT_BAD_INPUT
        assert "years[0].allocation: expected an amount Excel holds to the penny" in (
            capsys.readouterr().err
        )
        assert sorted(p.name for p in tmp_path.iterdir()) == ["big.toml"]

    def test_without_out_nothing_is_written(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.chdir(tmp_path)
        status, text = run("summary", "--format", "xlsx")

        assert (status, text) == (EXIT_BAD_INPUT, "")
        assert (
            "--out: expected a file to write the workbook to" in capsys.readouterr().err
        )
        assert list(tmp_path.iterdir()) == []

    def test_without_openpyxl_the_extra_is_named_and_no_file_is_left(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        status, _ = run(
            "summary", "--format", "xlsx", "--out", str(tmp_path / "s.xlsx")
        )

        assert status == EXIT_BAD_INPUT
        assert (
            'the xlsx extra installed (pip install -e ".[xlsx]"'
            in capsys.readouterr().err
        )
        assert list(tmp_path.iterdir()) == []


class TestCheckCsv:
    @pytest.mark.parametrize(
        "name",
        ["england_2019_20", "england_2024_25", "ccg_cocommissioning_2014_unfunded"],
    )
    def test_one_row_per_finding(self, name: str) -> None:
        report = check(scenarios.get(name).build())
        status, text = run("check", name, "--format", "csv")

        table = report_table(report)
        assert status == (EXIT_OK if report.ok else EXIT_FINDINGS)
        assert _csv(text) == [[c.name for c in table.columns]] + [
            [text_cell(c.kind, v) for c, v in zip(table.columns, row, strict=True)]
            for row in table.rows
        ]

    def test_compare_with_csv_is_refused(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, text = run("check", "--format", "csv", "--compare", "health_bill_2026")

        assert (status, text) == (EXIT_BAD_INPUT, "")
        assert (
            "--compare: expected no --compare with --format csv"
            in capsys.readouterr().err
        )


def _plan_with_figure_source(tmp_path: Path, source: str) -> Path:
    """england_2019_20 with its first national figure's source replaced."""
    plan = scenarios.england_2019_20()
    first, *rest = plan.allocations
    path = tmp_path / "plan.toml"
    io_files.dump(
        attrs.evolve(plan, allocations=[attrs.evolve(first, source=source), *rest]),
        path,
    )
    return path


class TestXlsxText:
    @pytest.fixture(autouse=True)
    def _openpyxl(self) -> None:
        pytest.importorskip("openpyxl")

    @pytest.mark.parametrize(
        "text", ["=1+2", '=HYPERLINK("https://evil.example.org","click")', "+1", "@A1"]
    )
    def test_text_that_looks_like_a_formula_stays_text(
        self, tmp_path: Path, text: str
    ) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        plan = _plan_with_figure_source(tmp_path, text)
        target = tmp_path / "s.xlsx"

        status, _ = run("summary", str(plan), "--format", "xlsx", "--out", str(target))

        sheet = openpyxl.load_workbook(target)["figures"]
        header = [c.value for c in sheet[1]]
        cells = [row[header.index("source")] for row in sheet.iter_rows(min_row=2)]
        assert status == EXIT_OK
        assert text in [c.value for c in cells]
        assert {c.data_type for c in cells} == {"s"}

    def test_text_longer_than_a_cell_is_refused_and_nothing_written(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        plan = _plan_with_figure_source(tmp_path, "A" * 32_768)
        target = tmp_path / "s.xlsx"

        status, _ = run("summary", str(plan), "--format", "xlsx", "--out", str(target))

        assert status == EXIT_BAD_INPUT
        assert "figures[0].source: expected text of at most 32,767 characters" in (
            capsys.readouterr().err
        )
        assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml"]

    @pytest.mark.parametrize("text", ["bell\x07", "cr\r", "esc\x1b[2J", "\x00"])
    def test_control_characters_are_refused_by_the_writer(self, text: str) -> None:
        """Plans cannot hold them; a table built by hand is refused all the same."""
        table = Table(
            name="t",
            columns=[Column(name="x", kind=ColumnKind.TEXT)],
            rows=[["ok"], [text]],
        )
        with pytest.raises(
            InvalidValueError, match=r"t\[1\]\.x: expected text without"
        ):
            write_xlsx([table], io.BytesIO(), feature="test")

    def test_tabs_and_line_breaks_are_kept(self) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        table = Table(
            name="t",
            columns=[Column(name="x", kind=ColumnKind.TEXT)],
            rows=[["a\tb\nc"]],
        )
        out = io.BytesIO()
        write_xlsx([table], out, feature="test")

        out.seek(0)
        assert openpyxl.load_workbook(out)["t"]["A2"].value == "a\tb\nc"


class TestSummaryOutExtension:
    def test_the_extension_chooses_the_format(self, tmp_path: Path) -> None:
        for name, start in (
            ("s.json", "{"),
            ("s.csv", "year,"),
            ("s.txt", "speccom summary:"),
        ):
            status, _ = run("summary", "--out", str(tmp_path / name))
            assert status == EXIT_OK
            assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)

    def test_an_xlsx_extension_writes_a_workbook(self, tmp_path: Path) -> None:
        pytest.importorskip("openpyxl")
        target = tmp_path / "s.xlsx"

        assert run("summary", "--out", str(target))[0] == EXIT_OK
        assert target.read_bytes()[:2] == b"PK"

    @pytest.mark.parametrize(
        ("given", "name"), [("xlsx", "x.csv"), ("csv", "y.xlsx"), ("text", "z.json")]
    )
    def test_a_format_contradicting_the_extension_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], given: str, name: str
    ) -> None:
        status, _ = run("summary", "--format", given, "--out", str(tmp_path / name))

        assert status == EXIT_BAD_INPUT
        assert "--format: expected the format --out's extension names" in (
            capsys.readouterr().err
        )
        assert list(tmp_path.iterdir()) == []
