"""Facts an assurance report's own text states, offered as suggestions (issue 12 item 7).

Nothing found here is stored as it is: the reviewer accepts or corrects each suggestion,
and each carries the words it was read from so the reviewer can see why.

    pages = read_pdf_text(Path("acme-soc2.pdf"))
    for s in suggest_report_facts(pages):
        print(s.field, s.value, "from:", s.found)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from vendor_review.domain.assurance import Opinion, ReportType

MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# "October 1, 2025" · "1 October 2025" · "2025-10-01" (never 01/10/2025: day or month?)
_ORD = r"(?:st|nd|rd|th)?"
DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}{_ORD},?\s+\d{{4}}"
    rf"|\d{{1,2}}{_ORD}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
)
_SPAN = rf"({DATE})\s*(?:to|through|until|and|-|–|—)\s*({DATE})"

_PERIOD = re.compile(rf"(?:period|between)\s+(?:from\s+|of\s+)?(?:the\s+)?{_SPAN}", re.IGNORECASE)
_AS_OF = re.compile(rf"\bas of\s+({DATE})", re.IGNORECASE)
_ISSUED = re.compile(
    rf"(?:date of (?:initial )?(?:issue|certification)|issue date|issued on|issued|"
    rf"original (?:certification|approval) date|date of report)\s*[:\-]?\s*({DATE})",
    re.IGNORECASE,
)
_EXPIRES = re.compile(
    rf"(?:expiry date|expiration date|expires on|expires|valid until|valid through|"
    rf"certificate (?:is )?valid (?:until|to))\s*[:\-]?\s*({DATE})",
    re.IGNORECASE,
)
_CERT_NO = re.compile(
    r"(?i:certificate\s+(?:no\.?|number|#))\s*[:\-]?\s*([A-Z0-9][A-Z0-9./\-]*(?:\s[0-9][0-9./\-]*)?)\b"
)
_AUDITOR_LABEL = re.compile(
    r"(?:certification body|issued by|service auditor|auditor|qsa company|"
    r"qualified security assessor company)\s*[:\-]\s*([^\n]{3,80})",
    re.IGNORECASE,
)
_FIRM = re.compile(
    r"^\s*(/s/\s*)?([A-Z][\w&.,' -]{2,60}?\b(?:LLP|LLC|L\.L\.P\.|P\.C\.|PLLC|GmbH|AG|Ltd\.?|"
    r"Limited|Inc\.?|S\.A\.|B\.V\.|Pty Ltd))\s*$",
    re.MULTILINE,
)
_IN_OUR_OPINION = re.compile(r"\bin our opinion\b[^.]{0,600}\.", re.IGNORECASE)
_NO_OPINION = re.compile(r"\bwe do not express an opinion\b[^.]{0,600}\.", re.IGNORECASE)
_LEAD_IN = 160  # how far back a sentence may start before its key words


@dataclass(frozen=True)
class Suggestion:
    field: str  # type, period_start, period_end, issued_on, expires_on, auditor, opinion, …
    value: str | date | ReportType | Opinion
    found: str  # the words it was read from (outside text: show it inert)


def suggest_report_facts(pages: Sequence[str]) -> list[Suggestion]:
    """What the text says about the report, first finding of each field wins."""
    text = "\n".join(pages)
    flat = " ".join(text.split())
    found: dict[str, Suggestion] = {}

    def offer(suggestions: Iterable[Suggestion]) -> None:
        for suggestion in suggestions:
            found.setdefault(suggestion.field, suggestion)

    offer(_type(flat))
    offer(_period(flat))
    offer(_dated("issued_on", _ISSUED, flat))
    offer(_dated("expires_on", _EXPIRES, flat))
    offer(_certificate_number(flat))
    offer(_auditor(text))
    offer(_opinion(flat))
    return list(found.values())


def parse_date(text: str) -> date | None:
    """A date as reports write it; None when it is not one (or is ambiguous)."""
    words = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text.replace(",", " ")).split()
    try:
        if len(words) == 1:
            return date.fromisoformat(words[0])
        if len(words) == 3:
            if words[0].isdigit():
                day, month, year = words
            else:
                month, day, year = words
            number = MONTHS.get(month.lower().rstrip("."))
            if number is None:
                return None
            return date(int(year), number, int(day))
    except ValueError:
        return None
    return None


def _type(flat: str) -> list[Suggestion]:
    rules: list[tuple[str, ReportType]] = [
        (r"\bSOC\)?\s*2\b[^.]{0,80}?\bType\s*(?:2|II)\b", ReportType.SOC2_TYPE2),
        (r"\bSOC\)?\s*2\b[^.]{0,80}?\bType\s*(?:1|I)\b", ReportType.SOC2_TYPE1),
        (r"\bSOC\)?\s*1\b[^.]{0,80}?\bType\s*(?:2|II)\b", ReportType.SOC1_TYPE2),
        (r"\bSOC\)?\s*1\b[^.]{0,80}?\bType\s*(?:1|I)\b", ReportType.SOC1_TYPE1),
        (r"\bSOC\)?\s*3\b", ReportType.SOC3),
        (r"\bAttestation of Compliance\b", ReportType.PCI_AOC),
        (r"\bISO/IEC\s*27701\b", ReportType.ISO27701),
        (r"\bISO\s*22301\b", ReportType.ISO22301),
        (r"\bISO/IEC\s*27001\b|\bISO\s*27001\b", ReportType.ISO27001),
        (r"\bpenetration test", ReportType.PENTEST),
    ]
    for pattern, kind in rules:
        match = re.search(pattern, flat, re.IGNORECASE)
        if match:
            return [Suggestion("type", kind, match.group(0))]
    return []


def _period(flat: str) -> list[Suggestion]:
    match = _PERIOD.search(flat)
    if match:
        start, end = parse_date(match.group(1)), parse_date(match.group(2))
        if start and end and start <= end:
            return [
                Suggestion("period_start", start, match.group(0)),
                Suggestion("period_end", end, match.group(0)),
            ]
    as_of = _AS_OF.search(flat)  # a Type I report is "as of" one date
    if as_of and (day := parse_date(as_of.group(1))):
        return [Suggestion("period_end", day, as_of.group(0))]
    return []


def _dated(field: str, pattern: re.Pattern[str], flat: str) -> list[Suggestion]:
    match = pattern.search(flat)
    if match and (day := parse_date(match.group(1))):
        return [Suggestion(field, day, match.group(0))]
    return []


def _certificate_number(flat: str) -> list[Suggestion]:
    match = _CERT_NO.search(flat)
    return [Suggestion("certificate_number", match.group(1), match.group(0))] if match else []


def _auditor(text: str) -> list[Suggestion]:
    match = _AUDITOR_LABEL.search(text)
    if match:
        return [Suggestion("auditor", match.group(1).strip(" ,;"), match.group(0).strip())]
    # The firm that signed (``/s/ Firm LLP``), else the first firm named after the auditor's
    # report heading: the service organisation's own name comes before it, never after.
    firms = list(_FIRM.finditer(text))
    heading = re.search(r"independent (?:service )?auditor", text, re.IGNORECASE)
    signed = [m for m in firms if m.group(1)]
    after = [m for m in firms if heading and m.start() > heading.start()]
    for firm in signed or after:
        return [Suggestion("auditor", firm.group(2).strip(), firm.group(0).strip())]
    return []


def _sentences(pattern: re.Pattern[str], flat: str) -> Iterable[str]:
    """Each sentence holding the pattern: from the full stop before it when one is near,
    else from the key words (a PDF's text often runs from the title page into the opinion
    without one, and the reviewer is shown this)."""
    for match in pattern.finditer(flat):
        lead = flat[max(0, match.start() - _LEAD_IN) : match.start()]
        stop = lead.rfind(". ")
        start = match.start() - len(lead) + stop + 2 if stop >= 0 else match.start()
        yield flat[start : match.end()].strip()


def _opinion(flat: str) -> list[Suggestion]:
    for sentence in _sentences(_NO_OPINION, flat):
        return [Suggestion("opinion", Opinion.DISCLAIMER, sentence)]
    for sentence in _sentences(_IN_OUR_OPINION, flat):
        lowered = sentence.lower()
        if any(
            words in lowered
            for words in (
                "do not present fairly",
                "does not present fairly",
                "were not suitably designed",
                "did not operate effectively",
                "adverse",
            )
        ):
            return [Suggestion("opinion", Opinion.ADVERSE, sentence)]
        if "except for" in lowered:
            return [Suggestion("opinion", Opinion.QUALIFIED, sentence)]
        if "in all material respects" in lowered:
            return [Suggestion("opinion", Opinion.UNQUALIFIED, sentence)]
    return []
