"""Pure, explainable scoring (DESIGN §5).

``score()`` turns a questionnaire and its answers into per-question, per-section and control
scores; ``rate()`` adds inherent risk, band and residual rating from the policy;
``findings_on_submit()`` lists the findings a submission opens: one per question answered
below its ``accept_at``.

N/A rule: N/A is an answer only where the question allows it (never on a critical
question), needs a reason where the policy or question says so (checked where answers come
in, see :func:`vendor_review.domain.answers.check_na_reason`), and N/A weight beyond the
policy's ``na_weight_limit`` share of the shown scored weight counts as a score of 0, so
ticking N/A everywhere cannot make a vendor look strong.
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
from vendor_review.domain.policy import Policy, default_policy
from vendor_review.domain.questionnaire import (
    AllOf,
    AnyOf,
    Condition,
    NotOf,
    Question,
    Questionnaire,
    Section,
    ShowIf,
    describe_condition,
)

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
    accept_at: float | None = None
    """The lowest acceptable score (None for questions that do not count in the score)."""

    @property
    def contribution(self) -> float:
        return self.weight * self.score if self.score is not None else 0.0

    @property
    def met(self) -> bool | None:
        """Whether the answer meets ``accept_at``; None when there is no score to judge."""
        if self.score is None or self.accept_at is None:
            return None
        return self.score >= self.accept_at

    @property
    def below_accept(self) -> bool:
        return self.met is False

    @property
    def critical_failure(self) -> bool:
        """A critical question answered below its ``accept_at``."""
        return self.critical and self.below_accept


@dataclass(frozen=True)
class ScoreResult:
    control_score: float | None
    sections: dict[str, float | None]
    questions: tuple[QuestionScore, ...]
    weighted_sum: float
    total_weight: float
    na_weight: float = 0.0
    """Weight of the shown scored questions answered N/A."""
    na_excess_weight: float = 0.0
    """N/A weight beyond the policy's share, counted in ``total_weight`` with score 0."""

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
    """s ∈ [0,1] of a scored answer; None for N/A, unscored types and ``scored: false``."""
    if value == NA or not question.counts:
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


def condition_holds(rule: Condition, answers: Answers, shown: set[str]) -> bool:
    """Whether a ``show_if`` condition holds, given the answers and the questions shown
    so far (a test on a hidden or unanswered question is false; ``not`` of it is true)."""
    match rule:
        case ShowIf():
            if rule.question not in shown or rule.question not in answers:
                return False
            given = answers[rule.question]
            chosen = given if isinstance(given, list) else [str(given)]
            return any(v in rule.in_ for v in chosen)
        case AllOf():
            return all(condition_holds(r, answers, shown) for r in rule.all_)
        case AnyOf():
            return any(condition_holds(r, answers, shown) for r in rule.any_)
        case NotOf():
            return not condition_holds(rule.not_, answers, shown)
    raise AssertionError(rule)  # pragma: no cover


def is_shown(
    question: Question, answers: Answers, shown: set[str], section: Section | None = None
) -> bool:
    """Whether ``question`` is shown, given the questions shown before it (``shown``) and,
    when given, its section's own ``show_if``."""
    if (
        section is not None
        and section.show_if is not None
        and not condition_holds(section.show_if, answers, shown)
    ):
        return False
    rule = question.show_if
    return rule is None or condition_holds(rule, answers, shown)


def why_hidden(questionnaire: Questionnaire, question_id: str) -> str:
    """Why a question may be hidden: the conditions on it and its section, as text."""
    section = questionnaire.section_of(question_id)
    question = questionnaire.question(question_id)
    parts = []
    if section is not None and section.show_if is not None:
        parts.append(f"its section applies only when {describe_condition(section.show_if)}")
    if question is not None and question.show_if is not None:
        parts.append(f"it applies only when {describe_condition(question.show_if)}")
    return "; ".join(parts) or "it is not shown"


def visible_questions(questionnaire: Questionnaire, answers: Answers) -> set[str]:
    shown: set[str] = set()
    for section in questionnaire.sections:
        # A section's condition looks at earlier sections only: decide it once.
        if section.show_if is not None and not condition_holds(section.show_if, answers, shown):
            continue
        for question in section.questions:
            if is_shown(question, answers, shown):
                shown.add(question.id)
    return shown


