"""
The compact TOML layout (speccom_model.io._toml): each rule, and exactness.

Source: the layout rules in the module's docstring; TOML 1.0.0 (arrays may
span lines, inline tables may not; key/value pairs precede a table's sections).
"""

from __future__ import annotations

import itertools
import json
import tomllib
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import Landscape, io, scenarios
from speccom_model.io import _toml
from speccom_model.io._converter import LANDSCAPE_KEYS
from tests.rules.builders import clean


def _written(document: dict[str, Any]) -> str:
    """The document as TOML, after checking it reads back as itself."""
    text = _toml.dumps(document)

    assert tomllib.loads(text) == document
    return text


class TestScalarLists:
    def test_a_short_list_is_one_line(self) -> None:
        """A list as a person writes it: services = ["1", "2A", "7"]."""
        text = _written({"services": ["1", "2A", "7"]})

        assert text == 'services = ["1", "2A", "7"]\n'

    def test_an_empty_list_is_brackets(self) -> None:
        """Nothing to lay out."""
        assert _written({"places": []}) == "places = []\n"

    def test_a_list_exactly_as_wide_as_the_limit_stays_on_one_line(self) -> None:
        """The boundary: WIDTH characters is one line, one more wraps."""
        prefix = 'k = ["'
        fits = "x" * (_toml.WIDTH - len(prefix) - 2)
        one_line = _written({"k": [fits]})
        wrapped = _written({"k": [fits + "x"]})

        assert len(one_line) == _toml.WIDTH + 1
        assert wrapped.count("\n") == 3

    def test_a_long_list_fills_lines_within_the_limit(self) -> None:
        """Items fill lines of at most WIDTH, each ending with a comma."""
        codes = [f"ILL-{n}" for n in range(101, 160)]
        lines = _written({"services": codes}).splitlines()

        assert lines[0] == "services = ["
        assert lines[-1] == "]"
        assert all(len(line) <= _toml.WIDTH for line in lines)
        assert all(line.startswith(_toml.INDENT) for line in lines[1:-1])
        assert all(line.endswith(",") for line in lines[1:-1])
        # Filled: no line could have taken the next line's first item.
        for line, after in itertools.pairwise(lines[1:-1]):
            first = after.strip().split(", ")[0]
            assert len(line) + 1 + len(first) > _toml.WIDTH

    def test_an_item_longer_than_the_limit_has_its_own_line(self) -> None:
        """A value is never cut: it stands alone on an over-long line."""
        long = "y" * (_toml.WIDTH * 2)
        lines = _written({"k": ["a", long, "b"]}).splitlines()

        assert lines == ["k = [", '    "a",', f'    "{long}",', '    "b",', "]"]


class TestTables:
    def test_a_small_table_is_inline(self) -> None:
        """A period reads as period = { start = "2024-04-01" }."""
        text = _written({"period": {"start": "2024-04-01"}})

        assert text == 'period = { start = "2024-04-01" }\n'

    def test_an_empty_table_is_braces(self) -> None:
        """Written inline: a section header with nothing under it says less."""
        assert _written({"expected": {}}) == "expected = {}\n"

    def test_a_table_too_wide_for_a_line_is_a_section(self) -> None:
        """Its keys under [its name], after the key/value lines around it."""
        document = {"catalogue": {"edition": "e" * _toml.WIDTH}, "name": "x"}
        text = _written(document)

        assert text == f'name = "x"\n\n[catalogue]\nedition = "{"e" * _toml.WIDTH}"\n'

    def test_a_record_holding_only_sections_keeps_its_header(self) -> None:
        """Each [[x]] makes a record: without it [x.y] would make x a table."""
        document = {"x": [{"y": {"text": "t" * _toml.WIDTH}}]}
        text = _written(document)

        assert text == f'[[x]]\n\n[x.y]\ntext = "{"t" * _toml.WIDTH}"\n'

    def test_a_section_holding_only_sections_has_no_header_of_its_own(self) -> None:
        """[a.b] defines a: a bare [a] line would say nothing."""
        document = {"a": {"b": {"text": "t" * _toml.WIDTH}}}
        text = _written(document)

        assert text == f'[a.b]\ntext = "{"t" * _toml.WIDTH}"\n'


