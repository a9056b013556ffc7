"""Assessments as Core queries on ``store.tables`` returning plain dataclasses, so
``assessment list`` and ``vendor show`` start without the ORM or pydantic's service
models (issue 14). ``dto.Assessment`` is this dataclass, and every assessment the service
returns is read by ``assessment_rows``.

How far an assessment is answered (``answered`` of ``shown``) depends on the questions its
answers show, so it needs the questionnaire snapshot (``domain.questionnaire``, parsed
once per snapshot); a reader that does not show it asks for rows without it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.sql import ColumnElement

from vendor_review.domain.enums import AssessmentStatus
from vendor_review.service.base import ServiceBase
from vendor_review.store.tables import answers, assessments, questionnaire_definitions, vendors


@dataclass(frozen=True)
class Assessment:
    """One assessment. ``questionnaire_title``, ``answered`` and ``shown`` are None when
    the reader asked for no ``progress``."""

    id: int
    vendor_id: int
    vendor_name: str
    questionnaire_id: str
    questionnaire_version: int
    questionnaire_sha256: str
    questionnaire_title: str | None
    status: AssessmentStatus
    previous_id: int | None
    reviewer: str
    submitted_by: str | None
    submitted_at: datetime | None
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
    control_score: float | None
    section_scores: dict[str, float | None] | None
    inherent_risk: str | None
    band: str | None
    rating: str | None
    critical_failures: list[str] | None
    next_review_due: date | None
    version: int
    created_at: datetime
    answered: int | None
    shown: int | None


_STORED = [
    name
    for name in Assessment.__dataclass_fields__
    if name not in {"vendor_name", "questionnaire_title", "answered", "shown"}
]


def assessment_rows(
    connection: Connection, *where: ColumnElement[bool], progress: bool = True
) -> list[Assessment]:
    """The assessments matching ``where`` (on ``assessments`` and ``vendors``), by id;
    with ``progress``, each one's questionnaire title and how many of the questions its
    answers show are answered."""
    query = (
        select(
            *(assessments.c[name] for name in _STORED),
            assessments.c.definition_sha256,
            vendors.c.name.label("vendor_name"),
        )
        .join(vendors, vendors.c.id == assessments.c.vendor_id)
        .where(*where)
        .order_by(assessments.c.id)
    )
    found = connection.execute(query).mappings().all()
    rows = [
        Assessment(
            **{name: r[name] for name in _STORED if name != "status"},
            status=AssessmentStatus(r["status"]),
            vendor_name=r["vendor_name"],
            questionnaire_title=None,
            answered=None,
            shown=None,
        )
        for r in found
    ]
    if not progress or not rows:
        return rows
    given = _answers(connection, where)
    snapshots = _questionnaires(connection, {r["definition_sha256"] for r in found})
    return [
        _with_progress(row, snapshots[r["definition_sha256"]], given.get(row.id, {}))
        for row, r in zip(rows, found, strict=True)
    ]


def _answers(connection: Connection, where: Iterable[ColumnElement[bool]]) -> dict[int, Any]:
    """The given answers of each assessment matching ``where``: question id → value."""
    query = (
        select(answers.c.assessment_id, answers.c.question_id, answers.c.value)
        .join(assessments, assessments.c.id == answers.c.assessment_id)
        .join(vendors, vendors.c.id == assessments.c.vendor_id)
        .where(*where)
    )
    out: dict[int, dict[str, Any]] = {}
    for assessment_id, question_id, value in connection.execute(query):
        if value is not None:
            out.setdefault(assessment_id, {})[question_id] = value
    return out


def _questionnaires(connection: Connection, shas: set[str]) -> dict[str, Any]:
    from vendor_review.domain.questionnaire import Questionnaire

    query = select(questionnaire_definitions.c.sha256, questionnaire_definitions.c.definition)
    found = connection.execute(query.where(questionnaire_definitions.c.sha256.in_(shas)))
    return {sha: Questionnaire.from_definition(definition) for sha, definition in found}


def _with_progress(row: Assessment, questionnaire: Any, given: dict[str, Any]) -> Assessment:
    from vendor_review.domain.scoring import visible_questions

    shown = visible_questions(questionnaire, given)
    return replace(
        row,
        questionnaire_title=questionnaire.title,
        answered=sum(1 for qid in given if qid in shown),
        shown=len(shown),
    )


class AssessmentListOps(ServiceBase):
    def list_assessments(
        self,
        *,
        vendor: str | int | None = None,
        status: AssessmentStatus | None = None,
        progress: bool = True,
    ) -> list[Assessment]:
        """Assessments by id (``progress``: with how far each is answered)."""
        where: list[ColumnElement[bool]] = []
        if vendor is not None:
            where.append(assessments.c.vendor_id == self._vendor_id(vendor))
        if status is not None:
            where.append(assessments.c.status == status.value)
        with self._connect() as connection:
            return assessment_rows(connection, *where, progress=progress)


__all__ = ["Assessment", "AssessmentListOps", "assessment_rows"]
