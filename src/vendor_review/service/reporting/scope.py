"""What a report covers (``ReportScope``), the vendors in it and the keyset paging every
report read uses. Core on ``store.tables`` (the due list reads through here and starts
without the ORM, issue 14); the ORM statements of other reports pass through unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select

from vendor_review.domain.enums import Rating, VendorStatus
from vendor_review.service.base import ServiceBase
from vendor_review.service.errors import NotFoundError, ValidationError
from vendor_review.service.vendor_query import AnySelect as AnySelect
from vendor_review.store.latest_decided import latest_decided
from vendor_review.store.tables import assessments, vendors

ROWS_PER_CHUNK = 1_000


@dataclass(frozen=True, slots=True)
class ReportScope:
    """Which part of the portfolio a report covers; empty filters mean everything.

    ``assessment_id`` makes it the report of one assessment (and its vendor)."""

    vendor_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    ratings: tuple[str, ...] = ()
    assessment_id: int | None = None

    @property
    def everything(self) -> bool:
        return not (self.vendor_ids or self.statuses or self.ratings) and (
            self.assessment_id is None
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
        if assessment_id is not None:
            with self._connect() as connection:
                found = connection.scalar(
                    select(assessments.c.id).where(assessments.c.id == assessment_id)
                )
            if found is None:
                raise NotFoundError(f"no assessment #{assessment_id}")
        ids: tuple[int, ...] = ()
        if vendors:
            with self._read() as s:
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
            return select(assessments.c.vendor_id).where(assessments.c.id == scope.assessment_id)
        if scope.everything:
            return None
        query = select(vendors.c.id)
        if scope.vendor_ids:
            query = query.where(vendors.c.id.in_(scope.vendor_ids))
        if scope.statuses:
            query = query.where(vendors.c.status.in_(scope.statuses))
        if scope.ratings:
            latest = latest_decided("rating").subquery("latest")
            query = query.join(latest, latest.c.vendor_id == vendors.c.id).where(
                latest.c.rating.in_(scope.ratings)
            )
        return query

    def _in_scope(self, query: AnySelect, vendor_id: Any, scope: ReportScope) -> AnySelect:
        wanted = self._scope_vendors(scope)
        return query if wanted is None else query.where(vendor_id.in_(wanted))

    def _pages(self, query: AnySelect, id_column: Any, chunk: int) -> Iterator[Any]:
        """Rows of ``query`` (selecting an entity, then the vendor's name, …) ordered by
        vendor name and id, ``chunk`` at a time, each page in its own read transaction."""
        last: tuple[str, int] | None = None
        while True:
            page = query.order_by(vendors.c.name, id_column).limit(chunk)
            if last is not None:
                page = page.where(after(vendors.c.name, id_column, last))
            with self._read() as s:
                rows = s.execute(page).all()
            if not rows:
                return
            yield from rows
            last = (rows[-1][1], rows[-1][0].id)
