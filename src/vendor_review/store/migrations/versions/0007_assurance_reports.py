"""The certificate register becomes an assurance-report register (issue 12).

- ``certificates`` → ``assurance_reports``: every row kept with its id. The old
  ``standard`` names a report type (``STANDARD_TYPES``; SSAE-16/18 and "SOC 1" were SOC 1
  reports, taken as Type II; Uptime tiers are ``other``) and is kept in ``standard`` when
  the type alone does not say it. SOC reports keep their period end; ISO/PCI certificates
  (and the rest) their issued/expires dates; ``currency_end`` is the old ``expires_on``
  (for a SOC report the date the register already treated as its end). ``issuer`` becomes
  ``auditor``; the opinion is unknown (NULL) for every migrated row.
- New columns: accreditation body, period start, opinion, services, sites, criteria,
  certificate number, covers-our-service (the reviewer's answer).
- Child tables ``report_exceptions``, ``report_subservices`` (with the vendor and vendor
  link each created), ``report_bridges`` and ``obligations`` (complementary user-entity
  controls: what we must do).
- ``findings.report_id``: a finding opened by a report's review (no assessment, so
  ``findings.assessment_id`` becomes nullable).

Downgrade: reports become certificates again (type → standard, ``currency_end`` →
``expires_on``); what only reports hold (exceptions, subservices, bridges, obligations and
the findings of report reviews) is dropped.

Create Date: 2026-12-02
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op

from vendor_review.store.migrations import helpers
from vendor_review.store.migrations.helpers import ACTOR, ENUM, JSON_DOC, TS

revision: str = "0007"
down_revision: str | None = "0006"

STANDARD_TYPES = {
    "ISO 27001": "iso27001",
    "ISO 27701": "iso27701",
    "SOC 1": "soc1-type2",
    "SOC 2 Type I": "soc2-type1",
    "SOC 2 Type II": "soc2-type2",
    "SSAE-16": "soc1-type2",
    "SSAE-18": "soc1-type2",
    "PCI DSS AOC": "pci-aoc",
    "Uptime Tier III": "other",
    "Uptime Tier IV": "other",
    "other": "other",
}
"""The certificate register's standards as report types."""
TYPE_STANDARDS = {
    "iso27001": "ISO 27001",
    "iso27701": "ISO 27701",
    "soc1-type1": "SOC 1",
    "soc1-type2": "SOC 1",
    "soc2-type1": "SOC 2 Type I",
    "soc2-type2": "SOC 2 Type II",
    "pci-aoc": "PCI DSS AOC",
}
"""Back (downgrade): a type's standard where the register had one, else "other"."""
CANONICAL = {
    "ISO 27001",
    "ISO 27701",
    "SOC 1",
    "SOC 2 Type I",
    "SOC 2 Type II",
    "PCI DSS AOC",
    "other",
}
"""Standards the type says exactly (not kept in ``standard``)."""

certificates = helpers.data_table(
    "certificates",
    "id vendor_id standard issuer scope evidence_id version",
    dates="issued_on period_end expires_on",
    created_at=TS,
)
reports = helpers.data_table(
    "assurance_reports",
    "id vendor_id type standard auditor scope evidence_id version",
    dates="period_end issued_on expires_on currency_end",
    criteria=JSON_DOC,
    created_at=TS,
)
findings = helpers.data_table("findings", "id assessment_id")

Reference = tuple[str, str, str]
"""A column pointing at another table's id: (column, target table, ON DELETE)."""
EVIDENCE: Reference = ("evidence_id", "evidence", "RESTRICT")


def _report_child(name: str, *columns: sa.Column[object], refs: tuple[Reference, ...] = ()) -> None:
    """A table under ``assurance_reports`` (deleted with its report); each of ``refs`` gets
    its foreign key and index."""
    refs = (("report_id", "assurance_reports", "CASCADE"), *refs)
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
        *(
            helpers.foreign_key(name, column, target, ondelete=ondelete)
            for column, target, ondelete in refs
        ),
    )
    helpers.create_indexes(name, *(column for column, _, _ in refs))


