"""Exclusive locks for work that must not run twice at once (e.g. two cron exports).

``with exclusive_lock("export", folder):`` holds an ``fcntl.flock`` on a hidden file in
``folder``; a second holder waits (up to ``timeout`` seconds) and then proceeds. The lock is
released when the block ends or the process dies, so a killed run never leaves it stuck. The
lock file itself is kept: deleting it would let two processes lock two different files. It is
created group-writable in a setgid group folder, and one that only its creator may write is
still locked through a read-only descriptor: whoever ran first never locks the others out.

On PostgreSQL the same call takes a PostgreSQL advisory lock instead (``advisory_lock``):
the database is shared by several servers, and only a lock kept in the database excludes a
run on another server. It is held on a connection of its own, so it is released when the
block ends or the process dies, whatever the block does with its own transactions.
"""

from __future__ import annotations

import fcntl
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from huitoukan_tui.services import sharedfiles
from huitoukan_tui.services.errors import ServiceError

DEFAULT_TIMEOUT = 600.0


class LockTimeout(ServiceError):
    """Another process held the lock for longer than we were willing to wait."""


def lock_path(name: str, directory: Path) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name) or "lock"
    return Path(directory) / f".{safe}.lock"


@contextmanager
def exclusive_lock(name: str, directory: Path | str, *, timeout: float = DEFAULT_TIMEOUT,
                   poll: float = 0.1) -> Iterator[Path]:
    """Hold the lock ``name`` in ``directory`` (created if missing) for the ``with`` block.

    Waits while another process holds it; raises LockTimeout after ``timeout`` seconds.
    Bound to PostgreSQL, the lock is an advisory lock in the database (see module notes)
    and the yielded path is only where the file lock would be.
    """
    directory = sharedfiles.ensure_folder(directory)
    path = lock_path(name, directory)
    if _bound_to_postgres():
        with advisory_lock(name, timeout=timeout, poll=poll):
            yield path
        return
    fd, writable = sharedfiles.open_lock_file(path)  # anyone's lock file works, even read-only
    try:
        if not sharedfiles.wait_for_lock(fd, exclusive=True, timeout=timeout, poll=poll):
            raise LockTimeout(f"另一个进程正在进行同样的操作（锁文件 {path}），"
                              f"等待 {timeout:.0f} 秒后仍未结束，请稍后再试。")
        try:
            if writable:
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
            yield path
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- PostgreSQL

def _bound_to_postgres() -> bool:
    from huitoukan_tui import db as dbmod
    from huitoukan_tui.models import database

    return database.obj is not None and dbmod.is_postgres(database.obj)


@contextmanager
def advisory_lock(name: str, *, timeout: float = DEFAULT_TIMEOUT,
                  poll: float = 0.1) -> Iterator[int]:
    """Hold the PostgreSQL advisory lock ``name`` in the bound database for the block.

    Advisory locks belong to one database, so runs against other databases never wait.
    Waits while another session (on any server) holds it; LockTimeout after ``timeout``.
    """
    import psycopg2

    from huitoukan_tui.db import advisory_key
    from huitoukan_tui.models import database

    db = database.obj
    key = advisory_key(name)
    conn = psycopg2.connect(dbname=db.database, **db.connect_params)
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            deadline = time.monotonic() + timeout
            while True:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", (key,))
                if cursor.fetchone()[0]:
                    break
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"另一台服务器或另一个进程正在进行同样的操作（数据库咨询锁 {name}），"
                        f"等待 {timeout:.0f} 秒后仍未结束，请稍后再试。")
                time.sleep(poll)
            try:
                yield key
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", (key,))
    finally:
        conn.close()
