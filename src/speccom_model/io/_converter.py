"""
The one cattrs converter for the whole model, and its error paths.

Wire decisions (the same for TOML and JSON):

* Money is written exactly, every penny, in the sector's notation:
  ``"£1,700,000,000"`` or ``"£17,712,345,678.12"``; it is read in any form
  :func:`~speccom_model.gbp` accepts, so a person can write ``"£1.7bn"``.
* Populations are written as integers; read as integers or ``"10 million"``.
* Financial years are ``"2019-20"`` (read in any form ``FinancialYear.parse``
  takes); dates are ISO ``"2019-04-01"`` (TOML dates are read too).
* Sets are written as sorted lists, mappings keyed by year as tables.
* Fields equal to their default are left out, so files stay short and TOML
  never needs a null.
* Reading is strict: no field that is not in the model (with a "did you mean"),
  no number where text belongs, no text where a list belongs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Final, NoReturn, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from speccom_model._frozen import FrozenDict
from speccom_model.errors import ParseError, SpeccomError
from speccom_model.periods import FinancialYear, parse_date
from speccom_model.units import Money, Population, format_money, gbp, persons

__all__ = ["converter", "problems_of", "structure"]

T = TypeVar("T")


class _ValueProblemError(Exception):
    """A value that does not parse; its path is where cattrs found it."""

    def __init__(self, value: object, expected: str, cls: type[SpeccomError]) -> None:
        super().__init__(expected)
        self.value = value
        self.expected = expected
        self.cls = cls


def _refuse(
    value: object, expected: str, cls: type[SpeccomError] = ParseError
) -> NoReturn:
    raise _ValueProblemError(value, expected, cls)


def _money_text(money: Money) -> str:
    text = format_money(money, exact=True)
    return text[:-3] if text.endswith(".00") else text


def _structure_money(value: object, _: type) -> Money:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
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


def _structure_date(value: object, _: type) -> dt.date:
    if type(value) is str and len(value) == 10 and value[4] == "-":
        try:
            return dt.date.fromisoformat(value)  # what files hold: the fast path
        except ValueError:
            pass  # parse_date explains
    try:
        return parse_date(value)
    except SpeccomError as err:
        _refuse(value, err.expected, type(err))


def _structure_str(value: object, cls: type) -> Any:  # noqa: ANN401
    # A StrEnum is a str: its values come here too, and go to the enum's hook.
    if cls is not str and isinstance(cls, type) and issubclass(cls, enum.Enum):
        return _enum_hook(cls)(value, cls)
    if not isinstance(value, str):
        _refuse(value, "text")
    return value


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        _refuse(value, "a whole number")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        _refuse(value, "true or false")
    return value


@functools.cache
def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    allowed = ", ".join(repr(m.value) for m in cls)

    def structure(value: object, _: type) -> enum.Enum:
        try:
            return cls(value)
        except ValueError:
            close = difflib.get_close_matches(
                str(value), [str(m.value) for m in cls], 1
            )
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            _refuse(value, f"one of {allowed}{hint}")

    return structure


def _sequence_hook(
    conv: cattrs.Converter, cls: type
) -> Callable[[object, type], tuple[Any, ...] | frozenset[Any]]:
    origin = typing.get_origin(cls)
    (item,) = typing.get_args(cls)[:1]
    make_set = origin is frozenset
    expected = "a list"

    if not conv.detailed_validation:
        return _fast_sequence_hook(conv, item, make_set)

    def structure(value: object, _: type) -> tuple[Any, ...] | frozenset[Any]:
        if not isinstance(value, list | tuple):
            _refuse(value, expected)
        hook = conv.get_structure_hook(item)
        items = []
        errors: list[Exception] = []
        for index, element in enumerate(value):
            try:
                items.append(hook(element, item))
            except Exception as err:
                errors.append(_with_index(err, index))
        if errors:
            raise IterableValidationError("sequence", errors, cls)
        return frozenset(items) if make_set else tuple(items)

    return structure


def _fast_sequence_hook(
    conv: cattrs.Converter,
    item: Any,  # noqa: ANN401 - any item type
    make_set: bool,
) -> Callable[[object, type], tuple[Any, ...] | frozenset[Any]]:
    """The fast reader's: no gathering; the first doubt hands over to the detailed."""
    build = frozenset if make_set else tuple
    if item is str:

        def texts(value: object, _: type) -> tuple[Any, ...] | frozenset[Any]:
            if type(value) is not list or not all(type(v) is str for v in value):
                raise _DoubtError
            return build(value)

        return texts
    hook = conv.get_structure_hook(item)

    def items(value: object, _: type) -> tuple[Any, ...] | frozenset[Any]:
        if type(value) is not list:
            raise _DoubtError
        return build([hook(v, item) for v in value])

    return items


