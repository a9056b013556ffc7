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

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)
ENUM = sa.String(20)
ACTOR = sa.String(100)
ACTIVE_FINDING = "cause IS NOT NULL AND status IN ('open', 'risk_accepted')"
"""A finding that holds its vendor's one open place for its cause."""


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
