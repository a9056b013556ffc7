"""What a report covers (``ReportScope``) and the keyset paging every report read uses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, Subquery, and_, func, or_, select

from vendor_review.domain.enums import Rating, VendorStatus
from vendor_review.service import vendor_query as vq
from vendor_review.service.base import ServiceBase
from vendor_review.service.errors import NotFoundError, ValidationError
from vendor_review.service.reporting.rows import ReportScope
from vendor_review.service.vendor_query import AnySelect as AnySelect
from vendor_review.store.models import Assessment, Vendor

ROWS_PER_CHUNK = 1_000


def is_decided() -> ColumnElement[bool]:
    """Approved or rejected (``vendor_query.is_decided``: read from the covering index)."""
    return vq.is_decided(Assessment.status)


def latest_decided(*columns: Any) -> Subquery:
    """Each vendor's decided assessments ranked newest first (``rn`` 1 is the latest),
    with their vendor, rating and ``columns``."""
    return (
        select(
            Assessment.vendor_id,
            Assessment.rating,
            *columns,
            func.row_number()
            .over(
                partition_by=Assessment.vendor_id,
                order_by=(Assessment.decided_at.desc(), Assessment.id.desc()),
            )
            .label("rn"),
        )
        .where(is_decided())
        .subquery()
    )


def after(name: Any, id_column: Any, last: tuple[str, int]) -> ColumnElement[bool]:
    """The keyset condition ``(name, id) > last``, spelled out for every backend."""
    return or_(name > last[0], and_(name == last[0], id_column > last[1]))


class ScopedReads(ServiceBase):
    def report_scope(
        self,
        *,
        vendors: list[str] | tuple[str, ...] = (),
        statuses: list[str] | tuple[str, ...] = (),
        ratings: list[str] | tuple[str, ...] = (),
        assessment_id: int | None = None,
    ) -> ReportScope:
        """Check report filters and resolve vendors (by name or id) into a scope."""
        if assessment_id is not None and (vendors or statuses or ratings):
            raise ValidationError(
                "a report of one assessment takes no vendor, status or rating filter"
            )
        known_statuses = {s.value for s in VendorStatus}
        for status in statuses:
            if status not in known_statuses:
                allowed = ", ".join(sorted(known_statuses))
                raise ValidationError(f"unknown vendor status {status!r} (one of {allowed})")
        known_ratings = {r.value for r in Rating}
        for rating in ratings:
            if rating not in known_ratings:
                allowed = ", ".join(r.value for r in Rating)
                raise ValidationError(f"unknown rating {rating!r} (one of {allowed})")
        with self._read() as s:
            if assessment_id is not None and s.get(Assessment, assessment_id) is None:
                raise NotFoundError(f"no assessment #{assessment_id}")
            ids = tuple(dict.fromkeys(self._vendor(s, ref).id for ref in vendors))
        return ReportScope(
            vendor_ids=ids,
            statuses=tuple(dict.fromkeys(statuses)),
            ratings=tuple(dict.fromkeys(ratings)),
            assessment_id=assessment_id,
        )

    def _scope_vendors(self, scope: ReportScope) -> AnySelect | None:
        """A SELECT of the vendor ids in scope, or None when the scope is everything."""
        if scope.assessment_id is not None:
            return select(Assessment.vendor_id).where(Assessment.id == scope.assessment_id)
        if scope.everything:
            return None
        query = select(Vendor.id)
        if scope.vendor_ids:
            query = query.where(Vendor.id.in_(scope.vendor_ids))
        if scope.statuses:
            query = query.where(Vendor.status.in_(scope.statuses))
        if scope.ratings:
            latest = latest_decided()
            query = query.join(
                latest, and_(latest.c.vendor_id == Vendor.id, latest.c.rn == 1)
            ).where(latest.c.rating.in_(scope.ratings))
        return query

    def _in_scope(self, query: AnySelect, vendor_id: Any, scope: ReportScope) -> AnySelect:
        vendors = self._scope_vendors(scope)
        return query if vendors is None else query.where(vendor_id.in_(vendors))

    def _pages(self, query: AnySelect, id_column: Any, chunk: int) -> Iterator[Any]:
        """Rows of ``query`` (selecting an entity, then the vendor's name, …) ordered by
        vendor name and id, ``chunk`` at a time, each page in its own read transaction."""
        last: tuple[str, int] | None = None
        while True:
            page = query.order_by(Vendor.name, id_column).limit(chunk)
            if last is not None:
                page = page.where(after(Vendor.name, id_column, last))
            with self._read() as s:
                rows = s.execute(page).all()
            if not rows:
                return
            yield from rows
            last = (rows[-1][1], rows[-1][0].id)
