"""Migration 0003 upgrades a populated database: the example portfolio written by the
program as it was before (revision 0002), upgraded by this one, verifies, rows included."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import text

from vendor_review.store import audit, audit_verify, open_database

REPO = Path(__file__).resolve().parents[3]
BEFORE = "8052d4a"  # the last commit before server-side audit (schema 0002)


def old_program(tmp_path: Path) -> Path:
    try:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", BEFORE, "src", "questionnaires"],
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"cannot get the old program from git: {error}")
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(tmp_path / "old", filter="data")
    return tmp_path / "old" / "src"


@pytest.mark.slow
def test_upgrade_of_the_example_portfolio(db_url: str, tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(old_program(tmp_path)))
    subprocess.run(
        [sys.executable, "-m", "vendor_review", "--db", db_url, "demo", "--as-of", "2026-11-01"],
        check=True,
        capture_output=True,
        env=env,
        cwd=tmp_path,
    )
    db = open_database(db_url)  # migrates to this program's head
    try:
        with db.read() as connection:
            result = audit_verify.verify(connection)
            vendors = connection.execute(text("SELECT count(*) FROM vendors")).scalar_one()
            baseline = audit.events(connection, limit=1)[0]
        assert result.ok, result.problems
        assert vendors == 8 and result.rows_checked > 200
        assert baseline.action == "audit.baseline"
        assert '"vendors":8' in (baseline.after or "")
    finally:
        db.dispose()
