"""
The one cattrs converter for the whole model, and its error paths.

Wire decisions (the same for TOML and JSON):

* Money is written exactly, every penny, in the sector's notation:
  ``"£1,700,000,000"`` or ``"£17,712,345,678.12"``; it is read in any form
  :func:`~speccom_model.gbp` accepts, so a person can write ``"£1.7bn"``.
* Populations are written as integers; read as integers or ``"10 million"``.
* Financial years are ``"2019-20"`` (read in any form ``FinancialYear.parse``
  takes); dates are ISO ``"2019-04-01"`` (read by
  :func:`~speccom_model.periods.parse_date`; TOML dates are read too).
* Enums are written as their lowercase value (``"nhs-england"``) and read
  ignoring case, surrounding spaces, and spaces or underscores for hyphens
  (``"NHS England"``); anything else is refused, with "did you mean" when close.
* Manual numbers (a service's ``code``, the ``services`` an arrangement, pool or
  board covers, a budget line's or baseline's ``service``) are written as text
  and also read from a whole number from 1 to 999 (``services = [1, 2]``); no
  other text field takes a number.
* Sets are written as sorted lists, mappings keyed by year as tables.
* Fields equal to their default are left out, so files stay short and TOML
  never needs a null.
* A landscape's keys come in the order of :data:`LANDSCAPE_KEYS`: its ``name``
  and ``description`` first, as a person writes a plan, then what the plan is
  about, who commissions what, the money, and what is proposed. Every other
  record keeps its fields' order (a code or id, then a name, lead).
* A period is written ``start`` and ``end`` (the first day after it); it is
  read with ``last_day`` instead of ``end`` where a person gives the last day
  (an ODS close date, "to 31 March"): ``end`` is then the day after. Both at
  once are refused.
* Reading is strict: no field that is not in the model (with a "did you mean"),
  no number where text belongs, no text where a list belongs, and a missing
  required field is named as such.

There is one reader: cattrs' generated functions with detailed validation, so
every problem keeps its path. At most :data:`~speccom_model.errors.MAX_PROBLEMS`
problems are kept; the rest are counted.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import functools
import re
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final, NoReturn, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from speccom_model._frozen import FrozenDict
from speccom_model.arrangement import (
    ApprovalStage,
    ArrangementKind,
    DelegationArrangement,
)
from speccom_model.budget import Baseline, BudgetLine, PooledBudget
from speccom_model.catalogue import CatalogueChange
from speccom_model.commissioner import CommissionerKind, PlanningBoard
from speccom_model.errors import MAX_PROBLEMS, ParseError, SpeccomError
from speccom_model.landscape import Landscape
from speccom_model.periods import FinancialYear, Period, parse_date
from speccom_model.policy import Policy, laid_over_law
from speccom_model.service import Service
from speccom_model.units import Money, Population, format_money, gbp, persons

__all__ = [
    "LANDSCAPE_KEYS",
    "MANUAL_NUMBER_FIELDS",
    "converter",
    "problems_of",
    "structure",
]

T = TypeVar("T")

#: Fields that hold a service's manual number (or a set of them), by class: the
#: only text fields that also read a whole number (``code = 29`` is "29").
MANUAL_NUMBER_FIELDS: Final[Mapping[type, frozenset[str]]] = FrozenDict(
    {
        Service: frozenset({"code"}),
        CatalogueChange: frozenset({"code"}),
        DelegationArrangement: frozenset({"services"}),
        BudgetLine: frozenset({"service"}),
        Baseline: frozenset({"service"}),
        PooledBudget: frozenset({"services"}),
        PlanningBoard: frozenset({"services"}),
    }
)

#: The whole numbers a manual number can be: "1" to "999" (service.py's pattern).
_MANUAL_NUMBERS: Final = range(1, 1000)
_MANUAL_NUMBER: Final = (
    "a manual number such as '1', '2A' or '131' (text, or a whole number 1 to 999)"
)


class _ValueProblemError(Exception):
    """
    A value that does not parse; its path is where cattrs found it.

    ``hint`` words a suggestion ("did you mean ...") only when the problem is
    listed: past the limit, a million misspellings cost no string matching.
    """

    def __init__(
        self,
        value: object,
        expected: str,
        cls: type[SpeccomError],
        hint: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(expected)
        self.value = value
        self.expected = expected
        self.cls = cls
        self.hint = hint

    def problem(self, path: str) -> SpeccomError:
        """The problem as the library's own error, found at ``path``."""
        expected = self.expected + (self.hint() if self.hint is not None else "")
        return self.cls(path or "value", self.value, expected)


