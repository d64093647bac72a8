"""PostgreSQL-specific tests (``test_pg_*``, marker ``postgres``): moving the sample ledger to
PostgreSQL and back without a difference, the same search and sort results on both engines,
row locks where a read-modify-write happens, and the advisory lock that keeps cron exports
on several servers apart. Without PostgreSQL they skip (and fail under CI=true)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest
from click.testing import CliRunner
from peewee import DataError

from huitoukan_tui import db as dbmod
from huitoukan_tui.cli import main
from huitoukan_tui.config import DatabaseTarget
from huitoukan_tui.io.ledger_import import import_ledger
from huitoukan_tui.models import ALL_MODELS, AuditEntry, Case, Rectification, User, database
from huitoukan_tui.services import (
    cases,
    dbcopy,
    inspections,
    locks,
    progress,
    rectifications,
    search,
)
from huitoukan_tui.services.campaign import current_campaign, week_containing
from huitoukan_tui.services.cases import SORT_KEYS, CaseFilter
from huitoukan_tui.services.errors import ConflictError
from tests import pg
from tests.conftest import CAMPAIGN_TODAY
from tests.import_fixtures import simple_ledger, write_csv
from tests.sessions import in_thread, wait_until_blocked

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_empty_url():
    """A PostgreSQL database without even the schema (``init`` or ``db copy`` makes it)."""
    try:
        url = pg.fresh_database_url(empty=True)
    except pg.Unavailable as exc:
        pg.unavailable(str(exc))
    yield url
    pg.drop_database_url(url)


@pytest.fixture
def pg_url():
    """A PostgreSQL database with the schema and no rows."""
    try:
        url = pg.fresh_database_url()
    except pg.Unavailable as exc:
        pg.unavailable(str(exc))
    yield url
    pg.drop_database_url(url)


def cli(*args: str, user: str = "admin"):
    return CliRunner().invoke(main, [*args[:2], "--user", user, *args[2:]],
                              catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pgdemo") / "demo.sqlite3"
    result = cli("--db", str(path), "init", "--demo")
    assert result.exit_code == 0, result.output
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def demo_sqlite(demo_template, tmp_path) -> Path:
    """The sample ledger of ``init --demo`` in a SQLite file (a copy of one made per module)."""
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    return path


def sqlite_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (and of the search index), in id order, as stored."""
    conn = sqlite3.connect(path)
    try:
        out = {}
        for model in ALL_MODELS:
            table, pk = model._meta.table_name, model._meta.primary_key.column_name
            out[table] = conn.execute(f'SELECT * FROM "{table}" ORDER BY "{pk}"').fetchall()
        out["case_fts"] = conn.execute(
            "SELECT rowid, body FROM case_fts ORDER BY rowid").fetchall()
        return out
    finally:
        conn.close()


# ---------------------------------------------------------------- db copy

def test_pg_db_copy_round_trip_of_the_sample_ledger(demo_sqlite, pg_empty_url, tmp_path):
    """SQLite → PostgreSQL → SQLite gives back every row of every table unchanged."""
    there = cli("--db", str(demo_sqlite), "db", "copy", "--to", pg_empty_url)
    assert there.exit_code == 0, there.output
    assert "已复制" in there.output and "petition_case" in there.output
    assert " 34" in there.output  # the count table shows the 34 cases

    back_path = tmp_path / "back.sqlite3"
    back = cli("--database-url", pg_empty_url, "db", "copy", "--to", str(back_path))
    assert back.exit_code == 0, back.output

    before, after = sqlite_rows(demo_sqlite), sqlite_rows(back_path)
    assert len(before["petition_case"]) == 34
    assert all(before[t] for t in ("unit", "user", "inspection", "rectification", "measure",
                                   "audit_entry", "case_fts"))
    for table in before:
        assert after[table] == before[table], f"{table} differs after the round trip"


