"""No lost edits: two sessions on one record, re-applying after a conflict, and several
processes hammering one record (the short version of bench/bench_concurrency.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from huitoukan_tui import db as dbmod
from huitoukan_tui.models import Case, User, database
from huitoukan_tui.services import cases, conflicts, progress, rectifications, users
from huitoukan_tui.services.campaign import current_campaign, week_containing
from huitoukan_tui.services.errors import ConflictError, ValidationError
from huitoukan_tui.services.rectifications import MeasureInput
from tests.sessions import OtherSession, in_thread
from tests.stress_worker import run_stress


@pytest.fixture
def case(station, units):
    return cases.create_case(station, {
        "case_no": "LS-C-001", "channel": "来电", "received_on": "2024-01-05", "unit": "七星村",
        "target": "某石材厂", "location": "七星村石门组", "content": "夜间噪声扰民"})


def test_second_save_of_the_same_version_is_refused_and_shown_the_first(case, station,
                                                                        unit_user):
    # two people open the same case (version 1)
    mine = cases.get_case(station, "LS-C-001")
    theirs = cases.get_case(unit_user, "LS-C-001")
    assert mine.version == theirs.version == 1
    # the village saves first
    cases.update_case(unit_user, "LS-C-001", {"location": "七星村枫树组", "target": "恒达石材厂"},
                      theirs.version)
    # the station's save of its older copy does not overwrite: it is told what changed
    with pytest.raises(ConflictError) as caught:
        cases.update_case(station, "LS-C-001", {"content": "夜间噪声和粉尘扰民"}, mine.version)
    err = caught.value
    assert "已被他人修改" in str(err)
    assert err.current_version == 2
    shown = err.changes
    assert {(c.login, c.name, c.label, c.before, c.after) for c in shown} == {
        ("qixing", "七星村干部", "地点", "七星村石门组", "七星村枫树组"),
        ("qixing", "七星村干部", "被反映对象", "某石材厂", "恒达石材厂")}
    assert all(isinstance(c.at, dt.datetime) for c in shown)
    text = shown[0].text()
    assert "七星村干部（qixing）" in text and "改为" in text
    stored = Case.get(Case.case_no == "LS-C-001")
    assert (stored.content, stored.version) == ("夜间噪声扰民", 2)


def test_reapply_keeps_both_edits(case, station, unit_user):
    loaded = {"location": "七星村石门组", "content": "夜间噪声扰民"}
    mine = cases.get_case(station, "LS-C-001")
    cases.update_case(unit_user, "LS-C-001", {"location": "七星村枫树组"}, 1)
    typed = {"location": "七星村石门组", "content": "夜间噪声和粉尘扰民"}
    with pytest.raises(ConflictError) as caught:
        cases.update_case(station, "LS-C-001", typed, mine.version)
    err = caught.value
    changed = conflicts.my_changes(loaded, typed)
    assert changed == {"content": "夜间噪声和粉尘扰民"}
    assert conflicts.overlapping_fields(err, changed) == []
    assert conflicts.overlapping_fields(err, typed) == ["location"]
    saved = conflicts.reapply(err, lambda v: cases.update_case(station, "LS-C-001", changed, v))
    assert saved.version == 3
    stored = Case.get(Case.case_no == "LS-C-001")
    assert (stored.location, stored.content) == ("七星村枫树组", "夜间噪声和粉尘扰民")


def test_reapply_conflicts_again_if_yet_another_edit_lands(case, station, unit_user):
    cases.update_case(unit_user, "LS-C-001", {"location": "甲"}, 1)
    with pytest.raises(ConflictError) as first:
        cases.update_case(station, "LS-C-001", {"content": "乙"}, 1)
    cases.update_case(unit_user, "LS-C-001", {"location": "丙"}, 2)
    with pytest.raises(ConflictError) as second:
        conflicts.reapply(first.value, lambda v: cases.update_case(
            station, "LS-C-001", {"content": "乙"}, v))
    assert second.value.current_version == 3
    assert [c.after for c in second.value.changes] == ["丙"]


def test_conflicts_on_items_and_remarks(case, station, unit_user):
    from huitoukan_tui.services import inspections
    from huitoukan_tui.services.inspections import InspectionInput

    _, items = inspections.record_inspection(station, "LS-C-001", InspectionInput(
        inspected_on="2024-04-01", inspectors="张三", handled=False, rebound=False,
        satisfaction="不满意"), today=dt.date(2024, 4, 15))
    item = items[0]
    data = {"problem_type": "来电", "target_standard": "夜间无切割作业", "implementer": "七星村",
            "acceptor": "里山街道生态环境站", "deadline": "2024-06-30"}
    measures = [MeasureInput("安装隔音棚", [{"period": "2024Q2", "target": "完成隔音棚"}])]
    rectifications.update_item(unit_user, item.id, data, measures, item.version)
    with pytest.raises(ConflictError) as caught:
        rectifications.update_item(station, item.id, {**data, "note": "站里补充"}, measures,
                                   item.version)
    assert {c.label for c in caught.value.changes} >= {"目标任务（标准）", "完成时限"}
    with pytest.raises(ConflictError):
        rectifications.set_status(station, item.id, "待验收", today=dt.date(2024, 4, 15),
                                  expected_version=item.version)

    week = week_containing(current_campaign(), dt.date(2024, 4, 4))
    text, version = progress.get_remark(station, "七星村", week)
    assert (text, version) == ("", 0)
    progress.set_remark(unit_user, "七星村", week, "村里写的", expected_version=0)
    with pytest.raises(ConflictError) as caught:
        progress.set_remark(station, "七星村", week, "站里写的", expected_version=0)
    assert caught.value.current_version == 1
    assert [c.after for c in caught.value.changes] == ["村里写的"]
    conflicts.reapply(caught.value, lambda v: progress.set_remark(
        station, "七星村", week, "站里写的", expected_version=v))
    assert progress.get_remark(station, "七星村", week) == ("站里写的", 2)


def test_sqlite_runs_in_wal_with_a_busy_timeout(db):
    if not dbmod.is_sqlite():
        pytest.skip("SQLite only: PostgreSQL has row locks, not a busy timeout")
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert database.obj._lock_type == "IMMEDIATE"


def test_eight_processes_editing_one_record_lose_nothing(db_target):
    """8 processes × N read-modify-write increments of one case through the services: every
    save either lands or is told "changed by someone else" and re-applied; none fails and
    none is lost. N is small to keep the suite short (15; 6 on PostgreSQL, where each
    conflict costs more round trips); bench/bench_concurrency.py runs 8 × 200."""
    edits = 15 if db_target.path is not None else 6
    result = run_stress(db_target, workers=8, edits=edits)
    assert result.errors == []
    assert result.edits == 8 * edits
    assert result.counter == 8 * edits, f"lost updates: {result.lost_updates}"
    assert result.version_moves == 8 * edits
    assert result.audit_updates == 8 * edits


# ---------------------------------------------------------------- the same number at once

CASE_ROW = ("INSERT INTO petition_case (case_no, channel, received_on, unit_id, petitioner, "
            "phone, target, location, category, content, original_handling, "
            "search_text, version, created_at, updated_at, updated_by) VALUES (?, 'phone', "
            "'2024-01-05', ?, '', '', '别人录入的', '', '', '别人录入的', '', '', "
            "1, '2024-04-11 09:00:00', '2024-04-11 09:00:00', 'other')")


def _while_another_inserts(target, sql: str, params: tuple, save) -> dict:
    """Run ``save`` while another session has inserted a row (``sql``) and not committed yet;
    that session commits once ``save`` waits for it. The box holds save's result or error."""
    other = OtherSession(target)
    try:
        other.execute(sql, params)
        thread, box = in_thread(save)
        other.wait_for(thread)
        other.commit()
        thread.join(30)
    finally:
        other.close()
    return box


