"""Before submitting: the score, band, ratings, critical failures, the findings the
submission will open and anything that still blocks it. Dismisses ``True`` to submit."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from vendor_review.domain.wording import counted
from vendor_review.service import dto
from vendor_review.service.runner import SubmitPreview
from vendor_review.tui.text import plain, shown
from vendor_review.tui.tone import tone
from vendor_review.tui.widgets.dialog import Dialog

SEVERITY_ORDER = ("critical", "high", "medium", "low")


def clip(text: str, width: int = 72) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def summary_line(a: dto.Assessment) -> str:
    score = "no score" if a.control_score is None else f"score {a.control_score:.1f}"
    return f"{a.vendor_name}: {score} ({a.band}), residual {a.rating}"


class SubmitSummaryScreen(Dialog[bool]):
    DEFAULT_CSS = """
    SubmitSummaryScreen > Vertical { width: 110; max-height: 90%; }
    SubmitSummaryScreen #details { height: auto; max-height: 60vh; margin: 1 0; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="submit.cancel"),
        Binding("enter,s", "submit", "Submit", id="submit.confirm"),
    ]

    def __init__(self, preview: SubmitPreview) -> None:
        a = preview.assessment
        super().__init__(f"Submit assessment #{a.id} of {a.vendor_name} for approval?")
        self.preview = preview

    def body(self) -> ComposeResult:
        p = self.preview
        with VerticalScroll(id="details"):
            yield Static(self._body(), id="summary-body")
        with Horizontal(id="buttons"):
            label = "Go to first missing" if p.blocked else "Cancel"
            yield Button(label, id="cancel", action="screen.cancel")
            yield Button(
                "Submit for approval",
                variant="primary",
                id="ok",
                action="screen.submit",
                disabled=p.blocked,
            )

    def on_mount(self) -> None:
        self.query_one("#ok" if not self.preview.blocked else "#cancel", Button).focus()

    def _body(self) -> Text:
        p, r = self.preview, self.preview.report
        error, warning = tone(self.app, "error"), tone(self.app, "warning")
        texts = {line.question_id: line.text for line in r.questions}
        out = Text()
        a = p.assessment
        out.append_text(
            plain(f"{a.questionnaire_title} ({a.questionnaire_id} v{a.questionnaire_version})")
        )
        out.append("\n\n")
        score = "no scored answer yet" if r.control_score is None else f"{r.control_score:.1f}"
        rows = [
            ("Control score", f"{score}  (band {r.band})", ""),
            ("Inherent risk", r.inherent_risk, ""),
            ("Residual rating", r.rating, error if r.rating in ("high", "critical") else ""),
        ]
        for name, value, style in rows:
            out.append(f"{name:<18}", style="bold")
            out.append(value + "\n", style=style)
        out.append(f"{'Critical failures':<18}", style="bold")
        if r.critical_failures:
            out.append(f"{len(r.critical_failures)}\n", style=error)
            for qid in r.critical_failures:
                out.append(f"  ✗ {qid}  ", style=error)
                out.append(shown(clip(texts.get(qid, ""), 90 - len(qid))) + "\n")
        else:
            out.append("none\n")
        out.append("\n")
        if p.findings:
            out.append(f"Findings this submission opens ({len(p.findings)}):\n", style="bold")
            ranked = sorted(p.findings, key=lambda f: SEVERITY_ORDER.index(f.severity))
            for f in ranked:
                style = error if f.severity in ("critical", "high") else warning
                due = f.due_on.isoformat() if f.due_on else "no due date"
                out.append(f"  {f.severity:<8}", style=style)
                out.append(f" due {due}  {f.question_id}\n")
                out.append(f"           {shown(clip(f.text, 90))}\n", style="dim")
        else:
            out.append("No findings: every scored answer meets its accept_at.\n")
        if p.blocked:
            out.append("\nCannot be submitted yet:\n", style=f"bold {error}")
            if p.missing:
                missing = counted(len(p.missing), "required question")
                out.append(f"  {missing} unanswered:\n", style=error)
                for qid in p.missing:
                    out.append(f"    ○ {qid}  ", style=error)
                    out.append(shown(clip(texts.get(qid, ""), 90 - len(qid))) + "\n")
            if p.evidence_missing:
                out.append("  Evidence required but not linked:\n", style=error)
                for qid in p.evidence_missing:
                    out.append(f"    ○ {qid}  ", style=error)
                    out.append(shown(clip(texts.get(qid, ""), 90 - len(qid))) + "\n")
        else:
            out.append("\nA second person approves or rejects it; you cannot decide your own.\n")
        out.rstrip()
        return out

    def action_submit(self) -> None:
        if not self.preview.blocked:
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
