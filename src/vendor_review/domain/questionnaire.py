"""The questionnaire file model (DESIGN §4), validated strictly by pydantic.

Field-level rules (types, ranges, unknown fields) are pydantic's; rules that span several
questions live in :func:`semantic_problems`, which returns each problem with its path so the
loader can name the file, the path and the line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from vendor_review.domain.answer_facts import FACTS, FactKind
from vendor_review.domain.assurance import ReportType
from vendor_review.domain.enums import NA, EvidenceRule, QuestionType, Severity, VendorKind

Path = tuple[str | int, ...]

# ``&`` is allowed for CAIQ-style ids such as ``A&A-01.1``.
Identifier = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.&\-]+$")]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
NO_FINDING = "none"
MULTI_SEPARATOR = ";"
"""The one separator between chosen options of a ``multi`` answer, in every input path."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Option(_Strict):
    value: Identifier
    label: Text
    score: Fraction = 0.0
    finding: Literal["none", "low", "medium", "high", "critical"] | None = None
    """Severity of the finding this option opens when below ``accept_at`` (``none``: none)."""
    exclusive: bool = False
    """A ``multi`` option that cannot be chosen with any other ("None of these")."""

    @property
    def finding_severity(self) -> Severity | None:
        """The option's own severity; None when it sets none or says ``none``."""
        return None if self.finding in (None, NO_FINDING) else Severity(self.finding)


class ShowIf(_Strict):
    """``{question: ID, in: [values]}``: shown when that question is shown and answered
    with one of the values (for ``multi``: any chosen value)."""

    model_config = ConfigDict(populate_by_name=True)

    question: Identifier
    in_: Annotated[list[str], Field(alias="in", min_length=1)]


class AllOf(_Strict):
    model_config = ConfigDict(populate_by_name=True)

    all_: Annotated[list[Condition], Field(alias="all", min_length=1)]


class AnyOf(_Strict):
    model_config = ConfigDict(populate_by_name=True)

    any_: Annotated[list[Condition], Field(alias="any", min_length=1)]


class NotOf(_Strict):
    model_config = ConfigDict(populate_by_name=True)

    not_: Condition = Field(alias="not")


Condition = ShowIf | AllOf | AnyOf | NotOf
AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


def condition_leaves(rule: Condition, path: Path = ()) -> Iterator[tuple[ShowIf, Path]]:
    """Every ``{question, in}`` test inside a condition, with its path below ``show_if``."""
    match rule:
        case ShowIf():
            yield rule, path
        case AllOf():
            for i, sub in enumerate(rule.all_):
                yield from condition_leaves(sub, (*path, "all", i))
        case AnyOf():
            for i, sub in enumerate(rule.any_):
                yield from condition_leaves(sub, (*path, "any", i))
        case NotOf():
            yield from condition_leaves(rule.not_, (*path, "not"))


def describe_condition(rule: Condition) -> str:
    """A condition as a person reads it: ``a in [yes] and not (b in [no])``."""
    match rule:
        case ShowIf():
            return f"{rule.question} is one of {', '.join(rule.in_)}"
        case AllOf():
            return " and ".join(_wrapped(r) for r in rule.all_)
        case AnyOf():
            return " or ".join(_wrapped(r) for r in rule.any_)
        case NotOf(not_=ShowIf() as leaf):
            return f"{leaf.question} is not one of {', '.join(leaf.in_)}"
        case NotOf():
            return f"not {_wrapped(rule.not_)}"
    raise AssertionError(rule)  # pragma: no cover


def _wrapped(rule: Condition) -> str:
    text = describe_condition(rule)
    return text if isinstance(rule, ShowIf) else f"({text})"


class FromReport(_Strict):
    """``{type: iso27001 | [soc2-type2, …], fact: held, map: {…}}``: the answer a vendor's
    assurance report gives (issue 12 item 5), pre-filled at start and confirmed by a person.

    ``type`` names the report types that answer it, the first listed preferred; ``fact``
    what of the report (:data:`vendor_review.domain.answer_facts.FACTS`); ``map`` turns
    the fact's value into an option value (choice and multi questions; yes_no questions
    take a yes/no fact as it is). Names are checked by :func:`semantic_problems`."""

    type: str | Annotated[list[str], Field(min_length=1, max_length=20)]
    fact: str
    map: dict[str, Identifier] | None = None

    @property
    def types(self) -> tuple[str, ...]:
        return (self.type,) if isinstance(self.type, str) else tuple(self.type)


