"""Vendor links instead of one parent; untriaged vendors; name keys and region codes.

- ``vendor_links``: vendor (parent) → subprocessor (child), one row per pair with the
  purpose and regions the list gave, its source (file name + SHA-256, or free text), first
  and last seen, and ``ended_on`` once the list no longer names it. Every existing
  ``vendors.parent_id`` becomes a link (source "parent field before links"), then the
  column is dropped.
- ``vendors.data_access`` and ``criticality`` become nullable: NULL is **untriaged**.
- ``vendors.name_key`` (indexed): the normalised name one company is matched by across
  lists; ``vendors.region_codes``: ISO 3166 codes and groups resolved from ``regions``.

The keys and codes of existing vendors are computed with ``vendor_review.domain`` (pure
functions; the migration needs exactly the normalisation the program matches with).

Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from vendor_review.domain.names import name_key
from vendor_review.domain.regions import resolve_regions
from vendor_review.store.migrations import helpers
from vendor_review.store.migrations.helpers import ENUM, JSON_DOC, TS

revision: str = "0006"
down_revision: str | None = "0005"

MIGRATED_SOURCE = "parent field before links (migration 0006)"

vendors = helpers.data_table(
    "vendors",
    "id name purpose parent_id name_key data_access criticality",
    regions=JSON_DOC,
    region_codes=JSON_DOC,
    created_at=TS,
    updated_at=TS,
)
links = helpers.data_table(
    "vendor_links",
    "id parent_id child_id purpose source source_sha256 version",
    dates="first_seen last_seen ended_on",
    regions=JSON_DOC,
    region_codes=JSON_DOC,
)


def upgrade() -> None:
    op.create_table(
        "vendor_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("regions", JSON_DOC, nullable=False),
        sa.Column("region_codes", JSON_DOC, nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("source_sha256", sa.String(64), nullable=True),
        sa.Column("first_seen", sa.Date(), nullable=False),
        sa.Column("last_seen", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_vendor_links"),
        sa.UniqueConstraint("parent_id", "child_id", name="uq_vendor_links_parent_id_child_id"),
        helpers.foreign_key("vendor_links", "parent_id", "vendors", ondelete="RESTRICT"),
        helpers.foreign_key("vendor_links", "child_id", "vendors", ondelete="RESTRICT"),
    )
    op.create_index("ix_vendor_links_child_id", "vendor_links", ["child_id"])
    with op.batch_alter_table("vendors") as batch:
        batch.add_column(sa.Column("name_key", sa.String(200), nullable=True))
        batch.add_column(sa.Column("region_codes", JSON_DOC, nullable=True))

    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            vendors.c.id,
            vendors.c.name,
            vendors.c.purpose,
            vendors.c.parent_id,
            vendors.c.regions,
            vendors.c.created_at,
            vendors.c.updated_at,
        ).order_by(vendors.c.id)
    ).all()
    for row in rows:
        found = resolve_regions(row.regions or [])
        codes = [*found.codes, *found.groups]
        bind.execute(
            vendors.update()
            .where(vendors.c.id == row.id)
            .values(name_key=name_key(row.name), region_codes=codes)
        )
        if row.parent_id is not None:
            bind.execute(
                links.insert().values(
                    parent_id=row.parent_id,
                    child_id=row.id,
                    purpose=row.purpose,
                    regions=list(row.regions or []),
                    region_codes=codes,
                    source=MIGRATED_SOURCE,
                    source_sha256=None,
                    first_seen=row.created_at.date(),
                    last_seen=row.updated_at.date(),
                    ended_on=None,
                    version=1,
                )
            )

    op.drop_index("ix_vendors_parent_id", table_name="vendors")
    with op.batch_alter_table("vendors") as batch:
        batch.drop_constraint("fk_vendors_parent_id_vendors", type_="foreignkey")
        batch.drop_column("parent_id")
        batch.alter_column("name_key", existing_type=sa.String(200), nullable=False)
        batch.alter_column("region_codes", existing_type=JSON_DOC, nullable=False)
        batch.alter_column("data_access", existing_type=ENUM, nullable=True)
        batch.alter_column("criticality", existing_type=ENUM, nullable=True)
    op.create_index("ix_vendors_name_key", "vendors", ["name_key"])


def downgrade() -> None:
    """Back to one parent: each vendor keeps its oldest open link's parent; untriaged
    vendors become data access ``none``, criticality ``low`` (0002 cannot hold NULL)."""
    op.drop_index("ix_vendors_name_key", table_name="vendors")
    with op.batch_alter_table("vendors") as batch:
        batch.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
    bind = op.get_bind()
    bind.execute(vendors.update().where(vendors.c.data_access.is_(None)).values(data_access="none"))
    bind.execute(vendors.update().where(vendors.c.criticality.is_(None)).values(criticality="low"))
    first: dict[int, int] = {}
    for child, parent in bind.execute(
        sa.select(links.c.child_id, links.c.parent_id)
        .where(links.c.ended_on.is_(None))
        .order_by(links.c.id)
    ):
        first.setdefault(child, parent)
    for child, parent in first.items():
        bind.execute(vendors.update().where(vendors.c.id == child).values(parent_id=parent))
    with op.batch_alter_table("vendors") as batch:
        batch.drop_column("name_key")
        batch.drop_column("region_codes")
        batch.alter_column("data_access", existing_type=ENUM, nullable=False)
        batch.alter_column("criticality", existing_type=ENUM, nullable=False)
        helpers.add_foreign_key(batch, "vendors", "parent_id", "vendors", ondelete="RESTRICT")
    op.create_index("ix_vendors_parent_id", "vendors", ["parent_id"])
    op.drop_index("ix_vendor_links_child_id", table_name="vendor_links")
    op.drop_table("vendor_links")
