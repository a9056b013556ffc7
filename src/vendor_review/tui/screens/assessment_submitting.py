"""S in the questionnaire runner: the submit summary first (``submit.SubmitSummaryScreen``:
score, band, what still blocks it), then the submission, both in thread workers.

Composed into ``AssessmentScreen`` (``screen.submitting``); the workers' answers come back
to ``preview_ready`` / ``done`` (``background.in_thread``). A blocked submission goes to
the first question that blocks it; once submitted the runner is read-only.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from vendor_review.service import dto
from vendor_review.service.errors import ServiceError
from vendor_review.service.runner import SubmitPreview
from vendor_review.tui.background import in_thread, or_error
from vendor_review.tui.screens.submit import SubmitSummaryScreen, summary_line
from vendor_review.tui.text import shown

if TYPE_CHECKING:
    from vendor_review.tui.screens.assessment import AssessmentScreen


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
            return
        service, assessment_id = screen.vr_app.service, screen.assessment_id
        preview = partial(service.submit_preview, assessment_id)
        in_thread(screen, preview, self.preview_ready, "assessment-submit")

    def preview_ready(self, preview: SubmitPreview) -> None:
        screen = self.screen
        if self.in_progress or self.submitted:
            return  # S pressed again right after submitting: the summary is not reopened

        def decided(submit: bool | None) -> None:
            if submit:
                self.in_progress = True
                service, assessment_id = screen.vr_app.service, screen.assessment_id
                submitted = or_error(partial(service.submit, assessment_id))
                in_thread(screen, submitted, self.done, "assessment-submit")
            elif preview.blocked:
                screen.go_to((preview.missing or preview.evidence_missing)[0])

        screen.app.push_screen(SubmitSummaryScreen(preview), decided)

    def done(self, submitted: dto.Assessment | ServiceError) -> None:
        screen = self.screen
        self.in_progress = False
        if isinstance(submitted, ServiceError):
            error = submitted
            screen.notify(shown(error), title="Not submitted", severity="error", markup=False)
            missing = getattr(error, "missing", None) or getattr(error, "evidence_missing", None)
            if missing:
                screen.go_to(missing[0])
            return
        self.submitted = True
        screen.notify(
            f"Submitted for approval: {shown(summary_line(submitted))}",
            title=f"Assessment #{screen.assessment_id}",
            markup=False,
        )
        screen.load(fresh=True)
