"""The runner's changes at work: each shows "Saving…" at its question, is saved in a
thread worker (one at a time, in order: ``assessment_jobs.SaveQueue``), then shows
"Saved ✓ HH:MM:SS UTC" (the service's clock) or the reason it was not saved.

Composed into ``AssessmentScreen`` (``screen.saving``); each job runs through
``background.in_thread`` and comes back to ``done`` or ``failed``. A change someone else
made in between (``ConflictError``) is reported with the way out: reload.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from vendor_review.service.errors import ConflictError, ServiceError
from vendor_review.service.runner import RunnerView
from vendor_review.tui.background import in_thread
from vendor_review.tui.screens.assessment_jobs import Job, SaveQueue
from vendor_review.tui.text import shown

if TYPE_CHECKING:
    from vendor_review.tui.screens.assessment import AssessmentScreen


class Saving:
    """The save queue of one runner screen and the worker that empties it."""

    def __init__(self, screen: AssessmentScreen) -> None:
        self.screen = screen
        self.queue = SaveQueue()

    def add(self, job: Job, *, undoable: bool = True) -> None:
        """Queue ``job`` (shown as "Saving…" at its question) and start it if idle."""
        screen = self.screen
        if job.question_id is not None:
            screen.state(job.question_id).status = ("saving", "Saving…")
        self.queue.add(job, screen.model, undoable=undoable)
        screen.render_panel()
        self._next()

    def _next(self) -> None:
        model = self.screen.model
        if model is not None and (job := self.queue.take(model)) is not None:
            in_thread(
                self.screen, partial(self._run, job), partial(self._ran, job), "assessment-save"
            )

    def _run(self, job: Job) -> RunnerView | Exception:
        """In the worker thread: every failure comes back to be shown at the question (the
        queue goes on, the app stays up)."""
        screen = self.screen
        try:
            return job.run(screen.vr_app.service, screen.assessment_id)
        except Exception as error:
            return error

    def _ran(self, job: Job, outcome: RunnerView | Exception) -> None:
        if isinstance(outcome, Exception):
            self.failed(job, outcome)
        else:
            self.done(job, outcome)

    def done(self, job: Job, view: RunnerView) -> None:
        screen = self.screen
        self.queue.finished()
        if job.question_id is not None:
            state = screen.state(job.question_id)
            state.status = ("saved", job.done_text(view))
            state.pending = None
        elif job.kind == "confirm_all":
            screen.notify("Confirmed every carried-over answer", markup=False)
        screen.apply(view)
        self._next()

    def failed(self, job: Job, error: Exception) -> None:
        screen = self.screen
        self.queue.failed(job)
        text = shown(str(error) or type(error).__name__)
        if isinstance(error, ConflictError):
            kind, said = "conflict", f"⚠ Not saved: {text}. Press r to reload."
            screen.notify(said, title="Changed by someone else", severity="warning", markup=False)
        else:
            kind, said = "error", f"✗ Not saved: {text}"
            if not isinstance(error, ServiceError):
                screen.vr_app.show_error(error)
        if job.question_id is not None:
            screen.state(job.question_id).status = (kind, said)
        else:
            screen.notify(said, severity="error", markup=False)
        screen.render_panel()
        self._next()
