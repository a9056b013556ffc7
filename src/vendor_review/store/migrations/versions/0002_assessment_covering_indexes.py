"""Covering indexes: each vendor's latest decided assessment; the approval queue, drafts.

An assessment row carries its questionnaire snapshot (tens of kilobytes), so on SQLite
every column after it sits in overflow pages: reading ``status`` or ``rating`` of 20,000
assessments walked ~200,000 pages and made the vendor list take seconds at 10,000
vendors. These indexes hold every column those queries read.

Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"

# Ordered so that "the newest decided one" is the first entry read backwards from a
# vendor (no sort per vendor); status is checked in the index, never in the row.
LATEST = [
    "vendor_id",
    "decided_at",
    "id",
    "status",
    "rating",
    "control_score",
    "next_review_due",
]
QUEUE = ["status", "submitted_by", "submitted_at", "reviewer"]


def upgrade() -> None:
    op.create_index("ix_assessments_vendor_latest", "assessments", LATEST)
    op.create_index("ix_assessments_queue", "assessments", QUEUE)


def downgrade() -> None:
    op.drop_index("ix_assessments_queue", table_name="assessments")
    op.drop_index("ix_assessments_vendor_latest", table_name="assessments")
