"""Money, Population and Rate: parsing, arithmetic, formatting, pint."""

from __future__ import annotations

import decimal
import pickle
import re
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs
import pint
import pytest

from speccom_model import (
    InvalidValueError,
    Landscape,
    Money,
    ParseError,
    Population,
    Rate,
    UnitError,
    check,
    format_money,
    gbp,
    io,
    persons,
    registry,
    scenarios,
    summarise,
)
from speccom_model import units as units_module
from tests.rules.builders import DELEGATION, clean

if TYPE_CHECKING:
    from collections.abc import Iterator


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


#: The bound every refused amount's message names.
_BOUND = re.escape("999,999,999,999,999.99")
_RESULT_BOUND = re.escape("a result smaller than £10**30")


class TestMoneyGrammar:
    """
    Money text is parsed by one grammar, never evaluated (issue #10).

    Source: DOMAIN.md §7 — the sector writes £1.7bn, £377m, £15bn, 1.7 bn GBP.
    """

    @pytest.mark.parametrize(
        ("text", "pounds"),
        [
            ("£1.2b", "1200000000"),
            ("£1.2B", "1200000000"),
            ("1.2 b GBP", "1200000000"),
            ("£5 m", "5000000"),
            ("£5MN", "5000000"),
            ("£5 Thousand", "5000"),
            ("GBP 5m", "5000000"),
            ("GBP5", "5"),
            ("GBP -5m", "-5000000"),
            ("-5m GBP", "-5000000"),
            ("− £5m", "-5000000"),
            ("+£5", "5"),
            ("£+5", "5"),
            ("5GBP", "5"),
            ("1.7bn GBP", "1700000000"),
            ("£.5m", "500000"),
            ("£1,234,567", "1234567"),
            ("£1,234,567.5", "1234567.50"),
            ("£999,999,999,999,999.99", "999999999999999.99"),
            ("-£999,999,999,999,999.99", "-999999999999999.99"),
            ("\t£5m\n", "5000000"),
            ("£5  m", "5000000"),
            ("-  £ 5   million", "-5000000"),
        ],
    )
    def test_every_form_of_the_grammar_reads_exactly(
        self, text: str, pounds: str
    ) -> None:
        """Sign, currency before or after, grouped digits, scale with or without space."""
        assert gbp(text) == Money(Decimal(pounds))

    @pytest.mark.parametrize(
        "bad",
        [
            "5 GBP; 3",
            "GBP",
            "-£-5m",
            "+£-5m",
            "--5",
            "5 bn bn GBP",
            "5 bn m",
            "£5 GBP",
            "£\uff15m",
            "£\u0665m",
            "\u0665 GBP",
            "1e309 GBP",
            "£1e3",
            "1/0 GBP",
            "(5 GBP",
            "5 GBP)",
            "£1,23",
            "£1234,567",
            "£1,2345",
            "£,123",
            "5 pound_sterling",
            "5 gbp",
            "5 million GBP GBP",
            "£ 5 m GBP",
            "5 GBP * 3",
            "5**3 GBP",
            "£5m£",
            "£5\u212a",
        ],
    )
    def test_text_outside_the_grammar_is_a_parse_error(self, bad: str) -> None:
        """Nothing is evaluated: '5 GBP; 3' is not £15, 'GBP' is not £1."""
        with pytest.raises(ParseError) as caught:
            gbp(bad)

        assert (caught.value.field, caught.value.value) == ("gbp", bad)

    @pytest.mark.parametrize("text", ["5 person", "5 million persons", "5 people"])
    def test_a_number_of_persons_is_a_unit_error(self, text: str) -> None:
        """Persons are a quantity, but not of money."""
        with pytest.raises(UnitError):
            gbp(text)

    @pytest.mark.parametrize("text", ["A" * 100_000, "1" + " " * 3000 + "x", "£" * 101])
    def test_long_text_is_refused_before_any_pattern_runs(self, text: str) -> None:
        """Over 100 characters is a ParseError whose value is cut short."""
        with pytest.raises(ParseError, match="at most 100 characters") as caught:
            gbp(text)

        assert len(str(caught.value)) < 300

    def test_one_hundred_characters_are_read(self) -> None:
        """The limit is on length: padding up to 100 characters is still read."""
        text = "£5m".ljust(100)

        assert gbp(text) == gbp("£5m")


