"""The finding list: Core queries on ``store.tables`` building ``dto.Finding`` (a plain
dataclass) from each row, so ``finding list`` starts without the ORM or pydantic (issue
14); ``finding_state`` words a finding's state for the list and for one finding."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Connection, and_, or_, select

from vendor_review.domain.enums import FindingStatus, Severity
from vendor_review.domain.risk_acceptance import AcceptanceStatus
from vendor_review.service.base import ServiceBase
from vendor_review.service.dto.findings import Finding
from vendor_review.store.tables import findings, risk_acceptances, vendors

if TYPE_CHECKING:
    from vendor_review.service.dto.findings import FindingSource


def finding_state(
    status: str,
    accepted_until: date | None,
    resolved_by_assessment_id: int | None,
    today: date,
    pending: tuple[str, date] | None = None,
) -> str:
    """A finding's state as a person reads it: "open", "open (risk acceptance expired
    2026-03-01)", "risk accepted until …", "resolved by assessment #9", with "; acceptance
    requested by alice until …" while a request (``pending``: who, until) waits."""
    if status == FindingStatus.RISK_ACCEPTED.value and accepted_until and accepted_until < today:
        state = f"open (risk acceptance expired {accepted_until.isoformat()})"
    elif status == FindingStatus.RISK_ACCEPTED.value:
        until = accepted_until.isoformat() if accepted_until else "no expiry"
        state = f"risk accepted until {until}"
    elif resolved_by_assessment_id is not None:
        state = f"resolved by assessment #{resolved_by_assessment_id}"
    else:
        state = status
    if pending is not None:
        state += f"; acceptance requested by {pending[0]} until {pending[1].isoformat()}"
    return state


def finding_with_state(
    row: FindingSource,
    today: date,
    pending: tuple[str, date] | None = None,
    vendor_name: str | None = None,
) -> Finding:
    """The finding ``row`` holds, its state worded for a person on ``today`` (``pending``:
    who asked to accept its risk and until when, if a request waits)."""
    state = finding_state(
        row.status, row.accepted_until, row.resolved_by_assessment_id, today, pending
    )
    return Finding.of(row, vendor_name=vendor_name, state=state, pending=pending)


_COLUMNS = [
    findings.c[name]
    for name in (
        "id",
        "assessment_id",
        "report_id",
        "vendor_id",
        "question_id",
        "severity",
        "text",
        "remediation",
        "owner",
        "due_on",
        "status",
        "resolved_by",
        "resolved_at",
        "resolution_note",
        "created_at",
        "cause",
        "accepted_until",
        "resolved_by_assessment_id",
    )
]


class FindingListOps(ServiceBase):
    def list_findings(
        self,
        *,
        status: FindingStatus | None = None,
        severity: Severity | None = None,
        vendor: str | int | None = None,
    ) -> list[Finding]:
        """Findings, soonest due first. ``status=OPEN`` includes findings whose risk
        acceptance has expired (they are open again)."""
        today = self.today()
        query = (
            select(*_COLUMNS, vendors.c.name.label("vendor_name"))
            .join(vendors, vendors.c.id == findings.c.vendor_id)
            .order_by(findings.c.due_on.asc().nulls_last(), findings.c.id)
        )
        if status is FindingStatus.OPEN:
            query = query.where(
                or_(
                    findings.c.status == FindingStatus.OPEN.value,
                    and_(
                        findings.c.status == FindingStatus.RISK_ACCEPTED.value,
                        findings.c.accepted_until < today,
                    ),
                )
            )
        elif status is not None:
            query = query.where(findings.c.status == status.value)
        if severity is not None:
            query = query.where(findings.c.severity == severity.value)
        if vendor is not None:  # a name is resolved as everywhere else (the ORM's lookup)
            query = query.where(findings.c.vendor_id == self._vendor_id(vendor))
        with self._connect() as connection:
            rows = connection.execute(query).all()
            pending = _pending(connection, [r.id for r in rows])
        return [finding_with_state(r, today, pending.get(r.id), r.vendor_name) for r in rows]


PENDING_IN_LIST = 500
"""Up to this many findings, their waiting requests are looked up by id."""


def _pending(connection: Connection, finding_ids: list[int]) -> dict[int, tuple[str, date]]:
    """The waiting risk-acceptance request of each finding: who asked, until when. Beyond
    ``PENDING_IN_LIST`` ids every waiting request is read (a few: they wait for an
    approver) and kept by id: 12,000 ids as bound parameters cost PostgreSQL 0.5-2 s to
    parse and plan (``finding list --open`` at 10,000 vendors)."""
    if not finding_ids:
        return {}
    query = select(
        risk_acceptances.c.finding_id,
        risk_acceptances.c.requested_by,
        risk_acceptances.c.expires_on,
    ).where(risk_acceptances.c.status == AcceptanceStatus.REQUESTED.value)
    if len(finding_ids) <= PENDING_IN_LIST:
        query = query.where(risk_acceptances.c.finding_id.in_(finding_ids))
    wanted = set(finding_ids)
    return {
        r.finding_id: (r.requested_by, r.expires_on)
        for r in connection.execute(query)
        if r.finding_id in wanted
    }


__all__ = ["FindingListOps", "finding_state", "finding_with_state"]
