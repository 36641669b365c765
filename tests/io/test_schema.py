"""The JSON Schema: valid Draft 2020-12, derived from the model, agreeing with the loader."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
import regress

import speccom_model
from speccom_model import io, scenarios
from speccom_model.io._converter import LANDSCAPE_KEYS

if TYPE_CHECKING:
    from collections.abc import Iterator

VALIDATOR = jsonschema.Draft202012Validator(io.schema())
BAD = Path(__file__).parents[1] / "data" / "bad"


def test_the_schema_is_valid_draft_2020_12() -> None:
    """Jsonschema checks the schema itself."""
    jsonschema.Draft202012Validator.check_schema(io.schema())


@pytest.mark.parametrize("scenario", scenarios.SCENARIOS, ids=lambda s: s.name)
def test_every_dumped_scenario_validates(scenario: scenarios.Scenario) -> None:
    """What we write, the schema accepts."""
    data = json.loads(io.dumps(scenario.build(), format="json"))

    assert list(VALIDATOR.iter_errors(data)) == []


#: Malformed files whose fault is one of shape or type (not of meaning, such as
#: an unknown reference or a date that does not exist), which the schema sees too.
SHAPE_FAULTS = [
    "misspelt-receiver.toml",
    "unknown-top-level-field.toml",
    "money-as-boolean.toml",
    "unknown-arrangement-kind.toml",
    "unknown-programme.toml",
    "bad-service-code.toml",
    "missing-catalogue.toml",
    "services-as-text.toml",
    "population-negative.toml",
    "name-as-number.toml",
    "unknown-approval-stage.toml",
    "flag-as-text.toml",
    "unknown-period-field.toml",
]


@pytest.mark.parametrize("name", SHAPE_FAULTS)
def test_malformed_files_are_rejected_by_the_schema(name: str) -> None:
    """The schema and the loader agree on shape."""
    data = tomllib.loads((BAD / name).read_text("utf-8"))

    assert list(VALIDATOR.iter_errors(data)) != []


def test_the_schema_follows_the_model() -> None:
    """Every init field of a class is a property; fields without defaults are required."""
    import attrs

    from speccom_model import DelegationArrangement

    arrangement = io.schema()["$defs"]["DelegationArrangement"]

    assert set(arrangement["properties"]) == {
        f.name for f in attrs.fields(DelegationArrangement) if f.init
    }
    assert set(arrangement["required"]) == {
        "id",
        "kind",
        "receiver",
        "services",
        "places",
        "period",
    }
    assert arrangement["additionalProperties"] is False


def _patterns(node: object) -> Iterator[str]:
    """Every ``pattern`` anywhere in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item)


PATTERNS = sorted(set(_patterns(io.schema())))


def _ecma(pattern: str) -> list[regress.Regex]:
    """The pattern compiled as ECMA-262, without and with the unicode flag (ajv)."""
    return [regress.Regex(pattern), regress.Regex(pattern, "u")]


class TestPatternsAreEcma262:
    """JSON Schema 2020-12 §6.4: a pattern is an ECMA-262 regular expression."""

    @pytest.mark.parametrize("pattern", PATTERNS)
    def test_each_pattern_compiles_as_ecma_262(self, pattern: str) -> None:
        """Regress, an ECMA-262 engine, compiles it: no (?i), no Python-only syntax."""
        assert len(_ecma(pattern)) == 2

    @pytest.mark.parametrize("pattern", PATTERNS)
    def test_each_pattern_is_anchored_at_both_ends(self, pattern: str) -> None:
        """A whole value is checked, not a part of it."""
        assert pattern.startswith("^")
        assert pattern.endswith("$")

    def test_an_inline_flag_is_not_ecma_262(self) -> None:
        """The engine does refuse what ajv and editors refuse."""
        with pytest.raises(regress.RegressError):
            regress.Regex(r"(?i)^a$")


def _prop(*path: str) -> dict[str, Any]:
    node: Any = io.schema()["$defs"]
    for part in path:
        node = node[part]
    return dict(node)


def _string_pattern(node: dict[str, Any]) -> str:
    """The pattern of a property's string form."""
    for option in [node, *node.get("anyOf", [])]:
        if option.get("type") == "string" and "pattern" in option:
            return str(option["pattern"])
    raise AssertionError(node)  # pragma: no cover - every case below has one


#: (property path, values the reader accepts, values it refuses): the schema's
#: pattern must say the same, read by Python's re and by an ECMA-262 engine.
AGREEMENT = [
    (
        ("Allocation", "properties", "amount"),
        ["£1,700,000,000", "£1.7bn", "£377m", " £5m ", "£0.50", "1.7 bn GBP", "5"],
        ["five pounds", "£", "£5m!", "£5m; drop", "5 £"],
    ),
    (
        ("Allocation", "properties", "year"),
        ["2019-20", "2019/20", "FY2019/20", "fy 2019-20", "2019-2020", "2019–20"],
        ["2019", "19-20", "2019-2", "twenty", "2019-20x", "٢٠١٩-٢٠"],
    ),
    (
        ("Period", "properties", "start"),
        ["2019-04-01", "2024-02-29"],
        # The schema gives dates in their written ISO form; the reader also takes
        # free-form dates ("1 April 2019", "2019-4-1"), so none is listed here.
        ["2024-W01-1", "٢٠١٩-04-01", "2019-04-01x"],
    ),
    (
        ("Service", "properties", "code"),
        ["1", "2A", "29", "131"],
        ["0", "2a", "1000", "01", "29\n", " 29", "A"],
    ),
    (
        ("Commissioner", "properties", "kind"),
        ["icb", "ICB", " icb ", "NHS England", "nhs_england", "NHS-England-Region"],
        ["NHS England Board", "i c b", "icbs", "nhs england x", "-icb", "Integrated"],
    ),
    (
        ("DelegationArrangement", "properties", "id"),
        ["A1", "ICB-QE1", "a.b_c"],
        ["", "-A1", "A 1", "A1\n", "x" * 65],
    ),
]