def _with_index(err: Exception, index: object) -> Exception:
    """Mark an item's error with its index (or key), as cattrs' own hooks do."""
    where = index if isinstance(index, int) else str(index)
    err.add_note(IterableValidationNote(f"Structuring item @ {where!r}", where, object))
    return err


def _attrs_hook(conv: cattrs.Converter, cls: type) -> Callable[[object, type], Any]:
    inner: Callable[[Mapping[str, Any], Any], Any] = make_dict_structure_fn(
        cls,
        conv,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=conv.detailed_validation,
    )

    def structure(value: object, _: type) -> Any:  # noqa: ANN401
        if type(value) is not dict and not isinstance(value, Mapping):
            _refuse(value, f"a table of {cls.__name__} fields")
        return inner(value, cls)

    return structure


class _DoubtError(Exception):
    """The fast reader is unsure: the detailed converter reads again, and says why."""


class _Source:
    """One generated function: the values its source names, then its code."""

    def __init__(self, **names: object) -> None:
        self.namespace: dict[str, Any] = dict(names)

    def bind(self, value: object) -> str:
        """A name for ``value`` in the generated source."""
        name = f"n{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def compile(self, lines: list[str], label: str) -> Any:  # noqa: ANN401
        """The function ``lines`` define (the first line names it ``generated``)."""
        code = compile("\n".join(lines), f"<speccom_model {label}>", "exec")
        exec(code, self.namespace)  # our own source, written from attrs fields
        return self.namespace["generated"]


def _inner_of_optional(kind: Any) -> Any:  # noqa: ANN401 - an X | None type
    (inner,) = [a for a in typing.get_args(kind) if a is not type(None)]
    return inner


def _is_enum(kind: object) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _read_lines(conv: cattrs.Converter, source: _Source, kind: Any) -> list[str]:  # noqa: ANN401, PLR0911 - one return per kind
    """Lines that turn the raw ``v`` into a ``kind``, or raise."""
    if kind in (str, bool, int):
        return [f"if type(v) is not {kind.__name__}:", "    raise Doubt"]
    if kind is dt.date:
        hook = source.bind(conv.get_structure_hook(kind))
        return [
            'if type(v) is str and len(v) == 10 and v[4] == "-":',
            "    v = fromiso(v)",
            "else:",
            f"    v = {hook}(v, {source.bind(kind)})",
        ]
    if _is_enum(kind):
        return [f"v = {source.bind({m.value: m for m in kind})}[v]"]
    if _is_optional(kind):
        inner = _read_lines(conv, source, _inner_of_optional(kind))
        return ["if v is not None:", *(f"    {line}" for line in inner)]
    origin = typing.get_origin(kind)
    if origin in (tuple, frozenset):
        item = typing.get_args(kind)[0]
        build = source.bind(origin)
        lines = ["if type(v) is not list:", "    raise Doubt"]
        if item is str:
            return [
                *lines,
                "for i in v:",
                "    if type(i) is not str:",
                "        raise Doubt",
                f"v = {build}(v)",
            ]
        hook, bound = source.bind(conv.get_structure_hook(item)), source.bind(item)
        return [*lines, f"v = {build}([{hook}(i, {bound}) for i in v])"]
    hook = source.bind(conv.get_structure_hook(kind))
    return [f"v = {hook}(v, {source.bind(kind)})"]


