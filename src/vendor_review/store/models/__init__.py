"""SQLAlchemy ORM models mapped onto the tables of ``store.tables`` (DESIGN §3 and the
audit log of §6), one module per concept; every name is re-exported here
(``from vendor_review.store.models import X``).

Conventions (the columns' are in ``store.tables``):
- Closed vocabularies are ``Mapped[str]``: assign enum members or their values, read plain
  ``str``; ``EnumString`` refuses at flush any value not in the enum.
- Mutable rows carry ``version`` as SQLAlchemy's ``version_id_col``: a concurrent update
  makes the loser's flush raise ``sqlalchemy.orm.exc.StaleDataError``.
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
from vendor_review.store.models.base import Base
from vendor_review.store.models.definitions import QuestionnaireDefinition
from vendor_review.store.models.evidence import Evidence
from vendor_review.store.models.findings import Finding, FindingLink, RiskAcceptance
from vendor_review.store.models.vendors import Vendor, VendorEvent, VendorLink

__all__ = [
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
]
