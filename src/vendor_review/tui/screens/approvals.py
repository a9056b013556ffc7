"""Submitted assessments waiting for a second person: approve, reject or return them.

Four-eyes is shown up front: on an assessment you submitted, approve and reject are
disabled in the footer and the reason is written under the list (the service refuses it
too, with the same reason, should the list be stale).
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from vendor_review.domain.enums import AssessmentStatus
from vendor_review.service import dto
from vendor_review.service.errors import FourEyesError, ServiceError
from vendor_review.tui.cells import cursor_id
from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.text import plain, shown
from vendor_review.tui.tone import tone
from vendor_review.tui.widgets.app_footer import AppFooter
from vendor_review.tui.widgets.app_header import AppHeader
from vendor_review.tui.widgets.note_modal import NoteModal

VERBS = {"approve": "Approve", "reject": "Reject", "return": "Return to draft"}


class ApprovalsScreen(AppScreen[None]):
    CSS_PATH = "lists.tcss"
    BINDINGS = [
        Binding("enter", "open", "Open", id="approvals.open"),
        # Not a: that key is Approvals itself, on every screen.
        Binding("p", "decide('approve')", "Approve", id="approvals.approve"),
        Binding("x", "decide('reject')", "Reject", id="approvals.reject"),
        Binding("b", "decide('return')", "Return to draft", id="approvals.return"),
        Binding("r", "reload", "Reload", id="approvals.reload"),
    ]

    class Loaded(Message):
        def __init__(self, rows: list[dto.Assessment], today: date, asked: int) -> None:
            super().__init__()
            self.rows = rows
            self.today = today
            self.asked = asked

    class Decided(Message):
        def __init__(self, verb: str, assessment: dto.Assessment | None, error: Exception | None):
            super().__init__()
            self.verb = verb
            self.assessment = assessment
            self.error = error

    nav_key = ("approvals",)

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, dto.Assessment] = {}
        self.asked = 0

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(id="intro")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Static(id="detail")
        yield AppFooter()

    def on_mount(self) -> None:
        self.title = "Approvals"
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.load())
        self.sub_title = "submitted assessments"
        self.query_one("#intro", Static).update(
            "Submitted assessments wait here for a second person. "
            "Approving sets the residual rating and the next review date; "
            "returning sends it back to its reviewer with your note."
        )
        table = self.query_one(DataTable)
        table.add_columns(
            "#", "Vendor", "Questionnaire", "Submitted by", "Submitted", "Score", "Band",
            "Residual", "Critical failures",
        )  # fmt: skip

    @property
    def actor(self) -> str:
        return self.vr_app.service.actor

    def load(self) -> None:
        self.asked += 1
        self._fetch(self.asked)

    @work(thread=True, exclusive=True, exit_on_error=False, group="approvals-load")
    def _fetch(self, asked: int) -> None:
        service = self.vr_app.service
        rows = service.list_assessments(status=AssessmentStatus.SUBMITTED)
        self.post_message(self.Loaded(rows, service.today(), asked))

    @work(thread=True, exclusive=True, exit_on_error=False, group="approvals-decide")
    def decide(self, verb: str, assessment_id: int, note: str | None) -> None:
        service = self.vr_app.service
        try:
            if verb == "approve":
                done = service.approve(assessment_id, note or None)
            elif verb == "reject":
                done = service.reject(assessment_id, note or "")
            else:
                done = service.return_to_draft(assessment_id, note or "")
        except ServiceError as error:
            self.post_message(self.Decided(verb, None, error))
        else:
            self.post_message(self.Decided(verb, done, None))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.asked != self.asked:
            return  # a later load (after a decision) is on its way
        table = self.query_one(DataTable)
        table.clear()
        self.rows = {a.id: a for a in message.rows}
        error = tone(self.app, "error")
        for a in message.rows:
            score = "–" if a.control_score is None else f"{a.control_score:.1f}"
            fails = a.critical_failures or []
            table.add_row(
                plain(a.id),
                plain(a.vendor_name),
                plain(f"{a.questionnaire_id} v{a.questionnaire_version}"),
                plain(a.submitted_by),
                plain(a.submitted_at.date().isoformat() if a.submitted_at else None),
                plain(score),
                plain(a.band),
                plain(a.rating, error if a.rating in ("high", "critical") else ""),
                plain(len(fails) or "none", error if fails else ""),
                key=str(a.id),
            )
        if not message.rows:
            self.query_one("#detail", Static).update("Nothing waits for approval.")
        self._show_detail()

    @on(Decided)
    def _decided(self, message: Decided) -> None:
        if message.error is not None:
            title = "Four-eyes" if isinstance(message.error, FourEyesError) else "Not done"
            self.notify(shown(message.error), title=title, severity="error", markup=False)
        else:
            a = message.assessment
            assert a is not None
            due = f"; next review {a.next_review_due.isoformat()}" if a.next_review_due else ""
            self.notify(
                f"#{a.id} {shown(a.vendor_name)}: {a.status.value}{due}",
                title=VERBS[message.verb],
                markup=False,
            )
        self.load()

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()

    def on_screen_resume(self) -> None:
        self.load()  # first shown, or back from an assessment or a note

    def selected(self) -> dto.Assessment | None:
        row_id = cursor_id(self.query_one(DataTable))
        return self.rows.get(row_id) if row_id is not None else None

    def _show_detail(self) -> None:
        a = self.selected()
        self.refresh_bindings()
        if a is None:
            return
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
        self.query_one("#detail", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in ("decide", "open"):
            return True
        a = self.selected()
        if a is None:
            return False
        if action == "decide" and parameters[0] in ("approve", "reject"):
            return None if a.submitted_by == self.actor else True
        return True

    def action_decide(self, verb: str) -> None:
        a = self.selected()
        if a is None:
            return
        required = verb != "approve"
        why = {
            "approve": "A note for the record (optional).",
            "reject": "Why is it rejected? The note is kept with the decision.",
            "return": "What must the reviewer change? They see this note on the assessment.",
        }[verb]
        score = "no score" if a.control_score is None else f"score {a.control_score:.1f}"
        prompt = f"{a.vendor_name}: {score} ({a.band}), residual {a.rating}. {why}"
        aid = a.id

        def done(note: str | None) -> None:
            if note is not None:
                self.decide(verb, aid, note)

        modal = NoteModal(
            f"{VERBS[verb]} assessment #{aid}", prompt, required=required, ok_label=VERBS[verb]
        )
        self.app.push_screen(modal, done)

    def action_open(self) -> None:
        a = self.selected()
        if a is not None:
            self.vr_app.open_assessment(a.id)

    def action_reload(self) -> None:
        self.load()
