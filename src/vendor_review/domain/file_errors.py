"""A file that cannot be used, and each problem in it (where, what): what the YAML
reader, the questionnaire loader and the policy report. Light to import (no parser), so
code that only catches or raises these does not load one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


def format_path(path: Sequence[str | int]) -> str:
    """Where a problem is inside a file: ``sections[0].questions[2].id``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "(top level)"


@dataclass(frozen=True)
class Problem:
    """One problem in a file: where (path inside the file, line) and what."""

    location: str
    line: int | None
    message: str

    def __str__(self) -> str:
        parts = [f"line {self.line}"] if self.line is not None else []
        if self.location:
            parts.append(self.location)
        parts.append(self.message)
        return ": ".join(parts)


class YamlFileError(ValueError):
    """A file that cannot be used; ``str()`` is one line naming the file and the first problem."""

    def __init__(self, path: Path, problems: Sequence[Problem], *, display: str | None = None):
        if not problems:
            raise ValueError("YamlFileError needs at least one problem")
        self.path = path
        self.display = display or path.name
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.line is not None, p.line or 0))
        )
        first = self.problems[0]
        self.location = first.location
        self.line = first.line
        self.message = first.message
        more = len(self.problems) - 1
        super().__init__(f"{self.display}: {first}" + (f" (and {more} more)" if more else ""))
