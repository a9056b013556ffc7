"""Storage: SQLAlchemy models, engine/session factory, migrations and the audit chain.

Typical use::

    db = open_database(url)              # migrates; raises StoreError subclasses
    with db.sessionmaker.begin() as session:
        ...
        audit.record(session, actor=..., action=..., entity=..., entity_id=..., ...)
"""

from vendor_review.store import audit, errors, models
from vendor_review.store.audit import VerifyResult, canonical_json
from vendor_review.store.engine import (
    Backend,
    Database,
    backend,
    current_actor,
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
    "models",
    "normalize_url",
    "open_database",
]
