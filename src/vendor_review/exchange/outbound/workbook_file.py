"""Saving a finished workbook to its file: the whole new file or the old one
(``files.atomic_file``), and nothing left holding the file after a failure.

openpyxl's ``Workbook.save`` opens a zip archive on the file and closes it only when every
part is written; a write that fails half-way (a full disk) left the archive open on a file
that ``atomic_file`` then closed and removed, and the archive's clean-up, whenever the
garbage collector got to it, tried to finish the zip in that closed file ("seek of closed
file", printed as an ignored exception). Here the archive is ours: on a failure it is let
go of while its file is still open, and the first error is the one raised.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from vendor_review.exchange.files import atomic_file


def save_workbook(wb: Workbook, path: Path, *, overwrite: bool) -> None:
    """Write ``wb`` (write-only: saved once) to ``path``, replacing it only with
    ``overwrite``; on any failure ``path`` is left as it was."""
    with atomic_file(path, overwrite=overwrite) as fh:
        archive = ZipFile(fh, "w", ZIP_DEFLATED, allowZip64=True)
        try:
            wb.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None)
            ExcelWriter(wb, archive).save()  # closes the archive when all is written
        except BaseException:
            with contextlib.suppress(Exception):
                archive.close()  # lets go of the file even when the end cannot be written
            raise
