"""
Exact money and population, and the one lean pint registry around them.

:class:`Money` holds a :class:`~decimal.Decimal` of pounds, always a whole
number of pence; :class:`Population` holds an ``int`` of persons. They are the
library's own frozen, hashable value types: arithmetic on them is plain
``Decimal``/``int`` arithmetic (about a hundred times cheaper than a pint
quantity), and they cannot be changed in place.

pint is the unit system *around* them. One private registry
(:func:`registry`, also ``speccom_model.units.ureg``) is built on first use
from the library's own few definitions (``GBP``, ``person`` and the scale
words ``thousand``/``k``, ``million``/``m``/``mn``, ``billion``/``bn``), with
``non_int_type=Decimal``. It is never pint's default registry (0.2-0.3 s to
build) and never set as pint's application registry, which belongs to the host
application.

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

import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, TypeVar, final, overload

import attrs

from speccom_model.errors import InvalidValueError, ParseError, UnitError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
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

#: The definitions of the library's registry: nothing else is in it.
_DEFINITIONS: Final = (
    "GBP = [currency] = pound_sterling",
    "person = [population] = persons = people",
    "thousand = 1000 = k",
    "million = 1000000 = m = mn",
    "billion = 1000000000 = bn",
)

_SCALES: Final = {
    "k": Decimal(10) ** 3,
    "thousand": Decimal(10) ** 3,
    "m": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "million": Decimal(10) ** 6,
    "bn": Decimal(10) ** 9,
    "billion": Decimal(10) ** 9,
}

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_MONEY_RE: Final = re.compile(
    rf"""^\s*(?P<sign>[-−+])?\s*£\s*(?P<inner>[-−])?\s*(?P<num>{_NUMBER})
    \s*(?P<scale>[a-z]+)?\s*$|^\s*(?P<bsign>[-−+])?\s*(?P<bnum>{_NUMBER})
    \s*(?P<bscale>k|m|mn|bn|thousand|million|billion)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
#: The exact form the library writes, a subset of _MONEY_RE: read without scaling.
_PLAIN_MONEY_RE: Final = re.compile(
    r"£(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<pence>\d\d))?\Z"
)
_PERSONS_RE: Final = re.compile(
    rf"^\s*(?P<num>{_NUMBER})\s*(?P<scale>k|m|mn|bn|thousand|million|billion)?"
    r"\s*(?:persons?|people)?\s*$",
    re.IGNORECASE,
)

