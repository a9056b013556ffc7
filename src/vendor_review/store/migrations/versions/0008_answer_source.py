"""answers.source: where an answer not typed in its assessment came from (issue 12 item 5).

``"report:<id>"`` when starting the assessment filled it from that assurance report (the
answer still needs confirmation while ``carried_over`` is true); NULL when a person typed
it or it was carried over from the previous assessment. Confirming keeps it; a new answer
clears it. Answers filled from reports before this column existed keep their source in
their ``answer.from_report`` audit event only.

Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"


def upgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("source", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("source")