YES_NO_OPTIONS = (
    Option(value="yes", label="Yes", score=1.0),
    Option(value="no", label="No", score=0.0),
)


class Question(_Strict):
    id: Identifier
    text: Text
    help: str | None = None
    type: Annotated[QuestionType, Field(strict=False)]
    options: list[Option] | None = None
    weight: Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False)] = 1.0
    critical: bool = False
    allow_na: bool | None = None
    required: bool | None = None
    evidence: Annotated[EvidenceRule, Field(strict=False)] = EvidenceRule.NONE
    refs: list[Text] = Field(default_factory=list)
    show_if: Condition | None = None
    accept_at: Fraction | None = None
    """Lowest acceptable score; below it a finding opens (default: the policy's)."""
    scored: bool = True
    """``false`` for scoping questions: they drive ``show_if`` and never count in a score."""
    from_report: FromReport | None = None
    """Pre-filled from the vendor's current assurance report (confirmed before submit)."""
    na_requires_comment: bool | None = None
    """N/A needs a reason in the comment (default: the policy's, for required controls)."""

    @model_validator(mode="after")
    def _options_fit_type(self) -> Self:
        if self.type in (QuestionType.CHOICE, QuestionType.MULTI):
            if not self.options:
                raise ValueError(f"a {self.type.value} question needs at least one option")
        elif self.options is not None:
            raise ValueError(f"a {self.type.value} question takes no options")
        if self.critical and not self.counts:
            raise ValueError(
                "only scored questions (yes_no, choice, multi, not scored: false) can be critical"
            )
        if self.critical and self.allow_na:
            raise ValueError("a critical question cannot allow N/A (set allow_na: false)")
        if self.accept_at is not None and not self.counts:
            raise ValueError(
                "accept_at applies to scored questions only "
                f"(this one is {'scored: false' if self.type.scored else self.type.value})"
            )
        if self.na_requires_comment and not self.na_allowed:
            raise ValueError("na_requires_comment needs a question that allows N/A")
        return self

    @property
    def counts(self) -> bool:
        """Whether the answer counts in the score (a scored type, not ``scored: false``)."""
        return self.type.scored and self.scored

    @property
    def choices(self) -> tuple[Option, ...]:
        """The options a reviewer may pick (``yes_no`` expanded), without N/A."""
        if self.type is QuestionType.YES_NO:
            return YES_NO_OPTIONS
        return tuple(self.options or ())

    @property
    def na_allowed(self) -> bool:
        return self.allow_na if self.allow_na is not None else not self.critical

    @property
    def is_required(self) -> bool:
        return self.required if self.required is not None else self.type.scored

    def option(self, value: str) -> Option | None:
        return next((o for o in self.choices if o.value == value), None)


class Section(_Strict):
    id: Identifier
    title: Text
    show_if: Condition | None = None
    questions: Annotated[list[Question], Field(min_length=1)]


class Questionnaire(_Strict):
    id: Identifier
    version: Annotated[int, Field(ge=1)]
    title: Text
    description: str | None = None
    applies_to: list[Annotated[VendorKind, Field(strict=False)]] = Field(
        default_factory=lambda: list(VendorKind)
    )
    sections: Annotated[list[Section], Field(min_length=1)]

    def questions(self) -> Iterator[tuple[Section, Question]]:
        for section in self.sections:
            for question in section.questions:
                yield section, question

    def question(self, question_id: str) -> Question | None:
        return next((q for _, q in self.questions() if q.id == question_id), None)

    def section_of(self, question_id: str) -> Section | None:
        return next((s for s, q in self.questions() if q.id == question_id), None)

    def definition(self) -> dict[str, Any]:
        """The JSON form stored as an assessment's snapshot."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    def fingerprint(self) -> str:
        """SHA-256 of the canonical JSON definition (for snapshots built without a file)."""
        canonical = json.dumps(self.definition(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    @classmethod
    def from_definition(cls, data: dict[str, Any]) -> Questionnaire:
        """Rebuild a stored snapshot (JSON: enums arrive as strings)."""
        return cls.model_validate(data, strict=False)


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


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "(top level)"
