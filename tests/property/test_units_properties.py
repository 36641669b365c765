"""
Properties of money and populations.

Source: DOMAIN.md §7 — money in pounds sterling, exact; the sector writes £1.7bn,
£377m, £15bn; finance spreadsheets round half-up.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from speccom_model import Money, ParseError, Population, format_money, gbp, persons
from tests.strategies import money, non_negative_money, populations

_UNITS = {
    "bn": Decimal(10) ** 9,
    "m": Decimal(10) ** 6,
    "k": Decimal(10) ** 3,
    "": Decimal(1),
}


class TestExactStyleIsLossless:
    """format_money(m, exact=True) is lossless: gbp() reads it back exactly."""

    @given(money)
    def test_exact_round_trip(self, amount: Money) -> None:
        assert gbp(format_money(amount, exact=True)) == amount

    @given(money)
    def test_str_round_trip(self, amount: Money) -> None:
        assert gbp(str(amount)) == amount


class TestPlainFormFastPath:
    """The quick reading of "£1,234.56" agrees with the general parser."""

    @given(st.integers(0, 10**15), st.booleans(), st.booleans())
    def test_plain_text_reads_as_the_general_parser_reads_it(
        self, pence: int, commas: bool, show_pence: bool
    ) -> None:
        pounds, rest = divmod(pence, 100)
        whole = f"{pounds:,}" if commas else str(pounds)
        text = f"£{whole}.{rest:02d}" if show_pence or rest else f"£{whole}"
        # A trailing space is outside the plain form: the general parser reads it.
        assert gbp(text) == gbp(text + " ") == Money.from_pence(pence)
        assert gbp(text).pounds.as_tuple().exponent == -2

    @given(st.sampled_from(["£1,2", "£12,34", "£1,2345", "£1.234", "£,123", "£1.5"]))
    def test_near_plain_text_gets_the_general_answer(self, text: str) -> None:
        try:
            expected: object = gbp(text + " ")
        except ParseError as err:
            expected = type(err)
        try:
            got: object = gbp(text)
        except ParseError as err:
            got = type(err)
        assert got == expected


class TestShortStyleIsCloseEnough:
    """The short style is lossy by design, within half a unit of its last digit."""

    @given(money)
    def test_short_style_within_half_a_unit_of_the_last_shown_digit(
        self, amount: Money
    ) -> None:
        text = format_money(amount)
        body = text.lstrip("-£").replace(",", "")
        suffix = next(s for s in ("bn", "m", "k", "") if body.endswith(s))
        number = body[: len(body) - len(suffix)] if suffix else body
        places = len(number.split(".")[1]) if "." in number else 0
        shown = Decimal(number) * _UNITS[suffix] * (-1 if text.startswith("-") else 1)
        half_unit = Decimal(10) ** -places * _UNITS[suffix] / 2

        assert abs(shown - amount.pounds) <= half_unit

    @given(money)
    def test_short_style_parses_back_as_money(self, amount: Money) -> None:
        """What the short style writes, gbp() reads."""
        assert isinstance(gbp(format_money(amount)), Money)


class TestArithmetic:
    """Money forms a group under addition; sum() agrees with +."""

    @given(money, money, money)
    def test_addition_is_associative_and_commutative(
        self, a: Money, b: Money, c: Money
    ) -> None:
        assert (a + b) + c == a + (b + c) == (c + b) + a

    @given(money, money)
    def test_subtraction_undoes_addition(self, a: Money, b: Money) -> None:
        assert a + b - b == a

    @given(st.lists(money, min_size=1, max_size=20))
    def test_sum_equals_repeated_addition(self, amounts: list[Money]) -> None:
        """sum([]) is Python's int 0; a possibly-empty sum starts at Money.zero()."""
        total = Money.zero()
        for amount in amounts:
            total = total + amount

        assert sum(amounts) == total
        assert sum(amounts, Money.zero()) == total

    @given(
        non_negative_money,
        st.lists(
            st.integers(min_value=0, max_value=10**9), min_size=1, max_size=30
        ).filter(any),
    )
    def test_allocate_conserves_every_penny(
        self, amount: Money, weights: list[int]
    ) -> None:
        """Conservation: the parts of an allocation add up to the whole."""
        parts = amount.allocate(weights)

        assert sum(parts) == amount
        assert all(p.pounds >= 0 for p in parts)
        assert all(not p for p, w in zip(parts, weights, strict=True) if w == 0)

    @given(non_negative_money, st.integers(min_value=1, max_value=10**8))
    def test_a_rate_multiplies_back_to_the_money(
        self, amount: Money, count: int
    ) -> None:
        assert (amount / persons(count)) * persons(count) == amount

    @given(money)
    def test_quantity_round_trip(self, amount: Money) -> None:
        assert Money.from_quantity(amount.to_quantity()) == amount


class TestPopulations:
    @given(populations, populations)
    def test_addition_commutes_and_orders(self, a: Population, b: Population) -> None:
        assert a + b == b + a
        assert a + b >= max(a, b)

    @given(populations)
    def test_quantity_round_trip(self, population: Population) -> None:
        assert Population.from_quantity(population.to_quantity()) == population

    @given(populations)
    def test_persons_reads_its_own_str(self, population: Population) -> None:
        assert persons(str(population)) == population
