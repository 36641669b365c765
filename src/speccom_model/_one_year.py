"""
One financial year of a landscape: what :meth:`Landscape.for_year` keeps.

A plan restricted to a year answers every question about a day of that year
as the whole plan does, and holds that year's money only. What is kept:

* **Arrangements** in force on some day of the year, with their periods as
  they are (not clipped: an arrangement that runs on past 31 March is not
  made to end then, which would be a change a check would judge), and only
  the year's entry of ``budget_transferred`` — but a pooled budget keeps
  every entry: each is weighed against the pool it names, which is kept, and
  dropping them all would turn it into one whose money the pool alone
  records (no transfer to weigh), which the whole plan does not say.
* **Money** of the year: its national figures (allocations), budgets,
  baselines and pooled budgets. A pooled budget of another year is kept only
  when a kept arrangement names it, so the arrangement still resolves and its
  payer is answered as before ("no pooled budget after 2020-21 ...").
* **Bodies** that exist on some day of the year, NHS England, and every body
  something kept names (receiver, joint committee, pool host or contributor,
  budget holder, planning board member, place's commissioner, a body's region,
  lead or members), with the successions on or before the year's end that
  lead from a kept body to the bodies that follow it, so a retired receiver
  still passes to its successor.
* **Places**, all of them (an answer can be asked for any place), each with
  the memberships that can answer for a day of the year: those starting in
  the year and the last one starting on or before its first day.
* **Planning boards** in force in the year; **proposed changes** effective on
  or before its last day; the **prescribed list** whole.

Everything else (arrangements ended before the year or starting after it,
other years' money, bodies of other years nothing names) is left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from speccom_model.arrangement import ArrangementKind
from speccom_model.errors import InvalidValueError
from speccom_model.periods import FinancialYear

if TYPE_CHECKING:
    from collections.abc import Iterable

    from speccom_model.arrangement import DelegationArrangement
    from speccom_model.commissioner import Commissioner
    from speccom_model.landscape import Landscape, Place, Succession

__all__ = ["for_year", "years_described"]


def years_described(landscape: Landscape) -> tuple[FinancialYear, ...]:
    """
    The financial years the plan has data for, in order.

    Every year from the first to the last that its money mentions or in which
    an arrangement starts or has its last day (an open-ended arrangement
    counts its first year only: the plan does not say when it would stop).
    """
    years = set(landscape.years())
    for arrangement in landscape.arrangements:
        years.update(arrangement.period.financial_years())
    if not years:
        return ()
    first, last = min(years), max(years)
    return tuple(first + n for n in range(last.start_year - first.start_year + 1))


def for_year(landscape: Landscape, year: FinancialYear) -> Landscape:
    """
    ``landscape`` restricted to ``year``: see the module's docstring.

    Raises:
        InvalidValueError: for a year that is not a FinancialYear, or one the
            plan has no data for, naming the years it has.
    """
    if not isinstance(year, FinancialYear):
        raise InvalidValueError("year", year, "a FinancialYear")
    described = years_described(landscape)
    if year not in described:
        have = (
            f"{described[0]} to {described[-1]}"
            if len(described) > 1
            else (str(described[0]) if described else "no year")
        )
        raise InvalidValueError(
            "year", str(year), f"a year the plan has data for ({have})"
        )
    days = year.period
    arrangements = tuple(
        _transfers_of(a, year)
        for a in landscape.arrangements
        if a.period.overlaps(days)
    )
    named_pools = {a.pooled_budget for a in arrangements}
    pools = tuple(
        p for p in landscape.pooled_budgets if p.year == year or p.code in named_pools
    )
    budgets = tuple(b for b in landscape.budgets if b.year == year)
    boards = tuple(b for b in landscape.planning_boards if b.period.overlaps(days))
    places = tuple(_memberships_for(p, year) for p in landscape.places)
    named: set[str] = {landscape.nhs_england.code}
    for arrangement in arrangements:
        named.add(arrangement.receiver)
        named.update(_some(arrangement.collaboration))
    for pool in pools:
        named.add(pool.host)
        named.update(c.contributor for c in pool.contributions)
    named.update(b.holder for b in budgets)
    for board in boards:
        named.add(board.led_by)
        named.update(board.advisers | board.decision_makers)
    named.update(m.commissioner for p in places for m in p.memberships)
    named.update(b.code for b in landscape.commissioners if b.lifetime.overlaps(days))
    bodies, successions = _closure(landscape, named, year)
    return attrs.evolve(
        landscape,
        commissioners=tuple(b for b in landscape.commissioners if b.code in bodies),
        places=places,
        arrangements=arrangements,
        allocations=tuple(a for a in landscape.allocations if a.year == year),
        budgets=budgets,
        baselines=tuple(b for b in landscape.baselines if b.year == year),
        pooled_budgets=pools,
        planning_boards=boards,
        successions=successions,
        proposed_changes=tuple(
            c for c in landscape.proposed_changes if c.change.effective <= year.end
        ),
    )


def _some(code: str | None) -> Iterable[str]:
    return () if code is None else (code,)


def _transfers_of(
    arrangement: DelegationArrangement, year: FinancialYear
) -> DelegationArrangement:
    """The arrangement with the year's transfer only; a pooled budget's, all."""
    moved = arrangement.budget_transferred
    if arrangement.kind is ArrangementKind.POOLED_BUDGET or all(
        y == year for y in moved
    ):
        return arrangement
    return attrs.evolve(
        arrangement, budget_transferred={y: m for y, m in moved.items() if y == year}
    )


def _memberships_for(place: Place, year: FinancialYear) -> Place:
    """
    The place with the memberships that answer for a day of ``year``.

    The body of a place on a day is reached from its latest membership starting
    on or before that day (then through successions): those starting in the
    year, and the last one starting on or before its first day.
    """
    kept = [m for m in place.memberships if year.start < m.period.start <= year.end]
    before = [m for m in place.memberships if m.period.start <= year.start]
    if before:
        kept.insert(0, before[-1])  # memberships are ordered by start
    if len(kept) == len(place.memberships):
        return place
    return attrs.evolve(place, memberships=tuple(kept))


def _closure(
    landscape: Landscape, named: set[str], year: FinancialYear
) -> tuple[set[str], tuple[Succession, ...]]:
    """
    The bodies ``named`` needs, and the successions that lead on from them.

    Regions, leads, members and successors, to a fixed point; the successions
    are those on or before the year's end, in the plan's order.
    """
    by_code: dict[str, Commissioner] = {b.code: b for b in landscape.commissioners}
    following: dict[str, list[Succession]] = {}
    for succession in landscape.successions:
        if succession.effective <= year.end:
            following.setdefault(succession.predecessor, []).append(succession)
    bodies: set[str] = set()
    kept: list[Succession] = []
    todo = list(named)
    while todo:
        code = todo.pop()
        if code in bodies:
            continue
        bodies.add(code)
        body = by_code[code]
        todo.extend(_some(body.region))
        todo.extend(_some(body.lead))
        todo.extend(body.members)
        for succession in following.get(code, ()):
            kept.append(succession)
            todo.extend(_some(succession.successor))
    order = {id(s): i for i, s in enumerate(landscape.successions)}
    return bodies, tuple(sorted(kept, key=lambda s: order[id(s)]))
