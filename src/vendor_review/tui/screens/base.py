"""What every screen shares: failed workers become a visible error, the app stays up, and
one way to call the service off the app's thread (``in_thread``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from textual import on
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from vendor_review.service.errors import ServiceError
from vendor_review.tui.shell import Shell, shell

ResultType = TypeVar("ResultType")
T = TypeVar("T")


NARROW = 100
"""Below this many columns screens lay out for a small terminal (the ``-narrow`` class)."""


class Answered(Message):
    """A call made in a thread worker returned: ``then`` runs on the app's thread."""

    def __init__(self, then: Callable[[], object]) -> None:
        super().__init__()
        self.then = then


def or_error(call: Callable[[], T]) -> Callable[[], T | ServiceError]:
    """``call``, returning the ``ServiceError`` it raises (a refusal the reviewer reads)
    instead of failing the worker with it."""

    def called() -> T | ServiceError:
        try:
            return call()
        except ServiceError as error:
            return error

    return called


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

    def in_thread(self, call: Callable[[], T], then: Callable[[T], object], group: str) -> None:
        """``call`` in a thread worker (the screen stays responsive; a newer call of the
        same ``group`` replaces it), then ``then(result)`` back on the app's thread. What
        ``call`` raises fails the worker, which the app shows (wrap it in ``or_error`` to
        hand ``then`` a refusal instead)."""

        def job() -> None:
            self.post_message(Answered(partial(then, call())))

        self.run_worker(job, group=group, exclusive=True, exit_on_error=False, thread=True)

    @on(Answered)
    def _answered(self, message: Answered) -> None:
        message.then()
