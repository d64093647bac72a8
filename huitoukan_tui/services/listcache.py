"""Ordered id lists kept per process until the database changes.

The ledger asks for the same ordered ids again on every search keystroke; at 100,000 cases
reading them costs ~30 ms, filtering a kept list by the search index's matches ~5 ms. Any
commit by anyone — this process or another staff member's — drops everything kept. SQLite: a
private connection that never writes polls ``PRAGMA data_version``, which changes exactly when
another connection has committed. PostgreSQL: the server's current snapshot, which changes
whenever a transaction that wrote has committed (see ``_pg_stamp``). Inside a transaction
nothing is kept or reused (its own uncommitted writes are invisible to that connection).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import peewee

from huitoukan_tui import db as dbmod
from huitoukan_tui.models import database

T = TypeVar("T")

#: lists kept at once (one is ~1–4 MB at 100,000 cases: a list and its int objects)
MAX_ENTRIES = 3

_lock = threading.Lock()
_entries: OrderedDict[Hashable, object] = OrderedDict()
_watch: dict[str, object] = {"path": None, "file": None, "conn": None, "stamp": None}


def get(key: Hashable, compute: Callable[[], T]) -> T:
    """The value kept for ``key``, or ``compute()`` (kept while the database is unchanged).
    Callers must not modify the value."""
    stamp = _stamp()
    if stamp is None:
        return compute()
    with _lock:
        if stamp != _watch["stamp"]:
            _entries.clear()
            _watch["stamp"] = stamp
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]  # type: ignore[return-value]
    value = compute()
    with _lock:
        if _watch["stamp"] == stamp:
            _entries[key] = value
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
        _watch["stamp"] = None


def _stamp() -> tuple | None:
    """Something that changes whenever the database's data changes; None: don't keep."""
    db = database.obj
    if db is None or db.in_transaction():
        return None
    if dbmod.is_postgres(db):
        return _pg_stamp(db)
    if not dbmod.is_sqlite(db):
        return None
    path = db.database
    if not path or path == ":memory:" or str(path).startswith("file:"):
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    file_id = (st.st_dev, st.st_ino)  # a restored or replaced file is another file
    with _lock:
        try:
            if _watch["path"] != path or _watch["file"] != file_id:
                _reopen(path, file_id)
            version = _watch["conn"].execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            _close()
            return None
    return (path, file_id, id(_watch["conn"]), version)


def _pg_stamp(db) -> tuple | None:
    """The server's current snapshot (oldest running xid : next xid : the running ones). A
    transaction that wrote and has committed since the last look either had no xid yet then
    (the next xid has moved past it) or was running (it has left the list), so the text
    differs; a read-only one has no xid and changes nothing. Conservative: a commit in
    another database of the same server drops the kept lists too. One round trip (~0.1 ms)."""
    try:
        snapshot = db.execute_sql("SELECT pg_current_snapshot()::text").fetchone()[0]
    except peewee.DatabaseError:
        return None
    params = db.connect_params
    return ("postgres", db.database, params.get("host"), params.get("port"), snapshot)


def _reopen(path: str, file_id: tuple) -> None:
    _close()
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    _watch.update(path=path, file=file_id, conn=conn, stamp=None)
    _entries.clear()


def _close() -> None:
    conn = _watch.get("conn")
    if conn is not None:
        try:
            conn.close()
        except sqlite3.Error:  # pragma: no cover
            pass
    _watch.update(path=None, file=None, conn=None, stamp=None)
