"""Storage: the schema (Core tables, the ORM models mapped onto them), engine and session
factory, migrations and the audit chain.

Typical use::

    db = open_database(url)              # migrates; raises StoreError subclasses
    with db.sessionmaker.begin() as session:
        ...
        audit.record(session, actor=..., action=..., entity=..., entity_id=..., ...)

Every data table is protected by the database (``store.protect``): on PostgreSQL triggers
check each row change and write it to the audit chain themselves; on SQLite capture
triggers hand the row snapshots to the next event. **A migration that adds a table**
needs nothing: after migrations ran, ``store.migrate`` (re)protects every data table as it
is then (``protect.protect_table``) and records an ``audit.baseline``;
``tests/store/test_protect.py`` fails for any table left unprotected.
"""

from vendor_review.store import audit, errors
from vendor_review.store.actor import current_actor
from vendor_review.store.audit import canonical_json
from vendor_review.store.audit_verify import VerifyResult
from vendor_review.store.engine import (
    Backend,
    Database,
    backend,
    default_sqlite_url,
    demo_sqlite_url,
    normalize_url,
    open_database,
)
from vendor_review.store.errors import (
    ActorOverrideError,
    DatabaseUnavailableError,
    IdentityError,
    ReadOnlyDatabaseError,
    SchemaTooNewError,
    SchemaTooOldError,
    StoreError,
)

__all__ = [
    "ActorOverrideError",
    "Backend",
    "Database",
    "DatabaseUnavailableError",
    "IdentityError",
    "ReadOnlyDatabaseError",
    "SchemaTooNewError",
    "SchemaTooOldError",
    "StoreError",
    "VerifyResult",
    "audit",
    "backend",
    "canonical_json",
    "current_actor",
    "default_sqlite_url",
    "demo_sqlite_url",
    "errors",
    "normalize_url",
    "open_database",
]
