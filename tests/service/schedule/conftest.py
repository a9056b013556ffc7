"""Fixtures for tests/service/schedule: services on ``db`` (SQLite and PostgreSQL, see
tests/conftest.py) with the ``tiny`` questionnaire and a fixed clock, and a CLI runner on the
same database."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from due_helpers import AS_OF, TINY_YAML, MakeService, RunCli, at

from vendor_review.cli import cli
from vendor_review.domain.loader import builtin_questionnaire_dir, load_catalog
from vendor_review.domain.policy import default_policy
from vendor_review.service import FixedClock, Service
from vendor_review.store import Database

AT_AS_OF = at(AS_OF)


@pytest.fixture
def qdir(tmp_path: Path) -> Path:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "tiny.yaml").write_text(TINY_YAML, encoding="utf-8")
    return folder


@pytest.fixture
def make(db: Database, qdir: Path) -> MakeService:
    """``make("bob", at=datetime(...))``: a service on ``db`` as that actor at that time."""

    def build(
        actor: str = "alice", *, at: datetime = AT_AS_OF, max_bytes: int | None = None
    ) -> Service:
        return Service(
            db,
            actor=actor,
            catalog=lambda: load_catalog(builtin_questionnaire_dir(), [qdir]),
            policy=default_policy(),
            clock=FixedClock(at),
            evidence_max_bytes=max_bytes or 20 * 1024 * 1024,
        )

    return build


@pytest.fixture
def run(
    db: Database, db_url: str, qdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> RunCli:
    """``run("due", "--as-of", "2026-06-15")``: the CLI on the test database, isolated from
    the user's config; on SQLite as ``--actor alice`` (PostgreSQL uses the role)."""
    monkeypatch.setenv("VENDOR_REVIEW_CONFIG", str(tmp_path / "no-config.toml"))
    for name in ("DATABASE_URL", "ACTOR", "QUESTIONNAIRES", "EVIDENCE_MAX_BYTES"):
        monkeypatch.delenv(f"VENDOR_REVIEW_{name}", raising=False)

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        head = ["--db", db_url, "--questionnaires", str(qdir)]
        if db.backend == "sqlite":
            head += ["--actor", "alice"]
        return CliRunner().invoke(cli, [*head, *args], env=env, catch_exceptions=False)

    return invoke
