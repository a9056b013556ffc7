"""Backups: SQLite's online backup API (consistent while the app is in use)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from vendor_review.store.errors import StoreError


def backup_sqlite(url: str, target: Path) -> int:
    """Copy the SQLite database at ``url`` to ``target``; returns the pages copied.

    PostgreSQL databases are backed up with ``pg_dump``: this says so rather than guess.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise StoreError(
            "backup copies SQLite files; for PostgreSQL use pg_dump, e.g. "
            f"pg_dump --format=custom --file=vendor-review.dump {parsed.database or 'DBNAME'}"
        )
    source_path = Path(parsed.database or "")
    if not source_path.is_file():
        raise StoreError(f"no database file at {source_path}")
    if target.exists():
        raise StoreError(f"{target} exists; choose a new file name")
    partial = target.with_name(target.name + ".partial")
    copied = 0

    def progress(status: int, remaining: int, total: int) -> None:
        nonlocal copied
        copied = total

    try:
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest, pages=1024, progress=progress)
            finally:
                dest.close()
        finally:
            source.close()
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"backup to {target} failed: {exc}") from None
    return copied
