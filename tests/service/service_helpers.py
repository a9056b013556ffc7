"""Helpers shared by the service tests (fixtures live in ``conftest.py``).

The ``mini`` questionnaire (``tests/fixtures/questionnaires/mini.yaml``; weights in brackets)::

    sec: q1 yes_no [3]          q2 choice, critical [2]: h24 1 / h72 0.5 / never 0
         q3 yes_no, evidence required [1]
    ops: q4 choice [4]: full 1 / partial 0.25 / none 0
         q5 date, shown only if q4 is full or partial (recorded, optional)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from vendor_review.domain.loader import builtin_questionnaire_dir, load_catalog
from vendor_review.domain.policy import default_policy
from vendor_review.service import FixedClock, Service
from vendor_review.store import Database
from vendor_review.store.models import AuditEvent

MINI_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "questionnaires"

MakeService = Callable[..., Service]

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

# q1 yes 3×1 + q2 h72 2×0.5 + q3 no 1×0 + q4 partial 4×0.25 = 5 of 10 → 50.0
WEAK: dict[str, object] = {
    "q1": "yes",
    "q2": "h72",
    "q3": "no",
    "q4": "partial",
    "q5": "2025-11-30",
}


def service_on(
    db: Database, actor: str, qdir: Path, *, at: datetime = T0, max_bytes: int | None = None
) -> Service:
    """A service as ``actor`` on ``db``, built-ins plus ``qdir``, the clock fixed at ``at``."""
    return Service(
        db,
        actor=actor,
        catalog=lambda: load_catalog(builtin_questionnaire_dir(), [qdir]),
        policy=default_policy(),
        clock=FixedClock(at),
        evidence_max_bytes=max_bytes or 20 * 1024 * 1024,
    )


def count_events(db: Database, *, rows: bool = False) -> int:
    """Events the service recorded; ``rows=True``: also PostgreSQL's per-row ``row.*``
    events (the whole chain, what ``verify`` walks)."""
    query = select(func.count()).select_from(AuditEvent)
    if not rows:
        query = query.where(AuditEvent.action.not_like("row.%"))
    with db.read_sessionmaker() as session:
        return session.scalar(query) or 0


def events_since(db: Database, seq: int) -> list[tuple[str, str]]:
    """(action, entity) of every event the service recorded after ``seq``, in order (not
    the ``row.*`` events PostgreSQL's triggers add for each row: tests/store covers those)."""
    with db.read_sessionmaker() as session:
        rows = session.execute(
            select(AuditEvent.action, AuditEvent.entity)
            .where(AuditEvent.seq > seq, AuditEvent.action.not_like("row.%"))
            .order_by(AuditEvent.seq)
        )
        return [(r.action, r.entity) for r in rows]


def add_vendor(service: Service, name: str = "Twilio", **fields: object) -> int:
    data: dict[str, object] = {
        "name": name,
        "kind": "service",
        "data_access": "personal",
        "criticality": "medium",
    }
    data.update(fields)
    return service.add_vendor(data).id


def answer_all(service: Service, assessment_id: int, answers: dict[str, object]) -> None:
    """Answer in order; a value ``(value, [evidence ids])`` attaches evidence."""
    for question_id, value in answers.items():
        evidence = None
        if isinstance(value, tuple):
            value, evidence = value
        service.answer(assessment_id, question_id, value, evidence_ids=evidence)
