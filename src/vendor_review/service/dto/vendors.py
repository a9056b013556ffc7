"""Vendors as the service takes and returns them: the profile a person enters
(``VendorIn``, validated), one vendor, its links and its events."""

from __future__ import annotations

from datetime import date, datetime
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
    VendorStatus,
)
from vendor_review.service.dto.base import (
    MULTILINE_FIELDS,
    Long,
    Name,
    Out,
    Short,
    check_text_value,
)


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


class Vendor(Out):
    id: int
    name: str
    legal_entity: str | None
    kind: VendorKind
    purpose: str | None
    name_key: str
    parents: list[str] = Field(default_factory=list)
    """Names of the vendors it is an (open-link) subprocessor of, by name."""
    regions: list[str]
    region_codes: list[str] = Field(default_factory=list)
    data_access: DataAccess | None
    criticality: Criticality | None
    dpa_signed_on: date | None
    website: str | None
    contact: str | None
    owner: str | None
    notes: str | None
    status: VendorStatus
    offboarded: bool
    version: int
    created_at: datetime
    updated_at: datetime
    scopes: list[str] = Field(default_factory=list)

    @property
    def untriaged(self) -> bool:
        return self.data_access is None or self.criticality is None


class Link(Out):
    """One vendor → subprocessor link as a list gave it."""

    id: int
    parent_id: int
    parent: str
    child_id: int
    child: str
    purpose: str | None
    regions: list[str]
    region_codes: list[str]
    source: str
    source_sha256: str | None
    first_seen: date
    last_seen: date
    ended_on: date | None
    version: int


class VendorLinks(Out):
    """A vendor's links both ways, open ones first, each by name."""

    parents: list[Link]
    subprocessors: list[Link]


class VendorEvent(Out):
    """Something that makes a vendor's re-review due now (``vendor event``)."""

    id: int
    vendor_id: int
    kind: str
    occurred_on: date
    note: str | None
    related_vendor_id: int | None
    recorded_by: str
    recorded_at: datetime
    recorded_on: date
