"""The rules a questionnaire meets beyond each field's own (DESIGN §4): unique ids,
reserved option values, ``show_if`` targets (earlier questions only, so conditions cannot
form a cycle), ``accept_at`` reachable, ``exclusive``, ``finding`` and ``from_report`` where
they mean something. Each problem comes with its path (``format_path``) so the loader can
name the file, the path and the line.
"""

from __future__ import annotations

from vendor_review.domain.answer_facts import FACTS, FactKind
from vendor_review.domain.assurance import ReportType
from vendor_review.domain.enums import NA, QuestionType
from vendor_review.domain.file_errors import format_path
from vendor_review.domain.questionnaire import (
    MULTI_SEPARATOR,
    NO_FINDING,
    Condition,
    Path,
    Question,
    Questionnaire,
    condition_leaves,
)


def semantic_problems(q: Questionnaire) -> list[tuple[Path, str]]:
    """Rules across questions: unique ids, reserved option values, ``show_if`` targets
    (earlier questions only, so conditions cannot form a cycle), ``accept_at`` reachable,
    ``exclusive`` and ``finding`` where they mean something."""
    problems: list[tuple[Path, str]] = []
    seen_sections: dict[str, int] = {}
    seen: dict[str, Path] = {}
    for si, section in enumerate(q.sections):
        if section.id in seen_sections:
            problems.append(
                (
                    ("sections", si, "id"),
                    f"duplicate section id {section.id!r} "
                    f"(also sections[{seen_sections[section.id]}])",
                )
            )
        seen_sections.setdefault(section.id, si)
        if section.show_if is not None:
            problems += _condition_problems(
                q, section.show_if, ("sections", si, "show_if"), None, dict(seen)
            )
        for qi, question in enumerate(section.questions):
            here: Path = ("sections", si, "questions", qi)
            if question.id in seen:
                first = format_path(seen[question.id])
                problems.append(
                    ((*here, "id"), f"duplicate question id {question.id!r} (first at {first})")
                )
            problems += _option_problems(question, here)
            if question.from_report is not None:
                problems += from_report_problems(question, (*here, "from_report"))
            if question.show_if is not None:
                problems += _condition_problems(
                    q, question.show_if, (*here, "show_if"), question.id, seen
                )
            seen.setdefault(question.id, here)
    return problems


def _option_problems(question: Question, here: Path) -> list[tuple[Path, str]]:
    problems: list[tuple[Path, str]] = []
    values: set[str] = set()
    multi = question.type is QuestionType.MULTI
    for oi, option in enumerate(question.options or ()):
        at: Path = (*here, "options", oi)
        if option.value == NA:
            problems.append(((*at, "value"), f"option value {NA!r} is reserved for N/A"))
        if option.value in values:
            problems.append(((*at, "value"), f"duplicate option value {option.value!r}"))
        values.add(option.value)
        if option.exclusive and not multi:
            problems.append(
                (
                    (*at, "exclusive"),
                    f"exclusive applies to multi questions only (this one is "
                    f"{question.type.value})",
                )
            )
        if multi and MULTI_SEPARATOR in option.label:
            problems.append(
                (
                    (*at, "label"),
                    f"a multi option's label cannot contain {MULTI_SEPARATOR!r}, "
                    "the separator between chosen options",
                )
            )
        if option.finding is not None and not question.counts:
            problems.append(((*at, "finding"), "finding applies to scored questions only"))
        elif (
            option.finding not in (None, NO_FINDING)
            and question.accept_at is not None
            and option.score >= question.accept_at
        ):
            problems.append(
                (
                    (*at, "finding"),
                    f"finding {option.finding!r} never applies: score {option.score:g} meets "
                    f"accept_at {question.accept_at:g}",
                )
            )
    if question.accept_at is not None and question.counts:
        best = best_score(question)
        if question.accept_at > best:
            problems.append(
                (
                    (*here, "accept_at"),
                    f"accept_at {question.accept_at:g} is above the best possible score "
                    f"{best:g}: no answer could meet it",
                )
            )
    return problems


