"""
Properties of check() over arbitrary valid landscapes.

Source: DESIGN.md, "Rules never raise for bad plans: they report"; the coverage
rule (one responsible body per service, place and day).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from speccom_model import DEFAULT_RULES, Landscape, check, strategies
from speccom_model.periods import FinancialYear
from speccom_model.policy import DEFAULT_POLICY
from speccom_model.rules import FACTS, FactKind
from speccom_model.units import Money
from tests.objects import code_of
from tests.rules.stated import unstated
from tests.strategies import any_landscapes, law_dates


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


class TestFindingData:
    """
    A finding states its figures and codes as data, of the vocabulary's kinds.

    Source: the rules' own messages; every figure and code a message states is
    in its finding's data, so an analyst never parses a message.
    """

    @given(
        st.one_of(
            any_landscapes(),
            st.sampled_from(strategies.NEAR_MISS_CODES).flatmap(
                lambda code: strategies.landscapes(violating=code)
            ),
        ),
        st.none() | law_dates,
    )
    def test_every_figure_a_message_states_is_data_of_its_kind(
        self, landscape: Landscape, on: dt.date | None
    ) -> None:
        for finding in check(landscape, on=on):
            assert set(finding.data) <= set(FACTS)
            for name, value in finding.data.items():
                assert _is_of(FACTS[name].kind, value), (name, value)
            assert unstated(finding, landscape) == [], finding.message


def _is_of(kind: FactKind, value: object) -> bool:
    """The vocabulary's kinds, spelled out apart from the check they test."""
    types: dict[FactKind, type | tuple[type, ...]] = {
        FactKind.MONEY: Money,
        FactKind.INTEGER: int,
        FactKind.DATE: dt.date,
        FactKind.YEAR: FinancialYear,
        FactKind.CODE: str,
        FactKind.CODES: tuple,
        FactKind.TEXT: str,
    }
    if not isinstance(value, types[kind]) or isinstance(value, bool):
        return False
    if isinstance(value, tuple):
        return all(isinstance(item, str) and item for item in value)
    if kind is FactKind.DATE:
        return type(value) is dt.date
    return True
