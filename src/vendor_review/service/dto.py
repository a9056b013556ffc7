"""Plain data the service returns (never live ORM objects) and the inputs it validates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from vendor_review.domain.answers import AnswerValue
from vendor_review.domain.assurance import ObligationStatus, Opinion, ReportType, SubserviceMethod
from vendor_review.domain.enums import (
    AssessmentStatus,
    Criticality,
    DataAccess,
    FindingStatus,
    Severity,
    VendorKind,
    VendorStatus,
)
from vendor_review.domain.text_rules import text_problem

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Long = Annotated[str, StringConstraints(max_length=20_000)]


MULTILINE_FIELDS = frozenset({"notes", "purpose"})
"""Input fields that may hold TAB and LF (long text); every other text is one line."""


def check_text_value(value: Any, *, multiline: bool = False) -> None:
    """Raise pydantic's error for the first string in ``value`` that breaks the text rule."""
    for text in value if isinstance(value, list) else [value]:
        if isinstance(text, str):
            problem = text_problem(text, multiline=multiline)
            if problem:
                raise PydanticCustomError("text_rule", problem)


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True, defer_build=True)


class VendorIn(BaseModel):
    """A vendor's profile as a person enters it; pydantic's messages are shown inline."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    name: Name
    legal_entity: Short | None = None
    kind: VendorKind = VendorKind.OTHER
    purpose: Short | None = None
    parent: Name | None = None
    """On creation: the vendor whose subprocessor this is (a link to it is made); on an
    update: a further parent to link (links are never removed by an update)."""
    regions: list[
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    ] = Field(default_factory=list)
    data_access: DataAccess | None = None
    criticality: Criticality | None = None
    """Without both, the vendor is untriaged: listed and linked, never assessed."""
    dpa_signed_on: date | None = None
    website: Short | None = None
    contact: Short | None = None
    owner: Short | None = None
    notes: Long | None = None
    # Regulated scopes (``pci``) from the policy's ``scope_cap_months``; checked there.
    scopes: list[
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    ] = Field(default_factory=list)

    @field_validator("regions")
    @classmethod
    def _unique_regions(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @field_validator("*", mode="after")
    @classmethod
    def _harmless_text(cls, value: Any, info: ValidationInfo) -> Any:
        """Control, bidi and invisible characters are refused (``domain.text_rules``);
        text from a file was made visible before it got here."""
        check_text_value(value, multiline=info.field_name in MULTILINE_FIELDS)
        return value


class VendorRow(_Out):
    id: int
    name: str
    kind: VendorKind
    parents: str | None = None
    """The names of the vendors it is an (open-link) subprocessor of, joined by ", "."""
    regions: list[str]
    region_codes: list[str] = Field(default_factory=list)
    data_access: DataAccess | None
    criticality: Criticality | None
    status: VendorStatus
    inherent_risk: str | None
    """None while untriaged."""
    control_score: float | None = None
    rating: str | None = None
    next_review_due: date | None = None
    open_findings: int = 0
    subprocessors: int = 0


class VendorPage(_Out):
    total: int
    rows: list[VendorRow]


class Vendor(_Out):
    id: int
    name: str
    legal_entity: str | None
    kind: VendorKind
    purpose: str | None
    name_key: str
    parents: list[str] = Field(default_factory=list)
    """Names of the vendors it is an (open-link) subprocessor of, by name."""
    regions: list[str]
    region_codes: list[str] = Field(default_factory=list)
    data_access: DataAccess | None
    criticality: Criticality | None
    dpa_signed_on: date | None
    website: str | None
    contact: str | None
    owner: str | None
    notes: str | None
    status: VendorStatus
    offboarded: bool
    version: int
    created_at: datetime
    updated_at: datetime
    scopes: list[str] = Field(default_factory=list)

    @property
    def untriaged(self) -> bool:
        return self.data_access is None or self.criticality is None


class Link(_Out):
    """One vendor → subprocessor link as a list gave it."""

    id: int
    parent_id: int
    parent: str
    child_id: int
    child: str
    purpose: str | None
    regions: list[str]
    region_codes: list[str]
    source: str
    source_sha256: str | None
    first_seen: date
    last_seen: date
    ended_on: date | None
    version: int


class VendorLinks(_Out):
    """A vendor's links both ways, open ones first, each by name."""

    parents: list[Link]
    subprocessors: list[Link]


class Evidence(_Out):
    id: int
    name: str
    size: int
    sha256: str
    media_type: str | None
    added_by: str
    added_at: datetime


class Certificate(_Out):
    id: int
    vendor_id: int
    vendor_name: str | None = None
    standard: str
    issuer: str | None
    scope: str | None
    issued_on: date | None
    period_end: date | None
    expires_on: date
    evidence_id: int | None
    version: int


# --- Assurance reports (issue 12) ---------------------------------------------------


class Report(_Out):
    """One assurance report (or certificate) as the register shows it."""

    id: int
    vendor_id: int
    vendor_name: str
    type: ReportType
    label: str  # "SOC 2 Type II", or the standard a certificate was filed as
    standard: str | None = None
    auditor: str | None
    accreditation_body: str | None
    period_start: date | None
    period_end: date | None
    issued_on: date | None
    expires_on: date | None
    opinion: Opinion | None
    scope: str | None
    services: str | None
    sites: str | None
    criteria: list[str]
    certificate_number: str | None
    evidence_id: int | None
    covers_our_service: bool | None
    currency_end: date | None
    bridged_through: date | None
    exceptions: int
    carve_outs: int
    open_obligations: int
    created_at: datetime
    version: int


class ReportExceptionRow(_Out):
    id: int
    report_id: int
    control: str
    description: str
    response: str | None


