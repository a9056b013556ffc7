"""What every use case shares: the database, the actor, the clock, the catalog, the audit."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Connection, inspect
from sqlalchemy.exc import DBAPIError

from vendor_review.domain.enums import Criticality, DataAccess
from vendor_review.domain.text_rules import quoted, text_problem
from vendor_review.service.errors import (
    ConflictError,
    DatabaseFourEyesError,
    NotFoundError,
    RefusedByDatabaseError,
    ServiceError,
    StateError,
    ValidationError,
)
from vendor_review.store import audit
from vendor_review.store.engine import Database
from vendor_review.store.protect import REFUSAL_PREFIX

if TYPE_CHECKING:  # a read on Core connections (``_connect``) imports neither the ORM, the
    # models, nor the questionnaire and policy models (issue 14)
    from sqlalchemy.orm import Session

    from vendor_review.domain.loader import CatalogResult, LoadedQuestionnaire
    from vendor_review.domain.policy import Policy
    from vendor_review.store.models import Vendor


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock for tests and reproducible demos: always ``at``."""

    at: datetime

    def now(self) -> datetime:
        return self.at


def row_dict(obj: object) -> dict[str, Any]:
    """A mapped row as plain data for the audit trail (binary content as its length)."""
    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        value = getattr(obj, attr.key)
        if isinstance(value, bytes):
            value = {"bytes": len(value)}
        out[attr.key] = value
    return out


KEPT_KEYS = frozenset({"id", "question_id", "value", "answers"})
"""Keys an update's event keeps although they did not change: which row, which answer
and what it was set to (answering again what a carried-over answer said)."""


def changed_only(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """What an event records of a change (issue 14): of an update (both given) the fields
    whose value changed, and ``KEPT_KEYS``; of a creation or a deletion everything. The
    row itself is proven by the row digests (SQLite) or the server's ``row.*`` events
    (PostgreSQL); the audit screen shows the changed fields either way. Equal means the
    same recorded text (an enum and its value are the same)."""
    if before is None or after is None:
        return before, after
    same = {
        k
        for k in before.keys() & after.keys()
        if k not in KEPT_KEYS and audit.canonical_json(before[k]) == audit.canonical_json(after[k])
    }
    return (
        {k: v for k, v in before.items() if k not in same},
        {k: v for k, v in after.items() if k not in same},
    )


def why_given(note: str | None, refusal: str) -> str:
    """The note saying why, stripped; refused (``refusal``) when there is none."""
    if not note or not note.strip():
        raise ValidationError(refusal)
    return note.strip()


def untriaged_message(name: str) -> str:
    return (
        f"vendor {quoted(name)} is untriaged (no data access or criticality yet), so it has no "
        f"inherent risk to assess against; triage it first: vendor-review vendor triage "
        f"{shlex.quote(name)} --data-access LEVEL --criticality LEVEL"
    )


def triaged(
    vendor: Vendor, data_access: str | None = None, criticality: str | None = None
) -> tuple[DataAccess, Criticality]:
    """The profile to rate against (an assessment's own, else the vendor's); refused for
    an untriaged vendor."""
    access = data_access or vendor.data_access
    crit = criticality or vendor.criticality
    if access is None or crit is None:
        raise StateError(untriaged_message(vendor.name))
    return DataAccess(access), Criticality(crit)


LONG_TEXT_KEYS = frozenset(
    {"notes", "comment", "text", "remediation", "decision_note", "resolution_note", "reason",
     "note", "purpose", "value", "definition", "section_scores", "answers"}
)  # fmt: skip
"""Columns (and their nested keys) that may hold TAB and LF; every other text is one line
(``answers``: a many-answer event's records, their values and comments)."""


def refuse_hostile_text(
    after: dict[str, Any] | None, reason: str | None, before: dict[str, Any] | None = None
) -> None:
    """Every write passes here (with its audit event): a text breaking the rule of
    ``domain.text_rules`` is refused, naming the field, and the transaction rolls back.

    People's input is refused earlier (``dto`` validators, with the form's field name);
    text from files was made visible when read. This catches any other path. A text the
    change leaves as it was (the same key and value in ``before``) is not the change's: a
    name made raw outside the service (psql) does not lock its row against triage or
    offboarding; it is shown through ``visible()`` and refused when someone retypes it."""
    unchanged = set(_texts(before or {}, "", multiline=False))
    for key, text in _texts(after or {}, "", multiline=False):
        if (key, text) in unchanged:
            continue
        problem = text_problem(text, multiline=key.split(".")[0] in LONG_TEXT_KEYS)
        if problem:
            raise ValidationError(f"{key}: {problem}")
    if reason:
        problem = text_problem(reason, multiline=True)
        if problem:
            raise ValidationError(f"reason: {problem}")


def _texts(value: Any, key: str, *, multiline: bool) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, f"{key}.{k}" if key else str(k), multiline=multiline)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item, key, multiline=multiline)


