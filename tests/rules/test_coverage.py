"""
Coverage.

Source: NHS Act 2006 s.3B, s.13Z, s.65Z5: one responsible body per service, place
and day; NHS England holds what is not delegated.
"""

from __future__ import annotations

import datetime as dt

import attrs

from speccom_model import (
    ArrangementKind,
    Period,
    Severity,
    Succession,
    SuccessionKind,
    check,
)
from tests.rules.builders import DELEGATION, adding, clean, succeeding


class TestOneBody:
    def test_overlapping_arrangements_are_an_error(self) -> None:
        """Two bodies for service 1 in QE1 from 1 April 2025."""
        second = attrs.evolve(
            DELEGATION,
            id="A2",
            kind=ArrangementKind.JOINT_APPOINTMENT,
            period=Period(start=dt.date(2025, 4, 1)),
            budget_transferred={},
        )

        report = check(adding(clean(), arrangements=[second]))

        assert report.codes() == {"SPC-COV-001"}
        finding = report.findings[0]
        assert (finding.severity, finding.subject) == (Severity.ERROR, "A1+A2")
        assert "from 2025-04-01" in finding.message

    def test_back_to_back_arrangements_do_not_overlap(self) -> None:
        """One ends on 1 April as the next begins."""
        first = attrs.evolve(
            DELEGATION,
            id="A0",
            period=Period(start=dt.date(2023, 4, 1), end=dt.date(2024, 4, 1)),
            notice_given=dt.date(2023, 9, 1),
            budget_transferred={},
            approvals=(),
        )
        landscape = adding(clean(), arrangements=[first])

        assert "SPC-COV-001" not in check(landscape).codes()

    def test_on_a_date_only_that_days_overlaps_count(self) -> None:
        """An overlap from 2025 is not one on 1 April 2024."""
        second = attrs.evolve(
            DELEGATION,
            id="A2",
            period=Period(start=dt.date(2025, 4, 1)),
            budget_transferred={},
        )
        landscape = adding(clean(), arrangements=[second])

        assert "SPC-COV-001" not in check(landscape, on=dt.date(2024, 4, 1)).codes()
        assert "SPC-COV-001" in check(landscape, on=dt.date(2025, 4, 1)).codes()


class TestPasses:
    def test_a_successor_takes_over_as_information(self) -> None:
        """QE1 merges into QHM in 2025: the arrangement passes to it."""
        merger = Succession(
            predecessor="QE1",
            successor="QHM",
            effective=dt.date(2025, 4, 1),
            kind=SuccessionKind.MERGER,
        )
        landscape = succeeding(clean(), merger)

        report = check(landscape)

        assert [(f.code, f.severity) for f in report] == [
            ("SPC-COV-002", Severity.INFO)
        ]
        assert (
            "passes from QE1 to QHM on 2025-04-01 (merger)"
            in report.findings[0].message
        )

    def test_a_closure_returns_responsibility_to_nhs_england(self) -> None:
        """No successor: a warning."""
        closure = Succession(
            predecessor="QE1",
            successor=None,
            effective=dt.date(2025, 4, 1),
            kind=SuccessionKind.CLOSURE,
        )

        report = check(succeeding(clean(), closure))

        assert [(f.code, f.severity) for f in report] == [
            ("SPC-COV-002", Severity.WARNING)
        ]
        assert "returns to NHS England" in report.findings[0].message
