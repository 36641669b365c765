"""
Approvals.

Source: NHS England, annex to 2019/20 planning guidance; Roadmap for integrating
specialised services within ICSs (2022).
"""

from __future__ import annotations

import datetime as dt

import pytest

from speccom_model import (
    Approval,
    ApprovalOutcome,
    ApprovalStage,
    ArrangementKind,
    Period,
    Severity,
    check,
)
from speccom_model.rules import DEFAULT_RULES
from tests.rules.builders import APPROVALS_2023, clean, with_arrangement

APPROVAL_RULES = [r for r in DEFAULT_RULES if r.family == "approvals"]

PDA, NMP, BOARD = (a.stage for a in APPROVALS_2023)


def approvals(
    *steps: tuple[ApprovalStage, dt.date, ApprovalOutcome],
) -> tuple[Approval, ...]:
    return tuple(Approval(stage=s, decided_on=d, outcome=o) for s, d, o in steps)


OK = ApprovalOutcome.APPROVED


class TestRoute:
    def test_skipping_a_stage_is_an_error(self) -> None:
        """The national moderation panel comes before the Board."""
        landscape = with_arrangement(
            clean(),
            approvals=approvals(
                (PDA, dt.date(2023, 7, 3), OK), (BOARD, dt.date(2023, 12, 7), OK)
            ),
        )

        report = check(landscape)

        assert report.codes() == {"SPC-APPR-001"}
        assert (
            "before national-moderation-panel had approved"
            in report.findings[0].message
        )

    def test_a_stage_of_the_other_era_is_an_error(self) -> None:
        """A 2024 delegation does not go to the 2019 national panel."""
        steps = (
            *APPROVALS_2023[:2],
            Approval(
                stage=ApprovalStage.NATIONAL_PANEL, decided_on=dt.date(2023, 11, 1)
            ),
            APPROVALS_2023[2],
        )

        report = check(with_arrangement(clean(), approvals=steps))

        assert report.codes() == {"SPC-APPR-001"}
        assert "national-panel is not a stage" in report.findings[0].message

    def test_a_rejection_is_an_error(self) -> None:
        """Rejected at the Board, then approved anyway: still reported."""
        steps = (
            *APPROVALS_2023[:2],
            Approval(
                stage=BOARD,
                decided_on=dt.date(2023, 11, 1),
                outcome=ApprovalOutcome.REJECTED,
            ),
            APPROVALS_2023[2],
        )

        report = check(with_arrangement(clean(), approvals=steps))

        assert report.codes() == {"SPC-APPR-001"}
        assert "rejected" in report.findings[0].message

    def test_a_deferral_then_approval_is_fine(self) -> None:
        """Deferred decisions are part of the route."""
        steps = (
            *APPROVALS_2023[:2],
            Approval(
                stage=BOARD,
                decided_on=dt.date(2023, 11, 1),
                outcome=ApprovalOutcome.DEFERRED,
            ),
            APPROVALS_2023[2],
        )

        assert check(with_arrangement(clean(), approvals=steps)).findings == ()

    def test_the_2019_route_for_2019_arrangements(self) -> None:
        """Business case, regional team, national panel, board committee."""
        landscape = with_arrangement(
            clean(),
            kind=ArrangementKind.JOINT_APPOINTMENT,
            receiver="00C",
            places={"00C"},
            services={"2"},
            period=Period(start=dt.date(2020, 4, 1)),
            budget_transferred={},
            approvals=approvals(
                (ApprovalStage.BUSINESS_CASE, dt.date(2019, 6, 1), OK),
                (ApprovalStage.REGIONAL_TEAM, dt.date(2019, 8, 1), OK),
                (ApprovalStage.NATIONAL_PANEL, dt.date(2019, 10, 1), OK),
                (ApprovalStage.BOARD_COMMITTEE, dt.date(2019, 12, 1), OK),
            ),
        )

        assert check(landscape, rules=APPROVAL_RULES).findings == ()

    def test_contracts_follow_no_delegation_route(self) -> None:
        """Lead-provider contracts are procured, not approved this way."""
        landscape = with_arrangement(
            clean(), kind=ArrangementKind.LEAD_PROVIDER, receiver="RV5", approvals=()
        )

        assert not {"SPC-APPR-001", "SPC-APPR-003"} & check(landscape).codes()


class TestDates:
    def test_dates_going_backwards_are_an_error(self) -> None:
        """The panel cannot decide before the assessment it follows."""
        steps = approvals(
            (PDA, dt.date(2023, 7, 3), OK),
            (NMP, dt.date(2023, 7, 2), OK),
            (BOARD, dt.date(2023, 12, 7), OK),
        )

        report = check(with_arrangement(clean(), approvals=steps))

        assert report.codes() == {"SPC-APPR-002"}
        assert "2023-07-02" in report.findings[0].message


class TestBeforeStart:
    @pytest.mark.parametrize(
        ("day", "fires"), [(dt.date(2024, 3, 31), False), (dt.date(2024, 4, 1), True)]
    )
    def test_final_approval_strictly_before_the_start(
        self, day: dt.date, fires: bool
    ) -> None:
        """Approved the day before is in time; on the day is not."""
        steps = (*APPROVALS_2023[:2], Approval(stage=BOARD, decided_on=day))

        assert (
            "SPC-APPR-003" in check(with_arrangement(clean(), approvals=steps)).codes()
        ) is fires

    def test_awaiting_a_stage_before_the_start_is_a_warning(self) -> None:
        """A business case part-way through approval."""
        landscape = with_arrangement(clean(), approvals=APPROVALS_2023[:2])

        report = check(landscape)

        assert report.codes() == {"SPC-APPR-003"}
        assert (report.findings[0].severity, report.ok) == (Severity.WARNING, True)
        assert "awaiting nhs-england-board" in report.findings[0].message

    def test_in_force_without_final_approval_is_an_error(self) -> None:
        """Checked on a day it runs, the same plan is in error."""
        landscape = with_arrangement(clean(), approvals=APPROVALS_2023[:2])

        report = check(landscape, on=dt.date(2024, 6, 1))

        assert [(f.code, f.severity) for f in report] == [
            ("SPC-APPR-003", Severity.ERROR)
        ]
