"""Writing a file so that ``path`` is either the old file or the whole new one.

The content goes to a hidden temporary file beside ``path`` (same folder, so same file
system), is flushed to disk, and only then takes ``path``'s place in one rename. A crash,
an exception or a full disk leaves ``path`` as it was; the temporary file is removed
(except after a hard kill, when a ``.NAME.*.tmp`` may stay behind, never at ``path``).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from vendor_review.service.errors import ValidationError


def check_target(path: Path, *, overwrite: bool, suffix: str) -> None:
    """Refuse early what the final rename would refuse (or do unasked)."""
    if path.suffix.lower() != suffix:
        raise ValidationError(f"{path}: the file name must end in {suffix}")
    if not path.parent.is_dir():
        raise ValidationError(f"cannot write {path}: folder {path.parent} does not exist")
    if path.is_dir():
        raise ValidationError(f"cannot write {path}: it is a folder")
    if path.exists() and not overwrite:
        raise ValidationError(f"{path} exists; use --force to overwrite it")


@contextmanager
def atomic_file(path: Path, *, overwrite: bool, mode: int = 0o666) -> Iterator[BinaryIO]:
    """A new file beside ``path`` that becomes ``path`` when the block ends without error.

    Without ``overwrite`` an existing ``path`` is never replaced, not even one that
    appeared while the block ran. The file gets ``mode`` (the umask applies): by default
    the usual permissions, ``0o600`` for the owner only."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _publish(tmp, path, overwrite=overwrite)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _publish(tmp: Path, path: Path, *, overwrite: bool) -> None:
    if overwrite:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails if path exists: no check-then-rename race
    except FileExistsError:
        raise ValidationError(
            f"{path} appeared while exporting and was left alone; use --force to overwrite it"
        ) from None
    except OSError:  # a file system without hard links
        if path.exists():
            raise ValidationError(f"{path} exists; use --force to overwrite it") from None
        os.replace(tmp, path)
        return
    tmp.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows (POSIX)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