class TestMoneyBounds:
    """
    Every amount is smaller than £10**15 either side of 0, so it round-trips.

    Source: DESIGN — 17 significant digits, every one kept by what is written.
    """

    @pytest.mark.parametrize(
        "text",
        ["£1,000,000,000,000,000", "-£1,000,000,000,000,000", "1000000 bn", "£1e15"],
    )
    def test_text_at_or_over_the_bound_is_a_parse_error_naming_it(
        self, text: str
    ) -> None:
        """The message names the bound, not a decimal exception."""
        with pytest.raises(ParseError, match=_BOUND):
            gbp(text.replace("£1e15", "£1,000,000,000,000,000.00"))

    @pytest.mark.parametrize("value", [10**15, Decimal("-1E+15"), 1e300])
    def test_numbers_at_or_over_the_bound_are_a_parse_error(
        self, value: object
    ) -> None:
        """gbp() of a number applies the same bound."""
        with pytest.raises(ParseError, match=_BOUND):
            gbp(value)

    @pytest.mark.parametrize(
        "build",
        [
            lambda: Money(10**15),
            lambda: Money(Decimal("-1E+999999")),
            lambda: Money.from_pence(10**17),
            lambda: Money.rounded("999999999999999.995"),
            lambda: Money.rounded(Decimal("1E+20")),
        ],
    )
    def test_constructors_refuse_amounts_over_the_bound(
        self,
        build: Any,
    ) -> None:
        """An InvalidValueError names the bound; nothing escapes from decimal."""
        with pytest.raises(InvalidValueError, match=_BOUND):
            build()

    def test_the_largest_amount_is_written_and_read_back(self) -> None:
        """£999,999,999,999,999.99 is allowed, and reads back equal."""
        largest = Money.from_pence(10**17 - 1)

        assert gbp(format_money(largest, exact=True)) == largest
        assert gbp(format_money(-largest, exact=True)) == -largest

    @pytest.mark.parametrize(
        "operation",
        [
            lambda m: m + gbp("£0.01"),
            lambda m: -m - gbp("£0.01"),
            lambda m: m * 2,
            lambda m: m / Decimal("0.5"),
            lambda m: m.times(Decimal("1.0000000000000001"), ROUND_HALF_EVEN),
            lambda m: units_module._sum_money([m, m]),
            lambda m: (m / persons(1)) * persons(2),
        ],
    )
    def test_arithmetic_that_leaves_the_result_bound_is_refused(
        self,
        operation: Any,
    ) -> None:
        """Results of £10**30 or more are an InvalidValueError, not a rounded Decimal."""
        read = Money.from_pence(10**17 - 1)
        largest = read * 10**15 + Money.from_pence(10**15 - 1)

        assert largest.pounds == Decimal("999999999999999999999999999999.99")
        with pytest.raises(InvalidValueError, match=_RESULT_BOUND):
            operation(largest)

    @pytest.mark.parametrize(
        ("operation", "expected"),
        [
            (lambda m: m + gbp("£0.01"), "1000000000000000.00"),
            (lambda m: -m - gbp("£0.01"), "-1000000000000000.00"),
            (lambda m: m * 2, "1999999999999999.98"),
            (lambda m: m / Decimal("0.5"), "1999999999999999.98"),
            (lambda m: units_module._sum_money([m, m]), "1999999999999999.98"),
            (lambda m: (m / persons(1)) * persons(2), "1999999999999999.98"),
        ],
    )
    def test_results_past_the_read_bound_are_exact(
        self, operation: Any, expected: str
    ) -> None:
        """
        Sums and products may pass £10**15, the bound on what is read, exactly.

        Source: issue #10 B1 — lines each within the bound must sum without raising.
        """
        largest = Money.from_pence(10**17 - 1)

        result = operation(largest)

        assert result.pounds == Decimal(expected)
        assert result.pounds.as_tuple().exponent == -2


