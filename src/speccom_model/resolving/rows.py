"""
Resolving rows in Python: who answers, who commissions and who pays, fast.

A :class:`Resolver` indexes a landscape's responsibility table (see
:mod:`speccom_model.resolving.table`) by (service, place): a row then costs a
dictionary lookup and a bisection of that pair's interval starts. Codes are
matched exactly, as the landscape holds them.

>>> import datetime as dt
>>> from speccom_model import scenarios
>>> resolver = Resolver(scenarios.england_2024_25())
>>> rows = [
...     ("7", "01A", dt.date(2024, 4, 1)),
...     ("7", "01A", dt.date(2023, 4, 1)),
...     ("1", "01A", dt.date(2024, 4, 1)),
...     ("999", "01A", dt.date(2024, 4, 1)),
... ]
>>> for r in resolver.resolve(rows):
...     print(r)
Resolution(accountable='X24', commissioner='QE1', payer='QE1', arrangement='DEL-QE1', problem=None)
Resolution(accountable='X24', commissioner='JC-Y62', payer='X24', arrangement='JC-Y62-2023', problem=None)
Resolution(accountable='X24', commissioner='X24', payer='X24', arrangement=None, problem=None)
Resolution(accountable=None, commissioner=None, payer=None, arrangement=None, problem="unknown service '999'")

Before 1 April 2013 nobody commissioned specialised services (NHS England's
commissioning functions began that day), so a row dated earlier has a problem:

>>> resolver.resolve_one("7", "01A", dt.date(2013, 3, 31)).problem
'no commissioner before 2013-04-01: NHS England had no commissioning functions until then'

Where the payer is unknown (a pooled budget's arrangement on a day outside its
pool's year) the answers that are known are given, and ``problem`` says why
the payer is not:

>>> Resolver(scenarios.england_2019_20()).resolve_one(
...     "ILL-15", "02W", dt.date(2021, 4, 1)
... )
Resolution(accountable='X24', commissioner='15F', payer=None, arrangement='WY-pooled-budget', problem='no payer: no pooled budget after 2020-21: WY-pooled-budget names pool WY-POOL-2020, which is for 2020-21 only')
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from itertools import groupby
from operator import attrgetter
from typing import TYPE_CHECKING, final

from speccom_model.errors import InvalidValueError
from speccom_model.resolving.table import (
    Resolution,
    ResponsibilityInterval,
    responsibility_table,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from speccom_model.landscape import Landscape

__all__ = ["Resolver", "resolve"]

_Cell = tuple[list[dt.date], list[Resolution]]


@final
class Resolver:
    """
    An index of a landscape for resolving many rows at near dictionary speed.

    Build one per landscape and keep it (building the national plan's takes a
    fraction of a second); ``Resolver.from_table`` builds one from a table
    already made. Every answer equals :meth:`Landscape.responsibility`'s.

    >>> resolver = Resolver(scenarios.england_2024_25())
    >>> resolver.resolve_one("7", "01A", "2024-04-01").problem
    "expected a date, got '2024-04-01'"
    """

    __slots__ = ("_cells", "_places", "_services", "table")

    def __init__(self, landscape: Landscape) -> None:
        self._index(responsibility_table(landscape))
        # A landscape with services but no places has an empty table: its
        # services are still known.
        self._services = frozenset(s.code for s in landscape.catalogue)
        self._places = frozenset(p.code for p in landscape.places)

    @classmethod
    def from_table(cls, table: Sequence[ResponsibilityInterval]) -> Resolver:
        """
        A resolver over a responsibility table (as ``responsibility_table`` makes).

        The codes it knows are the table's: a service of a landscape with no
        places is reported as unknown.

        >>> from speccom_model.resolving import responsibility_table
        >>> table = responsibility_table(scenarios.england_2024_25())
        >>> Resolver.from_table(table).resolve_one("7", "01A", dt.date(2024, 4, 1))
        Resolution(accountable='X24', commissioner='QE1', payer='QE1', arrangement='DEL-QE1', problem=None)
        """
        resolver = cls.__new__(cls)
        resolver._index(tuple(table))
        return resolver

    def _index(self, table: tuple[ResponsibilityInterval, ...]) -> None:
        #: The table this resolver answers from.
        self.table = table
        self._cells: dict[tuple[str, str], _Cell] = {}
        shared: dict[tuple[tuple[dt.date, ...], tuple[Resolution, ...]], _Cell] = {}
        for pair, group in groupby(table, key=attrgetter("service", "place")):
            rows = list(group)
            starts = tuple(row.valid_from for row in rows[1:])
            answers = tuple(row.resolution for row in rows)
            # Pairs with the same history (most undelegated pairs) share a cell.
            cell = shared.setdefault((starts, answers), (list(starts), list(answers)))
            self._cells[pair] = cell
        self._services = frozenset(service for service, _ in self._cells)
        self._places = frozenset(place for _, place in self._cells)

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
        """
        The same, for three equal-length columns.

        Raises:
            InvalidValueError: the columns differ in length.
        """
        if not len(services) == len(places) == len(dates):
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


def resolve(
    landscape: Landscape, rows: Iterable[tuple[str, str, dt.date]]
) -> list[Resolution]:
    """
    Resolve (service code, place code, date) rows against ``landscape``, once.

    Builds a :class:`Resolver` each call: to resolve more than once, build one
    and keep it.

    >>> resolve(scenarios.england_2024_25(), [("1", "Q99", dt.date(2024, 4, 1))])
    [Resolution(accountable=None, commissioner=None, payer=None, arrangement=None, problem="unknown place 'Q99'")]
    """
    return Resolver(landscape).resolve(rows)


def _problem(why: str) -> Resolution:
    """A row with no answers, and why."""
    return Resolution(None, None, None, None, why)
