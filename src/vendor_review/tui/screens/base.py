"""What every screen shares: failed workers become a visible error, the app stays up."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from vendor_review.tui.app import VendorReviewApp

ResultType = TypeVar("ResultType")


class AppScreen(Screen[ResultType]):
    @property
    def vr_app(self) -> VendorReviewApp:
        from vendor_review.tui.app import VendorReviewApp

        assert isinstance(self.app, VendorReviewApp)
        return self.app

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Worker.StateChanged does not bubble: each screen hands its failures to the app.
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.vr_app.show_error(event.worker.error)
