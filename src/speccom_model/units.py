"""
Exact money and population, and the one lean pint registry around them.

:class:`Money` holds a :class:`~decimal.Decimal` of pounds, always a whole
number of pence; :class:`Population` holds an ``int`` of persons. They are the
library's own frozen, hashable value types: arithmetic on them is plain
``Decimal``/``int`` arithmetic (about a hundred times cheaper than a pint
quantity), and they cannot be changed in place.

Text is read by one explicit grammar (:func:`gbp`, :func:`persons`), never
evaluated; amounts are bounded by :data:`MAX_POUNDS` and populations by
:data:`MAX_PERSONS`, so everything accepted is written back exactly; and all
money arithmetic runs in the library's own decimal contexts
(:data:`MONEY_CONTEXT`), whatever the caller's ``decimal.getcontext()``.

pint is the unit system *around* them. One private registry
(:func:`registry`, also ``speccom_model.units.ureg``) is built on first use
from the library's own few definitions (``GBP``, ``person`` and the scale
words ``thousand``/``k``, ``million``/``m``/``mn``, ``billion``/``bn``), with
``non_int_type=Decimal``; it converts quantities, and never reads user text.
It is never pint's default registry (0.2-0.3 s to build) and never set as
pint's application registry, which belongs to the host application.

>>> from speccom_model import gbp, persons, format_money
>>> gbp("£1.7bn") + gbp("£15bn") == gbp("£16.7bn")
True
>>> format_money(gbp("£17,712,345,678.12"))
'£17.7bn'
>>> format_money(gbp("£17,712,345,678.12"), exact=True)
'£17,712,345,678.12'
>>> gbp("£5m") + persons(3)
Traceback (most recent call last):
speccom_model.errors.UnitError: + : expected GBP to add to GBP, got '3 persons'
"""

from __future__ import annotations

import decimal
import functools
import re
from decimal import ROUND_HALF_UP, Context, Decimal, DecimalException
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, TypeVar, final, overload

import attrs

from speccom_model.errors import InvalidValueError, ParseError, UnitError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "MAX_PERSONS",
    "MAX_POUNDS",
    "MAX_RESULT",
    "MONEY_CONTEXT",
    "Money",
    "Population",
    "Rate",
    "format_money",
    "gbp",
    "persons",
    "registry",
]

T = TypeVar("T")

_PENNY: Final = Decimal("0.01")
_ZERO: Final = Decimal("0.00")

#: Every amount of money is smaller than this in size: at most 15 digits of
#: pounds and 2 of pence, 17 significant digits in all, so every amount is
#: exact in a Decimal of 17 digits and reads back from what is written.
MAX_POUNDS: Final = Decimal(10**15)
_MIN_POUNDS: Final = Decimal(-(10**15))
#: Every result of money arithmetic (a sum, difference, product or quotient)
#: is smaller than this in size. Amounts read or constructed stay within
#: MAX_POUNDS, so whatever is accepted is written back exactly; their sums may
#: pass it, and stay exact to the penny up to here (32 digits), far more than
#: any plan file can hold lines to reach. Past it, arithmetic raises
#: InvalidValueError. Built from ints, so no decimal context is involved.
MAX_RESULT: Final = Decimal(10**30)
_MIN_RESULT: Final = Decimal(-(10**30))
#: The most persons a population can count: 2**53 - 1, the largest whole number
#: every JSON reader (JavaScript's included) reads exactly.
MAX_PERSONS: Final = 2**53 - 1
#: Text longer than this is refused before any pattern looks at it.
_MAX_TEXT: Final = 100

_ARITHMETIC_TRAPS: Final = [
    decimal.InvalidOperation,
    decimal.DivisionByZero,
    decimal.Overflow,
]


def _context(precision: int, *extra_traps: type[decimal.DecimalException]) -> Context:
    """A half-up context of ``precision`` digits trapping the arithmetic signals."""
    return Context(
        prec=precision,
        rounding=ROUND_HALF_UP,
        Emax=999_999,
        Emin=-999_999,
        traps=[*_ARITHMETIC_TRAPS, *extra_traps],
    )


#: The one context all money arithmetic, parsing and formatting runs in, passed
#: explicitly, so a host application's ``decimal.getcontext()`` never changes a
#: result. 50 significant digits carry any product or quotient of results within
#: MAX_RESULT far past the penny before it is rounded, half-up unless asked.
#: Read it, never change it: every Money operation shares it.
MONEY_CONTEXT: Final = _context(50)
#: Adds and subtracts amounts: 32 digits hold every result within MAX_RESULT
#: to the penny, so a sum needing a 33rd has left the bound and the Rounded
#: trap says so, at no cost to sums that stay inside it.
_SUM: Final = _context(32, decimal.Rounded)
# Bound once: a bound method call is half the cost of looking the method up.
_add: Final = _SUM.add
_subtract: Final = _SUM.subtract

#: Reads text and quantities exactly: a scaled number with more digits than
#: this, nonzero past the last, is refused (Inexact), never rounded.
_EXACT: Final = _context(128, decimal.Inexact)
#: Carries a product or quotient to 50 digits rounding 05UP, "sticky": the last
#: digit is 0 or 5 only if nothing was dropped, so rounding the result again to
#: the penny (32 digits at most) gives what rounding the exact value would, in
#: every rounding mode. Half-up at 50 digits then half-up to the penny made
#: £0.01 × 0.4999… (60 nines) £0.01; it is £0.00. The exponent range is the
#: widest decimal has, so nothing is lost to Emin before the penny.
_STICKY: Final = Context(
    prec=50,
    rounding=decimal.ROUND_05UP,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=_ARITHMETIC_TRAPS,
)
#: Rounds to the penny: quantize signals InvalidOperation past 32 digits,
#: that is for a result of MAX_RESULT or more.
_ROUND: Final = _context(32)
_ROUNDINGS: Final = frozenset(
    {
        decimal.ROUND_05UP,
        decimal.ROUND_CEILING,
        decimal.ROUND_DOWN,
        decimal.ROUND_FLOOR,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_HALF_UP,
        decimal.ROUND_UP,
    }
)

