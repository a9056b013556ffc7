"""Certificates and the evidence files behind them and behind answers."""

from __future__ import annotations

import hashlib
import mimetypes
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from vendor_review.domain.dates import add_months
from vendor_review.domain.enums import CertificateStandard
from vendor_review.domain.text_rules import visible
from vendor_review.service import dto
from vendor_review.service.base import ServiceBase, row_dict
from vendor_review.service.errors import NotFoundError, ValidationError
from vendor_review.store.models import Certificate, Evidence, Vendor

SOC_REPORTS = {
    CertificateStandard.SOC_1,
    CertificateStandard.SOC_2_TYPE_I,
    CertificateStandard.SOC_2_TYPE_II,
    CertificateStandard.SSAE_16,
    CertificateStandard.SSAE_18,
}


class CertificateOps(ServiceBase):
    # --- evidence -----------------------------------------------------------------------

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

    # --- certificates -------------------------------------------------------------------

    def add_certificate(
        self,
        vendor_ref: str | int,
        standard: CertificateStandard,
        *,
        expires_on: date | None = None,
        issued_on: date | None = None,
        period_end: date | None = None,
        issuer: str | None = None,
        scope: str | None = None,
        evidence_path: Path | None = None,
    ) -> dto.Certificate:
        """A SOC report given with its period end expires 12 months after it unless told."""
        if expires_on is None:
            if period_end is not None and standard in SOC_REPORTS:
                expires_on = add_months(period_end, 12)
            else:
                raise ValidationError(
                    f"{standard.value} needs an expiry date"
                    + (" (or the report's period end)" if standard in SOC_REPORTS else "")
                )
        if issued_on is not None and issued_on > expires_on:
            raise ValidationError("a certificate cannot expire before it is issued")
        content = self._read_evidence(evidence_path) if evidence_path is not None else None
        with self._write() as s:  # the certificate and its evidence, or neither
            vendor = self._vendor(s, vendor_ref)
            evidence = None
            if evidence_path is not None and content is not None:
                evidence = self._store_evidence(s, content, visible(evidence_path.name))
            cert = Certificate(
                vendor_id=vendor.id,
                standard=standard.value,
                issuer=issuer,
                scope=scope,
                issued_on=issued_on,
                period_end=period_end,
                expires_on=expires_on,
                evidence_id=evidence.id if evidence else None,
                created_at=self.now(),
            )
            s.add(cert)
            s.flush()
            self._audit(s, "certificate.add", "certificate", cert.id, None, row_dict(cert))
            return dto.Certificate.model_validate(cert).model_copy(
                update={"vendor_name": vendor.name}
            )

    def list_certificates(
        self, *, vendor: str | int | None = None, expiring_by: date | None = None
    ) -> list[dto.Certificate]:
        with self._read() as s:
            query = (
                select(Certificate, Vendor.name)
                .join(Vendor, Vendor.id == Certificate.vendor_id)
                .order_by(Certificate.expires_on, Certificate.id)
            )
            if vendor is not None:
                query = query.where(Certificate.vendor_id == self._vendor(s, vendor).id)
            if expiring_by is not None:
                query = query.where(Certificate.expires_on <= expiring_by)
            return [
                dto.Certificate.model_validate(c).model_copy(update={"vendor_name": name})
                for c, name in s.execute(query)
            ]
