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
import operator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import pytest

from speccom_model import (
    DEFAULT_POLICY,
    FinancialYear,
    InvalidValueError,
    Period,
    SpeccomError,
    UnitError,
    UnknownReferenceError,
    add_months,
    check,
    gbp,
    persons,
    scenarios,
    summarise,
)
from tests.objects import objects_in

if TYPE_CHECKING:
    from collections.abc import Callable

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


ENGLAND = scenarios.england_2024_25()


def _any(value: object) -> Any:
    return value


WRONG_DAYS: tuple[Any, ...] = (
    None,
    "2024-05-01",
    20240501,
    [],
    dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
)


@pytest.mark.parametrize(
    ("name", "call"),
    [
        (
            "responsible_commissioner",
            lambda v: ENGLAND.responsible_commissioner("1", "QE1", v),
        ),
        (
            "responsible_arrangement",
            lambda v: ENGLAND.responsible_arrangement("1", "QE1", v),
        ),
        ("commissioner_of", lambda v: ENGLAND.commissioner_of("QE1", v)),
        ("body_on", lambda v: ENGLAND.body_on("QE1", v)),
        ("arrangements_on", ENGLAND.arrangements_on),
        ("Period.contains", lambda v: Period(start=dt.date(2020, 1, 1)).contains(v)),
        ("add_months", lambda v: add_months(v, 1)),
        ("check(on=)", lambda v: check(ENGLAND, on=_any(v or ""))),
    ],
)
def test_a_wrong_day_is_an_invalid_value(name: str, call: Any) -> None:
    for value in WRONG_DAYS:
        with pytest.raises(InvalidValueError):
            call(value)


@pytest.mark.parametrize(
    ("function", "args", "kwargs"),
    [
        (ENGLAND.allocation, ("2024-25",), {}),
        (ENGLAND.budget, ("QE1", 2024), {}),
        (ENGLAND.baseline, ("1", "QE1", "2024-25"), {}),
        (ENGLAND.budget_by_commissioner, ("2024-25",), {}),
        (ENGLAND.pooled_total, (2024,), {}),
        (ENGLAND.covering, (["1"], "QE1"), {}),
        (ENGLAND.successions_of, (None,), {}),
        (ENGLAND.joint_planning_candidates, (), {"policy": "strict"}),
        (check, (ENGLAND,), {"policy": "strict"}),
        (summarise, ("england",), {}),
        (summarise, (ENGLAND,), {"year": "2024-25"}),
        (add_months, (dt.date(2024, 1, 31), 1.5), {}),
    ],
)
def test_a_wrong_argument_is_an_invalid_value_not_silence(
    function: Callable[..., object], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    """A year given as text finds nothing: say so, rather than answer None."""
    with pytest.raises(InvalidValueError):
        function(*args, **kwargs)


@pytest.mark.parametrize("code", [["QE1"], {"QE1"}, {"QE1": 1}])
def test_an_unhashable_code_is_unknown(code: Any) -> None:
    for lookup in (ENGLAND.commissioner, ENGLAND.place, ENGLAND.service):
        with pytest.raises(UnknownReferenceError):
            lookup(code)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (gbp("£1"), 1),
        (gbp("£1"), persons(1)),
        (persons(1), 1),
        (persons(1), gbp("£1")),
        (gbp("£1"), Decimal("1")),
    ],
)
def test_ordering_across_units_is_a_unit_error(left: Any, right: Any) -> None:
    for compare in (operator.lt, operator.le, operator.gt, operator.ge):
        with pytest.raises(UnitError, match="to compare with"):
            compare(left, right)


def test_like_units_still_order() -> None:
    assert sorted([gbp("£3"), gbp("£1"), gbp("£2")]) == [
        gbp("£1"),
        gbp("£2"),
        gbp("£3"),
    ]
    assert max(persons(2), persons(7)) == persons(7)
    assert gbp("£1") <= gbp("£1") < gbp("£1.01")
