"""A card of counters (the dashboard's building block): each line opens what it counts."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from vendor_review.tui.text import plain, shown
from vendor_review.tui.tone import Tone, tone

LABEL_WIDTH = 30


@dataclass(frozen=True)
class Count:
    """One line: ``label`` and ``n`` (or ``text`` for an item that is not a count)."""

    id: str
    label: str
    n: int | None = None
    tone: Tone | None = None  # the colour of a non-zero count
    detail: tuple[str, ...] = ()  # lines under the label, each shown on its own


class CountList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="dashboard.open"),
    ]

    def show(self, counts: list[Count], empty: str = "Nothing here") -> None:
        """Replace the lines, keeping the highlighted one where it still exists."""
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self.clear_options()
        if not counts:
            self.add_option(Option(Text(empty, style="dim"), disabled=True))
            return
        self.add_options([Option(self._prompt(c), id=c.id) for c in counts])
        self.highlighted = 0
        if highlighted is not None:
            with contextlib.suppress(OptionDoesNotExist):  # gone: stay on the first
                self.highlighted = self.get_option_index(highlighted)

    def _prompt(self, count: Count) -> Text:
        """Outside text (vendor names) arrives in ``label``/``detail``: always literal."""
        if count.n is None:
            text = plain(count.label)
            for line in count.detail:  # a line break is layout, never inside one line
                text.append("\n  " + shown(line), style="dim")
            return text
        style = tone(self.app, count.tone) if count.n and count.tone else ""
        if not count.n:
            style = "dim"
        label = shown(count.label)
        label = label if len(label) <= LABEL_WIDTH else label[:LABEL_WIDTH]
        return Text.assemble(
            (f"{label:<{LABEL_WIDTH}}", "" if count.n else "dim"),
            (f"{count.n:>7,}", f"bold {style}".strip()),
        )