class TestCollections:
    def test_a_collection_of_short_records_is_a_row_per_record(self) -> None:
        """Each record one inline table a line, even when all would fit one."""
        text = _written({"successions": [{"id": "A"}, {"id": "B"}]})

        assert text == 'successions = [\n    { id = "A" },\n    { id = "B" },\n]\n'

    def test_a_collection_with_a_wide_record_is_an_array_of_tables(self) -> None:
        """One [[arrangements]] section per arrangement, when one is too wide."""
        wide = "w" * _toml.WIDTH
        text = _written({"arrangements": [{"id": "A"}, {"id": wide}]})

        assert (
            text == f'[[arrangements]]\nid = "A"\n\n[[arrangements]]\nid = "{wide}"\n'
        )

    def test_a_row_exactly_as_wide_as_the_limit_is_still_a_row(self) -> None:
        """The boundary: four spaces, the table and a comma make WIDTH characters."""
        fits = "x" * (_toml.WIDTH - len('    { id = "" },'))
        row = _written({"places": [{"id": fits}]})
        section = _written({"places": [{"id": fits + "x"}]})

        assert row == f'places = [\n    {{ id = "{fits}" }},\n]\n'
        assert section.startswith("[[places]]\n")

    def test_a_collection_in_a_top_level_table_is_one_too(self) -> None:
        """catalogue.services: the table holding it is a section, [catalogue]."""
        text = _written({"catalogue": {"services": [{"code": "1"}]}})

        assert text == '[catalogue]\nservices = [\n    { code = "1" },\n]\n'

    def test_a_wide_collection_in_a_top_level_table_is_an_array_of_tables(
        self,
    ) -> None:
        """[[catalogue.services]] when some service is too wide for a row."""
        wide = "n" * _toml.WIDTH
        text = _written({"catalogue": {"services": [{"code": "1", "name": wide}]}})

        assert text == f'[[catalogue.services]]\ncode = "1"\nname = "{wide}"\n'

    def test_a_records_short_list_of_tables_is_one_line(self) -> None:
        """A [[places]] record's memberships = [{ ... }]."""
        source = "s" * _toml.WIDTH  # too wide for the record to be a row
        place = {"code": "P", "memberships": [{"c": "QE1"}], "source": source}
        text = _written({"places": [place]})

        assert text == (
            f'[[places]]\ncode = "P"\nmemberships = [{{ c = "QE1" }}]\n'
            f'source = "{source}"\n'
        )

    def test_a_records_longer_list_of_tables_is_one_table_a_line(self) -> None:
        """When the list is too wide for one line but each table fits one."""
        memberships = [{"commissioner": f"Q{n:02}", "note": "n" * 40} for n in range(3)]
        lines = _written({"places": [{"memberships": memberships}]}).splitlines()

        assert lines[:2] == ["[[places]]", "memberships = ["]
        assert lines[2:5] == [
            f'    {{ commissioner = "Q{n:02}", note = "{"n" * 40}" }},'
            for n in range(3)
        ]
        assert lines[5] == "]"

    def test_a_records_list_with_a_wide_table_is_an_array_of_tables(self) -> None:
        """[[arrangements.approvals]] when some approval does not fit a line."""
        approvals = [{"by": "b"}, {"by": "b" * _toml.WIDTH}]
        text = _written({"arrangements": [{"id": "A", "approvals": approvals}]})

        assert text.count("[[arrangements.approvals]]") == 2

    def test_a_list_mixing_tables_and_values_is_inline(self) -> None:
        """It cannot be an array of tables: every item goes on the line."""
        text = _written({"k": [1, {"a": 2}]})

        assert text == "k = [1, { a = 2 }]\n"

    def test_key_values_come_before_sections_otherwise_in_order(self) -> None:
        """TOML needs the key/value lines of a table before its sections."""
        document = {"first": [{"x": "x" * 100}], "name": "n", "last": {"y": "y" * 100}}
        text = _written(document)

        assert text.index("name =") < text.index("[[first]]") < text.index("[last]")


