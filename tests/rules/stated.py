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
    from collections.abc import Callable

    from speccom_model.landscape import Landscape
    from speccom_model.rules import Finding

_MONEY = re.compile(r"-?£[0-9][0-9,]*(?:\.[0-9]+)?(?:bn|m|k)?")
_PERCENT = re.compile(r"[0-9]+\.[0-9]%")
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


def _take(
    pattern: re.Pattern[str], text: str, label: str, ok: Callable[[str], bool]
) -> tuple[list[str], str]:
    """What ``pattern`` finds in ``text`` that is not ``ok``, and the text without it."""
    problems = [f"{label} {match}" for match in pattern.findall(text) if not ok(match)]
    return problems, pattern.sub(" ", text)


def unstated(finding: Finding, landscape: Landscape) -> list[str]:
    """What ``finding``'s message states that is not among its data values."""
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
    ratios = {
        _percent((a.pounds / b.pounds).copy_abs())
        for a, b in itertools.permutations(amounts, 2)
        if b.pounds
    }
    dates = {
        d.isoformat() for d in _of(finding, FactKind.DATE) if isinstance(d, dt.date)
    }
    lists = [v for v in _of(finding, FactKind.CODES) if isinstance(v, tuple)]
    codes = {str(c) for c in _of(finding, FactKind.CODE)} | {
        c for items in lists for c in items
    }
    years = {
        str(y) for y in _of(finding, FactKind.YEAR) if isinstance(y, FinancialYear)
    }
    integers = {i for i in _of(finding, FactKind.INTEGER) if isinstance(i, int)}

    problems: list[str] = []
    for pattern, label, ok in (
        (_MONEY, "money", written.__contains__),
        (_PERCENT, "percentage", ratios.__contains__),
        (_DATE, "date", dates.__contains__),
        (_YEAR, "year", (years | codes).__contains__),
        (_MORE, "and", lambda m: any(len(c) == int(m) + _SHOWN for c in lists)),
    ):
        found, text = _take(pattern, text, label, ok)
        problems += found

    for code in sorted(_landscape_codes(landscape), key=len, reverse=True):
        numeric = code.isdigit() and int(code) in integers
        if _token(code).search(text) and code not in codes and not numeric:
            problems.append(f"code {code}")
    for code in sorted(codes, key=len, reverse=True):
        text = _token(code).sub(" ", text)

    found, _ = _take(
        _INTEGER, text, "number", lambda m: int(m.replace(",", "")) in integers
    )
    return problems + found
