"""Names and texts that would act as Rich/Textual markup if a widget parsed them: every
screen must show them as typed (``tui/text.py``, ``markup=False``)."""

from __future__ import annotations

EVIL = "[@click=app.quit]Evil Corp[/]"
BOLD = "ACME [/bold] Ltd"
EVIL_TEXT = "[@click=app.quit]Do you[/] encrypt [b]backups[/b]?"
