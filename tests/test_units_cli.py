"""
The command on plans whose totals pass the £10**15 bound on what is read.

Source: issue #10 B1 — a plan whose budget lines are each within the bound but
sum past it loaded, then made ``speccom check`` and ``summary`` exit 2 with
'sum: expected an amount between ...'. A plan that loads is checked.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import attrs
import pytest

from speccom_model import Budget, BudgetLine, Landscape, check, gbp, io, persons
from tests.rules.builders import DELEGATION, YEAR, clean
from tests.test_cli import run

if TYPE_CHECKING:
    from pathlib import Path


def _plan() -> Landscape:
    """
    The reported plan: X24 holds two lines of £900,000,000,000,000 in 2024-25.

    QE1 keeps the £12m its delegation moves to it (SPC-MONEY-002).
    """
    lines = [
        BudgetLine(service=code, allocation=gbp("£900,000,000,000,000"))
        for code in ("1", "2")
    ]
    moved = [b for b in clean().budgets if b.holder == "QE1"]
    return attrs.evolve(
        clean(), budgets=[Budget(holder="X24", year=YEAR, lines=lines), *moved]
    )


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    io.dump(_plan(), path)
    return path


def test_the_plan_loads_and_round_trips(plan_file: Path) -> None:
    """What the command is given is a plan that loads: so it must be checked."""
    loaded = io.load(plan_file)

    assert loaded == _plan()
    assert io.loads(io.dumps(loaded)) == loaded
    assert 'allocation = "£900,000,000,000,000" }' in plan_file.read_text(
        encoding="utf-8"
    )


def test_check_reports_the_imbalance_instead_of_failing(
    plan_file: Path, tmp_path: Path
) -> None:
    """Exit 1 with the conservation error written to the penny, not exit 2."""
    result = run("check", str(plan_file), cwd=tmp_path)

    assert result.returncode == 1, result.stderr
    assert "speccom: error" not in result.stderr
    assert "SPC-CONS-001" in result.stdout
    assert "£1,800,000,000,000,000.00" in result.stdout
    assert [f.code for f in check(io.load(plan_file))] == ["SPC-CONS-001"]


def test_summary_writes_the_total(plan_file: Path, tmp_path: Path) -> None:
    """The text summary shows the total in the short style."""
    result = run("summary", str(plan_file), cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "£1,800,000bn" in result.stdout


def test_summary_json_writes_the_total_exactly(plan_file: Path, tmp_path: Path) -> None:
    """JSON holds every penny of the total and of what is unaccounted for."""
    result = run("summary", str(plan_file), "--format", "json", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    (year,) = json.loads(result.stdout)["years"]
    assert year["retained"] == "1800000000000000.00"
    # £100m allocated less X24's £1,800,000bn and QE1's £12m.
    assert year["unaccounted"] == "-1799999912000000.00"
    assert [body["allocation"] for body in year["bodies"]] == [
        "12000000.00",
        "1800000000000000.00",
    ]


def test_a_footprint_past_the_persons_bound_is_checked(tmp_path: Path) -> None:
    """Two places of 2**53 - 1 persons in one delegation: exit 0, not 2."""
    landscape = clean()
    # Both places QE1's, so that the delegation to QE1 covers only its own
    # places (SPC-COV-003).
    places = [
        attrs.evolve(
            p,
            population=persons(2**53 - 1),
            memberships=[attrs.evolve(m, commissioner="QE1") for m in p.memberships]
            if p.code == "QHM"
            else p.memberships,
        )
        for p in landscape.places
    ]
    landscape = attrs.evolve(
        landscape,
        places=places,
        arrangements=[attrs.evolve(DELEGATION, places={"QE1", "QHM"})],
    )
    path = tmp_path / "footprint.json"
    io.dump(landscape, path)

    result = run("check", str(path), cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