_MAX_PENCE: Final = 10**17
_MONEY_BOUND: Final = (
    "an amount between -£999,999,999,999,999.99 and £999,999,999,999,999.99"
)
_RESULT_BOUND: Final = "a result smaller than £10**30 either side of 0"
_FRACTION_BOUND: Final = "a fraction smaller than 10**999999 either side of 0"
_MAX_FRACTION_BITS: Final = 400
_FRACTION_SIZE: Final = "a Fraction whose terms have at most 400 bits (120 digits)"
#: Allocation weights are 0 or within these, so their exact fractions stay small.
_MIN_WEIGHT: Final = Decimal("1e-30")
_MAX_WEIGHT: Final = Decimal(10**30)
_RATE_BOUND: Final = "a finite rate smaller than £10**30 per person either side of 0"
_PERSONS_BOUND: Final = "at most 9,007,199,254,740,991 (2**53 - 1) persons"
#: Populations that are read or constructed are at most MAX_PERSONS; the
#: results of their arithmetic (a footprint of many places) may pass it, up to
#: this, as money's results may pass MAX_POUNDS.
_MAX_PERSONS_RESULT: Final = 10**30
_PERSONS_RESULT_BOUND: Final = "a result of fewer than 10**30 persons"

#: The definitions of the library's registry: nothing else is in it.
_DEFINITIONS: Final = (
    "GBP = [currency] = pound_sterling",
    "person = [population] = persons = people",
    "thousand = 1000 = k",
    "million = 1000000 = m = mn",
    "billion = 1000000000 = bn",
)

#: The scale words the grammar reads, lower-cased: a fixed table, never pint.
_SCALES: Final = {
    "k": 3,
    "thousand": 3,
    "m": 6,
    "mn": 6,
    "million": 6,
    "b": 9,
    "bn": 9,
    "billion": 9,
}
_PERSON_WORDS: Final = frozenset({"person", "persons", "people"})

# ASCII digits only, thousands grouped in threes or not at all. Every
# quantifier is followed by a character it cannot match (a run of spaces is
# only ever one quantifier's), so matching is linear in the text, which is at
# most _MAX_TEXT long anyway.
_NUMBER: Final = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+"
_WORDS: Final = r"(?: *(?P<word>[A-Za-z]+)(?: +(?P<last>[A-Za-z]+))?)?\Z"
_MONEY_RE: Final = re.compile(
    r"(?P<sign>[-+\u2212])? *(?:(?P<currency>£|GBP) *)?(?:(?P<inner>[-+\u2212]) *)?"
    rf"(?P<num>{_NUMBER}){_WORDS}"
)
#: The exact form the library writes, a subset of _MONEY_RE: read without scaling.
_PLAIN_MONEY_RE: Final = re.compile(
    r"£(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<pence>[0-9][0-9]))?\Z"
)
_PERSONS_RE: Final = re.compile(rf"(?P<num>{_NUMBER}){_WORDS}")
_ROUNDED_RE: Final = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")

_MONEY_FORMS: Final = (
    "an amount such as '£17.7bn', '£377m', '£250k', '£14,000,000' or '1.7 bn GBP'"
)
_PERSONS_FORMS: Final = "a number of persons such as '9,999,999' or '10 million'"


def _shown(text: str) -> str:
    """Text for an error message, cut short if it is long."""
    if len(text) <= _MAX_TEXT:
        return text
    return f"{text[:40]}... ({len(text):,} characters)"


@functools.cache
def registry() -> Any:  # noqa: ANN401 - pint ships no usable type for a registry
    """
    Return the library's one lean pint registry, building it on first use.

    The registry knows only ``GBP``, ``person`` and the scale words, and uses
    ``Decimal`` for non-integer magnitudes, so conversions stay exact. Importing
    speccom_model does not import pint; the first call here does.

    >>> ureg = registry()
    >>> ureg.Quantity("1.7 bn GBP").to("GBP")
    <Quantity(1700000000.0, 'GBP')>
    """
    import pint  # noqa: PLC0415 - kept off the import path of speccom_model

    ureg: Any = pint.UnitRegistry(None, non_int_type=Decimal, cache_folder=None)
    for definition in _DEFINITIONS:
        ureg.define(definition)
    return ureg


def __getattr__(name: str) -> Any:  # noqa: ANN401 - module attribute hook
    if name == "ureg":
        return registry()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- Money --------------------------------------------------------------------


def _pounds(value: Decimal | int) -> Decimal:
    """Validate and normalise Money's one field to a Decimal of whole pence."""
    given: object = value
    if isinstance(given, bool) or not isinstance(given, Decimal | int):
        raise InvalidValueError(
            "pounds", given, "a Decimal or int of pounds (use gbp() to parse text)"
        )
    amount = Decimal(value)
    if not amount.is_finite():
        raise InvalidValueError("pounds", value, "a finite amount")
    if not _MIN_POUNDS < amount < MAX_POUNDS:
        raise InvalidValueError("pounds", value, _MONEY_BOUND)
    exact = _to_penny(amount, ROUND_HALF_UP, "pounds")
    if exact != amount:
        raise InvalidValueError(
            "pounds",
            value,
            "a whole number of pence (round explicitly with Money.rounded())",
        )
    return exact


def _to_penny(amount: Decimal, rounding: str, what: str) -> Decimal:
    """Round to the penny in a fixed context; InvalidValueError past MAX_RESULT."""
    try:
        return amount.quantize(_PENNY, rounding=rounding, context=_ROUND)
    except decimal.InvalidOperation:
        # More than 32 digits once rounded to the penny: at least MAX_RESULT.
        raise InvalidValueError(what, amount, _RESULT_BOUND) from None


