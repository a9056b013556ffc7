"""Colours that follow the theme: ``$error`` / ``$warning`` / ``$success`` as Rich styles.

Rich ``Text`` (DataTable cells, Static renderables) cannot name Textual's CSS variables,
so the colour is read from the running theme; a light theme gets its own, readable red.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from textual.app import App

Tone = Literal["error", "warning", "success", "accent"]
SOON_DAYS = 30

_cache: dict[tuple[str, str], str] = {}


def tone(app: App[Any], name: Tone) -> str:
    """The theme's text colour for ``name`` (``$text-error`` …), as a Rich style string."""
    key = (app.theme, name)
    if key not in _cache:
        variables = app.get_css_variables()
        value = variables.get(f"text-{name}") or variables.get(name) or ""
        _cache[key] = value.split()[0] if value else ""
    return _cache[key]


def due_tone(due: date | None, today: date, soon_days: int = SOON_DAYS) -> Tone | None:
    """Overdue → error, due within ``soon_days`` → warning, else nothing."""
    if due is None:
        return None
    if due < today:
        return "error"
    if (due - today).days <= soon_days:
        return "warning"
    return None


def due_style(app: App[Any], due: date | None, today: date) -> str:
    name = due_tone(due, today)
    return tone(app, name) if name else ""


def runner_styles(app: App[Any]) -> dict[str, str]:
    """The questionnaire runner's colours, by what they mark."""
    error, warning = tone(app, "error"), tone(app, "warning")
    success, accent = tone(app, "success"), tone(app, "accent")
    return {
        "error": error,
        "warning": warning,
        "success": success,
        "accent": accent,
        "answered": success,
        "carried": warning,
        "required": "",
        "optional": "dim",
        "changed": accent,
        "failure": error,
    }
