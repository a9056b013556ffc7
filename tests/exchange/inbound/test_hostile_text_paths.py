"""Hostile text (terminal escapes, BEL, NUL, C1, bidi and invisible characters) through
every input path — CLI arguments, inventory CSV and XLSX, a returned workbook, a YAML
questionnaire — never reaches stdout, stderr or a calendar raw: typed, it is refused
naming the field and the character; from a file, it is stored in its visible form."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from support.cli import Cli, clean_cli_env
from support.database import sqlite_url
from support.fuzz import examples
from support.questionnaires import questionnaire_text
from support.workbooks import fill
from vendor_review.domain.text_rules import visible

RAW = (
    "\x1b\x07\x00\x08\x9b\x9d\x7f"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u200b\ufeff"
)
LEVELS = ["--data-access", "personal", "--criticality", "high"]
NASTY = "Evil\x1b[2J\x1b]0;pwned\x07 Co\u202e\x9b31m"
pieces = st.sampled_from([*RAW, "\x1b[2J", "\x1b]0;t\x07", "_x001B_"])
hostile = st.lists(st.one_of(pieces, st.text("abc XYZ", min_size=1, max_size=3)),
                   min_size=1, max_size=8).map(lambda p: "Hx " + "".join(p))  # fmt: skip


def cli_on(tmp_path: Path, questionnaires: Path) -> Cli:
    """The CLI as alice on an SQLite file in ``tmp_path``."""
    return Cli(sqlite_url(tmp_path / "cli.db"), questionnaires)


def assert_nothing_raw(run: Cli) -> None:
    """No output so far held a raw control, bidi or invisible character."""
    for output in run.seen:
        assert not set(RAW) & set(output), repr(output)


def _questionnaires(tmp_path: Path, title: str = "Import test questionnaire") -> Path:
    folder = tmp_path / "q"
    folder.mkdir(exist_ok=True)
    escaped = title.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    text = questionnaire_text("imp")
    text = text.replace("title: Import test questionnaire", f'title: "{escaped}"', 1)
    (folder / "imp.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean_cli_env(tmp_path, monkeypatch)


def _csv(path: Path, name: str, purpose: str = "hosting") -> Path:
    """(A CSV file holding NUL is refused whole, as not text: NUL is left out here.)"""
    name, purpose = name.replace("\x00", ""), purpose.replace("\x00", "")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "kind", "purpose", "data access", "criticality"])
    writer.writerow([name, "service", purpose, "personal", "high"])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _xlsx(path: Path, name: str) -> Path:
    """openpyxl refuses to write raw C0 characters, but a hostile file holds them as
    OOXML escapes (``_x001B_``), which every reader decodes back to the character."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["name", "kind", "data access", "criticality"])
    ws.append([name.replace("\x1b", "_x001B_").replace("\x07", "_x0007_")
               .replace("\x00", "_x0000_").replace("\x08", "_x0008_"),
               "service", "personal", "high"])  # fmt: skip
    wb.save(path)
    return path


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["vendor", "add", NASTY, "--kind", "service", *LEVELS], "name: contains U+001B (ESC)"),
        (
            ["vendor", "add", "Fine", "--kind", "other", "--purpose", "a\u2067b", *LEVELS],
            "purpose: contains U+2067",
        ),
        (["vendor", "offboard", "Acme", "--reason", "gone\x9b2J"], "reason: contains U+009B"),
        (
            [
                "cert",
                "add",
                "Acme",
                "--standard",
                "other",
                "--expires",
                "2030-01-01",
                "--issuer",
                "Bell\x07",
            ],
            "auditor: contains U+0007 (BEL)",  # cert add --issuer is the register's auditor,
        ),
    ],
)
def test_typed_hostile_text_is_refused_naming_field_and_character(
    tmp_path: Path, args: list[str], field: str
) -> None:
    run = cli_on(tmp_path, _questionnaires(tmp_path))
    run("vendor", "add", "Acme", "--kind", "service", *LEVELS)
    result = run(*args, code=2)
    assert result.stderr.startswith("vendor-review: error: " + field), result.stderr
    assert result.stderr.count("\n") == 1 and "are not allowed" in result.stderr
    assert_nothing_raw(run)
    listing = run("vendor", "list", "--json").stdout
    assert "Fine" not in listing and "pwned" not in listing


