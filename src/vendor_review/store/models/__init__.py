"""SQLAlchemy models: the tables of DESIGN §3 and the audit log of §6, one module per
concept; every name is re-exported here (``from vendor_review.store.models import X``).

Conventions:
- Closed vocabularies are plain ``VARCHAR`` columns (``Mapped[str]``, no native database
  enums); ``EnumString`` refuses at flush any value not in the matching enum of
  ``vendor_review.domain``. Assign enum members or their values, read plain ``str``.
- Datetimes are timezone-aware and come back in UTC on every backend.
- Mutable rows carry ``version`` as SQLAlchemy's ``version_id_col``: a concurrent update
  makes the loser's flush raise ``sqlalchemy.orm.exc.StaleDataError``.
- Migrations are hand-written (``migrations/versions``); a test keeps them equal to these.
"""

from __future__ import annotations

from vendor_review.store.models.assessments import (
    Answer,
    AnswerValue,
    Assessment,
    AssessmentContributor,
    answer_evidence,
)
from vendor_review.store.models.assurance import (
    AssuranceReport,
    Obligation,
    ReportBridge,
    ReportException,
    ReportSubservice,
)
from vendor_review.store.models.audit import AuditEvent
from vendor_review.store.models.base import (
    ACTOR,
    NAMING_CONVENTION,
    Base,
    utcnow,
    versioned_by,
)
from vendor_review.store.models.definitions import QuestionnaireDefinition
from vendor_review.store.models.evidence import Evidence
from vendor_review.store.models.findings import (
    ACTIVE_FINDING,
    Finding,
    FindingLink,
    RiskAcceptance,
)
from vendor_review.store.models.vendors import Vendor, VendorEvent, VendorLink

__all__ = [
    "ACTIVE_FINDING",
    "ACTOR",
    "NAMING_CONVENTION",
    "Answer",
    "AnswerValue",
    "Assessment",
    "AssessmentContributor",
    "AssuranceReport",
    "AuditEvent",
    "Base",
    "Evidence",
    "Finding",
    "FindingLink",
    "Obligation",
    "QuestionnaireDefinition",
    "ReportBridge",
    "ReportException",
    "ReportSubservice",
    "RiskAcceptance",
    "Vendor",
    "VendorEvent",
    "VendorLink",
    "answer_evidence",
    "utcnow",
    "versioned_by",
]
