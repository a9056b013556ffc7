"""The questionnaire runner: answer an assessment question by question, saved as you go.

One screen composed of the model (``assessment_model.RunnerModel``), the save queue
(``assessment_jobs.SaveQueue``) and widgets (header, sections, question list, question
panel). Keys: up/down (j/k) move between questions, tab/shift+tab between sections, 1–9
pick an option (tick, for multiple choice; enter saves), left/right + space/enter do the
same by arrows, 0 or n is N/A, enter types a date or number (a text answer opens a
multi-line editor), c comment, e evidence, u next unanswered, y / Y confirm carried-over
answers, x clear (asks first), z / ctrl+z undo the last answer change (saved back through
the service, audited like any change), S submit, r reload, l audit trail, w / W send the
questionnaire workbook / import its answers, ctrl+e export, \\ the sections panel.
Approved, rejected and submitted assessments open read-only.

Each change shows "Saving…" at its question, then "Saved ✓ HH:MM:SS UTC" (the service's
clock) or the reason it was not saved, the previous value kept. A change someone else
made in between (``ConflictError``) is reported with the way out: reload.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, LoadingIndicator, OptionList

from vendor_review.domain.answers import AnswerError, answer_label, parse_answer
from vendor_review.domain.enums import NA, QuestionType
from vendor_review.domain.questionnaire import Question
from vendor_review.service import dto
from vendor_review.service.errors import ConflictError, ServiceError
from vendor_review.service.runner import RunnerView, SubmitPreview
from vendor_review.tui.export_scope import ExportScope, assessment_scope
from vendor_review.tui.screens.assessment_jobs import Job, SaveQueue
from vendor_review.tui.screens.assessment_model import RunnerModel
from vendor_review.tui.screens.base import NARROW, AppScreen
from vendor_review.tui.screens.confirm import ConfirmScreen
from vendor_review.tui.screens.submit import SubmitSummaryScreen, summary_line
from vendor_review.tui.text import plain, shown
from vendor_review.tui.tone import runner_styles
from vendor_review.tui.widgets.app_footer import AppFooter
from vendor_review.tui.widgets.app_header import AppHeader
from vendor_review.tui.widgets.assessment_header import AssessmentHeader
from vendor_review.tui.widgets.note_modal import (
    NoteModal,
    comment_modal,
    evidence_modal,
    text_answer_modal,
)
from vendor_review.tui.widgets.question_list import QuestionList
from vendor_review.tui.widgets.question_panel import PanelState, QuestionPanel
from vendor_review.tui.widgets.section_list import SectionList

DRAFT_ONLY = {
    "pick", "move_option", "tick", "na", "comment", "evidence", "clear", "confirm",
    "confirm_all", "submit", "undo",
}  # fmt: skip


class AssessmentScreen(AppScreen[None]):
    CSS_PATH = "assessment.tcss"
    AUTO_FOCUS = "#questions"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Esc leaves the answer field first (asking if it holds unsaved text), then the screen.
        Binding("escape", "back", "Back", id="assessment.back"),
        Binding("1", "pick(1)", "Pick", key_display="1-9", id="assessment.pick"),
        *[Binding(str(n), f"pick({n})", f"Pick option {n}", show=False) for n in range(2, 10)],
        Binding("0,n", "na", "N/A", key_display="0", id="assessment.na"),
        Binding("left,h", "move_option(-1)", "Previous option", show=False),
        Binding("right", "move_option(1)", "Next option", show=False),
        Binding("space", "tick", "Tick / pick", show=False, id="assessment.tick"),
        Binding("u", "next_unanswered", "Next unanswered", id="assessment.next_unanswered"),
        Binding("c", "comment", "Comment", id="assessment.comment"),
        Binding("e", "evidence", "Evidence", id="assessment.evidence"),
        Binding("x,delete", "clear", "Clear answer", show=False, id="assessment.clear"),
        Binding("z,ctrl+z", "undo", "Undo", key_display="z", id="assessment.undo"),
        Binding("y", "confirm", "Confirm", id="assessment.confirm"),
        Binding("Y", "confirm_all", "Confirm all", id="assessment.confirm_all"),
        Binding("S", "submit", "Submit", id="assessment.submit"),
        Binding("tab", "section(1)", "Next section", show=False, id="assessment.next_section"),
        Binding("shift+tab", "section(-1)", "Previous section", show=False),
        Binding("backslash", "toggle_sections", "Sections", show=False, id="assessment.sections"),
        Binding("l", "audit", "Audit trail", show=False, id="assessment.audit"),
        Binding("r", "reload", "Reload", show=False, id="assessment.reload"),
        # Short for the footer; the palette and help have "Send questionnaire workbook…".
        Binding("w", "app.send_questionnaire", "Workbook", show=False, id="assessment.workbook"),
        Binding("W", "app.import_answers", "Import answers", show=False, id="assessment.import"),
        Binding("ctrl+e", "app.export", "Export", id="assessment.export", show=False),
    ]

    class Loaded(Message):
        def __init__(self, view: RunnerView, asked: tuple[int, int], fresh: bool) -> None:
            super().__init__()
            self.view = view
            self.asked = asked  # (loads asked for, saves started) when this load was asked
            self.fresh = fresh

    class PreviewReady(Message):
        def __init__(self, preview: SubmitPreview) -> None:
            super().__init__()
            self.preview = preview

    class Submitted(Message):
        def __init__(self, assessment: dto.Assessment | None, error: ServiceError | None) -> None:
            super().__init__()
            self.assessment = assessment
            self.error = error

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
        self.queue = SaveQueue()
        self.section = 0
        self.loads_asked = 0
        self.sections_shown: bool | None = None  # None: by the width
        self.submitting = False
        self.submitted = False

    @property
    def nav_key(self) -> tuple[object, ...]:
        return ("assessment", self.assessment_id)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield LoadingIndicator(id="loading")
        yield AssessmentHeader(id="summary")
        with Horizontal(id="body"):
            yield SectionList(id="sections")
            with Vertical(id="main"):
                yield QuestionList(on_edge=self._edge, id="questions")
                yield QuestionPanel(id="panel")
        yield AppFooter()

    def on_mount(self) -> None:
        self.title = f"Assessment #{self.assessment_id}"
        self.query_one("#sections", SectionList).border_title = "Sections"
        self.query_one("#summary").display = False
        self.query_one("#body").display = False
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._render_all())

    def on_screen_resume(self) -> None:
        self.load()  # first shown, or back from a screen where it may have changed
        self.call_after_refresh(self._keep_focus)

    def _keep_focus(self) -> None:
        """Back from a dialog: focus where the reviewer was, the question list if lost."""
        if self.focused is None and self.is_current:
            self.query_one(QuestionList).focus()

    def on_resize(self) -> None:
        super().on_resize()
        self._show_sections()

    def _show_sections(self) -> None:
        shown = self.sections_shown
        if shown is None:
            shown = self.size.width >= NARROW
        self.query_one("#sections").display = shown

    def action_toggle_sections(self) -> None:
        self.sections_shown = not self.query_one("#sections").display
        self._show_sections()

    # --- state ----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.queue.busy

    @property
    def jobs_started(self) -> int:
        return self.queue.started

    def unsaved_changes(self) -> str | None:
        """What leaving now would lose (the app asks before it throws the screen away)."""
        parts = []
        if self.busy:
            parts.append(f"{self.queue.pending} change(s) still saving")
        ticked = []
        for qid, state in self.states.items():
            saved = self.model.value(qid) if self.model is not None else None
            if state.pending is not None and set(state.pending) != set(
                saved if isinstance(saved, list) else []
            ):
                ticked.append(qid)
        if ticked:
            parts.append("ticked options not saved (Enter saves them): " + ", ".join(ticked))
        typed = self.typed_text()
        if typed is not None:
            parts.append(f"the answer typed for {typed[0]} is not saved (Enter saves it)")
        return f"Assessment #{self.assessment_id}: " + "; ".join(parts) if parts else None

    def typed_text(self) -> tuple[str, str] | None:
        """(question id, text) typed in the answer field and not saved, if any."""
        if not self.is_mounted or self.model is None:
            return None
        panel = self.query_one(QuestionPanel)
        qid = panel.input_for
        if qid is None or not panel.input.display or qid not in self.model.shown:
            return None
        value = self.model.value(qid)
        saved = "" if value is None else ("na" if value == NA else str(value))
        typed = panel.input.value
        return (qid, typed) if typed.strip() != saved.strip() else None

    def draft_text(self) -> str | None:
        """The typed answer, kept as a draft when the app is ended by a signal."""
        typed = self.typed_text()
        return f"assessment #{self.assessment_id}, {typed[0]}: {typed[1]}" if typed else None

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
        if self.model is None or self.submitted:
            return False
        if action == "undo":
            return (True if self.queue.undo else None) if self.model.editable else False
        if action == "pick" and not parameters:  # asked without its number (the palette)
            parameters = (1,)
        return self.model.allows(action, self._question(), parameters)

    # --- loading and submitting -----------------------------------------------------------

    def load(self, *, fresh: bool = False) -> None:
        """Fetch the assessment again; ``fresh`` also forgets the saved/error states shown."""
        self.loads_asked += 1
        self._load((self.loads_asked, self.jobs_started), fresh)

    @work(thread=True, exclusive=True, exit_on_error=False, group="assessment-load")
    def _load(self, asked: tuple[int, int], fresh: bool) -> None:
        view = self.vr_app.service.runner_view(self.assessment_id)
        self.post_message(self.Loaded(view, asked, fresh))

    @work(thread=True, exclusive=True, exit_on_error=False, group="assessment-submit")
    def preview(self) -> None:
        self.post_message(self.PreviewReady(self.vr_app.service.submit_preview(self.assessment_id)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="assessment-submit")
    def submit(self) -> None:
        try:
            done = self.vr_app.service.submit(self.assessment_id)
        except ServiceError as error:
            self.post_message(self.Submitted(None, error))
        else:
            self.post_message(self.Submitted(done, None))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if self.busy or message.asked != (self.loads_asked, self.jobs_started):
            return  # a later load, or a save started since, brings a newer view
        if message.fresh:
            for state in self.states.values():
                state.status = None
        if self.model is None:  # the first data: the loading indicator gives way
            self.query_one("#loading").display = False
            self.query_one("#summary").display = True
            self.query_one("#body").display = True
            self._show_sections()
        self._apply(message.view)

    @on(PreviewReady)
    def _preview_ready(self, message: PreviewReady) -> None:
        preview = message.preview
        if self.submitting or self.submitted:
            return  # S pressed again right after submitting: the summary is not reopened

        def decided(submit: bool | None) -> None:
            if submit:
                self.submitting = True
                self.submit()
            elif preview.blocked:
                self._go_to((preview.missing or preview.evidence_missing)[0])

        self.app.push_screen(SubmitSummaryScreen(preview), decided)

    @on(Submitted)
    def _submitted(self, message: Submitted) -> None:
        self.submitting = False
        error = message.error
        if error is not None:
            self.notify(shown(error), title="Not submitted", severity="error", markup=False)
            missing = getattr(error, "missing", None) or getattr(error, "evidence_missing", None)
            if missing:
                self._go_to(missing[0])
            return
        assert message.assessment is not None
        self.submitted = True  # read-only from now on, before the reload arrives
        self.notify(
            f"Submitted for approval: {shown(summary_line(message.assessment))}",
            title=f"Assessment #{self.assessment_id}",
            markup=False,
        )
        self.load(fresh=True)

    # --- rendering ------------------------------------------------------------------------

    def _apply(self, view: RunnerView) -> None:
        self.model = model = RunnerModel(view)
        if self.current not in model.shown:
            self.current = model.next_unanswered(None) or (model.order[0] if model.order else None)
        if self.current is not None:
            self.section = model.section_index_of(self.current)
        self._render_all()

    def _render_all(self) -> None:
        model = self.model
        if model is None:
            return
        styles = self._styles()
        self.query_one(AssessmentHeader).show(model, styles)
        self.query_one(SectionList).show(model, self.section, done_style=styles["success"])
        section = model.sections[self.section]
        questions = self.query_one(QuestionList)
        info = model.section_info(section)
        # A Text, not a str: a border title string would be read as markup.
        questions.border_title = plain(f"{section.title} ({info.answered}/{info.shown})")
        questions.show(model, section, self.current, styles)
        self._render_panel()

    def _render_panel(self) -> None:
        panel = self.query_one(QuestionPanel)
        if self.model is None:
            return
        if self.current is None or self.current not in self.model.shown:
            panel.clear("No question of this section applies (their conditions are not met).")
        else:
            question = self.model.question(self.current)
            panel.show(self.model, question, self._state(self.current), self._styles())
        self.refresh_bindings()

    # --- moving around --------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#questions")
    def _highlighted(self) -> None:
        before = self.current
        if self._sync_current() != before:
            self._render_panel()

    @on(OptionList.OptionSelected, "#sections")
    def _section_clicked(self, event: OptionList.OptionSelected) -> None:
        self._to_section(event.option_index)

    def _to_section(self, index: int) -> None:
        if self.model is None:
            return
        self.section = index % len(self.model.sections)
        shown = self.model.questions_in(self.model.sections[self.section])
        self.current = shown[0].id if shown else None
        self._render_all()
        self.query_one(QuestionList).focus()

    def _go_to(self, question_id: str) -> None:
        if self.model is None or question_id not in self.model.shown:
            return
        self.current = question_id
        self.section = self.model.section_index_of(question_id)
        self._render_all()
        self.query_one(QuestionList).focus()

    def action_section(self, step: int) -> None:
        self._to_section(self.section + step)

    def _edge(self, step: int) -> None:
        """Past the first or last question of a section: on to the next one that shows any."""
        found = self.model.across_sections(self.section, step) if self.model else None
        if found is not None:
            self._go_to(found)

    def action_next_unanswered(self) -> None:
        self._sync_current()
        if self.model is None:
            return
        found = self.model.next_unanswered(self.current, skip=self.queue.changing())
        if found is None:
            self.notify("Every shown question has an answer: S submits.", markup=False)
        else:
            self._go_to(found)

    def action_back(self) -> None:
        panel = self.query_one(QuestionPanel)
        if panel.input.has_focus:  # Esc leaves the answer field, never the screen
            if self.typed_text() is not None:
                self._ask_drop_typed()
                return
            self._leave_input()
        else:
            self.vr_app.action_back()  # asks first if anything is unsaved

    def _leave_input(self) -> None:
        if self.current is not None:
            self._state(self.current).input_error = None
        self.query_one(QuestionPanel).forget_input()
        self._render_panel()
        self.query_one(QuestionList).focus()

    def _ask_drop_typed(self) -> None:
        def answered(discard: bool | None) -> None:
            if discard:
                self.call_after_refresh(self._leave_input)
            else:
                self.call_after_refresh(self.query_one(QuestionPanel).input.focus)

        self.app.push_screen(
            ConfirmScreen(
                "Discard the answer you typed?",
                "It is not saved yet. Enter in the field saves it.",
                yes="Discard",
                no="Keep editing",
                warning=True,
            ),
            answered,
        )

    def action_reload(self) -> None:
        self.load(fresh=True)

    def action_audit(self) -> None:
        self.vr_app.open_audit("assessment", str(self.assessment_id))

    def action_submit(self) -> None:
        if self.busy or self.submitting:
            self.notify("Still saving; submit again in a moment.", markup=False)
        else:
            self.preview()

    # --- the save queue -------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="assessment-save")
    def run_job(self, job: Job) -> None:
        try:
            view = job.run(self.vr_app.service, self.assessment_id)
        except Exception as error:  # every failure is shown at the question, app stays up
            self.post_message(self.JobFailed(job, error))
        else:
            self.post_message(self.JobDone(job, view))

    def _enqueue(self, job: Job, *, undoable: bool = True) -> None:
        if job.question_id is not None:
            self._state(job.question_id).status = ("saving", "Saving…")
        self.queue.add(job, self.model, undoable=undoable)
        self._render_panel()
        self._next_job()

    def _next_job(self) -> None:
        if self.model is not None and (job := self.queue.take(self.model)) is not None:
            self.run_job(job)

    @on(JobDone)
    def _job_done(self, message: JobDone) -> None:
        job = message.job
        self.queue.finished()
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
        self.queue.failed(job)
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
        """x: clear the answer, after asking (z undoes it)."""
        question = self._question()
        if question is None or self.model is None:
            return
        qid, label = question.id, self.model.label(question.id)

        def answered(clear: bool | None) -> None:
            if clear:
                self._enqueue(Job("clear", qid))

        self.app.push_screen(
            ConfirmScreen(
                f"Clear the answer to {qid}?",
                f"Now: {label}\n\nz undoes it afterwards.",
                yes="Clear",
                no="Keep",
                warning=True,
            ),
            answered,
        )

    def action_undo(self) -> None:
        """z / ctrl+z: put the last changed answer back (a change like any other, audited)."""
        if not self.queue.undo or self.model is None:
            self.notify("Nothing to undo.", markup=False)
            return
        step = self.queue.undo.pop()
        question = self.model.question(step.question_id)
        was = "no answer" if step.value is None else answer_label(question, step.value)
        self._enqueue(step.job(), undoable=False)
        self._go_to(step.question_id)
        self.notify(f"Undo: {step.question_id} back to {was}", markup=False)

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

            def done(path: Path | None) -> None:
                if path is not None:
                    self._enqueue(Job("evidence", qid, path=path))

            self.app.push_screen(evidence_modal(qid, self.vr_app.output_dir), done)

    # --- enter: type an answer, or save the ticked options --------------------------------

    @on(OptionList.OptionSelected, "#questions")
    def _enter(self) -> None:
        question = self._question()
        if question is None or self.model is None or not self.model.editable:
            return
        if question.type is QuestionType.TEXT:
            self._edit_text(question)
        elif not question.type.scored:
            self.query_one(QuestionPanel).input.focus()
        elif question.type is QuestionType.MULTI:
            self.save_ticked(question)
        else:
            self.action_tick()

    def _edit_text(self, question: Question) -> None:
        """A text answer in a multi-line editor (ctrl+s saves, ctrl+o opens $EDITOR)."""
        assert self.model is not None
        qid = question.id

        def done(text: str | None) -> None:
            if text is None or self.model is None or qid not in self.model.shown:
                return
            try:
                value = parse_answer(self.model.question(qid), text)
            except AnswerError as error:
                self._state(qid).input_error = str(error)
                self._render_panel()
                return
            self._state(qid).input_error = None
            self._enqueue(Job("answer", qid, value))

        self.app.push_screen(text_answer_modal(question, self.model.answer(qid)), done)

    @on(Input.Submitted, "#q-input")
    def _typed(self, event: Input.Submitted) -> None:
        question = self._question()
        if question is None:
            return
        state = self._state(question.id)
        try:
            value = parse_answer(question, event.value)
        except AnswerError as error:
            state.input_error = str(error)
            self._render_panel()
            return
        state.input_error = None
        self._save(question, value)  # focus stays in the field: Esc goes back to the list
