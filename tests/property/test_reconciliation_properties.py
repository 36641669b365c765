"""
Money reconciles per year for every lawful generated plan, to the penny.

Source: issue #12 — "money reconciles per year for every lawful generated
plan": allocation = retained + moved + pooled + unaccounted.
"""

from __future__ import annotations

import attrs
from hypothesis import event, given
from hypothesis import strategies as st

from speccom_model import (
    Allocation,
    AllocationKind,
    Landscape,
    Money,
    Severity,
    check,
    format_money,
    gbp,
    summarise,
)
from speccom_model.strategies import landscapes


@given(landscapes())
def test_every_year_of_a_lawful_plan_reconciles_to_the_penny(
    landscape: Landscape,
) -> None:
    """Whole pence as Python ints: exact whatever the decimal context."""
    years = summarise(landscape)
    assert years
    for year in years:
        event(f"retained: {year.retained_basis.value}")
        assert year.allocation is not None
        assert year.retained is not None
        assert year.unaccounted is not None
        moved = sum(m.held.pence for m in year.moved)
        assert moved == year.delegated.pence
        assert year.allocation.pence == (
            year.retained.pence + moved + year.pooled.pence + year.unaccounted.pence
        )
        assert year.unaccounted == Money.zero()
        assert year.reconciled
        # What moved by each kind is what its arrangements transferred.
        for each in year.moved:
            assert each.held == each.transferred
    assert not [f for f in check(landscape) if f.code.startswith("SPC-MONEY")]


#: Precisions a source may write a delegated share to, from the penny up.
PRECISIONS = st.sampled_from(["£0.01", "£1", "£1,000", "£1m", "£100m"])


def _rounded(pence: int, unit: int) -> int:
    """``pence`` rounded half up to a multiple of ``unit`` (both in pence)."""
    return (2 * pence + unit) // (2 * unit) * unit


def _with_shares(landscape: Landscape, precision: Money, offset: int) -> Landscape:
    """Each year's money moved, rounded to ``precision``, plus ``offset`` units."""
    shares = []
    for year in summarise(landscape):
        moved = sum(m.held.pence for m in year.moved if m.kind is not None)
        shares.append(
            Allocation(
                year=year.year,
                amount=Money.from_pence(
                    _rounded(moved, precision.pence) + offset * precision.pence
                ),
                source="generated",
                kind=AllocationKind.DELEGATED,
                precision=precision,
            )
        )
    return attrs.evolve(landscape, allocations=(*landscape.allocations, *shares))


def _share_findings(landscape: Landscape) -> list[str]:
    return [
        f.message
        for f in check(landscape)
        if f.code == "SPC-CONS-001" and f.message.startswith("the money moved")
    ]


class TestDelegatedShare:
    """
    Moved = the delegated share, within half its written precision.

    Source: issue #12 — "moved = the cited delegated share"; a cited figure
    ("£5.3bn") is rounded to its last written digit.
    """

    @given(landscapes(), PRECISIONS)
    def test_a_share_rounded_from_what_moved_matches(
        self, landscape: Landscape, precision: str
    ) -> None:
        """Rounded half up to any precision: within tolerance, nothing reported."""
        shared = _with_shares(landscape, gbp(precision), 0)

        years = summarise(shared)

        for year in years:
            assert year.delegated_share is not None
            event(f"precision {precision}")
            assert year.delegated_share.matched
        assert _share_findings(shared) == []

    @given(landscapes(), PRECISIONS)
    def test_a_share_one_digit_off_is_reported_with_both_amounts(
        self, landscape: Landscape, precision: str
    ) -> None:
        """One written digit more than the rounding: beyond tolerance, a warning."""
        shared = _with_shares(landscape, gbp(precision), 1)

        years = summarise(shared)
        found = _share_findings(shared)

        assert len(found) == len(years)
        for year, message in zip(years, found, strict=True):
            share = year.delegated_share
            assert share is not None
            assert not share.matched
            assert format_money(share.moved, exact=True) in message
            assert format_money(share.figure.amount, exact=True) in message
            assert format_money(abs(share.difference), exact=True) in message
        assert all(
            f.severity is Severity.WARNING
            for f in check(shared)
            if f.code == "SPC-CONS-001"
        )
