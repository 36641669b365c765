"""
Properties of money and populations.

Source: DOMAIN.md §7 — money in pounds sterling, exact; the sector writes £1.7bn,
£377m, £15bn; finance spreadsheets round half-up.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import (
    InvalidValueError,
    Money,
    ParseError,
    Population,
    UnitError,
    format_money,
    gbp,
    persons,
)
from speccom_model import units as units_module
from speccom_model.strategies import money as shipped_money
from speccom_model.units import MAX_PERSONS, MAX_POUNDS, MAX_RESULT
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


#: Every amount within the bound: |amount| < £10**15.
_LARGEST = Money.from_pence(int(MAX_POUNDS) * 100 - 1)
any_money = shipped_money(min_value=-_LARGEST, max_value=_LARGEST)

_SCALE_WORDS = {
    0: [""],
    3: ["k", "K", "thousand"],
    6: ["m", "M", "mn", "million", "Million"],
    9: ["b", "bn", "BN", "billion"],
}
_SIGNS = {False: ["", "+"], True: ["-", "\u2212"]}


@st.composite
def written_amounts(draw: st.DrawFn) -> tuple[str, Money]:
    """An amount within the bound and one way a person could write it."""
    amount = draw(any_money)
    pence = abs(amount.pence)
    # A scale only where it is exact: the scaled number is still a whole penny.
    power = draw(st.sampled_from([p for p in _SCALE_WORDS if pence % 10**p == 0]))
    number = Decimal(pence).scaleb(-2 - power)
    text = f"{number:,f}" if draw(st.booleans()) else f"{number:f}"
    if "." in text and draw(st.booleans()):
        text = text.rstrip("0").rstrip(".")
    word = draw(st.sampled_from(_SCALE_WORDS[power]))
    if word:
        text += draw(st.sampled_from(["", " "])) + word
    sign = draw(st.sampled_from(_SIGNS[amount.pence < 0]))
    style = draw(st.sampled_from(["bare", "£", "£ sign", "GBP", "GBP suffix"]))
    if style == "bare":
        text = sign + text
    elif style == "£":
        text = sign + "£" + text
    elif style == "£ sign":
        text = "£" + sign + text
    elif style == "GBP":
        text = sign + "GBP " + text
    else:
        text = sign + text + " GBP"
    return text, amount


class TestTheMoneyGrammar:
    """
    One grammar reads every written form exactly, and refuses everything else.

    Source: issue #10, "right or refused, never guessed"; DOMAIN.md §7 — the
    sector writes £1.7bn, £377m, £14,000,000 and 1.7 bn GBP.
    """

    @given(written_amounts())
    def test_every_written_form_reads_as_its_amount(
        self, written: tuple[str, Money]
    ) -> None:
        text, amount = written

        assert gbp(text) == amount

    @given(any_money)
    def test_the_exact_style_round_trips_over_the_whole_bound(
        self, amount: Money
    ) -> None:
        assert gbp(format_money(amount, exact=True)) == amount

    @given(
        st.text(
            alphabet=st.sampled_from(
                [*"0123456789,.£-+\u2212 kmbnKMBGPe;/()*_x\uff15\u0665\u00a0\u212a"]
            ),
            max_size=30,
        )
        | st.lists(
            st.sampled_from(["GBP", "bn", "m", "£", "-", " ", "1", "1,000", ".5"]),
            max_size=8,
        ).map("".join)
    )
    def test_any_text_is_money_or_a_library_error(self, text: str) -> None:
        """Nothing outside the grammar gets through, and nothing else escapes."""
        try:
            result: object = gbp(text)
        except (ParseError, UnitError):
            return
        assert isinstance(result, Money)
        assert -_LARGEST <= result <= _LARGEST

    @given(
        st.text(min_size=1, max_size=10),
        st.sampled_from(["\uff15", "\u0665", "\u09e7", "\u0967"]),
    )
    def test_text_with_a_non_ascii_digit_is_a_parse_error(
        self, text: str, digit: str
    ) -> None:
        with pytest.raises(ParseError):
            gbp("£" + digit + text)

    @given(st.integers(101, 5000), st.sampled_from(["A", "1", " ", "£", "1,"]))
    def test_long_text_is_a_parse_error(self, length: int, unit: str) -> None:
        """Over 100 characters is refused whatever it holds (the harness bounds CPU)."""
        text = (unit * length)[:length]

        with pytest.raises(ParseError, match="at most 100 characters"):
            gbp(text)


class TestPopulationGrammar:
    """
    Populations read the same digits and scales, up to 2**53 - 1.

    Source: RFC 8259 §6 — integers beyond 2**53 - 1 may not interoperate.
    """

    @given(
        st.integers(0, MAX_PERSONS),
        st.booleans(),
        st.sampled_from(["", " persons", "people", " person"]),
    )
    def test_every_written_count_reads_back(
        self, count: int, grouped: bool, word: str
    ) -> None:
        text = (f"{count:,}" if grouped else str(count)) + word

        assert persons(text) == Population(count)

    @given(st.integers(MAX_PERSONS + 1, 2**80))
    def test_larger_counts_are_refused_naming_the_bound(self, count: int) -> None:
        with pytest.raises(InvalidValueError, match=re.escape("2**53 - 1")):
            persons(count)

    @given(st.text(alphabet=list("0123456789,. kmbpersonl\uff15\u0665;"), max_size=30))
    def test_any_text_is_a_population_or_a_library_error(self, text: str) -> None:
        try:
            result: object = persons(text)
        except (ParseError, InvalidValueError):
            return
        assert isinstance(result, Population)


class TestArithmeticIgnoresTheCallersContext:
    """
    Money's results do not depend on decimal.getcontext().

    Source: DESIGN — money is exact; the decimal context belongs to the host.
    """

    @given(money, money, st.integers(1, 1000), st.lists(money, max_size=5))
    def test_results_at_six_digits_equal_the_default(
        self, a: Money, b: Money, n: int, amounts: list[Money]
    ) -> None:
        def results() -> tuple[object, ...]:
            return (
                a + b,
                a - b,
                a * n,
                a / n,
                format_money(a),
                format_money(a, exact=True),
                gbp(format_money(b, exact=True)),
                sum(amounts, Money.zero()),
                abs(a).allocate([1, n]),
            )

        expected = results()
        with decimal.localcontext() as context:
            context.prec = 6
            context.rounding = decimal.ROUND_FLOOR
            actual = results()

        assert expected == actual


_ROUNDINGS = [
    decimal.ROUND_05UP,
    decimal.ROUND_CEILING,
    decimal.ROUND_DOWN,
    decimal.ROUND_FLOOR,
    decimal.ROUND_HALF_DOWN,
    decimal.ROUND_HALF_EVEN,
    decimal.ROUND_HALF_UP,
    decimal.ROUND_UP,
]
_SIGNALS = [
    decimal.Clamped,
    decimal.DivisionByZero,
    decimal.Inexact,
    decimal.InvalidOperation,
    decimal.Overflow,
    decimal.Rounded,
    decimal.Subnormal,
    decimal.Underflow,
]


@st.composite
def contexts(draw: st.DrawFn) -> decimal.Context:
    """Any context a host might set: precision, rounding, traps, exponents."""
    return decimal.Context(
        prec=draw(st.integers(1, 30)),
        rounding=draw(st.sampled_from(_ROUNDINGS)),
        Emax=draw(st.integers(0, 40)),
        Emin=draw(st.integers(-40, 0)),
        traps=draw(st.lists(st.sampled_from(_SIGNALS), unique=True)),
    )


class TestAnyCallersContext:
    """
    No context a caller can set changes a result or raises a decimal exception.

    Source: issue #10 A3/B2 — prec=1 with ROUND_FLOOR changed '2.9%' to '2.0%';
    a trap on Rounded made gbp('£5') raise decimal.Rounded.
    """

    @given(contexts(), money, money, st.integers(1, 1000), populations)
    def test_results_equal_the_default(
        self, context: decimal.Context, a: Money, b: Money, n: int, p: Population
    ) -> None:
        def results() -> tuple[object, ...]:
            shown = format_money(b, exact=True)
            outcome: list[object] = [
                a + b,
                a - b,
                -a,
                abs(a),
                a * n,
                a / n,
                a * Decimal("0.029"),
                format_money(a),
                format_money(a, exact=True),
                f"{a:,.1f}",
                gbp(shown),
                gbp(b.pounds),
                Money(a.pounds),
                persons(p.persons),
                persons(Decimal(p.persons)),
                persons(f"{p.persons:,}"),
                abs(a).allocate([1, n]),
            ]
            if b:
                outcome += [a / b, units_module._percent((a / b).copy_abs())]
            if p:
                rate = a / p
                outcome += [rate, str(rate), rate * p]
            return tuple(outcome)

        expected = results()
        with decimal.localcontext(context):
            actual = results()

        assert expected == actual


class TestSumsPastTheReadBound:
    """
    Amounts within the read bound add up exactly, past it, without raising.

    Source: issue #10 B1 — lines within £10**15 summed past it raised in check().
    """

    @given(st.lists(st.integers(-(10**17) + 1, 10**17 - 1), max_size=200))
    def test_sums_are_exact_to_the_penny(self, pence: list[int]) -> None:
        amounts = [Money.from_pence(p) for p in pence]

        total = units_module._sum_money(amounts)

        assert total.pence == sum(pence)
        assert sum(amounts, Money.zero()) == total
        digits = format_money(total, exact=True).translate(
            {ord(c): None for c in "£,."}
        )
        assert int(digits) == total.pence

    @given(st.integers(1, 10**17 - 1), st.integers(1, 10**12))
    def test_products_past_the_read_bound_are_exact(self, pence: int, n: int) -> None:
        product = Money.from_pence(pence) * n

        assert product.pence == pence * n
        assert abs(product.pounds) < MAX_RESULT


_WIDE = decimal.Context(prec=2000, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
_PENNY = Decimal("0.01")
long_factors = st.builds(
    lambda digits, exponent: Decimal(f"{digits}e{exponent}"),
    st.integers(-(10**80), 10**80),
    st.integers(-90, 5),
)


class TestOneRoundingToThePenny:
    """
    A product or quotient is the exact value rounded once, in any mode.

    Source: issue #10 — 50 digits half-up, then half-up again to the penny,
    turned 0.4999… of a penny into a penny.
    """

    @given(
        st.integers(-(10**17) + 1, 10**17 - 1),
        long_factors,
        st.sampled_from(_ROUNDINGS),
    )
    def test_times_is_the_exact_product_rounded(
        self, pence: int, factor: Decimal, rounding: str
    ) -> None:
        amount = Money.from_pence(pence)
        exact = _WIDE.multiply(amount.pounds, factor)
        expected = exact.quantize(_PENNY, rounding=rounding, context=_WIDE)

        if abs(expected) >= MAX_RESULT:
            with pytest.raises(InvalidValueError, match="smaller than £10\\*\\*30"):
                amount.times(factor, rounding)
        else:
            assert amount.times(factor, rounding).pounds == expected

    @given(st.integers(-(10**17) + 1, 10**17 - 1), long_factors)
    def test_division_is_the_exact_quotient_rounded_half_up(
        self, pence: int, divisor: Decimal
    ) -> None:
        amount = Money.from_pence(pence)
        if not divisor:
            with pytest.raises(InvalidValueError, match="a non-zero number"):
                amount / divisor
            return
        exact = _WIDE.divide(amount.pounds, divisor)
        expected = exact.quantize(_PENNY, rounding=decimal.ROUND_HALF_UP, context=_WIDE)

        if abs(expected) >= MAX_RESULT:
            with pytest.raises(InvalidValueError, match="smaller than £10\\*\\*30"):
                amount / divisor
        else:
            assert (amount / divisor).pounds == expected
