"""
The Hypothesis entry point: register strategies for ``st.from_type``.

Hypothesis calls :func:`setup` when it is imported (entry point group
``hypothesis``). It is cheap: each strategy is deferred, so
:mod:`speccom_model.strategies` loads only when a test first draws one of
these types. Without Hypothesis installed, nothing ever calls it.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["registered_types", "setup"]


def _strategy_for(cls: type) -> Any:  # noqa: ANN401 - a Hypothesis strategy
    strategies = importlib.import_module("speccom_model.strategies")
    return strategies._registrations()[cls]


def registered_types() -> tuple[type, ...]:
    """The public types the entry point registers (strategies._registrations' keys)."""
    import speccom_model as m  # noqa: PLC0415

    return (
        m.Money, m.Population, m.FinancialYear, m.Period, m.Service, m.Specification,
        m.Commissioner, m.Budget, m.BudgetLine, m.Allocation, m.Contribution,
        m.PooledBudget, m.Approval, m.DelegationArrangement, m.Landscape,
    )  # fmt: skip


def setup() -> None:
    """Register a deferred strategy for each public type."""
    from hypothesis import strategies as st  # noqa: PLC0415

    for cls in registered_types():
        st.register_type_strategy(cls, st.deferred(_deferred(cls)))


def _deferred(cls: type) -> Any:  # noqa: ANN401 - a thunk for st.deferred
    return lambda: _strategy_for(cls)
