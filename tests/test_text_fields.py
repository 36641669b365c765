"""
Every code and name field refuses text with outer spaces, on every path.

The constructors check valid objects in one fast pass; this walks every object
of every scenario so that no fast pass can skip a check the slow one makes.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any

import attrs
import pytest

from speccom_model import (
    BudgetLine,
    InvalidValueError,
    Membership,
    Period,
    SpeccomError,
    gbp,
    scenarios,
)
from tests.objects import objects_in

#: Free text: titles, descriptions and citations, kept as written.
FREE_TEXT = frozenset(
    {
        ("Landscape", "name"),
        ("Landscape", "description"),
        ("Budget", "source"),
        ("Place", "source"),
        ("Baseline", "source"),
        ("PooledBudget", "source"),
    }
)


def _text_fields() -> list[tuple[Any, str]]:
    found: dict[tuple[str, str], list[tuple[Any, str]]] = {}
    for scenario in scenarios.SCENARIOS:
        for obj in objects_in(scenario.build()):
            cls = type(obj)
            hints = typing.get_type_hints(cls)
            for field in attrs.fields(cls):
                value = getattr(obj, field.name)
                if (
                    field.init
                    and hints[field.name] in (str, str | None)
                    and isinstance(value, str)
                    and value
                    and (cls.__name__, field.name) not in FREE_TEXT
                ):
                    cases = found.setdefault((cls.__name__, field.name), [])
                    if len(cases) < 20:
                        cases.append((obj, field.alias or field.name))
    return [case for cases in found.values() for case in cases]


TEXT_FIELDS = _text_fields()


def test_the_walk_finds_the_fields_that_once_slipped_through() -> None:
    """The walk reaches memberships and budget lines (their fast paths skipped it)."""
    names = {f"{type(obj).__name__}.{name}" for obj, name in TEXT_FIELDS}
    assert {"Membership.commissioner", "BudgetLine.service"} <= names


@pytest.mark.parametrize("space", [" ", "\t", "\n"])
def test_outer_spaces_are_refused_in_every_code_and_name(space: str) -> None:
    """Each code or name, padded on either side, is refused with its field."""
    accepted = []
    for obj, name in TEXT_FIELDS:
        value = getattr(obj, name)
        for padded in (space + value, value + space):
            try:
                attrs.evolve(obj, **{name: padded})
            except SpeccomError:
                continue
            accepted.append(f"{type(obj).__name__}.{name}={padded!r}")
    assert accepted == []


def test_membership_refuses_a_padded_commissioner() -> None:
    """The one-pass check of a membership still refuses outer spaces."""
    with pytest.raises(InvalidValueError, match="commissioner"):
        Membership(commissioner=" QE1", period=Period(start=dt.date(2022, 7, 1)))


def test_budget_line_refuses_a_padded_service() -> None:
    """The common line (a service and its allocation) still checks the service."""
    with pytest.raises(InvalidValueError, match="service"):
        BudgetLine(service="2A ", allocation=gbp("£5m"))
