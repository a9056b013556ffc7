"""Column types shared by the models and the migrations.

- ``UTCDateTime``: timezone-aware datetimes in, UTC-aware datetimes out, on every backend
  (SQLite keeps no offset, so values are normalised to UTC before they are stored).
- ``EnumString``: a ``VARCHAR(n)`` holding a ``StrEnum`` value. Plain strings in the
  database and in Python (adding a value needs no ``ALTER TYPE``); a value outside the
  enum is refused when it is written (flush or query parameter), never stored.
- ``JSONDocument``: ``JSON`` on SQLite, ``JSONB`` on PostgreSQL.
- ``HexDigest``: a digest stored as its bytes (``BLOB``/``bytea``), hex text in Python.
- ``PackedText``: text that SQLite stores zlib-compressed when it is long (PostgreSQL's
  TOAST compresses on its own), text in Python.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import JSON, DateTime, Dialect, LargeBinary, String, Text
from sqlalchemy.sql import operators
from sqlalchemy.sql.operators import OperatorType
from sqlalchemy.types import TypeDecorator, TypeEngine

E = TypeVar("E", bound=StrEnum)

_VALUE_COMPARISONS = {operators.eq, operators.ne, operators.in_op, operators.not_in_op}


class UTCDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: store timezone-aware datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class EnumString(TypeDecorator[str]):
    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int = 20) -> None:
        super().__init__(length)
        self.enum = enum
        self.length = length

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        try:
            return self.enum(value).value
        except ValueError:
            allowed = ", ".join(member.value for member in self.enum)
            raise ValueError(
                f"{value!r} is not a valid {self.enum.__name__} (allowed: {allowed})"
            ) from None

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return value

    def coerce_compared_value(self, op: OperatorType | None, value: Any) -> TypeEngine[Any]:
        # ``== 'aproved'`` is a typo worth an error; ``LIKE 'appr%'`` is a pattern, not a value.
        return self if op in _VALUE_COMPARISONS else String(self.length)

    @property
    def python_type(self) -> type[str]:
        return str


class JSONDocument(TypeDecorator[Any]):
    """``JSON`` on SQLite, ``JSONB`` on PostgreSQL; the PostgreSQL dialect module is
    imported only when a PostgreSQL engine compiles the type (start-up of SQLite commands
    does not pay for it)."""

    impl = JSON
    cache_ok = True

    def __init__(self, none_as_null: bool = False) -> None:
        super().__init__(none_as_null=none_as_null)
        self.none_as_null = none_as_null

    @property
    def should_evaluate_none(self) -> bool:  # type: ignore[override]
        return not self.none_as_null

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB(none_as_null=self.none_as_null))
        return dialect.type_descriptor(JSON(none_as_null=self.none_as_null))


def json_document(*, none_as_null: bool = False) -> TypeEngine[Any]:
    """JSON on SQLite, JSONB on PostgreSQL (comparable, indexable).

    ``none_as_null=True`` stores Python ``None`` as SQL NULL (for nullable columns);
    otherwise ``None`` is stored as the JSON value ``null``.
    """
    return JSONDocument(none_as_null=none_as_null)


class HexDigest(TypeDecorator[str]):
    """A hash stored as its bytes (half the size of its hex text) and read as hex."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> bytes | None:
        return None if value is None else bytes.fromhex(value)

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> str | None:
        return None if value is None else bytes(value).hex()


PACK_FROM = 512
"""UTF-8 bytes from which SQLite stores a ``PackedText`` value compressed."""


class PackedText(TypeDecorator[str]):
    """Text read and written as ``str``; on SQLite a value of ``PACK_FROM`` bytes or more
    is stored as a BLOB, the zlib stream of its UTF-8 (the column's TEXT affinity keeps a
    BLOB as it is, so each value says by its storage class which it is). Shorter values,
    and every value on PostgreSQL, are stored as text. A BLOB that does not inflate to
    UTF-8 reads as a text no written value equals (it begins with NUL, which canonical JSON
    escapes), so the audit chain's hash check reports the event."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | bytes | None:
        if value is None or dialect.name != "sqlite":
            return value
        raw = value.encode("utf-8")
        if len(raw) < PACK_FROM:
            return value
        return zlib.compress(raw, 9)

    def process_result_value(self, value: str | bytes | None, dialect: Dialect) -> str | None:
        if not isinstance(value, bytes):
            return value
        try:
            return zlib.decompress(value).decode("utf-8")
        except (zlib.error, UnicodeDecodeError):
            return f"\x00unreadable packed text of {len(value)} bytes"
