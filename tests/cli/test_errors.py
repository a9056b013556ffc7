"""What a person sees when something is refused: one line on stderr, a non-zero exit,
nothing half-stored; and the questionnaire commands."""

from __future__ import annotations

import hashlib
from pathlib import Path

from support.cli import Cli, add_twilio, submitted_assessment
from vendor_review.store import open_database


def test_user_errors_are_one_line(run: Cli, tmp_path: Path) -> None:
    assert run.error("vendor", "show", "Nope", code=4) == "no vendor 'Nope'"
    assert run.error("assessment", "start", "Nope", "--questionnaire", "mini", code=4) == (
        "no vendor 'Nope'"
    )
    add_twilio(run)
    assert run.ok("assessment", "start", "Twilio", "--questionnaire", "mini") == "1\n"
    assert run.error("assessment", "answer", "1", "q1", "Maybe", code=2) == (
        "'Maybe' is not one of 'Yes', 'No', 'N/A' (question q1)"
    )
    proof = tmp_path / "proof.pdf"
    proof.write_bytes(b"%PDF proof")
    run.error("assessment", "answer", "1", "q1", "Maybe", "--evidence", str(proof), code=2)
    assert run.error("assessment", "answer", "1", "q9", "yes", code=4) == (
        "assessment #1 has no question 'q9'"
    )
    assert run.error("assessment", "answer", "1", "q5", "2026-01-31", code=6).startswith(
        "question q5 is not shown"
    )
    assert run.error("assessment", "submit", "1", code=6) == (
        "assessment #1 cannot be submitted: 4 required questions unanswered: q1, q2, q3, q4"
    )
    assert run.error("vendor", "list", "--sort", "evil", code=2).startswith(
        "cannot sort by 'evil' (one of name, kind"
    )
    shown = run.json("assessment", "show", "1")
    assert (shown["status"], shown["answers"]) == ("draft", {})
    assert [e["action"] for e in run.json("audit", "log")] == [
        "assessment.start",
        "vendor.event",  # Twilio is a new subprocessor of LiveAgent
        "vendor_link.create",
        "vendor.create",
        "vendor.create",
    ]  # the refused answer with evidence stored nothing either


def test_a_missing_choice_lists_its_values_on_one_plain_line(run: Cli) -> None:
    """click lists a choice's values on indented lines; the one error line reads them plainly."""
    assert run.error("vendor", "add", "Linode", code=2) == (
        "Missing option '--kind'. Choose from: infrastructure, service, subcontractor, other"
    )


def test_deciding_your_own_submission_is_refused(run: Cli) -> None:
    aid = submitted_assessment(run)
    assert run.error("assessment", "approve", aid, code=6) == (
        f"alice started, answered 5 questions and submitted assessment #{aid}, so alice "
        "cannot approve it: a second person who did not work on it must decide (four-eyes)"
    )
    assert "alice cannot reject it" in run.error("assessment", "reject", aid, "--note", "x", code=6)
    assert run.json("assessment", "show", aid)["status"] == "submitted"
    assert run.ok("assessment", "reject", aid, "--note", "no DPA", actor="bob") == (
        f"Assessment #{aid} is now rejected\n"
    )
    assert run.error("assessment", "answer", aid, "q1", "no", code=6) == (
        f"assessment #{aid} is rejected and can no longer change; start a re-review instead"
    )


def test_bad_database_urls(tmp_path: Path) -> None:
    assert Cli("mysql://root@localhost/x").error("vendor", "list", code=1) == (
        "unsupported database URL scheme mysql:// (use sqlite:///PATH or postgresql+psycopg://...)"
    )
    missing = tmp_path / "no-such-dir" / "x.db"
    assert Cli(f"sqlite:///{missing}").error("vendor", "list", code=1) == (
        f"cannot create database file {missing}: directory {missing.parent} does not exist"
    )


def _snapshot(path: Path) -> tuple[str, int, list[str]]:
    siblings = sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns, siblings


def test_read_only_database_file_is_read_and_left_untouched(run: Cli, db_file: Path) -> None:
    """A read-only file (an archive) lists and verifies; a write is refused, one line."""
    open_database(run.url).dispose()
    db_file.chmod(0o444)
    before = _snapshot(db_file)
    run.ok("vendor", "list")
    assert "intact" in run.ok("audit", "verify")
    add = ("vendor", "add", "X", "--kind", "other", "--data-access", "none", "--criticality", "low")
    assert run.error(*add, code=1) == (
        f"nothing was changed: database file {db_file} is read-only, so the database is "
        "open for reading only"
    )
    assert _snapshot(db_file) == before


def test_questionnaire_commands(run: Cli, tmp_path: Path) -> None:
    listing = run.ok("questionnaires", "list")
    assert listing.splitlines()[0].split()[:3] == ["ID", "VERSION", "QUESTIONS"]
    mini = next(line for line in listing.splitlines() if line.startswith("mini "))
    source = str(run.qdir / "mini.yaml")  # the SOURCE column is cut at 60 characters
    assert mini.split()[:3] == ["mini", "1", "5"]
    assert (source if len(source) <= 60 else source[:59] + "…") in mini
    shown = run.ok("questionnaires", "show", "mini")
    assert shown.startswith("Mini questionnaire (mini v1, sha256 ")
    assert "  q2: How soon are breaches notified? (choice, weight 2, CRITICAL)" in shown
    assert (
        "  q5: When was the plan last tested? (date, weight 1, if q4 is one of full, partial)"
        in (shown)
    )
    assert run.error("questionnaires", "show", "nope", code=4).startswith(
        "no questionnaire 'nope' (known: dpa-safeguards, "
    )
    good = run.run("questionnaires", "validate", str(run.qdir / "mini.yaml"))
    assert (good.exit_code, good.stdout) == (
        0,
        f"{run.qdir / 'mini.yaml'}: ok (mini v1, 5 questions)\n",
    )
    bad = tmp_path / "bad.yaml"
    lines = (run.qdir / "mini.yaml").read_text(encoding="utf-8").splitlines()
    line_no = lines.index("        weight: 4") + 1
    lines[line_no - 1] = "        weight: -4"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run.run("questionnaires", "validate", str(bad), str(run.qdir / "mini.yaml"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"bad.yaml: line {line_no}: sections[1].questions[0].weight: "
        "Input should be greater than 0\n"
    )
    assert result.stdout.endswith("mini.yaml: ok (mini v1, 5 questions)\n")  # others still checked
