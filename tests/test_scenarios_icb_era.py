"""The ICB-era scenarios, 2023-24 to 2026-27, built from the reference tables."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speccom_model import (
    ArrangementKind,
    FinancialYear,
    InvalidValueError,
    Money,
    check,
    gbp,
    reference,
    scenarios,
)
from speccom_model._icb_era import ADDED_2025, DELEGATED_59
from speccom_model.arrangement import Approval, ApprovalStage, DelegationArrangement
from speccom_model.landscape import Succession, SuccessionKind
from speccom_model.reference import DelegationStatus
from speccom_model.resolving import Resolver
from tests.objects import code_of

ICB_ERA = ("england_2023_24", "england_2024_25", "england_2025_26", "england_2026_27")
WAVES = reference.icb_delegation_waves()
LOCATIONS = {loc.code: loc for loc in reference.sub_icb_locations()}
#: The delegated services the tables know by manual number (13 of the 59).
KNOWN = sorted(
    r.manual_number for r in reference.delegable_services() if r.manual_number
)
APRIL_2026 = dt.date(2026, 4, 1)


def _delegations(name: str) -> list[DelegationArrangement]:
    landscape = scenarios.get(name).build()
    return [
        a for a in landscape.arrangements if a.kind is ArrangementKind.ICB_DELEGATION
    ]


def _budget_figure(year: int, detail: str) -> Money:
    (figure,) = [
        f
        for f in reference.specialised_budgets()
        if f.year.start_year == year and f.detail.startswith(detail)
    ]
    return figure.amount


@pytest.mark.parametrize("name", ICB_ERA)
def test_the_places_are_the_106_sub_icb_locations(name: str) -> None:
    """Activity data carry sub-ICB location codes: those are the places."""
    landscape = scenarios.get(name).build()

    assert {p.code for p in landscape.places} == set(LOCATIONS)


@pytest.mark.parametrize("name", ICB_ERA)
def test_no_service_is_delegated_that_the_tables_do_not_say_is(name: str) -> None:
    """A real manual number in an arrangement is one the tables know delegated."""
    landscape = scenarios.get(name).build()

    for arrangement in landscape.arrangements:
        real = {s for s in arrangement.services if not s.startswith("ILL-")}
        # The 59 carry the 13 known; the 11 added in 2025 are all ILL-.
        assert real == (
            set(KNOWN) if DELEGATED_59[0] in arrangement.services else set()
        )
        for place in arrangement.places:
            icb = LOCATIONS[place].icb
            for service in real:
                status = reference.delegation_status(
                    service, icb, arrangement.period.start
                )
                expected = (
                    DelegationStatus.JOINT_COMMITTEE
                    if arrangement.kind is ArrangementKind.JOINT_COMMITTEE
                    else DelegationStatus.DELEGATED
                )
                assert status is expected


@pytest.mark.parametrize("name", ICB_ERA)
def test_every_service_is_real_or_labelled_illustrative(name: str) -> None:
    """Real manual numbers keep their real names; the rest are ILL- codes."""
    landscape = scenarios.get(name).build()
    real = {
        s.code: s.name for s in reference.prescribed_services(on=dt.date(2023, 4, 1))
    }

    for service in landscape.catalogue:
        if service.illustrative:
            assert service.planning_population is not None
        else:
            assert real[service.code] == service.name
            assert service.planning_population is None


@pytest.mark.parametrize("name", ICB_ERA)
def test_the_checks_find_no_errors(name: str) -> None:
    """Only the data's gaps, as warnings and information."""
    report = check(scenarios.get(name).build())

    assert report.ok
    assert {f.severity.value for f in report} <= {"warning", "info"}


class TestEngland2023:
    def test_59_services_jointly_commissioned_over_all_of_england(self) -> None:
        """Board, 7 December 2023: joint committees covering all of England."""
        landscape = scenarios.england_2023_24()
        joint = landscape.arrangements

        assert {a.kind for a in joint} == {ArrangementKind.JOINT_COMMITTEE}
        assert {len(a.services) for a in joint} == {59}
        covered = [p for a in joint for p in a.places]
        assert sorted(covered) == sorted(LOCATIONS)
        assert {a.period.start for a in joint} == {dt.date(2023, 4, 1)}

    def test_nine_is_a_cited_figure_and_seven_an_illustrative_one(self) -> None:
        """The real footprints are not in the tables: one per region stands in."""
        figures = {f.value: f for f in scenarios.get("england_2023_24").figures}

        assert not figures["9"].illustrative
        assert figures["9"].sources[0].url.startswith("https://www.england.nhs.uk/")
        assert figures["7"].illustrative
        assert "footprints are not in the shipped tables" in figures["7"].note

    def test_each_joint_committee_is_its_regions_icbs_and_nhs_england(self) -> None:
        landscape = scenarios.england_2023_24()

        for region, waves in _by_region().items():
            body = landscape.commissioner(f"JC-{region}")
            assert body.members == {*waves, "X24"}
            assert "the real nine footprints are not in" in body.name