def test_pg_copied_database_works_and_continues_ids(demo_sqlite, pg_empty_url):
    assert cli("--db", str(demo_sqlite), "db", "copy", "--to", pg_empty_url).exit_code == 0
    dbmod.bind(DatabaseTarget(url=pg_empty_url))
    admin = User.get(User.login == "admin")
    assert [c.case_no for c in cases.list_cases(admin, CaseFilter(search="油烟"))] == [
        c.case_no for c in cases.list_cases(admin) if "油烟" in c.content + c.target]
    highest = Case.select(Case.id).order_by(Case.id.desc()).scalar()
    new = cases.create_case(admin, {
        "case_no": "LS-2024-999", "channel": "来电", "received_on": "2024-03-01",
        "unit": "七星村", "target": "新增对象", "content": "复制后新增的信访件"})
    assert new.id == highest + 1  # the sequence continues after the copied ids
    assert [c.case_no for c in cases.list_cases(admin, CaseFilter(search="复制后"))] == [
        "LS-2024-999"]


def test_pg_db_copy_refuses_a_target_with_data_unless_forced(demo_sqlite, pg_empty_url):
    assert cli("--db", str(demo_sqlite), "db", "copy", "--to", pg_empty_url).exit_code == 0
    again = cli("--db", str(demo_sqlite), "db", "copy", "--to", pg_empty_url)
    assert again.exit_code == 1
    assert "目标数据库已有数据" in again.output and "--force" in again.output
    forced = cli("--db", str(demo_sqlite), "db", "copy", "--to", pg_empty_url, "--force")
    assert forced.exit_code == 0, forced.output
    dbmod.bind(DatabaseTarget(url=pg_empty_url))
    assert Case.select().count() == 34  # replaced, not doubled


def test_db_copy_refuses_itself_and_non_station_users(demo_sqlite):
    same = cli("--db", str(demo_sqlite), "db", "copy", "--to", str(demo_sqlite))
    assert same.exit_code == 1 and "不能复制到自身" in same.output
    other = demo_sqlite.with_name("other.sqlite3")
    unit = cli("--db", str(demo_sqlite), "db", "copy", "--to", str(other), user="qixing")
    assert unit.exit_code == 1 and "错误" in unit.output


def test_db_copy_sqlite_to_sqlite_keeps_every_row(demo_sqlite, tmp_path):
    """The same copy between two SQLite files (engine-neutral; runs without PostgreSQL)."""
    copy = tmp_path / "copy.sqlite3"
    result = cli("--db", str(demo_sqlite), "db", "copy", "--to", f"sqlite:///{copy}")
    assert result.exit_code == 0, result.output
    assert sqlite_rows(copy) == sqlite_rows(demo_sqlite)


# ---------------------------------------------------------------- the same answers

QUERIES = ["噪", "臭", "村", "扬尘", "油烟", "夜间", "废水", "养殖场", "七星村", "好再来",
           "砂石堆场", "LS-2021", "ls-2022-0", "ＬＳ－２０２３", "001", "七星 噪声",
           "扬尘 覆盖", "不存在的词", "“"]


