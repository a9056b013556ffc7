"""What of an assurance report can answer a questionnaire question (issue 12 item 5): the
vocabulary of ``from_report: {type: …, fact: …}``.

Each fact reads one thing off the vendor's report and says what it gives: a yes/no, one
of a closed set of values (mapped to the question's options with ``map``), a date or a
text. The questionnaire validator checks a question's ``from_report`` against this table;
:mod:`vendor_review.domain.report_answers` turns a fact into the answer.

    FACTS["current"].kind      # FactKind.BOOL: "yes" / "no"
    FACTS["type"].values       # ("soc1-type1", …, "other")
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from vendor_review.domain.assurance import Opinion, ReportType
from vendor_review.domain.enums import QuestionType


class FactKind(StrEnum):
    BOOL = "yes/no"
    CHOICE = "one of a set"
    DATE = "date"
    TEXT = "text"


class Coverage(StrEnum):
    """``coverage``: the report covers our service, and with what result."""

    CLEAN = "clean"  # covers it, clean opinion, no exceptions
    EXCEPTIONS = "exceptions"  # covers it, but exceptions or an opinion that is not clean
    NOT_COVERED = "not-covered"  # the reviewer found it does not cover our service or sites


class Currency(StrEnum):
    """``currency``: how far the report reaches today."""

    FRESH = "fresh"  # a certificate in date, or a SOC period ended within the bridge gap
    BRIDGED = "bridged"  # past the gap, a bridge letter covers today
    GAP = "gap"  # past the gap, still current, no bridge letter
    STALE = "stale"  # past its currency (expired, or SOC period end + 12 months)


@dataclass(frozen=True)
class Fact:
    name: str
    kind: FactKind
    meaning: str
    choices: tuple[str, ...] = ()  # CHOICE: what the fact can be
    certificates: bool | None = None  # True: ISO/PCI only; False: audit periods only
    lapsed: bool = False  # also read off a report past its currency (else: current only)

    @property
    def values(self) -> tuple[str, ...]:
        """What the fact can be: "yes"/"no", or its choices; none for a date or a text."""
        return BOOL_VALUES if self.kind is FactKind.BOOL else self.choices

    def applies_to(self, report_type: ReportType) -> bool:
        if self.certificates is None:
            return True
        return report_type.is_certificate is self.certificates

    def fits(self, question_type: QuestionType) -> bool:
        """Whether a question of that type can take this fact (choices need ``map``)."""
        match self.kind:
            case FactKind.BOOL:
                return question_type.scored
            case FactKind.CHOICE:
                return question_type.scored
            case FactKind.DATE:
                return question_type is QuestionType.DATE
            case FactKind.TEXT:
                return question_type is QuestionType.TEXT


BOOL_VALUES = ("yes", "no")


def _facts(*facts: Fact) -> dict[str, Fact]:
    return {fact.name: fact for fact in facts}


FACTS: dict[str, Fact] = _facts(
    Fact("held", FactKind.BOOL, "a current report of the type is on file"),
    Fact(
        "current",
        FactKind.BOOL,
        "the newest report of the type is within its currency today (no: it has lapsed)",
        lapsed=True,
    ),
    Fact(
        "in_scope",
        FactKind.BOOL,
        "the reviewer found the report covers the service and sites we use",
    ),
    Fact(
        "clean_opinion",
        FactKind.BOOL,
        "the opinion is unqualified (SOC) or the certificate valid (ISO, PCI)",
    ),
    Fact("type", FactKind.CHOICE, "which type of report it is", tuple(t.value for t in ReportType)),
    Fact(
        "opinion",
        FactKind.CHOICE,
        "the auditor's opinion or certificate status",
        tuple(o.value for o in Opinion),
    ),
    Fact(
        "coverage",
        FactKind.CHOICE,
        "covers our service with a clean result, with exceptions, or not at all",
        tuple(c.value for c in Coverage),
    ),
    Fact(
        "currency",
        FactKind.CHOICE,
        "fresh, bridged, in a gap without a bridge letter, or stale",
        tuple(c.value for c in Currency),
        lapsed=True,
    ),
    Fact("period_start", FactKind.DATE, "the audit period's first day", certificates=False),
    Fact("period_end", FactKind.DATE, "the audit period's last day", certificates=False),
    Fact("issued_on", FactKind.DATE, "the certificate's issue date", certificates=True),
    Fact("expires_on", FactKind.DATE, "the certificate's expiry date", certificates=True),
    Fact(
        "end_date",
        FactKind.DATE,
        "a certificate's expiry, an audit report's period end",
    ),
    Fact("currency_end", FactKind.DATE, "the last day the report may be relied on"),
    Fact("auditor", FactKind.TEXT, "the auditor or certification body"),
    Fact("scope", FactKind.TEXT, "the scope statement"),
    Fact("certificate_number", FactKind.TEXT, "the certificate number", certificates=True),
)
