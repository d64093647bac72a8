"""Backups: a consistent copy while another process writes, verified, restorable, pruned."""

from __future__ import annotations

import datetime as dt
import shutil
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
from huitoukan_tui.models import ALL_MODELS, User, database
from huitoukan_tui.services import backup, cases
from tests.stress_worker import WORKER

pytestmark = pytest.mark.sqlite_only  # SQLite's backup API; PostgreSQL uses pg_dump

MODEL_TABLES = sorted(m._meta.table_name for m in ALL_MODELS)


def _rows(path: Path, table: str) -> set[tuple]:
    conn = sqlite3.connect(path)
    try:
        return set(conn.execute(f'SELECT * FROM "{table}"'))
    finally:
        conn.close()


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                for t in MODEL_TABLES}
    finally:
        conn.close()


def _written(path: Path) -> int:
    conn = sqlite3.connect(path, timeout=30)
    try:
        return conn.execute(
            "SELECT COUNT(*) FROM petition_case WHERE case_no LIKE 'W-%'").fetchone()[0]
    finally:
        conn.close()


def _wait_until(predicate, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("the writer made no progress")
        time.sleep(0.05)


def test_backup_while_another_process_writes_is_consistent_and_restorable(
        demo_db, run_cli, tmp_path):
    source = demo_db.path
    before = _counts(source)
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, str(WORKER), "create-cases", "--db", str(source), "--user", "admin",
         "--stop", str(stop)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_until(lambda: _written(source) >= 5)
        result = run_cli(["backup", "--out", str(tmp_path / "backups")])
        assert result.exit_code == 0, result.output
        after_backup = _written(source)
        _wait_until(lambda: _written(source) >= after_backup + 5)  # writes went on
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    import json

    total = json.loads(out.strip().splitlines()[-1])["created"]
    assert "完整性检查：ok" in result.output
    [copy] = backup.list_backups(tmp_path / "backups")
    assert str(copy) in result.output
    # the source now holds every row the writer committed
    after = _counts(source)
    assert after["petition_case"] - before["petition_case"] == total
    per_case = {t: (after[t] - before[t]) / total for t in MODEL_TABLES}
    assert all(v == int(v) for v in per_case.values()), per_case
    # the copy is a snapshot between two of the writer's commits: m whole cases, nothing torn
    m = _written(copy)
    assert 5 <= m < total
    assert _counts(copy) == {t: before[t] + m * int(per_case[t]) for t in MODEL_TABLES}
    for table in MODEL_TABLES:  # and every row in it is exactly the source's row
        assert _rows(copy, table) <= _rows(source, table), table
    # a single self-contained file that passes the integrity check
    assert backup.integrity(copy) == "ok"
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()

    # restore: copy it into place as a new database, bind, and find every row
    database.close()
    restored = tmp_path / "restored.sqlite3"
    shutil.copy(copy, restored)
    dbmod.bind(DatabaseTarget(path=restored))
    admin = User.get(User.login == "admin")
    assert cases.count_cases(admin) == 34 + m
    last = f"W-{writer.pid}-{m:05d}"
    assert cases.get_case(admin, last).target == f"并发写入测试对象{m}"
    found = cases.list_cases(admin, cases.CaseFilter(search=f"并发写入测试对象{m}"))
    assert last in [c.case_no for c in found]  # the search index came along too
    assert _counts(restored) == _counts(copy)


def _touch_backups(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"")


def test_keep_prunes_only_the_oldest_backups(db, tmp_path):
    folder = tmp_path / "b"
    _touch_backups(folder, ["huitoukan-20240301-020000.sqlite3",
                            "huitoukan-20240302-020000.sqlite3",
                            "huitoukan-20240302-020000-2.sqlite3", "notes.txt",
                            "huitoukan.sqlite3"])
    result = backup.backup_sqlite(db, folder, keep=2, at=dt.datetime(2024, 3, 3, 2, 0, 0))
    assert result.path.name == "huitoukan-20240303-020000.sqlite3"
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "huitoukan-20240302-020000-2.sqlite3", "huitoukan-20240303-020000.sqlite3",
        "huitoukan.sqlite3", "notes.txt"]
    assert sorted(p.name for p in result.removed) == [
        "huitoukan-20240301-020000.sqlite3", "huitoukan-20240302-020000.sqlite3"]
    # two backups in the same second get distinct names
    again = backup.backup_sqlite(db, folder, at=dt.datetime(2024, 3, 3, 2, 0, 0))
    assert again.path.name == "huitoukan-20240303-020000-2.sqlite3"
    assert backup.list_backups(folder)[-1] == again.path


def test_backup_command_keep_and_default_folder(db, run_cli):
    for _ in range(3):
        result = run_cli(["backup", "--keep", "2"])
        assert result.exit_code == 0, result.output
    folder = db.path.parent / "backups"
    assert len(backup.list_backups(folder)) == 2
    assert "已删除旧备份" in result.output
    assert oct(backup.list_backups(folder)[0].stat().st_mode & 0o777) == "0o640"
    result = run_cli(["backup", "--keep", "0"])
    assert result.exit_code == 1 and "至少保留 1 份" in result.output


def test_failed_verification_keeps_no_backup(db, tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "integrity", lambda path: "row 3 missing from index")
    with pytest.raises(backup.ServiceError, match="备份校验失败"):
        backup.backup_sqlite(db, tmp_path / "b")
    assert [p.name for p in (tmp_path / "b").iterdir()] == [".backup.lock"]


def test_only_the_station_backs_up(unit_user, run_cli, tmp_path):
    result = run_cli(["backup", "--out", str(tmp_path / "b")], user="qixing")
    assert result.exit_code == 1 and "只有街道生态环境站" in result.output
    assert not (tmp_path / "b").exists()


def test_postgresql_is_told_to_use_pg_dump():
    result = CliRunner().invoke(main, ["--database-url", "postgresql://u@127.0.0.1:1/none",
                                       "backup"])
    assert result.exit_code == 1
    assert "PostgreSQL 数据库请用 pg_dump 备份" in result.output
