"""The workflow of issue 10 on the command line: four-eyes against contributors, confirm
--all asks with the count, risk acceptance by a second person, vendor events and scopes."""

from __future__ import annotations

import json

from support.cli import Cli, add_twilio, submitted_assessment
from support.questionnaires import WEAK_LABELS


def test_answerer_cannot_approve_what_another_submitted(run: Cli) -> None:
    add_twilio(run)
    aid = run.ok("assessment", "start", "Twilio", "--questionnaire", "mini").strip()
    for question_id, label in WEAK_LABELS:
        run.ok("assessment", "answer", aid, question_id, label)
    run.ok("assessment", "submit", aid, actor="bob")
    assert run.error("assessment", "approve", aid, code=6) == (
        f"alice started and answered 5 questions of assessment #{aid}, so alice cannot "
        "approve it: a second person who did not work on it must decide (four-eyes)"
    )
    assert "is now approved" in run.ok("assessment", "approve", aid, actor="carol")


def re_review(run: Cli) -> tuple[str, str]:
    first = submitted_assessment(run)
    run.ok("assessment", "approve", first, actor="bob")
    again = run.ok("assessment", "start", "Twilio", "--questionnaire", "mini").strip()
    return first, again


def confirm_all(run: Cli, aid: str, answer: str) -> tuple[int, str]:
    result = run.run("assessment", "confirm", aid, "--all", actor="alice", input=answer)
    return result.exit_code, result.output


def test_confirm_all_says_how_many_and_asks(run: Cli) -> None:
    first, again = re_review(run)
    assert run.error("assessment", "submit", again, code=6).startswith(
        f"assessment #{again} cannot be submitted: 5 carried-over answers not confirmed "
        "(q1, q2, q3, q4, q5)"
    )
    assert (
        "name the questions to confirm, or give --all"
        in run.run("assessment", "confirm", again).output
    )
    code, output = confirm_all(run, again, "n\n")
    assert code == 1 and "Aborted" in output
    assert "5 carried-over answers of assessment" in output
    assert "Confirm all 5 as still true, as if you had answered each? [y/N]" in output
    assert run.json("assessment", "show", again)["answers"]["q1"]["carried_over"] is True
    code, output = confirm_all(run, again, "y\n")
    assert code == 0 and output.endswith("Confirmed 5 carried-over answers\n")
    assert "no unconfirmed carried-over answers" in run.ok(
        "assessment", "confirm", again, "--all", "--yes"
    )
    run.ok("assessment", "submit", again)
    out = run.ok("diff", first, again)
    assert "0 answers changed, 5 unchanged (5 confirmed unchanged by a reviewer)" in out
    assert "Confirmed unchanged: q1, q2, q3, q4, q5" in out


def test_high_finding_acceptance_is_requested_then_approved_by_another(run: Cli) -> None:
    submitted_assessment(run)
    findings = {f["question_id"]: f for f in run.json("finding", "list")}
    high = str(findings["q3"]["id"])
    assert run.ok("finding", "accept", high, "--note", "compensating control") == (
        f"Risk acceptance of high finding #{high} requested until 2027-"
        + run.json("finding", "list")[1]["acceptance_expires_on"][5:]
        + f": a second person approves it with 'finding approve-acceptance {high}'\n"
    )
    assert run.error("finding", "approve-acceptance", high, code=6).startswith(
        f"alice requested the risk acceptance of finding #{high}, so alice cannot approve it"
    )
    assert "risk accepted until" in run.ok("finding", "approve-acceptance", high, actor="bob")
    listed = {f["question_id"]: f for f in run.json("finding", "list")}
    assert listed["q3"]["status"] == "risk_accepted"
    assert listed["q3"]["state"].startswith("risk accepted until ")
    assert "risk accepted until" in run.ok("finding", "list")


def test_vendor_event_and_scopes(run: Cli) -> None:
    add_twilio(run)
    assert "scopes pci" in run.ok("vendor", "edit", "Twilio", "--scope", "pci")
    assert run.error("vendor", "edit", "Twilio", "--scope", "sox", code=2) == (
        "scopes: 'sox' is not one of the policy's scopes 'pci'"
    )
    out = run.ok(
        "vendor", "event", "Twilio", "--kind", "breach", "--on", "2020-01-02",
        "--note", "SMS logs exposed",
    )  # fmt: skip
    assert out.startswith("Recorded breach of vendor #2 on 2020-01-02")
    shown = run.ok("vendor", "show", "Twilio")
    assert "Scopes" in shown and "pci" in shown
    assert "breach" in shown and "SMS logs exposed" in shown and "scope_change" in shown
    events = json.loads(run.ok("vendor", "show", "Twilio", "--json"))["events"]
    assert [e["kind"] for e in events] == ["breach", "scope_change"]
    assert (
        "Invalid value for '--kind'"
        in run.run("vendor", "event", "Twilio", "--kind", "rumour", "--on", "2020-01-02").output
    )