def _by_region() -> dict[str, set[str]]:
    regions: dict[str, set[str]] = {}
    for wave in WAVES.values():
        regions.setdefault(wave.region, set()).add(wave.icb)
    return regions


class TestEngland2024:
    def test_59_services_and_5_3bn_delegated_to_20_icbs(self) -> None:
        """PQ May 2024: £5.3bn, East of England, Midlands, North West."""
        delegations = _delegations("england_2024_25")
        year = FinancialYear(2024)

        assert {a.receiver for a in delegations} == {
            icb for icb, w in WAVES.items() if w.full_delegation_from.year == 2024
        }
        assert len(delegations) == 20
        assert {len(a.services) for a in delegations} == {59}
        assert sum((a.transferred(year) for a in delegations), Money.zero()) == gbp(
            "£5.3bn"
        )
        assert gbp("£5.3bn") == _budget_figure(2024, "delegated share (ICBs in 3")

    def test_the_icb_budgets_are_what_each_delegation_transfers(self) -> None:
        """Money follows responsibility, to the penny."""
        landscape = scenarios.england_2024_25()
        year = FinancialYear(2024)

        for arrangement in _delegations("england_2024_25"):
            budget = landscape.budget(arrangement.receiver, year)
            assert budget is not None
            assert budget.allocation == arrangement.transferred(year)

    def test_joint_committees_go_on_elsewhere_until_april_2025(self) -> None:
        """'One more year' in London, the South East, South West, NE and Yorkshire."""
        landscape = scenarios.england_2024_25()
        ends = {
            a.receiver: a.period.end
            for a in landscape.arrangements
            if a.kind is ArrangementKind.JOINT_COMMITTEE
        }

        assert ends == {
            f"JC-{r}": dt.date(2024 if r in ("Y60", "Y61", "Y62") else 2025, 4, 1)
            for r in _by_region()
        }

    def test_the_5_3bn_figure_is_cited(self) -> None:
        (figure,) = [
            f for f in scenarios.get("england_2024_25").figures if f.value == "£5.3bn"
        ]

        assert not figure.illustrative
        assert "high-cost drugs and devices" in figure.name


class TestEngland2025:
    def test_70_services_delegated_to_all_42_icbs(self) -> None:
        """Board, December 2024: the 59 and 11 more, to every ICB."""
        services: dict[str, set[str]] = {}
        for arrangement in _delegations("england_2025_26"):
            services.setdefault(arrangement.receiver, set()).update(
                arrangement.services
            )

        assert set(services) == set(WAVES)
        assert {len(s) for s in services.values()} == {70}
        assert all(s == {*DELEGATED_59, *ADDED_2025} for s in services.values())

    def test_the_11_added_services_are_illustrative(self) -> None:
        landscape = scenarios.england_2025_26()

        assert all(landscape.service(code).illustrative for code in ADDED_2025)
        assert len(ADDED_2025) == 11

    def test_14bn_in_all_and_2_3bn_to_the_south_east(self) -> None:
        """NHS Confederation (£14bn) and Surrey Heartlands (£2.3bn)."""
        landscape = scenarios.england_2025_26()
        year = FinancialYear(2025)
        budgets = landscape.budget_by_commissioner(year)
        south_east = [icb for icb, w in WAVES.items() if w.region == "Y59"]

        assert sum(budgets.values(), Money.zero()) == gbp("£14bn")
        assert sum((budgets[i] for i in south_east), Money.zero()) == gbp("£2.3bn")
        assert len(south_east) == 6


class TestEngland2026:
    def test_a_split_place_no_table_assigns_is_reported(self) -> None:
        """D4U1Y (Frimley) spans the three parts of QNQ's split."""
        report = check(scenarios.england_2026_27())
        warnings = [f for f in report if f.severity.value == "warning"]
        (split,) = [f for f in warnings if f.code == "SPC-COV-002"]

        assert split.subject == "DEL-QNQ/2026-04-01"
        assert "D4U1Y" in split.message
        assert "NHS England is not assumed" in split.message

    def test_nobody_is_assumed_where_a_split_leaves_a_place_unassigned(self) -> None:
        """Not NHS England by default: the plan does not say who took D4U1Y."""
        england = scenarios.england_2026_27()
        before, after = dt.date(2026, 3, 31), dt.date(2026, 4, 1)

        held = england.responsible_commissioner("7", "D4U1Y", before)
        split = england.unfollowed_split("QNQ", after, place="D4U1Y")
        row = Resolver(england).resolve_one("7", "D4U1Y", after)

        assert held is not None
        assert held.code == "QNQ"
        assert england.responsible_commissioner("7", "D4U1Y", after) is None
        assert split is not None
        assert split.predecessor == "QNQ"
        assert (row.commissioner, row.arrangement) == (None, None)
        assert row.problem is not None
        assert "QNQ split on 2026-04-01" in row.problem

    def test_every_icb_that_ends_passes_its_delegation_on(self) -> None:
        """An information finding per successor of each ICB that ends."""
        report = check(scenarios.england_2026_27())
        passing = [
            f for f in report if f.code == "SPC-COV-002" and f.severity.value == "info"
        ]
        ends = Counter(s.predecessor for s in reference.icb_successions_2026())
        expected = sum(ends[a.receiver] for a in _delegations("england_2026_27"))

        assert len(passing) == expected
        assert {f.subject for f in passing} == {
            a.id for a in _delegations("england_2026_27") if a.receiver in ends
        }


