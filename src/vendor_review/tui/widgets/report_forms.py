"""The form of an assurance report itself (issue 12; what the reviewer records from it:
``report_parts``), a ``FormModal`` saved through one service call. ``ReportModal`` also
reads the report's PDF (in a worker, under the untrusted-file limits of ``pdf_text``) and offers
what its text states in the fields still empty, marked "suggested — check": nothing is
stored until the reviewer saves the form, which is the confirmation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.widgets import Input, Static

from vendor_review.domain.assurance import LABELS, Opinion, ReportType
from vendor_review.domain.wording import counted
from vendor_review.exchange.inbound.report_facts import Suggestion, suggest_report_facts
from vendor_review.service.errors import ServiceError
from vendor_review.tui.background import in_thread
from vendor_review.tui.text import plain
from vendor_review.tui.widgets.form_modal import FormField, FormModal

if TYPE_CHECKING:
    from vendor_review.service import Service, dto

TYPES = tuple((label, kind.value) for kind, label in LABELS.items())
OPINIONS = tuple((o.value, o.value) for o in Opinion)

REPORT_FIELDS = (
    FormField("type", "Type", "choice", TYPES, required=True, initial=ReportType.SOC2_TYPE2.value),
    FormField("auditor", "Auditor / body", required=True, placeholder="the audit firm"),
    FormField("opinion", "Opinion / status", "choice", OPINIONS),
    FormField("period_start", "Period start (SOC)", "date"),
    FormField("period_end", "Period end (SOC)", "date"),
    FormField("issued_on", "Issued (ISO, PCI)", "date"),
    FormField("expires_on", "Expires (ISO, PCI)", "date"),
    FormField("scope", "Scope", placeholder="what the report covers"),
    FormField("criteria", "Criteria (SOC 2)", placeholder="security, availability, …"),
    FormField("services", "Services covered"),
    FormField("sites", "Sites covered"),
    FormField("certificate_number", "Certificate no."),
    FormField("accreditation_body", "Accreditation (ISO)"),
    FormField("evidence", "Report file", "path", placeholder="~/Downloads/report.pdf"),
)
SUGGESTED = "suggested — check"


def criteria_list(text: str | None) -> tuple[str, ...]:
    """``security, availability`` → the criteria, lower-case, in the order given."""
    return tuple(c.strip().lower() for c in (text or "").split(",") if c.strip())


def suggestion_text(suggestion: Suggestion) -> str:
    value = suggestion.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def pdf_suggestions(typed: str) -> list[Suggestion] | str:
    """(In a worker) what the text of the PDF at ``typed`` states, or why it tells nothing."""
    from vendor_review.exchange.inbound.pdf_text import read_pdf_text

    try:
        pages = read_pdf_text(Path(typed).expanduser())
    except (ServiceError, OSError) as error:
        return f"No suggestions: {error}"
    return suggest_report_facts(pages)


class ReportModal(FormModal["dto.Report"]):
    """Add an assurance report to a vendor (``c`` on the vendor screen)."""

    def __init__(self, service: Service, vendor_id: int, vendor_name: str) -> None:
        self.service = service
        self.vendor_id = vendor_id
        super().__init__(
            f"Add an assurance report of {vendor_name}",
            REPORT_FIELDS,
            self._store,
            intro="SOC reports: the period. ISO certificates and PCI AoCs: issued and "
            "expires. A PDF's text fills empty fields as suggestions to check.",
        )
        self.read_path: str | None = None

    def _store(self, v: dict[str, Any]) -> dto.Report:
        return self.service.add_report(
            self.vendor_id,
            ReportType(v["type"]),
            auditor=v["auditor"],
            period_start=v["period_start"],
            period_end=v["period_end"],
            issued_on=v["issued_on"],
            expires_on=v["expires_on"],
            opinion=Opinion(v["opinion"]) if v["opinion"] else None,
            scope=v["scope"],
            criteria=criteria_list(v["criteria"]),
            services=v["services"],
            sites=v["sites"],
            certificate_number=v["certificate_number"],
            accreditation_body=v["accreditation_body"],
            evidence_path=v["evidence"],
        )

    @on(Input.Changed, "#field-evidence")
    def _file_named(self, event: Input.Changed) -> None:
        """A PDF named in the file field: read its text for suggestions (once per file)."""
        typed = event.value.strip()
        path = Path(typed).expanduser()
        if path.suffix.lower() != ".pdf" or typed == self.read_path or not path.is_file():
            return
        self.read_path = typed
        self.query_one("#problem", Static).update(plain("Reading the PDF for suggestions…"))
        self.read_pdf(typed)

    def read_pdf(self, typed: str) -> None:
        read = partial(pdf_suggestions, typed)
        in_thread(self, read, partial(self._suggested, typed), "report-pdf")

    def _suggested(self, path: str, found: list[Suggestion] | str) -> None:
        if path != self.read_path:
            return  # another file was named since
        if isinstance(found, str):
            problem = found
        elif filled := self.offer(found):
            problem = f"{counted(filled, 'field')} filled from the PDF: check them."
        else:
            problem = "The PDF's text suggested nothing new."
        self.query_one("#problem", Static).update(plain(problem))

    def offer(self, suggestions: Sequence[Suggestion]) -> int:
        """Fill each field still empty (the type: still the default) with its
        suggestion, marked to check; returns how many were filled."""
        fields = {f.name: f for f in self.fields}
        filled = 0
        for s in suggestions:
            field = fields.get(s.field)
            if field is None:
                continue
            current = self.text_of(s.field)
            if current.strip() and not (field.kind == "choice" and current == field.initial):
                continue
            value = suggestion_text(s)
            if field.kind == "choice" and value not in {v for _, v in field.choices}:
                continue
            self.set_text(s.field, value)
            found = " ".join(s.found.split())
            self.mark(s.field, f"{SUGGESTED}: read in “{found[:70]}”")
            filled += 1
        return filled
