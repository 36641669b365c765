"""
Safe output: ``speccom resolve --out`` and ``io.dump``, written whole or not at all.

Never tested against a real device (we may run as root; a regression would
replace it): FIFOs, links and folders under tmp_path stand in, and a path under
/proc is one no one can create a file in.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import stat
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING

import pytest

from speccom_model import io, scenarios
from speccom_model.cli import main
from speccom_model.errors import OutputError, ParseError, SpeccomError
from speccom_model.io._atomic import atomic_writer
from tests.test_cli import SPECCOM, run

if TYPE_CHECKING:
    from pathlib import Path

ROWS = "service,place,date\n7,01A,2024-04-01\n"


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("speccom: error:")]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder with one activity file, a.csv, and nothing else."""
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "a.csv").write_text(ROWS, encoding="utf-8")
    return folder


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class TestTheOutTarget:
    def test_a_new_file_is_written_and_nothing_else_appears(self, work: Path) -> None:
        """The output, with the mode of any new file, and no temporary beside it."""
        result = run("resolve", "a.csv", "--out", "out.csv", cwd=work)

        assert result.returncode == 0
        assert sorted(p.name for p in work.iterdir()) == ["a.csv", "out.csv"]
        assert stat.S_IMODE((work / "out.csv").stat().st_mode) == 0o666 & ~_umask()

    def test_an_existing_file_is_replaced_keeping_its_mode(self, work: Path) -> None:
        """A file the user made private stays private."""
        (work / "out.csv").write_text("old\n", encoding="utf-8")
        (work / "out.csv").chmod(0o640)

        result = run("resolve", "a.csv", "--out", "out.csv", cwd=work)

        assert result.returncode == 0
        assert (work / "out.csv").read_text("utf-8").startswith("service,place")
        assert stat.S_IMODE((work / "out.csv").stat().st_mode) == 0o640

    def test_a_symlink_at_the_target_is_refused_and_its_target_untouched(
        self, work: Path, tmp_path: Path
    ) -> None:
        """Never written through: the linked file keeps its bytes, nothing appears."""
        victim = tmp_path / "victim.txt"
        victim.write_text("precious\n", encoding="utf-8")
        (work / "out.csv").symlink_to(victim)

        result = run("resolve", "a.csv", "--out", "out.csv", cwd=work)

        assert result.returncode == 2
        assert _errors(result.stderr) == [
            (
                "speccom: error: --out: expected a regular file or a new file name, "
                "not a symbolic link, got 'out.csv'"
            )
        ]
        assert victim.read_text("utf-8") == "precious\n"
        assert (work / "out.csv").is_symlink()
        assert sorted(p.name for p in work.iterdir()) == ["a.csv", "out.csv"]

    def test_a_dangling_symlink_at_the_target_is_refused(
        self, work: Path, tmp_path: Path
    ) -> None:
        """A link to nowhere would otherwise create its target."""
        (work / "out.csv").symlink_to(tmp_path / "created.txt")

        result = run("resolve", "a.csv", "--out", "out.csv", cwd=work)

        assert result.returncode == 2
        assert not (tmp_path / "created.txt").exists()

    def test_a_fifo_target_is_refused_without_opening_it(self, work: Path) -> None:
        """Opening a FIFO to write would hang; replacing it would destroy it."""
        os.mkfifo(work / "out.csv")

        result = run("resolve", "a.csv", "--out", "out.csv", cwd=work)

        assert result.returncode == 2
        assert "not a FIFO (named pipe)" in result.stderr
        assert stat.S_ISFIFO((work / "out.csv").lstat().st_mode)

    @pytest.mark.parametrize(
        ("out", "message"),
        [
            (".", "not a directory, got '.'"),
            ("missing/out.csv", "a file in a folder that exists (No such file"),
            ("/proc/version", "a folder where a new file can be made"),
            ("a.csv/out.csv", "a path that can be examined (Not a directory)"),
            ("", "--out: expected a file name, got ''"),
            ("new/", "--out: expected a file name, got 'new/'"),
        ],
    )
    def test_a_bad_location_exits_2_with_one_line(
        self, work: Path, out: str, message: str
    ) -> None:
        """Not exit 3 ("internal error"): the user named a bad place."""
        result = run("resolve", "a.csv", "--out", out, cwd=work)

        assert result.returncode == 2
        assert len(_errors(result.stderr)) == 1
        assert message in result.stderr
        assert "Traceback" not in result.stderr
        assert sorted(p.name for p in work.iterdir()) == ["a.csv"]

    @pytest.mark.parametrize(
        "disposition", [signal.SIG_IGN, signal.SIG_DFL], ids=["ignored", "default"]
    )
    def test_a_failed_write_exits_2_and_leaves_no_temporary(
        self, work: Path, disposition: signal.Handlers
    ) -> None:
        """
        A write the system refuses (here, past a file-size limit) is our error.

        Whether the parent left SIGXFSZ ignored (kept over exec) or not, the
        command keeps it ignored, as Python does: the write fails, exit 2.
        """
        rows = "".join(f"7,01A,2024-04-{1 + n % 28:02d}\n" for n in range(20_000))
        (work / "a.csv").write_text("service,place,date\n" + rows, encoding="utf-8")

        def limit() -> None:  # in the child, before exec
            signal.signal(signal.SIGXFSZ, disposition)
            resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))

        assert SPECCOM is not None
        result = subprocess.run(
            [SPECCOM, "resolve", "a.csv", "--out", "out.csv"],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            preexec_fn=limit,
        )

        assert result.returncode == 2
        assert _errors(result.stderr) == [
            (
                "speccom: error: --out: expected to write it whole (File too large), "
                "got 'out.csv'"
            )
        ]
        assert sorted(p.name for p in work.iterdir()) == ["a.csv"]

    def test_strict_failure_leaves_neither_output_nor_temporary(
        self, work: Path
    ) -> None:
        """A bad row under --strict: the folder is as it was."""
        (work / "a.csv").write_text(ROWS + "999,01A,2024-04-01\n", encoding="utf-8")

        result = run("resolve", "a.csv", "--strict", "--out", "out.csv", cwd=work)

        assert result.returncode == 2
        assert sorted(p.name for p in work.iterdir()) == ["a.csv"]


