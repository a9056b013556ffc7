"""The example portfolio: LiveAgent and its subprocessors (``seeds/liveagent-subprocessors``).

Built through the service API only, as people would, so every screen has something to
show: a re-review overdue and one due within 30 days, an assessment waiting for approval,
a half-answered draft, open findings of every severity (some overdue), a remediated and a
risk-accepted one, certificates about to expire and a candidate never assessed; Linode's
SOC 2 Type II report reviewed (an exception, a carved-out colocation provider that became
an untriaged fourth party, our two user-entity controls) and Websupport's ISO 27001
certificate.

It is demo data and says so: its people are ``demo.alice`` (reviewer, submits) and
``demo.bob`` (approver), named by this module on every backend (on PostgreSQL the actor is
otherwise the database role), and evidence files and vendor notes say it is illustrative.
It loads in one transaction: interrupted, it leaves nothing behind.
Each step happens at its own moment relative to ``as_of``, on a clock that only moves
forward (the audit chain is append-only): one coherent history, the same for the same day.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from pathlib import Path

from sqlalchemy import orm

from vendor_review.demo.story import APPROVER, REVIEWER, Timeline, build
from vendor_review.domain.wording import counted
from vendor_review.service import Service, builtin_policy, catalog_for
from vendor_review.service.errors import StateError
from vendor_review.settings import Settings
from vendor_review.store import open_database
from vendor_review.store.engine import Database, normalize_url

__all__ = ["APPROVER", "REVIEWER", "Timeline", "ensure_demo", "load_demo"]

MAX_DEMO_EVENTS = 5000  # a demo database someone has played with stays far below this


def load_demo(
    settings: Settings, url: str, *, as_of: date | None = None, reset: bool = False
) -> str:
    """Load the portfolio into the empty database at ``url`` and say what was loaded.

    Refuses a database that holds vendors. ``reset`` first deletes a SQLite file that
    ``vendor-review demo`` created (never one whose history began otherwise).
    """
    if reset:
        _delete_demo_file(settings, url)
    db = open_database(url)
    try:
        held = _service(db, settings).list_vendors(limit=1).total
        if held:
            how = "use --reset to replace it" if _sqlite_file(url) else "empty it first"
            raise StateError(
                f"{db.display_url} already holds {counted(held, 'vendor')}; the example portfolio "
                f"loads only into an empty database ({how}, or choose another with --db)"
            )
        return _populate(db, settings, as_of or date.today())
    finally:
        db.dispose()


def ensure_demo(settings: Settings, url: str) -> None:
    """Load the portfolio unless the database already holds vendors (``--demo``).

    Two ``--demo`` started at once may both find the database empty: the second one's load
    then fails on the first one's vendors and is rolled back whole; that is no error, the
    demo is there."""
    db = open_database(url)
    try:
        if _holds_vendors(db, settings):
            return
        try:
            _populate(db, settings, date.today())
        except Exception:
            if not _holds_vendors(db, settings):
                raise
    finally:
        db.dispose()


def _holds_vendors(db: Database, settings: Settings) -> bool:
    return bool(_service(db, settings).list_vendors(limit=1).total)


def _populate(db: Database, settings: Settings, as_of: date) -> str:
    with one_transaction(db) as joined:
        timeline = Timeline(joined, settings, as_of)
        build(timeline)
        s = timeline.alice
        counts = (
            f"{s.list_vendors().total} vendors, {len(s.list_assessments())} assessments, "
            f"{len(s.list_findings())} findings, {len(s.list_reports())} assurance reports"
        )
    return (
        f"Loaded the example portfolio: {counts} into {db.display_url} "
        f"(as of {as_of}; reviewer {REVIEWER}, approver {APPROVER})"
    )


@contextmanager
def one_transaction(db: Database) -> Iterator[Database]:
    """``db`` with every service transaction inside one outer transaction: each use case
    commits a savepoint, and only the end of the block commits the whole portfolio. A
    failure (or a kill) part-way leaves the database as it was, never half-loaded."""
    with db.engine.connect() as connection, connection.begin():
        joined = orm.sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        yield Database(engine=db.engine, readers=connection, factories=lambda: (joined, joined))


def _service(db: Database, settings: Settings) -> Service:
    return Service(
        db,
        actor=REVIEWER,
        catalog=partial(catalog_for, []),
        policy=builtin_policy(),
        evidence_max_bytes=settings.evidence_max_bytes,
    )


def _sqlite_file(url: str) -> Path | None:
    parsed = normalize_url(url)
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:":
        return None
    return None if name.startswith("file:") else Path(name)


def _delete_demo_file(settings: Settings, url: str) -> None:
    """Delete the SQLite file at ``url`` (and its -wal/-shm) if the demo created it."""
    path = _sqlite_file(url)
    if path is None or not path.exists():
        return  # nothing to delete: an empty database loads, a full one is refused
    db = open_database(url)
    try:
        events = _service(db, settings).audit_log(limit=MAX_DEMO_EVENTS)
    finally:
        db.dispose()
    why = None
    if len(events) >= MAX_DEMO_EVENTS:
        why = f"it records {MAX_DEMO_EVENTS} or more changes"
    elif events and not events[-1].actor.startswith("demo."):
        why = f"its first change was made by {events[-1].actor}"
    if why:
        raise StateError(
            f"{path} was not created by 'vendor-review demo' ({why}); "
            "--reset deletes only demo databases"
        )
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
