"""
Resolving activity: the responsibility table and the ways of joining to it.

One home for every way of answering "who is accountable, who commissions, who
pays, under which arrangement" for many (service, place, date) rows:

* :func:`responsibility_table` — every answer of a landscape as rows of
  (service, place, valid_from, valid_to, answers), both days included, for
  engines to join (:data:`SQL_PREDICATE`);
* :class:`Resolver` — the same in Python, row by row, at near dictionary speed;
* :mod:`speccom_model.resolving.arrow` — vectorised over Arrow tables
  (the ``arrow`` extra);
* :mod:`speccom_model.engines` — DuckDB and Spark, on the same table.

The landscape does not import this package: it answers one question
(:meth:`Landscape.responsibility`); this package asks it once per interval.

>>> import datetime as dt
>>> from speccom_model import scenarios
>>> Resolver(scenarios.england_2024_25()).resolve([("7", "01A", dt.date(2024, 4, 1))])
[Resolution(accountable='X24', commissioner='QE1', payer='QE1', arrangement='DEL-QE1', problem=None)]
"""

from __future__ import annotations

from speccom_model.resolving.rows import Resolver, resolve
from speccom_model.resolving.table import (
    FIRST_DAY,
    LAST_DAY,
    SQL_PREDICATE,
    TABLE_COLUMNS,
    Resolution,
    ResponsibilityInterval,
    responsibility_table,
)

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "SQL_PREDICATE",
    "TABLE_COLUMNS",
    "Resolution",
    "Resolver",
    "ResponsibilityInterval",
    "resolve",
    "responsibility_table",
]
