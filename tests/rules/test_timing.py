"""
Timing.

Source: NHS England delegation agreement: delegations start on 1 April; ending
one needs notice by 30 September for the next 1 April.
"""

from __future__ import annotations

import datetime as dt

import pytest

from speccom_model import Period, check
from speccom_model.rules import rule
from tests.rules.builders import clean, with_arrangement

TIMING = [rule("SPC-TIME-001"), rule("SPC-TIME-002")]


class TestFirstApril:
    @pytest.mark.parametrize(
        ("start", "fires"),
        [
            (dt.date(2024, 4, 1), False),
            (dt.date(2024, 4, 2), True),
            (dt.date(2024, 3, 31), True),
        ],
    )
    def test_delegations_start_on_1_april(self, start: dt.date, fires: bool) -> None:
        """Whole financial years."""
        landscape = with_arrangement(
            clean(), period=Period(start=start), budget_transferred={}
        )

        assert bool(check(landscape, rules=TIMING).findings) is fires

    def test_the_message_names_the_next_start(self) -> None:
        """2 April 2024 misses; the next start is 1 April 2025."""
        landscape = with_arrangement(
            clean(), period=Period(start=dt.date(2024, 4, 2)), budget_transferred={}
        )

        (finding,) = check(landscape, rules=TIMING)

        assert "2025-04-01" in finding.message

    def test_an_ending_must_be_on_1_april_too(self) -> None:
        """Ending mid-year is an error."""
        landscape = with_arrangement(
            clean(),
            period=Period(start=dt.date(2024, 4, 1), end=dt.date(2025, 1, 1)),
            notice_given=dt.date(2024, 9, 1),
        )

        (finding,) = check(landscape, rules=TIMING)

        assert finding.code == "SPC-TIME-001"
        assert "ends on 2025-01-01" in finding.message


class TestNotice:
    @pytest.mark.parametrize(
        ("notice", "fires"),
        [(dt.date(2024, 9, 30), False), (dt.date(2024, 10, 1), True)],
    )
    def test_notice_by_30_september(self, notice: dt.date, fires: bool) -> None:
        """30 September is in time for the next 1 April; 1 October is not."""
        landscape = with_arrangement(
            clean(),
            period=Period(start=dt.date(2024, 4, 1), end=dt.date(2025, 4, 1)),
            notice_given=notice,
        )

        report = check(landscape)

        assert report.codes() == ({"SPC-TIME-002"} if fires else set())

    def test_an_ending_without_notice_is_an_error(self) -> None:
        """No notice recorded."""
        landscape = with_arrangement(
            clean(), period=Period(start=dt.date(2024, 4, 1), end=dt.date(2025, 4, 1))
        )

        (finding,) = check(landscape)

        assert (finding.code, "2024-09-30" in finding.message) == ("SPC-TIME-002", True)
