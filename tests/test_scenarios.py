"""The named scenarios: their published figures hold, and their reports are as documented."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from speccom_model import (
    ArrangementKind,
    FinancialYear,
    Money,
    UnknownReferenceError,
    check,
    format_money,
    gbp,
    reference,
    scenarios,
    summarise,
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


@pytest.mark.parametrize("scenario", scenarios.SCENARIOS, ids=lambda s: s.name)
def test_each_expected_finding_is_explained_in_the_provenance(
    scenario: scenarios.Scenario,
) -> None:
    """Every rule code the report holds is named, with why, where a user reads it."""
    for code in scenario.expected:
        assert code in scenario.provenance, code


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
        assert len(landscape.arrangements) == 4

    def test_the_ccgs_are_synthetic_stand_ins_not_back_dated_2019_ccgs(self) -> None:
        """No 2014 CCG ships: four SYN- bodies, labelled, and no real CCG code."""
        from speccom_model import CommissionerKind

        landscape = scenarios.ccg_cocommissioning_2014()
        ccgs = [b for b in landscape.commissioners if b.kind is CommissionerKind.CCG]
        real = {c.code for c in reference.ccgs_2019()}

        assert [c.code for c in ccgs] == ["SYN-CC1", "SYN-CC2", "SYN-CC3", "SYN-CC4"]
        assert all(c.is_synthetic and "Illustrative" in c.name for c in ccgs)
        assert not real & {b.code for b in landscape.commissioners}
        assert all(p.source.startswith("illustrative") for p in landscape.places)

    def test_co_commissioning_in_2015_is_lawful(self) -> None:
        """s.13Z joint exercise with CCGs is lawful from April 2013: no legal finding."""
        report = check(scenarios.ccg_cocommissioning_2014())

        assert not [f for f in report if f.code.startswith("SPC-LEGAL")]

    def test_co_commissioning_moves_no_money_and_nhs_england_holds_it(self) -> None:
        """Watson: 'in partnership' with CCGs, not NHS England transferring budgets."""
        landscape = scenarios.ccg_cocommissioning_2014()
        year = FinancialYear(2015)
        allocation = landscape.allocation(year)
        england = landscape.budget("X24", year)

        assert allocation is not None
        assert england is not None
        assert [a.transferred(year) for a in landscape.arrangements] == [
            Money.zero()
        ] * 4
        assert all(not a.budget_transferred for a in landscape.arrangements)
        assert [b.holder for b in landscape.budgets] == ["X24"]
        assert england.allocation == allocation.amount

    def test_speccom_summary_shows_nhs_england_holding_the_money(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Retained: the whole allocation, in NHS England's budget; nothing moved."""
        from speccom_model.cli import main

        code = main(["summary", "--format", "json", "ccg_cocommissioning_2014"])
        (year,) = json.loads(capsys.readouterr().out)["years"]

        assert code == 0
        assert (year["retained_basis"], year["delegated"], year["moved"]) == (
            "budget",
            "0.00",
            [],
        )
        assert year["retained"] == year["allocation"] == "14600000000.00"
        assert [(b["code"], b["allocation"]) for b in year["bodies"]] == [
            ("X24", "14600000000.00")
        ]

    def test_the_unfunded_variant_is_a_wholesale_transfer_a_service_each(
        self,
    ) -> None:
        """HSJ's other option: each CCG takes each service, one arrangement a service."""
        landscape = scenarios.ccg_cocommissioning_2014(funded=False)

        assert {a.kind for a in landscape.arrangements} == {
            ArrangementKind.WHOLESALE_TRANSFER
        }
        assert sorted((a.receiver, a.services) for a in landscape.arrangements) == [
            (f"SYN-CC{i}", frozenset({code}))
            for i in range(1, 5)
            for code in ("ILL-1", "ILL-2")
        ]

    def test_unfunded_means_chemotherapy_moves_without_money(self) -> None:
        """SPC-MONEY-001 names chemotherapy's £0 moved, its baseline and the gap."""
        landscape = scenarios.ccg_cocommissioning_2014(funded=False)
        year = FinancialYear(2015)
        report = check(landscape)
        chemo = [a for a in landscape.arrangements if a.services == {"ILL-2"}]
        expected = []
        for arrangement in chemo:
            (place,) = arrangement.places
            baseline = landscape.baseline("ILL-2", place, year)
            assert baseline is not None
            moved = arrangement.transferred(year)
            message = (
                f"{arrangement.id} moves service(s) ILL-2 to "
                f"{arrangement.receiver} in {year} with {format_money(moved)} "
                f"against a baseline of {format_money(baseline)}: "
                f"{format_money(baseline - moved)} short"
            )
            expected.append((f"{arrangement.id}/{year}", message))

        assert len(chemo) == 4
        assert all(a.transferred(year) == Money.zero() for a in chemo)
        assert [
            (f.subject, f.message) for f in report if f.code == "SPC-MONEY-001"
        ] == expected

    def test_renal_dialysis_moves_its_baseline_and_is_not_judged_short(self) -> None:
        """The contrast: each dialysis transfer moves what its baseline asks."""
        landscape = scenarios.ccg_cocommissioning_2014(funded=False)
        year = FinancialYear(2015)
        dialysis = [a for a in landscape.arrangements if a.services == {"ILL-1"}]
        flagged = {f.subject for f in check(landscape) if f.code == "SPC-MONEY-001"}

        assert len(dialysis) == 4
        for arrangement in dialysis:
            (place,) = arrangement.places
            assert arrangement.transferred(year) == landscape.baseline(
                "ILL-1", place, year
            )
            assert f"{arrangement.id}/{year}" not in flagged

    def test_chemotherapy_money_stays_in_nhs_england_budget_and_reconciles(
        self,
    ) -> None:
        """What the CCGs did not get is still NHS England's; nothing unaccounted."""
        landscape = scenarios.ccg_cocommissioning_2014(funded=False)
        year = FinancialYear(2015)
        england = landscape.budget("X24", year)
        chemo = sum(
            (b.amount for b in landscape.baselines if b.service == "ILL-2"),
            Money.zero(),
        )
        (summary,) = summarise(landscape)

        assert england is not None
        assert [
            line.allocation for line in england.lines if line.service == "ILL-2"
        ] == [chemo]
        assert not [line for line in england.lines if line.service == "ILL-1"]
        assert summary.reconciled
        assert summary.delegated == sum(
            (a.transferred(year) for a in landscape.arrangements), Money.zero()
        )

    def test_no_ministers_change_is_made_up_so_legal_002_names_each_transfer(
        self,
    ) -> None:
        """Halted in 2015: no change to the list recorded; each transfer is an error."""
        landscape = scenarios.ccg_cocommissioning_2014(funded=False)
        report = check(landscape)
        legal = [f for f in report if f.code.startswith("SPC-LEGAL")]

        assert landscape.proposed_changes == ()
        assert landscape.catalogue.amendments == ()
        assert not [f for f in report if f.code.startswith("SPC-MIN")]
        assert {f.code for f in legal} == {"SPC-LEGAL-002"}
        assert sorted(f.subject for f in legal) == sorted(
            a.id for a in landscape.arrangements
        )


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
        """191 named CCGs alive on 1 April 2019, 42 STPs, 7 regions."""
        from speccom_model import CommissionerKind

        day = dt.date(2019, 4, 1)
        bodies = scenarios.england_2019_20().commissioners
        alive = [b for b in bodies if b.lifetime.contains(day)]
        kinds = [b.kind for b in alive]
        names = {n.code: n.name for n in reference.ccg_names()}
        ccgs = {b.code: b.name for b in alive if b.kind is CommissionerKind.CCG}

        assert (
            kinds.count(CommissionerKind.CCG),
            kinds.count(CommissionerKind.STP),
            kinds.count(CommissionerKind.REGION),
        ) == (191, 42, 7)
        assert ccgs == names

    def test_the_ccgs_merged_on_1_april_2019_are_predecessors(self) -> None:
        """Six CCGs, closed the day Devon and Derby and Derbyshire began."""
        landscape = scenarios.england_2019_20()
        day = dt.date(2019, 4, 1)
        merged: dict[str, str | None] = {
            s.predecessor: s.successor
            for s in landscape.successions
            if s.effective == day
        }

        assert merged == {
            m.predecessor: m.successor
            for m in reference.ccg_mergers()
            if m.effective == day
        }
        assert set(merged.values()) == {"15M", "15N"}
        for code in merged:
            assert landscape.commissioner(code).lifetime.end == day

    def test_a_ccg_merged_in_april_2020_answers_its_successor(self) -> None:
        """02N's area is 36J's from 1 April 2020, through the succession."""
        landscape = scenarios.england_2019_20()
        before = landscape.commissioner_of("02N", dt.date(2020, 3, 31))
        after = landscape.commissioner_of("02N", dt.date(2020, 4, 1))

        assert before is not None
        assert after is not None
        assert (before.code, after.code) == ("02N", "36J")

    def test_stps_advise_every_planning_board(self) -> None:
        """Every STP advises the board of its region."""
        boards = scenarios.england_2019_20().planning_boards

        assert len(boards) == 7
        assert sum(len(b.advisers) for b in boards) == 42
        assert all(not b.decision_makers for b in boards)

    def test_the_business_case_awaits_the_national_panel(self) -> None:
        """Part-way through approval: a warning, not an error, before it starts."""
        report = check(scenarios.england_2019_20())
        (finding,) = [f for f in report if f.code == "SPC-APPR-003"]

        assert finding.subject == "WY-pooled-budget"
        assert "awaiting national-panel" in finding.message

    def test_the_lead_provider_moves_no_money_in_2020_21(self) -> None:
        """The plan records the South London transfer for 2019-20 only."""
        report = check(scenarios.england_2019_20())

        assert [
            (f.code, f.severity.value, f.subject)
            for f in report
            if f.code.startswith("SPC-MONEY")
        ] == [
            (
                "SPC-MONEY-003",
                "warning",
                "SL-mental-health-collaborative/2020-21",
            )
        ]

    def test_2020_21_reconciles_by_difference(self) -> None:
        """CIPFA's £18.82bn less NHS England's £40m in the West Yorkshire pool."""
        (_, year) = summarise(scenarios.england_2019_20())

        assert year.retained_basis.value == "by-difference"
        assert year.retained == gbp("£18,780,000,000")
        assert (year.pooled, year.unaccounted) == (gbp("£40m"), gbp("£0"))


class TestEngland2019In2024:
    def test_the_2019_plan_judged_in_2024_breaks_the_law_of_2024(self) -> None:
        """The pool's host CCG was gone by 2024, and the pool never got approved."""
        report = check(scenarios.england_2019_20(), on=dt.date(2024, 4, 1))

        assert [(f.code, f.severity.value, f.subject) for f in report] == [
            ("SPC-LEGAL-003", "error", "WY-pooled-budget"),
            ("SPC-APPR-003", "error", "WY-pooled-budget"),
        ]
        assert "does not exist on 2024-04-01" in report.findings[0].message
