"""Private temporary folders for files in transit: a form on its way to standard output or a
ZMODEM download, a ledger arriving from standard input or a ZMODEM upload.

They hold personal data, so they are made inside the installation's protected exports folder
(mode 0700, hidden name ``.huitoukan-…``) rather than in a world-listable ``/tmp``, and are
removed with everything in them when the work is done, whether it succeeded or not.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from huitoukan_tui.config import default_export_dir
from huitoukan_tui.services.errors import ServiceError

PREFIX = ".huitoukan-"


def make_private_folder(purpose: str) -> Path:
    """A new folder only this account may enter (the caller removes it: ``remove``)."""
    problem = ""
    for parent in (default_export_dir(), None):  # None: the system's temporary folder
        try:
            if parent is not None:
                parent.mkdir(parents=True, exist_ok=True)
            return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{purpose}-", dir=parent))
        except OSError as exc:
            problem = problem or (exc.strerror or str(exc))
    raise ServiceError(f"无法创建临时目录：{problem}")


def remove(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def private_folder(purpose: str) -> Iterator[Path]:
    folder = make_private_folder(purpose)
    try:
        yield folder
    finally:
        remove(folder)
