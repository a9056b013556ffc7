"""Calling the service off the app's thread: ``in_thread(node, call, then)`` runs
``call`` in a thread worker (the screen stays responsive; a newer call of the same group
replaces it) and ``then(result)`` back on the app's thread, through an ``Answered``
message the node's screen handles (``AppScreen``, ``Dialog``; the app for its own calls).
A screen closed meanwhile never runs its ``then``.

What ``call`` raises fails the worker, which the screen shows; wrap it in ``or_error`` to
hand ``then`` a refusal the reviewer reads (a ``ServiceError``) instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from textual.dom import DOMNode
from textual.message import Message

if TYPE_CHECKING:  # the first screen paints before the service is imported (issue 14)
    from vendor_review.service.errors import ServiceError

T = TypeVar("T")


class Answered(Message):
    """A call made in a thread worker returned: ``then`` runs on the app's thread, once
    (the screen that runs it stops the message; the app runs the ones posted to it)."""

    def __init__(self, then: Callable[[], object]) -> None:
        super().__init__()
        self.then = then


def in_thread(
    node: DOMNode, call: Callable[[], T], then: Callable[[T], object], group: str
) -> None:
    def job() -> None:
        node.post_message(Answered(partial(then, call())))

    node.run_worker(job, group=group, exclusive=True, exit_on_error=False, thread=True)


def or_error(call: Callable[[], T]) -> Callable[[], T | ServiceError]:
    """``call``, returning the ``ServiceError`` it raises instead of raising it."""

    from vendor_review.service.errors import ServiceError

    def called() -> T | ServiceError:
        try:
            return call()
        except ServiceError as error:
            return error

    return called