def _answers(url_or_path: str | Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    target = (DatabaseTarget(url=url_or_path) if isinstance(url_or_path, str)
              else DatabaseTarget(path=url_or_path))
    dbmod.bind(target)
    admin = User.get(User.login == "admin")
    names = dict(Case.select(Case.id, Case.case_no).tuples())
    found = {q: [names[i] for i in cases.case_ids(admin, CaseFilter(search=q))]
             for q in QUERIES}
    orders = {f"{key}{' desc' if desc else ''}": [
        names[i] for i in cases.case_ids(admin, CaseFilter(sort=key, descending=desc))]
        for key in SORT_KEYS for desc in (False, True)}
    database.close()
    return found, orders


def test_pg_search_and_sorting_give_the_same_cases_on_both_engines(demo_sqlite, pg_empty_url):
    assert cli("--db", str(demo_sqlite), "db", "copy", "--to", pg_empty_url).exit_code == 0
    lite_found, lite_orders = _answers(demo_sqlite)
    pg_found, pg_orders = _answers(pg_empty_url)
    assert pg_found == lite_found
    assert pg_orders == lite_orders  # NULL deadlines first, text in code-point order
    # …and the answers are right, not merely equal: a 1-, 2- and 3-character query
    dbmod.bind(DatabaseTarget(path=demo_sqlite))
    for query in ("噪", "扬尘", "养殖场"):
        expected = sorted(c.case_no for c in Case.select() if query in search.normalize(
            c.target + "\n" + c.location + "\n" + c.content))
        assert expected and sorted(lite_found[query]) == expected
    assert lite_found["不存在的词"] == []
    assert len(lite_found["“"]) == 34  # nothing searchable in it: no filter, on both engines


def test_pg_text_columns_sort_by_code_point(pg_url):
    """Whatever the database's locale, text compares like SQLite's BINARY (COLLATE "C")."""
    dbmod.bind(DatabaseTarget(url=pg_url))
    tables = tuple(m._meta.table_name for m in ALL_MODELS)
    loose = database.execute_sql(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name IN %s "
        "AND data_type IN ('text', 'character varying') "
        "AND (collation_name IS NULL OR collation_name <> 'C')", (tables,)).fetchall()
    assert loose == []
    ordered = [r[0] for r in database.execute_sql(
        "SELECT v FROM (VALUES ('b'), ('B'), ('a-2'), ('a1'), ('中'), ('_')) AS t(v) "
        "ORDER BY v COLLATE \"C\"").fetchall()]
    assert ordered == sorted(["b", "B", "a-2", "a1", "中", "_"])


def test_pg_init_creates_the_schema_in_an_empty_database(pg_empty_url):
    result = cli("--database-url", pg_empty_url, "init", "--demo")
    assert result.exit_code == 0, result.output
    assert "示例台账 34 件" in result.output
    listing = cli("--database-url", pg_empty_url, "cases", "--search", "扬尘", "--format", "csv")
    assert listing.exit_code == 0 and "扬尘" in listing.output


# ---------------------------------------------------------------- row locks

@pytest.fixture
def pg_demo(demo_sqlite, pg_empty_url) -> str:
    assert cli("--db", str(demo_sqlite), "db", "copy", "--to", pg_empty_url).exit_code == 0
    dbmod.bind(DatabaseTarget(url=pg_empty_url))
    return pg_empty_url


def test_pg_second_item_editor_waits_and_is_told_instead_of_overwriting(pg_demo):
    """READ COMMITTED alone would let the second save overwrite the first; the row lock
    makes it wait, read the saved version, and refuse with the other person's change."""
    admin = User.get(User.login == "admin")
    item = (Rectification.select().where(Rectification.status == "in_progress")
            .order_by(Rectification.id).first())
    data = {f: getattr(item, f) for f in rectifications.EDIT_FIELDS}
    measures = rectifications.measures_of(item)
    first = psycopg2.connect(pg_demo)
    try:
        with first.cursor() as cursor:  # another person's save, not committed yet
            cursor.execute("SELECT id FROM rectification WHERE id = %s FOR NO KEY UPDATE",
                           (item.id,))
            cursor.execute("UPDATE rectification SET implementer = '另一人', "
                           "version = version + 1 WHERE id = %s", (item.id,))
            cursor.execute("INSERT INTO audit_entry (at, actor, entity, entity_id, case_no, "
                           "action, field, before, after, version) VALUES (now(), 'other', "
                           "'rectification', %s, '', 'update', 'implementer', %s, '另一人', "
                           "%s)", (item.id, item.implementer, item.version + 1))
        thread, box = in_thread(lambda: rectifications.update_item(
            admin, item.id, {**data, "implementer": "我"}, measures, item.version))
        wait_until_blocked(pg_demo)
        first.commit()
        thread.join(30)
    finally:
        first.close()
    assert isinstance(box.get("error"), ConflictError), box
    assert [c.after for c in box["error"].changes] == ["另一人"]
    assert Rectification.get_by_id(item.id).implementer == "另一人"


def test_pg_two_first_remarks_of_a_week_conflict_instead_of_crashing(pg_demo):
    """Two people write the first 备注 of a unit's week at once: the second is told."""
    admin = User.get(User.login == "admin")
    campaign = current_campaign()
    week = week_containing(campaign, CAMPAIGN_TODAY)
    unit_id = database.execute_sql("SELECT id FROM unit WHERE name = '七星村'").fetchone()[0]
    first = psycopg2.connect(pg_demo)
    try:
        with first.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (dbmod.advisory_key(
                f"remark:{campaign.id}:{unit_id}:{week.end.isoformat()}"),))
            cursor.execute("INSERT INTO week_remark (campaign_id, unit_id, week_end, text, "
                           "version, updated_by, updated_at) VALUES (%s, %s, %s, '先写的', 1, "
                           "'other', now())", (campaign.id, unit_id, week.end))
        thread, box = in_thread(lambda: progress.set_remark(
            admin, "七星村", week, "后写的", expected_version=0))
        wait_until_blocked(pg_demo)
        first.commit()
        thread.join(30)
    finally:
        first.close()
    assert isinstance(box.get("error"), ConflictError), box
    assert progress.get_remark(admin, "七星村", week)[0] == "先写的"


