"""The example portfolio's content: LiveAgent, its subprocessors and how each one answers.

The vendors follow ``seeds/liveagent-subprocessors.txt`` (AWS, listed twice there, is one
vendor with two locations). The answers are illustrative, not a real assessment of these
companies, and each vendor's notes say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from vendor_review.demo.answers import Profile
from vendor_review.domain.dates import add_months

PARENT = "LiveAgent"
LINODE = "Linode, LLC"
AWS = "Amazon Web Services, LLC"
WEBSUPPORT = "Websupport, s.r.o."
QU_LLC = "Quality Unit, LLC"
QU_UKRAINE = "Quality Unit Ukraine"
TWILIO = "Twilio Inc."
SUPPORT_24_7 = "24/7 support subcontractors"

ILLUSTRATIVE = (
    "Example data for the vendor-review demo: answers, findings and dates are "
    "illustrative, not a real assessment of this company."
)

_VENDORS: list[dict[str, Any]] = [
    {"name": PARENT, "kind": "service", "purpose": "Help desk and live chat software",
     "regions": ["EU", "US"], "criticality": "high", "website": "https://www.liveagent.com",
     "owner": "Head of Customer Support"},
    {"name": LINODE, "kind": "infrastructure", "purpose": "Server hosting (EU location)",
     "regions": ["EU"], "criticality": "high", "legal_entity": LINODE},
    {"name": AWS, "kind": "infrastructure", "purpose": "Server hosting",
     "regions": ["US", "EU"], "criticality": "high", "legal_entity": AWS,
     "notes": "Listed twice on LiveAgent's subprocessor page (two locations): one vendor."},
    {"name": WEBSUPPORT, "kind": "infrastructure", "purpose": "Server hosting for EU customers",
     "regions": ["EU"], "criticality": "high", "legal_entity": WEBSUPPORT},
    {"name": QU_LLC, "kind": "service",
     "purpose": "Quality Unit member entity providing the LiveAgent service",
     "regions": ["US"], "criticality": "high", "legal_entity": QU_LLC},
    {"name": QU_UKRAINE, "kind": "subcontractor",
     "purpose": "Subcontractor providing the LiveAgent service", "regions": ["UA"],
     "criticality": "medium"},
    {"name": TWILIO, "kind": "service", "purpose": "VoIP provider", "regions": ["US"],
     "criticality": "low", "legal_entity": TWILIO,
     "notes": "Low criticality: only the phone channel depends on it, chat and e-mail do not."},
    {"name": SUPPORT_24_7, "kind": "subcontractor",
     "purpose": "24/7 customer support; access to data only with the customer's prior consent",
     "regions": [], "criticality": "medium",
     "notes": "Not assessed yet: ask LiveAgent who they are and where their staff work."},
]  # fmt: skip


@dataclass(frozen=True)
class KeyDates:
    """Dates that answers and certificates share, relative to ``as_of``."""

    as_of: date

    @property
    def dpa_signed_on(self) -> date:
        return add_months(self.as_of, -15)

    @property
    def linode_iso_expiry(self) -> date:
        return add_months(self.as_of, 14)

    @property
    def aws_iso_expiry(self) -> date:
        return self.as_of + timedelta(days=21)

    @property
    def linode_soc2_period_end(self) -> date:
        """The end of the month two months before ``as_of`` (a report a month old)."""
        return add_months(self.as_of.replace(day=1), -1) - timedelta(days=1)

    @property
    def aws_soc2_period_end(self) -> date:
        """The end of the month three months before ``as_of``."""
        return add_months(self.as_of.replace(day=1), -2) - timedelta(days=1)


def vendors(dates: KeyDates) -> list[dict[str, Any]]:
    """The vendor profiles in the order a reviewer adds them: LiveAgent first."""
    out = []
    for vendor in _VENDORS:
        data = {**vendor, "data_access": "personal"}
        data["notes"] = f"{vendor['notes']} {ILLUSTRATIVE}" if "notes" in vendor else ILLUSTRATIVE
        if vendor["name"] == PARENT:
            data["dpa_signed_on"] = dates.dpa_signed_on
        else:
            data["parent"] = PARENT
        out.append(data)
    return out


def profiles(dates: KeyDates) -> dict[str, Profile]:
    """How each assessed vendor answers: its weaknesses and its own facts."""
    hosting = "Hosting for LiveAgent customers whose accounts are in the "
    return {
        LINODE: Profile(
            "linode-iso27001-certificate.txt",
            {
                "cert.iso27001_expiry": dates.linode_iso_expiry.isoformat(),
                "facility.tier": "tier_iii_plus",
                "backup.restore_tested": "yearly",
                "residency.locations": hosting + "EU region; site to be named by LiveAgent.",
            },
            {"facility.tier": "The subprocessor page claims 'Tier III+ or IV': it is III+."},
        ),
        AWS: Profile(
            "aws-soc2-type2-report.txt",
            {
                "cert.iso27001_expiry": dates.aws_iso_expiry.isoformat(),
                "residency.locations": hosting + "US and the EU: one AWS region each.",
                # A hyperscaler does not publish its facility design: the SOC 2 covers it.
                "facility.tier": "not_disclosed",
                "facility.power_redundancy": "not_disclosed",
                "facility.power_components": ["not_disclosed"],
                "facility.power_tested": "not_disclosed",
                "physical.access_control": "not_disclosed",
                "physical.cctv": "not_disclosed",
                "physical.environment": ["not_disclosed"],
            },
            {"facility.tier": "AWS does not disclose tiers; SOC 2 A1.2 tests are clean."},
        ),
        TWILIO: Profile(
            "twilio-security-overview.txt",
            {
                "access.mfa_strength": "app_otp_push",
                "access.scope": "Call recordings, phone numbers and call metadata.",
            },
        ),
        QU_UKRAINE: Profile(
            "qu-ukraine-subcontract.txt",
            {
                "contract.locations": "Ukraine: company offices and approved home working.",
                "consent.prior_consent": "blanket",
                "consent.enforced": "procedural",
                "personnel.headcount": 9,
                "accounts.review": "yearly",
                "monitoring.review": "no",
                "endpoint.location": "approved_remote",
            },
            {"consent.prior_consent": "The support terms grant access once, for every ticket."},
        ),
        PARENT: Profile(
            "liveagent-signed-dpa.txt",
            {
                "contract.signed_on": dates.dpa_signed_on.isoformat(),
                "subprocessors.authorisation": "general_with_objection",
                "audit.rights": "reports_first",
                "transfers.mechanism": "scc_2021",
                "transfers.countries": "United States (US hosting region, Quality Unit, LLC).",
                "transfers.tia": "done_shared",
            },
            {"subprocessors.authorisation": "Notice by e-mail subscription, 30 days ahead."},
        ),
        WEBSUPPORT: Profile(
            "websupport-iso27001-certificate.txt",
            {
                "cert.soc_report": "none",
                "cert.pci_dss": "na",
                "facility.tier": "tier_iii",
                "facility.tier_verified": "self_declared",
                "residency.locations": hosting + "EU region, in Websupport's own facilities.",
            },
            {
                "cert.soc_report": "ISO 27001 only; no service auditor's report exists.",
                "cert.pci_dss": "No payment card data is hosted there; PCI DSS is not relied on.",
            },
        ),
        QU_LLC: Profile(
            "qu-llc-security-policy.txt",
            {"access.scope": "Developers and operations staff running the LiveAgent service."},
        ),
    }
