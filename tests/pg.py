"""PostgreSQL for the tests: a throwaway local server, or the one in HUITOUKAN_TEST_PG_URL.

Each test process (each pytest-xdist worker too) starts at most one server, the first time a
test asks for a database: ``initdb`` into a temporary folder, listening on 127.0.0.1 and a
socket in that folder only, ``trust`` authentication, fsync off. As root (initdb refuses root)
the server runs as the ``postgres`` account, or ``nobody`` when there is none; its folder is
in /dev/shm when that is roomy. Every test gets a new database cloned from a template that
the code under test created the schema in once (``CREATE DATABASE … TEMPLATE``, ~50 ms),
dropped after the test; the server and its folder go away at the end of the session, and a
small watchdog removes them even when the test process is killed.

``HUITOUKAN_TEST_PG_URL=postgresql://user:pass@host:port/db`` uses an existing server instead
(the user must be allowed to create databases); database names carry the worker and the
process id, so several sessions can share one server.

Switches: ``HUITOUKAN_TEST_PG=0`` leaves PostgreSQL out locally; ``CI=true`` (or
``HUITOUKAN_TEST_PG=1``) makes an unavailable PostgreSQL a failure instead of a skip.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ENV_URL = "HUITOUKAN_TEST_PG_URL"
ENV_SWITCH = "HUITOUKAN_TEST_PG"
PROGRAMS = ("initdb", "postgres")
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "100",
    "shared_buffers": "32MB",
    "dynamic_shared_memory_type": "mmap",  # containers often have a tiny /dev/shm
}
START_TIMEOUT = 60.0


class Unavailable(RuntimeError):
    """PostgreSQL cannot be used here; the message says why."""


def required() -> bool:
    """CI must run the PostgreSQL variants: an unavailable server fails instead of skipping."""
    return (os.environ.get("CI", "").lower() in ("1", "true", "yes")
            or os.environ.get(ENV_SWITCH) == "1")


def bin_dir() -> Path | None:
    """The folder with initdb and postgres: PATH, then Debian's /usr/lib/postgresql/N/bin."""
    candidates = []
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(found).resolve().parent)
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                      key=lambda p: [int(x) for x in Path(p).parent.name.split(".")
                                     if x.isdigit()], reverse=True)
    candidates += [Path("/usr/local/bin"), *map(Path, versions)]
    for folder in candidates:
        if all(os.access(folder / name, os.X_OK) for name in PROGRAMS):
            return folder
    return None


def wanted() -> bool:
    """Whether the engine list of the tests includes PostgreSQL (cheap: starts nothing)."""
    if os.environ.get(ENV_URL):
        return True
    if os.environ.get(ENV_SWITCH) == "0":
        return required()
    return required() or (bin_dir() is not None and _has_driver())


def describe() -> str:
    """One line for the pytest header: which PostgreSQL the tests use."""
    if os.environ.get(ENV_URL):
        return f"PostgreSQL: {ENV_URL} ({_hide_password(os.environ[ENV_URL])})"
    if not wanted():
        why = ("HUITOUKAN_TEST_PG=0" if os.environ.get(ENV_SWITCH) == "0"
               else "psycopg2 missing" if not _has_driver() else "no initdb/postgres found")
        return f"PostgreSQL: not tested ({why}); SQLite only"
    folder = bin_dir()
    return f"PostgreSQL: throwaway local server from {folder}" if folder else (
        "PostgreSQL: required (CI) but no initdb/postgres found")


def _has_driver() -> bool:
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return False
    return True


def _hide_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


# ---------------------------------------------------------------- the server

