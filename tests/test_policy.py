"""Policy: the figures and dated parameters the rules read."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from speccom_model import (
    DEFAULT_POLICY,
    ApprovalRoute,
    ArrangementKind,
    CommissionerKind,
    InvalidValueError,
    LegalWindow,
    MonthDay,
    ParseError,
    Policy,
    io,
    persons,
)
from speccom_model._sources import NHS_ACT_65Z5


class TestDefaults:
    def test_defaults_are_the_law_files(self) -> None:
        """10 million, CCGs to 30 June 2022, ICBs and delegation from 1 July 2022."""
        policy = Policy()

        assert (
            policy.joint_planning_population_limit,
            policy.ccg_last_day,
            policy.icbs_from,
            policy.icb_delegation_from,
        ) == (
            persons(10_000_000),
            dt.date(2022, 6, 30),
            dt.date(2022, 7, 1),
            dt.date(2022, 7, 1),
        )

    def test_every_window_key_is_a_kind(self) -> None:
        """Tables are keyed by enum values; every key is one."""
        assert set(DEFAULT_POLICY.arrangement_windows) <= {
            k.value for k in ArrangementKind
        }
        assert set(DEFAULT_POLICY.budget_windows) <= {k.value for k in CommissionerKind}

    def test_every_lawful_kind_but_wholesale_transfer_has_a_window(self) -> None:
        """Only ministers can make a wholesale transfer: it has no window."""
        missing = {k.value for k in ArrangementKind} - set(
            DEFAULT_POLICY.arrangement_windows
        )

        assert missing == {"wholesale-transfer"}

    @pytest.mark.parametrize(
        ("kind", "day", "lawful"),
        [
            ("icb-delegation", dt.date(2022, 6, 30), False),
            ("icb-delegation", dt.date(2022, 7, 1), True),
            ("joint-committee", dt.date(2022, 7, 1), True),
            ("pooled-budget", dt.date(2013, 4, 1), True),
            ("co-commissioning", dt.date(2013, 3, 31), False),
            # s.13Z joint exercise with CCGs is lawful from 1 April 2013, not 2014
            ("co-commissioning", dt.date(2013, 4, 1), True),
            ("icb-direction", dt.date(2022, 6, 30), False),
            ("icb-direction", dt.date(2022, 7, 1), True),
        ],
    )
    def test_arrangement_windows_at_their_boundaries(
        self, kind: str, day: dt.date, lawful: bool
    ) -> None:
        """s.65Z5 is lawful from 1 July 2022, not a day before."""
        assert DEFAULT_POLICY.arrangement_windows[kind].contains(day) is lawful

    def test_ccg_budget_window_ends_30_june_2022(self) -> None:
        """CCGs hold budgets to 30 June 2022 inclusive."""
        window = DEFAULT_POLICY.budget_windows["ccg"]

        assert (
            window.contains(dt.date(2022, 6, 30)),
            window.contains(dt.date(2022, 7, 1)),
        ) == (
            True,
            False,
        )

    def test_moving_the_icb_date_moves_the_derived_windows(self) -> None:
        """Windows derive from the dates, so a variant policy stays consistent."""
        policy = Policy(
            ccg_last_day=dt.date(2023, 3, 31),
            icbs_from=dt.date(2023, 4, 1),
            icb_delegation_from=dt.date(2023, 4, 1),
        )

        assert policy.arrangement_windows["icb-delegation"].start == dt.date(2023, 4, 1)
        assert policy.budget_windows["ccg"].contains(dt.date(2023, 3, 31))


class TestDatedParameters:
    @pytest.mark.parametrize(
        ("day", "count"), [(dt.date(2022, 6, 30), 4), (dt.date(2022, 7, 1), 3)]
    )
    def test_statutory_factors_by_date(self, day: dt.date, count: int) -> None:
        """Four factors before 1 July 2022, three from then."""
        assert DEFAULT_POLICY.factors_on(day) == count

    @pytest.mark.parametrize(
        ("start", "first_stage"),
        [
            (dt.date(2019, 4, 1), "business-case"),
            (dt.date(2023, 3, 31), "business-case"),
            (dt.date(2023, 4, 1), "pre-delegation-assessment"),
        ],
    )
    def test_route_by_era(self, start: dt.date, first_stage: str) -> None:
        """The 2019 route until April 2023, then the 2023 route."""
        route = DEFAULT_POLICY.route_for(start)

        assert route is not None
        assert route.stages[0] == first_stage

    def test_no_route_before_2019(self) -> None:
        """No approval route was set before the 2019-20 guidance."""
        assert DEFAULT_POLICY.route_for(dt.date(2015, 4, 1)) is None

    @pytest.mark.parametrize(
        ("end", "due"),
        [
            (dt.date(2025, 4, 1), dt.date(2024, 9, 30)),
            (dt.date(2025, 10, 1), dt.date(2025, 9, 30)),
            (dt.date(2025, 9, 30), dt.date(2024, 9, 30)),
        ],
    )
    def test_notice_due(self, end: dt.date, due: dt.date) -> None:
        """Notice falls due by the 30 September before the end."""
        assert DEFAULT_POLICY.notice_due(end) == due

    def test_next_delegation_start(self) -> None:
        """The next 1 April on or after a day."""
        assert DEFAULT_POLICY.next_delegation_start(dt.date(2024, 4, 1)) == dt.date(
            2024, 4, 1
        )


class TestValidation:
    def test_icbs_must_follow_ccgs_the_next_day(self) -> None:
        """No gap and no overlap between CCGs and ICBs."""
        with pytest.raises(InvalidValueError, match="ccg_last_day"):
            Policy(ccg_last_day=dt.date(2022, 7, 1))

    def test_the_limit_must_be_a_positive_population(self) -> None:
        """A limit of zero persons, or a bare int, is refused."""
        with pytest.raises(InvalidValueError):
            Policy(joint_planning_population_limit=persons(0))
        with pytest.raises(InvalidValueError):
            Policy(joint_planning_population_limit=10)  # type: ignore[arg-type]

    def test_routes_must_be_in_order(self) -> None:
        """Routes are dated parameters in order."""
        routes = DEFAULT_POLICY.approval_routes

        with pytest.raises(InvalidValueError, match="approval_routes"):
            Policy(approval_routes=tuple(reversed(routes)))

    def test_a_route_needs_distinct_stages(self) -> None:
        """A route with no stages or a repeated one cannot exist."""
        with pytest.raises(InvalidValueError):
            ApprovalRoute(
                applies_from=dt.date(2019, 4, 1), stages=(), source=NHS_ACT_65Z5
            )

    def test_windows_must_be_windows(self) -> None:
        """A table entry that is not a LegalWindow is refused."""
        with pytest.raises(InvalidValueError, match="arrangement_windows"):
            Policy(arrangement_windows={"icb-delegation": "from 2022"})

    def test_a_window_must_not_end_before_it_starts(self) -> None:
        """LegalWindow checks its dates."""
        with pytest.raises(InvalidValueError):
            LegalWindow(
                start=dt.date(2022, 1, 1), end=dt.date(2021, 1, 1), source=NHS_ACT_65Z5
            )

    def test_month_day_must_be_real(self) -> None:
        """30 February is refused."""
        with pytest.raises(InvalidValueError):
            MonthDay(2, 30)

    def test_policy_is_frozen_and_hashable(self) -> None:
        """A frozen value: evolve makes a variant, the default is untouched."""
        variant = attrs.evolve(
            DEFAULT_POLICY, joint_planning_population_limit=persons(5)
        )

        assert hash(variant) != hash(DEFAULT_POLICY)
        assert DEFAULT_POLICY.joint_planning_population_limit == persons(10_000_000)


def test_a_month_past_a_machine_integer_is_an_invalid_value() -> None:
    """Not 'Python int too large to convert to C long'."""
    with pytest.raises(InvalidValueError, match="a real day of a non-leap year"):
        MonthDay(99999999999999999999, 1)


class TestPopulationLimitWindow:
    """The 2019/20 guidance's era, a dated parameter of the law file."""

    def test_a_policy_file_without_it_keeps_the_law_s(self) -> None:
        """A file gives only what it changes."""
        read = io.loads("joint_planning_population_limit = 5000000", type=Policy)

        assert read.population_limit_window == DEFAULT_POLICY.population_limit_window

    def test_an_era_ending_before_it_starts_is_a_clear_error(self) -> None:
        """The path, what was expected and what was found."""
        text = (
            "[population_limit_window]\n"
            "start = 2022-07-01\n"
            "end = 2019-01-10\n"
            "[[population_limit_window.source]]\n"
            'title = "Guidance"\n'
            'url = "https://www.england.nhs.uk"\n'
        )

        with pytest.raises(ParseError, match="population_limit_window"):
            io.loads(text, type=Policy)

    def test_it_must_be_a_window(self) -> None:
        """Not a date, not a mapping."""
        with pytest.raises(InvalidValueError, match="population_limit_window"):
            Policy(population_limit_window=dt.date(2019, 1, 10))  # type: ignore[arg-type]
