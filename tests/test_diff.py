"""What changed: responsibility and money between two days, or two plans."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from speccom_model import (
    ArrangementKind,
    BodyMoneyChange,
    ChangeAspect,
    ChangeSide,
    CommissionerKind,
    DelegationArrangement,
    FinancialYear,
    InvalidValueError,
    Landscape,
    MoneyChange,
    Period,
    PlanDiff,
    ResponsibilityChange,
    YearMoneyChange,
    diff_dates,
    diff_plans,
    gbp,
    scenarios,
    summarise,
)

APRIL_2023 = dt.date(2023, 4, 1)
APRIL_2024 = dt.date(2024, 4, 1)
APRIL_2025 = dt.date(2025, 4, 1)
DAY = dt.timedelta(days=1)


@pytest.fixture(scope="module")
def england_2024_25() -> Landscape:
    return scenarios.england_2024_25()


@pytest.fixture(scope="module")
def england_2025_26() -> Landscape:
    return scenarios.england_2025_26()


@pytest.fixture(scope="module")
def three_years(england_2024_25: Landscape) -> PlanDiff:
    """Every change of England 2024-25 from 1 April 2023 to 1 April 2025."""
    return diff_dates(england_2024_25, APRIL_2023 - DAY, APRIL_2025)


@pytest.fixture(scope="module")
def two_plans(england_2024_25: Landscape, england_2025_26: Landscape) -> PlanDiff:
    return diff_plans(england_2024_25, england_2025_26)


def _arrangements(
    landscape: Landscape,
    kind: ArrangementKind,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[DelegationArrangement]:
    """The plan's arrangements of ``kind`` that start or end on the days given."""
    return [
        a
        for a in landscape.arrangements
        if a.kind is kind
        and (start is None or a.period.start == start)
        and (end is None or a.period.end == end)
    ]


def _union(arrangements: list[DelegationArrangement], field: str) -> set[str]:
    return {code for a in arrangements for code in getattr(a, field)}


def _area_codes(landscape: Landscape, places: set[str], day: dt.date) -> set[str]:
    found = set()
    for place in places:
        body = landscape.commissioner_of(place, day)
        assert body is not None
        found.add(body.code)
    return found


def _only(
    changes: tuple[ResponsibilityChange, ...], **fields: object
) -> ResponsibilityChange:
    """The one change whose fields have the values given."""
    (found,) = [
        c for c in changes if all(getattr(c, k) == v for k, v in fields.items())
    ]
    return found


