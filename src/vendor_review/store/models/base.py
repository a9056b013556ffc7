"""The declarative base (on the one ``store.tables.metadata``) and the optimistic
concurrency counter every mutable model uses."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column
from sqlalchemy.orm import DeclarativeBase

from vendor_review.store.tables import metadata


def versioned_by(column: Column[int]) -> dict[str, Any]:
    """``__mapper_args__`` making ``column`` the optimistic-concurrency counter."""
    return {"version_id_col": column}


class Base(DeclarativeBase):
    """Every model maps onto its table in ``store.tables`` (``__table__``); the ``Mapped``
    annotations give the columns their Python types."""

    metadata = metadata
