"""Build tests/data/schema_v3_demo.sqlite3 and its expected weekly numbers with the program as
it was at schema version 3 (commit 217624f), for the upgrade test (tests/test_upgrade_v3.py).

Run it against that version, not the current one:

    git worktree add /tmp/v3 217624f
    PYTHONPATH=/tmp/v3 .venv/bin/python tests/data/make_schema_v3_fixture.py tests/data
    PYTHONPATH=/tmp/v3 .venv/bin/python tests/data/make_schema_v3_fixture.py tests/data --pg

(check that ``huitoukan_tui`` is imported from /tmp/v3: run it from outside the clone). The
second line builds the same data on a throwaway PostgreSQL server (tests/pg.py) and writes
``schema_v3_demo.pg.sql`` with ``pg_dump --inserts``, for the PostgreSQL upgrade test.

It writes ``schema_v3_demo.sqlite3`` (the sample ledger of ``init --demo`` plus re-inspections,
late first inspections with new problems, a four-list row added by hand, a unit user's own work,
weekly remarks, two submitted weeks and two drafts) and ``schema_v3_demo.expected.json``: the
weekly table of every report week from 2024-03-14 to 2024-04-25 as the station and as the unit
user ``qixing`` saw it, each case's status, and the row counts of every table.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path

from huitoukan_tui import db as dbmod
from huitoukan_tui.config import DatabaseTarget
from huitoukan_tui.enums import Role
from huitoukan_tui.models import ALL_MODELS, Case, User, database
from huitoukan_tui.services import drafts, inspections, progress, rectifications
from huitoukan_tui.services.campaign import current_campaign, seed_campaign_2024, week_containing
from huitoukan_tui.services.demo import create_demo
from huitoukan_tui.services.inspections import InspectionInput
from huitoukan_tui.services.rectifications import MeasureInput

TODAY = dt.date(2024, 4, 15)


def inspect(actor, case_no, day, *, handled=True, rebound=False, new=()):
    return inspections.record_inspection(actor, case_no, InspectionInput(
        inspected_on=day, inspectors="王章兴、陈静", handled=handled, rebound=rebound,
        satisfaction="满意" if handled else "不满意", findings="升级测试用核查记录",
        new_problems=list(new)), today=TODAY)


def build(out: Path, url: str | None = None) -> None:
    path = out / "schema_v3_demo.sqlite3"
    if url:
        dbmod.bind(DatabaseTarget(url=url), create=True)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        dbmod.bind(DatabaseTarget(path=path), create=True)
    assert dbmod.schema_version() == 3
    seed_campaign_2024()
    admin = User.create(login="wangzx", display_name="王章兴", role=Role.STATION.value)
    create_demo(admin)
    qixing = User.get(User.login == "qixing")
    pending = [c.case_no for c in Case.select().where(Case.first_verified_on.is_null())
               .order_by(Case.case_no)]
    # re-inspections of cases verified earlier: never counted twice
    for case in Case.select().where(Case.first_verified_on.is_null(False)).order_by(
            Case.case_no).limit(4):
        inspect(admin, case.case_no, dt.date(2024, 4, 9))
    # first inspections in weeks 4 and 5, two with new problems, one not handled
    inspect(admin, pending[0], dt.date(2024, 4, 5), new=["河岸新增一处垃圾堆放点"])
    inspect(admin, pending[1], dt.date(2024, 4, 8), handled=False)
    inspect(admin, pending[2], dt.date(2024, 4, 11),
            new=["夜间偷排废水", "厂区围墙外堆放危废"])
    inspect(admin, pending[3], dt.date(2024, 4, 12))
    inspect(admin, pending[4], dt.date(2024, 4, 15), rebound=True)
    # a 新发现 row added by hand in week 4, and the unit user's own inspection
    rectifications.create_item(admin, pending[5], "新发现", {
        "new_problem": "排污口设置不规范", "target_standard": "规范设置排污口",
        "deadline": dt.date(2024, 12, 31)},
        [MeasureInput("规范排污口并设立标识",
                      [{"period": "2024Q2", "target": "完成整改"},
                       {"period": "2024Q3", "target": "巩固"},
                       {"period": "2024Q4", "target": "验收"}])],
        opened_on=dt.date(2024, 4, 10))
    own = [c.case_no for c in Case.select().join(Case.unit.rel_model)
           .where((Case.unit == qixing.unit_id) & Case.first_verified_on.is_null())
           .order_by(Case.case_no)]
    if own:
        inspect(qixing, own[0], dt.date(2024, 4, 10), new=["村口养殖棚异味"])
    campaign = current_campaign()
    weeks = [week_containing(campaign, dt.date(2024, 3, 14) + dt.timedelta(days=7 * n))
             for n in range(7)]
    progress.set_remark(admin, "七星村", weeks[1], "第一周完成摸排")
    progress.set_remark(admin, "新河社区", weeks[2], "油烟问题已约谈")
    progress.set_remark(qixing, "七星村", weeks[4], "剩余信访件本周核查")
    progress.submit_week(admin, weeks[1])
    progress.submit_week(admin, weeks[2])
    drafts.save_draft(admin, "case:LS-2021-001", {"version": 1, "location": "草稿中的地点"})
    drafts.save_draft(qixing, "remark:七星村:2024-04-18", {"version": 0, "text": "未保存的备注"})
    station = User.get(User.login == "wangzx")
    expected = {
        "weeks": {w.end.isoformat(): {
            "station": progress.weekly_progress(station, w).record(),
            "qixing": progress.weekly_progress(qixing, w).record()} for w in weeks},
        "case_status": {c.case_no: [c.status, c.first_verified_on and
                                    c.first_verified_on.isoformat(), c.referred]
                        for c in Case.select().order_by(Case.case_no)},
        "rows": {m._meta.table_name: m.select().count() for m in ALL_MODELS},
    }
    text = json.dumps(expected, ensure_ascii=False, indent=1) + "\n"
    if url:
        database.close()
        old = (out / "schema_v3_demo.expected.json").read_text(encoding="utf-8")
        assert json.loads(old)["weeks"] == expected["weeks"], "PostgreSQL computed otherwise"
        return
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=delete")
    (out / "schema_v3_demo.expected.json").write_text(text, encoding="utf-8")


def build_postgres(out: Path) -> None:
    import subprocess

    from tests import pg

    url = pg.fresh_database_url(empty=True)
    try:
        build(out, url)
        dump = subprocess.run(
            [str(pg.bin_dir() / "pg_dump"), "--inserts", "--no-owner", "--no-privileges",
             "--no-comments", url],
            check=True, capture_output=True, text=True).stdout
        lines = [line for line in dump.splitlines()
                 if not line.startswith(("SET ", "SELECT pg_catalog.set_config", "--", "\\"))]
        (out / "schema_v3_demo.pg.sql").write_text("\n".join(lines) + "\n", encoding="utf-8")
    finally:
        pg.shutdown()


if __name__ == "__main__":
    where = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    build_postgres(where) if "--pg" in sys.argv else build(where)
