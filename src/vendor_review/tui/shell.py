"""What screens and widgets need from the app, as a typed protocol.

Screens and widgets depend on this, never on ``tui/app.py``: the app implements it
(``VendorReviewApp``), and a test can hand a screen anything that does. ``shell(node)``
gives it to a widget or a screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

    from vendor_review.service import Service


class Shell(Protocol):
    """The app as the screens see it: the service, where things are, and the way around."""

    service: Service
    open_demo: Callable[[], Service] | None
    welcomed: bool
    output_dir: Path

    def show_error(self, error: BaseException) -> None:
        """A failed worker becomes a visible message; the app stays up."""

    def leave(self, screens: list[Screen[Any]], then: Callable[[], object]) -> None:
        """Run ``then`` once ``screens`` may be thrown away (asking if they hold edits)."""

    def action_back(self) -> None:
        """One step back (asking first if the screen left holds unsaved text)."""

    def open_dashboard(self) -> None: ...
    def open_vendors(self) -> None: ...
    def open_vendor_list(self, *, rating: str | None = None, title: str | None = None) -> None: ...
    def open_vendor(self, vendor_id: int) -> None: ...
    def new_vendor(self) -> None: ...
    def open_assessment(self, assessment_id: int) -> None: ...
    def open_approvals(self) -> None: ...
    def open_findings(
        self,
        vendor_id: int | None = None,
        severity: str | None = None,
        status: str | None = "open",
    ) -> None: ...
    def open_obligations(self, vendor_id: int | None = None) -> None: ...
    def open_report(self, report_id: int) -> None: ...
    def open_audit(self, entity: str | None = None, entity_id: str | None = None) -> None: ...
    def open_due(self, kind: str, bucket: str) -> None: ...
    def open_help(self) -> None: ...
    def open_welcome(self) -> None: ...
    def switch_service(self, service: Service) -> None: ...
    def import_vendors(self, then: Callable[[], None] | None = None) -> None: ...


def shell(node: DOMNode) -> Shell:
    """The app of ``node``, as the protocol (the app is a ``VendorReviewApp``)."""
    return cast("Shell", node.app)
