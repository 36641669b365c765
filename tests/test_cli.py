"""The speccom command, run as a user runs it: the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import Budget, BudgetLine, FinancialYear, check, gbp, io, scenarios
from speccom_model._law import law_text
from speccom_model.rules import FACTS, FactKind, fact_json
from tests.rules.builders import clean, with_arrangement

BIN = Path(sys.executable).parent
SPECCOM = shutil.which("speccom", path=str(BIN)) or shutil.which("speccom")
BAD = Path(__file__).parent / "data" / "bad"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    assert SPECCOM is not None, "the speccom console script is not installed"
    return subprocess.run(
        [SPECCOM, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=120,
    )


class TestCheck:
    def test_with_no_file_it_checks_the_england_2019_20_scenario(self) -> None:
        """The README's first command shows a real report."""
        result = run("check")

        assert result.returncode == 0
        assert result.stdout.startswith("speccom check: england_2019_20\n")
        assert "SPC-APPR-003  WY-pooled-budget" in result.stdout
        assert (
            "    Source: HSJ, 'Regulator invites areas with appetite to tender for "
            "spec com budget'" in result.stdout
        )
        assert (
            "— https://www.hsj.co.uk/policy-and-regulation/regulator-invites-areas-"
            "with-appetite-to-tender-for-spec-com-budget/7024106.article"
        ) in result.stdout
        assert "DOMAIN.md" not in result.stdout
        assert result.stdout.rstrip().endswith("Result: no errors")

    def test_an_example_written_out_checks_the_same(self, tmp_path: Path) -> None:
        """Speccom example england_2019_20 > p.toml && speccom check p.toml."""
        example = run("example", "england_2019_20")
        (tmp_path / "p.toml").write_text(example.stdout, encoding="utf-8")

        from_file = run("check", "p.toml", "--format", "json", cwd=tmp_path)
        embedded = run("check", "--format", "json")

        assert (
            json.loads(from_file.stdout)["findings"]
            == json.loads(embedded.stdout)["findings"]
        )

    def test_errors_exit_1(self, tmp_path: Path) -> None:
        """A plan with errors."""
        from speccom_model import ArrangementKind

        io.dump(
            with_arrangement(clean(), kind=ArrangementKind.WHOLESALE_TRANSFER),
            tmp_path / "p.toml",
        )

        result = run("check", str(tmp_path / "p.toml"))

        assert result.returncode == 1
        assert "SPC-LEGAL-002" in result.stdout
        assert "Result: errors found" in result.stdout

    def test_json_output_is_data(self) -> None:
        """For machines."""
        result = run("check", "--format", "json")
        data = json.loads(result.stdout)

        assert (data["ok"], data["counts_by_code"], data["counts"]) == (
            True,
            {"SPC-APPR-003": 1, "SPC-MONEY-003": 1},
            {"error": 0, "warning": 2, "info": 0},
        )

    def test_json_carries_each_source_as_a_structured_citation(self) -> None:
        """Title, section, url, date and note: not a line of text."""
        data = json.loads(run("check", "--format", "json").stdout)
        (finding,) = [f for f in data["findings"] if f["code"] == "SPC-APPR-003"]

        assert finding["source"][0]["url"] == (
            "https://www.hsj.co.uk/policy-and-regulation/regulator-invites-areas-"
            "with-appetite-to-tender-for-spec-com-budget/7024106.article"
        )
        assert all(
            set(c) == {"title", "section", "url", "date", "note"}
            for c in finding["source"]
        )

    def test_json_gives_each_findings_figures_as_data(self) -> None:
        """
        NHS England's £377m overspend of its £13bn in 2013-14 (HSJ, 2014; NAO).

        Money exact in pounds and pence, years as "2013-14", codes as text.
        """
        data = json.loads(run("check", "england_2013_14", "--format", "json").stdout)
        (finding,) = data["findings"]

        assert finding["message"] == (
            "X24 overspent by £377m in 2013-14 (2.9% of £13bn)"
        )
        assert finding["data"] == {
            "body": "X24",
            "year": "2013-14",
            "expected": "13000000000.00",
            "actual": "13377000000.00",
            "difference": "377000000.00",
        }

    def test_json_data_writes_each_kind_of_fact_as_fact_json_does(self) -> None:
        """Integers as numbers, dates ISO, code lists as arrays."""
        data = json.loads(run("check", "england_2026_27", "--format", "json").stdout)
        report = check(scenarios.england_2026_27())

        assert [f["data"] for f in data["findings"]] == [
            {name: fact_json(FACTS[name].kind, v) for name, v in f.data.items()}
            for f in report
        ]
        kinds = {FACTS[name].kind for f in report for name in f.data}
        assert {FactKind.INTEGER, FactKind.DATE, FactKind.CODES} <= kinds
        grouped = next(f for f in data["findings"] if "held_back" in f["data"])
        assert isinstance(grouped["data"]["count"], int)
        assert isinstance(grouped["data"]["held_back"], list)

    def test_the_shipped_law_file_works_as_a_policy_file(self, tmp_path: Path) -> None:
        """`--policy` takes a law file of the shipped form: the same report."""
        (tmp_path / "law.toml").write_text(law_text(), encoding="utf-8")

        given = run("check", "--policy", "law.toml", "--format", "json", cwd=tmp_path)
        default = run("check", "--format", "json", cwd=tmp_path)

        assert given.returncode == 0, given.stderr
        from_file, shipped = json.loads(given.stdout), json.loads(default.stdout)
        assert from_file["policy"].pop("file") == "law.toml"
        assert shipped["policy"].pop("file") is None
        assert from_file == shipped

    def test_on_a_date_applies_that_days_law(self) -> None:
        """The 2019 plan judged on 1 April 2024."""
        result = run("check", "--on", "01/04/2024", "--format", "json")

        assert result.returncode == 1
        assert json.loads(result.stdout)["on"] == "2024-04-01"

    def test_a_policy_file_is_applied(self, tmp_path: Path) -> None:
        """
        Service 1 is planned for 500,000: a 400,000 limit warns (guidance).

        The file also opens the guidance's era to 2024, the plan's date (the
        law's era ends on 30 June 2022).
        """
        io.dump(clean(), tmp_path / "p.toml")
        (tmp_path / "policy.toml").write_text(
            "joint_planning_population_limit = 400000\n"
            "[population_limit_window]\n"
            "start = 2019-01-10\n"
            "[[population_limit_window.source]]\n"
            'title = "An era without an end, for this test"\n'
            'url = "https://www.england.nhs.uk"\n',
            encoding="utf-8",
        )

        result = run("check", "p.toml", "--policy", "policy.toml", cwd=tmp_path)

        assert result.returncode == 0
        assert "SPC-POP-001" in result.stdout
        assert "400,000 persons" in result.stdout

    @pytest.mark.parametrize(
        "args", [["--on", "someday"], ["--format", "yaml"], ["a.toml", "b.toml"]]
    )
    def test_usage_errors_exit_2(self, args: list[str]) -> None:
        """Bad options are usage errors."""
        result = run("check", *args)

        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert "speccom: error:" in result.stderr

    @pytest.mark.parametrize(
        "name", sorted(tomllib.loads((BAD / "expected.toml").read_text("utf-8")))
    )
    def test_every_malformed_file_exits_2_without_a_traceback(self, name: str) -> None:
        """The corpus, through the command: a message a person can act on."""
        expected = tomllib.loads((BAD / "expected.toml").read_text("utf-8"))[name]

        result = run("check", str(BAD / name))

        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("speccom: error: ")
        assert expected["path"] in result.stderr

    def test_a_missing_file_exits_2(self, tmp_path: Path) -> None:
        """Named in the message."""
        result = run("check", str(tmp_path / "nothing.toml"))

        assert result.returncode == 2
        assert "nothing.toml" in result.stderr

    def test_debug_shows_the_traceback(self) -> None:
        """For developers."""
        result = run("--debug", "check", str(BAD / "empty.toml"))

        assert result.returncode != 0
        assert "Traceback" in result.stderr


