"""
Doctest namespace (every public name, plus ``dt`` and ``Decimal``); workers.

pyproject's addopts ask pytest-xdist for ``--numprocesses=auto``: one worker a
core for the whole suite (plain ``pytest``), but one process, no workers, for
the tests named on the command line, where starting workers costs more than it
saves. ``-n 2`` (or ``-n auto``) on the command line asks for workers anyway;
so does ``PYTEST_XDIST_AUTO_NUM_WORKERS``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
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


def _asked_for_workers(config: pytest.Config) -> bool:
    """Whether the command line or PYTEST_ADDOPTS names a number of workers."""
    given = [
        *config.invocation_params.args,
        *os.environ.get("PYTEST_ADDOPTS", "").split(),
    ]
    return any(a.startswith(("-n", "--numprocesses")) for a in given)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """No workers for named tests, unless asked; else xdist's count (a core each)."""
    if (
        config.args_source is pytest.Config.ArgsSource.ARGS
        and not _asked_for_workers(config)
        and not os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS")
    ):
        return 0
    return None


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace.update(
        {n: getattr(speccom_model, n) for n in speccom_model.__all__}
    )
    doctest_namespace["dt"] = dt
    doctest_namespace["scenarios"] = speccom_model.scenarios
    doctest_namespace["Decimal"] = Decimal
    doctest_namespace["find"] = find