def test_a_case_number_created_at_the_same_instant_is_already_there(db, station, units):
    """Issue 12.16: two people create the same case number at once. The second used to get
    操作失败（内部错误）: IntegrityError; it is told 编号：已存在 and nothing of it is kept."""
    box = _while_another_inserts(
        db, CASE_ROW, ("LS-SAME-1", units["七星村"].id),
        lambda: cases.create_case(station, {
            "case_no": "LS-SAME-1", "channel": "来电", "received_on": "2024-01-05",
            "unit": "七星村", "target": "我录入的", "content": "夜间噪声扰民"}))
    error = box.get("error")
    assert isinstance(error, ValidationError), box
    assert [(p.field, p.message) for p in error.problems] == [("编号", "已存在：LS-SAME-1")]
    assert [c.target for c in Case.select().where(Case.case_no == "LS-SAME-1")] == ["别人录入的"]


def test_a_login_created_at_the_same_instant_is_already_there(db, station):
    box = _while_another_inserts(
        db, 'INSERT INTO "user" (login, display_name, role, is_admin, active, created_at) '
            "VALUES (?, '别人', 'viewer', ?, ?, '2024-04-11 09:00:00')", ("zhang", False, True),
        lambda: users.add_user(station, "zhang", "张三", "viewer"))
    error = box.get("error")
    assert isinstance(error, ValidationError), box
    assert [(p.field, p.message) for p in error.problems] == [("登录名", "已存在：zhang")]
    assert [u.display_name for u in User.select().where(User.login == "zhang")] == ["别人"]
