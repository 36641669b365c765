"""Named policies: the law, and the Health Bill 2026 as introduced, labelled a bill."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import Landscape, Period, Policy, check, io, scenarios, strategies
from speccom_model._law import policy_table
from speccom_model.errors import InvalidValueError, UnknownReferenceError
from speccom_model.policy import (
    DEFAULT_POLICY,
    BillProvision,
    _merged,
    policies,
)
from speccom_model.rules import explain, rule
from tests.rules.builders import clean, with_arrangement
from tests.test_cli import run

if TYPE_CHECKING:
    from pathlib import Path

BILL = "health_bill_2026"
IDENTITY = ("name", "title", "status", "proposed")


def _bill() -> Policy:
    return Policy.named(BILL)


class TestNamedPolicies:
    def test_the_shipped_names_are_listed(self) -> None:
        """The law and one proposal, in order."""
        assert policies() == (BILL, "law")

    def test_the_law_by_name_is_the_default_policy(self) -> None:
        """`Policy.named("law")` is `Policy()`: the law file, status law."""
        law = Policy.named("law")

        assert law is DEFAULT_POLICY
        assert (law.name, law.status, law.is_bill, law.proposed) == (
            "law",
            "law",
            False,
            (),
        )

    def test_the_bill_is_labelled_a_bill(self) -> None:
        """Status bill, and its label says it is not in force."""
        bill = _bill()

        assert (bill.name, bill.status, bill.is_bill) == (BILL, "bill", True)
        assert "NOT in force" in bill.label()
        assert "as introduced" in bill.title

    def test_the_bill_changes_only_what_it_proposes(self) -> None:
        """Laid over the law file: every other value is the law's."""
        bill, law = _bill(), DEFAULT_POLICY
        others = [f.name for f in attrs.fields(Policy) if f.name not in IDENTITY]

        assert [n for n in others if getattr(bill, n) != getattr(law, n)] == []
        assert set(policy_table(BILL)) == set(IDENTITY)

    def test_the_bill_through_io_is_the_bill_by_name(self, tmp_path: Path) -> None:
        """The file read as `--policy FILE` (defaults for the rest) agrees."""
        from speccom_model._law import _data_text

        path = tmp_path / "bill.toml"
        path.write_text(_data_text("policies", f"{BILL}.toml"), encoding="utf-8")

        assert io.load(path, type=Policy) == _bill()

    @pytest.mark.parametrize("name", ["health_bill_2027", "", "LAW", 7, None])
    def test_an_unknown_name_is_refused_listing_the_names(self, name: Any) -> None:
        """Right or refused: the names it could have been."""
        with pytest.raises(UnknownReferenceError) as caught:
            Policy.named(name)

        assert str(caught.value).startswith(
            "policy: expected one of health_bill_2026, law, got"
        )

    def test_no_date_is_invented_for_the_bills_changes(self) -> None:
        """Commencement not read: no day, a note saying so, an earliest day."""
        for change in _bill().proposed:
            assert change.commencement is None
            assert "not read" in change.commencement_note
            assert change.not_before == dt.date(2026, 6, 26)
            assert change.starts_by(dt.date(2026, 6, 25)) is False
            assert change.starts_by(dt.date(2026, 6, 26)) is None

    def test_the_abolition_reaches_every_kind_nhs_england_makes(self) -> None:
        """Clause 1: all arrangement kinds but a wholesale transfer (never lawful)."""
        abolition = _bill().proposed[0]

        assert abolition.provision.startswith("clause 1 and Schedule 11")
        assert set(abolition.affects) == set(DEFAULT_POLICY.arrangement_windows)

    def test_proposals_are_refused_on_a_policy_that_is_law(self) -> None:
        """A law policy cannot carry a bill's changes."""
        with pytest.raises(InvalidValueError, match="'bill' for a policy"):
            attrs.evolve(DEFAULT_POLICY, proposed=_bill().proposed)

    @pytest.mark.parametrize("status", ["act", "Law", "", 1])
    def test_only_law_or_bill_is_a_status(self, status: Any) -> None:
        """Anything else is not a status."""
        with pytest.raises(InvalidValueError):
            attrs.evolve(DEFAULT_POLICY, status=status)

    def test_a_change_needs_a_citation_and_a_note(self) -> None:
        """No proposal without its source and its commencement said."""
        with pytest.raises(InvalidValueError):
            BillProvision(
                provision="clause 1",
                effect="abolish NHS England",
                commencement_note="",
                source=_bill().proposed[0].source,
            )


