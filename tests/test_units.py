"""Money, Population and Rate: parsing, arithmetic, formatting, pint."""

from __future__ import annotations

import pickle
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

import pint
import pytest

from speccom_model import (
    InvalidValueError,
    Money,
    ParseError,
    Population,
    Rate,
    UnitError,
    format_money,
    gbp,
    persons,
    registry,
)
from speccom_model import units as units_module


class TestGbpParsing:
    @pytest.mark.parametrize(
        ("text", "pounds"),
        [
            ("£17.7bn", "17700000000"),
            ("£377m", "377000000"),
            ("£1.7bn", "1700000000"),
            ("£250k", "250000"),
            ("£14,000,000", "14000000"),
            ("1.7 bn GBP", "1700000000"),
            ("14000000000", "14000000000"),
            ("£15bn", "15000000000"),
            ("-£5m", "-5000000"),
            ("£-5m", "-5000000"),
            ("−£377m", "-377000000"),
            ("£ 2.5 million", "2500000"),
            ("£1.2 billion", "1200000000"),
            ("£17,712,345,678.12", "17712345678.12"),
            ("£0.01", "0.01"),
            ("  £377M  ", "377000000"),
            ("5 thousand GBP", "5000"),
            ("2.5m", "2500000"),
        ],
    )
    def test_sector_forms_parse_exactly(self, text: str, pounds: str) -> None:
        """Every form the sector writes gives the exact amount."""
        assert gbp(text) == Money(Decimal(pounds))

    def test_the_seed_sum_is_exact(self) -> None:
        """£1.7bn + £15bn is £16.7bn exactly, not a float approximation."""
        assert gbp("£1.7bn") + gbp("£15bn") == gbp("£16.7bn")

    @pytest.mark.parametrize(
        ("value", "pounds"),
        [(17, "17"), (Decimal("0.10"), "0.1"), (0.1, "0.10"), (1.7e9, "1700000000")],
    )
    def test_numbers_parse_and_floats_go_through_their_shortest_repr(
        self, value: object, pounds: str
    ) -> None:
        """0.1 is ten pence, not 0.1000000000000000055511151231257827."""
        assert gbp(value) == Money(Decimal(pounds))

    @pytest.mark.parametrize(
        "bad",
        [
            "£5zillion",
            "£",
            "",
            "five pounds",
            "£1.2.3m",
            "nan",
            "NaN GBP",
            "inf GBP",
            "£1,00,000",
            float("nan"),
            float("inf"),
            Decimal("NaN"),
            Decimal("-Infinity"),
            "£0.001",
            0.001,
            True,
            None,
            [1],
        ],
    )
    def test_bad_input_is_a_parse_error(self, bad: object) -> None:
        """Unknown suffixes, NaN, infinities and part-pennies are refused."""
        with pytest.raises(ParseError) as caught:
            gbp(bad)

        assert caught.value.field == "gbp"

    def test_a_population_string_is_a_unit_error(self) -> None:
        """'5 person' is a quantity, but not of money."""
        with pytest.raises(UnitError, match="person"):
            gbp("5 person")


class TestMoneyConstruction:
    @pytest.mark.parametrize("bad", [1.5, "1", True, None, Decimal("NaN")])
    def test_the_constructor_takes_typed_values_only(self, bad: object) -> None:
        """Money(1.5) is refused: parse with gbp() instead."""
        with pytest.raises(InvalidValueError):
            Money(bad)  # type: ignore[arg-type]

    def test_part_of_a_penny_is_refused_not_rounded(self) -> None:
        """Rounding is explicit: the constructor never rounds silently."""
        with pytest.raises(InvalidValueError, match="whole number of pence"):
            Money(Decimal("0.005"))

    @pytest.mark.parametrize(
        ("amount", "rounding", "expected"),
        [
            ("0.125", None, "0.13"),
            ("0.125", ROUND_HALF_EVEN, "0.12"),
            ("-0.125", None, "-0.13"),
            ("2.675", None, "2.68"),
        ],
    )
    def test_rounded_is_half_up_by_default(
        self, amount: str, rounding: str | None, expected: str
    ) -> None:
        """NHS finance spreadsheets round half-up; other modes on request."""
        result = (
            Money.rounded(amount)
            if rounding is None
            else Money.rounded(amount, rounding=rounding)
        )

        assert result == Money(Decimal(expected))

    def test_money_is_frozen_and_hashable(self) -> None:
        """A value object: equal amounts hash equal and cannot change."""
        a, b = gbp("£1m"), gbp("£1,000,000")

        assert (a == b, hash(a) == hash(b), len({a, b})) == (True, True, 1)
        with pytest.raises(AttributeError):
            a.pounds = Decimal(0)  # type: ignore[misc]

    def test_money_pickles(self) -> None:
        """Money survives pickling exactly."""
        assert pickle.loads(pickle.dumps(gbp("£1.23"))) == gbp("£1.23")


