"""The assurance sheets of the portfolio workbook (issue 12 item 8): "Assurance", one row
per report — certificates (ISO 27001, PCI DSS …) and audit-period reports (SOC 2 …) alike —
(type, auditor, opinion, period or issue, currency, bridge, exceptions, carve-outs, open
CUECs, the evidence file and its SHA-256), and "Obligations", one row per
complementary user-entity control we must run (control, text, owner, status, note).

Both are streamed from the service (``report_assurance`` / ``report_obligations``) into
the workbook's ``TableSheet`` writer, as every other sheet: typed cells, outside text
never a formula.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from vendor_review.exchange.outbound.columns import count, day, days_left, moment, text, wrapped
from vendor_review.exchange.outbound.writer import TableSheet

if TYPE_CHECKING:
    from vendor_review.service import Service
    from vendor_review.service.reporting.assurance import AssuranceLine, ObligationLine
    from vendor_review.service.reporting.scope import ReportScope

SHEETS = ("Assurance", "Obligations")

ASSURANCE = (
    text("Vendor", 28),
    count("Report", 8),
    text("Type", 22),
    wrapped("Auditor / body", 26),
    text("Opinion", 12),
    day("Period start"),
    day("Period end"),
    day("Issued on"),
    day("Expires on"),
    day("Current to"),
    days_left("Days to currency end", 9),
    day("Bridged through"),
    text("Covers our service", 9),
    count("Exceptions"),
    count("Carve-outs"),
    count("Open CUECs"),
    wrapped("Scope", 40),
    wrapped("Evidence", 28),
    text("Evidence SHA-256", 66),
)

OBLIGATIONS = (
    text("Vendor", 28),
    count("Report", 8),
    text("Report type", 22),
    count("Obligation", 10),
    text("Control", 14),
    wrapped("What we must do", 50),
    text("Owner", 18),
    text("Status", 14),
    wrapped("Note", 40),
    moment("Updated at (UTC)"),
)


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def assurance_row(line: AssuranceLine, as_of: date) -> list[Any]:
    end = line.currency_end
    return [
        line.vendor,
        line.report_id,
        line.label,
        line.auditor,
        line.opinion,
        line.period_start,
        line.period_end,
        line.issued_on,
        line.expires_on,
        end,
        None if end is None else (end - as_of).days,
        line.bridged_through,
        _yes_no(line.covers_our_service),
        line.exceptions,
        line.carve_outs,
        line.open_obligations,
        line.scope,
        line.evidence,
        line.evidence_sha256,
    ]


def obligation_row(line: ObligationLine) -> list[Any]:
    return [
        line.vendor,
        line.report_id,
        line.report_label,
        line.obligation_id,
        line.control,
        line.description,
        line.owner,
        line.status.replace("_", " "),
        line.note,
        line.updated_at,
    ]


def write_assurance_sheets(
    service: Service,
    tables: dict[str, TableSheet],
    scope: ReportScope,
    as_of: date,
    wrote: Callable[[int, int], None],
) -> int:
    """Fill (and close) the Assurance and Obligations tables, telling ``wrote`` each
    report's vendor and row (the Summary links to them); returns the open obligations
    written (for the About sheet's counts)."""
    for line in service.report_assurance(scope):
        wrote(line.vendor_id, tables["Assurance"].append(assurance_row(line, as_of)))
    tables["Assurance"].close()
    still_open = 0
    for ob in service.report_obligations(scope):
        tables["Obligations"].append(obligation_row(ob))
        still_open += ob.status == "open"
    tables["Obligations"].close()
    return still_open
