"""TUI fixtures: the app's output folders in ``tmp_path``, and services for several people
on one SQLite file in ``tmp_path``:

- ``make_service`` (``alice``): the ``mini`` and ``kinds`` questionnaires at ``T0``
  (2026-03-10), for the runner, approvals, findings, audit and exchange screens;
- ``make``: ``yes-no/tiny`` at ``NOW`` (2026-06-15), for the shell, dashboard and vendor
  screens.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support.database import MakeService, open_sqlite, service_factory
from support.pilot import NOW, isolate_output
from support.questionnaires import questionnaire_dir
from vendor_review.service import builtin_policy
from vendor_review.store import Database


@pytest.fixture(autouse=True)
def output_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return isolate_output(tmp_path, monkeypatch)


@pytest.fixture
def tui_db(tmp_path: Path) -> Iterator[Database]:
    db = open_sqlite(tmp_path / "tui.db")
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def make_service(tui_db: Database, tmp_path: Path) -> MakeService:
    return service_factory(tui_db, questionnaire_dir(tmp_path / "questionnaires", "mini", "kinds"))


@pytest.fixture
def make(tui_db: Database, tmp_path: Path) -> MakeService:
    qdir = questionnaire_dir(tmp_path / "questionnaires", "yes-no/tiny")
    return service_factory(tui_db, qdir, at=NOW, policy=builtin_policy(), catalog_once=True)


@pytest.fixture
def in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in ``tmp_path`` (the app's default file names are relative)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
