"""A synthetic portfolio for the performance budgets of DESIGN §9.

    python benchmarks/synth.py --vendors 10000 [--db URL] [--seed 1]

fills an empty database (default: a new SQLite file ``bench-data/synth-N.db`` at the repo
root) with N vendors (about 10% of them subprocessors of another), 2N assessments over the
built-in questionnaires (approved / rejected / submitted / draft, scored and rated by the
policy as a submit would), about 50 answers per assessment, findings, certificates, the
contributor rows the app adds (``assessment_contributors``: one per actor and role —
started, answered, submitted) and the audit events a real portfolio has, as the app
records them (compact answer records, row digests) — ``vendor.create``;
``assessment.start``; on a
re-review of the vendor's approved assessment with the same questionnaire one
``answers.carry_over`` of its answers; one ``answers.import`` of the workbook the vendor
returns (every answer but those typed by hand; over the carried-over ones); 5-10
``answer.set`` typed by the reviewer (``BY_HAND``: half of them questions the vendor
answered otherwise, the rest ones it left blank); ``assessment.submit``; ``finding.open``
(and its resolution); ``assessment.approve``/``reject`` — hash-chained, then
``synth.load``; ``--no-events``
keeps only ``synth.load`` (for portfolios that are timed, not sized). Questionnaire
definitions are stored once (``questionnaire_definitions``), as the app does. ANALYZE runs
at the end (PostgreSQL: VACUUM ANALYZE, as autovacuum would after a bulk load). A
database that already has vendors is refused.

Every assessment's snapshot is a built-in questionnaire padded with a section ``synth`` of
questions borrowed from the other built-in questionnaires, up to ``PAD_TO`` questions, so
the portfolio reaches the ~1,000,000 answers of DESIGN §9 at 10,000 vendors (the built-in
questionnaires have 23-40 questions). ``pad_to=0`` stores the plain built-in snapshots.

Rows go in through SQLAlchemy bulk INSERTs (``session.execute(insert(Model), rows)``) in
batches of ``BATCH`` rows, all in one transaction with explicit primary keys (no RETURNING),
never through the ORM unit of work. Same seed, same portfolio (except for the dates, which
are relative to today).

Importable: ``build(url, vendors, seed=1) -> dict`` of counts and seconds.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import Insert, func, insert, select, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from vendor_review.domain.assurance import STANDARD_TYPES, kept_standard
from vendor_review.domain.enums import (
    NA,
    CertificateStandard,
    Criticality,
    DataAccess,
    FindingStatus,
    QuestionType,
    Severity,
    VendorKind,
    VendorStatus,
)
from vendor_review.domain.loader import builtin_questionnaire_dir, load_catalog
from vendor_review.domain.names import name_key
from vendor_review.domain.policy import Policy
from vendor_review.domain.policy_document import load_policy
from vendor_review.domain.questionnaire import Question, Questionnaire, Section
from vendor_review.domain.questionnaire_rules import semantic_problems
from vendor_review.domain.regions import resolve_regions
from vendor_review.domain.scoring import condition_holds, rate, round1, score
from vendor_review.service.answer_records import answers_map, compact_record
from vendor_review.service.base import changed_only
from vendor_review.service.workflow import scored_columns
from vendor_review.store import audit, protect
from vendor_review.store.definitions import definition_sha256
from vendor_review.store.engine import Database, open_database
from vendor_review.store.migrate import analyze
from vendor_review.store.models import (
    Answer,
    Assessment,
    AssessmentContributor,
    AssuranceReport,
    AuditEvent,
    Base,
    Finding,
    QuestionnaireDefinition,
    Vendor,
    VendorLink,
)

BATCH = 5_000
BY_HAND = (5, 10)
"""How many answers of an assessment the reviewer types by hand after importing the
vendor's workbook (the rest come from the workbook)."""
VENDOR_OTHERWISE = 0.5
"""Share of those the vendor had answered otherwise (the rest the vendor left blank)."""
PAD_TO = 54
"""Questions per snapshot after padding; with show_if and partial drafts ≈ 50 answers."""
ACTOR = "synth"
BENCH_DATA = Path(__file__).resolve().parents[1] / "bench-data"

