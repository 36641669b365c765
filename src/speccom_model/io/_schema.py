"""
The JSON Schema (Draft 2020-12) of the files, derived from the model itself.

cattrs does not generate schemas, so this walks the attrs classes: each
class's init fields and their types give its properties, the fields without a
default are required, no other property is allowed, and the patterns the
validators use (manual numbers, codes) are read from the modules that define
them. Change the model and the schema follows.

Every ``pattern`` is ECMA-262, as JSON Schema requires (no inline flags such
as ``(?i)``, ASCII ``[0-9]`` for digits), and means the same under Python's
``re``. Besides the written form, the schema describes the spellings the
reader accepts where a pattern can: enum values in any case with spaces or
underscores for hyphens, and manual numbers as whole numbers 1 to 999. Dates
are described in their written ISO form only, though the reader also takes
the free-form dates :func:`~speccom_model.periods.parse_date` reads.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import types
import typing
from typing import Any, Final

import attrs

from speccom_model import service as _service
from speccom_model._frozen import FrozenDict
from speccom_model._validators import IDENTIFIER
from speccom_model.io._converter import LANDSCAPE_KEYS, MANUAL_NUMBER_FIELDS
from speccom_model.landscape import Landscape
from speccom_model.periods import FinancialYear, Period
from speccom_model.units import Money, Population

__all__ = ["schema"]

_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
_YEAR: Final = (
    r"^\s*(?:[Ff][Yy]\s*)?[0-9]{4}\s*(?:[-/–]\s*(?:[0-9]{2}|[0-9]{4})|[0-9]{2})\s*$"
)
_DATE: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: A manual number written as a whole number (the reader's MANUAL_NUMBER_FIELDS).
_MANUAL_NUMBER: Final = {"type": "integer", "minimum": 1, "maximum": 999}

#: Patterns the validators check, by (class name, field name).
_PATTERNS: Final = {
    ("Service", "code"): _service._SERVICE_CODE.pattern,
    ("DelegationArrangement", "id"): IDENTIFIER.pattern,
    ("PooledBudget", "code"): IDENTIFIER.pattern,
    ("PlanningBoard", "code"): IDENTIFIER.pattern,
}

_VALUES: Final[dict[type, dict[str, Any]]] = {
    Money: {
        "description": "Pounds sterling, exact: '£1,700,000,000', '£1.7bn', '£377m' "
        "or a number of pounds",
        "anyOf": [
            {
                "type": "string",
                "pattern": r"^\s*[-−+]?\s*£?\s*[-−]?[0-9,.]+\s*[A-Za-z ]*$",
            },
            {"type": "number"},
        ],
    },
    Population: {
        "description": "A number of persons: 10000000 or '10 million'",
        "anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}],
    },
    FinancialYear: {
        "description": "An NHS financial year: '2019-20'",
        "type": "string",
        "pattern": _YEAR,
    },
    dt.date: {"type": "string", "format": "date", "pattern": _DATE},
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
}


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:  # noqa: ANN401, PLR0911
    if tp in _VALUES:
        return dict(_VALUES[tp])
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            return _type_schema(options[0], defs)
        return {"anyOf": [_type_schema(a, defs) for a in options]}
    if origin in (tuple, frozenset):
        result: dict[str, Any] = {"type": "array", "items": _type_schema(args[0], defs)}
        if origin is frozenset:
            result["uniqueItems"] = True
        return result
    if origin is FrozenDict:
        key, value = args
        table: dict[str, Any] = {
            "type": "object",
            "additionalProperties": _type_schema(value, defs),
        }
        if key is FinancialYear:
            table["propertyNames"] = {"pattern": _YEAR}
        return table
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        values = [str(m.value) for m in tp]
        return {
            "anyOf": [
                {"enum": values},
                {"type": "string", "pattern": _spellings(values)},
            ]
        }
    if attrs.has(tp):
        _define(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    raise TypeError(f"no schema for {tp!r}")  # pragma: no cover - a model change


def _spellings(values: list[str]) -> str:
    r"""
    A pattern for ``values`` in any case, with spaces or underscores for hyphens.

    >>> print(_spellings(["nhs-england", "icb"]))
    ^\s*(?:[Nn][Hh][Ss][\s_-]+[Ee][Nn][Gg][Ll][Aa][Nn][Dd]|[Ii][Cc][Bb])\s*$
    """
    forms = []
    for value in values:
        words = value.split("-")
        if not all(w.isascii() and w.isalnum() for w in words):
            raise TypeError(f"no pattern for {value!r}")  # pragma: no cover
        forms.append(
            r"[\s_-]+".join(
                "".join(f"[{c.upper()}{c}]" if c.isalpha() else c for c in w)
                for w in words
            )
        )
    return r"^\s*(?:" + "|".join(forms) + r")\s*$"


def _manual_number(prop: dict[str, Any]) -> dict[str, Any]:
    """A text field's schema, also taking a manual number's whole-number form."""
    if prop.get("type") == "array":
        return {**prop, "items": {"anyOf": [prop["items"], _MANUAL_NUMBER]}}
    return {"anyOf": [prop, _MANUAL_NUMBER]}


def _define(cls: type, defs: dict[str, Any]) -> None:
    name = cls.__name__
    if name in defs:
        return
    defs[name] = {}  # a placeholder, so recursive references terminate
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        key = field.alias or field.name
        prop = _type_schema(hints[field.name], defs)
        pattern = _PATTERNS.get((name, field.name))
        if pattern is not None:
            prop = {**prop, "pattern": pattern}
        if field.name in MANUAL_NUMBER_FIELDS.get(cls, ()):
            prop = _manual_number(prop)
        properties[key] = prop
        if field.default is attrs.NOTHING:
            required.append(key)
    doc = (cls.__doc__ or "").strip().splitlines()
    defs[name] = {
        "type": "object",
        "description": doc[0] if doc else name,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    if cls is Period:
        # The reader takes the last day instead of the end: one or the other.
        properties["last_day"] = {
            **_VALUES[dt.date],
            "description": "The period's last day, included (instead of 'end', "
            "the first day after it)",
        }
        defs[name]["not"] = {"required": ["end", "last_day"]}


@functools.cache
def _landscape_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    _define(Landscape, defs)
    root = defs.pop("Landscape")
    # In the order files are written: an editor offers `name` first.
    fields = root["properties"]
    root["properties"] = {k: fields[k] for k in LANDSCAPE_KEYS if k in fields}
    root["properties"].update(fields)
    return {
        "$schema": _DIALECT,
        "$id": "https://speccom-model.example/schema/landscape.json",
        "title": "speccom_model landscape",
        **root,
        "$defs": defs,
    }


def schema() -> dict[str, Any]:
    """
    The JSON Schema of a landscape file (Draft 2020-12).

    >>> s = schema()
    >>> s["$schema"], sorted(s["required"])
    ('https://json-schema.org/draft/2020-12/schema', ['catalogue', 'commissioners'])
    >>> s["$defs"]["Service"]["properties"]["code"]["anyOf"]
    [{'type': 'string', 'pattern': '^(?:ILL-)?[1-9][0-9]{0,2}[A-Z]?$'}, {'type': 'integer', 'minimum': 1, 'maximum': 999}]
    """
    import copy  # noqa: PLC0415

    return copy.deepcopy(_landscape_schema())