class TestPopulationBounds:
    """
    A population is at most 2**53 - 1, which every JSON reader reads exactly.

    Source: RFC 8259 §6 — numbers beyond 2**53 - 1 may not interoperate.
    """

    def test_the_largest_population_is_allowed(self) -> None:
        """2**53 - 1 persons is a population; its text reads back."""
        largest = Population(2**53 - 1)

        assert persons(f"{2**53 - 1:,}") == largest
        assert persons(str(largest)) == largest

    @pytest.mark.parametrize(
        "build",
        [
            lambda: Population(2**53),
            lambda: persons(2**64),
            lambda: persons(str(2**64)),
            lambda: persons("9,007,199,254,740,992"),
            lambda: persons("1000000000 bn"),
            lambda: persons(1e300),
            lambda: Population.from_quantity(registry().Quantity(2**64, "person")),
        ],
    )
    def test_more_is_an_invalid_value_naming_the_bound(
        self,
        build: Any,
    ) -> None:
        """The message names 2**53 - 1."""
        with pytest.raises(InvalidValueError, match=r"2\*\*53 - 1"):
            build()

    @pytest.mark.parametrize(
        "bad",
        [
            "1" + " " * 3000 + "x",
            "A" * 100_000,
            "\u0665",
            "\uff15 million",
            "10 million million",
            "10 persons people",
            "1e3",
            "1,23",
            "(5)",
            "-5",
            "2**64",
        ],
    )
    def test_text_outside_the_grammar_is_a_parse_error(self, bad: str) -> None:
        """Populations use the same digits and scales as money, and nothing else."""
        with pytest.raises(ParseError) as caught:
            persons(bad)

        assert caught.value.field == "persons"

    @pytest.mark.parametrize(
        ("text", "count"),
        [("1.2b", 1_200_000_000), ("57.69 m people", 57_690_000), ("1 person", 1)],
    )
    def test_scales_and_person_words_read(self, text: str, count: int) -> None:
        """'b' is billion for populations too."""
        assert persons(text) == Population(count)


class TestFromQuantityIsExact:
    """Float magnitudes go through their shortest repr before scaling."""

    def test_a_float_number_of_millions_of_pounds_is_exact(self) -> None:
        """0.29 million GBP is £290,000.00, not a TypeError or £289,999.99."""
        quantity = registry().Quantity(0.29, "million GBP")

        assert Money.from_quantity(quantity) == gbp("£290,000")

    def test_a_float_number_of_millions_of_persons_is_exact(self) -> None:
        """0.29 million persons is 290,000 persons."""
        quantity = registry().Quantity(0.29, "million person")

        assert Population.from_quantity(quantity) == persons(290_000)

    @pytest.mark.parametrize(
        ("magnitude", "error"),
        [
            (0.001, InvalidValueError),
            (float("nan"), InvalidValueError),
            (float("inf"), InvalidValueError),
            (1e300, InvalidValueError),
            (Fraction(1, 3), InvalidValueError),
        ],
    )
    def test_impossible_amounts_are_a_library_error(
        self, magnitude: object, error: type[Exception]
    ) -> None:
        """Part of a penny, non-finite or over the bound: never a bare TypeError."""
        with pytest.raises(error):
            Money.from_quantity(registry().Quantity(magnitude, "GBP"))

    def test_a_fraction_of_a_person_from_a_float_is_refused(self) -> None:
        """0.0000005 million persons is half a person."""
        with pytest.raises(InvalidValueError, match="whole number of persons"):
            Population.from_quantity(registry().Quantity(5e-7, "million person"))


class TestRoundedIsBounded:
    """Money.rounded() reads plain numbers only, and applies the bound."""

    @pytest.mark.parametrize(
        "bad",
        ["1e309", "NaN", "Infinity", "\uff11\uff12", "\u0665", "1/3", " ", "9" * 101],
    )
    def test_odd_text_is_a_parse_error(self, bad: str) -> None:
        """Only ASCII digits, a sign and a point; at most 100 characters."""
        with pytest.raises(ParseError) as caught:
            Money.rounded(bad)

        assert caught.value.field == "amount"

    def test_an_unknown_rounding_mode_is_an_invalid_value(self) -> None:
        """Not a bare TypeError from decimal."""
        with pytest.raises(InvalidValueError, match="rounding mode"):
            Money.rounded("1.005", rounding="ROUND_SIDEWAYS")
        with pytest.raises(InvalidValueError, match="rounding mode"):
            gbp("£1").times(2, rounding="ROUND_SIDEWAYS")

    def test_long_plain_text_rounds(self) -> None:
        """Up to 100 characters of digits are read exactly, then rounded."""
        assert Money.rounded("0.00" + "4" * 90 + "5") == Money.zero()
        assert Money.rounded("0.004" + "9" * 90) == Money.zero()
        assert Money.rounded("0.005" + "0" * 90) == gbp("£0.01")


