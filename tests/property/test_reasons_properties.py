"""
why(): its answers are responsibility()'s, and its chain leads to them.

Source: the three answers of ``Landscape.responsibility`` (NHS Act 2006
s.13Z(6), s.65Z5, s.13V); the chain of successions ``Landscape.body_on``
follows (Health and Care Act 2022 s.19 for CCGs to ICBs; ODS succession
records for the rest).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from speccom_model import Landscape, Why, WhyStepKind, scenarios, strategies, why
from tests.objects import code_of
from tests.strategies import any_landscapes, law_dates

#: The shipped strategy (every lawful ICB-era plan) and the tests' own, which
#: draws every kind, pools and successions.
PLANS = st.one_of(strategies.landscapes(), any_landscapes())
#: One scenario of each era: CCGs and their mergers, pools, ICB mergers.
SCENARIOS = [scenarios.england_2019_20(), scenarios.england_2026_27()]
#: Days from before NHS England commissioned to past the scenarios' years.
DAYS = st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2030, 3, 31))


def _rows(
    landscape: Landscape, days: st.SearchStrategy[dt.date] = law_dates
) -> st.SearchStrategy[list[tuple[str, str, dt.date]]]:
    services = st.sampled_from([s.code for s in landscape.catalogue])
    places = st.sampled_from([p.code for p in landscape.places])
    return st.lists(st.tuples(services, places, days), min_size=1, max_size=10)


def _check_chain(landscape: Landscape, chain: Why) -> None:
    """Each step's values are those the landscape's own queries give."""
    service, place, day = chain.service, chain.place, chain.on
    found = landscape.responsibility(service, place, day)
    (place_step,) = chain.of_kind(WhyStepKind.PLACE)
    arrangement = landscape.responsible_arrangement(service, place, day)

    # The answers are responsibility()'s, never recomputed.
    assert chain.responsibility == found
    assert (chain.steps[-1].kind is WhyStepKind.NO_ANSWER) is (found is None)
    assert [s.kind for s in chain.steps[:2]] == [WhyStepKind.SERVICE, WhyStepKind.PLACE]
    assert place_step.data["body"] == code_of(landscape.commissioner_of(place, day))
    assert all(step.sources for step in chain.steps)
    for step in chain.of_kind(WhyStepKind.ARRANGEMENT):
        assert step.data["arrangement"] == (
            None if arrangement is None else arrangement.id
        )
    if found is None or found.arrangement is None:
        return
    # Followed from the receiver the plan names, the chain ends at the answer.
    receiver = landscape.commissioner(found.arrangement.receiver)
    followed = [
        s for s in chain.of_kind(WhyStepKind.SUCCESSION) if s.data["of"] == "receiver"
    ]
    if landscape.body_on(receiver.code, day, place=place) is None:
        # Closed, ended or not begun: NHS England holds the service.
        assert found.commissioner == landscape.nhs_england
        last = followed[-1].data["successor"] if followed else receiver.code
        assert last is None or not landscape.commissioner(str(last)).exists_on(day)
    elif followed:
        assert followed[0].data["predecessor"] == receiver.code
        assert followed[-1].data["successor"] == found.commissioner.code
    else:
        assert receiver.code == found.commissioner.code


class TestTheChain:
    """The Why's answers always equal Landscape.responsibility; its steps lead there."""

    @given(st.sampled_from(SCENARIOS), st.data())
    def test_on_the_scenarios(self, landscape: Landscape, data: st.DataObject) -> None:
        for service, place, day in data.draw(_rows(landscape, DAYS)):
            _check_chain(landscape, why(landscape, service, place, day))

    @given(PLANS, st.data())
    def test_on_generated_plans(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        for service, place, day in data.draw(_rows(landscape)):
            _check_chain(landscape, why(landscape, service, place, day))
