"""Every shipped reference table is registered with its sources and its row count."""

from __future__ import annotations

import csv
import io
from importlib.resources import files
from pathlib import Path

import pytest

from speccom_model import reference

_FOLDER = files("speccom_model").joinpath("data", "reference")


def test_every_csv_is_registered_once() -> None:
    shipped = sorted(p.name for p in _FOLDER.iterdir() if p.name.endswith(".csv"))
    registered = [t.file for t in reference.tables()]
    assert sorted(registered) == shipped
    assert len(set(registered)) == len(registered)


@pytest.mark.parametrize("table", reference.tables(), ids=lambda t: t.file)
def test_table_has_sources_and_its_stated_rows(table: reference.TableInfo) -> None:
    assert table.title
    assert table.sources
    for source in table.sources:
        assert source.title
        assert source.url.startswith("https://")
    text = _FOLDER.joinpath(table.file).read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == table.rows
    if not table.complete:
        assert table.gaps, "a partial table must say what it lacks"


def test_the_docs_list_every_table_with_its_rows_and_completeness() -> None:
    page = Path(__file__).parents[1] / "docs" / "reference-data.md"
    section = page.read_text("utf-8").split("## Every table", 1)[1].split("\n## ", 1)[0]
    rows = [
        line.split(" | ") for line in section.splitlines() if line.startswith("| `")
    ]
    listed = {
        cells[0].strip("| `"): (int(cells[1]), cells[2] == "yes") for cells in rows
    }
    assert listed == {t.file: (t.rows, t.complete) for t in reference.tables()}
