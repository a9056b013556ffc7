"""Imports from files: many answers, or many vendors, in one transaction.

Each stored answer or vendor gets its own audit event, all carrying the same ``source``
(``sha256:<hex>`` of the file), so the audit trail says which file each came from. Any
refusal (an answer that does not fit, a version that moved, a name taken) rolls back the
whole import: nothing is half-stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from vendor_review.domain.answers import (
    AnswerError,
    AnswerValue,
    check_answer,
    check_na_reason,
)
from vendor_review.domain.four_eyes import ContributorRole
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.scoring import is_shown
from vendor_review.service import dto
from vendor_review.service import vendor_events as events
from vendor_review.service.assessments import (
    AssessmentOps,
    _answer_conflict,
    _answer_out,
    answer_dict,
    answers_of,
)
from vendor_review.service.base import row_dict
from vendor_review.service.contributors import contribute
from vendor_review.service.errors import ConflictError, NotFoundError, StateError, ValidationError
from vendor_review.service.vendors import VendorOps, validate_vendor
from vendor_review.store.models import Answer, Vendor

LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class AnswerWrite:
    """One answer to store: ``value`` in stored form; ``comment`` None keeps the stored
    comment; ``expected_version`` is the answer's version the caller saw (0: none)."""

    question_id: str
    value: AnswerValue
    comment: str | None
    expected_version: int


@dataclass(frozen=True)
class VendorUpdate:
    vendor_id: int
    expected_version: int
    changes: dict[str, Any]


@dataclass(frozen=True)
class VendorImport:
    created: list[dto.Vendor]
    updated: list[dto.Vendor]


ANSWERED = ContributorRole.ANSWERED


