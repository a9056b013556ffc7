"""Hostile text written straight into a database, as psql, an old version or another program
could write it — past every input rule — and what may never come out of it raw.

``poison`` appends ``HOSTILE`` (ESC sequences, an OSC title, BEL, NUL, C1, bidi overrides
and isolates, zero-width characters) to every free-text column of every table: names,
purposes, contacts, notes, comments, answers' text, findings, certificates, evidence
names, actors, the questionnaire definitions' titles and texts, and adds one audit event
holding it. Tests then look at what a terminal would get (CLI output, the app's screen).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import String, Text, inspect, text
from sqlalchemy.engine import Engine

from vendor_review.domain.text_rules import visible
from vendor_review.store.column_types import EnumString

# Appended, never prefixed: names stay unique and sort where they did.
HOSTILE = "\x1b[2J\x1b]0;owned\x07\x00\x9b31m\u202e\u2067\u200b\u200d!"
SHOWN = visible(HOSTILE)  # "␛[2J␛]0;owned␇␀⟨U+009B⟩31m⟨U+202E⟩⟨U+2067⟩⟨U+200B⟩⟨U+200D⟩!"
MARKER = "␛[2J"  # where every poisoned text begins to show (clipped cells keep it)
# What must never reach a terminal raw (TAB and LF are layout, CR is folded by Rich).
RAW = frozenset(
    "\x1b\x07\x00\x08\x7f\x9b\x9d\x85"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u200b\u200d\ufeff"
)

# Free text that is not a key, a hash, a closed vocabulary or a timestamp.
_NOT_FREE = {"sha256", "hash", "prev_hash", "source_sha256", "definition_sha256",
             "questionnaire_sha256", "questionnaire_id", "question_id", "name_key", "at",
             "action", "entity", "entity_id", "role", "media_type", "before", "after", "rows",
             "value"}  # fmt: skip
_SKIP_TABLES = {"alembic_version", "audit_events", "questionnaire_definitions"}
_TEXT_KEYS = {"title", "text", "help", "label", "description", "name"}


_JOINERS = frozenset("\u200c\u200d")


def raw_in(output: str) -> set[str]:
    """The raw control/bidi/invisible characters in ``output`` (empty when harmless); a
    zero-width joiner between two letters is part of a word (``text_rules``), not raw."""
    found = (set(output) & RAW) - _JOINERS
    shown = visible(output, multiline=True)
    found |= {j for j in _JOINERS if output.count(j) > shown.count(j)}
    return found


def free_text_columns(engine: Engine) -> dict[str, list[str]]:
    from vendor_review.store.models import Base

    out: dict[str, list[str]] = {}
    tables = set(inspect(engine).get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name in _SKIP_TABLES or table.name not in tables:
            continue
        columns = [
            c.name
            for c in table.columns
            if isinstance(c.type, String | Text)
            and not isinstance(c.type, EnumString)
            and c.name not in _NOT_FREE
            and not c.primary_key
        ]
        if columns:
            out[table.name] = columns
    return out


def _poison_document(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: (v + HOSTILE if k in _TEXT_KEYS and isinstance(v, str) else _poison_document(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_poison_document(v) for v in value]
    return value


def poison(engine: Engine) -> dict[str, list[str]]:
    """Append ``HOSTILE`` to every free-text column, the stored questionnaires' texts and
    answers' free-text values; add an audit event whose actor and reason hold it. Returns
    the columns changed. (``audit verify`` then names every row: that is the point.)"""
    columns = free_text_columns(engine)
    with engine.begin() as conn:
        for table, names in columns.items():
            sets = ", ".join(f'"{c}" = "{c}" || :h' for c in names)
            where = " OR ".join(f'"{c}" IS NOT NULL' for c in names)
            # SQLite: ``NULL || x`` is NULL, so a missing value stays missing.
            conn.execute(text(f'UPDATE "{table}" SET {sets} WHERE {where}'), {"h": HOSTILE})
        for sha, document in conn.execute(
            text("SELECT sha256, definition FROM questionnaire_definitions")
        ).all():
            loaded = json.loads(document) if isinstance(document, str) else document
            conn.execute(
                text("UPDATE questionnaire_definitions SET definition = :d WHERE sha256 = :s"),
                {"d": json.dumps(_poison_document(loaded)), "s": sha},
            )
        for aid, value in conn.execute(text("SELECT id, value FROM answers")).all():
            loaded = json.loads(value) if isinstance(value, str) else value
            if isinstance(loaded, str) and not loaded.isidentifier():  # free text, not a key
                conn.execute(
                    text("UPDATE answers SET value = :v WHERE id = :i"),
                    {"v": json.dumps(loaded + HOSTILE), "i": aid},
                )
        last = conn.execute(text("SELECT max(seq), max(at) FROM audit_events")).one()
        conn.execute(
            text(
                "INSERT INTO audit_events (seq, at, actor, action, entity, entity_id, before,"
                " after, reason, hash) VALUES (:seq, :at, :h, 'vendor.update',"
                " 'vendor', '1', NULL, :after, :h, :hash)"
            ),
            {"seq": (last[0] or 0) + 1, "at": last[1] or "2026-01-01T00:00:00Z", "h": HOSTILE,
             "after": json.dumps({"name": HOSTILE}), "hash": b"\xff" * 32},
        )  # fmt: skip
    return columns
