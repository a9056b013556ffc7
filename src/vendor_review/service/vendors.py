"""Vendor use cases: the inventory and the subprocessor chain."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vendor_review.domain.enums import (
    AssessmentStatus,
    Criticality,
    DataAccess,
    VendorStatus,
)
from vendor_review.service import dto
from vendor_review.service import vendor_events as events
from vendor_review.service import vendor_query as vq
from vendor_review.service.base import ServiceBase, row_dict
from vendor_review.service.errors import ConflictError, StateError, ValidationError
from vendor_review.store.models import Assessment, AuditEvent, Vendor

_DECIDED = (AssessmentStatus.APPROVED.value, AssessmentStatus.REJECTED.value)
SORTABLE = vq.SORTABLE


def validate_vendor(data: dict[str, Any]) -> dto.VendorIn:
    try:
        return dto.VendorIn.model_validate(data)
    except PydanticValidationError as exc:
        problems = {
            ".".join(str(p) for p in err["loc"]) or "vendor": err["msg"] for err in exc.errors()
        }
        first = next(iter(problems.items()))
        raise ValidationError(f"{first[0]}: {first[1]}", problems) from None


class VendorOps(ServiceBase):
    def add_vendor(self, data: dto.VendorIn | dict[str, Any]) -> dto.Vendor:
        fields = data if isinstance(data, dto.VendorIn) else validate_vendor(data)
        with self._write() as s:
            if s.scalar(select(Vendor.id).where(Vendor.name == fields.name)) is not None:
                raise ValidationError(
                    f"a vendor named {fields.name!r} already exists", {"name": "already exists"}
                )
            values = fields.model_dump(exclude={"parent"})
            values["scopes"] = events.checked_scopes(self, fields.scopes)
            now = self.now()
            vendor = Vendor(**values, created_at=now, updated_at=now)
            if fields.parent is not None:
                vendor.parent = self._vendor(s, fields.parent)
            s.add(vendor)
            s.flush()
            self._audit(s, "vendor.create", "vendor", vendor.id, None, row_dict(vendor))
            if vendor.parent is not None:
                events.subprocessor_linked(self, s, vendor.parent, vendor)
            return self._vendor_out(vendor)

    def update_vendor(
        self, ref: str | int, changes: dict[str, Any], *, expected_version: int | None = None
    ) -> dto.Vendor:
        """Change some fields; with ``expected_version`` a concurrent edit is a conflict."""
        with self._write() as s:
            vendor = self._vendor(s, ref)
            if expected_version is not None and vendor.version != expected_version:
                raise ConflictError(self._conflict_message(s, vendor, expected_version))
            current = self._vendor_out(vendor).model_dump(include=set(dto.VendorIn.model_fields))
            current["parent"] = vendor.parent.name if vendor.parent else None
            fields = validate_vendor({**current, **changes})
            if fields.name != vendor.name and s.scalar(
                select(Vendor.id).where(Vendor.name == fields.name)
            ):
                raise ValidationError(f"a vendor named {fields.name!r} already exists")
            parent = self._vendor(s, fields.parent) if fields.parent else None
            before = row_dict(vendor)
            old_parent_id = vendor.parent_id
            with s.no_autoflush:  # one UPDATE (one version step), and only for a net change
                for key, value in fields.model_dump(exclude={"parent"}).items():
                    setattr(vendor, key, value)
                vendor.scopes = events.checked_scopes(self, fields.scopes)
                self._check_parent(vendor, parent)
                vendor.parent = parent
                changed = s.is_modified(vendor)
            if changed:
                vendor.updated_at = self.now()
                s.flush()
                self._audit(s, "vendor.update", "vendor", vendor.id, before, row_dict(vendor))
                events.profile_changed(self, s, vendor, before)
                if parent is not None and parent.id != old_parent_id:
                    events.subprocessor_linked(self, s, parent, vendor)
            return self._vendor_out(vendor)

    def offboard_vendor(self, ref: str | int, reason: str) -> dto.Vendor:
        if not reason.strip():
            raise ValidationError("offboarding needs a reason")
        return self._set_offboarded(ref, True, reason)

    def reinstate_vendor(self, ref: str | int, reason: str) -> dto.Vendor:
        if not reason.strip():
            raise ValidationError("reinstating needs a reason")
        return self._set_offboarded(ref, False, reason)

    def _set_offboarded(self, ref: str | int, offboarded: bool, reason: str) -> dto.Vendor:
        with self._write() as s:
            vendor = self._vendor(s, ref)
            if vendor.offboarded == offboarded:
                state = "offboarded" if offboarded else "active"
                raise StateError(f"vendor {vendor.name!r} is already {state}")
            before = row_dict(vendor)
            vendor.offboarded = offboarded
            self._refresh_status(s, vendor)
            vendor.updated_at = self.now()
            action = "vendor.offboard" if offboarded else "vendor.reinstate"
            self._audit(s, action, "vendor", vendor.id, before, row_dict(vendor), reason)
            return self._vendor_out(vendor)

    def get_vendor(self, ref: str | int) -> dto.Vendor:
        with self._read() as s:
            return self._vendor_out(self._vendor(s, ref))

    def subprocessors(self, ref: str | int) -> list[dto.VendorRow]:
        with self._read() as s:
            vendor = self._vendor(s, ref)
            query = vq.rows_query().where(Vendor.parent_id == vendor.id).order_by(Vendor.name)
            return [self._row(r) for r in s.execute(query)]

    def list_vendors(
        self,
        *,
        text: str | None = None,
        status: VendorStatus | None = None,
        parent: str | int | None = None,
        rating: str | None = None,
        roots_only: bool = False,
        include_offboarded: bool = True,
        order: str = "name",
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> dto.VendorPage:
        """One page of the inventory with each vendor's latest decided rating.

        ``rating`` is a residual rating or ``"unrated"`` (no decided assessment);
        ``roots_only`` keeps the vendors that are nobody's subprocessor. With a ``limit``
        the cost does not grow with the inventory when sorted by name (DESIGN §9)."""
        if order not in vq.SORTABLE:
            raise ValidationError(f"cannot sort by {order!r} (one of {', '.join(vq.SORTABLE)})")
        with self._read() as s:
            where: list[Any] = []
            if text:
                where.append(vq.text_filter(text, sqlite=self.db.backend == "sqlite"))
            if status is not None:
                where.append(Vendor.status == status.value)
            if parent is not None:
                where.append(Vendor.parent_id == self._vendor(s, parent).id)
            if rating is not None:
                where.append(vq.rating_filter(rating))
            if roots_only:
                where.append(Vendor.parent_id.is_(None))
            if not include_offboarded:
                where.append(Vendor.offboarded.is_(False))
            total = s.scalar(select(func.count(Vendor.id)).where(*where)) or 0
            key = vq.sort_key(order, self.policy)
            sort = (key.desc() if descending else key.asc()).nulls_last()
            ordering = (sort, Vendor.name, Vendor.id)
            if limit is None:
                query = vq.rows_query().where(*where).order_by(*ordering).offset(offset)
                return dto.VendorPage(total=total, rows=[self._row(r) for r in s.execute(query)])
            ids = list(
                s.scalars(
                    select(Vendor.id).where(*where).order_by(*ordering).offset(offset).limit(limit)
                )
            )
            found = {r.id: r for r in s.execute(vq.rows_query().where(Vendor.id.in_(ids)))}
            return dto.VendorPage(total=total, rows=[self._row(found[i]) for i in ids])

    # --- helpers ------------------------------------------------------------------------

    def _row(self, r: Any) -> dto.VendorRow:
        data = dict(r._mapping)
        data["inherent_risk"] = self.policy.inherent(
            DataAccess(data["data_access"]), Criticality(data["criticality"])
        ).value
        return dto.VendorRow.model_validate(data)

    def _vendor_out(self, vendor: Vendor) -> dto.Vendor:
        out = dto.Vendor.model_validate(vendor)
        return out.model_copy(update={"parent_name": vendor.parent.name if vendor.parent else None})

    @staticmethod
    def _check_parent(vendor: Vendor, parent: Vendor | None) -> None:
        node = parent
        while node is not None:
            if node is vendor:
                raise ValidationError(
                    f"{vendor.name!r} cannot be its own (indirect) subprocessor",
                    {"parent": "would make a cycle"},
                )
            node = node.parent

    def _refresh_status(self, s: Session, vendor: Vendor) -> None:
        """Status follows the latest decided assessment, unless offboarded by hand."""
        if vendor.offboarded:
            vendor.status = VendorStatus.OFFBOARDED.value
            return
        latest = s.scalar(
            select(Assessment.status)
            .where(Assessment.vendor_id == vendor.id, Assessment.status.in_(_DECIDED))
            .order_by(Assessment.decided_at.desc(), Assessment.id.desc())
            .limit(1)
        )
        vendor.status = latest or VendorStatus.CANDIDATE.value

    @staticmethod
    def _conflict_message(s: Session, vendor: Vendor, expected: int) -> str:
        events = s.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == "vendor", AuditEvent.entity_id == str(vendor.id))
            .order_by(AuditEvent.seq)
        ).all()
        changed: dict[str, None] = {}
        who: set[str] = set()
        for event in events:
            after = json.loads(event.after) if event.after else {}
            before = json.loads(event.before) if event.before else {}
            if after.get("version", 0) > expected:
                who.add(event.actor)
                for key in after:
                    if key not in ("version", "updated_at") and before.get(key) != after[key]:
                        changed[key] = None
        fields = ", ".join(changed) or "its fields"
        by = ", ".join(sorted(who)) or "someone else"
        return (
            f"vendor {vendor.name!r} was changed by {by} since you loaded it "
            f"(version {expected} → {vendor.version}; changed: {fields}); reload to see it"
        )
