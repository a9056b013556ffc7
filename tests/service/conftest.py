"""Service-level fixtures on one database (``db_url`` runs each test on SQLite and
PostgreSQL):

- ``make_service`` (``alice``, ``bob`` in tests/conftest.py): services for several actors
  with the ``mini`` questionnaire (support.questionnaires), the clock at ``T0``;
- ``make``, ``run``, ``tiny_dir`` (``support.fixtures.due``): the same with the ``tiny``
  questionnaire, the clock at ``AS_OF`` (the due list, certificate and re-review tests),
  and the CLI on that database.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support.database import MakeService, service_factory
from support.fixtures.due import make, run, tiny_dir
from support.portfolio import submitted as submitted_assessment
from support.questionnaires import questionnaire_dir
from vendor_review.service import Service
from vendor_review.store import Database

__all__ = ["make", "run", "tiny_dir"]


@pytest.fixture
def qdir(tmp_path: Path) -> Path:
    """A folder holding only ``mini.yaml``."""
    return questionnaire_dir(tmp_path / "questionnaires", "mini")


@pytest.fixture
def make_service(db: Database, qdir: Path) -> MakeService:
    """``make_service("bob", at=datetime(...))``: a service on ``db`` as that actor."""
    return service_factory(db, qdir)


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
    return submitted_assessment(alice)