PREFIXES = (
    "Acme", "Northwind", "Blue", "Quality", "Contoso", "Globex", "Initech", "Umbrella",
    "Stark", "Wayne", "Tyrell", "Cyberdyne", "Hooli", "Vandelay", "Soylent", "Aperture",
    "Black Mesa", "Oceanic", "Wonka", "Gringotts", "Pied", "Massive", "Dunder", "Sterling",
)  # fmt: skip
NOUNS = (
    "Cloud", "Hosting", "Data", "Networks", "Telecom", "Support", "Haven", "Raven",
    "Systems", "Labs", "Analytics", "Payments", "Mail", "Voice", "Compute", "Storage",
    "Oven", "Seven", "Solutions", "Services", "Logistics", "Security", "Ops", "Works",
)  # fmt: skip
"""A few nouns end in "ven", so the benchmark filter ``ven 12`` matches a handful."""
SUFFIXES = ("Ltd", "GmbH", "LLC", "s.r.o.", "Inc.", "B.V.", "SAS", "AB", "Oy", "S.A.")
PURPOSES = {
    VendorKind.INFRASTRUCTURE: (
        "Hosting provider", "Data centre colocation", "Object storage", "CDN and DDoS",
        "Managed database", "Backup storage", "DNS provider",
    ),
    VendorKind.SERVICE: (
        "VoIP provider", "Email delivery", "Payment processing", "Error tracking",
        "Product analytics", "SMS gateway", "Customer messaging", "Identity provider",
    ),
    VendorKind.SUBCONTRACTOR: (
        "24/7 first-line support", "Second-line support", "Software development",
        "Translation services", "Onboarding specialists",
    ),
    VendorKind.OTHER: ("Legal counsel", "Accounting", "Recruiting", "Office services"),
}  # fmt: skip
REGIONS = (
    "EU", "US", "UK", "DE", "IE", "NL", "FR", "SK", "UA", "SG", "AU", "CA", "JP", "IN", "BR",
)  # fmt: skip
OWNERS = ("Security team", "IT operations", "Legal", "Procurement", "Support lead")
REVIEWERS = ("alice", "bob", "carol", "dave", "erin", "frank")
COMMENTS = (
    "See DPA clause 7.2.",
    "Confirmed on a call with their security lead.",
    "Evidence requested; vendor promised the report next week.",
    "Covered by the SOC 2 Type II report, section 4.",
    "Their trust centre states this; no contract clause found.",
    "Only for the EU region.",
)
TEXTS = (
    "Documented in the vendor's security whitepaper.",
    "Frankfurt and Dublin, active/active.",
    "Quarterly access reviews, last one in March.",
    "Named contact: security@vendor.example.",
)
NOTES = (
    "Listed on the subprocessor page.",
    "Renewal negotiated by procurement.",
    "Second source for the same service.",
    "Contract owner moved teams; check on next review.",
)
CERT_ISSUERS = ("BSI", "Schellman", "A-LIGN", "Deloitte", "KPMG", "TÜV SÜD", "Coalfire")
CERT_STANDARDS = tuple(CertificateStandard)

KIND_WEIGHTS = {
    VendorKind.INFRASTRUCTURE: 25,
    VendorKind.SERVICE: 40,
    VendorKind.SUBCONTRACTOR: 25,
    VendorKind.OTHER: 10,
}
ACCESS_WEIGHTS = {
    DataAccess.NONE: 10,
    DataAccess.INTERNAL: 15,
    DataAccess.CONFIDENTIAL: 20,
    DataAccess.PERSONAL: 45,
    DataAccess.SPECIAL: 10,
}
CRITICALITY_WEIGHTS = {Criticality.LOW: 30, Criticality.MEDIUM: 45, Criticality.HIGH: 25}
# The older assessment of each vendor, then the newer (a re-review).
OLD_STATUS = {"approved": 72, "rejected": 10, "submitted": 3, "draft": 15}
NEW_STATUS = {"approved": 40, "rejected": 5, "submitted": 25, "draft": 30}
DECIDED = ("approved", "rejected")


class SynthError(RuntimeError):
    """The target database cannot take a synthetic portfolio (e.g. it has vendors)."""


# --- questionnaires ---------------------------------------------------------------------


@dataclass(frozen=True)
class QSpec:
    """What generating an answer needs to know about a question, precomputed."""

    id: str
    text: str
    section: int
    type: QuestionType
    options: tuple[tuple[str, float], ...]
    scores: dict[str, float]
    exclusive: frozenset[str]
    """Options of a ``multi`` question that cannot be combined with others."""
    best: tuple[str, ...]
    top: float
    na_allowed: bool
    weight: float
    critical: bool
    show_if: Any
    """The question's ``show_if`` condition (``None``: always shown)."""


@dataclass
class Snapshot:
    id: str
    version: int
    sha256: str
    definition_sha256: str
    definition: dict[str, Any]
    section_ids: list[str]
    specs: list[QSpec]
    applies_to: frozenset[str]
    questionnaire: Questionnaire


def _padded(base: Questionnaire, donors: list[Questionnaire], pad_to: int) -> Questionnaire:
    """``base`` plus a ``synth`` section of donor questions (no show_if, not critical)."""
    own = sum(1 for _ in base.questions())
    missing = pad_to - own
    if missing <= 0:
        return base
    borrowed: list[Question] = []
    for donor in donors:
        for _, q in donor.questions():
            if len(borrowed) == missing:
                break
            if q.show_if is None:
                borrowed.append(
                    q.model_copy(
                        update={
                            "id": f"synth.{donor.id}.{q.id}",
                            "critical": False,
                            "allow_na": None,
                        }
                    )
                )
    section = Section(
        id="synth",
        title="Synthetic padding (benchmark data only)",
        questions=borrowed,
    )
    padded = Questionnaire.from_definition(
        {**base.definition(), "sections": [*base.definition()["sections"], section.model_dump()]}
    )
    problems = semantic_problems(padded)
    if problems:  # pragma: no cover - a bug in the padding
        raise SynthError(f"padded {base.id} is invalid: {problems[:3]}")
    return padded


