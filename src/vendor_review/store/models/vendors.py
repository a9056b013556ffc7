"""Vendors, the links vendor → subprocessor, and the events that make a re-review due."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Mapped, relationship

from vendor_review.store import tables
from vendor_review.store.models.base import Base, Created, Keyed, Triaged, Updated, Versioned

if TYPE_CHECKING:
    from vendor_review.store.models.assessments import Assessment
    from vendor_review.store.models.assurance import AssuranceReport


class Located:
    regions: Mapped[list[str]]
    """Where, as a list wrote it."""
    region_codes: Mapped[list[str]]
    """ISO 3166 codes and groups resolved from ``regions`` (the text is kept there)."""


class Vendor(Keyed, Versioned, Created, Updated, Located, Triaged, Base):
    __table__ = tables.vendors

    name: Mapped[str]
    legal_entity: Mapped[str | None]
    kind: Mapped[str]
    purpose: Mapped[str | None]
    name_key: Mapped[str]
    """``domain.names.name_key(name)``: what matches one company across lists (the service
    sets it; an insert without one takes the key of its name)."""
    scopes: Mapped[list[str]]
    """Regulated scopes the vendor is in (``pci``): each may cap the review interval."""
    dpa_signed_on: Mapped[date | None]
    website: Mapped[str | None]
    contact: Mapped[str | None]
    owner: Mapped[str | None]
    notes: Mapped[str | None]
    status: Mapped[str]
    offboarded: Mapped[bool]

    reports: Mapped[list[AssuranceReport]] = relationship(
        back_populates="vendor", cascade="all, delete-orphan", passive_deletes=True
    )
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="vendor", passive_deletes="all"
    )


class VendorLink(Keyed, Versioned, Located, Base):
    """Vendor ``parent`` uses subprocessor ``child``: one link per pair, as a list said it
    (purpose, regions) and when (first/last seen; ``ended_on`` once no longer listed)."""

    __table__ = tables.vendor_links

    parent_id: Mapped[int]
    child_id: Mapped[int]
    purpose: Mapped[str | None]
    source: Mapped[str]
    """The file's name, or free text such as "SOC 2 report #4 (carve-out)"."""
    source_sha256: Mapped[str | None]
    first_seen: Mapped[date]
    last_seen: Mapped[date]
    ended_on: Mapped[date | None]

    parent: Mapped[Vendor] = relationship(foreign_keys=[__table__.c.parent_id])
    child: Mapped[Vendor] = relationship(foreign_keys=[__table__.c.child_id])


class VendorEvent(Keyed, Base):
    """Something that makes a vendor's re-review due now: a breach, an acquisition, a
    scope change (recorded by hand), a new subprocessor or a raised profile (recorded
    when the inventory changes). It triggers while no assessment was decided after
    ``recorded_at``."""

    __table__ = tables.vendor_events

    vendor_id: Mapped[int]
    kind: Mapped[str]
    occurred_on: Mapped[date]
    note: Mapped[str | None]
    related_vendor_id: Mapped[int | None]
    recorded_by: Mapped[str]
    recorded_at: Mapped[datetime]
    recorded_on: Mapped[date]
