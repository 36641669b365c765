"""
Who answers, who decides, who pays: the three answers agree with the law.

Source: NHS Act 2006 s.13Z(6) (delegation "do[es] not affect the liability of
the Board": NHS England stays accountable under every delegated kind; only a
wholesale transfer moves liability); each kind's money holder
(``ArrangementKind.money_holder``; s.13V for a pool's host); issue #12 —
"the commissioner equals responsible_commissioner, the accountable body is the
one the law of that day names".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from speccom_model import (
    ArrangementKind,
    FinancialYear,
    Landscape,
    MoneyHolder,
    Resolution,
    strategies,
)
from speccom_model.resolving import Resolver
from tests.objects import code_of
from tests.strategies import any_landscapes, law_dates

if TYPE_CHECKING:
    import datetime as dt


def _rows(landscape: Landscape) -> st.SearchStrategy[list[tuple[str, str, dt.date]]]:
    services = st.sampled_from([s.code for s in landscape.catalogue])
    places = st.sampled_from([p.code for p in landscape.places])
    return st.lists(st.tuples(services, places, law_dates), min_size=1, max_size=20)


#: The shipped strategy (every lawful ICB-era plan) and the tests' own, which
#: draws every kind, pools and successions.
PLANS = st.one_of(strategies.landscapes(), any_landscapes())


class TestThreeAnswers:
    """On every generated plan and day, the three answers are the law's."""

    @given(PLANS, st.data())
    def test_the_commissioner_is_responsible_commissioner(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        for service, place, day in data.draw(_rows(landscape)):
            found = landscape.responsibility(service, place, day)
            expected = landscape.responsible_commissioner(service, place, day)

            assert code_of(None if found is None else found.commissioner) == code_of(
                expected
            )

    @given(PLANS, st.data())
    def test_nhs_england_is_accountable_unless_a_wholesale_transfer(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        for service, place, day in data.draw(_rows(landscape)):
            found = landscape.responsibility(service, place, day)
            if found is None:
                continue
            arrangement = found.arrangement
            if (
                arrangement is not None
                and arrangement.kind is ArrangementKind.WHOLESALE_TRANSFER
            ):
                assert found.accountable == found.commissioner
            else:
                assert found.accountable == landscape.nhs_england

    @given(PLANS, st.data())
    def test_the_payer_is_the_kinds_money_holder(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        for service, place, day in data.draw(_rows(landscape)):
            found = landscape.responsibility(service, place, day)
            if found is None:
                continue
            arrangement = found.arrangement
            holder = None if arrangement is None else arrangement.kind.money_holder
            if holder is None or holder is MoneyHolder.NHS_ENGLAND:
                assert found.payer == landscape.nhs_england
            elif holder is MoneyHolder.RECEIVER:
                body = found.commissioner
                if body.lead is None or body.can_hold_budget(day):
                    assert found.payer == body
                else:  # a provider collaborative's lead holds its money
                    assert found.payer == landscape.body_on(body.lead, day, place=place)
            else:
                assert arrangement is not None
                assert arrangement.pooled_budget is not None
                pool = landscape.pooled_budget(arrangement.pooled_budget)
                if pool.year != FinancialYear.containing(day):
                    assert found.payer is None
                else:
                    assert found.payer == landscape.body_on(pool.host, day, place=place)
            assert (found.payer is None) is (found.payer_unknown is not None)

    @given(PLANS, st.data())
    def test_resolve_answers_what_responsibility_answers(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        rows = data.draw(_rows(landscape))

        for (service, place, day), answer in zip(
            rows, Resolver(landscape).resolve(rows), strict=True
        ):
            found = landscape.responsibility(service, place, day)
            if found is None:
                assert answer[:4] == (None, None, None, None)
                assert answer.problem is not None
                continue
            assert answer == Resolution(
                found.accountable.code,
                found.commissioner.code,
                code_of(found.payer),
                None if found.arrangement is None else found.arrangement.id,
                None
                if found.payer_unknown is None
                else f"no payer: {found.payer_unknown}",
            )


class TestPayerCanPay:
    """The payer of a lawful plan is a body that can hold a budget that day."""

    @given(strategies.landscapes(), st.data())
    def test_the_payer_can_hold_a_budget_that_day(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        """
        A lawful plan's payer may hold money on the day it pays.

        Source: the budget windows of the law file (``Policy.budget_windows``);
        issue #12 — "the payer can hold a budget that day".
        """
        for service, place, day in data.draw(_rows(landscape)):
            found = landscape.responsibility(service, place, day)
            if found is None or found.payer is None:
                continue
            assert found.payer.can_hold_budget(day), (found.payer.code, day)
