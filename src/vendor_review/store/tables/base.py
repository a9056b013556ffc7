"""The metadata every table is defined on, its naming convention and shared conventions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String

from vendor_review.domain.enums import Criticality, DataAccess
from vendor_review.store.column_types import EnumString, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
"""Every table of the schema (the ORM models in ``store.models`` map onto these)."""

ACTOR = 100
"""Length of columns holding an actor (OS login or PostgreSQL role name)."""

ACTIVE_FINDING = "cause IS NOT NULL AND status IN ('open', 'risk_accepted')"
"""The findings of which a vendor has at most one per cause."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def name_key_default(context: Any) -> str:
    from vendor_review.domain.names import name_key

    return name_key(str(context.get_current_parameters()["name"]))


def key() -> Column[int]:
    """``id``, the surrogate primary key."""
    return Column("id", Integer, primary_key=True)


def refers(name: str, target: str, ondelete: str, **options: Any) -> Column[int]:
    """``name`` INTEGER REFERENCES ``target`` (``"table.column"``) ON DELETE ``ondelete``."""
    return Column(name, Integer, ForeignKey(target, ondelete=ondelete), **options)


def created_at() -> Column[datetime]:
    """When the row was made (UTC), set on insert."""
    return Column("created_at", UTCDateTime(), nullable=False, default=utcnow)


def version() -> Column[int]:
    """``version``, the optimistic-concurrency counter of a mutable row (the models'
    ``Versioned``)."""
    return Column("version", Integer, nullable=False)


def updated_at() -> Column[datetime]:
    """When the row last changed (UTC), set on insert and on every update."""
    return Column("updated_at", UTCDateTime(), nullable=False, default=utcnow, onupdate=utcnow)


def done(verb: str, *, pending: bool = False) -> tuple[Column[str], Column[datetime]]:
    """``<verb>_by`` and ``<verb>_at``: who did it (an actor) and when (UTC). Both set
    when the row is made (the time by default now); ``pending``: both empty until it
    happens (a submission, a decision)."""
    if pending:
        return Column(f"{verb}_by", String(ACTOR)), Column(f"{verb}_at", UTCDateTime())
    return (
        Column(f"{verb}_by", String(ACTOR), nullable=False),
        Column(f"{verb}_at", UTCDateTime(), nullable=False, default=utcnow),
    )


def triage() -> tuple[Column[str], Column[str]]:
    """``data_access`` and ``criticality``: a vendor's triage (on the vendor, and on each
    assessment as it was assessed); both None: untriaged."""
    return (
        Column("data_access", EnumString(DataAccess)),
        Column("criticality", EnumString(Criticality)),
    )
