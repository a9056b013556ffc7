"""Outside text is never markup: every string from a user or vendor goes through here."""

from __future__ import annotations

from rich.text import Text


def plain(value: object, style: str = "") -> Text:
    """A literal ``Text`` (``[b]`` stays ``[b]``); ``None`` shows as a dash."""
    if value is None:
        return Text("–", style="dim")
    if isinstance(value, float):
        return Text(f"{value:.1f}", style=style)
    return Text(str(value), style=style)
