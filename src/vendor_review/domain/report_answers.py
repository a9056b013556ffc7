"""Answers a vendor's assurance reports give (issue 12 item 5): pure, no storage.

A question with ``from_report: {type, fact, map}`` is answered by one report of the
vendor: of the listed types, a current one (the first listed type wins, then the newest);
facts marked ``lapsed`` (``current``, ``currency``) are also read off the newest report
past its currency, so an expired certificate answers "current: no". The answer is only
ever a suggestion on record: the service stores it as needing confirmation.

    found = report_answers(questionnaire, reports, today=date(2026, 12, 2))
    found["cert.iso27001"].value       # "yes"
    found["cert.iso27001"].described   # "from ISO/IEC 27001 certificate, report #3"
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from vendor_review.domain.answer_facts import FACTS, Coverage, Currency, FactKind
from vendor_review.domain.answers import AnswerError, AnswerValue, check_answer
from vendor_review.domain.assurance import (
    CLEAN_OPINIONS,
    LABELS,
    Opinion,
    ReportType,
    ReviewPolicy,
)
from vendor_review.domain.dates import add_months
from vendor_review.domain.enums import QuestionType
from vendor_review.domain.questionnaire import FromReport, Question, Questionnaire

SOURCE_PREFIX = "report:"
"""An answer's source when a report gave it: ``report:<id>``."""


@dataclass(frozen=True)
class ReportOnFile:
    """What the derivation reads of one of the vendor's reports."""

    id: int
    type: ReportType
    currency_end: date | None
    period_start: date | None = None
    period_end: date | None = None
    issued_on: date | None = None
    expires_on: date | None = None
    opinion: Opinion | None = None
    covers_our_service: bool | None = None
    exceptions: int = 0
    bridged_through: date | None = None
    auditor: str | None = None
    scope: str | None = None
    certificate_number: str | None = None
    name: str | None = None  # as the register names it, when not the type's label

    def current(self, today: date) -> bool:
        return self.currency_end is not None and self.currency_end >= today

    @property
    def end_date(self) -> date | None:
        return self.expires_on if self.type.is_certificate else self.period_end

    @property
    def label(self) -> str:
        return self.name or LABELS[self.type]

    @property
    def described(self) -> str:
        return report_name(self.type, self.id, self.label)


def report_name(report_type: ReportType, report_id: int, label: str | None = None) -> str:
    """How an answer names its report: "SOC 2 Type II report #3", "ISO/IEC 27001
    certificate, report #4" (the id is the register's: ``report show 4``)."""
    joint = " " if report_type.is_soc else ", "
    return f"{label or LABELS[report_type]}{joint}report #{report_id}"


def source_report_id(source: str | None) -> int | None:
    """The report id of an answer's stored source ``report:<id>``, else None."""
    if source is None or not source.startswith(SOURCE_PREFIX):
        return None
    number = source.removeprefix(SOURCE_PREFIX)
    return int(number) if number.isdigit() else None


@dataclass(frozen=True)
class ReportAnswer:
    value: AnswerValue
    report_id: int
    report: str  # the report as an answer names it: "SOC 2 Type II report #3"

    @property
    def source(self) -> str:
        return f"{SOURCE_PREFIX}{self.report_id}"

    @property
    def described(self) -> str:
        return f"from {self.report}"


def report_answers(
    questionnaire: Questionnaire,
    reports: Sequence[ReportOnFile],
    today: date,
    policy: ReviewPolicy | None = None,
) -> dict[str, ReportAnswer]:
    """Every question of the questionnaire the reports answer, by question id."""
    found: dict[str, ReportAnswer] = {}
    for _, question in questionnaire.questions():
        answer = report_answer(question, reports, today, policy)
        if answer is not None:
            found[question.id] = answer
    return found


