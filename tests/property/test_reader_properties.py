"""
One reader and one writer, both cattrs' own generated functions.

``io`` reads every file through cattrs' detailed converter (every problem with
its path, at most ``MAX_PROBLEMS`` kept) and writes with cattrs'
``make_dict_unstructure_fn``, leaving out fields equal to their default. These
properties pin that: what is written reads back equal, any damage to a file is
one ParseError of our own, and the writer is cattrs' own, field order included.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from typing import Any

import attrs
import pytest
from cattrs.gen import make_dict_unstructure_fn
from hypothesis import given, settings
from hypothesis import strategies as st

from speccom_model import (
    DEFAULT_POLICY,
    ArrangementKind,
    CommissionerKind,
    Landscape,
    ParseError,
    Policy,
    ProgrammeOfCare,
    Service,
    SpeccomError,
    io,
    scenarios,
)
from speccom_model.errors import MAX_PROBLEMS
from speccom_model.io._converter import LANDSCAPE_KEYS, converter
from tests.objects import objects_in
from tests.strategies import any_landscapes, damaged_plans

if typing.TYPE_CHECKING:
    import enum

#: What a hand-edited file might hold in place of a value.
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            " ",
            "X24",
            " X24",
            "X24\n",
            "2019-20",
            "2019-04-01",
            "2024-W01-1",
            "2019-4-1",
            "1/4/2019",
            "£1,234",
            "£1,234.5",
            "£1.7bn",
            "£1,2",
            "10 million",
            "ccg",
            "CCG",
            "Pooled Budget",
            "pooled-budget",
        ]
    ),
    st.lists(st.sampled_from(["1", "2A", "00T", 5, 0, True, 1.5]), max_size=3),
    st.just({}),
)


class TestReader:
    """load(dump(x)) == x, and bad input is only ever one ParseError (DESIGN.md)."""

    @pytest.mark.parametrize("scenario", scenarios.SCENARIOS, ids=lambda s: s.name)
    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_every_scenario_reads_back_equal(
        self, scenario: scenarios.Scenario, fmt: io.Format
    ) -> None:
        """What the writer writes for a scenario, the reader reads back the same."""
        landscape = scenario.build()

        assert io.loads(io.dumps(landscape, format=fmt), format=fmt) == landscape

    @given(any_landscapes())
    def test_every_generated_plan_reads_back_equal(self, landscape: Landscape) -> None:
        """Generated plans, successions and proposed changes included."""
        assert io.loads(io.dumps(landscape, format="json"), format="json") == landscape

    @settings(max_examples=300)
    @given(damaged_plans(ODD_VALUES))
    def test_a_damaged_file_is_one_parse_error_naming_its_problems(
        self, data: Any
    ) -> None:
        """Through io.loads, any damage is a ParseError with at most 50 problems."""
        try:
            loaded = io.loads(json.dumps(data), format="json")
        except ParseError as err:
            problems = err.problems
        else:  # the damage was a valid value (say "CCG" for "ccg"): a real plan
            text = io.dumps(loaded, format="json")
            assert io.loads(text, format="json") == loaded
            return
        assert 0 < len(problems) <= MAX_PROBLEMS
        assert all(isinstance(p, SpeccomError) for p in problems)
        assert all(p.field for p in problems)

    def test_reads_a_policy_whose_defaults_come_from_its_own_dates(self) -> None:
        """Windows default from the policy itself: given ones are kept, others made."""
        moved = attrs.evolve(DEFAULT_POLICY, icb_delegation_from=dt.date(2023, 4, 1))
        data = converter().unstructure(moved)

        assert "arrangement_windows" in data
        assert converter().structure(data, Policy) == moved
        assert converter().structure({}, Policy) == DEFAULT_POLICY


def _respelt(draw: st.DrawFn, value: str) -> str:
    """``value`` as a person might type it: any case, spaces or underscores."""
    words = value.split("-")
    joiners = draw(
        st.lists(st.sampled_from(["-", " ", "_", "  "]), min_size=len(words))
    )
    text = words[0] + "".join(j + w for j, w in zip(joiners, words[1:], strict=False))
    cased = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in text)
    return (
        draw(st.sampled_from(["", " ", "\t"]))
        + cased
        + draw(st.sampled_from(["", " ", "\n"]))
    )


ENUMS = [CommissionerKind, ArrangementKind, ProgrammeOfCare]


class TestSpellings:
    """Enum values are read ignoring case, spaces and underscores (docs/files.md)."""

    @given(st.sampled_from(ENUMS).flatmap(st.sampled_from), st.data())
    def test_any_respelling_of_a_value_reads_as_that_value(
        self, member: enum.Enum, data: st.DataObject
    ) -> None:
        """'NHS England', ' nhs_england ' and 'NHS-ENGLAND' all read nhs-england."""
        text = data.draw(st.composite(lambda d: _respelt(d, str(member.value)))())

        assert converter().structure(text, type(member)) is member

    @given(st.integers(1, 999))
    def test_a_whole_number_is_a_manual_number(self, number: int) -> None:
        """A `code = 29` reads as the manual number '29'."""
        data = {
            "code": number,
            "name": "A service",
            "programme": "cancer",
            "planning_population": 1,
        }

        assert converter().structure(data, Service).code == str(number)

    @given(
        st.one_of(
            # Past 20 digits, or not finite, the file's limits refuse it first.
            st.integers(min_value=-(10**20) + 1, max_value=0),
            st.integers(min_value=1000, max_value=10**20 - 1),
            st.booleans(),
            st.floats(
                allow_nan=False, allow_infinity=False, min_value=-1e19, max_value=1e19
            ),
        )
    )
    def test_any_other_number_is_refused_as_a_manual_number(self, value: Any) -> None:
        """Not zero, not negative, not past 999, not a flag, not a float."""
        data = {
            "code": value,
            "name": "A service",
            "programme": "cancer",
            "planning_population": 1,
        }
        with pytest.raises(ParseError) as caught:
            io.loads(json.dumps(data), format="json", type=Service)

        assert caught.value.problems[0].field == "code"
        assert "a manual number" in caught.value.problems[0].expected


def _every_object() -> list[Any]:
    # Windows default from the policy's own dates: these keep the old windows.
    moved = attrs.evolve(DEFAULT_POLICY, icb_delegation_from=dt.date(2023, 4, 1))
    found: list[Any] = [*objects_in(DEFAULT_POLICY), *objects_in(moved)]
    for scenario in scenarios.SCENARIOS:
        found += objects_in(scenario.build())
    return found


#: Each class the writer writes as a table (money, years and populations are text
#: or numbers), with up to 50 of its objects from the policies and scenarios.
TABLES: dict[type[Any], list[Any]] = {}
for _obj in _every_object():
    if isinstance(converter().unstructure(_obj), dict):
        _some = TABLES.setdefault(type(_obj), [])
        if len(_some) < 50:
            _some.append(_obj)


class TestWriter:
    """The writer is cattrs' own, leaving out fields equal to their defaults."""

    @pytest.mark.parametrize("cls", sorted(TABLES, key=repr))
    def test_writes_what_cattrs_writes(self, cls: type[Any]) -> None:
        """
        Our writer and cattrs' make_dict_unstructure_fn agree, order included.

        A landscape's keys alone are reordered, to LANDSCAPE_KEYS (name first).
        """
        conv = converter()
        theirs: Any = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)
        for obj in TABLES[cls]:
            assert list(conv.unstructure(obj).items()) == _in_file_order(
                obj, theirs(obj)
            )

    @given(any_landscapes())
    def test_writes_what_cattrs_writes_for_generated_plans(
        self, landscape: Landscape
    ) -> None:
        """Every object of any plan, successions and proposed changes included."""
        conv = converter()
        for obj in objects_in(landscape):
            ours = conv.unstructure(obj)
            if isinstance(ours, dict):
                theirs: Any = make_dict_unstructure_fn(
                    type(obj), conv, _cattrs_omit_if_default=True
                )
                assert list(ours.items()) == _in_file_order(obj, theirs(obj))

    def test_covers_the_policy_and_every_class_of_a_landscape(self) -> None:
        """The policy, with and without its defaults, is among the classes."""
        assert Policy in TABLES
        assert len(TABLES[Policy]) == 2
        assert Landscape in TABLES


def _in_file_order(obj: object, fields: dict[str, Any]) -> list[tuple[str, Any]]:
    """The items cattrs writes, in a file's order: a landscape's by LANDSCAPE_KEYS."""
    if isinstance(obj, Landscape):
        return sorted(fields.items(), key=lambda item: LANDSCAPE_KEYS.index(item[0]))
    return list(fields.items())
