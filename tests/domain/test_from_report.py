"""``from_report`` in a questionnaire file: known report types, a fact that fits the
question, a map onto its options; each mistake is one line naming file, question and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendor_review.domain.answer_facts import FACTS
from vendor_review.domain.loader import (
    QuestionnaireError,
    builtin_questionnaire_dir,
    load_catalog,
    load_questionnaire_file,
)

# iso.held is on line 8, its from_report on line 11; iso.scope's map on line 21.
BASE = """\
id: assurance
version: 1
title: Assurance
sections:
  - id: iso
    title: ISO
    questions:
      - id: iso.held
        text: Does the vendor hold an ISO/IEC 27001 certificate?
        type: yes_no
        from_report: {type: iso27001, fact: held}
      - id: iso.scope
        text: Does its scope cover our service?
        type: choice
        options:
          - {value: all, label: Every site, score: 1}
          - {value: none, label: No site, score: 0}
        from_report:
          type: [iso27001]
          fact: in_scope
          map: {"yes": all, "no": none}
      - id: iso.expiry
        text: When does it expire?
        type: date
        from_report: {type: iso27001, fact: expires_on}
"""


def load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "assurance.yaml"
    path.write_text(text, encoding="utf-8")
    return load_questionnaire_file(path)


def error(tmp_path: Path, text: str) -> str:
    with pytest.raises(QuestionnaireError) as caught:
        load(tmp_path, text)
    assert len(caught.value.problems) == 1, caught.value.problems
    return str(caught.value)


def test_a_mapped_questionnaire_loads_and_keeps_the_rule_in_its_snapshot(tmp_path: Path) -> None:
    q = load(tmp_path, BASE).questionnaire
    scope = q.question("iso.scope")
    assert scope is not None and scope.from_report is not None
    assert scope.from_report.types == ("iso27001",)
    assert scope.from_report.map == {"yes": "all", "no": "none"}
    assert q.definition()["sections"][0]["questions"][0]["from_report"] == {
        "type": "iso27001",
        "fact": "held",
    }


def test_an_unknown_report_type_is_named_with_the_question_and_line(tmp_path: Path) -> None:
    message = error(
        tmp_path, BASE.replace("{type: iso27001, fact: held}", "{type: iso9001, fact: held}")
    )
    assert message.startswith(
        "assurance.yaml: line 11: sections[0].questions[0].from_report.type: "
        "from_report of 'iso.held': unknown report type 'iso9001' (one of soc1-type1, "
    )


def test_an_unknown_type_in_a_list_points_at_the_item(tmp_path: Path) -> None:
    message = error(tmp_path, BASE.replace("type: [iso27001]", "type: [iso27001, soc4]"))
    assert "sections[0].questions[1].from_report.type[1]: " in message
    assert "unknown report type 'soc4'" in message


def test_an_unknown_fact_lists_the_vocabulary(tmp_path: Path) -> None:
    message = error(tmp_path, BASE.replace("fact: held", "fact: valid"))
    assert message == (
        "assurance.yaml: line 11: sections[0].questions[0].from_report.fact: "
        "from_report of 'iso.held': unknown fact 'valid' (one of " + ", ".join(FACTS) + ")"
    )


@pytest.mark.parametrize(
    ("old", "rule", "expected"),
    [
        (
            "{type: iso27001, fact: expires_on}",
            "{type: iso27001, fact: period_end}",
            "'iso.expiry': fact 'period_end' is read off audit-period reports (SOC …) only, "
            "not iso27001",
        ),
        (
            "{type: iso27001, fact: expires_on}",
            "{type: [iso27001, soc2-type2], fact: expires_on}",
            "'iso.expiry': fact 'expires_on' is read off certificates (ISO, PCI) only, "
            "not soc2-type2",
        ),
        (
            "{type: iso27001, fact: held}",
            "{type: iso27001, fact: auditor}",
            "'iso.held': fact 'auditor' (text) cannot answer a yes_no question",
        ),
        (
            "{type: iso27001, fact: held}",
            "{type: iso27001, fact: opinion}",
            "'iso.held': a yes_no question needs map: {fact value: option} (fact 'opinion' is "
            "one of unqualified, qualified, adverse, disclaimer, valid, suspended, withdrawn)",
        ),
    ],
)
def test_a_fact_must_fit_the_report_and_the_question(
    tmp_path: Path, old: str, rule: str, expected: str
) -> None:
    message = error(tmp_path, BASE.replace(old, rule))
    assert message.endswith(f"from_report of {expected}")


def test_a_choice_question_needs_a_map(tmp_path: Path) -> None:
    message = error(tmp_path, BASE.replace('          map: {"yes": all, "no": none}\n', ""))
    assert "sections[0].questions[1].from_report: " in message
    assert message.endswith(
        "a choice question needs map: {fact value: option} (fact 'in_scope' is one of yes, no)"
    )


def test_map_keys_are_fact_values_and_map_values_are_options(tmp_path: Path) -> None:
    wrong_key = error(
        tmp_path, BASE.replace('{"yes": all, "no": none}', '{"yes": all, maybe: none}')
    )
    assert wrong_key.endswith("'maybe' is not a value of fact 'in_scope' (one of yes, no)")
    assert "line 21: sections[0].questions[1].from_report.map.maybe" in wrong_key
    wrong_option = error(tmp_path, BASE.replace('"no": none}', '"no": nowhere}'))
    assert wrong_option.endswith("'nowhere' is not an option of 'iso.scope'")


def test_a_date_fact_answers_only_a_date_question(tmp_path: Path) -> None:
    message = error(tmp_path, BASE.replace("fact: expires_on", "fact: held"))
    assert message.endswith(
        "from_report of 'iso.expiry': fact 'held' (yes/no) cannot answer a date question"
    )


def test_an_unknown_key_inside_from_report_is_refused(tmp_path: Path) -> None:
    message = error(tmp_path, BASE.replace("fact: held}", "fact: held, when: always}"))
    assert "sections[0].questions[0].from_report.when: " in message


def test_the_builtin_questionnaires_map_iso_soc_and_pci_questions() -> None:
    catalog = load_catalog(builtin_questionnaire_dir(), [])
    assert not catalog.problems
    mapped = {
        (qid, question.id): (question.from_report.types, question.from_report.fact)
        for qid, loaded in catalog.questionnaires.items()
        for _, question in loaded.questionnaire.questions()
        if question.from_report is not None
    }
    hosting = "hosting-infrastructure"
    assert mapped[hosting, "cert.iso27001"] == (("iso27001",), "held")
    assert mapped[hosting, "cert.iso27001_current"] == (("iso27001",), "current")
    assert mapped[hosting, "cert.iso27001_scope"] == (("iso27001",), "in_scope")
    assert mapped[hosting, "cert.soc_report"][1] == "type"
    assert mapped[hosting, "cert.soc_current"][1] == "currency"
    assert mapped[hosting, "cert.soc_scope"][1] == "coverage"
    assert mapped[hosting, "cert.pci_current"] == (("pci-aoc",), "current")
    assert mapped["service-subprocessor", "assurance.report"][0][0] == "soc2-type2"