_MONEY_FORMS: Final = (
    "an amount such as '£17.7bn', '£377m', '£250k', '£14,000,000' or '1.7 bn GBP'"
)


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
    exact = amount.quantize(_PENNY, rounding=ROUND_HALF_UP)
    if exact != amount:
        raise InvalidValueError(
            "pounds",
            value,
            "a whole number of pence (round explicitly with Money.rounded())",
        )
    return exact


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
        result = Decimal(factor.numerator) / Decimal(factor.denominator)
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
            amount: A number or numeric text (no currency symbol).
            rounding: A :mod:`decimal` rounding mode; half-up by default, as
                NHS finance spreadsheets round.

        >>> Money.rounded(Decimal("0.125"))
        Money('0.13')
        >>> from decimal import ROUND_HALF_EVEN
        >>> Money.rounded("0.125", rounding=ROUND_HALF_EVEN)
        Money('0.12')
        """
        if isinstance(amount, str):
            try:
                value = Decimal(amount.strip())
            except InvalidOperation:
                raise ParseError("amount", amount, "a number") from None
        else:
            value = _as_decimal(amount, "amount")
        if not value.is_finite():
            raise ParseError("amount", amount, "a finite number")
        return cls._exact(value.quantize(_PENNY, rounding=rounding))

    @classmethod
    def from_pence(cls, pence: int) -> Money:
        """
        Build money from a whole number of pence.

        >>> Money.from_pence(37_700_000_000)
        Money('377000000.00')
        """
        if isinstance(pence, bool) or not isinstance(pence, int):
            raise InvalidValueError("pence", pence, "a whole number of pence (int)")
        return cls._exact(Decimal(pence).scaleb(-2))

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
        return int(self.pounds * 100)

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
            return Money._exact(self.pounds + other.pounds)
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
            return Money._exact(self.pounds - other.pounds)
        raise UnitError("- ", _describe(other), "GBP to subtract from GBP")

    def __rsub__(self, other: object) -> Money:
        raise UnitError("- ", _describe(other), "GBP to subtract GBP from")

    def __neg__(self) -> Money:
        return Money._exact(-self.pounds)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return Money._exact(abs(self.pounds))

    def __bool__(self) -> bool:
        return bool(self.pounds)

    def times(self, factor: Decimal | int | float | Fraction, rounding: str) -> Money:
        """
        Multiply by a bare number, rounding to the penny with ``rounding``.

        >>> from decimal import ROUND_DOWN
        >>> gbp("£13bn").times(Decimal("0.029"), rounding=ROUND_DOWN)
        Money('377000000.00')
        """
        product = self.pounds * _as_decimal(factor, "*")
        return Money._exact(product.quantize(_PENNY, rounding=rounding))

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
            return self.pounds / other.pounds
        if isinstance(other, Population):
            if not other.persons:
                raise InvalidValueError("/ ", other, "a non-zero population")
            return Rate(self.pounds / other.persons)
        divisor = _as_decimal(other, "/")
        if not divisor:
            raise InvalidValueError("/ ", other, "a non-zero number to divide by")
        return Money._exact((self.pounds / divisor).quantize(_PENNY, ROUND_HALF_UP))

    def allocate(self, weights: Sequence[int | Decimal]) -> tuple[Money, ...]:
        """
        Split into parts proportional to ``weights`` that add up exactly.

        Each part is rounded down to the penny and the pennies left over go, one
        each, to the parts with the largest remainders (ties to the earliest), so
        no penny is created or lost.

        Raises:
            InvalidValueError: for no weights, a negative weight, or all zero.

        >>> gbp("£100").allocate([1, 1, 1])
        (Money('33.34'), Money('33.33'), Money('33.33'))
        """
        if not weights:
            raise InvalidValueError("weights", weights, "at least one weight")
        exact = [_as_decimal(w, "weights") for w in weights]
        if any(w < 0 for w in exact):
            raise InvalidValueError("weights", weights, "non-negative weights")
        total_weight = sum(exact, Decimal(0))
        if not total_weight:
            raise InvalidValueError("weights", weights, "at least one positive weight")
        pence = self.pence
        sign = -1 if pence < 0 else 1
        pence = abs(pence)
        shares = [Fraction(pence) * Fraction(w) / Fraction(total_weight) for w in exact]
        floors = [int(s) for s in shares]
        left = pence - sum(floors)
        order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - floors[i]), i))
        for i in order[:left]:
            floors[i] += 1
        return tuple(Money._exact(Decimal(sign * p) / 100) for p in floors)

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

        >>> Money.from_quantity(registry().Quantity("1.7 bn GBP"))
        Money('1700000000.00')
        """
        magnitude = _magnitude_in(quantity, "GBP", "from_quantity")
        return cls(Decimal(magnitude) if not isinstance(magnitude, int) else magnitude)

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


def _magnitude_in(quantity: object, unit: str, field: str) -> Decimal | int:
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
    magnitude = quantity.to(target).magnitude
    if isinstance(magnitude, float):
        magnitude = Decimal(repr(magnitude))
    if isinstance(magnitude, Decimal) and not magnitude.is_finite():
        raise InvalidValueError(field, str(quantity), "a finite amount")
    if not isinstance(magnitude, Decimal | int):
        raise UnitError(field, quantity, f"a scalar quantity in {unit}")
    return magnitude


# -- Population ---------------------------------------------------------------


def _persons_count(value: int) -> int:
    given: object = value
    if isinstance(given, bool) or not isinstance(given, int):
        raise InvalidValueError(
            "persons", value, "a whole number of persons (use persons() to parse)"
        )
    if value < 0:
        raise InvalidValueError("persons", value, "a non-negative number of persons")
    return value


