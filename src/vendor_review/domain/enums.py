"""Closed vocabularies of the domain (DESIGN §3, §5).

A vocabulary whose values are its members' names in lower case is declared by the names
(``StrEnum`` makes ``Criticality.LOW == "low"``); the others list their values.
"""

from __future__ import annotations

from enum import StrEnum

VendorKind = StrEnum("VendorKind", "INFRASTRUCTURE SERVICE SUBCONTRACTOR OTHER")
DataAccess = StrEnum("DataAccess", "NONE INTERNAL CONFIDENTIAL PERSONAL SPECIAL")
Criticality = StrEnum("Criticality", "LOW MEDIUM HIGH")
VendorStatus = StrEnum("VendorStatus", "CANDIDATE APPROVED REJECTED OFFBOARDED")
InherentRisk = StrEnum("InherentRisk", "LOW MEDIUM HIGH")
Band = StrEnum("Band", "STRONG ADEQUATE WEAK POOR")
Severity = StrEnum("Severity", "CRITICAL HIGH MEDIUM LOW")
FindingStatus = StrEnum("FindingStatus", "OPEN REMEDIATED RISK_ACCEPTED")
EvidenceRule = StrEnum("EvidenceRule", "NONE OPTIONAL REQUIRED")


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


class Rating(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RATING_ORDER.index(self)


_RATING_ORDER = [Rating.LOW, Rating.MEDIUM, Rating.HIGH, Rating.CRITICAL]


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
