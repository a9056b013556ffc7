"""The app's multi-line text box: what is typed or pasted into it is drawn harmlessly.

Like ``TextInput`` for one line: a paste can hold control, bidi and invisible characters;
saving refuses them, naming the character (``domain.text_rules.text_problem``), but until
then the editor draws its text, so each such character is drawn as one symbol
(``visible_each``: ESC as ``␛``, U+202E as ``�``; TAB and line breaks stay) — the text
itself is what was typed. Every ``TextArea`` in the app is this one
(``tests/tui/test_text_paths.py`` checks).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import TextArea

from vendor_review.domain.text_rules import visible_each


class TextEditor(TextArea):
    def get_line(self, line_index: int) -> Text:
        # From the document, not ``super()``'s Text: Rich drops BEL, BS, VT, FF and CR from
        # a Text, which would shift the cursor and hide that they are there.
        line = self.document.get_line(line_index)
        return Text(visible_each(line, multiline=True), end="", no_wrap=True)
