"""Issue 12, item 1: ``init --force`` rebuilds a database only for its station, only while
nobody else is using it, and only after a verified backup (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from huitoukan_tui import db as dbmod
from huitoukan_tui.cli import main
from huitoukan_tui.config import DatabaseTarget
from huitoukan_tui.models import Case, User, database
from huitoukan_tui.services import backup, sessions
from huitoukan_tui.services.locks import exclusive_lock

PROGRAM = Path(sys.executable).parent / "huitoukan-tui"


def _base(target: DatabaseTarget) -> list[str]:
    return (["--db", str(target.path)] if target.path is not None
            else ["--database-url", target.url])


def init_force(target: DatabaseTarget, user: str):
    database.close()  # the test's own connection is not another session
    return CliRunner().invoke(main, [*_base(target), "--user", user, "init", "--force"],
                              catch_exceptions=False)


def case_count(target: DatabaseTarget) -> int:
    dbmod.bind(target)
    try:
        return Case.select().count()
    finally:
        database.close()


@pytest.fixture
def home(tmp_path, monkeypatch):
    """The installation's folders (PostgreSQL keeps init's backup in its db/backups)."""
    monkeypatch.setenv("HUITOUKAN_HOME", str(tmp_path / "install"))
    return tmp_path / "install"


@pytest.mark.parametrize("login", ["quhuanweiban", "qixing", "ghost"])
def test_only_the_station_may_rebuild(demo_db, home, login):
    result = init_force(demo_db, login)
    assert result.exit_code == 1
    assert f"只有街道生态环境站的账号可以重建数据库（{login} 不是）" in result.output
    assert case_count(demo_db) == 34
    assert not (home / "db" / "backups").exists()
    if demo_db.path is not None:
        assert not (demo_db.path.parent / "backups").exists()


def test_the_station_rebuilds_after_a_verified_backup(demo_db, home):
    result = init_force(demo_db, "admin")
    assert result.exit_code == 0, result.output
    folder = (demo_db.path.parent if demo_db.path is not None else home / "db") / "backups"
    [kept] = backup.list_backups(folder)
    assert f"已备份原数据库：{kept}" in result.output
    with sqlite3.connect(kept) as conn:  # the backup holds everything that was there
        assert conn.execute("SELECT COUNT(*) FROM petition_case").fetchone()[0] == 34
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    dbmod.bind(demo_db)
    assert Case.select().count() == 0
    assert [u.login for u in User.select()] == ["admin"]
    database.close()


@pytest.mark.sqlite_only  # the processes of one server on a database file
def test_no_rebuild_while_another_session_is_connected(demo_db, tmp_path):
    """A cron export, bound to the database and waiting for the export lock, is a session:
    init --force is refused and says how to find the sessions; once it ended, it works."""
    database.close()
    out = tmp_path / "out"
    with exclusive_lock("export", out):
        export = subprocess.Popen(
            [str(PROGRAM), "--db", str(demo_db.path), "--user", "admin", "export",
             "progress", "--week", "2024-03-21", "--out", str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not _someone_holds(demo_db.path) and time.monotonic() < deadline:
            time.sleep(0.1)
        result = init_force(demo_db, "admin")
        viewer = init_force(demo_db, "quhuanweiban")  # told what concerns it first
    assert export.wait(timeout=120) == 0, export.stderr
    assert result.exit_code == 1
    assert "正在使用这个数据库，不能重建" in result.output
    assert "pgrep -af huitoukan-tui" in result.output
    assert "只有街道生态环境站的账号可以重建数据库" in viewer.output
    assert case_count(demo_db) == 34
    assert not (demo_db.path.parent / "backups").exists()
    assert init_force(demo_db, "admin").exit_code == 0  # nobody left: rebuilt


def _someone_holds(db_path: Path) -> bool:
    import fcntl

    path = sessions.lock_path(db_path)
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


@pytest.mark.postgres
def test_no_rebuild_while_a_server_session_is_connected(demo_db, home):
    if demo_db.url is None:
        pytest.skip("PostgreSQL only: its sessions are the server's connections")
    import psycopg2

    other = psycopg2.connect(demo_db.url, application_name=dbmod.APPLICATION_NAME)
    try:
        result = init_force(demo_db, "admin")
    finally:
        other.close()
    assert result.exit_code == 1
    assert "还有 1 个会话" in result.output and "不能重建" in result.output
    assert case_count(demo_db) == 34


@pytest.mark.sqlite_only
def test_an_empty_file_is_rebuilt_without_asking_whom(tmp_path):
    path = tmp_path / "huitoukan.sqlite3"
    path.touch()
    result = CliRunner().invoke(main, ["--db", str(path), "--user", "wangzx", "init",
                                       "--force"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "已备份" not in result.output
    dbmod.bind(DatabaseTarget(path=path))
    assert [u.login for u in User.select()] == ["wangzx"]
    database.close()
