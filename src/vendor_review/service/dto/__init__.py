"""Plain data the service returns (never live ORM objects) and the inputs it validates,
one module a concept; use them as ``dto.Name`` (``from vendor_review.service import dto``).

Each model's module is imported when the model is first used (``__getattr__``), so a
command that returns audit events does not build the assessment models (issue 14).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vendor_review.service.dto.assessments import (
        Answer,
        AnswerChange,
        Assessment,
        AssessmentDetail,
        AssessmentDiff,
        QuestionLine,
        ScoreReport,
    )
    from vendor_review.service.dto.audit import AuditEvent
    from vendor_review.service.dto.base import Out
    from vendor_review.service.dto.due import DueItem, DueList
    from vendor_review.service.dto.evidence import Evidence
    from vendor_review.service.dto.findings import Finding
    from vendor_review.service.dto.reports import (
        Certificate,
        Obligation,
        Report,
        ReportBridgeRow,
        ReportDetail,
        ReportExceptionRow,
        ReportReview,
        ReportSubserviceRow,
        ReviewItem,
    )
    from vendor_review.service.dto.vendors import (
        Link,
        Vendor,
        VendorEvent,
        VendorIn,
        VendorLinks,
    )

__all__ = [
    "Answer",
    "AnswerChange",
    "Assessment",
    "AssessmentDetail",
    "AssessmentDiff",
    "AuditEvent",
    "Certificate",
    "DueItem",
    "DueList",
    "Evidence",
    "Finding",
    "Link",
    "Obligation",
    "Out",
    "QuestionLine",
    "Report",
    "ReportBridgeRow",
    "ReportDetail",
    "ReportExceptionRow",
    "ReportReview",
    "ReportSubserviceRow",
    "ReviewItem",
    "ScoreReport",
    "Vendor",
    "VendorEvent",
    "VendorIn",
    "VendorLinks",
]

_MODULES = {
    "Answer": "assessments",
    "AnswerChange": "assessments",
    "Assessment": "assessments",
    "AssessmentDetail": "assessments",
    "AssessmentDiff": "assessments",
    "AuditEvent": "audit",
    "Certificate": "reports",
    "DueItem": "due",
    "DueList": "due",
    "Evidence": "evidence",
    "Finding": "findings",
    "Link": "vendors",
    "Obligation": "reports",
    "Out": "base",
    "QuestionLine": "assessments",
    "Report": "reports",
    "ReportBridgeRow": "reports",
    "ReportDetail": "reports",
    "ReportExceptionRow": "reports",
    "ReportReview": "reports",
    "ReportSubserviceRow": "reports",
    "ReviewItem": "reports",
    "ScoreReport": "assessments",
    "Vendor": "vendors",
    "VendorEvent": "vendors",
    "VendorIn": "vendors",
    "VendorLinks": "vendors",
}
"""Each model: the ``service.dto`` module defining it."""


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