def load_snapshots(pad_to: int = PAD_TO) -> list[Snapshot]:
    catalog = load_catalog(builtin_questionnaire_dir(), [])
    if catalog.problems:
        raise SynthError(f"built-in questionnaires do not load: {catalog.problems[0]}")
    loaded = [catalog.questionnaires[k] for k in sorted(catalog.questionnaires)]
    snapshots = []
    for item in loaded:
        base = item.questionnaire
        donors = [other.questionnaire for other in loaded if other is not item]
        q = _padded(base, donors, pad_to) if pad_to else base
        sha = item.sha256 if q is base else q.fingerprint()
        definition = q.definition()
        sections = [s.id for s in q.sections]
        specs = []
        for index, section in enumerate(q.sections):
            for question in section.questions:
                options = tuple((o.value, o.score) for o in question.choices)
                top = max((score for _, score in options), default=0.0)
                best = tuple(v for v, score in options if score == top)
                rule = question.show_if
                specs.append(
                    QSpec(
                        id=question.id,
                        text=question.text,
                        section=index,
                        type=question.type,
                        options=options,
                        scores=dict(options),
                        exclusive=frozenset(o.value for o in question.choices if o.exclusive),
                        best=best,
                        top=top,
                        na_allowed=question.na_allowed,
                        weight=question.weight,
                        critical=question.critical,
                        show_if=rule,
                    )
                )
        snapshots.append(
            Snapshot(
                id=q.id,
                version=q.version,
                sha256=sha,
                definition_sha256=definition_sha256(definition),
                definition=definition,
                section_ids=sections,
                specs=specs,
                applies_to=frozenset(k.value for k in q.applies_to),
                questionnaire=q,
            )
        )
    return snapshots


# --- generation ---------------------------------------------------------------------------


