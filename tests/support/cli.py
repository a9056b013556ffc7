"""Running ``vendor-review`` in-process (click's ``CliRunner``) on a test database as an
actor, in an environment of the test's own, and what a refused command prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from support.database import sqlite_url
from support.questionnaires import WEAK_LABELS, questionnaire_dir
from vendor_review.cli import cli

ERROR_PREFIX = "vendor-review: error: "
# ``run("due", "--as-of", …)``: a CLI run bound to a test's database and questionnaires.
RunCli = Callable[..., Result]
SETTINGS = ("DATABASE_URL", "ACTOR", "QUESTIONNAIRES", "EVIDENCE_MAX_BYTES")


def clean_cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No config file, no ``VENDOR_REVIEW_*`` settings, the data folder in ``tmp_path``."""
    for name in SETTINGS:
        monkeypatch.delenv(f"VENDOR_REVIEW_{name}", raising=False)
    monkeypatch.setenv("VENDOR_REVIEW_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


def cli_on_new_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *questionnaires: str) -> Cli:
    """The CLI in a clean environment on a new SQLite file in ``tmp_path``, with these test
    questionnaires (support.questionnaires)."""
    clean_cli_env(tmp_path, monkeypatch)
    folder = tmp_path / "questionnaires"
    return Cli(
        sqlite_url(tmp_path / "cli.db"),
        questionnaire_dir(folder, *questionnaires) if questionnaires else None,
    )


class Cli:
    """``vendor-review --db URL [--questionnaires DIR] [--actor NAME] …``: ``actor=None``
    passes no ``--actor`` (PostgreSQL takes the role)."""

    def __init__(self, url: str, qdir: Path | None = None, actor: str | None = "alice") -> None:
        self.url = url
        self.qdir = qdir
        self.actor = actor
        self.seen: list[str] = []

    def head(self, actor: str | None = None) -> list[str]:
        who = actor or self.actor
        base = ["--db", self.url]
        if self.qdir is not None:
            base += ["--questionnaires", str(self.qdir)]
        if who is not None:
            base += ["--actor", who]
        return base

    def run(
        self,
        *args: str,
        actor: str | None = None,
        env: Mapping[str, str | None] | None = None,
        input: str | bytes | None = None,
        catch_exceptions: bool = True,
    ) -> Result:
        result = CliRunner().invoke(
            cli,
            [*self.head(actor), *args],
            prog_name="vendor-review",
            env=env,
            input=input,
            catch_exceptions=catch_exceptions,
        )
        self.seen.append(result.stdout + result.stderr)
        return result

    def expect(self, *args: str, code: int = 0, actor: str | None = None) -> Result:
        """Run; the exit code must be ``code``."""
        result = self.run(*args, actor=actor)
        assert result.exit_code == code, (args, result.stdout, result.stderr, result.exception)
        return result

    __call__ = expect

    def ok(self, *args: str, actor: str | None = None) -> str:
        """Run; it must succeed: its stdout."""
        return self.expect(*args, actor=actor).stdout

    def json(self, *args: str, actor: str | None = None) -> Any:
        return json.loads(self.ok(*args, "--json", actor=actor))

    def error(self, *args: str, code: int, actor: str | None = None) -> str:
        """The one line a refused command prints on stderr (no traceback, nothing on stdout)."""
        result = self.run(*args, actor=actor)
        return error_line(result, code)


def error_line(result: Result, code: int) -> str:
    """The one ``vendor-review: error: …`` line of a refused run (exit ``code``, nothing on
    stdout, no traceback), without its prefix."""
    assert isinstance(result.exception, SystemExit), result.exception
    assert (result.exit_code, result.stdout) == (code, ""), (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(ERROR_PREFIX), result.stderr
    return lines[0].removeprefix(ERROR_PREFIX)


def run_process(
    args: Sequence[str], *, env: Mapping[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python -m vendor_review ARGS`` in a child process (for what only a fresh
    interpreter shows: start-up imports, exit codes, signals), without the caller's
    ``VENDOR_REVIEW_*`` settings unless ``env`` gives them."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("VENDOR_REVIEW_")}
    return subprocess.run(
        [sys.executable, "-m", "vendor_review", *args],
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=timeout,
    )


def add_twilio(run: Cli) -> None:
    """LiveAgent (confidential × high) and Twilio, its VoIP subprocessor (personal × medium)."""
    run.ok("vendor", "add", "LiveAgent", "--kind", "service", "--data-access", "confidential",
           "--criticality", "high")  # fmt: skip
    run.ok(
        "vendor", "add", "Twilio", "--kind", "service", "--parent", "LiveAgent",
        "--data-access", "personal", "--criticality", "medium", "--purpose", "VoIP provider",
    )  # fmt: skip


def submitted_assessment(run: Cli) -> str:
    """Twilio (personal × medium) assessed with the ``mini`` WEAK answers and submitted."""
    add_twilio(run)
    assessment_id = run.ok("assessment", "start", "Twilio", "--questionnaire", "mini").strip()
    for question_id, label in WEAK_LABELS:
        run.ok("assessment", "answer", assessment_id, question_id, label)
    run.ok("assessment", "submit", assessment_id)
    return assessment_id