def _exactly(a: Decimal, b: Decimal) -> Decimal:
    """``a × b`` with no rounding: a context with as many digits as both have."""
    digits = len(a.as_tuple().digits) + len(b.as_tuple().digits)
    context = Context(
        prec=digits,
        Emax=decimal.MAX_EMAX,
        Emin=decimal.MIN_EMIN,
        traps=_ARITHMETIC_TRAPS,
    )
    return context.multiply(a, b)


def _as_decimal(factor: object, what: str) -> Decimal:
    """A bare number as an exact Decimal; floats through their shortest repr."""
    if isinstance(factor, bool):
        raise UnitError(what, factor, "a number, not a bool")
    if isinstance(factor, Decimal):
        result = factor
    elif isinstance(factor, int):
        result = Decimal(factor)
    elif isinstance(factor, float):
        result = Decimal(repr(factor))
    elif isinstance(factor, Fraction):
        bits = max(factor.numerator.bit_length(), factor.denominator.bit_length())
        if bits > _MAX_FRACTION_BITS:  # Decimal() of a huge int takes seconds
            raise InvalidValueError(
                what, f"a Fraction of {bits:,} bits", _FRACTION_SIZE
            )
        try:
            result = MONEY_CONTEXT.divide(
                Decimal(factor.numerator), Decimal(factor.denominator)
            )
        except DecimalException:
            raise InvalidValueError(what, factor, _FRACTION_BOUND) from None
    else:
        raise UnitError(what, factor, "a bare number (int, Decimal, Fraction, float)")
    if not result.is_finite():
        raise InvalidValueError(what, factor, "a finite number")
    return result


