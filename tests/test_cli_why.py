"""speccom why SERVICE PLACE DATE [FILE|SCENARIO]: the chain, as text and JSON."""

from __future__ import annotations

import datetime as dt
import io as text_io
import json
from typing import TYPE_CHECKING, Any

import pytest

from speccom_model import FinancialYear, WhyStepKind, io, scenarios, why
from speccom_model.cli import main

if TYPE_CHECKING:
    from pathlib import Path

NEWEST = scenarios.names()[-1]
ENGLAND_2024 = scenarios.england_2024_25()
DAY = dt.date(2024, 4, 1)


def run(*args: str) -> tuple[int, str]:
    out = text_io.StringIO()
    status = main(list(args), out=out)
    return status, out.getvalue()


def as_json(*args: str) -> dict[str, Any]:
    status, text = run("why", *args, "--format", "json")
    assert status == 0
    data = json.loads(text)
    assert isinstance(data, dict)
    return data


class TestText:
    STATUS, TEXT = run("why", "7", "01A", "2024-04-01", "england_2024_25")
    CHAIN = why(ENGLAND_2024, "7", "01A", DAY)

    def test_exit_zero_and_a_header_naming_the_question(self) -> None:
        """The service, place, day and plan; then the policy, as check says it."""
        lines = self.TEXT.splitlines()

        assert self.STATUS == 0
        assert (
            lines[0] == "speccom why: service 7 in 01A on 2024-04-01 (england_2024_25)"
        )
        assert lines[1].startswith("Policy: law (law in force)")

    def test_every_step_is_numbered_with_its_label_and_statement(self) -> None:
        """1. Service: …, in the chain's order."""
        for number, step in enumerate(self.CHAIN.steps, start=1):
            assert f"\n{number}. {step.kind.label}: {step.statement}\n" in self.TEXT

    def test_every_step_has_a_source_line_per_citation(self) -> None:
        """Title, section and https address, as check prints them."""
        blocks = self.TEXT.split("\n\n")[1:-1]

        assert len(blocks) == len(self.CHAIN.steps)
        for block, step in zip(blocks, self.CHAIN.steps, strict=True):
            sources = [line for line in block.splitlines() if "Source:" in line]
            assert sources == [f"   Source: {citation}" for citation in step.sources]
            assert all(" — https://" in line for line in sources)

    def test_the_last_line_gives_the_three_answers(self) -> None:
        """Accountable, commissioner, payer by code."""
        assert self.TEXT.endswith(
            "\nAnswer: accountable X24, commissioner QE1, payer QE1\n"
        )

    def test_no_answer_says_which_step_explains(self) -> None:
        """Before 1 April 2013, nobody: the last step says why."""
        status, text = run("why", "7", "01A", "2013-03-31", "england_2024_25")
        steps = why(ENGLAND_2024, "7", "01A", dt.date(2013, 3, 31)).steps

        assert status == 0
        assert text.endswith(f"\nAnswer: none (step {len(steps)} says why)\n")
        assert f"\n{len(steps)}. No answer: " in text


