r"""
The one way speccom_model writes a file: whole or not at all, never through a link.

:func:`atomic_writer` creates a temporary file exclusively (``O_CREAT | O_EXCL |
O_NOFOLLOW``, a random name, in the target's folder so the final rename is
atomic), hands out a text handle, then flushes, ``fsync``\ s and
``os.replace``\ s it onto the target. A target that exists and is not a regular
file (a symbolic link, a directory, a FIFO, a device, a socket) is refused
before anything is created, and again just before the rename, so the command can
never replace ``/dev/full`` with a file nor write through a link planted where
the output goes. On any error or signal (``BaseException``: ``KeyboardInterrupt``
too) the temporary file is removed and the target is left as it was.

Every failure is an :class:`~speccom_model.errors.OutputError` (also an
``OSError``) naming the option, the target and what went wrong.

>>> import os, pathlib, tempfile
>>> scratch = tempfile.TemporaryDirectory()
>>> folder = scratch.name
>>> target = os.path.join(folder, "out.csv")
>>> with atomic_writer(target) as handle:
...     _ = handle.write("a,b\n")
>>> pathlib.Path(target).read_text(), os.listdir(folder)
('a,b\n', ['out.csv'])
>>> with atomic_writer(folder, field="--out") as handle:
...     pass
Traceback (most recent call last):
speccom_model.errors.OutputError: --out: expected a regular file or a new file name, not a directory, got '...'
>>> scratch.cleanup()
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import signal
import stat
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final, NamedTuple

from speccom_model.errors import OutputError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from types import FrameType
    from typing import TextIO

    from _typeshed import ReadableBuffer

__all__ = ["atomic_writer"]

#: Tries at a fresh random name before giving up (tempfile.mkstemp makes 10000).
_ATTEMPTS: Final = 100
_KINDS: Final = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0)


def _existing_mode(path: str, field: str) -> int | None:
    """The permission bits of a regular file at ``path``; None if nothing is there."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise _failed(field, path, "a path that can be examined", err) from None
    if stat.S_ISREG(found.st_mode):
        return stat.S_IMODE(found.st_mode)
    kind = next((k for test, k in _KINDS if test(found.st_mode)), "a special file")
    raise OutputError(field, path, f"a regular file or a new file name, not {kind}")


def _failed(field: str, path: str, expected: str, err: OSError) -> OutputError:
    return OutputError(
        field,
        path,
        f"{expected} ({err.strerror or type(err).__name__})",
        errno=err.errno,
        strerror=err.strerror,
    )


def _create(target: str, field: str) -> tuple[int, str]:
    """A new file beside ``target``, created exclusively, never through a link."""
    folder, name = os.path.split(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    for _ in range(_ATTEMPTS):
        temporary = os.path.join(folder, f".{name}.{secrets.token_hex(8)}.tmp")
        try:
            # 0o666: the kernel applies the umask, as for any new file.
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
        except FileNotFoundError as err:
            where = (
                "a folder where a new file can be made"
                if os.path.isdir(folder or ".")
                else "a file in a folder that exists"
            )
            raise _failed(field, target, where, err) from None
        except OSError as err:
            raise _failed(field, target, "a place a file can be written", err) from None
    raise OutputError(field, target, "a free temporary name beside it")


class _Raw(io.FileIO):
    """A file whose write failures (a full disk, a quota) are OutputErrors."""

    def __init__(self, fd: int, target: str, field: str) -> None:
        super().__init__(fd, "wb", closefd=True)
        self._target = target
        self._field = field

    def write(self, data: ReadableBuffer, /) -> int:
        try:
            return super().write(data)
        except OSError as err:
            raise _failed(self._field, self._target, "to write it whole", err) from None


class _Held(NamedTuple):
    """What holding signals changed, to undo: the mask, the handlers replaced."""

    #: The thread's signal mask before, or None where there is none (not POSIX).
    mask: set[int | signal.Signals] | None
    #: Each signal whose Python handler was replaced by one that defers it.
    handlers: dict[int, Callable[[int, FrameType | None], object]]
    #: The signals deferred meanwhile, in the order they came.
    pending: list[int]


def _hold_signals() -> _Held:
    """
    Hold every signal until :func:`_release_signals`; what to undo then.

    Blocking signals in this thread is not enough: the kernel hands a
    process-directed signal to any thread that does not block it (a thread
    of DuckDB's, say), and Python then runs the handler in the main thread
    all the same. So, in the main thread, each Python handler is also swapped
    for one that only records the signal; the originals run on release.
    """
    mask = None
    if hasattr(signal, "pthread_sigmask"):
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    pending: list[int] = []
    handlers: dict[int, Callable[[int, FrameType | None], object]] = {}
    if threading.current_thread() is threading.main_thread():

        def defer(signum: int, frame: FrameType | None) -> None:
            pending.append(signum)

        for number in signal.valid_signals():
            try:
                handler = signal.getsignal(number)
            except (OSError, ValueError):  # pragma: no cover - not on Linux
                continue
            if callable(handler):
                signal.signal(number, defer)
                handlers[number] = handler
    return _Held(mask, handlers, pending)


def _release_signals(held: _Held) -> None:
    """Restore handlers and mask: a signal that came meanwhile is handled now."""
    for number, handler in held.handlers.items():
        signal.signal(number, handler)
    if held.mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held.mask)
    for number in dict.fromkeys(held.pending):
        signal.raise_signal(number)


@contextmanager
def atomic_writer(
    path: str | os.PathLike[str],
    *,
    field: str = "path",
    encoding: str = "utf-8",
    newline: str | None = "",
) -> Iterator[TextIO]:
    """
    A text handle whose contents replace ``path`` only when the block succeeds.

    The new file has the existing file's permissions, or those of any new file
    (``0o666`` less the umask) when there was none.

    Args:
        path: The file to write.
        field: The option or argument that named it, for messages.
        encoding: The text encoding.
        newline: As for :func:`open`; ``""`` writes line endings untranslated.

    Yields:
        A writable text stream.

    Raises:
        OutputError: for an empty name, one ending in a separator or holding a
            NUL character; a target
            that is a link, a directory, a FIFO, a device or a socket; a folder that does not exist or cannot be written; or
            a write, ``fsync`` or rename that fails. The target is untouched
            and no temporary file is left.
    """
    target = os.fspath(path)
    if not target or target.endswith(os.sep):
        raise OutputError(field, target, "a file name")
    if "\x00" in target:  # no system call takes one: say so, not ValueError
        raise OutputError(field, target, "a path without a NUL character")
    mode = _existing_mode(target, field)
    # A signal between creating the temporary and entering the cleanup below
    # would leave it behind: hold signals until the cleanup is in place, so a
    # pending one is handled inside it.
    held = _hold_signals()
    try:
        fd, temporary = _create(target, field)
    except BaseException:
        _release_signals(held)
        raise
    try:
        _release_signals(held)
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            raw = _Raw(fd, target, field)
        except OSError as err:
            os.close(fd)
            raise _failed(field, target, "a file that can be written", err) from None
        with io.TextIOWrapper(
            io.BufferedWriter(raw), encoding=encoding, newline=newline
        ) as handle:
            yield handle
            handle.flush()
            try:
                os.fsync(raw.fileno())
            except OSError as err:
                raise _failed(field, target, "to save it to disk", err) from None
        _existing_mode(target, field)  # something planted meanwhile is refused too
        try:
            os.replace(temporary, target)
        except OSError as err:
            raise _failed(field, target, "a file that can be replaced", err) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