class TestLayering:
    @given(
        st.dictionaries(st.text(max_size=3), st.integers()),
        st.dictionaries(st.text(max_size=3), st.integers()),
    )
    def test_flat_tables_merge_as_a_dict_update(
        self, base: dict[str, int], over: dict[str, int]
    ) -> None:
        """Values replace; keys only below stay."""
        assert _merged(base, over) == {**base, **over}

    def test_nested_tables_merge_key_by_key(self) -> None:
        """A window table keeps the law's other kinds; a list replaces."""
        base = {"w": {"a": 1, "b": 2}, "routes": [1, 2]}

        assert _merged(base, {"w": {"b": 3}, "routes": [9]}) == {
            "w": {"a": 1, "b": 3},
            "routes": [9],
        }


def _affected_open(landscape: Any, policy: Policy) -> list[str]:
    """Arrangement ids a bill's changes reach: affected kind, in force then."""
    found = []
    for change in policy.proposed:
        first = change.commencement or change.not_before
        found += [
            a.id
            for a in landscape.arrangements
            if a.kind.value in change.affects
            and (a.period.end is None or a.period.end > first)
        ]
    return sorted(found)


class TestTheBillRule:
    def test_under_the_law_it_finds_nothing(self) -> None:
        """SPC-LEGAL-004 speaks only under a bill."""
        found = check(scenarios.england_2024_25(), rules=[rule("SPC-LEGAL-004")])

        assert list(found) == []

    def test_under_the_bill_it_cannot_judge_what_the_abolition_reaches(self) -> None:
        """One warning per arrangement in force from the earliest day, cited."""
        landscape = scenarios.england_2024_25()
        report = check(landscape, rules=[rule("SPC-LEGAL-004")], policy=_bill())

        assert sorted(f.subject for f in report) == _affected_open(landscape, _bill())
        assert {f.severity.value for f in report} == {"warning"}
        assert all("cannot be judged" in f.message for f in report)
        assert all("(a bill, not law)" in f.message for f in report)
        assert all(f.source == _bill().proposed[0].source for f in report)

    @pytest.mark.parametrize(
        ("end", "reported"),
        [(dt.date(2026, 6, 26), False), (dt.date(2026, 6, 27), True), (None, True)],
    )
    def test_an_arrangement_over_before_the_earliest_day_is_not_reached(
        self, end: dt.date | None, reported: bool
    ) -> None:
        """Ending (exclusive) on not_before: over before the bill could act."""
        landscape = with_arrangement(
            clean(), period=Period(start=dt.date(2024, 4, 1), end=end)
        )
        report = check(landscape, rules=[rule("SPC-LEGAL-004")], policy=_bill())

        assert bool(list(report)) is reported

    def test_a_day_the_user_assumes_is_used_and_said(self) -> None:
        """With a commencement given, the day is named and bounds the reach."""
        bill = _bill()
        day = dt.date(2027, 4, 1)
        assumed = attrs.evolve(
            bill,
            proposed=(attrs.evolve(bill.proposed[0], commencement=day),),
        )
        before = with_arrangement(
            clean(), period=Period(start=dt.date(2024, 4, 1), end=day)
        )
        after = with_arrangement(
            clean(), period=Period(start=dt.date(2024, 4, 1), end=dt.date(2028, 4, 1))
        )
        legal4 = [rule("SPC-LEGAL-004")]

        assert list(check(before, rules=legal4, policy=assumed)) == []
        (finding,) = check(after, rules=legal4, policy=assumed)
        assert "on 2027-04-01;" in finding.message

    def test_explain_says_what_the_rule_does_under_the_law(self) -> None:
        """The rule's text says it is silent under the law."""
        assert "Under the law this rule finds nothing." in explain("SPC-LEGAL-004")


