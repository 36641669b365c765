"""
Bulk resolution: who answers, who commissions and who pays for each activity row, fast.

A :class:`Resolver` is built once per landscape. For every (service, place)
an arrangement covers, it cuts time at every date where an answer can change
(arrangement starts and ends, receivers' and pool hosts' lifetimes and
successions, pools' financial years, the place's memberships) and records the
answer of each piece, asked of :meth:`Landscape.responsibility` itself — so
the two always agree. A row then costs a dictionary lookup and a bisection.

>>> import datetime as dt
>>> from speccom_model import scenarios
>>> england = scenarios.england_2024_25()
>>> rows = [
...     ("7", "01A", dt.date(2024, 4, 1)),
...     ("7", "01A", dt.date(2023, 4, 1)),
...     ("1", "01A", dt.date(2024, 4, 1)),
...     ("999", "01A", dt.date(2024, 4, 1)),
... ]
>>> for r in england.resolve(rows):
...     print(r)
Resolution(accountable='X24', commissioner='QE1', payer='QE1', arrangement='DEL-QE1', problem=None)
Resolution(accountable='X24', commissioner='JC-Y62', payer='X24', arrangement='JC-Y62-2023', problem=None)
Resolution(accountable='X24', commissioner='X24', payer='X24', arrangement=None, problem=None)
Resolution(accountable=None, commissioner=None, payer=None, arrangement=None, problem="unknown service '999'")

Before 1 April 2013 nobody commissioned specialised services (NHS England's
commissioning functions began that day), so a row dated earlier has a problem:

>>> england.resolve([("7", "01A", dt.date(2013, 3, 31))])[0].problem
'no commissioner before 2013-04-01: NHS England had no commissioning functions until then'

Where the payer is unknown (a pooled budget's arrangement on a day outside its
pool's year) the answers that are known are given, and ``problem`` says why
the payer is not:

>>> scenarios.england_2019_20().resolve([("ILL-15", "02W", dt.date(2021, 4, 1))])[0]
Resolution(accountable='X24', commissioner='15F', payer=None, arrangement='WY-pooled-budget', problem='no payer: no pooled budget after 2020-21: WY-pooled-budget names pool WY-POOL-2020, which is for 2020-21 only')
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from typing import TYPE_CHECKING, NamedTuple, final

from speccom_model.policy import DEFAULT_POLICY

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from speccom_model.landscape import Landscape

__all__ = ["Resolution", "Resolver"]


class Resolution(NamedTuple):
    """
    The answers for one activity row: accountable, commissioner, payer.

    Each is a body's code, as :meth:`Landscape.responsibility` answers:
    ``accountable`` the body accountable in law, ``commissioner`` the body
    that exercises the function, ``payer`` the body that holds the money and
    pays providers; ``arrangement`` is the id of the arrangement in force
    (``None`` where NHS England holds the service undelegated). Where an answer
    cannot be given it is ``None`` and ``problem`` says why: for a row that
    cannot be resolved at all every answer is ``None``; where only the payer
    is unknown the other answers are given.

    >>> Resolution("X24", "X24", "X24", None).commissioner
    'X24'
    """

    accountable: str | None
    commissioner: str | None
    payer: str | None
    arrangement: str | None
    problem: str | None = None


_Cell = tuple[list[dt.date], list[Resolution]]


@final
class Resolver:
    """
    An index of a landscape for resolving many rows at near dictionary speed.

    Build one with :meth:`Landscape.resolver` (it is cached there).

    >>> resolver = scenarios.england_2024_25().resolver()
    >>> resolver.resolve_one("7", "01A", "2024-04-01").problem
    "expected a date, got '2024-04-01'"
    """

    __slots__ = ("_cells", "_default", "_first_day", "_places", "_services")

    def __init__(self, landscape: Landscape) -> None:
        self._services = frozenset(s.code for s in landscape.catalogue)
        self._places = frozenset(p.code for p in landscape.places)
        england = landscape.nhs_england.code
        self._default = Resolution(england, england, england, None)
        self._first_day = DEFAULT_POLICY.commissioning_from
        self._cells: dict[tuple[str, str], _Cell] = {}
        cells = {
            (service, place)
            for arrangement in landscape.arrangements
            for service in arrangement.services
            for place in arrangement.places
        }
        # Every known pair has a cell, so a row only misses for an unknown code.
        # Undelegated pairs share one: a single cut at the first day of
        # commissioning answers nobody before it and NHS England from it, and
        # refuses anything that is not a date (it cannot compare).
        first = self._first_day
        undelegated: _Cell = ([first], [_nobody(first), self._default])
        for service in self._services:
            for place in self._places:
                self._cells[(service, place)] = undelegated
        for service, place in sorted(cells):
            self._cells[(service, place)] = _cell(landscape, service, place)

    def resolve_one(self, service: str, place: str, on: dt.date) -> Resolution:
        """The answer for one row."""
        cell = self._cells.get((service, place))
        if cell is None:
            return self._unknown(service, place)
        if type(on) is not dt.date:
            return _problem(f"expected a date, got {on!r}")
        starts, answers = cell
        return answers[bisect_right(starts, on)]

    def resolve(self, rows: Iterable[tuple[str, str, dt.date]]) -> list[Resolution]:
        """The answer for every (service, place, date) row, in order."""
        batch = rows if isinstance(rows, list | tuple) else list(rows)
        try:
            return self._fast(batch)
        except TypeError:
            # A value that is not a date cannot be compared with the cut dates
            # (a datetime neither): answer row by row, with problems.
            return [self.resolve_one(*row) for row in batch]

    def _fast(self, rows: Sequence[tuple[str, str, dt.date]]) -> list[Resolution]:
        # Locals, not globals, in the loop: this is the hot path.
        get = self._cells.get
        cut = bisect_right
        slow = self.resolve_one
        out: list[Resolution] = []
        append = out.append
        for service, place, on in rows:
            cell = get((service, place))
            if cell is None:
                append(slow(service, place, on))
            else:
                append(cell[1][cut(cell[0], on)])
        return out

    def resolve_columns(
        self,
        services: Sequence[str],
        places: Sequence[str],
        dates: Sequence[dt.date],
    ) -> list[Resolution]:
        """The same, for three equal-length columns."""
        if not len(services) == len(places) == len(dates):
            from speccom_model.errors import InvalidValueError  # noqa: PLC0415

            raise InvalidValueError(
                "columns",
                (len(services), len(places), len(dates)),
                "three columns of the same length",
            )
        return self.resolve(zip(services, places, dates, strict=True))

    def _unknown(self, service: str, place: str) -> Resolution:
        if service not in self._services:
            return _problem(f"unknown service {service!r}")
        return _problem(f"unknown place {place!r}")


def _cell(landscape: Landscape, service: str, place: str) -> _Cell:
    """Cut time where the answer can change; ask the landscape for each piece."""
    boundaries: set[dt.date] = set()
    receivers: list[str] = []
    for arrangement in landscape.covering(service, place):
        boundaries.add(arrangement.period.start)
        if arrangement.period.end is not None:
            boundaries.add(arrangement.period.end)
        receivers.append(arrangement.receiver)
        if arrangement.pooled_budget is not None:
            # The payer is the pool's host in the pool's year only.
            pool = landscape.pooled_budget(arrangement.pooled_budget)
            boundaries.add(pool.year.start)
            boundaries.add(pool.year.end + dt.timedelta(days=1))
            receivers.append(pool.host)
    seen: set[str] = set()
    while receivers:
        code = receivers.pop()
        if code in seen:
            continue
        seen.add(code)
        body = landscape.commissioner(code)
        lifetime = body.lifetime
        boundaries.add(lifetime.start)
        if lifetime.end is not None:
            boundaries.add(lifetime.end)
        window = DEFAULT_POLICY.budget_windows.get(body.kind)
        if window is not None:
            # Whether it can hold a budget (else its lead pays) changes here.
            boundaries.update(d for d in (window.start, window.end) if d is not None)
        if body.lead is not None:
            receivers.append(body.lead)
        for succession in landscape.successions_of(code):
            boundaries.add(succession.effective)
            if succession.successor is not None:
                receivers.append(succession.successor)
    for membership in landscape.place(place).memberships:
        boundaries.add(membership.period.start)
        if membership.period.end is not None:
            boundaries.add(membership.period.end)
    first = DEFAULT_POLICY.commissioning_from
    boundaries.add(first)
    starts = sorted(boundaries)
    answers = [_nobody(first)]  # before the first boundary, nobody commissions
    answers.extend(_answer(landscape, service, place, start) for start in starts)
    return starts, answers


def _answer(landscape: Landscape, service: str, place: str, on: dt.date) -> Resolution:
    """The answer from ``on`` to the next boundary."""
    found = landscape.responsibility(service, place, on)
    if found is not None:
        return Resolution(
            found.accountable.code,
            found.commissioner.code,
            None if found.payer is None else found.payer.code,
            None if found.arrangement is None else found.arrangement.id,
            None if found.payer_unknown is None else f"no payer: {found.payer_unknown}",
        )
    first = DEFAULT_POLICY.commissioning_from
    arrangement = landscape.responsible_arrangement(service, place, on)
    split = (
        None
        if arrangement is None or on < first
        else landscape.unfollowed_split(arrangement.receiver, on, place=place)
    )
    if split is None:
        return _nobody(first)
    return _problem(
        f"no commissioner: {split.predecessor} split on {split.effective} and the "
        f"plan does not say which successor took place {place!r}"
    )


def _problem(why: str) -> Resolution:
    """A row with no answers, and why."""
    return Resolution(None, None, None, None, why)


def _nobody(first: dt.date) -> Resolution:
    """The answer for a day before NHS England had commissioning functions."""
    return _problem(
        f"no commissioner before {first}: NHS England had no commissioning "
        "functions until then"
    )