class TestValuesAreTomliWs:
    @pytest.mark.parametrize(
        "value",
        [
            'a "quoted" word',
            "two\nlines\r\n",
            "back\\slash",
            "tab\tand\x7fdelete\x1b",
            "£5.3bn — Ærø, 東京, 🙂",
            "",
            "'single'",
            '"""',
        ],
    )
    def test_strings_round_trip_in_every_position(self, value: str) -> None:
        """As a value, an item, an inline table's value, and a key."""
        document = {
            "text": value,
            "items": [value, value],
            "table": {"v": value},
            "records": [{"v": value, "more": [{"w": value}]}],
            value or "k": 1,
        }

        _written(document)

    @pytest.mark.parametrize("key", ["2024-25", "a b", "a.b", "", "é", 'q"'])
    def test_keys_are_quoted_only_where_toml_needs_it(self, key: str) -> None:
        """Bare keys are A-Z, a-z, 0-9, - and _; anything else is quoted."""
        text = _written({"t": {key: 1}})
        bare = bool(key) and all(
            c.isascii() and (c.isalnum() or c in "-_") for c in key
        )

        assert (f"{{ {key} = 1 }}" in text) == bare

    def test_a_value_toml_cannot_hold_is_refused(self) -> None:
        """None has no TOML spelling: tomli-w's TypeError, as before."""
        with pytest.raises(TypeError):
            _toml.dumps({"k": [None]})

    def test_a_key_that_is_not_text_is_refused(self) -> None:
        """TOML keys are strings."""
        with pytest.raises(TypeError, match="a key must be text"):
            _toml.dumps({"k": {1: "v"}})


_KEYS = st.text(st.characters(codec="utf-8"), max_size=8)
_SCALARS = (
    st.text(st.characters(codec="utf-8"), max_size=30)
    | st.integers(-(2**63), 2**63 - 1)
    | st.booleans()
)
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=8) | st.dictionaries(_KEYS, inner, max_size=6)
    ),
    max_leaves=40,
).map(lambda v: v if isinstance(v, dict) else {"value": v})


class TestAnyDocument:
    """TOML 1.0.0: whatever the nesting, the text reads back as the document."""

    @given(_DOCUMENTS)
    def test_any_document_reads_back_exactly(self, document: dict[str, Any]) -> None:
        """Tables, lists of tables, mixed lists, any keys and any text."""
        assert tomllib.loads(_toml.dumps(document)) == document

    @given(st.lists(st.text(st.characters(codec="ascii"), max_size=12), max_size=60))
    def test_lists_of_short_items_stay_within_the_width(self, items: list[str]) -> None:
        """No line of a list whose items each fit is wider than WIDTH."""
        text = _toml.dumps({"services": items})

        assert all(len(line) <= _toml.WIDTH for line in text.splitlines())


class TestPlans:
    def test_the_england_2024_25_plan_is_compact(self) -> None:
        """One [[arrangements]] per arrangement, periods and services inline."""
        landscape = scenarios.england_2024_25()
        text = io.dumps(landscape, format="toml")

        assert text.count("[[arrangements]]\n") == len(landscape.arrangements)
        assert 'period = { start = "2024-04-01" }' in text
        assert '\n    "2", "3", "4",' in text
        assert "[arrangements.period]" not in text

    def test_every_line_of_a_small_plan_is_within_the_width(self) -> None:
        """Where no single value is wider than the limit, no line is."""
        text = io.dumps(clean(), format="toml")

        assert max(len(line) for line in text.splitlines()) <= _toml.WIDTH


class TestNameFirst:
    @pytest.mark.parametrize("format", io.FORMATS)
    def test_a_plan_begins_with_its_name_and_description(
        self, format: io.Format
    ) -> None:
        """As a person writes one: `name`, then `description`, then the rest."""
        text = io.dumps(scenarios.england_2019_20(), format=format)
        first, second = [line.strip() for line in text.splitlines() if line != "{"][:2]

        assert first.startswith(
            ('name = "england_2019_20"', '"name": "england_2019_20"')
        )
        assert second.startswith(("description = ", '"description": '))

    def test_json_keys_follow_the_documented_order(self) -> None:
        """Name, description, what the plan is about, arrangements, money."""
        landscape = scenarios.england_2019_20()
        keys = list(json.loads(io.dumps(landscape, format="json")))

        assert keys == [k for k in LANDSCAPE_KEYS if k in keys]
        assert keys[:2] == ["name", "description"]

    def test_the_order_names_every_field_a_landscape_writes(self) -> None:
        """A new field would otherwise go last unnoticed."""
        fields = {f.name for f in attrs.fields(Landscape) if f.init}

        assert set(LANDSCAPE_KEYS) == fields
        assert len(LANDSCAPE_KEYS) == len(fields)
