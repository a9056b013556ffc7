"""Faults are one line and nothing is lost: full and read-only disks, folders as paths,
damaged, empty, foreign and read-only databases, a long writer, interrupted exports.

Tests run as root, where permission bits do not stop writes: a full disk is ``/dev/full``
(stdout) or a small tmpfs, a read-only disk a tmpfs remounted read-only (both skipped
where mounting is not allowed), an unwritable folder ``/proc``.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.cli import ERROR_PREFIX, Cli
from support.sqlite_files import damage

pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
"""A file object left open, or a zip archive left on a closed file, by a failed write fails
the test whose garbage collection finds it (``test_export_on_a_full_disk_…`` collects)."""

LEVELS = ["--kind", "service", "--data-access", "personal", "--criticality", "high"]


def _portfolio(run: Cli, n: int = 3) -> None:
    for i in range(n):
        run.ok("vendor", "add", f"Vendor {i}", *LEVELS)
    run.ok("cert", "add", "Vendor 0", "--standard", "iso 27001", "--expires", "2030-01-01")


def _one_line(result_stderr: str) -> str:
    lines = result_stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(ERROR_PREFIX), result_stderr
    return lines[0].removeprefix(ERROR_PREFIX)


def _cli(
    *args: str, env: dict[str, str] | None = None, **kw: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vendor_review", *args],
        capture_output=kw.pop("capture", True),  # type: ignore[arg-type]
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs (a small disk we can fill and make read-only)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                          capture_output=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


# --- outputs -----------------------------------------------------------------------------


def test_stdout_on_a_full_disk_is_one_line(run: Cli, db_file: Path) -> None:
    _portfolio(run)
    with open("/dev/full", "w") as full:
        done = _cli("--db", run.url, "--actor", "alice", "vendor", "list", capture=False,
                    stdout=full, stderr=subprocess.PIPE)  # fmt: skip
    assert done.returncode == 1
    assert _one_line(done.stderr) == "cannot write the output: No space left on device"


def test_a_reader_that_stops_early_gets_no_error(run: Cli, db_file: Path) -> None:
    """``vendor-review vendor list | head -1``: the pipe closes before the list is written;
    the command ends quietly with 128 + SIGPIPE, as a shell tool does."""
    _portfolio(run, 40)
    reader, writer = os.pipe()
    os.close(reader)  # the reader has stopped before the first line
    try:
        done = _cli("--db", run.url, "--actor", "alice", "vendor", "list", capture=False,
                    stdout=writer, stderr=subprocess.PIPE)  # fmt: skip
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (141, "")


def test_export_on_a_full_disk_keeps_the_previous_file(run: Cli, tmpfs: Path) -> None:
    _portfolio(run, 20)
    target = tmpfs / "portfolio.xlsx"
    target.write_bytes(b"previous export")
    filler = tmpfs / "filler"
    fh = filler.open("wb", buffering=0)
    with pytest.raises(OSError, match="No space left"):
        while True:
            fh.write(b"x" * 4096)
    fh.close()
    result = run.run("export", str(target), "--force")
    assert result.exit_code == 1
    assert "No space left on device" in _one_line(result.stderr)
    assert target.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmpfs.iterdir()) == ["filler", "portfolio.xlsx"]
    del result  # holds the failure's traceback, and through it what the export left open
    gc.collect()  # whatever was left open complains now, in this test


def test_outputs_on_a_read_only_disk_keep_the_previous_files(run: Cli, tmpfs: Path) -> None:
    _portfolio(run)
    for name in ("p.xlsx", "due.ics", "q.xlsx"):
        (tmpfs / name).write_bytes(b"previous")
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    aid = run.ok("assessment", "start", "Vendor 1", "--questionnaire", "mini").strip()
    for args in (["export", str(tmpfs / "p.xlsx"), "--force"],
                 ["calendar", str(tmpfs / "due.ics"), "--force"],
                 ["questionnaire-workbook", aid, str(tmpfs / "q.xlsx"), "--force"],
                 ["backup", str(tmpfs / "new.db")]):  # fmt: skip
        result = run.run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "Read-only file system" in _one_line(result.stderr), args
    assert all((tmpfs / n).read_bytes() == b"previous" for n in ("p.xlsx", "due.ics", "q.xlsx"))
    assert sorted(p.name for p in tmpfs.iterdir()) == ["due.ics", "p.xlsx", "q.xlsx"]


def test_an_unwritable_folder_is_one_line(run: Cli) -> None:
    _portfolio(run)
    for args in (["calendar", "/proc/due.ics"], ["export", "/proc/p.xlsx"],
                 ["backup", "/proc/b.db"]):  # fmt: skip
        result = run.run(*args)
        assert result.exit_code in (1, 2), (args, result.output)
        _one_line(result.stderr)


def test_a_folder_as_path_is_one_line(run: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "out.xlsx"
    folder.mkdir()
    for args in (["export", str(folder)], ["calendar", str(folder)],
                 ["import-vendors", str(folder)], ["backup", str(folder)]):  # fmt: skip
        message = run.error(*args, code=2)
        assert "is a directory" in message, message


# --- databases ---------------------------------------------------------------------------


def test_an_empty_file_is_refused_not_initialised(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    message = Cli(f"sqlite:///{path}").error("vendor", "list", code=1)
    assert message.startswith(f"{path} is an empty file (0 bytes)")
    assert path.stat().st_size == 0


def test_a_foreign_file_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    text = tmp_path / "notes.db"
    text.write_text("not a database at all, but long enough to look like one " * 20)
    before = {p: p.read_bytes() for p in (other, text)}
    assert "holds other tables (customers)" in Cli(f"sqlite:///{other}").error(
        "vendor", "list", code=1
    )
    assert "file is not a database" in Cli(f"sqlite:///{text}").error("vendor", "list", code=1)
    assert {p: p.read_bytes() for p in (other, text)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db", "other.db"]


def test_a_damaged_database_takes_no_writes_and_is_not_backed_up(
    run: Cli, db_file: Path, tmp_path: Path
) -> None:
    _portfolio(run, 120)
    damage(db_file)
    message = run.error("vendor", "add", "New", *LEVELS, code=1)
    assert "damaged" in message and "backup" in message and ".recover" in message
    backup = tmp_path / "b.db"
    message = run.error("backup", str(backup), code=1)
    assert "damaged" in message and "no backup was written" in message
    assert not backup.exists() and not (tmp_path / "b.db.partial").exists()


def test_a_read_only_copy_lists_verifies_and_exports(
    run: Cli, db_file: Path, tmp_path: Path
) -> None:
    _portfolio(run)
    archive = tmp_path / "archive"
    archive.mkdir()
    copy = archive / "2025.db"
    run.ok("backup", str(copy))
    copy.chmod(0o444)
    archive.chmod(0o555)
    try:
        before = sorted(archive.iterdir()), copy.read_bytes()
        ro = Cli(f"sqlite:///{copy}")
        assert "Vendor 2" in ro.ok("vendor", "list")
        assert "intact" in ro.ok("audit", "verify")
        ro.ok("export", str(tmp_path / "from-archive.xlsx"))
        assert "read-only" in ro.error("vendor", "add", "New", *LEVELS, code=1)
        assert (sorted(archive.iterdir()), copy.read_bytes()) == before
        uri = Cli(f"sqlite:///file:{db_file}?mode=ro&uri=true")
        assert "Vendor 2" in uri.ok("vendor", "list")
        assert "read-only" in uri.error("vendor", "add", "New", *LEVELS, code=1)
    finally:
        archive.chmod(0o755)
        copy.chmod(0o644)


def test_reads_never_wait_for_a_long_writer(run: Cli, db_file: Path, tmp_path: Path) -> None:
    """A writer holds its transaction (and the write lock) while ``vendor list``,
    ``audit verify`` and ``export`` run: they finish at once (well inside the 5 s the
    lock would make them wait), showing the last committed state."""
    _portfolio(run)
    writer = sqlite3.connect(db_file, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # holds the write lock until ROLLBACK
        writer.execute("CREATE TABLE long_writer (x INTEGER)")
        started = time.monotonic()
        assert "Vendor 0" in run.ok("vendor", "list")
        assert "intact" in run.ok("audit", "verify")
        run.ok("export", str(tmp_path / "during.xlsx"))
        assert time.monotonic() - started < 4.5
    finally:
        writer.execute("ROLLBACK")
        writer.close()


# --- interrupted exports -----------------------------------------------------------------

KILL_MID_EXPORT = """
import os, signal, sys
from vendor_review.exchange.outbound import export as ex
original = ex._write_summary
def terminated(*args, **kwargs):  # the other sheets' temporary files exist by now
    os.kill(os.getpid(), signal.SIGTERM)
    return original(*args, **kwargs)
