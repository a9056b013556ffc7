"""Vendor use cases: the inventory, triage, and the subprocessor links between vendors."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from vendor_review.domain.enums import (
    DECIDED_STATUSES,
    Criticality,
    DataAccess,
    VendorKind,
    VendorStatus,
)
from vendor_review.domain.names import name_key
from vendor_review.domain.text_rules import quoted
from vendor_review.service import dto
from vendor_review.service import vendor_events as events
from vendor_review.service import vendor_query as vq
from vendor_review.service.base import row_dict
from vendor_review.service.errors import ConflictError, StateError, ValidationError
from vendor_review.service.vendor_links import LinkBase, region_codes
from vendor_review.service.vendor_profile import vendor_row
from vendor_review.store.models import Assessment, AuditEvent, Vendor

SORTABLE = vq.SORTABLE
DERIVED = ("version", "updated_at", "name_key", "region_codes")
"""Columns that change with others: never named as what someone changed."""


def validate_vendor(data: dict[str, Any]) -> dto.VendorIn:
    try:
        return dto.VendorIn.model_validate(data)
    except PydanticValidationError as exc:
        problems = {
            ".".join(str(p) for p in err["loc"]) or "vendor": err["msg"] for err in exc.errors()
        }
        first = next(iter(problems.items()))
        raise ValidationError(f"{first[0]}: {first[1]}", problems) from None


class VendorOps(LinkBase):
    def add_vendor(self, data: dto.VendorIn | dict[str, Any]) -> dto.Vendor:
        fields = data if isinstance(data, dto.VendorIn) else validate_vendor(data)
        with self._write() as s:
            vendor = self._create_vendor(s, fields, None)
            if fields.parent is not None:
                self._link(s, self._vendor(s, fields.parent), vendor, None)
            return self._vendor_out(s, vendor)

    def triage_vendor(
        self,
        ref: str | int,
        data_access: DataAccess | str,
        criticality: Criticality | str,
        kind: VendorKind | str | None = None,
    ) -> dto.Vendor:
        """Give a vendor its data access and criticality (and kind): its inherent risk."""
        changes: dict[str, Any] = {
            "data_access": DataAccess(data_access),
            "criticality": Criticality(criticality),
        }
        if kind is not None:
            changes["kind"] = VendorKind(kind)
        with self._write() as s:
            vendor = self._vendor(s, ref)
            before = row_dict(vendor)
            for key, value in changes.items():
                setattr(vendor, key, value.value)
            if s.is_modified(vendor):
                vendor.updated_at = self.now()
                s.flush()
                self._audit(s, "vendor.triage", "vendor", vendor.id, before, row_dict(vendor))
                events.profile_changed(self, s, vendor, before)
            return self._vendor_out(s, vendor)

    def _create_vendor(self, s: Session, fields: dto.VendorIn, source: str | None) -> Vendor:
        """A new vendor (refused when its name or its name key is taken), audited."""
        key = name_key(fields.name)
        same = s.scalars(
            select(Vendor.name).where((Vendor.name == fields.name) | (Vendor.name_key == key))
        ).first()
        if same == fields.name:
            raise ValidationError(
                f"a vendor named {quoted(fields.name)} already exists", {"name": "already exists"}
            )
        if same is not None:
            raise ValidationError(
                f"{quoted(fields.name)} is the same company as the vendor {quoted(same)} "
                f"(same name key "
                f"{quoted(key)}); use that vendor",
                {"name": f"same company as {quoted(same)}"},
            )
        now = self.now()
        values = fields.model_dump(exclude={"parent"})
        values["scopes"] = events.checked_scopes(self, fields.scopes)
        vendor = Vendor(
            **values,
            name_key=key,
            region_codes=region_codes(fields.regions),
            created_at=now,
            updated_at=now,
        )
        s.add(vendor)
        s.flush()
        self._audit(s, "vendor.create", "vendor", vendor.id, None, row_dict(vendor), source)
        return vendor

    def update_vendor(
        self, ref: str | int, changes: dict[str, Any], *, expected_version: int | None = None
    ) -> dto.Vendor:
        """Change some fields; with ``expected_version`` a concurrent edit is a conflict."""
        with self._write() as s:
            vendor = self._vendor(s, ref)
            if expected_version is not None and vendor.version != expected_version:
                raise ConflictError(self._conflict_message(s, vendor, expected_version))
            self._apply_update(s, vendor, changes, None)
            return self._vendor_out(s, vendor)

    def _apply_update(
        self, s: Session, vendor: Vendor, changes: dict[str, Any], source: str | None
    ) -> bool:
        """Validate and apply ``changes`` (a ``parent`` adds a link); audited when any."""
        current = dto.VendorIn.model_validate(
            {k: getattr(vendor, k) for k in dto.VendorIn.model_fields if k != "parent"}
        ).model_dump()
        fields = validate_vendor({**current, "parent": None, **changes})
        key = name_key(fields.name)
        if fields.name != vendor.name:
            same = s.scalars(
                select(Vendor.name).where(
                    (Vendor.name == fields.name) | (Vendor.name_key == key), Vendor.id != vendor.id
                )
            ).first()
            if same is not None:
                raise ValidationError(
                    f"a vendor named {quoted(same)} already exists (same company)"
                )
        parent = self._vendor(s, fields.parent) if fields.parent else None
        before = row_dict(vendor)
        with s.no_autoflush:  # one UPDATE (one version step), and only for a net change
            for name, value in fields.model_dump(exclude={"parent"}).items():
                setattr(vendor, name, value)
            vendor.name_key = key
            vendor.region_codes = region_codes(fields.regions)
            vendor.scopes = events.checked_scopes(self, fields.scopes)
            changed = s.is_modified(vendor)
        if changed:
            vendor.updated_at = self.now()
            s.flush()
            self._audit(s, "vendor.update", "vendor", vendor.id, before, row_dict(vendor), source)
            events.profile_changed(self, s, vendor, before)
        if parent is not None:
            self._ensure_link(s, parent, vendor)
        return changed

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
                raise StateError(f"vendor {quoted(vendor.name)} is already {state}")
            before = row_dict(vendor)
            vendor.offboarded = offboarded
            self._refresh_status(s, vendor)
            vendor.updated_at = self.now()
            action = "vendor.offboard" if offboarded else "vendor.reinstate"
            self._audit(s, action, "vendor", vendor.id, before, row_dict(vendor), reason)
            return self._vendor_out(s, vendor)

    # --- helpers ------------------------------------------------------------------------

    def _vendor_out(self, s: Session, vendor: Vendor) -> dto.Vendor:
        """The vendor (``vendor_profile.vendor_row``), read on the session's transaction
        after what is pending is flushed."""
        s.flush()
        return vendor_row(s.connection(), vendor.id)

    def _refresh_status(self, s: Session, vendor: Vendor) -> None:
        """Status follows the latest decided assessment, unless offboarded by hand; a change
        is stamped with the service's clock (the row, and so the audit chain, is the same
        under a fixed clock)."""
        if vendor.offboarded:
            status = VendorStatus.OFFBOARDED.value
        else:
            latest = s.scalar(
                select(Assessment.status)
                .where(Assessment.vendor_id == vendor.id, Assessment.status.in_(DECIDED_STATUSES))
                .order_by(Assessment.decided_at.desc(), Assessment.id.desc())
                .limit(1)
            )
            status = latest or VendorStatus.CANDIDATE.value
        if vendor.status != status:
            vendor.status = status
            vendor.updated_at = self.now()

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
                    if key not in DERIVED and before.get(key) != after[key]:
                        changed[key] = None
        fields = ", ".join(changed) or "its fields"
        by = ", ".join(sorted(who)) or "someone else"
        return (
            f"vendor {quoted(vendor.name)} was changed by {by} since you loaded it "
            f"(version {expected} → {vendor.version}; changed: {fields}); reload to see it"
        )
