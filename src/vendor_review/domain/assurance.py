"""Assurance reports (SOC 1/2/3, ISO certificates, PCI AoC, pentests) and the checklist a
practitioner runs over one (issue 12): pure rules, no storage.

    facts = ReportFacts(type=ReportType.SOC2_TYPE2, period_end=date(2026, 3, 31), ...)
    for draft in review_report(facts, today=date(2026, 12, 2)):
        ...  # one finding per cause, e.g. "report:exception:CC6.1"

Each rule has a stable *cause* key, so the finding it opens is found again by the next
review and closes when the cause goes (a new report, an owner named, a bridge letter).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vendor_review.domain.dates import add_months
from vendor_review.domain.enums import CertificateStandard, Severity


class ReportType(StrEnum):
    SOC1_TYPE1 = "soc1-type1"
    SOC1_TYPE2 = "soc1-type2"
    SOC2_TYPE1 = "soc2-type1"
    SOC2_TYPE2 = "soc2-type2"
    SOC3 = "soc3"
    ISO27001 = "iso27001"
    ISO27701 = "iso27701"
    ISO22301 = "iso22301"
    PCI_AOC = "pci-aoc"
    PENTEST = "pentest"
    OTHER = "other"

    @property
    def is_soc(self) -> bool:
        return self.value.startswith("soc")

    @property
    def is_certificate(self) -> bool:
        """Issued/expires dates (ISO certificates, PCI AoC) rather than an audit period."""
        return self in _CERTIFICATES


_CERTIFICATES = frozenset(
    {ReportType.ISO27001, ReportType.ISO27701, ReportType.ISO22301, ReportType.PCI_AOC}
)

LABELS: dict[ReportType, str] = {
    ReportType.SOC1_TYPE1: "SOC 1 Type I",
    ReportType.SOC1_TYPE2: "SOC 1 Type II",
    ReportType.SOC2_TYPE1: "SOC 2 Type I",
    ReportType.SOC2_TYPE2: "SOC 2 Type II",
    ReportType.SOC3: "SOC 3",
    ReportType.ISO27001: "ISO/IEC 27001 certificate",
    ReportType.ISO27701: "ISO/IEC 27701 certificate",
    ReportType.ISO22301: "ISO 22301 certificate",
    ReportType.PCI_AOC: "PCI DSS Attestation of Compliance",
    ReportType.PENTEST: "Penetration test summary",
    ReportType.OTHER: "Other assurance report",
}


class Opinion(StrEnum):
    """The auditor's opinion (SOC) or the certificate's status (ISO, PCI)."""

    UNQUALIFIED = "unqualified"
    QUALIFIED = "qualified"
    ADVERSE = "adverse"
    DISCLAIMER = "disclaimer"
    VALID = "valid"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"


CLEAN_OPINIONS = frozenset({Opinion.UNQUALIFIED, Opinion.VALID})


class SubserviceMethod(StrEnum):
    CARVE_OUT = "carve-out"
    INCLUSIVE = "inclusive"


ObligationStatus = StrEnum("ObligationStatus", "OPEN IN_PLACE NOT_APPLICABLE")


@dataclass(frozen=True)
class ReportException:
    """A deviation the auditor found in testing a control."""

    control: str
    description: str
    response: str | None = None


@dataclass(frozen=True)
class Subservice:
    """A subservice organisation the report names (e.g. the colocation provider)."""

    name: str
    method: SubserviceMethod
    assessed: bool = False  # whether we assess it ourselves (a vendor with a decided review)


@dataclass(frozen=True)
class Cuec:
    """A complementary user-entity control: what *we* must do for the vendor's to hold."""

    control: str
    description: str
    owner: str | None = None
    status: ObligationStatus = ObligationStatus.OPEN


@dataclass(frozen=True)
class ReportFacts:
    type: ReportType
    period_start: date | None = None
    period_end: date | None = None
    issued_on: date | None = None
    expires_on: date | None = None
    opinion: Opinion | None = None
    covers_our_service: bool | None = None  # the reviewer's answer; None = not yet answered
    exceptions: tuple[ReportException, ...] = ()
    subservices: tuple[Subservice, ...] = ()
    cuecs: tuple[Cuec, ...] = ()
    bridged_through: tuple[date, ...] = ()  # each bridge letter's "covers through" date


@dataclass(frozen=True)
class ReviewPolicy:
    """The checklist's thresholds (policy.yaml may override them)."""

    soc_currency_months: int = 12  # a SOC report is current for this long after its period
    bridge_gap_months: int = 3  # a longer gap since the period end wants a bridge letter


@dataclass(frozen=True)
class ReportFindingDraft:
    cause: str  # stable per rule and subject: "report:opinion", "report:cuec:CC6.1"
    severity: Severity
    text: str


def currency_end(facts: ReportFacts, policy: ReviewPolicy | None = None) -> date | None:
    """The last day the report may be relied on: the certificate's expiry, or a SOC period's
    end plus the currency months, extended by a bridge letter that covers later."""
    policy = policy or ReviewPolicy()
    if facts.type.is_certificate or not facts.type.is_soc:
        return facts.expires_on
    if facts.period_end is None:
        return None
    end = add_months(facts.period_end, policy.soc_currency_months)
    return max((end, *facts.bridged_through))


def is_bridged(facts: ReportFacts, today: date) -> bool:
    return any(through >= today for through in facts.bridged_through)