@final
@attrs.frozen(repr=False)
class Money:
    """
    An exact amount of pounds sterling, always a whole number of pence.

    Build one from text with :func:`gbp`; the constructor takes a ``Decimal`` or
    ``int`` only. Arithmetic keeps units: money ± money, money × number,
    money ÷ number (rounded half-up to the penny), money ÷ money (a ratio),
    money ÷ population (a :class:`Rate`). ``sum()`` works, integer 0 being the
    one bare number money accepts, as sum's start.

    Args:
        pounds: The amount in pounds, a whole number of pence.

    Raises:
        InvalidValueError: for a float, a non-finite value or part of a penny.

    >>> Money(Decimal("1700000000"))
    Money('1700000000.00')
    >>> sum([gbp("£1.7bn"), gbp("£15bn")])
    Money('16700000000.00')
    >>> gbp("£10") / 3
    Money('3.33')
    >>> Money(Decimal("0.005"))
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: pounds: expected a whole number of ...
    """

    pounds: Decimal = attrs.field(converter=_pounds)

    @classmethod
    def _exact(cls, amount: Decimal) -> Money:
        """Build from an already-validated Decimal of whole pence (hot path)."""
        self = object.__new__(cls)
        object.__setattr__(self, "pounds", amount)
        return self

    @classmethod
    def rounded(
        cls, amount: Decimal | int | float | str, rounding: str = ROUND_HALF_UP
    ) -> Money:
        """
        Build money from any amount, rounding to the penny explicitly.

        Args:
            amount: A number or numeric text (no currency symbol): ASCII
                digits, an optional sign and point, at most 100 characters.
            rounding: A :mod:`decimal` rounding mode; half-up by default, as
                NHS finance spreadsheets round.

        Raises:
            ParseError: for text that is not a plain number.
            InvalidValueError: for an amount of £10**15 or more either side of
                0, or an unknown rounding mode.

        >>> Money.rounded(Decimal("0.125"))
        Money('0.13')
        >>> from decimal import ROUND_HALF_EVEN
        >>> Money.rounded("0.125", rounding=ROUND_HALF_EVEN)
        Money('0.12')
        >>> Money.rounded("1e309")
        Traceback (most recent call last):
        speccom_model.errors.ParseError: amount: expected a plain number such as ...
        """
        if rounding not in _ROUNDINGS:
            raise InvalidValueError(
                "rounding", rounding, "a decimal rounding mode such as ROUND_HALF_UP"
            )
        if isinstance(amount, str):
            text = amount.strip() if len(amount) <= _MAX_TEXT else ""
            if _ROUNDED_RE.match(text) is None:
                raise ParseError(
                    "amount", _shown(amount), "a plain number such as '1234.567'"
                )
            value = Decimal(text)
        else:
            value = _as_decimal(amount, "amount")
        if not _MIN_POUNDS < value < MAX_POUNDS:
            raise InvalidValueError("amount", amount, _MONEY_BOUND)
        exact = _to_penny(value, rounding, "amount")
        if not _MIN_POUNDS < exact < MAX_POUNDS:  # 999,999,999,999,999.995 rounds up
            raise InvalidValueError("amount", amount, _MONEY_BOUND)
        return cls._exact(exact)

    @classmethod
    def from_pence(cls, pence: int) -> Money:
        """
        Build money from a whole number of pence.

        >>> Money.from_pence(37_700_000_000)
        Money('377000000.00')
        """
        if isinstance(pence, bool) or not isinstance(pence, int):
            raise InvalidValueError("pence", pence, "a whole number of pence (int)")
        if not -_MAX_PENCE < pence < _MAX_PENCE:
            raise InvalidValueError("pence", pence, _MONEY_BOUND)
        return cls._exact(Decimal(pence).scaleb(-2, MONEY_CONTEXT))

    @classmethod
    def zero(cls) -> Money:
        """
        Return no money: £0.00.

        >>> Money.zero()
        Money('0.00')
        """
        return cls._exact(_ZERO)

    @property
    def pence(self) -> int:
        """
        The amount as a whole number of pence.

        >>> gbp("£1.23").pence
        123
        """
        return int(self.pounds.scaleb(2, MONEY_CONTEXT))

    # -- arithmetic -----------------------------------------------------------

    # Ordered by amount, with money only: comparing with a bare number or
    # persons is a unit error, as adding them is.
    def __lt__(self, other: Money) -> bool:
        return self.pounds < _compared(other, Money, "<").pounds

    def __le__(self, other: Money) -> bool:
        return self.pounds <= _compared(other, Money, "<=").pounds

    def __gt__(self, other: Money) -> bool:
        return self.pounds > _compared(other, Money, ">").pounds

    def __ge__(self, other: Money) -> bool:
        return self.pounds >= _compared(other, Money, ">=").pounds

    def __add__(self, other: Money | int) -> Money:
        if isinstance(other, Money):
            try:
                return Money._exact(_add(self.pounds, other.pounds))
            except decimal.Rounded:
                raise InvalidValueError(
                    "+ ", f"{self} + {other}", _RESULT_BOUND
                ) from None
        if other == 0 and type(other) is int:
            return self
        raise UnitError("+ ", _describe(other), "GBP to add to GBP")

    def __radd__(self, other: int) -> Money:
        # sum() starts from the integer 0: the one bare number money accepts.
        if type(other) is int and other == 0:
            return self
        raise UnitError("+ ", _describe(other), "GBP to add to GBP")

    def __sub__(self, other: Money) -> Money:
        if isinstance(other, Money):
            try:
                return Money._exact(_subtract(self.pounds, other.pounds))
            except decimal.Rounded:
                raise InvalidValueError(
                    "- ", f"{self} - {other}", _RESULT_BOUND
                ) from None
        raise UnitError("- ", _describe(other), "GBP to subtract from GBP")

    def __rsub__(self, other: object) -> Money:
        raise UnitError("- ", _describe(other), "GBP to subtract GBP from")

    def __neg__(self) -> Money:
        return Money._exact(_SUM.minus(self.pounds))

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return Money._exact(_SUM.abs(self.pounds))

    def __bool__(self) -> bool:
        return bool(self.pounds)

    def times(self, factor: Decimal | int | float | Fraction, rounding: str) -> Money:
        """
        Multiply by a bare number, rounding to the penny with ``rounding``.

        The exact product is rounded once (a Fraction is applied exactly).

        Raises:
            InvalidValueError: for an unknown rounding mode, a non-finite
                factor, a Fraction of terms over 400 bits, or a result of
                £10**30 or more either side of 0.

        >>> from decimal import ROUND_DOWN
        >>> gbp("£13bn").times(Decimal("0.029"), rounding=ROUND_DOWN)
        Money('377000000.00')
        """
        if rounding not in _ROUNDINGS:
            raise InvalidValueError(
                "rounding", rounding, "a decimal rounding mode such as ROUND_HALF_UP"
            )
        checked = _as_decimal(factor, "*")  # the same checks for every factor
        try:
            if isinstance(factor, Fraction):
                # pounds × numerator exactly, then one sticky rounding.
                numerator = _exactly(self.pounds, Decimal(factor.numerator))
                product = _STICKY.divide(numerator, Decimal(factor.denominator))
            else:
                product = _STICKY.multiply(self.pounds, checked)
        except DecimalException:  # past even decimal's widest exponent
            raise InvalidValueError("* ", factor, _RESULT_BOUND) from None
        return Money._exact(_to_penny(product, rounding, "* "))

    def __mul__(self, factor: Decimal | int | float | Fraction) -> Money:
        given: object = factor
        if isinstance(given, Money | Population | Rate):
            raise UnitError("* ", _describe(given), "a bare number to scale GBP by")
        return self.times(factor, ROUND_HALF_UP)

    __rmul__ = __mul__

    @overload
    def __truediv__(self, other: Money) -> Decimal: ...
    @overload
    def __truediv__(self, other: Population) -> Rate: ...
    @overload
    def __truediv__(self, other: Decimal | int | float | Fraction) -> Money: ...
    def __truediv__(self, other: object) -> Money | Decimal | Rate:
        if isinstance(other, Money):
            if not other.pounds:
                raise InvalidValueError("/ ", other, "a non-zero amount to divide by")
            return MONEY_CONTEXT.divide(self.pounds, other.pounds)
        if isinstance(other, Population):
            if not other.persons:
                raise InvalidValueError("/ ", other, "a non-zero population")
            return Rate(MONEY_CONTEXT.divide(self.pounds, Decimal(other.persons)))
        divisor = _as_decimal(other, "/")
        if not divisor:
            raise InvalidValueError("/ ", other, "a non-zero number to divide by")
        try:
            if isinstance(other, Fraction):
                # pounds ÷ (n / d) is pounds × d ÷ n: one sticky rounding.
                numerator = _exactly(self.pounds, Decimal(other.denominator))
                quotient = _STICKY.divide(numerator, Decimal(other.numerator))
            else:
                quotient = _STICKY.divide(self.pounds, divisor)
        except DecimalException:  # past even decimal's widest exponent
            raise InvalidValueError("/ ", other, _RESULT_BOUND) from None
        return Money._exact(_to_penny(quotient, ROUND_HALF_UP, "/ "))

    def allocate(self, weights: Sequence[int | Decimal]) -> tuple[Money, ...]:
        """
        Split into parts proportional to ``weights`` that add up exactly.

        Each part is rounded down to the penny and the pennies left over go, one
        each, to the parts with the largest remainders (ties to the earliest), so
        no penny is created or lost.

        Raises:
            InvalidValueError: for no weights, a negative weight, all zero,
                or a weight other than 0 outside 10**-30 to under 10**30.

        >>> gbp("£100").allocate([1, 1, 1])
        (Money('33.34'), Money('33.33'), Money('33.33'))
        """
        if not weights:
            raise InvalidValueError("weights", weights, "at least one weight")
        exact = [_as_decimal(w, "weights") for w in weights]
        if any(w < 0 for w in exact):
            raise InvalidValueError("weights", weights, "non-negative weights")
        if any(w and not _MIN_WEIGHT <= w < _MAX_WEIGHT for w in exact):
            # Fraction(Decimal("9e999999999999999999")) would build the whole int.
            raise InvalidValueError(
                "weights", weights, "weights of 0 or from 10**-30 to under 10**30"
            )
        fractions = [Fraction(w) for w in exact]
        total_weight = sum(fractions, Fraction(0))
        if not total_weight:
            raise InvalidValueError("weights", weights, "at least one positive weight")
        pence = self.pence
        sign = -1 if pence < 0 else 1
        pence = abs(pence)
        shares = [pence * w / total_weight for w in fractions]
        floors = [int(s) for s in shares]
        left = pence - sum(floors)
        order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - floors[i]), i))
        for i in order[:left]:
            floors[i] += 1
        return tuple(
            Money._exact(Decimal(sign * p).scaleb(-2, MONEY_CONTEXT)) for p in floors
        )

    # -- pint -----------------------------------------------------------------

    def to_quantity(self) -> Any:  # noqa: ANN401 - a pint Quantity
        """
        Return this amount as a pint quantity in GBP of the library's registry.

        >>> q = gbp("£377m").to_quantity()
        >>> q.units, q.to("million GBP").magnitude == 377
        (<Unit('GBP')>, True)
        """
        return registry().Quantity(self.pounds, "GBP")

    @classmethod
    def from_quantity(cls, quantity: object) -> Money:
        """
        Build money from a pint quantity of the library's registry in any GBP scale.

        Raises:
            UnitError: for a quantity of another registry, or not in GBP.
            InvalidValueError: for part of a penny, or £10**15 or more.

        A float magnitude is taken at its shortest repr before it is scaled, so
        0.29 million GBP is £290,000.00 exactly.

        >>> Money.from_quantity(registry().Quantity("1.7 bn GBP"))
        Money('1700000000.00')
        >>> Money.from_quantity(registry().Quantity(0.29, "million GBP"))
        Money('290000.00')
        """
        magnitude = _magnitude_in(quantity, "GBP", "from_quantity")
        if not _MIN_POUNDS < magnitude < MAX_POUNDS:
            raise InvalidValueError("from_quantity", str(quantity), _MONEY_BOUND)
        exact = _to_penny(magnitude, ROUND_HALF_UP, "from_quantity")
        if exact != magnitude:
            raise InvalidValueError(
                "from_quantity", str(quantity), "a whole number of pence"
            )
        return cls._exact(exact)

    # -- text -----------------------------------------------------------------

    def __repr__(self) -> str:
        return f"Money('{self.pounds}')"

    def __str__(self) -> str:
        return format_money(self, exact=True)

    def __format__(self, spec: str) -> str:
        if spec == "":
            return str(self)
        if spec == "short":
            return format_money(self)
        with decimal.localcontext(MONEY_CONTEXT):
            return format(self.pounds, spec)


