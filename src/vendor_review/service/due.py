"""The due list: what to look at again, and why — one source for the CLI, the dashboard,
the calendar and the Schedule sheet."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vendor_review.domain.enums import AssessmentStatus, FindingStatus
from vendor_review.service import dto
from vendor_review.service.base import ServiceBase
from vendor_review.service.errors import ValidationError
from vendor_review.store.models import Assessment, Certificate, Finding, Vendor

KINDS = ("review", "certificate", "finding", "never_assessed")
_DECIDED = (AssessmentStatus.APPROVED.value, AssessmentStatus.REJECTED.value)
_OPEN = (AssessmentStatus.DRAFT.value, AssessmentStatus.SUBMITTED.value)


class DueOps(ServiceBase):
    def due_list(
        self,
        *,
        as_of: date | None = None,
        within_days: int = 30,
        kinds: set[str] | None = None,
    ) -> dto.DueList:
        """Everything overdue on ``as_of`` or due within the window, soonest first.

        - re-reviews: each active vendor's latest decided assessment, if approved;
        - certificates: the latest of each vendor and standard, expired or expiring;
        - findings: open and past their due date;
        - vendors never assessed: waiting since they were added (overdue after the
          policy's grace period).
        Offboarded vendors are left out; a rejected vendor has no re-review date.
        """
        if within_days < 0:
            raise ValidationError("the window cannot be negative")
        today = as_of or self.today()
        until = today + timedelta(days=within_days)
        wanted = set(KINDS) if kinds is None else kinds
        items: list[dto.DueItem] = []
        with self._read() as s:
            if "review" in wanted:
                items += self._due_reviews(s, today, until)
            if "certificate" in wanted:
                items += self._due_certificates(s, today, until)
            if "finding" in wanted:
                items += self._due_findings(s, today)
            if "never_assessed" in wanted:
                items += self._never_assessed(s, today)
        items.sort(key=lambda i: (i.due_on, i.vendor_name, i.kind, i.ref_id or 0))
        return dto.DueList(as_of=today, until=until, items=items)

    # --- the four sources ---------------------------------------------------------------

    def _due_reviews(self, s: Session, today: date, until: date) -> list[dto.DueItem]:
        latest = (
            select(
                Assessment.id,
                Assessment.vendor_id,
                Assessment.status,
                Assessment.rating,
                Assessment.decided_at,
                Assessment.next_review_due,
                Assessment.questionnaire_id,
                func.row_number()
                .over(
                    partition_by=Assessment.vendor_id,
                    order_by=(Assessment.decided_at.desc(), Assessment.id.desc()),
                )
                .label("rn"),
            )
            .where(Assessment.status.in_(_DECIDED))
            .subquery()
        )
        rows = s.execute(
            select(latest, Vendor.name)
            .join(Vendor, Vendor.id == latest.c.vendor_id)
            .where(
                latest.c.rn == 1,
                latest.c.status == AssessmentStatus.APPROVED.value,
                latest.c.next_review_due <= until,
                Vendor.offboarded.is_(False),
            )
        )
        out = []
        for r in rows:
            decided = r.decided_at.date().isoformat() if r.decided_at else "?"
            out.append(
                _item(
                    today,
                    r.next_review_due,
                    "review",
                    r.vendor_id,
                    r.name,
                    f"re-review due: rated {r.rating}, approved {decided} "
                    f"({r.questionnaire_id}, assessment #{r.id})",
                    r.id,
                    r.rating,
                )
            )
        return out

    def _due_certificates(self, s: Session, today: date, until: date) -> list[dto.DueItem]:
        newest = (
            select(
                Certificate.id,
                Certificate.vendor_id,
                Certificate.standard,
                Certificate.expires_on,
                func.row_number()
                .over(
                    partition_by=(Certificate.vendor_id, Certificate.standard),
                    order_by=(Certificate.expires_on.desc(), Certificate.id.desc()),
                )
                .label("rn"),
            )
        ).subquery()
        rows = s.execute(
            select(newest, Vendor.name)
            .join(Vendor, Vendor.id == newest.c.vendor_id)
            .where(newest.c.rn == 1, newest.c.expires_on <= until, Vendor.offboarded.is_(False))
        )
        out = []
        for r in rows:
            verb = "expired" if r.expires_on < today else "expires"
            out.append(
                _item(
                    today,
                    r.expires_on,
                    "certificate",
                    r.vendor_id,
                    r.name,
                    f"{r.standard} certificate {verb} {r.expires_on.isoformat()} "
                    f"(certificate #{r.id})",
                    r.id,
                    r.standard,
                )
            )
        return out

    def _due_findings(self, s: Session, today: date) -> list[dto.DueItem]:
        rows = s.execute(
            select(Finding, Vendor.name)
            .join(Vendor, Vendor.id == Finding.vendor_id)
            .where(
                Finding.status == FindingStatus.OPEN.value,
                Finding.due_on < today,
                Vendor.offboarded.is_(False),
            )
        )
        return [
            _item(
                today,
                f.due_on or today,
                "finding",
                f.vendor_id,
                name,
                f"{f.severity} finding #{f.id} open past its due date: {_short(f.text)}",
                f.id,
                f.severity,
            )
            for f, name in rows
        ]

    def _never_assessed(self, s: Session, today: date) -> list[dto.DueItem]:
        decided = select(Assessment.vendor_id).where(Assessment.status.in_(_DECIDED))
        rows = s.execute(
            select(Vendor.id, Vendor.name, Vendor.created_at).where(
                Vendor.offboarded.is_(False), Vendor.id.not_in(decided)
            )
        )
        grace = self.policy.candidate_grace_days
        in_progress = {
            vendor_id: f"assessment #{aid} is {status}"
            for vendor_id, aid, status in s.execute(
                select(Assessment.vendor_id, Assessment.id, Assessment.status)
                .where(Assessment.status.in_(_OPEN))
                .order_by(Assessment.id)
            )
        }
        out = []
        for vendor_id, name, created_at in rows:
            added = created_at.date()
            waited = (today - added).days
            state = in_progress.get(vendor_id)
            why = f"not yet decided ({state})" if state else "never assessed"
            out.append(
                _item(
                    today,
                    added + timedelta(days=grace),
                    "never_assessed",
                    vendor_id,
                    name,
                    f"{why}: added {added.isoformat()}, waiting {waited} days",
                    vendor_id,
                    None,
                )
            )
        return out


def _item(
    today: date,
    due_on: date,
    kind: str,
    vendor_id: int,
    vendor_name: str,
    reason: str,
    ref_id: int | None,
    level: str | None,
) -> dto.DueItem:
    return dto.DueItem(
        due_on=due_on,
        kind=kind,
        vendor_id=vendor_id,
        vendor_name=vendor_name,
        reason=reason,
        overdue=due_on < today,
        days=(due_on - today).days,
        ref_id=ref_id,
        level=level,
    )


def _short(text: str, width: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
