"""A database made by schema version 3 (commit 217624f, one hard-wired campaign, no streets)
upgrades in place: one district, one street from the campaign record holding every unit and
station account, every case in the campaign's ledger with the status it had, every
inspection, item, remark and snapshot in that campaign — and the same weekly numbers as the
old version computed, for every week.

tests/data/schema_v3_demo.sqlite3, the same data on PostgreSQL (schema_v3_demo.pg.sql, a
pg_dump) and the expected numbers (schema_v3_demo.expected.json) were written by
tests/data/make_schema_v3_fixture.py running the old version. Every test runs on both."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from huitoukan_tui import db as dbmod
from huitoukan_tui.config import DatabaseTarget
from huitoukan_tui.models import (
    Campaign,
    Case,
    Draft,
    Inspection,
    LedgerEntry,
    Rectification,
    ReportSnapshot,
    Street,
    Unit,
    User,
    WeekRemark,
    database,
)
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services import cases, progress
from huitoukan_tui.services.campaign import Week
from tests import pg
from tests.conftest import ENGINES

DATA = Path(__file__).parent / "data"
V3_FILE = DATA / "schema_v3_demo.sqlite3"
V3_PG_DUMP = DATA / "schema_v3_demo.pg.sql"
EXPECTED = json.loads((DATA / "schema_v3_demo.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(params=ENGINES)
def v3(request, tmp_path):
    """The version-3 database, opened (and so upgraded) by this version."""
    if request.param == "sqlite":
        target = DatabaseTarget(path=tmp_path / "v3.sqlite3")
        shutil.copy(V3_FILE, target.path)
    else:
        try:
            url = pg.fresh_database_url(empty=True)
        except pg.Unavailable as exc:
            pg.unavailable(str(exc))
        import psycopg2

        conn = psycopg2.connect(url)
        with conn, conn.cursor() as cursor:
            cursor.execute(V3_PG_DUMP.read_text(encoding="utf-8"))
        conn.close()
        target = DatabaseTarget(url=url)
    dbmod.bind(target)
    yield target
    if not database.is_closed():
        database.close()
    if target.url:
        pg.drop_database_url(target.url)


def test_fixture_is_version_3():
    with sqlite3.connect(V3_FILE) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() \
            == ("3",)
        columns = {r[1] for r in conn.execute("PRAGMA table_info(petition_case)")}
    assert "status" in columns  # the derived values still sat on the case


def without_level(table: dict) -> dict:
    return {**table, "rows": [{k: v for k, v in r.items() if k != "level"}
                              for r in table["rows"]]}


def test_same_weekly_numbers_for_every_week(v3):
    assert dbmod.schema_version() == dbmod.SCHEMA_VERSION
    station, unit = User.get(User.login == "wangzx"), User.get(User.login == "qixing")
    assert len(EXPECTED["weeks"]) == 7
    for week_end, expected in EXPECTED["weeks"].items():
        end = dt.date.fromisoformat(week_end)
        week = Week(end - dt.timedelta(days=6), end)
        assert without_level(progress.weekly_progress(station, week).record()) == \
            expected["station"], week_end
        assert without_level(progress.weekly_progress(unit, week).record()) == \
            expected["qixing"], week_end


def test_one_street_holds_everything(v3):
    (street,) = Street.select()
    assert (street.name, street.district, street.station, street.contact) == (
        "里山街道", "贵池区", "里山街道生态环境站", "王章兴")
    (campaign,) = Campaign.select()
    assert [s.name for s in campaigns.streets_of(campaign)] == ["里山街道"]
    assert (campaign.timezone, campaign.report_time, campaign.closed_on) == (
        "Asia/Shanghai", "12:00", None)
    assert {u.street_id for u in Unit.select()} == {street.id}
    station = User.get(User.login == "wangzx")
    assert (station.street_id, station.is_admin) == (street.id, True)
    assert User.get(User.login == "quhuanweiban").street_id is None  # the district-wide viewer
    for model in (Inspection, Rectification, WeekRemark, ReportSnapshot):
        assert {r.campaign_id for r in model.select()} == {campaign.id}, model
    assert {r.street_id for r in ReportSnapshot.select()} == {street.id}


def test_every_row_is_kept_and_every_case_keeps_its_status(v3):
    rows = EXPECTED["rows"]
    for model in (Case, Inspection, Rectification, WeekRemark, ReportSnapshot, Draft, Unit,
                  User):
        assert model.select().count() == rows[model._meta.table_name], model
    got = {e.case.case_no: [e.status, e.first_verified_on and e.first_verified_on.isoformat(),
                            e.referred]
           for e in LedgerEntry.select(LedgerEntry, Case).join(Case)}
    assert got == EXPECTED["case_status"]


def test_upgraded_database_goes_on_working(v3):
    station = User.get(User.login == "wangzx")
    week = Week(dt.date(2024, 3, 22), dt.date(2024, 3, 28))
    submitted = progress.last_submission(week, actor=station)
    assert submitted is not None and submitted.submitted_by == "wangzx"
    assert without_level(progress.weekly_progress(station, week).record()) == without_level(
        submitted.table)
    text, version = progress.get_remark(station, "新河社区", week)
    assert (text, version) == ("油烟问题已约谈", 1)
    progress.set_remark(station, "新河社区", week, "升级后修改", version)
    assert progress.get_remark(station, "新河社区", week) == ("升级后修改", 2)
    created = cases.create_case(station, {
        "case_no": "LS-2024-901", "channel": "来电", "received_on": "2024-03-01",
        "unit": "七星村", "target": "升级后新增", "content": "夜间施工噪声"})
    assert LedgerEntry.get(LedgerEntry.case == created.id).status == "pending"
    assert cases.count_cases(station) == EXPECTED["rows"]["petition_case"] + 1
