"""The runner's top lines: what is assessed, the live score and ratings, and why the
assessment is read-only or was returned."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from vendor_review.domain.enums import AssessmentStatus
from vendor_review.tui.screens.assessment_model import RunnerModel
from vendor_review.tui.text import plain, shown


class AssessmentHeader(Vertical):
    DEFAULT_CSS = """
    AssessmentHeader {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    AssessmentHeader > Static {
        height: auto;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="title-line")
        yield Static(id="score-line")
        yield Static(id="banner")

    def show(self, model: RunnerModel, styles: dict[str, str]) -> None:
        a = model.assessment
        title = Text()
        title.append(shown(a.vendor_name), style="bold")
        title.append(f" · {shown(a.questionnaire_title)}")
        title.append(f" ({shown(a.questionnaire_id)} v{a.questionnaire_version})")
        title.append(f" · #{a.id} {a.status.value} · reviewer {shown(a.reviewer)}")
        self.query_one("#title-line", Static).update(title)
        self.query_one("#score-line", Static).update(score_line(model, styles))
        text = banner(model)
        self.query_one("#banner", Static).update(plain(text, styles.get("warning", "")))
        self.query_one("#banner", Static).display = bool(text)


def score_line(model: RunnerModel, styles: dict[str, str]) -> Text:
    r, a = model.report, model.assessment
    error = styles.get("error", "")
    line = Text()
    score = "–" if r.control_score is None else f"{r.control_score:.1f}"
    line.append(f"Score {score} ({r.band})", style="bold")
    line.append(f" · inherent {r.inherent_risk} → residual ")
    line.append(r.rating, style=error if r.rating in ("high", "critical") else "")
    fails = r.critical_failures
    line.append(" · critical failures: ")
    line.append(shown(", ".join(fails)) if fails else "none", style=error if fails else "")
    line.append(f" · {a.answered}/{a.shown} answered")
    if model.editable:
        todo = len(r.missing_required)
        line.append(f" · {todo} required to go" if todo else " · ready to submit")
    if model.carried_ids:
        line.append(f" · {len(model.carried_ids)} carried over", style=styles.get("warning", ""))
    if a.next_review_due is not None:
        line.append(f" · next review {a.next_review_due.isoformat()}")
    return line


def banner(model: RunnerModel) -> str:
    a = model.assessment
    if a.status is AssessmentStatus.SUBMITTED:
        return (
            f"Submitted by {a.submitted_by}: read-only while it waits for a second "
            "person to approve, reject or return it."
        )
    if a.status.decided:
        by = f" by {a.decided_by}" if a.decided_by else ""
        note = f" Note: {a.decision_note}" if a.decision_note else ""
        return f"{a.status.value.capitalize()}{by}: read-only; start a re-review.{note}"
    if a.decision_note:
        return f"Returned to draft: {a.decision_note}"
    return ""
