"""
What a finding's message states that its data does not: the acceptance check.

An analyst never needs to parse a message: every money figure, integer, ISO
date, financial year and code the message states is among the finding's
``data``. Words quoted into the message (its TEXT facts: reasons, provisions,
sources' names) and the names of services are prose, not figures, and are set
aside first. Money is matched as the messages write it, in the short style
(``format_money``) or exact to the penny, by its size (the message says the
direction in words: "short", "more held than moved"); a percentage must be
the ratio of two money facts, as ``_percent`` writes it; "and N more" after
five codes must be a list of N + 5 codes in data.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import TYPE_CHECKING

from speccom_model.periods import FinancialYear
from speccom_model.rules import FACTS, FactKind
from speccom_model.units import Money, _percent, format_money

if TYPE_CHECKING:
    from speccom_model.landscape import Landscape
    from speccom_model.rules import Finding

_MONEY = re.compile(r"-?£[0-9][0-9,]*(?:\.[0-9]+)?(?:bn|m|k)?")
_PERCENT = re.compile(r"([0-9]+\.[0-9])%")
_DATE = re.compile(r"(?<![0-9])([0-9]{4}-[0-9]{2}-[0-9]{2})(?![0-9])")
_YEAR = re.compile(r"(?<![0-9])([0-9]{4}-[0-9]{2})(?![0-9-])")
_MORE = re.compile(r"\band ([0-9]+) more\b")
_INTEGER = re.compile(r"(?<![\w.£/-])([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?![\w/])")
#: How many codes a message names before "and N more".
_SHOWN = 5


def _of(finding: Finding, kind: FactKind) -> list[object]:
    return [v for k, v in finding.data.items() if FACTS[k].kind is kind]


def _token(code: str) -> re.Pattern[str]:
    """``code`` as a whole token: not inside a longer code or number."""
    return re.compile(rf"(?<![\w.,-]){re.escape(code)}(?![\w-]|[.,]\w)")


def _landscape_codes(landscape: Landscape) -> set[str]:
    return (
        {c.code for c in landscape.commissioners}
        | {s.code for s in landscape.catalogue}
        | {p.code for p in landscape.places}
        | {a.id for a in landscape.arrangements}
        | {b.code for b in landscape.planning_boards}
        | {p.code for p in landscape.pooled_budgets}
    )


def unstated(finding: Finding, landscape: Landscape) -> list[str]:  # noqa: C901, PLR0912
    """What ``finding``'s message states that is not among its data values."""
    problems: list[str] = []
    text = finding.message
    for prose in sorted(map(str, _of(finding, FactKind.TEXT)), key=len, reverse=True):
        text = text.replace(prose, " ")
    for service in sorted(landscape.catalogue, key=lambda s: -len(s.name)):
        text = text.replace(f"({service.name})", "( )")

    amounts = [m for m in _of(finding, FactKind.MONEY) if isinstance(m, Money)]
    written = {
        format_money(style, exact=exact)
        for money in amounts
        for style in (money, abs(money))
        for exact in (False, True)
    }
    for match in _MONEY.findall(text):
        if match not in written:
            problems.append(f"money {match}")
    text = _MONEY.sub(" ", text)

    ratios = {
        _percent((a.pounds / b.pounds).copy_abs())
        for a, b in itertools.permutations(amounts, 2)
        if b.pounds
    }
    for match in _PERCENT.findall(text):
        if f"{match}%" not in ratios:
            problems.append(f"percentage {match}%")
    text = _PERCENT.sub(" ", text)

    dates = {d.isoformat() for d in _of(finding, FactKind.DATE) if isinstance(d, dt.date)}
    for match in _DATE.findall(text):
        if match not in dates:
            problems.append(f"date {match}")
    text = _DATE.sub(" ", text)

    lists = [v for v in _of(finding, FactKind.CODES) if isinstance(v, tuple)]
    codes = {str(c) for c in _of(finding, FactKind.CODE)} | {
        c for items in lists for c in items
    }
    years = {str(y) for y in _of(finding, FactKind.YEAR) if isinstance(y, FinancialYear)}
    for match in _YEAR.findall(text):
        if match not in years | codes:
            problems.append(f"year {match}")
    text = _YEAR.sub(" ", text)

    for match in _MORE.findall(text):
        if not any(len(items) == int(match) + _SHOWN for items in lists):
            problems.append(f"and {match} more")
    text = _MORE.sub(" ", text)

    integers = {i for i in _of(finding, FactKind.INTEGER) if isinstance(i, int)}
    for code in sorted(_landscape_codes(landscape), key=len, reverse=True):
        if not _token(code).search(text):
            continue
        numeric = code.isdigit() and int(code) in integers
        if code not in codes and not numeric:
            problems.append(f"code {code}")
    for code in sorted(codes, key=len, reverse=True):
        text = _token(code).sub(" ", text)

    for match in _INTEGER.findall(text):
        if int(match.replace(",", "")) not in integers:
            problems.append(f"number {match}")
    return problems