class TestJson:
    DATA = as_json("7", "01A", "2024-04-01", "england_2024_25")
    CHAIN = why(ENGLAND_2024, "7", "01A", DAY)

    def test_the_question_and_the_policy(self) -> None:
        """Codes as text, the day ISO, the policy as check's JSON gives it."""
        assert self.DATA["landscape"] == "england_2024_25"
        assert self.DATA["service"] == "7"
        assert self.DATA["place"] == "01A"
        assert self.DATA["on"] == "2024-04-01"
        assert self.DATA["policy"]["name"] == "law"
        assert self.DATA["policy"]["status"] == "law"
        assert self.DATA["policy"]["file"] is None

    def test_the_answer_is_responsibilitys(self) -> None:
        """Each field as Landscape.responsibility gives it."""
        found = ENGLAND_2024.responsibility("7", "01A", DAY)
        assert found is not None
        assert found.payer is not None
        assert found.arrangement is not None

        assert self.DATA["answer"] == {
            "accountable": found.accountable.code,
            "commissioner": found.commissioner.code,
            "payer": found.payer.code,
            "arrangement": found.arrangement.id,
            "payer_unknown": None,
            "retained_by_nhs_england": found.retained_by_nhs_england,
        }

    def test_the_steps_are_objects_in_order(self) -> None:
        """Number, kind, label, statement, sources and data, field by field."""
        steps = self.DATA["steps"]

        assert [s["number"] for s in steps] == list(range(1, len(self.CHAIN.steps) + 1))
        for got, step in zip(steps, self.CHAIN.steps, strict=True):
            assert got["kind"] == step.kind.value
            assert got["label"] == step.kind.label
            assert got["statement"] == step.statement
            assert got["sources"] == [c.as_dict() for c in step.sources]
            assert set(got["data"]) == set(step.data)

    def test_sources_carry_title_section_and_url(self) -> None:
        """Every citation structured, never one line of text."""
        for step in self.DATA["steps"]:
            assert step["sources"]
            for source in step["sources"]:
                assert {"title", "section", "url"} <= set(source)
                assert source["url"].startswith("https://")

    def test_dates_are_iso_and_money_is_exact_pounds_and_pence(self) -> None:
        """Amounts as "6142898.43", never a float nor "£6.1m"."""
        budget = ENGLAND_2024.budget("QE1", FinancialYear(2024))
        assert budget is not None
        (line,) = [line for line in budget.lines if line.service == "7"]
        (payer,) = [s for s in self.DATA["steps"] if s["kind"] == "payer"]
        (place,) = [s for s in self.DATA["steps"] if s["kind"] == "place"]
        (service,) = [s for s in self.DATA["steps"] if s["kind"] == "service"]

        assert payer["data"]["budget_allocation"] == f"{line.allocation.pounds:f}"
        assert payer["data"]["budget_holder"] == "QE1"
        assert payer["data"]["year"] == "2024-25"
        assert payer["data"]["baseline"] is None
        assert place["data"]["membership_start"] == "2022-07-01"
        assert (
            place["data"]["population"] == ENGLAND_2024.place("01A").population.persons
        )
        assert service["data"]["on_list"] is True
        assert service["data"]["listed_from"] == (
            ENGLAND_2024.catalogue.effective.isoformat()
        )

    def test_no_answer_is_null(self) -> None:
        """Before 1 April 2013."""
        data = as_json("7", "01A", "2013-03-31", "england_2024_25")

        assert data["answer"] is None
        assert data["steps"][-1]["kind"] == WhyStepKind.NO_ANSWER.value
        assert data["steps"][-1]["data"]["commissioning_from"] == "2013-04-01"


class TestArguments:
    def test_a_uk_date_reads_as_the_iso_one(self) -> None:
        """The command's one date grammar: 01/04/2024 is 1 April 2024."""
        assert run("why", "7", "01A", "01/04/2024", "england_2024_25") == run(
            "why", "7", "01A", "2024-04-01", "england_2024_25"
        )

    def test_without_a_file_the_newest_scenario(self) -> None:
        """As resolve and table."""
        assert as_json("7", "01A", "2024-04-01")["landscape"] == NEWEST

    def test_a_plan_file(self, tmp_path: Path) -> None:
        """Read as check reads one."""
        plan = tmp_path / "plan.toml"
        io.dump(ENGLAND_2024, plan)

        data = as_json("7", "01A", "2023-04-01", str(plan))

        assert data["answer"]["commissioner"] == "JC-Y62"

    def test_a_policy_by_name_is_named(self) -> None:
        """--policy as for check."""
        data = as_json(
            "7", "01A", "2024-04-01", "england_2024_25", "--policy", "health_bill_2026"
        )

        assert data["policy"]["name"] == "health_bill_2026"
        assert data["policy"]["status"] == "bill"

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ("151", "01A", "2024-04-01"),
                "speccom: error: service: expected a prescribed service's code, got '151'",
            ),
            (
                ("7", "Q99", "2024-04-01"),
                "speccom: error: place: expected a known place, got 'Q99'",
            ),
            (
                ("7", "01A", "2024-04-01", "--policy", "no_such_policy"),
                "speccom: error: --policy: expected a shipped policy",
            ),
            (
                ("7", "01A", "2024-04-01", "england_2019"),
                "speccom: error: file: expected a readable file",
            ),
        ],
    )
    def test_bad_input_is_one_line_and_exit_2(
        self, args: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Never a traceback; nothing on standard output."""
        status, text = run("why", *args)
        err = capsys.readouterr().err

        assert status == 2
        assert text == ""
        assert err.startswith(message)
        assert err.count("\n") == 1

    @pytest.mark.parametrize("day", ["2024-13-01", "04/13/2024", "yesterday"])
    def test_a_bad_date_is_a_usage_error_naming_date(
        self, day: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Argparse's exit 2, the message naming DATE, not --on."""
        with pytest.raises(SystemExit) as caught:
            main(["why", "7", "01A", day], out=text_io.StringIO())
        err = capsys.readouterr().err

        assert caught.value.code == 2
        assert "argument DATE: DATE: expected a date" in err
        assert "--on" not in err
