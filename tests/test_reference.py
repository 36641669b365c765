"""The embedded reference tables and their provenance."""

from __future__ import annotations

import re

import pytest

from speccom_model import InvalidValueError, reference


def test_row_counts() -> None:
    """191 CCGs, 42 ICBs, 7 regions (PROVENANCE.md)."""
    assert (
        len(reference.ccgs_2019()),
        len(reference.icbs_2022()),
        len(reference.regions()),
    ) == (191, 42, 7)


def test_codes_have_their_documented_patterns() -> None:
    """The validation run recorded in PROVENANCE.md, repeated."""
    assert all(re.fullmatch(r"[0-9A-Z]{3}", c.code) for c in reference.ccgs_2019())
    assert all(re.fullmatch(r"Q[0-9A-Z]{2}", i.code) for i in reference.icbs_2022())
    assert all(re.fullmatch(r"E54\d{6}", i.ons_code) for i in reference.icbs_2022())
    assert {r.code for r in reference.regions()} == {
        "Y56",
        "Y58",
        "Y59",
        "Y60",
        "Y61",
        "Y62",
        "Y63",
    }


def test_42_stps_in_2019() -> None:
    """Each CCG in one of 42 STPs."""
    assert len({c.stp_ons_code for c in reference.ccgs_2019()}) == 42


@pytest.mark.parametrize(
    ("year", "total"),
    [
        (2021, 60_449_975),
        (2022, 59_923_275),
        (2023, 62_418_295),
        (2024, 63_227_624),
        (2025, 63_769_849),
    ],
)
def test_england_totals_match_the_provenance(year: int, total: int) -> None:
    """The sums PROVENANCE.md records."""
    populations = reference.icb_populations(year)

    assert len(populations) == 42
    assert sum(p.persons for p in populations.values()) == total


def test_a_year_not_held_is_refused() -> None:
    """2020 is not in the table."""
    with pytest.raises(InvalidValueError, match="2021"):
        reference.icb_populations(2020)


def test_provenance_ships_with_the_data() -> None:
    """Source, licence and caveats travel with the tables."""
    text = reference.provenance()

    assert "Open Government Licence v3.0" in text
    assert "NHSDigital/mental-health-monthly-statistics" in text
