"""PostgreSQL privileges for a team: ``vendor-review db grant ROLE --reviewer`` and friends.

Three group roles (NOLOGIN, NOINHERIT: a group never picks up another group's rights):

- ``vendor_review_readers``: SELECT on every data table — nothing else.
- ``vendor_review_writers``: SELECT, INSERT, UPDATE, DELETE on the data tables, USAGE on
  their sequences, EXECUTE on ``vr_audit_append`` (how the app adds its events). No
  TRUNCATE, REFERENCES or TRIGGER.
- Neither holds any privilege on ``audit_events`` or ``alembic_version``: they read them
  through two views the owner owns, ``vendor_review_read.audit_events`` and
  ``vendor_review_read.alembic_version`` (a view reads with its owner's rights; SELECT is
  all that is granted on it, so nothing can be written through it). The app puts that
  schema first on its ``search_path`` when its role cannot read the tables themselves
  (``store.engine``), so the same queries read the views; in psql,
  ``SELECT * FROM audit_events`` is refused and ``vendor_review_read.audit_events`` reads.
- ``vendor_review_approvers``: no privilege of its own; the database lets only its members
  approve or reject (``vr_check_row``), and never what they contributed to.

A person's login role keeps the default INHERIT, so it uses its groups' rights without
``SET ROLE`` (which the database and the app refuse). ``grant`` sets exactly one level:
read-only = readers; reviewer = writers; approver = writers + approvers. Tables that later
migrations add are granted to the groups by ``vr_protect_table``.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import Connection, inspect, text

from vendor_review.store.errors import StoreError
from vendor_review.store.protect import data_tables

Level = Literal["read-only", "reviewer", "approver"]

READERS = "vendor_review_readers"
WRITERS = "vendor_review_writers"
APPROVERS = "vendor_review_approvers"
GROUPS = (READERS, WRITERS, APPROVERS)
LEVEL_GROUPS: dict[str, tuple[str, ...]] = {
    "read-only": (READERS,),
    "reviewer": (WRITERS,),
    "approver": (WRITERS, APPROVERS),
}


def _require_postgresql(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        raise StoreError(
            "db grant/revoke set PostgreSQL privileges; a SQLite file is protected by its "
            "file permissions"
        )


def ensure_groups(connection: Connection) -> None:
    """Create the three group roles if missing and (re)grant them on every table."""
    _require_postgresql(connection)
    for group in GROUPS:
        connection.execute(
            text(
                f"DO $$ BEGIN CREATE ROLE {group} NOLOGIN NOINHERIT; "
                "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            )
        )
    if not inspect(connection).has_table("audit_events"):
        return  # not a vendor-review database yet: memberships only, rights come later
    tables = ", ".join(_quote(connection, t) for t in data_tables(connection))
    home = _quote(connection, str(connection.execute(text("SELECT current_schema()")).scalar()))
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {READERS}, {WRITERS}",
        f"REVOKE ALL ON audit_events, alembic_version FROM {READERS}, {WRITERS}, PUBLIC",
        *read_views_sql(home),
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {WRITERS}",
        "GRANT EXECUTE ON FUNCTION vr_audit_append(text, text, text, text, text, text, "
        f"text, text) TO {WRITERS}",
    ]
    if tables:
        statements += [
            f"GRANT SELECT ON {tables} TO {READERS}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {WRITERS}",
            f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON {tables} FROM {READERS}, {WRITERS}",
        ]
    for statement in statements:
        connection.execute(text(statement))


READ_SCHEMA = "vendor_review_read"
"""Where the groups read the audit chain and the schema version (views, SELECT only)."""


def read_views_sql(home: str) -> list[str]:
    """The read-only views of ``audit_events`` and ``alembic_version`` (in schema ``home``)
    for the groups, (re)made with the tables' columns as they are now."""
    views = f"{READ_SCHEMA}.audit_events, {READ_SCHEMA}.alembic_version"
    return [
        f"CREATE SCHEMA IF NOT EXISTS {READ_SCHEMA}",
        f"REVOKE ALL ON SCHEMA {READ_SCHEMA} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {READ_SCHEMA} TO {READERS}, {WRITERS}",
        f"DROP VIEW IF EXISTS {views}",
        f"CREATE VIEW {READ_SCHEMA}.audit_events AS SELECT * FROM {home}.audit_events",
        f"CREATE VIEW {READ_SCHEMA}.alembic_version AS SELECT * FROM {home}.alembic_version",
        f"REVOKE ALL ON {views} FROM PUBLIC",
        f"GRANT SELECT ON {views} TO {READERS}, {WRITERS}",
    ]


