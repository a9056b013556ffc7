"""Initial schema: vendors, evidence, certificates, assessments, answers, findings, audit log.

Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from vendor_review.store.migrations import helpers
from vendor_review.store.migrations.helpers import ACTOR, ENUM, JSON_DOC, TS

revision: str = "0001"
down_revision: str | None = None


APPEND_ONLY = "audit_events is append-only"

SQLITE_GUARDS = [
    f"CREATE TRIGGER audit_events_no_{op_name.lower()} BEFORE {op_name} ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
    for op_name in ("UPDATE", "DELETE")
]

POSTGRESQL_GUARDS = [
    f"""
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{APPEND_ONLY}' USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    "CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "vendors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("legal_entity", sa.String(200), nullable=True),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("regions", JSON_DOC, nullable=False),
        sa.Column("data_access", ENUM, nullable=False),
        sa.Column("criticality", ENUM, nullable=False),
        sa.Column("dpa_signed_on", sa.Date(), nullable=True),
        sa.Column("website", sa.String(500), nullable=True),
        sa.Column("contact", sa.String(500), nullable=True),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("offboarded", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_vendors"),
        sa.UniqueConstraint("name", name="uq_vendors_name"),
        helpers.foreign_key("vendors", "parent_id", "vendors", ondelete="RESTRICT"),
    )
    helpers.create_indexes("vendors", "parent_id", "status")

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("media_type", sa.String(255), nullable=True),
        sa.Column("added_by", ACTOR, nullable=False),
        sa.Column("added_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
        sa.UniqueConstraint("sha256", name="uq_evidence_sha256"),
    )

    helpers.create_certificates()

    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.String(100), nullable=False),
        sa.Column("questionnaire_version", sa.Integer(), nullable=False),
        sa.Column("questionnaire_sha256", sa.String(64), nullable=False),
        sa.Column("definition", JSON_DOC, nullable=False),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column("reviewer", ACTOR, nullable=False),
        sa.Column("submitted_by", ACTOR, nullable=True),
        sa.Column("submitted_at", TS, nullable=True),
        sa.Column("decided_by", ACTOR, nullable=True),
        sa.Column("decided_at", TS, nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("data_access", ENUM, nullable=True),
        sa.Column("criticality", ENUM, nullable=True),
        sa.Column("control_score", sa.Float(), nullable=True),
        sa.Column("section_scores", JSON_DOC, nullable=True),
        sa.Column("inherent_risk", ENUM, nullable=True),
        sa.Column("band", ENUM, nullable=True),
        sa.Column("rating", ENUM, nullable=True),
        sa.Column("critical_failures", JSON_DOC, nullable=True),
        sa.Column("next_review_due", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assessments"),
        helpers.foreign_key("assessments", "vendor_id", "vendors", ondelete="RESTRICT"),
        helpers.foreign_key("assessments", "previous_id", "assessments", ondelete="RESTRICT"),
    )
    helpers.create_indexes("assessments", "vendor_id", "status", "previous_id", "next_review_due")

    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("value", JSON_DOC, nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("carried_over", sa.Boolean(), nullable=False),
        sa.Column("answered_by", ACTOR, nullable=False),
        sa.Column("answered_at", TS, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_answers"),
        sa.UniqueConstraint(
            "assessment_id", "question_id", name="uq_answers_assessment_id_question_id"
        ),
        helpers.foreign_key("answers", "assessment_id", "assessments", ondelete="CASCADE"),
    )

    op.create_table(
        "answer_evidence",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("answer_id", "evidence_id", name="pk_answer_evidence"),
        helpers.foreign_key("answer_evidence", "answer_id", "answers", ondelete="CASCADE"),
        helpers.foreign_key("answer_evidence", "evidence_id", "evidence", ondelete="RESTRICT"),
    )
    op.create_index("ix_answer_evidence_evidence_id", "answer_evidence", ["evidence_id"])

    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=True),
        sa.Column("severity", ENUM, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("remediation", sa.Text(), nullable=True),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("resolved_by", ACTOR, nullable=True),
        sa.Column("resolved_at", TS, nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_findings"),
        helpers.foreign_key("findings", "assessment_id", "assessments", ondelete="RESTRICT"),
        helpers.foreign_key("findings", "vendor_id", "vendors", ondelete="RESTRICT"),
    )
    helpers.create_indexes("findings", "assessment_id", "vendor_id", "due_on", "status")

    op.create_table(
        "audit_events",
        *helpers.audit_event_columns(),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_events"),
        sa.UniqueConstraint("hash", name="uq_audit_events_hash"),
    )
    op.create_index("ix_audit_events_entity_entity_id", "audit_events", ["entity", "entity_id"])

    guards = POSTGRESQL_GUARDS if op.get_bind().dialect.name == "postgresql" else SQLITE_GUARDS
    for statement in guards:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE audit_events")
        op.execute("DROP FUNCTION audit_events_append_only()")
    else:
        op.drop_table("audit_events")  # its triggers go with it
    for table in (
        "findings",
        "answer_evidence",
        "answers",
        "assessments",
        "certificates",
        "evidence",
        "vendors",
    ):
        op.drop_table(table)