class ImportOps(AssessmentOps, VendorOps):
    def store_answers(
        self, assessment_id: int, writes: Sequence[AnswerWrite], *, source: str
    ) -> list[dto.Answer]:
        """Store ``writes`` in questionnaire order, each checked as ``answer()`` checks
        one (value fits, question shown given the answers before it, version as seen)."""
        by_id = {w.question_id: w for w in writes}
        if len(by_id) != len(writes):
            raise ValidationError("the same question is answered twice in one import")
        with self._write() as s:
            assessment = self._editable(s, assessment_id)
            q = Questionnaire.from_definition(assessment.definition)
            unknown = sorted(qid for qid in by_id if q.question(qid) is None)
            if unknown:
                raise NotFoundError(
                    f"assessment #{assessment_id} has no question {', '.join(unknown)}"
                )
            existing = {a.question_id: a for a in assessment.answers}
            answers = answers_of(assessment)
            shown: set[str] = set()
            stored: list[tuple[Answer, dict[str, Any] | None]] = []
            for section, question in q.questions():
                visible = is_shown(question, answers, shown, section)
                if visible:
                    shown.add(question.id)
                write = by_id.get(question.id)
                if write is None:
                    continue
                if not visible:
                    raise StateError(f"question {question.id} is not shown; nothing was stored")
                try:
                    value = check_answer(question, write.value)
                    kept = existing.get(question.id)
                    comment = write.comment
                    if comment is None and kept is not None:
                        comment = kept.comment
                    check_na_reason(question, value, comment, self.policy.na_needs_reason(question))
                except AnswerError as exc:
                    raise ValidationError(f"{exc}; nothing was stored") from None
                current = existing.get(question.id)
                seen = current.version if current is not None else 0
                if write.expected_version != seen:
                    raise ConflictError(
                        _answer_conflict(question.id, current, write.expected_version)
                    )
                before = answer_dict(current) if current is not None else None
                if current is None:
                    current = Answer(assessment=assessment, question_id=question.id, evidence=[])
                    s.add(current)
                current.value = value
                if write.comment is not None:
                    current.comment = write.comment.strip() or None
                current.carried_over = False
                current.confirmed_by = current.confirmed_at = None
                current.answered_by = self.actor
                current.answered_at = self.now()
                contribute(s, assessment_id, self.actor, ANSWERED, self.now(), question.id)
                answers[question.id] = value
                stored.append((current, before))
            if not stored:
                return []
            assessment.updated_at = self.now()
            s.flush()  # every answer in one go; then one audit event each, in order
            for answer, before in stored:
                after = answer_dict(answer)
                self._audit(s, "answer.set", "assessment", assessment_id, before, after, source)
            return [_answer_out(a) for a, _ in stored]

    def vendors_matching(self, keys: Iterable[str]) -> list[dto.Vendor]:
        """Vendors whose name or legal entity is one of ``keys`` (case-insensitive)."""
        wanted = sorted({k.strip().lower() for k in keys if k.strip()})
        found: dict[int, dto.Vendor] = {}
        with self._read() as s:
            for start in range(0, len(wanted), LOOKUP_CHUNK):
                chunk = wanted[start : start + LOOKUP_CHUNK]
                query = select(Vendor).where(
                    or_(
                        func.lower(Vendor.name).in_(chunk),
                        func.lower(Vendor.legal_entity).in_(chunk),
                    )
                )
                for vendor in s.scalars(query):
                    found[vendor.id] = self._vendor_out(vendor)
        return sorted(found.values(), key=lambda v: v.id)

    def import_vendors(
        self,
        creates: Sequence[dto.VendorIn],
        updates: Sequence[VendorUpdate],
        *,
        source: str,
    ) -> VendorImport:
        """Create and update vendors in one transaction; an update whose vendor changed
        since ``expected_version`` is a conflict, a name already taken is refused."""
        with self._write() as s:
            created: list[Vendor] = []
            for fields in creates:
                if s.scalar(select(Vendor.id).where(Vendor.name == fields.name)) is not None:
                    raise ValidationError(
                        f"a vendor named {fields.name!r} already exists; nothing was imported"
                    )
                now = self.now()
                vendor = Vendor(
                    **fields.model_dump(exclude={"parent"}), created_at=now, updated_at=now
                )
                vendor.scopes = events.checked_scopes(self, fields.scopes)
                if fields.parent is not None:
                    vendor.parent = self._vendor(s, fields.parent)
                s.add(vendor)
                s.flush()
                self._audit(s, "vendor.create", "vendor", vendor.id, None, row_dict(vendor), source)
                if vendor.parent is not None:
                    events.subprocessor_linked(self, s, vendor.parent, vendor, source)
                created.append(vendor)
            updated = [self._import_update(s, u, source) for u in updates]
            return VendorImport(
                [self._vendor_out(v) for v in created], [self._vendor_out(v) for v in updated]
            )

    def _import_update(self, s: Session, update: VendorUpdate, source: str) -> Vendor:
        vendor = s.get(Vendor, update.vendor_id)
        if vendor is None:
            raise NotFoundError(f"vendor #{update.vendor_id} no longer exists; nothing imported")
        if vendor.version != update.expected_version:
            raise ConflictError(self._conflict_message(s, vendor, update.expected_version))
        current = self._vendor_out(vendor).model_dump(include=set(dto.VendorIn.model_fields))
        current["parent"] = vendor.parent.name if vendor.parent else None
        fields = validate_vendor({**current, **update.changes})
        if fields.name != vendor.name and s.scalar(
            select(Vendor.id).where(Vendor.name == fields.name)
        ):
            raise ValidationError(f"a vendor named {fields.name!r} already exists")
        parent = self._vendor(s, fields.parent) if fields.parent else None
        before = row_dict(vendor)
        old_parent_id = vendor.parent_id
        with s.no_autoflush:
            for key, value in fields.model_dump(exclude={"parent"}).items():
                setattr(vendor, key, value)
            vendor.scopes = events.checked_scopes(self, fields.scopes)
            self._check_parent(vendor, parent)
            vendor.parent = parent
            changed = s.is_modified(vendor)
        if changed:
            vendor.updated_at = self.now()
            s.flush()
            self._audit(s, "vendor.update", "vendor", vendor.id, before, row_dict(vendor), source)
            events.profile_changed(self, s, vendor, before)
            if parent is not None and parent.id != old_parent_id:
                events.subprocessor_linked(self, s, parent, vendor, source)
        return vendor
