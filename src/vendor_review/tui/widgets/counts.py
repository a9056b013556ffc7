"""A card of counters and items (the dashboard's building block): each line opens what it
counts or names."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
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
    """A counter: ``label`` and how many (``n``), in ``tone`` when there are any."""

    id: str
    label: str
    n: int
    tone: Tone | None = None


def item(id: str, label: str, *detail: str) -> Option:
    """A line naming one thing (an assessment, a due date), each ``detail`` dim on its own
    line under it. Outside text (vendor names) is always literal."""
    text = plain(label)
    for line in detail:  # a line break is layout, never inside one line
        text.append("\n  " + shown(line), style="dim")
    return Option(text, id=id)


class CountList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="dashboard.open"),
    ]

    def show(self, counts: Sequence[Count | Option], empty: str = "Nothing here") -> None:
        """Replace the lines, keeping the highlighted one where it still exists."""
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self.clear_options()
        if not counts:
            self.add_option(Option(Text(empty, style="dim"), disabled=True))
            return
        self.add_options([c if isinstance(c, Option) else self._line(c) for c in counts])
        self.highlighted = 0
        if highlighted is not None:
            with contextlib.suppress(OptionDoesNotExist):  # gone: stay on the first
                self.highlighted = self.get_option_index(highlighted)

    def _line(self, count: Count) -> Option:
        """The label (outside text: always literal) and the count, toned in this theme."""
        style = tone(self.app, count.tone) if count.n and count.tone else ""
        if not count.n:
            style = "dim"
        label = shown(count.label)
        label = label if len(label) <= LABEL_WIDTH else label[:LABEL_WIDTH]
        prompt = Text.assemble(
            (f"{label:<{LABEL_WIDTH}}", "" if count.n else "dim"),
            (f"{count.n:>7,}", f"bold {style}".strip()),
        )
        return Option(prompt, id=count.id)
