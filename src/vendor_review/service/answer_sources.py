"""Where an answer came from when nobody typed it: an assurance report (issue 12 item 5).

Starting an assessment writes each answer a report gives with the audited action
:data:`FROM_REPORT` and the reason ``"from SOC 2 Type II report #3"``; the answers table
has no column for it, so the audit trail is the record and is read back here. An answer
keeps its source until someone answers or clears it anew (confirming keeps it: the value
is still the report's).

    sources = answer_sources(session, assessment_id)
    sources["cert.iso27001"].text     # "from ISO/IEC 27001 certificate report #3"
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vendor_review.store.models import AuditEvent

FROM_REPORT = "answer.from_report"
_ENDS = ("answer.set", "answer.clear", "answer.carry_over")  # a later one replaces the source
_REPORT_ID = re.compile(r"report #(\d+)$")


@dataclass(frozen=True)
class AnswerSource:
    report_id: int
    text: str  # "from SOC 2 Type II report #3"


def answer_sources(session: Session, assessment_id: int) -> dict[str, AnswerSource]:
    """Each answer of the assessment whose value a report gave, by question id."""
    rows = session.execute(
        select(AuditEvent.action, AuditEvent.before, AuditEvent.after, AuditEvent.reason)
        .where(
            AuditEvent.entity == "assessment",
            AuditEvent.entity_id == str(assessment_id),
            AuditEvent.action.in_((FROM_REPORT, *_ENDS)),
        )
        .order_by(AuditEvent.seq)
    ).all()
    sources: dict[str, AnswerSource] = {}
    for action, before, after, reason in rows:
        question_id = _question_of(after) or _question_of(before)
        if question_id is None:
            continue
        found = _REPORT_ID.search(reason or "") if action == FROM_REPORT else None
        if found is not None:
            sources[question_id] = AnswerSource(int(found.group(1)), str(reason))
        else:
            sources.pop(question_id, None)
    return sources


def _question_of(document: str | None) -> str | None:
    if not document:
        return None
    try:
        data = json.loads(document)
    except ValueError:
        return None
    question_id = data.get("question_id") if isinstance(data, dict) else None
    return question_id if isinstance(question_id, str) else None