class TestResponsibleCommissioner:
    """The brief's timeline, asked of the scenario that holds all of it."""

    @pytest.mark.parametrize(
        ("place", "day", "expected"),
        [
            # M1J4Y: the sub-ICB location of NHS Bedfordshire, Luton and Milton
            # Keynes (QHG, East of England), which merges into S1Y5D.
            ("M1J4Y", dt.date(2013, 3, 31), None),
            ("M1J4Y", dt.date(2023, 3, 31), "X24"),
            ("M1J4Y", dt.date(2023, 4, 1), "JC-Y61"),
            ("M1J4Y", dt.date(2024, 3, 31), "JC-Y61"),
            ("M1J4Y", dt.date(2024, 4, 1), "QHG"),
            ("M1J4Y", dt.date(2026, 3, 31), "QHG"),
            ("M1J4Y", APRIL_2026, "S1Y5D"),
            # 72Q: South East London (QKK), whose ICB keeps its code.
            ("72Q", dt.date(2025, 3, 31), "JC-Y56"),
            ("72Q", dt.date(2025, 4, 1), "QKK"),
            ("72Q", APRIL_2026, "QKK"),
            # 93C: North Central London (QMJ), merged into Z9B2Z.
            ("93C", dt.date(2025, 4, 1), "QMJ"),
            ("93C", APRIL_2026, "Z9B2Z"),
        ],
    )
    def test_a_known_delegated_service(
        self, place: str, day: dt.date, expected: str | None
    ) -> None:
        landscape = scenarios.england_2026_27()

        assert LOCATIONS[place].icb in ("QHG", "QKK", "QMJ")
        assert code_of(landscape.responsible_commissioner("7", place, day)) == expected

    def test_the_2023_24_scenario_says_the_same_in_its_year(self) -> None:
        england = scenarios.england_2023_24()

        assert code_of(
            england.responsible_commissioner("7", "M1J4Y", dt.date(2023, 4, 1))
        ) == ("JC-Y61")


@settings(max_examples=60, deadline=None)
@given(
    service=st.sampled_from(KNOWN),
    place=st.sampled_from(sorted(LOCATIONS)),
    day=st.dates(min_value=dt.date(2022, 7, 1), max_value=dt.date(2026, 3, 31)),
)
def test_the_scenario_agrees_with_the_delegation_table(
    service: str, place: str, day: dt.date
) -> None:
    """For a known delegated service, the plan answers what delegation_status says."""
    landscape = scenarios.england_2026_27()
    icb = LOCATIONS[place].icb
    status = reference.delegation_status(service, icb, day)
    found = code_of(landscape.responsible_commissioner(service, place, day))

    expected = {
        DelegationStatus.RETAINED: "X24",
        DelegationStatus.JOINT_COMMITTEE: f"JC-{WAVES[icb].region}",
        DelegationStatus.DELEGATED: icb,
    }[status]
    assert found == expected


class TestValuesTheScenariosExposed:
    def test_an_approvals_by_is_text_without_outer_spaces(self) -> None:
        """Approval.by is a name: padded, it is refused like any other."""
        day = dt.date(2023, 12, 7)
        stage = ApprovalStage.NHS_ENGLAND_BOARD

        assert Approval(stage=stage, decided_on=day, by="Board").by == "Board"
        assert Approval(stage=stage, decided_on=day).by == ""
        with pytest.raises(InvalidValueError, match="by"):
            Approval(stage=stage, decided_on=day, by=" Board")

    def test_a_successor_is_a_code_without_outer_spaces(self) -> None:
        with pytest.raises(InvalidValueError, match="successor"):
            Succession(
                predecessor="QHG",
                successor="S1Y5D ",
                effective=APRIL_2026,
                kind=SuccessionKind.MERGER,
            )


@pytest.mark.parametrize("day", [dt.date(2026, 4, 1), dt.date(2026, 7, 1)])
def test_a_split_receiver_is_judged_by_the_successors_its_places_follow(
    day: dt.date,
) -> None:
    """QJG and QM7 split in 2026; their places each follow a named successor."""
    report = check(scenarios.england_2026_27(), on=day)

    assert [f.code for f in report.errors] == []
    assert [f.subject for f in report.warnings if f.code == "SPC-COV-002"] == [
        "DEL-QNQ/2026-04-01"
    ]
