"""
Money follows responsibility.

Source: NHS Clinical Commissioners (HSJ, 2014): "We need the resources to shift
with the responsibility."
"""

from __future__ import annotations

import attrs
import pytest

from speccom_model import (
    ArrangementKind,
    Budget,
    BudgetLine,
    Contribution,
    DelegationArrangement,
    FinancialYear,
    Landscape,
    Period,
    PooledBudget,
    Severity,
    check,
    gbp,
    summarise,
)
from tests.rules.builders import START, YEAR, adding, clean, with_arrangement


class TestFollows:
    @pytest.mark.parametrize(
        ("moved", "fires"), [("£12m", False), ("£13m", False), ("£11,999,999.99", True)]
    )
    def test_at_least_the_baseline_moves(self, moved: str, fires: bool) -> None:
        """A penny short is short."""
        report = check(with_arrangement(clean(), budget_transferred={YEAR: gbp(moved)}))

        assert ("SPC-MONEY-001" in report.codes()) is fires

    def test_an_unfunded_transfer_names_the_shortfall(self) -> None:
        """The bits that are too hard: £12m of work, £4.5m of money."""
        report = check(
            with_arrangement(clean(), budget_transferred={YEAR: gbp("£4.5m")})
        )

        # QE1's budget holds £12m but £4.5m moved: SPC-MONEY-002 too.
        assert report.codes() == {"SPC-MONEY-001", "SPC-MONEY-002"}
        (finding,) = [f for f in report if f.code == "SPC-MONEY-001"]
        assert (finding.severity, finding.subject) == (Severity.ERROR, "A1/2024-25")
        assert "£7.5m short" in finding.message
        assert "baseline of £12m" in finding.message

    def test_no_money_at_all_is_the_whole_baseline_short(self) -> None:
        """No transfer recorded for the year: nothing moved."""
        report = check(with_arrangement(clean(), budget_transferred={}))

        assert "£12m short" in report.findings[0].message

    def test_without_a_baseline_the_rule_says_nothing(self) -> None:
        """A rule that cannot apply says nothing."""
        landscape = attrs.evolve(
            with_arrangement(clean(), budget_transferred={}), baselines=()
        )

        assert "SPC-MONEY-001" not in check(landscape).codes()


def _holding(landscape: Landscape, holder: str, *lines: BudgetLine) -> Landscape:
    """The landscape with ``holder``'s 2024-25 budget replaced by ``lines``."""
    budgets = [b for b in landscape.budgets if b.holder != holder]
    return attrs.evolve(
        landscape, budgets=[*budgets, Budget(holder=holder, year=YEAR, lines=lines)]
    )


