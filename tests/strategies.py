"""Small strategies for the value types, used by our own property tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from speccom_model import FinancialYear, Money, Period, Population

#: Up to a trillion pounds, either sign, in whole pence.
pence = st.integers(min_value=-(10**14), max_value=10**14)
money = pence.map(lambda p: Money(Decimal(p) / 100))
non_negative_money = st.integers(min_value=0, max_value=10**14).map(
    lambda p: Money(Decimal(p) / 100)
)
populations = st.integers(min_value=0, max_value=70_000_000).map(Population)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
financial_years = st.integers(min_value=1990, max_value=2099).map(FinancialYear)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """A period of 1 day to 30 years, or open-ended."""
    start = draw(dates)
    if draw(st.booleans()):
        return Period(start=start)
    length = draw(st.integers(min_value=1, max_value=365 * 30))
    return Period(start=start, end=start + dt.timedelta(days=length))
