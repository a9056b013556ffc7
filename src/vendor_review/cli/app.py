"""What every command shares: settings, the lazily opened service, errors as one line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, NoReturn, ParamSpec, TypeVar

import click

if TYPE_CHECKING:
    from vendor_review.service import Service
    from vendor_review.service.base import ServiceBase
    from vendor_review.settings import Settings

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")
Ops = TypeVar("Ops", bound="ServiceBase")
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
"""The reader of the output stopped reading (``vendor-review finding list | head``): 128 +
SIGPIPE, what a shell tool killed by the signal returns, and no message."""


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (and SIGHUP) unwind like Ctrl+C while a command runs, so ``finally``
    blocks run: transactions roll back, half-written and temporary files are removed.
    (The terminal app installs its own handlers when it starts.)"""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def echo(
    message: object = "", *, err: bool = False, nl: bool = True, rewrite: bool = False
) -> None:
    """Every line the CLI prints goes through here (the one terminal write outside the
    app; ``tests/cli/test_echo_only.py`` fails on any other): outside text (names,
    answers, file names, messages quoting them) can never put a control or bidi
    character on the terminal (``domain.text_rules.terminal_safe``: ESC shows as ``␛``).

    ``rewrite`` rewrites the current line in place (a progress line on a terminal): the
    carriage return and the erase-to-end-of-line are added here, after the filter.
    """
    from vendor_review.domain.text_rules import terminal_safe

    text = terminal_safe(str(message))
    if rewrite:
        text = f"\r{text}\x1b[K"
    click.echo(text, err=err, nl=nl)