class TestOtherCommands:
    def test_explain(self) -> None:
        """A rule's text and source."""
        result = run("explain", "SPC-MONEY-001")

        assert result.returncode == 0
        assert result.stdout.startswith("SPC-MONEY-001: Money follows responsibility")
        assert (
            "Sources:\n  HSJ, 'CCGs could co-commission specialised services' (2014) — "
            "https://www.hsj.co.uk/integrated-care/ccgs-could-co-commission-"
            "specialised-services/5072753.article\n"
        ) in result.stdout

    def test_explain_an_unknown_code_exits_2(self) -> None:
        """And says what codes look like."""
        result = run("explain", "SPC-NOPE-001")

        assert (result.returncode, "SPC-POP-001" in result.stderr) == (2, True)

    def test_summary_text_is_an_aligned_table(self) -> None:
        """Money in the sector's short style."""
        result = run("summary", "--year", "2019-20")

        assert result.returncode == 0
        assert "National allocation        £17.7bn" in result.stdout
        assert "RV5   nhs-trust" in result.stdout

    def test_summary_json_is_exact(self) -> None:
        """Every penny for machines."""
        data = json.loads(
            run("summary", "--format", "json", "--year", "2019/20").stdout
        )

        (year,) = data["years"]
        assert (year["year"], year["allocation"], year["unaccounted"]) == (
            "2019-20",
            "17700000000.00",
            "0.00",
        )

    def test_summary_of_a_year_with_no_money(self) -> None:
        """Says so."""
        result = run("summary", "--year", "30/31")

        assert result.returncode == 0
        assert (
            "No money is recorded for 2030-31; the plan has money for 2019-20, 2020-21."
            in result.stdout
        )

    def test_summary_of_a_plan_with_no_money_says_so(self) -> None:
        """England 2023-24 records no money at all: a line says so, not nothing."""
        result = run("summary", "england_2023_24")

        assert (result.returncode, result.stderr) == (0, "")
        assert result.stdout.splitlines() == [
            "speccom summary: england_2023_24",
            (
                "No money is recorded in this plan: no allocation, budget, pool, "
                "baseline or transfer for any year."
            ),
        ]

    def test_summary_of_a_year_with_only_a_pool_shows_it(self) -> None:
        """2020-21 has West Yorkshire's pool and nothing else: not "no money"."""
        result = run("summary", "--year", "2020-21")

        assert result.returncode == 0
        assert "No money is recorded" not in result.stdout
        assert "Pooled by NHS England" in result.stdout

    @staticmethod
    def _mid_year_plan(folder: Path) -> Path:
        """The clean plan with NHS England's £88m as two lines, one reported."""
        landscape = clean()
        budgets = [
            Budget(
                holder=b.holder,
                year=b.year,
                lines=[
                    BudgetLine(
                        service="2", allocation=gbp("£80m"), outturn=gbp("£82m")
                    ),
                    BudgetLine(service="1", allocation=gbp("£8m")),
                ],
            )
            if b.holder == "X24"
            else b
            for b in landscape.budgets
        ]
        plan = folder / "plan.toml"
        io.dump(attrs.evolve(landscape, budgets=budgets), plan)
        return plan

    def test_summary_text_shows_the_variance_for_n_of_m_lines(
        self, tmp_path: Path
    ) -> None:
        """One line reported of two: its £2m over, not "-"."""
        result = run("summary", str(self._mid_year_plan(tmp_path)))

        assert result.returncode == 0
        assert result.stdout.splitlines()[-3:] == [
            "  Body  Kind         Allocation  Outturn  Variance  Outturn for",
            "  QE1   icb                £12m        -         -  0 of 1 line",
            "  X24   nhs-england        £88m     £82m       £2m  1 of 2 lines",
        ]

    def test_summary_json_gives_the_reported_lines_as_numbers(
        self, tmp_path: Path
    ) -> None:
        """Counts are integers; amounts exact, as everywhere in the JSON."""
        plan = self._mid_year_plan(tmp_path)
        data = json.loads(run("summary", str(plan), "--format", "json").stdout)

        (year,) = data["years"]
        assert year["bodies"] == [
            {
                "code": "QE1",
                "kind": "icb",
                "allocation": "12000000.00",
                "outturn": None,
                "variance": None,
                "reported_allocation": "0.00",
                "outturn_lines": 0,
                "line_count": 1,
            },
            {
                "code": "X24",
                "kind": "nhs-england",
                "allocation": "88000000.00",
                "outturn": "82000000.00",
                "variance": "2000000.00",
                "reported_allocation": "80000000.00",
                "outturn_lines": 1,
                "line_count": 2,
            },
        ]

    def test_example_list(self) -> None:
        """Every scenario, named."""
        result = run("example", "--list")

        assert [line.split()[0] for line in result.stdout.splitlines()] == [
            s.name for s in scenarios.SCENARIOS
        ]

    def test_example_writes_toml_with_its_provenance(self) -> None:
        """A starting point for a user's own plan."""
        result = run("example", "england_2013_14")

        assert result.stdout.startswith("# england_2013_14: ")
        assert io.loads(result.stdout) == scenarios.england_2013_14()

    def test_example_of_one_year_writes_that_years_plan(self, tmp_path: Path) -> None:
        """Speccom example england_2025_26 --year 2025/26: Landscape.for_year."""
        result = run("example", "england_2025_26", "--year", "2025/26")
        (tmp_path / "y.toml").write_text(result.stdout, encoding="utf-8")

        assert result.returncode == 0
        assert "# Restricted to 2025-26 (Landscape.for_year)" in result.stdout
        assert io.loads(result.stdout) == scenarios.england_2025_26().for_year(
            FinancialYear(2025)
        )

    def test_a_years_plan_checks_as_the_scenario_on_a_day_of_that_year(
        self, tmp_path: Path
    ) -> None:
        """No arrangement of england_2025_26 starts after 2025-26: no difference."""
        example = run("example", "england_2025_26", "--year", "2025-26")
        (tmp_path / "y.toml").write_text(example.stdout, encoding="utf-8")
        on = ("--on", "2025-09-30", "--format", "json")

        from_year = run("check", "y.toml", *on, cwd=tmp_path)
        from_whole = run("check", "england_2025_26", *on)

        assert (
            json.loads(from_year.stdout)["findings"]
            == json.loads(from_whole.stdout)["findings"]
        )

    def test_example_of_a_year_without_data_exits_2_naming_the_years(self) -> None:
        """One line, the years the scenario has: nothing is written."""
        result = run("example", "england_2024_25", "--year", "2026-27")

        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr == (
            "speccom: error: year: expected a year the plan has data for "
            "(2023-24 to 2024-25), got '2026-27'\n"
        )

    @pytest.mark.parametrize("args", [["example"], ["example", "england_2099"]])
    def test_example_without_a_known_name_exits_2(self, args: list[str]) -> None:
        """Names the scenarios there are."""
        result = run(*args)

        assert result.returncode == 2
        assert "Traceback" not in result.stderr

    def test_schema_prints_the_json_schema(self) -> None:
        """Valid JSON, Draft 2020-12."""
        data = json.loads(run("schema").stdout)

        assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def test_version(self) -> None:
        """Speccom --version."""
        import speccom_model

        assert run("--version").stdout.strip() == f"speccom {speccom_model.__version__}"

    def test_no_command_is_a_usage_error(self) -> None:
        """Exit 2 with usage."""
        result = run()

        assert (result.returncode, "usage:" in result.stderr) == (2, True)

    def test_python_dash_m_runs_the_same_command(self) -> None:
        """Python -m speccom_model."""
        result = subprocess.run(
            [sys.executable, "-m", "speccom_model", "explain", "SPC-POP-001"],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

        assert (result.returncode, result.stdout.startswith("SPC-POP-001")) == (0, True)

    def test_explain_says_the_population_criterion_is_guidance(self) -> None:
        """SPC-POP-001 is the 2019/20 guidance, not law, and names its date."""
        result = run("explain", "SPC-POP-001")

        assert result.returncode == 0
        assert "This is guidance, not law." in result.stdout
        assert "first published 10 January 2019" in result.stdout
        assert "annex to the 2019/20 planning guidance" in result.stdout


def test_an_internal_error_is_reported_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug says it is one, and exits 3."""
    from speccom_model import cli

    def broken(*_: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "_explain", broken)

    assert cli.main(["explain", "SPC-POP-001"]) == 3
    assert "internal error: RuntimeError: boom" in capsys.readouterr().err


def test_running_out_of_memory_is_exit_2_with_advice(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not "internal error": the input is too big for the limit it runs under."""
    from speccom_model import cli

    def exhausted(*_: object) -> int:
        raise MemoryError

    monkeypatch.setattr(cli, "_explain", exhausted)

    assert cli.main(["explain", "SPC-POP-001"]) == 2
    assert capsys.readouterr().err == (
        "speccom: error: out of memory: the input needs more memory than this "
        "system allows (split it, or raise the limit, e.g. ulimit -v)\n"
    )


class TestOptionValues:
    """--year and --on refuse in the library's words, never argparse's."""

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("9999-00", "start_year: expected a year from 1900 to 9998, got 9999"),
            ("1899-00", "start_year: expected a year from 1900 to 9998, got 1899"),
            (
                "2019-21",
                (
                    "financial year: expected consecutive years such as '2019-20', "
                    "got '2019-21'"
                ),
            ),
        ],
    )
    def test_a_year_out_of_range_says_why(self, text: str, message: str) -> None:
        """Well formed but out of range: InvalidValueError, said as it is."""
        result = run("summary", "--year", text)

        assert result.returncode == 2
        assert f"speccom: error: argument --year: {message}" in result.stderr
        assert "invalid _year value" not in result.stderr

    @pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "2019-02-30"])
    def test_a_date_out_of_range_says_why(self, text: str) -> None:
        """The grammar's own message, with the value."""
        result = run("check", "--on", text)

        assert result.returncode == 2
        assert "speccom: error: argument --on: --on: expected a date" in result.stderr
        assert f"got '{text}'" in result.stderr
        assert "invalid _date value" not in result.stderr


