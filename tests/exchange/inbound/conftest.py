"""Import fixtures: services for two actors on one database (``db_url`` runs each test on
SQLite and, where configured, PostgreSQL) with the ``imp`` and ``other`` questionnaires,
and a draft assessment of Twilio with ``imp``."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.database import MakeService, service_factory
from support.portfolio import add_vendor
from support.questionnaires import questionnaire_dir, write_questionnaire
from vendor_review.service import Service, builtin_policy
from vendor_review.store import Database


@pytest.fixture
def qdir(tmp_path: Path) -> Path:
    folder = questionnaire_dir(tmp_path / "questionnaires", "imp")
    write_questionnaire(folder, "imp", as_id="other", version=1)
    return folder


@pytest.fixture
def make_service(db: Database, qdir: Path) -> MakeService:
    return service_factory(db, qdir, policy=builtin_policy())


@pytest.fixture
def assessment(alice: Service) -> int:
    """A draft of Twilio (a LiveAgent subprocessor) with the ``imp`` questionnaire."""
    add_vendor(alice, "LiveAgent", criticality="high")
    add_vendor(alice, "Twilio, Inc.", parent="LiveAgent", purpose="VoIP provider")
    return alice.start_assessment("Twilio, Inc.", "imp").id
