"""What the reviewer records from an assurance report (issue 12): an exception, a
subservice organisation, a user-entity control (CUEC), a bridge letter, each added by its
key on the Report screen through a form and listed in its own tab; and the status of one
of our obligations (a CUEC, on the Obligations screen).

``PARTS`` is the one table of them: the Report screen's keys, tabs and forms come from it.
Each form is a ``FormModal`` saved through one service call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vendor_review.domain.assurance import ObligationStatus
from vendor_review.domain.assurance import SubserviceMethod as Method
from vendor_review.tui.widgets.form_modal import FormField, FormModal

if TYPE_CHECKING:
    from vendor_review.service import Service, dto

METHODS = tuple((m.value, m.value) for m in Method)
STATUS_LABELS = {
    ObligationStatus.OPEN: "open",
    ObligationStatus.IN_PLACE: "in place",
    ObligationStatus.NOT_APPLICABLE: "not applicable",
}
STATUSES = tuple((label, s.value) for s, label in STATUS_LABELS.items())


@dataclass(frozen=True)
class Part:
    key: str
    """Its key on the Report screen (the footer says ``label``)."""
    label: str
    tab: str
    """The Report screen's tab that lists it."""
    title: str
    """The form's title, ``{}`` the report's number."""
    intro: str
    fields: tuple[FormField, ...]
    save: Callable[[Service, int, dict[str, Any]], object]
    """The service call that adds it to report number ``int``, given the form's values."""

    def form(self, service: Service, report_id: int) -> FormModal[Any]:
        return FormModal(
            self.title.format(report_id),
            self.fields,
            lambda values: self.save(service, report_id, values),
            intro=self.intro,
        )


def _subservice(service: Service, report_id: int, v: dict[str, Any]) -> object:
    method = Method(v["method"])
    return service.add_report_subservice(report_id, v["name"], method=method, purpose=v["purpose"])


def _bridge(service: Service, report_id: int, v: dict[str, Any]) -> object:
    return service.add_report_bridge(report_id, through=v["through"], evidence_path=v["evidence"])


EXCEPTION_FIELDS = (
    FormField("control", "Control", required=True, placeholder="CC6.1"),
    FormField("description", "What was found", required=True),
    FormField("response", "Management response", placeholder="(none given)"),
)
SUBSERVICE_FIELDS = (
    FormField("name", "Organisation", required=True, placeholder="the colocation provider"),
    FormField("method", "Method", "choice", METHODS, required=True, initial=Method.CARVE_OUT.value),
    FormField("purpose", "What it does"),
)
CUEC_FIELDS = (
    FormField("control", "Control", required=True, placeholder="CUEC-1"),
    FormField("description", "What we must do", required=True),
    FormField("owner", "Owner on our side", placeholder="(nobody yet)"),
)
BRIDGE_FIELDS = (
    FormField("through", "Covers through", "date", required=True),
    FormField("evidence", "Letter file", "path"),
)

PARTS = {
    "exception": Part(
        "x",
        "Exception",
        "exceptions",
        "An exception in report #{}",
        "A deviation the auditor found when testing a control.",
        EXCEPTION_FIELDS,
        lambda service, report_id, v: service.add_report_exception(report_id, **v),
    ),
    "subservice": Part(
        "s",
        "Subservice",
        "subservices",
        "A subservice organisation of report #{}",
        "It becomes a fourth party: a subprocessor of this vendor (a new candidate "
        "to triage when it is not a vendor yet).",
        SUBSERVICE_FIELDS,
        _subservice,
    ),
    "cuec": Part(
        "u",
        "User control",
        "obligations",
        "A user-entity control of report #{}",
        "A complementary user-entity control: an obligation of ours for the "
        "vendor's controls to hold.",
        CUEC_FIELDS,
        lambda service, report_id, v: service.add_report_cuec(report_id, **v),
    ),
    "bridge": Part(
        "b",
        "Bridge letter",
        "bridges",
        "A bridge letter for report #{}",
        "The vendor's letter that nothing changed since the report's period ended.",
        BRIDGE_FIELDS,
        _bridge,
    ),
}


def obligation_form(service: Service, obligation: dto.Obligation) -> FormModal[dto.Obligation]:
    def store(v: dict[str, Any]) -> dto.Obligation:
        values = {**v, "status": ObligationStatus(v["status"])}
        return service.set_obligation(obligation.id, **values)

    status = obligation.status.value
    return FormModal(
        f"Obligation {obligation.control} ({obligation.vendor_name})",
        (
            FormField("status", "Status", "choice", STATUSES, required=True, initial=status),
            FormField("owner", "Owner", initial=obligation.owner or ""),
            FormField("note", "Note", initial=obligation.note or ""),
        ),
        store,
        intro=obligation.description,
    )
