"""Re-review: confirming carried-over answers, and comparing two assessments of a vendor
(answers, scores, rating, findings opened and closed)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from vendor_review.domain.answers import answer_label
from vendor_review.domain.enums import FindingStatus
from vendor_review.domain.four_eyes import ContributorRole
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.scoring import question_score
from vendor_review.service import dto
from vendor_review.service.answer_records import answer_dict, answers_map
from vendor_review.service.assessments import AssessmentOps, answers_of
from vendor_review.service.contributors import contribute
from vendor_review.service.errors import ValidationError
from vendor_review.store.models import Finding

CONFIRM = "answers.confirm"
"""The audited action of confirming carried-over answers: one event for those confirmed
together (``after``: their values, confirmed by the event's actor at its time)."""


class ReReviewOps(AssessmentOps):
    def confirm_answers(
        self, assessment_id: int, question_ids: list[str] | None = None
    ) -> list[str]:
        """Mark carried-over answers as confirmed (all, or those named); returns their ids."""
        with self._write() as s:
            assessment = self._editable(s, assessment_id)
            carried = {a.question_id: a for a in assessment.answers if a.carried_over}
            wanted = list(carried) if question_ids is None else list(dict.fromkeys(question_ids))
            unknown = [qid for qid in wanted if qid not in carried]
            if unknown:
                raise ValidationError(
                    f"not carried-over answers of assessment #{assessment_id}: {', '.join(unknown)}"
                )
            now = self.now()
            before: list[dict[str, Any]] = []
            for qid in wanted:
                answer = carried[qid]
                before.append(answer_dict(answer, before=True))
                answer.carried_over = False
                answer.confirmed_by = self.actor
                answer.confirmed_at = now
            if not wanted:
                return wanted
            contribute(s, assessment_id, self.actor, ContributorRole.CONFIRMED, now)
            s.flush()
            # One event for them all: each answer's confirmer and time are the event's.
            after = answers_map({"question_id": qid, "value": carried[qid].value} for qid in wanted)
            self._audit(s, CONFIRM, "assessment", assessment_id, answers_map(before), after, at=now)
            return wanted

    def unconfirmed_answers(self, assessment_id: int) -> list[str]:
        """The carried-over answers of an assessment nobody has confirmed yet (the count
        a person sees before confirming them all)."""
        with self._read() as s:
            a = self._assessment(s, assessment_id)
            return sorted(x.question_id for x in a.answers if x.carried_over)

    def diff_assessments(self, before_id: int, after_id: int) -> dto.AssessmentDiff:
        with self._read() as s:
            old, new = self._assessment(s, before_id), self._assessment(s, after_id)
            if old.vendor_id != new.vendor_id:
                raise ValidationError(
                    f"assessments #{old.id} and #{new.id} are of different vendors "
                    f"({old.vendor.name!r}, {new.vendor.name!r})"
                )
            q_old = Questionnaire.from_definition(old.definition)
            q_new = Questionnaire.from_definition(new.definition)
            a_old, a_new = answers_of(old), answers_of(new)
            changes: list[dto.AnswerChange] = []
            unchanged = 0
            confirmed = {x.question_id for x in new.answers if x.confirmed_by is not None}
            confirmed_unchanged: list[str] = []
            ids = [q.id for _, q in q_new.questions()]
            ids += [q.id for _, q in q_old.questions() if q.id not in set(ids)]
            for qid in ids:
                qo, qn = q_old.question(qid), q_new.question(qid)
                vo, vn = a_old.get(qid), a_new.get(qid)
                if vo == vn and (qo is None) == (qn is None):
                    unchanged += vo is not None
                    if vo is not None and qid in confirmed:
                        confirmed_unchanged.append(qid)
                    continue
                question = qn or qo
                assert question is not None
                changes.append(
                    dto.AnswerChange(
                        question_id=qid,
                        text=question.text,
                        before=answer_label(qo, vo) if qo else "(not in this version)",
                        after=answer_label(qn, vn) if qn else "(not in this version)",
                        score_before=question_score(qo, vo) if qo and vo is not None else None,
                        score_after=question_score(qn, vn) if qn and vn is not None else None,
                    )
                )
            findings = s.scalars(
                select(Finding)
                .where(
                    or_(
                        Finding.assessment_id.in_((old.id, new.id)),
                        Finding.resolved_by_assessment_id == new.id,
                    )
                )
                .order_by(Finding.id)
            ).all()
            opened = [f for f in findings if f.assessment_id == new.id]
            closed = [
                f
                for f in findings
                if f.resolved_by_assessment_id == new.id
                or (f.assessment_id == old.id and f.status != FindingStatus.OPEN.value)
            ]
            return dto.AssessmentDiff(
                before=self._assessment_out(s, old),
                after=self._assessment_out(s, new),
                answers=changes,
                unchanged=unchanged,
                confirmed_unchanged=confirmed_unchanged,
                findings_opened=[dto.Finding.of(f) for f in opened],
                findings_closed=[dto.Finding.of(f) for f in closed],
            )