class TestMoneyArithmetic:
    def test_addition_and_subtraction(self) -> None:
        """Money adds to and subtracts from money."""
        assert gbp("£5m") - gbp("£2m") + gbp("£1m") == gbp("£4m")

    def test_sum_starts_from_integer_zero(self) -> None:
        """sum() works: 0 is the one bare number money accepts."""
        assert sum([gbp("£1"), gbp("£2")]) == gbp("£3")
        assert gbp("£1") + 0 == gbp("£1")

    @pytest.mark.parametrize("other", [1, Decimal(1), 0.0, persons(3), "£1"])
    def test_adding_anything_but_money_is_a_unit_error(self, other: object) -> None:
        """Money + persons, money + a bare number: UnitError."""
        with pytest.raises(UnitError):
            gbp("£5m") + other  # type: ignore[operator]
        with pytest.raises(UnitError):
            other + gbp("£5m")  # type: ignore[operator]

    def test_subtracting_persons_is_a_unit_error(self) -> None:
        """Units do not mix in subtraction either."""
        with pytest.raises(UnitError):
            gbp("£5m") - persons(1)  # type: ignore[operator]

    @pytest.mark.parametrize(
        ("factor", "expected"),
        [(3, "£30"), (Decimal("0.5"), "£5"), (Fraction(1, 3), "£3.33"), (0.1, "£1")],
    )
    def test_multiplying_by_a_number_rounds_half_up(
        self, factor: object, expected: str
    ) -> None:
        """Money × number gives money, rounded half-up to the penny."""
        assert gbp("£10") * factor == gbp(expected)  # type: ignore[operator]
        assert factor * gbp("£10") == gbp(expected)  # type: ignore[arg-type]

    def test_times_takes_an_explicit_rounding(self) -> None:
        """The rounding mode can be chosen."""
        assert gbp("£0.05").times(Decimal("0.5"), rounding=ROUND_DOWN) == gbp("£0.02")

    @pytest.mark.parametrize("other", [gbp("£1"), persons(2), True])
    def test_multiplying_by_a_quantity_is_a_unit_error(self, other: object) -> None:
        """£ × £ and £ × persons have no meaning here."""
        with pytest.raises(UnitError):
            gbp("£10") * other  # type: ignore[operator]

    def test_dividing_by_a_number_gives_money(self) -> None:
        """£10 / 3 is £3.33 (half-up)."""
        assert gbp("£10") / 3 == gbp("£3.33")

    def test_dividing_money_by_money_gives_a_ratio(self) -> None:
        """The 2013-14 overspend was 2.9% of £13bn."""
        ratio = gbp("£377m") / gbp("£13bn")

        assert ratio == Decimal("0.029")

    @pytest.mark.parametrize("zero", [0, Decimal(0), Money.zero(), Population(0)])
    def test_dividing_by_zero_is_an_invalid_value(self, zero: object) -> None:
        """Division by nothing is refused clearly, not with ZeroDivisionError."""
        with pytest.raises(InvalidValueError):
            gbp("£10") / zero  # type: ignore[operator]

    def test_money_over_population_is_a_rate_that_multiplies_back(self) -> None:
        """£/person × persons gives the money back."""
        rate = gbp("£100") / persons(3)

        assert isinstance(rate, Rate)
        assert rate * persons(3) == gbp("£100")
        assert persons(3) * rate == gbp("£100")

    def test_negation_abs_and_truthiness(self) -> None:
        """Unary operators keep the unit."""
        assert (-gbp("£5"), abs(gbp("-£5")), bool(Money.zero())) == (
            gbp("-£5"),
            gbp("£5"),
            False,
        )

    def test_ordering(self) -> None:
        """Amounts order by value."""
        assert sorted([gbp("£2"), gbp("-£1"), gbp("£1")]) == [
            gbp("-£1"),
            gbp("£1"),
            gbp("£2"),
        ]


