"""Running ``vendor-review`` in-process for the CLI tests (fixtures live in ``conftest.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from vendor_review.cli import cli

MINI_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "questionnaires"
ERROR_PREFIX = "vendor-review: error: "

# By label, in any case: q1 yes 3×1, q2 h72 2×0.5, q3 no 1×0, q4 partial 4×0.25 → 5 of 10
WEAK_LABELS = [
    ("q1", "YES"),
    ("q2", "within 72 HOURS"),
    ("q3", "No"),
    ("q4", "plan, never tested"),
    ("q5", "2025-11-30"),
]


class Cli:
    """``vendor-review --db URL [--actor NAME] --questionnaires MINI_DIR …``."""

    def __init__(self, url: str, actor: str | None = "alice") -> None:
        self.url = url
        self.actor = actor

    def run(self, *args: str, actor: str | None = None) -> Result:
        who = actor or self.actor
        base = ["--db", self.url, "--questionnaires", str(MINI_DIR)]
        if who is not None:
            base += ["--actor", who]
        return CliRunner().invoke(cli, [*base, *args], prog_name="vendor-review")

    def ok(self, *args: str, actor: str | None = None) -> str:
        result = self.run(*args, actor=actor)
        assert result.exit_code == 0, (args, result.stdout, result.stderr, result.exception)
        return result.stdout

    def json(self, *args: str, actor: str | None = None) -> Any:
        return json.loads(self.ok(*args, "--json", actor=actor))

    def error(self, *args: str, code: int, actor: str | None = None) -> str:
        """The one line a refused command prints on stderr (no traceback, nothing on stdout)."""
        result = self.run(*args, actor=actor)
        assert isinstance(result.exception, SystemExit), result.exception
        assert (result.exit_code, result.stdout) == (code, ""), (result.exit_code, result.output)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(ERROR_PREFIX), result.stderr
        return lines[0].removeprefix(ERROR_PREFIX)


def add_twilio(run: Cli) -> None:
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
