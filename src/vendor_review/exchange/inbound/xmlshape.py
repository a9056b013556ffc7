"""The shape of a workbook's sheet XML, checked by a streaming pass before openpyxl reads it.

Within the size limits a sheet can still be built to exhaust memory: openpyxl turns a
whole ``<row>`` into one dict per cell before a row is handed over, and an element's
children stay in memory (cleared, but attached) until the element ends. So one row of
two million ``<c/>`` (8 MiB of XML) or a ``<mergeCells>`` of millions would cost
gigabytes. This pass walks each worksheet and the shared strings with defusedxml's
``iterparse``, clearing as it goes, and refuses an element with more children than a
sheet can have (Excel's 16,384 columns, the row cap) or nesting deeper than any sheet.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import IO

from vendor_review.exchange.inbound.tables import Limits, RefusedFile, Upload

WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
SHARED_STRINGS = "xl/sharedStrings.xml"
MAX_CHILDREN = 20_000
"""More than Excel's 16,384 columns in a row; more than any other list in a sheet here."""
MAX_DEPTH = 64


def check_shapes(upload: Upload, limits: Limits) -> None:
    """Refuse a worksheet or shared-string table that would blow up when parsed."""
    with zipfile.ZipFile(io.BytesIO(upload.data)) as archive:
        for info in archive.infolist():
            if WORKSHEET.match(info.filename):
                most = max(MAX_CHILDREN, limits.max_rows + 2)
            elif info.filename == SHARED_STRINGS:
                most = max(MAX_CHILDREN, limits.max_rows * limits.max_columns)
            else:
                continue
            with archive.open(info) as member:
                _walk(upload.name, info.filename, member, most)


def _walk(name: str, member: str, source: IO[bytes], most: int) -> None:
    from defusedxml.ElementTree import iterparse

    children = [0]
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            children[-1] += 1
            if children[-1] > most:
                raise RefusedFile(
                    name,
                    f"refused: {member} has an element with more than {most:,} children "
                    f"(<{_local(element.tag)}>), more than any sheet holds",
                )
            children.append(0)
            if len(children) > MAX_DEPTH:
                raise RefusedFile(
                    name, f"refused: {member} nests elements over {MAX_DEPTH} levels deep"
                )
        else:
            children.pop()
            element.clear()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1][:40]
