"""SQLAlchemy models: the tables of DESIGN §3 and the audit log of §6.

Conventions:
- Closed vocabularies are plain ``VARCHAR`` columns (``Mapped[str]``, no native database
  enums); ``EnumString`` refuses at flush any value not in the matching enum of
  ``vendor_review.domain.enums``. Assign enum members or their values, read plain ``str``.
- Datetimes are timezone-aware and come back in UTC on every backend.
- Mutable rows carry ``version`` as SQLAlchemy's ``version_id_col``: a concurrent update
  makes the loser's flush raise ``sqlalchemy.orm.exc.StaleDataError``.
- Migrations are hand-written (``migrations/versions``); a test keeps them equal to these.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from vendor_review.domain.cadence import VendorEventKind
from vendor_review.domain.enums import (
    AssessmentStatus,
    Band,
    CertificateStandard,
    Criticality,
    DataAccess,
    FindingStatus,
    InherentRisk,
    Rating,
    Severity,
    VendorKind,
    VendorStatus,
)
from vendor_review.domain.four_eyes import ContributorRole
from vendor_review.domain.risk_acceptance import AcceptanceStatus
from vendor_review.store.column_types import EnumString, UTCDateTime, json_document

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ACTOR = 100
"""Length of columns holding an actor (OS login or PostgreSQL role name)."""

ACTIVE_FINDING = "cause IS NOT NULL AND status IN ('open', 'risk_accepted')"
"""The findings of which a vendor has at most one per cause."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def versioned_by(column: Mapped[int]) -> dict[str, Any]:
    """``__mapper_args__`` making ``column`` the optimistic-concurrency counter."""
    return {"version_id_col": column}


def _name_key_default(context: Any) -> str:
    from vendor_review.domain.names import name_key

    return name_key(str(context.get_current_parameters()["name"]))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Vendor(Base):
    __tablename__ = "vendors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    legal_entity: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(EnumString(VendorKind))
    purpose: Mapped[str | None] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(String(200), index=True, default=_name_key_default)
    """``domain.names.name_key(name)``: what matches one company across lists (the service
    sets it; an insert without one takes the key of its name)."""
    regions: Mapped[list[str]] = mapped_column(json_document(), default=list)
    region_codes: Mapped[list[str]] = mapped_column(json_document(), default=list)
    """ISO 3166 codes and groups resolved from ``regions`` (the text is kept there)."""
    # Regulated scopes the vendor is in (``pci``): each may cap the review interval.
    scopes: Mapped[list[str]] = mapped_column(json_document(), default=list)
    # Both None (or either): untriaged — no inherent risk yet, never assessed until set.
    data_access: Mapped[str | None] = mapped_column(EnumString(DataAccess))
    criticality: Mapped[str | None] = mapped_column(EnumString(Criticality))
    dpa_signed_on: Mapped[date | None] = mapped_column(Date)
    website: Mapped[str | None] = mapped_column(String(500))
    contact: Mapped[str | None] = mapped_column(String(500))
    owner: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(
        EnumString(VendorStatus), index=True, default=VendorStatus.CANDIDATE
    )
    offboarded: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    certificates: Mapped[list[Certificate]] = relationship(
        back_populates="vendor", cascade="all, delete-orphan", passive_deletes=True
    )
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="vendor", passive_deletes="all"
    )

    __mapper_args__ = versioned_by(version)


class VendorLink(Base):
    """Vendor ``parent`` uses subprocessor ``child``: one link per pair, as a list said it
    (purpose, regions) and when (first/last seen; ``ended_on`` once no longer listed)."""

    __tablename__ = "vendor_links"
    __table_args__ = (UniqueConstraint("parent_id", "child_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="RESTRICT"))
    child_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="RESTRICT"), index=True)
    purpose: Mapped[str | None] = mapped_column(Text)
    regions: Mapped[list[str]] = mapped_column(json_document(), default=list)
    region_codes: Mapped[list[str]] = mapped_column(json_document(), default=list)
    source: Mapped[str] = mapped_column(String(500))
    """The file's name, or free text such as "SOC 2 report #4 (carve-out)"."""
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    first_seen: Mapped[date] = mapped_column(Date)
    last_seen: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)

    parent: Mapped[Vendor] = relationship(foreign_keys=[parent_id])
    child: Mapped[Vendor] = relationship(foreign_keys=[child_id])

    __mapper_args__ = versioned_by(version)


