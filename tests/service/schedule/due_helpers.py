"""Helpers for the due-list, calendar, certificate and re-review tests (fixtures live in
``conftest.py``).

The ``tiny`` questionnaire keeps ratings predictable (weights in brackets)::

    q1 yes_no [1]    q2 choice [1]: full 1 / partial 0.5 / none 0    q3 yes_no [2]

A vendor with ``data_access=none, criticality=low`` has inherent risk low, so GOOD
answers (100, strong) rate it low (re-review in 24 months) and POOR answers (0, poor)
rate it high (6 months, with findings due 60 days after submit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime

from click.testing import Result

from vendor_review.service import Service

TINY_YAML = """\
id: tiny
version: 1
title: Tiny questionnaire
applies_to: [infrastructure, service, subcontractor, other]
sections:
  - id: sec
    title: Security
    questions:
      - id: q1
        text: Is data encrypted at rest?
        type: yes_no
        weight: 1
      - id: q2
        text: Is there a tested continuity plan?
        type: choice
        options:
          - {value: full, label: "Yes, tested yearly", score: 1}
          - {value: partial, label: "Plan, never tested", score: 0.5}
          - {value: none, label: "No plan", score: 0}
        weight: 1
      - id: q3
        text: Is access reviewed quarterly?
        type: yes_no
        weight: 2
"""

MakeService = Callable[..., Service]
RunCli = Callable[..., Result]

AS_OF = date(2026, 6, 15)
GOOD: dict[str, object] = {"q1": "yes", "q2": "full", "q3": "yes"}  # 100 → low → 24 months
POOR: dict[str, object] = {"q1": "no", "q2": "none", "q3": "no"}  # 0 → high → 6 months


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def add_vendor(make: MakeService, name: str, on: date, **fields: object) -> int:
    data: dict[str, object] = {
        "name": name,
        "kind": "service",
        "data_access": "none",
        "criticality": "low",
    }
    data.update(fields)
    return make("alice", at=at(on)).add_vendor(data).id


def decide(
    make: MakeService,
    vendor: str,
    on: date,
    answers: Mapping[str, object] | None = None,
    *,
    approve: bool = True,
) -> int:
    """Start, answer and submit as alice, then approve (or reject) as bob, all on ``on``."""
    alice = make("alice", at=at(on, 9))
    aid = alice.start_assessment(vendor, "tiny").id
    for question_id, value in (answers or GOOD).items():
        alice.answer(aid, question_id, value)
    alice.submit(aid)
    bob = make("bob", at=at(on, 11))
    if approve:
        bob.approve(aid, "fine")
    else:
        bob.reject(aid, "not acceptable")
    return aid
