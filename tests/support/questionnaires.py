"""Questionnaires the tests answer (YAML files in ``tests/fixtures/questionnaires/``) and the
answer sets whose scores a person checks by hand.

- ``mini`` (``mini.yaml``; weights in brackets)::

      sec: q1 yes_no [3]          q2 choice, critical [2]: h24 1 / h72 0.5 / never 0
           q3 yes_no, evidence required [1]
      ops: q4 choice [4]: full 1 / partial 0.25 / none 0
           q5 date, shown only if q4 is full or partial (recorded, optional)

- ``export/mini`` (id ``mini``, version 2): references, free text, a date and a number.
- ``kinds``: markup in every text a questionnaire can carry, a multiple choice, a number and
  a required text question.
- ``imp``: every question type, for reading returned workbooks (``other``: the same under
  another id, see ``write_questionnaire``).
- ``tiny``: ``q1 yes_no [1]  q2 choice [1]: full 1 / partial 0.5 / none 0  q3 yes_no [2]``.
- ``yes-no/tiny`` (id ``tiny``): ``t1`` and ``t2``, two yes/no questions.

``AI_SERVICES``: one multiple-choice question (id ``m``) whose first label holds commas and
whose last option, "None of these", is exclusive (the one multi separator is ``;``).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
QUESTIONNAIRE_FILES = FIXTURES / "questionnaires"

AI_SERVICES: dict[str, Any] = {
    "id": "m",
    "text": "Which AI services receive customer data?",
    "type": "multi",
    "options": [
        {"value": "llm", "label": "Hosted LLMs, e.g. chat, completion and embeddings", "score": 0},
        {"value": "own", "label": "Own models", "score": 0.5},
        {"value": "none", "label": "None of these", "score": 1, "exclusive": True},
    ],
}

# mini: q1 yes 3×1 + q2 h72 2×0.5 + q3 no 1×0 + q4 partial 4×0.25 = 5 of 10 → 50.0, q2 a
# critical failure: findings q2 critical, q3 high, q4 medium.
WEAK: dict[str, object] = {
    "q1": "yes",
    "q2": "h72",
    "q3": "no",
    "q4": "partial",
    "q5": "2025-11-30",
}
# The same answers by label, in any case, as a person types them on the command line.
WEAK_LABELS = [
    ("q1", "YES"),
    ("q2", "within 72 HOURS"),
    ("q3", "No"),
    ("q4", "plan, never tested"),
    ("q5", "2025-11-30"),
]

# tiny: with data_access=none and criticality=low (inherent risk low), GOOD (100, strong)
# rates a vendor low (re-review in 24 months), POOR (0, poor) high (6 months, with findings
# due 60 days after submit).
GOOD: dict[str, object] = {"q1": "yes", "q2": "full", "q3": "yes"}
POOR: dict[str, object] = {"q1": "no", "q2": "none", "q3": "no"}

# imp: what a vendor types in the workbook (by question) and what is stored for it.
TYPED: dict[str, Any] = {
    "q1": " yes ",
    "q2": "YES, WITHIN 72 hours",
    "q3": "ISO 27001; pci dss",
    "q4": "Yes",
    "q5": datetime(2025, 11, 30),
    "q6": 12,
    "q7": "HSM-backed, rotated yearly",
}
STORED: dict[str, Any] = {
    "q1": "yes",
    "q2": "h72",
    "q3": ["iso", "pci"],
    "q4": "yes",
    "q5": "2025-11-30",
    "q6": 12.0,
    "q7": "HSM-backed, rotated yearly",
}


def questionnaire_text(name: str) -> str:
    """The YAML of fixture ``name`` (``"mini"``, ``"export/mini"``, …)."""
    return (QUESTIONNAIRE_FILES / f"{name}.yaml").read_text(encoding="utf-8")


def write_questionnaire(
    folder: Path, name: str, *, as_id: str | None = None, version: int | None = None
) -> Path:
    """Fixture ``name`` written into ``folder`` (created); ``as_id``/``version``: the same
    questions under another id or version (file ``<as_id>.yaml``)."""
    text = questionnaire_text(name)
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if as_id is not None and line.startswith("id: "):
            lines[index] = f"id: {as_id}\n"
        if version is not None and line.startswith("version: "):
            lines[index] = f"version: {version}\n"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{as_id or Path(name).name}.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def questionnaire_dir(folder: Path, *names: str) -> Path:
    """``folder`` (created) holding the fixtures ``names``: a user questionnaire folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        write_questionnaire(folder, name)
    return folder