@dataclass
class Writer:
    """Buffers rows per model and inserts them in dependency order, ``BATCH`` at a time."""

    session: Session
    buffers: dict[type[Base], list[dict[str, Any]]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    ORDER: ClassVar[tuple[type[Base], ...]] = (
        QuestionnaireDefinition,
        Vendor,
        VendorLink,
        AssuranceReport,
        Assessment,
        Answer,
        AssessmentContributor,
        Finding,
        AuditEvent,
    )

    def add(self, model: type[Base], row: dict[str, Any]) -> None:
        buffer = self.buffers.setdefault(model, [])
        buffer.append(row)
        if len(buffer) >= BATCH:
            self.flush()

    def statement(self, model: type[Base]) -> Insert:
        return insert(Base.metadata.tables[model.__table__.name])

    def flush(self) -> None:
        for model in self.ORDER:
            rows = self.buffers.get(model)
            if rows:
                self.session.execute(self.statement(model), rows)
                name = model.__table__.name
                self.counts[name] = self.counts.get(name, 0) + len(rows)
                rows.clear()


@cache
def _codes(regions: tuple[str, ...]) -> list[str]:
    found = resolve_regions(regions)
    return [*found.codes, *found.groups]


@dataclass
class Chain:
    """The audit events a real portfolio has, hash-chained as ``audit.record`` does, but
    appended through the bulk writer (one canonical JSON and one SHA-256 per event)."""

    writer: Writer
    enabled: bool = True
    """False: no events but the final ``synth.load`` (portfolios only timed, not sized)."""
    seq: int = 0
    prev_hash: str = audit.GENESIS_HASH

    def event(
        self,
        at: datetime,
        actor: str,
        action: str,
        entity: str,
        entity_id: int,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        rows: dict[str, dict[str, Any]] | None = None,
        reason: str | None = None,
    ) -> None:
        """``rows``: ``{table: {key: row}}``, the rows the app's capture triggers would
        report with this event, recorded as the app records them (``protect.rows_document``);
        the digests are of the rows' canonical JSON, not of SQLite's snapshot text (the
        final ``synth.load`` event's baseline covers every row, so they are never compared)."""
        if not self.enabled:
            return
        self.seq += 1
        digests = None
        if rows:
            digests = audit.canonical_json(
                protect.rows_document(
                    {
                        (table, key): protect.row_digest(audit.canonical_json(row))
                        for table, keyed in rows.items()
                        for key, row in keyed.items()
                    }
                )
            )
        before, after = changed_only(before, after)  # as ``ServiceBase._audit`` records
        fields: dict[str, Any] = {
            "seq": self.seq,
            "at": audit.format_at(at),
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": str(entity_id),
            "before": None if before is None else audit.canonical_json(before),
            "after": None if after is None else audit.canonical_json(after),
            "reason": reason,
            "rows": digests,
        }
        digest = audit.event_hash(prev_hash=self.prev_hash, **fields)
        self.writer.add(AuditEvent, {**fields, "hash": digest})
        self.prev_hash = digest


UNDECIDED = {
    "submitted_by": None,
    "submitted_at": None,
    "decided_by": None,
    "decided_at": None,
    "decision_note": None,
    "data_access": None,
    "criticality": None,
    "control_score": None,
    "section_scores": None,
    "inherent_risk": None,
    "band": None,
    "rating": None,
    "critical_failures": None,
    "next_review_due": None,
}


def _other_value(spec: QSpec, value: Any) -> Any:
    """Another answer to ``spec`` than ``value`` (what the vendor said before the reviewer
    corrected it), None when the question has no other option."""
    others = [v for v, _ in spec.options if v != value and [v] != value]
    if not others:
        return None
    return [others[0]] if spec.type is QuestionType.MULTI else others[0]


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class Generator:
    rng: random.Random
    policy: Policy
    snapshots: list[Snapshot]
    now: datetime
    writer: Writer
    chain: Chain
    next_answer: int = 1
    next_finding: int = 1
    next_certificate: int = 1
    next_assessment: int = 1
    _pending: list[tuple[dict[str, Any], Snapshot, dict[str, Any]]] = field(default_factory=list)
    _contributors: dict[str, dict[str, Any]] = field(default_factory=dict)
    _submitted: dict[str, Any] = field(default_factory=dict)

    def for_kind(self, kind: str) -> list[Snapshot]:
        fitting = [s for s in self.snapshots if kind in s.applies_to]
        return fitting or self.snapshots

    def vendor(self, vid: int) -> None:
        rng = self.rng
        kind = _weighted(rng, KIND_WEIGHTS)
        access = _weighted(rng, ACCESS_WEIGHTS)
        criticality = _weighted(rng, CRITICALITY_WEIGHTS)
        prefix, noun = rng.choice(PREFIXES), rng.choice(NOUNS)
        slug = f"{prefix}-{noun}-{vid}".lower().replace(" ", "-")
        created = self.now - timedelta(days=rng.randint(1100, 1600), seconds=rng.randint(0, 86399))
        parent = rng.randint(1, vid - 1) if vid > 1 and rng.random() < 0.10 else None
        assessments = self.assessments(vid, kind, access, criticality, created)
        decided = [a for a in assessments if a["status"] in DECIDED]
        latest = max(decided, key=lambda a: (a["decided_at"], a["id"]), default=None)
        offboarded = rng.random() < 0.02
        if offboarded:
            status = VendorStatus.OFFBOARDED.value
        else:
            status = latest["status"] if latest else VendorStatus.CANDIDATE.value
        updated = max([created, *(a["updated_at"] for a in assessments)])
        regions = rng.sample(REGIONS, k=rng.randint(1, 3))
        purpose = rng.choice(PURPOSES[kind])
        vendor = {
            "id": vid,
            "name": f"{prefix} {noun} {vid}",
            "name_key": name_key(f"{prefix} {noun} {vid}"),
            "legal_entity": f"{prefix} {noun} {rng.choice(SUFFIXES)}",
            "kind": kind.value,
            "purpose": purpose,
            "regions": regions,
            "region_codes": _codes(tuple(regions)),
            "data_access": access.value,
            "criticality": criticality.value,
            "dpa_signed_on": (created + timedelta(days=rng.randint(0, 60))).date()
            if rng.random() < 0.7
            else None,
            "website": f"https://{slug}.example",
            "contact": f"security@{slug}.example",
            "owner": rng.choice(OWNERS),
            "notes": rng.choice(NOTES) if rng.random() < 0.2 else None,
            "status": status,
            "offboarded": offboarded,
            "version": 1,
            "created_at": created,
            "updated_at": updated,
        }
        self.writer.add(Vendor, vendor)
        self.chain.event(
            created,
            rng.choice(REVIEWERS),
            "vendor.create",
            "vendor",
            vid,
            None,
            {
                **vendor,
                "status": VendorStatus.CANDIDATE.value,
                "offboarded": False,
                "updated_at": created,
            },
            {"vendors": {str(vid): vendor}},
        )
        if parent is not None:
            self.writer.add(
                VendorLink,
                {
                    "parent_id": parent,
                    "child_id": vid,
                    "purpose": purpose,
                    "regions": regions,
                    "region_codes": _codes(tuple(regions)),
                    "source": "synthetic portfolio",
                    "source_sha256": None,
                    "first_seen": created.date(),
                    "last_seen": updated.date(),
                    "ended_on": None,
                    "version": 1,
                },
            )
        for row in assessments:
            self.writer.add(Assessment, row)
        self.answers_and_findings(vid)
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 2)):
                self.certificate(vid)

    def assessments(
        self,
        vid: int,
        kind: VendorKind,
        access: DataAccess,
        criticality: Criticality,
        vendor_created: datetime,
    ) -> list[dict[str, Any]]:
        rng = self.rng
        rows: list[dict[str, Any]] = []
        self._pending = []
        fitting = self.for_kind(kind.value)
        for age, weights in (((400, 1090), OLD_STATUS), ((0, 380), NEW_STATUS)):
            snapshot = rng.choice(fitting)
            status = _weighted(rng, weights)
            created = max(
                vendor_created + timedelta(days=1),
                self.now - timedelta(days=rng.randint(*age), seconds=rng.randint(0, 86399)),
            )
            draft = status == "draft"
            generated = self.generate(snapshot, rng.uniform(0.35, 1.0), partial=draft)
            aid = self.next_assessment
            self.next_assessment += 1
            reviewer = rng.choice(REVIEWERS)
            row: dict[str, Any] = {
                "id": aid,
                "vendor_id": vid,
                "questionnaire_id": snapshot.id,
                "questionnaire_version": snapshot.version,
                "questionnaire_sha256": snapshot.sha256,
                "definition_sha256": snapshot.definition_sha256,
                "status": status,
                "previous_id": rows[0]["id"] if rows and rows[0]["status"] in DECIDED else None,
                "reviewer": reviewer,
                **UNDECIDED,
                "version": 1,
                "created_at": created,
                "updated_at": created,
            }
            if not draft:
                submitted = min(created + timedelta(days=rng.randint(3, 40)), self.now)
                # Scored by the domain's own rules, as a submit would score it.
                result = score(snapshot.questionnaire, generated["answers"])
                rated = rate(result, access, criticality, self.policy)
                rating = rated.rating
                row.update(
                    submitted_by=reviewer,
                    submitted_at=submitted,
                    **scored_columns(result, rated, access.value, criticality.value),
                    updated_at=submitted,
                )
                if status in DECIDED:
                    decided = min(submitted + timedelta(days=rng.randint(1, 20)), self.now)
                    approver = rng.choice([r for r in REVIEWERS if r != reviewer])
                    row.update(
                        decided_by=approver,
                        decided_at=decided,
                        decision_note=None
                        if status == "approved"
                        else "Critical gaps; vendor asked to remediate before re-review.",
                        next_review_due=self.policy.next_review(decided.date(), rating)
                        if status == "approved"
                        else None,
                        updated_at=decided,
                    )
            row["version"] = 1 if draft else 2 if status == "submitted" else 3
            rows.append(row)
            self._pending.append((row, snapshot, generated))
        return rows

    def generate(self, snapshot: Snapshot, quality: float, *, partial: bool) -> dict[str, Any]:
        """Answers valid for each question's type (shown ones only), and their score."""
        rng = self.rng
        random_ = rng.random
        answered: dict[str, Any] = {}
        low: list[tuple[QSpec, Any, float]] = []
        weighted = [0.0] * len(snapshot.section_ids)
        totals = [0.0] * len(snapshot.section_ids)
        failures: list[str] = []
        keep = rng.uniform(0.6, 1.0) if partial else 1.0
        shown: set[str] = set()
        for spec in snapshot.specs:
            if spec.show_if is not None and not condition_holds(spec.show_if, answered, shown):
                continue
            shown.add(spec.id)
            if partial and random_() > keep:
                continue
            s: float | None = None
            value: Any
            kind = spec.type
            if spec.na_allowed and random_() < 0.03:
                value = NA
            elif kind is QuestionType.YES_NO or kind is QuestionType.CHOICE:
                if random_() < quality:
                    value, s = spec.best[0], spec.top
                else:
                    value, s = rng.choice(spec.options)
            elif kind is QuestionType.MULTI:
                if random_() < quality:
                    value = list(spec.best)
                    if len(value) > 1 and spec.exclusive & set(value):
                        value = [v for v in value if v not in spec.exclusive] or value[:1]
                else:
                    picks = rng.sample(spec.options, k=min(len(spec.options), rng.randint(1, 2)))
                    value = [v for v, _ in picks]
                    if len(value) > 1 and spec.exclusive & set(value):
                        value = value[:1]  # an exclusive option stands alone
                s = min(sum(spec.scores[v] for v in value), 1.0)
            elif kind is QuestionType.DATE:
                value = (self.now.date() - timedelta(days=rng.randint(0, 1500))).isoformat()
            elif kind is QuestionType.NUMBER:
                value = rng.randint(1, 720)
            else:
                value = rng.choice(TEXTS)
            answered[spec.id] = value
            if s is not None:
                weighted[spec.section] += spec.weight * s
                totals[spec.section] += spec.weight
                if s < 1:
                    low.append((spec, value, s))
                    if spec.critical:
                        failures.append(spec.id)
        total = sum(totals)
        control = round1(100 * sum(weighted) / total) if total > 0 else None
        pairs = zip(weighted, totals, strict=True)
        sections = [round1(100 * w / t) if t > 0 else None for w, t in pairs]
        return {"answers": answered, "low": low, "score": (control, sections, failures)}

    def answers_and_findings(self, vid: int) -> None:
        """Each assessment's life, with the events the app records: started (carrying the
        answers of the vendor's last approved one with the same questionnaire over), the
        vendor's returned workbook imported, a few answers typed by the reviewer,
        submitted, findings, decided."""
        approved: dict[str, tuple[int, dict[str, dict[str, Any]]]] = {}
        for row, snapshot, generated in self._pending:
            answers = self.assessment_life(row, snapshot, generated, approved.get(snapshot.id))
            if row["status"] == "approved":
                approved[snapshot.id] = (row["id"], answers)
            for answer in answers.values():
                self.writer.add(Answer, answer)
            for contributor in self._contributors.values():
                self.writer.add(AssessmentContributor, contributor)
            self._contributors.clear()
            if row["submitted_at"] is None:
                continue
            low = generated["low"]
            for spec, value, s in self.rng.sample(low, k=min(len(low), self.rng.randint(0, 3))):
                self.finding(vid, row, spec, value, s)
            if row["decided_at"] is not None:
                action = (
                    "assessment.approve" if row["status"] == "approved" else "assessment.reject"
                )
                submitted = self._submitted
                self.chain.event(
                    row["decided_at"],
                    row["decided_by"],
                    action,
                    "assessment",
                    row["id"],
                    submitted,
                    row,
                    {"assessments": {str(row["id"]): row}},
                )

    def contribute(
        self, aid: int, actor: str, role: str, at: datetime
    ) -> dict[str, dict[str, Any]]:
        """The contributor row the app adds (once per actor and role), as the rows of the
        event that records it (none when the row is there already)."""
        key = f"{aid},{actor},{role}"
        if key in self._contributors:
            return {}
        row = {"assessment_id": aid, "actor": actor, "role": role, "at": at}
        self._contributors[key] = row
        return {key: row}

    def assessment_life(
        self,
        row: dict[str, Any],
        snapshot: Snapshot,
        generated: dict[str, Any],
        previous: tuple[int, dict[str, dict[str, Any]]] | None,
    ) -> dict[str, dict[str, Any]]:
        """The events of one assessment up to its submission; its answer rows as they end."""
        rng, chain = self.rng, self.chain
        at, by, aid = row["created_at"], row["reviewer"], row["id"]
        key = str(aid)
        draft = {**row, **UNDECIDED, "status": "draft", "version": 1, "updated_at": at}
        started = self.contribute(aid, by, "started", at)
        rows: dict[str, dict[str, Any]] = {"assessments": {key: draft}}
        chain.event(at, by, "assessment.start", "assessment", aid, None, draft,
                    {**rows, "assessment_contributors": started})  # fmt: skip
        final: dict[str, Any] = generated["answers"]
        answers: dict[str, dict[str, Any]] = {}
        if previous is not None and row["previous_id"] == previous[0]:
            carried = [q for q in final if q in previous[1]]
            for qid in carried:
                old = previous[1][qid]
                answers[qid] = self.new_answer(aid, qid, old["value"], by, at, old["comment"])
                answers[qid]["carried_over"] = True
            if carried:
                records = (compact_record(answers[q], actor=by, at=at) for q in carried)
                chain.event(at, by, "answers.carry_over", "assessment", aid, None,
                            answers_map(records, {"carried_over": True}),
                            {"answers": {str(answers[q]["id"]): answers[q] for q in carried}},
                            reason=f"from assessment #{previous[0]}")  # fmt: skip
        # The vendor returns the workbook: every question answered but those the reviewer
        # types by hand afterwards, some of which the vendor answered otherwise.
        end = row["submitted_at"] or self.now
        imported_at = min(at + timedelta(days=rng.randint(1, 14)), end)
        by_hand = set(rng.sample(list(final), k=min(len(final), rng.randint(*BY_HAND))))
        specs = {spec.id: spec for spec in snapshot.specs}
        returned: dict[str, Any] = {}
        for qid, value in final.items():
            if qid not in by_hand:
                returned[qid] = value
            elif rng.random() < VENDOR_OTHERWISE:
                other = _other_value(specs[qid], value)
                if other is not None:
                    returned[qid] = other
        before: list[dict[str, Any]] = []
        for qid, value in returned.items():
            comment = rng.choice(COMMENTS) if rng.random() < 0.1 else None
            answer = answers.get(qid)
            if answer is None:
                answer = answers[qid] = self.new_answer(aid, qid, value, by, imported_at, comment)
            else:
                before.append(compact_record(answer, before=True))
                answer.update(value=value, comment=comment or answer["comment"],
                              carried_over=False, answered_at=imported_at,
                              version=answer["version"] + 1)  # fmt: skip
        if returned:
            draft = {**draft, "updated_at": imported_at}
            records = [compact_record(answers[q], actor=by, at=imported_at) for q in returned]
            contributed = self.contribute(aid, by, "answered", imported_at)
            chain.event(imported_at, by, "answers.import", "assessment", aid,
                        answers_map(before) if before else None, answers_map(records),
                        {"answers": {str(answers[q]["id"]): answers[q] for q in returned},
                         "assessments": {key: draft}, "assessment_contributors": contributed},
                        reason=f"returned.xlsx sha256:{rng.getrandbits(256):064x}")  # fmt: skip
        when = imported_at
        for qid in sorted(by_hand, key=list(final).index):
            when = min(when + timedelta(minutes=rng.randint(1, 90)), end)
            answer = answers.get(qid)
            was = None if answer is None else compact_record(answer, before=True)
            if answer is None:
                answer = answers[qid] = self.new_answer(aid, qid, final[qid], by, when)
            else:
                answer.update(value=final[qid], answered_at=when, version=answer["version"] + 1)
            draft = {**draft, "updated_at": when}
            chain.event(when, by, "answer.set", "assessment", aid, was,
                        compact_record(answer, actor=by, at=when),
                        {"answers": {str(answer["id"]): answer}, "assessments": {key: draft},
                         "assessment_contributors": self.contribute(aid, by, "answered",
                                                                    when)})  # fmt: skip
        if row["submitted_at"] is not None:
            self._submitted = {
                **row,
                **{k: None for k in ("decided_by", "decided_at", "decision_note")},
                "next_review_due": None,
                "status": "submitted",
                "version": 2,
                "updated_at": row["submitted_at"],
            }
            chain.event(row["submitted_at"], by, "assessment.submit", "assessment", aid, draft,
                        self._submitted,
                        {"assessments": {key: self._submitted}, "assessment_contributors":
                         self.contribute(aid, by, "submitted", row["submitted_at"])})  # fmt: skip
        return answers

    def new_answer(
        self,
        aid: int,
        qid: str,
        value: Any,
        by: str,
        at: datetime,
        comment: str | None = None,
    ) -> dict[str, Any]:
        answer = {
            "id": self.next_answer,
            "assessment_id": aid,
            "question_id": qid,
            "value": value,
            "comment": comment,
            "carried_over": False,
            "answered_by": by,
            "answered_at": at,
            "version": 1,
        }
        self.next_answer += 1
        return answer

    def finding(
        self, vid: int, assessment: dict[str, Any], spec: QSpec, value: Any, s: float
    ) -> None:
        rng = self.rng
        if spec.critical:
            severity = Severity.CRITICAL
        elif s == 0:
            severity = Severity.HIGH
        else:
            severity = Severity.MEDIUM
        raised: datetime = assessment["submitted_at"]
        status = FindingStatus.OPEN
        decided = assessment["decided_at"]
        if decided is not None and (self.now - decided).days > 120:
            status = _weighted(
                rng,
                {
                    FindingStatus.OPEN: 35,
                    FindingStatus.REMEDIATED: 50,
                    FindingStatus.RISK_ACCEPTED: 15,
                },
            )
        resolved = None
        if status is not FindingStatus.OPEN:
            resolved = min(raised + timedelta(days=rng.randint(5, 120)), self.now)
        shown = value if not isinstance(value, list) else ", ".join(value)
        finding = {
            "id": self.next_finding,
            "assessment_id": assessment["id"],
            "vendor_id": vid,
            "question_id": spec.id,
            "severity": severity.value,
            "text": f"{spec.text} Answered: {shown} (score {s:g} of 1).",
            "remediation": "Agree a remediation plan with the vendor."
            if rng.random() < 0.5
            else None,
            "owner": rng.choice(OWNERS),
            "due_on": self.policy.finding_due(raised.date(), severity),
            "status": status.value,
            "resolved_by": rng.choice(REVIEWERS) if resolved else None,
            "resolved_at": resolved,
            "resolution_note": "Closed after review of new evidence." if resolved else None,
            "version": 1 if resolved is None else 2,
            "created_at": raised,
        }
        self.writer.add(Finding, finding)
        opened = {
            **finding,
            "version": 1,
            "status": FindingStatus.OPEN.value,
            "resolved_by": None,
            "resolved_at": None,
            "resolution_note": None,
        }
        self.chain.event(
            raised,
            assessment["reviewer"],
            "finding.open",
            "finding",
            finding["id"],
            None,
            opened,
            {"findings": {str(finding["id"]): opened}},
        )
        if resolved is not None:
            self.chain.event(
                resolved,
                finding["resolved_by"],
                f"finding.{status.value}",
                "finding",
                finding["id"],
                opened,
                finding,
                {"findings": {str(finding["id"]): finding}},
            )
        self.next_finding += 1

    def certificate(self, vid: int) -> None:
        rng = self.rng
        standard = rng.choice(CERT_STANDARDS)
        issued = self.now.date() - timedelta(days=rng.randint(30, 1000))
        period_end = None
        if standard.value.startswith(("SOC", "SSAE")):
            period_end = issued - timedelta(days=rng.randint(20, 60))
            expires = period_end + timedelta(days=365)
        else:
            expires = issued + timedelta(days=3 * 365)
        kind = STANDARD_TYPES[standard]
        self.writer.add(
            AssuranceReport,
            {
                "id": self.next_certificate,
                "vendor_id": vid,
                "type": kind.value,
                "standard": kept_standard(standard),
                "auditor": rng.choice(CERT_ISSUERS),
                "scope": "Hosting and support of the production service",
                "criteria": [],
                "issued_on": issued,
                "period_end": period_end,
                "expires_on": None if kind.is_soc else expires,
                "currency_end": expires,
                "evidence_id": None,
                "version": 1,
                "created_at": datetime.combine(issued, datetime.min.time(), UTC),
            },
        )
        self.next_certificate += 1


