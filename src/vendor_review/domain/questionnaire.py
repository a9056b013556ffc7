"""The questionnaire file model (DESIGN §4), validated strictly by pydantic.

Field-level rules (types, ranges, unknown fields) are pydantic's; rules that span several
questions live in :func:`semantic_problems`, which returns each problem with its path so the
loader can name the file, the path and the line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from vendor_review.domain.enums import NA, EvidenceRule, QuestionType, VendorKind

Path = tuple[str | int, ...]

Identifier = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.\-]+$")]
Text = Annotated[str, Field(min_length=1, max_length=4000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Option(_Strict):
    value: Identifier
    label: Text
    score: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 0.0


class ShowIf(_Strict):
    model_config = ConfigDict(populate_by_name=True)

    question: Identifier
    in_: Annotated[list[str], Field(alias="in", min_length=1)]


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
    show_if: ShowIf | None = None

    @model_validator(mode="after")
    def _options_fit_type(self) -> Self:
        if self.type in (QuestionType.CHOICE, QuestionType.MULTI):
            if not self.options:
                raise ValueError(f"a {self.type.value} question needs at least one option")
        elif self.options is not None:
            raise ValueError(f"a {self.type.value} question takes no options")
        if self.critical and not self.type.scored:
            raise ValueError("only scored questions (yes_no, choice, multi) can be critical")
        if self.critical and self.allow_na:
            raise ValueError("a critical question cannot allow N/A (set allow_na: false)")
        return self

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
    """Rules across questions: unique ids, ``show_if`` targets, reserved option values."""
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
        for qi, question in enumerate(section.questions):
            here: Path = ("sections", si, "questions", qi)
            if question.id in seen:
                first = format_path(seen[question.id])
                problems.append(
                    ((*here, "id"), f"duplicate question id {question.id!r} (first at {first})")
                )
            values: set[str] = set()
            for oi, option in enumerate(question.options or ()):
                if option.value == NA:
                    problems.append(
                        (
                            (*here, "options", oi, "value"),
                            f"option value {NA!r} is reserved for N/A",
                        )
                    )
                if option.value in values:
                    problems.append(
                        (
                            (*here, "options", oi, "value"),
                            f"duplicate option value {option.value!r}",
                        )
                    )
                values.add(option.value)
            if question.show_if is not None:
                target = question.show_if.question
                path: Path = (*here, "show_if", "question")
                if target == question.id:
                    problems.append((path, f"show_if refers to its own question {target!r}"))
                elif target not in seen:
                    later = q.question(target)
                    why = "a later question" if later is not None else "an unknown question"
                    problems.append((path, f"show_if refers to {why} {target!r}"))
                else:
                    ref = q.question(target)
                    allowed = {o.value for o in ref.choices} | {NA} if ref else set()
                    if ref is not None and not ref.type.scored:
                        problems.append(
                            (
                                path,
                                f"show_if must refer to a yes_no/choice/multi question, "
                                f"{target!r} is {ref.type.value}",
                            )
                        )
                    else:
                        for vi, v in enumerate(question.show_if.in_):
                            if v not in allowed:
                                problems.append(
                                    (
                                        (*here, "show_if", "in", vi),
                                        f"{v!r} is not an option of {target!r}",
                                    )
                                )
            seen.setdefault(question.id, here)
    return problems


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "(top level)"
