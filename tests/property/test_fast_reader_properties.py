"""
The fast reader and writer say exactly what the detailed, cattrs-built ones say.

``io`` reads a file first with generated, bookkeeping-free functions and only
on doubt with cattrs' detailed converter; it writes with generated functions
too. These properties pin both shortcuts to the reference behaviour: the fast
reader never accepts what the detailed one refuses, never builds a different
value, and the writer's output equals cattrs' own for every object.
"""

from __future__ import annotations

import copy
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
    Landscape,
    ParseError,
    Period,
    Policy,
    SpeccomError,
    io,
    scenarios,
)
from speccom_model.io._converter import (
    _DoubtError,
    _make,
    _ValueProblemError,
    converter,
)
from tests.objects import objects_in
from tests.strategies import any_landscapes

if typing.TYPE_CHECKING:
    from collections.abc import Iterator

    import cattrs

FAST = _make(detailed=False)

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
            "2019-4-1",
            "1/4/2019",
            "£1,234",
            "£1,234.5",
            "£1.7bn",
            "£1,2",
            "10 million",
            "ccg",
            "pooled-budget",
        ]
    ),
    st.lists(st.sampled_from(["1", "2A", "00T", 5]), max_size=3),
    st.just({}),
)


def _paths(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*path, index))


@st.composite
def mutated(draw: st.DrawFn) -> tuple[Landscape, Any]:
    """A landscape's plain data with one value replaced, removed or added."""
    landscape = draw(any_landscapes())
    data = copy.deepcopy(converter().unstructure(landscape))
    path = draw(st.sampled_from(list(_paths(data))[1:]))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    action = draw(st.sampled_from(["replace", "remove", "add"]))
    if action == "replace" or (action == "remove" and isinstance(parent, list)):
        parent[last] = draw(ODD_VALUES)
    elif action == "remove":
        del parent[last]
    elif isinstance(parent, dict):
        parent[draw(st.sampled_from(["extra", "Code", "notes"]))] = draw(ODD_VALUES)
    else:
        parent.append(draw(ODD_VALUES))
    return landscape, data


def _read(conv: cattrs.Converter, data: Any) -> tuple[bool, Any]:
    try:
        return True, conv.structure(data, Landscape)
    except Exception as err:
        return False, err


class TestFastReader:
    @given(any_landscapes())
    def test_reads_every_valid_landscape_itself(self, landscape: Landscape) -> None:
        """A valid file never needs the detailed reader."""
        data = converter().unstructure(landscape)
        assert FAST.structure(data, Landscape) == landscape

    @settings(max_examples=300)
    @given(mutated())
    def test_never_accepts_or_builds_what_the_detailed_reader_would_not(
        self, case: tuple[Landscape, Any]
    ) -> None:
        """Where the fast reader builds a landscape, the detailed one builds it too."""
        _, data = case
        fast_ok, fast = _read(FAST, data)
        detailed_ok, detailed = _read(converter(), data)
        if fast_ok:
            assert detailed_ok, f"fast accepted what detailed refused: {detailed}"
            assert fast == detailed

    @given(mutated())
    def test_a_damaged_file_is_one_parse_error_naming_its_problems(
        self, case: tuple[Landscape, Any]
    ) -> None:
        """Through io.loads, any damage is a ParseError with every problem's path."""
        _, data = case
        problems: tuple[SpeccomError, ...] = ()
        try:
            loaded = io.loads(json.dumps(data), format="json")
        except ParseError as err:
            problems = err.problems
        else:
            assert loaded == converter().structure(data, Landscape)
            return
        assert problems
        assert all(isinstance(p, SpeccomError) for p in problems)

    def test_reads_a_policy_whose_defaults_come_from_its_own_dates(self) -> None:
        """Windows default from the policy itself: given ones are kept, others made."""
        moved = attrs.evolve(DEFAULT_POLICY, icb_delegation_from=dt.date(2023, 4, 1))
        data = converter().unstructure(moved)
        assert "arrangement_windows" in data
        assert FAST.structure(data, Policy) == moved
        assert FAST.structure({}, Policy) == DEFAULT_POLICY

    def test_remembers_small_values_but_not_past_an_extra_key(self) -> None:
        """Equal raw periods give one object; a remembered one still counts keys."""
        first = FAST.structure({"start": "2019-04-01"}, Period)
        assert FAST.structure({"start": "2019-04-01"}, Period) is first
        assert FAST.structure({"start": "2019-04-01", "end": None}, Period) == first
        with pytest.raises(_DoubtError):
            FAST.structure({"start": "2019-04-01", "colour": "blue"}, Period)
        with pytest.raises(_ValueProblemError):  # not the remembered 1 April
            FAST.structure({"start": dt.datetime(2019, 4, 1)}, Period)

    def test_doubts_an_extra_field(self) -> None:
        """An unknown field is not ignored: the fast reader hands over."""
        data = converter().unstructure(scenarios.england_2013_14())
        data["commissioners"][0]["colour"] = "blue"
        with pytest.raises(_DoubtError):
            FAST.structure(data, Landscape)


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
    @pytest.mark.parametrize("cls", sorted(TABLES, key=repr))
    def test_writes_what_cattrs_writes(self, cls: type[Any]) -> None:
        """Our generated writer and cattrs' own agree, field order included."""
        conv = converter()
        theirs: Any = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)
        for obj in TABLES[cls]:
            assert list(conv.unstructure(obj).items()) == list(theirs(obj).items())

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
                assert list(ours.items()) == list(theirs(obj).items())

    def test_covers_the_policy_and_every_class_of_a_landscape(self) -> None:
        """The policy, with and without its defaults, is among the classes."""
        assert Policy in TABLES
        assert len(TABLES[Policy]) == 2
        assert Landscape in TABLES
