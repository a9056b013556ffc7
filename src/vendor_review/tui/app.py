"""The vendor-review terminal app."""

from __future__ import annotations

import asyncio
import signal
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from vendor_review.tui.screens.vendors import VendorsScreen

if TYPE_CHECKING:
    from vendor_review.service import Service


class VendorReviewApp(App[None]):
    TITLE = "vendor-review"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="quit")]

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.sub_title = f"{service.actor} · {service.db.engine.url.render_as_string(True)}"

    def on_mount(self) -> None:
        # SIGTERM and SIGHUP end the app cleanly: Textual restores the terminal on exit.
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, self.exit)
        self.push_screen(VendorsScreen())

    def show_error(self, error: BaseException) -> None:
        """The one place a failed worker becomes a visible error; the app stays up."""
        self.notify(
            str(error) or type(error).__name__,
            title="Error",
            severity="error",
            markup=False,
            timeout=10,
        )
