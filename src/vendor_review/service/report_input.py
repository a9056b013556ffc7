"""What a person enters for an assurance report, checked before anything is stored: text
stripped and within its limit (``clean``, ``required``), the dates a report of its type
needs, in order (``check_dates``), and the trust services criteria (``check_criteria``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from vendor_review.domain import assurance as rules
from vendor_review.domain.assurance import ReportType
from vendor_review.domain.text_rules import text_problem
from vendor_review.service.errors import ValidationError

CRITERIA = ("security", "availability", "processing-integrity", "confidentiality", "privacy")
"""The trust services criteria a SOC 2 report may cover."""


def clean(value: str | None, field: str, limit: int, *, multiline: bool = False) -> str | None:
    """Input text stripped (empty → None), refused when too long or breaking the text
    rule of ``domain.text_rules``."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    problem = text_problem(value, multiline=multiline)
    if problem:
        raise ValidationError(f"{field}: {problem}", {field: problem})
    if len(value) > limit:
        raise ValidationError(
            f"{field} is {len(value)} characters, over the limit of {limit}",
            {field: "too long"},
        )
    return value


def required(value: str | None, field: str, limit: int, *, multiline: bool = False) -> str:
    out = clean(value, field, limit, multiline=multiline)
    if out is None:
        raise ValidationError(f"{field} is required", {field: "required"})
    return out


def check_dates(
    kind: ReportType,
    *,
    strict: bool = True,
    period_start: date | None,
    period_end: date | None,
    issued_on: date | None,
    expires_on: date | None,
) -> None:
    """SOC reports need their period's end, ISO/PCI certificates issued and expiry
    dates (``strict``); every pair in order."""
    label = rules.LABELS[kind]
    article = "an" if label[0] in "AEIOU" else "a"
    if strict and kind.is_soc and period_end is None:
        raise ValidationError(
            f"a {label} report needs the start and end dates of its audit period",
            {"period_end": "required"},
        )
    if strict and kind.is_certificate and (issued_on is None or expires_on is None):
        raise ValidationError(
            f"{article} {label} needs its issue and expiry dates",
            {"expires_on": "required"},
        )
    if period_start and period_end and period_start > period_end:
        raise ValidationError(
            f"the period cannot end ({period_end}) before it starts ({period_start})",
            {"period_end": "before the start"},
        )
    if issued_on and expires_on and issued_on > expires_on:
        raise ValidationError(
            f"a certificate cannot expire ({expires_on}) before it is issued ({issued_on})",
            {"expires_on": "before issued"},
        )


def check_criteria(criteria: Sequence[str]) -> list[str]:
    out: list[str] = []
    for item in criteria:
        value = item.strip().casefold().replace(" ", "-")
        if not value:
            continue
        if value not in CRITERIA:
            raise ValidationError(
                f"unknown trust services criterion {item!r} (known: {', '.join(CRITERIA)})",
                {"criteria": "unknown"},
            )
        if value not in out:
            out.append(value)
    return out
