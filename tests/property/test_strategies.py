"""
The shipped strategies, and the invariants they let us prove.

Source: DESIGN.md's rule families; the strategies issue: "landscapes() yields
plans on which check reports no errors", and a near miss for every rule code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any, Final

import attrs
import pytest
from hypothesis import event, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from speccom_model import (
    DEFAULT_POLICY,
    DEFAULT_RULES,
    ArrangementKind,
    Baseline,
    Budget,
    BudgetLine,
    Commissioner,
    CommissionerKind,
    DelegationArrangement,
    FinancialYear,
    Landscape,
    Money,
    MoneyHolder,
    Population,
    Service,
    Severity,
    SuccessionKind,
    check,
    gbp,
    io,
    persons,
    strategies,
)
from speccom_model._hypothesis_hook import registered_types as _registered_types
from tests.objects import code_of

REAL_ODS = re.compile(r"^[A-Z0-9]{1,9}$")


class TestCleanPlans:
    """landscapes() yields plans on which check reports no error."""

    @given(strategies.landscapes())
    def test_generated_plans_have_no_errors_and_only_succession_notes(
        self, landscape: Landscape
    ) -> None:
        """
        Nothing but SPC-COV-002: an arrangement passing to its receiver's successor.

        It is information for a merger, rename or split, and a warning for a
        closure (responsibility returns to NHS England), one per arrangement
        in force on the receiver's succession day.
        """
        report = check(landscape)
        passing = {
            (a.id, s.kind is SuccessionKind.CLOSURE)
            for a in landscape.arrangements
            for s in landscape.successions_of(a.receiver)
            if a.period.contains(s.effective)
        }

        assert report.errors == ()
        assert {(f.subject, f.severity is Severity.WARNING) for f in report} == passing
        assert report.codes() <= {"SPC-COV-002"}

    @given(
        strategies.landscapes(quiet=True),
        st.none() | st.dates(dt.date(2013, 4, 1), dt.date(2034, 3, 31)),
    )
    def test_quiet_plans_have_no_findings_on_any_day(
        self, landscape: Landscape, on: dt.date | None
    ) -> None:
        """Nothing passes while in force: check says nothing, by any day's law."""
        assert check(landscape, on=on).findings == ()

    @given(
        strategies.landscapes(
            min_services=2, max_services=2, max_places=1, year=FinancialYear(2025)
        )
    )
    def test_narrowing_is_respected(self, landscape: Landscape) -> None:
        """The year fixes the first start and the money; contracts start in it."""
        assert len(landscape.catalogue) == 2
        assert len(landscape.places) == 1
        first = min(a.period.start for a in landscape.arrangements)
        assert FinancialYear.containing(first) == FinancialYear(2025)
        assert landscape.years() == (FinancialYear(2025),)

    @pytest.mark.parametrize(
        "kind", strategies.LAWFUL_KINDS, ids=lambda kind: kind.value
    )
    def test_each_kind_alone_gives_lawful_plans_of_that_kind(
        self, kind: ArrangementKind
    ) -> None:
        """kinds=[k] narrows every plan to arrangements of k, none with an error."""

        @settings(max_examples=25, database=None)
        @given(strategies.landscapes(kinds=[kind]))
        def narrowed(landscape: Landscape) -> None:
            assert {a.kind for a in landscape.arrangements} == {kind}
            assert check(landscape).errors == ()

        narrowed()

    @given(strategies.landscapes())
    def test_every_body_has_a_synthetic_code(self, landscape: Landscape) -> None:
        """No generated body can be mistaken for a real one."""
        for body in landscape.commissioners:
            assert body.is_synthetic
            assert not REAL_ODS.match(body.code)

    @given(strategies.landscapes())
    def test_every_kind_is_lawful_at_its_start_to_a_receiver_that_may_take_it(
        self, landscape: Landscape
    ) -> None:
        """The law file's window holds the start; the receiver's kind may receive it."""
        for arrangement in landscape.arrangements:
            start = arrangement.period.start
            window = DEFAULT_POLICY.arrangement_windows[arrangement.kind]
            receiver = landscape.commissioner(arrangement.receiver)

            assert window.contains(start)
            assert receiver.exists_on(start)
            assert receiver.kind_on(start) in arrangement.kind.receiver_kinds


