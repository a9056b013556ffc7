"""Vendor events: what brings a re-review forward to "due now" (issue 10, item 7).

People record breaches, acquisitions and scope changes (``vendor event``); the inventory
records a new subprocessor under a vendor and a raised data access or criticality itself,
through the hooks below (called by the vendor and import use cases). The due rules in
``reporting.schedule`` read ``vendor_events``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from vendor_review.domain.cadence import RECORDED_BY_HAND, VendorEventKind, check_scopes
from vendor_review.domain.enums import Criticality, DataAccess
from vendor_review.service import dto
from vendor_review.service.base import ServiceBase, row_dict
from vendor_review.service.errors import ValidationError
from vendor_review.service.vendor_profile import VendorProfileOps, event_rows
from vendor_review.store.models import Vendor, VendorEvent
from vendor_review.store.tables import vendor_events


def checked_scopes(ops: ServiceBase, scopes: list[str]) -> list[str]:
    """The vendor's scope flags, normalised; a flag the policy does not know is refused."""
    try:
        return check_scopes(scopes, ops.policy.scope_cap_months)
    except ValueError as exc:
        raise ValidationError(f"scopes: {exc}", {"scopes": str(exc)}) from None


def note_event(
    ops: ServiceBase,
    s: Session,
    vendor: Vendor,
    kind: VendorEventKind,
    occurred_on: date,
    note: str | None,
    *,
    related: Vendor | None = None,
    reason: str | None = None,
) -> VendorEvent:
    """Store one event (audited in the caller's transaction)."""
    now = ops.now()
    event = VendorEvent(
        vendor_id=vendor.id,
        kind=kind.value,
        occurred_on=occurred_on,
        note=note,
        related_vendor_id=related.id if related is not None else None,
        recorded_by=ops.actor,
        recorded_at=now,
        recorded_on=now.date(),
    )
    s.add(event)
    s.flush()
    ops._audit(s, "vendor.event", "vendor", vendor.id, None, row_dict(event), reason or note)
    return event


def subprocessor_linked(
    ops: ServiceBase, s: Session, vendor: Vendor, subprocessor: Vendor, source: str | None = None
) -> None:
    """The hook for "a new subprocessor appears under ``vendor``": its re-review is due
    now. Call it wherever a link from a vendor to a subprocessor is created."""
    s.flush()
    note = f"new subprocessor {subprocessor.name}"
    if source:
        note += f" (from {source})"
    note_event(
        ops, s, vendor, VendorEventKind.NEW_SUBPROCESSOR, ops.today(), note, related=subprocessor
    )


def _raised(
    label: str, scale: type[DataAccess] | type[Criticality], old: str | None, new: str | None
) -> str | None:
    """``"label old → new"`` when ``new`` stands higher than ``old`` on ``scale``."""
    order = list(scale)
    if old and new and order.index(scale(new)) > order.index(scale(old)):
        return f"{label} {old} → {new}"
    return None


def profile_changed(ops: ServiceBase, s: Session, vendor: Vendor, before: dict[str, Any]) -> None:
    """The hook after a vendor's profile changed: a raised data access or criticality,
    or a changed scope, makes its re-review due now."""
    raised = [
        change
        for change in (
            _raised("data access", DataAccess, before.get("data_access"), vendor.data_access),
            _raised("criticality", Criticality, before.get("criticality"), vendor.criticality),
        )
        if change is not None
    ]
    if raised:
        note_event(ops, s, vendor, VendorEventKind.PROFILE_RAISED, ops.today(), "; ".join(raised))
    old_scopes = sorted(before.get("scopes") or [])
    if old_scopes != sorted(vendor.scopes or []):
        shown = ", ".join(vendor.scopes) or "none"
        note_event(
            ops,
            s,
            vendor,
            VendorEventKind.SCOPE_CHANGE,
            ops.today(),
            f"scopes {', '.join(old_scopes) or 'none'} → {shown}",
        )


class VendorEventOps(VendorProfileOps):
    def record_vendor_event(
        self, ref: str | int, kind: VendorEventKind | str, occurred_on: date, note: str | None
    ) -> dto.VendorEvent:
        """A breach, acquisition or scope change: the vendor's re-review is due now."""
        try:
            chosen: VendorEventKind | None = VendorEventKind(str(kind).replace("-", "_"))
        except ValueError:
            chosen = None
        if chosen is None or chosen not in RECORDED_BY_HAND:
            allowed = ", ".join(repr(k.value.replace("_", "-")) for k in RECORDED_BY_HAND)
            raise ValidationError(f"an event kind is one of {allowed}")
        if occurred_on > self.today():
            raise ValidationError(
                f"an event is recorded once it happened ({occurred_on.isoformat()} is "
                f"after today, {self.today().isoformat()})"
            )
        text = note.strip() if note and note.strip() else None
        if text is not None and len(text) > 20_000:
            raise ValidationError("an event note is at most 20,000 characters")
        with self._write() as s:
            vendor = self._vendor(s, ref)
            event = note_event(self, s, vendor, chosen, occurred_on, text)
            s.flush()
            return event_rows(s.connection(), vendor_events.c.id == event.id)[0]
