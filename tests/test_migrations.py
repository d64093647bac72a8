"""Opening a database made by schema version 1 upgrades it in place without losing rows.

tests/data/schema_v1_demo.sqlite3 was written by the first schema (``init --demo``: 34 cases,
21 inspections, 12 rectification items)."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from huitoukan_tui import db as dbmod
from huitoukan_tui.config import DatabaseTarget
from huitoukan_tui.models import (
    ALL_MODELS,
    V1_MODELS,
    Case,
    Draft,
    Inspection,
    Measure,
    Meta,
    Rectification,
    ReportSnapshot,
    User,
    WeekRemark,
    database,
)
from huitoukan_tui.services import cases, progress
from huitoukan_tui.services.campaign import Week
from huitoukan_tui.services.cases import CaseFilter
from tests.ledger import entry

V1_FILE = Path(__file__).parent / "data" / "schema_v1_demo.sqlite3"
V1_COUNTS = {"meta": 1, "campaign": 1, "unit": 7, "user": 4, "petition_case": 34,
             "inspection": 21, "rectification": 12, "measure": 24, "audit_entry": 125}


def raw_count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@pytest.fixture
def v1(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(V1_FILE, path)
    yield path
    if database.obj is not None and not database.is_closed():
        database.close()


def test_fixture_is_version_1(v1):
    with sqlite3.connect(v1) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (
            "1",)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "week_remark" not in tables and "petition_case" in tables
    assert {t: raw_count(v1, t) for t in V1_COUNTS} == V1_COUNTS


def test_upgrade_keeps_every_row(v1):
    dbmod.bind(DatabaseTarget(path=v1))
    assert dbmod.schema_version() == dbmod.SCHEMA_VERSION == 8
    assert Meta.get(Meta.key == "schema_version").value == str(dbmod.SCHEMA_VERSION)
    assert {m._meta.table_name: m.select().count() for m in V1_MODELS} == V1_COUNTS
    for model in ALL_MODELS:
        assert model.table_exists(), model.__name__
    case = Case.get(Case.case_no == "LS-2021-001")
    assert (case.channel, case.received_on, case.unit.name, case.petitioner, case.phone) == (
        "phone", dt.date(2021, 6, 28), "七星村", "匿名", "18125655356")
    assert case.target == "池州市鑫源混凝土有限公司"
    assert (entry(case).status, entry(case).first_verified_on) == (
        "verified", dt.date(2024, 4, 3))
    assert Case.get(Case.case_no == "LS-2021-008").target == "里山社区“小辣椒”餐馆"
    assert [u.login for u in User.select().order_by(User.id)] == [
        "root", "qixing", "xinhe", "quhuanweiban"]
    assert Inspection.select().where(Inspection.handled == False).count() > 0  # noqa: E712
    assert {r.status for r in Rectification.select()} >= {"in_progress", "closed"}


def test_upgraded_database_works(v1):
    dbmod.bind(DatabaseTarget(path=v1))
    station = User.get(User.login == "root")
    week = Week(dt.date(2024, 3, 29), dt.date(2024, 4, 4))
    progress.set_remark(station, "七星村", week, "升级后写入的备注")
    assert WeekRemark.select().count() == 1
    table = progress.weekly_progress(station, week)
    assert table.rows[0].remarks == "升级后写入的备注"
    assert table.total.total == 34
    progress.submit_week(station, week)
    assert ReportSnapshot.select().count() == 1
    assert Draft.select().count() == 0
    # the v1 search index still answers, and new cases join it
    assert cases.count_cases(station, CaseFilter(search="混凝土")) > 0
    cases.create_case(station, {"case_no": "LS-2024-035", "channel": "来电",
                                "received_on": "2024-03-01", "unit": "七星村",
                                "target": "新建搅拌站", "content": "夜间运输扬尘"})
    assert [c.case_no for c in cases.list_cases(station, CaseFilter(search="新建搅拌"))] == [
        "LS-2024-035"]


def test_upgrade_adds_the_weekly_indexes(v1):
    """v3: the weekly numbers read the unit of a case and the new problems from indexes."""
    dbmod.bind(DatabaseTarget(path=v1))
    names = {r[0] for r in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()}
    assert {"petition_case_id_unit_id", "rectification_kind_opened_on_case_id"} <= names
    week = Week(dt.date(2024, 3, 29), dt.date(2024, 4, 4))
    table = progress.weekly_progress(User.get(User.login == "root"), week)
    assert table.total.total == 34 and table.total.new_problems_total > 0


V3_FILE = Path(__file__).parent / "data" / "schema_v3_demo.sqlite3"


def test_v4_gives_items_their_reasons_as_fields(tmp_path):
    """v4: 报验收说明, 验收意见, 退回整改, 移交部门 and 执法结果 become columns of the item;
    a version 3 database keeps every item, the new fields empty."""
    path = tmp_path / "v3.sqlite3"
    shutil.copy(V3_FILE, path)
    before = raw_count(path, "rectification")
    measures = raw_count(path, "measure")
    with sqlite3.connect(path) as conn:
        referred = conn.execute("SELECT id, referral_reason FROM rectification "
                                "WHERE status = 'referred'").fetchall()
    dbmod.bind(DatabaseTarget(path=path))
    try:
        assert Rectification.select().count() == before > 0
        assert Measure.select().count() == measures > 0  # no table rebuilt, nothing cascaded
        columns = {c.name for c in database.get_columns("rectification")}
        assert set(dbmod._V4_ITEM_COLUMNS) <= columns
        assert {(r.report_note, r.return_reason, r.returned_on, r.referral_department)
                for r in Rectification.select()} == {("", "", None, "")}
        assert [(r.id, r.referral_reason) for r in Rectification.select().where(
            Rectification.status == "referred")] == referred
    finally:
        database.close()


def test_upgrade_is_done_once(v1):
    dbmod.bind(DatabaseTarget(path=v1))
    database.close()
    dbmod.bind(DatabaseTarget(path=v1))
    assert dbmod.schema_version() == dbmod.SCHEMA_VERSION
    assert Case.select().count() == 34
    database.close()
    assert raw_count(v1, "petition_case") == 34


def test_newer_database_is_refused(v1):
    with sqlite3.connect(v1) as conn:
        conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    newer = f"比本程序支持的版本 {dbmod.SCHEMA_VERSION} 新"
    with pytest.raises(dbmod.DatabaseUnusable, match=newer):
        dbmod.bind(DatabaseTarget(path=v1))
    assert raw_count(v1, "petition_case") == 34


def test_missing_file_is_not_created_without_asking(tmp_path):
    with pytest.raises(dbmod.DatabaseMissing):
        dbmod.bind(DatabaseTarget(path=tmp_path / "none.sqlite3"))
    assert not (tmp_path / "none.sqlite3").exists()


def test_new_database_pragmas_and_mode(tmp_path):
    path = tmp_path / "sub" / "new.sqlite3"
    dbmod.bind(DatabaseTarget(path=path), create=True)
    try:
        assert dbmod.schema_version() == dbmod.SCHEMA_VERSION
        assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 10000
        assert path.stat().st_mode & 0o777 == 0o660  # group-writable for the staff group
    finally:
        database.close()


# ---------------------------------------------------------------- version 6: pinyin keys

#: the demo's units in pinyin order (jie dao cheng, jie dao nong, li, qi, tao, xin, yang): by
#: hand, not by the code under test
UNITS_BY_PINYIN = ["街道城建办", "街道农业农村办", "里山社区", "七星村", "桃坡村", "新河社区",
                   "杨山村"]


def _units_in_ledger_order(actor: User) -> list[str]:
    """The distinct units of the ledger sorted by 核查单位, in the order they come."""
    return list(dict.fromkeys(c.unit.name for c in cases.list_cases(
        actor, CaseFilter(sort="unit"))))


def test_v7_fills_the_pinyin_keys_once_at_first_use(v1):
    """A database of before version 7 gets the sort keys and the items' initials at the first
    command that opens it (one line on stderr), once; the ledger then sorts by pinyin."""
    from click.testing import CliRunner

    from huitoukan_tui.cli import main

    def run():
        return CliRunner().invoke(main, ["--db", str(v1), "--user", "root", "cases",
                                         "--format", "json"], catch_exceptions=False)

    first = run()
    assert first.exit_code == 0, first.output
    assert "拼音排序已更新：" in first.stderr
    assert "拼音排序" not in run().stderr  # done once
    dbmod.bind(DatabaseTarget(path=v1))
    assert Case.get(Case.case_no == "LS-2021-001").target_key == (  # 池州市鑫源混凝土有限公司
        "~chi2~zhou1~shi4~xin1~yuan2~hun4~ning2~tu3~you3~xian4~gong1~si1")
    from huitoukan_tui.models import Unit

    assert Unit.get(Unit.name == "七星村").name_key == "~qi1~xing1~cun1"
    assert Case.select().where(Case.target_key == "").count() == 0
    oil = Rectification.get(Rectification.new_problem.contains("废弃油桶"))
    assert "FQYT" in oil.problem_initials
    with_cases = {c.unit.name for c in Case.select(Case, Unit).join(Unit)}
    assert _units_in_ledger_order(User.get(User.login == "root")) == [
        u for u in UNITS_BY_PINYIN if u in with_cases]


def _as_version_6(target: DatabaseTarget) -> None:
    """Make the current schema at ``target`` look like version 6: no pinyin columns."""
    for index in dbmod._V7_INDEXES:
        database.execute_sql(f'DROP INDEX IF EXISTS "{index}"')
    for table, column in dbmod._V7_COLUMNS:
        database.execute_sql(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    database.execute_sql("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    database.execute_sql(f"DELETE FROM meta WHERE key = '{dbmod.PINYIN_KEYS}'")
    database.close()


def test_v7_step_and_backfill_on_both_engines(demo_db):
    """From version 6 to 7 on SQLite and PostgreSQL: the columns come back empty, the first
    use fills every row (units, cases, items), and new writes keep them."""
    from huitoukan_tui.models import Unit
    from huitoukan_tui.services import pinyinkeys

    counts = (Unit.select().count(), Case.select().count(), Rectification.select().count())
    _as_version_6(demo_db)
    dbmod.bind(demo_db)
    assert dbmod.schema_version() == dbmod.SCHEMA_VERSION
    assert {c.target_key for c in Case.select()} == {""}
    indexes = {i.name for t in ("petition_case", "unit") for i in database.get_indexes(t)}
    assert set(dbmod._V7_INDEXES) <= indexes
    assert pinyinkeys.outdated()
    assert pinyinkeys.upgrade() == sum(counts)
    assert not pinyinkeys.outdated() and pinyinkeys.upgrade() == 0
    admin = User.get(User.login == "admin")
    assert _units_in_ledger_order(admin) == UNITS_BY_PINYIN
    if dbmod.is_postgres():  # the new columns compare by code point too
        loose = database.execute_sql(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND column_name IN ('name_key', 'target_key', 'problem_initials')"
            " AND (collation_name IS NULL OR collation_name <> 'C')").fetchall()
        assert loose == []
    cases.create_case(admin, {"case_no": "LS-2024-099", "channel": "来电",
                              "received_on": "2024-03-01", "unit": "七星村",
                              "target": "阿里砂场", "content": "扬尘"})
    by_target = [c.target for c in cases.list_cases(admin, CaseFilter(sort="target"))]
    assert by_target[0] == "阿里砂场"  # a1 li3: before every other target of the demo


def test_v8_step_on_both_engines(demo_db):
    """From version 7 to 8: on PostgreSQL the counters' changes of a transaction wait in
    week_tally_pending until its commit (huitoukan_tui.week_tally); the weekly numbers are
    the same before and after the upgrade, and a later write is counted."""
    from huitoukan_tui import week_tally
    from huitoukan_tui.services import campaign as campaigns
    from huitoukan_tui.services import inspections
    from tests.conftest import CAMPAIGN_TODAY

    admin = User.get(User.login == "admin")
    campaign = campaigns.current_campaign()
    week = campaigns.week_containing(campaign, CAMPAIGN_TODAY)

    def numbers() -> list[tuple]:
        return [(r.unit, r.total, r.verified_this_week, r.verified_total,
                 r.new_problems_this_week, r.new_problems_total)
                for r in progress.weekly_progress(admin, week, campaign=campaign).rows]

    before = numbers()
    if dbmod.is_postgres():
        database.execute_sql(f"DROP TABLE {week_tally.PENDING}")
    database.execute_sql("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    database.close()
    dbmod.bind(demo_db)
    assert dbmod.schema_version() == dbmod.SCHEMA_VERSION == 8
    assert numbers() == before
    case = Case.select().where(Case.received_on <= CAMPAIGN_TODAY).order_by(Case.id).first()
    rectifications_before = Rectification.select().count()
    inspections.record_inspection(admin, case.case_no, inspections.InspectionInput(
        inspected_on=CAMPAIGN_TODAY, inspectors="回访组", handled=True, rebound=False,
        satisfaction="满意", new_problems=["新发现的堆场"]), today=CAMPAIGN_TODAY,
        campaign=campaign)
    assert Rectification.select().count() == rectifications_before + 1
    row = next(r for r in numbers() if r[0] == case.unit.name)
    old = next(r for r in before if r[0] == case.unit.name)
    assert (row[4], row[5]) == (old[4] + 1, old[5] + 1)
    if dbmod.is_postgres():  # nothing stays waiting after the commit
        assert database.execute_sql(
            f"SELECT count(*) FROM {week_tally.PENDING}").fetchone()[0] == 0
