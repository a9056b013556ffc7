"""Vendors as the service takes and returns them: the profile a person enters
(``VendorIn``, validated), one vendor, its links and its events (plain dataclasses read by
``service.vendor_profile``, so ``vendor show`` needs no pydantic)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from vendor_review.domain.enums import (
    Criticality,
    DataAccess,
    VendorKind,
)
from vendor_review.service.dto.base import (
    MULTILINE_FIELDS,
    Long,
    Name,
    Short,
    check_text_value,
)
from vendor_review.service.vendor_profile import Link, Vendor, VendorEvent, VendorLinks

__all__ = ["Link", "Vendor", "VendorEvent", "VendorIn", "VendorLinks"]


class VendorIn(BaseModel):
    """A vendor's profile as a person enters it; pydantic's messages are shown inline."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    name: Name
    legal_entity: Short | None = None
    kind: VendorKind = VendorKind.OTHER
    purpose: Short | None = None
    parent: Name | None = None
    """On creation: the vendor whose subprocessor this is (a link to it is made); on an
    update: a further parent to link (links are never removed by an update)."""
    regions: list[
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    ] = Field(default_factory=list)
    data_access: DataAccess | None = None
    criticality: Criticality | None = None
    """Without both, the vendor is untriaged: listed and linked, never assessed."""
    dpa_signed_on: date | None = None
    website: Short | None = None
    contact: Short | None = None
    owner: Short | None = None
    notes: Long | None = None
    # Regulated scopes (``pci``) from the policy's ``scope_cap_months``; checked there.
    scopes: list[
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    ] = Field(default_factory=list)

    @field_validator("regions")
    @classmethod
    def _unique_regions(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @field_validator("*", mode="after")
    @classmethod
    def _harmless_text(cls, value: Any, info: ValidationInfo) -> Any:
        """Control, bidi and invisible characters are refused (``domain.text_rules``);
        text from a file was made visible before it got here."""
        check_text_value(value, multiline=info.field_name in MULTILINE_FIELDS)
        return value
