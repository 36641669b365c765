"""
The responsibility table: every answer of a landscape as rows an engine can join.

One row per (service code, place code, validity interval): who is accountable,
who commissions, who pays and under which arrangement, from ``valid_from`` to
``valid_to``, **both days included**. For every service of the catalogue and
every place of the landscape the rows cover every day from 0001-01-01 to
9999-12-31 once, without overlap, so an activity row dated any day finds
exactly one row of its pair. A day before 1 April 2013, when NHS England's
commissioning functions began (Health and Social Care Act 2012, s.1, in
force 1 April 2013 by S.I. 2013/160; ``Policy.commissioning_from``), finds a row whose answers are all empty and
whose ``problem`` says so; a day where the plan does not say who pays finds the
other answers and a ``problem`` about the payer.

Each interval's answer is asked of :meth:`Landscape.responsibility` itself, at
the first day of the interval: time is cut at every date where an answer can
change (arrangements' starts and ends, receivers' and pool hosts' lifetimes and
successions, pools' financial years, budget windows, the place's memberships),
so the answer of the first day holds for the whole interval.

In SQL, join on the two codes (equality, as text) and :data:`SQL_PREDICATE`:

>>> SQL_PREDICATE
'a.date BETWEEN t.valid_from AND t.valid_to'

>>> import datetime as dt
>>> from speccom_model import scenarios
>>> table = responsibility_table(scenarios.england_2024_25())
>>> [row for row in table if row.service == "7" and row.place == "01A"][-2:]
[ResponsibilityInterval(service='7', place='01A', valid_from=datetime.date(2023, 4, 1), valid_to=datetime.date(2024, 3, 31), accountable='X24', commissioner='JC-Y62', payer='X24', arrangement='JC-Y62-2023', problem=None), ResponsibilityInterval(service='7', place='01A', valid_from=datetime.date(2024, 4, 1), valid_to=datetime.date(9999, 12, 31), accountable='X24', commissioner='QE1', payer='QE1', arrangement='DEL-QE1', problem=None)]
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final, NamedTuple

from speccom_model.policy import DEFAULT_POLICY

if TYPE_CHECKING:
    from speccom_model.landscape import Landscape

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "SQL_PREDICATE",
    "TABLE_COLUMNS",
    "Resolution",
    "ResponsibilityInterval",
    "responsibility_table",
]

#: The first and last day a table row can cover: ``datetime.date``'s range, so
#: every date an engine can hold finds a row.
FIRST_DAY: Final = dt.date.min
LAST_DAY: Final = dt.date.max
#: The join predicate on the date, for an activity relation ``a`` and the table
#: ``t`` (both ends of an interval are included).
SQL_PREDICATE: Final = "a.date BETWEEN t.valid_from AND t.valid_to"


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


class ResponsibilityInterval(NamedTuple):
    """
    One row of the responsibility table: a pair's answers over an interval.

    ``service`` is a manual number, ``place`` a place code (sub-ICB location
    or CCG); ``valid_from`` and ``valid_to`` are both included; the answers are
    as in :class:`Resolution`.

    >>> row = ResponsibilityInterval(
    ...     "7", "01A", dt.date(2024, 4, 1), dt.date.max, "X24", "QE1", "QE1", "DEL-QE1"
    ... )
    >>> row.resolution
    Resolution(accountable='X24', commissioner='QE1', payer='QE1', arrangement='DEL-QE1', problem=None)
    """

    service: str
    place: str
    valid_from: dt.date
    valid_to: dt.date
    accountable: str | None
    commissioner: str | None
    payer: str | None
    arrangement: str | None
    problem: str | None = None

    @property
    def resolution(self) -> Resolution:
        """The row's answers, as :meth:`Resolver.resolve` gives them."""
        return Resolution(
            self.accountable,
            self.commissioner,
            self.payer,
            self.arrangement,
            self.problem,
        )


#: The table's columns, in order.
TABLE_COLUMNS: Final = ResponsibilityInterval._fields


def responsibility_table(landscape: Landscape) -> tuple[ResponsibilityInterval, ...]:
    """
    Every answer of ``landscape``, as rows sorted by service, place and date.

    Returns one :class:`ResponsibilityInterval` per (service, place, interval);
    for each (service, place) pair of the catalogue and places, the intervals
    run from 0001-01-01 to 9999-12-31 without gap or overlap. Pairs no
    arrangement covers have two rows (nobody before 1 April 2013, NHS England
    from then). Raises nothing for a landscape that was built.

    >>> from speccom_model import scenarios
    >>> table = responsibility_table(scenarios.england_2024_25())
    >>> len({(row.service, row.place) for row in table})  # 81 services × 106 places
    8586
    """
    first = DEFAULT_POLICY.commissioning_from
    england = landscape.nhs_england.code
    nobody = _nobody(first)
    covered = {
        (service, place)
        for arrangement in landscape.arrangements
        for service in arrangement.services
        for place in arrangement.places
    }
    services = sorted(s.code for s in landscape.catalogue)
    places = sorted(p.code for p in landscape.places)
    rows: list[ResponsibilityInterval] = []
    # The landscape's answer depends on the service only through the
    # arrangements covering it in the place (responsible_arrangement), so
    # the services a place's arrangements cover alike share one history.
    histories: dict[
        tuple[str, tuple[str, ...]], tuple[list[dt.date], list[Resolution]]
    ] = {}
    for service in services:
        for place in places:
            if (service, place) in covered:
                key = (place, tuple(a.id for a in landscape.covering(service, place)))
                history = histories.get(key)
                if history is None:
                    history = histories[key] = _cell(landscape, service, place)
                starts, answers = history
            else:
                starts, answers = (
                    [first],
                    [nobody, Resolution(england, england, england, None)],
                )
            froms = [FIRST_DAY, *starts]
            tos = [day - dt.timedelta(days=1) for day in starts] + [LAST_DAY]
            rows.extend(
                ResponsibilityInterval(service, place, start, end, *answer)
                for start, end, answer in zip(froms, tos, answers, strict=True)
            )
    return tuple(rows)


def _cell(
    landscape: Landscape, service: str, place: str
) -> tuple[list[dt.date], list[Resolution]]:
    """
    Cut time where the answer can change; ask the landscape for each piece.

    Returns the cut days, sorted, and one more answer than cuts: the first for
    every day before the first cut, each next from its cut on. Neighbouring
    pieces with the same answer are merged.
    """
    first = DEFAULT_POLICY.commissioning_from
    boundaries = _boundaries(landscape, service, place) | {first}
    boundaries.discard(FIRST_DAY)  # nothing can start before the first day
    starts: list[dt.date] = []
    answers = [_nobody(first)]  # before the first boundary, nobody commissions
    for start in sorted(boundaries):
        answer = _answer(landscape, service, place, start)
        if answer != answers[-1]:
            starts.append(start)
            answers.append(answer)
    return starts, answers


def _boundaries(landscape: Landscape, service: str, place: str) -> set[dt.date]:
    """Every day on which the pair's answer can change."""
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
    return boundaries


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
