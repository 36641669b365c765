"""
National specialised commissioning budget figures by year, as the sources give them.

One :class:`BudgetFigure` per row of ``specialised_budget_by_year.csv``: the
financial year, the exact amount, what kind of figure it is (a plan, a
forecast, a budget, an allocation, an outturn, a delegated share, or an
overspend), the source with its address, and the source's own words. Figures
that conflict (three different 2013-14 plans) are all kept, side by side, each
with its kind and source: nothing here chooses between them.

>>> from speccom_model import reference
>>> figures = reference.specialised_budgets()
>>> len(figures)
25
>>> first = figures[0]
>>> str(first.year), first.amount, first.kind.value
('2013-14', Money('12700000000.00'), 'plan')
>>> first.precision  # "12.7" £bn: written to the £100m
Money('100000000.00')
>>> from speccom_model import FinancialYear
>>> [
...     f.amount
...     for f in figures
...     if f.kind is reference.BudgetFigureKind.DELEGATED_SHARE
...     and f.year == FinancialYear(2024)
... ]
[Money('5300000000.00')]
>>> reference.BudgetFigureKind.parse("a guess")
Traceback (most recent call last):
speccom_model.errors.InvalidValueError: kind: expected a figure kind the budget table uses (plan, forecast, budget, allocation, outturn, spend, expenditure, delegated share, forecast overspend, outturn overspend), got 'a guess'
"""

from __future__ import annotations

import functools
from decimal import Decimal
from enum import StrEnum
from typing import Final, final

import attrs

from speccom_model._validators import check_instance, check_text
from speccom_model.citation import Citation, Sources, check_sources, to_sources
from speccom_model.errors import InvalidValueError
from speccom_model.periods import FinancialYear
from speccom_model.reference._files import rows
from speccom_model.units import Money, gbp

__all__ = ["BudgetFigure", "BudgetFigureKind", "specialised_budgets"]


class BudgetFigureKind(StrEnum):
    """
    What a budget figure is: the table's ``kind`` column, in a fixed vocabulary.

    A plan, forecast, budget or allocation is money set aside or expected; an
    outturn is money spent; a delegated share is the part of the national
    budget passed to joint committees or ICBs; an overspend is the amount over
    budget (a forecast one, or an outturn one), not a budget.

    >>> [k.value for k in BudgetFigureKind]
    ['plan', 'forecast', 'budget', 'allocation', 'outturn', 'delegated-share', 'forecast-overspend', 'outturn-overspend']
    """

    PLAN = "plan"
    FORECAST = "forecast"
    BUDGET = "budget"
    ALLOCATION = "allocation"
    OUTTURN = "outturn"
    DELEGATED_SHARE = "delegated-share"
    FORECAST_OVERSPEND = "forecast-overspend"
    OUTTURN_OVERSPEND = "outturn-overspend"

    @classmethod
    def parse(cls, text: str) -> BudgetFigureKind:
        """
        The kind a ``kind`` cell of the budget table names, by its leading words.

        ``"spend (outturn)"`` and ``"expenditure (outturn)"`` are outturns.

        Raises:
            InvalidValueError: for text that starts with no kind the table uses.

        >>> BudgetFigureKind.parse("forecast (at month 9, Dec 2013)")
        <BudgetFigureKind.FORECAST: 'forecast'>
        >>> BudgetFigureKind.parse("expenditure (outturn)")
        <BudgetFigureKind.OUTTURN: 'outturn'>
        """
        check_text("kind", text)
        lowered = text.lower()
        for prefix, kind in _PREFIXES_BY_LENGTH:
            if lowered.startswith(prefix):
                return kind
        raise InvalidValueError(
            "kind",
            text,
            "a figure kind the budget table uses ("
            + ", ".join(prefix for prefix, _ in _PREFIXES)
            + ")",
        )


_PREFIXES: Final = (
    ("plan", BudgetFigureKind.PLAN),
    ("forecast", BudgetFigureKind.FORECAST),
    ("budget", BudgetFigureKind.BUDGET),
    ("allocation", BudgetFigureKind.ALLOCATION),
    ("outturn", BudgetFigureKind.OUTTURN),
    ("spend", BudgetFigureKind.OUTTURN),
    ("expenditure", BudgetFigureKind.OUTTURN),
    ("delegated share", BudgetFigureKind.DELEGATED_SHARE),
    ("forecast overspend", BudgetFigureKind.FORECAST_OVERSPEND),
    ("outturn overspend", BudgetFigureKind.OUTTURN_OVERSPEND),
)
# Longest first, so "forecast overspend" is not read as "forecast".
_PREFIXES_BY_LENGTH: Final = tuple(
    sorted(_PREFIXES, key=lambda pair: len(pair[0]), reverse=True)
)


