"""The shipped statutes table agrees with the law file wherever both give a date."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from importlib.resources import files

import pytest

from speccom_model.policy import DEFAULT_POLICY

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _statutes() -> dict[str, dict[str, str]]:
    text = (
        files("speccom_model")
        .joinpath("data", "reference", "statutes.csv")
        .read_text("utf-8")
    )
    return {row["short_name"]: row for row in csv.DictReader(io.StringIO(text))}


def _dates(text: str) -> list[dt.date]:
    return [dt.date.fromisoformat(found) for found in _ISO.findall(text)]


_W = DEFAULT_POLICY.arrangement_windows
_B = DEFAULT_POLICY.budget_windows

#: For each row with an in-force date: the law file's dates for the same
#: provision, in the row's order. A row the law file gives no date for maps to
#: nothing, with the reason.
LAW_DATES: dict[str, list[dt.date | None]] = {
    # Amended s.3B (HCA 2022 s.2): factor (d) repealed, 13YB and 65Z5 routes.
    "NHS Act 2006 s.3B": [DEFAULT_POLICY.statutory_factors_change],
    # s.1: the Board established for specified purposes, then commissioning.
    "Health and Social Care Act 2012": [
        _B["nhs-england"].start,
        DEFAULT_POLICY.commissioning_from,
    ],
    # ss.1, 2 and 19 from 1 July 2022; "some provisions 2022-05-09" are not
    # provisions the law file dates.
    "Health and Care Act 2022": [DEFAULT_POLICY.icbs_from, None],
    # In force 1 April 2013; "some provisions 2013-02-01" prepare for that day.
    "SI 2012/2996": [DEFAULT_POLICY.commissioning_from, None],
    "SI 2022/642": [DEFAULT_POLICY.icb_delegation_from],
}


def test_every_dated_statute_is_compared_with_the_law_file() -> None:
    """A row given an in-force date later cannot be skipped silently."""
    dated = {name for name, row in _statutes().items() if _dates(row["in_force_from"])}

    assert dated == set(LAW_DATES)


@pytest.mark.parametrize("name", sorted(LAW_DATES))
def test_a_statutes_in_force_dates_agree_with_the_law_file(name: str) -> None:
    """Each date the table gives is the law file's date for that provision."""
    given = _dates(_statutes()[name]["in_force_from"])
    expected = LAW_DATES[name]

    assert len(given) == len(expected)
    assert [g for g, e in zip(given, expected, strict=True) if e is not None] == [
        e for e in expected if e is not None
    ]


def test_si_2022_642_opens_delegation_and_joint_committees() -> None:
    """The regulations' 1 July 2022 is where the s.65Z5 windows open."""
    (day,) = _dates(_statutes()["SI 2022/642"]["in_force_from"])

    assert _W["icb-delegation"].start == _W["joint-committee"].start == day


def test_s13za_has_no_in_force_date_and_the_law_file_says_why() -> None:
    """The table read no commencement; the law file uses Royal Assent, labelled."""
    row = _statutes()["NHS Act 2006 s.13ZA"]
    window = _W["devolved-arrangement"]

    assert _dates(row["in_force_from"]) == []
    assert _dates(row["enacted_or_made"]) == [window.start]
    assert any(
        c.note is not None and "Royal Assent date used" in c.note for c in window.source
    )


def test_the_health_bill_is_a_bill_in_the_table_too() -> None:
    """Not enacted as far as read: no in-force date."""
    row = _statutes()["Health Bill (2026)"]

    assert row["status"].startswith("bill")
    assert row["in_force_from"] == ""
