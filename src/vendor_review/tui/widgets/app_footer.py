"""The footer of every screen: the keys that apply now, from the BINDINGS of the app, the
screen and the widget in focus (as Textual's Footer), with ``?`` (help) and Esc (back)
first, so they are never cut off. When the keys do not fit the width, labels are dropped
before keys, from the least important end: ``? Help Esc Back 1-9 0 c e …``."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST = ("help", "back")  # actions shown first, always with their label
PALETTE = 4  # "^p" at the right


def _rank(binding: Binding) -> int:
    action = binding.action.removeprefix("app.")
    return FIRST.index(action) if action in FIRST else len(FIRST)


Shown = tuple[tuple[str, str, str, str, bool, str], ...]
"""Each key the footer shows: binding's key, key shown, label, action, enabled, tooltip."""


class AppFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._composed: Shown | None = None

    def keys_shown(self) -> Shown:
        seen: set[str] = set()
        shown: list[tuple[Binding, bool, str]] = []
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                shown.append((binding, enabled, tooltip))
        shown.sort(key=lambda item: _rank(item[0]))
        keys = [self.app.get_key_display(b) for b, _, _ in shown]
        labels = [b.description for b, _, _ in shown]
        width = max(self.app.size.width, 20) - 1

        def needed() -> int:
            return sum(
                len(k) + 1 + (len(d) + 1 if d else 0) for k, d in zip(keys, labels, strict=True)
            )

        # Labels go first (from the end, never ? and Esc), then whole keys from the end.
        for index in reversed(range(len(shown))):
            if needed() <= width:
                break
            if _rank(shown[index][0]) >= len(FIRST):
                labels[index] = ""
        while needed() > width and len(shown) > len(FIRST):
            shown.pop()
            keys.pop()
            labels.pop()
        return tuple(
            (binding.key, key, label, binding.action, enabled, tooltip or binding.description)
            for (binding, enabled, tooltip), key, label in zip(shown, keys, labels, strict=True)
        )

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._composed = self.keys_shown()
        for binding_key, key, label, action, enabled, tooltip in self._composed:
            yield FooterKey(
                binding_key, key, label, action, disabled=not enabled, tooltip=tooltip
            ).data_bind(compact=Footer.compact)

    async def recompose(self) -> None:
        """Only when the keys to show changed. Textual refreshes a screen's bindings
        several times when the focus moves, and its Footer remounts every key each time
        (issue 14: the first filter keystroke after ``/`` waited for three of those)."""
        gone_or_new = not self.is_attached or self._composed is None  # (Footer's own way)
        if gone_or_new or self.keys_shown() != self._composed:
            await super().recompose()

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompose)
