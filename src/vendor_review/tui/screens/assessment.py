"""The questionnaire runner: answer an assessment question by question, saved as you go.

Keys: up/down (j/k) move between questions, tab/shift+tab between sections, 1–9 pick an
option (tick, for multiple choice; enter saves), left/right + space/enter do the same by
arrows, 0 or n is N/A, enter types a date/number/text answer, c comment, e evidence,
u next unanswered, y / Y confirm carried-over answers, x clear, S submit, r reload,
l audit trail, w / W send the questionnaire workbook / import its answers, ctrl+e export.
Approved, rejected and submitted assessments open read-only.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Header, Input, OptionList

from vendor_review.domain.answers import AnswerError, parse_answer
from vendor_review.domain.enums import QuestionType
from vendor_review.service import dto
from vendor_review.service.errors import ServiceError
from vendor_review.service.runner import RunnerView, SubmitPreview
from vendor_review.tui.screens.assessment_answering import AnsweringScreen
from vendor_review.tui.screens.assessment_model import RunnerModel
from vendor_review.tui.screens.submit import SubmitSummaryScreen, summary_line
from vendor_review.tui.widgets.assessment_header import AssessmentHeader
from vendor_review.tui.widgets.question_list import QuestionList
from vendor_review.tui.widgets.question_panel import QuestionPanel
from vendor_review.tui.widgets.section_list import SectionList


class AssessmentScreen(AnsweringScreen):
    CSS_PATH = "assessment.tcss"
    AUTO_FOCUS = "#questions"
    BINDINGS = [
        Binding("escape", "back", "Back", id="assessment.back"),
        Binding("u", "next_unanswered", "Next unanswered", id="assessment.next_unanswered"),
        Binding("tab", "section(1)", "Next section", show=False, id="assessment.next_section"),
        Binding("shift+tab", "section(-1)", "Previous section", show=False),
        Binding("l", "audit", "Audit trail", show=False, id="assessment.audit"),
        Binding("r", "reload", "Reload", id="assessment.reload"),
        Binding("S", "submit", "Submit", id="assessment.submit"),
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

    def __init__(self, assessment_id: int) -> None:
        super().__init__(assessment_id)
        self.section = 0
        self.loads_asked = 0

    @property
    def nav_key(self) -> tuple[object, ...]:
        return ("assessment", self.assessment_id)

    def compose(self) -> ComposeResult:
        yield Header()
        yield AssessmentHeader(id="summary")
        with Horizontal(id="body"):
            yield SectionList(id="sections")
            with Vertical(id="main"):
                yield QuestionList(on_edge=self._edge, id="questions")
                yield QuestionPanel(id="panel")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Assessment"
        self.sub_title = f"#{self.assessment_id}"
        self.query_one("#sections", SectionList).border_title = "Sections"
        self.query_one(QuestionPanel).clear("Loading…")
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._render_all())

    def on_screen_resume(self) -> None:
        self.load()  # first shown, or back from a screen where it may have changed

    # --- workers --------------------------------------------------------------------------

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

    # --- results --------------------------------------------------------------------------

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if self.busy or message.asked != (self.loads_asked, self.jobs_started):
            return  # a later load, or a save started since, brings a newer view
        if message.fresh:
            for state in self.states.values():
                state.status = None
        self._apply(message.view)

    @on(PreviewReady)
    def _preview_ready(self, message: PreviewReady) -> None:
        preview = message.preview

        def decided(submit: bool | None) -> None:
            if submit:
                self.submit()
            elif preview.blocked:
                self._go_to((preview.missing or preview.evidence_missing)[0])

        self.app.push_screen(SubmitSummaryScreen(preview), decided)

    @on(Submitted)
    def _submitted(self, message: Submitted) -> None:
        error = message.error
        if error is not None:
            self.notify(str(error), title="Not submitted", severity="error", markup=False)
            missing = getattr(error, "missing", None) or getattr(error, "evidence_missing", None)
            if missing:
                self._go_to(missing[0])
            return
        assert message.assessment is not None
        self.notify(
            f"Submitted for approval: {summary_line(message.assessment)}",
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
        questions.border_title = Text(f"{section.title} ({info.answered}/{info.shown})")
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

    # --- navigation -----------------------------------------------------------------------

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
        saving = {j.question_id for j in (*self._jobs, self._saving) if j and j.changes_value}
        found = self.model.next_unanswered(self.current, skip=saving)
        if found is None:
            self.notify("Every shown question has an answer: S submits.", markup=False)
        else:
            self._go_to(found)

    def action_back(self) -> None:
        panel = self.query_one(QuestionPanel)
        if panel.input.has_focus:  # escape leaves the typed answer, unsaved
            if self.current is not None:
                self._state(self.current).input_error = None
            panel.forget_input()
            self._render_panel()
            self.query_one(QuestionList).focus()
        else:
            self.vr_app.action_back()  # asks first if anything is unsaved

    def action_reload(self) -> None:
        self.load(fresh=True)

    def action_audit(self) -> None:
        self.vr_app.open_audit("assessment", str(self.assessment_id))

    def action_submit(self) -> None:
        if self.busy:
            self.notify("Still saving; submit again in a moment.", markup=False)
        else:
            self.preview()

    # --- enter: type an answer, or save the ticked options --------------------------------

    @on(OptionList.OptionSelected, "#questions")
    def _enter(self) -> None:
        question = self._question()
        if question is None or self.model is None or not self.model.editable:
            return
        if not question.type.scored:
            self.query_one(QuestionPanel).input.focus()
        elif question.type is QuestionType.MULTI:
            self.save_ticked(question)
        else:
            self.action_tick()

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
        self.query_one(QuestionList).focus()
        self._save(question, value)
