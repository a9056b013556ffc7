"""The runner's writes: one service call per change, run one at a time in a thread.

A ``Job`` is what the reviewer asked for; ``Job.prepare`` binds it, on the UI thread, to
the version of the answer the screen shows (so another reviewer's edit in between is a
``ConflictError``, never overwritten); ``run`` is what the worker thread does.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from vendor_review.domain.answers import AnswerValue
from vendor_review.service import Service, dto
from vendor_review.service.runner import RunnerView
from vendor_review.tui.screens.assessment_model import RunnerModel

Kind = Literal["answer", "comment", "evidence", "clear", "confirm", "confirm_all"]


@dataclass(frozen=True)
class Job:
    kind: Kind
    question_id: str | None
    """None: a job about the whole assessment (``confirm_all``)."""
    value: AnswerValue | None = None
    """The answer to store; for a comment or evidence, the one shown (bound by ``prepare``)."""
    comment: str | None = None
    path: Path | None = None
    """The evidence file to link."""
    seen: dto.Answer | None = None
    """The answer as the screen showed it when the job was taken (``prepare``): its
    version is the one expected (another reviewer's change is a conflict), its evidence
    is kept."""

    @property
    def expected_version(self) -> int:
        """The version the screen saw (0: no answer yet)."""
        return self.seen.version if self.seen is not None else 0

    @property
    def changes_value(self) -> bool:
        return self.kind in ("answer", "clear")

    def prepare(self, model: RunnerModel) -> Job:
        qid = self.question_id
        if qid is None:
            return self
        value = self.value
        if self.kind in ("comment", "evidence"):
            value = model.value(qid)  # keep the answer, change what hangs off it
        return replace(self, value=value, seen=model.answer(qid))

    def run(self, service: Service, assessment_id: int) -> RunnerView:
        qid = self.question_id
        match self.kind:
            case "answer":
                assert qid is not None
                service.answer(
                    assessment_id,
                    qid,
                    self.value,
                    comment=self.comment,
                    expected_version=self.expected_version,
                )
            case "comment":
                assert qid is not None
                service.answer(
                    assessment_id,
                    qid,
                    self.value,
                    comment=self.comment or "",
                    expected_version=self.expected_version,
                )
            case "evidence":
                assert qid is not None and self.path is not None
                evidence = service.add_evidence(self.path)
                linked = self.seen.evidence_ids if self.seen is not None else []
                ids = list(dict.fromkeys([*linked, evidence.id]))
                service.answer(
                    assessment_id,
                    qid,
                    self.value,
                    evidence_ids=ids,
                    expected_version=self.expected_version,
                )
            case "clear":
                assert qid is not None
                service.clear_answer(assessment_id, qid)
            case "confirm":
                assert qid is not None
                service.confirm_answers(assessment_id, [qid])
            case "confirm_all":  # the ids the person was shown and said yes to
                shown = self.value if isinstance(self.value, list) else None
                service.confirm_answers(assessment_id, [str(q) for q in shown or []] or None)
        return service.runner_view(assessment_id)

    def done_text(self, view: RunnerView) -> str:
        """The saved state shown for the question, with the service's time (not the
        wall clock: the same database shows the same times)."""
        if self.kind == "clear":
            return "Cleared ✓"
        answer = view.detail.answers.get(self.question_id or "")
        when = f" {answer.answered_at:%H:%M:%S} UTC" if answer is not None else ""
        what = {
            "answer": "Saved",
            "comment": "Comment saved",
            "evidence": "Evidence linked",
            "confirm": "Confirmed",
            "confirm_all": "Confirmed",
        }[self.kind]
        return f"{what} ✓{when}"


@dataclass(frozen=True)
class Undo:
    """How to put an answer back as it was before a change: its value then (``None``:
    there was no answer)."""

    question_id: str
    value: AnswerValue | None

    def job(self) -> Job:
        if self.value is None:
            return Job("clear", self.question_id)
        return Job("answer", self.question_id, self.value)


class SaveQueue:
    """The runner's changes, saved one at a time in the order given; a newer pick of a
    question replaces one not yet sent. Remembers how to undo each value change."""

    UNDO_DEPTH = 50

    def __init__(self) -> None:
        self.waiting: deque[Job] = deque()
        self.saving: Job | None = None
        self.started = 0  # a view loaded before the latest job started is stale
        self.undo: list[Undo] = []

    @property
    def busy(self) -> bool:
        return self.saving is not None or bool(self.waiting)

    @property
    def pending(self) -> int:
        return len(self.waiting) + (self.saving is not None)

    def add(self, job: Job, model: RunnerModel | None = None, *, undoable: bool = True) -> None:
        """Queue ``job``; with the model, a value change remembers the value it replaces."""
        if job.changes_value:
            self.waiting = deque(
                j
                for j in self.waiting
                if not (j.question_id == job.question_id and j.changes_value)
            )
            if undoable and model is not None and job.question_id is not None:
                before = model.value(job.question_id)
                self.undo.append(Undo(job.question_id, before))
                del self.undo[: -self.UNDO_DEPTH]
        self.waiting.append(job)

    def take(self, model: RunnerModel) -> Job | None:
        """The next job to run, bound to the answer versions ``model`` shows."""
        if self.saving is not None or not self.waiting:
            return None
        self.saving = self.waiting.popleft().prepare(model)
        self.started += 1
        return self.saving

    def finished(self) -> None:
        self.saving = None

    def failed(self, job: Job) -> None:
        """``job`` was not saved: nothing after it for that question is sent either, and
        its undo step is forgotten (nothing changed)."""
        self.saving = None
        self.waiting = deque(j for j in self.waiting if j.question_id != job.question_id)
        if job.changes_value and self.undo and self.undo[-1].question_id == job.question_id:
            self.undo.pop()

    def changing(self) -> set[str]:
        """Questions whose value is being saved."""
        return {
            j.question_id
            for j in (*self.waiting, self.saving)
            if j is not None and j.changes_value and j.question_id is not None
        }
