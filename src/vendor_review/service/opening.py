"""Opening the service on a database: all of it (``open_service``) or the operations of
one concept (``open_ops``), with the settings' actor, questionnaires and the built-in
policy (parsed when first used)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from vendor_review.service.base import Clock, ServiceBase
from vendor_review.settings import Settings
from vendor_review.store.engine import Database, current_actor, open_database

if TYPE_CHECKING:
    from vendor_review.domain.loader import CatalogResult
    from vendor_review.domain.policy import Policy
    from vendor_review.service.catalog_cache import CatalogSummary
    from vendor_review.service.use_cases import Service

Ops = TypeVar("Ops", bound=ServiceBase)


def builtin_policy() -> Policy:
    from vendor_review.domain.builtin_files import builtin_questionnaire_dir
    from vendor_review.service.catalog_cache import load_policy_cached

    return load_policy_cached(builtin_questionnaire_dir() / "policy.yaml")


def catalog_for(user_dirs: list[Path]) -> CatalogResult:
    from vendor_review.domain.builtin_files import builtin_questionnaire_dir
    from vendor_review.service.catalog_cache import load_catalog_cached

    return load_catalog_cached(builtin_questionnaire_dir(), user_dirs)


def catalog_summary_for(user_dirs: list[Path]) -> CatalogSummary:
    """What ``catalog_for(user_dirs)`` lists of each questionnaire, without its models."""
    from vendor_review.domain.builtin_files import builtin_questionnaire_dir
    from vendor_review.service.catalog_cache import load_catalog_summary_cached

    return load_catalog_summary_cached(builtin_questionnaire_dir(), user_dirs)


def open_ops(
    ops: type[Ops],
    settings: Settings,
    *,
    database_url: str,
    clock: Clock | None = None,
    migrate: bool = True,
    db: Database | None = None,
) -> Ops:
    """``ops`` (``Service``, or one concept's operations such as ``AuditOps``) on the
    database at ``database_url`` (or ``db``)."""
    db = db or open_database(database_url, migrate=migrate)
    return ops(
        db,
        actor=current_actor(db, settings.actor),
        catalog=partial(catalog_for, list(settings.questionnaires)),
        policy=builtin_policy,
        clock=clock,
        evidence_max_bytes=settings.evidence_max_bytes,
    )


def open_service(settings: Settings, **where: Any) -> Service:
    """Every use case: ``open_ops(Service, settings, **where)``."""
    from vendor_review.service.use_cases import Service

    return open_ops(Service, settings, **where)
