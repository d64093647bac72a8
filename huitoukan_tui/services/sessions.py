"""Who is working on the database right now, so that ``init --force`` never pulls it away
from under an open session (which would go on writing into a deleted file).

SQLite: every process that works on a database file through the CLI (each command, each TUI
session, each cron job) holds a shared ``flock`` on ``.<file>.sessions`` beside it while it
runs; the kernel drops it when the process ends, however it ends. ``alone`` asks for that
lock exclusively: refused while anyone else holds it, and while it is held nobody new comes
in (a newcomer waits up to WAIT_SECONDS, then is told the database is being rebuilt).

PostgreSQL: the sessions are the server's connections made by this program (they carry
``application_name`` = APPLICATION_NAME), from whatever server they come.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from huitoukan_tui.config import DatabaseTarget
from huitoukan_tui.db import APPLICATION_NAME
from huitoukan_tui.services import sharedfiles
from huitoukan_tui.services.errors import ServiceError

WAIT_SECONDS = 30.0

_held: dict[str, object] = {"path": None, "fd": None}


class OthersConnected(ServiceError):
    """Other sessions are using the database."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.sessions")


def join(target: DatabaseTarget, *, wait: float = WAIT_SECONDS) -> None:
    """Count this process among the sessions of ``target`` (a SQLite file; idempotent).
    A folder this account cannot create the lock file in is left alone."""
    if target.path is None:
        return
    path = lock_path(target.path)
    if _held["path"] == path:
        return
    leave()
    try:
        fd, _writable = sharedfiles.open_lock_file(path)
    except OSError:
        return
    if not sharedfiles.wait_for_lock(fd, exclusive=False, timeout=wait, poll=0.2):
        os.close(fd)
        raise ServiceError("数据库正在重建（init --force），请稍后再试。")
    _held.update(path=path, fd=fd)


def leave() -> None:
    fd = _held["fd"]
    if isinstance(fd, int):
        os.close(fd)  # closing the descriptor releases its lock
    _held.update(path=None, fd=None)


def _refusal(count: int | None) -> OthersConnected:
    who = f"还有 {count} 个会话" if count else "还有其他会话"
    return OthersConnected(
        f"{who}（终端界面、命令或定时任务）正在使用这个数据库，不能重建。请先让大家退出程序"
        "（本机可用 pgrep -af huitoukan-tui 查看），再运行 init --force。")


@contextmanager
def alone(target: DatabaseTarget) -> Iterator[None]:
    """Hold ``target`` for this process alone for the block; OthersConnected when anyone
    else is connected."""
    if target.path is None:
        count = other_server_sessions()
        if count:
            raise _refusal(count)
        yield
        return
    path = lock_path(target.path)
    if _held["path"] != path:
        leave()
        sharedfiles.ensure_folder(path.parent)
        fd, _writable = sharedfiles.open_lock_file(path)
        _held.update(path=path, fd=fd)  # held from now on: join() of this process is a no-op
    fd = int(_held["fd"])  # type: ignore[arg-type]
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        with contextlib.suppress(BlockingIOError):  # a failed upgrade may drop the shared lock
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        raise _refusal(None) from None
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_SH)  # back to an ordinary session


def other_server_sessions() -> int:
    """Connections of this program to the bound PostgreSQL database, other than ours."""
    from huitoukan_tui.models import database

    return int(database.execute_sql(
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND application_name = %s",
        (APPLICATION_NAME,)).fetchone()[0])