@final
@attrs.frozen(kw_only=True)
class BudgetFigure:
    """
    One national specialised commissioning figure for one financial year.

    Args:
        year: The NHS financial year the figure is for.
        amount: The amount, exactly (``£13.2bn`` is 13,200,000,000.00).
        kind: What the figure is (plan, forecast, outturn, delegated share …).
        detail: The table's own words for the kind, e.g. ``forecast (at month
            9, Dec 2013)``.
        sources: Where it was read, with the address.
        note: What the source says beside it, or ``""``.
        precision: The unit of the last digit the table writes (£100m for
            ``5.3`` £bn, £1bn for ``14`` £bn); ``None`` if not given.

    Source: ``specialised_budget_by_year.csv``; each row names its own source.

    >>> BudgetFigure(
    ...     year=FinancialYear(2015),
    ...     amount=gbp("£14.6bn"),
    ...     kind=BudgetFigureKind.BUDGET,
    ...     detail="budget",
    ...     sources=Citation(
    ...         title="NAO press release, The commissioning of specialised services in the NHS",
    ...         url="https://nao.org.uk/press-releases/the-commissioning-of-specialised-services-in-the-nhs",
    ...     ),
    ... ).amount
    Money('14600000000.00')
    """

    year: FinancialYear
    amount: Money
    kind: BudgetFigureKind
    detail: str
    sources: Sources = attrs.field(converter=to_sources)
    note: str = ""
    precision: Money | None = None

    def __attrs_post_init__(self) -> None:
        check_instance("year", self.year, FinancialYear, "a FinancialYear")
        check_instance("amount", self.amount, Money, "Money")
        check_instance("kind", self.kind, BudgetFigureKind, "a BudgetFigureKind")
        check_text("detail", self.detail)
        check_sources("sources", self.sources)
        if not isinstance(self.note, str):
            raise InvalidValueError("note", self.note, "text")
        if self.precision is not None:
            check_instance("precision", self.precision, Money, "Money")


_SCALES: Final = {"£bn": "bn", "£m": "m"}
# The table gives one address as http://; azurewebsites.net serves the same
# address over https, and a Citation takes https only.
_HTTP_UPGRADE: Final = "http://eldaddp.azurewebsites.net/"


def _precision(amount: str, scale: str) -> Money:
    """The unit of the last digit written: ``5.3`` £bn is to the £100m."""
    exponent = Decimal(amount).as_tuple().exponent
    if not isinstance(exponent, int):  # NaN or infinity: not an amount
        raise InvalidValueError("amount", amount, "a decimal number")
    return gbp(f"£1{scale}") * Decimal(1).scaleb(exponent)


def _citation(title: str, url: str) -> Citation:
    if url.startswith(_HTTP_UPGRADE):
        return Citation(
            title=title,
            url="https://" + url.removeprefix("http://"),
            note="the table gives this address as http://; cited at its https:// form",
        )
    return Citation(title=title, url=url)


@functools.cache
def specialised_budgets() -> tuple[BudgetFigure, ...]:
    """
    Every national specialised budget figure the table holds, in its order.

    Source: ``specialised_budget_by_year.csv`` (HSJ, NAO, PAC HC 387, CIPFA,
    HFMA, NHS England, a written parliamentary answer, NHS Confederation,
    Surrey Heartlands; each figure carries its own).

    Raises:
        InvalidValueError: if a row has a unit or kind the table does not use
            (the shipped table has none).
    """
    figures = []
    for i, row in enumerate(rows("specialised_budget_by_year.csv")):
        scale = _SCALES.get(row["unit"])
        if scale is None:
            raise InvalidValueError(
                f"specialised_budget_by_year[{i}].unit", row["unit"], "£bn or £m"
            )
        figures.append(
            BudgetFigure(
                year=FinancialYear.parse(row["financial_year"]),
                amount=gbp(f"£{row['amount']}{scale}"),
                kind=BudgetFigureKind.parse(row["kind"]),
                detail=row["kind"],
                sources=_citation(row["source"], row["source_url"]),
                note=row["note"],
                precision=_precision(row["amount"], scale),
            )
        )
    return tuple(figures)
