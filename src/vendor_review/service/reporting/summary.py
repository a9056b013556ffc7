"""The Summary of a report: one line per vendor, or the line of one assessment."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select

from vendor_review.domain.enums import (
    DECIDED_STATUSES,
    OPEN_STATUSES,
    AssessmentStatus,
    Criticality,
    DataAccess,
    FindingStatus,
    VendorStatus,
)
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.scoring import rate, score
from vendor_review.service.base import triaged
from vendor_review.service.errors import NotFoundError
from vendor_review.service.reporting.rows import SummaryLine
from vendor_review.service.reporting.scope import ROWS_PER_CHUNK, ReportScope, ScopedReads
from vendor_review.store.models import Assessment, Finding, Vendor, VendorLink

_NO_REVIEW = (VendorStatus.REJECTED.value, VendorStatus.OFFBOARDED.value)
UNTRIAGED = "untriaged"
"""Data access, criticality and inherent risk of a vendor not yet triaged."""


class SummaryReads(ScopedReads):
    def report_summary(
        self, scope: ReportScope, *, chunk: int = ROWS_PER_CHUNK
    ) -> Iterator[SummaryLine]:
        """Each vendor in scope by name, with its latest decided assessment, its open
        findings and any assessment in progress; for a one-assessment scope, that
        assessment's line."""
        if scope.assessment_id is not None:
            yield self._assessment_line(scope.assessment_id)
            return
        base = select(
            Vendor.id,
            Vendor.name,
            Vendor.kind,
            Vendor.regions,
            Vendor.region_codes,
            Vendor.data_access,
            Vendor.criticality,
            Vendor.status,
        )
        base = self._in_scope(base, Vendor.id, scope)
        last: str | None = None
        while True:
            query = base.order_by(Vendor.name).limit(chunk)
            if last is not None:
                query = query.where(Vendor.name > last)
            with self._read() as s:
                vendors = s.execute(query).all()
                if not vendors:
                    return
                ids = [v.id for v in vendors]
                parents = self._parents(s, ids)
                decided = self._latest_decided(s, ids)
                open_ones = self._in_progress(s, ids)
                findings = dict(
                    s.execute(
                        select(Finding.vendor_id, func.count())
                        .where(
                            Finding.vendor_id.in_(ids),
                            Finding.status == FindingStatus.OPEN.value,
                        )
                        .group_by(Finding.vendor_id)
                    ).all()
                )
            for v in vendors:
                yield self._vendor_line(
                    v,
                    parents.get(v.id),
                    decided.get(v.id),
                    findings.get(v.id, 0),
                    open_ones.get(v.id),
                )
            last = vendors[-1].name

    # --- helpers ------------------------------------------------------------------------

    @staticmethod
    def _parents(s: Any, ids: list[int]) -> dict[int, str]:
        """The names of each vendor's parents (open links), joined by "; "."""
        rows = s.execute(
            select(VendorLink.child_id, Vendor.name)
            .join(Vendor, Vendor.id == VendorLink.parent_id)
            .where(VendorLink.child_id.in_(ids), VendorLink.ended_on.is_(None))
            .order_by(VendorLink.child_id, Vendor.name)
        )
        out: dict[int, list[str]] = {}
        for child_id, name in rows:
            out.setdefault(child_id, []).append(name)
        return {k: "; ".join(v) for k, v in out.items()}

    @staticmethod
    def _latest_decided(s: Any, ids: list[int]) -> dict[int, Any]:
        rows = s.execute(
            select(
                Assessment.vendor_id,
                Assessment.id,
                Assessment.status,
                Assessment.questionnaire_id,
                Assessment.questionnaire_version,
                Assessment.decided_at,
                Assessment.control_score,
                Assessment.band,
                Assessment.rating,
                Assessment.critical_failures,
                Assessment.next_review_due,
            )
            .where(Assessment.vendor_id.in_(ids), Assessment.status.in_(DECIDED_STATUSES))
            .order_by(Assessment.vendor_id, Assessment.decided_at.desc(), Assessment.id.desc())
        )
        latest: dict[int, Any] = {}
        for row in rows:
            latest.setdefault(row.vendor_id, row)
        return latest

    @staticmethod
    def _in_progress(s: Any, ids: list[int]) -> dict[int, str]:
        rows = s.execute(
            select(Assessment.vendor_id, Assessment.id, Assessment.status)
            .where(Assessment.vendor_id.in_(ids), Assessment.status.in_(OPEN_STATUSES))
            .order_by(Assessment.vendor_id, Assessment.id)
        )
        out: dict[int, list[str]] = {}
        for vendor_id, assessment_id, status in rows:
            out.setdefault(vendor_id, []).append(f"{status} #{assessment_id}")
        return {k: "; ".join(v) for k, v in out.items()}

    def _vendor_line(
        self,
        v: Any,
        parents: str | None,
        a: Any | None,
        open_findings: int,
        in_progress: str | None,
    ) -> SummaryLine:
        untriaged = v.data_access is None or v.criticality is None
        inherent = (
            UNTRIAGED
            if untriaged
            else self.policy.inherent(DataAccess(v.data_access), Criticality(v.criticality)).value
        )
        return SummaryLine(
            vendor_id=v.id,
            vendor=v.name,
            parent=parents,
            kind=v.kind,
            regions="; ".join(v.regions or ()),
            region_codes=" ".join(v.region_codes or ()),
            data_access=v.data_access or UNTRIAGED,
            criticality=v.criticality or UNTRIAGED,
            inherent_risk=inherent,
            status=v.status,
            assessment_id=a.id if a else None,
            assessment_status=a.status if a else None,
            questionnaire=f"{a.questionnaire_id}@{a.questionnaire_version}" if a else None,
            decided_on=a.decided_at.date() if a and a.decided_at else None,
            score=a.control_score if a else None,
            band=a.band if a else None,
            rating=a.rating if a else None,
            critical_failures=len(a.critical_failures or ()) if a else None,
            open_findings=open_findings,
            next_review_due=None if (a is None or v.status in _NO_REVIEW) else a.next_review_due,
            in_progress=in_progress,
        )

    def _assessment_line(self, assessment_id: int) -> SummaryLine:
        """The reported assessment's own figures; a draft is scored live, as it stands."""
        with self._read() as s:
            a = s.get(Assessment, assessment_id)
            if a is None:
                raise NotFoundError(f"no assessment #{assessment_id}")
            vendor = a.vendor
            access, crit = triaged(vendor, a.data_access, a.criticality)
            control, band, rating, failures = (
                a.control_score,
                a.band,
                a.rating,
                len(a.critical_failures) if a.critical_failures is not None else None,
            )
            if a.status == AssessmentStatus.DRAFT.value:
                q = Questionnaire.from_definition(a.definition)
                given = {x.question_id: x.value for x in a.answers if x.value is not None}
                rated = rate(score(q, given, self.policy), access, crit, self.policy)
                control, band = rated.result.control_score, rated.band.value
                rating, failures = rated.rating.value, len(rated.result.critical_failures)
            open_findings = (
                s.scalar(
                    select(func.count()).where(
                        Finding.assessment_id == a.id,
                        Finding.status == FindingStatus.OPEN.value,
                    )
                )
                or 0
            )
            return SummaryLine(
                vendor_id=vendor.id,
                vendor=vendor.name,
                parent=self._parents(s, [vendor.id]).get(vendor.id),
                kind=vendor.kind,
                regions="; ".join(vendor.regions or ()),
                region_codes=" ".join(vendor.region_codes or ()),
                data_access=access.value,
                criticality=crit.value,
                inherent_risk=self.policy.inherent(access, crit).value,
                status=vendor.status,
                assessment_id=a.id,
                assessment_status=a.status,
                questionnaire=f"{a.questionnaire_id}@{a.questionnaire_version}",
                decided_on=a.decided_at.date() if a.decided_at else None,
                score=control,
                band=band,
                rating=rating,
                critical_failures=failures,
                open_findings=open_findings,
                next_review_due=a.next_review_due,
                in_progress=None,
            )
