"""Questionnaire definitions stored once, keyed by SHA-256; open findings per vendor indexed.

Every assessment carried its own copy of the questionnaire definition (~30 KB): 660 MiB
of an 851 MiB database at 10,000 vendors. The copies move to ``questionnaire_definitions``
(one row per distinct definition, keyed by the SHA-256 of its canonical JSON, as
``Questionnaire.fingerprint()`` computes it) and ``assessments.definition_sha256`` points
there. Audit events written from now on name the hash, not the definition; events already
written keep their copies (the chain proves them as they are).

``ix_findings_vendor_status`` lets the vendor list count open findings per vendor in one
grouped pass over the index on SQLite and PostgreSQL alike.

Create Date: 2026-12-02
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from vendor_review.store.migrations import helpers
from vendor_review.store.migrations.helpers import JSON_DOC, TS

revision: str = "0005"
down_revision: str | None = "0004"

FK_NAME = "fk_assessments_definition_sha256_questionnaire_definitions"
BATCH = 200

definitions = helpers.data_table(
    "questionnaire_definitions",
    "sha256 questionnaire_id version",
    definition=JSON_DOC,
    created_at=TS,
)
assessments = helpers.data_table(
    "assessments",
    "id questionnaire_id questionnaire_version definition_sha256",
    definition=JSON_DOC,
)


def _sha256(definition: Any) -> str:
    canonical = json.dumps(definition, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _utcnow() -> datetime:
    # SQLite keeps no offset: stored naive UTC, as the models' UTCDateTime does.
    now = datetime.now(UTC)
    return now.replace(tzinfo=None) if op.get_bind().dialect.name == "sqlite" else now


def upgrade() -> None:
    op.create_table(
        "questionnaire_definitions",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("questionnaire_id", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", JSON_DOC, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_questionnaire_definitions"),
    )
    with op.batch_alter_table("assessments") as batch:
        batch.add_column(sa.Column("definition_sha256", sa.String(64), nullable=True))
    _move_snapshots()
    with op.batch_alter_table("assessments") as batch:
        batch.alter_column("definition_sha256", existing_type=sa.String(64), nullable=False)
        batch.create_foreign_key(
            FK_NAME,
            "questionnaire_definitions",
            ["definition_sha256"],
            ["sha256"],
            ondelete="RESTRICT",
        )
        batch.drop_column("definition")
    op.create_index("ix_findings_vendor_status", "findings", ["vendor_id", "status"])


def _move_snapshots() -> None:
    """One definitions row per distinct snapshot; each assessment points at its row."""
    bind = op.get_bind()
    seen: set[str] = set()
    by_hash: dict[str, list[int]] = {}
    last = 0
    while True:  # a batch at a time: the snapshots are tens of kilobytes each
        rows = bind.execute(
            sa.select(
                assessments.c.id,
                assessments.c.questionnaire_id,
                assessments.c.questionnaire_version,
                assessments.c.definition,
            )
            .where(assessments.c.id > last)
            .order_by(assessments.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        for aid, qid, version, definition in rows:
            sha = _sha256(definition)
            if sha not in seen:
                seen.add(sha)
                bind.execute(
                    definitions.insert().values(
                        sha256=sha,
                        questionnaire_id=qid,
                        version=version,
                        definition=definition,
                        created_at=_utcnow(),
                    )
                )
            by_hash.setdefault(sha, []).append(aid)
        last = rows[-1][0]
    for sha, ids in by_hash.items():
        for start in range(0, len(ids), 500):
            bind.execute(
                assessments.update()
                .where(assessments.c.id.in_(ids[start : start + 500]))
                .values(definition_sha256=sha)
            )


def downgrade() -> None:
    op.drop_index("ix_findings_vendor_status", table_name="findings")
    with op.batch_alter_table("assessments") as batch:
        batch.add_column(sa.Column("definition", JSON_DOC, nullable=True))
    bind = op.get_bind()
    for sha, definition in bind.execute(sa.select(definitions.c.sha256, definitions.c.definition)):
        bind.execute(
            assessments.update()
            .where(assessments.c.definition_sha256 == sha)
            .values(definition=definition)
        )
    with op.batch_alter_table("assessments") as batch:
        batch.alter_column("definition", existing_type=JSON_DOC, nullable=False)
        batch.drop_constraint(FK_NAME, type_="foreignkey")
        batch.drop_column("definition_sha256")
    op.drop_table("questionnaire_definitions")
