"""The audit trail of a vendor or an assessment (or everything), newest first, with the
result of verifying the hash chain. The highlighted event shows what it changed."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from vendor_review.domain.wording import counted
from vendor_review.service import dto
from vendor_review.store.audit_verify import VerifyResult
from vendor_review.tui.background import in_thread
from vendor_review.tui.cells import clipped
from vendor_review.tui.keys import reload_key
from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.text import plain, shown
from vendor_review.tui.tone import tone
from vendor_review.tui.widgets.app_footer import AppFooter
from vendor_review.tui.widgets.app_header import AppHeader

LIMIT = 500
SKIP = {"version", "updated_at"}
ANSWERS = "answers"


def _load(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {"(raw)": raw}
    return data if isinstance(data, dict) else {"(value)": data}


def _short(value: object, width: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= width else text[: width - 1] + "…"


def _answers(raw: str | None) -> dict[str, Any] | None:
    """A many-answer event's ``{question_id: record or value}`` (``answers.import``,
    ``answers.carry_over``, …: ``service.answer_records``), else None."""
    found = _load(raw).get(ANSWERS)
    return found if isinstance(found, dict) else None


def changes(event: dto.AuditEvent) -> Text:
    """``field: before → after`` for what the event changed (all fields when created);
    for a many-answer event ``question: before → after`` for each answer."""
    before, after = _load(event.before), _load(event.after)
    if _answers(event.after) is not None or _answers(event.before) is not None:
        before = {q: _record(r) for q, r in (_answers(event.before) or {}).items()}
        after = {q: _record(r) for q, r in (_answers(event.after) or {}).items()}
    out = Text()
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new or key in SKIP:
            continue
        out.append(f"  {key}: ", style="bold")
        if key in before and event.before:
            out.append(shown(_short(old)), style="dim")
            out.append(" → ")
        out.append(shown(_short(new)) if key in after else "(removed)")
        out.append("\n")
    return out


def subject(event: dto.AuditEvent) -> str:
    """The reason given, or for an answer event which question and what it became."""
    many = _answers(event.after) or _answers(event.before)
    if many is not None:
        count = counted(len(many), "answer")
        if event.reason:
            return f"{count}, {event.reason}"
        shown_values = (f"{qid} = {_short(_value(r), 20)}" for qid, r in many.items())
        return f"{count}: " + ", ".join(shown_values)
    if event.reason:
        return event.reason
    if event.action.startswith("answer."):
        data = _load(event.after) or _load(event.before)
        qid = data.get("question_id", "?")
        return f"{qid} cleared" if not event.after else f"{qid} = {_short(data.get('value'), 40)}"
    return ""


def _value(record: object) -> object:
    """An answer's value in a many-answer event (its record is the value, or holds it)."""
    return record.get("value") if isinstance(record, dict) else record


def _record(record: object) -> str:
    """An answer of a many-answer event as one line: its value, then its other fields."""
    if not isinstance(record, dict):
        return _short(record)
    rest = (f"{k}: {_short(v, 30)}" for k, v in record.items() if k != "value")
    return " · ".join([_short(record.get("value")), *rest])


