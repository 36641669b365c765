"""docs/policy.md's 2012-2026 timeline cannot drift from the law file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

from speccom_model._law import law_table, policy_names, policy_table

DOC = Path(__file__).parents[1] / "docs" / "policy.md"
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_LINK = re.compile(r"\]\((https://[^)\s]+)\)")


def _walk(value: Any) -> list[Any]:
    """Every scalar in a parsed TOML table."""
    if isinstance(value, dict):
        return [x for v in value.values() for x in _walk(v)]
    if isinstance(value, list):
        return [x for v in value for x in _walk(v)]
    return [value]


def _tables() -> list[dict[str, Any]]:
    return [law_table(), *(policy_table(name) for name in policy_names())]


def _known_dates() -> set[dt.date]:
    """Dates of the law file, shipped policies and statutes (and last days)."""
    dates = {v for t in _tables() for v in _walk(t) if isinstance(v, dt.date)}
    dates |= {d - dt.timedelta(days=1) for d in dates}  # "until" is the last day
    text = (
        files("speccom_model")
        .joinpath("data", "reference", "statutes.csv")
        .read_text("utf-8")
    )
    for row in csv.DictReader(io.StringIO(text)):
        for column in ("enacted_or_made", "in_force_from", "in_force_until"):
            dates |= {dt.date.fromisoformat(d) for d in _ISO.findall(row[column])}
    return dates


def _timeline() -> list[list[str]]:
    """The rows of the table headed `| kind | provision | from | until | citation |`."""
    lines = DOC.read_text("utf-8").splitlines()
    start = lines.index("| kind | provision | from | until | citation |")
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_every_date_in_the_timeline_is_a_date_of_the_law() -> None:
    """A date typed into the docs but not in the file or a statute is drift."""
    known = _known_dates()
    stray = [
        (row[0], found)
        for row in _timeline()
        for cell in (row[2], row[3])
        for found in _ISO.findall(cell)
        if dt.date.fromisoformat(found) not in known
    ]

    assert stray == []


def test_every_address_in_the_timeline_is_cited_by_a_shipped_file() -> None:
    """Each link is a URL the law file or a shipped policy cites."""
    cited = {v for t in _tables() for v in _walk(t) if isinstance(v, str)}
    links = [url for row in _timeline() for url in _LINK.findall(row[4])]

    assert links
    assert [url for url in links if url not in cited] == []


def test_every_arrangement_kind_of_the_law_is_in_the_timeline() -> None:
    """No window of the file is missing from the docs."""
    text = "\n".join(row[0] for row in _timeline())

    assert [k for k in law_table()["arrangement_windows"] if f"`{k}`" not in text] == []