def _refuse(
    value: object,
    expected: str,
    cls: type[SpeccomError] = ParseError,
    hint: Callable[[], str] | None = None,
) -> NoReturn:
    raise _ValueProblemError(value, expected, cls, hint)


def _did_you_mean(given: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(given, choices, 1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _money_text(money: Money) -> str:
    text = format_money(money, exact=True)
    return text[:-3] if text.endswith(".00") else text


def _structure_money(value: object, _: type) -> Money:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        _refuse(value, "an amount such as '£1.7bn' or '£14,000,000'")
    try:
        return gbp(value)
    except SpeccomError as err:
        _refuse(value, err.expected, type(err))


def _structure_population(value: object, _: type) -> Population:
    try:
        return persons(value)
    except SpeccomError as err:
        _refuse(value, err.expected, type(err))


#: Files name the same few years again and again; a year is immutable.
_parse_year: Final = functools.lru_cache(maxsize=256)(FinancialYear.parse)


def _structure_year(value: object, _: type) -> FinancialYear:
    if not isinstance(value, str):
        _refuse(value, "a financial year such as '2019-20'")
    try:
        return _parse_year(value)
    except SpeccomError as err:
        _refuse(value, err.expected, type(err))


def _file_date(value: object, field: str = "date") -> dt.date:
    """
    A date in a file, as text or a TOML date, within the range text is read in.

    A TOML date is held to the range of a date written as text, so what is
    read can be written (as text) and read back.
    """
    return parse_date(
        value.isoformat() if type(value) is dt.date else value, field=field
    )


def _structure_date(value: object, _: type) -> dt.date:
    try:
        return _file_date(value)
    except SpeccomError as err:
        _refuse(value, err.expected, type(err))


def _structure_str(value: object, cls: type) -> Any:  # noqa: ANN401
    # A StrEnum is a str: its values come here too, and go to the enum's hook.
    if cls is not str and isinstance(cls, type) and issubclass(cls, enum.Enum):
        return _enum_hook(cls)(value, cls)
    if not isinstance(value, str):
        _refuse(value, "text")
    return value


def _structure_manual_number(value: object, _: type) -> str:
    """A manual number: text as it is, or a whole number 1 to 999 as its digits."""
    if isinstance(value, str):
        return value
    if type(value) is int and value in _MANUAL_NUMBERS:
        return str(value)
    _refuse(value, _MANUAL_NUMBER)


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        _refuse(value, "a whole number")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        _refuse(value, "true or false")
    return value


#: Spaces and underscores people write where a value has a hyphen.
_SEPARATORS: Final = re.compile(r"[\s_-]+")


def _spelling(text: str) -> str:
    """The form a spelling is matched in: lowercase, trimmed, hyphens between words."""
    return _SEPARATORS.sub("-", text.strip().lower())


@functools.cache
def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    values = [str(m.value) for m in cls]
    allowed = ", ".join(repr(v) for v in values)
    spelt = f"one of {allowed}, in any case, with hyphens, spaces or underscores"
    spellings: dict[str, list[enum.Enum]] = {}
    for member in cls:
        spellings.setdefault(_spelling(str(member.value)), []).append(member)
    # A spelling two values share would be a guess: only exact values read it.
    by_spelling = {k: v[0] for k, v in spellings.items() if len(v) == 1}
    exact = {m.value: m for m in cls}

    def structure(value: object, _: type) -> enum.Enum:
        if isinstance(value, str):
            member = exact.get(value)
            if member is None:
                member = by_spelling.get(_spelling(value))
            if member is not None:
                return member
            hint = functools.partial(_did_you_mean, _spelling(value), values)
            _refuse(value, spelt, hint=hint)
        _refuse(value, f"one of {allowed}")

    return structure


#: No index or key: an error of a class's own field, already named by cattrs.
_NOWHERE: Final = object()


class _Gathering:
    """
    The problems of one table or list, keeping at most MAX_PROBLEMS.

    Past the limit an item's problems are counted and its error dropped, so a
    file of a million bad values costs time per value but no memory per value.
    """

    __slots__ = ("errors", "kept", "more")

    def __init__(self) -> None:
        self.errors: list[Exception] = []
        self.kept = 0
        self.more = 0

    def add(self, error: Exception, where: object = _NOWHERE) -> None:
        """Keep ``error`` (marked with its index or key, if given), or count it."""
        count = _count(error)
        if self.kept >= MAX_PROBLEMS:
            self.more += count
            return
        self.errors.append(error if where is _NOWHERE else _with_index(error, where))
        self.kept += count

    def mark(self, error: Exception) -> Exception:
        """The error to raise, carrying how many problems were left out."""
        error.__dict__["not_listed"] = self.more
        return error


def _not_listed(error: BaseException) -> int:
    return int(getattr(error, "not_listed", 0))


def _count(error: BaseException) -> int:
    """How many problems an error holds, without building them."""
    if isinstance(error, BaseExceptionGroup):
        total = _not_listed(error)
        for member in error.exceptions:
            if isinstance(member, BaseExceptionGroup | ForbiddenExtraKeysError):
                total += _count(member)
            else:
                total += 1
        return total
    if isinstance(error, ForbiddenExtraKeysError):
        return len(error.extra_fields)
    return 1


def _nested(error: BaseExceptionGroup[Exception]) -> bool:
    """Whether an error group holds more than one problem per member."""
    return any(
        isinstance(member, BaseExceptionGroup | ForbiddenExtraKeysError)
        for member in error.exceptions
    )


def _sequence_hook(
    item_hook: Callable[[object, Any], Any],
    item: Any,  # noqa: ANN401 - any item type
    cls: type,
) -> Callable[[object, type], tuple[Any, ...] | frozenset[Any]]:
    make_set = typing.get_origin(cls) is frozenset

    def structure(value: object, _: type) -> tuple[Any, ...] | frozenset[Any]:
        if not isinstance(value, list | tuple):
            _refuse(value, "a list")
        items = []
        gathering: _Gathering | None = None
        for index, element in enumerate(value):
            try:
                items.append(item_hook(element, item))
            except Exception as err:
                gathering = gathering or _Gathering()
                gathering.add(err, index)
        if gathering is not None:
            raise gathering.mark(
                IterableValidationError("sequence", gathering.errors, cls)
            )
        return frozenset(items) if make_set else tuple(items)

    return structure


def _sequence_factory(
    conv: cattrs.Converter, cls: type
) -> Callable[[object, type], tuple[Any, ...] | frozenset[Any]]:
    (item,) = typing.get_args(cls)[:1]
    return _sequence_hook(conv.get_structure_hook(item), item, cls)


def _with_index(err: Exception, index: object) -> Exception:
    """Mark an item's error with its index (or key), as cattrs' own hooks do."""
    where = index if isinstance(index, int) else str(index)
    err.add_note(IterableValidationNote(f"Structuring item @ {where!r}", where, object))
    return err


def _manual_number_override(tp: Any) -> Any:  # noqa: ANN401 - a field's type
    """The hook a manual-number field of type ``tp`` reads with."""
    if tp is str:
        return override(struct_hook=_structure_manual_number)
    return override(struct_hook=_sequence_hook(_structure_manual_number, str, tp))


def _attrs_hook(conv: cattrs.Converter, cls: type) -> Callable[[object, type], Any]:
    hints = typing.get_type_hints(cls)
    overrides = {
        name: _manual_number_override(hints[name])
        for name in MANUAL_NUMBER_FIELDS.get(cls, ())
    }
    inner: Callable[[Mapping[str, Any], Any], Any] = make_dict_structure_fn(
        cls,
        conv,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=True,
        **overrides,
    )
    expected = f"a table of {cls.__name__} fields"

    def structure(value: object, _: type) -> Any:  # noqa: ANN401
        if type(value) is not dict and not isinstance(value, Mapping):
            _refuse(value, expected)
        try:
            return inner(value, cls)
        except ClassValidationError as err:
            # A class has a few fields, each bounded by its own hook: only a
            # table with many unknown keys or many bad lists comes past here.
            if not _nested(err) or _count(err) <= MAX_PROBLEMS:
                raise
            gathering = _Gathering()
            for member in err.exceptions:
                gathering.add(member)
            bounded = ClassValidationError(err.message, gathering.errors, cls)
            raise gathering.mark(bounded) from None

    return structure


#: The last date a file can hold: the last day of the years text is read in.
_LAST_FILE_DATE: Final = dt.date(9998, 12, 31)


def _period_hook(conv: cattrs.Converter) -> Callable[[object, type], Period]:
    """Periods: ``start`` with ``end`` (exclusive) or ``last_day`` (inclusive)."""
    inner = _attrs_hook(conv, Period)

    def structure(value: object, cls: type) -> Period:
        if not isinstance(value, Mapping) or "last_day" not in value:
            return typing.cast("Period", inner(value, cls))
        last_given = value["last_day"]
        if "end" in value:
            raise ParseError(
                "last_day",
                last_given,
                "either 'end' (the first day after the period) or 'last_day' (its "
                "last day, included), not both: give one",
            )
        try:
            last = _file_date(last_given, field="last_day")
        except SpeccomError as err:
            raise ParseError("last_day", last_given, err.expected) from None
        if last >= _LAST_FILE_DATE:
            # The period's end, the day after, is what is written: it must read.
            raise ParseError(
                "last_day",
                last.isoformat(),
                f"a day before {_LAST_FILE_DATE} (the period is written with its "
                f"end, the day after its last day, and dates run to "
                f"{_LAST_FILE_DATE})",
            )
        rest = {k: v for k, v in value.items() if k != "last_day"}
        opened: Period = inner(rest, cls)
        return Period.through(opened.start, last)

    return structure


#: The keys of a policy's tables of windows: the kinds each is keyed by.
_WINDOW_KEYS: Final[Mapping[str, type[enum.Enum]]] = FrozenDict(
    {"arrangement_windows": ArrangementKind, "budget_windows": CommissionerKind}
)


def _window_keys(table: str, raw: Mapping[Any, Any]) -> dict[str, Any]:
    """A policy file's table of windows keyed by kind values, or a ParseError."""
    kinds = _WINDOW_KEYS[table]
    hook = _enum_hook(kinds)
    keyed: dict[str, Any] = {}
    written: dict[str, object] = {}
    for key, window in raw.items():
        path = f"{table}[{key!r}]" if not isinstance(key, str) else f'{table}["{key}"]'
        try:
            kind = str(hook(key, kinds).value)
        except _ValueProblemError as err:
            raise err.problem(path) from None
        if kind in written:
            raise ParseError(
                path, key, f"each kind once (the same as {written[kind]!r})"
            )
        written[kind] = key
        keyed[kind] = window
    return keyed


def _route_stages(index: int, route: object) -> object:
    """A route's stages as ApprovalStage values, spelt as fixed values are."""
    if not isinstance(route, Mapping) or not isinstance(route.get("stages"), list):
        return route  # the structure hooks name what is wrong
    stages = route["stages"]
    hook = _enum_hook(ApprovalStage)
    read = []
    for place, stage in enumerate(stages):
        try:
            read.append(str(hook(stage, ApprovalStage).value))
        except _ValueProblemError as err:
            raise err.problem(f"approval_routes[{index}].stages[{place}]") from None
    return {**route, "stages": read}


def _policy_hook(conv: cattrs.Converter) -> Callable[[object, type], Policy]:
    """
    Policies: a file gives only what it changes, over the law file.

    Windows are keyed by kind and routes' stages are ApprovalStage values, each
    spelt as fixed values are (an unknown one is refused at its path, with
    "did you mean"); a table of windows the file gives keeps the law's window
    for every kind it does not name.
    """
    inner = _attrs_hook(conv, Policy)

    def structure(value: object, cls: type) -> Policy:
        if not isinstance(value, Mapping):
            return typing.cast("Policy", inner(value, cls))
        given = dict(value)
        for table in _WINDOW_KEYS:
            raw = given.get(table)
            if isinstance(raw, Mapping):
                given[table] = _window_keys(table, raw)
        routes = given.get("approval_routes")
        if isinstance(routes, list):
            given["approval_routes"] = [
                _route_stages(i, r) for i, r in enumerate(routes)
            ]
        policy: Policy = inner(given, cls)
        return laid_over_law(
            policy,
            arrangements=isinstance(given.get("arrangement_windows"), Mapping),
            budgets=isinstance(given.get("budget_windows"), Mapping),
        )

    return structure


#: A landscape's keys in a file, in order: its name and description; what the
#: plan is about (the prescribed list, the bodies and how they changed, the
#: places); who commissions what (arrangements, planning boards); the money
#: (national figures, bodies' budgets, pools, baselines); proposed changes.
LANDSCAPE_KEYS: Final = (
    "name",
    "description",
    "catalogue",
    "commissioners",
    "successions",
    "places",
    "arrangements",
    "planning_boards",
    "allocations",
    "budgets",
    "pooled_budgets",
    "baselines",
    "proposed_changes",
)


def _unstructure_landscape(conv: cattrs.Converter) -> Callable[[Landscape], Any]:
    """A landscape's fields in the order of LANDSCAPE_KEYS (any other after)."""
    fields: Callable[[Landscape], dict[str, Any]] = make_dict_unstructure_fn(
        Landscape, conv, _cattrs_omit_if_default=True
    )

    def unstructure(landscape: Landscape) -> dict[str, Any]:
        data = fields(landscape)
        ordered: dict[str, Any] = {k: data[k] for k in LANDSCAPE_KEYS if k in data}
        ordered.update(data)  # a field not named in LANDSCAPE_KEYS keeps its place last
        return ordered

    return unstructure


def _unstructure_attrs(conv: cattrs.Converter, cls: type) -> Callable[[Any], Any]:
    unstructure: Callable[[Any], Any] = make_dict_unstructure_fn(
        cls, conv, _cattrs_omit_if_default=True
    )
    return unstructure


def _frozen_dict_hook(
    conv: cattrs.Converter, cls: type
) -> Callable[[object, type], FrozenDict[Any, Any]]:
    key_type, value_type = typing.get_args(cls)

    def structure(value: object, _: type) -> FrozenDict[Any, Any]:
        if not isinstance(value, Mapping):
            _refuse(value, "a table of keys and values")
        key_hook = conv.get_structure_hook(key_type)
        value_hook = conv.get_structure_hook(value_type)
        result: dict[Any, Any] = {}
        written: dict[Any, object] = {}  # how each key was first written
        gathering: _Gathering | None = None
        for key, element in value.items():
            try:
                read = key_hook(key, key_type)
                if read in written:
                    # "2019-20" and "2019/20" are one year: never keep just one.
                    _refuse(key, f"each key once (the same as {written[read]!r})")
                written[read] = key
                result[read] = value_hook(element, value_type)
            except Exception as err:
                gathering = gathering or _Gathering()
                gathering.add(err, key)
        if gathering is not None:
            raise gathering.mark(
                IterableValidationError("mapping", gathering.errors, cls)
            )
        return FrozenDict(result)

    return structure


def _unstructure_frozen_dict(
    conv: cattrs.Converter,
) -> Callable[[FrozenDict[Any, Any]], dict[Any, Any]]:
    def unstructure(value: FrozenDict[Any, Any]) -> dict[Any, Any]:
        return {conv.unstructure(k): conv.unstructure(v) for k, v in value.items()}

    return unstructure


def _is_optional(tp: Any) -> bool:  # noqa: ANN401 - any type
    args = typing.get_args(tp)
    return (
        typing.get_origin(tp) in (types.UnionType, typing.Union)
        and len(args) == 2
        and type(None) in args
    )


def _optional_hook(
    conv: cattrs.Converter,
    tp: Any,  # noqa: ANN401 - an X | None type
) -> Callable[[object, type], Any]:
    (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
    hook = conv.get_structure_hook(inner)

    def structure(value: object, _: type) -> Any:  # noqa: ANN401
        return None if value is None else hook(value, inner)

    return structure


def _is_enum(kind: object) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _is_generic(origin: object) -> Callable[[Any], bool]:
    return lambda t: typing.get_origin(t) is origin


def converter() -> cattrs.Converter:
    """
    The converter for every public type: strict to read, exact to write.

    It gathers every problem with its path (cattrs' detailed validation), up
    to :data:`~speccom_model.errors.MAX_PROBLEMS`, and counts the rest.

    >>> from speccom_model import gbp, FinancialYear
    >>> converter().unstructure(gbp("£1.7bn"))
    '£1,700,000,000'
    >>> converter().structure("2019/20", FinancialYear)
    FinancialYear(2019)
    """
    return _make()


@functools.cache
def _make() -> cattrs.Converter:
    """Build the converter, once."""
    conv = cattrs.Converter(
        detailed_validation=True, forbid_extra_keys=True, omit_if_default=True
    )
    conv.register_structure_hook(Money, _structure_money)
    conv.register_unstructure_hook(Money, _money_text)
    conv.register_structure_hook(Population, _structure_population)
    conv.register_unstructure_hook(Population, lambda p: p.persons)
    conv.register_structure_hook(FinancialYear, _structure_year)
    conv.register_unstructure_hook(FinancialYear, str)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    # cattrs' own hooks would turn 5 into "5" and "yes" into True: refuse instead.
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook_factory(
        attrs.has, functools.partial(_attrs_hook, conv)
    )
    conv.register_structure_hook(Period, _period_hook(conv))
    conv.register_structure_hook(Policy, _policy_hook(conv))
    conv.register_structure_hook_factory(
        _is_optional, functools.partial(_optional_hook, conv)
    )
    conv.register_structure_hook_factory(_is_enum, _enum_hook)
    conv.register_unstructure_hook_factory(
        attrs.has, functools.partial(_unstructure_attrs, conv)
    )
    conv.register_unstructure_hook_factory(_is_enum, lambda _t: lambda v: v.value)
    for origin in (tuple, frozenset):
        conv.register_structure_hook_factory(
            _is_generic(origin), functools.partial(_sequence_factory, conv)
        )
    conv.register_unstructure_hook_factory(
        _is_generic(frozenset),
        lambda _t: lambda v: sorted((conv.unstructure(i) for i in v), key=_sort_key),
    )
    conv.register_structure_hook_factory(
        _is_generic(FrozenDict), functools.partial(_frozen_dict_hook, conv)
    )
    conv.register_unstructure_hook_factory(
        _is_generic(FrozenDict), lambda _t: _unstructure_frozen_dict(conv)
    )
    # Last: its generated function takes the hooks of the fields' types as now.
    conv.register_unstructure_hook(Landscape, _unstructure_landscape(conv))
    return conv


@functools.lru_cache(maxsize=4096)
def _sort_key(value: object) -> tuple[int, str]:
    """Codes in manual order: numbers by value ("2A" before "10"), then text."""
    text = str(value)
    digits = text.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return (int(digits), text) if digits.isdigit() else (10**9, text)


# -- errors -------------------------------------------------------------------------


def _join(path: str, part: str) -> str:
    if part.startswith("["):
        return path + part
    return f"{path}.{part}" if path else part


def _index_part(index: object) -> str:
    return f"[{index}]" if isinstance(index, int) else f'["{index}"]'


class _Problems:
    """Problems found so far, at most ``limit`` of them; the rest only counted."""

    __slots__ = ("found", "limit", "more")

    def __init__(self, limit: int) -> None:
        self.found: list[SpeccomError] = []
        self.limit = limit
        self.more = 0

    def full(self) -> bool:
        """Whether the next problem is only counted."""
        return len(self.found) >= self.limit

    def add(self, problem: SpeccomError) -> None:
        if self.full():
            self.more += 1
        else:
            self.found.append(problem)


def _missing(path: str, key: object) -> ParseError:
    """The problem of a required field left out, named in words."""
    name = path.rsplit(".", 1)[-1] if path else str(key)
    return ParseError(
        path or name, None, f"a value (required field {name!r} is missing)"
    )


def _gather(error: BaseException, path: str, into: _Problems) -> None:  # noqa: PLR0911 - one return per kind of error
    if into.full():
        into.more += _count(error)
        return
    if isinstance(error, ClassValidationError | IterableValidationError):
        into.more += _not_listed(error)
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            name = getattr(note, "name", None)
            part = name if name is not None else _index_part(note.index)
            _gather(inner, _join(path, part), into)
        for inner in without:
            _gather(inner, path, into)
        return
    if isinstance(error, ForbiddenExtraKeysError):
        names = [a.alias or a.name for a in attrs.fields(error.cl) if a.init]
        extras = sorted(error.extra_fields, key=str)
        for extra in extras:
            if into.full():
                into.more += 1
                continue
            hint = _did_you_mean(str(extra), names)
            into.add(
                ParseError(
                    _join(path, str(extra)),
                    extra,
                    f"a field of {error.cl.__name__}{hint}",
                )
            )
        return
    if isinstance(error, _ValueProblemError):
        into.add(error.problem(path))
        return
    if isinstance(error, SpeccomError):
        field = _join(path, error.field) if path else error.field
        into.add(type(error)(field, error.value, error.expected))
        return
    if isinstance(error, KeyError):
        into.add(_missing(path, error.args[0] if error.args else ""))
        return
    if isinstance(error, BaseExceptionGroup):
        for member in error.exceptions:
            _gather(member, path, into)
        return
    into.add(ParseError(path or "value", None, f"a valid value ({error})"))


def problems_of(
    error: BaseException, path: str = "", *, limit: int = MAX_PROBLEMS
) -> list[SpeccomError]:
    """
    The problems inside a cattrs error tree (at most ``limit``), each with its path.

    Values that do not parse keep the path where they were found; a class whose
    constructor refused its values adds its own field to the path (so an
    arrangement's bad year reads ``arrangements[3].budget_transferred["2019-21"]``).
    """
    into = _Problems(limit)
    _gather(error, path, into)
    return into.found


def _parse_error(problems: list[SpeccomError], not_listed: int) -> ParseError:
    """One ParseError for ``problems``, carrying how many more were not listed."""
    return ParseError.gathered(tuple(problems), problems_not_listed=not_listed)


def structure(data: object, cls: type[T]) -> T:
    """
    Build ``cls`` from plain data, raising one ParseError with every problem.

    At most :data:`~speccom_model.errors.MAX_PROBLEMS` problems are listed; the
    error's ``problems_not_listed`` counts the rest.

    Raises:
        ParseError: listing each problem with its field path, value and
            what was expected (and, as its ``problems``, each problem as an
            error of its own class and code).

    >>> from speccom_model import Period
    >>> structure({"start": "2019-04-01"}, Period)
    Period(start=datetime.date(2019, 4, 1), end=None)
    >>> structure({"end": "2020-04-01"}, Period)
    Traceback (most recent call last):
    speccom_model.errors.ParseError: start: expected a value (required field 'start' is missing), got None
    """
    try:
        return _make().structure(data, cls)
    except (ClassValidationError, IterableValidationError) as err:
        into = _Problems(MAX_PROBLEMS)
        _gather(err, "", into)
        raise _parse_error(into.found, into.more) from None
    except _ValueProblemError as err:
        raise _parse_error([err.problem("")], 0) from None
    except SpeccomError as err:
        raise _parse_error([err], 0) from None
