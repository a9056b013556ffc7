"""The current question: text, help, refs, options, comment, evidence and saved state.

Everything here comes from questionnaires, reviewers or vendors, so it is built as Rich
``Text`` (never markup). The panel only displays; the screen owns the keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widgets import Input, Static

from vendor_review.domain.enums import NA, EvidenceRule, QuestionType
from vendor_review.domain.questionnaire import Question, ShowIf, describe_condition
from vendor_review.tui.screens.assessment_model import RunnerModel
from vendor_review.tui.text import plain, shown
from vendor_review.tui.widgets.text_input import TextInput

HINTS = {
    QuestionType.DATE: "a date as YYYY-MM-DD",
    QuestionType.NUMBER: "a number",
    QuestionType.TEXT: "text",
}


@dataclass
class PanelState:
    """What the screen tracks per question between saves."""

    cursor: int = 0  # the option the arrows point at
    pending: list[str] | None = None  # a multiple choice not saved yet
    status: tuple[str, str] | None = None  # ("saving" | "saved" | "error" | "conflict", text)
    input_error: str | None = None

    @classmethod
    def start(cls, model: RunnerModel | None, question_id: str) -> PanelState:
        """The arrows start at the option chosen (the first one chosen, for a multi)."""
        state = cls()
        if model is not None:
            values = [o.value for o in model.question(question_id).choices]
            value = model.value(question_id)
            first = value[0] if isinstance(value, list) and value else value
            state.cursor = values.index(first) if first in values else 0
        return state


def utc(moment: datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return moment.strftime(fmt) + " UTC"


class QuestionPanel(VerticalScroll):
    can_focus = False

    DEFAULT_CSS = """
    QuestionPanel {
        height: 1fr;
        padding: 0 1;
    }
    QuestionPanel > Static {
        height: auto;
    }
    QuestionPanel #q-meta { color: $text-muted; }
    QuestionPanel #q-text { text-style: bold; margin-top: 1; }
    QuestionPanel #q-help { color: $text-muted; text-style: italic; margin-top: 1; }
    QuestionPanel #q-options { margin-top: 1; }
    QuestionPanel #q-input { margin-top: 1; width: 100%; }
    QuestionPanel #q-input-error { color: $text-error; }
    QuestionPanel #q-extra { margin-top: 1; }
    QuestionPanel #q-status { margin-top: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._input_for: str | None = None

    def compose(self) -> ComposeResult:
        # The question and its answers first, then what was said about it, then guidance:
        # on a small terminal what needs reading to answer is above the fold.
        yield Static(id="q-meta")
        yield Static(id="q-text")
        yield Static(id="q-options")
        yield TextInput(id="q-input")
        yield Static(id="q-input-error")
        yield Static(id="q-status")
        yield Static(id="q-extra")
        yield Static(id="q-help")
        yield Static(id="q-refs")

    @property
    def input(self) -> Input:
        return self.query_one("#q-input", Input)

    @property
    def input_for(self) -> str | None:
        """The question whose answer the field holds (None: the field is not in use)."""
        return self._input_for

    def forget_input(self) -> None:
        """Drop what was typed: the next ``show`` puts the saved answer back."""
        self._input_for = None

    def clear(self, message: str) -> None:
        for static in self.query(Static):
            static.update("")
            static.display = False
        self._set("#q-text", Text(message))
        self.input.display = False
        self._input_for = None

    def show(
        self, model: RunnerModel, question: Question, state: PanelState, styles: dict[str, str]
    ) -> None:
        section = model.questionnaire.section_of(question.id)
        self._set("#q-meta", _meta(model, question, section.title if section else ""))
        self._set("#q-text", plain(question.text))
        self._set("#q-help", plain(question.help or ""))
        self._set("#q-refs", plain("Refs: " + "; ".join(question.refs) if question.refs else ""))
        self._set("#q-options", _options(model, question, state, styles))
        self._show_input(model, question, state)
        self._set("#q-input-error", plain(state.input_error or ""))
        self._set("#q-extra", _extra(model, question, styles))
        self._set("#q-status", _status(model, question, state, styles))
        if question.type.scored:
            self.call_after_refresh(self.reveal_option, _option_line(question, state.cursor))

    def reveal_option(self, line: int) -> None:
        """Scroll (as little as needed) so the options show, the one the arrows point at
        at least: on a small terminal a long question pushes them below the fold."""
        options = self.query_one("#q-options", Static)
        if not options.display:
            return
        block = options.virtual_region
        self.scroll_to_region(block, animate=False, immediate=True)
        row = Region(block.x, block.y + min(line, max(block.height - 1, 0)), block.width, 1)
        self.scroll_to_region(row, animate=False, immediate=True)

    def _set(self, selector: str, text: Text) -> None:
        static = self.query_one(selector, Static)
        static.update(text)
        static.display = bool(text.plain)

    def _show_input(self, model: RunnerModel, question: Question, state: PanelState) -> None:
        # A text answer opens a multi-line editor (enter); a date or a number is typed here.
        typed = not question.type.scored and question.type is not QuestionType.TEXT
        self.input.display = typed and model.editable
        if not typed:
            self._input_for = None
            return
        hint = HINTS.get(question.type, "an answer")
        na = ", or na" if question.na_allowed else ""
        self.input.placeholder = f"Enter, then type {hint}{na}; Enter saves, Esc cancels"
        if self._input_for != question.id or (state.status and state.status[0] == "saved"):
            value = model.value(question.id)
            self.input.value = "" if value is None else ("na" if value == NA else shown(value))
            self._input_for = question.id


