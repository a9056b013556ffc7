"""Errors the storage layer raises; every message is fit to show to a user as it is."""

from __future__ import annotations


class StoreError(Exception):
    """Base class of every storage-layer error."""


class DatabaseUnavailableError(StoreError):
    """The database cannot be reached or opened (server down, bad URL, missing directory)."""


class ReadOnlyDatabaseError(StoreError):
    """The SQLite file (or its directory) is not writable; nothing was changed."""


class SchemaTooNewError(StoreError):
    """The database was migrated by a newer vendor-review; nothing was changed."""


class SchemaTooOldError(StoreError):
    """Opened with ``migrate=False`` but the database is not at this program's revision."""


class ActorOverrideError(StoreError):
    """``--actor`` was given on PostgreSQL, where the actor is always the database role."""


class IdentityError(StoreError):
    """The PostgreSQL session acts as another role than its login (``SET ROLE``)."""


def first_line(message: str, password: object) -> str:
    """The first line of a driver's message, with the connection's ``password`` masked."""
    line = message.strip().splitlines()[0] if message.strip() else "unknown error"
    if isinstance(password, str) and password:
        line = line.replace(password, "***")
    return line
