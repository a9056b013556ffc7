"""Run one long job (an export, reading or storing an import) in a thread worker, with a
progress bar, and close when it is done.

    app.push_screen(ProgressModal("Exporting", job, on_error=app.show_error), done)

``job(report)`` runs in the worker thread and may call ``report(done, total)`` as it goes
(``total`` ``None`` when unknown: the bar then just shows that work goes on). The modal
dismisses with what ``job`` returns; when it raises, the modal closes with ``None`` and
hands the error to ``on_error`` (the app's one visible-error path).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerState

from vendor_review.tui.background import in_thread
from vendor_review.tui.widgets.dialog import Dialog

R = TypeVar("R")
Report = Callable[[int, int | None], None]


class ProgressModal(Dialog[R | None], Generic[R]):
    DEFAULT_CSS = """
    ProgressModal > Vertical { width: 72; }
    ProgressModal #title { margin-bottom: 1; }
    ProgressModal ProgressBar { width: 100%; }
    ProgressModal #detail { color: $text-muted; margin-top: 1; }
    """

    class Progressed(Message):
        def __init__(self, done: int, total: int | None) -> None:
            super().__init__()
            self.done, self.total = done, total

    def __init__(
        self,
        title: str,
        job: Callable[[Report], R],
        *,
        on_error: Callable[[BaseException], None],
        unit: str = "rows",
    ) -> None:
        super().__init__(title)
        self.job, self.on_error, self.unit = job, on_error, unit
        self._outcome: tuple[R | None, BaseException | None] | None = None

    def body(self) -> ComposeResult:
        yield ProgressBar(total=None, show_eta=False)
        yield Static("Working… the app carries on when this is done.", id="detail")

    def on_mount(self) -> None:
        in_thread(self, partial(self.job, self._report), self._close, "exchange")

    def _report(self, done: int, total: int | None) -> None:
        """Called from the worker thread: the screen updates when the message arrives."""
        self.post_message(self.Progressed(done, total))

    @on(Progressed)
    def _progressed(self, message: Progressed) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=message.total, progress=message.done)
        of = f" of {message.total:,}" if message.total is not None else ""
        self.query_one("#detail", Static).update(f"{message.done:,}{of} {self.unit}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self._close(None, event.worker.error)

    def _close(self, result: R | None, error: BaseException | None = None) -> None:
        """Close now, or (the command palette is open over it) once it is on top again:
        ``dismiss`` closes whatever screen is on top."""
        self._outcome = (result, error)
        if self.is_current:
            self.dismiss(result)
            if error is not None:
                self.on_error(error)

    def on_screen_resume(self) -> None:
        if self._outcome is not None:
            self._close(*self._outcome)
