"""The declarative base, naming convention and the conventions every model shares."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from sqlalchemy import ForeignKey, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column

from vendor_review.store.column_types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ACTOR = 100
"""Length of columns holding an actor (OS login or PostgreSQL role name)."""
Actor = Annotated[str, mapped_column(String(ACTOR))]
"""A column holding an actor: ``reviewer: Mapped[Actor]`` (``Mapped[Actor | None]``)."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def reference(target: str, *, ondelete: str, **options: Any) -> MappedColumn[Any]:
    """A column holding the id of a ``target`` row (its foreign key named by the
    convention); ``options`` as ``mapped_column`` takes them (``index=True``...)."""
    return mapped_column(ForeignKey(f"{target}.id", ondelete=ondelete), **options)


def versioned_by(column: Mapped[int]) -> dict[str, Any]:
    """``__mapper_args__`` making ``column`` the optimistic-concurrency counter."""
    return {"version_id_col": column}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}  # every moment is stored in UTC
