"""Issue 12, items 5, 10 and 19: every failure of a command ends in one Chinese line and exit
1, never a traceback; behind each unexpected one, the details are in the administrators'
error log next to the database (rotating, 0640), and the user's line says where."""

from __future__ import annotations

import re
import shutil
import sqlite3
import stat
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from huitoukan_tui import db as dbmod
from huitoukan_tui.cli import main
from huitoukan_tui.config import ERROR_LOG_FILENAME
from huitoukan_tui.models import Inspection, database
from huitoukan_tui.services import cases, errorlog

INSPECT = ["inspect", "LS-2021-001", "--date", "2024-03-20", "--inspectors", "张伟",
           "--handled", "yes", "--rebound", "no", "--satisfaction", "满意"]
TRACEBACK = "Traceback (most recent call last)"
PROGRAM = Path(sys.executable).parent / "huitoukan-tui"


def cli(path, *args: str, user: str = "admin"):
    """The command as a person runs it: exceptions are not caught by the runner, so an
    escaping one fails the test instead of passing as exit 1."""
    return CliRunner().invoke(main, ["--db", str(path), "--user", user, *args],
                              catch_exceptions=False)


def only_error_lines(result) -> list[str]:
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert lines and all(ln.startswith("错误：") for ln in lines), result.output
    assert TRACEBACK not in result.output
    return lines


def log_of(path) -> str:
    return (path.parent / ERROR_LOG_FILENAME).read_text(encoding="utf-8")


@pytest.fixture
def demo_file(demo_db):
    """The demo ledger as a SQLite file nobody in this process holds open."""
    database.close()
    return demo_db.path


pytestmark = pytest.mark.sqlite_only  # file-level failures of SQLite; see test_postgres too


def test_the_log_entry_is_in_china_time_on_a_utc_server(demo_file, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setenv("HUITOUKAN_NOW", "2024-04-11T09:30")
    monkeypatch.setattr(cases, "list_cases", lambda *args, **kwargs: 1 / 0)
    try:
        result = cli(demo_file, "cases")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    [line] = only_error_lines(result)
    assert line.endswith("（2024-04-11 09:30:00）。")
    assert log_of(demo_file).startswith("2024-04-11 09:30:00 登录名=admin ")


def test_an_unexpected_failure_is_one_line_and_a_log_entry(demo_file, monkeypatch):
    def broken(*args, **kwargs):
        return 1 / 0

    monkeypatch.setattr(cases, "list_cases", broken)
    result = cli(demo_file, "cases", "--search", "噪声")
    assert result.exit_code == 1
    [line] = only_error_lines(result)
    log = demo_file.parent / ERROR_LOG_FILENAME
    assert line.startswith("错误：程序内部错误（ZeroDivisionError），操作未完成。")
    assert f"详情已记入管理员日志 {log}（" in line
    at = re.search(r"（(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})）。$", line).group(1)
    text = log_of(demo_file)
    # time, login, command, the exception with its traceback
    assert text.startswith(f"{at} 登录名=admin ")
    assert "命令：huitoukan-tui --db" in text and "cases --search 噪声" in text
    assert TRACEBACK in text and "ZeroDivisionError: division by zero" in text
    assert "in broken" in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o640


def test_the_log_hides_passwords_and_rotates(demo_file, monkeypatch):
    monkeypatch.setattr(cases, "list_cases", lambda *a, **k: 1 / 0)
    monkeypatch.setattr(errorlog, "MAX_BYTES", 2000)
    for _ in range(6):
        cli(demo_file, "cases")
    log = demo_file.parent / ERROR_LOG_FILENAME
    rotated = log.with_name(log.name + ".1")
    assert rotated.exists() and log.stat().st_size <= 2000 + 2000
    assert stat.S_IMODE(rotated.stat().st_mode) == 0o640
    monkeypatch.setattr(errorlog, "MAX_BYTES", 1_000_000)
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(demo_file), "--database-url",
                                  "postgresql://u:s3cret@127.0.0.1:1/none", "cases"])
    assert "s3cret" not in result.output and "s3cret" not in log_of(demo_file)


def test_a_log_that_cannot_be_written_is_said_not_hidden(demo_file, monkeypatch, tmp_path):
    monkeypatch.setattr(cases, "list_cases", lambda *a, **k: 1 / 0)
    (demo_file.parent / ERROR_LOG_FILENAME).mkdir()  # whatever the reason: it cannot be opened
    result = cli(demo_file, "cases")
    [line] = only_error_lines(result)
    assert "详情未能写入管理员日志" in line


def test_invalid_utf8_in_an_argument(demo_file):
    result = cli(demo_file, "cases", "--search", "噪\udcff\udcfe声")
    assert result.exit_code == 1
    [line] = only_error_lines(result)
    assert line.startswith("错误：参数不是有效的 UTF-8 文本：噪")
    result = cli(demo_file, "cases", user="\udcffadmin")
    assert result.exit_code == 1 and "参数不是有效的 UTF-8 文本" in result.output


