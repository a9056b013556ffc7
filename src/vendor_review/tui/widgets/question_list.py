"""The questions of the current section, one line each: state mark, text, answer."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from vendor_review.domain.questionnaire import Section
from vendor_review.tui.screens.assessment_model import RunnerModel
from vendor_review.tui.text import plain

MARKS = {
    "answered": "✓",
    "carried": "↺",
    "required": "○",
    "optional": "·",
}


def mark_of(model: RunnerModel, question_id: str) -> str:
    if model.carried(question_id):
        return "carried"
    if question_id in model.values:
        return "answered"
    return "required" if model.question(question_id).is_required else "optional"


class QuestionList(OptionList):
    """Up/down (or j/k) move between questions, past the last one into the next section
    (``on_edge``, called at once so a key pressed right after acts on the new question);
    enter edits a typed answer or saves a multiple choice; the rest is bound on the screen."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    DEFAULT_CSS = """
    QuestionList {
        height: auto;
        max-height: 12;
    }
    """

    def __init__(self, *, on_edge: Callable[[int], None], id: str | None = None) -> None:
        super().__init__(id=id)
        self.on_edge = on_edge

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted >= self.option_count - 1:
            self.on_edge(1)
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted <= 0:
            self.on_edge(-1)
        else:
            super().action_cursor_up()

    def show(
        self, model: RunnerModel, section: Section, current: str | None, styles: dict[str, str]
    ) -> None:
        options = []
        for question in model.questions_in(section):
            qid = question.id
            kind = mark_of(model, qid)
            grid = Table.grid(expand=True, padding=(0, 1))
            grid.add_column(width=2, no_wrap=True)
            grid.add_column(ratio=3, no_wrap=True, overflow="ellipsis")
            grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis", justify="right")
            mark = Text(MARKS[kind], style=styles.get(kind, ""))
            if model.changed(qid):
                mark.append("Δ", style=styles.get("changed", ""))
            answer = plain(model.label(qid), "dim" if kind == "carried" else "")
            if model.critical_failure(qid):
                answer.stylize(styles.get("failure", ""))
            grid.add_row(mark, plain(question.text), answer)
            options.append(Option(grid, id=qid))
        self.set_options(options)
        ids = [q.id for q in model.questions_in(section)]
        if ids:
            self.highlighted = ids.index(current) if current in ids else 0
