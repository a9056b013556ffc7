"""``Service``: every use case, composed of the operations of each concept."""

from __future__ import annotations

from vendor_review.service.audit_log import AuditOps
from vendor_review.service.certificates import CertificateOps
from vendor_review.service.dashboard import DashboardOps
from vendor_review.service.due import DueOps
from vendor_review.service.findings import FindingOps
from vendor_review.service.imports import ImportOps
from vendor_review.service.obligations import ObligationOps
from vendor_review.service.report_contents import ReportContentOps
from vendor_review.service.report_review import ReportReviewOps
from vendor_review.service.reporting.reads import ReportingOps
from vendor_review.service.rereview import ReReviewOps
from vendor_review.service.runner import RunnerOps
from vendor_review.service.vendor_events import VendorEventOps
from vendor_review.service.vendor_list import VendorListOps
from vendor_review.service.workflow import WorkflowOps

__all__ = ["Service"]


class Service(
    WorkflowOps,
    FindingOps,
    CertificateOps,
    ReportContentOps,
    ReportReviewOps,
    ObligationOps,
    AuditOps,
    ReReviewOps,
    RunnerOps,
    ReportingOps,
    DashboardOps,
    DueOps,
    ImportOps,
    VendorEventOps,
    VendorListOps,
):
    """Every use case of vendor-review, on one database and as one actor."""
