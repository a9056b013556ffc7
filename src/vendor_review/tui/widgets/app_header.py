"""The header of every screen: where you are, as a breadcrumb of the screens Esc walks
back through ("Vendors › Vendor: Acme › Assessment #7"), then the screen's sub-title."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Header


class AppHeader(Header):
    def format_title(self) -> Content:
        where = getattr(self.app, "breadcrumb", None)
        title = where(self.screen) if callable(where) else self.screen_title
        return self.app.format_title(title or self.screen_title, self.screen_sub_title)