@pytest.fixture
def low_precision() -> Iterator[None]:
    """A host application's decimal context: 6 digits, rounding down."""
    with decimal.localcontext() as context:
        context.prec = 6
        context.rounding = decimal.ROUND_DOWN
        yield


@pytest.mark.usefixtures("low_precision")
class TestCallersDecimalContextChangesNothing:
    """
    Money runs in its own context: the caller's precision never changes a result.

    Source: DESIGN — money is exact; decimal.getcontext() belongs to the host.
    """

    def test_the_fixture_really_lowers_the_precision(self) -> None:
        """The tests below would see rounding if money used the caller's context."""
        assert Decimal("17712345678.12") + 0 == Decimal("1.77123E+10")

    def test_parsing_is_exact(self) -> None:
        """£17.7bn does not raise; 17 digits are kept."""
        assert (gbp("£17.7bn").pence, gbp("£17,712,345,678.12").pence) == (
            1_770_000_000_000,
            1_771_234_567_812,
        )

    def test_sums_and_differences_are_exact(self) -> None:
        """£17,712,345,678.12 + £0.01 keeps every penny."""
        big = gbp("£17,712,345,678.12")

        assert (big + gbp("£0.01")).pence == 1_771_234_567_813
        assert (big - gbp("£0.01")).pence == 1_771_234_567_811
        assert (-big).pence == -1_771_234_567_812
        assert units_module._sum_money([big, big]).pence == 3_542_469_135_624
        assert sum([big, big]) == Money.from_pence(3_542_469_135_624)

    def test_products_quotients_and_rates_are_exact(self) -> None:
        """Scaling and dividing round half-up to the penny, whatever the caller's."""
        big = gbp("£17,712,345,678.12")

        assert big * 3 == Money.from_pence(5_313_703_703_436)
        assert big / 3 == Money.from_pence(590_411_522_604)
        assert gbp("£10") / 3 == gbp("£3.33")
        assert gbp("£0.05") * Decimal("0.5") == gbp("£0.03")
        assert big.times(Fraction(1, 3), ROUND_HALF_EVEN) == Money.from_pence(
            590_411_522_604
        )
        assert (big / persons(7)) * persons(7) == big
        assert big / gbp("£1") == Decimal("17712345678.12")

    def test_allocation_adds_up(self) -> None:
        """allocate() splits exactly under any context."""
        big = gbp("£17,712,345,678.12")
        parts = big.allocate([1, 2, 3])

        assert sum(parts) == big
        assert parts[0] == Money.from_pence(295_205_761_302)

    def test_formatting_is_exact_and_half_up(self) -> None:
        """The exact style keeps every penny; the short style rounds half-up."""
        big = gbp("£17,712,345,678.12")

        assert format_money(big, exact=True) == "£17,712,345,678.12"
        assert format_money(big) == "£17.7bn"
        assert format_money(gbp("£1,235,000")) == "£1.24m"
        assert f"{big:,.1f}" == "17,712,345,678.1"
        assert str(gbp("£1") / persons(8)) == "£0.13 per person"
        assert units_module._percent(Decimal("0.0295")) == "3.0%"

    def test_quantities_convert_exactly(self) -> None:
        """from_quantity scales in the library's context too."""
        quantity = registry().Quantity(Decimal("17.71234567812"), "bn GBP")

        assert Money.from_quantity(quantity) == gbp("£17,712,345,678.12")


def _outcomes(scenario: scenarios.Scenario) -> tuple[object, object]:
    return _checked(scenario.build())


def _checked(landscape: Landscape) -> tuple[object, object]:
    return check(landscape).findings, summarise(landscape)