@pytest.mark.usefixtures("env")
def test_every_command_that_echoes_a_name_shows_it_visibly(tmp_path: Path) -> None:
    """A vendor name (from an inventory file), an evidence file name and a questionnaire
    title with escapes: every command that prints them, and the calendar, show the
    visible form."""
    run = cli_on(tmp_path, _questionnaires(tmp_path, title=NASTY))
    run("vendor", "add", "LiveAgent", "--kind", "service", *LEVELS)
    run("import-vendors", str(_csv(tmp_path / "inv.csv", NASTY)), "--parent", "LiveAgent")
    shown = visible(NASTY)
    assert shown in run("vendor", "list").stdout
    assert shown == "Evil␛[2J␛]0;pwned␇ Co⟨U+202E⟩⟨U+009B⟩31m"
    vid = str(run("vendor", "list", "--json").stdout.count("{"))  # noqa: F841 - smoke
    evidence = tmp_path / "report\x1b[2J\u202e.pdf"
    evidence.write_bytes(b"%PDF-1.7 report")
    run("vendor", "show", shown)
    run("cert", "add", shown, "--standard", "iso 27001", "--expires", "2026-06-20",
        "--evidence", str(evidence))  # fmt: skip
    run("cert", "list")
    run("evidence", "list")
    saved = tmp_path / "out.pdf"
    run("evidence", "save", "1", str(saved))
    assessment = run("assessment", "start", shown, "--questionnaire", "imp").stdout.strip()
    run("assessment", "show", assessment)
    run("assessment", "list")
    run("questionnaires", "list")
    run("questionnaires", "show", "imp")
    run("due", "--as-of", "2026-06-01")
    ics = tmp_path / "due.ics"
    run("calendar", str(ics), "--as-of", "2026-06-01")
    assert not set(RAW) & set(ics.read_text(encoding="utf-8"))
    assert "Evil␛[2J" in ics.read_text(encoding="utf-8")
    run("export", str(tmp_path / "all.xlsx"))
    run("audit", "log")
    run("vendor", "list", "--json")
    run("vendor", "offboard", shown, "--reason", "replaced")
    run("vendor", "show", shown)
    assert_nothing_raw(run)
    assert any("⟨U+202E⟩" in output for output in run.seen)


@pytest.mark.slow
@settings(max_examples=examples(6), deadline=None, suppress_health_check=list(HealthCheck))
@given(name=hostile, comment=hostile, title=hostile)
def test_hostile_text_from_files_is_stored_visible(
    tmp_path_factory: pytest.TempPathFactory, name: str, comment: str, title: str
) -> None:
    """Inventory CSV and XLSX, a returned workbook's comment and a YAML questionnaire's
    title: stored in their visible form, never raw on stdout, stderr or in the .ics."""
    tmp = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as mp:
        clean_cli_env(tmp, mp)
        run = cli_on(tmp, _questionnaires(tmp, title=title))
        run("import-vendors", str(_csv(tmp / "a.csv", name, purpose=comment)))
        run("import-vendors", str(_xlsx(tmp / "b.xlsx", name + " 2")))
        stored = run("vendor", "list", "--json").stdout
        # A name is stored visible, its white space folded as the list reader folds it.
        expected = " ".join(visible(name.replace("\x00", "")).split())
        assert expected in stored  # CSV: ``_x001B_`` stays as is
        aid = run("assessment", "start", "1", "--questionnaire", "imp").stdout.strip()
        book = tmp / "q.xlsx"
        run("questionnaire-workbook", aid, str(book))
        returned = tmp / "r.xlsx"
        safe_comment = comment.replace("\x1b", "_x001B_").replace("\x07", "_x0007_")
        safe_comment = safe_comment.replace("\x00", "_x0000_").replace("\x08", "_x0008_")
        returned.write_bytes(fill(book.read_bytes(), {"q1": "Yes"}, comments={"q1": safe_comment}))
        run("import-answers", aid, str(returned))
        run("assessment", "show", aid)
        run("questionnaires", "show", "imp")
        run("vendor", "list")
        ics = tmp / "d.ics"
        run("calendar", str(ics), "--within", "1000d")
        assert_nothing_raw(run)
        assert not set(RAW) & set(ics.read_text(encoding="utf-8"))


def test_a_published_vendor_list_is_read_with_hostile_text_visible(tmp_path: Path) -> None:
    """The list reader (CSV, XLSX, HTML, Markdown) passes its cells through the same rule."""
    from vendor_review.exchange.inbound.vendor_list import read_vendor_list

    page = tmp_path / "subprocessors.csv"
    page.write_text(f"Subprocessor,Purpose\n{NASTY},Hosting\u2067\n", encoding="utf-8")
    listed = read_vendor_list(page)
    assert [row.name for row in listed.rows] == [visible(NASTY)]
    assert listed.rows[0].purpose == "Hosting⟨U+2067⟩"
