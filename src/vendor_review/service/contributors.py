"""Who worked on an assessment (``assessment_contributors``) and the four-eyes check on it.

Every path that starts, answers, confirms or submits calls ``contribute`` in its own
transaction; ``four_eyes_refusal`` reads the rows back when someone decides. The table
holds plain columns so a database trigger can apply the same rule: one row per actor and
role (migration 0011). How many questions someone answered or confirmed, for the
refusal's words, is read from the answers as they stand.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from vendor_review.domain.four_eyes import ContributorRole, FourEyes, contribution_summary
from vendor_review.store.models import Answer, Assessment, AssessmentContributor


def contribute(
    s: Session, assessment_id: int, actor: str, role: ContributorRole, at: datetime
) -> None:
    """Note that ``actor`` did ``role`` on the assessment (the first time is kept)."""
    key = (assessment_id, actor, role.value)
    if s.get(AssessmentContributor, key) is None:
        s.add(
            AssessmentContributor(assessment_id=assessment_id, actor=actor, role=role.value, at=at)
        )


def contributions(s: Session, assessment_id: int, actor: str) -> set[str]:
    """The roles ``actor`` had on the assessment."""
    return set(
        s.scalars(
            select(AssessmentContributor.role).where(
                AssessmentContributor.assessment_id == assessment_id,
                AssessmentContributor.actor == actor,
            )
        )
    )


def answered_questions(s: Session, assessment_id: int, actor: str) -> dict[str, int]:
    """How many of the assessment's answers, as they stand, ``actor`` gave (``answered``:
    not carried over, not a confirmed carried-over one) or confirmed (``confirmed``)."""
    given = and_(
        Answer.answered_by == actor, Answer.carried_over.is_(False), Answer.confirmed_by.is_(None)
    )
    counts = s.execute(
        select(func.count().filter(given), func.count().filter(Answer.confirmed_by == actor)).where(
            Answer.assessment_id == assessment_id
        )
    ).one()
    return {
        ContributorRole.ANSWERED.value: int(counts[0]),
        ContributorRole.CONFIRMED.value: int(counts[1]),
    }


def four_eyes_refusal(
    s: Session, mode: FourEyes, a: Assessment, actor: str, verb: str
) -> str | None:
    """Why ``actor`` may not ``verb`` the assessment, or None when they may."""
    if mode is FourEyes.SUBMITTER:
        if a.submitted_by != actor:
            return None
        did = "submitted"
    else:
        roles = contributions(s, a.id, actor)
        if a.submitted_by == actor:
            roles.add(ContributorRole.SUBMITTED.value)
        if not roles:
            return None
        did = contribution_summary(roles, answered_questions(s, a.id, actor))
    joiner = " of " if did.endswith("questions") or did.endswith("question") else " "
    return (
        f"{actor} {did}{joiner}assessment #{a.id}, so {actor} cannot {verb} it: "
        "a second person who did not work on it must decide (four-eyes)"
    )
