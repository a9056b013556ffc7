"""How one entry of the due list is worded (shared by every reader of the due rules)."""

from __future__ import annotations

from datetime import date

from vendor_review.service import dto

KINDS = ("review", "certificate", "finding", "never_assessed")


def due_item(
    today: date,
    due_on: date,
    kind: str,
    vendor_id: int,
    vendor_name: str,
    reason: str,
    ref_id: int | None,
    level: str | None,
) -> dto.DueItem:
    return dto.DueItem(
        due_on=due_on,
        kind=kind,
        vendor_id=vendor_id,
        vendor_name=vendor_name,
        reason=reason,
        overdue=due_on < today,
        days=(due_on - today).days,
        ref_id=ref_id,
        level=level,
    )


def short_text(text: str, width: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
