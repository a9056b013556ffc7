"""Imports from files: many answers, or a vendor list, in one transaction.

The answers of a returned workbook are one ``answers.import`` event, its ``after`` each
stored answer's compact record (``service.answer_records``), its ``before`` what the
answers it changed held, its reason the file's SHA-256. Each stored vendor or link gets
its own audit event, all carrying the same source, so the audit trail says which file
each came from. Any
refusal (an answer that does not fit, a version that moved, a name taken) rolls back the
whole import: nothing is half-stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
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
from vendor_review.service.answer_records import (
    answer_conflict,
    answer_dict,
    answer_out,
    answers_map,
)
from vendor_review.service.assessments import AssessmentOps, answers_of
from vendor_review.service.contributors import contribute
from vendor_review.service.errors import ConflictError, NotFoundError, StateError, ValidationError
from vendor_review.service.vendor_links import link_dict, region_codes
from vendor_review.service.vendor_merge import MergeOps
from vendor_review.store.models import Answer, Vendor, VendorLink

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
class LinkWrite:
    """A subprocessor as a list names it for ``parent`` (vendor names, as stored or as
    created by the same import)."""

    parent: str
    child: str
    purpose: str | None
    regions: list[str]


@dataclass(frozen=True)
class ListImport:
    file: str
    sha256: str
    creates: Sequence[dto.VendorIn] = ()
    updates: Sequence[VendorUpdate] = ()
    links: Sequence[LinkWrite] = ()
    ends: Sequence[int] = ()
    """Ids of open links the list no longer names (ended, never deleted)."""


@dataclass(frozen=True)
class VendorImport:
    created: list[dto.Vendor]
    updated: list[dto.Vendor]
    links: dict[str, int] = field(default_factory=dict)
    """How many links were added, changed, seen (again), reopened and ended."""


ANSWERED = ContributorRole.ANSWERED
IMPORT = "answers.import"
"""The audited action of a returned workbook's answers (one event for all of them)."""


class ImportOps(AssessmentOps, MergeOps):
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
            stored: list[Answer] = []
            replaced: list[dict[str, Any]] = []
            now = self.now()
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
                        answer_conflict(question.id, current, write.expected_version)
                    )
                if current is not None:
                    replaced.append(answer_dict(current, before=True))
                else:
                    current = Answer(assessment=assessment, question_id=question.id, evidence=[])
                    s.add(current)
                current.value = value
                if write.comment is not None:
                    current.comment = write.comment.strip() or None
                current.carried_over = False
                current.source = None
                current.confirmed_by = current.confirmed_at = None
                current.answered_by = self.actor
                current.answered_at = now
                answers[question.id] = value
                stored.append(current)
            if not stored:
                return []
            contribute(s, assessment_id, self.actor, ANSWERED, now)
            assessment.updated_at = now
            s.flush()  # every answer in one go; then the one event that records them all
            at = self._event_time(s, now)
            after = answers_map(answer_dict(a, actor=self.actor, at=at) for a in stored)
            before = answers_map(replaced) if replaced else None
            self._audit(s, IMPORT, "assessment", assessment_id, before, after, source, at=now)
            return [answer_out(a) for a in stored]

    def vendor_keys(self) -> list[tuple[str, str]]:
        """(name, name key) of every vendor, for possible duplicates."""
        with self._read() as s:
            return [(n, k) for n, k in s.execute(select(Vendor.name, Vendor.name_key))]

    def vendors_by_key(self, keys: Iterable[str]) -> dict[str, dto.Vendor]:
        """The vendors whose name key is one of ``keys``, by key (the first by id)."""
        wanted = sorted({k for k in keys if k})
        found: dict[str, dto.Vendor] = {}
        with self._read() as s:
            for start in range(0, len(wanted), LOOKUP_CHUNK):
                chunk = wanted[start : start + LOOKUP_CHUNK]
                query = select(Vendor).where(Vendor.name_key.in_(chunk)).order_by(Vendor.id)
                for vendor in s.scalars(query):
                    found.setdefault(vendor.name_key, self._vendor_out(s, vendor))
        return found

    def import_vendor_list(self, batch: ListImport) -> VendorImport:
        """Store a planned list import in one transaction: vendors created and updated,
        links made, changed, seen again, reopened and ended, each audited with the file's
        name and SHA-256 as source. A vendor changed since it was read is a conflict, a
        name already taken is refused: nothing is stored then."""
        source = f"{batch.file} sha256:{batch.sha256}"
        file = (batch.file, batch.sha256)
        with self._write() as s:
            created = [self._create_vendor(s, fields, source) for fields in batch.creates]
            updated = [self._import_update(s, u, source) for u in batch.updates]
            counts = dict.fromkeys(("added", "changed", "seen", "reopened", "ended"), 0)
            for write in batch.links:
                counts[self._store_link(s, write, file, source)] += 1
            for link_id in batch.ends:
                link = s.get(VendorLink, link_id)
                if link is None or link.ended_on is not None:
                    continue
                before = link_dict(link)
                link.ended_on = self.today()
                s.flush()
                self._audit(s, "vendor_link.end", "vendor_link", link.id, before,
                            link_dict(link), f"no longer listed in {source}")  # fmt: skip
                counts["ended"] += 1
            return VendorImport(
                [self._vendor_out(s, v) for v in created],
                [self._vendor_out(s, v) for v in updated],
                counts,
            )

    def _store_link(self, s: Session, write: LinkWrite, file: tuple[str, str], source: str) -> str:
        parent = self._by_name(s, write.parent)
        child = self._by_name(s, write.child)
        link = self._link_of(s, parent, child)
        if link is None:
            self._link(s, parent, child, file, purpose=write.purpose, regions=write.regions,
                       reason=source)  # fmt: skip
            return "added"
        before = link_dict(link)
        outcome = "seen"
        if link.purpose != write.purpose or list(link.regions or []) != write.regions:
            link.purpose = write.purpose
            link.regions = list(write.regions)
            link.region_codes = region_codes(write.regions)
            outcome = "changed"
        if link.ended_on is not None:
            link.ended_on = None
            outcome = "reopened"
        link.last_seen = self.today()
        link.source, link.source_sha256 = file
        s.flush()
        self._audit(s, f"vendor_link.{outcome}", "vendor_link", link.id, before, link_dict(link),
                    source)  # fmt: skip
        return outcome

    @staticmethod
    def _by_name(s: Session, name: str) -> Vendor:
        vendor = s.scalar(select(Vendor).where(Vendor.name == name))
        if vendor is None:
            raise NotFoundError(f"vendor {name!r} no longer exists; nothing was imported")
        return vendor

    def _import_update(self, s: Session, update: VendorUpdate, source: str) -> Vendor:
        vendor = s.get(Vendor, update.vendor_id)
        if vendor is None:
            raise NotFoundError(f"vendor #{update.vendor_id} no longer exists; nothing imported")
        if vendor.version != update.expected_version:
            raise ConflictError(self._conflict_message(s, vendor, update.expected_version))
        self._apply_update(s, vendor, update.changes, source)
        return vendor
