"""
Hostile input to the features of issue #11, and what each fault fixed now does.

The command-line cases are in ``tests/data/hostile/h11-*``; these are the ones
a corpus file cannot hold (a FIFO, a folder named like a scenario) and the
library-level guarantees behind them. Dates of the law: ICBs from 1 July 2022
(Health and Care Act 2022, https://www.legislation.gov.uk/ukpga/2022/31).
"""

from __future__ import annotations

import datetime as dt
import io as text_io
import json
import os
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import (
    ArrangementKind,
    InvalidValueError,
    ParseError,
    Period,
    Policy,
    UnknownReferenceError,
    check,
    io,
    scenarios,
)
from speccom_model.cli import main
from speccom_model.policy import BillProvision
from speccom_model.reference import ServiceLineCrosswalk, organisations
from tests.test_hostile import run_limited

if TYPE_CHECKING:
    from pathlib import Path

ICBS_FROM = dt.date(2022, 7, 1)
SOURCE = '{ title = "x", url = "https://www.legislation.gov.uk/ukpga/2006/41" }'

#: A body that was an STP until ICBs began, and a place renamed that day.
PLAN = """
name = "versions"

[catalogue]
effective = "2013-04-01"

[[catalogue.services]]
code = "1"
name = "Renal dialysis"
programme = "internal-medicine"
planning_population = 2000000

[[commissioners]]
code = "X24"
name = "NHS England"
kind = "nhs-england"
lifetime = { start = "2012-10-01" }

[[commissioners]]
code = "QE1"
name = "NHS Lancashire and South Cumbria ICB"
kind = "icb"
lifetime = { start = "2016-04-01" }
former = [
  { name = "Healthier Lancashire and South Cumbria", kind = "stp", until = "2022-07-01" },
]

[[places]]
code = "00T"
name = "Lancashire - 00T"
population = 300000
former_names = [{ name = "NHS Bolton CCG", until = "2022-07-01" }]
memberships = [{ commissioner = "QE1", period = { start = "2016-04-01" } }]
"""


def run(*args: str) -> tuple[int, str]:
    out = text_io.StringIO()
    status = main(list(args), out=out)
    return status, out.getvalue()


def listed(kind: str, on: dt.date, plan: Path) -> list[dict[str, object]]:
    status, text = run(
        "list",
        kind,
        "--on",
        on.isoformat(),
        "--landscape",
        str(plan),
        "--format",
        "json",
    )
    assert status == 0
    rows: list[dict[str, object]] = json.loads(text)["rows"]
    return rows


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "versions.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


class TestListNamesAsTheyWereThatDay:
    def test_a_body_is_listed_with_its_name_and_kind_of_the_day(
        self, plan: Path
    ) -> None:
        """QE1 was an STP on 30 June 2022: it was listed as the ICB it became."""
        before = {
            r["code"]: r for r in listed("bodies", ICBS_FROM - dt.timedelta(1), plan)
        }
        after = {r["code"]: r for r in listed("bodies", ICBS_FROM, plan)}

        assert before["QE1"]["name"] == "Healthier Lancashire and South Cumbria"
        assert before["QE1"]["kind"] == "stp"
        assert after["QE1"]["name"] == "NHS Lancashire and South Cumbria ICB"
        assert after["QE1"]["kind"] == "icb"

    def test_a_place_and_its_commissioner_are_named_as_they_were(
        self, plan: Path
    ) -> None:
        (before,) = listed("places", ICBS_FROM - dt.timedelta(1), plan)
        (after,) = listed("places", ICBS_FROM, plan)

        assert before["name"] == "NHS Bolton CCG"
        assert before["commissioner_name"] == "Healthier Lancashire and South Cumbria"
        assert after["name"] == "Lancashire - 00T"
        assert after["commissioner_name"] == "NHS Lancashire and South Cumbria ICB"