class TestScenariosUnderLowPrecision:
    """
    Every scenario gives the same findings and summaries at 6 digits as at 28.

    Source: issue #10 — at prec 6 'check' reported 9-14 false unfunded transfers.
    """

    @pytest.mark.parametrize(
        "scenario", scenarios.SCENARIOS, ids=[s.name for s in scenarios.SCENARIOS]
    )
    def test_findings_and_summaries_do_not_depend_on_the_context(
        self, scenario: scenarios.Scenario
    ) -> None:
        """The host's precision is not the model's."""
        expected = _outcomes(scenario)
        with decimal.localcontext() as context:
            context.prec = 6
            actual = _outcomes(scenario)

        assert expected == actual

    @pytest.mark.parametrize(
        "scenario", scenarios.SCENARIOS, ids=[s.name for s in scenarios.SCENARIOS]
    )
    def test_a_plan_built_at_default_precision_checks_the_same_at_six_digits(
        self, scenario: scenarios.Scenario
    ) -> None:
        """Checking under a host's low precision finds no false unfunded transfers."""
        landscape = scenario.build()
        expected = _checked(landscape)
        with decimal.localcontext() as context:
            context.prec = 6
            context.rounding = decimal.ROUND_FLOOR
            actual = _checked(landscape)

        assert expected == actual


def _hostile_context() -> decimal.Context:
    """A host's context as hostile as decimal allows: 1 digit, floor, every trap."""
    return decimal.Context(
        prec=1,
        rounding=decimal.ROUND_FLOOR,
        Emax=2,
        Emin=-2,
        traps=[
            decimal.Clamped,
            decimal.DivisionByZero,
            decimal.Inexact,
            decimal.InvalidOperation,
            decimal.Overflow,
            decimal.Rounded,
            decimal.Subnormal,
            decimal.Underflow,
        ],
    )


def _money_results() -> list[object]:
    """Parsing, arithmetic and formatting of money, persons and rates."""
    big = gbp("£17,712,345,678.12")
    rate = big / persons("56 million")
    total = gbp("£900,000,000,000,000") + gbp("£900,000,000,000,000")
    return [
        gbp("£5"),
        gbp(Decimal("1.5")),
        Money(Decimal(5)),
        Money(5),
        Money.rounded("0.125"),
        Money.from_pence(-12_345),
        persons("57.69m"),
        persons(Decimal("2E+6")),
        big + gbp("£0.01"),
        big - gbp("£0.01"),
        -big,
        abs(-big),
        big * 3,
        big / 3,
        big.times(Decimal("0.029"), ROUND_DOWN),
        big / gbp("£13bn"),
        rate,
        rate * persons("56 million"),
        str(rate),
        Rate(Decimal("0.125")) * persons(3),
        big.allocate([1, 2, 3]),
        total,
        total * 1000,
        format_money(total),
        format_money(total, exact=True),
        format_money(big),
        format_money(gbp("£999.6m")),
        format_money(gbp("£0.5")),
        format(big, ",.1f"),
        format(big, "short"),
        units_module._percent(Decimal("0.02899")),
        gbp("£10bn") < gbp("£11bn"),
    ]


@pytest.fixture(scope="module")
def default_scenarios() -> dict[str, tuple[object, object, str, Landscape]]:
    """Each scenario's findings, summary, TOML and read-back in the default context."""
    outcomes = {}
    with decimal.localcontext(decimal.Context()):
        for scenario in scenarios.SCENARIOS:
            landscape = scenario.build()
            findings, summary = _checked(landscape)
            text = io.dumps(landscape)
            outcomes[scenario.name] = (findings, summary, text, io.loads(text))
    return outcomes


