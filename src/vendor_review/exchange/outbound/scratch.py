"""A private folder for the temporary files openpyxl streams each sheet through.

openpyxl's write-only workbook keeps one temporary file per sheet in the system's temp
folder until it saves; a killed export used to leave them there (42 files, 91 MB after
seven kills). Here every export gets its own folder ``vendor-review-export-PID-*``, removed
when the export ends however it ends (done, failed, SIGINT or SIGTERM — the CLI turns
SIGTERM into an interrupt — and at interpreter exit); a folder left by a killed process
(``kill -9``, power loss) is removed by the next export, once its process is gone.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = "vendor-review-export-"

_local = threading.local()
_live: set[str] = set()
_installed = False


@contextmanager
def scratch_folder() -> Iterator[Path]:
    """openpyxl's temporary files of this thread go to a new private folder until the
    block ends; then the folder and whatever is in it are removed."""
    _install()
    sweep_stale()
    folder = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")
    _live.add(folder)
    _local.folder = folder
    try:
        yield Path(folder)
    finally:
        _local.folder = None
        shutil.rmtree(folder, ignore_errors=True)
        _live.discard(folder)


def sweep_stale(root: Path | None = None) -> list[Path]:
    """Remove the scratch folders of processes that no longer run; returns them."""
    removed: list[Path] = []
    base = root or Path(tempfile.gettempdir())
    with contextlib.suppress(OSError):
        for folder in base.glob(f"{PREFIX}*"):
            pid = folder.name[len(PREFIX) :].split("-", 1)[0]
            if pid.isdigit() and not _running(int(pid)) and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _install() -> None:
    """Point openpyxl's one temporary-file hook at the thread's scratch folder."""
    global _installed
    if _installed:
        return
    from openpyxl.worksheet import _writer

    def create_temporary_file(suffix: str = "") -> str:
        fd, name = tempfile.mkstemp(
            suffix=suffix, prefix="openpyxl.", dir=getattr(_local, "folder", None)
        )
        os.close(fd)
        _writer.ALL_TEMP_FILES.append(name)
        return name

    _writer.create_temporary_file = create_temporary_file
    atexit.register(_remove_live)
    _installed = True


def _remove_live() -> None:
    for folder in list(_live):
        shutil.rmtree(folder, ignore_errors=True)
