"""What is due for another look, and why: the items of the due list (shared by every
reader of the due rules) and how one is worded.

Frozen, slotted dataclasses rather than pydantic models (``dto.DueItem`` is this one):
the due list is built for tens of thousands of items and ``due`` starts without pydantic's
models (issue 14)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

KINDS = ("review", "certificate", "finding", "never_assessed")


@dataclass(frozen=True, slots=True)
class DueItem:
    """One thing to look at again, and why it is on the list."""

    due_on: date
    kind: str  # "review" | "certificate" | "finding" | "never_assessed"
    vendor_id: int
    vendor_name: str
    reason: str
    overdue: bool
    days: int  # due_on - as_of: negative when overdue
    ref_id: int | None = None  # the assessment, certificate or finding
    level: str | None = None  # rating of a review, severity of a finding, standard of a cert


@dataclass(frozen=True, slots=True)
class DueList:
    as_of: date
    until: date
    items: list[DueItem]

    @property
    def overdue(self) -> list[DueItem]:
        return [i for i in self.items if i.overdue]


def due_item(
    today: date,
    due_on: date,
    kind: str,
    vendor_id: int,
    vendor_name: str,
    reason: str,
    ref_id: int | None,
    level: str | None,
) -> DueItem:
    return DueItem(
        due_on, kind, vendor_id, vendor_name, reason, due_on < today, (due_on - today).days,
        ref_id, level,
    )  # fmt: skip


def short_text(text: str, width: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
