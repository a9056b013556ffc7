"""Assessment use cases: start (or re-review), answer, read and score. The answers a new
assessment starts with: ``service.assessment_prefill``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from vendor_review.domain.answers import (
    AnswerError,
    AnswerValue,
    answer_label,
    check_answer,
    check_na_reason,
)
from vendor_review.domain.enums import OPEN_STATUSES, AssessmentStatus
from vendor_review.domain.four_eyes import ContributorRole
from vendor_review.domain.policy import Policy
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.scoring import (
    ScoreResult,
    rate,
    score,
    visible_questions,
    why_hidden,
)
from vendor_review.service import dto
from vendor_review.service.answer_records import answer_conflict, answer_dict, answer_out
from vendor_review.service.assessment_list import AssessmentListOps, assessment_rows
from vendor_review.service.assessment_prefill import starting_answers
from vendor_review.service.base import row_dict, triaged, untriaged_message
from vendor_review.service.contributors import contribute
from vendor_review.service.errors import (
    ConflictError,
    NotFoundError,
    StateError,
    ValidationError,
)
from vendor_review.service.report_prefill import ReportPrefillOps, source_texts
from vendor_review.store.definitions import store_definition
from vendor_review.store.models import Answer, Assessment, Evidence, Finding
from vendor_review.store.tables import assessments


def answers_of(assessment: Assessment) -> dict[str, AnswerValue]:
    return {a.question_id: a.value for a in assessment.answers if a.value is not None}


def scored(
    assessment: Assessment, policy: Policy
) -> tuple[Questionnaire, dict[str, AnswerValue], ScoreResult]:
    """The questionnaire the assessment was answered on, its answers and their score."""
    q = Questionnaire.from_definition(assessment.definition)
    answers = answers_of(assessment)
    return q, answers, score(q, answers, policy)


class AssessmentOps(ReportPrefillOps, AssessmentListOps):
    # --- start ----------------------------------------------------------------------------

    def start_assessment(
        self,
        vendor_ref: str | int,
        questionnaire_id: str,
        *,
        carry_over: bool = True,
        force: bool = False,
        from_reports: bool = True,
    ) -> dto.Assessment:
        """A new draft on a snapshot of the questionnaire; a re-review starts from the
        answers of the vendor's last approved assessment with the same questionnaire, and
        questions a current assurance report answers (``from_report``) start from the
        report's answer. Both need a person's confirmation before submit."""
        loaded = self.questionnaire(questionnaire_id)
        q = loaded.questionnaire
        found = self._answers_from_reports(vendor_ref, q) if from_reports else []
        with self._write() as s:
            vendor = self._vendor(s, vendor_ref)
            if vendor.offboarded:
                raise StateError(f"vendor {vendor.name!r} is offboarded; reinstate it first")
            if vendor.data_access is None or vendor.criticality is None:
                raise StateError(untriaged_message(vendor.name))
            if not force and vendor.kind not in q.applies_to:
                kinds = ", ".join(k.value for k in q.applies_to)
                raise ValidationError(
                    f"questionnaire {q.id!r} applies to {kinds}, and {vendor.name!r} is "
                    f"{vendor.kind} (use --force to assess anyway)"
                )
            open_one = s.scalar(
                select(Assessment.id).where(
                    Assessment.vendor_id == vendor.id,
                    Assessment.questionnaire_id == q.id,
                    Assessment.status.in_(OPEN_STATUSES),
                )
            )
            if open_one is not None:
                raise StateError(
                    f"assessment #{open_one} of {vendor.name!r} with {q.id!r} is still open; "
                    "finish or return it first"
                )
            previous = s.scalar(
                select(Assessment)
                .where(
                    Assessment.vendor_id == vendor.id,
                    Assessment.questionnaire_id == q.id,
                    Assessment.status == AssessmentStatus.APPROVED.value,
                )
                .order_by(Assessment.decided_at.desc(), Assessment.id.desc())
                .limit(1)
            )
            now = self.now()
            snapshot = store_definition(
                s, questionnaire_id=q.id, version=q.version, definition=q.definition(), at=now
            )
            assessment = Assessment(
                vendor=vendor,
                questionnaire_id=q.id,
                questionnaire_version=q.version,
                questionnaire_sha256=loaded.sha256,
                definition_sha256=snapshot,
                status=AssessmentStatus.DRAFT.value,
                previous_id=previous.id if previous is not None else None,
                reviewer=self.actor,
                created_at=now,
                updated_at=now,
            )
            s.add(assessment)
            s.flush()
            contribute(s, assessment.id, self.actor, ContributorRole.STARTED, now)
            self._audit(
                s, "assessment.start", "assessment", assessment.id, None, row_dict(assessment),
                at=now,
            )  # fmt: skip
            carried = previous if carry_over else None
            stamped = self._event_time(s, now)
            for action, before, after, reason in starting_answers(
                s, assessment, q, carried, found, actor=self.actor, at=now, stamped=stamped
            ):
                self._audit(s, action, "assessment", assessment.id, before, after, reason, at=now)
            return self._assessment_out(s, assessment)

    # --- answer ---------------------------------------------------------------------------

    def answer(
        self,
        assessment_id: int,
        question_id: str,
        value: Any,
        *,
        comment: str | None = None,
        evidence_ids: list[int] | None = None,
        expected_version: int | None = None,
        source: str | None = None,
    ) -> dto.Answer:
        """Save one answer now (its own transaction). ``value`` is in stored form; parse
        text with ``domain.answers.parse_answer`` first. ``expected_version`` 0 means
        "I saw no answer yet"."""
        with self._write() as s:
            assessment = self._editable(s, assessment_id)
            q = Questionnaire.from_definition(assessment.definition)
            question = q.question(question_id)
            if question is None:
                raise NotFoundError(f"assessment #{assessment_id} has no question {question_id!r}")
            existing = next((a for a in assessment.answers if a.question_id == question_id), None)
            try:
                value = check_answer(question, value)
                reason = comment
                if reason is None and existing is not None:
                    reason = existing.comment
                check_na_reason(question, value, reason, self.policy.na_needs_reason(question))
            except AnswerError as exc:
                raise ValidationError(str(exc)) from None
            answers = answers_of(assessment)
            if question_id not in visible_questions(q, answers):
                raise StateError(
                    f"question {question_id} is not shown: {why_hidden(q, question_id)}"
                )
            seen = existing.version if existing is not None else 0
            if expected_version is not None and expected_version != seen:
                raise ConflictError(answer_conflict(question_id, existing, expected_version))
            before = answer_dict(existing, before=True) if existing is not None else None
            # Look evidence up before a new answer is pending: a lookup autoflushes.
            evidence = (
                None if evidence_ids is None else [self._evidence(s, e) for e in evidence_ids]
            )
            if existing is None:
                existing = Answer(assessment=assessment, question_id=question_id)
                s.add(existing)
            existing.value = value
            if comment is not None:
                existing.comment = comment.strip() or None
            if evidence is not None:
                existing.evidence = evidence
            existing.carried_over = False
            existing.source = None
            existing.confirmed_by = existing.confirmed_at = None
            now = self.now()
            existing.answered_by = self.actor
            existing.answered_at = now
            assessment.updated_at = now
            contribute(s, assessment_id, self.actor, ContributorRole.ANSWERED, now)
            s.flush()
            after = answer_dict(existing, actor=self.actor, at=self._event_time(s, now))
            self._audit(s, "answer.set", "assessment", assessment_id, before, after, source, at=now)
            return answer_out(existing)

    def clear_answer(self, assessment_id: int, question_id: str) -> None:
        with self._write() as s:
            assessment = self._editable(s, assessment_id)
            existing = next((a for a in assessment.answers if a.question_id == question_id), None)
            if existing is None:
                raise NotFoundError(f"question {question_id!r} has no answer to clear")
            before = answer_dict(existing, before=True)
            s.delete(existing)
            contribute(s, assessment_id, self.actor, ContributorRole.ANSWERED, self.now())
            self._audit(s, "answer.clear", "assessment", assessment_id, before, None)

    # --- read -----------------------------------------------------------------------------

    def get_assessment(self, assessment_id: int) -> dto.AssessmentDetail:
        with self._read() as s:
            a = self._assessment(s, assessment_id)
            sources = source_texts(s, (x.source for x in a.answers))
            findings = s.scalars(
                select(Finding).where(Finding.assessment_id == a.id).order_by(Finding.id)
            ).all()
            return dto.AssessmentDetail(
                assessment=self._assessment_out(s, a),
                definition=a.definition,
                answers={
                    x.question_id: answer_out(x, sources.get(x.source or "")) for x in a.answers
                },
                findings=[dto.Finding.of(f) for f in findings],
            )

    def score_report(self, assessment_id: int) -> dto.ScoreReport:
        """The live score of any assessment, every question's part in it shown."""
        with self._read() as s:
            a = self._assessment(s, assessment_id)
            q, answers, result = scored(a, self.policy)
            access, crit = triaged(a.vendor, a.data_access, a.criticality)
            rated = rate(result, access, crit, self.policy)
            return dto.ScoreReport(
                assessment_id=a.id,
                status=AssessmentStatus(a.status),
                control_score=result.control_score,
                sections=result.sections,
                critical_failures=list(result.critical_failures),
                inherent_risk=rated.inherent.value,
                band=rated.band.value,
                rating=rated.rating.value,
                weighted_sum=result.weighted_sum,
                total_weight=result.total_weight,
                na_weight=result.na_weight,
                na_excess_weight=result.na_excess_weight,
                missing_required=list(result.missing_required),
                questions=_question_lines(q, result, answers),
                next_review_due=a.next_review_due,
            )

    # --- helpers ------------------------------------------------------------------------

    def _assessment(self, s: Session, assessment_id: int) -> Assessment:
        a = s.get(
            Assessment,
            assessment_id,
            options=[
                selectinload(Assessment.answers).selectinload(Answer.evidence),
                joinedload(Assessment.vendor),
            ],
        )
        if a is None:
            raise NotFoundError(f"no assessment #{assessment_id}")
        return a

    def _editable(self, s: Session, assessment_id: int) -> Assessment:
        a = self._assessment(s, assessment_id)
        if a.status != AssessmentStatus.DRAFT.value:
            if AssessmentStatus(a.status).decided:
                raise StateError(
                    f"assessment #{a.id} is {a.status} and can no longer change; "
                    "start a re-review instead"
                )
            raise StateError(
                f"assessment #{a.id} is submitted; it changes only after an approver "
                "returns it to draft"
            )
        return a

    def _evidence(self, s: Session, evidence_id: int) -> Evidence:
        found = s.get(Evidence, evidence_id)
        if found is None:
            raise NotFoundError(f"no evidence #{evidence_id}")
        return found

    @staticmethod
    def _assessment_out(s: Session, a: Assessment) -> dto.Assessment:
        """The assessment (``assessment_list.assessment_rows``), read on the session's
        transaction after what is pending is flushed."""
        s.flush()
        return assessment_rows(s.connection(), assessments.c.id == a.id)[0]


def _question_lines(
    q: Questionnaire, result: ScoreResult, answers: dict[str, AnswerValue]
) -> list[dto.QuestionLine]:
    lines = []
    for row in result.questions:
        question = q.question(row.question_id)
        assert question is not None
        lines.append(
            dto.QuestionLine(
                question_id=row.question_id,
                section_id=row.section_id,
                text=question.text,
                answer=answer_label(question, answers.get(row.question_id)),
                state=row.state,
                weight=row.weight,
                score=row.score,
                contribution=row.contribution,
                critical=row.critical,
                critical_failure=row.critical_failure,
                accept_at=row.accept_at,
                met=row.met,
            )
        )
    return lines
