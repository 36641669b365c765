"""
Money follows responsibility.

Source: NHS Clinical Commissioners (HSJ, 2014): "We need the resources to shift
with the responsibility."
"""

from __future__ import annotations

import attrs
import pytest

from speccom_model import Severity, check, gbp
from tests.rules.builders import YEAR, clean, with_arrangement


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

        assert report.codes() == {"SPC-MONEY-001"}
        finding = report.findings[0]
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
