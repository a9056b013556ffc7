"""Import fixtures: services for two actors on one database (``db_url`` runs each test on
SQLite and, where configured, PostgreSQL) with the ``imp`` and ``other`` questionnaires,
and a draft assessment of Twilio with ``imp``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from import_helpers import IMP_YAML, OTHER_YAML, T0

from vendor_review.domain.loader import builtin_questionnaire_dir, load_catalog
from vendor_review.service import FixedClock, Service, builtin_policy
from vendor_review.store import Database

MakeService = Callable[..., Service]


@pytest.fixture
def qdir(tmp_path: Path) -> Path:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "imp.yaml").write_text(IMP_YAML, encoding="utf-8")
    (folder / "other.yaml").write_text(OTHER_YAML, encoding="utf-8")
    return folder


@pytest.fixture
def make_service(db: Database, qdir: Path) -> MakeService:
    def make(actor: str = "alice", *, at: datetime = T0) -> Service:
        return Service(
            db,
            actor=actor,
            catalog=lambda: load_catalog(builtin_questionnaire_dir(), [qdir]),
            policy=builtin_policy(),
            clock=FixedClock(at),
        )

    return make


@pytest.fixture
def alice(make_service: MakeService) -> Service:
    return make_service("alice")


@pytest.fixture
def bob(make_service: MakeService) -> Service:
    return make_service("bob")


@pytest.fixture
def assessment(alice: Service) -> int:
    """A draft of Twilio (a LiveAgent subprocessor) with the ``imp`` questionnaire."""
    alice.add_vendor({"name": "LiveAgent", "kind": "service", "data_access": "personal",
                      "criticality": "high"})  # fmt: skip
    alice.add_vendor({"name": "Twilio, Inc.", "kind": "service", "parent": "LiveAgent",
                      "data_access": "personal", "criticality": "medium",
                      "purpose": "VoIP provider"})  # fmt: skip
    return alice.start_assessment("Twilio, Inc.", "imp").id
