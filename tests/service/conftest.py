"""Service-level fixtures on one database (``db_url`` runs each test on SQLite and
PostgreSQL):

- ``make_service`` (``alice``, ``bob`` in tests/conftest.py): services for several actors
  with the ``mini`` questionnaire (support.questionnaires), the clock at ``T0``;
- ``make``: the same with the ``tiny`` questionnaire, the clock at ``AS_OF`` (the due list,
  calendar, certificate and re-review tests), and ``run``: the CLI on that database.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result

from support.cli import Cli, RunCli, clean_cli_env
from support.database import MakeService, service_factory
from support.portfolio import AS_OF, at
from support.portfolio import submitted as submitted_assessment
from support.questionnaires import questionnaire_dir
from vendor_review.service import Service
from vendor_review.store import Database


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


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A folder holding only ``tiny.yaml``."""
    return questionnaire_dir(tmp_path / "tiny-questionnaires", "tiny")


@pytest.fixture
def make(db: Database, tiny_dir: Path) -> MakeService:
    """``make("bob", at=datetime(...))``: a service on ``db`` as that actor at that time."""
    return service_factory(db, tiny_dir, at=at(AS_OF))


@pytest.fixture
def run(
    db: Database, db_url: str, tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> RunCli:
    """``run("due", "--as-of", "2026-06-15")``: the CLI on the test database with ``tiny``,
    isolated from the user's config; on SQLite as ``--actor alice`` (PostgreSQL uses the
    role)."""
    clean_cli_env(tmp_path, monkeypatch)
    cli = Cli(db_url, tiny_dir, actor="alice" if db.backend == "sqlite" else None)

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return cli.run(*args, env=env, catch_exceptions=False)

    return invoke
