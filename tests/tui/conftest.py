"""Fixtures the runner, approvals and findings tests share: services for several people
on one SQLite file in ``tmp_path``, with the ``mini`` questionnaire of
``workflow_screen_helpers``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from workflow_screen_helpers import MakeService, service_factory, write_catalog

from vendor_review.service import Service
from vendor_review.store import open_database


@pytest.fixture
def make_service(tmp_path: Path) -> Iterator[MakeService]:
    db = open_database(f"sqlite:///{tmp_path / 'tui.db'}")
    try:
        yield service_factory(db, write_catalog(tmp_path / "questionnaires"))
    finally:
        db.dispose()


@pytest.fixture
def alice(make_service: MakeService) -> Service:
    return make_service("alice")
