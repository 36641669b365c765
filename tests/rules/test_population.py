"""
Population rules.

Source: NHS England, annex to 2019/20 planning guidance: services for
populations under 10 million are the most suitable for joint planning.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import (
    DEFAULT_POLICY,
    Period,
    PlanningBoard,
    Service,
    Severity,
    Specification,
    check,
    scenarios,
)
from speccom_model.catalogue import manual_number_order
from speccom_model.citation import Citation
from tests.rules.builders import (
    adding,
    clean,
    replacing_service,
    service,
    with_arrangement,
)


def unknown_population(code: str) -> Service:
    """A service as the April 2023 list gives it: no planning population."""
    return Service(
        code=code,
        name=f"Service {code}",
        specification=Specification(reference=f"B{code}/S/a", title=f"Spec {code}"),
    )


class TestUnknownPlanningPopulation:
    """A service with no planning population published is never assumed small."""

    def test_a_delegated_service_without_one_cannot_be_judged(self) -> None:
        landscape = with_arrangement(
            replacing_service(clean(), unknown_population("1")), services={"1"}
        )

        found = [
            f for f in check(landscape) if f.code in {"SPC-POP-001", "SPC-POP-002"}
        ]

        assert sorted((f.code, f.severity, f.subject) for f in found) == [
            ("SPC-POP-001", Severity.WARNING, "1"),
            ("SPC-POP-002", Severity.WARNING, "1"),
        ]
        assert all(f.message.startswith("cannot judge ") for f in found)
        assert all("1 arrangement(s) or board(s) (A1)" in f.message for f in found)
        assert all("no planning population recorded" in f.message for f in found)

    @pytest.mark.parametrize(
        ("count", "named"),
        [
            (2, "(A1, A2)"),
            (5, "(A1, A2, A3, A4, A5)"),
            (7, "(A1, A2, A3, A4, A5 and 2 more)"),
        ],
    )
    def test_the_gap_is_said_once_per_service_naming_what_it_holds_back(
        self, count: int, named: str
    ) -> None:
        """A gap in the published data is one gap, however many plans use it."""
        base = replacing_service(clean(), unknown_population("1"))
        (only,) = base.arrangements
        copies = [
            attrs.evolve(only, id=f"A{i}", services={"1"}) for i in range(1, count + 1)
        ]
        landscape = attrs.evolve(base, arrangements=copies, baselines=(), budgets=())

        found = [f for f in check(landscape) if f.code == "SPC-POP-001"]

        assert [f.subject for f in found] == ["1"]
        assert f"in {count} arrangement(s) or board(s) {named}:" in found[0].message

    def test_a_planning_board_plan_without_one_cannot_be_judged(self) -> None:
        board = PlanningBoard(
            code="PB-Y62",
            name="Board",
            led_by="Y62",
            services={"1"},
            period=Period(start=dt.date(2024, 4, 1)),
        )
        landscape = adding(
            replacing_service(clean(), unknown_population("1")), planning_boards=[board]
        )

        found = [
            f
            for f in check(landscape)
            if f.code == "SPC-POP-001" and "PB-Y62" in f.message
        ]

        assert [(f.severity, f.subject) for f in found] == [(Severity.WARNING, "1")]

    def test_it_is_not_a_joint_planning_candidate(self) -> None:
        landscape = replacing_service(clean(), unknown_population("1"))

        codes = {s.code for s in landscape.joint_planning_candidates()}

        assert "1" not in codes
        assert codes == {
            s.code for s in clean().joint_planning_candidates() if s.code != "1"
        }


class TestUnderLimit:
    @pytest.mark.parametrize(
        ("population", "fires"), [(9_999_999, False), (10_000_000, True)]
    )
    def test_the_limit_is_strict(self, population: int, fires: bool) -> None:
        """9,999,999 is under 10 million; 10,000,000 is not."""
        landscape = with_arrangement(
            replacing_service(clean(), service("1", population)), places={"QE1", "QHM"}
        )
        landscape = attrs.evolve(landscape, baselines=(), budgets=())

        assert ("SPC-POP-001" in check(landscape).codes()) is fires

    def test_a_delegated_service_over_the_limit_is_a_warning_naming_the_numbers(
        self,
    ) -> None:
        """Service 4 is planned for 12 million: guidance advises against it."""
        landscape = with_arrangement(clean(), services={"1", "4"})

        report = check(landscape)
        found = [f for f in report if f.code == "SPC-POP-001"]

        assert len(found) == 1
        assert (found[0].severity, found[0].subject) == (Severity.WARNING, "A1/4")
        assert "12,000,000 persons" in found[0].message
        assert "10,000,000 persons" in found[0].message

    def test_the_warning_names_the_guidance_and_its_date(self) -> None:
        """The 2019/20 planning guidance, first published 10 January 2019."""
        landscape = with_arrangement(clean(), services={"1", "4"})

        (found,) = [f for f in check(landscape) if f.code == "SPC-POP-001"]

        assert "guidance, not law" in found.message
        assert "annex to the 2019/20 planning guidance" in found.message
        assert "first published 10 January 2019" in found.message
        assert found.source == DEFAULT_POLICY.population_limit_source

    def test_a_plan_whose_only_findings_are_this_guidance_is_ok(self) -> None:
        """Guidance is weighed, not enforced: the plan has no errors."""
        board = PlanningBoard(
            code="PB-Y62",
            name="Board",
            led_by="Y62",
            services={"4"},
            period=Period(start=dt.date(2024, 4, 1)),
        )

        report = check(adding(clean(), planning_boards=[board]))

        assert report.codes() == {"SPC-POP-001"}
        assert report.ok
        assert report.errors == ()

    @pytest.mark.parametrize(("population", "count"), [(9_999_999, 0), (10_000_000, 1)])
    def test_the_warning_boundary_is_strict(self, population: int, count: int) -> None:
        """10,000,000 is one warning, 9,999,999 none; neither is an error."""
        landscape = with_arrangement(
            replacing_service(clean(), service("1", population)), places={"QE1", "QHM"}
        )
        landscape = attrs.evolve(landscape, baselines=(), budgets=())

        report = check(landscape)
        found = [f for f in report if f.code == "SPC-POP-001"]

        assert [f.severity for f in found] == [Severity.WARNING] * count

    def test_a_guidance_date_comes_from_the_policy_s_sources(self) -> None:
        """A policy citing other guidance names that guidance, not 2019/20."""
        other = Citation(
            title="Other guidance",
            url="https://www.england.nhs.uk",
            date=dt.date(2021, 3, 4),
        )
        policy = attrs.evolve(DEFAULT_POLICY, population_limit_source=(other,))
        landscape = with_arrangement(clean(), services={"1", "4"})

        (found,) = [
            f for f in check(landscape, policy=policy) if f.code == "SPC-POP-001"
        ]

        assert found.message.endswith(
            "(guidance, not law: Other guidance, first published 4 March 2021)"
        )
        assert found.source == (other,)

    def test_a_planning_board_may_not_plan_it_jointly_either(self) -> None:
        """Joint planning is judged by the same guidance, with the same severity."""
        board = PlanningBoard(
            code="PB-Y62",
            name="Board",
            led_by="Y62",
            services={"4"},
            period=Period(start=dt.date(2024, 4, 1)),
        )

        report = check(adding(clean(), planning_boards=[board]))

        assert report.codes() == {"SPC-POP-001"}
        assert report.findings[0].subject == "PB-Y62/4"
        assert report.findings[0].severity is Severity.WARNING
        assert "guidance, not law" in report.findings[0].message
        assert report.ok


class TestUnderLimitIsGuidance:
    """
    The 2019/20 guidance: under 10 million is "most suitable for joint planning".

    Guidance, not law: whatever the population, SPC-POP-001 never makes an error,
    and it speaks exactly when the population is not strictly under the limit.
    """

    @given(population=st.integers(1, 60_000_000))
    def test_it_warns_exactly_at_or_over_the_limit_and_never_errs(
        self, population: int
    ) -> None:
        board = PlanningBoard(
            code="PB-Y62",
            name="Board",
            led_by="Y62",
            services={"1"},
            period=Period(start=dt.date(2024, 4, 1)),
        )
        landscape = adding(
            replacing_service(clean(), service("1", population)),
            planning_boards=[board],
        )

        found = [
            f.severity
            for f in check(landscape)
            if f.code == "SPC-POP-001" and f.subject == "PB-Y62/1"
        ]

        assert found == ([Severity.WARNING] if population >= 10_000_000 else [])


class TestFootprint:
    @pytest.mark.parametrize(
        ("population", "fires"), [(1_852_079, False), (1_852_080, True)]
    )
    def test_the_footprint_must_hold_the_planning_population(
        self, population: int, fires: bool
    ) -> None:
        """QE1's 1,852,079 people are enough for a service planned for as many."""
        report = check(replacing_service(clean(), service("1", population)))

        assert report.codes() == ({"SPC-POP-002"} if fires else set())

    def test_the_message_names_both_populations(self) -> None:
        """Footprint and need, in persons."""
        report = check(replacing_service(clean(), service("1", 2_000_000)))

        assert "1,852,079 persons" in report.findings[0].message
        assert "2,000,000 persons" in report.findings[0].message


class TestHighlySpecialised:
    def test_a_highly_specialised_service_is_never_delegated(self) -> None:
        """Even when small enough."""
        landscape = replacing_service(clean(), service("1", highly_specialised=True))

        report = check(landscape)

        assert report.codes() == {"SPC-POP-003"}
        assert report.findings[0].subject == "A1/1"


def test_gaps_are_listed_in_the_manuals_order() -> None:
    """2 before 10, as the manual numbers them, not as text sorts them."""
    report = check(scenarios.england_2025_26())
    subjects = [f.subject for f in report if f.code == "SPC-POP-001"]

    assert subjects == sorted(subjects, key=manual_number_order)
    assert subjects.index("2") < subjects.index("11")
