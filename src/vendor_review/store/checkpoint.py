"""Audit checkpoints: the chain's head, signed with a key kept outside the database.

A checkpoint is a small JSON file::

    {"format": "vendor-review-audit-checkpoint/1", "seq": 41, "hash": "…",
     "made_at": "2026-12-02T04:00:00+00:00", "database": "postgresql+psycopg://…",
     "hmac_sha256": "…"}

``hmac_sha256`` is HMAC-SHA256 (key: the bytes of the key file) over the canonical JSON of
every other field; unsigned checkpoints (no key) carry ``null``. ``audit verify
--checkpoint FILE [--key-file K]`` refuses a file whose signature does not match, then
requires the chain to still hold event ``seq`` with ``hash``: a removed or rehashed tail
is caught. Keep the file (and the key) where those who can write the database cannot.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from vendor_review.store.audit import Anchor, canonical_json
from vendor_review.store.errors import StoreError

FORMAT = "vendor-review-audit-checkpoint/1"
MIN_KEY_BYTES = 16
MAX_FILE_BYTES = 64 * 1024


class CheckpointError(StoreError):
    """A checkpoint or key file that cannot be used (unreadable, forged, malformed)."""


def read_key(path: Path) -> bytes:
    try:
        key = path.read_bytes()[:MAX_FILE_BYTES]
    except OSError as exc:
        raise CheckpointError(f"cannot read key file {path}: {exc.strerror or exc}") from None
    if len(key.strip()) < MIN_KEY_BYTES:
        raise CheckpointError(
            f"key file {path} holds fewer than {MIN_KEY_BYTES} bytes; make one with "
            f"head -c 32 /dev/urandom > {path.name}"
        )
    return key


def make(anchor: Anchor, database: str, key: bytes | None, now: datetime | None = None) -> str:
    """The checkpoint file's text for ``anchor`` (signed when ``key`` is given)."""
    body: dict[str, Any] = {
        "format": FORMAT,
        "seq": anchor.seq,
        "hash": anchor.hash,
        "made_at": (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds"),
        "database": database,
    }
    body["hmac_sha256"] = None if key is None else _sign(body, key)
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def read(path: Path, key: bytes | None) -> Anchor:
    """The anchor a checkpoint file holds, after checking its signature."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CheckpointError(f"cannot read checkpoint {path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise CheckpointError(f"{path} is too large to be a checkpoint")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise CheckpointError(f"{path} is not a checkpoint (not JSON)") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise CheckpointError(f"{path} is not a vendor-review audit checkpoint")
    signature = body.pop("hmac_sha256", None)
    if signature is not None:
        if key is None:
            raise CheckpointError(f"{path} is signed: pass --key-file to check it")
        if not isinstance(signature, str) or not hmac.compare_digest(signature, _sign(body, key)):
            raise CheckpointError(
                f"{path}: the signature does not match (wrong key, or the file was altered)"
            )
    elif key is not None:
        raise CheckpointError(f"{path} is not signed, but a key was given")
    try:
        return Anchor.parse(f"{body.get('seq')}:{body.get('hash')}")
    except ValueError as exc:
        raise CheckpointError(f"{path}: {exc}") from None


def _sign(body: dict[str, Any], key: bytes) -> str:
    return hmac.new(key, canonical_json(body).encode("utf-8"), hashlib.sha256).hexdigest()