def _compared(other: object, cls: type[T], operator: str) -> T:
    """``other`` if it is a ``cls`` to compare with, else a UnitError."""
    if isinstance(other, cls):
        return other
    unit = "GBP" if cls is Money else "persons"
    raise UnitError(f"{operator} ", _describe(other), f"{unit} to compare with {unit}")


def _describe(value: object) -> object:
    """What a mixed-unit operand was, for a UnitError message."""
    if isinstance(value, Money | Population | Rate):
        return str(value)
    return value


def _magnitude_in(quantity: object, unit: str, field: str) -> Decimal:
    """The magnitude of a quantity of our registry in ``unit``, or a UnitError."""
    ureg = registry()
    if not isinstance(quantity, ureg.Quantity):
        units = getattr(quantity, "units", None)
        if units is not None:
            raise UnitError(
                field,
                f"{units} (a quantity of another pint registry)",
                f"a quantity in {unit} of speccom_model's registry",
            )
        raise UnitError(field, quantity, f"a pint quantity in {unit}")
    target = ureg.Unit(unit)
    if quantity.dimensionality != target.dimensionality:
        raise UnitError(field, str(quantity.units), f"a quantity in {unit}")
    # Scale the magnitude ourselves, exactly: pint would multiply a float by
    # the Decimal scale (a TypeError) or round it in binary (0.29 million is
    # 289999.99999999994 in floats).
    magnitude = _exact_magnitude(quantity.magnitude, quantity, unit, field)
    factor = _exact_magnitude(_scale(quantity.units, target), quantity, unit, field)
    try:
        return _EXACT.multiply(magnitude, factor)
    except DecimalException:
        raise InvalidValueError(
            field, str(quantity), f"a quantity exact to {_EXACT.prec} digits"
        ) from None


@functools.lru_cache(maxsize=64)
def _scale(units: object, target: object) -> object:
    """How many ``target`` one of ``units`` is (pint's conversion, of the number 1)."""
    # pint computes (and caches) its factors in the current decimal context.
    with decimal.localcontext(MONEY_CONTEXT):
        return registry().Quantity(1, units).to(target).magnitude


def _exact_magnitude(
    magnitude: object, quantity: object, unit: str, field: str
) -> Decimal:
    """A pint magnitude as an exact, finite Decimal; floats by shortest repr."""
    if isinstance(magnitude, bool):
        raise UnitError(field, str(quantity), f"a scalar quantity in {unit}")
    if isinstance(magnitude, int):
        return Decimal(magnitude)
    if isinstance(magnitude, float):
        result = Decimal(repr(magnitude))
    elif isinstance(magnitude, Fraction):
        result = _as_decimal(magnitude, field)
    elif isinstance(magnitude, Decimal):
        result = magnitude
    else:
        raise UnitError(field, str(quantity), f"a scalar quantity in {unit}")
    if not result.is_finite():
        raise InvalidValueError(field, str(quantity), "a finite amount")
    return result


# -- Population ---------------------------------------------------------------


def _persons_count(value: int) -> int:
    given: object = value
    if isinstance(given, bool) or not isinstance(given, int):
        raise InvalidValueError(
            "persons", value, "a whole number of persons (use persons() to parse)"
        )
    if value < 0:
        raise InvalidValueError("persons", value, "a non-negative number of persons")
    if value > MAX_PERSONS:
        raise InvalidValueError("persons", value, _PERSONS_BOUND)
    return value