class TestBoundedMessages:
    def test_a_huge_unknown_key_gives_a_bounded_error_line(
        self, tmp_path: Path
    ) -> None:
        """A 1,000,000-character key: each line at most MAX_MESSAGE_LINE long."""
        from speccom_model.cli import MAX_MESSAGE_LINE

        plan = io.dumps(scenarios.england_2019_20(), format="toml")
        (tmp_path / "p.toml").write_text(
            f"{'k' * 1_000_000} = 1\n{plan}", encoding="utf-8"
        )

        result = run("check", "p.toml", cwd=tmp_path)

        assert result.returncode == 2
        [line] = result.stderr.splitlines()
        assert line.startswith("speccom: error: p.toml: kkkkk")
        assert len(line) == MAX_MESSAGE_LINE

    @given(
        text=st.text(alphabet=st.characters(blacklist_characters="\n"), max_size=2_000),
        limit=st.integers(min_value=60, max_value=1_000),
    )
    def test_bounded_keeps_short_lines_and_cuts_long_ones(
        self, text: str, limit: int
    ) -> None:
        """Short: unchanged. Long: exactly the limit, keeping start and end."""
        from speccom_model.cli import _bounded

        cut = _bounded(text, limit)

        if len(text) <= limit:
            assert cut == text
        else:
            assert len(cut) == limit
            assert text.startswith(cut.split(" … (")[0])
            assert text.endswith(cut.rsplit(" characters) … ", 1)[1])
            assert f"({len(text):,} characters)" in cut