def _stop_mid_run(work: Path, signum: int) -> subprocess.CompletedProcess[str]:
    """Start resolve on a pipe kept open, wait until it writes, send ``signum``."""
    assert SPECCOM is not None
    process = subprocess.Popen(
        [SPECCOM, "resolve", "-", "--out", "out.csv"],
        cwd=work,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    process.stdin.write(ROWS)
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".tmp") for p in work.iterdir()):
        assert time.monotonic() < deadline, "resolve never started writing"
        time.sleep(0.02)
    process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


class TestSignals:
    def test_ctrl_c_exits_130_with_one_line_and_no_temporary(self, work: Path) -> None:
        """SIGINT mid-run: no traceback, the temporary removed, no output."""
        (work / "a.csv").unlink()

        result = _stop_mid_run(work, signal.SIGINT)

        assert (result.returncode, result.stderr) == (130, "speccom: interrupted\n")
        assert list(work.iterdir()) == []

    def test_sigterm_cleans_up_as_ctrl_c_does(self, work: Path) -> None:
        """A killed run (that can be told) leaves no multi-MB temporary behind."""
        (work / "a.csv").unlink()

        result = _stop_mid_run(work, signal.SIGTERM)

        assert (result.returncode, result.stderr) == (143, "speccom: terminated\n")
        assert list(work.iterdir()) == []


