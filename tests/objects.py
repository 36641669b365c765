"""Walking a model value: every attrs object inside it, nested at any depth."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from speccom_model.commissioner import Commissioner


def objects_in(value: Any) -> Iterator[Any]:
    """``value`` and every attrs object inside it: fields, items, keys and values."""
    if attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from objects_in(getattr(value, field.name))
    elif isinstance(value, tuple | frozenset | list):
        for item in value:
            yield from objects_in(item)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from objects_in(key)
            yield from objects_in(item)


def code_of(body: Commissioner | None) -> str | None:
    """A responsible body's code, or ``None`` where nobody is responsible."""
    return None if body is None else body.code
