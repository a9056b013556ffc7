"""What the app shows of assurance reports: the vendor's list of them (its Reports tab),
one report's facts, its checklist, exceptions, subservice organisations, user-entity
controls and bridge letters. Outside text (auditors, controls, descriptions) is always
literal (``tui/text.py``); currency that has lapsed or ends within 30 days is coloured.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from itertools import starmap
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable

from vendor_review.domain.wording import counted
from vendor_review.tui.cells import clipped
from vendor_review.tui.text import plain, shown
from vendor_review.tui.tone import SOON_DAYS, Tone, due_style, tone

if TYPE_CHECKING:
    from textual.app import App

    from vendor_review.service import dto

Row = tuple[str, tuple[Text, ...]]
"""A table row: its key, its cells."""
SEVERITY_TONES: dict[str, Tone] = {"critical": "error", "high": "error", "medium": "warning"}


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def span(r: dto.Report) -> str:
    """The audit period (SOC) or the certificate's issue and expiry dates."""
    first = r.period_start or r.issued_on
    last = r.period_end if r.period_start or r.period_end else r.expires_on
    if first is None and last is None:
        return "–"
    return f"{day(first) or '…'} – {day(last) or '…'}"


def currency(app: App[object], r: dto.Report, today: date) -> Text:
    """The last day the report may be relied on, coloured when lapsed or near."""
    if r.currency_end is None:
        return plain(None)
    shown = plain(r.currency_end.isoformat(), due_style(app, r.currency_end, today))
    if r.bridged_through is not None and r.bridged_through >= r.currency_end:
        shown.append(" (bridged)", style="dim")
    return shown


def count(app: App[object], n: int, name: Tone = "warning") -> Text:
    return Text(str(n), style=tone(app, name) if n else "dim")


def opinion(app: App[object], r: dto.Report) -> Text:
    if r.opinion is None:
        return plain(None)
    clean = r.opinion.value in ("unqualified", "valid")
    return plain(r.opinion.value, "" if clean else tone(app, "error"))


def fill(table: DataTable[Text], headers: Sequence[str], rows: Iterable[Row]) -> None:
    """The table's columns become ``headers`` and its rows ``rows``: (key, cells) each."""
    table.clear(columns=True)
    table.add_columns(*headers)
    for key, cells in rows:
        table.add_row(*cells, key=key)


def fill_reports(table: DataTable[Text], reports: list[dto.Report], today: date) -> None:
    """The vendor's Reports tab: one row per report, newest first."""
    app = table.app

    def cells(r: dto.Report) -> Row:
        return str(r.id), (
            clipped(r.label, 16),
            clipped(r.auditor, 18),
            currency(app, r, today),
            opinion(app, r),
            count(app, r.exceptions),
            count(app, r.carve_outs),
            count(app, r.open_obligations),
            plain(span(r)),
        )

    # What matters first (currency, opinion, counts) fits 80 columns; the dates follow.
    headers = "Type", "Auditor", "Current to", "Opinion", "Exc", "Carve", "CUECs", "Period / issued"
    fill(table, headers, map(cells, reports))


def report_summary(app: App[object], r: dto.Report, today: date) -> Text:
    """Three lines: what the report is, who signed it and for when, what we answered."""
    text = Text.assemble(plain(f"#{r.id} {r.label}", "bold"), " by ", plain(r.auditor))
    if r.accreditation_body:
        text.append(" (accredited by ")
        text.append_text(plain(r.accreditation_body))
        text.append(")")
    text.append("\n")
    if r.type.is_soc:
        text.append(f"Period {shown(span(r))}")
    else:
        text.append(f"Issued {day(r.issued_on) or '–'}, expires {day(r.expires_on) or '–'}")
    text.append(" · current to ")
    text.append_text(currency(app, r, today))
    if r.currency_end is not None:
        days = (r.currency_end - today).days
        if days < 0:
            text.append(f" (lapsed {counted(-days, 'day')} ago)", style=tone(app, "error"))
        elif days <= SOON_DAYS:
            text.append(f" (ends in {counted(days, 'day')})", style=tone(app, "warning"))
    text.append(" · opinion ")
    text.append_text(opinion(app, r))
    text.append("\nCovers the service we use: ")
    if r.covers_our_service is None:
        text.append("not answered (c)", style=tone(app, "warning"))
    else:
        text.append("yes" if r.covers_our_service else "no")
    if r.scope:
        text.append(" · scope: ")
        text.append_text(plain(" ".join(r.scope.split())[:80]))
    if r.criteria:
        text.append(" · criteria: ")
        text.append_text(plain(", ".join(r.criteria)))
    return text