def _generated_hook(conv: cattrs.Converter, cls: type) -> Callable[[object, type], Any]:
    """
    A structuring function written for ``cls``: the fast reader's, for valid files.

    Text, numbers, flags, dates, enums, optionals and lists are read inline;
    other fields call their hook, bound once. Extra keys are caught by counting.
    Anything unexpected raises, and the detailed converter reads again.
    """
    source = _Source(cls=cls, Doubt=_DoubtError, fromiso=dt.date.fromisoformat)
    hints = typing.get_type_hints(cls)
    fields = [f for f in attrs.fields(cls) if f.init]
    remembered = all(hints[f.name] in _TEXT_KINDS for f in fields)
    head = [
        "def generated(d, _):",
        "    if type(d) is not dict:",
        "        raise Doubt",
    ]
    if remembered:
        head += _remembered_lines(source, fields)
    head.append(f"    n = {sum(f.default is attrs.NOTHING for f in fields)}")
    lines: list[str] = []
    arguments = []
    for index, field in enumerate(fields):
        key = field.alias or field.name
        body = [f"v = d[{key!r}]", *_read_lines(conv, source, hints[field.name])]
        default = field.default
        if default is attrs.NOTHING:
            lines += [f"    {line}" for line in (*body, f"a{index} = v")]
            arguments.append(f"{key}=a{index}")
        elif isinstance(default, attrs.Factory) and default.takes_self:  # type: ignore[arg-type]
            # Only attrs can make this default: the field is passed when given.
            if "**kw" not in arguments:
                head.append("    kw = {}")
                arguments.append("**kw")
            lines += [f"    if {key!r} in d:", "        n += 1"]
            lines += [f"        {line}" for line in (*body, f"kw[{key!r}] = v")]
        else:
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                made = f"{source.bind(default.factory)}()"
            else:
                made = source.bind(default)
            lines += [f"    if {key!r} in d:", "        n += 1"]
            lines += [f"        {line}" for line in (*body, f"a{index} = v")]
            lines += ["    else:", f"        a{index} = {made}"]
            arguments.append(f"{key}=a{index}")
    lines += ["    if len(d) != n:", "        raise Doubt"]
    lines.append(f"    made = cls({', '.join(arguments)})")
    if remembered:
        lines += [f"    if len(memo) < {_MEMO_SIZE}:", "        memo[key] = (made, n)"]
    lines.append("    return made")
    generated: Callable[[object, type], Any] = source.compile(
        head + lines, f"structure {cls.__name__}"
    )
    return generated


#: Field types whose raw values are text, dates or None: equal raw values are
#: the same value (no 1 == True or 1 == 1.0 between them), so they can key a memo.
_TEXT_KINDS: Final = frozenset({str, dt.date, str | None, dt.date | None})
_MEMO_SIZE: Final = 4096


def _remembered_lines(source: _Source, fields: list[attrs.Attribute[Any]]) -> list[str]:
    """
    Lines returning the object already built from the same raw values, if any.

    For small immutable values made of text and dates (periods, names): a plan
    gives thousands of them, mostly the same few. The memo is bounded and keyed
    by every field's raw value (or its absence), and a hit is taken only when
    the table has no other keys.
    """
    absent = source.bind(object())
    values = ", ".join(f"d.get({(f.alias or f.name)!r}, {absent})" for f in fields)
    source.namespace["memo"] = {}
    return [
        f"    key = ({values},)",
        "    hit = memo.get(key)",
        "    if hit is not None and len(d) == hit[1]:",
        "        return hit[0]",
    ]


def _generated_unstructure(conv: cattrs.Converter, cls: type) -> Callable[[Any], Any]:
    """
    An unstructuring function written for ``cls``, the same as cattrs' in output.

    Text, numbers, flags, enums, dates, optionals, lists and sets are written
    inline; a field equal to its default is left out.
    """
    source = _Source(sort_key=_sort_key)

    def write(kind: Any, value: str) -> str:  # noqa: ANN401, PLR0911 - one per kind
        """An expression writing ``value``, a ``kind``, as plain data."""
        if kind in (str, bool, int):
            return value
        if _is_enum(kind):
            # A str enum is text already, as cattrs leaves it; others give values.
            return value if issubclass(kind, str) else f"{value}.value"
        if kind is dt.date:
            return f"{value}.isoformat()"
        if _is_optional(kind):
            inner = write(_inner_of_optional(kind), value)
            return f"(None if {value} is None else {inner})"
        origin = typing.get_origin(kind)
        if origin is tuple:
            return f"[{write(typing.get_args(kind)[0], 'i')} for i in {value}]"
        if origin is frozenset:
            item = typing.get_args(kind)[0]
            if item is str:
                return f"sorted({value}, key=sort_key)"
            return f"sorted([{write(item, 'i')} for i in {value}], key=sort_key)"
        return f"{source.bind(conv.get_unstructure_hook(kind))}({value})"

    hints = typing.get_type_hints(cls)
    lines = ["def generated(o):", "    r = {}"]
    fields = [f for f in attrs.fields(cls) if f.init]
    # Required fields first, as cattrs writes them: files stay byte for byte.
    for field in sorted(fields, key=lambda f: f.default is not attrs.NOTHING):
        key = field.alias or field.name
        written = f"r[{key!r}] = {write(hints[field.name], 'v')}"
        lines.append(f"    v = o.{field.name}")
        default = field.default
        if default is attrs.NOTHING:
            lines.append(f"    {written}")
            continue
        convert = field.converter
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            made = (
                f"{source.bind(default.factory)}({'o' if default.takes_self else ''})"
            )
            if convert is not None:
                made = f"{source.bind(convert)}({made})"
        else:  # what attrs stores for the default, worked out once
            made = source.bind(default if convert is None else convert(default))
        lines += [f"    if v != {made}:", f"        {written}"]
    lines.append("    return r")
    generated: Callable[[Any], Any] = source.compile(
        lines, f"unstructure {cls.__name__}"
    )
    return generated


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
        errors: list[Exception] = []
        for key, element in value.items():
            try:
                result[key_hook(key, key_type)] = value_hook(element, value_type)
            except Exception as err:
                errors.append(_with_index(err, key))
        if errors:
            raise IterableValidationError("mapping", errors, cls)
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
    inner = _inner_of_optional(tp)
    hook = conv.get_structure_hook(inner)

    def structure(value: object, _: type) -> Any:  # noqa: ANN401
        return None if value is None else hook(value, inner)

    return structure


