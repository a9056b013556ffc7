"""``evidence`` commands: the stored files behind certificates and answers."""

from __future__ import annotations

import hashlib
from pathlib import Path

import click

from vendor_review.cli.app import (
    AppContext,
    echo,
    emit_table,
    fail,
    json_option,
    pass_app,
    path_argument,
)


@click.group()
def evidence() -> None:
    """Files stored as evidence (once per content): list them, save one back out."""


@evidence.command("list")
@json_option
@pass_app
def evidence_list(app: AppContext, as_json: bool) -> None:
    """List the stored evidence files."""
    files = app.service().list_evidence()
    emit_table(
        files,
        as_json,
        ["ID", "NAME", "BYTES", "SHA-256", "ADDED", "BY"],
        lambda e: [e.id, e.name, e.size, e.sha256[:16], f"{e.added_at:%Y-%m-%d}", e.added_by],
    )


@evidence.command("save")
@click.argument("evidence_id", metavar="ID", type=int)
@path_argument
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@pass_app
def evidence_save(app: AppContext, evidence_id: int, path: Path, force: bool) -> None:
    """Write stored evidence file ID to PATH (checked against its SHA-256)."""
    from vendor_review.service.errors import ValidationError

    if path.exists() and not force:
        raise ValidationError(f"{path} exists; use --force to overwrite it")
    if not path.parent.is_dir():
        raise ValidationError(f"cannot write {path}: folder {path.parent} does not exist")
    meta, content = app.service().evidence_content(evidence_id)
    if hashlib.sha256(content).hexdigest() != meta.sha256:
        fail(f"evidence #{meta.id} ({meta.name}) does not match its stored SHA-256; not written")
    from vendor_review.exchange.files import atomic_file

    with atomic_file(path, overwrite=force, mode=0o600) as fh:
        fh.write(content)
    echo(f"Saved evidence #{meta.id} {meta.name} ({meta.size:,} bytes) to {path}")
