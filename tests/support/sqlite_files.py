"""SQLite files in the states a user's disk can leave them: damaged in the middle."""

from __future__ import annotations

import sqlite3
from pathlib import Path

PAGE = 4096


def damage(path: Path) -> None:
    """Fold the WAL into the file, then overwrite a page in its middle (a table's b-tree
    page): ``PRAGMA quick_check`` reports it; the header still reads."""
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek((size // PAGE // 2) * PAGE)
        fh.write(b"\xde\xad\xbe\xef" * (PAGE // 4))