@pytest.fixture(scope="module")
def plan_2024_25(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`speccom example england_2024_25 > plan.toml`, as a user writes it."""
    folder = tmp_path_factory.mktemp("plan")
    written = run("example", "england_2024_25")
    assert written.returncode == 0, written.stderr
    (folder / "plan.toml").write_text(written.stdout, encoding="utf-8")
    return folder


class TestTheCommandLine:
    def test_the_text_report_is_headed_by_the_bill(self, plan_2024_25: Path) -> None:
        """Status shown in the header, before any finding."""
        result = run("check", "plan.toml", "--policy", BILL, cwd=plan_2024_25)
        lines = result.stdout.splitlines()

        assert lines[1].startswith(
            f"Policy: {BILL} (a bill: proposed law, NOT in force)"
        )
        assert lines[2].startswith("  PROPOSED LAW, NOT IN FORCE")
        assert "SPC-LEGAL-004" in result.stdout
        assert result.returncode == 0  # warnings only

    def test_the_law_is_named_in_the_header_too(self, plan_2024_25: Path) -> None:
        """By default the report says it judged by the law in force."""
        result = run("check", "plan.toml", cwd=plan_2024_25)

        assert result.stdout.splitlines()[1].startswith("Policy: law (law in force)")
        assert "PROPOSED LAW" not in result.stdout

    def test_the_json_report_carries_a_structured_policy_block(
        self, plan_2024_25: Path
    ) -> None:
        """Name, title, status, and each change with its citations."""
        result = run(
            "check", "plan.toml", "--policy", BILL, "--format", "json", cwd=plan_2024_25
        )
        block = json.loads(result.stdout)["policy"]

        assert (block["name"], block["status"], block["file"]) == (BILL, "bill", None)
        assert len(block["proposed"]) == len(_bill().proposed)
        first = block["proposed"][0]
        assert first["commencement"] is None
        assert first["not_before"] == "2026-06-26"
        assert all(c["url"].startswith("https://") for c in first["source"])

    def test_explain_under_the_bill_says_so(self) -> None:
        """`speccom explain CODE --policy health_bill_2026` is labelled first."""
        result = run("explain", "SPC-LEGAL-001", "--policy", BILL)

        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"Policy: {BILL} (a bill: proposed law")
        assert "SPC-LEGAL-001: " in result.stdout
        assert "Under health_bill_2026, clause 1 and Schedule 11" in result.stdout

    def test_compare_lists_what_appears_under_the_bill(
        self, plan_2024_25: Path
    ) -> None:
        """England 2024-25 by the law, compared with the bill: labelled + and -."""
        result = run("check", "plan.toml", "--compare", BILL, cwd=plan_2024_25)
        text = result.stdout
        added = _affected_open(scenarios.england_2024_25(), _bill())

        assert result.returncode == 0, result.stderr
        assert f"Compared with {BILL} (a bill: proposed law, NOT in force)" in text
        assert f"Findings only under {BILL} ({len(added)}):" in text
        assert (
            sorted(
                line.split()[3] for line in text.splitlines() if line.startswith("  + ")
            )
            == added
        )
        assert all(
            line.startswith("  + warning  SPC-LEGAL-004 ")
            for line in text.splitlines()
            if line.startswith("  + ")
        )
        lines = text.splitlines()
        # Each finding the bill adds is followed by its message and its sources.
        assert all(
            lines[i + 2].startswith("    Source: ")
            for i, line in enumerate(lines)
            if line.startswith("  + ")
        )
        assert "Findings only under law (0):" in text

    def test_compare_in_json(self, plan_2024_25: Path) -> None:
        """The difference as data, with the compared policy's block."""
        result = run(
            "check",
            "plan.toml",
            "--compare",
            BILL,
            "--format",
            "json",
            cwd=plan_2024_25,
        )
        data = json.loads(result.stdout)

        assert data["policy"]["status"] == "law"
        assert data["compare"]["policy"]["status"] == "bill"
        assert {f["code"] for f in data["compare"]["only_under_compared"]} == {
            "SPC-LEGAL-004"
        }
        assert data["compare"]["only_under_policy"] == []
        for found in data["compare"]["only_under_compared"]:
            assert found["data"]["policy"] == BILL
            assert found["data"]["not_before"] == "2026-06-26"

    @pytest.mark.parametrize("option", ["--policy", "--compare"])
    def test_an_unknown_policy_name_exits_2_listing_the_names(
        self, option: str
    ) -> None:
        """Not a shipped name, not a file: a clear error, no traceback."""
        result = run("check", option, "health_bill_2027")

        assert result.returncode == 2
        assert (
            f"{option}: expected a shipped policy (health_bill_2026, law) or a "
            ".toml or .json file, got 'health_bill_2027'"
        ) in result.stderr
        assert "Traceback" not in result.stderr

    def test_a_name_that_is_also_a_file_is_refused(self, tmp_path: Path) -> None:
        """Ambiguity is an error, not a guess; ./NAME names the file."""
        (tmp_path / BILL).write_text("", encoding="utf-8")

        result = run("check", "--policy", BILL, cwd=tmp_path)

        assert result.returncode == 2
        assert f"write ./{BILL} for the file" in result.stderr


class TestBillRuleProperties:
    @given(strategies.landscapes())
    def test_the_law_never_reports_a_bills_change(self, landscape: Landscape) -> None:
        """Under the law in force, SPC-LEGAL-004 is silent on every plan."""
        assert list(check(landscape, rules=[rule("SPC-LEGAL-004")])) == []

    @given(strategies.landscapes())
    def test_the_bill_reports_exactly_what_its_changes_reach(
        self, landscape: Landscape
    ) -> None:
        """One warning per affected arrangement still in force on not_before."""
        report = check(landscape, rules=[rule("SPC-LEGAL-004")], policy=_bill())

        assert sorted(f.subject for f in report) == _affected_open(landscape, _bill())
        assert report.ok