@final
@attrs.frozen(repr=False)
class Population:
    """
    A whole, non-negative number of persons.

    Populations add to populations and scale by whole numbers; adding pounds or
    a bare number is a :class:`~speccom_model.errors.UnitError`. A population
    that is built is at most :data:`MAX_PERSONS`; a sum or product may pass it
    (a footprint of many places), up to 10**30 persons, past which, or below
    zero, the arithmetic raises :class:`~speccom_model.errors.InvalidValueError`.

    Args:
        persons: How many persons.

    >>> persons(9_999_999) < persons(10_000_000)
    True
    >>> persons(3) + 1
    Traceback (most recent call last):
    speccom_model.errors.UnitError: + : expected persons to add to persons, got 1
    """

    persons: int = attrs.field(converter=_persons_count)

    @classmethod
    def _exact(cls, count: int) -> Population:
        self = object.__new__(cls)
        object.__setattr__(self, "persons", count)
        return self

    def __lt__(self, other: Population) -> bool:
        return self.persons < _compared(other, Population, "<").persons

    def __le__(self, other: Population) -> bool:
        return self.persons <= _compared(other, Population, "<=").persons

    def __gt__(self, other: Population) -> bool:
        return self.persons > _compared(other, Population, ">").persons

    def __ge__(self, other: Population) -> bool:
        return self.persons >= _compared(other, Population, ">=").persons

    def __add__(self, other: Population | int) -> Population:
        if isinstance(other, Population):
            return _persons_result(self.persons + other.persons, "+ ")
        if type(other) is int and other == 0:
            return self
        raise UnitError("+ ", _describe(other), "persons to add to persons")

    def __radd__(self, other: int) -> Population:
        if type(other) is int and other == 0:
            return self
        raise UnitError("+ ", _describe(other), "persons to add to persons")

    def __sub__(self, other: Population) -> Population:
        if isinstance(other, Population):
            return _persons_result(self.persons - other.persons, "- ")
        raise UnitError("- ", _describe(other), "persons to subtract from persons")

    @overload
    def __mul__(self, other: Rate) -> Money: ...
    @overload
    def __mul__(self, other: int) -> Population: ...
    def __mul__(self, other: object) -> Population | Money:
        if isinstance(other, Rate):
            return other * self
        if type(other) is int:
            return _persons_result(self.persons * other, "* ")
        raise UnitError("* ", _describe(other), "a whole number or a GBP/person rate")

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return bool(self.persons)

    def to_quantity(self) -> Any:  # noqa: ANN401 - a pint Quantity
        """
        Return this population as a pint quantity in persons.

        >>> persons(10_000_000).to_quantity()
        <Quantity(10000000, 'person')>
        """
        return registry().Quantity(self.persons, "person")

    @classmethod
    def from_quantity(cls, quantity: object) -> Population:
        """
        Build a population from a pint quantity in persons (any scale).

        Raises:
            UnitError: for a quantity of another registry or dimension.
            InvalidValueError: for part of a person, a negative number, or
                more than 2**53 - 1 persons.

        >>> Population.from_quantity(registry().Quantity("9.5 million person"))
        Population(9500000)
        >>> Population.from_quantity(registry().Quantity(0.29, "million person"))
        Population(290000)
        """
        magnitude = _magnitude_in(quantity, "person", "from_quantity")
        if not 0 <= magnitude <= MAX_PERSONS:
            raise InvalidValueError("from_quantity", str(quantity), _PERSONS_BOUND)
        if magnitude != magnitude.to_integral_value(context=MONEY_CONTEXT):
            raise InvalidValueError(
                "from_quantity", str(quantity), "a whole number of persons"
            )
        return cls._exact(int(magnitude))

    def __repr__(self) -> str:
        return f"Population({self.persons})"

    def __str__(self) -> str:
        return f"{self.persons:,} person" + ("" if self.persons == 1 else "s")


def _persons_result(count: int, what: str) -> Population:
    """The result of population arithmetic: non-negative, under 10**30 persons."""
    if count < 0:
        raise InvalidValueError(what, count, "a non-negative number of persons")
    if count >= _MAX_PERSONS_RESULT:
        raise InvalidValueError(what, count, _PERSONS_RESULT_BOUND)
    return Population._exact(count)


def _sum_persons(counts: Iterable[Population]) -> Population:
    """Add many populations exactly; the total may pass MAX_PERSONS."""
    return _persons_result(sum(p.persons for p in counts), "sum")


# -- Rate -----------------------------------------------------------------------


@final
@attrs.frozen(order=True)
class Rate:
    """
    Pounds per person: what money divided by a population gives.

    A rate multiplies a population back to money, rounded half-up to the penny.

    Args:
        gbp_per_person: The rate, an exact Decimal, finite and smaller than
            £10**30 per person either side of 0 (:data:`MAX_RESULT`).

    Raises:
        InvalidValueError: for a rate that is not a Decimal, NaN, infinite or
            too large; multiplying to £10**30 or more raises it too.

    >>> rate = gbp("£100") / persons(3)
    >>> rate * persons(3)
    Money('100.00')
    >>> rate.to_quantity().units
    <Unit('GBP / person')>
    >>> Rate(Decimal("NaN"))
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: gbp_per_person: expected a finite rate ...
    """

    gbp_per_person: Decimal = attrs.field()

    @gbp_per_person.validator
    def _check(self, _: object, value: object) -> None:
        if not isinstance(value, Decimal):
            raise InvalidValueError(
                "gbp_per_person", value, "a Decimal of pounds per person"
            )
        if not value.is_finite() or not _MIN_RESULT < value < MAX_RESULT:
            raise InvalidValueError("gbp_per_person", value, _RATE_BOUND)

    def __mul__(self, other: object) -> Money:
        if isinstance(other, Population):
            try:
                product = _STICKY.multiply(self.gbp_per_person, Decimal(other.persons))
            except DecimalException:  # unreachable for a validated rate
                raise InvalidValueError("* ", str(other), _RESULT_BOUND) from None
            return Money._exact(_to_penny(product, ROUND_HALF_UP, "* "))
        raise UnitError("* ", _describe(other), "a population to multiply GBP/person")

    __rmul__ = __mul__

    def to_quantity(self) -> Any:  # noqa: ANN401 - a pint Quantity
        """Return the rate as a pint quantity in GBP/person."""
        return registry().Quantity(self.gbp_per_person, "GBP / person")

    def __str__(self) -> str:
        with decimal.localcontext(MONEY_CONTEXT):
            return f"£{self.gbp_per_person:,.2f} per person"


