"""Another person's session in a test: a raw connection to the test database that holds an
uncommitted write (and its locks), and the code under test run in a thread meanwhile."""

from __future__ import annotations

import sqlite3
import threading
import time

from huitoukan_tui.config import DatabaseTarget
from huitoukan_tui.models import database


def in_thread(fn):
    """Start ``fn`` in a thread (with its own connection); (thread, box): the box gets its
    ``result`` or its ``error``."""
    box: dict = {}

    def run():
        try:
            box["result"] = fn()
        except Exception as exc:  # noqa: BLE001 - handed to the test
            box["error"] = exc
        finally:
            if not database.is_closed():
                database.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, box


def wait_until_blocked(url: str, timeout: float = 20.0) -> None:
    """PostgreSQL: until some session of this database waits for a lock (the writer under
    test)."""
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        deadline = time.monotonic() + timeout
        with conn.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                               "current_database() AND wait_event_type = 'Lock'")
                if cursor.fetchone()[0]:
                    return
                time.sleep(0.02)
        raise AssertionError("the second writer never waited for the first one's lock")
    finally:
        conn.close()


class OtherSession:
    """A second writer on the test database, inside a transaction until ``commit``.
    SQLite: it holds the write lock (BEGIN IMMEDIATE), as every writer of the program does."""

    def __init__(self, target: DatabaseTarget) -> None:
        self.target = target
        if target.path is not None:
            self.conn = sqlite3.connect(target.path, isolation_level=None, timeout=10)
            self.conn.execute("BEGIN IMMEDIATE")
            self.mark = "?"
        else:
            import psycopg2

            self.conn = psycopg2.connect(target.url)
            self.mark = "%s"

    def execute(self, sql: str, params: tuple = ()) -> None:
        cursor = self.conn.cursor()
        cursor.execute(sql.replace("?", self.mark), params)

    def wait_for(self, thread: threading.Thread) -> None:
        """Until ``thread`` waits for this session's lock (SQLite cannot tell: a moment)."""
        if self.target.url:
            wait_until_blocked(self.target.url)
        else:
            thread.join(0.5)

    def commit(self) -> None:
        self.conn.execute("COMMIT") if self.target.path is not None else self.conn.commit()

    def close(self) -> None:
        self.conn.close()