def _meta(model: RunnerModel, question: Question, section_title: str) -> Text:
    parts = [question.id, section_title, f"weight {question.weight:g}"]
    if question.critical:
        parts.append("critical")
    parts.append("required" if question.is_required else "optional")
    if question.evidence is not EvidenceRule.NONE:
        parts.append(f"evidence {question.evidence.value}")
    parts.append("N/A allowed" if question.na_allowed else "no N/A")
    text = plain(" · ".join(parts))
    if question.show_if is not None:
        why = describe_condition(
            question.show_if, lambda leaf, negated: _test(model, leaf, negated)
        )
        text.append(shown(f"\nasked because {why}", multiline=True))
    return text


def _test(model: RunnerModel, leaf: ShowIf, negated: bool) -> str:
    """One question's test in words: the question's text and the options' labels."""
    asked = model.question(leaf.question)
    labels = {o.value: o.label for o in asked.choices}
    chosen = " or ".join(f"“{labels.get(v, v)}”" for v in leaf.in_)
    return f"the answer to “{asked.text}” is {'not ' if negated else ''}{chosen}"


def _option_line(question: Question, cursor: int) -> int:
    """The line of the options block the arrows point at (before any wrapping)."""
    return min(cursor, len(question.choices))


def _options(
    model: RunnerModel, question: Question, state: PanelState, styles: dict[str, str]
) -> Text:
    out = Text()
    value = model.value(question.id)
    if not question.type.scored:
        label = model.label(question.id)
        out.append("Answer: ", style="bold")
        out.append_text(plain(label, "") if label else Text("(not answered)", style="dim"))
        if question.type is QuestionType.TEXT and model.editable:
            out.append("\n  Enter  write or change it (a multi-line editor)", style="dim")
        if question.na_allowed:
            out.append("\n  0  N/A", style="dim")
        return out
    multi = question.type is QuestionType.MULTI
    chosen = set(value if isinstance(value, list) else [] if value is None else [str(value)])
    picked = set(state.pending) if multi and state.pending is not None else chosen
    for index, option in enumerate(question.choices):
        cursor = "▸ " if index == state.cursor and model.editable else "  "
        if multi:
            box = "[x]" if option.value in picked else "[ ]"
        else:
            box = "●" if option.value in chosen else "○"
        style = f"bold {styles.get('accent', '')}" if option.value in picked else ""
        key = str(index + 1) if index < 9 else " "
        out.append(f"{cursor}{key} {box} ", style=style)
        out.append(shown(option.label), style=style)
        out.append(f"  ({option.score:g})\n", style="dim")
    if question.na_allowed:
        style = f"bold {styles.get('accent', '')}" if value == NA else "dim"
        out.append(f"  0 {'●' if value == NA else '○'} N/A\n", style=style)
    if multi and state.pending is not None and set(state.pending) != chosen:
        out.append("  not saved yet: Enter saves the ticked options", style=styles.get("warning"))
    out.rstrip()
    return out


def _extra(model: RunnerModel, question: Question, styles: dict[str, str]) -> Text:
    out = Text()
    answer = model.answer(question.id)
    if answer is not None and answer.comment:
        out.append("Comment: ", style="bold")
        out.append(shown(answer.comment, multiline=True) + "\n")
    ids = answer.evidence_ids if answer is not None else []
    if ids:
        out.append("Evidence: ", style="bold")
        names = []
        for evidence_id in ids:
            found = model.view.evidence.get(evidence_id)
            names.append(
                f"{shown(found.name)} ({found.size:,} bytes)" if found else f"#{evidence_id}"
            )
        out.append("; ".join(names) + "\n")
    elif question.evidence is EvidenceRule.REQUIRED:
        out.append(
            "Evidence required: none linked yet (e adds a file)\n", style=styles.get("warning")
        )
    source = answer.source if answer is not None else None
    if model.carried(question.id):
        origin = shown(source or f"Carried over from assessment #{model.assessment.previous_id}")
        out.append(
            f"↺ {origin[0].upper()}{origin[1:]}: check it, then y confirms it (or answer anew)\n",
            style=styles.get("warning"),
        )
    elif source is not None and question.id in model.values:
        said = shown(source)
        out.append(f"{said[0].upper()}{said[1:]}, confirmed\n", style="dim")
    elif model.is_rereview and question.id in model.values and model.changed(question.id):
        out.append(
            f"Δ Changed since assessment #{model.assessment.previous_id}: "
            f"was {shown(model.previous_label(question.id))}\n",
            style=styles.get("accent"),
        )
    out.rstrip()
    return out


def _status(
    model: RunnerModel, question: Question, state: PanelState, styles: dict[str, str]
) -> Text:
    answer = model.answer(question.id)
    if state.status is not None:
        kind, message = state.status
        style = {
            "saving": "italic",
            "saved": styles.get("success", ""),
            "error": styles.get("error", ""),
            "conflict": f"bold {styles.get('error', '')}",
        }[kind]
        return plain(message, style)
    if answer is not None and question.id in model.values:
        if answer.source is not None and answer.carried_over:
            return Text(
                f"Pre-filled when {shown(answer.answered_by)} started it, "
                f"{utc(answer.answered_at)}",
                style="dim",
            )
        verb = "Carried over" if answer.carried_over else "Answered"
        return Text(
            f"{verb} by {shown(answer.answered_by)}, {utc(answer.answered_at)}", style="dim"
        )
    if not model.editable:
        return Text("Not answered", style="dim")
    hint = "Not answered yet" + (" (required)" if question.is_required else " (optional)")
    return Text(hint, style="dim")
