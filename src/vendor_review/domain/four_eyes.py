"""Four-eyes against every contributor (issue 10, item 4): whoever started, answered,
confirmed or submitted an assessment cannot decide it."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class FourEyes(StrEnum):
    CONTRIBUTORS = "contributors"
    """Nobody who worked on the assessment decides it (the default)."""
    SUBMITTER = "submitter"
    """Only the person who pressed submit is kept out (the rule before issue 10)."""


ContributorRole = StrEnum("ContributorRole", "STARTED ANSWERED CONFIRMED SUBMITTED")


def contribution_summary(roles: Iterable[tuple[str, str]]) -> str:
    """``(role, question id or "")`` pairs as words: "answered 31 questions and
    submitted"."""
    questions: dict[str, set[str]] = {}
    for role, question_id in roles:
        questions.setdefault(role, set())
        if question_id:
            questions[role].add(question_id)
    parts = []
    for role in ContributorRole:
        if role.value not in questions:
            continue
        count = len(questions[role.value])
        if role in (ContributorRole.ANSWERED, ContributorRole.CONFIRMED):
            noun = "question" if count == 1 else "questions"
            parts.append(f"{role.value} {count} {noun}")
        else:
            parts.append(role.value)
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else ""
