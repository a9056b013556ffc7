"""CLI fixtures: a clean environment (no config file, no VENDOR_REVIEW_* settings, data
directory in ``tmp_path``) and a runner on an SQLite file in ``tmp_path`` with the ``mini``
questionnaire."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.cli import Cli, clean_cli_env
from support.database import sqlite_url
from support.questionnaires import questionnaire_dir


@pytest.fixture(autouse=True)
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean_cli_env(tmp_path, monkeypatch)


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


@pytest.fixture
def run(db_file: Path, tmp_path: Path) -> Cli:
    return Cli(sqlite_url(db_file), questionnaire_dir(tmp_path / "questionnaires", "mini"))
