"""The questionnaire loop from the shell, and every data command's ``--json``."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from support.cli import Cli, add_twilio, submitted_assessment
from support.questionnaires import WEAK_LABELS
from vendor_review.domain.dates import add_months


def test_whole_loop(run: Cli) -> None:
    add_twilio(run)
    assert run.ok("assessment", "start", "Twilio", "--questionnaire", "mini") == "1\n"
    saved = [run.ok("assessment", "answer", "1", q, label) for q, label in WEAK_LABELS]
    assert saved == [
        "Saved q1 = yes\n",
        "Saved q2 = h72\n",
        "Saved q3 = no\n",
        "Saved q4 = partial\n",
        "Saved q5 = 2025-11-30\n",
    ]
    assert run.ok("assessment", "submit", "1") == (
        "Submitted #1: score 50.0, rating critical; a second person approves it.\n"
    )
    today = datetime.now(UTC).date()
    due = add_months(today, 3)  # rating critical: 3 months
    assert run.ok("assessment", "approve", "1", "--note", "tracked", actor="bob") == (
        f"Assessment #1 is now approved, next review {due}\n"
    )
    shown = run.json("assessment", "show", "1")
    assert (shown["status"], shown["next_review_due"]) == ("approved", due.isoformat())
    assert (shown["submitted_by"], shown["decided_by"], shown["decision_note"]) == (
        "alice",
        "bob",
        "tracked",
    )
    assert {q: a["value"] for q, a in shown["answers"].items()} == {
        "q1": "yes",
        "q2": "h72",
        "q3": "no",
        "q4": "partial",
        "q5": "2025-11-30",
    }
    assert [(f["question_id"], f["severity"]) for f in shown["findings"]] == [
        ("q2", "critical"),
        ("q3", "high"),
        ("q4", "medium"),
    ]
    vendors = {v["name"]: v for v in run.json("vendor", "list")}
    assert (vendors["Twilio"]["status"], vendors["Twilio"]["rating"]) == ("approved", "critical")
    assert vendors["Twilio"]["parents"] == "LiveAgent"


def test_score_json_and_explain(run: Cli) -> None:
    aid = submitted_assessment(run)
    report = run.json("score", aid)
    keys = ("control_score", "sections", "critical_failures", "inherent_risk", "band", "rating")
    assert {k: report[k] for k in keys} == {
        "control_score": 50.0,
        "sections": {"sec": 66.7, "ops": 25.0},
        "critical_failures": ["q2"],
        "inherent_risk": "high",
        "band": "weak",
        "rating": "critical",
    }
    explained = run.ok("score", aid, "--explain").splitlines()
    # by hand: 3×1 + 2×0.5 + 1×0 + 4×0.25 = 5 of 3+2+1+4 = 10
    assert "Control score = 100 × 5 / 10 = 50.0" in explained
    rows = {line.split()[0]: line.split() for line in explained if line.startswith("q")}
    # columns end: WEIGHT, SCORE, W×S, ACCEPT AT, MET, CRITICAL
    assert rows["q2"][-6:] == ["2", "0.5", "1", "1", "NO", "FAILED"]
    assert rows["q4"][-5:] == ["4", "0.25", "1", "1", "NO"]
    assert rows["q5"][-6:] == ["recorded", "1", "-", "-", "-", "-"]
    assert "Below accept_at (a finding on submit): q2, q3, q4" in explained
    assert "Control score: 50.0  band: weak  inherent risk: high  rating: critical" in explained
    assert "Critical failures: q2" in explained


def test_every_data_command_prints_json(run: Cli, tmp_path: Path) -> None:
    aid = submitted_assessment(run)
    report = tmp_path / "soc2.pdf"
    report.write_bytes(b"%PDF SOC 2")
    cert = run.json(
        "cert", "add", "Twilio", "--standard", "soc 2 type ii", "--period-end", "2025-09-30",
        "--evidence", str(report),
    )  # fmt: skip
    assert (cert["standard"], cert["expires_on"]) == ("SOC 2 Type II", "2026-09-30")
    findings = run.json("finding", "list", "--open")
    assert [f["severity"] for f in findings] == ["critical", "high", "medium"]
    closed = run.json("finding", "remediate", str(findings[1]["id"]), "--note", "certified")
    assert closed["status"] == "remediated"
    accepted = run.json("finding", "accept", str(findings[2]["id"]), "--note", "ok")
    assert accepted["status"] == "risk_accepted"
    decided = run.json("assessment", "approve", aid, actor="bob")
    assert decided["status"] == "approved"
    vendor = run.json("vendor", "show", "Twilio")
    assert vendor["vendor"]["status"] == "approved"
    assert [c["id"] for c in vendor["certificates"]] == [cert["id"]]
    assert run.json("vendor", "show", "LiveAgent")["subprocessors"][0]["name"] == "Twilio"
    assert [a["id"] for a in run.json("assessment", "list", "--vendor", "Twilio")] == [int(aid)]
    assert run.json("cert", "list")[0]["vendor_name"] == "Twilio"
    assert run.json("audit", "verify")["ok"] is True
    assert run.json("audit", "log", "--entity", "finding")[0]["action"] == "finding.risk_accepted"
    ids = {q["id"]: q for q in run.json("questionnaires", "list")}
    assert ids["mini"]["builtin"] is False and ids["dpa-safeguards"]["builtin"] is True
    assert run.json("questionnaires", "show", "mini")["sections"][0]["id"] == "sec"
    again = run.json("assessment", "start", "Twilio", "--questionnaire", "mini")
    assert (again["previous_id"], again["answered"]) == (int(aid), 5)  # carried over
    answer = run.json("assessment", "answer", str(again["id"]), "q4", "Yes, tested yearly")
    assert (answer["value"], answer["carried_over"]) == ("full", False)
    fresh = run.json(
        "vendor", "add", "AWS", "--kind", "infrastructure", "--data-access", "confidential",
        "--criticality", "high", "--region", "eu-central-1",
    )  # fmt: skip
    assert (fresh["name"], fresh["regions"]) == ("AWS", ["eu-central-1"])
    blank = run.json("assessment", "start", "AWS", "--questionnaire", "mini", "--fresh")
    assert blank["answered"] == 0


def test_human_output_shows_untrusted_text_verbatim(run: Cli) -> None:
    evil = "[@click=app.quit]Evil Corp[/]"
    run.ok("vendor", "add", evil, "--kind", "other", "--data-access", "none",
           "--criticality", "low", "--purpose", "line\nbreak")  # fmt: skip
    listing = run.ok("vendor", "list")
    assert evil in listing
    shown = run.ok("vendor", "show", evil)
    assert "line␊break" in shown  # control characters made visible, one line per field
    assert json.loads(run.ok("vendor", "list", "--json", "--filter", "[@click"))[0]["name"] == evil