def from_report_problems(question: Question, here: Path) -> list[tuple[Path, str]]:
    """``from_report`` names known report types and a fact that fits the question, and
    its ``map`` turns the fact's values into this question's options."""
    rule = question.from_report
    assert rule is not None
    of = f"from_report of {question.id!r}"
    problems: list[tuple[Path, str]] = []
    known_types = {t.value: t for t in ReportType}
    types = rule.types
    for ti, name in enumerate(types):
        if name not in known_types:
            at: Path = (*here, "type", ti) if isinstance(rule.type, list) else (*here, "type")
            problems.append(
                (at, f"{of}: unknown report type {name!r} (one of {', '.join(known_types)})")
            )
    fact = FACTS.get(rule.fact)
    if fact is None:
        return [
            *problems,
            ((*here, "fact"), f"{of}: unknown fact {rule.fact!r} (one of {', '.join(FACTS)})"),
        ]
    wrong = [n for n in types if n in known_types and not fact.applies_to(known_types[n])]
    if wrong:
        which = "certificates (ISO, PCI)" if fact.certificates else "audit-period reports (SOC …)"
        problems.append(
            (
                (*here, "fact"),
                f"{of}: fact {fact.name!r} is read off {which} only, not {', '.join(wrong)}",
            )
        )
    if not fact.fits(question.type):
        problems.append(
            (
                (*here, "fact"),
                f"{of}: fact {fact.name!r} ({fact.kind.value}) cannot answer a "
                f"{question.type.value} question",
            )
        )
        return problems
    needs_map = question.type in (QuestionType.CHOICE, QuestionType.MULTI) or (
        fact.kind is FactKind.CHOICE
    )
    if rule.map is None:
        if needs_map:
            problems.append(
                (
                    here,
                    f"{of}: a {question.type.value} question needs map: {{fact value: option}} "
                    f"(fact {fact.name!r} is one of {', '.join(fact.values)})",
                )
            )
        return problems
    if not fact.values:
        return [*problems, ((*here, "map"), f"{of}: map applies to yes/no or choice facts only")]
    options = {o.value for o in question.choices}
    for key, value in rule.map.items():
        if key not in fact.values:
            problems.append(
                (
                    (*here, "map", key),
                    f"{of}: {key!r} is not a value of fact {fact.name!r} "
                    f"(one of {', '.join(fact.values)})",
                )
            )
        if value not in options:
            problems.append(
                ((*here, "map", key), f"{of}: {value!r} is not an option of {question.id!r}")
            )
    return problems


def best_score(question: Question) -> float:
    """The highest score any answer to a scored question can reach."""
    scores = [o.score for o in question.choices]
    if question.type is QuestionType.MULTI:
        together = sum(o.score for o in question.choices if not o.exclusive)
        return min(1.0, max([together, *scores]))
    return max(scores)


def _condition_problems(
    q: Questionnaire,
    rule: Condition,
    base: Path,
    own_id: str | None,
    earlier: dict[str, Path],
) -> list[tuple[Path, str]]:
    problems: list[tuple[Path, str]] = []
    for leaf, sub in condition_leaves(rule):
        target = leaf.question
        path: Path = (*base, *sub, "question")
        if target == own_id:
            problems.append((path, f"show_if refers to its own question {target!r}"))
            continue
        if target not in earlier:
            if q.question(target) is None:
                problems.append((path, f"show_if refers to an unknown question {target!r}"))
            else:
                where = "in this section or later" if own_id is None else "later"
                problems.append(
                    (
                        path,
                        f"show_if refers to {target!r}, asked {where}: a condition may only "
                        "look at earlier questions (so conditions cannot form a cycle)",
                    )
                )
            continue
        ref = q.question(target)
        assert ref is not None
        if not ref.type.scored:
            problems.append(
                (
                    path,
                    f"show_if must refer to a yes_no/choice/multi question, "
                    f"{target!r} is {ref.type.value}",
                )
            )
            continue
        allowed = {o.value for o in ref.choices} | {NA}
        for vi, v in enumerate(leaf.in_):
            if v not in allowed:
                problems.append(((*base, *sub, "in", vi), f"{v!r} is not an option of {target!r}"))
    return problems
