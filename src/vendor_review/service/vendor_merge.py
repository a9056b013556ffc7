"""``vendor merge A B``: two vendors found to be one company become A.

Everything that points at B moves to A: its links both ways (a link both already have is
joined into A's: earliest first seen, latest last seen, regions unioned, open if either
is), assessments, certificates, findings and any other row referring to a vendor. A's
empty fields take B's; the regions are unioned. B is deleted. One transaction, audited:
``vendor_link.*`` per link changed, ``vendor.merge`` on A naming what moved, and
``vendor.delete`` on B with B's last state. Refused, with nothing changed, when the two
are one vendor, when both have an open assessment of the same questionnaire, or when the
merge would make a vendor its own subprocessor.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from vendor_review.domain.enums import OPEN_STATUSES
from vendor_review.service import dto
from vendor_review.service.base import row_dict
from vendor_review.service.errors import StateError, ValidationError
from vendor_review.service.vendor_links import link_dict, region_codes
from vendor_review.service.vendors import VendorOps
from vendor_review.store.models import Assessment, Base, Vendor, VendorLink

_FILLED = (
    "legal_entity",
    "purpose",
    "data_access",
    "criticality",
    "dpa_signed_on",
    "website",
    "contact",
    "owner",
    "notes",
)


def _vendor_references() -> list[tuple[Table, str]]:
    """(table, column) of every foreign key to ``vendors.id`` but the links'."""
    found = []
    for table in Base.metadata.sorted_tables:
        if table.name in ("vendors", "vendor_links"):
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == "vendors":
                found.append((table, fk.parent.name))
    return found


class MergeOps(VendorOps):
    def merge_vendors(
        self, keep: str | int, merged: str | int, reason: str | None = None
    ) -> dto.Vendor:
        """Merge vendor ``merged`` into ``keep`` (see the module's text)."""
        with self._write() as s:
            a, b = self._vendor(s, keep), self._vendor(s, merged)
            if a.id == b.id:
                raise ValidationError(f"{a.name!r} and {b.name!r} are one vendor; nothing to merge")
            self._check_open_assessments(s, a, b)
            before_a, before_b = row_dict(a), row_dict(b)
            moved_links = self._move_links(s, a, b)
            moved: dict[str, list[Any]] = {"links": moved_links}
            for table, column in _vendor_references():
                ids = [
                    r[0]
                    for r in s.execute(
                        select(*table.primary_key.columns).where(table.c[column] == b.id)
                    )
                ]
                if not ids:
                    continue
                values: dict[str, Any] = {column: a.id}
                if "version" in table.c:
                    values["version"] = table.c.version + 1
                s.execute(
                    update(table).where(table.c[column] == b.id).values(**values),
                    execution_options={"synchronize_session": False},
                )
                moved[f"{table.name}.{column}"] = ids
            s.expire_all()
            a, b = s.get_one(Vendor, a.id), s.get_one(Vendor, b.id)
            for name in _FILLED:
                if getattr(a, name) is None and getattr(b, name) is not None:
                    setattr(a, name, getattr(b, name))
            a.regions = list(dict.fromkeys([*(a.regions or []), *(b.regions or [])]))
            a.region_codes = region_codes(a.regions)
            self._refresh_status(s, a)
            a.updated_at = self.now()
            s.flush()
            after = {**row_dict(a), "merged": {"id": b.id, "name": b.name}, "moved": moved}
            self._audit(s, "vendor.merge", "vendor", a.id, before_a, after, reason)
            s.delete(b)
            s.flush()
            why = f"merged into {a.name!r} (#{a.id})" + (f": {reason}" if reason else "")
            self._audit(s, "vendor.delete", "vendor", before_b["id"], before_b, None, why)
            return self._vendor_out(s, a)

    @staticmethod
    def _check_open_assessments(s: Session, a: Vendor, b: Vendor) -> None:
        rows = s.execute(
            select(Assessment.vendor_id, Assessment.id, Assessment.questionnaire_id)
            .where(Assessment.vendor_id.in_((a.id, b.id)), Assessment.status.in_(OPEN_STATUSES))
            .order_by(Assessment.id)
        ).all()
        first: dict[str, int] = {}
        for vendor_id, assessment_id, questionnaire in rows:
            if vendor_id == a.id:
                first.setdefault(questionnaire, assessment_id)
        for vendor_id, assessment_id, questionnaire in rows:
            if vendor_id == b.id and questionnaire in first:
                raise StateError(
                    f"cannot merge {b.name!r} into {a.name!r}: both have an open assessment "
                    f"of {questionnaire!r} (#{first[questionnaire]} and #{assessment_id}); "
                    "finish or return one of them first"
                )

    def _move_links(self, s: Session, a: Vendor, b: Vendor) -> list[int]:
        """B's links become A's; returns the ids of the links changed or joined."""
        changed: list[int] = []
        links = s.scalars(
            select(VendorLink)
            .where((VendorLink.parent_id == b.id) | (VendorLink.child_id == b.id))
            .order_by(VendorLink.id)
        ).all()
        for link in links:
            parent_id = a.id if link.parent_id == b.id else link.parent_id
            child_id = a.id if link.child_id == b.id else link.child_id
            before = link_dict(link)
            if parent_id == child_id:  # a link between the two: it is gone with B
                s.delete(link)
                s.flush()
                self._audit(s, "vendor_link.delete", "vendor_link", before["id"], before, None,
                            f"{b.name!r} merged into {a.name!r}")  # fmt: skip
                changed.append(before["id"])
                continue
            same = s.scalar(
                select(VendorLink).where(
                    VendorLink.parent_id == parent_id, VendorLink.child_id == child_id
                )
            )
            if same is None:
                self._check_moved_cycle(s, a, b, parent_id, child_id)
                link.parent_id, link.child_id = parent_id, child_id
                s.flush()
                s.refresh(link)
                self._audit(s, "vendor_link.move", "vendor_link", link.id, before, link_dict(link))
                changed.append(link.id)
                continue
            kept = link_dict(same)
            same.first_seen = min(same.first_seen, link.first_seen)
            same.last_seen = max(same.last_seen, link.last_seen)
            same.regions = list(dict.fromkeys([*(same.regions or []), *(link.regions or [])]))
            same.region_codes = region_codes(same.regions)
            same.purpose = same.purpose or link.purpose
            if same.ended_on is not None and (
                link.ended_on is None or link.ended_on > same.ended_on
            ):
                same.ended_on = link.ended_on
            s.delete(link)
            s.flush()
            self._audit(s, "vendor_link.join", "vendor_link", same.id, kept, link_dict(same),
                        f"joined link #{before['id']} of {b.name!r}")  # fmt: skip
            changed += [before["id"], same.id]
        return changed

    @staticmethod
    def _check_moved_cycle(s: Session, a: Vendor, b: Vendor, parent_id: int, child_id: int) -> None:
        """A moved link must not close a loop through A (or B, which becomes A)."""
        seen = {child_id}
        frontier = {child_id}
        while frontier:
            nxt = set(
                s.scalars(select(VendorLink.child_id).where(VendorLink.parent_id.in_(frontier)))
            )
            nxt = {a.id if n == b.id else n for n in nxt} - seen
            if parent_id in nxt:
                raise ValidationError(
                    f"cannot merge {b.name!r} into {a.name!r}: {a.name!r} would become its own "
                    "(indirect) subprocessor"
                )
            seen |= nxt
            frontier = nxt | ({b.id} if a.id in nxt else set())
