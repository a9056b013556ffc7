"""Our obligations as Core queries on ``store.tables`` returning plain dataclasses, so
``obligation list`` starts without the ORM or pydantic (issue 14). ``dto.Obligation`` is
this dataclass, and every obligation the service returns is read by ``obligation_rows``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.sql import ColumnElement

from vendor_review.domain.assurance import ObligationStatus
from vendor_review.service.base import ServiceBase
from vendor_review.store.tables import assurance_reports, obligations, vendors


@dataclass(frozen=True)
class Obligation:
    """A complementary user-entity control: what we must do for the vendor's to hold."""

    id: int
    report_id: int
    vendor_id: int
    vendor_name: str
    control: str
    description: str
    owner: str | None
    status: ObligationStatus
    note: str | None
    evidence_id: int | None
    updated_at: datetime
    updated_by: str
    version: int


BY_VENDOR_AND_CONTROL = (vendors.c.name, obligations.c.control, obligations.c.id)


def obligation_rows(
    connection: Connection, *where: ColumnElement[bool], order: Any = BY_VENDOR_AND_CONTROL
) -> list[Obligation]:
    """The obligations matching ``where``, each with its report's vendor."""
    query = (
        select(
            obligations.c.id,
            obligations.c.report_id,
            assurance_reports.c.vendor_id,
            vendors.c.name.label("vendor_name"),
            obligations.c.control,
            obligations.c.description,
            obligations.c.owner,
            obligations.c.status,
            obligations.c.note,
            obligations.c.evidence_id,
            obligations.c.updated_at,
            obligations.c.updated_by,
            obligations.c.version,
        )
        .join(assurance_reports, assurance_reports.c.id == obligations.c.report_id)
        .join(vendors, vendors.c.id == assurance_reports.c.vendor_id)
        .where(*where)
        .order_by(*order)
    )
    return [
        Obligation(**{**r, "status": ObligationStatus(r["status"])})
        for r in connection.execute(query).mappings()
    ]


class ObligationListOps(ServiceBase):
    def list_obligations(
        self, *, open_only: bool = False, vendor: str | int | None = None
    ) -> list[Obligation]:
        """Every obligation by vendor and control (``open_only``: status open)."""
        where: list[ColumnElement[bool]] = []
        if open_only:
            where.append(obligations.c.status == ObligationStatus.OPEN.value)
        if vendor is not None:
            where.append(assurance_reports.c.vendor_id == self._vendor_id(vendor))
        with self._connect() as connection:
            return obligation_rows(connection, *where)


__all__ = ["Obligation", "ObligationListOps", "obligation_rows"]
