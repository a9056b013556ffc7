"""Who is acting: the PostgreSQL login role, or on SQLite the OS login (or ``--actor``)."""

from __future__ import annotations

import getpass
import os
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from vendor_review.store.errors import ActorOverrideError, IdentityError

if TYPE_CHECKING:
    from vendor_review.store.engine import Database


def current_actor(db: Database, override: str | None = None) -> str:
    """Who is acting: the PostgreSQL login role (``session_user``; a session that took on
    another role is refused), or on SQLite ``override`` or the OS login."""
    if db.backend == "postgresql":
        with db.engine.connect() as connection:
            role = require_own_identity(connection)
        if override is not None and override != role:
            raise ActorOverrideError(
                f"--actor is not allowed on PostgreSQL: the actor is the database role {role!r}"
            )
        return role
    if override is not None and override.strip():
        return override.strip()
    return _os_login()


def _os_login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def require_own_identity(connection: Connection) -> str:
    """The login role (``session_user``); refuses a session acting as another role."""
    login, acting = connection.execute(text("SELECT session_user, current_user")).one()
    if login != acting:
        raise IdentityError(
            f"connected as {login} but acting as role {acting} (SET ROLE, or "
            f"PGOPTIONS='-c role=...'); vendor-review acts only as the login role: "
            "remove the role setting"
        )
    return str(login)