class TestDiffDates:
    def test_icb_delegation_on_1_april_2024_replaces_three_joint_committees(
        self, england_2024_25: Landscape, three_years: PlanDiff
    ) -> None:
        """The 20 ICB delegations of 2024 take over from the joint committees that end."""
        delegations = _arrangements(
            england_2024_25, ArrangementKind.ICB_DELEGATION, start=APRIL_2024
        )
        committees = _arrangements(
            england_2024_25, ArrangementKind.JOINT_COMMITTEE, end=APRIL_2024
        )
        places = _union(delegations, "places")

        change = _only(
            three_years.changes, aspect=ChangeAspect.COMMISSIONER, start=APRIL_2024
        )

        assert change.before.arrangement is ArrangementKind.JOINT_COMMITTEE
        assert change.before.kind is CommissionerKind.JOINT_COMMITTEE
        assert change.after.arrangement is ArrangementKind.ICB_DELEGATION
        assert change.after.kind is CommissionerKind.ICB
        assert set(change.services) == _union(delegations, "services")
        assert set(change.places) == places
        assert set(change.after.bodies) == {a.receiver for a in delegations}
        assert set(change.after.arrangements) == {a.id for a in delegations}
        assert set(change.before.bodies) == {a.receiver for a in committees}
        assert set(change.before.arrangements) == {a.id for a in committees}
        assert set(change.areas) == _area_codes(england_2024_25, places, APRIL_2024)
        assert change.area_kinds == (CommissionerKind.ICB,)
        assert (len(change.services), len(change.after.bodies)) == (59, 20)
        assert change.end is None

    def test_the_payer_moves_to_the_icbs_while_the_accountable_body_stays(
        self, england_2024_25: Landscape, three_years: PlanDiff
    ) -> None:
        """Under joint committees NHS England pays; under ICB delegation the ICB."""
        delegations = _arrangements(
            england_2024_25, ArrangementKind.ICB_DELEGATION, start=APRIL_2024
        )
        england = england_2024_25.nhs_england.code

        payer = _only(three_years.changes, aspect=ChangeAspect.PAYER)

        assert payer.start == APRIL_2024
        assert payer.before == ChangeSide(
            kind=CommissionerKind.NHS_ENGLAND, bodies=[england]
        )
        assert payer.after == ChangeSide(
            kind=CommissionerKind.ICB, bodies={a.receiver for a in delegations}
        )
        assert not [
            c for c in three_years.changes if c.aspect is ChangeAspect.ACCOUNTABLE
        ]

    def test_joint_committees_begin_in_2023_and_four_end_in_2025(
        self, england_2024_25: Landscape, three_years: PlanDiff
    ) -> None:
        """NHS England → joint committee on 1 April 2023, and back on 1 April 2025."""
        committees = _arrangements(england_2024_25, ArrangementKind.JOINT_COMMITTEE)
        ending = _arrangements(
            england_2024_25, ArrangementKind.JOINT_COMMITTEE, end=APRIL_2025
        )

        begun = _only(three_years.changes, start=APRIL_2023)
        ended = _only(three_years.changes, start=APRIL_2025)

        assert begun.before.arrangement is None
        assert begun.before.kind is CommissionerKind.NHS_ENGLAND
        assert set(begun.after.bodies) == {a.receiver for a in committees}
        assert set(begun.places) == _union(committees, "places")
        assert ended.before.arrangement is ArrangementKind.JOINT_COMMITTEE
        assert set(ended.before.bodies) == {a.receiver for a in ending}
        assert ended.after.kind is CommissionerKind.NHS_ENGLAND

    def test_changes_are_in_aspect_order_then_by_day(
        self, three_years: PlanDiff
    ) -> None:
        """Commissioner changes first, each aspect's in the order they take effect."""
        order = list(ChangeAspect)
        keys = [(order.index(c.aspect), c.start) for c in three_years.changes]

        assert keys == sorted(keys)
        assert [c.start for c in three_years.changes if c.aspect is order[0]] == [
            APRIL_2023,
            APRIL_2024,
            APRIL_2025,
        ]

    @pytest.mark.parametrize(
        ("start", "end", "found"),
        [
            (APRIL_2024 - DAY, APRIL_2024, True),  # the last day is included
            (APRIL_2024, APRIL_2025 - DAY, False),  # the first day is not
            (APRIL_2024, APRIL_2024, False),
        ],
    )
    def test_a_change_counts_after_the_first_day_up_to_and_including_the_last(
        self, england_2024_25: Landscape, start: dt.date, end: dt.date, found: bool
    ) -> None:
        """The days are (start, end]: a change on start is already in force."""
        changes = diff_dates(england_2024_25, start, end).changes

        assert any(c.start == APRIL_2024 for c in changes) is found

    def test_seventy_services_are_delegated_to_all_42_icbs_in_2025(
        self, england_2025_26: Landscape
    ) -> None:
        """From joint committees (the 59) and from NHS England (the 11 more)."""
        delegations = _arrangements(
            england_2025_26, ArrangementKind.ICB_DELEGATION, start=APRIL_2025
        )
        committees = _arrangements(
            england_2025_26, ArrangementKind.JOINT_COMMITTEE, end=APRIL_2025
        )
        found = diff_dates(england_2025_26, APRIL_2025 - DAY, APRIL_2025)
        moved = [c for c in found.changes if c.aspect is ChangeAspect.COMMISSIONER]

        (from_committees,) = [
            c for c in moved if c.before.arrangement is ArrangementKind.JOINT_COMMITTEE
        ]
        (from_england,) = [c for c in moved if c.before.arrangement is None]

        assert len(moved) == 2
        assert {c.after.arrangement for c in moved} == {ArrangementKind.ICB_DELEGATION}
        assert {s for c in moved for s in c.services} == _union(delegations, "services")
        assert {b for c in moved for b in c.after.bodies} == {
            a.receiver for a in delegations
        }
        assert len(_union(delegations, "services")) == 70
        assert len({a.receiver for a in delegations}) == 42
        assert set(from_committees.services) == _union(committees, "services")
        assert set(from_committees.before.bodies) == {a.receiver for a in committees}
        assert set(from_england.services) == _union(delegations, "services") - set(
            from_committees.services
        )
        assert from_england.before.bodies == (england_2025_26.nhs_england.code,)

    def test_net_leaves_out_what_changed_and_changed_back(
        self, england_2024_25: Landscape
    ) -> None:
        """Joint committees that began and ended in the span leave nothing behind."""
        delegations = _arrangements(
            england_2024_25, ArrangementKind.ICB_DELEGATION, start=APRIL_2024
        )

        found = diff_dates(england_2024_25, APRIL_2023 - DAY, APRIL_2025, net=True)

        (change,) = found.changes
        assert found.net
        assert (change.start, change.end) == (None, None)
        assert change.aspect is ChangeAspect.COMMISSIONER
        assert change.before.kind is CommissionerKind.NHS_ENGLAND
        assert change.after.arrangement is ArrangementKind.ICB_DELEGATION
        assert set(change.places) == _union(delegations, "places")
        assert set(change.after.bodies) == {a.receiver for a in delegations}

    def test_money_compares_the_year_of_the_first_day_with_that_of_the_last(
        self, england_2024_25: Landscape
    ) -> None:
        """The 2024-25 budgets against 2025-26's, not recorded: unknown, not £0."""
        budgets = england_2024_25.budget_by_commissioner(FinancialYear(2024))
        assert FinancialYear(2025) not in england_2024_25.years()

        found = diff_dates(england_2024_25, APRIL_2024, APRIL_2025)

        (year,) = found.money
        assert (year.before_year, year.after_year) == (
            FinancialYear(2024),
            FinancialYear(2025),
        )
        assert {b.code: b.before for b in year.bodies} == budgets
        assert all(b.before_known and not b.after_known for b in year.bodies)
        assert all(b.after is None and b.difference is None for b in year.bodies)
        assert year.delegated.before == sum(budgets.values())
        assert all(t.after is None for t in year.totals.values())
        assert all(t.difference is None for t in year.totals.values())

    def test_money_of_two_recorded_years_differs_exactly(self) -> None:
        """England 2019-20 records both years: each body and total differs exactly."""
        england = scenarios.england_2019_20()
        first, second = FinancialYear(2019), FinancialYear(2020)
        was = england.budget_by_commissioner(first)
        now = england.budget_by_commissioner(second)
        (before,) = summarise(england, first)
        (after,) = summarise(england, second)

        (year,) = diff_dates(england, dt.date(2019, 6, 1), dt.date(2020, 6, 1)).money

        assert {b.code for b in year.bodies} == {
            c for c in set(was) | set(now) if was.get(c) != now.get(c)
        }
        for body in year.bodies:
            assert body.before_known
            assert body.after_known
            assert body.difference == now.get(body.code, gbp("£0")) - was.get(
                body.code, gbp("£0")
            )
        for name, total in year.totals.items():
            assert (total.before, total.after) == (
                getattr(before, name),
                getattr(after, name),
            )
            assert total.difference == getattr(after, name) - getattr(before, name)

    def test_a_year_before_the_plan_records_money_is_unknown(
        self, england_2024_25: Landscape
    ) -> None:
        """2023-24, with no money in England 2024-25, is unknown against 2024-25."""
        (year,) = diff_dates(england_2024_25, APRIL_2023, APRIL_2024).money

        assert year.before_year == FinancialYear(2023)
        assert year.delegated.before is None
        assert year.delegated.difference is None
        assert year.pooled.before is None
        assert all(not b.before_known and b.difference is None for b in year.bodies)

    def test_one_financial_year_has_no_money_to_compare(
        self, england_2024_25: Landscape
    ) -> None:
        """Both days in 2024-25: the year's money is the same year's."""
        found = diff_dates(england_2024_25, APRIL_2024, APRIL_2025 - DAY)

        assert found.money == ()

    @pytest.mark.parametrize(
        ("start", "end", "message"),
        [
            (APRIL_2025, APRIL_2024, "end: expected a day on or after start"),
            (dt.date(1900, 3, 31), APRIL_2024, "start: expected a day from 1900-04-01"),
            (APRIL_2024, dt.date(9999, 1, 1), "end: expected a day from 1900-04-01"),
            (dt.datetime(2024, 4, 1), APRIL_2025, "start: expected a datetime.date"),
        ],
    )
    def test_bad_days_are_refused_naming_the_argument(
        self, england_2024_25: Landscape, start: dt.date, end: dt.date, message: str
    ) -> None:
        """A span that runs backwards, or days no financial year holds."""
        with pytest.raises(InvalidValueError, match=message):
            diff_dates(england_2024_25, start, end)

    def test_a_plan_is_needed(self) -> None:
        """Anything else is named."""
        with pytest.raises(InvalidValueError, match="landscape: expected a Landscape"):
            diff_dates("england_2024_25", APRIL_2024, APRIL_2025)  # type: ignore[arg-type]


