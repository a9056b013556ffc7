"""Findings follow the vendor; four-eyes against every contributor; cadence by scope and events.

- ``assessment_contributors``: who started, answered, confirmed or submitted each
  assessment (backfilled from ``assessments.reviewer``/``submitted_by`` and the answers).
- ``answers.confirmed_by``/``confirmed_at``: a carried-over answer confirmed unchanged.
- ``findings.cause`` (one open finding per vendor and cause, a partial unique index),
  ``resolved_by_assessment_id``, ``accepted_until``; ``finding_assessments`` links a
  finding to every assessment that opened, updated or resolved it; ``risk_acceptances``.
- ``vendors.scopes`` (``["pci"]``) and ``vendor_events`` (what makes a re-review due now).

Existing findings keep their rows: each gets the cause of its question; where a vendor
already had several open findings for one cause (the old behaviour), the newest carries
the cause and the older ones stay as they are, without it. A risk-accepted finding gets
no expiry (it was accepted under the old rule); accept it again to give it one.

Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from vendor_review.store.migrations import helpers
from vendor_review.store.migrations.helpers import ACTOR, ENUM, JSON_DOC, TS

revision: str = "0004"
down_revision: str | None = "0003"

JSON_NULLABLE = sa.JSON(none_as_null=True).with_variant(
    postgresql.JSONB(none_as_null=True), "postgresql"
)


def upgrade() -> None:
    with op.batch_alter_table("vendors") as batch:
        batch.add_column(
            sa.Column("scopes", JSON_DOC, nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("confirmed_by", ACTOR, nullable=True))
        batch.add_column(sa.Column("confirmed_at", TS, nullable=True))
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("cause", sa.String(200), nullable=True))
        batch.add_column(sa.Column("resolved_by_assessment_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("accepted_until", sa.Date(), nullable=True))
        helpers.add_foreign_key(
            batch, "findings", "resolved_by_assessment_id", "assessments", ondelete="RESTRICT"
        )
        batch.create_index("ix_findings_accepted_until", ["accepted_until"])

    op.create_table(
        "assessment_contributors",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("actor", ACTOR, nullable=False),
        sa.Column("role", ENUM, nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("at", TS, nullable=False),
        helpers.foreign_key(
            "assessment_contributors", "assessment_id", "assessments", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint(
            "assessment_id", "actor", "role", "question_id", name="pk_assessment_contributors"
        ),
    )
    op.create_table(
        "finding_assessments",
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("prior", JSON_NULLABLE, nullable=True),
        helpers.foreign_key("finding_assessments", "finding_id", "findings", ondelete="CASCADE"),
        helpers.foreign_key(
            "finding_assessments", "assessment_id", "assessments", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint(
            "finding_id", "assessment_id", "role", name="pk_finding_assessments"
        ),
    )
    op.create_index(
        "ix_finding_assessments_assessment_id", "finding_assessments", ["assessment_id"]
    )
    op.create_table(
        "risk_acceptances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("severity", ENUM, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("requested_by", ACTOR, nullable=False),
        sa.Column("requested_at", TS, nullable=False),
        sa.Column("decided_by", ACTOR, nullable=True),
        sa.Column("decided_at", TS, nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        helpers.foreign_key("risk_acceptances", "finding_id", "findings", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_risk_acceptances"),
    )
    op.create_index("ix_risk_acceptances_finding_id", "risk_acceptances", ["finding_id"])
    op.create_table(
        "vendor_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("related_vendor_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", ACTOR, nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        helpers.foreign_key("vendor_events", "vendor_id", "vendors", ondelete="CASCADE"),
        helpers.foreign_key("vendor_events", "related_vendor_id", "vendors", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_vendor_events"),
    )
    op.create_index("ix_vendor_events_recorded_on", "vendor_events", ["recorded_on"])
    op.create_index(
        "ix_vendor_events_vendor_id_recorded_on", "vendor_events", ["vendor_id", "recorded_on"]
    )

    _backfill()
    helpers.create_active_cause_index()


def _backfill() -> None:
    bind = op.get_bind()
    # Contributors: who started and submitted, and who gave each answer now stored.
    bind.execute(
        sa.text(
            "INSERT INTO assessment_contributors (assessment_id, actor, role, question_id, at) "
            "SELECT id, reviewer, 'started', '', created_at FROM assessments"
        )
    )
    bind.execute(
        sa.text(
            "INSERT INTO assessment_contributors (assessment_id, actor, role, question_id, at) "
            "SELECT id, submitted_by, 'submitted', '', submitted_at FROM assessments "
            "WHERE submitted_by IS NOT NULL AND submitted_at IS NOT NULL"
        )
    )
    bind.execute(
        sa.text(
            "INSERT INTO assessment_contributors (assessment_id, actor, role, question_id, at) "
            "SELECT assessment_id, answered_by, 'answered', question_id, answered_at "
            "FROM answers WHERE carried_over = :no"
        ),
        {"no": False},
    )
    # Causes: the newest open or accepted finding per vendor and question keeps it.
    rows = bind.execute(
        sa.text(
            "SELECT f.id, f.vendor_id, f.status, a.questionnaire_id, f.question_id "
            "FROM findings f JOIN assessments a ON a.id = f.assessment_id "
            "WHERE f.question_id IS NOT NULL ORDER BY f.id DESC"
        )
    ).all()
    taken: set[tuple[int, str]] = set()
    for finding_id, vendor_id, status, questionnaire_id, question_id in rows:
        cause = f"question:{questionnaire_id}/{question_id}"
        if status in ("open", "risk_accepted"):
            if (vendor_id, cause) in taken:
                continue
            taken.add((vendor_id, cause))
        bind.execute(
            sa.text("UPDATE findings SET cause = :cause WHERE id = :id"),
            {"cause": cause, "id": finding_id},
        )
    bind.execute(
        sa.text(
            "INSERT INTO finding_assessments (finding_id, assessment_id, role, at) "
            "SELECT id, assessment_id, 'opened', created_at FROM findings"
        )
    )


def downgrade() -> None:
    op.drop_index("uq_findings_active_cause", table_name="findings")
    op.drop_table("vendor_events")
    op.drop_table("risk_acceptances")
    op.drop_table("finding_assessments")
    op.drop_table("assessment_contributors")
    with op.batch_alter_table("findings") as batch:
        batch.drop_index("ix_findings_accepted_until")
        batch.drop_constraint(
            "fk_findings_resolved_by_assessment_id_assessments", type_="foreignkey"
        )
        batch.drop_column("accepted_until")
        batch.drop_column("resolved_by_assessment_id")
        batch.drop_column("cause")
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("confirmed_at")
        batch.drop_column("confirmed_by")
    with op.batch_alter_table("vendors") as batch:
        batch.drop_column("scopes")