ex._write_summary = terminated
from vendor_review.cli import main
sys.argv = ["vendor-review", *sys.argv[1:]]
main()
"""


def test_sigterm_mid_export_removes_every_temporary_file(run: Cli, tmp_path: Path) -> None:
    _portfolio(run)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    stale = scratch / "vendor-review-export-999999999-dead"  # left by a kill -9
    stale.mkdir()
    (stale / "openpyxl.abc").write_text("x")
    target = tmp_path / "p.xlsx"
    done = subprocess.run(
        [sys.executable, "-c", KILL_MID_EXPORT, "--db", run.url, "export", str(target)],
        capture_output=True, text=True, env={**os.environ, "TMPDIR": str(scratch)},
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 130, done.stderr
    assert _one_line(done.stderr).startswith("interrupted")
    assert list(scratch.iterdir()) == []
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# --- YAML --------------------------------------------------------------------------------


def test_a_huge_integer_in_yaml_is_one_loader_error(tmp_path: Path) -> None:
    folder = tmp_path / "q"
    folder.mkdir()
    mini = Path(__file__).resolve().parents[1] / "fixtures" / "questionnaires" / "mini.yaml"
    text = mini.read_text(encoding="utf-8")
    (folder / "huge.yaml").write_text(
        text.replace("id: mini", "id: huge", 1).replace("version: 1", f"version: {10**30}", 1),
        encoding="utf-8",
    )
    run = Cli(f"sqlite:///{tmp_path / 'y.db'}")
    run.ok("vendor", "add", "Acme", *LEVELS)
    result = run.run("--questionnaires", str(folder), "questionnaires", "list")
    assert "huge.yaml: line 7: the number 10000000000000000000… is out of range" in result.stderr
    assert "Traceback" not in result.output
