"""Service-level fixtures: a small questionnaire with numbers a person can check by hand,
services for two actors on one database, and an audit-event counter.

The ``mini`` questionnaire (weights in brackets)::

    sec: q1 yes_no [3]          q2 choice, critical [2]: h24 1 / h72 0.5 / never 0
         q3 yes_no, evidence required [1]
    ops: q4 choice [4]: full 1 / partial 0.25 / none 0
         q5 date, shown only if q4 is full or partial (recorded, optional)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from vendor_review.domain.loader import builtin_questionnaire_dir, load_catalog
from vendor_review.domain.policy import default_policy
from vendor_review.service import FixedClock, Service
from vendor_review.store import Database
from vendor_review.store.models import AuditEvent

MINI_YAML = """\
id: mini
version: 1
title: Mini questionnaire
applies_to: [infrastructure, service, subcontractor, other]
sections:
  - id: sec
    title: Security
    questions:
      - id: q1
        text: Is data encrypted at rest?
        type: yes_no
        weight: 3
      - id: q2
        text: How soon are breaches notified?
        type: choice
        options:
          - {value: h24, label: "Within 24 hours", score: 1}
          - {value: h72, label: "Within 72 hours", score: 0.5}
          - {value: never, label: "No commitment", score: 0}
        weight: 2
        critical: true
      - id: q3
        text: Is the service ISO 27001 certified?
        type: yes_no
        evidence: required
  - id: ops
    title: Operations
    questions:
      - id: q4
        text: Is there a tested continuity plan?
        type: choice
        options:
          - {value: full, label: "Yes, tested yearly", score: 1}
          - {value: partial, label: "Plan, never tested", score: 0.25}
          - {value: none, label: "No plan", score: 0}
        weight: 4
      - id: q5
        text: When was the plan last tested?
        type: date
        show_if: {question: q4, in: [full, partial]}
"""

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

MakeService = Callable[..., Service]


@pytest.fixture
def qdir(tmp_path: Path) -> Path:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI_YAML, encoding="utf-8")
    return folder


@pytest.fixture
def make_service(db: Database, qdir: Path) -> MakeService:
    """``make_service("bob", at=datetime(...))``: a service on ``db`` as that actor."""

    def make(actor: str = "alice", *, at: datetime = T0, max_bytes: int | None = None) -> Service:
        extra = {} if max_bytes is None else {"evidence_max_bytes": max_bytes}
        return Service(
            db,
            actor=actor,
            catalog=lambda: load_catalog(builtin_questionnaire_dir(), [qdir]),
            policy=default_policy(),
            clock=FixedClock(at),
            **extra,
        )

    return make


@pytest.fixture
def alice(make_service: MakeService) -> Service:
    return make_service("alice")


@pytest.fixture
def bob(make_service: MakeService) -> Service:
    return make_service("bob")


@pytest.fixture
def evidence_file(tmp_path: Path) -> Path:
    path = tmp_path / "iso-27001.pdf"
    path.write_bytes(b"%PDF-1.4 certificate of Example Hosting")
    return path


def count_events(db: Database) -> int:
    with db.read_sessionmaker() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def events_since(db: Database, seq: int) -> list[tuple[str, str]]:
    """(action, entity) of every event after ``seq``, in order."""
    with db.read_sessionmaker() as session:
        rows = session.execute(
            select(AuditEvent.action, AuditEvent.entity)
            .where(AuditEvent.seq > seq)
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
    for question_id, value in answers.items():
        evidence = None
        if isinstance(value, tuple):
            value, evidence = value
        service.answer(assessment_id, question_id, value, evidence_ids=evidence)


@pytest.fixture
def evidence_id(alice: Service, evidence_file: Path) -> int:
    return alice.add_evidence(evidence_file).id


# q1 yes 3×1 + q2 h72 2×0.5 + q3 no 1×0 + q4 partial 4×0.25 = 5 of 10 → 50.0
WEAK = {"q1": "yes", "q2": "h72", "q3": "no", "q4": "partial", "q5": "2025-11-30"}


@pytest.fixture
def submitted(alice: Service) -> Iterator[int]:
    """A submitted ``mini`` assessment of Twilio (personal × medium) with WEAK answers."""
    add_vendor(alice)
    aid = alice.start_assessment("Twilio", "mini").id
    answer_all(alice, aid, WEAK)
    alice.submit(aid)
    yield aid