# --- entry points -------------------------------------------------------------------------


def default_url(vendors: int) -> str:
    BENCH_DATA.mkdir(exist_ok=True)
    path = BENCH_DATA / f"synth-{vendors}.db"
    return URL.create("sqlite", database=str(path)).render_as_string()


@contextmanager
def _load_session(db: Database) -> Iterator[Session]:
    """One write transaction; on SQLite with a rollback journal instead of the WAL.

    A bulk load into a fresh file through the WAL writes every page twice (log, then
    checkpoint); with a rollback journal new pages are written once. The file is back in
    WAL mode afterwards, as the app expects.

    On PostgreSQL without sequential scans: the server's chain (``vr_audit_insert``) finds
    its head with a plan cached at the session's first row event, when ``audit_events`` is
    empty; planned then with a scan and a sort of the whole table, every row written costs
    a read of all the events the load wrote before it (quadratic: 200 vendors took 73 s,
    the table's statistics cannot see the rows of the open transaction).
    """
    with db.engine.connect() as connection:
        raw = connection.connection.driver_connection if db.backend == "sqlite" else None
        if raw is not None:
            raw.execute("PRAGMA journal_mode = DELETE")
            raw.execute("PRAGMA synchronous = OFF")  # a benchmark file: no fsync wait
        try:
            with Session(bind=connection) as session, session.begin():
                if db.backend == "postgresql":
                    session.execute(text("SET LOCAL enable_seqscan = off"))
                yield session
        finally:
            if raw is not None:
                raw.execute("PRAGMA journal_mode = WAL")
                raw.execute("PRAGMA synchronous = FULL")


