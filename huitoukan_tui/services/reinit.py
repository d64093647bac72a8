"""``init --force``: the database is rebuilt only when nobody else is using it, only by its
station (once it holds accounts), and only after a verified backup.

``authorize`` first, then ``clear`` inside ``sessions.alone(target)``; afterwards the database
is gone (SQLite: the file and its -wal/-shm; PostgreSQL: the tables) and ``init`` creates it
anew.
"""

from __future__ import annotations

from pathlib import Path

from huitoukan_tui import db as dbmod
from huitoukan_tui.config import DatabaseTarget, default_db_dir
from huitoukan_tui.models import ALL_MODELS, User, database
from huitoukan_tui.services import access, backup, clock, dbcopy, sharedfiles
from huitoukan_tui.services.errors import PermissionDenied, ServiceError
from huitoukan_tui.services.users import resolve_actor


def authorize(target: DatabaseTarget, login: str) -> None:
    """Refuse unless ``login`` may rebuild ``target``: once the database holds accounts,
    only an active station account may. A corrupt or newer database is refused here,
    untouched; an empty file needs nobody's word."""
    if target.path is not None and target.path.stat().st_size == 0:
        return
    dbmod.bind(target)
    try:
        if User.select().exists():
            try:
                access.require_station(resolve_actor(login))
            except PermissionDenied:
                raise PermissionDenied(
                    f"只有街道生态环境站的账号可以重建数据库（{login} 不是）。") from None
    finally:
        database.close()


def clear(target: DatabaseTarget) -> Path | None:
    """Keep a verified backup of ``target``, then remove the database (inside
    ``sessions.alone``, after ``authorize``). Returns the backup's path (None: an empty
    file, nothing to keep)."""
    if target.path is not None and target.path.stat().st_size == 0:
        _remove(target)
        return None
    dbmod.bind(target)
    kept = _backup(target)
    _remove(target)
    return kept


def _backup(target: DatabaseTarget) -> Path:
    if target.path is not None:
        database.close()
        return backup.backup_sqlite(target).path
    folder = sharedfiles.ensure_folder(default_db_dir() / "backups")
    path = backup.free_path(folder, clock.now())
    dbcopy.copy_bound(DatabaseTarget(path=path))  # compares every table's row count
    check = backup.integrity(path)
    if check != "ok":
        raise ServiceError(f"备份校验失败（{path}：{check}），数据库未重建。")
    return path


def _remove(target: DatabaseTarget) -> None:
    if target.path is not None:
        if database.obj is not None:
            database.close()
        for suffix in ("", "-wal", "-shm"):
            target.path.with_name(target.path.name + suffix).unlink(missing_ok=True)
        return
    database.obj.drop_tables(ALL_MODELS, cascade=True)