class Evidence(Base):
    """An immutable file; ``content`` is deferred so listings never load the bytes."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    media_type: Mapped[str | None] = mapped_column(String(255))
    added_by: Mapped[str] = mapped_column(String(ACTOR))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Certificate(Base):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    standard: Mapped[str] = mapped_column(EnumString(CertificateStandard, 40))
    issuer: Mapped[str | None] = mapped_column(String(200))
    scope: Mapped[str | None] = mapped_column(Text)
    issued_on: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date, index=True)
    evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="RESTRICT"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    vendor: Mapped[Vendor] = relationship(back_populates="certificates")
    evidence: Mapped[Evidence | None] = relationship()

    __mapper_args__ = versioned_by(version)


class QuestionnaireDefinition(Base):
    """A questionnaire as an assessment saw it, stored once however many use it.

    Keyed by the SHA-256 of its canonical JSON (``definition_sha256``), so an assessment
    and the audit events that name the hash prove which definition was used (migration
    0005 moved the per-assessment snapshots here)."""

    __tablename__ = "questionnaire_definitions"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[int]
    definition: Mapped[dict[str, Any]] = mapped_column(json_document())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Assessment(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        ForeignKey("vendors.id", ondelete="RESTRICT"), index=True
    )
    questionnaire_id: Mapped[str] = mapped_column(String(100))
    questionnaire_version: Mapped[int]
    questionnaire_sha256: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the questionnaire file's bytes (what a returned workbook is checked by)."""
    definition_sha256: Mapped[str] = mapped_column(
        ForeignKey("questionnaire_definitions.sha256", ondelete="RESTRICT")
    )
    """The snapshot in ``questionnaire_definitions`` (SHA-256 of its canonical JSON)."""
    status: Mapped[str] = mapped_column(
        EnumString(AssessmentStatus), index=True, default=AssessmentStatus.DRAFT
    )
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="RESTRICT"), index=True
    )
    reviewer: Mapped[str] = mapped_column(String(ACTOR))
    submitted_by: Mapped[str | None] = mapped_column(String(ACTOR))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(ACTOR))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str | None] = mapped_column(Text)
    data_access: Mapped[str | None] = mapped_column(EnumString(DataAccess))
    criticality: Mapped[str | None] = mapped_column(EnumString(Criticality))
    control_score: Mapped[float | None] = mapped_column(Float)
    section_scores: Mapped[dict[str, float | None] | None] = mapped_column(
        json_document(none_as_null=True)
    )
    inherent_risk: Mapped[str | None] = mapped_column(EnumString(InherentRisk))
    band: Mapped[str | None] = mapped_column(EnumString(Band))
    rating: Mapped[str | None] = mapped_column(EnumString(Rating))
    critical_failures: Mapped[list[str] | None] = mapped_column(json_document(none_as_null=True))
    next_review_due: Mapped[date | None] = mapped_column(Date, index=True)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    vendor: Mapped[Vendor] = relationship(back_populates="assessments")
    snapshot: Mapped[QuestionnaireDefinition] = relationship(lazy="select")
    previous: Mapped[Assessment | None] = relationship(remote_side=[id])
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )
    findings: Mapped[list[Finding]] = relationship(
        back_populates="assessment", passive_deletes="all", foreign_keys="Finding.assessment_id"
    )

    @property
    def definition(self) -> dict[str, Any]:
        """The questionnaire snapshot (loaded from ``questionnaire_definitions``)."""
        return self.snapshot.definition

    # These covering indexes answer "each vendor's latest decided assessment" and "what
    # waits for approval" (or is a draft) without reading a row (migration 0002).
    __table_args__ = (
        Index(
            "ix_assessments_vendor_latest",
            "vendor_id",
            "decided_at",
            "id",
            "status",
            "rating",
            "control_score",
            "next_review_due",
        ),
        Index("ix_assessments_queue", "status", "submitted_by", "submitted_at", "reviewer"),
    )
    __mapper_args__ = versioned_by(version)


answer_evidence = Table(
    "answer_evidence",
    Base.metadata,
    Column("answer_id", ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "evidence_id",
        ForeignKey("evidence.id", ondelete="RESTRICT"),
        primary_key=True,
        index=True,
    ),
)

AnswerValue = str | float | list[str] | None
"""What an answer holds: an option value, several option values, a number, or nothing."""


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    # Python None is stored as JSON null (none_as_null=False), so the column is nullable.
    value: Mapped[AnswerValue] = mapped_column(json_document(), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text)
    carried_over: Mapped[bool] = mapped_column(default=False)
    # Set when a carried-over answer is confirmed unchanged; cleared by a new answer.
    confirmed_by: Mapped[str | None] = mapped_column(String(ACTOR))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by: Mapped[str] = mapped_column(String(ACTOR))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(Integer)

    assessment: Mapped[Assessment] = relationship(back_populates="answers")
    evidence: Mapped[list[Evidence]] = relationship(secondary=answer_evidence)

    __mapper_args__ = versioned_by(version)