class TestAHostileDecimalContextChangesNothing:
    """
    Precision, rounding, traps and exponent limits of the caller change no result.

    Source: issue #10 A3 (a 2.9% overspend shown as 3.0% or 2.0%) and B2 (a
    trap on Rounded made gbp("£5") raise decimal.Rounded).
    """

    def test_the_context_really_is_hostile(self) -> None:
        """Ordinary Decimal arithmetic raises in it, so a leak would show."""
        with (
            decimal.localcontext(_hostile_context()),
            pytest.raises(decimal.Rounded),
        ):
            _ = -units_module.MAX_POUNDS

    def test_money_results_are_the_same(self) -> None:
        """gbp, persons, Money arithmetic, rates and formatting: all identical."""
        with decimal.localcontext(decimal.Context()):
            expected = _money_results()
        with decimal.localcontext(_hostile_context()):
            actual = _money_results()

        assert actual == expected

    def test_the_overspend_share_is_2_9_percent(self) -> None:
        """The 2013-14 overspend reads '2.9% of £13bn' at 1 digit, rounding down."""
        landscape = scenarios.england_2013_14()
        with decimal.localcontext(_hostile_context()):
            messages = [f.message for f in check(landscape) if f.code == "SPC-CONS-002"]

        assert messages == ["X24 overspent by £377m in 2013-14 (2.9% of £13bn)"]

    @pytest.mark.parametrize(
        "scenario", scenarios.SCENARIOS, ids=[s.name for s in scenarios.SCENARIOS]
    )
    def test_every_scenario_checks_summarises_and_reads_the_same(
        self,
        scenario: scenarios.Scenario,
        default_scenarios: dict[str, tuple[object, object, str, Landscape]],
    ) -> None:
        """check, summarise, io.dumps and io.loads agree with the default context."""
        findings, summary, text, loaded = default_scenarios[scenario.name]
        with decimal.localcontext(_hostile_context()):
            landscape = scenario.build()
            actual = (*_checked(landscape), io.dumps(landscape), io.loads(text))

        assert actual == (findings, summary, text, loaded)


class TestDecimalsFromFiles:
    """
    Decimals as the file readers give them: exact, whole where whole is needed.

    Source: issue #10 — JSON/TOML floats arrive at gbp()/persons() as Decimal.
    """

    @pytest.mark.parametrize(
        ("value", "count"),
        [
            (Decimal("2000000"), 2_000_000),
            (Decimal("2E+6"), 2_000_000),
            (Decimal("2000000.000"), 2_000_000),
            (Decimal("0"), 0),
            (Decimal(2**53 - 1), 2**53 - 1),
        ],
    )
    def test_a_whole_decimal_is_that_many_persons(
        self, value: Decimal, count: int
    ) -> None:
        """Decimal('2E+6') is 2,000,000 persons."""
        assert persons(value) == Population(count)

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Decimal("2000000.0000000001"), "a whole number of persons"),
            (Decimal("2.5"), "a whole number of persons"),
            (Decimal("NaN"), "a finite whole number of persons"),
            (Decimal("sNaN"), "a finite whole number of persons"),
            (Decimal("-Infinity"), "a finite whole number of persons"),
            (Decimal("Infinity"), "a finite whole number of persons"),
            (Decimal("-1"), "a non-negative number of persons"),
            (Decimal(2**53), "at most 9,007,199,254,740,991"),
            (Decimal("1E+999999"), "at most 9,007,199,254,740,991"),
        ],
    )
    def test_other_decimals_are_refused_as_persons(
        self, value: Decimal, expected: str
    ) -> None:
        """Part of a person, NaN, infinities and huge numbers: InvalidValueError."""
        with pytest.raises(InvalidValueError, match=re.escape(expected)):
            persons(value)

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Decimal("1.5"), "1.50"),
            (Decimal("-0.01"), "-0.01"),
            (Decimal("1.50000"), "1.50"),
            (Decimal("1E+3"), "1000.00"),
        ],
    )
    def test_gbp_reads_a_decimal_exactly(self, value: Decimal, expected: str) -> None:
        """gbp(Decimal('1.5')) is £1.50, as written."""
        assert gbp(value).pounds == Decimal(expected)

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Decimal("1.505"), "a whole number of pence"),
            (Decimal("0.001"), "a whole number of pence"),
            (Decimal("NaN"), "a finite amount"),
            (Decimal("sNaN"), "a finite amount"),
            (Decimal("Infinity"), "a finite amount"),
            (Decimal("1E+15"), "999,999,999,999,999.99"),
        ],
    )
    def test_gbp_refuses_other_decimals(self, value: Decimal, expected: str) -> None:
        """Part of a penny, NaN, sNaN, infinities and huge amounts: ParseError."""
        with pytest.raises(ParseError, match=re.escape(expected)):
            gbp(value)


