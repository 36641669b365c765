"""Doctest namespace: every public name, plus ``dt`` and ``Decimal``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import find

import speccom_model


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace.update(
        {n: getattr(speccom_model, n) for n in speccom_model.__all__}
    )
    doctest_namespace["dt"] = dt
    doctest_namespace["scenarios"] = speccom_model.scenarios
    doctest_namespace["Decimal"] = Decimal
    doctest_namespace["find"] = find