def fail(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    lines = (line.strip() for line in str(message).splitlines())  # click indents choices
    echo(f"vendor-review: error: {' '.join(line for line in lines if line)}", err=True)
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

    def ops(self, kind: type[Ops]) -> Ops:
        """Only the operations of one concept (``AuditOps``): what a reporting command
        opens, so its start-up imports neither the ORM nor the other concepts (issue 14)."""
        from vendor_review.service import open_ops

        return open_ops(kind, self.settings, database_url=self.database_url)


def known_errors() -> tuple[type[BaseException], ...]:
    """Errors that are the user's to fix: shown as one line, never a traceback."""
    from vendor_review.domain.answers import AnswerError
    from vendor_review.domain.safe_yaml import YamlFileError
    from vendor_review.service.errors import ServiceError
    from vendor_review.settings import SettingsError
    from vendor_review.store.errors import StoreError

    return (ServiceError, StoreError, YamlFileError, SettingsError, AnswerError)


def os_error_message(exc: OSError) -> str:
    """``export.xlsx: No space left on device`` (one line, the path as given)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is not None:
        return f"cannot write or read {exc.filename}: {reason}"
    return f"cannot write the output: {reason}"


def _quiet_broken_stdout() -> None:
    """After stdout failed (full disk, closed pipe) point it at /dev/null, so the
    interpreter's final flush does not add a second message."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # a test runner's stdout has no fd
        pass


def _damaged(exc: Exception) -> str | None:
    """SQLite's words for a damaged file, if that is what ``exc`` says."""
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()
    first = reason[0] if reason else ""
    return first if "malformed" in first or "file is not a database" in first else None


class ErrorHandlingGroup(click.Group):
    """Every failure is one ``vendor-review: error:`` line on stderr, never a traceback."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.BadParameter as exc:
            fail(exc.format_message(), EXIT_USAGE)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with _terminate_as_interrupt():
                return super().invoke(ctx)
        except KeyboardInterrupt:  # SIGINT, or SIGTERM: temporary files are removed
            fail("interrupted; what was not finished was not kept", EXIT_INTERRUPTED)
        except click.BadParameter as exc:  # a folder given as PATH, a bad date …: one line
            fail(exc.format_message(), EXIT_USAGE)
        except click.ClickException as exc:
            from vendor_review.domain.text_rules import terminal_safe

            # click types ``message`` Final; it is rewritten in place so the exception
            # keeps its class (usage line, exit code)
            exc.message = terminal_safe(exc.message)  # type: ignore[misc]
            raise
        except (click.exceptions.Exit, click.Abort):
            raise
        except OSError as exc:  # an output on a full, read-only or missing disk
            if exc.filename is None:
                _quiet_broken_stdout()
                if isinstance(exc, BrokenPipeError):  # `| head` has all it wanted
                    raise click.exceptions.Exit(EXIT_BROKEN_PIPE) from None
            fail(os_error_message(exc))
        except Exception as exc:
            if isinstance(exc, known_errors()):
                fail(str(exc), getattr(exc, "exit_code", EXIT_FAILURE))
            from sqlalchemy.exc import OperationalError, SQLAlchemyError

            if isinstance(exc, SQLAlchemyError) and _damaged(exc):
                fail(
                    f"the database file is damaged ({_damaged(exc)}); nothing was changed. "
                    "To recover, move it aside and copy your latest 'vendor-review backup' "
                    "file into its place, or salvage what is left with 'sqlite3 FILE .recover'"
                )
            if isinstance(exc, OperationalError):
                fail(f"database error: {str(exc.orig).strip().splitlines()[0]}")
            if isinstance(exc, SQLAlchemyError):
                fail(f"database error: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            raise


def pass_app(f: Callable[Concatenate[AppContext, P], R]) -> Callable[P, R]:
    """The command gets the :class:`AppContext` as its first argument."""
    return click.pass_obj(f)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def repeated(flag: str, dest: str, metavar: str, text: str) -> Callable[[Any], Any]:
    """An option given any number of times: its values as a tuple in ``dest``."""
    return click.option(flag, dest, multiple=True, metavar=metavar, help=text)


DATE = click.DateTime(["%Y-%m-%d"])
"""A date option's type: ``YYYY-MM-DD`` (the value is a ``datetime`` at midnight)."""
FILE = click.Path(dir_okay=False, path_type=Path)
"""A file argument's or option's type: a path that is not a folder."""
path_argument = click.argument("path", type=FILE)
"""The file a command reads or writes, as its PATH argument."""


def date_of(value: datetime | None) -> date | None:
    """A :data:`DATE` option's day, or ``None`` when it was not given."""
    return value.date() if value is not None else None


def choice(enum: type[Enum]) -> click.Choice[str]:
    """An option taking one of ``enum``'s values, in any case."""
    return click.Choice([e.value for e in enum], case_sensitive=False)


def emit_json(data: Any) -> None:
    """``data`` as indented JSON. Only what JSON cannot hold passes through Python
    (``json.dumps``'s ``default``), so a list of 30,000 items costs no call per value:
    pydantic models as they dump themselves, dataclasses field by field (not
    ``dataclasses.asdict``, which deep-copies every value), datetimes as pydantic writes
    them, anything else (dates) as ``str``."""
    import dataclasses

    def plain(value: Any) -> Any:
        if hasattr(value, "model_dump"):  # a pydantic model (pydantic is not imported here)
            return value.model_dump(mode="json")
        if isinstance(value, datetime):  # as pydantic writes it: 2026-03-01T09:30:00Z
            text = value.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
        return str(value)

    from vendor_review.domain.text_rules import json_safe

    echo(json_safe(json.dumps(data, indent=2, ensure_ascii=False, default=plain)))


def emit(data: Any, as_json: bool, line: object) -> None:
    """What a command did: ``data`` as JSON with ``--json``, else ``line`` for people."""
    if as_json:
        emit_json(data)
    else:
        echo(line)


def emit_table(
    rows: Sequence[T], as_json: bool, headers: list[str], cells: Callable[[T], list[Any]]
) -> None:
    """``rows`` as JSON with ``--json``, else a table of ``cells(row)`` under ``headers``."""
    if as_json:
        emit_json(rows)
    else:
        table(headers, [cells(row) for row in rows])


def table(headers: list[str], rows: list[list[Any]]) -> None:
    """A plain aligned table; outside text is printed visibly (``␛``, ``␊``, ``⟨U+202E⟩``).

    Columns are cut at 60 characters with an ellipsis, except the last, which is whole.
    """
    from vendor_review.domain.text_rules import visible

    def cell(value: Any) -> str:
        if value is None:
            return "-"
        if isinstance(value, float):
            return f"{value:.1f}"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return visible(str(value))

    cells = [[cell(v) for v in row] for row in rows]
    widths = [min(max([len(h)] + [len(r[i]) for r in cells]), 60) for i, h in enumerate(headers)]
    if cells:
        widths[-1] = max(len(r[-1]) for r in cells)
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.extend(
        "  ".join(_clip(c, w).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    )
    echo("\n".join(lines))  # one write, through the filter like every other


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def parse_path(value: str) -> Path:
    return Path(value).expanduser()
