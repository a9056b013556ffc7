"""The questionnaire runner: answer an assessment question by question, saved as you go.

One screen composed of the model (``assessment_model.RunnerModel``), the answering keys
(``assessment_answering.Answering``), the save queue at work (``assessment_saving.Saving``
over ``assessment_jobs.SaveQueue``), submitting (``assessment_submitting.Submitting``) and
widgets (header, sections, question list, question panel). Keys: up/down (j/k) move
between questions, tab/shift+tab between sections, 1–9 pick an option (tick, for multiple
choice; enter saves), left/right + space/enter do the same by arrows, 0 or n is N/A, enter
types a date or number (a text answer opens a multi-line editor), c comment, e evidence, u
next unanswered, y / Y confirm carried-over answers, x clear (asks first), z / ctrl+z undo
the last answer change (saved back through the service, audited like any change), S
submit, r reload, l audit trail, w / W send the questionnaire workbook / import its
answers, ctrl+e export, \\ the sections panel.
Approved, rejected and submitted assessments open read-only.

Each change shows "Saving…" at its question, then "Saved ✓ HH:MM:SS UTC" (the service's
clock) or the reason it was not saved, the previous value kept. A change someone else
made in between (``ConflictError``) is reported with the way out: reload.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar, Concatenate, ParamSpec

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, LoadingIndicator, OptionList

from vendor_review.domain.questionnaire import Question
from vendor_review.domain.wording import counted
from vendor_review.service.runner import RunnerView
from vendor_review.tui.background import in_thread
from vendor_review.tui.export_scope import ExportScope, assessment_scope
from vendor_review.tui.keys import reload_key
from vendor_review.tui.screens.assessment_answering import Answering
from vendor_review.tui.screens.assessment_model import RunnerModel
from vendor_review.tui.screens.assessment_saving import Saving
from vendor_review.tui.screens.assessment_submitting import Submitting
from vendor_review.tui.screens.base import NARROW, AppScreen
from vendor_review.tui.text import plain
from vendor_review.tui.tone import runner_styles
from vendor_review.tui.widgets.app_footer import AppFooter
from vendor_review.tui.widgets.app_header import AppHeader
from vendor_review.tui.widgets.assessment_header import AssessmentHeader
from vendor_review.tui.widgets.question_list import QuestionList
from vendor_review.tui.widgets.question_panel import PanelState, QuestionPanel
from vendor_review.tui.widgets.section_list import SectionList

P = ParamSpec("P")
DRAFT_ONLY = {
    "pick", "move_option", "tick", "na", "comment", "evidence", "clear", "confirm",
    "confirm_all", "submit", "undo",
}  # fmt: skip


def _answering(
    key: Callable[Concatenate[Answering, P], None],
) -> Callable[Concatenate[AssessmentScreen, P], None]:
    """A key's action that the screen's answering (``Answering``) carries out."""

    def action(screen: AssessmentScreen, /, *args: P.args, **kwargs: P.kwargs) -> None:
        key(screen.answering, *args, **kwargs)

    return action


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
        reload_key(show=False),
        # Short for the footer; the palette and help have "Send questionnaire workbook…".
        Binding("w", "app.send_questionnaire", "Workbook", show=False, id="assessment.workbook"),
        Binding("W", "app.import_answers", "Import answers", show=False, id="assessment.import"),
        Binding("ctrl+e", "app.export", "Export", id="assessment.export", show=False),
    ]

    def __init__(self, assessment_id: int) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.model: RunnerModel | None = None
        self.current: str | None = None
        self.states: dict[str, PanelState] = {}
        self.saving = Saving(self)
        self.answering = Answering(self)
        self.section = 0
        self.loads_asked = 0
        self.sections_shown: bool | None = None  # None: by the width
        self.submitting = Submitting(self)

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
        return self.saving.queue.busy

    def unsaved_changes(self) -> str | None:
        """What leaving now would lose (the app asks before it throws the screen away)."""
        parts = []
        if self.busy:
            parts.append(f"{counted(self.saving.queue.pending, 'change')} still saving")
        parts += self.answering.unsaved()
        return f"Assessment #{self.assessment_id}: " + "; ".join(parts) if parts else None

    def draft_text(self) -> str | None:
        """The typed answer, kept as a draft when the app is ended by a signal."""
        typed = self.answering.typed_text()
        return f"assessment #{self.assessment_id}, {typed[0]}: {typed[1]}" if typed else None

    def _styles(self) -> dict[str, str]:
        return runner_styles(self.app)

    def state(self, question_id: str) -> PanelState:
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

    def question(self) -> Question | None:
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
        if self.model is None or self.submitting.submitted:
            return False
        if action == "undo":
            return (True if self.saving.queue.undo else None) if self.model.editable else False
        if action == "pick" and not parameters:  # asked without its number (the palette)
            parameters = (1,)
        return self.model.allows(action, self.question(), parameters)

    # --- loading, and submitting (assessment_submitting.Submitting) ------------------------

    def load(self, *, fresh: bool = False) -> None:
        """Fetch the assessment again; ``fresh`` also forgets the saved/error states shown."""
        self.loads_asked += 1
        asked = (self.loads_asked, self.saving.queue.started)  # loads asked, saves started
        view = partial(self.vr_app.service.runner_view, self.assessment_id)
        in_thread(self, view, partial(self._loaded, asked, fresh), "assessment-load")

    def _loaded(self, asked: tuple[int, int], fresh: bool, view: RunnerView) -> None:
        if self.busy or asked != (self.loads_asked, self.saving.queue.started):
            return  # a later load, or a save started since, brings a newer view
        if fresh:
            for state in self.states.values():
                state.status = None
        if self.model is None:  # the first data: the loading indicator gives way
            self.query_one("#loading").display = False
            self.query_one("#summary").display = True
            self.query_one("#body").display = True
            self._show_sections()
        self.apply(view)

    # --- rendering ------------------------------------------------------------------------

    def apply(self, view: RunnerView) -> None:
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
        self.render_panel()

    def render_panel(self) -> None:
        panel = self.query_one(QuestionPanel)
        if self.model is None:
            return
        if self.current is None or self.current not in self.model.shown:
            panel.clear("No question of this section applies (their conditions are not met).")
        else:
            question = self.model.question(self.current)
            panel.show(self.model, question, self.state(self.current), self._styles())
        self.refresh_bindings()

    # --- moving around --------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#questions")
    def _highlighted(self) -> None:
        before = self.current
        if self._sync_current() != before:
            self.render_panel()

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

    def go_to(self, question_id: str) -> None:
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
            self.go_to(found)

    def action_next_unanswered(self) -> None:
        self._sync_current()
        if self.model is None:
            return
        found = self.model.next_unanswered(self.current, skip=self.saving.queue.changing())
        if found is None:
            self.notify("Every shown question has an answer: S submits.", markup=False)
        else:
            self.go_to(found)

    def action_back(self) -> None:
        # Esc leaves the answer field (asking if it holds unsaved text), never the screen.
        if not self.answering.leave_input():
            self.vr_app.action_back()  # asks first if anything is unsaved

    def action_reload(self) -> None:
        self.load(fresh=True)

    def action_audit(self) -> None:
        self.vr_app.open_audit("assessment", str(self.assessment_id))

    def action_submit(self) -> None:
        self.submitting.start()

    # --- answering keys (assessment_answering.Answering) ----------------------------------

    action_pick = _answering(Answering.pick)
    action_move_option = _answering(Answering.move_option)
    action_tick = _answering(Answering.tick)
    action_na = _answering(Answering.na)
    action_clear = _answering(Answering.clear)
    action_undo = _answering(Answering.undo)
    action_confirm = _answering(Answering.confirm)
    action_confirm_all = _answering(Answering.confirm_all)
    action_comment = _answering(Answering.comment)
    action_evidence = _answering(Answering.evidence)

    @on(OptionList.OptionSelected, "#questions")
    def _enter(self) -> None:
        self.answering.enter()

    @on(Input.Submitted, "#q-input")
    def _typed(self, event: Input.Submitted) -> None:
        self.answering.typed(event.value)