def test_pg_import_update_waits_for_a_form_save_and_keeps_it_in_the_record(pg_demo, tmp_path):
    """Issue 12.13: ``import --on-existing update`` read a case, then wrote it by id without a
    lock or a version check, so a form save landing in between was overwritten unseen (its
    version number even reused). Now the import locks the rows it reads: it waits for the
    form's save, reads it, and writes over it as a recorded change of version 3."""
    admin = User.get(User.login == "admin")
    case = Case.select().order_by(Case.case_no).first()
    grid = simple_ledger(["编号", "受理日期", "来源", "核查单位", "被反映对象", "地点", "反映问题"],
                         [[case.case_no, case.received_on.isoformat(), "来电", case.unit.name,
                           case.target, "导入的地点", case.content]])
    path = write_csv(grid, tmp_path / "台账.csv")
    first = psycopg2.connect(pg_demo)
    try:
        with first.cursor() as cursor:  # a form save of 地点, not committed yet
            cursor.execute("SELECT id FROM petition_case WHERE id = %s FOR NO KEY UPDATE",
                           (case.id,))
            cursor.execute("UPDATE petition_case SET location = '表单保存的地点', "
                           "version = version + 1 WHERE id = %s", (case.id,))
            cursor.execute("INSERT INTO audit_entry (at, actor, entity, entity_id, case_no, "
                           "action, field, before, after, version) VALUES (now(), 'other', "
                           "'case', %s, %s, 'update', 'location', %s, '表单保存的地点', %s)",
                           (case.id, case.case_no, case.location, case.version + 1))
        thread, box = in_thread(lambda: import_ledger(admin, path, on_existing="update"))
        wait_until_blocked(pg_demo)
        first.commit()
        thread.join(60)
    finally:
        first.close()
    assert "error" not in box, box
    assert box["result"].updated == 1
    stored = Case.get_by_id(case.id)
    assert (stored.location, stored.version) == ("导入的地点", case.version + 2)
    entries = [(e.actor, e.before, e.after, e.version) for e in AuditEntry.select().where(
        (AuditEntry.entity == "case") & (AuditEntry.entity_id == case.id)
        & (AuditEntry.field == "location")).order_by(AuditEntry.id)]
    assert entries == [("other", case.location, "表单保存的地点", case.version + 1),
                       ("admin", "表单保存的地点", "导入的地点", case.version + 2)]


def _finished_or_waiting(thread, url: str, timeout: float = 20.0) -> None:
    """Until ``thread`` has finished or some session of the database waits for a lock."""
    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        deadline = time.monotonic() + timeout
        with conn.cursor() as cursor:
            while thread.is_alive() and time.monotonic() < deadline:
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                               "current_database() AND wait_event_type = 'Lock'")
                if cursor.fetchone()[0]:
                    return
                time.sleep(0.02)
    finally:
        conn.close()


