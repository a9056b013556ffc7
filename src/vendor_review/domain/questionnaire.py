"""The questionnaire file model (DESIGN §4), validated strictly by pydantic.

Field-level rules (types, ranges, unknown fields) are pydantic's; rules that span several
questions live in ``questionnaire_rules.semantic_problems``, which returns each problem with
its path so the loader can name the file, the path and the line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from vendor_review.domain.enums import EvidenceRule, QuestionType, Severity, VendorKind

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


def _by_id(leaf: ShowIf, negated: bool) -> str:
    return f"{leaf.question} is {'not ' if negated else ''}one of {', '.join(leaf.in_)}"


def describe_condition(rule: Condition, leaf: Callable[[ShowIf, bool], str] = _by_id) -> str:
    """A condition as a person reads it: ``a is one of yes and not (b is one of no)``;
    ``leaf(rule, negated)`` words each one-question test (by default with ids; the app
    passes one that quotes the question and the options' labels)."""
    match rule:
        case ShowIf():
            return leaf(rule, False)
        case AllOf():
            return " and ".join(_wrapped(r, leaf) for r in rule.all_)
        case AnyOf():
            return " or ".join(_wrapped(r, leaf) for r in rule.any_)
        case NotOf(not_=ShowIf() as one):
            return leaf(one, True)
        case NotOf():
            return f"not {_wrapped(rule.not_, leaf)}"
    raise AssertionError(rule)  # pragma: no cover


def _wrapped(rule: Condition, leaf: Callable[[ShowIf, bool], str]) -> str:
    text = describe_condition(rule, leaf)
    one_test = isinstance(rule, ShowIf) or (
        isinstance(rule, NotOf) and isinstance(rule.not_, ShowIf)
    )
    return text if one_test else f"({text})"


class FromReport(_Strict):
    """``{type: iso27001 | [soc2-type2, …], fact: held, map: {…}}``: the answer a vendor's
    assurance report gives (issue 12 item 5), pre-filled at start and confirmed by a person.

    ``type`` names the report types that answer it, the first listed preferred; ``fact``
    what of the report (:data:`vendor_review.domain.answer_facts.FACTS`); ``map`` turns
    the fact's value into an option value (choice and multi questions; yes_no questions
    take a yes/no fact as it is). Names are checked by
    ``questionnaire_rules.semantic_problems``."""

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