#: Rules that speak only under a bill policy, never under the law that
#: ``check`` applies by default: tests/test_named_policies.py tests them.
BILL_ONLY: Final = frozenset({"SPC-LEGAL-004"})
LAW_RULES: Final = [r.code for r in DEFAULT_RULES if r.code not in BILL_ONLY]


class TestNearMisses:
    """Each near miss breaks exactly its rule: the rule fires when it should, and only then."""

    def test_every_rule_code_has_a_near_miss(self) -> None:
        assert set(strategies.NEAR_MISS_CODES) == set(LAW_RULES)

    @pytest.mark.parametrize("code", LAW_RULES)
    def test_the_near_miss_breaks_only_its_rule(self, code: str) -> None:
        @given(strategies.landscapes(violating=code))
        def breaks_only(landscape: Landscape) -> None:
            assert check(landscape).codes() == {code}

        breaks_only()


class TestConservation:
    """Money is neither created nor lost by lawful, funded arrangements."""

    @given(strategies.landscapes())
    def test_money_reconciles_per_year(self, landscape: Landscape) -> None:
        """
        Allocation = every budget + NHS England's pool contributions, each year.

        Each arrangement under which the receiver holds the money moves, in
        each year it runs with money, exactly its holder's budget lines for its
        services (a provider collaborative's lead holds them); none moves to a
        kind under which NHS England keeps the money.
        """
        england = landscape.nhs_england.code
        for year in landscape.years():
            allocation = landscape.allocation(year)
            held = sum(landscape.budget_by_commissioner(year).values(), Money.zero())
            pooled = landscape.pooled_total(year, contributor=england)

            assert allocation is not None
            assert allocation.amount == held + pooled
            for arrangement in landscape.arrangements:
                if arrangement.kind.money_holder is not MoneyHolder.RECEIVER:
                    assert arrangement.budget_transferred == {}
                    continue
                if not arrangement.period.overlaps(year.period):
                    continue
                receiver = landscape.commissioner(arrangement.receiver)
                holder = receiver.lead or receiver.code
                budget = landscape.budget(holder, year)
                assert budget is not None
                lines = sum(
                    (
                        line.allocation
                        for line in budget.lines
                        if line.service in arrangement.services
                    ),
                    Money.zero(),
                )

                assert arrangement.transferred(year) == lines

    @given(
        strategies.landscapes(kinds=[ArrangementKind.ICB_DELEGATION], quiet=True),
        st.data(),
    )
    def test_funded_delegations_keep_the_national_total(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        year = landscape.allocations[0].year
        allocation = landscape.allocations[0].amount
        for _ in range(data.draw(st.integers(1, 4))):
            landscape = _delegate_more(landscape, year, data)

        held = sum(landscape.budget_by_commissioner(year).values(), Money.zero())
        assert held == allocation
        assert not {"SPC-CONS-001", "SPC-MONEY-001"} & check(landscape).codes()


def _delegate_more(
    landscape: Landscape, year: FinancialYear, data: st.DataObject
) -> Landscape:
    """Move part of NHS England's money for a service no one covers to a delegation."""
    smallest = min(p.population for p in landscape.places)
    paid = [a for a in landscape.arrangements if year in a.budget_transferred]
    arrangement = data.draw(st.sampled_from(paid))
    free = [
        s.code
        for s in landscape.catalogue
        if s.planning_population is not None
        and s.planning_population <= smallest
        and not s.highly_specialised
        and not any(landscape.covering(s.code, p) for p in arrangement.places)
    ]
    if not free:
        return landscape
    service = data.draw(st.sampled_from(free))
    england = landscape.nhs_england.code
    retained = landscape.budget(england, year)
    assert retained is not None
    line = next(line for line in retained.lines if line.service == service)
    amount = data.draw(
        strategies.money(min_value=Money.zero(), max_value=line.allocation)
    )
    budgets = [
        _moved(budget, retained, arrangement.receiver, service, amount)
        for budget in landscape.budgets
    ]
    grown = attrs.evolve(
        arrangement,
        services=arrangement.services | {service},
        budget_transferred={year: arrangement.transferred(year) + amount},
    )
    # The whole baseline in one place, none in the others: at most what moved.
    first, *others = sorted(arrangement.places)
    baselines = [
        Baseline(service=service, place=first, year=year, amount=amount),
        *(
            Baseline(service=service, place=p, year=year, amount=Money.zero())
            for p in others
        ),
    ]
    return attrs.evolve(
        landscape,
        budgets=budgets,
        arrangements=[grown if a is arrangement else a for a in landscape.arrangements],
        baselines=[*landscape.baselines, *baselines],
    )


def _moved(
    budget: Budget, retained: Budget, holder: str, service: str, amount: Money
) -> Budget:
    """NHS England's line for the service less ``amount``; the holder's with it."""
    if budget is retained:
        return attrs.evolve(
            budget,
            lines=[
                attrs.evolve(line, allocation=line.allocation - amount)
                if line.service == service
                else line
                for line in budget.lines
            ],
        )
    if budget.holder == holder:
        return attrs.evolve(
            budget,
            lines=[*budget.lines, BudgetLine(service=service, allocation=amount)],
        )
    return budget


class TestCoverage:
    """For one service, place and day, exactly one body is responsible."""

    @given(strategies.landscapes(), st.dates(dt.date(2013, 4, 1), dt.date(2034, 3, 31)))
    def test_exactly_one_responsible_body(
        self, landscape: Landscape, day: dt.date
    ) -> None:
        """The receiver in force, or its successor there; NHS England otherwise."""
        for service in landscape.catalogue:
            for place in landscape.places:
                covering = [
                    a
                    for a in landscape.covering(service.code, place.code)
                    if a.period.contains(day)
                ]
                body = landscape.responsible_commissioner(service.code, place.code, day)

                assert len(covering) <= 1
                holder = (
                    landscape.body_on(covering[0].receiver, day, place=place.code)
                    if covering
                    else None
                )
                expected = landscape.nhs_england if holder is None else holder
                assert code_of(body) == expected.code

    @given(strategies.landscapes(), st.data())
    def test_an_arrangement_passes_to_the_successor_that_takes_the_place(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        """
        After a merger, rename or split, the successor owning the place answers.

        Only CCGs and ICBs succeed, and what they receive covers their own
        places, whose memberships move to the successors on that day.
        """
        passing = [
            (a, s)
            for a in landscape.arrangements
            for s in landscape.successions_of(a.receiver)
            if a.period.contains(s.effective) and s.successor is not None
        ]
        if not passing:
            return
        arrangement, succession = data.draw(st.sampled_from(passing))
        place = data.draw(st.sampled_from(sorted(arrangement.places)))
        service = data.draw(st.sampled_from(sorted(arrangement.services)))
        day = succession.effective
        body = landscape.responsible_commissioner(service, place, day)

        assert body is not None
        assert body.code in {
            s.successor for s in landscape.successions_of(arrangement.receiver)
        }
        assert body == landscape.commissioner_of(place, day)


#: What landscapes() must cover, by name: each must occur in a few hundred plans.
EXPECTED_FEATURES: Final = frozenset(
    {f"kind:{k.value}" for k in strategies.LAWFUL_KINDS}
    | {
        f"receiver:{k.value}"
        for k in CommissionerKind
        # Independent providers may lead no contract (SPC-BODY-003), STPs
        # only advise (SPC-BODY-002): no lawful plan gives them one.
        if k not in {CommissionerKind.INDEPENDENT_PROVIDER, CommissionerKind.STP}
    }
    | {f"succession:{k.value}" for k in SuccessionKind}
    | {
        "era:ccg",
        "era:icb",
        "joint-committee:nhs-england-and-icbs",
        "pool:nhs-england-hosts",
        "pool:receiver-hosts",
        "arrangement:ended",
        "arrangement:open",
        "arrangement:passes",
        "arrangement:returns",
        "place:moves",
        "money:moved",
        "money:outturn-for-some-lines",
    }
)


def features(landscape: Landscape) -> set[str]:
    """The shapes a plan holds, by the names of EXPECTED_FEATURES."""
    england = landscape.nhs_england.code
    found: set[str] = set()
    for arrangement in landscape.arrangements:
        start = arrangement.period.start
        receiver = landscape.commissioner(arrangement.receiver)
        found.add(f"kind:{arrangement.kind.value}")
        found.add(f"receiver:{receiver.kind_on(start).value}")
        found.add(
            f"arrangement:{'open' if arrangement.period.end is None else 'ended'}"
        )
        for succession in landscape.successions_of(arrangement.receiver):
            if arrangement.period.contains(succession.effective):
                closes = succession.kind is SuccessionKind.CLOSURE
                found.add(f"arrangement:{'returns' if closes else 'passes'}")
        if receiver.kind is CommissionerKind.JOINT_COMMITTEE:
            kinds = {landscape.commissioner(m).kind_on(start) for m in receiver.members}
            if {CommissionerKind.NHS_ENGLAND, CommissionerKind.ICB} <= kinds:
                found.add("joint-committee:nhs-england-and-icbs")
        if arrangement.total_transferred:
            found.add("money:moved")
    found.update(f"succession:{s.kind.value}" for s in landscape.successions)
    for pool in landscape.pooled_budgets:
        found.add(f"pool:{'nhs-england' if pool.host == england else 'receiver'}-hosts")
    for place in landscape.places:
        if len({m.commissioner for m in place.memberships}) > 1:
            found.add("place:moves")
    for budget in landscape.budgets:
        if 0 < budget.outturn_lines < len(budget.lines):
            found.add("money:outturn-for-some-lines")
    first = min(a.period.start for a in landscape.arrangements)
    found.add("era:ccg" if first < DEFAULT_POLICY.icbs_from else "era:icb")
    return found


class TestCoverageOfTheModel:
    """
    landscapes() covers the model: every lawful kind, receiver and succession.

    Source: issue #12, "Strategies that cover the model": every arrangement
    kind lawful at its date, CCGs and ICBs, successions of every kind, joint
    committees, pooled budgets, ended and open arrangements, places that move.
    """

    def test_a_few_hundred_plans_hold_every_shape(self) -> None:
        """Counted over 400 plans, derandomized so that CI sees the same ones."""
        counts: Counter[str] = Counter()

        @settings(max_examples=400, derandomize=True, database=None, deadline=None)
        @given(strategies.landscapes())
        def count(landscape: Landscape) -> None:
            for feature in sorted(features(landscape)):
                event(feature)  # shown by pytest --hypothesis-show-statistics
                counts[feature] += 1

        count()

        assert EXPECTED_FEATURES - set(counts) == set()
        assert set(counts) <= EXPECTED_FEATURES


class TestRoundTrip:
    """load(dump(x)) == x for generated plans, TOML and JSON."""

    @given(
        strategies.landscapes(max_services=3, max_places=2),
        st.sampled_from(["toml", "json"]),
    )
    def test_generated_plans_round_trip(self, landscape: Landscape, fmt: Any) -> None:
        assert io.loads(io.dumps(landscape, format=fmt), format=fmt) == landscape


class TestShrinking:
    def test_a_failing_example_shrinks_to_a_small_plan(self) -> None:
        """Composable strategies: Hypothesis finds the smallest plan with two places."""
        smallest = find(
            strategies.landscapes(),
            lambda landscape: len(landscape.places) >= 2,
            settings=settings(database=None),  # shrink afresh, not from a saved plan
        )

        assert len(smallest.places) == 2
        assert len(smallest.catalogue) == 1


class TestValueStrategies:
    @given(strategies.money(min_value=gbp("£5"), max_value=gbp("£7")))
    def test_money_is_within_bounds(self, amount: Money) -> None:
        assert gbp("£5") <= amount <= gbp("£7")

    @given(strategies.populations(min_value=9_999_999, max_value=10_000_000))
    def test_populations_are_within_bounds(self, population: Population) -> None:
        assert persons(9_999_999) <= population <= persons(10_000_000)

    @given(
        strategies.services(
            max_population=9_999_999, highly_specialised=False, with_specification=True
        )
    )
    def test_services_narrow(self, service: Service) -> None:
        assert service.planning_population is not None
        assert service.planning_population < persons(10_000_000)
        assert (service.highly_specialised, service.specification is not None) == (
            False,
            True,
        )

    @given(
        strategies.commissioners(
            kinds=[CommissionerKind.CCG], alive_on=dt.date(2019, 4, 1)
        )
    )
    def test_commissioners_narrow(self, body: Commissioner) -> None:
        assert body.kind is CommissionerKind.CCG
        assert body.exists_on(dt.date(2019, 4, 1))
        assert body.matches_documented_shape()

    @given(strategies.arrangements(kinds=[ArrangementKind.POOLED_BUDGET]))
    def test_arrangements_are_valid_objects(
        self, arrangement: DelegationArrangement
    ) -> None:
        assert arrangement.pooled_budget is not None

    @pytest.mark.parametrize(
        "make",
        [
            lambda: strategies.money(min_value=gbp("£2"), max_value=gbp("£1")),
            lambda: strategies.populations(min_value=-1),
            lambda: strategies.financial_years(min_year=2030, max_year=2020),
            lambda: strategies.landscapes(min_services=0),
            lambda: strategies.landscapes(year=FinancialYear(2012)),
            lambda: strategies.landscapes(
                year=FinancialYear(2019), violating="SPC-MONEY-001"
            ),
            lambda: strategies.landscapes(kinds=[]),
            lambda: strategies.landscapes(kinds=[ArrangementKind.WHOLESALE_TRANSFER]),
            lambda: strategies.landscapes(
                kinds=[ArrangementKind.ICB_DELEGATION], year=FinancialYear(2019)
            ),
            lambda: strategies.landscapes(
                kinds=[ArrangementKind.CO_COMMISSIONING],
                year=FinancialYear(2022),
                quiet=True,
            ),
            lambda: strategies.landscapes(violating="SPC-NOPE-001"),
            lambda: strategies.commissioners(kinds=[]),
            lambda: strategies.landscapes(quiet="no"),  # type: ignore[arg-type]
            lambda: strategies.landscapes(quiet=1),  # type: ignore[arg-type]
            lambda: strategies.landscapes(kinds="icb-delegation"),  # type: ignore[arg-type]
            lambda: strategies.landscapes(
                kinds=[ArrangementKind.JOINT_COMMITTEE], violating="SPC-MONEY-001"
            ),
        ],
    )
    def test_impossible_requests_are_invalid_arguments(self, make: Any) -> None:
        with pytest.raises(InvalidArgument):
            make()

    def test_a_string_of_kinds_is_named_whole(self) -> None:
        """Not split into letters: the message quotes what was given."""
        with pytest.raises(InvalidArgument, match="kinds='icb-delegation' must be"):
            strategies.landscapes(kinds="icb-delegation")  # type: ignore[arg-type]


class TestRegistration:
    """The entry point registers strategies: st.from_type works once installed."""

    @given(st.from_type(Service), st.from_type(Money), st.from_type(FinancialYear))
    def test_from_type_works(
        self, service: Service, amount: Money, year: FinancialYear
    ) -> None:
        assert isinstance(service, Service)
        assert isinstance(amount, Money)
        assert isinstance(year, FinancialYear)

    @given(st.from_type(Landscape))
    def test_from_type_landscapes_are_clean(self, landscape: Landscape) -> None:
        assert check(landscape).ok

    @pytest.mark.parametrize(
        "cls",
        [c for c in _registered_types() if c not in {Landscape, FinancialYear}],
        ids=lambda c: c.__name__,
    )
    def test_every_registered_type_draws_two_hundred_valid_examples(
        self, cls: type
    ) -> None:
        """budgets() and st.from_type(Budget) once failed on their first line."""
        drawn: list[object] = []

        @settings(max_examples=200, database=None)
        @given(st.from_type(cls))
        def draw(value: object) -> None:
            assert isinstance(value, cls)
            drawn.append(value)

        draw()

        assert len(drawn) >= 200

    def test_from_type_financial_year_draws_every_year_of_its_range(self) -> None:
        """Eighteen years: Hypothesis stops when it has drawn them all."""
        drawn: set[FinancialYear] = set()

        @settings(max_examples=200, database=None)
        @given(st.from_type(FinancialYear))
        def draw(year: FinancialYear) -> None:
            drawn.add(year)

        draw()

        assert drawn == {FinancialYear(y) for y in range(2013, 2031)}

    @settings(max_examples=200, database=None)
    @given(strategies.budgets())
    def test_budgets_draws_budgets_with_lines(self, budget: Budget) -> None:
        assert all(line.service for line in budget.lines)
        assert len({line.service for line in budget.lines}) == len(budget.lines)

    def test_the_entry_point_registers_every_type_strategies_has(self) -> None:
        """The hook's list (kept import-free) and the strategies' table agree."""
        from speccom_model._hypothesis_hook import registered_types
        from speccom_model.strategies import _registrations

        assert set(registered_types()) == set(_registrations())

    def test_the_entry_point_is_cheap_and_lazy(self) -> None:
        """Importing the hook loads neither the strategies nor the rules."""
        import subprocess
        import sys

        code = (
            "import sys, speccom_model._hypothesis_hook; "
            "print('speccom_model.strategies' in sys.modules)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )

        assert out.stdout.strip() == "False"