def test_a_database_locked_longer_than_the_busy_timeout(demo_file, monkeypatch):
    monkeypatch.setitem(dbmod.SQLITE_PRAGMAS, "busy_timeout", 200)
    other = sqlite3.connect(demo_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # someone else is writing and does not finish
    try:
        result = cli(demo_file, *INSPECT)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.exit_code == 1
    [line] = only_error_lines(result)
    assert line.startswith("错误：数据库正忙：有人正在写入，等待超时。请稍后再试。")
    assert "database is locked" in log_of(demo_file)
    assert cli(demo_file, *INSPECT).exit_code == 0  # and once the other one is done: works


def test_a_full_disk(demo_file, monkeypatch):
    """SQLite's own "database or disk is full" (max_page_count caps the file where it is),
    followed by the "cannot rollback" it causes: the user reads about the first."""
    monkeypatch.setitem(dbmod.SQLITE_PRAGMAS, "max_page_count", 1)
    result = cli(demo_file, *INSPECT, "--findings", "磁盘满测试" * 360, "--new-problem",
                 "新问题" * 300)
    assert result.exit_code == 1
    [line] = only_error_lines(result)
    assert line.startswith("错误：磁盘已满，操作未完成。请联系管理员清理磁盘空间。")
    monkeypatch.delitem(dbmod.SQLITE_PRAGMAS, "max_page_count")
    dbmod.bind(dbmod.DatabaseTarget(path=demo_file))
    assert Inspection.select().where(Inspection.findings.startswith("磁盘满测试")).count() == 0
    database.close()


def test_a_corrupt_database(demo_file):
    demo_file.with_name(demo_file.name + "-wal").unlink(missing_ok=True)
    demo_file.write_bytes(b"this is not a database at all" * 200)
    result = cli(demo_file, "cases")
    assert result.exit_code == 1
    [line] = only_error_lines(result)
    assert line.startswith(f"错误：数据库文件已损坏或不是本程序的数据库 {demo_file}。请从备份恢复")


def test_a_newer_schema_and_a_foreign_database(demo_file, tmp_path):
    conn = sqlite3.connect(demo_file)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    result = cli(demo_file, "cases")
    assert result.exit_code == 1
    [line] = only_error_lines(result)
    assert f"数据库版本 99 比本程序支持的版本 {dbmod.SCHEMA_VERSION} 新，请升级程序" in line
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    result = cli(foreign, "cases")
    assert result.exit_code == 1 and "不是本程序的数据库" in only_error_lines(result)[0]
    conn = sqlite3.connect(foreign)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]
    conn.close()


def test_an_empty_database_file_is_refused(tmp_path):
    empty = tmp_path / "huitoukan.sqlite3"
    empty.touch()
    result = cli(empty, "cases")
    assert result.exit_code == 1
    [line] = only_error_lines(result)
    assert line.startswith(f"错误：数据库文件为空：{empty}")
    assert empty.stat().st_size == 0  # not silently given an empty schema


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1900-01-01"])
def test_extreme_report_weeks(demo_file, tmp_path, day):
    for args in (["progress", "--week", day],
                 ["export", "progress", "--week", day, "--out", str(tmp_path / "x")],
                 ["audit", "--since", day]):
        result = cli(demo_file, *args)
        assert result.exit_code == 1, (args, result.output)
        [line] = only_error_lines(result)
        assert f"超出范围：{day}（应在 1980 年至 2099 年之间）" in line
    assert not (tmp_path / "x").exists() or not any((tmp_path / "x").iterdir())


def test_integers_beyond_64_bits(demo_file):
    huge = str(2**70)
    for args in (["audit", "--limit", huge], ["problem", "set-status", huge, "待验收"]):
        result = cli(demo_file, *args)
        assert result.exit_code == 2, result.output  # refused as a usage error, by click
        assert TRACEBACK not in result.output
        assert f"{huge} 不在范围" in result.output


def test_an_export_folder_that_cannot_hold_files(demo_file):
    result = cli(demo_file, "export", "progress", "--week", "2024-03-21", "--out", "/proc")
    assert result.exit_code == 1
    [line] = only_error_lines(result)
    assert line.startswith("错误：无法写入导出目录 /proc：")


def test_a_database_this_account_may_not_write(demo_file, tmp_path):
    """A read-only file in a folder the account cannot write (so no -shm either), as another
    OS account: one line for reading and for writing, and no traceback; the log that cannot
    be written there is said too."""
    from tests.osaccounts import as_nobody, require_other_accounts

    require_other_accounts()
    folder = Path(tempfile.mkdtemp(prefix="huitoukan-readonly-"))
    try:
        folder.chmod(0o755)
        path = folder / "huitoukan.sqlite3"
        shutil.copy(demo_file, path)
        path.chmod(0o644)
        assert cli(path, "user", "add", "nobody", "--name", "值班", "--role", "station"
                   ).exit_code == 0
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        for args in (["cases"], INSPECT):
            result = as_nobody([str(PROGRAM), "--db", str(path), *args])
            assert result.returncode == 1, result.stderr
            assert result.stderr.startswith(f"错误：数据库是只读的：本账号不能写入 {path}")
            assert "详情未能写入管理员日志" in result.stderr
            assert TRACEBACK not in result.stderr
    finally:
        shutil.rmtree(folder, ignore_errors=True)
