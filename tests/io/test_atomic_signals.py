"""A signal that arrives while the temporary file is being made leaves nothing behind."""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import TYPE_CHECKING

import pytest

from speccom_model.io import _atomic

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from types import FrameType


class _StoppedError(Exception):
    """What the test's signal handler raises, as the command's handler does."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _StoppedError(signum)


@pytest.fixture(params=["alone", "beside a thread"])
def _threads(request: pytest.FixtureRequest) -> Iterator[None]:
    """
    The process alone, or with a thread that does not block signals.

    The kernel hands a process-directed signal to any thread that does not
    block it, and Python runs its handler in the main thread all the same: a
    thread of DuckDB's or Arrow's must not let the signal through the hold.
    """
    if request.param == "alone":
        yield
        return
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@pytest.mark.usefixtures("_threads")
def test_a_signal_right_after_the_temporary_is_made_is_handled_inside_the_cleanup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The signal comes as soon as the file exists, before any cleanup could run."""
    create = _atomic._create

    def create_then_signalled(target: str, field: str) -> tuple[int, str]:
        made = create(target, field)
        os.kill(os.getpid(), signal.SIGUSR1)  # delivered now, unless held
        # Time for another thread, if any, to take it: its handler would then
        # run here in the main thread, unless the hold defers it.
        time.sleep(0.05)
        return made

    monkeypatch.setattr(_atomic, "_create", create_then_signalled)
    previous = signal.signal(signal.SIGUSR1, _stop)
    try:
        with (
            pytest.raises(_StoppedError),
            _atomic.atomic_writer(tmp_path / "out.csv") as handle,
        ):
            handle.write("never kept\n")
    finally:
        signal.signal(signal.SIGUSR1, previous)

    assert list(tmp_path.iterdir()) == []


def test_the_handlers_are_the_callers_again_after_the_writer(tmp_path: Path) -> None:
    """Holding swaps Python handlers for a moment only: each is restored."""
    previous = signal.signal(signal.SIGUSR1, _stop)
    try:
        before = {n: signal.getsignal(n) for n in signal.valid_signals()}
        with _atomic.atomic_writer(tmp_path / "out.csv") as handle:
            handle.write("kept\n")
        after = {n: signal.getsignal(n) for n in signal.valid_signals()}
    finally:
        signal.signal(signal.SIGUSR1, previous)

    assert after == before
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "kept\n"
