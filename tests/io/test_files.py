"""Files: lossless round trips, exact money, and clear errors for bad input."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from speccom_model import (
    FinancialYear,
    Landscape,
    ParseError,
    Policy,
    gbp,
    io,
    persons,
    scenarios,
)
from tests.rules.builders import clean

BAD = Path(__file__).parents[1] / "data" / "bad"
EXPECTED = tomllib.loads((BAD / "expected.toml").read_text("utf-8"))


class TestRoundTrip:
    @pytest.mark.parametrize("scenario", scenarios.SCENARIOS, ids=lambda s: s.name)
    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_every_scenario_round_trips_exactly(
        self, scenario: scenarios.Scenario, fmt: io.Format
    ) -> None:
        """load(dump(x)) == x, to the penny."""
        landscape = scenario.build()

        assert io.loads(io.dumps(landscape, format=fmt), format=fmt) == landscape

    def test_files_on_disk_round_trip(self, tmp_path: Path) -> None:
        """Dump then load, by suffix."""
        for name in ("plan.toml", "plan.json"):
            io.dump(clean(), tmp_path / name)

            assert io.load(tmp_path / name) == clean()

    def test_money_is_written_exactly(self) -> None:
        """Every penny, in the sector's notation."""
        data = json.loads(io.dumps(scenarios.england_2013_14(), format="json"))

        assert data["allocations"][0]["amount"] == "£13,000,000,000"
        assert (
            io.dumps(gbp("£17,712,345,678.12"), format="json").strip()
            == '"£17,712,345,678.12"'
        )

    def test_money_is_read_in_any_form_gbp_takes(self) -> None:
        """A person can write £1.7bn."""
        text = io.dumps(clean()).replace('amount = "£100,000,000"', 'amount = "£0.1bn"')

        assert io.loads(text) == clean()

    def test_populations_may_be_written_in_words(self) -> None:
        """'1,852,079' and '10 million' read as persons."""
        text = io.dumps(clean()).replace(
            "population = 1852079", 'population = "1,852,079"'
        )

        assert io.loads(text).place("QE1").population == persons(1_852_079)

    def test_years_may_be_written_the_nhs_england_way(self) -> None:
        """'2024/25' is read as 2024-25."""
        text = io.dumps(clean()).replace(
            '2024-25 = "£12,000,000"', '"2024/25" = "£12,000,000"'
        )

        assert io.loads(text).arrangement("A1").transferred(FinancialYear(2024)) == gbp(
            "£12m"
        )

    def test_toml_dates_are_read(self) -> None:
        """Native TOML dates as well as ISO text."""
        text = io.dumps(clean()).replace('start = "2024-04-01"', "start = 2024-04-01")

        assert io.loads(text) == clean()

    def test_defaults_are_left_out(self) -> None:
        """No nulls, no false flags: a short file."""
        text = io.dumps(clean())

        assert "highly_specialised = false" not in text
        assert "null" not in io.dumps(clean(), format="json")

    def test_a_policy_round_trips(self) -> None:
        """Policy files for speccom check --policy."""
        assert io.loads(io.dumps(Policy()), type=Policy) == Policy()

    def test_a_short_policy_file_keeps_the_defaults(self) -> None:
        """Only what changes need be written."""
        policy = io.loads('joint_planning_population_limit = "5 million"', type=Policy)

        assert policy.joint_planning_population_limit == persons(5_000_000)
        assert policy.icbs_from == Policy().icbs_from


