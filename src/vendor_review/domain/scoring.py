"""Pure, explainable scoring (DESIGN §5).

``score()`` turns a questionnaire and its answers into per-question, per-section and control
scores; ``rate()`` adds inherent risk, band and residual rating from the policy;
``findings_on_submit()`` lists the findings a submission opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Literal

from vendor_review.domain.answers import AnswerValue, answer_label
from vendor_review.domain.enums import (
    NA,
    Band,
    Criticality,
    DataAccess,
    InherentRisk,
    QuestionType,
    Rating,
    Severity,
)
from vendor_review.domain.policy import Policy
from vendor_review.domain.questionnaire import Question, Questionnaire

State = Literal["scored", "na", "hidden", "unanswered", "recorded"]
Answers = Mapping[str, AnswerValue]


@dataclass(frozen=True)
class QuestionScore:
    question_id: str
    section_id: str
    weight: float
    state: State
    score: float | None
    critical: bool = False
    required: bool = False

    @property
    def contribution(self) -> float:
        return self.weight * self.score if self.score is not None else 0.0

    @property
    def critical_failure(self) -> bool:
        return self.critical and self.score is not None and self.score < 1


@dataclass(frozen=True)
class ScoreResult:
    control_score: float | None
    sections: dict[str, float | None]
    questions: tuple[QuestionScore, ...]
    weighted_sum: float
    total_weight: float

    @property
    def critical_failures(self) -> tuple[str, ...]:
        return tuple(q.question_id for q in self.questions if q.critical_failure)

    @property
    def missing_required(self) -> tuple[str, ...]:
        return tuple(
            q.question_id for q in self.questions if q.state == "unanswered" and q.required
        )

    @property
    def shown(self) -> tuple[QuestionScore, ...]:
        return tuple(q for q in self.questions if q.state != "hidden")


@dataclass(frozen=True)
class Rated:
    result: ScoreResult
    inherent: InherentRisk
    band: Band
    rating: Rating


@dataclass(frozen=True)
class FindingDraft:
    question_id: str
    severity: Severity
    text: str
    due_on: date | None


def round1(value: float) -> float:
    """One decimal, halves rounded up (as a person would by hand).

    The float is first cut to 9 decimals so binary noise (51.24999999999999 for a hand
    computed 51.25) does not turn a half into a value just below it.
    """
    exact = Decimal(repr(value)).quantize(Decimal("1e-9"), rounding=ROUND_HALF_EVEN)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def question_score(question: Question, value: AnswerValue) -> float | None:
    """s ∈ [0,1] of a scored answer; None for N/A and for unscored types."""
    if value == NA or not question.type.scored:
        return None
    if question.type is QuestionType.MULTI:
        values = value if isinstance(value, list) else [value]
        total = 0.0
        for v in values:
            option = question.option(str(v))
            total += option.score if option else 0.0
        return min(total, 1.0)
    option = question.option(str(value))
    return option.score if option else None


def is_shown(question: Question, answers: Answers, shown: set[str]) -> bool:
    rule = question.show_if
    if rule is None:
        return True
    if rule.question not in shown or rule.question not in answers:
        return False
    given = answers[rule.question]
    chosen = given if isinstance(given, list) else [str(given)]
    return any(v in rule.in_ for v in chosen)


def visible_questions(questionnaire: Questionnaire, answers: Answers) -> set[str]:
    shown: set[str] = set()
    for _, question in questionnaire.questions():
        if is_shown(question, answers, shown):
            shown.add(question.id)
    return shown


def _ratio(weighted: float, total: float) -> float | None:
    return round1(100 * weighted / total) if total > 0 else None


def score(questionnaire: Questionnaire, answers: Answers) -> ScoreResult:
    shown = visible_questions(questionnaire, answers)
    rows: list[QuestionScore] = []
    per_section: dict[str, list[float]] = {s.id: [0.0, 0.0] for s in questionnaire.sections}
    for section, question in questionnaire.questions():
        state: State
        s: float | None = None
        if question.id not in shown:
            state = "hidden"
        elif question.id not in answers:
            state = "unanswered"
        elif answers[question.id] == NA:
            state = "na"
        elif not question.type.scored:
            state = "recorded"
        else:
            s = question_score(question, answers[question.id])
            state = "scored" if s is not None else "unanswered"
        row = QuestionScore(
            question.id,
            section.id,
            question.weight,
            state,
            s,
            question.critical,
            question.is_required,
        )
        rows.append(row)
        if s is not None:
            per_section[section.id][0] += row.contribution
            per_section[section.id][1] += question.weight
    weighted = sum(v[0] for v in per_section.values())
    total = sum(v[1] for v in per_section.values())
    return ScoreResult(
        control_score=_ratio(weighted, total),
        sections={sid: _ratio(w, t) for sid, (w, t) in per_section.items()},
        questions=tuple(rows),
        weighted_sum=weighted,
        total_weight=total,
    )


def rate(
    result: ScoreResult, data_access: DataAccess, criticality: Criticality, policy: Policy
) -> Rated:
    inherent = policy.inherent(data_access, criticality)
    band = policy.band(result.control_score)
    rating = policy.residual(inherent, band, critical_failure=bool(result.critical_failures))
    return Rated(result, inherent, band, rating)


def findings_on_submit(
    questionnaire: Questionnaire,
    result: ScoreResult,
    answers: Answers,
    policy: Policy,
    raised_on: date,
) -> list[FindingDraft]:
    """At most one finding per question: critical failure, else s = 0 high, 0 < s < 1 medium."""
    drafts: list[FindingDraft] = []
    for row in result.questions:
        if row.score is None or row.score >= 1:
            continue
        if row.critical_failure:
            severity = Severity.CRITICAL
        elif row.score == 0:
            severity = Severity.HIGH
        else:
            severity = Severity.MEDIUM
        question = questionnaire.question(row.question_id)
        assert question is not None
        label = answer_label(question, answers.get(row.question_id))
        text = f"{question.text} Answered: {label} (score {row.score:g} of 1)."
        drafts.append(
            FindingDraft(row.question_id, severity, text, policy.finding_due(raised_on, severity))
        )
    return drafts
