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


@pytest.fixture(autouse=True)
def output_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's default folder for files it writes (config ``output_dir``; the user's
    Documents or home otherwise): a folder of the test's own."""
    folder = tmp_path / "documents"
    folder.mkdir(exist_ok=True)
    monkeypatch.setattr("vendor_review.tui.app.default_output_dir", lambda: folder)
    monkeypatch.setattr("vendor_review.tui.app.drafts_dir", lambda: tmp_path / "drafts")
    return folder


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
