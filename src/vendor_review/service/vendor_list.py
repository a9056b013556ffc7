"""The vendor list: the inventory a page at a time with each vendor's latest decided
rating, and a vendor's subprocessors. Core queries on ``store.tables`` returning plain
dataclasses, so ``vendor list`` starts without the ORM or pydantic (issue 14); the SQL
is ``vendor_query``'s."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from vendor_review.domain.enums import Criticality, DataAccess, VendorKind, VendorStatus
from vendor_review.service import vendor_query as vq
from vendor_review.service.base import ServiceBase
from vendor_review.service.errors import ValidationError
from vendor_review.store import search
from vendor_review.store.tables import vendor_links, vendors


@dataclass(frozen=True)
class VendorRow:
    """One line of the vendor list."""

    id: int
    name: str
    kind: VendorKind
    parents: str | None
    """The names of the vendors it is an (open-link) subprocessor of, joined by ", "."""
    regions: list[str]
    region_codes: list[str]
    data_access: DataAccess | None
    criticality: Criticality | None
    status: VendorStatus
    inherent_risk: str | None
    """None while untriaged."""
    control_score: float | None = None
    rating: str | None = None
    next_review_due: date | None = None
    open_findings: int = 0
    subprocessors: int = 0


@dataclass(frozen=True)
class VendorPage:
    total: int
    rows: list[VendorRow]


def matches_region(codes: list[str], wanted: str) -> bool:
    from vendor_review.domain.regions import GROUPS, in_region

    return in_region(
        [c for c in codes if c not in GROUPS], [c for c in codes if c in GROUPS], wanted
    )


def children_of(vendor_id: int) -> Any:
    """Ids of the vendors ``vendor_id`` has an open link to."""
    return select(vendor_links.c.child_id).where(
        vendor_links.c.parent_id == vendor_id, vendor_links.c.ended_on.is_(None)
    )


def _count(connection: Connection, where: list[Any]) -> int:
    """The vendors ``where`` keeps (for a page past the end, which has no rows to carry
    the total)."""
    return connection.scalar(select(func.count(vendors.c.id)).where(*where)) or 0


class VendorListOps(ServiceBase):
    def subprocessors(self, ref: str | int) -> list[VendorRow]:
        """The vendors ``ref`` has an open link to, by name."""
        with self._read() as s:
            vendor_id = self._vendor(s, ref).id
        with self._connect() as connection:
            ids = list(connection.scalars(children_of(vendor_id)))
            query = vq.rows_query(scoped=True).order_by(vendors.c.name)
            return [self._row(r) for r in connection.execute(query, {vq.SCOPE: ids})]

    def list_vendors(
        self,
        *,
        text: str | None = None,
        status: VendorStatus | None = None,
        parent: str | int | None = None,
        rating: str | None = None,
        region: str | None = None,
        untriaged: bool | None = None,
        roots_only: bool = False,
        include_offboarded: bool = True,
        order: str = "name",
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> VendorPage:
        """One page of the inventory with each vendor's latest decided rating.

        ``rating`` is a residual rating or ``"unrated"`` (no decided assessment);
        ``region`` a country, code, EU, EEA or Worldwide the vendor's regions are in;
        ``untriaged`` keeps (True) or leaves out (False) the vendors without inherent risk;
        ``roots_only`` keeps the vendors that are nobody's subprocessor. With a ``limit``
        the cost does not grow with the inventory when sorted by name (DESIGN §9)."""
        if order not in vq.SORTABLE:
            raise ValidationError(f"cannot sort by {order!r} (one of {', '.join(vq.SORTABLE)})")
        where: list[Any] = []
        if parent is not None:
            with self._read() as s:
                where.append(vendors.c.id.in_(children_of(self._vendor(s, parent).id)))
        with self._connect() as connection:
            if text:
                indexed = search.has_index(connection)
                where.append(vq.text_filter(text, backend=self.db.backend, indexed=indexed))
            if status is not None:
                where.append(vendors.c.status == status.value)
            if rating is not None:
                where.append(vq.rating_filter(rating))
            if untriaged is not None:
                none = vendors.c.data_access.is_(None) | vendors.c.criticality.is_(None)
                where.append(none if untriaged else ~none)
            if region is not None:
                where.append(vendors.c.id.in_(self._in_region(connection, region, where)))
            if roots_only:
                open_links = select(vendor_links.c.child_id).where(
                    vendor_links.c.ended_on.is_(None)
                )
                where.append(vendors.c.id.not_in(open_links))
            if not include_offboarded:
                where.append(vendors.c.offboarded.is_(False))
            if limit is None:
                query = vq.ordered(
                    vq.rows_query().where(*where).offset(offset),
                    order, self.policy, descending=descending, joined_all=True,
                )  # fmt: skip
                rows = [self._row(r) for r in connection.execute(query)]
                total = len(rows) + offset if rows or not offset else _count(connection, where)
                return VendorPage(total=total, rows=rows)
            # One pass for the page's ids and the total (count(*) OVER ()), then the
            # figures of those ids only.
            page = vq.ordered(
                select(vendors.c.id, func.count().over()).select_from(vendors).where(*where),
                order, self.policy, descending=descending, joined_all=False,
                sort_found=self.db.backend == "postgresql",
            ).offset(offset).limit(limit)  # fmt: skip
            found_ids = connection.execute(page).all()
            ids = [i for i, _ in found_ids]
            total = found_ids[0][1] if found_ids else (_count(connection, where) if offset else 0)
            scoped = connection.execute(vq.rows_query(scoped=True), {vq.SCOPE: ids})
            found = {r.id: r for r in scoped}
            return VendorPage(total=total, rows=[self._row(found[i]) for i in ids])

    @staticmethod
    def _in_region(connection: Connection, region: str, where: list[Any]) -> list[int]:
        """Ids of the vendors (among ``where``) whose region codes, or any of their open
        links', are in ``region``."""
        try:
            matches_region([], region)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        codes: dict[int, list[str]] = {
            i: list(c or ())
            for i, c in connection.execute(
                select(vendors.c.id, vendors.c.region_codes).where(*where)
            )
        }
        links = select(vendor_links.c.child_id, vendor_links.c.region_codes).where(
            vendor_links.c.ended_on.is_(None)
        )
        for child, more in connection.execute(links):  # where it processes data for any parent
            if child in codes:
                codes[child] += list(more or ())
        return [i for i, found in codes.items() if matches_region(found, region)]

    def _row(self, r: Any) -> VendorRow:
        data = dict(r._mapping)
        access = DataAccess(data["data_access"]) if data["data_access"] else None
        crit = Criticality(data["criticality"]) if data["criticality"] else None
        return VendorRow(
            **{
                **data,
                "kind": VendorKind(data["kind"]),
                "parents": ", ".join(vq.split_names(data["parents"])) or None,
                "regions": list(data["regions"] or ()),
                "region_codes": list(data["region_codes"] or ()),
                "data_access": access,
                "criticality": crit,
                "status": VendorStatus(data["status"]),
                "inherent_risk": (
                    self.policy.inherent(access, crit).value if access and crit else None
                ),
                "open_findings": data["open_findings"] or 0,
                "subprocessors": data["subprocessors"] or 0,
            }
        )
