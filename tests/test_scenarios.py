"""The named scenarios: their published figures hold, and their reports are as documented."""

from __future__ import annotations

import datetime as dt

import pytest

from speccom_model import (
    ArrangementKind,
    FinancialYear,
    Money,
    UnknownReferenceError,
    check,
    gbp,
    scenarios,
)


@pytest.mark.parametrize("scenario", scenarios.SCENARIOS, ids=lambda s: s.name)
def test_each_scenario_reports_exactly_what_it_documents(
    scenario: scenarios.Scenario,
) -> None:
    """Which codes fire, how often, and which do not."""
    assert check(scenario.build()).counts_by_code() == dict(scenario.expected)


@pytest.mark.parametrize("scenario", scenarios.SCENARIOS, ids=lambda s: s.name)
def test_each_scenario_documents_its_provenance(scenario: scenarios.Scenario) -> None:
    """Sources, and what is illustrative."""
    assert "illustrative" in scenario.provenance.lower()
    assert scenario.build().name == scenario.name


def test_unknown_names_are_refused() -> None:
    """get() names the scenarios there are."""
    with pytest.raises(UnknownReferenceError, match="england_2019_20"):
        scenarios.get("england")


class TestEngland2013:
    def test_143_services_13bn_and_the_377m_overspend(self) -> None:
        """NAO's figures, exactly."""
        landscape = scenarios.england_2013_14()
        budget = landscape.budget("X24", FinancialYear(2013))

        assert len(landscape.catalogue) == 143
        assert budget is not None
        assert (budget.allocation, budget.variance) == (gbp("£13bn"), gbp("£377m"))


class TestCoCommissioning2014:
    def test_dialysis_and_chemotherapy_are_worth_1_7bn(self) -> None:
        """HSJ 2014: collectively worth £1.7bn."""
        landscape = scenarios.ccg_cocommissioning_2014()
        year = FinancialYear(2015)
        baselines = [b.amount for b in landscape.baselines if b.year == year]

        assert sum(baselines, Money.zero()) == gbp("£1.7bn")
        assert {a.kind for a in landscape.arrangements} == {
            ArrangementKind.CO_COMMISSIONING
        }
        assert len(landscape.arrangements) == 191

    def test_unfunded_means_chemotherapy_moves_without_money(self) -> None:
        """The bits that are too hard: the shortfall adds up to chemotherapy's share."""
        funded = scenarios.ccg_cocommissioning_2014()
        unfunded = scenarios.ccg_cocommissioning_2014(funded=False)
        year = FinancialYear(2015)
        gap = sum(
            (a.transferred(year) for a in funded.arrangements), Money.zero()
        ) - sum((a.transferred(year) for a in unfunded.arrangements), Money.zero())

        assert gap == gbp("£850m")
        assert not check(unfunded).ok


class TestEngland2019:
    def test_the_published_totals_hold(self) -> None:
        """£17.7bn in all; about 70 services worth £15bn under 10 million."""
        landscape = scenarios.england_2019_20()
        year = FinancialYear(2019)
        joint = landscape.joint_planning_candidates()
        amounts = {
            line.service: line.allocation
            for budget in landscape.budgets
            for line in budget.lines
        }
        total = sum(landscape.budget_by_commissioner(year).values(), Money.zero())

        assert total == gbp("£17.7bn")
        assert len(joint) == 70
        assert len(landscape.catalogue) == 146
        by_service: dict[str, Money] = {}
        for budget in landscape.budgets:
            for line in budget.lines:
                by_service[line.service] = (
                    by_service.get(line.service, Money.zero()) + line.allocation
                )
        assert sum((by_service[s.code] for s in joint), Money.zero()) == gbp("£15bn")
        assert amounts

    def test_the_real_reference_tables_are_used(self) -> None:
        """191 CCGs, 42 STPs, 7 regions."""
        from speccom_model import CommissionerKind

        kinds = [b.kind for b in scenarios.england_2019_20().commissioners]

        assert (
            kinds.count(CommissionerKind.CCG),
            kinds.count(CommissionerKind.STP),
            kinds.count(CommissionerKind.REGION),
        ) == (191, 42, 7)

    def test_stps_advise_every_planning_board(self) -> None:
        """Every STP advises the board of its region."""
        boards = scenarios.england_2019_20().planning_boards

        assert len(boards) == 7
        assert sum(len(b.advisers) for b in boards) == 42
        assert all(not b.decision_makers for b in boards)

    def test_the_business_case_awaits_the_national_panel(self) -> None:
        """Part-way through approval: a warning, not an error, before it starts."""
        (finding,) = check(scenarios.england_2019_20())

        assert finding.subject == "WY-pooled-budget"
        assert "awaiting national-panel" in finding.message


class TestEngland2019In2024:
    def test_the_2019_plan_judged_in_2024_breaks_the_law_of_2024(self) -> None:
        """The pool's host CCG was gone by 2024, and the pool never got approved."""
        report = check(scenarios.england_2019_20(), on=dt.date(2024, 4, 1))

        assert [(f.code, f.severity.value, f.subject) for f in report] == [
            ("SPC-LEGAL-003", "error", "WY-pooled-budget"),
            ("SPC-APPR-003", "error", "WY-pooled-budget"),
        ]
        assert "does not exist on 2024-04-01" in report.findings[0].message
