"""Plain data the service returns (never live ORM objects) and the inputs it validates,
one module a concept; use them as ``dto.Name`` (``from vendor_review.service import dto``)."""

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
