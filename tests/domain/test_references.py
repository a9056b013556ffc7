"""Every reference in the built-in questionnaires matches its standard's own numbering."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from vendor_review.domain.loader import builtin_questionnaire_dir, load_catalog

# ISO/IEC 27001:2022 Annex A has A.5.1–A.5.37, A.6.1–A.6.8, A.7.1–A.7.14, A.8.1–A.8.34.
ANNEX_A = {5: 37, 6: 8, 7: 14, 8: 34}
# SOC 2 (AICPA TSP section 100, 2017 criteria, revised points of focus 2022): criteria
# and how many points each series has.
SOC2 = {
    "CC1": 5, "CC2": 3, "CC3": 4, "CC4": 2, "CC5": 3, "CC6": 8, "CC7": 5, "CC8": 1, "CC9": 2,
    "A1": 3, "C1": 2, "PI1": 5, "P1": 1, "P2": 1, "P3": 2, "P4": 3, "P5": 2, "P6": 7, "P7": 1,
    "P8": 1,
}  # fmt: skip


def iso27001(rest: str) -> bool:
    if m := re.fullmatch(r"A\.([5-8])\.(\d+)", rest):
        return 1 <= int(m[2]) <= ANNEX_A[int(m[1])]
    return re.fullmatch(r"cl\. (4|5|6|7|8|9|10)(\.\d+){0,2}(\([a-g]\))?", rest) is not None


def soc2(rest: str) -> bool:
    m = re.fullmatch(r"(CC[1-9]|A1|C1|PI1|P[1-8])\.(\d+)", rest)
    return m is not None and 1 <= int(m[2]) <= SOC2[m[1]]


def gdpr(rest: str) -> bool:
    m = re.fullmatch(r"Art\. (\d+)(\(\d+\))?(\([a-j]\))?( second subparagraph)?", rest)
    return m is not None and 1 <= int(m[1]) <= 99


def pci(rest: str) -> bool:
    m = re.fullmatch(r"Req\. (\d+)(\.\d+){1,3}", rest)
    return m is not None and 1 <= int(m[1]) <= 12


def nist(rest: str) -> bool:
    sp = r"800-\d+[A-Z]?(-\d)?( Part \d)?( Rev\. \d)?"
    control = r"( [A-Z]{2}-\d+(\(\d+\))?)?"
    return re.fullmatch(sp + control, rest) is not None


def iso27701(rest: str) -> bool:
    m = re.fullmatch(r"A\.([123])\.(\d+)\.(\d+)", rest)
    return m is not None and 2 <= int(m[2]) <= 5


# Prefix → check of what follows. A reference must start with one of these.
STANDARDS = {
    "ISO/IEC 27001:2022 ": iso27001,
    "SOC 2 ": soc2,
    "GDPR ": gdpr,
    "PCI DSS v4.0.1 ": pci,
    "NIST SP ": nist,
    "ISO/IEC 27701:2025 ": iso27701,
    "ISO/IEC 27017:2015 ": lambda r: re.fullmatch(r"CLD\.\d+\.\d+\.\d+", r) is not None,
    "ISO 22301:2019 ": lambda r: re.fullmatch(r"cl\. 8\.[2-6](\.\d+)?", r) is not None,
    "ISO/IEC 17021-1:2015": lambda r: r in ("", " cl. 9.6"),
    "ISO/IEC 20000-1:2018 ": lambda r: re.fullmatch(r"cl\. 8\.\d+(\.\d+)?", r) is not None,
    "SCC 2021/914 ": lambda r: (
        re.fullmatch(r"Clause (8\.[1-9]|9(\([a-e]\))?|1[0-8])|Annex (I\.[A-C]|II|III)", r)
        is not None
    ),
    "AICPA ": lambda r: (
        r
        in (
            "AT-C 205 (SOC 2 examination)",
            "TSP section 100 (Trust Services Criteria)",
            "DC section 200 (SOC 2 Description Criteria)",
        )
    ),
    "Regulation (EU) 2023/2854 ": lambda r: r == "Art. 25",
    "Commission Implementing Decision (EU) ": lambda r: r in ("2021/914", "2023/1795"),
    "EDPB ": lambda r: r in ("Guidelines 9/2022", "Guidelines 05/2021", "Recommendations 01/2020"),
    "Uptime Institute Tier Standard: Topology": lambda r: r == "",
    "ANSI/TIA-942": lambda r: r == "",
    "EN 50600-": lambda r: re.fullmatch(r"1|2-[1-6]", r) is not None,
    "IAF MD 26": lambda r: r == "",
    "OWASP API Security Top 10 2023": lambda r: r == "",
}
RETIRED = {
    "AT-C 320": "SOC 1, not SOC 2",
    "SSAE 18": "cite AT-C 205 for SOC 2",
    "PCI DSS v4.0 ": "PCI DSS v4.0 is retired: v4.0.1",
    "800-88 Rev. 1": "SP 800-88 Rev. 2",
    "27701:2019": "ISO/IEC 27701:2025",
    "A.8.18": "A.8.18 is privileged utility programs",
}


def references() -> Iterator[tuple[str, str, str]]:
    catalog = load_catalog(builtin_questionnaire_dir(), [])
    assert not catalog.problems
    for qid, loaded in sorted(catalog.questionnaires.items()):
        for _, question in loaded.questionnaire.questions():
            for ref in question.refs:
                yield qid, question.id, ref


ALL = list(references())


def test_there_are_references_to_check() -> None:
    assert len(ALL) > 300
    assert {"ISO/IEC 27001:2022 ", "SOC 2 ", "GDPR ", "PCI DSS v4.0.1 ", "NIST SP "} <= {
        prefix for prefix in STANDARDS for _, _, ref in ALL if ref.startswith(prefix)
    }


@pytest.mark.parametrize(("questionnaire", "question", "ref"), ALL)
def test_reference_matches_its_standard(questionnaire: str, question: str, ref: str) -> None:
    for wrong, why in RETIRED.items():
        assert wrong not in ref, f"{questionnaire}/{question}: {ref!r}: {why}"
    prefix = next((p for p in STANDARDS if ref.startswith(p)), None)
    assert prefix is not None, f"{questionnaire}/{question}: {ref!r} names no known standard"
    assert STANDARDS[prefix](ref[len(prefix) :]), f"{questionnaire}/{question}: {ref!r}"


@pytest.mark.parametrize(
    ("ref", "ok"),
    [
        ("ISO/IEC 27001:2022 A.5.37", True),
        ("ISO/IEC 27001:2022 A.5.38", False),
        ("ISO/IEC 27001:2022 A.8.34", True),
        ("ISO/IEC 27001:2022 A.8.35", False),
        ("ISO/IEC 27001:2022 cl. 6.1.3(d)", True),
        ("ISO/IEC 27001:2022 cl. 11", False),
        ("SOC 2 CC9.2", True),
        ("SOC 2 CC9.3", False),
        ("SOC 2 A1.4", False),
        ("GDPR Art. 28(3)(h)", True),
        ("GDPR Art. 100", False),
        ("PCI DSS v4.0.1 Req. 12.8.4", True),
        ("PCI DSS v4.0.1 Req. 13.1", False),
        ("NIST SP 800-63B-4", True),
        ("ISO/IEC 27701:2025 A.2.5.7", True),
        ("ISO/IEC 27701:2025 B.8.5.7", False),
    ],
)
def test_the_patterns_themselves(ref: str, ok: bool) -> None:
    prefix = next(p for p in STANDARDS if ref.startswith(p))
    assert STANDARDS[prefix](ref[len(prefix) :]) is ok