def upgrade() -> None:
    op.create_table(
        "assurance_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("type", ENUM, nullable=False),
        sa.Column("standard", sa.String(40), nullable=True),
        sa.Column("auditor", sa.String(200), nullable=True),
        sa.Column("accreditation_body", sa.String(200), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("currency_end", sa.Date(), nullable=True),
        sa.Column("opinion", ENUM, nullable=True),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("services", sa.Text(), nullable=True),
        sa.Column("sites", sa.Text(), nullable=True),
        sa.Column("criteria", JSON_DOC, nullable=False),
        sa.Column("certificate_number", sa.String(100), nullable=True),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("covers_our_service", sa.Boolean(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assurance_reports"),
        helpers.foreign_key("assurance_reports", "vendor_id", "vendors", ondelete="CASCADE"),
        helpers.foreign_key("assurance_reports", "evidence_id", "evidence", ondelete="RESTRICT"),
    )
    op.create_index(
        "ix_assurance_reports_vendor_id_type", "assurance_reports", ["vendor_id", "type"]
    )
    helpers.create_indexes("assurance_reports", "currency_end", "evidence_id")
    _copy_certificates_to_reports()
    op.drop_table("certificates")

    _report_child(
        "report_exceptions",
        sa.Column("control", sa.String(100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
    )
    _report_child(
        "report_subservices",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("method", ENUM, nullable=False),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("created_candidate", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        refs=(("vendor_id", "vendors", "SET NULL"), ("link_id", "vendor_links", "SET NULL")),
    )
    _report_child(
        "report_bridges",
        sa.Column("through", sa.Date(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        refs=(EVIDENCE,),
    )
    _report_child(
        "obligations",
        sa.Column("control", sa.String(100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("updated_by", ACTOR, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        refs=(EVIDENCE,),
    )
    op.create_index("ix_obligations_status", "obligations", ["status"])

    op.drop_index("uq_findings_active_cause", table_name="findings")
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("report_id", sa.Integer(), nullable=True))
        batch.alter_column("assessment_id", existing_type=sa.Integer(), nullable=True)
        helpers.add_foreign_key(
            batch, "findings", "report_id", "assurance_reports", ondelete="SET NULL"
        )
        batch.create_index("ix_findings_report_id", ["report_id"])
    helpers.create_active_cause_index()


def _copy_certificates_to_reports() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(certificates).order_by(certificates.c.id)).all()
    for row in rows:
        kind = STANDARD_TYPES.get(row.standard, "other")
        soc = kind.startswith("soc")
        bind.execute(
            reports.insert().values(
                id=row.id,
                vendor_id=row.vendor_id,
                type=kind,
                standard=None if row.standard in CANONICAL else row.standard,
                auditor=row.issuer,
                period_end=row.period_end,
                issued_on=row.issued_on,
                expires_on=None if soc else row.expires_on,
                currency_end=row.expires_on,
                scope=row.scope,
                criteria=[],
                evidence_id=row.evidence_id,
                version=row.version,
                created_at=row.created_at,
            )
        )
    _restart_sequence("assurance_reports")


def _restart_sequence(table: str) -> None:
    """PostgreSQL: the id sequence continues after the copied ids."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
        )


def downgrade() -> None:
    bind = op.get_bind()
    report_findings = sa.select(findings.c.id).where(findings.c.assessment_id.is_(None))
    for child in ("finding_assessments", "risk_acceptances"):
        bind.execute(
            sa.text(f"DELETE FROM {child} WHERE finding_id IN (SELECT id FROM findings "
                    "WHERE assessment_id IS NULL)")
        )  # fmt: skip
    bind.execute(findings.delete().where(findings.c.id.in_(report_findings)))
    op.drop_index("uq_findings_active_cause", table_name="findings")
    with op.batch_alter_table("findings") as batch:
        batch.drop_index("ix_findings_report_id")
        batch.drop_constraint("fk_findings_report_id_assurance_reports", type_="foreignkey")
        batch.drop_column("report_id")
        batch.alter_column("assessment_id", existing_type=sa.Integer(), nullable=False)
    helpers.create_active_cause_index()
    for name in ("obligations", "report_bridges", "report_subservices", "report_exceptions"):
        op.drop_table(name)

    helpers.create_certificates()
    for row in bind.execute(sa.select(reports).order_by(reports.c.id)).all():
        expires = row.currency_end or row.expires_on or row.period_end or row.issued_on
        bind.execute(
            certificates.insert().values(
                id=row.id,
                vendor_id=row.vendor_id,
                standard=row.standard or TYPE_STANDARDS.get(row.type, "other"),
                issuer=row.auditor,
                scope=row.scope,
                issued_on=row.issued_on,
                period_end=row.period_end,
                expires_on=expires or _day(row.created_at),
                evidence_id=row.evidence_id,
                version=row.version,
                created_at=row.created_at,
            )
        )
    _restart_sequence("certificates")
    op.drop_table("assurance_reports")


def _day(value: object) -> date:
    return value.date() if hasattr(value, "date") else date.today()