class Finding(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="RESTRICT"), index=True
    )
    vendor_id: Mapped[int] = mapped_column(
        ForeignKey("vendors.id", ondelete="RESTRICT"), index=True
    )
    question_id: Mapped[str | None] = mapped_column(String(100))
    # What the finding is about, stable across assessments: "question:<questionnaire>/<id>"
    # (later also assurance-report rules). One open (or risk-accepted) finding per vendor
    # and cause: ``uq_findings_active_cause``.
    cause: Mapped[str | None] = mapped_column(String(200))
    severity: Mapped[str] = mapped_column(EnumString(Severity))
    text: Mapped[str] = mapped_column(Text)
    remediation: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(
        EnumString(FindingStatus), index=True, default=FindingStatus.OPEN
    )
    resolved_by: Mapped[str | None] = mapped_column(String(ACTOR))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution_note: Mapped[str | None] = mapped_column(Text)
    resolved_by_assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="RESTRICT")
    )
    # A risk-accepted finding counts as open again from the day after this date.
    accepted_until: Mapped[date | None] = mapped_column(Date, index=True)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    assessment: Mapped[Assessment] = relationship(
        back_populates="findings", foreign_keys=[assessment_id]
    )
    vendor: Mapped[Vendor] = relationship()

    __table_args__ = (
        # "Open findings per vendor" as one grouped pass over the index (migration 0005).
        Index("ix_findings_vendor_status", "vendor_id", "status"),
        Index(
            "uq_findings_active_cause",
            "vendor_id",
            "cause",
            unique=True,
            # Partial on both databases (the migrations create it with the same WHERE on
            # PostgreSQL); only SQLite's keyword here: naming ``postgresql_where`` would
            # import SQLAlchemy's PostgreSQL dialect on every start-up (issue 14).
            sqlite_where=sql_text(ACTIVE_FINDING),
        ),
    )

    __mapper_args__ = versioned_by(version)


class AuditEvent(Base):
    """One link of the append-only, hash-chained audit log (written by ``store.audit``).

    ``at`` is an ISO-8601 UTC string and ``before``/``after`` canonical JSON text, so the
    hash is computed over exactly the stored bytes on every backend.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity_entity_id", "entity", "entity_id"),)

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(ACTOR))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(200))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    rows: Mapped[str | None] = mapped_column(Text)
    """SQLite: the row snapshots of the event's transaction (``store.protect``)."""
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


# --- Workflow (issue 10: four-eyes, findings that follow the vendor, cadence) -----------
# Plain columns a database trigger can read as well as the service (engineer trust-db).


class AssessmentContributor(Base):
    """Who worked on an assessment, and how: ``started`` / ``submitted`` (question_id
    ""), ``answered`` / ``confirmed`` (one row per question). Rows are only added, so a
    later change of an answer never hides who gave it first. Four-eyes reads this table."""

    __tablename__ = "assessment_contributors"

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    actor: Mapped[str] = mapped_column(String(ACTOR), primary_key=True)
    role: Mapped[str] = mapped_column(EnumString(ContributorRole), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FindingLink(Base):
    """A finding and the assessments that opened, updated or resolved it. ``prior`` keeps
    the finding's fields an update replaced (restored if that submission is returned)."""

    __tablename__ = "finding_assessments"

    finding_id: Mapped[int] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True
    )
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    prior: Mapped[dict[str, Any] | None] = mapped_column(json_document(none_as_null=True))


class RiskAcceptance(Base):
    """A request to accept a finding's risk until ``expires_on``; approved by a second
    person for high and critical findings (``decided_by`` differs from ``requested_by``)."""

    __tablename__ = "risk_acceptances"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), index=True
    )
    severity: Mapped[str] = mapped_column(EnumString(Severity))
    reason: Mapped[str] = mapped_column(Text)
    expires_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(EnumString(AcceptanceStatus))
    requested_by: Mapped[str] = mapped_column(String(ACTOR))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(ACTOR))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = versioned_by(version)


class VendorEvent(Base):
    """Something that makes a vendor's re-review due now: a breach, an acquisition, a
    scope change (recorded by hand), a new subprocessor or a raised profile (recorded
    when the inventory changes). It triggers while no assessment was decided after
    ``recorded_at``."""

    __tablename__ = "vendor_events"
    __table_args__ = (Index("ix_vendor_events_vendor_id_recorded_on", "vendor_id", "recorded_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(EnumString(VendorEventKind, 30))
    occurred_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    related_vendor_id: Mapped[int | None] = mapped_column(
        ForeignKey("vendors.id", ondelete="SET NULL")
    )
    recorded_by: Mapped[str] = mapped_column(String(ACTOR))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_on: Mapped[date] = mapped_column(Date, index=True)
