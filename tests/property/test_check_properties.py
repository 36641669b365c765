"""
Properties of check() over arbitrary valid landscapes.

Source: DESIGN.md, "Rules never raise for bad plans: they report"; the coverage
rule (one responsible body per service, place and day).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from speccom_model import DEFAULT_RULES, Landscape, check, strategies
from speccom_model.policy import DEFAULT_POLICY
from tests.objects import code_of
from tests.strategies import any_landscapes, law_dates

if TYPE_CHECKING:
    import datetime as dt


class TestCheckNeverRaises:
    """Rules report; they never raise on a plan, lawful or not."""

    @given(st.one_of(any_landscapes(), strategies.landscapes()), st.none() | law_dates)
    def test_check_never_raises_and_is_deterministic(
        self, landscape: Landscape, on: dt.date | None
    ) -> None:
        first = check(landscape, on=on)

        assert check(landscape, on=on) == first
        assert {f.code for f in first} <= {r.code for r in DEFAULT_RULES}

    @given(any_landscapes())
    def test_every_finding_carries_its_source_and_a_subject(
        self, landscape: Landscape
    ) -> None:
        for finding in check(landscape):
            assert finding.source
            assert finding.subject
            assert finding.message


class TestCoverage:
    """For one service, place and day, exactly one body is responsible."""

    @given(st.one_of(any_landscapes(), strategies.landscapes()), law_dates)
    def test_a_body_is_always_responsible(
        self, landscape: Landscape, day: dt.date
    ) -> None:
        """From 1 April 2013 a body of the plan; before it, nobody."""
        for service in landscape.catalogue:
            for place in landscape.places:
                body = landscape.responsible_commissioner(service.code, place.code, day)
                if day < DEFAULT_POLICY.commissioning_from:
                    assert body is None
                else:
                    assert code_of(body) in {c.code for c in landscape.commissioners}

    @given(any_landscapes(), law_dates)
    def test_without_coverage_errors_at_most_one_arrangement_covers(
        self, landscape: Landscape, day: dt.date
    ) -> None:
        if "SPC-COV-001" in check(landscape, on=day).codes():
            return
        for service in landscape.catalogue:
            for place in landscape.places:
                covering = [
                    a
                    for a in landscape.covering(service.code, place.code)
                    if a.period.contains(day)
                ]
                assert len(covering) <= 1