class TestAllocate:
    def test_parts_add_up_to_the_whole(self) -> None:
        """£100 in three: no penny lost."""
        parts = gbp("£100").allocate([1, 1, 1])

        assert parts == (gbp("£33.34"), gbp("£33.33"), gbp("£33.33"))
        assert sum(parts) == gbp("£100")

    def test_parts_follow_the_weights(self) -> None:
        """Weights 3:1 split £1.7bn into £1.275bn and £425m."""
        assert gbp("£1.7bn").allocate([3, 1]) == (gbp("£1.275bn"), gbp("£425m"))

    @pytest.mark.parametrize("weights", [[], [0, 0], [1, -1]])
    def test_impossible_weights_are_refused(self, weights: list[int]) -> None:
        """No weights, all zero, or a negative weight."""
        with pytest.raises(InvalidValueError):
            gbp("£1").allocate(weights)


class TestFormatMoney:
    @pytest.mark.parametrize(
        ("text", "short"),
        [
            ("£17.7bn", "£17.7bn"),
            ("£377m", "£377m"),
            ("£1.7bn", "£1.7bn"),
            ("£15bn", "£15bn"),
            ("£250k", "£250k"),
            ("£14,000,000", "£14m"),
            ("£5.3bn", "£5.3bn"),
            ("£123,456,789", "£123m"),
            ("£1,234,567", "£1.23m"),
            ("£999,600,000", "£1bn"),
            ("£999,999", "£1m"),
            ("£1,234,000,000,000", "£1,234bn"),
            ("£950", "£950"),
            ("£12.50", "£12.50"),
            ("£0", "£0"),
            ("-£377m", "-£377m"),
            ("£1,050", "£1.05k"),
        ],
    )
    def test_short_style_is_the_sectors(self, text: str, short: str) -> None:
        """Three significant figures with k/m/bn, as the sector writes them."""
        assert format_money(gbp(text)) == short

    def test_exact_style_shows_every_penny(self) -> None:
        """The exact style is lossless."""
        assert format_money(gbp("£17,712,345,678.12"), exact=True) == (
            "£17,712,345,678.12"
        )

    def test_str_is_exact_and_format_spec_short_is_short(self) -> None:
        """str() never loses a penny; f'{m:short}' is the sector's style."""
        money = gbp("£377,123,456.78")

        assert (str(money), f"{money:short}") == ("£377,123,456.78", "£377m")


