"""Who worked on an assessment (``assessment_contributors``) and the four-eyes check on it.

Every path that starts, answers, confirms or submits calls ``contribute`` in its own
transaction; ``four_eyes_refusal`` reads the rows back when someone decides. The table
holds plain columns so a database trigger can apply the same rule.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from vendor_review.domain.four_eyes import ContributorRole, FourEyes, contribution_summary
from vendor_review.store.models import Assessment, AssessmentContributor


def contribute(
    s: Session,
    assessment_id: int,
    actor: str,
    role: ContributorRole,
    at: datetime,
    question_id: str = "",
) -> None:
    """Note that ``actor`` did ``role`` (for ``question_id``); once per kind of work."""
    key = (assessment_id, actor, role.value, question_id)
    if s.get(AssessmentContributor, key) is None:
        s.add(
            AssessmentContributor(
                assessment_id=assessment_id,
                actor=actor,
                role=role.value,
                question_id=question_id,
                at=at,
            )
        )


def contributions(s: Session, assessment_id: int, actor: str) -> list[tuple[str, str]]:
    """``(role, question id)`` of everything ``actor`` did on the assessment."""
    rows = s.execute(
        select(AssessmentContributor.role, AssessmentContributor.question_id).where(
            AssessmentContributor.assessment_id == assessment_id,
            AssessmentContributor.actor == actor,
        )
    )
    return [(r.role, r.question_id) for r in rows]


def four_eyes_refusal(
    s: Session, mode: FourEyes, a: Assessment, actor: str, verb: str
) -> str | None:
    """Why ``actor`` may not ``verb`` the assessment, or None when they may."""
    if mode is FourEyes.SUBMITTER:
        if a.submitted_by != actor:
            return None
        did = "submitted"
    else:
        done = contributions(s, a.id, actor)
        if a.submitted_by == actor:
            done.append((ContributorRole.SUBMITTED.value, ""))
        if not done:
            return None
        did = contribution_summary(done)
    joiner = " of " if did.endswith("questions") or did.endswith("question") else " "
    return (
        f"{actor} {did}{joiner}assessment #{a.id}, so {actor} cannot {verb} it: "
        "a second person who did not work on it must decide (four-eyes)"
    )
