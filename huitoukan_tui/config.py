"""Where things live: the database and the exports folder.

Order of precedence: command-line flags, then environment variables, then the installation's
own folders. The installation root is the checkout (where pyproject.toml sits next to the
package) or ``HUITOUKAN_HOME``; it never depends on the working directory, so every SSH user
and every cron job reach the same database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_HOME = "HUITOUKAN_HOME"
ENV_DB = "HUITOUKAN_DB"
ENV_URL = "HUITOUKAN_DATABASE_URL"
ENV_EXPORTS = "HUITOUKAN_EXPORTS"
DB_FILENAME = "huitoukan.sqlite3"
ERROR_LOG_FILENAME = "huitoukan-errors.log"


def install_root() -> Path:
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().resolve()
    here = Path(__file__).resolve().parent.parent
    if (here / "pyproject.toml").exists():
        return here
    import platformdirs

    return Path(platformdirs.site_data_dir("huitoukan-tui"))


def default_db_path() -> Path:
    return default_db_dir() / DB_FILENAME


def default_db_dir() -> Path:
    return install_root() / "db"


def default_export_dir() -> Path:
    env = os.environ.get(ENV_EXPORTS)
    return Path(env).expanduser().resolve() if env else install_root() / "exports"


@dataclass(frozen=True)
class DatabaseTarget:
    """Either a SQLite file (``path``) or another engine given by a peewee db_url."""

    path: Path | None = None
    url: str | None = None

    @property
    def is_sqlite_file(self) -> bool:
        return self.path is not None

    def describe(self) -> str:
        if self.path is not None:
            return str(self.path)
        return hide_password(self.url or "")


def error_log_path(target: DatabaseTarget | None = None) -> Path:
    """The administrators' error log: next to the SQLite database file, else (another
    engine) in the installation's ``db/`` folder."""
    if target is not None and target.path is not None:
        return target.path.parent / ERROR_LOG_FILENAME
    return default_db_dir() / ERROR_LOG_FILENAME


def resolve_database(db_path: str | None = None, url: str | None = None) -> DatabaseTarget:
    """Flags first (``--database-url``, ``--db``), then the environment, then the default."""
    if url:
        return _from_url(url)
    if db_path:
        return DatabaseTarget(path=Path(db_path).expanduser().resolve())
    if os.environ.get(ENV_URL):
        return _from_url(os.environ[ENV_URL])
    if os.environ.get(ENV_DB):
        return DatabaseTarget(path=Path(os.environ[ENV_DB]).expanduser().resolve())
    return DatabaseTarget(path=default_db_path())


def _from_url(url: str) -> DatabaseTarget:
    """``sqlite:///path`` is a SQLite file like ``--db path`` (so a missing file is reported,
    not silently created empty); any other URL names another engine."""
    if url.startswith("sqlite:///"):
        return DatabaseTarget(path=Path(url[len("sqlite:///"):]).expanduser().resolve())
    return DatabaseTarget(url=url)


def hide_password(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