class TestDiffPlans:
    def test_the_2025_delegations_differ_from_1_april_2025(
        self, england_2024_25: Landscape, two_plans: PlanDiff
    ) -> None:
        """2024-25's joint committees end then; 2025-26 delegates to 22 more ICBs."""
        scenario = scenarios.england_2025_26()
        new = _arrangements(scenario, ArrangementKind.ICB_DELEGATION, start=APRIL_2025)
        full = [a for a in new if len(a.services) == 70]
        common = {s.code for s in england_2024_25.catalogue}

        on_the_day = diff_plans(england_2024_25, scenario, on=APRIL_2025)

        (change,) = on_the_day.changes
        assert on_the_day.on == APRIL_2025
        assert change.before.kind is CommissionerKind.NHS_ENGLAND
        assert change.after.arrangement is ArrangementKind.ICB_DELEGATION
        assert set(change.services) == _union(full, "services") & common
        assert set(change.places) == _union(full, "places")
        assert set(change.after.bodies) == {a.receiver for a in full}
        assert min(c.start for c in two_plans.changes if c.start) == APRIL_2025

    def test_services_one_plan_lacks_are_listed_not_compared(
        self,
        england_2024_25: Landscape,
        england_2025_26: Landscape,
        two_plans: PlanDiff,
    ) -> None:
        """The 2025-26 plan adds services: their pairs are reported as such."""
        before = {s.code for s in england_2024_25.catalogue}
        after = {s.code for s in england_2025_26.catalogue}

        assert set(two_plans.services_only_after) == after - before
        assert set(two_plans.services_only_before) == before - after
        assert not {s for c in two_plans.changes for s in c.services} & (after - before)

    def test_plans_with_different_places_are_compared_where_they_meet(self) -> None:
        """CCGs in 2019-20, sub-ICB locations in 2023-24: no crash, and each listed."""
        ccgs = scenarios.england_2019_20()
        icbs = scenarios.england_2023_24()
        places = ({p.code for p in ccgs.places}, {p.code for p in icbs.places})
        services = ({s.code for s in ccgs.catalogue}, {s.code for s in icbs.catalogue})

        found = diff_plans(ccgs, icbs, on=APRIL_2024)

        assert set(found.places_only_before) == places[0] - places[1]
        assert set(found.places_only_after) == places[1] - places[0]
        assert set(found.services_only_before) == services[0] - services[1]
        assert set(found.services_only_after) == services[1] - services[0]
        for change in found.changes:
            assert set(change.places) <= places[0] & places[1]
            assert set(change.services) <= services[0] & services[1]

    def test_swapping_the_plans_swaps_every_side(
        self,
        england_2024_25: Landscape,
        england_2025_26: Landscape,
        two_plans: PlanDiff,
    ) -> None:
        """B against A is A against B seen from the other side."""
        swapped = diff_plans(england_2025_26, england_2024_25)

        assert set(swapped.changes) == {c.reversed() for c in two_plans.changes}
        assert swapped.money == tuple(y.reversed() for y in two_plans.money)
        assert swapped.services_only_before == two_plans.services_only_after
        assert swapped.places_only_after == two_plans.places_only_before

    def test_money_per_body_and_year_is_exact(
        self,
        england_2024_25: Landscape,
        england_2025_26: Landscape,
        two_plans: PlanDiff,
    ) -> None:
        """Each year either plan records; each body's budget on both sides."""
        years = sorted(set(england_2024_25.years()) | set(england_2025_26.years()))

        assert [y.before_year for y in two_plans.money] == years
        for year in two_plans.money:
            before = england_2024_25.budget_by_commissioner(year.before_year)
            after = england_2025_26.budget_by_commissioner(year.after_year)
            assert {b.code for b in year.bodies} == {
                code
                for code in set(before) | set(after)
                if before.get(code) != after.get(code)
            }
            for body in year.bodies:
                assert (body.before, body.after) == (
                    before.get(body.code),
                    after.get(body.code),
                )
                assert (body.before_known, body.after_known) == (
                    year.before_year in england_2024_25.years(),
                    year.after_year in england_2025_26.years(),
                )

    def test_a_plan_with_no_money_is_unknown_every_year(self) -> None:
        """No allocation, budget, pool, baseline or transfer: never £0."""
        england = scenarios.england_2019_20()
        none = _without_money(england)
        assert none.years() == ()

        found = diff_plans(england, none)

        assert [y.before_year for y in found.money] == list(england.years())
        for year in found.money:
            (recorded,) = summarise(england, year.before_year)
            for name, total in year.totals.items():
                assert (total.before, total.after) == (getattr(recorded, name), None)
                assert total.difference is None
            assert {b.code for b in year.bodies} == {b.code for b in recorded.bodies}
            assert all(not b.after_known for b in year.bodies)
            assert all(b.difference is None for b in year.bodies)
        assert diff_plans(none, england).money == tuple(
            y.reversed() for y in found.money
        )

    def test_a_changed_receiver_shows_exactly_that_change(
        self, england_2024_25: Landscape
    ) -> None:
        """One delegation given to another ICB: its pairs, from its start, and no more."""
        arrangement = england_2024_25.arrangement("DEL-QE1")
        other = next(
            c.code
            for c in england_2024_25.commissioners
            if c.kind is CommissionerKind.ICB
            and c.code != arrangement.receiver
            and c.exists_on(APRIL_2024)
        )
        edited = _replace(england_2024_25, attrs.evolve(arrangement, receiver=other))

        found = diff_plans(england_2024_25, edited)

        (change,) = found.changes
        assert change.aspect is ChangeAspect.COMMISSIONER
        assert (change.start, change.end) == (arrangement.period.start, dt.date.max)
        assert set(change.services) == arrangement.services
        assert set(change.places) == arrangement.places
        assert change.before.bodies == (arrangement.receiver,)
        assert change.after.bodies == (other,)
        assert (
            change.before.arrangements == change.after.arrangements == (arrangement.id,)
        )
        assert found.money == ()

    def test_a_later_start_shows_the_days_in_between(
        self, england_2024_25: Landscape
    ) -> None:
        """A delegation six months late: NHS England holds its pairs meanwhile."""
        arrangement = england_2024_25.arrangement("DEL-QE1")
        later = dt.date(2024, 10, 1)
        edited = _replace(
            england_2024_25,
            attrs.evolve(arrangement, period=Period(start=later)),
        )

        found = diff_plans(england_2024_25, edited)

        (change,) = found.changes
        assert (change.start, change.end) == (arrangement.period.start, later - DAY)
        assert change.before.arrangement is ArrangementKind.ICB_DELEGATION
        assert change.after == ChangeSide(
            kind=CommissionerKind.NHS_ENGLAND,
            bodies=[england_2024_25.nhs_england.code],
        )
        assert set(change.services) == arrangement.services
        assert set(change.places) == arrangement.places

    def test_a_day_outside_the_years_is_refused(
        self, england_2024_25: Landscape
    ) -> None:
        """The day compared must be one a financial year holds."""
        with pytest.raises(InvalidValueError, match="on: expected a day from"):
            diff_plans(england_2024_25, england_2024_25, on=dt.date(1899, 1, 1))


