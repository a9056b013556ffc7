"""What the migrations share: frozen copies of the column types, constraints and indexes
named by the schema's naming convention, and the few schema pieces more than one
migration builds.

Frozen like the migrations themselves: what a helper emits never changes (an old
migration would build another schema); a different need gets a new helper. Migrations
never import the models.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations
from sqlalchemy.dialects import postgresql

AUDIT_LOCK = 0x76725F617564  # pg_advisory_xact_lock key, the same as store/audit.py
GENESIS = "0" * 64
"""The hash before the first audit event."""

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)
ENUM = sa.String(20)
ACTOR = sa.String(100)
ACTIVE_FINDING = "cause IS NOT NULL AND status IN ('open', 'risk_accepted')"
"""A finding that holds its vendor's one open place for its cause."""


def audit_event_columns() -> list[sa.Column[object]]:
    """The columns of an audit event that the hash covers, as 0001 made them (``rows``
    came in 0003; the hash columns changed in 0009)."""
    return [
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", ACTOR, nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("entity", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
    ]


def foreign_key(table: str, column: str, target: str, *, ondelete: str) -> sa.ForeignKeyConstraint:
    """``table.column`` → ``target.id``, named ``fk_<table>_<column>_<target>``."""
    name = f"fk_{table}_{column}_{target}"
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=name, ondelete=ondelete)


def add_foreign_key(
    batch: BatchOperations, table: str, column: str, target: str, *, ondelete: str
) -> None:
    """In a batch on ``table``: the foreign key ``foreign_key`` would declare."""
    name = f"fk_{table}_{column}_{target}"
    batch.create_foreign_key(name, target, [column], ["id"], ondelete=ondelete)


def create_indexes(table: str, *columns: str) -> None:
    """One index per column, each named ``ix_<table>_<column>``, in this order."""
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


def data_table(
    name: str, columns: str, *, dates: str = "", **typed: sa.types.TypeEngine[Any]
) -> sa.TableClause:
    """A lightweight table to move rows with (never created). Names apart by spaces:
    ``columns`` pass through as the driver reads and writes them, ``dates`` are
    ``sa.Date()``; ``typed`` columns convert through their type (JSON, timestamps)."""
    plain: list[sa.ColumnClause[Any]] = [sa.column(column) for column in columns.split()]
    typed |= dict.fromkeys(dates.split(), sa.Date())
    return sa.table(name, *plain, *(sa.column(column, type_) for column, type_ in typed.items()))


def create_certificates() -> None:
    """The certificate register as 0001 created it (0007's downgrade brings it back)."""
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("standard", sa.String(40), nullable=False),
        sa.Column("issuer", sa.String(200), nullable=True),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_certificates"),
        foreign_key("certificates", "vendor_id", "vendors", ondelete="CASCADE"),
        foreign_key("certificates", "evidence_id", "evidence", ondelete="RESTRICT"),
    )
    create_indexes("certificates", "vendor_id", "expires_on", "evidence_id")


def create_active_cause_index() -> None:
    """``uq_findings_active_cause``: one active finding per vendor and cause."""
    op.create_index(
        "uq_findings_active_cause",
        "findings",
        ["vendor_id", "cause"],
        unique=True,
        sqlite_where=sa.text(ACTIVE_FINDING),
        postgresql_where=sa.text(ACTIVE_FINDING),
    )


def audit_insert_sql(*, binary: bool) -> str:
    """PostgreSQL's ``vr_audit_insert``: the next event, hash-chained on the server. The
    hash as bytes (``binary``, migration 0009) or as 0003 made it (hex, with
    ``prev_hash``); the canonical text it hashes is the same."""
    last_hash = "encode(hash, 'hex')" if binary else "hash"
    columns = "rows, hash" if binary else "rows, prev_hash, hash"
    digest = "digest(v_prev || v_canon, 'sha256')"
    values = f"NULL, {digest}" if binary else f"NULL, v_prev, encode({digest}, 'hex')"
    return f"""
    CREATE OR REPLACE FUNCTION vr_audit_insert(
        p_action text, p_entity text, p_entity_id text, p_before text, p_after text,
        p_reason text, p_actor text, p_at text
    ) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        v_seq bigint;
        v_prev text;
        v_canon text;
    BEGIN
        PERFORM pg_advisory_xact_lock({AUDIT_LOCK});
        SELECT seq, {last_hash} INTO v_seq, v_prev FROM audit_events ORDER BY seq DESC LIMIT 1;
        IF v_seq IS NULL THEN
            v_seq := 1;
            v_prev := '{GENESIS}';
        ELSE
            v_seq := v_seq + 1;
        END IF;
        v_canon := '{{"action":' || vr_json_text(p_action)
            || ',"actor":' || vr_json_text(p_actor)
            || ',"after":' || vr_json_text(p_after)
            || ',"at":' || vr_json_text(p_at)
            || ',"before":' || vr_json_text(p_before)
            || ',"entity":' || vr_json_text(p_entity)
            || ',"entity_id":' || vr_json_text(p_entity_id)
            || ',"reason":' || vr_json_text(p_reason)
            || ',"seq":' || v_seq || '}}';
        INSERT INTO audit_events
            (seq, at, actor, action, entity, entity_id, before, after, reason, {columns})
        VALUES (v_seq, p_at, p_actor, p_action, p_entity, p_entity_id, p_before, p_after,
                p_reason, {values});
        RETURN v_seq;
    END
    $$
    """
