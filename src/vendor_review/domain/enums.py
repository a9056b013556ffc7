"""Closed vocabularies of the domain (DESIGN §3, §5)."""

from __future__ import annotations

from enum import StrEnum


class VendorKind(StrEnum):
    INFRASTRUCTURE = "infrastructure"
    SERVICE = "service"
    SUBCONTRACTOR = "subcontractor"
    OTHER = "other"


class DataAccess(StrEnum):
    NONE = "none"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    PERSONAL = "personal"
    SPECIAL = "special"


class Criticality(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class VendorStatus(StrEnum):
    CANDIDATE = "candidate"
    APPROVED = "approved"
    REJECTED = "rejected"
    OFFBOARDED = "offboarded"


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def decided(self) -> bool:
        return self in (AssessmentStatus.APPROVED, AssessmentStatus.REJECTED)


OPEN_STATUSES = (AssessmentStatus.DRAFT.value, AssessmentStatus.SUBMITTED.value)
"""An assessment being answered or waiting for its decision (as stored)."""
DECIDED_STATUSES = (AssessmentStatus.APPROVED.value, AssessmentStatus.REJECTED.value)
"""An assessment approved or rejected (as stored)."""


class InherentRisk(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Band(StrEnum):
    STRONG = "strong"
    ADEQUATE = "adequate"
    WEAK = "weak"
    POOR = "poor"


class Rating(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RATING_ORDER.index(self)


_RATING_ORDER = [Rating.LOW, Rating.MEDIUM, Rating.HIGH, Rating.CRITICAL]


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class FindingStatus(StrEnum):
    OPEN = "open"
    REMEDIATED = "remediated"
    RISK_ACCEPTED = "risk_accepted"


class QuestionType(StrEnum):
    YES_NO = "yes_no"
    CHOICE = "choice"
    MULTI = "multi"
    DATE = "date"
    TEXT = "text"
    NUMBER = "number"

    @property
    def scored(self) -> bool:
        return self in (QuestionType.YES_NO, QuestionType.CHOICE, QuestionType.MULTI)


class EvidenceRule(StrEnum):
    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


class CertificateStandard(StrEnum):
    ISO_27001 = "ISO 27001"
    ISO_27701 = "ISO 27701"
    SOC_1 = "SOC 1"
    SOC_2_TYPE_I = "SOC 2 Type I"
    SOC_2_TYPE_II = "SOC 2 Type II"
    SSAE_16 = "SSAE-16"
    SSAE_18 = "SSAE-18"
    PCI_DSS_AOC = "PCI DSS AOC"
    UPTIME_TIER_III = "Uptime Tier III"
    UPTIME_TIER_IV = "Uptime Tier IV"
    OTHER = "other"


NA = "na"
"""The reserved answer value for 'not applicable'."""