class LocalServer:
    """A PostgreSQL server in a temporary folder, owned by this process."""

    def __init__(self) -> None:
        folder = bin_dir()
        if folder is None:
            raise Unavailable("没有找到 PostgreSQL 程序（initdb、postgres）；"
                              "请安装 postgresql，或设置 HUITOUKAN_TEST_PG_URL")
        self.bin = folder
        self.root = Path(tempfile.mkdtemp(prefix="huitoukan-pg-", dir=_scratch_dir()))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.uid, self.gid = _server_account()
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.watchdog: subprocess.Popen | None = None
        if self.uid is not None:
            os.chown(self.root, self.uid, self.gid)

    def _run_as(self) -> dict:
        if self.uid is None:
            return {}
        return {"user": self.uid, "group": self.gid, "extra_groups": [], "cwd": self.root}

    def start(self) -> None:
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        env.pop("PGDATA", None)
        for locale in (["--locale=C.UTF-8"], ["--no-locale"]):
            done = subprocess.run(
                [str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                 "--auth=trust", "--encoding=UTF8", "--no-sync", *locale],
                capture_output=True, text=True, env=env, **self._run_as())
            if done.returncode == 0:
                break
            shutil.rmtree(self.data, ignore_errors=True)
        else:
            raise Unavailable(f"initdb 失败：{done.stderr.strip()[-500:]}")
        for _attempt in range(3):
            self.port = _free_port()
            args = [str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
                    "-k", str(self.root)]
            for key, value in SERVER_SETTINGS.items():
                args += ["-c", f"{key}={value}"]
            with open(self.log, "ab") as log:
                if self.uid is not None:
                    os.chown(self.log, self.uid, self.gid)
                self.process = subprocess.Popen(
                    args, stdout=log, stderr=subprocess.STDOUT, env=env,
                    start_new_session=True, **self._run_as())
            if self._wait_ready():
                self._start_watchdog()
                return
            self._kill()
        raise Unavailable(f"PostgreSQL 没有启动：{self._log_tail()}")

    def _wait_ready(self) -> bool:
        import psycopg2

        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                psycopg2.connect(self.url("postgres"), connect_timeout=2).close()
                return True
            except psycopg2.OperationalError:
                time.sleep(0.05)
        return False

    def _start_watchdog(self) -> None:
        """Stops the server and removes its folder when this process goes away uncleanly."""
        code = (
            "import os, shutil, signal, sys, time\n"
            "parent, server, root = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]\n"
            "def alive(pid):\n"
            "    try:\n"
            "        os.kill(pid, 0)\n"
            "    except ProcessLookupError:\n"
            "        return False\n"
            "    except PermissionError:\n"
            "        return True\n"
            "    return True\n"
            "while alive(parent) and alive(server):\n"
            "    time.sleep(1)\n"
            "if alive(server):\n"
            "    os.kill(server, signal.SIGQUIT)\n"
            "    for _ in range(100):\n"
            "        if not alive(server):\n"
            "            break\n"
            "        time.sleep(0.1)\n"
            "shutil.rmtree(root, ignore_errors=True)\n"
        )
        self.watchdog = subprocess.Popen(
            [sys.executable, "-c", code, str(os.getpid()), str(self.process.pid),
             str(self.root)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace").strip()[-800:]
        except OSError:
            return "(没有日志)"

    def _kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        # the server is gone: reap the watchdog's check too (it exits on its own)

    def stop(self) -> None:
        self._kill()
        if self.watchdog is not None:
            try:
                self.watchdog.wait(5)
            except subprocess.TimeoutExpired:
                self.watchdog.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def _server_account() -> tuple[int | None, int | None]:
    """initdb refuses to run as root: use ``postgres`` (Debian's package creates it), else
    ``nobody``. Not root: run as ourselves."""
    if os.geteuid() != 0:
        return None, None
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return entry.pw_uid, entry.pw_gid
    raise Unavailable("以 root 运行测试时需要 postgres 或 nobody 账户来启动 PostgreSQL")


def _scratch_dir() -> str | None:
    """A RAM disk when there is a roomy one: creating and dropping a database per test is
    disk-bound (~1 s each on a plain ext4 volume, ~50 ms in /dev/shm)."""
    shm = "/dev/shm"
    try:
        usage = shutil.disk_usage(shm)
    except OSError:
        return None
    return shm if usage.free > 1 << 30 and os.access(shm, os.W_OK) else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- databases

class Cluster:
    """Creates and drops this process's test databases on one server."""

    def __init__(self, admin_url: str, server: LocalServer | None = None) -> None:
        self.admin_url = admin_url
        self.server = server
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.prefix = f"ht_{worker}_{os.getpid()}"
        self.counter = itertools.count(1)
        self.templates: dict[str, str] = {}
        self.created: set[str] = set()
        self._admin = None

    def execute(self, sql: str) -> None:
        import psycopg2

        if self._admin is None or self._admin.closed:
            self._admin = psycopg2.connect(self.admin_url)
            self._admin.autocommit = True
        with self._admin.cursor() as cursor:
            cursor.execute(sql)

    def url(self, dbname: str) -> str:
        parts = urlsplit(self.admin_url)
        return urlunsplit(parts._replace(path=f"/{dbname}"))

    def create(self, template: str | None = None) -> str:
        name = f"{self.prefix}_{next(self.counter)}"
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template or self.schema()}"')
        self.created.add(name)
        return name

    def drop(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.discard(name)

    def base(self) -> str:
        """The bottom template: UTF-8, pg_trgm, no tables (``fresh_database_url(empty=True)``)."""
        name = self.templates.get("")
        if name is None:
            name = f"{self.prefix}_base"
            self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
            self.created.add(name)
            import psycopg2

            conn = psycopg2.connect(self.url(name))
            try:
                conn.autocommit = True
                with conn.cursor() as cursor:
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            finally:
                conn.close()
            self.templates[""] = name
        return name

    def schema(self) -> str:
        """The template with the program's schema (made by the code under test, once)."""
        return self.template("schema", _create_schema)

    def template(self, key: str, build: Callable[[str], None]) -> str:
        """A template database made once per process by ``build(url)`` (which must close its
        connections: PostgreSQL clones only templates nobody is connected to)."""
        name = self.templates.get(key)
        if name is None:
            name = f"{self.prefix}_tpl_{key}"
            self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            source = self.base() if key == "schema" else self.schema()
            self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
            self.created.add(name)
            build(self.url(name))
            self.templates[key] = name
        return name

    def close(self) -> None:
        if self.server is None:  # a shared server: leave it as we found it
            for name in sorted(self.created):
                try:
                    self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                except Exception:  # noqa: BLE001 - best effort at the end of a session
                    pass
        if self._admin is not None:
            self._admin.close()
        if self.server is not None:
            self.server.stop()


def _create_schema(url: str) -> None:
    from huitoukan_tui import db as dbmod
    from huitoukan_tui.config import DatabaseTarget
    from huitoukan_tui.models import database

    dbmod.bind(DatabaseTarget(url=url), create=True)
    database.close()
    database.initialize(None)  # nothing may stay connected to a template


_cluster: Cluster | None = None
_failure: str | None = None


def cluster() -> Cluster:
    """This process's cluster, started on first use; Unavailable (remembered) if it can't."""
    global _cluster, _failure
    if _cluster is not None:
        return _cluster
    if _failure is not None:
        raise Unavailable(_failure)
    try:
        if not _has_driver():
            raise Unavailable("缺少 psycopg2（pip install -e '.[test]'）")
        url = os.environ.get(ENV_URL)
        if url:
            _cluster = Cluster(url)
            _cluster.execute("SELECT 1")
        else:
            server = LocalServer()
            try:
                server.start()
            except BaseException:
                server.stop()
                raise
            _cluster = Cluster(server.url("postgres"), server)
        atexit.register(shutdown)
    except Unavailable as exc:
        _failure = str(exc)
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. a wrong URL: say so once
        _failure = f"PostgreSQL 不可用：{exc}".strip()
        raise Unavailable(_failure) from exc
    return _cluster


def shutdown() -> None:
    global _cluster
    if _cluster is not None:
        _cluster.close()
        _cluster = None


def fresh_database_url(*, empty: bool = False) -> str:
    """A new database with the current schema and no rows (``empty``: not even the schema,
    only the pg_trgm extension), as ``init`` would leave it before seeding."""
    c = cluster()
    return c.url(c.create(c.base() if empty else None))


def drop_database_url(url: str) -> None:
    """Drop a finished test's database, and unbind the models from it: a later test that
    binds nothing must neither reach a dropped database nor take it for PostgreSQL (locks
    choose their kind by the bound engine)."""
    from peewee import PostgresqlDatabase

    from huitoukan_tui.models import database

    name = urlsplit(url).path.lstrip("/")
    bound = database.obj
    if isinstance(bound, PostgresqlDatabase) and bound.database == name:
        if not bound.is_closed():
            bound.close()
        database.initialize(None)
    if _cluster is not None:
        _cluster.drop(name)


def replace_with_template(url: str, key: str, build: Callable[[str], None]) -> None:
    """Make the database at ``url`` a clone of the template ``key`` (built on first use)."""
    c = cluster()
    template = c.template(key, build)
    name = urlsplit(url).path.lstrip("/")
    c.drop(name)
    c.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    c.created.add(name)


def unavailable(reason: str):
    """Skip the test, or fail it when PostgreSQL is required (CI)."""
    import pytest

    if required():
        pytest.fail(f"PostgreSQL 在 CI 中必须可用：{reason}", pytrace=False)
    pytest.skip(f"PostgreSQL 不可用：{reason}")
