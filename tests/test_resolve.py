"""The bulk resolver and speccom resolve."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from speccom_model import (
    InvalidValueError,
    Resolution,
    check,
    io,
    reference,
    scenarios,
)
from speccom_model.resolving import Resolver
from tests.test_cli import run

ACTIVITY = (
    "id,service,place,date,cost\n"
    "1,7,01A,2024-04-01,5\n"
    "2,7,01A,2023-06-01,6\n"
    "3,1,72Q,01/05/2024,7\n"
    "4,999,01A,2024-04-01,8\n"
    "5,7,01A,not a date,9\n"
    "6,1\n"
)


class TestResolver:
    def test_answers_and_problems(self) -> None:
        """Known rows resolve; unknown codes and non-dates are row problems."""
        england = scenarios.england_2024_25()

        answers = Resolver(england).resolve(
            [
                ("7", "01A", dt.date(2024, 4, 1)),
                ("1", "Q99", dt.date(2024, 4, 1)),
                ("7", "01A", "2024"),  # type: ignore[list-item]
            ]
        )

        assert answers == [
            Resolution("X24", "QE1", "QE1", "DEL-QE1"),
            Resolution(None, None, None, None, "unknown place 'Q99'"),
            Resolution(None, None, None, None, "expected a date, got '2024'"),
        ]

    def test_a_datetime_is_not_a_date(self) -> None:
        """Datetime compares unequal to every date: refused, not guessed."""
        (answer,) = Resolver(scenarios.england_2024_25()).resolve(
            [("7", "01A", dt.datetime(2024, 4, 1))]
        )

        assert answer.problem is not None

    def test_any_iterable_is_accepted(self) -> None:
        """A generator of rows."""
        rows = (("7", "01A", dt.date(2024, 4, 1 + n)) for n in range(3))

        assert [
            a.commissioner for a in Resolver(scenarios.england_2024_25()).resolve(rows)
        ] == ["QE1"] * 3

    def test_columns_must_be_of_one_length(self) -> None:
        """Three columns, one length."""
        with pytest.raises(InvalidValueError, match="columns"):
            Resolver(scenarios.england_2024_25()).resolve_columns(["1"], [], [])

    def test_a_resolver_from_the_table_answers_as_one_from_the_landscape(
        self,
    ) -> None:
        """from_table indexes the same rows the landscape's resolver does."""
        england = scenarios.england_2024_25()
        built = Resolver(england)
        rows = [
            (row.service, row.place, row.valid_from)
            for row in built.table
            if row.valid_from > dt.date.min
        ]

        assert Resolver.from_table(built.table).resolve(rows) == built.resolve(rows)
        assert {answer.commissioner for answer in built.resolve(rows)} >= {
            "X24",
            "QE1",
        }


class TestNational:
    def test_england_sized_by_default_and_lawful(self) -> None:
        """150 services, 42 places, 3 years; a clean report."""
        plan = scenarios.national()

        assert (len(plan.catalogue), len(plan.places), len(plan.years())) == (
            150,
            42,
            3,
        )
        assert check(plan).findings == ()

    def test_larger_plans_stay_lawful(self) -> None:
        """Scaled up, still clean."""
        assert (
            check(scenarios.national(places=168, services=60, years=2)).findings == ()
        )

    def test_impossible_sizes_are_refused(self) -> None:
        """No empty plans."""
        with pytest.raises(InvalidValueError):
            scenarios.national(places=0)


