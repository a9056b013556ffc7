"""Backups: SQLite's online backup API (consistent while the app is in use).

A backup is reported only after the copy passes ``PRAGMA integrity_check``: a damaged
database is never copied into what looks like a good backup.
"""

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
                problems = [row[0] for row in dest.execute("PRAGMA integrity_check(3)")]
            finally:
                dest.close()
        finally:
            source.close()
        if problems != ["ok"]:
            raise _Damaged("integrity_check: " + "; ".join(str(p) for p in problems)[:300])
        partial.replace(target)
    except sqlite3.DatabaseError as exc:
        if "malformed" not in str(exc):
            partial.unlink(missing_ok=True)
            raise StoreError(f"backup to {target} failed: {exc}") from None
        damaged: Exception = exc
    except _Damaged as exc:
        damaged = exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"backup to {target} failed: {exc}") from None
    else:
        return copied
    partial.unlink(missing_ok=True)
    raise StoreError(
        f"the database {source_path} is damaged ({damaged}); no backup was written to "
        f"{target}. Keep your last good backup; salvage with 'sqlite3 {source_path} .recover'"
    )


def copy_head(path: Path) -> tuple[int, str] | None:
    """``(seq, hash in hex)`` of the newest audit event in the SQLite file at ``path``
    (opened read-only), ``None`` for an empty chain; ``sqlite3.Error`` if unreadable."""
    copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = copy.execute("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
        row = found.fetchone()
    finally:
        copy.close()
    return None if row is None else (int(row[0]), bytes(row[1]).hex())


class _Damaged(Exception):
    """The copy fails ``PRAGMA integrity_check``: the source is damaged."""