class TestRateIsValidated:
    """
    A Rate is finite and bounded, and its arithmetic raises only library errors.

    Source: issue #10 A4 (Rate(NaN) * persons(1) was Money('NaN')) and B3
    (sNaN and 1e999999 raised decimal.InvalidOperation and decimal.Overflow).
    """

    @pytest.mark.parametrize(
        "value",
        [
            Decimal("NaN"),
            Decimal("-NaN"),
            Decimal("sNaN"),
            Decimal("Infinity"),
            Decimal("-Infinity"),
            Decimal("1e999999"),
            Decimal("1E+30"),
            Decimal("-1E+30"),
        ],
    )
    def test_non_finite_or_huge_rates_are_refused(self, value: Decimal) -> None:
        """InvalidValueError names the field and the bound."""
        with pytest.raises(
            InvalidValueError, match=r"gbp_per_person: expected a finite rate"
        ):
            Rate(value)

    @pytest.mark.parametrize("value", [1, 0.5, "1", None])
    def test_a_rate_is_a_decimal(self, value: object) -> None:
        """Anything but a Decimal is an InvalidValueError."""
        with pytest.raises(InvalidValueError, match="a Decimal of pounds per person"):
            Rate(value)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("rate", "population", "expected"),
        [
            (Decimal("1e-999999"), 10, "0.00"),
            (Decimal("1e-9999999"), 10, "0.00"),
            (Decimal("0.005"), 1, "0.01"),
            (Decimal("1E+15"), 10, "10000000000000000.00"),
        ],
    )
    def test_bounded_rates_multiply_to_money(
        self, rate: Decimal, population: int, expected: str
    ) -> None:
        """Tiny rates underflow to £0; large ones give exact large results."""
        assert (Rate(rate) * persons(population)).pounds == Decimal(expected)

    def test_a_product_past_the_result_bound_is_refused(self) -> None:
        """£10**29 per person for 2**53 - 1 persons: InvalidValueError, not Overflow."""
        with pytest.raises(InvalidValueError, match=_RESULT_BOUND):
            Rate(Decimal("1E+29")) * persons(2**53 - 1)

    def test_str_of_a_rate_is_never_nan(self) -> None:
        """The largest rate writes as digits."""
        rate = Rate(Decimal("999999999999999999999999999999.99"))

        assert str(rate) == "£999,999,999,999,999,999,999,999,999,999.99 per person"


class TestPopulationResults:
    """
    Sums and products of populations may pass 2**53 - 1; check() never raises.

    Source: issue #10 B1, for persons — a delegation over places each within
    the bound had a footprint past it, and check() raised InvalidValueError.
    """

    @pytest.mark.parametrize(
        ("operation", "expected"),
        [
            (lambda: Population(2**52) + Population(2**52), 2**53),
            (lambda: Population(2**52) * 2, 2**53),
            (lambda: 3 * Population(2**53 - 1), 3 * (2**53 - 1)),
            (lambda: Population(2**53 - 1) - Population(1), 2**53 - 2),
        ],
    )
    def test_results_are_exact(self, operation: Any, expected: int) -> None:
        """A result is a whole number of persons, exactly."""
        assert operation().persons == expected

    @pytest.mark.parametrize(
        ("operation", "expected"),
        [
            (lambda: Population(2**53 - 1) * 10**15, "fewer than 10**30 persons"),
            (lambda: Population(1) - Population(2), "a non-negative number"),
            (lambda: Population(3) * -1, "a non-negative number"),
        ],
    )
    def test_results_out_of_range_are_refused(
        self, operation: Any, expected: str
    ) -> None:
        """Below zero or at 10**30 persons: an InvalidValueError naming it."""
        with pytest.raises(InvalidValueError, match=re.escape(expected)):
            operation()

    def test_a_footprint_past_the_bound_is_checked(self) -> None:
        """Two places of 2**53 - 1 persons in one delegation: check() answers."""
        landscape = clean()
        # Both places QE1's, so that the delegation to QE1 covers only its own
        # places (SPC-COV-003).
        places = [
            attrs.evolve(
                p,
                population=persons(2**53 - 1),
                memberships=[attrs.evolve(m, commissioner="QE1") for m in p.memberships]
                if p.code == "QHM"
                else p.memberships,
            )
            for p in landscape.places
        ]
        landscape = attrs.evolve(
            landscape,
            places=places,
            arrangements=[attrs.evolve(DELEGATION, places={"QE1", "QHM"})],
        )

        assert landscape.footprint_population(["QE1", "QHM"]).persons == 2**54 - 2
        assert check(landscape).findings == ()