def review_report(
    facts: ReportFacts, today: date, policy: ReviewPolicy | None = None
) -> list[ReportFindingDraft]:
    """The practitioner's checklist over one report, each failed rule one finding draft."""
    policy = policy or ReviewPolicy()
    label = LABELS[facts.type]
    drafts: list[ReportFindingDraft] = []
    if facts.opinion is not None and facts.opinion not in CLEAN_OPINIONS:
        drafts.append(
            ReportFindingDraft(
                "report:opinion",
                Severity.HIGH,
                f"{label}: the opinion is {facts.opinion.value}, not unqualified.",
            )
        )
    if facts.covers_our_service is False:
        drafts.append(
            ReportFindingDraft(
                "report:scope",
                Severity.HIGH,
                f"{label} does not cover the service or sites we use.",
            )
        )
    drafts.extend(_currency(facts, today, policy, label))
    for exception in facts.exceptions:
        answered = bool(exception.response and exception.response.strip())
        drafts.append(
            ReportFindingDraft(
                f"report:exception:{exception.control}",
                Severity.LOW if answered else Severity.MEDIUM,
                f"{label}: exception in {exception.control}: {exception.description}"
                + ("" if answered else " (no management response)"),
            )
        )
    for sub in facts.subservices:
        if sub.method is SubserviceMethod.CARVE_OUT and not sub.assessed:
            drafts.append(
                ReportFindingDraft(
                    f"report:carve-out:{sub.name.casefold()}",
                    Severity.MEDIUM,
                    f"{label} carves out {sub.name}, which is not assessed itself.",
                )
            )
    for cuec in facts.cuecs:
        if cuec.status is ObligationStatus.OPEN and not (cuec.owner and cuec.owner.strip()):
            drafts.append(
                ReportFindingDraft(
                    f"report:cuec:{cuec.control}",
                    Severity.LOW,
                    f"{label}: user-entity control {cuec.control} has no owner on our side.",
                )
            )
    return drafts


def _currency(
    facts: ReportFacts, today: date, policy: ReviewPolicy, label: str
) -> list[ReportFindingDraft]:
    if facts.type.is_soc and facts.period_end is not None:
        if is_bridged(facts, today):
            return []
        stale_after = add_months(facts.period_end, policy.soc_currency_months)
        if today > stale_after:
            return [
                ReportFindingDraft(
                    "report:currency",
                    Severity.HIGH,
                    f"{label} is stale: its period ended {facts.period_end.isoformat()}, more "
                    f"than {policy.soc_currency_months} months ago, and no bridge letter "
                    "covers today.",
                )
            ]
        if today > add_months(facts.period_end, policy.bridge_gap_months):
            return [
                ReportFindingDraft(
                    "report:gap",
                    Severity.LOW,
                    f"{label}: {policy.bridge_gap_months}+ months since its period ended "
                    f"({facts.period_end.isoformat()}) without a bridge letter.",
                )
            ]
        return []
    if facts.expires_on is not None and today > facts.expires_on:
        return [
            ReportFindingDraft(
                "report:currency",
                Severity.HIGH,
                f"{label} expired on {facts.expires_on.isoformat()}.",
            )
        ]
    return []


# --- The certificate register's standards (before issue 12) as report types ------------

STANDARD_TYPES: dict[CertificateStandard, ReportType] = {
    CertificateStandard.ISO_27001: ReportType.ISO27001,
    CertificateStandard.ISO_27701: ReportType.ISO27701,
    CertificateStandard.SOC_1: ReportType.SOC1_TYPE2,
    CertificateStandard.SOC_2_TYPE_I: ReportType.SOC2_TYPE1,
    CertificateStandard.SOC_2_TYPE_II: ReportType.SOC2_TYPE2,
    CertificateStandard.SSAE_16: ReportType.SOC1_TYPE2,
    CertificateStandard.SSAE_18: ReportType.SOC1_TYPE2,
    CertificateStandard.PCI_DSS_AOC: ReportType.PCI_AOC,
    CertificateStandard.UPTIME_TIER_III: ReportType.OTHER,
    CertificateStandard.UPTIME_TIER_IV: ReportType.OTHER,
    CertificateStandard.OTHER: ReportType.OTHER,
}
"""What each standard of ``cert add`` is as a report (SSAE-16/18 and "SOC 1" were SOC 1
reports, taken as Type II); migration 0007 maps stored certificates the same way."""

_TYPE_STANDARDS: dict[ReportType, str] = {
    ReportType.ISO27001: CertificateStandard.ISO_27001.value,
    ReportType.ISO27701: CertificateStandard.ISO_27701.value,
    ReportType.SOC1_TYPE1: CertificateStandard.SOC_1.value,
    ReportType.SOC1_TYPE2: CertificateStandard.SOC_1.value,
    ReportType.SOC2_TYPE1: CertificateStandard.SOC_2_TYPE_I.value,
    ReportType.SOC2_TYPE2: CertificateStandard.SOC_2_TYPE_II.value,
    ReportType.PCI_AOC: CertificateStandard.PCI_DSS_AOC.value,
    ReportType.OTHER: CertificateStandard.OTHER.value,
}


def kept_standard(standard: CertificateStandard) -> str | None:
    """The standard's name when its report type does not say it exactly (kept with the
    report, e.g. "SSAE-16", "Uptime Tier III"), else None."""
    kind = STANDARD_TYPES[standard]
    return None if _TYPE_STANDARDS.get(kind) == standard.value else standard.value


def standard_name(kind: ReportType, standard: str | None = None) -> str:
    """How the certificate register names a report: its kept standard, the standard of
    its type ("ISO 27001", "SOC 2 Type II"), or its label."""
    return standard or _TYPE_STANDARDS.get(kind) or LABELS[kind]