class TestCodecs:
    def test_both_json_codecs_write_the_same_bytes(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Orjson (the fast extra) or the standard library: identical files."""
        import speccom_model.io as io_module

        landscape = scenarios.england_2019_20()
        fast = io.dumps(landscape, format="json")
        monkeypatch.setattr(io_module, "_orjson", None)

        assert io.dumps(landscape, format="json") == fast
        assert io.loads(fast, format="json") == landscape

    def test_json_syntax_errors_give_the_line_with_either_codec(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The standard library explains what orjson refuses."""
        import speccom_model.io as io_module

        for codec in (io_module._orjson, None):
            monkeypatch.setattr(io_module, "_orjson", codec)
            with pytest.raises(ParseError) as caught:
                io.loads('{\n"a": 1,\n}', format="json")
            assert caught.value.line == 3


class TestErrors:
    @pytest.mark.parametrize("name", sorted(EXPECTED), ids=str)
    def test_each_malformed_file_gives_its_code_and_path(self, name: str) -> None:
        """The corpus under tests/data/bad: every problem named where it is."""
        with pytest.raises(ParseError) as caught:
            io.load(BAD / name)

        found = [(p.code, p.field) for p in caught.value.problems or (caught.value,)]
        assert (EXPECTED[name]["code"], EXPECTED[name]["path"]) in found
        assert str(BAD / name) in str(caught.value) or caught.value.file == str(
            BAD / name
        )

    def test_the_corpus_is_at_least_thirty_files(self) -> None:
        """And every file in the folder is in the manifest."""
        files = {p.name for p in BAD.iterdir() if p.name != "expected.toml"}

        assert len(files) >= 30
        assert files == set(EXPECTED)

    def test_several_problems_are_reported_together(self) -> None:
        """One error, every problem listed with its path."""
        text = (
            io.dumps(clean())
            .replace('receiver = "QE1"', 'recevier = "QE1"')
            .replace('programme = "cancer"', 'programme = "cancr"', 1)
        )

        with pytest.raises(ParseError) as caught:
            io.loads(text, source="plan.toml")

        message = str(caught.value)
        assert message.startswith("plan.toml: 3 problems:")
        assert (
            "arrangements[0].recevier: expected a field of DelegationArrangement (did you mean 'receiver'?)"
            in message
        )
        assert "catalogue.services[0].programme" in message

    def test_syntax_errors_give_the_line(self) -> None:
        """TOML and JSON say where."""
        with pytest.raises(ParseError) as toml_error:
            io.loads("a = 1\nb = = 2\n", source="plan.toml")
        with pytest.raises(ParseError) as json_error:
            io.loads('{\n"a": 1,\n}', format="json", source="plan.json")

        assert (toml_error.value.line, json_error.value.line) == (2, 3)
        assert str(json_error.value).startswith("plan.json:3: ")

    def test_non_utf8_gives_the_line(self, tmp_path: Path) -> None:
        """Latin-1 £ on line 2."""
        path = tmp_path / "plan.toml"
        path.write_bytes(b'name = "x"\ndescription = "\xa3"\n')

        with pytest.raises(ParseError, match="UTF-8") as caught:
            io.load(path)

        assert caught.value.line == 2

    def test_a_file_over_the_size_limit_is_refused_unread(self, tmp_path: Path) -> None:
        """The limit is configurable."""
        path = tmp_path / "plan.toml"
        path.write_text(io.dumps(clean()), encoding="utf-8")

        with pytest.raises(ParseError, match="at most 100 bytes"):
            io.load(path, max_bytes=100)

    def test_a_missing_file_is_a_parse_error(self, tmp_path: Path) -> None:
        """Not a bare OSError."""
        with pytest.raises(ParseError, match="readable file"):
            io.load(tmp_path / "missing.toml")

    def test_an_unknown_format_is_refused(self) -> None:
        """Only TOML and JSON."""
        with pytest.raises(ParseError, match="'toml' or 'json'"):
            io.loads("x", format="yaml")  # type: ignore[call-overload]
        with pytest.raises(ParseError, match="'toml' or 'json'"):
            io.dumps(clean(), format="yaml")  # type: ignore[arg-type]

    def test_a_utf8_byte_order_mark_is_tolerated(self, tmp_path: Path) -> None:
        """Spreadsheet tools write one."""
        path = tmp_path / "plan.toml"
        path.write_bytes(b"\xef\xbb\xbf" + io.dumps(clean()).encode("utf-8"))

        assert io.load(path) == clean()

    def test_each_problem_keeps_its_own_class(self) -> None:
        """An unknown reference is an UnknownReferenceError inside the ParseError."""
        from speccom_model import UnknownReferenceError

        text = io.dumps(clean()).replace('receiver = "QE1"', 'receiver = "QXX"')

        with pytest.raises(ParseError) as caught:
            io.loads(text)

        assert isinstance(caught.value.problems[0], UnknownReferenceError)

    def test_a_failed_dump_leaves_no_file(self, tmp_path: Path) -> None:
        """Written whole or not at all."""
        with pytest.raises(ParseError):
            io.dump(clean(), tmp_path / "plan.yaml")

        assert list(tmp_path.iterdir()) == []

    def test_landscape_is_the_default_type(self) -> None:
        """loads() builds a Landscape unless asked otherwise."""
        assert isinstance(io.loads(io.dumps(clean())), Landscape)
