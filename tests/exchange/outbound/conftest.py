"""Export fixtures: services for two actors on one database (``db_url`` runs each test on
SQLite and, where configured, PostgreSQL) with the ``export/mini`` questionnaire, and the
export portfolio (support.portfolio)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.database import MakeService, service_factory
from support.portfolio import export_portfolio
from support.questionnaires import questionnaire_dir
from vendor_review.service import Service, builtin_policy
from vendor_review.store import Database


@pytest.fixture
def make_service(db: Database, tmp_path: Path) -> MakeService:
    folder = questionnaire_dir(tmp_path / "questionnaires", "export/mini")
    return service_factory(db, folder, policy=builtin_policy())


@pytest.fixture
def portfolio(alice: Service, make_service: MakeService) -> dict[str, int]:
    return export_portfolio(alice, make_service("bob"))
