"""Folders of a test process's own, made on first use and removed when the process ends:
what it builds once and reuses (migrated templates, a LibreOffice profile)."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path


@functools.cache
def process_folder(name: str) -> Path:
    """This test process's folder for ``name`` (parallel workers each have their own)."""
    folder = Path(tempfile.mkdtemp(prefix=f"vendor-review-{name}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
