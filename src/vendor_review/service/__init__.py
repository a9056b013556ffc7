"""The use cases. Every write goes through here, in one transaction with its audit event,
and returns plain data (``service.dto``), never live ORM objects.

``Service`` (every use case, ``service.use_cases``) is imported on first use: a command
that needs one concept's operations opens just those (``open_ops``), and its start-up
pays for neither the ORM nor the other concepts' modules (issue 14).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vendor_review.service.base import Clock, FixedClock, SystemClock
from vendor_review.service.errors import ServiceError
from vendor_review.service.opening import (
    builtin_policy,
    catalog_for,
    catalog_summary_for,
    open_ops,
    open_service,
)

if TYPE_CHECKING:
    from vendor_review.service.use_cases import Service

__all__ = [
    "Clock",
    "FixedClock",
    "Service",
    "ServiceError",
    "SystemClock",
    "builtin_policy",
    "catalog_for",
    "catalog_summary_for",
    "open_ops",
    "open_service",
]


def __getattr__(name: str) -> Any:
    if name == "Service":
        from vendor_review.service.use_cases import Service

        return Service
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
