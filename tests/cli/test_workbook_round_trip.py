"""The commands end to end: a reviewer sends the workbook for a LiveAgent subprocessor, the
vendor fills it in, the answers come back; problems on stderr by cell, exit 2 when
refused or wrong, 5 on conflicts, 0 when stored."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support.cli import Cli
from support.database import sqlite_url
from support.questionnaires import TYPED, questionnaire_dir
from support.workbooks import fill, write, zip_bytes

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "liveagent-subprocessors.csv"
ERROR = "vendor-review: error: "


@pytest.fixture
def run(db_file: Path, tmp_path: Path) -> Cli:
    """The CLI (``conftest``'s environment) with the ``imp`` questionnaire."""
    return Cli(sqlite_url(db_file), questionnaire_dir(tmp_path / "q", "imp"))


def _sent(run: Cli, tmp_path: Path) -> tuple[str, bytes]:
    run("vendor", "add", "LiveAgent", "--kind", "service", "--data-access", "personal",
        "--criticality", "high")  # fmt: skip
    run("import-vendors", str(SAMPLE), "--parent", "LiveAgent")
    assessment = run("assessment", "start", "Twilio, Inc.", "--questionnaire", "imp").stdout
    assessment = assessment.strip()
    out = tmp_path / "twilio.xlsx"
    made = run("questionnaire-workbook", assessment, str(out)).stdout
    assert made == f"Wrote 7 questions (0 answered) of assessment #{assessment} to {out}\n"
    return assessment, out.read_bytes()


def test_send_fill_and_import_end_to_end(run: Cli, tmp_path: Path) -> None:
    dry = run("import-vendors", str(SAMPLE), "--dry-run").stdout
    assert "new        Amazon Web Services, LLC  (rows 3, 4)" in dry
    assert dry.endswith("Dry run: nothing was stored.\n")
    assessment, sent = _sent(run, tmp_path)
    path = write(tmp_path, "returned.xlsx", fill(sent, TYPED))
    dry = run("import-answers", assessment, str(path), "--dry-run")
    assert "Questions!D3  q2        new     Yes, within 72 hours" in dry.stdout
    assert "7 new, 0 changed, 0 confirmed, 0 unchanged, 0 conflict" in dry.stdout
    assert dry.stderr == ""
    assert json.loads(run("assessment", "show", assessment, "--json").stdout)["answers"] == {}
    stored = run("import-answers", assessment, str(path)).stdout
    assert f"Stored 7 answers from returned.xlsx in assessment #{assessment}" in stored
    run("assessment", "submit", assessment)
    again = run("import-answers", assessment, str(path), code=6)
    assert again.stderr == f"{ERROR}assessment #{assessment} is submitted; answers are imported " \
        "into a draft\n"  # fmt: skip


def test_problems_are_listed_by_cell_and_exit_2(run: Cli, tmp_path: Path) -> None:
    assessment, sent = _sent(run, tmp_path)
    path = write(tmp_path, "returned.xlsx", fill(sent, {"q1": "Maybe", "q4": "yes"}))
    result = run("import-answers", assessment, str(path), code=2)
    assert result.stderr.splitlines() == [
        "Questions!D2: 'Maybe' is not one of 'Yes', 'No', 'N/A'",
        f"{ERROR}1 problem in returned.xlsx; nothing was stored",
    ]
    shown = json.loads(run("assessment", "show", assessment, "--json").stdout)
    assert shown["answers"] == {}


def test_conflicts_exit_5_until_overwrite(run: Cli, tmp_path: Path) -> None:
    assessment, sent = _sent(run, tmp_path)
    run("assessment", "answer", assessment, "q1", "no", actor="bob")
    path = write(tmp_path, "returned.xlsx", fill(sent, {"q1": "Yes"}))
    result = run("import-answers", assessment, str(path), code=5)
    lines = result.stderr.splitlines()
    assert lines[0].startswith("conflict: Questions!D2: q1 answered in the app by bob at ")
    assert lines[1] == (
        f"{ERROR}1 answer changed in the app since the workbook was made; nothing was "
        "stored (--overwrite replaces them)"
    )
    run("import-answers", assessment, str(path), "--dry-run", code=5)
    run("import-answers", assessment, str(path), "--overwrite")
    shown = json.loads(run("assessment", "show", assessment, "--json").stdout)
    assert shown["answers"]["q1"]["value"] == "yes"


def test_hostile_files_get_one_line_and_exit_2(run: Cli, tmp_path: Path) -> None:
    assessment, _ = _sent(run, tmp_path)
    bomb = write(tmp_path, "bomb.xlsx", zip_bytes({"xl/a.xml": bytes(8 * 1024 * 1024)}))
    result = run("import-answers", assessment, str(bomb), code=2)
    assert result.stderr.startswith(f"{ERROR}bomb.xlsx: refused: zip member 'xl/a.xml' is ")
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""
    legacy = write(tmp_path, "vendors.xls", b"\xd0\xcf\x11\xe0")
    result = run("import-vendors", str(legacy), code=2)
    assert result.stderr == f"{ERROR}vendors.xls: refused: an Excel 97-2003 workbook; save it " \
        "as an Excel workbook (.xlsx)\n"  # fmt: skip


def test_outside_text_is_printed_inert(run: Cli, tmp_path: Path) -> None:
    assessment, sent = _sent(run, tmp_path)
    hostile = "_x001B_[2J\u202eevil [bold]x[/bold]"
    path = write(tmp_path, "returned.xlsx", fill(sent, {"q7": hostile, "q1": "\u202eMaybe"}))
    result = run("import-answers", assessment, str(path), code=2)
    for text in (result.stdout, result.stderr):
        assert "\x1b" not in text and "\u202e" not in text
    # Text from a file is kept in its visible form (domain.text_rules).
    assert "Questions!D2: '⟨U+202E⟩Maybe' is not one of 'Yes', 'No', 'N/A'" in result.stderr
    assert "␛[2J⟨U+202E⟩evil [bold]x[/bold]" in result.stdout


def test_json_output(run: Cli, tmp_path: Path) -> None:
    assessment, sent = _sent(run, tmp_path)
    path = write(tmp_path, "returned.xlsx", fill(sent, {"q3": "ISO 27001; PCI DSS"}))
    data: dict[str, Any] = json.loads(
        run("import-answers", assessment, str(path), "--dry-run", "--json").stdout
    )
    assert data["counts"]["new"] == 1 and data["problems"] == []
    assert data["changes"][0] | {"note": ""} == {
        "cell": "Questions!D4",
        "question_id": "q3",
        "change": "new",
        "value": ["iso", "pci"],
        "answer": "ISO 27001; PCI DSS",
        "before": "",
        "comment": None,
        "note": "",
    }


def test_help_does_not_import_openpyxl(tmp_path: Path) -> None:
    probe = (
        "import sys\nfrom vendor_review.cli import cli\n"
        "for c in ('import-answers', 'import-vendors', 'questionnaire-workbook'):\n"
        "    try:\n        cli.main(args=[c, '--help'], prog_name='vendor-review')\n"
        "    except SystemExit:\n        pass\n"
        "print('openpyxl' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.splitlines()[-1] == "False"