class TestMatches:
    """SPC-MONEY-002: each transfer matches what the receiver's budget holds."""

    def test_a_transfer_its_receiver_holds_passes(self) -> None:
        """£12m moved, £12m in QE1's line for service 1: to the penny."""
        assert "SPC-MONEY-002" not in check(clean()).codes()

    def test_more_moved_than_held_names_both_amounts_and_the_difference(
        self,
    ) -> None:
        """The issue's example: £120m transferred, £80m in the receiver's lines."""
        landscape = _holding(
            with_arrangement(clean(), budget_transferred={YEAR: gbp("£120m")}),
            "QE1",
            BudgetLine(service="1", allocation=gbp("£80m")),
        )

        (finding,) = [f for f in check(landscape) if f.code == "SPC-MONEY-002"]

        assert (finding.severity, finding.subject) == (Severity.ERROR, "A1/2024-25")
        assert finding.message == (
            "A1 transfers £120,000,000.00 to QE1 in 2024-25, but QE1's budget lines "
            "for its services (1 line) hold(s) £80,000,000.00: £40,000,000.00 more "
            "moved than held"
        )

    def test_a_transfer_in_a_year_nothing_else_mentions_is_judged(self) -> None:
        """
        No year with money in it is skipped: a transfer alone puts it there.

        A1 runs on from 2024-25; £1m recorded for 2025-26, a year in which no
        budget, allocation or baseline is recorded, is money moved that nobody
        holds.
        """
        later = YEAR + 1
        landscape = with_arrangement(
            clean(), budget_transferred={YEAR: gbp("£12m"), later: gbp("£1m")}
        )

        assert later in landscape.years()
        (finding,) = [f for f in check(landscape) if f.code == "SPC-MONEY-002"]
        assert finding.subject == "A1/2025-26"
        assert finding.message.endswith(
            "hold(s) £0.00: £1,000,000.00 more moved than held"
        )
        assert [str(y.year) for y in summarise(landscape)] == ["2024-25", "2025-26"]

    @pytest.mark.parametrize(
        ("moved", "difference"),
        [("£12,000,000.01", "£0.01 more moved than held"), ("£11,999,999.99", None)],
    )
    def test_a_penny_off_is_off(self, moved: str, difference: str | None) -> None:
        """One penny either way is a finding; the line holds £12m."""
        report = check(with_arrangement(clean(), budget_transferred={YEAR: gbp(moved)}))

        (finding,) = [f for f in report if f.code == "SPC-MONEY-002"]
        assert finding.message.endswith(difference or "£0.01 more held than moved")

    def test_held_but_never_moved_is_a_finding(self) -> None:
        """QE1 holds £12m for service 1; the delegation records no transfer."""
        report = check(with_arrangement(clean(), budget_transferred={}))

        (finding,) = [f for f in report if f.code == "SPC-MONEY-002"]
        assert "transfers £0.00 to QE1" in finding.message
        assert "£12,000,000.00 more held than moved" in finding.message

    def test_only_lines_for_its_services_and_places_count(self) -> None:
        """A line for another service, or another place, is not the transfer's."""
        landscape = _holding(
            clean(),
            "QE1",
            BudgetLine(service="1", allocation=gbp("£12m")),
            BudgetLine(service="2", allocation=gbp("£5m")),
            BudgetLine(service="1", allocation=gbp("£3m"), place="QHM"),
        )
        landscape = attrs.evolve(
            landscape,
            allocations=[attrs.evolve(landscape.allocations[0], amount=gbp("£108m"))],
        )

        assert check(landscape).findings == ()

    def test_a_pool_matches_england_s_contribution(self) -> None:
        """A pooled budget's transfer is NHS England's contribution to its pool."""
        pool = PooledBudget(
            code="P1",
            year=YEAR,
            host="QHM",
            services={"2"},
            contributions=[
                Contribution(contributor="X24", amount=gbp("£1m")),
                Contribution(contributor="QHM", amount=gbp("£3m")),
            ],
        )
        pooled = DelegationArrangement(
            id="POOL",
            kind=ArrangementKind.POOLED_BUDGET,
            receiver="QHM",
            services={"2"},
            places={"QHM"},
            period=Period(start=START),
            pooled_budget="P1",
            budget_transferred={YEAR: gbp("£1,000,000.01")},
        )
        landscape = adding(clean(), pooled_budgets=[pool], arrangements=[pooled])

        (finding,) = [f for f in check(landscape) if f.code == "SPC-MONEY-002"]
        assert finding.subject == "POOL/2024-25"
        assert finding.message == (
            "POOL transfers £1,000,000.01 to QHM in 2024-25, but NHS England's "
            "contribution to P1 hold(s) £1,000,000.00: £0.01 more moved than held"
        )
        exact = attrs.evolve(pooled, budget_transferred={YEAR: gbp("£1m")})
        matched = adding(clean(), pooled_budgets=[pool], arrangements=[exact])
        assert "SPC-MONEY-002" not in check(matched).codes()
        # A pooled arrangement that records no transfer is recorded by its
        # pool's contributions alone: nothing to match.
        unrecorded = attrs.evolve(pooled, budget_transferred={})
        alone = adding(clean(), pooled_budgets=[pool], arrangements=[unrecorded])
        assert "SPC-MONEY-002" not in check(alone).codes()