def grant(connection: Connection, role: str, level: Level) -> None:
    """Make ``role`` exactly a reader, reviewer or approver of this database."""
    _require_postgresql(connection)
    quoted = _existing_role(connection, role)
    ensure_groups(connection)
    if level_of(connection, role) == level and _inherits(connection, role):
        return  # already exactly that: leave the cluster-wide catalog alone
    connection.execute(text(f"REVOKE {', '.join(GROUPS)} FROM {quoted}"))
    connection.execute(text(f"GRANT {', '.join(LEVEL_GROUPS[level])} TO {quoted}"))
    connection.execute(text(f"ALTER ROLE {quoted} INHERIT"))


def _inherits(connection: Connection, role: str) -> bool:
    found = connection.execute(
        text("SELECT rolinherit FROM pg_roles WHERE rolname = :r"), {"r": role}
    ).scalar()
    return bool(found)


def revoke(connection: Connection, role: str) -> None:
    """Take every vendor-review group from ``role`` (its other rights are untouched)."""
    _require_postgresql(connection)
    quoted = _existing_role(connection, role)
    present = [
        g
        for g in GROUPS
        if connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :g"), {"g": g}).first()
    ]
    if present:
        connection.execute(text(f"REVOKE {', '.join(present)} FROM {quoted}"))


def level_of(connection: Connection, role: str) -> str | None:
    """``approver``, ``reviewer``, ``read-only`` or ``None`` for ``role``."""
    member = {
        g
        for g in GROUPS
        if connection.execute(
            text(
                "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                "JOIN pg_roles r ON r.oid = m.member WHERE g.rolname = :g AND r.rolname = :r"
            ),
            {"g": g, "r": role},
        ).first()
    }
    for level in ("approver", "reviewer", "read-only"):
        if set(LEVEL_GROUPS[level]) <= member:
            return level
    return None


def _existing_role(connection: Connection, role: str) -> str:
    found = connection.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = :r"), {"r": role}
    ).first()
    if found is None:
        raise StoreError(
            f"there is no role {role!r}: create it first, e.g. createuser {role} "
            f"(or CREATE ROLE \"{role}\" LOGIN PASSWORD '…')"
        )
    if role in GROUPS:
        raise StoreError(f"{role} is one of vendor-review's group roles; name a person's role")
    return _quote(connection, role)


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


_READ_VIEWS_FIRST = """
SELECT set_config('search_path', 'vendor_review_read, ' || current_setting('search_path'), false)
WHERE to_regnamespace('vendor_review_read') IS NOT NULL
  AND has_schema_privilege('vendor_review_read', 'USAGE')
  AND to_regclass('audit_events') IS NOT NULL
  AND NOT has_table_privilege(to_regclass('audit_events'), 'SELECT')
"""


def read_views_first(dbapi_connection: Any, record: Any) -> None:
    """A role that holds no privilege on ``audit_events`` and ``alembic_version`` (every
    ``db grant`` role: only the owner does) reads them through the owner's read-only views
    (``READ_SCHEMA``), put first on this session's ``search_path``."""
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True  # a setting for the session, not one transaction
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(_READ_VIEWS_FIRST)
    finally:
        dbapi_connection.autocommit = autocommit
