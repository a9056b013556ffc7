"""The runner's left panel: each section with its progress (answered/shown) and score."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from vendor_review.tui.screens.assessment_model import RunnerModel, SectionInfo
from vendor_review.tui.text import plain


def _row(info: SectionInfo, *, done_style: str) -> Table:
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(width=5, no_wrap=True, justify="right")
    grid.add_column(width=5, no_wrap=True, justify="right")
    mark = Text("✓", style=done_style) if info.complete else Text("○", style="dim")
    score = Text("–", style="dim") if info.score is None else Text(f"{info.score:.1f}")
    grid.add_row(mark, plain(info.title), Text(f"{info.answered}/{info.shown}"), score)
    return grid


class SectionList(OptionList):
    """Shows where you are; tab / shift+tab (on the screen) or a click changes section."""

    can_focus = False

    DEFAULT_CSS = """
    SectionList {
        height: 1fr;
        max-height: 100%;
    }
    """

    def show(self, model: RunnerModel, current: int, *, done_style: str = "green") -> None:
        options = [
            Option(_row(model.section_info(s), done_style=done_style), id=s.id)
            for s in model.sections
        ]
        self.set_options(options)
        self.highlighted = current