class TestMoves:
    """SPC-MONEY-003: money moves where, and only where, the kind moves it."""

    @pytest.mark.parametrize(
        "kind",
        [
            ArrangementKind.JOINT_APPOINTMENT,
            ArrangementKind.CO_COMMISSIONING,
        ],
    )
    def test_no_transfer_is_owed_where_england_keeps_the_money(
        self, kind: ArrangementKind
    ) -> None:
        """SPC-MONEY-001 asks nothing of a kind under which NHS England pays."""
        landscape = with_arrangement(clean(), kind=kind, budget_transferred={})

        codes = check(landscape).codes()

        assert not codes & {"SPC-MONEY-001", "SPC-MONEY-002", "SPC-MONEY-003"}

    def test_money_recorded_as_moved_where_england_keeps_it_is_a_warning(
        self,
    ) -> None:
        """A joint appointment recording £12m moved to QE1."""
        landscape = with_arrangement(clean(), kind=ArrangementKind.JOINT_APPOINTMENT)

        (finding,) = [f for f in check(landscape) if f.code == "SPC-MONEY-003"]

        assert (finding.severity, finding.subject) == (
            Severity.WARNING,
            "A1/2024-25",
        )
        assert finding.message == (
            "A1 records £12,000,000.00 moved to QE1 in 2024-25, but under "
            "joint-appointment NHS England keeps the money: none moves"
        )

    def test_a_year_with_money_and_no_transfer_is_a_warning(self) -> None:
        """Money recorded for 2025-26 only; 2024-25 has money but none moved."""
        later = FinancialYear(2025)
        landscape = with_arrangement(
            _holding(clean(), "QE1"), budget_transferred={later: gbp("£12m")}
        )
        first = landscape.allocations[0]
        landscape = attrs.evolve(
            landscape,
            baselines=(),
            allocations=[
                attrs.evolve(first, amount=gbp("£88m")),
                # 2025-26 holds what moved that year, and balances.
                attrs.evolve(first, year=later, amount=gbp("£12m")),
            ],
            budgets=[
                *landscape.budgets,
                Budget(
                    holder="QE1",
                    year=later,
                    lines=[BudgetLine(service="1", allocation=gbp("£12m"))],
                ),
            ],
        )

        report = check(landscape)

        assert [(f.code, f.severity, f.subject) for f in report] == [
            ("SPC-MONEY-003", Severity.WARNING, "A1/2024-25")
        ]
        assert report.findings[0].message == (
            "A1 (icb-delegation) is in force in 2024-25, a year with money "
            "recorded, but moves no money to QE1 that year (it records money "
            "moved in 2025-26)"
        )

    def test_a_penny_moved_is_some(self) -> None:
        """The boundary: £0.01 moved is not none (SPC-MONEY-002 judges the amount)."""
        landscape = with_arrangement(clean(), budget_transferred={YEAR: gbp("£0.01")})

        assert "SPC-MONEY-003" not in check(landscape).codes()


class TestNeverMoves:
    """SPC-MONEY-004: high-cost drugs and devices stay with NHS England."""

    def test_kept_money_in_england_s_budget_passes_and_is_shown(self) -> None:
        """X24 holds £5m of high-cost drugs and devices: lawful, and summarised."""
        landscape = _holding(
            clean(),
            "X24",
            BudgetLine(service="2", allocation=gbp("£83m")),
            BudgetLine(service="1", allocation=gbp("£5m"), kept_by_nhs_england=True),
        )

        (year,) = summarise(landscape)

        assert check(landscape).findings == ()
        assert year.kept_by_nhs_england == gbp("£5m")

    def test_kept_money_in_an_icb_budget_is_an_error(self) -> None:
        """The line is QE1's: the money never moves to it."""
        landscape = _holding(
            clean(),
            "QE1",
            BudgetLine(service="1", allocation=gbp("£12m"), kept_by_nhs_england=True),
        )

        report = check(landscape)

        assert [(f.code, f.severity, f.subject) for f in report] == [
            ("SPC-MONEY-004", Severity.ERROR, "QE1/2024-25/1")
        ]
        assert report.findings[0].message == (
            "QE1's 2024-25 budget holds £12,000,000.00 of high-cost drugs and "
            "devices for service 1, money NHS England keeps: it never moves to "
            "another body"
        )

    def test_an_unmarked_line_is_not_kept(self) -> None:
        """The boundary: the same line without the mark is QE1's to hold."""
        assert "SPC-MONEY-004" not in check(clean()).codes()
