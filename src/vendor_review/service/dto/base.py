"""What every plain-data model shares: the frozen base of what the service returns, and the
text types and text rule of what people enter."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

from vendor_review.domain.text_rules import text_problem

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Long = Annotated[str, StringConstraints(max_length=20_000)]


MULTILINE_FIELDS = frozenset({"notes", "purpose"})
"""Input fields that may hold TAB and LF (long text); every other text is one line."""


def check_text_value(value: Any, *, multiline: bool = False) -> None:
    """Raise pydantic's error for the first string in ``value`` that breaks the text rule."""
    for text in value if isinstance(value, list) else [value]:
        if isinstance(text, str):
            problem = text_problem(text, multiline=multiline)
            if problem:
                raise PydanticCustomError("text_rule", problem)


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True, defer_build=True)
