"""Start-up cost: the reporting commands never import textual or openpyxl, nor Alembic
(the schema check is one SELECT) or SQLAlchemy's PostgreSQL dialect on a SQLite database;
``--help`` imports no database library at all, and the commands served by Core queries
import no ORM and no pydantic (``audit verify``, ``audit log``, ``vendor list``,
``finding list``, ``due``, ``obligation list``, ``report list``), nor does
``questionnaires list`` once the catalog is cached (nor the questionnaire loader);
the domain imports no database or UI library (checked in fresh interpreters)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

HEAVY = ("textual", "openpyxl")

# Runs in a fresh interpreter: import the domain, then run CLI commands in-process one
# after another; modules only accumulate, so each report covers every command before it.
PROBE = """
import json, sys
def loaded(*names):
    return sorted({m.split(".")[0] for m in sys.modules} & set(names))
report = {}
import vendor_review.domain
report["import vendor_review.domain"] = {"loaded": loaded("sqlalchemy", "textual", "openpyxl")}
from vendor_review.cli import cli
url, out = sys.argv[1], sys.argv[2]
for line in sys.argv[4:]:
    args = line.split()
    args = args if args == ["--help"] else ["--db", url, "--actor", "alice", *args]
    try:
        cli.main(args=args, prog_name="vendor-review")
        code = 0
    except SystemExit as exit:
        code = exit.code or 0
    heavy = loaded("textual", "openpyxl", "alembic", "mako", "sqlalchemy", "pydantic")
    heavy += sorted(set(sys.argv[3].split(",")) & set(sys.modules))
    report[line] = {"loaded": heavy, "code": code}
with open(out, "w") as fh:
    json.dump(report, fh)
"""

COMMANDS = [  # modules accumulate: the lightest first
    "--help",
    "audit verify",
    "vendor list",
    "vendor list --json",
    "finding list",
    "finding list --open --json",
    "audit log",
    "due --json",
    "obligation list",
    "report list --json",
    "questionnaires list",
    "questionnaires list --json",
]
CORE = ["sqlalchemy"]  # Core queries; the policy is a plain dataclass, checked without pydantic
LIGHT = {"--help": [], "audit verify": CORE, "vendor list": CORE, "vendor list --json": CORE}
LIGHT.update({"finding list": CORE, "finding list --open --json": CORE, "due --json": CORE})
LIGHT["audit log"] = CORE
LIGHT.update({"obligation list": CORE, "report list --json": CORE})
LIGHT.update({"questionnaires list": CORE, "questionnaires list --json": CORE})
"""What each light command may import of the watched modules; the others may also
import the ORM and pydantic (never textual, openpyxl, Alembic or the PostgreSQL dialect)."""
ORM = ["pydantic", "sqlalchemy", "sqlalchemy.orm"]
WATCHED = [
    "sqlalchemy.orm",
    "sqlalchemy.dialects.postgresql",
    "vendor_review.service.dto.base",  # the service's pydantic models
    "vendor_review.domain.loader",  # the questionnaire catalog
]
"""Modules watched by their full name (the others by their package)."""

DEMO_COMMANDS = [  # on the example portfolio; modules accumulate: the lightest first
    "vendor show 1",
    "vendor show Linode",
    "report list --vendor 1",
    "obligation list --vendor Linode --json",
    "vendor show 1 --json",
    "assessment list",
    "assessment list --vendor 2 --json",
]
SNAPSHOT = ["pydantic", "sqlalchemy"]
"""The questionnaire snapshot's model (how far an assessment is answered), never the ORM,
the service's models or the catalog."""
DEMO_LIGHT = dict.fromkeys(DEMO_COMMANDS[:4], CORE) | dict.fromkeys(DEMO_COMMANDS[4:], SNAPSHOT)


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VENDOR_REVIEW_")}
    env.update(VENDOR_REVIEW_CONFIG=str(tmp_path / "no-config.toml"))
    env.update(XDG_DATA_HOME=str(tmp_path / "xdg-data"))
    env.update(VENDOR_REVIEW_CACHE_DIR=str(tmp_path / "cache"))  # the policy: parsed first
    return env


def _probe(tmp_path: Path, setup: list[str], commands: list[str]) -> tuple[dict[str, Any], str]:
    """Run each ``vendor-review SETUP`` on a new database (each in a process of its own:
    migrations, writes, the catalog cached), then ``commands`` in one fresh interpreter:
    what each imported, and the output."""
    out = tmp_path / "report.json"
    url = f"sqlite:///{tmp_path / 'imports.db'}"
    for line in setup:
        prepared = subprocess.run(
            [sys.executable, "-m", "vendor_review", "--db", url, *line.split()],
            env=_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert prepared.returncode == 0, prepared.stderr
    done = subprocess.run(
        [sys.executable, "-c", PROBE, url, str(out), ",".join(WATCHED), *commands],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text()), done.stdout


def test_reporting_commands_do_not_import_textual_or_openpyxl(tmp_path: Path) -> None:
    report, stdout = _probe(tmp_path, ["db upgrade", "questionnaires list"], COMMANDS)
    assert report == {
        "import vendor_review.domain": {"loaded": []},
        **{command: {"loaded": LIGHT.get(command, ORM), "code": 0} for command in COMMANDS},
    }
    assert "Audit chain intact: 0 events verified (0 rows" in stdout
    assert '"title": "Data processing safeguards (GDPR Art. 28)"' in stdout  # from the cache


def test_vendor_show_and_the_lists_import_no_orm_on_the_example_portfolio(
    tmp_path: Path,
) -> None:
    """``vendor show`` and the register's lists are Core reads; ``vendor show --json`` and
    ``assessment list`` read the questionnaire snapshots too, but never the ORM, the
    service's models or the questionnaire catalog."""
    report, stdout = _probe(tmp_path, ["demo"], DEMO_COMMANDS)
    del report["import vendor_review.domain"]
    assert report == {
        command: {"loaded": DEMO_LIGHT[command], "code": 0} for command in DEMO_COMMANDS
    }
    assert "Amazon Web Services" in stdout  # the commands ran on the portfolio


def test_python_dash_m_vendor_review_help(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vendor_review", "--help"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Usage: vendor-review [OPTIONS] [COMMAND] [ARGS]...")
    for command in ("vendor", "assessment", "score", "finding", "questionnaires", "audit"):
        assert f"\n  {command} " in done.stdout


def test_every_service_model_is_found_where_the_package_says() -> None:
    """``service.dto`` imports each model's module on first use: every name it exports
    resolves (a model added to a module but not to ``_MODULES`` fails here)."""
    from vendor_review.service import dto

    assert sorted(dto._MODULES) == sorted(dto.__all__)
    for name in dto.__all__:
        assert getattr(dto, name).__name__ == name
