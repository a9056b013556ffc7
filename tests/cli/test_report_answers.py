"""On the command line: an assessment started for a vendor with an ISO 27001 certificate
shows the certificate's answers, where they came from, and waits for confirmation."""

from __future__ import annotations

from support.cli import Cli

ISO_ANSWERS = [
    "cert.iso27001",
    "cert.iso27001_current",
    "cert.iso27001_scope",
    "cert.iso27001_expiry",
]


def hosting_with_certificate(run: Cli) -> str:
    run.ok("vendor", "add", "Example Hosting", "--kind", "infrastructure",
           "--data-access", "personal", "--criticality", "high")  # fmt: skip
    report_id = run.ok(
        "report", "add", "Example Hosting", "--type", "iso27001", "--auditor", "BSI",
        "--issued", "2025-03-14", "--expires", "2099-03-13", "--opinion", "valid",
    ).strip()  # fmt: skip
    run.ok("report", "coverage", report_id, "--covers", "yes")
    return report_id


def test_start_show_explain_confirm(run: Cli) -> None:
    report_id = hosting_with_certificate(run)
    started = run.run(
        "assessment", "start", "Example Hosting", "--questionnaire", "hosting-infrastructure"
    )
    assert started.exit_code == 0, started.output
    aid = started.stdout.strip()
    assert aid.isdigit()
    assert "4 answers pre-filled (carried over or from reports)" in started.stderr
    source = f"from ISO/IEC 27001 certificate, report #{report_id}"

    shown = run.ok("assessment", "show", aid)
    rows = {line.split()[0]: line.split()[1] for line in shown.splitlines() if "— confirm" in line}
    assert rows == {
        "cert.iso27001": "yes",
        "cert.iso27001_current": "yes",
        "cert.iso27001_expiry": "2099-03-13",
        "cert.iso27001_scope": "all_sites",
    }
    assert f"{source} — confirm" in shown
    assert f"4 answers not typed here await confirmation: assessment confirm {aid}" in shown
    explain = run.ok("score", aid, "--explain")
    assert f"  cert.iso27001_expiry: {source} — confirm" in explain

    blocked = run.error("assessment", "submit", aid, code=6)
    assert blocked.startswith(
        f"assessment #{aid} cannot be submitted: 4 carried-over answers not confirmed "
        f"({', '.join(ISO_ANSWERS)})"
    )
    assert run.ok("assessment", "confirm", aid, *ISO_ANSWERS).strip() == (
        "Confirmed 4 carried-over answers"
    )
    answers = run.json("assessment", "show", aid)["answers"]
    assert answers["cert.iso27001"]["source"] == source
    assert answers["cert.iso27001"]["source_report_id"] == int(report_id)
    assert answers["cert.iso27001"]["carried_over"] is False
    assert f"{source} (confirmed)" in run.ok("assessment", "show", aid)
    assert "await confirmation" not in run.ok("assessment", "show", aid)


def test_start_without_report_answers(run: Cli) -> None:
    hosting_with_certificate(run)
    started = run.run(
        "assessment", "start", "Example Hosting", "--questionnaire", "hosting-infrastructure",
        "--no-report-answers",
    )  # fmt: skip
    assert (started.exit_code, started.stderr) == (0, "")
    assert run.json("assessment", "show", started.stdout.strip())["answers"] == {}
