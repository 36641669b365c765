"""
Hostile input, run as a user runs it: the installed console script.

Each case under ``tests/data/hostile/`` is an input file and a sidecar named
after it with ``.expect`` added (``us-date.csv`` and ``us-date.csv.expect``).
The sidecar is TOML::

    # What the case shows (a class of fault from the issue that added it).
    args = ["resolve", "{file}", "--strict"]  # {file}: the input; {tmp}: a temp dir
    message = "expected a date"  # text the error line must contain
    exit = 2  # optional: 2 by default
    stdin = false  # optional: feed the input on stdin

Every case must end with its exit status and one ``speccom: error:`` line
naming the problem, never a traceback, within 2 s of CPU time (the kernel
stops the process past that) and under 200 MB of memory, and must leave no
file behind in its working folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

HOSTILE = Path(__file__).parent / "data" / "hostile"
BIN = Path(sys.executable).parent
SPECCOM = shutil.which("speccom", path=str(BIN)) or shutil.which("speccom")
CPU_SECONDS = 2
MAX_RSS_BYTES = 200 * 1024 * 1024


def _cases() -> list[Path]:
    return sorted(HOSTILE.glob("*.expect")) if HOSTILE.is_dir() else []


#: Runs the command in a child limited to CPU_SECONDS of CPU, waits for it and
#: writes the child's peak memory (KiB) to the file named by argv[1].
_WRAPPER = """
import os, resource, sys
report, command = sys.argv[1], sys.argv[2:]
pid = os.fork()
if pid == 0:
    limit = int(os.environ["SPECCOM_TEST_CPU"])
    resource.setrlimit(resource.RLIMIT_CPU, (limit, limit))
    os.execv(command[0], command)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as f:
    f.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status) % 256)
"""


def run_limited(
    args: list[str], *, cwd: Path, stdin: bytes | None = None
) -> tuple[int, str, str, int]:
    """
    Run ``speccom`` with a CPU limit; return status, stdout, stderr and peak RSS.

    The wall-clock timeout only guards against a hang (a FIFO, a pipe).
    """
    assert SPECCOM is not None, "the speccom console script is not installed"
    report = cwd.parent / "rss.txt"
    process = subprocess.Popen(
        [sys.executable, "-c", _WRAPPER, str(report), SPECCOM, *args],
        cwd=cwd,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={
            **os.environ,
            "PYTHONDONTWRITEBYTECODE": "1",
            "SPECCOM_TEST_CPU": str(CPU_SECONDS),
        },
    )
    try:
        out, err = process.communicate(stdin, timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"speccom {' '.join(args)} hung for 60 s")
    rss = int(report.read_text(encoding="utf-8")) * 1024
    return (
        process.returncode,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        rss,
    )


def _expectation(sidecar: Path) -> dict[str, Any]:
    data = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    unknown = set(data) - {"args", "message", "exit", "stdin"}
    assert not unknown, f"{sidecar.name}: unknown keys {sorted(unknown)}"
    assert isinstance(data.get("args"), list), f"{sidecar.name}: args is required"
    assert isinstance(data.get("message"), str), f"{sidecar.name}: message"
    return data


@pytest.mark.parametrize("sidecar", _cases(), ids=lambda p: p.name[: -len(".expect")])
def test_each_hostile_input_is_refused_clearly(sidecar: Path, tmp_path: Path) -> None:
    """Exit status, one error line naming the problem, no traceback, bounded."""
    expected = _expectation(sidecar)
    source = sidecar.with_name(sidecar.name[: -len(".expect")])
    assert source.exists(), f"{sidecar.name}: no input file {source.name}"
    work = tmp_path / "work"
    work.mkdir()
    args = [
        a.replace("{file}", str(source)).replace("{tmp}", str(work))
        for a in expected["args"]
    ]
    stdin = source.read_bytes() if expected.get("stdin") else None

    status, out, err, rss = run_limited(args, cwd=work, stdin=stdin)

    assert status == expected.get("exit", 2), (status, err[-2000:])
    assert "Traceback" not in err + out
    assert err.count("speccom: error:") == 1, err[-2000:]
    assert expected["message"] in err, err[-2000:]
    assert rss < MAX_RSS_BYTES, f"{rss / 2**20:.0f} MB"
    assert sorted(p.name for p in work.iterdir()) == [], "left a file behind"
