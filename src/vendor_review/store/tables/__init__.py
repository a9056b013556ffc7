"""The schema as SQLAlchemy Core tables (DESIGN §3, the audit log of §6), one module per
concept; every table is re-exported here (``from vendor_review.store.tables import vendors``).

This is the one definition of the schema: the ORM models (``store.models``) map onto these
tables, and read-only queries that need no ORM (the start-up path of the reporting
commands, issue 14) select from them directly, importing neither ``sqlalchemy.orm`` nor
the models. Migrations are hand-written (``migrations/versions``); a test keeps them equal
to these.

Conventions:
- Closed vocabularies are plain ``VARCHAR`` columns (no native database enums);
  ``EnumString`` refuses any value not in the matching enum of ``vendor_review.domain``.
- Datetimes are timezone-aware and come back in UTC on every backend.
- Mutable rows carry ``version``, the models' optimistic-concurrency counter.
"""

from __future__ import annotations

from vendor_review.store.tables.assessments import (
    answer_evidence,
    answers,
    assessment_contributors,
    assessments,
)
from vendor_review.store.tables.assurance import (
    assurance_reports,
    obligations,
    report_bridges,
    report_exceptions,
    report_subservices,
)
from vendor_review.store.tables.audit import audit_events
from vendor_review.store.tables.base import (
    ACTIVE_FINDING,
    ACTOR,
    NAMING_CONVENTION,
    metadata,
    name_key_default,
    utcnow,
)
from vendor_review.store.tables.definitions import questionnaire_definitions
from vendor_review.store.tables.evidence import evidence
from vendor_review.store.tables.findings import finding_assessments, findings, risk_acceptances
from vendor_review.store.tables.vendors import vendor_events, vendor_links, vendors

__all__ = [
    "ACTIVE_FINDING",
    "ACTOR",
    "NAMING_CONVENTION",
    "answer_evidence",
    "answers",
    "assessment_contributors",
    "assessments",
    "assurance_reports",
    "audit_events",
    "evidence",
    "finding_assessments",
    "findings",
    "metadata",
    "name_key_default",
    "obligations",
    "questionnaire_definitions",
    "report_bridges",
    "report_exceptions",
    "report_subservices",
    "risk_acceptances",
    "utcnow",
    "vendor_events",
    "vendor_links",
    "vendors",
]
