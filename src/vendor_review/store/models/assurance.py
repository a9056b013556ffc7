"""Assurance reports (issue 12): SOC reports, ISO certificates, PCI AoCs, pentests, with
what a report says — exceptions, subservice organisations, bridge letters — and the
user-entity controls it expects of us (``obligations``). Migration 0007 made the
certificate register of 0001 into this one (every certificate a report)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Mapped, relationship

from vendor_review.store import tables
from vendor_review.store.models.base import Base, Created, Keyed, Updated, Versioned
from vendor_review.store.models.evidence import Evidence

if TYPE_CHECKING:
    from vendor_review.store.models.vendors import Vendor


class ReportPart:
    """A row of what a report says (``tables.assurance``), deleted with its report."""

    report_id: Mapped[int]


class AssuranceReport(Keyed, Versioned, Created, Base):
    """One report or certificate a vendor gave us. ``currency_end`` is the last day it may
    be relied on (ISO/PCI expiry; SOC period end + 12 months, or the latest bridge letter),
    kept by the service whenever a report or bridge is recorded so the schedule can query
    it."""

    __table__ = tables.assurance_reports

    vendor_id: Mapped[int]
    type: Mapped[str]
    standard: Mapped[str | None]
    """The standard as the certificate register named it ("SSAE-16", "Uptime Tier III"),
    when the type alone does not say it; None for reports recorded as reports."""
    auditor: Mapped[str | None]
    """The audit firm or certification body (None only for migrated certificates)."""
    accreditation_body: Mapped[str | None]
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]
    issued_on: Mapped[date | None]
    expires_on: Mapped[date | None]
    currency_end: Mapped[date | None]
    opinion: Mapped[str | None]
    scope: Mapped[str | None]
    services: Mapped[str | None]
    sites: Mapped[str | None]
    criteria: Mapped[list[str]]
    certificate_number: Mapped[str | None]
    evidence_id: Mapped[int | None]
    covers_our_service: Mapped[bool | None]
    """The reviewer's answer: does it cover the service and sites we use (None: not yet)."""

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


class ReportException(Keyed, Created, ReportPart, Base):
    """A deviation the auditor found in testing a control, with management's response."""

    __table__ = tables.report_exceptions

    control: Mapped[str]
    description: Mapped[str]
    response: Mapped[str | None]


class ReportSubservice(Keyed, Created, ReportPart, Base):
    """A subservice organisation the report names, and the vendor (subprocessor) and
    link vendor → subprocessor recorded for it."""

    __table__ = tables.report_subservices

    name: Mapped[str]
    method: Mapped[str]
    purpose: Mapped[str | None]
    vendor_id: Mapped[int | None]
    link_id: Mapped[int | None]
    created_candidate: Mapped[bool]
    """True when the subservice organisation was new and became an untriaged vendor."""


class ReportBridge(Keyed, Created, ReportPart, Base):
    """A bridge (gap) letter: the vendor's word that controls held from the period's end
    through ``through``."""

    __table__ = tables.report_bridges

    through: Mapped[date]
    evidence_id: Mapped[int | None]


class Obligation(Keyed, Versioned, Updated, ReportPart, Base):
    """A complementary user-entity control (CUEC): what *we* must do for the vendor's
    controls to hold, its owner on our side and whether it is in place."""

    __table__ = tables.obligations

    control: Mapped[str]
    description: Mapped[str]
    owner: Mapped[str | None]
    status: Mapped[str]
    note: Mapped[str | None]
    evidence_id: Mapped[int | None]
    updated_by: Mapped[str]
