"""
The shipped strategies, and the invariants they let us prove.

Source: DESIGN.md's rule families; the strategies issue: "landscapes() yields
plans on which check reports no errors", and a near miss for every rule code.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final

import attrs
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from speccom_model import (
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
    Population,
    Service,
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
    """landscapes() yields plans on which check reports nothing at all."""

    @given(strategies.landscapes())
    def test_generated_plans_are_clean(self, landscape: Landscape) -> None:
        assert check(landscape).findings == ()

    @given(
        strategies.landscapes(
            min_services=2, max_services=2, max_places=1, year=FinancialYear(2025)
        )
    )
    def test_narrowing_is_respected(self, landscape: Landscape) -> None:
        assert len(landscape.catalogue) == 2
        assert len(landscape.places) == 1
        assert {a.period.start for a in landscape.arrangements} == {dt.date(2025, 4, 1)}

    @given(strategies.landscapes())
    def test_every_body_has_a_synthetic_code(self, landscape: Landscape) -> None:
        """No generated body can be mistaken for a real one."""
        for body in landscape.commissioners:
            assert body.is_synthetic
            assert not REAL_ODS.match(body.code)


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
    """Money is neither created nor lost by lawful, funded delegations."""

    @given(strategies.landscapes(), st.data())
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
    """Move part of NHS England's money for a delegable service to an ICB, with its baseline."""
    smallest = min(p.population for p in landscape.places)
    delegable = [
        s.code
        for s in landscape.catalogue
        if s.planning_population is not None
        and s.planning_population <= smallest
        and not s.highly_specialised
    ]
    place = data.draw(st.sampled_from([p.code for p in landscape.places]))
    service = data.draw(st.sampled_from(delegable))
    if landscape.baseline(service, place, year) is not None:
        return landscape
    england = landscape.nhs_england.code
    retained = landscape.budget(england, year)
    assert retained is not None
    line = next(line for line in retained.lines if line.service == service)
    amount = data.draw(
        strategies.money(min_value=Money.zero(), max_value=line.allocation)
    )
    budgets = [
        _moved(budget, retained, place, service, amount) for budget in landscape.budgets
    ]
    if landscape.budget(place, year) is None:
        budgets.append(
            attrs.evolve(
                retained,
                holder=place,
                lines=[BudgetLine(service=service, allocation=amount)],
            )
        )
    existing = [a for a in landscape.arrangements if a.receiver == place]
    template = landscape.arrangements[0]
    if existing:
        (arrangement,) = existing
        grown = attrs.evolve(
            arrangement,
            services=arrangement.services | {service},
            budget_transferred={year: arrangement.transferred(year) + amount},
        )
        arrangements = [
            grown if a is arrangement else a for a in landscape.arrangements
        ]
    else:
        arrangements = [
            *landscape.arrangements,
            attrs.evolve(
                template,
                id=f"SYN-MORE-{place}",
                receiver=place,
                services={service},
                places={place},
                budget_transferred={year: amount},
            ),
        ]
    return attrs.evolve(
        landscape,
        budgets=budgets,
        arrangements=arrangements,
        baselines=[
            *landscape.baselines,
            Baseline(service=service, place=place, year=year, amount=amount),
        ],
    )


def _moved(budget: Any, retained: Any, place: str, service: str, amount: Money) -> Any:
    """NHS England's line for the service less ``amount``; the ICB's with it."""
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
    if budget.holder == place:
        return attrs.evolve(
            budget,
            lines=[*budget.lines, BudgetLine(service=service, allocation=amount)],
        )
    return budget


class TestCoverage:
    """For one service, place and day, exactly one body is responsible."""

    @given(
        strategies.landscapes(), st.dates(dt.date(2022, 1, 1), dt.date(2031, 12, 31))
    )
    def test_exactly_one_responsible_body(
        self, landscape: Landscape, day: dt.date
    ) -> None:
        for service in landscape.catalogue:
            for place in landscape.places:
                covering = [
                    a
                    for a in landscape.covering(service.code, place.code)
                    if a.period.contains(day)
                ]
                body = landscape.responsible_commissioner(service.code, place.code, day)

                assert len(covering) <= 1
                expected = (
                    covering[0].receiver if covering else landscape.nhs_england.code
                )
                assert code_of(body) == expected


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
            strategies.landscapes(), lambda landscape: len(landscape.places) >= 2
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
            lambda: strategies.landscapes(year=FinancialYear(2019)),
            lambda: strategies.landscapes(violating="SPC-NOPE-001"),
            lambda: strategies.commissioners(kinds=[]),
        ],
    )
    def test_impossible_requests_are_invalid_arguments(self, make: Any) -> None:
        with pytest.raises(InvalidArgument):
            make()


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