def timing_main(
    run: Callable[[str, str, int], object],
    doc: str | None,
    argv: list[str] | None,
    *,
    small: int,
    large: int,
    repeat: int,
) -> int:
    """A timing benchmark's ``main``: ``--small``/``--large`` database URLs (default: the
    synthetic portfolios of that many vendors, built once) and ``--repeat``, then ``run``."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    parser.add_argument("--small", metavar="URL", help=f"default: bench-data/synth-{small}.db")
    parser.add_argument("--large", metavar="URL", help=f"default: bench-data/synth-{large}.db")
    parser.add_argument("--repeat", type=int, default=repeat)
    args = parser.parse_args(argv)
    run(args.small or ensure(small), args.large or ensure(large), args.repeat)
    return 0


def ensure(vendors: int, seed: int = 1, *, events: bool = True, url: str | None = None) -> str:
    """URL of ``bench-data/synth-N.db`` (or of the empty database ``url``), built first
    unless it already holds N vendors."""
    url = url or default_url(vendors)
    db = open_database(url)  # also brings a file built by an older schema up to date
    try:
        with db.read_sessionmaker() as session:
            existing = session.scalar(select(func.count()).select_from(Vendor)) or 0
    finally:
        db.dispose()
    if existing == vendors:
        print(f"synth: reusing {url} ({vendors:,} vendors)")
        return url
    if existing:
        raise SynthError(f"{url} holds {existing} vendors, not {vendors}; delete it")
    result = build(url, vendors, seed, events=events)
    print(
        f"synth: {vendors:,} vendors, {result['answers']:,} answers built in "
        f"{result['seconds']:.1f} s into {url}"
    )
    return url


def build(
    url: str, vendors: int, seed: int = 1, *, pad_to: int = PAD_TO, events: bool = True
) -> dict[str, Any]:
    """Fill the (empty) database at ``url``; returns row counts and ``seconds``."""
    if vendors < 1:
        raise SynthError("--vendors must be at least 1")
    started = time.perf_counter()
    db = open_database(url)
    try:
        with _load_session(db) as session:
            existing = session.scalar(select(func.count()).select_from(Vendor)) or 0
            if existing:
                raise SynthError(
                    f"{db.display_url} already has {existing} vendors; "
                    "synth only fills an empty database"
                )
            policy = load_policy(builtin_questionnaire_dir() / "policy.yaml")
            writer = Writer(session)
            # PostgreSQL audits every row write itself (server-side chain, migration 0003):
            # the events come from the server there; on SQLite synth writes them.
            chain = Chain(writer, enabled=events and db.backend == "sqlite")
            for snapshot in (snapshots := load_snapshots(pad_to)):
                if snapshot.definition_sha256 not in {
                    row["sha256"] for row in writer.buffers.get(QuestionnaireDefinition, [])
                }:
                    writer.add(
                        QuestionnaireDefinition,
                        {
                            "sha256": snapshot.definition_sha256,
                            "questionnaire_id": snapshot.id,
                            "version": snapshot.version,
                            "definition": snapshot.definition,
                        },
                    )
            generator = Generator(
                rng=random.Random(seed),
                policy=policy,
                snapshots=snapshots,
                now=datetime.now(UTC),
                writer=writer,
                chain=chain,
            )
            for vid in range(1, vendors + 1):
                generator.vendor(vid)
            writer.flush()
            counts = dict(writer.counts)
            if db.backend == "postgresql":  # explicit ids leave the sequences behind
                for model in (Vendor, AssuranceReport, Assessment, Answer, Finding):
                    table = model.__table__.name
                    session.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))"
                        )
                    )
            audit.record(
                session,
                actor=ACTOR,
                action="synth.load",
                entity="portfolio",
                entity_id=f"synth-{vendors}",
                before=None,
                after={"seed": seed, "pad_to": pad_to, **counts},
                reason="synthetic benchmark portfolio (benchmarks/synth.py)",
            )
        if db.backend == "postgresql":
            # What autovacuum does after a bulk load, now: statistics, and the visibility
            # map that lets covering indexes answer without reading the rows.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.exec_driver_sql("VACUUM ANALYZE")
        else:
            analyze(db.engine)  # plans without statistics scan (issue 14)
    finally:
        db.dispose()
    return {**counts, "seconds": round(time.perf_counter() - started, 2)}


def _table(result: dict[str, Any]) -> Iterable[str]:
    for key, value in result.items():
        if key != "seconds":
            yield f"  {key:<14}{value:>12,}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vendors", type=int, required=True, metavar="N")
    parser.add_argument("--db", metavar="URL", help="default: bench-data/synth-N.db (new)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-events",
        dest="events",
        action="store_false",
        help="only the final synth.load audit event (a portfolio to time, not to size)",
    )
    parser.add_argument(
        "--pad-to",
        type=int,
        default=PAD_TO,
        metavar="Q",
        help=f"questions per snapshot after padding (default {PAD_TO}; 0: plain built-ins)",
    )
    args = parser.parse_args(argv)
    url = args.db or default_url(args.vendors)
    try:
        result = build(url, args.vendors, args.seed, pad_to=args.pad_to, events=args.events)
    except SynthError as exc:
        print(f"synth: {exc}", file=sys.stderr)
        return 2
    print(f"synth: {url}")
    print("\n".join(_table(result)))
    print(f"synth: {args.vendors:,} vendors built in {result['seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
