"""Finding.data: the fixed vocabulary of facts, its checks, its JSON, its reach."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from speccom_model import Finding, InvalidValueError, Severity, check, gbp, scenarios
from speccom_model.citation import Citation
from speccom_model.periods import FinancialYear
from speccom_model.policy import Policy, policies
from speccom_model.rules import FACTS, Fact, FactKind, fact_json, rule
from speccom_model.scenarios import SCENARIOS
from speccom_model.units import Money
from tests.rules.stated import unstated

CITED = Citation(title="A test source", url="https://www.england.nhs.uk")


def finding(data: Any) -> Finding:
    return Finding(
        code="SPC-X",
        severity=Severity.ERROR,
        subject="s",
        message="m",
        source=CITED,
        data=data,
    )


#: One value of each kind, as a rule would give it.
VALUES: dict[FactKind, object] = {
    FactKind.MONEY: gbp("£12.34"),
    FactKind.INTEGER: 10_000_000,
    FactKind.DATE: dt.date(2024, 4, 1),
    FactKind.YEAR: FinancialYear(2024),
    FactKind.CODE: "QE1",
    FactKind.CODES: ("A1", "A2"),
    FactKind.TEXT: "no national specification recorded",
}


class TestVocabulary:
    def test_the_kinds_are_pinned(self) -> None:
        """The kinds, and their values, are the columns' types: fixed."""
        assert {k.name: k.value for k in FactKind} == {
            "MONEY": "money",
            "INTEGER": "integer",
            "DATE": "date",
            "YEAR": "year",
            "CODE": "code",
            "CODES": "codes",
            "TEXT": "text",
        }

    def test_each_name_has_one_kind_and_a_one_line_description(self) -> None:
        for name, fact in FACTS.items():
            assert isinstance(fact, Fact)
            assert isinstance(fact.kind, FactKind)
            assert name.isidentifier()
            assert name == name.lower()
            assert fact.description
            assert "\n" not in fact.description

    def test_the_vocabulary_is_read_only(self) -> None:
        with pytest.raises(TypeError):
            FACTS["colour"] = Fact(kind=FactKind.TEXT, description="x")  # type: ignore[index]

    def test_every_kind_is_used(self) -> None:
        """No kind is declared that no fact has."""
        assert {f.kind for f in FACTS.values()} == set(FactKind)


def test_docs_rules_md_lists_the_vocabulary() -> None:
    """The table of docs/rules.md is FACTS: every name, kind and meaning."""
    text = (Path(__file__).parents[2] / "docs" / "rules.md").read_text("utf-8")
    rows = re.findall(r"^\| `(\w+)` \| (\w+) \| (.+) \|$", text, re.MULTILINE)

    assert rows == [(n, f.kind.value, f.description) for n, f in FACTS.items()]


