"""The JSON Schema: valid Draft 2020-12, derived from the model, agreeing with the loader."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

from speccom_model import io, scenarios

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
