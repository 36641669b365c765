"""speccom list, and a scenario name wherever a FILE is."""

from __future__ import annotations

import csv
import datetime as dt
import io as text_io
import json
from typing import TYPE_CHECKING

import pytest

from speccom_model import io, scenarios
from speccom_model.cli import LIST_KINDS, main

if TYPE_CHECKING:
    from pathlib import Path

NEWEST = scenarios.names()[-1]


def run(*args: str) -> tuple[int, str]:
    out = text_io.StringIO()
    status = main(list(args), out=out)
    return status, out.getvalue()


def json_rows(*args: str) -> dict[str, object]:
    status, text = run("list", *args, "--format", "json")
    assert status == 0
    data = json.loads(text)
    assert isinstance(data, dict)
    return data


class TestListFormats:
    @pytest.mark.parametrize("kind", LIST_KINDS)
    def test_json_csv_and_text_give_the_same_rows(self, kind: str) -> None:
        """One row per record in every format; CSV has a header, JSON numbers."""
        data = json_rows(kind, "--on", "2024-04-01")
        rows = data["rows"]
        assert isinstance(rows, list)
        assert rows
        status, text = run("list", kind, "--on", "2024-04-01", "--format", "csv")
        assert status == 0
        table = list(csv.DictReader(text_io.StringIO(text)))
        assert len(table) == len(rows)
        first = {k: v for k, v in rows[0].items() if k != "figures"}
        assert set(table[0]) == set(first)
        assert table[0]["name"] == rows[0]["name"]
        status, text = run("list", kind, "--on", "2024-04-01")
        assert status == 0
        assert text.startswith(f"speccom list {kind}: {len(rows)} ")
        assert len(text.splitlines()) == 2 + 1 + len(rows)

    def test_numbers_are_numbers_in_json(self) -> None:
        """Populations are integers, not text with commas."""
        places = json_rows("places", "--on", "2024-04-01")["rows"]
        services = json_rows("services", "--on", "2024-04-01")["rows"]
        assert isinstance(places, list)
        assert isinstance(services, list)
        assert all(isinstance(p["population"], int) for p in places)
        # Real services have no published planning population (null), the
        # illustrative ILL- ones an illustrative integer: never text.
        assert all(
            isinstance(s["planning_population"], int)
            if s["code"].startswith("ILL-")
            else s["planning_population"] is None
            for s in services
        )
        assert any(isinstance(s["planning_population"], int) for s in services)
        assert all(isinstance(s["highly_specialised"], bool) for s in services)

    def test_the_default_landscape_is_the_newest_scenario(self) -> None:
        """Said in --help, and named in the output."""
        assert json_rows("bodies", "--on", "2024-04-01")["landscape"] == NEWEST

    def test_scenarios_in_json_carry_their_figures_citations_structured(
        self,
    ) -> None:
        """Each figure's sources as title and URL fields, not text."""
        rows = json_rows("scenarios")["rows"]
        assert isinstance(rows, list)
        assert [r["name"] for r in rows] == list(scenarios.names())
        sources = [s for r in rows for f in r["figures"] for s in f.get("sources", ())]
        assert sources
        assert all(s["url"].startswith("https://") and s["title"] for s in sources)


class TestListOnADay:
    def test_bodies_are_those_that_existed_that_day(self) -> None:
        """CCGs on their last day (30 June 2022), gone the next."""
        before = json_rows(
            "bodies", "--on", "2022-06-30", "--landscape", "england_2019_20"
        )
        after = json_rows(
            "bodies", "--on", "2022-07-01", "--landscape", "england_2019_20"
        )
        assert isinstance(before["rows"], list)
        assert isinstance(after["rows"], list)
        kinds_before = {r["kind"] for r in before["rows"]}
        kinds_after = {r["kind"] for r in after["rows"]}
        assert "ccg" in kinds_before
        assert "ccg" not in kinds_after
        assert "00T" in {r["code"] for r in before["rows"]}

    def test_places_carry_their_commissioner_of_that_day(self) -> None:
        """A CCG area belongs to its CCG until 30 June 2022, and to none after."""
        landscape = scenarios.england_2019_20()
        for day, expected in (("2019-04-01", "00T"), ("2022-07-01", None)):
            rows = json_rows("places", "--on", day, "--landscape", "england_2019_20")
            assert isinstance(rows["rows"], list)
            bolton = next(r for r in rows["rows"] if r["code"] == "00T")
            assert bolton["commissioner"] == expected
            held = landscape.commissioner_of("00T", dt.date.fromisoformat(day))
            assert (None if held is None else held.code) == expected

    def test_no_services_before_the_catalogue_takes_effect(self) -> None:
        """The list in force on 31 March 2013 is not this catalogue."""
        rows = json_rows("services", "--on", "2013-03-31")["rows"]
        assert rows == []
        status, text = run("list", "services", "--on", "2013-03-31")
        assert status == 0
        assert text.startswith("speccom list services: 0 services")

    def test_bodies_from_a_plan_file(self, tmp_path: Path) -> None:
        """--landscape takes a file as well as a name."""
        path = tmp_path / "p.toml"
        io.dump(scenarios.england_2013_14(), path)
        rows = json_rows("bodies", "--on", "2013-04-01", "--landscape", str(path))
        assert rows["rows"] == [
            {
                "code": "X24",
                "name": "NHS England",
                "kind": "nhs-england",
                "region": None,
                "start": "2012-10-01",
                "end": None,
            }
        ]


