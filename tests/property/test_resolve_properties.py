"""
resolve() and responsible_commissioner() agree, row by row.

Source: the national-scale issue — "the equality of resolve and
responsible_commissioner is a property test".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from speccom_model import Landscape, strategies
from speccom_model.policy import DEFAULT_POLICY
from speccom_model.resolving import Resolver
from tests.objects import code_of
from tests.strategies import any_landscapes, law_dates

if TYPE_CHECKING:
    import datetime as dt


def _rows(landscape: Landscape) -> st.SearchStrategy[list[tuple[str, str, dt.date]]]:
    services = st.sampled_from([s.code for s in landscape.catalogue])
    places = st.sampled_from([p.code for p in landscape.places])
    return st.lists(st.tuples(services, places, law_dates), max_size=30)


class TestResolveAgrees:
    """For every row, the bulk answer is the one-at-a-time answer."""

    @given(st.one_of(any_landscapes(), strategies.landscapes()), st.data())
    def test_resolve_equals_responsible_commissioner(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        rows = data.draw(_rows(landscape))

        for (service, place, day), answer in zip(
            rows, Resolver(landscape).resolve(rows), strict=True
        ):
            arrangement = landscape.responsible_arrangement(service, place, day)
            assert answer.commissioner == code_of(
                landscape.responsible_commissioner(service, place, day)
            )
            if day < DEFAULT_POLICY.commissioning_from:
                assert answer == (
                    None,
                    None,
                    None,
                    None,
                    (
                        "no commissioner before 2013-04-01: NHS England had no "
                        "commissioning functions until then"
                    ),
                )
                continue
            if answer.commissioner is None:
                continue  # an unfollowed split: tested with responsibility()
            assert answer.arrangement == (
                None if arrangement is None else arrangement.id
            )
            assert (answer.payer is None) is (answer.problem is not None)

    @given(any_landscapes(), st.data())
    def test_columns_give_the_same_answers(
        self, landscape: Landscape, data: st.DataObject
    ) -> None:
        rows = data.draw(_rows(landscape))
        columns = ([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])

        assert Resolver(landscape).resolve_columns(*columns) == Resolver(
            landscape
        ).resolve(rows)

    @given(any_landscapes(), st.text(max_size=4), law_dates)
    def test_unknown_codes_are_a_row_problem_not_an_exception(
        self, landscape: Landscape, code: str, day: dt.date
    ) -> None:
        place = landscape.places[0].code
        (answer,) = Resolver(landscape).resolve([(f"X{code}", place, day)])

        assert answer[:4] == (None, None, None, None)
        assert answer.problem is not None
