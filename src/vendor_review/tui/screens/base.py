"""What every screen shares: failed workers become a visible error, the app stays up;
the answers of ``in_thread`` calls are handled."""

from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from vendor_review.tui.background import Answered
from vendor_review.tui.shell import Shell, shell

ResultType = TypeVar("ResultType")


NARROW = 100
"""Below this many columns screens lay out for a small terminal (the ``-narrow`` class)."""


class AppScreen(Screen[ResultType]):
    @property
    def vr_app(self) -> Shell:
        return shell(self)

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Worker.StateChanged does not bubble: each screen hands its failures to the app.
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.vr_app.show_error(event.worker.error)

    @on(Answered)
    def _answered(self, message: Answered) -> None:
        message.stop()  # run here, not again by the app it would bubble to
        message.then()
