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
    ArrangementKind,
    CommissionerKind,
    Landscape,
    Period,
    PlanningBoard,
    Service,
    Severity,
    Specification,
    check,
    persons,
    scenarios,
)
from speccom_model.catalogue import manual_number_order
from speccom_model.citation import Citation
from speccom_model.errors import InvalidValueError, UnknownReferenceError
from speccom_model.rules import rule
from tests.rules.builders import (
    adding,
    body,
    clean,
    replacing_service,
    service,
    with_arrangement,
)

#: A day in the 2019/20 guidance's era (Policy.population_limit_window).
IN_ERA = dt.date(2020, 4, 1)


def in_era(landscape: Landscape) -> Landscape:
    """
    The landscape with its one arrangement moved into the 2019/20 guidance's era.

    Only SPC-POP-001 is looked at where this is used: an ICB delegation in
    2020 breaks other rules (ICBs began in 2022), which is not the point here.
    """
    (only,) = landscape.arrangements
    moved = attrs.evolve(only, period=Period(start=IN_ERA))
    return attrs.evolve(landscape, arrangements=[moved])


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
        landscape = in_era(
            with_arrangement(
                replacing_service(clean(), unknown_population("1")), services={"1"}
            )
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
        copies = [attrs.evolve(a, period=Period(start=IN_ERA)) for a in copies]
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
            period=Period(start=dt.date(2019, 4, 1)),
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
        landscape = in_era(
            with_arrangement(
                replacing_service(clean(), service("1", population)),
                places={"QE1", "QHM"},
            )
        )
        landscape = attrs.evolve(landscape, baselines=(), budgets=())

        assert ("SPC-POP-001" in check(landscape).codes()) is fires

    def test_a_delegated_service_over_the_limit_is_a_warning_naming_the_numbers(
        self,
    ) -> None:
        """Service 4 is planned for 12 million: guidance advises against it."""
        landscape = in_era(with_arrangement(clean(), services={"1", "4"}))

        report = check(landscape)
        found = [f for f in report if f.code == "SPC-POP-001"]

        assert len(found) == 1
        assert (found[0].severity, found[0].subject) == (Severity.WARNING, "A1/4")
        assert "12,000,000 persons" in found[0].message
        assert "10,000,000 persons" in found[0].message

    def test_the_warning_names_the_guidance_and_its_date(self) -> None:
        """The 2019/20 planning guidance, first published 10 January 2019."""
        landscape = in_era(with_arrangement(clean(), services={"1", "4"}))

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
            period=Period(start=dt.date(2019, 4, 1)),
        )

        report = check(adding(clean(), planning_boards=[board]))

        assert report.codes() == {"SPC-POP-001"}
        assert report.ok
        assert report.errors == ()

    @pytest.mark.parametrize(("population", "count"), [(9_999_999, 0), (10_000_000, 1)])
    def test_the_warning_boundary_is_strict(self, population: int, count: int) -> None:
        """10,000,000 is one warning, 9,999,999 none; neither is an error."""
        landscape = in_era(
            with_arrangement(
                replacing_service(clean(), service("1", population)),
                places={"QE1", "QHM"},
            )
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
        landscape = in_era(with_arrangement(clean(), services={"1", "4"}))

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
            period=Period(start=dt.date(2019, 4, 1)),
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
            period=Period(start=dt.date(2019, 4, 1)),
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
    subjects = [f.subject for f in report if f.code == "SPC-POP-002"]

    assert subjects == sorted(subjects, key=manual_number_order)
    assert subjects.index("2") < subjects.index("11")


class TestUnderLimitEra:
    """
    The 10 million criterion is the 2019/20 guidance's, judged only in its era.

    Source: the policy's population_limit_window: from the guidance's
    publication (10 January 2019) until ICBs began (1 July 2022).
    """

    def test_the_era_comes_from_the_law_file(self) -> None:
        """First published 10 January 2019; ICBs from 1 July 2022."""
        window = DEFAULT_POLICY.population_limit_window

        assert window.describe() == "from 2019-01-10 to 2022-06-30"

    @pytest.mark.parametrize(
        ("start", "fires"),
        [
            (dt.date(2019, 1, 9), False),
            (dt.date(2019, 1, 10), True),
            (dt.date(2022, 6, 30), True),
            (dt.date(2022, 7, 1), False),
        ],
    )
    def test_the_era_s_first_and_last_days_are_in_it(
        self, start: dt.date, fires: bool
    ) -> None:
        """Service 4 (12 million) warns only for an arrangement dated in the era."""
        landscape = with_arrangement(
            clean(), services={"1", "4"}, period=Period(start=start)
        )

        found = [f.subject for f in check(landscape) if f.code == "SPC-POP-001"]

        assert found == (["A1/4"] if fires else [])

    def test_outside_the_era_a_gap_is_not_reported_either(self) -> None:
        """Not 'cannot judge': the criterion does not apply in 2024 at all."""
        landscape = with_arrangement(
            replacing_service(clean(), unknown_population("1")), services={"1"}
        )

        codes = [f.code for f in check(landscape)]

        assert "SPC-POP-001" not in codes
        assert "SPC-POP-002" in codes

    def test_a_board_checked_after_the_era_is_not_judged(self) -> None:
        """A 2019 board checked on 1 April 2024 is judged by that day's criteria."""
        board = PlanningBoard(
            code="PB-Y62",
            name="Board",
            led_by="Y62",
            services={"4"},
            period=Period(start=dt.date(2019, 4, 1)),
        )
        landscape = adding(clean(), planning_boards=[board])

        in_era_day = check(landscape, on=dt.date(2022, 6, 30))
        after = check(landscape, on=dt.date(2022, 7, 1))

        assert "SPC-POP-001" in in_era_day.codes()
        assert "SPC-POP-001" not in after.codes()

    @pytest.mark.parametrize(
        "name", ["england_2023_24", "england_2024_25", "england_2025_26"]
    )
    def test_the_icb_era_scenarios_are_not_judged_by_it(self, name: str) -> None:
        """Their 13 'cannot judge' warnings are gone: not the era's criterion."""
        report = check(getattr(scenarios, name)())

        assert "SPC-POP-001" not in report.codes()


FOOTPRINT = [rule("SPC-POP-002")]
#: QE1's and QHM's places together: QE1 (1,852,079), QHM (3,211,362) and
#: 00C (107,000), a CCG's place that passed to QHM on 1 July 2022.
BOTH = 5_170_441


def with_committee(
    *, members: set[str], kind: ArrangementKind, collaboration: str | None = None
) -> Landscape:
    """The clean plan with joint committee JC1, its one arrangement of ``kind``."""
    committee = body(
        "JC1",
        CommissionerKind.JOINT_COMMITTEE,
        Period(start=dt.date(2022, 7, 1)),
        members=members,
    )
    landscape = adding(clean(), commissioners=[committee])
    if kind is ArrangementKind.JOINT_COMMITTEE:
        return with_arrangement(
            landscape, kind=kind, receiver="JC1", budget_transferred={}
        )
    return with_arrangement(landscape, collaboration=collaboration)


class TestFootprintOverCollaboration:
    """
    ICBs commission such services together: the footprint is the collaboration's.

    Source: NHS England Board, 7 December 2023 (joint committees of ICBs and
    NHS England); NHS Act 2006 s.65Z5.
    """

    @pytest.mark.parametrize(("needed", "fires"), [(BOTH, False), (BOTH + 1, True)])
    def test_a_joint_committee_weighs_all_its_member_icbs_places(
        self, needed: int, fires: bool
    ) -> None:
        """JC1 covers QE1's place only, but commissions for QE1 and QHM."""
        landscape = replacing_service(
            with_committee(
                members={"X24", "QE1", "QHM"}, kind=ArrangementKind.JOINT_COMMITTEE
            ),
            service("1", needed),
        )

        found = check(landscape, rules=FOOTPRINT).findings

        assert [f.subject for f in found] == (["A1/1"] if fires else [])

    def test_the_message_names_the_collaboration_and_both_numbers(self) -> None:
        """Who commissions together, and the populations."""
        landscape = replacing_service(
            with_committee(
                members={"X24", "QE1", "QHM"}, kind=ArrangementKind.JOINT_COMMITTEE
            ),
            service("1", BOTH + 1),
        )

        (found,) = check(landscape, rules=FOOTPRINT)

        assert found.message == (
            "the footprint of A1, over joint committee JC1's member ICBs (QE1, "
            "QHM) (3 place(s)), has 5,170,441 persons, fewer than the 5,170,442 "
            "persons service 1 (Service 1) is planned for"
        )

    @pytest.mark.parametrize(("needed", "fires"), [(BOTH, False), (BOTH + 1, True)])
    def test_an_icb_delegation_naming_its_collaboration_weighs_its_members(
        self, needed: int, fires: bool
    ) -> None:
        """QE1 alone has 1,852,079; with QHM through JC1, 5,170,441."""
        landscape = replacing_service(
            with_committee(
                members={"X24", "QE1", "QHM"},
                kind=ArrangementKind.ICB_DELEGATION,
                collaboration="JC1",
            ),
            service("1", needed),
        )

        found = check(landscape, rules=FOOTPRINT).findings

        assert [f.subject for f in found] == (["A1/1"] if fires else [])

    def test_without_a_collaboration_the_icb_s_own_places_count(self) -> None:
        """Never inferred: the same plan without it fails."""
        landscape = replacing_service(
            with_committee(
                members={"X24", "QE1", "QHM"}, kind=ArrangementKind.ICB_DELEGATION
            ),
            service("1", BOTH),
        )

        (found,) = check(landscape, rules=FOOTPRINT)

        assert "1,852,079 persons" in found.message

    def test_a_receiver_outside_the_collaboration_is_an_error(self) -> None:
        """QE1 cannot commission with JC1 if it is not a member."""
        landscape = with_committee(
            members={"X24", "QHM"},
            kind=ArrangementKind.ICB_DELEGATION,
            collaboration="JC1",
        )

        (found,) = check(landscape, rules=FOOTPRINT)

        assert (found.subject, found.severity) == ("A1", Severity.ERROR)
        assert found.message == (
            "A1 names JC1 as the collaboration its ICB commissions with, but QE1 "
            "is not one of its member ICBs on 2024-04-01 (QHM)"
        )

    def test_a_collaboration_that_is_not_a_joint_committee_is_an_error(
        self,
    ) -> None:
        """An ICB is not a collaboration."""
        landscape = with_arrangement(clean(), collaboration="QHM")

        (found,) = check(landscape, rules=FOOTPRINT)

        assert found.message == (
            "A1 names QHM as the collaboration its ICB commissions with, but QHM "
            "is not a joint committee on 2024-04-01"
        )

    def test_only_an_icb_delegation_names_a_collaboration(self) -> None:
        """A joint committee's members already commission together."""
        (only,) = clean().arrangements

        with pytest.raises(InvalidValueError, match="collaboration"):
            attrs.evolve(
                only,
                kind=ArrangementKind.JOINT_COMMITTEE,
                receiver="JC1",
                budget_transferred={},
                collaboration="JC1",
            )

    def test_an_unknown_collaboration_is_refused(self) -> None:
        """A reference the landscape cannot follow, named by its path."""
        with pytest.raises(UnknownReferenceError, match=r"arrangements\[0\]"):
            with_arrangement(clean(), collaboration="JC9")


def _with_ill_population(plan: Landscape, population: int) -> Landscape:
    """The plan with every ILL- service planned for ``population`` people."""
    services = [
        attrs.evolve(s, planning_population=persons(population))
        if s.illustrative
        else s
        for s in plan.catalogue
    ]
    return attrs.evolve(plan, catalogue=attrs.evolve(plan.catalogue, services=services))


def _smallest_region(plan: Landscape, day: dt.date) -> int:
    """The population of the smallest regional joint committee's ICBs' places."""
    totals = []
    for committee in plan.commissioners:
        if committee.kind is not CommissionerKind.JOINT_COMMITTEE:
            continue
        members = {m for m in committee.members if m != plan.nhs_england.code}
        owned = [
            p.code
            for p in plan.places
            if (owner := plan.commissioner_of(p.code, day)) is not None
            and owner.code in members
        ]
        totals.append(plan.footprint_population(owned).persons)
    return min(totals)


class TestRealPlansOverTheirCollaborations:
    """
    The real April 2024 and April 2025 plans: ICBs commission together.

    Issue #12: judging one ICB's places alone rejected the real delegation.
    """

    @pytest.mark.parametrize(
        ("name", "day"),
        [
            ("england_2024_25", dt.date(2024, 4, 1)),
            ("england_2025_26", dt.date(2025, 4, 1)),
        ],
    )
    def test_no_error_up_to_the_smallest_region_and_one_over_it(
        self, name: str, day: dt.date
    ) -> None:
        """Services planned for a whole region's people are commissioned well."""
        plan = getattr(scenarios, name)()
        smallest = _smallest_region(plan, day)

        at = check(_with_ill_population(plan, smallest), rules=FOOTPRINT)
        over = check(_with_ill_population(plan, smallest + 1), rules=FOOTPRINT)

        assert at.errors == ()
        assert over.errors != ()
        assert all("member ICBs" in f.message for f in over.errors)

    def test_without_collaborations_the_same_plan_would_fail(self) -> None:
        """One ICB's places alone are fewer than a region's: the old verdict."""
        plan = scenarios.england_2024_25()
        alone = attrs.evolve(
            plan,
            arrangements=[
                attrs.evolve(a, collaboration=None) for a in plan.arrangements
            ],
        )
        smallest = _smallest_region(plan, dt.date(2024, 4, 1))

        report = check(_with_ill_population(alone, smallest), rules=FOOTPRINT)

        assert {f.subject.split("/")[0] for f in report.errors} >= {"DEL-QE1"}


class TestEraProperty:
    """SPC-POP-001 speaks exactly for the dates inside the guidance's era."""

    @given(start=st.dates(dt.date(2013, 4, 1), dt.date(2030, 3, 31)))
    def test_it_fires_exactly_inside_the_window(self, start: dt.date) -> None:
        landscape = with_arrangement(
            clean(),
            services={"1", "4"},
            period=Period(start=start),
            budget_transferred={},
        )

        fired = "SPC-POP-001" in check(landscape, rules=[rule("SPC-POP-001")]).codes()

        assert fired is DEFAULT_POLICY.population_limit_window.contains(start)