class TestPopulation:
    @pytest.mark.parametrize(
        ("value", "count"),
        [
            (10_000_000, 10_000_000),
            ("10 million", 10_000_000),
            ("9,999,999", 9_999_999),
            ("57.69m", 57_690_000),
            ("250 persons", 250),
            (3.0, 3),
        ],
    )
    def test_persons_parses(self, value: object, count: int) -> None:
        """persons() takes ints and the forms the sector writes."""
        assert persons(value) == Population(count)

    @pytest.mark.parametrize("bad", [-1, 2.5, True, "1.5 persons", None])
    def test_invalid_populations_are_refused(self, bad: object) -> None:
        """Negative or fractional populations cannot exist."""
        with pytest.raises(InvalidValueError):
            persons(bad)

    @pytest.mark.parametrize("bad", ["ten", "5 pounds", "£5"])
    def test_text_that_is_not_a_count_is_a_parse_error(self, bad: str) -> None:
        """Text must be a number of persons."""
        with pytest.raises(ParseError):
            persons(bad)

    def test_boundary_of_ten_million_orders(self) -> None:
        """9,999,999 is under the limit; 10,000,000 is not."""
        limit = persons(10_000_000)

        assert (persons(9_999_999) < limit, persons(10_000_000) < limit) == (
            True,
            False,
        )

    def test_arithmetic_keeps_the_unit(self) -> None:
        """Persons add, subtract and scale by whole numbers."""
        assert persons(3) + persons(4) - persons(2) == persons(5)
        assert persons(3) * 2 == persons(6)
        assert sum([persons(1), persons(2)]) == persons(3)

    @pytest.mark.parametrize("other", [1, gbp("£1"), 1.5])
    def test_mixing_units_is_a_unit_error(self, other: object) -> None:
        """Persons + pounds or + a bare number: UnitError."""
        with pytest.raises(UnitError):
            persons(3) + other  # type: ignore[operator]

    def test_subtracting_below_zero_is_invalid(self) -> None:
        """A population cannot be negative."""
        with pytest.raises(InvalidValueError):
            persons(1) - persons(2)

    def test_str(self) -> None:
        """Populations read as persons."""
        assert (str(persons(1)), str(persons(9_999_999))) == (
            "1 person",
            "9,999,999 persons",
        )


class TestPint:
    def test_the_registry_is_private_and_lean(self) -> None:
        """Only our units are defined: no metres, and not the application registry."""
        ureg = registry()

        assert registry() is ureg
        assert ureg is not pint.get_application_registry()  # type: ignore[no-untyped-call]
        with pytest.raises(pint.errors.UndefinedUnitError):
            ureg.Unit("metre")

    def test_ureg_attribute_is_the_registry(self) -> None:
        """speccom_model.units.ureg names the one registry."""
        assert units_module.ureg is registry()

    def test_money_round_trips_through_a_quantity(self) -> None:
        """to_quantity and from_quantity are inverses, in any scale."""
        money = gbp("£1.7bn")
        quantity = money.to_quantity()

        assert Money.from_quantity(quantity) == money
        assert Money.from_quantity(quantity.to("million GBP")) == money

    def test_population_round_trips_through_a_quantity(self) -> None:
        """Populations convert too."""
        assert Population.from_quantity(persons(42).to_quantity()) == persons(42)

    def test_a_rate_is_dimensioned(self) -> None:
        """Money / population is GBP per person in pint."""
        quantity = (gbp("£10") / persons(4)).to_quantity()

        assert str(quantity.units) == "GBP / person"

    def test_a_foreign_registry_is_a_unit_error_naming_both_units(self) -> None:
        """Quantities from another registry are refused, naming the units."""
        other: Any = pint.UnitRegistry(None)
        other.define("GBP = [currency]")

        with pytest.raises(UnitError) as caught:
            Money.from_quantity(other.Quantity(5, "GBP"))

        assert "another pint registry" in str(caught.value)
        assert "GBP" in str(caught.value)

    def test_the_wrong_dimension_is_a_unit_error_naming_both_units(self) -> None:
        """Persons are not money."""
        with pytest.raises(UnitError) as caught:
            Money.from_quantity(persons(3).to_quantity())

        assert ("person" in str(caught.value), "GBP" in str(caught.value)) == (
            True,
            True,
        )

    def test_not_a_quantity_is_a_unit_error(self) -> None:
        """A bare number is not a quantity."""
        with pytest.raises(UnitError):
            Money.from_quantity(5)

    def test_part_of_a_person_is_refused(self) -> None:
        """Half a person is not a population."""
        with pytest.raises(InvalidValueError):
            Population.from_quantity(registry().Quantity("2.5 person"))

    def test_a_callers_in_place_change_cannot_reach_inside(self) -> None:
        """Money holds a Decimal, not the quantity a caller may later change."""
        money = gbp("£1m")
        quantity = money.to_quantity()
        quantity.ito("million GBP")

        assert money == gbp("£1m")
