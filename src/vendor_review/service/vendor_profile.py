"""A vendor's profile, links and events as Core queries on ``store.tables`` returning plain
dataclasses, so ``vendor show`` starts without the ORM or pydantic (issue 14). The service
finds a vendor by id or name through ``find_vendor_id``; ``dto.Vendor``, ``dto.Link``,
``dto.VendorLinks`` and ``dto.VendorEvent`` are these dataclasses, and every vendor, link
and event the service returns is read here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.sql import ColumnElement

from vendor_review.domain.enums import Criticality, DataAccess, VendorKind, VendorStatus
from vendor_review.domain.names import name_key
from vendor_review.domain.text_rules import quoted
from vendor_review.service.assessment_list import Assessment, assessment_rows
from vendor_review.service.base import ServiceBase
from vendor_review.service.errors import NotFoundError
from vendor_review.service.report_list import (
    CERTIFICATE_ORDER,
    Certificate,
    certificate_of,
    report_rows,
)
from vendor_review.store.tables import (
    assessments,
    assurance_reports,
    vendor_events,
    vendor_links,
    vendors,
)


def find_vendor_id(connection: Connection, ref: str | int) -> int:
    """A vendor by id or by name: exact first, then the same name key ("AWS, Inc." is
    "AWS"), then case-insensitive, then a unique prefix; refused naming the candidates
    when several match."""
    found: int | None = None
    text = str(ref).strip()
    if isinstance(ref, int) or text.isdigit():
        found = connection.scalar(select(vendors.c.id).where(vendors.c.id == int(text)))
    if found is None:
        found = connection.scalar(select(vendors.c.id).where(vendors.c.name == text))
    if found is None and text:
        same = connection.scalars(
            select(vendors.c.id).where(vendors.c.name_key == name_key(text)).limit(2)
        ).all()
        found = same[0] if len(same) == 1 else None
    if found is not None:
        return found
    escaped = text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    for pattern in (escaped, escaped + "%"):
        matches = connection.execute(
            select(vendors.c.id, vendors.c.name)
            .where(vendors.c.name.ilike(pattern, escape="\\"))
            .limit(6)
        ).all()
        if len(matches) == 1:
            return int(matches[0].id)
        if len(matches) > 1:
            names = ", ".join(repr(m.name) for m in matches[:5])
            raise NotFoundError(f"{quoted(text)} matches several vendors: {names}; be exact")
    raise NotFoundError(f"no vendor {quoted(text)}")


@dataclass(frozen=True)
class Vendor:
    """One vendor with the names of its parents."""

    id: int
    name: str
    legal_entity: str | None
    kind: VendorKind
    purpose: str | None
    name_key: str
    parents: list[str]
    """Names of the vendors it is an (open-link) subprocessor of, by name."""
    regions: list[str]
    region_codes: list[str]
    data_access: DataAccess | None
    criticality: Criticality | None
    dpa_signed_on: date | None
    website: str | None
    contact: str | None
    owner: str | None
    notes: str | None
    status: VendorStatus
    offboarded: bool
    version: int
    created_at: datetime
    updated_at: datetime
    scopes: list[str] = field(default_factory=list)

    @property
    def untriaged(self) -> bool:
        return self.data_access is None or self.criticality is None


def vendor_row(connection: Connection, vendor_id: int) -> Vendor:
    r = connection.execute(select(vendors).where(vendors.c.id == vendor_id)).mappings().one()
    parents = connection.scalars(
        select(vendors.c.name)
        .join(vendor_links, vendor_links.c.parent_id == vendors.c.id)
        .where(vendor_links.c.child_id == vendor_id, vendor_links.c.ended_on.is_(None))
        .order_by(vendors.c.name)
    ).all()
    return Vendor(
        **{
            **r,
            "kind": VendorKind(r["kind"]),
            "parents": list(parents),
            "regions": list(r["regions"] or []),
            "region_codes": list(r["region_codes"] or []),
            "data_access": DataAccess(r["data_access"]) if r["data_access"] else None,
            "criticality": Criticality(r["criticality"]) if r["criticality"] else None,
            "status": VendorStatus(r["status"]),
            "scopes": list(r["scopes"] or []),
        }
    )


@dataclass(frozen=True)
class Link:
    """One vendor → subprocessor link as a list gave it."""

    id: int
    parent_id: int
    parent: str
    child_id: int
    child: str
    purpose: str | None
    regions: list[str]
    region_codes: list[str]
    source: str
    source_sha256: str | None
    first_seen: date
    last_seen: date
    ended_on: date | None
    version: int


@dataclass(frozen=True)
class VendorLinks:
    """A vendor's links both ways, open ones first, each by name."""

    parents: list[Link]
    subprocessors: list[Link]