@pytest.mark.parametrize(
    ("path", "valid", "invalid"), AGREEMENT, ids=[".".join(a[0]) for a in AGREEMENT]
)
def test_python_ecma_and_the_reader_agree_on_representative_values(
    path: tuple[str, ...], valid: list[str], invalid: list[str]
) -> None:
    """Each value is accepted by all three, or refused by all three."""
    pattern = _string_pattern(_prop(*path))
    engines = _ecma(pattern)
    cls_name, _, field = path
    for value in valid + invalid:
        python = re.fullmatch(pattern, value) is not None
        ecma = [engine.find(value) is not None for engine in engines]
        assert ecma == [python, python], (pattern, value)
        assert python is (value in valid), (pattern, value)
        reader = _reader_accepts(cls_name, field, value)
        if reader is not None:
            assert reader is python, (cls_name, field, value)


def _reader_accepts(cls_name: str, field: str, value: str) -> bool | None:
    """Whether the reader takes ``value`` for the field (None: not checked alone)."""
    from speccom_model.io._converter import structure

    samples: dict[str, tuple[type[Any], dict[str, Any]]] = {
        "Allocation": (
            speccom_model.Allocation,
            {"year": "2019-20", "amount": "£1", "source": "x"},
        ),
        "Period": (speccom_model.Period, {"start": "2019-04-01"}),
        "Service": (
            speccom_model.Service,
            {"code": "1", "name": "x", "programme": "cancer", "planning_population": 1},
        ),
        "Commissioner": (
            speccom_model.Commissioner,
            {
                "code": "X24",
                "name": "x",
                "kind": "icb",
                "lifetime": {"start": "2022-07-01"},
            },
        ),
    }
    if cls_name not in samples:
        return None
    cls, data = samples[cls_name]
    try:
        structure({**data, field: value}, cls)
    except speccom_model.ParseError as err:
        return all(p.field != field for p in err.problems)
    except speccom_model.SpeccomError:
        return True  # the value was read; the object refused another field
    return True


def _numbered(data: Any) -> Any:
    """The plan with each digits-only service reference in an arrangement an int."""
    for arrangement in data.get("arrangements", []):
        arrangement["services"] = [
            int(s) if s.isdigit() else s for s in arrangement["services"]
        ]
    return data


@pytest.mark.parametrize(
    ("value", "valid"),
    [(1, True), (999, True), (0, False), (1000, False), (True, False)],
)
def test_the_schema_takes_manual_numbers_as_the_reader_does(
    value: object, valid: bool
) -> None:
    """Services = [1] validates and reads; [0], [1000] and [true] do neither."""
    landscape = scenarios.ccg_cocommissioning_2014()
    data = _numbered(json.loads(io.dumps(landscape, format="json")))
    assert list(VALIDATOR.iter_errors(data)) == []
    assert io.loads(json.dumps(data), format="json") == landscape
    data["arrangements"][0]["services"] = [value]

    schema_ok = list(VALIDATOR.iter_errors(data)) == []
    try:
        io.loads(json.dumps(data), format="json")
    except speccom_model.ParseError as err:
        reader_ok = all(".services[" not in p.field for p in err.problems)
    else:
        reader_ok = True

    assert (schema_ok, reader_ok) == (valid, valid)


class TestLastDay:
    """A period takes 'end' or 'last_day', as the reader does, never both."""

    def _plan(self, lifetime: str) -> dict[str, Any]:
        return tomllib.loads(
            (
                Path(__file__).parents[1]
                / "data"
                / "hostile"
                / "ver-end-and-last-day.toml"
            )
            .read_text("utf-8")
            .replace(
                'end = "2022-07-01"\nlast_day = "2022-06-30"',
                lifetime,
            )
        )

    @pytest.mark.parametrize(
        ("lifetime", "end"),
        [
            ('end = "2022-07-01"', dt.date(2022, 7, 1)),
            ('last_day = "2022-06-30"', dt.date(2022, 7, 1)),
            ("", None),
        ],
    )
    def test_either_key_or_neither_validates_and_reads(
        self, lifetime: str, end: dt.date | None
    ) -> None:
        data = self._plan(lifetime)

        assert list(VALIDATOR.iter_errors(data)) == []
        read = io.loads(json.dumps(data), format="json")
        assert read.commissioner("00C").lifetime.end == end

    def test_both_keys_are_rejected(self) -> None:
        data = self._plan('end = "2022-07-01"\nlast_day = "2022-06-30"')

        assert list(VALIDATOR.iter_errors(data)) != []


class TestPropertyOrder:
    def test_a_landscapes_properties_come_in_the_order_files_are_written(
        self,
    ) -> None:
        """An editor offers `name` first, then the keys as `io.dumps` writes them."""
        assert tuple(io.schema()["properties"]) == LANDSCAPE_KEYS
