"""Four-eyes against every contributor (issue 10, item 4): whoever started, answered,
confirmed or submitted an assessment cannot decide it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum


class FourEyes(StrEnum):
    CONTRIBUTORS = "contributors"
    """Nobody who worked on the assessment decides it (the default)."""
    SUBMITTER = "submitter"
    """Only the person who pressed submit is kept out (the rule before issue 10)."""


ContributorRole = StrEnum("ContributorRole", "STARTED ANSWERED CONFIRMED SUBMITTED")


def contribution_summary(roles: Iterable[str], questions: Mapping[str, int]) -> str:
    """The ``roles`` someone had on an assessment as words, with how many of its questions
    they answered or confirmed as its answers stand (``questions``, by role): "answered 31
    questions and submitted"; "answered questions" when none of the answers they gave is
    held any more (answered anew or cleared since)."""
    had = set(roles)
    parts = []
    for role in ContributorRole:
        if role.value not in had:
            continue
        if role in (ContributorRole.ANSWERED, ContributorRole.CONFIRMED):
            count = questions.get(role.value, 0)
            noun = "question" if count == 1 else "questions"
            parts.append(f"{role.value} {count} {noun}" if count else f"{role.value} {noun}")
        else:
            parts.append(role.value)
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else ""
