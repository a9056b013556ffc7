"""End-to-end walks (the README walk-through, a review from vendor to workbook) through the
commands and the app as a user meets them: every walk runs in an environment of its own
(no config file, no ``VENDOR_REVIEW_*`` settings, data and output folders in ``tmp_path``).
Builders: ``support.cli`` (``Cli``), ``support.pilot`` (``running``), ``support.database``."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.cli import clean_cli_env
from support.pilot import isolate_output


@pytest.fixture(autouse=True)
def own_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The walk's settings and folders; returns the app's output folder."""
    clean_cli_env(tmp_path, monkeypatch)
    return isolate_output(tmp_path, monkeypatch)
