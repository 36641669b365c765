"""
The shared checks' quick paths give the answers of their item-by-item paths.

``check_code_set`` and ``check_tuple_of`` first test a whole collection at C
speed; for every collection, they must refuse exactly what testing each item
with ``check_text`` or ``check_instance`` refuses.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import InvalidValueError
from speccom_model._validators import (
    check_code_set,
    check_instance,
    check_text,
    check_tuple_of,
)

#: Codes, some padded with the kinds of space str.isspace knows, some not text.
ITEMS = st.one_of(
    st.text(alphabet="AB1 \t\n\u00a0\u2003\u3000\x1c", max_size=4),
    st.sampled_from(["X24", " X24", "X24 ", "QE1", "", "\u2028Q"]),
    st.integers(0, 3),
    st.none(),
)


def _each_clean(items: frozenset[Any]) -> bool:
    try:
        for item in items:
            check_text("item", item)
    except InvalidValueError:
        return False
    return True


def _each_instance(items: tuple[Any, ...]) -> bool:
    try:
        for item in items:
            check_instance("item", item, str, "text")
    except InvalidValueError:
        return False
    return True


@given(st.frozensets(ITEMS, max_size=6))
def test_a_code_set_is_refused_exactly_when_an_item_is(items: frozenset[Any]) -> None:
    try:
        check_code_set("codes", items)
        accepted = True
    except InvalidValueError:
        accepted = False
    assert accepted == _each_clean(items)


@given(st.lists(ITEMS, max_size=6).map(tuple))
def test_a_tuple_is_refused_exactly_when_an_item_is(items: tuple[Any, ...]) -> None:
    try:
        check_tuple_of("items", items, str, "text")
        accepted = True
    except InvalidValueError:
        accepted = False
    assert accepted == _each_instance(items)


@given(st.lists(ITEMS, max_size=3))
def test_a_list_is_neither_a_code_set_nor_a_tuple(items: list[Any]) -> None:
    with pytest.raises(InvalidValueError):
        check_code_set("codes", items)
    with pytest.raises(InvalidValueError):
        check_tuple_of("items", items, str, "text")
