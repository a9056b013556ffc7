"""Vendor → subprocessor links: made, reopened, checked for cycles, read both ways.

A link holds what a list said of the subprocessor for that vendor (purpose, regions with
their ISO codes), where it came from (file name and SHA-256, or free text) and when (first
and last seen; ``ended_on`` once a newer list no longer names it: never deleted)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vendor_review.domain.regions import resolve_regions
from vendor_review.domain.text_rules import quoted
from vendor_review.service import vendor_events as events
from vendor_review.service.base import row_dict
from vendor_review.service.errors import ValidationError
from vendor_review.service.vendor_profile import VendorProfileOps
from vendor_review.store.models import Vendor, VendorLink

BY_HAND = "entered by hand"
"""The source of a link made from a vendor's form or ``vendor add --parent``."""


def region_codes(regions: list[str]) -> list[str]:
    """The ISO 3166 codes, then the groups (EU, EEA, Worldwide), the texts name."""
    found = resolve_regions(regions)
    return [*found.codes, *found.groups]


def link_dict(link: VendorLink) -> dict[str, Any]:
    """A link for the audit trail: its row plus both vendors' names."""
    out = row_dict(link)
    out["parent"] = link.parent.name if link.parent else None
    out["child"] = link.child.name if link.child else None
    return out


class LinkBase(VendorProfileOps):
    @staticmethod
    def _link_of(s: Session, parent: Vendor, child: Vendor) -> VendorLink | None:
        """The one link ``parent`` → ``child``, open or ended."""
        return s.scalar(
            select(VendorLink).where(
                VendorLink.parent_id == parent.id, VendorLink.child_id == child.id
            )
        )

    def _ensure_link(self, s: Session, parent: Vendor, child: Vendor) -> None:
        """An open link ``parent`` → ``child`` entered by hand: made, or reopened."""
        link = self._link_of(s, parent, child)
        if link is None:
            self._link(s, parent, child, None)
        elif link.ended_on is not None:
            before = link_dict(link)
            link.ended_on = None
            link.last_seen = self.today()
            s.flush()
            self._audit(s, "vendor_link.reopen", "vendor_link", link.id, before, link_dict(link))
            events.subprocessor_linked(self, s, parent, child)

    def _link(
        self,
        s: Session,
        parent: Vendor,
        child: Vendor,
        file: tuple[str, str] | None,
        *,
        purpose: str | None = None,
        regions: list[str] | None = None,
        reason: str | None = None,
        source: str | None = None,
    ) -> VendorLink:
        """A new link ``parent`` → ``child`` (refused when it would make a cycle), with
        ``file`` (name, SHA-256) as its source, else ``source`` (free text such as "from
        SOC 2 Type II report #4 (carve-out)") or "entered by hand"; audited."""
        self._check_cycle(s, parent, child)
        today = self.today()
        link = VendorLink(
            parent_id=parent.id,
            child_id=child.id,
            purpose=purpose,
            regions=list(regions or []),
            region_codes=region_codes(list(regions or [])),
            source=file[0] if file else (source or BY_HAND),
            source_sha256=file[1] if file else None,
            first_seen=today,
            last_seen=today,
        )
        s.add(link)
        s.flush()
        self._audit(s, "vendor_link.create", "vendor_link", link.id, None, link_dict(link), reason)
        events.subprocessor_linked(self, s, parent, child, reason)
        return link

    @staticmethod
    def _check_cycle(s: Session, parent: Vendor, child: Vendor) -> None:
        """Refuse ``parent`` → ``child`` when ``child`` already reaches ``parent``."""
        if parent.id == child.id:
            raise ValidationError(
                f"{quoted(child.name)} cannot be its own subprocessor", {"parent": "itself"}
            )
        seen = {child.id}
        frontier = {child.id}
        while frontier:
            frontier = (
                set(
                    s.scalars(select(VendorLink.child_id).where(VendorLink.parent_id.in_(frontier)))
                )
                - seen
            )
            if parent.id in frontier:
                raise ValidationError(
                    f"{quoted(child.name)} cannot be a subprocessor of {quoted(parent.name)}: "
                    f"{quoted(parent.name)} is already one of its own (indirect) subprocessors",
                    {"parent": "would make a cycle"},
                )
            seen |= frontier