@final
@attrs.frozen(repr=False)
class Population:
    """
    A whole, non-negative number of persons.

    Populations add to populations and scale by whole numbers; adding pounds or
    a bare number is a :class:`~speccom_model.errors.UnitError`.

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
            return Population._exact(self.persons + other.persons)
        if type(other) is int and other == 0:
            return self
        raise UnitError("+ ", _describe(other), "persons to add to persons")

    def __radd__(self, other: int) -> Population:
        if type(other) is int and other == 0:
            return self
        raise UnitError("+ ", _describe(other), "persons to add to persons")

    def __sub__(self, other: Population) -> Population:
        if isinstance(other, Population):
            return Population(self.persons - other.persons)
        raise UnitError("- ", _describe(other), "persons to subtract from persons")

    @overload
    def __mul__(self, other: Rate) -> Money: ...
    @overload
    def __mul__(self, other: int) -> Population: ...
    def __mul__(self, other: object) -> Population | Money:
        if isinstance(other, Rate):
            return other * self
        if type(other) is int:
            return Population(self.persons * other)
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
            InvalidValueError: for part of a person.

        >>> Population.from_quantity(registry().Quantity("9.5 million person"))
        Population(9500000)
        """
        magnitude = _magnitude_in(quantity, "person", "from_quantity")
        if isinstance(magnitude, Decimal):
            if magnitude != magnitude.to_integral_value():
                raise InvalidValueError(
                    "from_quantity", str(quantity), "a whole number of persons"
                )
            magnitude = int(magnitude)
        return cls(magnitude)

    def __repr__(self) -> str:
        return f"Population({self.persons})"

    def __str__(self) -> str:
        return f"{self.persons:,} person" + ("" if self.persons == 1 else "s")


# -- Rate -----------------------------------------------------------------------


@final
@attrs.frozen(order=True)
class Rate:
    """
    Pounds per person: what money divided by a population gives.

    A rate multiplies a population back to money, rounded half-up to the penny.

    Args:
        gbp_per_person: The rate, an exact Decimal.

    >>> rate = gbp("£100") / persons(3)
    >>> rate * persons(3)
    Money('100.00')
    >>> rate.to_quantity().units
    <Unit('GBP / person')>
    """

    gbp_per_person: Decimal = attrs.field(
        validator=attrs.validators.instance_of(Decimal)
    )

    def __mul__(self, other: object) -> Money:
        if isinstance(other, Population):
            product = self.gbp_per_person * other.persons
            return Money._exact(product.quantize(_PENNY, ROUND_HALF_UP))
        raise UnitError("* ", _describe(other), "a population to multiply GBP/person")

    __rmul__ = __mul__

    def to_quantity(self) -> Any:  # noqa: ANN401 - a pint Quantity
        """Return the rate as a pint quantity in GBP/person."""
        return registry().Quantity(self.gbp_per_person, "GBP / person")

    def __str__(self) -> str:
        return f"£{self.gbp_per_person:,.2f} per person"


# -- parsing and formatting -------------------------------------------------------


def gbp(value: object) -> Money:
    """
    Parse pounds sterling exactly, in the forms the sector writes them.

    Accepts :class:`Money`, ``int``, ``Decimal``, a ``float`` (through its
    shortest repr, so ``0.1`` is ten pence), and text: ``"£17.7bn"``,
    ``"£377m"``, ``"£250k"``, ``"£14,000,000"``, ``"-£5m"``, ``"14000000000"``,
    or a unit string such as ``"1.7 bn GBP"`` (parsed by the library's pint
    registry). ``m`` is million, never milli.

    Raises:
        ParseError: for unknown suffixes, NaN, infinities, or part of a penny.
        UnitError: for a quantity that is not money (``"5 person"``).

    >>> gbp("£17.7bn")
    Money('17700000000.00')
    >>> gbp("1.7 bn GBP")
    Money('1700000000.00')
    >>> gbp(0.1)
    Money('0.10')
    >>> gbp("£5zillion")
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
    exact = amount.quantize(_PENNY, rounding=ROUND_HALF_UP)
    if exact != amount:
        raise ParseError(
            "gbp", given, "a whole number of pence (use Money.rounded() to round)"
        )
    return Money._exact(exact)


def _parse_money_text(text: str) -> Money:
    plain = _PLAIN_MONEY_RE.match(text)
    if plain is not None:  # what files hold, "£1,234" or "£1,234.56": the hot path
        return Money._exact(
            Decimal(f"{plain['whole'].replace(',', '')}.{plain['pence'] or '00'}")
        )
    match = _MONEY_RE.match(text)
    if match is not None:
        if match["num"] is not None:
            signs = (match["sign"] or "") + (match["inner"] or "")
            number, scale = match["num"], match["scale"]
        else:
            signs = match["bsign"] or ""
            number, scale = match["bnum"], match["bscale"]
        multiplier = Decimal(1)
        if scale is not None:
            found = _SCALES.get(scale.lower())
            if found is None:
                raise ParseError("gbp", text, _MONEY_FORMS)
            multiplier = found
        amount = Decimal(number.replace(",", "")) * multiplier
        if signs.count("-") + signs.count("−") == 1:
            amount = -amount
        return _whole_pence(amount, text)
    if "£" in text or not re.search(r"[A-Za-z]", text):
        raise ParseError("gbp", text, _MONEY_FORMS)
    return _parse_money_unit_string(text)


def _parse_money_unit_string(text: str) -> Money:
    import pint  # noqa: PLC0415 - only unit strings need pint

    ureg = registry()
    try:
        quantity = ureg.Quantity(text)
    except (pint.errors.PintError, ValueError, TypeError, AttributeError):
        raise ParseError("gbp", text, _MONEY_FORMS) from None
    if not isinstance(quantity, ureg.Quantity) or quantity.dimensionless:
        raise ParseError("gbp", text, _MONEY_FORMS)
    raw = quantity.magnitude
    if not Decimal(repr(raw) if isinstance(raw, float) else raw).is_finite():
        raise ParseError("gbp", text, "a finite amount")
    return _whole_pence(Decimal(_magnitude_in(quantity, "GBP", "gbp")), text)


def persons(value: object) -> Population:
    """
    Parse a number of persons: an int, or text such as ``"10 million"``.

    Text may be ``"9,999,999"``, ``"10 million"`` or ``"57.69m"``; it must come
    to a whole number.

    Raises:
        InvalidValueError: for a negative number or part of a person.
        ParseError: for text that is not a number of persons.

    >>> persons("10 million")
    Population(10000000)
    >>> persons(-1)
    Traceback (most recent call last):
    speccom_model.errors.InvalidValueError: persons: expected a non-negative ...
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
    if not isinstance(value, str):
        raise InvalidValueError("persons", value, "a whole number of persons")
    match = _PERSONS_RE.match(value)
    if match is None:
        raise ParseError(
            "persons", value, "a number of persons such as '9,999,999' or '10 million'"
        )
    count = Decimal(match["num"].replace(",", ""))
    if match["scale"] is not None:
        count *= _SCALES[match["scale"].lower()]
    if count != count.to_integral_value():
        raise InvalidValueError("persons", value, "a whole number of persons")
    return Population(int(count))


