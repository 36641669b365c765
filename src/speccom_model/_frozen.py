"""An immutable, hashable mapping for fields of frozen value objects."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar, final

K = TypeVar("K")
V = TypeVar("V")


@final
class FrozenDict(Mapping[K, V]):
    """
    A read-only mapping that hashes, so frozen attrs classes holding one do too.

    Keys keep the order they were given in; equality is that of a dict.

    >>> FrozenDict({"a": 1}) == {"a": 1}
    True
    >>> hash(FrozenDict({"a": 1})) == hash(FrozenDict({"a": 1}))
    True
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(data) if data is not None else {}
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (self._data,))


def frozen_dict(value: Mapping[Any, Any] | None) -> FrozenDict[Any, Any]:
    """Converter for attrs fields: copy any mapping into a FrozenDict."""
    if isinstance(value, FrozenDict):
        return value
    return FrozenDict(value)