class TestFindingData:
    def test_a_finding_has_no_data_unless_given(self) -> None:
        assert dict(finding(None).data) == {}

    @pytest.mark.parametrize(
        "name", [next(n for n, f in FACTS.items() if f.kind is k) for k in FactKind]
    )
    def test_a_value_of_each_kind_is_kept(self, name: str) -> None:
        value = VALUES[FACTS[name].kind]

        assert finding({name: value}).data[name] == value

    def test_data_is_kept_in_the_vocabularys_order(self) -> None:
        """However it is given, so findings list their facts alike."""
        made = finding({"year": FinancialYear(2024), "arrangement": "A1"})

        assert list(made.data) == ["arrangement", "year"]

    def test_data_is_read_only_and_copied(self) -> None:
        given = {"arrangement": "A1"}
        made = finding(given)
        given["arrangement"] = "A2"

        assert made.data["arrangement"] == "A1"
        with pytest.raises(TypeError):
            made.data["arrangement"] = "A3"  # type: ignore[index]

    def test_findings_with_data_are_values(self) -> None:
        """Hashable, equal whatever the order given, and they pickle."""
        one = finding({"year": FinancialYear(2024), "amount": gbp("£5m")})
        two = finding({"amount": gbp("£5m"), "year": FinancialYear(2024)})
        other = finding({"amount": gbp("£6m"), "year": FinancialYear(2024)})

        assert one == two
        assert hash(one) == hash(two)
        assert one != other
        assert pickle.loads(pickle.dumps(one)) == one

    def test_an_unknown_name_is_refused(self) -> None:
        with pytest.raises(
            InvalidValueError, match=r"data\['colour'\]: expected a fact"
        ):
            finding({"colour": "red"})

    @pytest.mark.parametrize(
        ("name", "value", "expected"),
        [
            ("amount", 12, "money"),
            ("amount", Decimal("12.00"), "money"),
            ("population", True, "an integer"),
            ("population", 1.5, "an integer"),
            ("population", "10 million", "an integer"),
            ("date", dt.datetime(2024, 4, 1, tzinfo=dt.UTC), "a datetime.date"),
            ("date", "2024-04-01", "a datetime.date"),
            ("year", 2024, "a FinancialYear"),
            ("arrangement", "", "a code"),
            ("arrangement", 7, "a code"),
            ("places", ["P1"], "a tuple of codes"),
            ("places", ("P1", ""), "a tuple of codes"),
            ("reason", "", "non-empty text"),
        ],
    )
    def test_a_value_of_another_kind_is_refused(
        self, name: str, value: object, expected: str
    ) -> None:
        """The error names data[<key>], the value and the kind expected."""
        with pytest.raises(
            InvalidValueError, match=rf"data\['{name}'\]: expected {expected}"
        ):
            finding({name: value})

    def test_data_that_is_not_a_mapping_is_refused(self) -> None:
        with pytest.raises(InvalidValueError, match="data: expected a mapping"):
            finding([("arrangement", "A1")])

    def test_evolve_checks_data_too(self) -> None:
        with pytest.raises(InvalidValueError, match=r"data\['count'\]"):
            attrs.evolve(finding(None), data={"count": "3"})


class TestFactJson:
    @pytest.mark.parametrize(
        ("kind", "value", "expected"),
        [
            (FactKind.MONEY, gbp("£1,234.56"), "1234.56"),
            (FactKind.MONEY, -gbp("£12"), "-12.00"),
            (FactKind.MONEY, Money.zero(), "0.00"),
            (FactKind.MONEY, gbp("£999,999,999,999,999.99"), "999999999999999.99"),
            (FactKind.INTEGER, 10_000_000, 10_000_000),
            (FactKind.DATE, dt.date(2024, 4, 1), "2024-04-01"),
            (FactKind.YEAR, FinancialYear(2024), "2024-25"),
            (FactKind.YEAR, FinancialYear(2099), "2099-00"),
            (FactKind.CODE, "QE1", "QE1"),
            (FactKind.CODES, ("A1", "A2"), ["A1", "A2"]),
            (FactKind.CODES, (), []),
            (FactKind.TEXT, "words", "words"),
        ],
    )
    def test_each_kind_is_written_so(
        self, kind: FactKind, value: object, expected: object
    ) -> None:
        assert fact_json(kind, value) == expected

    def test_money_is_written_exactly_whatever_the_decimal_context(self) -> None:
        import decimal

        with decimal.localcontext(decimal.Context(prec=3)):
            assert fact_json(FactKind.MONEY, gbp("£17,712,345,678.12")) == (
                "17712345678.12"
            )

    def test_money_reads_back_exactly(self) -> None:
        amount = gbp("£17,712,345,678.12")

        assert gbp(json.loads(json.dumps(fact_json(FactKind.MONEY, amount)))) == amount


