"""``vendor-review export`` on the example portfolio: the command, its refusals, no
openpyxl at start-up, and the workbook opening in LibreOffice."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from support.cli import Cli
from support.database import demo_sqlite_url
from support.printout import convert

AS_OF = date(2026, 6, 15)


@pytest.fixture
def demo_url(tmp_path: Path) -> str:
    return demo_sqlite_url(tmp_path / "demo.db")


def _run(url: str, *args: str) -> Result:
    return Cli(url, actor="auditor").run(*args)


def test_export_the_example_portfolio(demo_url: str, tmp_path: Path) -> None:
    path = tmp_path / "portfolio.xlsx"
    done = _run(demo_url, "export", str(path), "--as-of", "2026-06-15")
    assert done.exit_code == 0, done.output
    # stdout: the report (a slow export also shows its progress, on stderr)
    assert done.stdout.startswith("Exported ")
    assert "(Summary 9, Answers " in done.stdout and done.stdout.endswith(f"to {path}\n")
    again = _run(demo_url, "export", str(path))
    assert again.exit_code == 2
    assert "exists; use --force to overwrite it" in again.output
    forced = _run(demo_url, "export", str(path), "--force", "--json", "--rating", "high")
    assert forced.exit_code == 0, forced.output
    report = json.loads(forced.stdout)
    assert report["path"] == str(path) and report["rows"]["Summary"] >= 1
    assert report["cut_cells"] == 0 and report["cells_made_visible"] == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--vendor", "Nobody"], 4, "no vendor 'Nobody'"),
        (["--assessment", "999"], 4, "no assessment #999"),
        (["--assessment", "1", "--vendor", "Twilio Inc."], 2, "takes no vendor"),
        (["--rating", "severe"], 2, "Invalid value for '--rating'"),
    ],
)
def test_export_refusals(
    demo_url: str, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    done = _run(demo_url, "export", str(tmp_path / "x.xlsx"), *args)
    assert done.exit_code == code and message in done.output
    assert not (tmp_path / "x.xlsx").exists()


def test_help_and_cli_import_do_not_load_openpyxl(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from vendor_review.cli import cli\n"
        "try:\n"
        "    cli.main(args=['export', '--help'], prog_name='vendor-review')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('openpyxl' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("VENDOR_REVIEW_")}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: vendor-review export [OPTIONS] PATH" in done.stdout
    assert done.stdout.rstrip().endswith("False")


def test_the_workbook_opens_in_libreoffice(demo_url: str, tmp_path: Path) -> None:
    """LibreOffice reads every sheet of the example portfolio's workbook, headless, into
    CSV: nothing to repair, every row there, and formula-like names stay text."""
    assert _run(demo_url, "vendor", "add", "=1+1", "--kind", "other", "--data-access",
                "none", "--criticality", "low").exit_code == 0  # fmt: skip
    path = tmp_path / "portfolio.xlsx"
    assert _run(demo_url, "export", str(path), "--as-of", "2026-06-15").exit_code == 0
    out = tmp_path / "csv"
    csv_sheets = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    convert(path, csv_sheets, out)
    sheets = {}
    for name in ("Summary", "Answers", "Findings", "Assurance", "Schedule", "About"):
        with (out / f"portfolio-{name}.csv").open(encoding="utf-8", newline="") as fh:
            sheets[name] = list(csv.reader(fh))
    summary = sheets["Summary"]
    assert summary[0][:3] == ["Vendor", "Vendor status", "Inherent risk"]
    assert len(summary) == 1 + 10  # the 9 of the portfolio and the one added here
    assert "=1+1" in [row[0] for row in summary]  # shown as typed, not evaluated to 2
    about = {row[0]: row[1] for row in sheets["About"][1:]}
    for name, rows in sheets.items():
        if name != "About":
            assert int(about[f"Rows in {name}"]) == len(rows) - 1, name