class AuditScreen(AppScreen[None]):
    CSS_PATH = "lists.tcss"
    BINDINGS = [
        Binding("c", "verify", "Check chain", id="audit.verify"),
        reload_key(),
    ]

    def __init__(self, entity: str | None = None, entity_id: str | None = None) -> None:
        super().__init__()
        self.entity = entity
        self.entity_id = entity_id
        self.events: dict[int, dto.AuditEvent] = {}
        self.verified: VerifyResult | None = None

    @property
    def nav_key(self) -> tuple[object, ...]:
        return ("audit", self.entity, self.entity_id)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("Verifying the audit chain…", id="verify")
        yield Static(id="scope")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Static(id="detail")
        yield AppFooter()

    def show_scope(self, entity: str | None, entity_id: str | None) -> None:
        """Show the events of this entity, or every event (the app's one Audit screen)."""
        if (entity, entity_id) == (self.entity, self.entity_id):
            return
        self.entity, self.entity_id = entity, entity_id
        if self.is_mounted:
            self._show_scope_title()
            self.load()

    def _show_scope_title(self) -> None:
        if self.entity and self.entity_id:
            self.title = f"Audit trail: {self.entity} #{self.entity_id}"
        else:
            self.title = "Audit log"

    def on_screen_resume(self) -> None:
        self.load()

    def on_mount(self) -> None:
        self._show_scope_title()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._show_verified())
        table = self.query_one(DataTable)
        table.add_column("Seq", key="seq")
        table.add_column("At (UTC)", key="at")
        table.add_column("Actor", key="actor", width=16)
        table.add_column("Action", key="action")
        table.add_column("Entity", key="entity")
        table.add_column("Reason / change", key="reason", width=50)
        self.verify()

    def load(self) -> None:
        service, entity, entity_id = self.vr_app.service, self.entity, self.entity_id
        trail = partial(service.audit_trail, entity, entity_id, limit=LIMIT)
        in_thread(self, trail, self._loaded, "audit-load")

    def verify(self) -> None:
        in_thread(self, self.vr_app.service.verify_audit, self._verified, "audit-verify")

    def _loaded(self, events: list[dto.AuditEvent]) -> None:
        self.events = {e.seq: e for e in events}
        table = self.query_one(DataTable)
        table.clear()
        for e in events:
            table.add_row(
                plain(e.seq),
                plain(e.at[:19].replace("T", " ")),
                clipped(e.actor, 16),
                plain(e.action),
                plain(f"{e.entity} #{e.entity_id}"),
                clipped(subject(e), 50),
                key=str(e.seq),
            )
        scope = "the whole database"
        if self.entity == "vendor":
            scope = f"vendor #{self.entity_id} and its assessments, findings and certificates"
        elif self.entity == "assessment":
            scope = f"assessment #{self.entity_id} (answers, workflow) and its findings"
        elif self.entity:
            scope = f"{self.entity} #{self.entity_id}" if self.entity_id else f"every {self.entity}"
        more = f", the newest {LIMIT}" if len(events) >= LIMIT else ""
        self.query_one("#scope", Static).update(
            plain(f"Events of {scope}: {len(events)}{more}, newest first")
        )
        self._show_detail()

    def _verified(self, result: VerifyResult) -> None:
        self.verified = result
        self._show_verified()

    def _show_verified(self) -> None:
        r = self.verified
        if r is None:
            return
        if r.ok:
            verified = f"✓ Audit chain intact: {counted(r.checked, 'event')} verified"
            text = Text(verified, tone(self.app, "success"))
        else:
            text = Text(
                f"✗ Audit chain BROKEN at event #{r.first_bad_seq}: {shown(r.problem)} "
                f"({r.checked} checked)",
                style=f"bold {tone(self.app, 'error')}",
            )
        self.query_one("#verify", Static).update(text)

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        table = self.query_one(DataTable)
        detail = self.query_one("#detail", Static)
        if not self.events or table.row_count == 0:
            detail.update("No events." if self.events == {} else "")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        event = self.events.get(int(key)) if key is not None else None
        if event is None:
            return
        text = Text()
        text.append(f"#{event.seq} {event.action}", style="bold")
        text.append(f" by {shown(event.actor)} at {event.at} · hash {event.hash[:16]}…\n")
        if event.reason:
            text.append("Reason: ", style="bold")
            text.append(shown(event.reason, multiline=True) + "\n")
        text.append_text(changes(event))
        text.rstrip()
        detail.update(text)

    def action_verify(self) -> None:
        self.query_one("#verify", Static).update("Verifying the audit chain…")
        self.verify()

    def action_reload(self) -> None:
        self.load()