def fill_checklist(table: DataTable[Text], items: list[dto.ReviewItem]) -> None:
    """The review's checklist: each rule passed or failed, with the finding it opened."""
    app = table.app

    def cells(index: int, item: dto.ReviewItem) -> Row:
        severity = item.severity.value if item.severity is not None else None
        failed = tone(app, SEVERITY_TONES.get(severity or "", "warning"))
        passed = Text("pass ✓", style=tone(app, "success"))
        return f"{index}:{item.finding_id or ''}", (
            plain(item.rule),
            passed if item.passed else Text("FAIL ✗", failed),
            plain(severity, failed if severity else ""),
            plain(f"#{item.finding_id}" if item.finding_id else None),
            clipped(item.text, 60),
        )

    fill(table, ("Rule", "Result", "Severity", "Finding", "What"), starmap(cells, enumerate(items)))


def fill_findings(table: DataTable[Text], findings: list[dto.Finding]) -> None:
    """Before a review in this session: the report's open findings from the last one."""
    tones = {s: tone(table.app, name) for s, name in SEVERITY_TONES.items()}

    def cells(f: dto.Finding) -> Row:
        severity = plain(f.severity.value, tones.get(f.severity.value, ""))
        return f"f:{f.id}", (plain(f"#{f.id}"), severity, clipped(f.text, 70))

    fill(table, ("Finding", "Severity", "What"), map(cells, findings))


def fill_exceptions(table: DataTable[Text], rows: list[dto.ReportExceptionRow]) -> None:
    none = Text("none", tone(table.app, "warning"))

    def cells(e: dto.ReportExceptionRow) -> Row:
        response = plain(e.response) if e.response else none
        return str(e.id), (clipped(e.control, 14), clipped(e.description, 40), response)

    fill(table, ("Control", "Exception", "Management response"), map(cells, rows))


def fill_subservices(table: DataTable[Text], rows: list[dto.ReportSubserviceRow]) -> None:
    def cells(s: dto.ReportSubserviceRow) -> Row:
        linked = s.vendor_name or None
        if linked and s.created_candidate:
            linked += " (new candidate)"
        purpose = clipped(s.purpose, 26)
        return str(s.vendor_id or ""), (
            clipped(s.name, 26),
            plain(s.method.value),
            purpose,
            clipped(linked, 30),
        )

    fill(table, ("Organisation", "Method", "Purpose", "Fourth party"), map(cells, rows))


def fill_obligations(table: DataTable[Text], rows: list[dto.Obligation]) -> None:
    nobody = Text("nobody", tone(table.app, "warning"))

    def cells(o: dto.Obligation) -> Row:
        owner = plain(o.owner) if o.owner else nobody
        status = plain(o.status.value.replace("_", " "))
        return str(o.id), (clipped(o.control, 14), clipped(o.description, 40), owner, status)

    fill(table, ("Control", "What we must do", "Owner", "Status"), map(cells, rows))


def control(name: str, description: str, label: str, value: str) -> Text:
    """A control the report names (an exception's, a CUEC's): what it says, and one fact."""
    return Text.assemble(
        plain(name, "bold"), ": ", plain(description), f"\n{label}: ", plain(value)
    )


def row_detail(
    table: str, key: str, d: dto.ReportDetail | None, review: dto.ReportReview | None
) -> Text:
    """The full text behind one row of a report's table (its key as the fill gave it)."""
    if d is None:
        return Text()
    if table == "table-checklist" and review is not None and key.partition(":")[0].isdigit():
        item = review.items[int(key.partition(":")[0])]
        head = f"{item.rule}: {'passed' if item.passed else 'failed'}"
        if item.finding_id:
            head += f" · finding #{item.finding_id} (enter: the vendor's findings)"
        return Text.assemble(plain(head, "bold"), "\n", plain(item.text))
    if table == "table-checklist" and key.startswith("f:"):
        found = [f for f in d.findings if str(f.id) == key[2:]]
        return plain(found[0].text) if found else Text()
    exceptions = {str(e.id): e for e in d.exceptions}
    subservices = {str(s.vendor_id or ""): s for s in d.subservices}
    obligations = {str(o.id): o for o in d.obligations}
    if table == "table-exceptions" and (e := exceptions.get(key)) is not None:
        return control(e.control, e.description, "Response", e.response or "none given")
    if table == "table-subservices" and (s := subservices.get(key)) is not None:
        link = "enter opens it as a vendor" if s.vendor_id else "not linked"
        return Text.assemble(
            plain(s.name, "bold"), f" ({s.method.value}, {link}): ",
            plain(s.purpose or "no purpose given"),
        )  # fmt: skip
    if table == "table-obligations" and (o := obligations.get(key)) is not None:
        text = control(o.control, o.description, "Owner", o.owner or "nobody yet")
        text.append(f" · {o.status.value.replace('_', ' ')} (o: the Obligations screen)")
        return text
    return Text()


def fill_bridges(table: DataTable[Text], rows: list[dto.ReportBridgeRow]) -> None:
    def cells(b: dto.ReportBridgeRow) -> Row:
        letter = plain(f"evidence #{b.evidence_id}" if b.evidence_id else None)
        return str(b.id), (plain(b.through.isoformat()), letter)

    fill(table, ("Covers through", "Letter"), map(cells, rows))
