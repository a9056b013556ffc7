"""Contributors per assessment, actor and role, not per question (issue 14 item 3).

``assessment_contributors`` keeps one row per (assessment, actor, role) — who started,
answered, confirmed or submitted it, ``at`` the first time — instead of one per answered
or confirmed question: four-eyes needs only who, and the refusal counts the questions from
the answers as they stand. Existing rows move (the earliest ``at`` of each actor and role
is kept), so nobody who ever answered a question of an assessment can decide it after the
upgrade either. The downgrade gives each row back with question ``""``.

PostgreSQL: the rows are only added — ``vr_keep_contributors`` refuses anyone but the
schema owner an UPDATE or DELETE of one (but the deletion of its assessment), so nobody
erases their own part with psql before deciding (``vr_contributors`` reads this table).

Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from vendor_review.store.migrations import helpers
from vendor_review.store.migrations.helpers import ACTOR, ENUM, TS

revision: str = "0011"
down_revision: str | None = "0010"

TABLE = "assessment_contributors"
OLD = "assessment_contributors_old"


KEEP = f"""
CREATE FUNCTION vr_keep_contributors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF vr_is_owner(session_user)
       OR (TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM assessments
                                            WHERE id = OLD.assessment_id)) THEN
        RETURN coalesce(NEW, OLD);
    END IF;
    RAISE EXCEPTION 'vendor-review: who contributed to assessment #% is kept (four-eyes)',
        OLD.assessment_id USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER vr_keep BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION vr_keep_contributors()
"""


def _create(*, per_question: bool) -> None:
    key = ["assessment_id", "actor", "role", *(["question_id"] if per_question else [])]
    op.create_table(
        TABLE,
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("actor", ACTOR, nullable=False),
        sa.Column("role", ENUM, nullable=False),
        *([sa.Column("question_id", sa.String(100), nullable=False)] if per_question else []),
        sa.Column("at", TS, nullable=False),
        helpers.foreign_key(TABLE, "assessment_id", "assessments", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint(*key, name=f"pk_{TABLE}"),
    )


def _set_aside() -> None:
    """The table as it is renamed out of the way (on PostgreSQL its key's index too, whose
    name the new table takes); dropped once its rows moved."""
    op.rename_table(TABLE, OLD)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER INDEX pk_{TABLE} RENAME TO pk_{OLD}")


def _move(*, per_question: bool) -> None:
    """The table remade, keyed per question or per role, with the old one's rows."""
    _set_aside()
    _create(per_question=per_question)
    if per_question:
        op.execute(
            f"INSERT INTO {TABLE} (assessment_id, actor, role, question_id, at) "
            f"SELECT assessment_id, actor, role, '', at FROM {OLD}"
        )
    else:
        op.execute(
            f"INSERT INTO {TABLE} (assessment_id, actor, role, at) "
            f"SELECT assessment_id, actor, role, min(at) FROM {OLD} "
            "GROUP BY assessment_id, actor, role"
        )
    op.drop_table(OLD)


def upgrade() -> None:
    _move(per_question=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(KEEP)


def downgrade() -> None:
    _move(per_question=True)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION vr_keep_contributors()")
