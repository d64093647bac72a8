"""The administrators' error log: the details behind a user's one Chinese line.

Every unexpected failure, and every ``log.exception`` anywhere in the package, goes to
``huitoukan-errors.log`` next to the database (``config.error_log_path``) with the time, the
login, the command or screen and the traceback. The file rotates (1 MB, five old files), is
created 0640 (0660 in a setgid group folder, see services.sharedfiles) and is opened only
when there is something to write. A log that cannot be written never shows a traceback on
the user's terminal: the user's line says so instead.
"""

from __future__ import annotations

import datetime as dt
import logging
import logging.handlers
import os
from collections.abc import Callable
from pathlib import Path

from huitoukan_tui.services import clock, sharedfiles

LOGGER_NAME = "huitoukan_tui"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = ("%(asctime)s 登录名=%(login)s 进程=%(process)d %(where)s\n"
          "%(message)s")

Where = str | Callable[[], str]


class _Handler(logging.handlers.RotatingFileHandler):
    def __init__(self, path: Path) -> None:
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                         encoding="utf-8", delay=True)
        self.failed = False

    def _open(self):
        return os.fdopen(sharedfiles.create_file(self.baseFilename), "a", encoding="utf-8")

    def emit(self, record: logging.LogRecord) -> None:
        self.failed = False
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        self.failed = True
        if self.stream is not None:
            try:
                self.stream.close()
            except OSError:
                pass
            self.stream = None


class _Context(logging.Filter):
    def __init__(self, login: Where, where: Where) -> None:
        super().__init__()
        self.login, self.where = login, where

    def filter(self, record: logging.LogRecord) -> bool:
        record.login = _text(self.login)
        record.where = _text(self.where)
        return True


def _text(value: Where) -> str:
    try:
        return value() if callable(value) else value
    except Exception:  # noqa: BLE001 - a context that cannot be told is left blank
        return ""


_installed: dict[str, object] = {}


def install(path: Path, *, login: Where = "", where: Where = "") -> None:
    """Send the package's log records (level WARNING and above) to the error log at
    ``path``, tagged with ``login`` and ``where`` (text, or callables asked at each
    record). Replaces an earlier installation (tests install once per command)."""
    logger = logging.getLogger(LOGGER_NAME)
    old = _installed.get("handler")
    if isinstance(old, logging.Handler):
        logger.removeHandler(old)
        old.close()
    handler = _Handler(Path(path))
    handler.setLevel(logging.WARNING)
    handler.setFormatter(_ClockFormatter(FORMAT, datefmt="%Y-%m-%d %H:%M:%S"))
    context = _Context(login, where)
    handler.addFilter(context)
    logger.addHandler(handler)
    _installed["context"] = context
    if logger.level == logging.NOTSET or logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    _installed["handler"] = handler


def uninstall() -> None:
    """Stop writing the error log (tests: each installs its own)."""
    handler = _installed.pop("handler", None)
    _installed.pop("context", None)
    if isinstance(handler, logging.Handler):
        logging.getLogger(LOGGER_NAME).removeHandler(handler)
        handler.close()


def retag(*, login: Where | None = None, where: Where | None = None) -> None:
    """Change what the installed log tags its records with (the TUI names its screen)."""
    context = _installed.get("context")
    if isinstance(context, _Context):
        if login is not None:
            context.login = login
        if where is not None:
            context.where = where


class _ClockFormatter(logging.Formatter):
    """Entries timed by the clock (China's time, not the server's); a failure's entry has
    the very time its user's line gives (``record``'s ``at``)."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        at = getattr(record, "at", None) or clock.now()
        return at.strftime(datefmt or "%Y-%m-%d %H:%M:%S")


def path() -> Path | None:
    handler = _installed.get("handler")
    return Path(handler.baseFilename) if isinstance(handler, _Handler) else None


def record(exc: BaseException, message: str) -> tuple[Path | None, dt.datetime, bool]:
    """Write ``message`` and ``exc`` with its traceback. Returns the log's path, the time
    of the entry and whether it was written."""
    at = clock.now()
    handler = _installed.get("handler")
    logging.getLogger(f"{LOGGER_NAME}.faults").error(
        message, exc_info=(type(exc), exc, exc.__traceback__), extra={"at": at})
    if not isinstance(handler, _Handler):
        return None, at, False
    return Path(handler.baseFilename), at, not handler.failed