_SHORT_SCALES: Final = (
    (Decimal(10) ** 9, "bn"),
    (Decimal(10) ** 6, "m"),
    (Decimal(10) ** 3, "k"),
)


def format_money(money: Money, *, exact: bool = False) -> str:
    """
    Write money in the sector's short style, or exactly to the penny.

    The short style shows three significant figures with the sector's scale
    words (``k``, ``m``, ``bn``), dropping trailing zeros: ``£17.7bn``,
    ``£377m``, ``£1.7bn``, ``£15bn``, ``£250k``. It is lossy by design and
    always within half a unit of its last shown digit (rounded half-up).
    Amounts under £1,000 are shown to the penny, or in whole pounds when exact.
    ``exact=True`` shows every penny: ``£17,712,345,678.12``.

    >>> format_money(gbp("£377,000,000"))
    '£377m'
    >>> format_money(gbp("£1,700,000,000"))
    '£1.7bn'
    >>> format_money(-gbp("£5m"), exact=True)
    '-£5,000,000.00'
    """
    sign = "-" if money.pounds < 0 else ""
    amount = abs(money.pounds)
    if exact:
        return f"{sign}£{amount:,.2f}"
    if amount < 1000:
        text = f"{amount:,.2f}"
        return sign + "£" + (text[:-3] if text.endswith(".00") else text)
    for index, (threshold, unit) in enumerate(_SHORT_SCALES):
        if amount < threshold:
            continue
        scale, suffix = threshold, unit
        shown = _three_figures(amount / scale)
        if shown >= 1000 and index > 0:
            # £999.6m rounds to 1,000m: say £1bn instead.
            scale, suffix = _SHORT_SCALES[index - 1]
            shown = _three_figures(amount / scale)
        return f"{sign}£{_strip_zeros(shown)}{suffix}"
    raise AssertionError("unreachable: amounts of £1,000 or more have a scale")


def _three_figures(value: Decimal) -> Decimal:
    """Round to three significant figures (never fewer than the integer part)."""
    integer_digits = len(str(int(value)))
    places = max(0, 3 - integer_digits)
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _strip_zeros(value: Decimal) -> str:
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _sum_money(amounts: Iterable[Money]) -> Money:
    """Add many amounts exactly (faster than sum() for long runs)."""
    return Money._exact(sum((m.pounds for m in amounts), _ZERO))