def _ratio(weighted: float, total: float) -> float | None:
    return round1(100 * weighted / total) if total > 0 else None


def score(
    questionnaire: Questionnaire, answers: Answers, policy: Policy | None = None
) -> ScoreResult:
    """Per-question, per-section and control scores (``policy`` gives the default
    ``accept_at`` and the N/A share; DESIGN §5's defaults when None)."""
    policy = policy or _DEFAULT_POLICY
    shown = visible_questions(questionnaire, answers)
    rows: list[QuestionScore] = []
    per_section: dict[str, list[float]] = {s.id: [0.0, 0.0] for s in questionnaire.sections}
    na_weight = 0.0
    for section, question in questionnaire.questions():
        state: State
        s: float | None = None
        if question.id not in shown:
            state = "hidden"
        elif question.id not in answers:
            state = "unanswered"
        elif answers[question.id] == NA:
            state = "na"
            na_weight += question.weight if question.counts else 0.0
        elif not question.counts:
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
            policy.accept_at_of(question) if question.counts else None,
        )
        rows.append(row)
        if s is not None:
            per_section[section.id][0] += row.contribution
            per_section[section.id][1] += question.weight
    weighted = sum(v[0] for v in per_section.values())
    scored_weight = sum(v[1] for v in per_section.values())
    allowed_na = policy.na_weight_limit * (scored_weight + na_weight)
    excess = max(0.0, na_weight - allowed_na) if na_weight else 0.0
    total = scored_weight + excess
    return ScoreResult(
        control_score=_ratio(weighted, total),
        sections={sid: _ratio(w, t) for sid, (w, t) in per_section.items()},
        questions=tuple(rows),
        weighted_sum=weighted,
        total_weight=total,
        na_weight=na_weight,
        na_excess_weight=excess,
    )


_DEFAULT_POLICY = default_policy()


def rate(
    result: ScoreResult, data_access: DataAccess, criticality: Criticality, policy: Policy
) -> Rated:
    inherent = policy.inherent(data_access, criticality)
    band = policy.band(result.control_score)
    rating = policy.residual(inherent, band, critical_failure=bool(result.critical_failures))
    return Rated(result, inherent, band, rating)


def finding_severity(question: Question, row: QuestionScore, value: AnswerValue) -> Severity | None:
    """The severity of the finding an answer opens, or None when it opens none.

    Only an answer below ``accept_at`` opens one. The chosen option's ``finding`` decides
    (for ``multi``, the most severe among the chosen options that set one; ``none`` means
    no finding); otherwise a critical question opens ``critical``, a score of 0 ``high``
    and anything else ``medium``.
    """
    if not row.below_accept or row.score is None:
        return None
    chosen = value if isinstance(value, list) else [str(value)]
    options = [o for o in (question.option(v) for v in chosen) if o and o.finding is not None]
    if options:
        severities = [o.finding_severity for o in options]
        named = [sev for sev in severities if sev is not None]
        return max(named, key=_SEVERITY_RANK.__getitem__) if named else None
    if question.critical:
        return Severity.CRITICAL
    if row.score == 0:
        return Severity.HIGH
    return Severity.MEDIUM


_SEVERITY_RANK = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2, Severity.CRITICAL: 3}


def findings_on_submit(
    questionnaire: Questionnaire,
    result: ScoreResult,
    answers: Answers,
    policy: Policy,
    raised_on: date,
) -> list[FindingDraft]:
    """At most one finding per question, for answers below ``accept_at`` (see
    :func:`finding_severity`)."""
    drafts: list[FindingDraft] = []
    for row in result.questions:
        question = questionnaire.question(row.question_id)
        assert question is not None
        value = answers.get(row.question_id)
        if value is None:
            continue
        severity = finding_severity(question, row, value)
        if severity is None:
            continue
        label = answer_label(question, value)
        text = (
            f"{question.text} Answered: {label} (score {row.score:g} of 1, "
            f"acceptable from {row.accept_at:g})."
        )
        drafts.append(
            FindingDraft(row.question_id, severity, text, policy.finding_due(raised_on, severity))
        )
    return drafts
