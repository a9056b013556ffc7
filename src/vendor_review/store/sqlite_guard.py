"""SQLite connections: their settings, their transactions and the write guard.

A SQLite database takes no writes when it is a read-only archive (found as it opens,
``open_url``) or a damaged file (``quick_check`` at the first write); ``WriteGuard``
holds why, and ``on_begin`` refuses every write transaction with that reason. Writers
begin with ``BEGIN IMMEDIATE``, readers (``BEGIN_OPTION``) with a plain ``BEGIN``;
``on_connect`` sets the busy timeout, foreign keys and WAL.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from sqlalchemy import Connection, Engine, exc
from sqlalchemy.engine import URL

from vendor_review.store import protect
from vendor_review.store.errors import (
    DatabaseUnavailableError,
    ReadOnlyDatabaseError,
    StoreError,
    first_line,
)

BUSY_TIMEOUT_MS = 5000
BEGIN_OPTION = "vendor_review_begin"
"""Execution option: ``"DEFERRED"`` makes a transaction a reader (plain ``BEGIN``)."""


@dataclass
class WriteGuard:
    """Why this SQLite database takes no writes (read-only archive, damaged), if it does
    not; ``checked`` once the first write transaction ran ``quick_check``."""

    reason: str | None = None
    checked: bool = False


def open_url(url: URL, guard: WriteGuard) -> URL:
    """Check the file before SQLite touches it; a read-only one opens with ``mode=ro``."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        if url.query.get("mode") == "ro" or (database and "mode=ro" in database):
            guard.reason = "the database was opened read-only (mode=ro)"
        return url
    path = Path(database)
    if not path.exists():
        if not path.parent.is_dir():
            raise DatabaseUnavailableError(
                f"cannot create database file {path}: directory {path.parent} does not exist"
            )
        if _read_only(path.parent):
            raise ReadOnlyDatabaseError(
                f"directory {path.parent} of database file {path.name} is read-only; "
                "SQLite needs to create its journal files there"
            )
        return url
    if path.is_dir():
        raise DatabaseUnavailableError(f"{path} is a folder, not a database file")
    if path.stat().st_size == 0:
        raise StoreError(
            f"{path} is an empty file (0 bytes), not a vendor-review database; refusing to "
            "initialise it (delete it, or choose a new file name, to start afresh)"
        )
    read_only_file = _read_only(path)
    read_only_dir = _read_only(path.parent)
    if not (read_only_file or read_only_dir):
        return url
    what = f"database file {path}" if read_only_file else f"folder {path.parent}"
    guard.reason = f"{what} is read-only, so the database is open for reading only"
    # An archive nobody writes: opened immutable, SQLite creates no -wal/-shm beside it;
    # only a copy that still has its WAL file beside it needs reading through the WAL.
    has_wal = Path(f"{path}-wal").exists() and not read_only_dir
    query = "mode=ro" if has_wal else "mode=ro&immutable=1"
    return url.set(database=f"file:{quote(str(path.resolve()))}?{query}", query={"uri": "true"})


def _read_only(path: Path) -> bool:
    """No write bit (even for root, who ``os.access`` always lets write) or no access."""
    return path.stat().st_mode & 0o222 == 0 or not os.access(path, os.W_OK)


def quick_check(connection: Connection, guard: WriteGuard) -> None:
    """Before the first write: ``PRAGMA quick_check``; a damaged file takes no writes."""
    guard.checked = True
    try:
        rows = [str(r) for r in connection.exec_driver_sql("PRAGMA quick_check(3)").scalars()]
    except exc.DatabaseError as error:  # so damaged that the check itself cannot finish
        if "malformed" not in str(error.orig):
            raise
        rows = [first_line(str(error.orig), None)]
    if rows != ["ok"]:
        path = file_path(connection.engine)
        guard.reason = (
            f"database file {path} is damaged (quick_check: {'; '.join(rows)[:200]}), so it "
            "is open for reading only. To recover, move it aside and copy your latest "
            f"'vendor-review backup' file to {path}, or salvage what is left with "
            f"'sqlite3 {path} .recover'"
        )


def file_path(engine: Engine) -> str:
    database = engine.url.database or ""
    if database.startswith("file:"):
        return unquote(database[5:].split("?", 1)[0])
    return database


def on_connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
    # Take transaction control away from the sqlite3 module: on_begin emits BEGIN.
    dbapi_connection.isolation_level = None
    protect.install_sqlite_functions(dbapi_connection, record.info)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # WAL (readers never wait for a writer) for our databases and new ones; a file
        # with other tables is left exactly as it is (it is refused on open).
        tables = cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE name = 'alembic_version') "
            "FROM sqlite_master WHERE type = 'table'"
        ).fetchone()
        if tables[0] == 0 or tables[1]:
            with contextlib.suppress(sqlite3.OperationalError):  # read-only medium: as is
                cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


def on_begin(guard: WriteGuard, connection: Connection) -> None:
    options: Mapping[str, Any] = connection.get_execution_options()
    deferred = options.get(BEGIN_OPTION) == "DEFERRED"
    if not deferred and guard.reason:
        raise ReadOnlyDatabaseError(f"nothing was changed: {guard.reason}")
    forget_captured_rows(connection)
    connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")
    if not deferred and not guard.checked:
        # Checked at the first write, not on open: read-only commands keep their start-up
        # time (quick_check reads the whole file: 0.2 s for 90 MB).
        quick_check(connection, guard)
        if guard.reason:
            # A check that hit a malformed page may have ended the transaction already.
            with contextlib.suppress(exc.OperationalError):
                connection.exec_driver_sql("ROLLBACK")
            raise ReadOnlyDatabaseError(f"nothing was changed: {guard.reason}")


def forget_captured_rows(connection: Connection) -> None:
    capture = protect.capture_of(connection)
    if capture is not None:
        capture.clear()
