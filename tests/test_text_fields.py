"""
Every code and name field refuses outer spaces and control characters.

The constructors check valid objects in one fast pass; this walks every object
of every scenario so that no fast pass can skip a check the slow one makes.
"""

from __future__ import annotations

import datetime as dt
import io as text_io
import typing
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speccom_model import (
    BudgetLine,
    InvalidValueError,
    Membership,
    ParseError,
    Period,
    SpeccomError,
    gbp,
    io,
    scenarios,
)
from speccom_model.cli import main
from tests.objects import objects_in

if TYPE_CHECKING:
    from pathlib import Path

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


#: Characters no one-line text may hold, one of each kind: C0 controls (tab,
#: line feed, carriage return, escape, NUL), DEL, C1 controls (NEL, CSI), the
#: Unicode line and paragraph separators and a bidirectional override.
CONTROLS = ["\t", "\n", "\r", "\x1b", "\x00", "\x7f", "\x85", "\x9b"]
CONTROLS += ["\u2028", "\u2029", "\u202e", "\u2066"]


def _one_line_fields() -> list[tuple[Any, str]]:
    """Every code and name, and the free one-line text: sources, plan names."""
    free = []
    for obj in objects_in(scenarios.england_2019_20()):
        for cls_name, name in FREE_TEXT - {("Landscape", "description")}:
            if type(obj).__name__ == cls_name and getattr(obj, name):
                free.append((obj, name))
    seen: set[tuple[str, str]] = set()
    unique = []
    for obj, name in free:
        if (type(obj).__name__, name) not in seen:
            seen.add((type(obj).__name__, name))
            unique.append((obj, name))
    return TEXT_FIELDS + unique


ONE_LINE_FIELDS = _one_line_fields()


def test_the_one_line_fields_include_the_free_text() -> None:
    """Sources and the plan's name are one line too, though free text."""
    names = {f"{type(obj).__name__}.{name}" for obj, name in ONE_LINE_FIELDS}
    assert {"Landscape.name", "Budget.source", "Place.source"} <= names
    assert "Landscape.description" not in names


@pytest.mark.parametrize("control", CONTROLS, ids=repr)
def test_a_control_character_is_refused_in_every_one_line_field(
    control: str,
) -> None:
    """Anywhere in any code, name or source, a control character is refused."""
    accepted = []
    for obj, name in ONE_LINE_FIELDS:
        value = getattr(obj, name)
        for at in sorted({1, len(value) // 2, len(value) - 1, len(value)}):
            bad = value[:at] + control + value[at:]
            try:
                attrs.evolve(obj, **{name: bad})
            except SpeccomError:
                continue
            accepted.append(f"{type(obj).__name__}.{name}={bad!r}")
    assert accepted == []


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(ONE_LINE_FIELDS),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8),
    st.sampled_from(CONTROLS),
    st.integers(min_value=0),
)
def test_any_text_with_a_control_character_is_refused_on_one_line(
    case: tuple[Any, str], text: str, control: str, at: int
) -> None:
    """Wherever the control falls in whatever text, the field names itself."""
    obj, name = case
    value = getattr(obj, name) + text
    at %= len(value) + 1
    bad = value[:at] + control + value[at:]

    with pytest.raises(InvalidValueError) as caught:
        attrs.evolve(obj, **{name: bad})

    assert caught.value.field == name


def test_a_name_with_escapes_is_refused_naming_its_field() -> None:
    """A body's name that would colour a terminal and forge a line."""
    england = scenarios.england_2019_20()
    (trust,) = [c for c in england.commissioners if c.code == "RV5"]

    with pytest.raises(
        InvalidValueError,
        match=r"^name: expected one line of text, without control characters, "
        r"got 'Line1\\nLine2\\x1b\[31mRED'$",
    ):
        attrs.evolve(trust, name="Line1\nLine2\x1b[31mRED")
    with pytest.raises(InvalidValueError, match=r"^name: expected one line"):
        attrs.evolve(england, name="nm\nSECOND\x1b[2J")


@pytest.mark.parametrize("control", [c for c in CONTROLS if c != "\n"], ids=repr)
def test_prose_keeps_line_feeds_but_refuses_other_controls(control: str) -> None:
    """A plan's description may run over lines; nothing else is let through."""
    england = scenarios.england_2019_20()

    assert attrs.evolve(england, description="One.\nTwo.").description == "One.\nTwo."
    with pytest.raises(
        InvalidValueError,
        match=r"^description: expected text without control characters other than "
        "line feeds",
    ):
        attrs.evolve(england, description="One." + control + "Two.")


def test_shipped_provenance_runs_over_lines_and_a_scenario_title_does_not() -> None:
    """A scenario's provenance is prose; its name and title are one line."""
    scenario = scenarios.get("england_2019_20")

    assert "\n" in scenario.provenance
    with pytest.raises(InvalidValueError, match=r"^title: expected one line"):
        attrs.evolve(scenario, title="England\n2019-20")
    with pytest.raises(InvalidValueError, match=r"^provenance: expected text"):
        attrs.evolve(scenario, provenance="Sources:\x1b[2J")


def test_a_plan_file_with_a_control_character_is_refused_at_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file and field path are named; nothing reaches the terminal raw."""
    england = scenarios.england_2019_20()
    path = tmp_path / "ctlname.toml"
    io.dump(england, path)
    text = path.read_text(encoding="utf-8")
    trust = next(i for i, c in enumerate(england.commissioners) if c.code == "RV5")
    name = england.commissioners[trust].name
    path.write_text(
        text.replace(f'name = "{name}"', 'name = "Line1\\nLine2\\u001b[31mRED"', 1),
        encoding="utf-8",
    )

    with pytest.raises(ParseError) as caught:
        io.load(path)
    status = main(["summary", str(path)], out=text_io.StringIO())

    assert caught.value.field == f"commissioners[{trust}].name"
    assert str(path) in str(caught.value)
    assert status == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "\x1b" not in err
    assert f"commissioners[{trust}].name: expected one line of text" in err
