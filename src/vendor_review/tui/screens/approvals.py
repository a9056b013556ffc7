"""Submitted assessments waiting for a second person: approve, reject or return them.

Four-eyes is shown up front: on an assessment you submitted, approve and reject are
disabled in the footer and the reason is written under the list (the service refuses it
too, with the same reason, should the list be stale).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding

from vendor_review.domain.enums import AssessmentStatus
from vendor_review.service import dto
from vendor_review.service.errors import FourEyesError, ServiceError
from vendor_review.tui.background import in_thread, or_error
from vendor_review.tui.keys import reload_key
from vendor_review.tui.screens.lists import Column, ListScreen
from vendor_review.tui.text import plain, shown
from vendor_review.tui.tone import tone
from vendor_review.tui.widgets.note_modal import NoteModal

if TYPE_CHECKING:
    from vendor_review.service import Service

DECISIONS = {
    # verb: (key, what it is called, what the note is for). Not a for approve: that key
    # is Approvals itself, on every screen.
    "approve": ("p", "Approve", "A note for the record (optional)."),
    "reject": ("x", "Reject", "Why is it rejected? The note is kept with the decision."),
    "return": (
        "b",
        "Return to draft",
        "What must the reviewer change? They see this note on the assessment.",
    ),
}


INTRO = (
    "Submitted assessments wait here for a second person. Approving sets the residual "
    "rating and the next review date; returning sends it back to its reviewer with your note."
)


class ApprovalsScreen(ListScreen[dto.Assessment]):
    TITLE = "Approvals"
    SUB_TITLE = "submitted assessments"
    HEAD = "intro"
    BINDINGS = [
        Binding("enter", "open", "Open", id="approvals.open"),
        *(
            Binding(key, f"decide('{verb}')", label, id=f"approvals.{verb}")
            for verb, (key, label, _) in DECISIONS.items()
        ),
        reload_key(),
    ]
    COLUMNS = tuple(
        Column(label, label)
        for label in (
            "#", "Vendor", "Questionnaire", "Submitted by", "Submitted", "Score", "Band",
            "Residual", "Critical failures",
        )
    )  # fmt: skip

    nav_key = ("approvals",)

    @property
    def actor(self) -> str:
        return self.vr_app.service.actor

    def fetch(self, service: Service) -> list[dto.Assessment]:
        return service.list_assessments(status=AssessmentStatus.SUBMITTED)

    def cells(self, row: dto.Assessment) -> tuple[Text, ...]:
        a, error = row, tone(self.app, "error")
        score = "–" if a.control_score is None else f"{a.control_score:.1f}"
        fails = a.critical_failures or []
        return (
            plain(a.id),
            plain(a.vendor_name),
            plain(f"{a.questionnaire_id} v{a.questionnaire_version}"),
            plain(a.submitted_by),
            plain(a.submitted_at.date().isoformat() if a.submitted_at else None),
            plain(score),
            plain(a.band),
            plain(a.rating, error if a.rating in ("high", "critical") else ""),
            plain(len(fails) or "none", error if fails else ""),
        )

    def head(self) -> Text:
        return Text(INTRO)

    def decide(self, verb: str, assessment_id: int, note: str | None) -> None:
        service = self.vr_app.service

        def decided() -> dto.Assessment:
            if verb == "approve":
                return service.approve(assessment_id, note or None)
            if verb == "reject":
                return service.reject(assessment_id, note or "")
            return service.return_to_draft(assessment_id, note or "")

        in_thread(self, or_error(decided), partial(self._decided, verb), "approvals-decide")

    def _decided(self, verb: str, done: dto.Assessment | ServiceError) -> None:
        if isinstance(done, ServiceError):
            title = "Four-eyes" if isinstance(done, FourEyesError) else "Not done"
            self.notify(shown(done), title=title, severity="error", markup=False)
        else:
            review = done.next_review_due
            due = f"; next review {review.isoformat()}" if review else ""
            self.notify(
                f"#{done.id} {shown(done.vendor_name)}: {done.status.value}{due}",
                title=DECISIONS[verb][1],
                markup=False,
            )
        self.load()

    def detail(self, a: dto.Assessment | None) -> RenderableType:
        if a is None:
            return "Nothing waits for approval." if self.today else ""
        text = Text()
        text.append(f"#{a.id} ", style="bold")
        text.append(shown(a.vendor_name), style="bold")
        text.append(f" · {shown(a.questionnaire_title)} · reviewer {shown(a.reviewer)}")
        text.append(f" · inherent {a.inherent_risk} · {a.answered}/{a.shown} answered\n")
        if a.critical_failures:
            text.append("Critical failures: " + shown(", ".join(a.critical_failures)) + "\n")
        if a.submitted_by == self.actor:
            text.append(
                f"You ({shown(self.actor)}) submitted this assessment, so you cannot approve or "
                "reject it: a second person must decide (four-eyes). You can return it to draft.",
                style=tone(self.app, "warning"),
            )
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "decide":
            return super().check_action(action, parameters)
        a = self.selected()
        if a is None:
            return False
        if parameters[0] in ("approve", "reject"):
            return None if a.submitted_by == self.actor else True
        return True

    def action_decide(self, verb: str) -> None:
        a = self.selected()
        if a is None:
            return
        required = verb != "approve"
        _, label, why = DECISIONS[verb]
        score = "no score" if a.control_score is None else f"score {a.control_score:.1f}"
        prompt = f"{a.vendor_name}: {score} ({a.band}), residual {a.rating}. {why}"
        aid = a.id

        def done(note: str | None) -> None:
            if note is not None:
                self.decide(verb, aid, note)

        modal = NoteModal(f"{label} assessment #{aid}", prompt, required=required, ok_label=label)
        self.app.push_screen(modal, done)

    def action_open(self) -> None:
        a = self.selected()
        if a is not None:
            self.vr_app.open_assessment(a.id)
