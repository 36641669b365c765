"""Doctest namespace: every public name, plus ``dt`` and ``Decimal``."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import find

import speccom_model
from speccom_model.cli import _arrow_modules

# Start numpy's and Arrow's helper threads with every signal blocked, as the
# command does, before any test or doctest imports them: a process signal must
# reach the main thread (tests/io/test_atomic_signals.py), and a thread started
# unblocked could take it.
with contextlib.suppress(ImportError, OSError):
    _arrow_modules()


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace.update(
        {n: getattr(speccom_model, n) for n in speccom_model.__all__}
    )
    doctest_namespace["dt"] = dt
    doctest_namespace["scenarios"] = speccom_model.scenarios
    doctest_namespace["Decimal"] = Decimal
    doctest_namespace["find"] = find
