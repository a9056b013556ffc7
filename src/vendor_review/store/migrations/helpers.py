"""What the migrations share: frozen copies of the column types, and constraints and
indexes named by the schema's naming convention.

Frozen like the migrations themselves: what a helper emits never changes (an old
migration would build another schema); a different need gets a new helper. Migrations
never import the models.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)
ENUM = sa.String(20)
ACTOR = sa.String(100)


def foreign_key(table: str, column: str, target: str, *, ondelete: str) -> sa.ForeignKeyConstraint:
    """``table.column`` → ``target.id``, named ``fk_<table>_<column>_<target>``."""
    name = f"fk_{table}_{column}_{target}"
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=name, ondelete=ondelete)


def create_indexes(table: str, *columns: str) -> None:
    """One index per column, each named ``ix_<table>_<column>``, in this order."""
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])