class TestDump:
    def test_a_symlink_is_refused_and_its_target_untouched(
        self, tmp_path: Path
    ) -> None:
        """io.dump never writes through a link."""
        victim = tmp_path / "victim.toml"
        victim.write_text("precious\n", encoding="utf-8")
        (tmp_path / "plan.toml").symlink_to(victim)

        with pytest.raises(OutputError, match="not a symbolic link"):
            io.dump(scenarios.england_2013_14(), tmp_path / "plan.toml")

        assert victim.read_text("utf-8") == "precious\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "plan.toml",
            "victim.toml",
        ]

    def test_a_fifo_is_refused(self, tmp_path: Path) -> None:
        """Without opening it, so without hanging."""
        os.mkfifo(tmp_path / "plan.toml")

        with pytest.raises(OutputError, match="not a FIFO"):
            io.dump(scenarios.england_2013_14(), tmp_path / "plan.toml")

    def test_a_missing_folder_is_an_output_error_and_an_os_error(
        self, tmp_path: Path
    ) -> None:
        """Callers catching OSError keep working."""
        with pytest.raises(OSError, match="a file in a folder that exists") as caught:
            io.dump(scenarios.england_2013_14(), tmp_path / "no" / "plan.toml")

        assert isinstance(caught.value, SpeccomError)
        assert caught.value.errno == 2

    def test_concurrent_threads_leave_one_whole_file(self, tmp_path: Path) -> None:
        """Each dump completes; the file is one of the outputs, whole."""
        plans = [scenarios.england_2013_14(), scenarios.england_2019_20()]
        target = tmp_path / "plan.toml"
        failures: list[BaseException] = []

        def write(n: int) -> None:
            try:
                for _ in range(5):
                    io.dump(plans[n % 2], target)
            except BaseException as err:  # every failure is asserted on below
                failures.append(err)

        threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert failures == []
        assert io.load(target) in plans
        assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]

    def test_concurrent_processes_leave_one_whole_file(self, tmp_path: Path) -> None:
        """The same across processes."""
        target = tmp_path / "plan.json"
        script = (
            "import sys\n"
            "from speccom_model import io, scenarios\n"
            "plan = getattr(scenarios, sys.argv[2])()\n"
            "for _ in range(5):\n"
            "    io.dump(plan, sys.argv[1])\n"
        )
        names = ["england_2013_14", "england_2019_20"] * 2
        processes = [
            subprocess.Popen([sys.executable, "-c", script, str(target), name])
            for name in names
        ]
        statuses = [p.wait(timeout=120) for p in processes]

        assert statuses == [0, 0, 0, 0]
        assert io.load(target) in [
            scenarios.england_2013_14(),
            scenarios.england_2019_20(),
        ]
        assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


class TestAtomicWriter:
    def test_an_interrupt_in_the_block_removes_the_temporary(
        self, tmp_path: Path
    ) -> None:
        """KeyboardInterrupt too: the target keeps its old bytes."""
        target = tmp_path / "out.csv"
        target.write_text("old\n", encoding="utf-8")

        def interrupted() -> None:
            with atomic_writer(target) as handle:
                handle.write("new\n")
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            interrupted()

        assert target.read_text("utf-8") == "old\n"
        assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]

    def test_a_link_planted_while_writing_is_refused_at_the_rename(
        self, tmp_path: Path
    ) -> None:
        """The target is looked at again just before it is replaced."""
        victim = tmp_path / "victim.txt"
        victim.write_text("precious\n", encoding="utf-8")
        target = tmp_path / "out.csv"

        def planted() -> None:
            with atomic_writer(target, field="--out") as handle:
                handle.write("new\n")
                target.symlink_to(victim)

        with pytest.raises(OutputError, match="not a symbolic link"):
            planted()

        assert victim.read_text("utf-8") == "precious\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "victim.txt"]

    def test_line_endings_are_written_untranslated(self, tmp_path: Path) -> None:
        """newline="" by default: CRLF stays CRLF."""
        target = tmp_path / "out.csv"

        with atomic_writer(target) as handle:
            handle.write("a\r\nb\n")

        assert target.read_bytes() == b"a\r\nb\n"


class TestOutputError:
    def test_it_pickles_with_its_fields(self) -> None:
        """Across process boundaries intact, errno included."""
        err = OutputError("--out", "x.csv", "room", errno=28, strerror="No space")

        back = pickle.loads(pickle.dumps(err))

        assert (type(back), str(back), back.errno, back.strerror, back.filename) == (
            OutputError,
            "--out: expected room, got 'x.csv'",
            28,
            "No space",
            "x.csv",
        )

    def test_its_code_is_stable(self) -> None:
        """Listed in docs/errors.md."""
        assert OutputError.code == "SPC-ERR-OUTPUT"


