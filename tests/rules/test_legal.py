"""
Legal form.

Source: NHS Act 2006 s.13V, s.13Z, s.13ZA, s.65Z5; SI 2022/642; Health and Care
Act 2022; SI 2012/2996 Schedule 4.
"""

from __future__ import annotations

import datetime as dt

import pytest

from speccom_model import ArrangementKind, Landscape, Period, Policy, Severity, check
from speccom_model.rules import rule
from speccom_model.rules.legal import lawful_window
from tests.rules.builders import clean, with_arrangement

LEGAL_001 = [rule("SPC-LEGAL-001")]
LEGAL_003 = [rule("SPC-LEGAL-003")]


def co_commissioning_to_00c(start: dt.date) -> Landscape:
    return with_arrangement(
        clean(),
        kind=ArrangementKind.CO_COMMISSIONING,
        receiver="00C",
        services={"2"},
        places={"00C"},
        period=Period(start=start),
        budget_transferred={},
        approvals=(),
    )


class TestLawfulKind:
    @pytest.mark.parametrize(
        ("start", "fires"), [(dt.date(2022, 6, 30), True), (dt.date(2022, 7, 1), False)]
    )
    def test_s65z5_delegation_from_1_july_2022(
        self, start: dt.date, fires: bool
    ) -> None:
        """Not a day before the Health and Care Act 2022 commenced."""
        landscape = with_arrangement(
            clean(), period=Period(start=start), budget_transferred={}
        )

        assert bool(check(landscape, rules=LEGAL_001).findings) is fires

    def test_delegation_to_an_icb_in_2019_is_an_error_citing_s65z5(self) -> None:
        """The law of 2019 had no s.65Z5."""
        landscape = with_arrangement(
            clean(),
            period=Period(start=dt.date(2019, 4, 1)),
            budget_transferred={},
            approvals=(),
        )

        (finding,) = check(landscape, rules=LEGAL_001)

        assert (finding.severity, finding.subject) == (Severity.ERROR, "A1")
        assert "from 2022-07-01" in finding.message
        assert "s.65Z5" in [c.section for c in finding.source]
        assert all(c.url.startswith("https://") for c in finding.source)

    def test_checked_on_a_date_applies_that_dates_law(self) -> None:
        """A 2019 check and a 2024 check of one plan apply different law."""
        plan = with_arrangement(clean(), period=Period(start=dt.date(2024, 4, 1)))

        assert check(plan, rules=LEGAL_001, on=dt.date(2024, 4, 1)).findings == ()
        assert check(plan, rules=LEGAL_001).findings == ()

    def test_a_kind_missing_from_the_policy_is_unlawful(self) -> None:
        """A policy that removes a kind's window makes it unlawful."""
        import attrs

        from speccom_model import DEFAULT_POLICY

        windows = {
            k: v
            for k, v in DEFAULT_POLICY.arrangement_windows.items()
            if k != "icb-delegation"
        }
        policy = attrs.evolve(DEFAULT_POLICY, arrangement_windows=windows)

        (finding,) = check(clean(), rules=LEGAL_001, policy=policy)

        assert "not a lawful arrangement" in finding.message


class TestWholesale:
    def test_a_wholesale_transfer_is_always_an_error_citing_ministers(self) -> None:
        """Only ministers change the list."""
        landscape = with_arrangement(clean(), kind=ArrangementKind.WHOLESALE_TRANSFER)

        report = check(landscape)

        assert report.codes() == {"SPC-LEGAL-002"}
        assert "ministers" in report.findings[0].message
        assert "Schedule 4" in report.findings[0].message


class TestReceiver:
    @pytest.mark.parametrize(
        ("on", "fires"), [(dt.date(2022, 6, 30), False), (dt.date(2022, 7, 1), True)]
    )
    def test_a_ccg_cannot_receive_after_30_june_2022(
        self, on: dt.date, fires: bool
    ) -> None:
        """A co-commissioning arrangement with a CCG, judged either side of the line."""
        landscape = co_commissioning_to_00c(dt.date(2015, 4, 1))

        assert bool(check(landscape, rules=LEGAL_003, on=on).findings) is fires

    def test_after_succession_the_icb_is_judged_as_receiver(self) -> None:
        """The CCG's arrangement passes to its ICB, which cannot take co-commissioning."""
        landscape = co_commissioning_to_00c(dt.date(2015, 4, 1))

        (finding,) = check(landscape, rules=LEGAL_003, on=dt.date(2024, 4, 1))

        assert "QHM (succeeding 00C) is an ICB" in finding.message
        assert "a CCG" in finding.message

    def test_a_ccg_that_claims_to_live_on_is_still_refused(self) -> None:
        """CCGs were abolished, whatever a record says."""
        import attrs

        from speccom_model import Commissioner, CommissionerKind

        landscape = co_commissioning_to_00c(dt.date(2023, 4, 1))
        immortal = Commissioner(
            code="00C",
            name="CCG",
            kind=CommissionerKind.CCG,
            lifetime=Period(start=dt.date(2013, 4, 1)),
        )
        bodies = [immortal if b.code == "00C" else b for b in landscape.commissioners]
        landscape = attrs.evolve(landscape, commissioners=bodies, successions=())

        (finding,) = check(landscape, rules=LEGAL_003)

        assert "CCGs cannot receive after 2022-06-30" in finding.message

    def test_the_wrong_kind_of_receiver_is_an_error(self) -> None:
        """s.65Z5 delegation goes to ICBs, not to an NHS trust."""
        landscape = with_arrangement(clean(), receiver="RV5")

        codes = check(landscape).codes()

        assert "SPC-LEGAL-003" in codes

    def test_a_receiver_that_does_not_exist_yet_is_an_error(self) -> None:
        """QE1 did not exist in 2015."""
        landscape = with_arrangement(
            clean(),
            kind=ArrangementKind.JOINT_APPOINTMENT,
            period=Period(start=dt.date(2015, 4, 1)),
            budget_transferred={},
            approvals=(),
        )

        (finding,) = check(landscape, rules=LEGAL_003)

        assert "does not exist on 2015-04-01" in finding.message


class TestLawfulWindow:
    """lawful_window: the one reading of the windows, for SPC-LEGAL-001 and why()."""

    @pytest.mark.parametrize(
        ("day", "lawful"), [(dt.date(2022, 6, 30), False), (dt.date(2022, 7, 1), True)]
    )
    def test_a_kind_is_lawful_inside_its_window(
        self, day: dt.date, lawful: bool
    ) -> None:
        """The window's own boundary."""
        window, reason = lawful_window(ArrangementKind.ICB_DELEGATION, day, Policy())

        assert window == Policy().arrangement_windows["icb-delegation"]
        assert (reason is None) is lawful

    def test_a_wholesale_transfer_is_never_lawful(self) -> None:
        """Whatever the policy: only ministers change the list."""
        window, reason = lawful_window(
            ArrangementKind.WHOLESALE_TRANSFER, dt.date(2024, 4, 1), Policy()
        )

        assert window is None
        assert reason is not None
        assert "never lawful" in reason

    def test_a_kind_without_a_window_is_lawful_on_no_day(self) -> None:
        """A policy may drop a kind altogether."""
        windows = dict(Policy().arrangement_windows)
        del windows["pooled-budget"]
        policy = Policy(arrangement_windows=windows)

        window, reason = lawful_window(
            ArrangementKind.POOLED_BUDGET, dt.date(2024, 4, 1), policy
        )

        assert window is None
        assert reason is not None
        assert "under this policy" in reason
