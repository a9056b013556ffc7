"""Assessments: their answers, the live score with every question's part in it, and what
changed from one assessment of a vendor to the next."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from vendor_review.domain.answers import AnswerValue
from vendor_review.domain.enums import AssessmentStatus
from vendor_review.service.assessment_list import Assessment as Assessment
from vendor_review.service.dto.base import Out
from vendor_review.service.dto.findings import Finding


class Answer(Out):
    question_id: str
    value: AnswerValue | None
    comment: str | None
    carried_over: bool
    """Not typed in this assessment and not yet confirmed: carried over, or from a report."""
    source: str | None = None
    """Where the value came from when a report gave it: "from SOC 2 Type II report #3"."""
    source_report_id: int | None = None
    answered_by: str
    answered_at: datetime
    evidence_ids: list[int] = Field(default_factory=list)
    version: int


class AssessmentDetail(Out):
    assessment: Assessment
    definition: dict[str, Any]
    answers: dict[str, Answer]
    findings: list[Finding]


class QuestionLine(Out):
    question_id: str
    section_id: str
    text: str
    answer: str
    state: str
    weight: float
    score: float | None
    contribution: float
    critical: bool
    critical_failure: bool
    accept_at: float | None = None
    met: bool | None = None


class ScoreReport(Out):
    assessment_id: int
    status: AssessmentStatus
    control_score: float | None
    sections: dict[str, float | None]
    critical_failures: list[str]
    inherent_risk: str
    band: str
    rating: str
    weighted_sum: float
    total_weight: float
    na_weight: float = 0.0
    na_excess_weight: float = 0.0
    missing_required: list[str]
    questions: list[QuestionLine]
    next_review_due: date | None


class AnswerChange(Out):
    question_id: str
    text: str
    before: str  # the answer as a person reads it; "" when not answered
    after: str
    score_before: float | None
    score_after: float | None


class AssessmentDiff(Out):
    """What changed from one assessment of a vendor to another."""

    before: Assessment
    after: Assessment
    answers: list[AnswerChange]
    unchanged: int
    # Carried-over answers the new assessment's reviewer confirmed unchanged (question ids).
    confirmed_unchanged: list[str] = Field(default_factory=list)
    findings_opened: list[Finding]
    findings_closed: list[Finding]
