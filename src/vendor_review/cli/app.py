"""What every command shares: settings, the lazily opened service, errors as one line."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from vendor_review.service import Service
    from vendor_review.settings import Settings

EXIT_FAILURE = 1
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    click.echo(f"vendor-review: error: {message}", err=True)
    sys.exit(code)


@dataclass
class AppContext:
    flags: dict[str, Any]
    _settings: Settings | None = None
    _service: Service | None = field(default=None, repr=False)

    @classmethod
    def from_flags(cls, **flags: Any) -> AppContext:
        return cls(flags)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from vendor_review.settings import load_settings

            self._settings = load_settings(self.flags)
        return self._settings

    @property
    def database_url(self) -> str:
        from vendor_review.store.engine import default_sqlite_url, demo_sqlite_url

        if self.settings.demo:
            return demo_sqlite_url()
        return self.settings.database_url or default_sqlite_url()

    def service(self) -> Service:
        if self._service is None:
            from vendor_review.service import open_service

            self._service = open_service(self.settings, database_url=self.database_url)
        return self._service


def known_errors() -> tuple[type[BaseException], ...]:
    """Errors that are the user's to fix: shown as one line, never a traceback."""
    from vendor_review.domain.answers import AnswerError
    from vendor_review.domain.safe_yaml import YamlFileError
    from vendor_review.service.errors import ServiceError
    from vendor_review.settings import SettingsError
    from vendor_review.store.errors import StoreError

    return (ServiceError, StoreError, YamlFileError, SettingsError, AnswerError)


class ErrorHandlingGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            if isinstance(exc, known_errors()):
                fail(str(exc), getattr(exc, "exit_code", EXIT_FAILURE))
            from sqlalchemy.exc import OperationalError, SQLAlchemyError

            if isinstance(exc, OperationalError):
                fail(f"database error: {str(exc.orig).strip().splitlines()[0]}")
            if isinstance(exc, SQLAlchemyError):
                fail(f"database error: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            raise


def pass_app(f: Any) -> Any:
    return click.pass_obj(f)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def emit_json(data: Any) -> None:
    from pydantic import BaseModel

    def plain(value: Any) -> Any:
        if isinstance(value, BaseModel):
            return value.model_dump(mode="json")
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    click.echo(json.dumps(plain(data), indent=2, ensure_ascii=False, default=str))


def table(headers: list[str], rows: list[list[Any]]) -> None:
    """A plain aligned table; outside text is printed as is, control characters escaped.

    Columns are cut at 60 characters with an ellipsis, except the last, which is whole.
    """
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [min(max([len(h)] + [len(r[i]) for r in cells]), 60) for i, h in enumerate(headers)]
    if cells:
        widths[-1] = max(len(r[-1]) for r in cells)
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.extend(
        "  ".join(_clip(c, w).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    )
    click.echo("\n".join(lines))  # one write, not one per row


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value)
    if text.isprintable():  # nearly always: no per-character work
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def parse_path(value: str) -> Path:
    return Path(value).expanduser()
