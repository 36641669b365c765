"""
A value of the wrong type, in any field of any type, is our own error.

Code built on the library catches SpeccomError; a TypeError or ValueError from
deep inside a constructor would escape it. This replaces each field of real
objects (from every scenario and the default policy) with values of the wrong
shape and checks that construction either succeeds or raises a SpeccomError.
"""

from __future__ import annotations

import collections
import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest

from speccom_model import (
    DEFAULT_POLICY,
    FinancialYear,
    Period,
    SpeccomError,
    gbp,
    persons,
    scenarios,
)
from tests.objects import objects_in

ODD_VALUES: tuple[Any, ...] = (
    None,
    "",
    " x",
    "X24",
    0,
    -1,
    1.5,
    True,
    Decimal("1"),
    [],
    (),
    {},
    frozenset(),
    ["a"],
    ("a",),
    {"a": 1},
    frozenset({1}),
    dt.date(2020, 1, 1),
    dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    gbp("£1"),
    persons(3),
    FinancialYear(2019),
    Period(start=dt.date(2020, 1, 1)),
    object(),
)


def _samples() -> list[Any]:
    """Up to three objects of each class the scenarios and the policy hold."""
    found: dict[type, list[Any]] = collections.defaultdict(list)
    everything = [*objects_in(DEFAULT_POLICY)]
    for scenario in scenarios.SCENARIOS:
        everything += objects_in(scenario.build())
    for obj in everything:
        if len(found[type(obj)]) < 3:
            found[type(obj)].append(obj)
    return [obj for objs in found.values() for obj in objs]


SAMPLES = _samples()


@pytest.mark.parametrize("cls", sorted({type(o) for o in SAMPLES}, key=repr))
def test_every_wrong_value_is_a_speccom_error(cls: type[Any]) -> None:
    escaped = []
    for obj in (o for o in SAMPLES if type(o) is cls):
        for field in attrs.fields(cls):
            if not field.init:
                continue
            for value in ODD_VALUES:
                try:
                    attrs.evolve(obj, **{field.alias or field.name: value})
                except SpeccomError:
                    continue
                except Exception as err:
                    escaped.append(f"{field.name}={value!r}: {type(err).__name__}")
    assert escaped == []


def test_the_samples_cover_the_policy_and_the_landscape() -> None:
    names = {type(o).__name__ for o in SAMPLES}
    assert {"Policy", "LegalWindow", "ApprovalRoute", "MonthDay", "Landscape"} <= names