def test_pg_an_import_and_an_inspection_of_one_unit_both_count_without_a_deadlock(pg_demo):
    """A unit's weekly counters are rows that every writer of the unit changes. An import's
    transaction changes its ledger entries' counters, then its items'; an inspection with a
    新发现 item (the case's first inspection) its item's counter, then its entry's. Changed
    statement by statement, each held the row the other wanted next and PostgreSQL aborted
    one of them ("deadlock detected"); applied at commit in key order, both are saved and
    the unit's numbers count both."""
    admin = User.get(User.login == "admin")
    campaign = current_campaign()
    day = CAMPAIGN_TODAY
    week = week_containing(campaign, day)
    uninspected = database.execute_sql(
        "SELECT e.unit_id, e.case_id FROM ledger_entry AS e JOIN petition_case AS c"
        " ON c.id = e.case_id WHERE e.campaign_id = %s AND e.first_verified_on IS NULL"
        " AND c.received_on <= %s ORDER BY e.unit_id, e.case_id",
        (campaign.id, day)).fetchall()
    unit_id, imported, inspected = next((u, a, b) for (u, a), (v, b) in zip(
        uninspected, uninspected[1:], strict=False) if u == v)
    unit = next(r for r in progress.weekly_progress(admin, week, campaign=campaign).rows
                if r.unit_id == unit_id)
    columns = [f.column_name for f in Rectification._meta.sorted_fields if f.name != "id"]
    own = {"case_id": "%(case)s", "campaign_id": "%(campaign)s", "kind": "'new'",
           "opened_on": "%(day)s", "inspection_id": "NULL"}
    first = psycopg2.connect(pg_demo)
    try:
        with first.cursor() as cursor:  # the import: the entry first …
            cursor.execute("UPDATE ledger_entry SET first_verified_on = %s WHERE case_id = %s"
                           " AND campaign_id = %s", (day, imported, campaign.id))
            thread, box = in_thread(lambda: inspections.record_inspection(
                admin, Case.get_by_id(inspected).case_no, inspections.InspectionInput(
                    inspected_on=day, inspectors="回访组", handled=True, rebound=False,
                    satisfaction="满意", new_problems=["新发现的堆场"]), today=day,
                campaign=campaign))
            _finished_or_waiting(thread, pg_demo)
            cursor.execute(  # … then a 新发现 item of the same unit and day
                f"INSERT INTO rectification ({', '.join(columns)}) SELECT"
                f" {', '.join(own.get(c, c) for c in columns)} FROM rectification"
                " WHERE id = (SELECT MIN(id) FROM rectification)",
                {"case": imported, "campaign": campaign.id, "day": day})
        first.commit()
    finally:
        first.close()
    thread.join(30)
    assert "error" not in box, box
    after = next(r for r in progress.weekly_progress(admin, week, campaign=campaign).rows
                 if r.unit_id == unit_id)
    assert (after.total, after.verified_this_week, after.verified_total,
            after.new_problems_this_week, after.new_problems_total) == (
        unit.total, unit.verified_this_week + 2, unit.verified_total + 2,
        unit.new_problems_this_week + 2, unit.new_problems_total + 2)


# ---------------------------------------------------------------- advisory lock

HOLDER = """
import sys, time
from pathlib import Path
from huitoukan_tui import db as dbmod
from huitoukan_tui.config import DatabaseTarget
from huitoukan_tui.services import locks
dbmod.bind(DatabaseTarget(url=sys.argv[1]))
try:
    with locks.exclusive_lock(sys.argv[2], Path(sys.argv[3]), timeout=float(sys.argv[4]),
                              poll=0.02):
        print("got", flush=True)
        time.sleep(float(sys.argv[5]))
except locks.LockTimeout as exc:
    print("timeout", exc, flush=True)
"""


