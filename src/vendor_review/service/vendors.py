"""Vendor use cases: the inventory and the subprocessor chain."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from vendor_review.domain.enums import (
    AssessmentStatus,
    Criticality,
    DataAccess,
    FindingStatus,
    VendorStatus,
)
from vendor_review.service import dto
from vendor_review.service.base import ServiceBase, row_dict
from vendor_review.service.errors import ConflictError, StateError, ValidationError
from vendor_review.store.models import Assessment, AuditEvent, Finding, Vendor

_DECIDED = (AssessmentStatus.APPROVED.value, AssessmentStatus.REJECTED.value)
SORTABLE = ("name", "kind", "status", "rating", "next_review_due", "control_score", "criticality")


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
            now = self.now()
            vendor = Vendor(**values, created_at=now, updated_at=now)
            if fields.parent is not None:
                vendor.parent = self._vendor(s, fields.parent)
            s.add(vendor)
            s.flush()
            self._audit(s, "vendor.create", "vendor", vendor.id, None, row_dict(vendor))
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
            before = row_dict(vendor)
            for key, value in fields.model_dump(exclude={"parent"}).items():
                setattr(vendor, key, value)
            parent = self._vendor(s, fields.parent) if fields.parent else None
            self._check_parent(vendor, parent)
            vendor.parent = parent
            vendor.updated_at = self.now()
            s.flush()
            after = row_dict(vendor)
            if {k: v for k, v in before.items() if k not in ("version", "updated_at")} != {
                k: v for k, v in after.items() if k not in ("version", "updated_at")
            }:
                self._audit(s, "vendor.update", "vendor", vendor.id, before, after)
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
            query = self._rows_query().where(Vendor.parent_id == vendor.id).order_by(Vendor.name)
            return [self._row(r) for r in s.execute(query)]

    def list_vendors(
        self,
        *,
        text: str | None = None,
        status: VendorStatus | None = None,
        parent: str | int | None = None,
        order: str = "name",
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> dto.VendorPage:
        """One page of the inventory with each vendor's latest decided rating."""
        if order not in SORTABLE:
            raise ValidationError(f"cannot sort by {order!r} (one of {', '.join(SORTABLE)})")
        with self._read() as s:
            query = self._rows_query()
            if text:
                pattern = (
                    "%" + text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
                )
                query = query.where(
                    or_(
                        Vendor.name.ilike(pattern, escape="\\"),
                        Vendor.purpose.ilike(pattern, escape="\\"),
                        Vendor.legal_entity.ilike(pattern, escape="\\"),
                    )
                )
            if status is not None:
                query = query.where(Vendor.status == status.value)
            if parent is not None:
                query = query.where(Vendor.parent_id == self._vendor(s, parent).id)
            total = s.scalar(select(func.count()).select_from(query.subquery())) or 0
            column = {c.key: c for c in query.selected_columns}[order]
            sort = column.desc() if descending else column.asc()
            query = query.order_by(sort.nulls_last(), Vendor.name, Vendor.id).offset(offset)
            if limit is not None:
                query = query.limit(limit)
            return dto.VendorPage(total=total, rows=[self._row(r) for r in s.execute(query)])

    # --- helpers ------------------------------------------------------------------------

    def _rows_query(self) -> Select[Any]:
        ranked = (
            select(
                Assessment.vendor_id,
                Assessment.control_score,
                Assessment.rating,
                Assessment.next_review_due,
                func.row_number()
                .over(
                    partition_by=Assessment.vendor_id,
                    order_by=(Assessment.decided_at.desc(), Assessment.id.desc()),
                )
                .label("rn"),
            )
            .where(Assessment.status.in_(_DECIDED))
            .subquery()
        )
        open_findings = (
            select(Finding.vendor_id, func.count().label("n"))
            .where(Finding.status == FindingStatus.OPEN.value)
            .group_by(Finding.vendor_id)
            .subquery()
        )
        parent = aliased(Vendor)
        return (
            select(
                Vendor.id,
                Vendor.name,
                Vendor.kind,
                Vendor.parent_id,
                parent.name.label("parent_name"),
                Vendor.regions,
                Vendor.data_access,
                Vendor.criticality,
                Vendor.status,
                ranked.c.control_score,
                ranked.c.rating,
                ranked.c.next_review_due,
                func.coalesce(open_findings.c.n, 0).label("open_findings"),
            )
            .outerjoin(parent, parent.id == Vendor.parent_id)
            .outerjoin(ranked, (ranked.c.vendor_id == Vendor.id) & (ranked.c.rn == 1))
            .outerjoin(open_findings, open_findings.c.vendor_id == Vendor.id)
        )

    def _row(self, r: Any) -> dto.VendorRow:
        data = dict(r._mapping)
        data["inherent_risk"] = self.policy.inherent(
            DataAccess(data["data_access"]), Criticality(data["criticality"])
        ).value
        if data["status"] == VendorStatus.REJECTED.value or (
            data["status"] == VendorStatus.OFFBOARDED.value
        ):
            data["next_review_due"] = None
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
