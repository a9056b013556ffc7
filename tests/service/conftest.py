"""Service-level fixtures: services for several actors on one database (``db_url`` runs
each test on SQLite and PostgreSQL) with the ``mini`` questionnaire of ``service_helpers``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from service_helpers import MINI_DIR, T0, WEAK, MakeService, add_vendor, answer_all, service_on

from vendor_review.service import Service
from vendor_review.store import Database


@pytest.fixture
def qdir() -> Path:
    """The folder holding only ``mini.yaml``."""
    return MINI_DIR


@pytest.fixture
def make_service(db: Database, qdir: Path) -> MakeService:
    """``make_service("bob", at=datetime(...))``: a service on ``db`` as that actor."""

    def make(actor: str = "alice", *, at: datetime = T0, max_bytes: int | None = None) -> Service:
        return service_on(db, actor, qdir, at=at, max_bytes=max_bytes)

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


@pytest.fixture
def evidence_id(alice: Service, evidence_file: Path) -> int:
    return alice.add_evidence(evidence_file).id


@pytest.fixture
def submitted(alice: Service) -> int:
    """A submitted ``mini`` assessment of Twilio (personal × medium) with WEAK answers."""
    add_vendor(alice)
    aid = alice.start_assessment("Twilio", "mini").id
    answer_all(alice, aid, WEAK)
    alice.submit(aid)
    return aid
