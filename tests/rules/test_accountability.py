"""
Accountability.

Source: NHS Act 2006 s.13Z(6): arrangements "do not affect the liability of the
Board".
"""

from __future__ import annotations

import pytest

from speccom_model import ArrangementKind, LegalLiability, Severity, check
from tests.rules.builders import clean, with_arrangement


class TestLiability:
    def test_claiming_nhs_england_stays_liable_passes(self) -> None:
        """The truth is no finding."""
        landscape = with_arrangement(
            clean(), liability_claimed=LegalLiability.NHS_ENGLAND
        )

        assert check(landscape).findings == ()

    @pytest.mark.parametrize("kind", [ArrangementKind.ICB_DELEGATION])
    def test_claiming_the_receiver_becomes_liable_is_an_error(
        self, kind: ArrangementKind
    ) -> None:
        """Delegation never moves liability."""
        landscape = with_arrangement(
            clean(), kind=kind, liability_claimed=LegalLiability.RECEIVER
        )

        report = check(landscape)

        assert report.codes() == {"SPC-ACC-001"}
        assert (report.findings[0].severity, report.findings[0].subject) == (
            Severity.ERROR,
            "A1",
        )
        assert "accountable commissioner" in report.findings[0].message

    def test_a_wholesale_transfer_claiming_nhs_england_stays_liable_is_an_error(
        self,
    ) -> None:
        """The one kind that moves liability."""
        landscape = with_arrangement(
            clean(),
            kind=ArrangementKind.WHOLESALE_TRANSFER,
            liability_claimed=LegalLiability.NHS_ENGLAND,
        )

        assert check(landscape).codes() == {"SPC-ACC-001", "SPC-LEGAL-002"}
