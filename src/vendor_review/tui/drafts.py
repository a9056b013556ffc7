"""Text typed and not saved, kept as a draft file when the app is ended by a signal
(SIGTERM, SIGHUP, the terminal gone): nothing typed is lost.

Screens that hold typed text say so through ``draft_text()``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from textual.screen import Screen


def drafts_dir() -> Path:
    """Where text typed and not saved goes when the app is ended by a signal."""
    from platformdirs import user_state_dir

    return Path(user_state_dir("vendor-review")) / "drafts"


def drafts_of(screens: Iterable[Screen[object]]) -> list[str]:
    """The text typed in these screens' editors and not saved yet."""
    found = []
    for screen in screens:
        draft = getattr(screen, "draft_text", None)
        if callable(draft) and (text := draft()):
            found.append(str(text))
    return found


def write_drafts(drafts: list[str], folder: Path) -> Path:
    """Write ``drafts`` to a new file (readable by its owner only) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = folder / f"draft-{stamp}-{os.getpid()}.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n\n---\n\n".join(drafts) + "\n")
    return path