class TestFixedWordsOnTheCommandLine:
    @pytest.mark.parametrize(
        ("args", "same_as"),
        [
            (
                ["list", "BODIES", "--format", " Json"],
                ["list", "bodies", "--format", "json"],
            ),
            (
                ["list", "places", "--format", "CSV"],
                ["list", "places", "--format", "csv"],
            ),
            (["check", "--format", "JSON"], ["check", "--format", "json"]),
            (["summary", "--format", "Text "], ["summary", "--format", "text"]),
        ],
    )
    def test_any_case_and_outer_spaces_read_as_the_word(
        self, args: list[str], same_as: list[str]
    ) -> None:
        on = ["--on", "2024-04-01"] if args[0] == "list" else []
        assert run(*args, *on) == run(*same_as, *on)

    def test_list_scenarios_refuses_a_landscape_it_would_ignore(
        self, plan: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, text = run("list", "scenarios", "--landscape", str(plan))

        assert (status, text) == (2, "")
        assert "--landscape: expected no --landscape with 'list scenarios'" in (
            capsys.readouterr().err
        )

    def test_a_folder_named_like_a_scenario_says_why_it_was_not_used(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        monkeypatch.chdir(tmp_path)
        name = scenarios.names()[0]
        (tmp_path / name).mkdir()

        status, _ = run("summary", name)

        err = capsys.readouterr().err
        assert status == 2
        assert (
            "expected a file ending .toml or .json (a path with the scenario's " in err
        )
        assert "rename or move it, or run from another folder" in err


def law_window(kind: str) -> object:
    return Policy().arrangement_windows[kind]


class TestPolicyFilesGiveOnlyWhatTheyChange:
    def test_one_window_given_keeps_the_laws_for_every_other_kind(self) -> None:
        """Given alone, it used to replace the whole table: every other kind unlawful."""
        text = f"""
name = "later-delegation"
[arrangement_windows.icb-delegation]
start = 2023-04-01
source = [{SOURCE}]
"""
        policy = io.loads(text, format="toml", type=Policy)

        assert policy.arrangement_windows["icb-delegation"].start == dt.date(2023, 4, 1)
        others = set(Policy().arrangement_windows) - {"icb-delegation"}
        assert others
        for kind in others:
            assert policy.arrangement_windows[kind] == law_window(kind)

    def test_a_restated_window_judges_as_the_law_does(self) -> None:
        """A file restating one window as the law has it: the same findings."""
        window = Policy().arrangement_windows["pooled-budget"]
        data = {
            "name": "restated",
            "arrangement_windows": {
                "Pooled Budget": io.converter().unstructure(window)
            },
        }
        policy = io.loads(json.dumps(data), format="json", type=Policy)
        landscape = scenarios.get("england_2019_20").build()

        assert policy.arrangement_windows == Policy().arrangement_windows
        assert check(landscape, policy=policy).findings == check(landscape).findings

    def test_budget_windows_left_out_follow_the_files_own_dates(self) -> None:
        text = f"""
name = "late-icbs"
icbs_from = 2023-01-01
ccg_last_day = 2022-12-31
[budget_windows.nhs-england]
start = 2012-10-01
source = [{SOURCE}]
"""
        policy = io.loads(text, format="toml", type=Policy)

        assert policy.budget_windows["icb"].start == dt.date(2023, 1, 1)
        assert policy.budget_windows["ccg"].end == dt.date(2023, 1, 1)

    @given(
        st.dictionaries(
            st.sampled_from([k.value for k in ArrangementKind]),
            st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
            max_size=4,
        )
    )
    def test_the_windows_are_the_laws_with_the_files_over_them(
        self, starts: dict[str, dt.date]
    ) -> None:
        """Whatever kinds a file gives, the rest are the law's, unchanged."""
        windows = {
            kind: {
                "start": day.isoformat(),
                "source": [{"title": "x", "url": "https://example.org/"}],
            }
            for kind, day in starts.items()
        }
        data = {"name": "p", "arrangement_windows": windows}
        policy = io.loads(json.dumps(data), format="json", type=Policy)

        law = Policy().arrangement_windows
        assert set(policy.arrangement_windows) == set(law) | set(starts)
        for kind, window in policy.arrangement_windows.items():
            if kind in starts:
                assert window.start == starts[kind]
            else:
                assert window == law[kind]

    def test_a_misspelt_kind_is_refused_when_the_file_is_read(self) -> None:
        text = f"""
[budget_windows.ICB_]
start = 2022-07-01
source = [{SOURCE}]
"""
        with pytest.raises(ParseError) as caught:
            io.loads(text, format="toml", type=Policy, source="p.toml")

        assert str(caught.value).startswith('p.toml: budget_windows["ICB_"]: expected')
        assert "(did you mean 'icb'?)" in str(caught.value)


def provision(**fields: object) -> BillProvision:
    values: dict[str, object] = {
        "provision": "clause 1",
        "effect": "abolish NHS England",
        "commencement_note": "assumed",
        "source": Policy().icbs_source,
    }
    return BillProvision(**(values | fields))  # type: ignore[arg-type]


class TestBillProvisions:
    def test_a_misspelt_kind_reaches_nothing_so_is_refused(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            provision(affects=["pooled-budget", "pooled budget"])

        assert caught.value.field == "affects[1]"
        assert "(did you mean 'pooled-budget'?)" in str(caught.value)

    def test_commencement_before_not_before_is_refused(self) -> None:
        with pytest.raises(InvalidValueError, match="on or after not_before"):
            provision(commencement=dt.date(2026, 1, 1), not_before=dt.date(2026, 6, 26))

    def test_commencement_on_not_before_is_read(self) -> None:
        day = dt.date(2026, 6, 26)
        change = provision(commencement=day, not_before=day, affects=["pooled-budget"])

        assert change.starts_by(day) is True


class TestCrosswalkFiles:
    def test_a_fifo_is_refused_without_waiting_for_a_writer(
        self, tmp_path: Path
    ) -> None:
        """It blocked for ever on the open (run_limited fails a hang)."""
        work = tmp_path / "work"
        work.mkdir()
        fifo = tmp_path / "crosswalk.csv"
        os.mkfifo(fifo)
        activity = tmp_path / "a.csv"
        activity.write_text("service,place,date\n1,QE1,2024-04-01\n", encoding="utf-8")

        status, out, err, _ = run_limited(
            ["resolve", str(activity), "--crosswalk", str(fifo)], cwd=work
        )

        assert (status, out) == (2, "")
        assert "file: expected a regular file, not a FIFO (named pipe)" in err

    def test_a_nul_in_the_path_is_a_parse_error(self) -> None:
        with pytest.raises(ParseError, match="a path without a NUL character"):
            io.load_crosswalk("cross\x00walk.csv")

    @pytest.mark.parametrize("services", [None, "30", 30, [30]])
    def test_check_against_refuses_what_is_no_catalogue(self, services: object) -> None:
        crosswalk = ServiceLineCrosswalk(mapping={"NCBPS32A": "30"})

        with pytest.raises(InvalidValueError, match="a catalogue, or an iterable"):
            crosswalk.check_against(services)  # type: ignore[arg-type]

    def test_an_unhashable_line_is_an_unknown_one(self) -> None:
        crosswalk = ServiceLineCrosswalk(mapping={"NCBPS32A": "30"})

        assert [] not in crosswalk
        assert crosswalk.get([]) is None  # type: ignore[arg-type]
        with pytest.raises(UnknownReferenceError):
            crosswalk.manual_number([])  # type: ignore[arg-type]


class TestDatesAtTheEdges:
    def test_no_period_ends_after_the_last_date(self) -> None:
        with pytest.raises(InvalidValueError, match="last_day: expected a day before"):
            Period.through(dt.date(2020, 1, 1), dt.date.max)

    def test_a_policy_with_the_last_date_is_refused_not_overflowed(self) -> None:
        with pytest.raises(InvalidValueError, match="ccg_last_day"):
            Policy(ccg_last_day=dt.date.max)

    @given(st.dates(), st.booleans())
    def test_a_toml_date_is_refused_or_written_and_read_back(
        self, day: dt.date, inclusive: bool
    ) -> None:
        """
        A TOML date outside 1900..9998 loaded, and its text could not be read.

        Dates run from 1 April 1900 to 31 December 9998 (a period's end is
        after its start; a last day is followed by the end that is written).
        """
        key = "last_day" if inclusive else "end"
        text = PLAN[: PLAN.index('[[commissioners]]\ncode = "QE1"')] + (
            f'[[commissioners]]\ncode = "00C"\nname = "NHS Darlington CCG"\n'
            f'kind = "ccg"\nlifetime = {{ start = 1900-04-01, {key} = {day} }}\n'
        )
        first, last = (
            (dt.date(1900, 4, 1), dt.date(9998, 12, 30))
            if inclusive
            else (dt.date(1900, 4, 2), dt.date(9998, 12, 31))
        )
        if not first <= day <= last:
            with pytest.raises(ParseError, match=f"lifetime.{key}"):
                io.loads(text, format="toml")
            return
        landscape = io.loads(text, format="toml")
        assert io.loads(io.dumps(landscape), format="toml") == landscape


class TestPolicyIdentityAndRoutes:
    def test_a_routes_stages_read_in_any_spelling(self) -> None:
        text = f"""
[[approval_routes]]
applies_from = 2019-04-01
stages = ["Business Case", "regional_team", "national-panel", "BOARD-COMMITTEE"]
source = [{SOURCE}]
"""
        policy = io.loads(text, format="toml", type=Policy)

        assert policy.approval_routes[0].stages == (
            "business-case",
            "regional-team",
            "national-panel",
            "board-committee",
        )

    def test_a_policy_built_with_an_unknown_stage_is_refused_by_check(self) -> None:
        route = attrs.evolve(Policy().approval_routes[0], stages=("panel",))
        policy = attrs.evolve(Policy(), approval_routes=[route])

        with pytest.raises(
            InvalidValueError, match=r"approval_routes\[0\]\.stages\[0\]"
        ):
            check(scenarios.get("england_2019_20").build(), policy=policy)

    @pytest.mark.parametrize("field", ["name", "title"])
    def test_a_line_break_in_the_name_or_title_is_refused(self, field: str) -> None:
        with pytest.raises(InvalidValueError, match="one line of text"):
            Policy(**{field: "law\nResult: no errors"})  # type: ignore[arg-type]


class TestTheShippedTimeline:
    @pytest.mark.parametrize("code", [[], {}, None, "qe1", "QE1 "])
    def test_a_code_it_does_not_hold_is_unknown_whatever_its_type(
        self, code: object
    ) -> None:
        """An unhashable code raised a bare TypeError."""
        with pytest.raises(
            UnknownReferenceError, match="a body of the shipped timeline"
        ):
            organisations().body(code)  # type: ignore[arg-type]
