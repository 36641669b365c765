"""speccom report: one HTML file, written whole, refused clearly."""

from __future__ import annotations

import datetime as dt
import io as stdio
import os
import subprocess
import sys
from typing import TYPE_CHECKING

from speccom_model import Policy, check, scenarios
from speccom_model.cli import main
from speccom_model.io._report import render_report
from speccom_model.report_data import report_data
from tests.test_cli import SPECCOM

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

#: A day after the 2025-26 delegations began, to judge the plan on.
DAY = dt.date(2026, 6, 1)


def _errors(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [
        line
        for line in capsys.readouterr().err.splitlines()
        if line.startswith("speccom: error:")
    ]


class TestWrites:
    def test_the_file_is_the_rendered_report_of_the_scenario(
        self, tmp_path: Path
    ) -> None:
        """What render_report makes of the plan, byte for byte, and nothing else."""
        target = tmp_path / "report.html"
        out = stdio.StringIO()

        status = main(["report", "england_2019_20", "--out", str(target)], out)

        expected = render_report(report_data(scenarios.england_2019_20()))
        assert status == 0
        assert target.read_bytes() == expected.encode("utf-8")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
        assert out.getvalue() == ""

    def test_a_closed_standard_output_is_no_problem(self, tmp_path: Path) -> None:
        """The console script, stdout closed: exit 0, the file, nothing said."""
        assert SPECCOM is not None
        result = subprocess.run(
            [SPECCOM, "report", "england_2019_20", "--out", "r.html"],
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
            preexec_fn=lambda: os.close(1),
        )

        assert (result.returncode, result.stderr) == (0, "")
        assert (tmp_path / "r.html").read_bytes() == render_report(
            report_data(scenarios.england_2019_20())
        ).encode("utf-8")

    def test_two_runs_write_byte_identical_files(self, tmp_path: Path) -> None:
        """Deterministic: no date of production, nothing random."""
        first, second = tmp_path / "a.html", tmp_path / "b.html"

        main(["report", "england_2025_26", "--out", str(first)], stdio.StringIO())
        main(["report", "england_2025_26", "--out", str(second)], stdio.StringIO())

        assert first.read_bytes() == second.read_bytes()

    def test_with_no_file_the_default_scenario_is_reported(
        self, tmp_path: Path
    ) -> None:
        """As check: england_2019_20."""
        target = tmp_path / "report.html"

        main(["report", "--out", str(target)], stdio.StringIO())

        assert "report: england_2019_20</h1>" in target.read_text(encoding="utf-8")

    def test_errors_in_the_plan_still_write_the_report_and_exit_0(
        self, tmp_path: Path
    ) -> None:
        """The report is a document; check is the command whose status gates."""
        target = tmp_path / "report.html"
        plan = scenarios.ccg_cocommissioning_2014(funded=False)
        errors = len(check(plan).errors)

        status = main(
            ["report", "ccg_cocommissioning_2014_unfunded", "--out", str(target)],
            stdio.StringIO(),
        )

        assert (status, errors) == (0, 12)
        assert 'data-severity="error" data-count="12"' in target.read_text("utf-8")

    def test_on_and_policy_judge_the_findings(self, tmp_path: Path) -> None:
        """--on and --policy reach check, as they do for speccom check."""
        target = tmp_path / "report.html"
        plan = scenarios.england_2025_26()
        expected = check(plan, policy=Policy.named("health_bill_2026"), on=DAY)

        main(
            [
                "report",
                "england_2025_26",
                "--policy",
                "health_bill_2026",
                "--on",
                DAY.isoformat(),
                "--out",
                str(target),
            ],
            stdio.StringIO(),
        )

        page = target.read_text("utf-8")
        assert f'data-severity="warning" data-count="{len(expected.warnings)}"' in page
        assert "PROPOSED LAW, NOT IN FORCE" in page
        assert f"as the plan stands on {DAY.isoformat()}" in page


class TestRefuses:
    def test_a_missing_out_is_a_clear_error(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Exit 2 and one line saying --out is needed; nothing is written."""
        status = main(["report", "england_2019_20"], stdio.StringIO())

        assert status == 2
        assert _errors(capsys) == [
            (
                "speccom: error: --out: expected a file to write the report to (--out "
                "report.html): the report is one HTML file, never written to standard "
                "output, got None"
            )
        ]

    def test_a_folder_that_does_not_exist_leaves_nothing(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """atomic_writer's OutputError: exit 2, naming --out."""
        target = tmp_path / "missing" / "report.html"

        status = main(["report", "--out", str(target)], stdio.StringIO())

        assert status == 2
        assert _errors(capsys)[0].startswith("speccom: error: --out: expected")
        assert list(tmp_path.iterdir()) == []

    def test_an_existing_file_is_left_as_it_was_when_the_plan_is_bad(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A plan that cannot be read: exit 2, the old report untouched."""
        target = tmp_path / "report.html"
        target.write_text("old", encoding="utf-8")

        status = main(
            ["report", str(tmp_path / "absent.toml"), "--out", str(target)],
            stdio.StringIO(),
        )

        assert status == 2
        assert _errors(capsys)
        assert target.read_text("utf-8") == "old"

    def test_without_the_extra_it_says_what_to_install(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path,
    ) -> None:
        """MissingExtraError before any work: exit 2, no file."""
        monkeypatch.setitem(sys.modules, "altair", None)
        target = tmp_path / "report.html"

        status = main(["report", "--out", str(target)], stdio.StringIO())

        assert status == 2
        assert _errors(capsys) == [
            (
                "speccom: error: speccom report (HTML): expected the report extra "
                'installed (pip install -e ".[report]" from a clone of the repository), '
                "got 'altair not installed'"
            )
        ]
        assert list(tmp_path.iterdir()) == []