def report_answer(
    question: Question,
    reports: Sequence[ReportOnFile],
    today: date,
    policy: ReviewPolicy | None = None,
) -> ReportAnswer | None:
    """The answer ``question.from_report`` reads off the vendor's reports, or None (no
    report of the type, the fact not recorded on it, or no option mapped to it)."""
    rule = question.from_report
    if rule is None or rule.fact not in FACTS:
        return None
    report = choose_report(rule, reports, today)
    if report is None:
        return None
    fact = _READ[rule.fact](report, today, policy or ReviewPolicy())
    if fact is None:
        return None
    value = _as_answer(question, rule, fact)
    if value is None:
        return None
    try:
        checked = check_answer(question, value)
    except AnswerError:
        return None
    return ReportAnswer(checked, report.id, report.described)


def choose_report(
    rule: FromReport, reports: Sequence[ReportOnFile], today: date
) -> ReportOnFile | None:
    """The report that answers: a current one of the first listed type that has one, the
    newest of them; for a ``lapsed`` fact, else the newest of the types past currency."""
    order = {name: index for index, name in enumerate(rule.types)}
    candidates = [r for r in reports if r.type.value in order]

    def newest_first(r: ReportOnFile) -> tuple[date, int]:
        return (r.end_date or r.currency_end or date.min, r.id)

    current = [r for r in candidates if r.current(today)]
    if current:
        best = min(order[r.type.value] for r in current)
        return max((r for r in current if order[r.type.value] == best), key=newest_first)
    fact = FACTS.get(rule.fact)
    if fact is not None and fact.lapsed and candidates:
        return max(candidates, key=newest_first)
    return None


def _as_answer(question: Question, rule: FromReport, fact: str) -> AnswerValue | None:
    kind = FACTS[rule.fact].kind
    if kind in (FactKind.BOOL, FactKind.CHOICE):
        if rule.map is not None:
            option = rule.map.get(fact)
        elif question.type is QuestionType.YES_NO and kind is FactKind.BOOL:
            option = fact
        else:
            option = None
        if option is None:
            return None
        return [option] if question.type is QuestionType.MULTI else option
    return fact


def _yes(flag: bool | None) -> str | None:
    return None if flag is None else ("yes" if flag else "no")


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _coverage(report: ReportOnFile) -> str | None:
    if report.covers_our_service is False:
        return Coverage.NOT_COVERED.value
    if report.covers_our_service is None or report.opinion is None:
        return None
    clean = report.opinion in CLEAN_OPINIONS and report.exceptions == 0
    return (Coverage.CLEAN if clean else Coverage.EXCEPTIONS).value


def _currency(report: ReportOnFile, today: date, policy: ReviewPolicy) -> str:
    if not report.current(today):
        return Currency.STALE.value
    if report.type.is_certificate or report.period_end is None:
        return Currency.FRESH.value
    if today <= add_months(report.period_end, policy.bridge_gap_months):
        return Currency.FRESH.value
    if report.bridged_through is not None and report.bridged_through >= today:
        return Currency.BRIDGED.value
    return Currency.GAP.value


def _text(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


Reader = Callable[[ReportOnFile, date, ReviewPolicy], str | None]

_READ: dict[str, Reader] = {
    "held": lambda r, today, _: "yes" if r.current(today) else None,
    "current": lambda r, today, _: _yes(r.current(today)),
    "in_scope": lambda r, _, __: _yes(r.covers_our_service),
    "clean_opinion": lambda r, _, __: (
        None if r.opinion is None else _yes(r.opinion in CLEAN_OPINIONS)
    ),
    "type": lambda r, _, __: r.type.value,
    "opinion": lambda r, _, __: None if r.opinion is None else r.opinion.value,
    "coverage": lambda r, _, __: _coverage(r),
    "currency": _currency,
    "period_start": lambda r, _, __: _iso(r.period_start),
    "period_end": lambda r, _, __: _iso(r.period_end),
    "issued_on": lambda r, _, __: _iso(r.issued_on),
    "expires_on": lambda r, _, __: _iso(r.expires_on),
    "end_date": lambda r, _, __: _iso(r.end_date),
    "currency_end": lambda r, _, __: _iso(r.currency_end),
    "auditor": lambda r, _, __: _text(r.auditor),
    "scope": lambda r, _, __: _text(r.scope),
    "certificate_number": lambda r, _, __: _text(r.certificate_number),
}
assert set(_READ) == set(FACTS), "every fact has a reader"
