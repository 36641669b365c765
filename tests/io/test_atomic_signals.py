"""A signal that arrives while the temporary file is being made leaves nothing behind."""

from __future__ import annotations

import os
import signal
from typing import TYPE_CHECKING

import pytest

from speccom_model.io import _atomic

if TYPE_CHECKING:
    from pathlib import Path
    from types import FrameType


class _StoppedError(Exception):
    """What the test's signal handler raises, as the command's handler does."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _StoppedError(signum)


def test_a_signal_right_after_the_temporary_is_made_is_handled_inside_the_cleanup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The signal comes as soon as the file exists, before any cleanup could run."""
    create = _atomic._create

    def create_then_signalled(target: str, field: str) -> tuple[int, str]:
        made = create(target, field)
        os.kill(os.getpid(), signal.SIGUSR1)  # delivered now, unless held
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
