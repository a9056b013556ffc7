"""Export fixtures: services for two actors on one database (``db_url`` runs each test on
SQLite and, where configured, PostgreSQL) with the ``mini`` questionnaire of
``exchange_helpers``, and a built portfolio."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from exchange_helpers import MINI_YAML, T0, build_portfolio

from vendor_review.domain.loader import builtin_questionnaire_dir, load_catalog
from vendor_review.service import FixedClock, Service, builtin_policy
from vendor_review.store import Database

MakeService = Callable[..., Service]


@pytest.fixture
def make_service(db: Database, tmp_path: Path) -> MakeService:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI_YAML, encoding="utf-8")

    def make(actor: str = "alice", *, at: datetime = T0) -> Service:
        return Service(
            db,
            actor=actor,
            catalog=lambda: load_catalog(builtin_questionnaire_dir(), [folder]),
            policy=builtin_policy(),
            clock=FixedClock(at),
        )

    return make


@pytest.fixture
def alice(make_service: MakeService) -> Service:
    return make_service("alice")


@pytest.fixture
def portfolio(alice: Service, make_service: MakeService) -> dict[str, int]:
    return build_portfolio(alice, make_service("bob"))
