"""The app's service, built when a screen first needs it (issue 14).

The app paints its first screen before it imports the use cases (and with them the ORM,
pydantic and the questionnaire models): ``ServiceOpening`` holds the open database and
the actor (the header shows both) and builds the ``Service`` once, on first use, in
whichever thread asks first (the Dashboard's workers, after its first paint).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vendor_review.service import Service
    from vendor_review.store.engine import Database


class ServiceOpening:
    """``get()`` is the service (built by ``build`` the first time); ``db`` and ``actor``
    are known before it is."""

    def __init__(self, db: Database, actor: str, build: Callable[[], Service]) -> None:
        self.db = db
        self.actor = actor
        self._build: Callable[[], Service] | None = build
        self._service: Service | None = None
        self._lock = threading.Lock()

    @classmethod
    def ready(cls, service: Service) -> ServiceOpening:
        """A service built already (tests, the example portfolio)."""
        opening = cls(service.db, service.actor, lambda: service)
        opening._service, opening._build = service, None
        return opening

    def get(self) -> Service:
        service = self._service
        if service is not None:
            return service
        with self._lock:  # two workers asking at once build it once
            if self._service is None:
                assert self._build is not None
                self._service, self._build = self._build(), None
            return self._service