def _database_refusal(error: DBAPIError) -> ServiceError | None:
    """The service error for a change PostgreSQL's checks refused (``store.protect``)."""
    first = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else ""
    if not first.startswith(REFUSAL_PREFIX):
        return None
    message = "the database refused the change: " + first.removeprefix(REFUSAL_PREFIX)
    if "four-eyes" in first:
        return DatabaseFourEyesError(message)
    return RefusedByDatabaseError(message)


class ServiceBase:
    def __init__(
        self,
        db: Database,
        *,
        actor: str,
        catalog: Callable[[], CatalogResult],
        policy: Policy | Callable[[], Policy],
        clock: Clock | None = None,
        evidence_max_bytes: int = 20 * 1024 * 1024,
    ) -> None:
        problem = text_problem(actor)
        if problem:
            raise ValidationError(f"actor: {problem}")
        self.db = db
        self.actor = actor
        self._policy = policy
        self.clock: Clock = clock or SystemClock()
        self.evidence_max_bytes = evidence_max_bytes
        self._catalog_factory = catalog
        self._catalog: CatalogResult | None = None

    # --- time, catalog ----------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.clock.now().date()

    @property
    def policy(self) -> Policy:
        """The policy (given, or built on first use by the callable given)."""
        if callable(self._policy):
            self._policy = self._policy()
        return self._policy

    @policy.setter
    def policy(self, policy: Policy) -> None:
        self._policy = policy

    @property
    def catalog(self) -> CatalogResult:
        if self._catalog is None:
            self._catalog = self._catalog_factory()
        return self._catalog

    def questionnaire(self, questionnaire_id: str) -> LoadedQuestionnaire:
        found = self.catalog.questionnaires.get(questionnaire_id)
        if found is None:
            known = ", ".join(sorted(self.catalog.questionnaires)) or "none"
            raise NotFoundError(f"no questionnaire {questionnaire_id!r} (known: {known})")
        return found

    def check_integrity(self) -> str | None:
        """Check a SQLite file now (``PRAGMA quick_check``): why the database takes no
        writes (damaged, with how to recover; read-only), or None."""
        return self.db.check_integrity()

    # --- transactions -----------------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """A read-only transaction on a Core connection: for reads on ``store.tables``."""
        with self.db.read() as connection:
            yield connection

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self.db.read_sessionmaker() as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One transaction: the change and its audit events commit together or not at all."""
        from sqlalchemy.orm.exc import StaleDataError

        try:
            with self.db.sessionmaker.begin() as session:
                session.info["actor"] = self.actor
                yield session
        except StaleDataError:
            raise ConflictError(
                "someone else changed this record at the same moment; reload and try again"
            ) from None
        except DBAPIError as error:
            refusal = _database_refusal(error)
            if refusal is None:
                raise
            raise refusal from None

    def _audit(
        self,
        session: Session,
        action: str,
        entity: str,
        entity_id: object,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        reason: str | None = None,
        *,
        at: datetime | None = None,
    ) -> None:
        """Record one event of this transaction (its time ``at``, else now); of an update
        only what changed (``changed_only``)."""
        session.flush()
        refuse_hostile_text(after, reason, before)
        before, after = changed_only(before, after)
        audit.record(
            session,
            actor=self.actor,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=before,
            after=after,
            reason=reason,
            at=at or self.now(),
        )

    @staticmethod
    def _event_time(session: Session, at: datetime) -> datetime | None:
        """The time an event given ``at`` will carry: ``at`` on SQLite; None on PostgreSQL,
        whose server stamps its own (``vr_audit_append``)."""
        return at if session.get_bind().dialect.name == "sqlite" else None

    # --- lookups shared by several use cases ------------------------------------------

    def _vendor_id(self, ref: str | int) -> int:
        """A vendor's id by id or by name (``vendor_profile.find_vendor_id``), in a read
        transaction of its own: a filter of a Core read."""
        from vendor_review.service.vendor_profile import find_vendor_id

        with self._connect() as connection:
            return find_vendor_id(connection, ref)

    def _vendor(self, session: Session, ref: str | int) -> Vendor:
        """A vendor by id or by name (``vendor_profile.find_vendor_id``), on the session's
        transaction after what is pending is flushed (as the ORM's own queries would)."""
        from vendor_review.service.vendor_profile import find_vendor_id
        from vendor_review.store.models import Vendor

        if session.autoflush:
            session.flush()
        vendor = session.get(Vendor, find_vendor_id(session.connection(), ref))
        assert vendor is not None
        return vendor
