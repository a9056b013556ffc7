"""The answering keys of the questionnaire runner, and what they leave unsaved.

1–9 pick an option (tick, for multiple choice; Enter saves the ticked ones), left/right +
space/Enter do the same by arrows, 0 or n is N/A (asking why on a required control), Enter
types a date or number (a text answer opens a multi-line editor), c comment, e evidence,
x clear (asks first), z undo, y / Y confirm carried-over answers. Each change becomes a
``Job`` for the screen's save queue (``assessment_saving.Saving``).

Composed into ``AssessmentScreen`` (``screen.answering``): the screen's actions call it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from vendor_review.domain.answers import AnswerError, AnswerValue, answer_label, parse_answer
from vendor_review.domain.enums import NA, QuestionType
from vendor_review.domain.questionnaire import Question
from vendor_review.domain.wording import counted
from vendor_review.tui.screens.assessment_jobs import Job
from vendor_review.tui.screens.confirm import ConfirmScreen
from vendor_review.tui.widgets.note_modal import (
    NoteModal,
    comment_modal,
    evidence_modal,
    text_answer_modal,
)
from vendor_review.tui.widgets.question_list import QuestionList
from vendor_review.tui.widgets.question_panel import QuestionPanel

if TYPE_CHECKING:
    from vendor_review.tui.screens.assessment import AssessmentScreen


class Answering:
    """What each answering key does to the highlighted question."""

    def __init__(self, screen: AssessmentScreen) -> None:
        self.screen = screen

    def _save(self, question: Question, value: AnswerValue) -> None:
        self.screen.saving.add(Job("answer", question.id, value))

    def _ask(
        self, title: str, message: str, yes: str, no: str, then: Callable[[bool | None], None]
    ) -> None:
        """A warning dialog; ``then`` gets the reviewer's choice."""
        confirm = ConfirmScreen(title, message, yes=yes, no=no, warning=True)
        self.screen.app.push_screen(confirm, then)

    # --- what leaving would lose ----------------------------------------------------------

    def unsaved(self) -> list[str]:
        """Ticked options and typed text not saved yet, one phrase each."""
        model, parts, ticked = self.screen.model, [], []
        for qid, state in self.screen.states.items():
            saved = model.value(qid) if model is not None else None
            if state.pending is not None and set(state.pending) != set(
                saved if isinstance(saved, list) else []
            ):
                ticked.append(qid)
        if ticked:
            parts.append("ticked options not saved (Enter saves them): " + ", ".join(ticked))
        typed = self.typed_text()
        if typed is not None:
            parts.append(f"the answer typed for {typed[0]} is not saved (Enter saves it)")
        return parts

    def typed_text(self) -> tuple[str, str] | None:
        """(question id, text) typed in the answer field and not saved, if any."""
        screen, model = self.screen, self.screen.model
        if not screen.is_mounted or model is None:
            return None
        panel = screen.query_one(QuestionPanel)
        qid = panel.input_for
        if qid is None or not panel.input.display or qid not in model.shown:
            return None
        value = model.value(qid)
        saved = "" if value is None else ("na" if value == NA else str(value))
        typed = panel.input.value
        return (qid, typed) if typed.strip() != saved.strip() else None

    # --- option keys ----------------------------------------------------------------------

    def pick(self, number: int) -> None:
        question = self.screen.question()
        if question is None or number > len(question.choices):
            return
        self.screen.state(question.id).cursor = number - 1
        if question.type is QuestionType.MULTI:
            self._toggle(question, question.choices[number - 1].value)
        else:
            self._save(question, question.choices[number - 1].value)

    def _toggle(self, question: Question, value: str) -> None:
        model = self.screen.model
        assert model is not None
        state = self.screen.state(question.id)
        if state.pending is None:
            saved = model.value(question.id)
            state.pending = list(saved) if isinstance(saved, list) else []
        if value in state.pending:
            state.pending.remove(value)
        else:
            state.pending.append(value)
        state.status = None
        self.screen.render_panel()

    def save_ticked(self, question: Question) -> None:
        """Enter on a multiple choice: save the ticked options, in the questionnaire's order."""
        pending = self.screen.state(question.id).pending
        if pending is None:
            self.screen.notify("Tick options with 1–9 or space first.", markup=False)
        elif not pending:
            self.screen.notify("Tick at least one option, or choose N/A.", markup=False)
        else:
            order = [o.value for o in question.choices]
            self._save(question, sorted(pending, key=order.index))

    def move_option(self, step: int) -> None:
        question = self.screen.question()
        if question is not None and question.type.scored:
            state = self.screen.state(question.id)
            state.cursor = (state.cursor + step) % len(question.choices)
            self.screen.render_panel()

    def tick(self) -> None:
        question = self.screen.question()
        if question is None or not question.type.scored:
            return
        chosen = question.choices[self.screen.state(question.id).cursor].value
        if question.type is QuestionType.MULTI:
            self._toggle(question, chosen)
        else:
            self._save(question, chosen)

    def na(self) -> None:
        screen = self.screen
        question, model = screen.question(), screen.model
        if question is None or not question.na_allowed or model is None:
            return
        screen.state(question.id).pending = None
        answer = model.answer(question.id)
        has_reason = bool(answer is not None and (answer.comment or "").strip())
        if has_reason or not screen.vr_app.service.policy.na_needs_reason(question):
            self._save(question, NA)
            return
        qid = question.id

        def done(text: str | None) -> None:  # N/A on a required control needs a reason
            if text and text.strip():
                screen.saving.add(Job("answer", qid, NA, comment=text))

        screen.app.push_screen(
            NoteModal(f"N/A on {qid}: why does it not apply?", question.text, required=True),
            done,
        )

    # --- the answer as a whole ------------------------------------------------------------

    def clear(self) -> None:
        """x: clear the answer, after asking (z undoes it)."""
        screen = self.screen
        question, model = screen.question(), screen.model
        if question is None or model is None:
            return
        qid, label = question.id, model.label(question.id)

        def answered(clear: bool | None) -> None:
            if clear:
                screen.saving.add(Job("clear", qid))

        detail = f"Now: {label}\n\nz undoes it afterwards."
        self._ask(f"Clear the answer to {qid}?", detail, "Clear", "Keep", answered)

    def undo(self) -> None:
        """z / ctrl+z: put the last changed answer back (a change like any other, audited)."""
        screen, model, queue = self.screen, self.screen.model, self.screen.saving.queue
        if not queue.undo or model is None:
            screen.notify("Nothing to undo.", markup=False)
            return
        step = queue.undo.pop()
        question = model.question(step.question_id)
        was = "no answer" if step.value is None else answer_label(question, step.value)
        screen.saving.add(step.job(), undoable=False)
        screen.go_to(step.question_id)
        screen.notify(f"Undo: {step.question_id} back to {was}", markup=False)

    def confirm(self) -> None:
        question = self.screen.question()
        if question is not None:
            self.screen.saving.add(Job("confirm", question.id))

    def confirm_all(self) -> None:
        """Ask first, with the count: confirming is vouching for each answer."""
        screen, model = self.screen, self.screen.model
        if model is None or not model.carried_ids:
            return
        ids = list(model.carried_ids)
        first = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")

        def answered(yes: bool | None) -> None:
            if yes:
                screen.saving.add(Job("confirm_all", None, value=ids))

        self._ask(
            f"Confirm all {len(ids)} carried-over answers?"
            if len(ids) > 1
            else "Confirm the carried-over answer?",
            f"{counted(len(ids), 'answer')} carried over from the last review or filled from "
            f"reports are unconfirmed ({first}). Confirm each as still true, as if you "
            "had answered it?",
            f"Confirm {len(ids)}",
            "Cancel",
            answered,
        )

    def comment(self) -> None:
        screen = self.screen
        question = screen.question()
        if question is not None and screen.model is not None:
            qid, answer = question.id, screen.model.answer(question.id)

            def done(text: str | None) -> None:
                if text is not None:
                    screen.saving.add(Job("comment", qid, comment=text))

            screen.app.push_screen(comment_modal(question, answer), done)

    def evidence(self) -> None:
        screen = self.screen
        question = screen.question()
        if question is not None:
            qid = question.id

            def done(path: Path | None) -> None:
                if path is not None:
                    screen.saving.add(Job("evidence", qid, path=path))

            screen.app.push_screen(evidence_modal(qid, screen.vr_app.output_dir), done)

    # --- Enter: type an answer, or save the ticked options --------------------------------

    def enter(self) -> None:
        screen = self.screen
        question = screen.question()
        if question is None or screen.model is None or not screen.model.editable:
            return
        if question.type is QuestionType.TEXT:
            self._edit_text(question)
        elif not question.type.scored:
            screen.query_one(QuestionPanel).input.focus()
        elif question.type is QuestionType.MULTI:
            self.save_ticked(question)
        else:
            self.tick()

    def _edit_text(self, question: Question) -> None:
        """A text answer in a multi-line editor (ctrl+s saves, ctrl+o opens $EDITOR)."""
        screen = self.screen
        assert screen.model is not None
        qid = question.id

        def done(text: str | None) -> None:
            model = screen.model
            if text is None or model is None or qid not in model.shown:
                return
            try:
                value = parse_answer(model.question(qid), text)
            except AnswerError as error:
                screen.state(qid).input_error = str(error)
                screen.render_panel()
                return
            screen.state(qid).input_error = None
            screen.saving.add(Job("answer", qid, value))

        screen.app.push_screen(text_answer_modal(question, screen.model.answer(qid)), done)

    def typed(self, text: str) -> None:
        """Enter in the answer field: save what it holds, if it reads as an answer."""
        question = self.screen.question()
        if question is None:
            return
        state = self.screen.state(question.id)
        try:
            value = parse_answer(question, text)
        except AnswerError as error:
            state.input_error = str(error)
            self.screen.render_panel()
            return
        state.input_error = None
        self._save(question, value)  # focus stays in the field: Esc goes back to the list

    def leave_input(self) -> bool:
        """Esc in the answer field leaves it (asking if it holds unsaved text); ``False``
        when the field does not have the focus."""
        if not self.screen.query_one(QuestionPanel).input.has_focus:
            return False
        if self.typed_text() is not None:
            self._ask_drop_typed()
        else:
            self._leave_input()
        return True

    def _leave_input(self) -> None:
        screen = self.screen
        if screen.current is not None:
            screen.state(screen.current).input_error = None
        screen.query_one(QuestionPanel).forget_input()
        screen.render_panel()
        screen.query_one(QuestionList).focus()

    def _ask_drop_typed(self) -> None:
        screen = self.screen

        def answered(discard: bool | None) -> None:
            if discard:
                screen.call_after_refresh(self._leave_input)
            else:
                screen.call_after_refresh(screen.query_one(QuestionPanel).input.focus)

        self._ask(
            "Discard the answer you typed?",
            "It is not saved yet. Enter in the field saves it.",
            "Discard",
            "Keep editing",
            answered,
        )
