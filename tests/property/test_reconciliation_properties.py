"""
Money reconciles per year for every lawful generated plan, to the penny.

Source: issue #12 — "money reconciles per year for every lawful generated
plan": allocation = retained + moved + pooled + unaccounted.
"""

from __future__ import annotations

from hypothesis import event, given

from speccom_model import Landscape, Money, check, summarise
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