# -- parsing and formatting -------------------------------------------------------


def gbp(value: object) -> Money:
    """
    Parse pounds sterling exactly, by one grammar, in the forms the sector writes.

    Accepts :class:`Money`, ``int``, ``Decimal``, a ``float`` (through its
    shortest repr, so ``0.1`` is ten pence), and text of at most 100
    characters, read by an explicit grammar and never evaluated:

    * an optional sign, ``-``, ``+`` or ``−`` (U+2212), one only, before or
      after the currency;
    * an optional currency, ``£`` or ``GBP`` before the number, or ``GBP``
      after it (``"1.7 bn GBP"``), never both;
    * ASCII digits, grouped in threes by commas or not at all, with optional
      decimals: ``"14000000"``, ``"14,000,000"``, ``"17.7"``;
    * an optional scale, with or without a space, in any case: ``k``,
      ``thousand``, ``m``, ``mn``, ``million``, ``b``, ``bn``, ``billion``
      (``m`` is million, never milli).

    Spaces may separate the parts; space around the whole is ignored.
    The amount must be a whole number of pence and smaller than £10**15
    either side of 0 (:data:`MAX_POUNDS`).

    Raises:
        ParseError: for text outside the grammar, NaN, infinities, part of a
            penny, or an amount of £10**15 or more.
        UnitError: for a number of persons (``"5 person"``).

    >>> gbp("£17.7bn")
    Money('17700000000.00')
    >>> gbp("1.7 bn GBP")
    Money('1700000000.00')
    >>> gbp("£1.2b")
    Money('1200000000.00')
    >>> gbp(0.1)
    Money('0.10')
    >>> gbp("£5zillion")
    Traceback (most recent call last):
    speccom_model.errors.ParseError: gbp: expected an amount such as '£17.7bn', ...
    >>> gbp("5 GBP; 3")
    Traceback (most recent call last):
    speccom_model.errors.ParseError: gbp: expected an amount such as '£17.7bn', ...
    """
    if isinstance(value, Money):
        return value
    if isinstance(value, str):
        return _parse_money_text(value)
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise ParseError("gbp", value, _MONEY_FORMS)
    amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not amount.is_finite():
        raise ParseError("gbp", value, "a finite amount")
    return _whole_pence(amount, value)


def _whole_pence(amount: Decimal, given: object) -> Money:
    """Money for an exact amount, or a ParseError naming the bound or the penny."""
    if not _MIN_POUNDS < amount < MAX_POUNDS:
        shown = _shown(given) if isinstance(given, str) else given
        raise ParseError("gbp", shown, _MONEY_BOUND)
    exact = amount.quantize(_PENNY, context=_ROUND)
    if exact != amount:
        # A JSON number arrives as a Decimal: name it as the file wrote it.
        shown_value = str(given) if isinstance(given, Decimal) else given
        raise ParseError(
            "gbp",
            shown_value,
            "a whole number of pence (round it first; in Python, Money.rounded())",
        )
    return Money._exact(exact)


def _parse_money_text(text: str) -> Money:
    if len(text) > _MAX_TEXT:
        raise ParseError(
            "gbp", _shown(text), f"{_MONEY_FORMS}, of at most 100 characters"
        )
    plain = _PLAIN_MONEY_RE.match(text)
    if plain is not None:  # what files hold, "£1,234" or "£1,234.56": the hot path
        return _whole_pence(
            Decimal(f"{plain['whole'].replace(',', '')}.{plain['pence'] or '00'}"),
            text,
        )
    match = _MONEY_RE.match(text.strip())
    if match is None:
        raise ParseError("gbp", text, _MONEY_FORMS)
    if match["sign"] and match["inner"]:
        raise ParseError("gbp", text, f"{_MONEY_FORMS}, with one sign at most")
    words = [w for w in (match["word"], match["last"]) if w is not None]
    if words and words[-1] == "GBP":
        if match["currency"] is not None:
            raise ParseError("gbp", text, f"{_MONEY_FORMS}, naming the currency once")
        words.pop()
    elif words and words[-1].lower() in _PERSON_WORDS:
        raise UnitError("gbp", text, "an amount in GBP")
    power = 0
    if words:
        scale = _SCALES.get(words[0].lower())
        if scale is None or len(words) > 1:
            raise ParseError("gbp", text, _MONEY_FORMS)
        power = scale
    amount = _scaled(match["num"], power)
    if (match["sign"] or match["inner"]) in {"-", "\u2212"}:
        amount = amount.copy_negate()
    return _whole_pence(amount, text)


def _scaled(number: str, power: int) -> Decimal:
    """A grammar-checked number times 10**power, exactly (at most 100 digits)."""
    return Decimal(number.replace(",", "")).scaleb(power, _EXACT)