class TestMoreSignals:
    """Every catchable signal that would end the run cleans up as SIGTERM does."""

    @pytest.mark.parametrize(
        "signum",
        [signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM],
        ids=lambda s: signal.Signals(s).name,
    )
    def test_a_signal_sent_mid_run_exits_128_plus_n_and_leaves_nothing(
        self, work: Path, signum: int
    ) -> None:
        """Ctrl+Backslash and the user signals: one line, no temporary, no output."""
        (work / "a.csv").unlink()

        result = _stop_mid_run(work, signum)

        assert (result.returncode, result.stderr) == (
            128 + signum,
            "speccom: terminated\n",
        )
        assert list(work.iterdir()) == []

    def test_a_cpu_limit_stops_the_run_and_removes_the_temporary(
        self, tmp_path: Path
    ) -> None:
        """SIGXCPU (the soft RLIMIT_CPU) is a stop like any other: exit 152."""
        source = tmp_path / "a.csv"
        # Quoted cells send every chunk down the row-by-row path: several CPU
        # seconds, far past the 1 s limit (the batch path alone could finish
        # 600,000 rows in about a second).
        rows = "".join(f'"7",01A,2024-04-{1 + n % 28:02d}\n' for n in range(600_000))
        source.write_text("service,place,date\n" + rows, encoding="utf-8")
        work = tmp_path / "work"
        work.mkdir()

        def limit() -> None:  # soft 1 s sends SIGXCPU; the hard limit kills
            resource.setrlimit(resource.RLIMIT_CPU, (1, 30))

        assert SPECCOM is not None
        result = subprocess.run(
            [SPECCOM, "resolve", str(source), "--out", "out.csv"],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            preexec_fn=limit,
        )

        assert (result.returncode, result.stderr) == (
            128 + signal.SIGXCPU,
            "speccom: terminated\n",
        )
        assert list(work.iterdir()) == []


def _plan(folder: Path) -> Path:
    plan = folder / "plan.toml"
    io.dump(scenarios.england_2019_20(), plan)
    return plan


COMMANDS = [
    ["schema"],
    ["check", "{plan}"],
    ["summary", "{plan}"],
    ["example", "england_2019_20"],
    ["explain", "SPC-LEGAL-002"],
    ["resolve", "{csv}"],
    ["why", "ILL-1", "07L", "2019-04-01", "{plan}"],
    ["--version"],
    ["resolve", "--help"],
]


