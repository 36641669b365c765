"""speccom resolve --crosswalk: NCBPS service-line codes in the service column."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from speccom_model import Resolution, scenarios
from speccom_model.resolving import Resolver
from tests.test_cli import run

if TYPE_CHECKING:
    from pathlib import Path

CROSSWALK = "service_line,manual_number\nNCBPS32A,7\nNCBPS27Z,1\n"
ROWS = (
    "id,service,place,date\n"
    "1,NCBPS32A,01A,2024-04-01\n"
    "2,ncbps27z,72Q,2024-05-01\n"
    "3,7,01A,2024-04-01\n"
    "4,NCBPS01C,01A,2024-04-01\n"
)


def files(tmp_path: Path, crosswalk: str = CROSSWALK) -> tuple[Path, Path]:
    rows, walk = tmp_path / "rows.csv", tmp_path / "crosswalk.csv"
    rows.write_text(ROWS, encoding="utf-8")
    walk.write_text(crosswalk, encoding="utf-8")
    return rows, walk


def test_service_lines_resolve_as_their_manual_numbers(tmp_path: Path) -> None:
    """Each service line answers what its manual number answers."""
    rows, walk = files(tmp_path)
    cardiac, other = Resolver(scenarios.england_2024_25()).resolve(
        [("7", "01A", dt.date(2024, 4, 1)), ("1", "72Q", dt.date(2024, 5, 1))]
    )

    result = run("resolve", str(rows), "--crosswalk", str(walk))

    def answer(resolution: Resolution) -> str:
        return ",".join(cell or "" for cell in resolution[:4])

    assert result.stdout.splitlines()[1:4] == [
        f"1,NCBPS32A,01A,2024-04-01,{answer(cardiac)}",
        f"2,ncbps27z,72Q,2024-05-01,{answer(other)}",
        f"3,7,01A,2024-04-01,{answer(cardiac)}",
    ]
    assert cardiac.commissioner is not None


def test_a_service_line_the_crosswalk_lacks_is_a_bad_row(tmp_path: Path) -> None:
    rows, walk = files(tmp_path)

    result = run("resolve", str(rows), "--crosswalk", str(walk))

    assert result.returncode == 1
    assert "rows.csv:5: unknown service 'NCBPS01C'" in result.stderr


def test_a_manual_number_outside_the_landscape_is_refused_before_any_row(
    tmp_path: Path,
) -> None:
    rows, walk = files(tmp_path, "service_line,manual_number\nNCBPS32A,999\n")

    result = run("resolve", str(rows), "--crosswalk", str(walk))

    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        f'speccom: error: {walk}: mapping["NCBPS32A"]: expected a service of the '
        "landscape's catalogue, got '999'"
    ) in result.stderr


def test_without_a_crosswalk_a_service_line_is_an_unknown_service(
    tmp_path: Path,
) -> None:
    rows, _ = files(tmp_path)

    result = run("resolve", str(rows))

    assert result.returncode == 1
    assert "rows.csv:2: unknown service 'NCBPS32A'" in result.stderr