class TestRulesData:
    def test_the_2013_14_overspend_states_its_figures(self) -> None:
        """NHS England's £377m overspend of its £13bn (HSJ, 2014; NAO)."""
        (found,) = check(scenarios.england_2013_14())

        assert dict(found.data) == {
            "body": "X24",
            "year": FinancialYear(2013),
            "expected": gbp("£13bn"),
            "actual": gbp("£13.377bn"),
            "difference": gbp("£377m"),
        }

    def test_a_grouped_warning_names_every_arrangement_it_holds_back(self) -> None:
        """The message shows five and "N more"; the data has them all."""
        report = check(scenarios.england_2026_27())
        grouped = [
            f for f in report if f.code == "SPC-SPEC-001" and "more" in f.message
        ]

        assert grouped
        for found in grouped:
            held_back = found.data["held_back"]
            assert found.data["count"] == len(held_back) > 5
            assert list(held_back) == sorted(held_back)
            assert f"and {len(held_back) - 5} more" in found.message

    def test_a_money_figure_in_the_short_style_is_exact_in_data(self) -> None:
        """
        SPC-MONEY-001 writes £213m; data holds the baseline to the penny.

        The scenario splits chemotherapy's £850m equally between four CCGs.
        """
        report = check(scenarios.ccg_cocommissioning_2014(funded=False))
        found = next(f for f in report if f.code == "SPC-MONEY-001")
        baseline = gbp("£850m") / 4

        assert "baseline of £213m: £213m short" in found.message
        assert (
            found.data["expected"],
            found.data["actual"],
            found.data["difference"],
        ) == (baseline, Money.zero(), -baseline)

    def test_money_moved_to_a_committee_in_two_years_is_given_in_total(
        self,
    ) -> None:
        """A list of amounts by year is not one fact: its total and years are."""
        moved = {FinancialYear(2023): gbp("£12m"), FinancialYear(2024): gbp("£3m")}
        plan = scenarios.england_2023_24()
        arrangement = next(
            a for a in plan.arrangements if a.kind.value == "joint-committee"
        )
        changed = attrs.evolve(
            plan,
            arrangements=[
                attrs.evolve(a, budget_transferred=moved) if a is arrangement else a
                for a in plan.arrangements
            ],
        )

        (found,) = check(changed, rules=[rule("SPC-BODY-006")])

        assert found.data["amount"] == gbp("£15m")
        assert found.data["years"] == ("2023-24", "2024-25")
        assert "year" not in found.data


def _shipped() -> list[tuple[str, str, bool]]:
    return [
        (scenario.name, name, dated)
        for scenario in SCENARIOS
        for name in policies()
        for dated in (False, True)
    ]


class TestEveryStatedFigureIsInData:
    """
    Every figure a message states is in its finding's data.

    Money (short or exact), percentages of two amounts, integers (populations
    with their commas), ISO dates, financial years and the plan's codes, in
    every finding of every shipped scenario, under every shipped policy,
    judged by each arrangement's own date and on the scenario's first day.
    """

    @pytest.mark.parametrize(("name", "policy", "dated"), _shipped())
    def test_no_figure_is_left_in_the_message_alone(
        self, name: str, policy: str, dated: bool
    ) -> None:
        scenario = scenarios.get(name)
        plan = scenario.build()
        on = scenario.year.start if dated else None

        report = check(plan, policy=Policy.named(policy), on=on)

        assert {f.message: unstated(f, plan) for f in report if unstated(f, plan)} == {}

    def test_the_shipped_scenarios_give_findings_to_check(self) -> None:
        """Not vacuous: many findings, of many rules."""
        codes = {
            f.code
            for scenario in SCENARIOS
            for name in policies()
            for f in check(scenario.build(), policy=Policy.named(name))
        }

        assert len(codes) >= 8

    def test_a_figure_missing_from_data_is_caught(self) -> None:
        """The check itself: each kind of figure left out is named."""
        plan = scenarios.england_2013_14()
        bare = Finding(
            code="SPC-X",
            severity=Severity.WARNING,
            subject="X24",
            message="X24 moved £5m (£5,000,000.00, 2.9%) on 2024-04-01 in 2024-25 "
            "to 12,000 persons",
            source=CITED,
        )

        assert unstated(bare, plan) == [
            "money £5m",
            "money £5,000,000.00",
            "percentage 2.9%",
            "date 2024-04-01",
            "year 2024-25",
            "code X24",
            "number 12,000",
        ]
