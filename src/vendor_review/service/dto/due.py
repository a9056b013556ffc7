"""What is due for another look (``due``), and why: plain dataclasses kept with the due
rules (``service.due_items``), so the due list needs no pydantic."""

from __future__ import annotations

from vendor_review.service.due_items import DueItem, DueList

__all__ = ["DueItem", "DueList"]
