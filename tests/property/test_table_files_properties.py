"""
``speccom table`` writes the responsibility table whole, and it reads back equal.

Source: the national-scale issue — "speccom table [FILE|SCENARIO] --format
csv|parquet --out FILE — one row per (service, place, validity interval)"; a
file an engine loads must hold exactly the rows the library computes, whatever
the codes, ids and problem texts of the plan (commas and quotes included).
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import Landscape, io, strategies
from speccom_model.cli import main
from speccom_model.resolving import (
    TABLE_COLUMNS,
    ResponsibilityInterval,
    responsibility_table,
)
from tests.strategies import any_landscapes

if TYPE_CHECKING:
    from pathlib import Path

_RUNS = itertools.count()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every example: each writes its own numbered files."""
    return tmp_path_factory.mktemp("table-files")


def _plan(folder: Path, landscape: Landscape) -> tuple[Path, int]:
    run = next(_RUNS)
    plan = folder / f"plan-{run}.json"
    io.dump(landscape, plan)
    return plan, run


class TestTableFiles:
    @given(landscape=st.one_of(any_landscapes(), strategies.landscapes()))
    def test_the_csv_reads_back_as_the_table(
        self, folder: Path, landscape: Landscape
    ) -> None:
        """Each cell as written: an empty cell is None, dates are ISO."""
        plan, run = _plan(folder, landscape)
        target = folder / f"table-{run}.csv"

        status = main(["table", str(plan), "--out", str(target)])

        assert status == 0
        with target.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            assert tuple(next(reader)) == TABLE_COLUMNS
            rows = [
                ResponsibilityInterval(
                    service,
                    place,
                    dt.date.fromisoformat(start),
                    dt.date.fromisoformat(end),
                    *(cell or None for cell in answers),
                )
                for service, place, start, end, *answers in reader
            ]
        assert rows == list(responsibility_table(io.load(plan)))

    @given(landscape=st.one_of(any_landscapes(), strategies.landscapes()))
    def test_the_parquet_reads_back_as_the_table(
        self, folder: Path, landscape: Landscape
    ) -> None:
        """Through pyarrow: the same rows, None as null."""
        pq = pytest.importorskip(
            "pyarrow.parquet", reason="pyarrow (the arrow extra) is not installed"
        )
        plan, run = _plan(folder, landscape)
        target = folder / f"table-{run}.parquet"

        status = main(["table", str(plan), "--format", "parquet", "--out", str(target)])

        assert status == 0
        rows = [
            ResponsibilityInterval(**row) for row in pq.read_table(target).to_pylist()
        ]
        assert rows == list(responsibility_table(io.load(plan)))