def _exact_penny(value: Decimal, rounding: str) -> Decimal:
    """The exact value (up to 2,000 digits) rounded once to the penny."""
    return value.quantize(Decimal("0.01"), rounding=rounding, context=_WIDE)


_WIDE = decimal.Context(prec=2000, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
_ALL_ROUNDINGS = sorted(units_module._ROUNDINGS)


class TestProductsAndQuotientsRoundOnce:
    """
    Rounding to the penny is one rounding of the exact value, never two.

    Source: issue #10 — "right or refused, never guessed": £0.01 × 0.4999…
    (sixty nines) was £0.01, rounded half-up at 50 digits and then again.
    """

    NINES = Decimal("0.4" + "9" * 60)

    @pytest.mark.parametrize(
        "operation",
        [
            lambda: gbp("£0.01") * TestProductsAndQuotientsRoundOnce.NINES,
            lambda: gbp("£0.01").times(
                TestProductsAndQuotientsRoundOnce.NINES, ROUND_HALF_EVEN
            ),
            lambda: gbp("£0.01") / Decimal("2." + "0" * 60 + "1"),
            lambda: gbp("£0.01") * Fraction(10**60 - 1, 2 * 10**60),
            lambda: gbp("£0.01") / Fraction(2 * 10**60, 10**60 - 1),
            lambda: Rate(Decimal("0.004" + "9" * 47)) * persons(1),
        ],
    )
    def test_just_under_half_a_penny_rounds_down(self, operation: Any) -> None:
        """0.4999… of a penny is no penny, in half-up and half-even."""
        assert operation() == Money.zero()

    @pytest.mark.parametrize("rounding", _ALL_ROUNDINGS)
    def test_every_rounding_mode_rounds_the_exact_product(self, rounding: str) -> None:
        """Just over and just under a half, a whole, and zero: all exact."""
        for factor in [
            Decimal("0.5" + "0" * 60 + "1"),
            Decimal("0.4" + "9" * 60),
            Decimal("1." + "0" * 60 + "1"),
            Decimal("0." + "9" * 70),
            Decimal("1e-999999999"),
            Decimal("-1e-999999999"),
        ]:
            product = gbp("£0.01").times(factor, rounding)

            expected = _exact_penny(_WIDE.multiply(Decimal("0.01"), factor), rounding)
            assert product.pounds == expected, (factor, rounding)


class TestExtremeFactorsAreLibraryErrors:
    """
    Factors at decimal's limits end in InvalidValueError, never a raw signal.

    Source: issue #10 B3 — Rate(1e999999) * persons(10) raised decimal.Overflow;
    the same class for money's own products, quotients and allocation weights.
    """

    @pytest.mark.parametrize(
        ("operation", "expected"),
        [
            (lambda: gbp("£5") * Decimal("9e999999999999999999"), "£10**30"),
            (lambda: gbp("£5") / Decimal("1e-999999999999999999"), "£10**30"),
            (lambda: gbp("£5") * Fraction(2**401, 3), "at most 400 bits"),
            (lambda: gbp("£5") / Fraction(1, 2**401), "at most 400 bits"),
            (lambda: gbp("£5") / Fraction(1, 10**100), "£10**30"),
            (
                lambda: gbp("£5").allocate([Decimal("9e999999999999999999"), 1]),
                "weights of 0 or from 10**-30 to under 10**30",
            ),
            (
                lambda: gbp("£5").allocate([Decimal("1e-999999999999999999"), 1]),
                "weights of 0 or from 10**-30 to under 10**30",
            ),
        ],
    )
    def test_each_is_an_invalid_value(self, operation: Any, expected: str) -> None:
        """The message names the limit that was passed."""
        with pytest.raises(InvalidValueError, match=re.escape(expected)):
            operation()

    def test_tiny_factors_round_to_nothing(self) -> None:
        """A factor or rate far below a penny's worth is £0.00, exactly."""
        assert gbp("£5") * Fraction(1, 10**120) == Money.zero()
        assert gbp("£5") * Decimal("1e-999999999999999999") == Money.zero()
        assert Rate(Decimal("1e-999999999999999999")) * persons(5) == Money.zero()
        assert gbp("£5").allocate([Decimal("1e-30"), 0, 1]) == (
            Money.zero(),
            Money.zero(),
            gbp("£5"),
        )
