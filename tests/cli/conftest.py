"""CLI fixtures: a clean environment (no config file, no VENDOR_REVIEW_* settings, data
directory in ``tmp_path``) and a runner on an SQLite file in ``tmp_path``."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import Cli


@pytest.fixture(autouse=True)
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "ACTOR", "QUESTIONNAIRES", "EVIDENCE_MAX_BYTES"):
        monkeypatch.delenv(f"VENDOR_REVIEW_{name}", raising=False)
    monkeypatch.setenv("VENDOR_REVIEW_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


@pytest.fixture
def run(db_file: Path) -> Cli:
    return Cli(f"sqlite:///{db_file}")