def _without_money(landscape: Landscape) -> Landscape:
    """The plan with every amount of money (and so every pool) taken out."""
    return attrs.evolve(
        landscape,
        allocations=(),
        budgets=(),
        baselines=(),
        pooled_budgets=(),
        arrangements=tuple(
            attrs.evolve(a, budget_transferred={})
            for a in landscape.arrangements
            if a.pooled_budget is None  # a pool arrangement needs its pool
        ),
    )


def _replace(landscape: Landscape, arrangement: DelegationArrangement) -> Landscape:
    """The plan with one arrangement replaced by another of the same id."""
    return attrs.evolve(
        landscape,
        arrangements=[
            arrangement if a.id == arrangement.id else a for a in landscape.arrangements
        ],
    )


class TestValues:
    def test_a_change_cannot_end_before_it_starts(self) -> None:
        """Days in order, or the change cannot exist."""
        side = ChangeSide(kind=CommissionerKind.ICB, bodies=["QE1"])
        with pytest.raises(InvalidValueError, match="end: expected a day on or after"):
            ResponsibilityChange(
                aspect=ChangeAspect.COMMISSIONER,
                start=APRIL_2025,
                end=APRIL_2024,
                before=side,
                after=side,
                services=["7"],
                places=["01A"],
            )

    def test_a_side_refuses_a_kind_given_as_text(self) -> None:
        """Kinds are enums, as everywhere in the model."""
        with pytest.raises(
            InvalidValueError, match="kind: expected a CommissionerKind"
        ):
            ChangeSide(kind="icb")  # type: ignore[arg-type]

    def test_unknown_money_has_no_difference_but_a_missing_budget_holds_nothing(
        self,
    ) -> None:
        """A total not known is not £0; a body with no budget holds £0."""
        unknown = MoneyChange(before=None, after=gbp("£1m"))
        body = BodyMoneyChange(code="QE1", name="QE1", before=gbp("£1m"), after=None)

        assert unknown.difference is None
        assert unknown.changed
        assert body.difference == -gbp("£1m")
        assert body.reversed().difference == gbp("£1m")

    def test_a_side_not_known_has_no_difference_and_holds_no_money(self) -> None:
        """A plan silent on the year: no difference, and no amount on that side."""
        body = BodyMoneyChange(
            code="QE1", name="QE1", before=None, after=gbp("£1m"), before_known=False
        )

        assert body.difference is None
        assert body.reversed().difference is None
        assert not body.reversed().after_known
        with pytest.raises(InvalidValueError, match="before: expected no money"):
            attrs.evolve(body, before=gbp("£1m"))
        with pytest.raises(InvalidValueError, match="after_known: expected true"):
            attrs.evolve(body, after_known=1)  # type: ignore[arg-type]

    def test_a_year_with_nothing_different_has_not_changed(self) -> None:
        """Totals equal on both sides and no body: nothing to report."""
        same = MoneyChange(before=gbp("£5m"), after=gbp("£5m"))
        year = YearMoneyChange(
            before_year=FinancialYear(2024),
            after_year=FinancialYear(2024),
            allocation=MoneyChange(before=None, after=None),
            retained=same,
            delegated=same,
            pooled=same,
        )

        assert not year.changed
        assert year.reversed() == year