class TestScenarioNamesAsFiles:
    def test_check_takes_a_scenario_name(self) -> None:
        """Speccom check england_2013_14: the overspend (a warning), exit 0."""
        status, text = run("check", "england_2013_14")
        assert status == 0
        assert "overspent by £377m" in text

    def test_summary_takes_a_scenario_name(self) -> None:
        """The summary is the scenario's."""
        status, text = run("summary", "england_2024_25", "--format", "json")
        assert status == 0
        assert json.loads(text)["landscape"] == "england_2024_25"

    def test_resolve_takes_a_scenario_name_for_its_landscape(
        self, tmp_path: Path
    ) -> None:
        """Bolton's area in 2019 is its CCG's."""
        activity = tmp_path / "a.csv"
        activity.write_text(
            "service,place,date\nILL-1,00T,2019-06-01\n", encoding="utf-8"
        )
        status, text = run("resolve", str(activity), "--landscape", "england_2019_20")
        assert status == 0
        assert text.splitlines()[1].startswith("ILL-1,00T,2019-06-01,X24")

    @pytest.mark.parametrize("command", ["check", "summary"])
    def test_a_word_that_is_neither_is_no_such_file_listing_the_names(
        self, command: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Exit 2, and the error names every scenario."""
        status, _ = run(command, "england_2019")
        assert status == 2
        err = capsys.readouterr().err
        assert "No such file or directory" in err
        assert all(name in err for name in scenarios.names())

    @pytest.mark.parametrize("kind", ["file", "directory"])
    def test_an_existing_path_named_like_a_scenario_wins(
        self,
        kind: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """./england_2013_14 is read (and refused), never shadowed by the scenario."""
        monkeypatch.chdir(tmp_path)
        path = tmp_path / "england_2013_14"
        if kind == "file":
            path.write_text(io.dumps(scenarios.england_2013_14()), encoding="utf-8")
        else:
            path.mkdir()
        status, _ = run("check", "england_2013_14")
        assert status == 2
        assert "expected a file ending .toml or .json" in capsys.readouterr().err

    def test_an_existing_plan_file_named_like_a_scenario_is_read(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """england_2019_20.toml in the folder is the file, not the scenario."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "england_2019_20.toml").write_text(
            io.dumps(scenarios.england_2013_14()), encoding="utf-8"
        )
        status, text = run("summary", "england_2019_20.toml", "--format", "json")
        assert status == 0
        assert json.loads(text)["landscape"] == "england_2013_14"

    def test_example_takes_a_scenario_file_of_ones_own(self, tmp_path: Path) -> None:
        """Parts beside the file; the plan written with the file's provenance."""
        (tmp_path / "mine.plan.toml").write_text(
            'name = "mine"\n[catalogue]\neffective = "2013-04-01"\nservices = []\n',
            encoding="utf-8",
        )
        (tmp_path / "mine.toml").write_text(
            'name = "mine"\ntitle = "Mine"\nyear = "2013-14"\n'
            'provenance = "illustrative"\n'
            'parts = ["reference:nhs_england", "mine.plan.toml"]\n',
            encoding="utf-8",
        )
        status, text = run("example", str(tmp_path / "mine.toml"))
        assert status == 0
        assert text.startswith("# mine: Mine\n#\n# illustrative\n")
        assert [c.code for c in io.loads(text).commissioners] == ["X24"]


def test_the_scenarios_list_names_no_day() -> None:
    """The shipped scenarios are the same on every day: the heading says no date."""
    status, text = run("list", "scenarios")

    first = text.splitlines()[0]
    assert (status, first) == (
        0,
        f"speccom list scenarios: {len(scenarios.SCENARIOS)} scenarios",
    )
