"""The vendor filter's index (issue 14 item 4): SQLite FTS5 trigram table ``vendor_search``
with its triggers, PostgreSQL ``pg_trgm`` GIN indexes on name, purpose and legal entity.

Made by ``store.search.install`` (``db upgrade`` calls it again: it remakes what is
missing); where this database cannot have it the migration warns once
(``search.IndexUnavailable``) and the filter scans, as before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from vendor_review.store import search

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    reason = search.install(op.get_bind())
    if reason is not None:
        search.warn_unavailable(reason)


def downgrade() -> None:
    search.uninstall(op.get_bind())