class ReportSubserviceRow(_Out):
    id: int
    report_id: int
    name: str
    method: SubserviceMethod
    purpose: str | None
    vendor_id: int | None
    vendor_name: str | None
    link_id: int | None = None
    created_candidate: bool


class ReportBridgeRow(_Out):
    id: int
    report_id: int
    through: date
    evidence_id: int | None


class Obligation(_Out):
    """A complementary user-entity control: what we must do for the vendor's to hold."""

    id: int
    report_id: int
    vendor_id: int
    vendor_name: str
    control: str
    description: str
    owner: str | None
    status: ObligationStatus
    note: str | None
    evidence_id: int | None
    updated_at: datetime
    updated_by: str
    version: int


class ReportDetail(_Out):
    report: Report
    exceptions: list[ReportExceptionRow]
    subservices: list[ReportSubserviceRow]
    obligations: list[Obligation]
    bridges: list[ReportBridgeRow]
    findings: list[Finding]  # the open findings of this report's reviews


class ReviewItem(_Out):
    """One rule of the checklist over a report: passed, or the finding it opened."""

    rule: str  # "opinion", "scope", "currency", "exceptions", "carve-outs", "cuecs"
    passed: bool
    severity: Severity | None
    text: str
    cause: str | None
    finding_id: int | None


class ReportReview(_Out):
    report: Report
    items: list[ReviewItem]
    closed: list[int] = Field(default_factory=list)  # findings this review closed


class Answer(_Out):
    question_id: str
    value: AnswerValue | None
    comment: str | None
    carried_over: bool
    """Not typed in this assessment and not yet confirmed: carried over, or from a report."""
    source: str | None = None
    """Where the value came from when a report gave it: "from SOC 2 Type II report #3"."""
    source_report_id: int | None = None
    answered_by: str
    answered_at: datetime
    evidence_ids: list[int] = Field(default_factory=list)
    version: int


class Finding(_Out):
    id: int
    assessment_id: int | None  # None: opened by an assurance report's review
    report_id: int | None = None
    vendor_id: int
    vendor_name: str | None = None
    question_id: str | None
    severity: Severity
    text: str
    remediation: str | None
    owner: str | None
    due_on: date | None
    status: FindingStatus
    resolved_by: str | None
    resolved_at: datetime | None
    resolution_note: str | None
    created_at: datetime
    cause: str | None = None
    accepted_until: date | None = None
    resolved_by_assessment_id: int | None = None
    # As a person reads it: "open", "open (risk acceptance expired 2026-03-01)",
    # "acceptance requested by alice", "risk accepted until …", "resolved by assessment #9".
    state: str = ""
    # The pending request to accept its risk: who asked, until when (None: none pending).
    acceptance_requested_by: str | None = None
    acceptance_expires_on: date | None = None


class Assessment(_Out):
    id: int
    vendor_id: int
    vendor_name: str
    questionnaire_id: str
    questionnaire_version: int
    questionnaire_sha256: str
    questionnaire_title: str
    status: AssessmentStatus
    previous_id: int | None
    reviewer: str
    submitted_by: str | None
    submitted_at: datetime | None
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
    control_score: float | None
    section_scores: dict[str, float | None] | None
    inherent_risk: str | None
    band: str | None
    rating: str | None
    critical_failures: list[str] | None
    next_review_due: date | None
    version: int
    created_at: datetime
    answered: int = 0
    shown: int = 0


class AssessmentDetail(_Out):
    assessment: Assessment
    definition: dict[str, Any]
    answers: dict[str, Answer]
    findings: list[Finding]


class QuestionLine(_Out):
    question_id: str
    section_id: str
    text: str
    answer: str
    state: str
    weight: float
    score: float | None
    contribution: float
    critical: bool
    critical_failure: bool
    accept_at: float | None = None
    met: bool | None = None


class ScoreReport(_Out):
    assessment_id: int
    status: AssessmentStatus
    control_score: float | None
    sections: dict[str, float | None]
    critical_failures: list[str]
    inherent_risk: str
    band: str
    rating: str
    weighted_sum: float
    total_weight: float
    na_weight: float = 0.0
    na_excess_weight: float = 0.0
    missing_required: list[str]
    questions: list[QuestionLine]
    next_review_due: date | None


class AuditEvent(_Out):
    seq: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    before: str | None
    after: str | None
    reason: str | None
    hash: str


class DueItem(_Out):
    """One thing to look at again, and why it is on the list."""

    due_on: date
    kind: str  # "review" | "certificate" | "finding" | "never_assessed"
    vendor_id: int
    vendor_name: str
    reason: str
    overdue: bool
    days: int  # due_on - as_of: negative when overdue
    ref_id: int | None = None  # the assessment, certificate or finding
    level: str | None = None  # rating of a review, severity of a finding, standard of a cert


class DueList(_Out):
    as_of: date
    until: date
    items: list[DueItem]

    @property
    def overdue(self) -> list[DueItem]:
        return [i for i in self.items if i.overdue]


class AnswerChange(_Out):
    question_id: str
    text: str
    before: str  # the answer as a person reads it; "" when not answered
    after: str
    score_before: float | None
    score_after: float | None


class AssessmentDiff(_Out):
    """What changed from one assessment of a vendor to another."""

    before: Assessment
    after: Assessment
    answers: list[AnswerChange]
    unchanged: int
    # Carried-over answers the new assessment's reviewer confirmed unchanged (question ids).
    confirmed_unchanged: list[str] = Field(default_factory=list)
    findings_opened: list[Finding]
    findings_closed: list[Finding]


class VendorEvent(_Out):
    """Something that makes a vendor's re-review due now (``vendor event``)."""

    id: int
    vendor_id: int
    kind: str
    occurred_on: date
    note: str | None
    related_vendor_id: int | None
    recorded_by: str
    recorded_at: datetime
    recorded_on: date
