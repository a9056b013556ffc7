"""What the questionnaire runner shows, computed from one ``RunnerView`` (no widgets here).

Which questions are shown (``show_if``), each section's progress, the next unanswered
question, and for a re-review which answers were carried over or changed.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from vendor_review.domain.answers import AnswerValue, answer_label
from vendor_review.domain.enums import AssessmentStatus
from vendor_review.domain.questionnaire import Question, Questionnaire, Section
from vendor_review.domain.scoring import question_score, visible_questions
from vendor_review.service import dto
from vendor_review.service.runner import RunnerView


@dataclass(frozen=True)
class SectionInfo:
    id: str
    title: str
    answered: int
    shown: int
    score: float | None

    @property
    def complete(self) -> bool:
        return self.shown > 0 and self.answered == self.shown


class RunnerModel:
    def __init__(self, view: RunnerView) -> None:
        self.view = view
        self.assessment = view.detail.assessment
        self.report = view.report
        self.questionnaire = Questionnaire.from_definition(view.detail.definition)
        self.answers: dict[str, dto.Answer] = dict(view.detail.answers)
        self.values: dict[str, AnswerValue] = {
            qid: a.value for qid, a in self.answers.items() if a.value is not None
        }
        self.shown = visible_questions(self.questionnaire, self.values)
        self.order = [q.id for _, q in self.questionnaire.questions() if q.id in self.shown]
        self._lines = {line.question_id: line for line in view.report.questions}

    # --- status ---------------------------------------------------------------------------

    @property
    def editable(self) -> bool:
        return self.assessment.status is AssessmentStatus.DRAFT

    @property
    def is_rereview(self) -> bool:
        return self.assessment.previous_id is not None

    @property
    def sections(self) -> list[Section]:
        return list(self.questionnaire.sections)

    def section_info(self, section: Section) -> SectionInfo:
        shown = [q for q in section.questions if q.id in self.shown]
        return SectionInfo(
            id=section.id,
            title=section.title,  # own text: drawn through plain()
            answered=sum(1 for q in shown if q.id in self.values),
            shown=len(shown),
            score=self.report.sections.get(section.id),
        )

    def questions_in(self, section: Section) -> list[Question]:
        return [q for q in section.questions if q.id in self.shown]

    def question(self, question_id: str) -> Question:
        found = self.questionnaire.question(question_id)
        if found is None:
            raise KeyError(question_id)
        return found

    def section_index_of(self, question_id: str) -> int:
        for index, section in enumerate(self.questionnaire.sections):
            if any(q.id == question_id for q in section.questions):
                return index
        raise KeyError(question_id)

    # --- answers --------------------------------------------------------------------------

    def answer(self, question_id: str) -> dto.Answer | None:
        return self.answers.get(question_id)

    def value(self, question_id: str) -> AnswerValue | None:
        return self.values.get(question_id)

    def label(self, question_id: str) -> str:
        return answer_label(self.question(question_id), self.values.get(question_id))

    def score_of(self, question_id: str) -> float | None:
        line = self._lines.get(question_id)
        return line.score if line is not None else None

    def critical_failure(self, question_id: str) -> bool:
        line = self._lines.get(question_id)
        return bool(line and line.critical_failure)

    def carried(self, question_id: str) -> bool:
        answer = self.answers.get(question_id)
        return bool(answer and answer.carried_over and question_id in self.values)

    @property
    def carried_ids(self) -> list[str]:
        return [qid for qid in self.order if self.carried(qid)]

    def changed(self, question_id: str) -> bool:
        """A re-review answer that differs from the previous assessment's."""
        if not self.is_rereview:
            return False
        return self.values.get(question_id) != self.view.previous.get(question_id)

    def previous_label(self, question_id: str) -> str | None:
        if not self.is_rereview:
            return None
        value = self.view.previous.get(question_id)
        label = answer_label(self.question(question_id), value)
        return label or "(not answered)"

    def previous_score(self, question_id: str) -> float | None:
        value = self.view.previous.get(question_id)
        return None if value is None else question_score(self.question(question_id), value)

    # --- navigation -----------------------------------------------------------------------

    def unanswered(self) -> list[str]:
        return [qid for qid in self.order if qid not in self.values]

    def next_unanswered(
        self, after: str | None, skip: AbstractSet[str | None] = frozenset()
    ) -> str | None:
        """The next shown question without an answer after ``after``, wrapping around
        (``skip``: answers on their way to the database)."""
        todo = set(self.unanswered()) - skip
        if not todo:
            return None
        start = self.order.index(after) + 1 if after in self.order else 0
        for qid in self.order[start:] + self.order[:start]:
            if qid in todo:
                return qid
        return None  # pragma: no cover - todo is a subset of order

    def across_sections(self, section: int, step: int) -> str | None:
        """The first (``step`` 1) or last (-1) shown question of the next section that
        shows any, going round."""
        for offset in range(1, len(self.sections) + 1):
            shown = self.questions_in(self.sections[(section + step * offset) % len(self.sections)])
            if shown:
                return shown[0 if step > 0 else -1].id
        return None

    def allows(
        self, action: str, question: Question | None, parameters: tuple[object, ...]
    ) -> bool | None:
        """Whether an answering key applies here: ``False`` hides it (read-only, or not
        this kind of question), ``None`` shows it disabled (no answer to comment on yet)."""
        if not self.editable:
            return False
        if action == "submit":
            return True
        if action == "confirm_all":
            return bool(self.carried_ids)
        if question is None:
            return False
        if action == "pick":
            return question.type.scored and int(str(parameters[0])) <= len(question.choices)
        if action in ("move_option", "tick"):
            return question.type.scored
        if action == "na":
            return question.na_allowed
        if action == "confirm":
            return self.carried(question.id)
        return True if question.id in self.values else None  # comment, evidence, clear
