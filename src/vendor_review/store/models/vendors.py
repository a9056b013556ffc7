"""Vendors, the links vendor → subprocessor, and the events that make a re-review due."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vendor_review.domain.cadence import VendorEventKind
from vendor_review.domain.enums import Criticality, DataAccess, VendorKind, VendorStatus
from vendor_review.store.column_types import EnumString, json_document
from vendor_review.store.models.base import Actor, Base, reference, utcnow, versioned_by

if TYPE_CHECKING:
    from vendor_review.store.models.assessments import Assessment
    from vendor_review.store.models.assurance import AssuranceReport


def name_key_default(context: Any) -> str:
    """``name_key`` of a vendor inserted without one: the key of its name."""
    from vendor_review.domain.names import name_key

    return name_key(str(context.get_current_parameters()["name"]))


class Vendor(Base):
    __tablename__ = "vendors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    legal_entity: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(EnumString(VendorKind))
    purpose: Mapped[str | None] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(String(200), index=True, default=name_key_default)
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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    reports: Mapped[list[AssuranceReport]] = relationship(
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
    parent_id: Mapped[int] = reference("vendors", ondelete="RESTRICT")
    child_id: Mapped[int] = reference("vendors", ondelete="RESTRICT", index=True)
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


class VendorEvent(Base):
    """Something that makes a vendor's re-review due now: a breach, an acquisition, a
    scope change (recorded by hand), a new subprocessor or a raised profile (recorded
    when the inventory changes). It triggers while no assessment was decided after
    ``recorded_at``."""

    __tablename__ = "vendor_events"
    __table_args__ = (Index("ix_vendor_events_vendor_id_recorded_on", "vendor_id", "recorded_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = reference("vendors", ondelete="CASCADE")
    kind: Mapped[str] = mapped_column(EnumString(VendorEventKind, 30))
    occurred_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    related_vendor_id: Mapped[int | None] = reference("vendors", ondelete="SET NULL")
    recorded_by: Mapped[Actor]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_on: Mapped[date] = mapped_column(Date, index=True)
