"""Add a certificate to a vendor: standard, dates, issuer, scope and its evidence file.

The modal saves through the service itself and closes only when the certificate is
stored; anything the service refuses is shown in the modal, the typed values kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from vendor_review.domain.enums import CertificateStandard
from vendor_review.service.errors import ServiceError
from vendor_review.tui.shell import shell
from vendor_review.tui.text import plain
from vendor_review.tui.widgets.text_input import TextInput

if TYPE_CHECKING:
    from vendor_review.service import dto
    from vendor_review.tui.shell import Shell

DATE_FIELDS = {
    "issued_on": "Issued on",
    "period_end": "Report period end",
    "expires_on": "Expires on",
}


ISO = CertificateStandard.ISO_27001.value


def field(label: str, widget: Widget) -> Vertical:
    return Vertical(Label(label), widget, classes="field")


class CertificateModal(ModalScreen["dto.Certificate | None"]):
    DEFAULT_CSS = """
    CertificateModal { align: center middle; }
    CertificateModal > Vertical {
        width: 90; max-width: 95%; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    CertificateModal #title { text-style: bold; margin-bottom: 1; }
    CertificateModal Horizontal { height: auto; }
    CertificateModal .field { height: auto; width: 1fr; }
    CertificateModal Label { color: $text-muted; padding: 0 1; }
    CertificateModal #hint { color: $text-muted; }
    CertificateModal #error { color: $text-error; height: auto; margin-top: 1; }
    CertificateModal #buttons { height: auto; align-horizontal: right; margin-top: 1; }
    CertificateModal Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    class Saved(Message):
        def __init__(self, certificate: dto.Certificate) -> None:
            super().__init__()
            self.certificate = certificate

    class Refused(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, vendor_id: int, vendor_name: str) -> None:
        super().__init__()
        self.vendor_id = vendor_id
        self.vendor_name = vendor_name

    def compose(self) -> ComposeResult:
        standards = [(s.value, s.value) for s in CertificateStandard]
        with Vertical():
            yield Static(plain(f"Add a certificate of {self.vendor_name}"), id="title")
            standard = Select(standards, value=ISO, allow_blank=False, id="standard")
            issuer = TextInput(id="issuer", placeholder="who certified or audited")
            yield Horizontal(field("Standard", standard), field("Issuer / auditor", issuer))
            yield Horizontal(
                *(
                    field(label, TextInput(id=name, placeholder="YYYY-MM-DD"))
                    for name, label in DATE_FIELDS.items()
                )
            )
            yield Horizontal(
                field("Scope", TextInput(id="scope", placeholder="what it covers")),
                field("Evidence file", TextInput(id="evidence", placeholder="path (optional)")),
            )
            yield Static(
                "A SOC report needs only its period end: it expires 12 months later.",
                id="hint",
            )
            yield Static(id="error")
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", action="screen.save")
                yield Button("Cancel (esc)", id="cancel", action="screen.cancel")

    def on_mount(self) -> None:
        self.query_one("#standard", Select).focus()

    @property
    def vr_app(self) -> Shell:
        return shell(self)

    def _text(self, wid: str) -> str | None:
        return self.query_one(f"#{wid}", Input).value.strip() or None

    def _dates(self) -> dict[str, date | None]:
        out: dict[str, date | None] = {}
        for name, label in DATE_FIELDS.items():
            text = self._text(name)
            try:
                out[name] = date.fromisoformat(text) if text else None
            except ValueError:
                raise ValueError(f"{label}: {text!r} is not a date (YYYY-MM-DD)") from None
        return out

    def action_save(self) -> None:
        try:
            dates = self._dates()
        except ValueError as error:
            self.query_one("#error", Static).update(plain(str(error)))
            return
        evidence = self._text("evidence")
        self.save(
            CertificateStandard(str(self.query_one("#standard", Select).value)),
            dates,
            self._text("issuer"),
            self._text("scope"),
            Path(evidence).expanduser() if evidence else None,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="certificate")
    def save(
        self,
        standard: CertificateStandard,
        dates: dict[str, date | None],
        issuer: str | None,
        scope: str | None,
        evidence: Path | None,
    ) -> None:
        try:
            cert = self.vr_app.service.add_certificate(
                self.vendor_id,
                standard,
                issuer=issuer,
                scope=scope,
                evidence_path=evidence,
                **dates,
            )
        except ServiceError as error:
            self.post_message(self.Refused(str(error)))
            return
        self.post_message(self.Saved(cert))

    @on(Saved)
    def saved(self, message: Saved) -> None:
        self.dismiss(message.certificate)

    @on(Refused)
    def refused(self, message: Refused) -> None:
        self.query_one("#error", Static).update(plain(message.error))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.vr_app.show_error(event.worker.error)

    def action_cancel(self) -> None:
        self.dismiss(None)
