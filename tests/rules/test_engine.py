"""The engine: check, Report, Rule, explain and the default rule set."""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pytest

from speccom_model import (
    DEFAULT_POLICY,
    DEFAULT_RULES,
    Finding,
    InvalidValueError,
    LegalWindow,
    Report,
    Severity,
    UnknownReferenceError,
    check,
    explain,
)
from speccom_model.citation import Citation
from speccom_model.rules import rule
from tests.rules.builders import clean, with_arrangement

FAMILIES = {
    "population",
    "ministers",
    "money",
    "legal",
    "accountability",
    "bodies",
    "approvals",
    "timing",
    "specifications",
    "coverage",
    "conservation",
    "readiness",
}


CITED = Citation(title="A test source", url="https://www.england.nhs.uk")


class TestDefaultRules:
    def test_the_clean_plan_is_clean(self) -> None:
        """The builder's landscape breaks no rule: tests break it one way at a time."""
        assert check(clean()).findings == ()

    def test_codes_are_unique_and_well_formed(self) -> None:
        """SPC-<FAMILY>-<NNN>, never two rules with one code."""
        codes = [r.code for r in DEFAULT_RULES]

        assert len(set(codes)) == len(codes)
        assert all(re.fullmatch(r"SPC-[A-Z]+-\d{3}", c) for c in codes)

    def test_codes_are_pinned(self) -> None:
        """Codes are public and never reused: this list only grows."""
        assert [r.code for r in DEFAULT_RULES] == [
            "SPC-POP-001",
            "SPC-POP-002",
            "SPC-POP-003",
            "SPC-MIN-001",
            "SPC-MIN-002",
            "SPC-MONEY-001",
            "SPC-MONEY-002",
            "SPC-MONEY-003",
            "SPC-MONEY-004",
            "SPC-LEGAL-001",
            "SPC-LEGAL-002",
            "SPC-LEGAL-003",
            "SPC-LEGAL-004",
            "SPC-ACC-001",
            "SPC-BODY-001",
            "SPC-BODY-002",
            "SPC-BODY-003",
            "SPC-BODY-004",
            "SPC-BODY-005",
            "SPC-BODY-006",
            "SPC-APPR-001",
            "SPC-APPR-002",
            "SPC-APPR-003",
            "SPC-TIME-001",
            "SPC-TIME-002",
            "SPC-SPEC-001",
            "SPC-COV-001",
            "SPC-COV-002",
            "SPC-COV-003",
            "SPC-CONS-001",
            "SPC-CONS-002",
            "SPC-CONS-003",
            "SPC-ICB-001",
        ]

    def test_every_family_of_the_design_has_rules(self) -> None:
        """DESIGN.md's eleven families, and the ICB era's readiness."""
        assert {r.family for r in DEFAULT_RULES} == FAMILIES

    def test_every_rule_names_its_source(self) -> None:
        """A rule without a source is an opinion."""
        assert all(r.source and r.title and r.explanation for r in DEFAULT_RULES)


def test_docs_rules_md_links_every_citation_of_every_rule() -> None:
    """Each rule's section links each of its sources' addresses."""
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "rules.md").read_text("utf-8")
    sections = text.split("\n### ")[1:]
    by_code = {section.split(" ", 1)[0]: section for section in sections}

    for found in DEFAULT_RULES:
        for citation in found.source:
            assert f"]({citation.url})" in by_code[found.code], found.code


def test_every_rule_is_documented_in_docs_rules_md() -> None:
    """docs/rules.md has a section per code, with its title."""
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "rules.md").read_text("utf-8")

    assert [
        r.code for r in DEFAULT_RULES if f"### {r.code} — {r.title}" not in text
    ] == []


class TestExplain:
    @pytest.mark.parametrize("code", [r.code for r in DEFAULT_RULES])
    def test_explain_gives_text_and_source(self, code: str) -> None:
        """Every rule explains itself."""
        text = explain(code)

        assert text.startswith(f"{code}: {rule(code).title}")
        for citation in rule(code).source:
            assert f"\n  {citation}" in text
            assert citation.url in text

    def test_explain_is_forgiving_of_case_and_spaces(self) -> None:
        """'spc-pop-001 ' is SPC-POP-001."""
        assert explain(" spc-pop-001 ") == explain("SPC-POP-001")

    @pytest.mark.parametrize("code", ["SPC-POP-999", "", "POP-001"])
    def test_unknown_codes_are_unknown_references(self, code: str) -> None:
        """An unknown code names the code and what codes look like."""
        with pytest.raises(UnknownReferenceError, match="SPC-POP-001"):
            explain(code)


class TestReport:
    def test_report_is_data(self) -> None:
        """ok, errors, warnings, infos, counts by code."""
        findings = [
            Finding(
                code="SPC-B",
                severity=Severity.WARNING,
                subject="s",
                message="m",
                source=CITED,
            ),
            Finding(
                code="SPC-A",
                severity=Severity.ERROR,
                subject="s",
                message="m",
                source=CITED,
            ),
            Finding(
                code="SPC-A",
                severity=Severity.INFO,
                subject="t",
                message="m",
                source=CITED,
            ),
        ]
        report = Report(findings=findings)

        assert (
            report.ok,
            len(report.errors),
            len(report.warnings),
            len(report.infos),
        ) == (False, 1, 1, 1)
        assert report.counts_by_code() == {"SPC-A": 2, "SPC-B": 1}
        assert list(report) == findings
        assert report.codes() == {"SPC-A", "SPC-B"}

    def test_warnings_alone_are_ok(self) -> None:
        """Only errors make a plan not ok."""
        finding = Finding(
            code="X", severity=Severity.WARNING, subject="s", message="m", source=CITED
        )

        assert Report(findings=[finding]).ok

    def test_check_is_deterministic(self) -> None:
        """Same input, same findings in the same order."""
        broken = with_arrangement(clean(), budget_transferred={}, approvals=())

        assert check(broken) == check(broken)


class TestCheckArguments:
    def test_rules_can_be_chosen(self) -> None:
        """Only the rules asked for run."""
        broken = with_arrangement(clean(), budget_transferred={}, approvals=())

        assert check(broken, rules=[rule("SPC-MONEY-001")]).codes() == {"SPC-MONEY-001"}
        assert check(broken, rules=[]).findings == ()

    def test_a_non_landscape_is_refused(self) -> None:
        """check() wants a Landscape."""
        with pytest.raises(InvalidValueError, match="landscape"):
            check("plan.toml")  # type: ignore[arg-type]

    def test_a_policy_naming_an_unknown_kind_is_refused(self) -> None:
        """A typo in a policy's table would otherwise be silently ignored."""
        windows = dict(DEFAULT_POLICY.arrangement_windows)
        windows["icb-delegations"] = LegalWindow(source=CITED)
        policy = attrs.evolve(DEFAULT_POLICY, arrangement_windows=windows)

        with pytest.raises(InvalidValueError, match="icb-delegations"):
            check(clean(), policy=policy)

    def test_a_policy_naming_an_unknown_body_kind_is_refused(self) -> None:
        """The same for budget windows."""
        windows = dict(DEFAULT_POLICY.budget_windows)
        windows["ics"] = LegalWindow(source=CITED)
        policy = attrs.evolve(DEFAULT_POLICY, budget_windows=windows)

        with pytest.raises(InvalidValueError, match="ics"):
            check(clean(), policy=policy)

    def test_the_report_remembers_its_date(self) -> None:
        """A report says which day it judged."""
        assert check(clean(), on=dt.date(2024, 4, 1)).on == dt.date(2024, 4, 1)
