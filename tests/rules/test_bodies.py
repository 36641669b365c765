"""
Statutory bodies.

Source: Health and Care Act 2022; NHS England, annex to 2019/20 planning
guidance (STPs and ICSs advise); provider collaboratives guidance (NHS leads).
"""

from __future__ import annotations

import datetime as dt

import pytest

from speccom_model import (
    ArrangementKind,
    Budget,
    BudgetLine,
    Commissioner,
    CommissionerKind,
    FinancialYear,
    Landscape,
    Period,
    PlanningBoard,
    Severity,
    check,
    gbp,
)
from speccom_model.rules import rule
from tests.rules.builders import adding, body, clean, with_arrangement

BODY_001 = [rule("SPC-BODY-001")]


def lead_provider_to(receiver: str, *bodies: Commissioner) -> Landscape:
    landscape = adding(clean(), commissioners=list(bodies))
    return with_arrangement(
        landscape, kind=ArrangementKind.LEAD_PROVIDER, receiver=receiver, approvals=()
    )


class TestCanHold:
    def test_an_icb_holds_its_delegated_budget(self) -> None:
        """The clean plan: QE1 holds £12m in 2024-25."""
        assert check(clean(), rules=BODY_001).findings == ()

    def test_a_collaborative_is_paid_through_its_nhs_lead(self) -> None:
        """A collaborative with an NHS trust as lead is fine."""
        collaborative = body("SLP", CommissionerKind.PROVIDER_COLLABORATIVE, lead="RV5")

        assert (
            check(lead_provider_to("SLP", collaborative), rules=BODY_001).findings == ()
        )

    def test_a_collaborative_with_no_lead_cannot_hold_money(self) -> None:
        """Not a legal entity: someone must hold the budget."""
        collaborative = body("SLP", CommissionerKind.PROVIDER_COLLABORATIVE)

        (finding,) = check(lead_provider_to("SLP", collaborative), rules=BODY_001)

        assert "cannot hold a budget" in finding.message
        assert "£12m" in finding.message

    @pytest.mark.parametrize(("year", "fires"), [(2022, False), (2023, True)])
    def test_a_ccg_budget_after_its_abolition_is_an_error(
        self, year: int, fires: bool
    ) -> None:
        """2022-23 began with CCGs (to 30 June); 2023-24 had none."""
        budget = Budget(
            holder="00C",
            year=FinancialYear(year),
            lines=[BudgetLine(service="2", allocation=gbp("£1m"))],
        )

        report = check(adding(clean(), budgets=[budget]), rules=BODY_001)

        assert bool(report.findings) is fires

    def test_an_stp_holding_a_budget_is_an_error(self) -> None:
        """Partnerships hold no money."""
        budget = Budget(
            holder="E54000048",
            year=FinancialYear(2019),
            lines=[BudgetLine(service="2", allocation=gbp("£1m"))],
        )

        (finding,) = check(adding(clean(), budgets=[budget]), rules=BODY_001)

        assert finding.subject == "E54000048/2019-20"
        assert "an STP / ICS partnership" in finding.message


class TestAdvisory:
    def board(self, **kw: object) -> PlanningBoard:
        fields: dict[str, object] = {
            "code": "PB-Y62",
            "name": "Board",
            "led_by": "Y62",
            "period": Period(start=dt.date(2019, 4, 1)),
        }
        fields.update(kw)
        return PlanningBoard(**fields)  # type: ignore[arg-type]

    def test_stps_advising_pass(self) -> None:
        """The 2019-20 model."""
        assert (
            check(
                adding(clean(), planning_boards=[self.board(advisers={"E54000048"})])
            ).findings
            == ()
        )

    def test_an_stp_deciding_is_an_error(self) -> None:
        """Advisory role only."""
        report = check(
            adding(clean(), planning_boards=[self.board(decision_makers={"E54000048"})])
        )

        assert report.codes() == {"SPC-BODY-002"}
        assert report.findings[0].subject == "PB-Y62/E54000048"

    def test_a_board_not_led_by_nhs_england_is_an_error(self) -> None:
        """The boards are NHS England-led."""
        report = check(adding(clean(), planning_boards=[self.board(led_by="QE1")]))

        assert report.codes() == {"SPC-BODY-002"}
        assert "NHS England-led" in report.findings[0].message


class TestNhsLead:
    def test_an_independent_lead_is_an_error(self) -> None:
        """A lead provider must be an NHS body."""
        independent = body("NV1", CommissionerKind.INDEPENDENT_PROVIDER)

        report = check(lead_provider_to("NV1", independent))

        assert "SPC-BODY-003" in report.codes()
        (finding,) = [f for f in report if f.code == "SPC-BODY-003"]
        assert "not an NHS body" in finding.message

    def test_a_collaborative_without_an_nhs_lead_is_an_error(self) -> None:
        """Someone NHS must lead."""
        report = check(
            lead_provider_to(
                "SLP", body("SLP", CommissionerKind.PROVIDER_COLLABORATIVE)
            )
        )

        assert "SPC-BODY-003" in report.codes()


class TestShapes:
    def test_an_odd_code_is_information_not_an_error(self) -> None:
        """Never reject a real code for its shape alone."""
        odd = body("ABCDEFG", CommissionerKind.ICB)

        report = check(adding(clean(), commissioners=[odd]))

        assert report.codes() == {"SPC-BODY-004"}
        assert (report.findings[0].severity, report.ok) == (Severity.INFO, True)


def test_budget_check_on_a_date_uses_that_day() -> None:
    """Checked on 1 July 2022, a CCG's 2022-23 budget is out of time."""
    budget = Budget(
        holder="00C",
        year=FinancialYear(2022),
        lines=[BudgetLine(service="2", allocation=gbp("£1m"))],
    )
    landscape = adding(clean(), budgets=[budget])

    assert check(landscape, rules=BODY_001, on=dt.date(2022, 6, 30)).findings == ()
    assert len(check(landscape, rules=BODY_001, on=dt.date(2022, 7, 1)).findings) == 1