def _is_generic(origin: object) -> Callable[[Any], bool]:
    return lambda t: typing.get_origin(t) is origin


def converter() -> cattrs.Converter:
    """
    The converter for every public type: strict to read, exact to write.

    It gathers every problem with its path (cattrs' detailed validation).
    Reading first tries a twin without that bookkeeping, which is faster, and
    comes here only to explain a failure.

    >>> from speccom_model import gbp, FinancialYear
    >>> converter().unstructure(gbp("£1.7bn"))
    '£1,700,000,000'
    >>> converter().structure("2019/20", FinancialYear)
    FinancialYear(2019)
    """
    return _make(detailed=True)


@functools.cache
def _make(*, detailed: bool) -> cattrs.Converter:
    """Build the converter; ``detailed`` keeps the paths of every problem."""
    conv = cattrs.Converter(
        detailed_validation=detailed, forbid_extra_keys=True, omit_if_default=True
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
        attrs.has,
        functools.partial(_attrs_hook if detailed else _generated_hook, conv),
    )
    conv.register_structure_hook_factory(
        _is_optional, functools.partial(_optional_hook, conv)
    )
    conv.register_structure_hook_factory(_is_enum, _enum_hook)
    conv.register_unstructure_hook_factory(
        attrs.has, functools.partial(_generated_unstructure, conv)
    )
    conv.register_unstructure_hook_factory(_is_enum, lambda _t: lambda v: v.value)
    for origin in (tuple, frozenset):
        conv.register_structure_hook_factory(
            _is_generic(origin), functools.partial(_sequence_hook, conv)
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


def problems_of(  # noqa: PLR0911 - one return per kind of error
    error: BaseException, path: str = ""
) -> list[SpeccomError]:
    """
    Every problem inside a cattrs error tree, each with its full field path.

    Values that do not parse keep the path where they were found; a class whose
    constructor refused its values adds its own field to the path (so an
    arrangement's bad year reads ``arrangements[3].budget_transferred["2019-21"]``).
    """
    found: list[SpeccomError] = []
    if isinstance(error, ClassValidationError | IterableValidationError):
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            name = getattr(note, "name", None)
            part = name if name is not None else _index_part(note.index)
            found += problems_of(inner, _join(path, part))
        for inner in without:
            found += problems_of(inner, path)
        return found
    if isinstance(error, ForbiddenExtraKeysError):
        names = [a.name for a in attrs.fields(error.cl) if a.init]
        for extra in sorted(error.extra_fields):
            close = difflib.get_close_matches(extra, names, 1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            found.append(
                ParseError(
                    _join(path, extra), extra, f"a field of {error.cl.__name__}{hint}"
                )
            )
        return found
    if isinstance(error, _ValueProblemError):
        return [error.cls(path or "value", error.value, error.expected)]
    if isinstance(error, SpeccomError):
        copy = type(error)(
            _join(path, error.field) if path else error.field,
            error.value,
            error.expected,
        )
        return [copy]
    if isinstance(error, KeyError):
        return [ParseError(path, None, "a value: this field is required")]
    if isinstance(error, BaseExceptionGroup):
        for member in error.exceptions:
            found += problems_of(member, path)
        return found
    return [ParseError(path or "value", None, f"a valid value ({error})")]


def structure(data: object, cls: type[T]) -> T:
    """
    Build ``cls`` from plain data, raising one ParseError with every problem.

    Raises:
        ParseError: listing each problem with its field path, value and
            what was expected (and, as its ``problems``, each problem as an
            error of its own class and code).
    """
    try:
        return _make(detailed=False).structure(data, cls)
    except Exception:
        pass
    try:
        return converter().structure(data, cls)
    except (
        ClassValidationError,
        IterableValidationError,
        ForbiddenExtraKeysError,
    ) as err:
        raise ParseError.gathered(tuple(problems_of(err))) from None
    except _ValueProblemError as err:
        raise ParseError.gathered(
            (err.cls("value", err.value, err.expected),)
        ) from None
    except SpeccomError as err:
        raise ParseError.gathered((err,)) from None
