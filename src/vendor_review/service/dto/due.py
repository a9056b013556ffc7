"""What is due for another look (``due``), and why."""

from __future__ import annotations

from datetime import date

from vendor_review.service.dto.base import Out


class DueItem(Out):
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


class DueList(Out):
    as_of: date
    until: date
    items: list[DueItem]

    @property
    def overdue(self) -> list[DueItem]:
        return [i for i in self.items if i.overdue]
