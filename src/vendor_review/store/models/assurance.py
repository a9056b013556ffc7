"""Assurance reports (issue 12): SOC reports, ISO certificates, PCI AoCs, pentests, with
what a report says — exceptions, subservice organisations, bridge letters — and the
user-entity controls it expects of us (``obligations``). Migration 0007 made the
certificate register of 0001 into this one (every certificate a report)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vendor_review.domain.assurance import ObligationStatus, Opinion, ReportType, SubserviceMethod
from vendor_review.store.column_types import EnumString, json_document
from vendor_review.store.models.base import Actor, Base, reference, utcnow, versioned_by
from vendor_review.store.models.evidence import Evidence

if TYPE_CHECKING:
    from vendor_review.store.models.vendors import Vendor


class AssuranceReport(Base):
    """One report or certificate a vendor gave us. ``currency_end`` is the last day it may
    be relied on (ISO/PCI expiry; SOC period end + 12 months, or the latest bridge letter),
    kept by the service whenever a report or bridge is recorded so the schedule can query
    it."""

    __tablename__ = "assurance_reports"
    __table_args__ = (Index("ix_assurance_reports_vendor_id_type", "vendor_id", "type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = reference("vendors", ondelete="CASCADE")
    type: Mapped[str] = mapped_column(EnumString(ReportType))
    standard: Mapped[str | None] = mapped_column(String(40))
    """The standard as the certificate register named it ("SSAE-16", "Uptime Tier III"),
    when the type alone does not say it; None for reports recorded as reports."""
    auditor: Mapped[str | None] = mapped_column(String(200))
    """The audit firm or certification body (None only for migrated certificates)."""
    accreditation_body: Mapped[str | None] = mapped_column(String(200))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    issued_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    currency_end: Mapped[date | None] = mapped_column(Date, index=True)
    opinion: Mapped[str | None] = mapped_column(EnumString(Opinion))
    scope: Mapped[str | None] = mapped_column(Text)
    services: Mapped[str | None] = mapped_column(Text)
    sites: Mapped[str | None] = mapped_column(Text)
    criteria: Mapped[list[str]] = mapped_column(json_document(), default=list)
    certificate_number: Mapped[str | None] = mapped_column(String(100))
    evidence_id: Mapped[int | None] = reference("evidence", ondelete="RESTRICT", index=True)
    covers_our_service: Mapped[bool | None] = mapped_column()
    """The reviewer's answer: does it cover the service and sites we use (None: not yet)."""
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    vendor: Mapped[Vendor] = relationship(back_populates="reports")
    evidence: Mapped[Evidence | None] = relationship()
    exceptions: Mapped[list[ReportException]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ReportException.id"
    )
    subservices: Mapped[list[ReportSubservice]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ReportSubservice.id"
    )
    bridges: Mapped[list[ReportBridge]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ReportBridge.id"
    )
    obligations: Mapped[list[Obligation]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Obligation.id"
    )

    __mapper_args__ = versioned_by(version)


class ReportException(Base):
    """A deviation the auditor found in testing a control, with management's response."""

    __tablename__ = "report_exceptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = reference("assurance_reports", ondelete="CASCADE", index=True)
    control: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)
    response: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReportSubservice(Base):
    """A subservice organisation the report names, and the vendor (subprocessor) and
    link vendor → subprocessor recorded for it."""

    __tablename__ = "report_subservices"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = reference("assurance_reports", ondelete="CASCADE", index=True)
    name: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(EnumString(SubserviceMethod))
    purpose: Mapped[str | None] = mapped_column(Text)
    vendor_id: Mapped[int | None] = reference("vendors", ondelete="SET NULL", index=True)
    link_id: Mapped[int | None] = reference("vendor_links", ondelete="SET NULL", index=True)
    created_candidate: Mapped[bool] = mapped_column(default=False)
    """True when the subservice organisation was new and became an untriaged vendor."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReportBridge(Base):
    """A bridge (gap) letter: the vendor's word that controls held from the period's end
    through ``through``."""

    __tablename__ = "report_bridges"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = reference("assurance_reports", ondelete="CASCADE", index=True)
    through: Mapped[date] = mapped_column(Date)
    evidence_id: Mapped[int | None] = reference("evidence", ondelete="RESTRICT", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Obligation(Base):
    """A complementary user-entity control (CUEC): what *we* must do for the vendor's
    controls to hold, its owner on our side and whether it is in place."""

    __tablename__ = "obligations"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = reference("assurance_reports", ondelete="CASCADE", index=True)
    control: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(
        EnumString(ObligationStatus), index=True, default=ObligationStatus.OPEN
    )
    note: Mapped[str | None] = mapped_column(Text)
    evidence_id: Mapped[int | None] = reference("evidence", ondelete="RESTRICT", index=True)
    updated_by: Mapped[Actor]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = versioned_by(version)