def _other_server(url: str, name: str, folder: Path, timeout: float, hold: float = 0.0,
                  wait: bool = True):
    """A process with its own folder, as on another server: only the database is shared."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, url, name, str(folder),
                             str(timeout), str(hold)], stdout=subprocess.PIPE, text=True)
    if wait:
        out, _ = proc.communicate(timeout=60)
        return out
    return proc


def test_pg_export_lock_excludes_another_server(pg_url, tmp_path):
    dbmod.bind(DatabaseTarget(url=pg_url))
    with locks.exclusive_lock("export", tmp_path / "server-a", timeout=5):
        out = _other_server(pg_url, "export", tmp_path / "server-b", timeout=0.3)
        assert out.startswith("timeout") and "数据库咨询锁 export" in out
        assert _other_server(pg_url, "backup", tmp_path / "server-b", 0.3).startswith("got")
        assert not (tmp_path / "server-a" / ".export.lock").exists()  # not a file lock
    assert _other_server(pg_url, "export", tmp_path / "server-b", timeout=0.3).startswith("got")


def test_pg_export_lock_is_released_when_its_holder_dies(pg_url, tmp_path):
    holder = _other_server(pg_url, "export", tmp_path / "b", timeout=5, hold=60, wait=False)
    try:
        assert holder.stdout.readline().startswith("got")
        dbmod.bind(DatabaseTarget(url=pg_url))
        with pytest.raises(locks.LockTimeout):
            with locks.exclusive_lock("export", tmp_path / "a", timeout=0.2, poll=0.02):
                pass
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    with locks.exclusive_lock("export", tmp_path / "a", timeout=10, poll=0.02):
        pass  # the dead holder's connection closed, and its lock with it


def test_pg_copy_reports_counts_for_every_table(demo_sqlite, pg_empty_url):
    dbmod.bind(DatabaseTarget(path=demo_sqlite))
    admin = User.get(User.login == "admin")
    result = dbcopy.copy_database(admin, DatabaseTarget(url=pg_empty_url))
    assert set(result.counts) == {m._meta.table_name for m in ALL_MODELS}
    assert result.counts["petition_case"] == 34
    assert dbmod.is_sqlite()  # the session stays on its own database afterwards


def test_unreachable_database_server_is_one_chinese_line():
    """No traceback when the PostgreSQL server is down (engine-neutral: needs no server)."""
    result = CliRunner().invoke(main, ["--database-url", "postgresql://u:secret@127.0.0.1:1/x",
                                       "--user", "admin", "cases"])
    assert result.exit_code == 1
    assert result.output.startswith("错误：无法连接数据库 postgresql://u:***@127.0.0.1:1/x")
    assert "secret" not in result.output and "Traceback" not in result.output


def test_pg_the_tui_keeps_connections_between_jobs(pg_url):
    """Every TUI job runs in its own connection_context(): pooled, the next job (in another
    thread, as the next worker is) gets the same server connection back instead of a new one;
    no more than POOL_IDLE stay idle; a job that failed inside its transaction hands back a
    connection the next job can use."""
    import threading

    def backend_pid() -> int:
        with database.connection_context():
            return database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]

    def in_worker(job):
        out = []
        thread = threading.Thread(target=lambda: out.append(job()))
        thread.start()
        thread.join()
        return out[0]

    dbmod.bind(DatabaseTarget(url=pg_url))
    database.close()
    assert in_worker(backend_pid) != in_worker(backend_pid)  # plain: a new one each time

    dbmod.bind(DatabaseTarget(url=pg_url), pooled=True)
    database.close()
    first = in_worker(backend_pid)
    assert in_worker(backend_pid) == first == backend_pid()

    def failing() -> None:
        with database.connection_context(), database.atomic():
            database.execute_sql("SELECT 1/0")

    with pytest.raises(DataError):
        failing()
    assert backend_pid() == first  # rolled back on the way into the pool, still usable

    gate = threading.Barrier(4)

    def held() -> int:
        with database.connection_context():
            gate.wait()  # four jobs at once: four connections
            return database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]

    threads = [threading.Thread(target=held) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(database.obj._connections) == dbmod.POOL_IDLE
    database.obj.close_all()
