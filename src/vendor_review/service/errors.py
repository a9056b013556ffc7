"""Errors a use case raises: each message is one line a person can act on."""

from __future__ import annotations


class ServiceError(Exception):
    """Base: something the user asked for cannot be done; ``str()`` says why."""

    exit_code = 1


class NotFoundError(ServiceError):
    exit_code = 4


class ValidationError(ServiceError):
    """Input that does not fit the model; ``problems`` maps field → message."""

    exit_code = 2

    def __init__(self, message: str, problems: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or {}


class ConflictError(ServiceError):
    """Someone else changed the record since the caller loaded it."""

    exit_code = 5


class StateError(ServiceError):
    """The record's status does not allow this (approved assessments are immutable …)."""

    exit_code = 6


class FourEyesError(StateError):
    """Someone who worked on an assessment tried to decide it, or the requester of a risk
    acceptance tried to approve it."""


class SubmitBlockedError(StateError):
    """Required questions unanswered, required evidence missing, or carried-over answers
    not yet confirmed."""

    def __init__(
        self,
        message: str,
        missing: list[str],
        evidence_missing: list[str],
        unconfirmed: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.missing = missing
        self.evidence_missing = evidence_missing
        self.unconfirmed = unconfirmed or []


class RefusedByDatabaseError(StateError):
    """PostgreSQL's own checks (``store.protect``) refused the change; ``str()`` says why."""


class DatabaseFourEyesError(FourEyesError, RefusedByDatabaseError):
    """The database refused a decision by someone who contributed to the assessment."""
