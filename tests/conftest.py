"""Shared fixtures: a fresh database per test (SQLite always; PostgreSQL when available),
the seed's campaign, users of each role, and a CLI runner bound to the same database."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from huitoukan_tui import db as dbmod
from huitoukan_tui.config import DatabaseTarget
from huitoukan_tui.enums import Role, UnitKind
from huitoukan_tui.models import Street, User, database
from huitoukan_tui.services.campaign import add_seed_campaign
from huitoukan_tui.services.organisation import add_unit
from tests import pg

#: a day inside the 2024 campaign, used as "today" by most tests
CAMPAIGN_TODAY = dt.date(2024, 4, 15)

#: SQLite always; PostgreSQL when HUITOUKAN_TEST_PG_URL is set or a throwaway local server
#: can be started (tests/pg.py), and always under CI=true (where it must not skip)
ENGINES = ["sqlite"]
if pg.wanted():
    ENGINES.append("postgres")


def pytest_configure(config):
    os.environ.pop("HUITOUKAN_DATABASE_URL", None)
    os.environ.pop("HUITOUKAN_DB", None)
    config.addinivalue_line(
        "markers", "sqlite_only: run only on SQLite (say why; engine-neutral code only)")
    config.addinivalue_line("markers", "postgres: a PostgreSQL-specific test")


def pytest_report_header(config):
    return pg.describe()


def pytest_collection_modifyitems(config, items):
    """Tests marked ``sqlite_only`` keep only their SQLite variant."""
    keep, drop = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        if (callspec is not None and callspec.params.get("db_target") == "postgres"
                and item.get_closest_marker("sqlite_only")):
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_unconfigure(config):
    pg.shutdown()


@pytest.fixture(autouse=True)
def _notices_are_remembered(monkeypatch):
    """Every notification an app shows is kept in ``app.notices_seen`` (tests/tui_helpers.py
    ``notices``): a toast expires after a few seconds, sooner than a loaded machine gets to
    the assertion that looks for it."""
    from textual.app import App

    shown = App.notify

    def notify(self, message, *args, **kwargs):
        self.__dict__.setdefault("notices_seen", []).append(str(message))
        return shown(self, message, *args, **kwargs)

    monkeypatch.setattr(App, "notify", notify)


@pytest.fixture(autouse=True)
def _no_error_log_between_tests():
    """The error log a command installs belongs to its test's folder."""
    yield
    from huitoukan_tui.services import errorlog

    errorlog.uninstall()


@pytest.fixture(params=ENGINES)
def db_target(request, tmp_path) -> DatabaseTarget:
    """Where the test's database lives: a SQLite file, or a new PostgreSQL database (dropped
    after the test). Subprocesses may connect to ``url`` too (the concurrency tests do)."""
    if request.param == "sqlite":
        yield DatabaseTarget(path=tmp_path / "test.sqlite3")
        return
    try:
        url = pg.fresh_database_url()
    except pg.Unavailable as exc:
        pg.unavailable(str(exc))
    yield DatabaseTarget(url=url)
    pg.drop_database_url(url)


_EMPTY_TEMPLATE: dict[str, Path] = {}


def _build_empty(target: DatabaseTarget) -> None:
    dbmod.bind(target, create=True)
    add_seed_campaign(with_units=False)
    User.create(login="admin", display_name="站管理员", role=Role.STATION.value,
        street=Street.select().first(), is_admin=True)


@pytest.fixture
def db(db_target, tmp_path_factory):
    """An empty schema with the 2024 campaign and the station administrator ``admin``
    (cloned from a template built once per process: creating the schema costs ~0.2 s on
    SQLite and more on PostgreSQL, for each of hundreds of tests)."""
    if db_target.path is not None:
        template = _EMPTY_TEMPLATE.get("sqlite")
        if template is None:
            template = tmp_path_factory.mktemp("empty") / "empty.sqlite3"
            _build_empty(DatabaseTarget(path=template))
            database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            database.close()
            _EMPTY_TEMPLATE["sqlite"] = template
        shutil.copy(template, db_target.path)
    else:
        def build(url: str) -> None:
            _build_empty(DatabaseTarget(url=url))
            database.close()

        pg.replace_with_template(db_target.url, "empty", build)
    dbmod.bind(db_target)
    yield db_target
    if not database.is_closed():
        database.close()


@pytest.fixture
def station(db) -> User:
    return User.get(User.login == "admin")


@pytest.fixture
def units(db):
    """Two villages, a community and a department."""
    return {name: add_unit(name, kind) for name, kind in [
        ("七星村", UnitKind.VILLAGE), ("桃坡村", UnitKind.VILLAGE),
        ("新河社区", UnitKind.COMMUNITY), ("街道城建办", UnitKind.DEPARTMENT)]}


@pytest.fixture
def unit_user(units) -> User:
    return User.create(login="qixing", display_name="七星村干部", unit=units["七星村"],
                       role=Role.UNIT.value)


@pytest.fixture
def other_unit_user(units) -> User:
    return User.create(login="taopo", display_name="桃坡村干部", unit=units["桃坡村"],
                       role=Role.UNIT.value)


@pytest.fixture
def viewer(db) -> User:
    return User.create(login="district", display_name="区环委办", role=Role.VIEWER.value)


_DEMO_TEMPLATE: dict[str, Path] = {}


@pytest.fixture
def demo_db(db_target, tmp_path_factory):
    """The sample ledger of ``init --demo`` (copied from a template for speed on SQLite)."""
    from huitoukan_tui.services.demo import create_demo

    if db_target.path is not None:
        template = _DEMO_TEMPLATE.get("sqlite")
        if template is None:
            template = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
            dbmod.bind(DatabaseTarget(path=template), create=True)
            add_seed_campaign(with_units=False)
            admin = User.create(login="admin", display_name="站管理员", role=Role.STATION.value,
        street=Street.select().first(), is_admin=True)
            create_demo(admin)
            database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            database.close()
            _DEMO_TEMPLATE["sqlite"] = template
        shutil.copy(template, db_target.path)
        dbmod.bind(db_target)
    else:
        def build(url: str) -> None:
            dbmod.bind(DatabaseTarget(url=url), create=True)
            add_seed_campaign(with_units=False)
            admin = User.create(login="admin", display_name="站管理员", role=Role.STATION.value,
        street=Street.select().first(), is_admin=True)
            create_demo(admin)
            database.close()

        pg.replace_with_template(db_target.url, "demo", build)  # a clone: ~50 ms, not ~2 s
        dbmod.bind(db_target)
    yield db_target
    if not database.is_closed():
        database.close()


@pytest.fixture
def run_cli(db_target):
    """Run ``huitoukan-tui ARGS`` against the test database as ``user`` (default admin)."""
    from huitoukan_tui.cli import main

    def run(args: list[str], user: str = "admin", input: str | None = None):
        base = (["--db", str(db_target.path)] if db_target.path is not None
                else ["--database-url", db_target.url])
        runner = CliRunner()
        result = runner.invoke(main, [*base, "--user", user, *args], input=input,
                               catch_exceptions=False)
        return result

    return run
