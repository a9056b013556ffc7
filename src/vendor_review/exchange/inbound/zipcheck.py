"""The checks of an ``.xlsx`` container that run before any XML parser sees it.

- An OLE/CFB signature is an encrypted (password-protected) workbook or an old ``.xls``.
- The zip's end record is read by hand first: member count and central directory size
  are bounded before ``zipfile`` builds one object per member.
- Every member's declared sizes: count, total unpacked size, compression ratio. The
  declared size is a hard bound: ``zipfile`` stops inflating a member there (and fails
  its CRC), which is why only deflate and stored members are accepted (bzip2 or lzma
  could inflate a whole chunk at once).
- No encrypted or duplicate members, no macros (``vbaProject.bin``, macro sheets or a
  macro-enabled content type) and no DTD in any member (``<!DOCTYPE``/``<!ENTITY``: the
  billion laughs and external entities), so both are refused with one clear message
  even before defusedxml would refuse them.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from vendor_review.exchange.inbound.tables import LIMITS, MIB, Limits, RefusedFile, Upload

CFB_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
END_RECORD = b"PK\x05\x06"
END_RECORD_SIZE = 22
MAX_ZIP_COMMENT = 65_535
DTD_MARKS = tuple(
    mark.encode(encoding)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
MACRO_TYPES = (b"macroEnabled", b"vbaProject", b"ms-office.activeX")
CHUNK = 256 * 1024
MACROS = "refused: the workbook contains macros; save it as an .xlsx workbook without macros"


def check_xlsx(upload: Upload, limits: Limits = LIMITS) -> None:
    """Every check of the container; raises ``RefusedFile`` naming the first problem."""
    name, data = upload.name, upload.data
    if data.startswith(CFB_SIGNATURE):
        raise RefusedFile(
            name,
            "refused: an encrypted (password-protected) workbook or an old .xls file; "
            "save it as an .xlsx workbook without a password",
        )
    if not data.startswith(ZIP_SIGNATURES):
        raise RefusedFile(name, "refused: not an .xlsx workbook (an .xlsx file is a zip archive)")
    _check_end_record(name, data, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise RefusedFile(name, f"refused: a damaged or truncated zip archive ({exc})") from None
    with archive:
        infos = archive.infolist()
        _check_members(name, infos, limits)
        _check_content(name, archive, infos)


def _check_end_record(name: str, data: bytes, limits: Limits) -> None:
    at = data.rfind(END_RECORD, max(0, len(data) - END_RECORD_SIZE - MAX_ZIP_COMMENT))
    if at < 0 or len(data) - at < END_RECORD_SIZE:
        raise RefusedFile(name, "refused: a truncated zip archive (no end of central directory)")
    entries, directory = struct.unpack_from("<10xHI", data, at)
    if entries == 0xFFFF or directory == 0xFFFFFFFF:
        raise RefusedFile(
            name,
            "refused: a zip64 archive (over 65,535 members or 4 GiB), far beyond any "
            "spreadsheet here",
        )
    if entries > limits.max_members or directory > limits.max_directory:
        raise RefusedFile(name, _too_many(entries, limits))


def _too_many(count: int, limits: Limits) -> str:
    return f"refused: {count:,} zip members, more than the {limits.max_members:,} allowed"


def _check_members(name: str, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_members:
        raise RefusedFile(name, _too_many(len(infos), limits))
    seen: set[str] = set()
    total = 0
    for info in infos:
        member = info.filename
        if member in seen:
            raise RefusedFile(name, f"refused: zip member {member!r} appears twice")
        seen.add(member)
        if info.flag_bits & 0x1:
            raise RefusedFile(name, f"refused: zip member {member!r} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise RefusedFile(
                name,
                f"refused: zip member {member!r} uses compression method "
                f"{info.compress_type} (an .xlsx uses deflate)",
            )
        total += info.file_size
        if total > limits.max_unpacked:
            raise RefusedFile(
                name,
                f"refused: unpacks to over {limits.max_unpacked / MIB:,.0f} MiB "
                "(a zip bomb, or far larger than any spreadsheet here)",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= limits.ratio_from and ratio > limits.max_ratio:
            raise RefusedFile(
                name,
                f"refused: zip member {member!r} is compressed {ratio:,.0f} to 1, beyond the "
                f"{limits.max_ratio:,.0f} to 1 a spreadsheet reaches (a zip bomb)",
            )
        lowered = member.lower()
        if lowered.endswith("vbaproject.bin") or "/macrosheets/" in lowered:
            raise RefusedFile(name, MACROS)


def _check_content(name: str, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    for info in infos:
        if info.is_dir():
            continue
        tail = b""
        try:
            with archive.open(info) as member:
                while chunk := member.read(CHUNK):
                    window = tail + chunk
                    if info.filename == "[Content_Types].xml" and any(
                        t in window for t in MACRO_TYPES
                    ):
                        raise RefusedFile(name, MACROS)
                    if any(mark in window for mark in DTD_MARKS):
                        raise RefusedFile(
                            name,
                            f"refused: {info.filename} declares a DTD (<!DOCTYPE or <!ENTITY): "
                            "entity expansion and external entities are never read",
                        )
                    tail = window[-32:]
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise RefusedFile(
                name, f"refused: damaged zip member {info.filename!r} ({exc})"
            ) from None
