"""What the HTML report shows: which numbers go in which chart (no rendering)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given, settings

from speccom_model import Landscape, Policy, check, scenarios, strategies
from speccom_model.errors import InvalidValueError
from speccom_model.report_data import (
    MONEY_PARTS,
    NO_REGION,
    ReportData,
    report_data,
)
from speccom_model.summary import summarise

SCENARIOS = scenarios.names()


@pytest.fixture(scope="module")
def reports() -> dict[str, ReportData]:
    return {name: report_data(scenarios.get(name).build()) for name in SCENARIOS}


class TestFindings:
    @pytest.mark.parametrize("name", SCENARIOS)
    def test_the_findings_are_checks_own(
        self, reports: dict[str, ReportData], name: str
    ) -> None:
        """The report shows exactly what check() finds, in its order."""
        expected = check(scenarios.get(name).build())

        assert expected == reports[name].findings

    def test_policy_and_day_are_passed_to_check(self) -> None:
        """--policy and --on judge the report's findings as they judge check's."""
        plan = scenarios.england_2025_26()
        bill = Policy.named("health_bill_2026")
        on = dt.date(2026, 6, 1)

        data = report_data(plan, policy=bill, on=on)

        assert (data.policy, data.on) == (bill, on)
        assert check(plan, policy=bill, on=on) == data.findings

    def test_a_name_given_replaces_the_plans_own(self) -> None:
        """The header names the plan as the command was given it."""
        data = report_data(scenarios.england_2013_14(), name="my plan")

        assert data.name == "my plan"

    def test_anything_but_a_landscape_is_refused(self) -> None:
        """A clear error, not an AttributeError from deep inside."""
        with pytest.raises(InvalidValueError, match="landscape"):
            report_data("england_2019_20")  # type: ignore[arg-type]


class TestMoney:
    @pytest.mark.parametrize("name", SCENARIOS)
    def test_each_year_has_its_three_parts_from_summarise(
        self, reports: dict[str, ReportData], name: str
    ) -> None:
        """Retained, delegated and pooled: summarise's own figures, in order."""
        years = summarise(scenarios.get(name).build())
        expected = [
            (y.year, part, amount)
            for y in years
            for part, amount in zip(
                MONEY_PARTS, (y.retained, y.delegated, y.pooled), strict=True
            )
        ]

        actual = [(p.year, p.part, p.amount) for p in reports[name].money_parts]

        assert expected == actual

    def test_an_unknown_retained_part_stays_unknown(
        self, reports: dict[str, ReportData]
    ) -> None:
        """2025-26 records no allocation and no budget of NHS England: None."""
        parts = reports["england_2025_26"].money_parts

        assert [p.amount for p in parts if p.part == "retained"] == [None]

    @pytest.mark.parametrize("name", SCENARIOS)
    def test_bodies_are_every_budget_but_nhs_englands(
        self, reports: dict[str, ReportData], name: str
    ) -> None:
        """NHS England's own budget is the retained part, not a body's bar."""
        plan = scenarios.get(name).build()
        england = plan.nhs_england.code
        expected = [
            (y.year, b.code, b.allocation)
            for y in summarise(plan)
            for b in y.bodies
            if b.code != england
        ]

        actual = [(b.year, b.code, b.allocation) for b in reports[name].bodies]

        assert expected == actual

    def test_the_42_icbs_of_2025_26_hold_what_was_delegated(
        self, reports: dict[str, ReportData]
    ) -> None:
        """The bodies' bars add up, to the penny, to the delegated part."""
        data = reports["england_2025_26"]
        delegated = next(p.amount for p in data.money_parts if p.part == "delegated")
        total = sum((b.allocation for b in data.bodies[1:]), data.bodies[0].allocation)

        assert (len(data.bodies), total) == (42, delegated)


class TestTimeline:
    @pytest.mark.parametrize("name", SCENARIOS)
    def test_every_arrangement_is_one_bar(
        self, reports: dict[str, ReportData], name: str
    ) -> None:
        """No arrangement is left out or drawn twice."""
        plan = scenarios.get(name).build()

        assert sorted(a.id for a in plan.arrangements) == sorted(
            b.arrangement for b in reports[name].timeline
        )

    def test_icbs_are_grouped_by_their_region_and_committees_by_their_members(
        self, reports: dict[str, ReportData]
    ) -> None:
        """42 ICBs and 7 joint committees fall in the 7 regions, none outside."""
        bars = reports["england_2025_26"].timeline
        groups = Counter(b.group for b in bars)

        assert sorted(groups) == ["Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"]
        assert {b.group for b in bars if b.receiver == "JC-Y62"} == {"Y62"}
        assert {b.group_name for b in bars if b.group == "Y60"} == {
            "NHS England Midlands (Y60)"
        }

    def test_nhs_england_itself_has_no_region(
        self, reports: dict[str, ReportData]
    ) -> None:
        """Internal delegation to X24 is national: the last group."""
        last = reports["england_2019_20"].timeline[-1]

        assert (last.receiver, last.group, last.group_name) == ("X24", "", NO_REGION)

    def test_open_ended_arrangements_are_drawn_to_the_horizon(
        self, reports: dict[str, ReportData]
    ) -> None:
        """The horizon is 1 April after the last year the plan speaks of."""
        data = reports["england_2025_26"]
        open_ended = [b for b in data.timeline if b.end is None]

        assert data.horizon == dt.date(2026, 4, 1)
        assert open_ended
        assert {b.drawn_end for b in open_ended} == {data.horizon}

    def test_a_receivers_overlapping_arrangements_take_separate_lanes(
        self, reports: dict[str, ReportData]
    ) -> None:
        """QE1's 2024 and 2025 delegations run together: lanes 0 and 1."""
        lanes = [
            (b.arrangement, b.lane)
            for b in reports["england_2025_26"].timeline
            if b.receiver == "QE1"
        ]

        assert lanes == [("DEL-QE1", 0), ("DEL-QE1-2025", 1)]

    def test_a_plan_with_no_arrangement_has_no_bar(
        self, reports: dict[str, ReportData]
    ) -> None:
        """2013-14: NHS England commissions every service directly."""
        data = reports["england_2013_14"]

        assert (data.timeline, data.horizon) == ((), dt.date(2014, 4, 1))


class TestProperties:
    """
    Invariants of the report's data, for any plan.

    One bar per arrangement, lanes counted from 0 per receiver, every bar
    inside the report's horizon, three money parts a year.
    """

    @settings(max_examples=25)
    @given(strategies.landscapes())
    def test_report_data_of_any_plan(self, plan: Landscape) -> None:
        """The shape holds for generated plans, not only the shipped ones."""
        data = report_data(plan)
        lanes: dict[str, list[int]] = {}
        for bar in data.timeline:
            lanes.setdefault(bar.receiver, []).append(bar.lane)

        assert len(data.timeline) == len(plan.arrangements)
        assert all(found == list(range(len(found))) for found in lanes.values())
        assert all(b.start < b.drawn_end <= data.horizon for b in data.timeline)
        assert len(data.money_parts) == 3 * len(data.money)