def link_rows(connection: Connection, vendor_id: int, *, include_ended: bool = True) -> VendorLinks:
    parent, child = vendors.alias("parent"), vendors.alias("child")
    query = (
        select(*vendor_links.c, parent.c.name.label("parent"), child.c.name.label("child"))
        .join(parent, parent.c.id == vendor_links.c.parent_id)
        .join(child, child.c.id == vendor_links.c.child_id)
    )
    if not include_ended:
        query = query.where(vendor_links.c.ended_on.is_(None))

    def rows(where: ColumnElement[bool], order: Any) -> list[Link]:
        found = connection.execute(
            query.where(where).order_by(vendor_links.c.ended_on.is_not(None), order)
        ).mappings()
        return [_link(r) for r in found]

    return VendorLinks(
        parents=rows(vendor_links.c.child_id == vendor_id, parent.c.name),
        subprocessors=rows(vendor_links.c.parent_id == vendor_id, child.c.name),
    )


def _link(r: Any) -> Link:
    regions = {"regions": list(r["regions"] or []), "region_codes": list(r["region_codes"] or [])}
    return Link(**{**r, **regions})


@dataclass(frozen=True)
class VendorEvent:
    """Something that makes a vendor's re-review due now (``vendor event``)."""

    id: int
    vendor_id: int
    kind: str
    occurred_on: date
    note: str | None
    related_vendor_id: int | None
    recorded_by: str
    recorded_at: datetime
    recorded_on: date


def event_rows(connection: Connection, *where: ColumnElement[bool]) -> list[VendorEvent]:
    """The events matching ``where``, newest first."""
    query = (
        select(
            *(vendor_events.c[name] for name in VendorEvent.__dataclass_fields__),
        )
        .where(*where)
        .order_by(vendor_events.c.recorded_at.desc(), vendor_events.c.id.desc())
    )
    return [VendorEvent(**r) for r in connection.execute(query).mappings()]


@dataclass(frozen=True)
class VendorProfile:
    """What ``vendor show`` shows of a vendor, read in one transaction."""

    vendor: Vendor
    links: VendorLinks
    certificates: list[Certificate]
    assessments: list[Assessment]
    events: list[VendorEvent]


class VendorProfileOps(ServiceBase):
    def vendor_profile(self, ref: str | int, *, progress: bool = True) -> VendorProfile:
        """The vendor, its links both ways, its certificates (soonest end of currency
        first), its assessments (``progress``: with how far each is answered) and its
        events."""
        with self._connect() as connection:
            vendor_id = find_vendor_id(connection, ref)
            reports = report_rows(
                connection,
                assurance_reports.c.vendor_id == vendor_id,
                assurance_reports.c.currency_end.is_not(None),
                order=CERTIFICATE_ORDER,
            )
            return VendorProfile(
                vendor=vendor_row(connection, vendor_id),
                links=link_rows(connection, vendor_id),
                certificates=[certificate_of(r) for r in reports],
                assessments=assessment_rows(
                    connection, assessments.c.vendor_id == vendor_id, progress=progress
                ),
                events=event_rows(connection, vendor_events.c.vendor_id == vendor_id),
            )

    def get_vendor(self, ref: str | int) -> Vendor:
        with self._connect() as connection:
            return vendor_row(connection, find_vendor_id(connection, ref))

    def vendor_links(self, ref: str | int, *, include_ended: bool = True) -> VendorLinks:
        """The vendor's parents and subprocessors, each link as the list gave it."""
        with self._connect() as connection:
            vendor_id = find_vendor_id(connection, ref)
            return link_rows(connection, vendor_id, include_ended=include_ended)

    def vendor_events(self, ref: str | int) -> list[VendorEvent]:
        """The vendor's events, newest first."""
        with self._connect() as connection:
            vendor_id = find_vendor_id(connection, ref)
            return event_rows(connection, vendor_events.c.vendor_id == vendor_id)


__all__ = [
    "Link",
    "Vendor",
    "VendorEvent",
    "VendorLinks",
    "VendorProfile",
    "VendorProfileOps",
    "event_rows",
    "find_vendor_id",
    "link_rows",
    "vendor_row",
]
