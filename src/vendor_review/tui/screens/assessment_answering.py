"""Answering, for the questionnaire runner: the keys that change answers and the queue
that saves them, one service call at a time in a thread worker.

Each change shows "Saving…" at its question, then "Saved ✓ HH:MM:SS UTC" (the service's
clock) or the reason it was not saved, the previous value kept. A change someone else
made in between (``ConflictError``) is reported with the way out: reload.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

from textual import on, work
from textual.binding import Binding
from textual.message import Message

from vendor_review.domain.enums import NA, QuestionType
from vendor_review.domain.questionnaire import Question
from vendor_review.service.errors import ConflictError, ServiceError
from vendor_review.service.runner import RunnerView
from vendor_review.tui.export_scope import ExportScope, assessment_scope
from vendor_review.tui.screens.assessment_jobs import Job
from vendor_review.tui.screens.assessment_model import RunnerModel
from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.screens.confirm import ConfirmScreen
from vendor_review.tui.tone import runner_styles
from vendor_review.tui.widgets.note_modal import NoteModal, comment_modal, evidence_modal
from vendor_review.tui.widgets.question_list import QuestionList
from vendor_review.tui.widgets.question_panel import PanelState

DRAFT_ONLY = {
    "pick", "move_option", "tick", "na", "comment", "evidence", "clear", "confirm",
    "confirm_all", "submit",
}  # fmt: skip


class AnsweringScreen(AppScreen[None]):
    BINDINGS = [
        Binding("1", "pick(1)", "Pick", key_display="1-9", id="assessment.pick"),
        *[Binding(str(n), f"pick({n})", f"Pick option {n}", show=False) for n in range(2, 10)],
        Binding("0,n", "na", "N/A", key_display="0", id="assessment.na"),
        Binding("left,h", "move_option(-1)", "Previous option", show=False),
        Binding("right,l", "move_option(1)", "Next option", show=False),
        Binding("space", "tick", "Tick / pick", show=False, id="assessment.tick"),
        Binding("c", "comment", "Comment", id="assessment.comment"),
        Binding("e", "evidence", "Evidence", id="assessment.evidence"),
        Binding("y", "confirm", "Confirm", id="assessment.confirm"),
        Binding("Y", "confirm_all", "Confirm all", id="assessment.confirm_all"),
        Binding("x,delete", "clear", "Clear answer", show=False, id="assessment.clear"),
        # Short for the footer; the palette and help have "Send questionnaire workbook…".
        Binding("w", "app.send_questionnaire", "Workbook", id="assessment.workbook"),
        Binding("W", "app.import_answers", "Import", id="assessment.import_answers"),
    ]

    class JobDone(Message):
        def __init__(self, job: Job, view: RunnerView) -> None:
            super().__init__()
            self.job = job
            self.view = view

    class JobFailed(Message):
        def __init__(self, job: Job, error: Exception) -> None:
            super().__init__()
            self.job = job
            self.error = error

    def __init__(self, assessment_id: int) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.model: RunnerModel | None = None
        self.current: str | None = None
        self.states: dict[str, PanelState] = {}
        self._jobs: deque[Job] = deque()
        self._saving: Job | None = None
        self.jobs_started = 0  # a view loaded before the latest job started is stale

    # --- what the runner screen provides --------------------------------------------------

    def _apply(self, view: RunnerView) -> None:
        raise NotImplementedError

    def _render_panel(self) -> None:
        raise NotImplementedError

    # --- state ----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._saving is not None or bool(self._jobs)

    def unsaved_changes(self) -> str | None:
        """What leaving now would lose (the app asks before it throws the screen away)."""
        parts = []
        if self.busy:
            parts.append(f"{len(self._jobs) + (self._saving is not None)} change(s) still saving")
        ticked = []
        for qid, state in self.states.items():
            saved = self.model.value(qid) if self.model is not None else None
            if state.pending is not None and set(state.pending) != set(
                saved if isinstance(saved, list) else []
            ):
                ticked.append(qid)
        if ticked:
            parts.append("ticked options not saved (Enter saves them): " + ", ".join(ticked))
        return f"Assessment #{self.assessment_id}: " + "; ".join(parts) if parts else None

    def _styles(self) -> dict[str, str]:
        return runner_styles(self.app)

    def _state(self, question_id: str) -> PanelState:
        if question_id not in self.states:
            self.states[question_id] = PanelState.start(self.model, question_id)
        return self.states[question_id]

    def _sync_current(self) -> str | None:
        """The highlighted question, read from the list itself: a key pressed right after
        a move must act on the question the list shows, not wait for its message."""
        questions = self.query_one("#questions", QuestionList)
        index = questions.highlighted
        if index is not None and 0 <= index < questions.option_count:
            self.current = questions.get_option_at_index(index).id
        return self.current

    def _question(self) -> Question | None:
        self._sync_current()
        if self.model is None or self.current is None or self.current not in self.model.shown:
            return None
        return self.model.question(self.current)

    def workbook_assessment(self) -> int | None:
        """The draft whose questionnaire workbook w writes and W imports (app actions)."""
        return self.assessment_id if self.model is not None and self.model.editable else None

    def export_scope(self) -> ExportScope:
        return assessment_scope(self.assessment_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in DRAFT_ONLY:
            return True
        if self.model is None:
            return False
        return self.model.allows(action, self._question(), parameters)

    # --- the save queue -------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="assessment-save")
    def run_job(self, job: Job) -> None:
        try:
            view = job.run(self.vr_app.service, self.assessment_id)
        except Exception as error:  # every failure is shown at the question, app stays up
            self.post_message(self.JobFailed(job, error))
        else:
            self.post_message(self.JobDone(job, view))

    def _enqueue(self, job: Job) -> None:
        if job.question_id is not None:
            self._state(job.question_id).status = ("saving", "Saving…")
        if job.changes_value:  # a newer pick replaces one not yet sent
            self._jobs = deque(
                j for j in self._jobs if not (j.question_id == job.question_id and j.changes_value)
            )
        self._jobs.append(job)
        self._render_panel()
        self._next_job()

    def _next_job(self) -> None:
        if self._saving is None and self._jobs and self.model is not None:
            self._saving = self._jobs.popleft().prepare(self.model)
            self.jobs_started += 1
            self.run_job(self._saving)

    @on(JobDone)
    def _job_done(self, message: JobDone) -> None:
        job = message.job
        self._saving = None
        if job.question_id is not None:
            state = self._state(job.question_id)
            state.status = ("saved", job.done_text(message.view))
            state.pending = None
        elif job.kind == "confirm_all":
            self.notify("Confirmed every carried-over answer", markup=False)
        self._apply(message.view)
        self._next_job()

    @on(JobFailed)
    def _job_failed(self, message: JobFailed) -> None:
        job, error = message.job, message.error
        self._saving = None
        self._jobs = deque(j for j in self._jobs if j.question_id != job.question_id)
        text = str(error) or type(error).__name__
        if isinstance(error, ConflictError):
            kind, shown = "conflict", f"⚠ Not saved: {text}. Press r to reload."
            self.notify(shown, title="Changed by someone else", severity="warning", markup=False)
        else:
            kind, shown = "error", f"✗ Not saved: {text}"
            if not isinstance(error, ServiceError):
                self.vr_app.show_error(error)
        if job.question_id is not None:
            self._state(job.question_id).status = (kind, shown)
        else:
            self.notify(shown, severity="error", markup=False)
        self._render_panel()
        self._next_job()

    # --- answering keys -------------------------------------------------------------------

    def _save(self, question: Question, value: object) -> None:
        self._enqueue(Job("answer", question.id, value))  # type: ignore[arg-type]

    def action_pick(self, number: int) -> None:
        question = self._question()
        if question is None or number > len(question.choices):
            return
        self._state(question.id).cursor = number - 1
        if question.type is QuestionType.MULTI:
            self._toggle(question, question.choices[number - 1].value)
        else:
            self._save(question, question.choices[number - 1].value)

    def _toggle(self, question: Question, value: str) -> None:
        assert self.model is not None
        state = self._state(question.id)
        if state.pending is None:
            saved = self.model.value(question.id)
            state.pending = list(saved) if isinstance(saved, list) else []
        if value in state.pending:
            state.pending.remove(value)
        else:
            state.pending.append(value)
        state.status = None
        self._render_panel()

    def save_ticked(self, question: Question) -> None:
        """Enter on a multiple choice: save the ticked options, in the questionnaire's order."""
        pending = self._state(question.id).pending
        if pending is None:
            self.notify("Tick options with 1–9 or space first.", markup=False)
        elif not pending:
            self.notify("Tick at least one option, or choose N/A.", markup=False)
        else:
            order = [o.value for o in question.choices]
            self._save(question, sorted(pending, key=order.index))

    def action_move_option(self, step: int) -> None:
        question = self._question()
        if question is not None and question.type.scored:
            state = self._state(question.id)
            state.cursor = (state.cursor + step) % len(question.choices)
            self._render_panel()

    def action_tick(self) -> None:
        question = self._question()
        if question is None or not question.type.scored:
            return
        chosen = question.choices[self._state(question.id).cursor].value
        if question.type is QuestionType.MULTI:
            self._toggle(question, chosen)
        else:
            self._save(question, chosen)

    def action_na(self) -> None:
        question = self._question()
        if question is None or not question.na_allowed or self.model is None:
            return
        self._state(question.id).pending = None
        answer = self.model.answer(question.id)
        has_reason = bool(answer is not None and (answer.comment or "").strip())
        if has_reason or not self.vr_app.service.policy.na_needs_reason(question):
            self._save(question, NA)
            return
        qid = question.id

        def done(text: str | None) -> None:  # N/A on a required control needs a reason
            if text and text.strip():
                self._enqueue(Job("answer", qid, NA, comment=text))

        self.app.push_screen(
            NoteModal(f"N/A on {qid}: why does it not apply?", question.text, required=True),
            done,
        )

    def action_clear(self) -> None:
        question = self._question()
        if question is not None:
            self._enqueue(Job("clear", question.id))

    def action_confirm(self) -> None:
        question = self._question()
        if question is not None:
            self._enqueue(Job("confirm", question.id))

    def action_confirm_all(self) -> None:
        """Ask first, with the count: confirming is vouching for each answer."""
        if self.model is None or not self.model.carried_ids:
            return
        ids = list(self.model.carried_ids)
        first = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")

        def answered(yes: bool | None) -> None:
            if yes:
                self._enqueue(Job("confirm_all", None, value=ids))

        self.app.push_screen(
            ConfirmScreen(
                f"Confirm all {len(ids)} carried-over answers?",
                f"{len(ids)} answers carried over from the last review are unconfirmed "
                f"({first}). Confirm each as still true, as if you had answered it?",
                yes=f"Confirm {len(ids)}",
                no="Cancel",
                warning=True,
            ),
            answered,
        )

    def action_comment(self) -> None:
        question = self._question()
        if question is not None and self.model is not None:
            qid, answer = question.id, self.model.answer(question.id)

            def done(text: str | None) -> None:
                if text is not None:
                    self._enqueue(Job("comment", qid, comment=text))

            self.app.push_screen(comment_modal(question, answer), done)

    def action_evidence(self) -> None:
        question = self._question()
        if question is not None:
            qid = question.id

            def done(text: str | None) -> None:
                if text:
                    self._enqueue(Job("evidence", qid, path=Path(text).expanduser()))

            self.app.push_screen(evidence_modal(qid), done)
