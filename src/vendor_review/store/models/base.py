"""The declarative base (on the one ``store.tables.metadata``) and the columns many models
share, as typed mixins: ``Keyed`` (``id``), ``Created`` (``created_at``), ``Updated``
(``updated_at``), ``Triaged`` (``data_access``, ``criticality``), ``Decided``
(``decided_by``/``_at``, ``decision_note``) and ``Versioned`` (``version``, the
optimistic-concurrency counter). The columns themselves are the tables'
(``__table__``); the mixins only give them their Python types."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import FromClause
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr

from vendor_review.store.tables import metadata


class Base(DeclarativeBase):
    """Every model maps onto its table in ``store.tables`` (``__table__``); the ``Mapped``
    annotations give the columns their Python types."""

    metadata = metadata


class Keyed:
    id: Mapped[int]


class Created:
    created_at: Mapped[datetime]


class Updated:
    updated_at: Mapped[datetime]


class Triaged:
    data_access: Mapped[str | None]
    criticality: Mapped[str | None]
    """Both None (or either): untriaged — no inherent risk yet, never assessed until set."""


class Decided:
    """A request that a second person decides (an assessment's approval, a risk
    acceptance): who, when and why; all None until decided."""

    decided_by: Mapped[str | None]
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None]


class Versioned:
    """A row changed under optimistic locking: an UPDATE names the ``version`` it read and
    fails (StaleDataError) when someone else changed the row meanwhile."""

    version: Mapped[int]
    __table__: ClassVar[FromClause]  # the model's own (it maps onto a table of store.tables)

    @declared_attr.directive
    @classmethod
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}
