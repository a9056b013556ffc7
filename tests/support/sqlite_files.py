"""SQLite files in the states a user's disk can leave them: damaged in the middle."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def damage(path: Path, table: str = "vendors") -> None:
    """Fold the WAL into the file, then overwrite the middle page of ``table``'s b-tree
    (a page of data, not of the schema, which every connection reads first):
    ``PRAGMA quick_check`` reports it; the header and the schema still read."""
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        query = "SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno"
        pages = [n for (n,) in con.execute(query, (table,))]
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
    assert len(pages) > 2, f"{table} is too small to damage in its middle ({len(pages)} pages)"
    with path.open("r+b") as fh:
        fh.seek((pages[len(pages) // 2] - 1) * page_size)
        fh.write(b"\xde\xad\xbe\xef" * (page_size // 4))