def persons(value: object) -> Population:
    """
    Parse a number of persons: an int, or text such as ``"10 million"``.

    A ``float`` or ``Decimal`` (as files' readers give) must be whole and
    finite: ``Decimal("2E+6")`` is 2,000,000 persons, ``Decimal("2.5")`` and
    ``Decimal("NaN")`` are refused.

    Text (at most 100 characters) is ASCII digits, grouped in threes by commas
    or not at all, with optional decimals, an optional scale (``k``,
    ``thousand``, ``m``, ``mn``, ``million``, ``b``, ``bn``, ``billion``) and
    an optional ``persons``/``person``/``people``, spaces between or not:
    ``"9,999,999"``, ``"10 million"``, ``"57.69m"``, ``"250 persons"``. It
    must come to a whole number of at most 2**53 - 1 (:data:`MAX_PERSONS`).

    Raises:
        InvalidValueError: for a negative number, part of a person, or more
            than 2**53 - 1 persons.
        ParseError: for text that is not a number of persons.

    >>> persons("10 million")
    Population(10000000)
    >>> persons(-1)
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: persons: expected a non-negative ...
    >>> persons(2**64)
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: persons: expected at most ...
    >>> persons(Decimal("2E+6"))
    Population(2000000)
    """
    if isinstance(value, Population):
        return value
    if isinstance(value, bool):
        raise InvalidValueError("persons", value, "a whole number of persons")
    if isinstance(value, int):
        return Population(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidValueError("persons", value, "a whole number of persons")
        return Population(int(value))
    if isinstance(value, Decimal):
        return _decimal_persons(value)
    if not isinstance(value, str):
        raise InvalidValueError("persons", value, "a whole number of persons")
    return _parse_persons_text(value)


def _decimal_persons(value: Decimal) -> Population:
    """A Decimal as persons, as read from a file: whole, finite and in bounds."""
    if not value.is_finite():
        raise InvalidValueError("persons", value, "a finite whole number of persons")
    if value < 0:
        raise InvalidValueError("persons", value, "a non-negative number of persons")
    if value > MAX_PERSONS:  # before int(), which would build 1E+999999 in full
        raise InvalidValueError("persons", value, _PERSONS_BOUND)
    if value != value.to_integral_value(context=_EXACT):
        raise InvalidValueError("persons", value, "a whole number of persons")
    return Population(int(value))


def _parse_persons_text(text: str) -> Population:
    if len(text) > _MAX_TEXT:
        raise ParseError(
            "persons", _shown(text), f"{_PERSONS_FORMS}, of at most 100 characters"
        )
    match = _PERSONS_RE.match(text.strip())
    if match is None:
        raise ParseError("persons", text, _PERSONS_FORMS)
    words = [w.lower() for w in (match["word"], match["last"]) if w is not None]
    if words and words[-1] in _PERSON_WORDS:
        words.pop()
    power = 0
    if words:
        scale = _SCALES.get(words[0])
        if scale is None or len(words) > 1:
            raise ParseError("persons", text, _PERSONS_FORMS)
        power = scale
    count = _scaled(match["num"], power)
    if count > MAX_PERSONS:
        raise InvalidValueError("persons", text, _PERSONS_BOUND)
    if count != count.to_integral_value(context=_EXACT):
        raise InvalidValueError("persons", text, "a whole number of persons")
    return Population(int(count))


_SHORT_SCALES: Final = (
    (Decimal(10**9), "bn"),
    (Decimal(10**6), "m"),
    (Decimal(10**3), "k"),
)


def format_money(money: Money, *, exact: bool = False) -> str:
    """
    Write money in the sector's short style, or exactly to the penny.

    The short style shows three significant figures with the sector's scale
    words (``k``, ``m``, ``bn``), dropping trailing zeros: ``£17.7bn``,
    ``£377m``, ``£1.7bn``, ``£15bn``, ``£250k``. It is lossy by design and
    always within half a unit of its last shown digit (rounded half-up).
    Amounts under £1,000 are shown to the penny, or in whole pounds when exact.
    ``exact=True`` shows every penny, ``£17,712,345,678.12``, and :func:`gbp`
    reads it back equal. Both run in :data:`MONEY_CONTEXT`, whatever the
    caller's decimal context.

    >>> format_money(gbp("£377,000,000"))
    '£377m'
    >>> format_money(gbp("£1,700,000,000"))
    '£1.7bn'
    >>> format_money(-gbp("£5m"), exact=True)
    '-£5,000,000.00'
    """
    sign = "-" if money.pounds < 0 else ""
    amount = money.pounds.copy_abs()
    with decimal.localcontext(MONEY_CONTEXT):
        if exact:
            return f"{sign}£{amount:,.2f}"
        if amount < 1000:
            text = f"{amount:,.2f}"
            return sign + "£" + (text[:-3] if text.endswith(".00") else text)
    for index, (threshold, unit) in enumerate(_SHORT_SCALES):
        if amount < threshold:
            continue
        scale, suffix = threshold, unit
        shown = _three_figures(amount, scale)
        if shown >= 1000 and index > 0:
            # £999.6m rounds to 1,000m: say £1bn instead.
            scale, suffix = _SHORT_SCALES[index - 1]
            shown = _three_figures(amount, scale)
        return f"{sign}£{_strip_zeros(shown)}{suffix}"
    raise AssertionError("unreachable: amounts of £1,000 or more have a scale")


def _three_figures(amount: Decimal, scale: Decimal) -> Decimal:
    """``amount / scale`` to three significant figures (never fewer than whole)."""
    value = MONEY_CONTEXT.divide(amount, scale)
    integer_digits = len(str(int(value)))
    places = max(0, 3 - integer_digits)
    return value.quantize(Decimal(f"1e-{places}"), context=MONEY_CONTEXT)


def _strip_zeros(value: Decimal) -> str:
    with decimal.localcontext(MONEY_CONTEXT):
        text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _percent(ratio: Decimal) -> str:
    """A ratio as a percentage to one place, rounded half-up in MONEY_CONTEXT."""
    with decimal.localcontext(MONEY_CONTEXT):
        return f"{ratio:.1%}"


def _sum_money(amounts: Iterable[Money]) -> Money:
    """Add many amounts exactly (faster than sum() for long runs)."""
    try:
        # One context switch for the whole run: the + operator is cheaper than
        # a Context method call, and _SUM's Rounded trap still checks the bound.
        with decimal.localcontext(_SUM):
            total = sum((m.pounds for m in amounts), _ZERO)
    except decimal.Rounded:
        raise InvalidValueError("sum", "the amounts", _RESULT_BOUND) from None
    return Money._exact(total)
