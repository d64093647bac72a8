"""Where the database lives: flags > environment > the installation's own db/ folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import huitoukan_tui
from huitoukan_tui import config
from huitoukan_tui.cli import main
from huitoukan_tui.config import DatabaseTarget, resolve_database
from huitoukan_tui.models import database

ROOT = Path(huitoukan_tui.__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in (config.ENV_HOME, config.ENV_DB, config.ENV_URL, config.ENV_EXPORTS):
        monkeypatch.delenv(name, raising=False)
    yield
    if database.obj is not None and not database.is_closed():
        database.close()


def test_default_is_under_the_installation_whatever_the_cwd(tmp_path, monkeypatch):
    expected = ROOT / "db" / "huitoukan.sqlite3"
    assert config.default_db_path() == expected
    monkeypatch.chdir(tmp_path)
    assert config.default_db_path() == expected
    assert resolve_database() == DatabaseTarget(path=expected)
    assert config.default_export_dir() == ROOT / "exports"


def test_home_variable_moves_the_installation(tmp_path, monkeypatch):
    monkeypatch.setenv(config.ENV_HOME, str(tmp_path))
    assert config.default_db_path() == tmp_path / "db" / "huitoukan.sqlite3"
    monkeypatch.setenv(config.ENV_EXPORTS, str(tmp_path / "out"))
    assert config.default_export_dir() == tmp_path / "out"


def test_precedence(tmp_path, monkeypatch):
    env_file, flag_file = tmp_path / "env.sqlite3", tmp_path / "flag.sqlite3"
    monkeypatch.setenv(config.ENV_DB, str(env_file))
    assert resolve_database() == DatabaseTarget(path=env_file)  # HUITOUKAN_DB over default
    assert resolve_database(str(flag_file)) == DatabaseTarget(path=flag_file)  # --db over env
    monkeypatch.setenv(config.ENV_URL, "postgresql://u:secret@host/db")
    # HUITOUKAN_DATABASE_URL over HUITOUKAN_DB; flags over both
    assert resolve_database() == DatabaseTarget(url="postgresql://u:secret@host/db")
    assert resolve_database(str(flag_file)) == DatabaseTarget(path=flag_file)
    assert resolve_database(str(flag_file), "postgresql://x@h/d") == DatabaseTarget(
        url="postgresql://x@h/d")


def test_relative_db_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve_database("data/x.sqlite3").path == tmp_path / "data" / "x.sqlite3"
    monkeypatch.setenv(config.ENV_DB, "~/y.sqlite3")
    assert resolve_database().path == Path("~/y.sqlite3").expanduser()


def test_describe_hides_the_password():
    assert DatabaseTarget(url="postgresql://u:secret@host:5432/db").describe() == (
        "postgresql://u:***@host:5432/db")
    assert DatabaseTarget(path=Path("/x/y.sqlite3")).describe() == "/x/y.sqlite3"
    assert DatabaseTarget(path=Path("/x")).is_sqlite_file
    assert not DatabaseTarget(url="postgresql://h/d").is_sqlite_file


def invoke(args, env=None):
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


def test_cli_follows_the_environment(tmp_path):
    env_file, flag_file = tmp_path / "env.sqlite3", tmp_path / "flag.sqlite3"
    env = {config.ENV_DB: str(env_file)}
    assert invoke(["--user", "admin", "init"], env).exit_code == 0
    assert env_file.exists()
    assert invoke(["--db", str(flag_file), "--user", "admin", "init"], env).exit_code == 0
    assert flag_file.exists()
    url_file = tmp_path / "url.sqlite3"
    env[config.ENV_URL] = f"sqlite:///{url_file}"
    result = invoke(["--user", "admin", "init"], env)
    assert result.exit_code == 0, result.output
    assert url_file.exists()
    result = invoke(["--user", "admin", "cases", "--format", "json"], env)
    assert (result.exit_code, result.output.strip()) == (0, "[]")
    missing = tmp_path / "missing.sqlite3"
    env[config.ENV_URL] = f"sqlite:///{missing}"
    result = invoke(["--user", "admin", "cases"], env)
    assert result.exit_code == 1 and "数据库不存在" in result.stderr
    assert not missing.exists()


def test_sqlite_url_is_a_file_target(tmp_path):
    assert resolve_database(url=f"sqlite:///{tmp_path}/a.sqlite3") == DatabaseTarget(
        path=tmp_path / "a.sqlite3")
    assert resolve_database(url="sqlite:////srv/x.sqlite3").path == Path("/srv/x.sqlite3")


def test_every_working_directory_reaches_the_same_database(tmp_path):
    home = tmp_path / "install"
    env = {**os.environ, config.ENV_HOME: str(home), "PYTHONPATH": str(ROOT)}
    for name in (config.ENV_DB, config.ENV_URL):
        env.pop(name, None)
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    cmd = [sys.executable, "-m", "huitoukan_tui", "--user", "ops", "init"]
    done = subprocess.run(cmd, cwd=first, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (home / "db" / "huitoukan.sqlite3").exists()
    again = subprocess.run(cmd, cwd=second, env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 1
    assert "数据库已存在" in again.stderr and str(home / "db") in again.stderr
