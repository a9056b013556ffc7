"""Words a reviewer reads: validation problems in plain words (what to type, not what
the validation library says: "String should have at least 1 character"). Counts that
agree with their noun are ``domain.wording.counted``."""

from __future__ import annotations

from typing import Any

# pydantic error type → the words shown (``{limit}`` from the error's context)
PLAIN = {
    "missing": "Required: fill this in.",
    "string_too_short": "Required: fill this in.",
    "string_too_long": "Too long: at most {max_length} characters.",
    "string_pattern_mismatch": "Not in the expected form.",
    "date_from_datetime_parsing": "Not a date: type it as YYYY-MM-DD, e.g. 2026-03-31.",
    "date_parsing": "Not a date: type it as YYYY-MM-DD, e.g. 2026-03-31.",
    "date_type": "Not a date: type it as YYYY-MM-DD, e.g. 2026-03-31.",
    "enum": "Choose one of: {expected}.",
    "literal_error": "Choose one of: {expected}.",
    "url_parsing": "Not a web address: type it as https://example.com.",
    "int_parsing": "Not a whole number.",
    "float_parsing": "Not a number.",
    "greater_than_equal": "Must be at least {ge}.",
    "less_than_equal": "Must be at most {le}.",
}


def plain_problem(error: Any) -> str:
    """One pydantic error (a dict from ``ValidationError.errors()``) in plain words;
    a message written by this project (a ``value_error``) is kept as written."""
    kind = str(error.get("type", ""))
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    template = PLAIN.get(kind)
    if template is None:
        return str(error.get("msg", "Not valid."))
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template.split(":")[0] + "."
