"""The use cases. Every write goes through here, in one transaction with its audit event,
and returns plain data (``service.dto``), never live ORM objects."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from vendor_review.domain.loader import CatalogResult, builtin_questionnaire_dir
from vendor_review.domain.policy import Policy
from vendor_review.service.audit_log import AuditOps
from vendor_review.service.base import Clock, FixedClock, SystemClock
from vendor_review.service.catalog_cache import load_catalog_cached, load_policy_cached
from vendor_review.service.certificates import CertificateOps
from vendor_review.service.dashboard import DashboardOps
from vendor_review.service.due import DueOps
from vendor_review.service.errors import ServiceError
from vendor_review.service.findings import FindingOps
from vendor_review.service.imports import ImportOps
from vendor_review.service.obligations import ObligationOps
from vendor_review.service.report_contents import ReportContentOps
from vendor_review.service.report_review import ReportReviewOps
from vendor_review.service.reporting.reads import ReportingOps
from vendor_review.service.rereview import ReReviewOps
from vendor_review.service.runner import RunnerOps
from vendor_review.service.vendor_events import VendorEventOps
from vendor_review.service.workflow import WorkflowOps
from vendor_review.settings import Settings
from vendor_review.store.engine import Database, current_actor, open_database

__all__ = ["Clock", "FixedClock", "Service", "ServiceError", "SystemClock", "open_service"]


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
):
    """Every use case of vendor-review, on one database and as one actor."""


def builtin_policy() -> Policy:
    return load_policy_cached(builtin_questionnaire_dir() / "policy.yaml")


def catalog_for(user_dirs: list[Path]) -> CatalogResult:
    return load_catalog_cached(builtin_questionnaire_dir(), user_dirs)


def open_service(
    settings: Settings,
    *,
    database_url: str,
    clock: Clock | None = None,
    migrate: bool = True,
    db: Database | None = None,
) -> Service:
    db = db or open_database(database_url, migrate=migrate)
    return Service(
        db,
        actor=current_actor(db, settings.actor),
        catalog=partial(catalog_for, list(settings.questionnaires)),
        policy=builtin_policy(),
        clock=clock,
        evidence_max_bytes=settings.evidence_max_bytes,
    )