class TestStandardOutput:
    """A write to standard output that fails is exit 2 naming it, never exit 3."""

    @pytest.mark.parametrize("args", COMMANDS, ids="_".join)
    def test_a_read_only_standard_output_exits_2_with_one_line(
        self, work: Path, args: list[str]
    ) -> None:
        """As in `speccom schema 1<plan.toml`: the system's reason, the file it is."""
        plan = _plan(work.parent)
        filled = [
            a.replace("{plan}", str(plan)).replace("{csv}", "a.csv") for a in args
        ]
        assert SPECCOM is not None
        with plan.open("rb") as read_only:
            result = subprocess.run(
                [SPECCOM, *filled],
                cwd=work,
                stdout=read_only,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
                timeout=120,
            )

        assert result.returncode == 2, result.stderr
        assert result.stderr.splitlines() == [
            (
                "speccom: error: standard output: expected to write it "
                f"(Bad file descriptor), got '{plan}'"
            )
        ]

    @pytest.mark.parametrize("args", COMMANDS, ids="_".join)
    def test_a_closed_standard_output_exits_2_with_one_line(
        self, work: Path, args: list[str]
    ) -> None:
        """As in `speccom check plan.toml >&-`: not AttributeError on None."""
        plan = _plan(work.parent)
        filled = [
            a.replace("{plan}", str(plan)).replace("{csv}", "a.csv") for a in args
        ]
        assert SPECCOM is not None
        result = subprocess.run(
            [SPECCOM, *filled],
            cwd=work,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
            preexec_fn=lambda: os.close(1),
        )

        assert result.returncode == 2, result.stderr
        assert result.stderr.splitlines() == [
            (
                "speccom: error: standard output: expected an open standard output to "
                "write to, got '<closed>'"
            )
        ]

    def test_resolve_out_needs_no_standard_output(self, work: Path) -> None:
        """With --out, a closed standard output is no problem."""
        assert SPECCOM is not None
        result = subprocess.run(
            [SPECCOM, "resolve", "a.csv", "--out", "out.csv"],
            cwd=work,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
            preexec_fn=lambda: os.close(1),
        )

        assert (result.returncode, result.stderr) == (0, "")
        assert (work / "out.csv").read_text("utf-8").startswith("service,place,date,")

    def test_a_full_disk_under_standard_output_exits_2(self, work: Path) -> None:
        """(ulimit -f 10; speccom resolve big.csv > r.csv): File too large."""
        rows = "".join(f"7,01A,2024-04-{1 + n % 28:02d}\n" for n in range(20_000))
        (work / "a.csv").write_text("service,place,date\n" + rows, encoding="utf-8")
        target = work.parent / "r.csv"

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (10_240, 10_240))

        assert SPECCOM is not None
        with target.open("wb") as sink:
            result = subprocess.run(
                [SPECCOM, "resolve", "a.csv"],
                cwd=work,
                stdout=sink,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
                timeout=120,
                preexec_fn=limit,
            )

        assert result.returncode == 2
        assert _errors(result.stderr) == [
            (
                "speccom: error: standard output: expected to write it (File too large), "
                f"got '{target}'"
            )
        ]
        assert "internal error" not in result.stderr

    @pytest.mark.parametrize("args", COMMANDS, ids="_".join)
    def test_a_reader_that_stops_early_is_a_quiet_exit_0(
        self, work: Path, args: list[str]
    ) -> None:
        """As in `speccom schema | head -1`: a normal end, nothing on standard error."""
        plan = _plan(work.parent)
        rows = "".join(f"7,01A,2024-04-{1 + n % 28:02d}\n" for n in range(20_000))
        (work / "a.csv").write_text("service,place,date\n" + rows, encoding="utf-8")
        filled = [
            a.replace("{plan}", str(plan)).replace("{csv}", "a.csv") for a in args
        ]
        assert SPECCOM is not None
        with subprocess.Popen(
            [SPECCOM, *filled],
            cwd=work,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process:
            assert process.stdout is not None
            assert process.stderr is not None
            process.stdout.read(1)
            process.stdout.close()  # the reader goes away before the end
            err = process.stderr.read()
            status = process.wait(timeout=120)

        assert (status, err) == (0, b"")


class TestNulInAPath:
    """A NUL cannot be in a path: the library's error, not ValueError."""

    def test_load_refuses_it_with_a_parse_error(self) -> None:
        with pytest.raises(ParseError, match="a path without a NUL character"):
            io.load("a\x00.toml")

    def test_dump_refuses_it_with_an_output_error(self, tmp_path: Path) -> None:
        with pytest.raises(OutputError, match="a path without a NUL character"):
            io.dump(scenarios.england_2013_14(), f"{tmp_path}/x\x00.toml")

        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize(
        ("args", "field"),
        [
            (["resolve", "a\x00.csv"], "ACTIVITY"),
            (["resolve", "{csv}", "--out", "o\x00.csv"], "--out"),
            (["resolve", "{csv}", "--landscape", "l\x00.toml"], "file"),
            (["check", "--policy", "p\x00.toml"], "file"),
            (["check", "p\x00.toml"], "file"),
        ],
    )
    def test_main_refuses_it_in_every_path_argument(
        self,
        work: Path,
        capsys: pytest.CaptureFixture[str],
        args: list[str],
        field: str,
    ) -> None:
        """Only main() can be given one (a shell cannot): exit 2, one line."""
        filled = [a.replace("{csv}", str(work / "a.csv")) for a in args]

        status = main(filled)

        err = capsys.readouterr().err
        assert status == 2
        assert err.startswith(f"speccom: error: {field}: expected a path without a ")
        assert err.count("\n") == 1
        assert sorted(p.name for p in work.iterdir()) == ["a.csv"]
