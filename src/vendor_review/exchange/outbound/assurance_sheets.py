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

from vendor_review.exchange.outbound.writer import Column, Kind, TableSheet

if TYPE_CHECKING:
    from vendor_review.service import Service
    from vendor_review.service.reporting.assurance import AssuranceLine, ObligationLine
    from vendor_review.service.reporting.scope import ReportScope

T, W = Kind.TEXT, Kind.WRAP
SHEETS = ("Assurance", "Obligations")

ASSURANCE = (
    Column("Vendor", 28),
    Column("Report", 8, Kind.INT),
    Column("Type", 22),
    Column("Auditor / body", 26, W),
    Column("Opinion", 12),
    Column("Period start", 11, Kind.DATE),
    Column("Period end", 11, Kind.DATE),
    Column("Issued on", 11, Kind.DATE),
    Column("Expires on", 11, Kind.DATE),
    Column("Current to", 11, Kind.DATE),
    Column("Days to currency end", 9, Kind.INT, overdue=True),
    Column("Bridged through", 11, Kind.DATE),
    Column("Covers our service", 9),
    Column("Exceptions", 9, Kind.INT),
    Column("Carve-outs", 9, Kind.INT),
    Column("Open CUECs", 9, Kind.INT),
    Column("Scope", 40, W),
    Column("Evidence", 28, W),
    Column("Evidence SHA-256", 66),
)

OBLIGATIONS = (
    Column("Vendor", 28),
    Column("Report", 8, Kind.INT),
    Column("Report type", 22),
    Column("Obligation", 10, Kind.INT),
    Column("Control", 14),
    Column("What we must do", 50, W),
    Column("Owner", 18),
    Column("Status", 14),
    Column("Note", 40, W),
    Column("Updated at (UTC)", 16, Kind.DATETIME),
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
