"""A file stored as evidence, once per content."""

from __future__ import annotations

from datetime import datetime

from vendor_review.service.dto.base import Out


class Evidence(Out):
    id: int
    name: str
    size: int
    sha256: str
    media_type: str | None
    added_by: str
    added_at: datetime
