"""S in the questionnaire runner: the submit summary first (``submit.SubmitSummaryScreen``:
score, band, what still blocks it), then the submission, both in thread workers.

Composed into ``AssessmentScreen`` (``screen.submitting``); the screen hands the workers'
``PreviewReady`` / ``Submitted`` messages back to ``preview_ready`` / ``done``. A blocked
submission goes to the first question that blocks it; once submitted the runner is
read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message

from vendor_review.service import dto
from vendor_review.service.errors import ServiceError
from vendor_review.service.runner import SubmitPreview
from vendor_review.tui.screens.submit import SubmitSummaryScreen, summary_line
from vendor_review.tui.text import shown

if TYPE_CHECKING:
    from vendor_review.tui.screens.assessment import AssessmentScreen


class PreviewReady(Message):
    def __init__(self, preview: SubmitPreview) -> None:
        super().__init__()
        self.preview = preview


class Submitted(Message):
    def __init__(self, assessment: dto.Assessment | None, error: ServiceError | None) -> None:
        super().__init__()
        self.assessment = assessment
        self.error = error


class Submitting:
    """Submitting one runner's assessment: asked, running, done."""

    def __init__(self, screen: AssessmentScreen) -> None:
        self.screen = screen
        self.in_progress = False
        self.submitted = False  # read-only from then on, before the reload arrives

    def start(self) -> None:
        """S: the summary, unless a save or a submission is still running."""
        screen = self.screen
        if screen.busy or self.in_progress:
            screen.notify("Still saving; submit again in a moment.", markup=False)
        else:
            self._in_thread(self._preview)

    def _in_thread(self, job: Callable[[], None]) -> None:
        self.screen.run_worker(
            job,
            group="assessment-submit",
            exclusive=True,
            exit_on_error=False,
            thread=True,
        )

    def _preview(self) -> None:
        screen = self.screen
        screen.post_message(
            PreviewReady(screen.vr_app.service.submit_preview(screen.assessment_id))
        )

    def _submit(self) -> None:
        screen = self.screen
        try:
            done = screen.vr_app.service.submit(screen.assessment_id)
        except ServiceError as error:
            screen.post_message(Submitted(None, error))
        else:
            screen.post_message(Submitted(done, None))

    def preview_ready(self, message: PreviewReady) -> None:
        screen, preview = self.screen, message.preview
        if self.in_progress or self.submitted:
            return  # S pressed again right after submitting: the summary is not reopened

        def decided(submit: bool | None) -> None:
            if submit:
                self.in_progress = True
                self._in_thread(self._submit)
            elif preview.blocked:
                screen.go_to((preview.missing or preview.evidence_missing)[0])

        screen.app.push_screen(SubmitSummaryScreen(preview), decided)

    def done(self, message: Submitted) -> None:
        screen, error = self.screen, message.error
        self.in_progress = False
        if error is not None:
            screen.notify(shown(error), title="Not submitted", severity="error", markup=False)
            missing = getattr(error, "missing", None) or getattr(error, "evidence_missing", None)
            if missing:
                screen.go_to(missing[0])
            return
        assert message.assessment is not None
        self.submitted = True
        screen.notify(
            f"Submitted for approval: {shown(summary_line(message.assessment))}",
            title=f"Assessment #{screen.assessment_id}",
            markup=False,
        )
        screen.load(fresh=True)