class TestCommand:
    def test_rows_are_written_back_with_the_answer(self, tmp_path: Path) -> None:
        """Bad rows are reported by line and do not stop the run (exit 1)."""
        (tmp_path / "a.csv").write_text(ACTIVITY, encoding="utf-8")

        result = run("resolve", "a.csv", cwd=tmp_path)

        assert result.returncode == 1
        assert result.stdout.splitlines() == [
            "id,service,place,date,cost,accountable,commissioner,payer,arrangement",
            "1,7,01A,2024-04-01,5,X24,QE1,QE1,DEL-QE1",
            "2,7,01A,2023-06-01,6,X24,JC-Y62,X24,JC-Y62-2023",
            "3,1,72Q,01/05/2024,7,X24,X24,X24,",
            "4,999,01A,2024-04-01,8,,,,",
            "5,7,01A,not a date,9,,,,",
            "6,1,,,,,,,",
        ]
        assert "a.csv:5: unknown service '999'" in result.stderr
        assert "a.csv:6: date: expected a date written as '2019-04-01'" in result.stderr
        assert "a.csv:7: expected 5 fields as in the header, got 2" in result.stderr
        assert "Traceback" not in result.stderr

    def test_the_three_answers_are_columns_in_order(self, tmp_path: Path) -> None:
        """A joint committee's money is NHS England's, an ICB delegation's the ICB's."""
        (tmp_path / "a.csv").write_text(
            "service,place,date\n7,01A,2023-06-01\n7,01A,2024-06-01\n",
            encoding="utf-8",
        )

        result = run("resolve", "a.csv", cwd=tmp_path)

        assert (result.returncode, result.stderr) == (0, "")
        assert result.stdout.splitlines() == [
            "service,place,date,accountable,commissioner,payer,arrangement",
            "7,01A,2023-06-01,X24,JC-Y62,X24,JC-Y62-2023",
            "7,01A,2024-06-01,X24,QE1,QE1,DEL-QE1",
        ]

    @pytest.mark.parametrize("taken", ["accountable", "Commissioner", " payer "])
    def test_an_input_with_an_answer_column_is_refused(
        self, tmp_path: Path, taken: str
    ) -> None:
        """Re-running on its own output would write each answer column twice."""
        (tmp_path / "a.csv").write_text(
            f"service,place,date,{taken}\n7,01A,2024-06-01,x\n", encoding="utf-8"
        )

        result = run("resolve", "a.csv", "--out", "o.csv", cwd=tmp_path)

        assert result.returncode == 2
        assert result.stderr == (
            "speccom: error: a.csv:1: ACTIVITY: expected a header with no column "
            "named accountable, commissioner, payer or arrangement: resolve adds "
            f"those columns (rename or drop the input's), got {taken!r}\n"
        )
        assert not (tmp_path / "o.csv").exists()

    def test_its_own_output_is_refused_as_input(self, tmp_path: Path) -> None:
        """The boundary: the first run passes, the second names the clash."""
        (tmp_path / "a.csv").write_text(
            "service,place,date\n7,01A,2024-06-01\n", encoding="utf-8"
        )

        first = run("resolve", "a.csv", "--out", "r1.csv", cwd=tmp_path)
        second = run("resolve", "r1.csv", "--out", "r2.csv", cwd=tmp_path)

        assert (first.returncode, second.returncode) == (0, 2)
        assert "got 'accountable'" in second.stderr
        assert not (tmp_path / "r2.csv").exists()

    def test_an_unknown_payer_keeps_the_known_answers_and_is_reported(
        self, tmp_path: Path
    ) -> None:
        """West Yorkshire's pool is for 2020-21: a 2021-22 row has no payer."""
        (tmp_path / "a.csv").write_text(
            "service,place,date\nILL-15,02W,2020-04-01\nILL-15,02W,2021-04-01\n",
            encoding="utf-8",
        )

        result = run("resolve", "a.csv", "--landscape", "england_2019_20", cwd=tmp_path)

        assert result.returncode == 1
        assert result.stdout.splitlines()[1:] == [
            "ILL-15,02W,2020-04-01,X24,15F,15F,WY-pooled-budget",
            "ILL-15,02W,2021-04-01,X24,15F,,WY-pooled-budget",
        ]
        assert (
            "a.csv:3: no payer: no pooled budget after 2020-21: WY-pooled-budget "
            "names pool WY-POOL-2020, which is for 2020-21 only"
        ) in result.stderr
        assert "1 of 2 rows could not be resolved" in result.stderr

    def test_strict_stops_at_an_unknown_payer(self, tmp_path: Path) -> None:
        """Never guessed, so --strict refuses the row (exit 2)."""
        (tmp_path / "a.csv").write_text(
            "service,place,date\nILL-15,02W,2021-04-01\n", encoding="utf-8"
        )

        result = run(
            "resolve",
            "a.csv",
            "--landscape",
            "england_2019_20",
            "--strict",
            cwd=tmp_path,
        )

        assert result.returncode == 2
        assert "a.csv:2: row: expected a row that resolves (no payer:" in (
            result.stderr
        )

    def test_strict_stops_at_the_first_bad_row(self, tmp_path: Path) -> None:
        """Exit 2, naming the line; --out is not left half-written."""
        (tmp_path / "a.csv").write_text(ACTIVITY, encoding="utf-8")

        result = run("resolve", "a.csv", "--strict", "--out", "out.csv", cwd=tmp_path)

        assert result.returncode == 2
        assert (
            "a.csv:5: row: expected a row that resolves (unknown service '999')"
            in result.stderr
        )
        assert not (tmp_path / "out.csv").exists()

    def test_all_good_rows_exit_0_into_a_file(self, tmp_path: Path) -> None:
        """--out writes the file; column names can be chosen."""
        (tmp_path / "a.csv").write_text(
            "svc,icb,day\n7,01A,2024-04-01\n", encoding="utf-8"
        )

        result = run(
            "resolve",
            "a.csv",
            "--out",
            "out.csv",
            "--service-column",
            "svc",
            "--place-column",
            "icb",
            "--date-column",
            "day",
            cwd=tmp_path,
        )

        assert result.returncode == 0
        assert (tmp_path / "out.csv").read_text("utf-8").splitlines()[
            1
        ] == "7,01A,2024-04-01,X24,QE1,QE1,DEL-QE1"

    def test_with_no_landscape_the_newest_scenario_answers_as_the_tables_do(
        self, tmp_path: Path
    ) -> None:
        """London's ICBs took the 59 on 1 April 2025: a 2025 row must say so."""
        (tmp_path / "a.csv").write_text(
            "service,place,date\n7,72Q,2025-03-31\n7,72Q,2025-06-01\n",
            encoding="utf-8",
        )

        result = run("resolve", "a.csv", cwd=tmp_path)

        rows = [line.split(",") for line in result.stdout.splitlines()[1:]]
        statuses = [
            reference.delegation_status("7", "QKK", dt.date.fromisoformat(r[2]))
            for r in rows
        ]
        assert statuses == [
            reference.DelegationStatus.JOINT_COMMITTEE,
            reference.DelegationStatus.DELEGATED,
        ]
        assert [(r[4], r[6].startswith("JC-")) for r in rows] == [
            ("JC-Y56", True),
            ("QKK", False),
        ]

    def test_a_landscape_file_is_used(self, tmp_path: Path) -> None:
        """--landscape FILE."""
        io.dump(scenarios.england_2013_14(), tmp_path / "plan.toml")
        (tmp_path / "a.csv").write_text(
            "service,place,date\nILL-1,01A,2013-06-01\n", encoding="utf-8"
        )

        result = run("resolve", "a.csv", "--landscape", "plan.toml", cwd=tmp_path)

        assert (result.returncode, "unknown place '01A'" in result.stderr) == (1, True)

    @pytest.mark.parametrize(
        ("content", "message"),
        [("", "header row"), ("service,date\n", "--place-column")],
    )
    def test_bad_files_exit_2(self, tmp_path: Path, content: str, message: str) -> None:
        """Empty, or missing a column."""
        (tmp_path / "a.csv").write_text(content, encoding="utf-8")

        result = run("resolve", "a.csv", cwd=tmp_path)

        assert (result.returncode, message in result.stderr) == (2, True)

    def test_a_missing_file_exits_2(self, tmp_path: Path) -> None:
        """Named in the message."""
        result = run("resolve", str(tmp_path / "none.csv"))

        assert (result.returncode, "none.csv" in result.stderr) == (2, True)

    def test_standard_input(self) -> None:
        """ACTIVITY.csv may be -."""
        speccom = Path(sys.executable).parent / "speccom"
        result = subprocess.run(
            [str(speccom), "resolve", "-"],
            input="service,place,date\n7,01A,2024-04-01\n",
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

        assert result.stdout.splitlines()[1] == "7,01A,2024-04-01,X24,QE1,QE1,DEL-QE1"

    def test_many_rows_stream_in_chunks(self, tmp_path: Path) -> None:
        """More rows than one chunk: all written, in order."""
        lines = ["service,place,date"] + [
            f"7,01A,2024-04-{1 + n % 28:02d}" for n in range(25_000)
        ]
        (tmp_path / "a.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

        result = run("resolve", "a.csv", cwd=tmp_path)

        assert result.returncode == 0
        assert len(result.stdout.splitlines()) == 25_001
