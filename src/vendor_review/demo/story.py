"""The example portfolio's story: who does what, when (``Timeline``, ``build``). Loaded
into a database by ``vendor_review.demo``."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from vendor_review.demo.answers import Profile, answer_questions, evidence_text
from vendor_review.demo.data import (
    AWS,
    LINODE,
    PARENT,
    QU_LLC,
    QU_UKRAINE,
    TWILIO,
    WEBSUPPORT,
    KeyDates,
    profiles,
    vendors,
)
from vendor_review.domain.assurance import Opinion, ReportType, SubserviceMethod
from vendor_review.domain.dates import add_months
from vendor_review.domain.enums import CertificateStandard, InherentRisk, Rating
from vendor_review.service import FixedClock, Service, builtin_policy, catalog_for
from vendor_review.settings import Settings
from vendor_review.store.engine import Database

REVIEWER = "demo.alice"
APPROVER = "demo.bob"


class Timeline:
    """The two demo people, acting at moments that only ever move forward."""

    def __init__(self, db: Database, settings: Settings, as_of: date) -> None:
        self.dates = KeyDates(as_of)
        self.clock = FixedClock(datetime.combine(as_of - timedelta(days=3650), time(), UTC))
        catalog = catalog_for([])
        self.alice, self.bob = (
            Service(
                db,
                actor=actor,
                catalog=lambda: catalog,
                policy=builtin_policy(),
                clock=self.clock,
                evidence_max_bytes=settings.evidence_max_bytes,
            )
            for actor in (REVIEWER, APPROVER)
        )

    def day(self, offset: int) -> date:
        """``as_of`` plus ``offset`` days (negative: in the past)."""
        return self.dates.as_of + timedelta(days=offset)

    def at(self, day: date | int, hour: int = 9) -> None:
        """Move the clock to ``day`` (a date, or days from ``as_of``) at ``hour`` UTC."""
        when = self.day(day) if isinstance(day, int) else day
        moment = datetime.combine(when, time(hour), UTC)
        if moment < self.clock.at:
            raise RuntimeError(f"demo step at {moment} would go back before {self.clock.at}")
        self.clock.at = moment

    def tick(self) -> None:
        self.clock.at += timedelta(minutes=1)

    def assess(self, vendor: str, questionnaire: str, profile: Profile, part: float = 1) -> int:
        """demo.alice starts an assessment and answers ``part`` of its shown questions
        (every answer her own: the history predates report pre-filling, which a reviewer
        sees when starting a new assessment of a vendor with reports)."""
        aid = self.alice.start_assessment(vendor, questionnaire, from_reports=False).id
        self.tick()
        answer_questions(self.alice, aid, profile, vendor=vendor, tick=self.tick, fraction=part)
        return aid

    def approve_for_due(self, aid: int, due: date, note: str) -> None:
        """demo.bob approves on the day that makes the next review fall due on ``due``
        (the interval follows the rating the submission got)."""
        a = self.alice.get_assessment(aid).assessment
        if a.rating is None or a.inherent_risk is None:
            raise RuntimeError(f"assessment #{aid} has no rating to plan its approval from")
        scopes = self.alice.get_vendor(a.vendor_id).scopes
        months = self.bob.policy.review_interval(
            InherentRisk(a.inherent_risk), Rating(a.rating), scopes
        ).months
        self.approve(aid, add_months(due, -months), note)

    def submit(self, aid: int, day: date | int) -> None:
        """demo.alice submits the assessment at 16:00 on ``day``."""
        self.at(day, 16)
        self.alice.submit(aid)

    def approve(self, aid: int, day: date | int, note: str) -> None:
        """demo.bob approves it at 14:00 on ``day``."""
        self.at(day, 14)
        self.bob.approve(aid, note)

    def add_report(
        self, vendor: str, kind: ReportType, *, evidence_file: str, **details: Any
    ) -> int:
        """demo.alice records a report of ``vendor`` with its (illustrative) file named
        ``evidence_file``; returns its id."""
        evidence = (evidence_text(vendor, evidence_file), evidence_file)
        return self.alice.add_report(vendor, kind, evidence=evidence, **details).id

    def review_report(self, report_id: int) -> None:
        """demo.alice finds the report covers the service we use and reviews it."""
        self.alice.set_report_coverage(report_id, True)
        self.alice.review_report(report_id)

    def finding(self, aid: int, question_id: str) -> int:
        found = self.alice.get_assessment(aid).findings
        return next(f.id for f in found if f.question_id == question_id)


def _iso_certificate(service: Service, vendor: str, expires_on: date, scope: str) -> None:
    """An ISO 27001 certificate of a three-year cycle ending ``expires_on``."""
    service.add_certificate(
        vendor,
        CertificateStandard.ISO_27001,
        expires_on=expires_on,
        issued_on=add_months(expires_on, -36),
        issuer="Accredited certification body",
        scope=scope,
    )


def build(t: Timeline) -> None:
    alice, bob, dates, answers = t.alice, t.bob, t.dates, profiles(t.dates)
    hosting = "hosting-infrastructure"
    t.at(-430)
    for vendor in vendors(dates):
        alice.add_vendor(vendor)
        t.tick()

    # A year ago, the hosting providers: Linode is now overdue, AWS due within 30 days.
    t.at(-400, 10)
    _iso_certificate(alice, LINODE, dates.linode_iso_expiry, "Data-centre operations, EU location")
    linode = t.assess(LINODE, hosting, answers[LINODE])
    t.submit(linode, -395)
    t.approve_for_due(
        linode,
        t.day(-20),
        "Certified Tier III+ site, daily backups, yearly restore test: no findings.",
    )

    t.at(-370, 10)
    _iso_certificate(
        alice,
        AWS,
        dates.aws_iso_expiry,
        "Information security management of the AWS services in use",
    )
    aws = t.assess(AWS, hosting, answers[AWS])
    t.submit(aws, -366)
    t.approve_for_due(aws, t.day(15), "Certificates and reports reviewed; no findings.")

    # Twilio: low residual risk (phone channel only), approved eight months ago.
    t.at(-250, 10)
    twilio = t.assess(TWILIO, "service-subprocessor", answers[TWILIO])
    t.submit(twilio, -247)
    t.approve(twilio, -243, "Low residual risk; MFA strength to be improved.")
    t.at(-145, 10)
    alice.add_certificate(
        TWILIO,
        CertificateStandard.PCI_DSS_AOC,
        issued_on=add_months(dates.as_of, -5),
        expires_on=add_months(dates.as_of, 7),
        issuer="Qualified Security Assessor",
        scope="Service provider: voice services",
    )

    # Quality Unit Ukraine: blanket consent is a critical failure; approved on conditions.
    t.at(-90, 10)
    ukraine = t.assess(QU_UKRAINE, "support-subcontractor", answers[QU_UKRAINE])
    t.submit(ukraine, -75)
    t.approve(ukraine, -70, "Approved on condition that per-case consent is introduced.")

    # LiveAgent's own DPA; meanwhile AWS sends its new SOC 2 report.
    t.at(-50, 10)
    liveagent = t.assess(PARENT, "dpa-safeguards", answers[PARENT])
    t.at(-45, 9)
    alice.add_certificate(
        AWS,
        CertificateStandard.SOC_2_TYPE_II,
        period_end=dates.aws_soc2_period_end,
        issuer="Independent service auditor",
        scope="AWS services in use, Security and Availability criteria",
    )
    t.submit(liveagent, -45)
    t.approve(liveagent, -40, "The DPA meets Art. 28; audits go through reports first.")

    _linode_soc2(t)

    t.at(-20, 11)
    alice.remediate_finding(
        t.finding(ukraine, "consent.enforced"),
        "The support tool now opens a customer account only from a ticket with consent.",
    )

    # Websupport's ISO 27001 certificate, then its assessment (waiting for approval) and
    # Quality Unit, LLC, half answered.
    t.at(-9, 10)
    iso27001 = t.add_report(
        WEBSUPPORT,
        ReportType.ISO27001,
        auditor="Certia Slovakia s.r.o. (example certification body)",
        accreditation_body="SNAS (Slovak National Accreditation Service)",
        issued_on=add_months(dates.as_of, -10),
        expires_on=add_months(dates.as_of, 26),
        opinion=Opinion.VALID,
        scope="Information security management of data-centre, hosting and cloud services",
        sites="Bratislava data centres",
        certificate_number="DEMO-27001-0042",
        evidence_file="websupport-iso27001-certificate.txt",
    )
    t.review_report(iso27001)
    t.at(-8, 10)
    websupport = t.assess(WEBSUPPORT, hosting, answers[WEBSUPPORT])
    t.submit(websupport, -3)
    t.at(-3, 17)
    bob.accept_finding(
        t.finding(websupport, "facility.tier_verified"),
        "Self-declared Tier III accepted: the ISO 27001 scope covers the site.",
    )
    t.at(-2, 10)
    t.assess(QU_LLC, "service-subprocessor", answers[QU_LLC], part=0.5)


def _linode_soc2(t: Timeline) -> None:
    """Linode's SOC 2 Type II report a month ago: unqualified, one exception without a
    management response, the colocation provider carved out (a new, untriaged fourth
    party) and two user-entity controls, one of them still without an owner here."""
    alice, period_end = t.alice, t.dates.linode_soc2_period_end
    t.at(-30, 10)
    report = t.add_report(
        LINODE,
        ReportType.SOC2_TYPE2,
        auditor="Hartwell & Pryce LLP, Certified Public Accountants (example firm)",
        period_start=add_months(period_end, -12) + timedelta(days=1),
        period_end=period_end,
        opinion=Opinion.UNQUALIFIED,
        scope="The Linode cloud platform: compute instances, block and object storage",
        criteria=["security", "availability", "confidentiality"],
        services="Compute instances, Block Storage, Object Storage",
        sites="Newark, Frankfurt and London data centres",
        evidence_file="linode-soc2-type2-report.txt",
    )
    t.tick()
    alice.add_report_exception(
        report,
        control="CC6.2",
        description="For 2 of 25 leavers sampled, access was removed 3 and 6 business days "
        "after they left, not within one business day as the control requires.",
    )
    t.tick()
    alice.add_report_subservice(
        report,
        "Equinix, Inc.",
        method=SubserviceMethod.CARVE_OUT,
        purpose="Colocation data centres housing the platform",
    )
    t.tick()
    alice.add_report_cuec(
        report,
        control="CUEC-1",
        description="User entities restrict who can reach their Cloud Manager accounts "
        "and require two-factor authentication for them.",
        owner="LiveAgent platform team",
    )
    alice.add_report_cuec(
        report,
        control="CUEC-2",
        description="User entities encrypt the sensitive data they keep on block and "
        "object storage.",
    )
    t.tick()
    t.review_report(report)
