"""Evidence: files stored once per content (SHA-256), behind reports and answers."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from vendor_review.domain.text_rules import visible
from vendor_review.service import dto
from vendor_review.service.base import ServiceBase, row_dict
from vendor_review.service.errors import NotFoundError, ValidationError
from vendor_review.store.models import Evidence


class EvidenceOps(ServiceBase):
    def add_evidence(self, path: Path, *, name: str | None = None) -> dto.Evidence:
        """Store a file (capped size) once per content: the same bytes twice is one row.
        A file's own name comes from outside: it is kept in its visible form."""
        return self.store_evidence(self._read_evidence(path), name or visible(path.name))

    def _read_evidence(self, path: Path) -> bytes:
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise ValidationError(f"cannot read evidence file {path}: {exc.strerror}") from None
        if not path.is_file():
            raise ValidationError(f"evidence {path} is not a file")
        if size > self.evidence_max_bytes:
            raise ValidationError(
                f"evidence file {path.name} is {size:,} bytes, over the "
                f"{self.evidence_max_bytes:,}-byte limit"
            )
        content = path.read_bytes()[: self.evidence_max_bytes + 1]
        if len(content) > self.evidence_max_bytes:
            raise ValidationError(f"evidence file {path.name} grew past the size limit")
        return content

    def store_evidence(self, content: bytes, name: str) -> dto.Evidence:
        if len(content) > self.evidence_max_bytes:
            raise ValidationError(
                f"evidence {name} is {len(content):,} bytes, over the "
                f"{self.evidence_max_bytes:,}-byte limit"
            )
        with self._write() as s:
            return dto.Evidence.model_validate(self._store_evidence(s, content, name))

    def _store_evidence(self, s: Session, content: bytes, name: str) -> Evidence:
        """In the caller's transaction: the existing row for this content, or a new one."""
        digest = hashlib.sha256(content).hexdigest()
        existing = s.scalar(select(Evidence).where(Evidence.sha256 == digest))
        if existing is not None:
            return existing
        evidence = Evidence(
            name=Path(name).name[:255] or "evidence",
            size=len(content),
            sha256=digest,
            content=content,
            media_type=mimetypes.guess_type(name)[0],
            added_by=self.actor,
            added_at=self.now(),
        )
        s.add(evidence)
        s.flush()
        self._audit(s, "evidence.add", "evidence", evidence.id, None, row_dict(evidence))
        return evidence

    def list_evidence(self) -> list[dto.Evidence]:
        """Every stored file, oldest first (the contents are not loaded)."""
        with self._read() as s:
            return [
                dto.Evidence.model_validate(e)
                for e in s.scalars(select(Evidence).order_by(Evidence.id))
            ]

    def evidence_content(self, evidence_id: int) -> tuple[dto.Evidence, bytes]:
        with self._read() as s:
            evidence = s.get(Evidence, evidence_id)
            if evidence is None:
                raise NotFoundError(f"no evidence #{evidence_id}")
            return dto.Evidence.model_validate(evidence), evidence.content

    def _evidence_from(self, s: Session, given: tuple[bytes, str] | None) -> Evidence | None:
        """In the caller's transaction: the evidence row for a file read beforehand
        (``given``: its bytes and name), or None."""
        if given is None:
            return None
        content, name = given
        if len(content) > self.evidence_max_bytes:
            raise ValidationError(
                f"evidence {name} is {len(content):,} bytes, over the "
                f"{self.evidence_max_bytes:,}-byte limit"
            )
        return self._store_evidence(s, content, visible(name))

    def _given_evidence(
        self, path: Path | None, given: tuple[bytes, str] | None
    ) -> tuple[bytes, str] | None:
        """A file's bytes and name, read (size-capped) before the transaction."""
        if given is None and path is not None:
            return self._read_evidence(path), path.name
        return given
