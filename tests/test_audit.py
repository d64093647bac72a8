"""The audit log: every write path records who/when/what in the same transaction, a failed
write leaves no trace, nothing can edit or delete an entry, and ``audit`` filters it."""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from pathlib import Path

import pytest

from huitoukan_tui.models import AuditEntry, Case, Inspection, Rectification
from huitoukan_tui.services import (
    cases,
    casestate,
    inspections,
    progress,
    rectifications,
    search,
    users,
)
from huitoukan_tui.services.campaign import current_campaign, week_containing
from huitoukan_tui.services.errors import ValidationError
from huitoukan_tui.services.inspections import InspectionInput
from huitoukan_tui.services.rectifications import MeasureInput

TODAY = dt.date(2024, 4, 15)


def _new_rows(since_id: int) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.id > since_id).order_by(AuditEntry.id))


def _last_id() -> int:
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    return last.id if last else 0


def _case(actor, no="LS-T-001", unit="七星村"):
    return cases.create_case(actor, {
        "case_no": no, "channel": "来电", "received_on": "2024-01-05", "unit": unit,
        "petitioner": "张先生", "phone": "13812345678", "target": "某石材厂",
        "location": "七星村石门组", "content": "夜间噪声扰民"})


def test_every_write_path_records_who_what_before_after(station, unit_user):
    mark = _last_id()
    case = _case(unit_user)
    rows = _new_rows(mark)
    assert [(r.entity, r.action, r.actor) for r in rows] == [("case", "create", "qixing")]
    assert "夜间噪声扰民" in rows[0].after and rows[0].case_no == "LS-T-001"

    mark = _last_id()
    cases.update_case(unit_user, "LS-T-001", {"location": "七星村枫树组", "target": "某厂"},
                      case.version)
    rows = _new_rows(mark)
    assert {(r.field, r.before, r.after) for r in rows} == {
        ("location", "七星村石门组", "七星村枫树组"), ("target", "某石材厂", "某厂")}
    assert all(r.action == "update" and r.version == 2 for r in rows)

    mark = _last_id()
    _, items = inspections.record_inspection(unit_user, "LS-T-001", InspectionInput(
        inspected_on="2024-04-01", inspectors="张三", handled=False, rebound=False,
        satisfaction="不满意", new_problems=["新增露天堆场"]), today=TODAY)
    rows = _new_rows(mark)
    assert [(r.entity, r.action) for r in rows] == [
        ("inspection", "create"), ("rectification", "create"), ("rectification", "create")]

    item = items[0]
    mark = _last_id()
    item = rectifications.update_item(unit_user, item.id, {
        "problem_type": "来电", "target_standard": "夜间无切割作业", "implementer": "七星村",
        "acceptor": "里山街道生态环境站", "deadline": "2024-06-30"},
        [MeasureInput("安装隔音棚", [{"period": "2024Q2", "target": "完成隔音棚"}])],
        item.version)
    rows = _new_rows(mark)
    assert {r.field for r in rows} >= {"target_standard", "deadline", "measures"}

    mark = _last_id()
    rectifications.set_status(unit_user, item.id, "待验收", on="2024-04-10", today=TODAY)
    rows = _new_rows(mark)
    assert ("status", "status", "整改中", "待验收") in {
        (r.action, r.field, r.before, r.after) for r in rows}

    extra = rectifications.create_item(station, "LS-T-001", "反弹", {
        "target_standard": "不再反弹", "deadline": "2024-06-30"},
        [MeasureInput("巡查", [{"period": "2024Q2", "target": "每周巡查"}])],
        opened_on=dt.date(2024, 4, 2))
    assert AuditEntry.get((AuditEntry.entity == "rectification")
                          & (AuditEntry.entity_id == extra.id)).action == "create"

    week = week_containing(current_campaign(), dt.date(2024, 4, 4))
    mark = _last_id()
    progress.set_remark(unit_user, "七星村", week, "已核查 1 件")
    progress.submit_week(station, week)
    rows = _new_rows(mark)
    assert [(r.entity, r.action, r.actor) for r in rows] == [
        ("remark", "update", "qixing"), ("snapshot", "submit", "admin")]
    assert rows[0].after == "已核查 1 件"

    mark = _last_id()
    users.add_user(station, "wang", "王五", "viewer")
    users.set_user(station, "wang", name="王小五")
    users.set_active(station, "wang", False)
    assert [(r.entity, r.action) for r in _new_rows(mark)] == [
        ("user", "create"), ("user", "update"), ("user", "update")]


def test_refused_input_leaves_no_audit_row(station, unit_user):
    case = _case(unit_user)
    mark = _last_id()
    with pytest.raises(ValidationError):
        cases.update_case(unit_user, case.case_no, {"received_on": "2099-01-01"}, case.version)
    with pytest.raises(ValidationError):
        inspections.record_inspection(unit_user, case.case_no, InspectionInput(
            inspected_on="2024-04-01", inspectors="", handled="也许", rebound=False,
            satisfaction="满意"), today=TODAY)
    with pytest.raises(ValidationError):
        users.add_user(station, "", "", "boss")
    assert _new_rows(mark) == []


def test_life_cycle_dates_record_what_was_there_before(station, unit_user):
    """Issue 12.17: the audit of 报验收/验收/移交 dates said "before: empty" even when the
    item had a date (reported, sent back, reported again)."""
    case = _case(unit_user)
    _, items = inspections.record_inspection(unit_user, case.case_no, InspectionInput(
        inspected_on="2024-04-01", inspectors="张三", handled=False, rebound=False,
        satisfaction="不满意"), today=TODAY)
    item = rectifications.update_item(unit_user, items[0].id, {
        "problem_type": "来电", "target_standard": "夜间无切割作业", "implementer": "七星村",
        "acceptor": "里山街道生态环境站", "deadline": "2024-06-30"},
        [MeasureInput("安装隔音棚", [{"period": "2024Q2", "target": "完成隔音棚"}])],
        items[0].version)

    def dates(mark: int) -> set[tuple[str, str, str]]:
        return {(r.field, r.before, r.after) for r in _new_rows(mark)
                if r.field in ("reported_on", "accepted_on", "accepted_by", "referred_on",
                               "referral_reason")}

    mark = _last_id()
    rectifications.set_status(unit_user, item.id, "待验收", on="2024-04-08", today=TODAY)
    assert dates(mark) == {("reported_on", "", "2024-04-08")}
    rectifications.set_status(station, item.id, "整改中", reason="隔音棚未封顶", today=TODAY)
    mark = _last_id()
    rectifications.set_status(unit_user, item.id, "待验收", on="2024-04-12", today=TODAY)
    assert dates(mark) == {("reported_on", "2024-04-08", "2024-04-12")}
    mark = _last_id()
    rectifications.set_status(station, item.id, "已销号", on="2024-04-14", today=TODAY)
    assert dates(mark) == {("accepted_on", "", "2024-04-14"),
                           ("accepted_by", "", "里山街道生态环境站")}


def test_a_write_failing_midway_leaves_neither_data_nor_audit(station, unit_user, monkeypatch):
    """The audit row is written inside the same transaction as the change: when a later step
    of the write fails, both are rolled back together."""
    case = _case(unit_user)
    mark = _last_id()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(casestate, "refresh", broken)
    with pytest.raises(RuntimeError):
        inspections.record_inspection(unit_user, case.case_no, InspectionInput(
            inspected_on="2024-04-01", inspectors="张三", handled=False, rebound=True,
            satisfaction="不满意"), today=TODAY)
    assert Inspection.select().count() == 0
    assert Rectification.select().count() == 0
    monkeypatch.setattr(search, "reindex", broken)
    with pytest.raises(RuntimeError):
        cases.update_case(unit_user, case.case_no, {"location": "别处"}, case.version)
    stored = Case.get_by_id(case.id)
    assert (stored.location, stored.version) == ("七星村石门组", 1)
    assert _new_rows(mark) == []


def test_no_code_path_edits_or_deletes_audit_entries():
    """The audit log is append-only: no module updates or deletes AuditEntry rows."""
    package = Path(__file__).resolve().parent.parent / "huitoukan_tui"
    pattern = re.compile(r"AuditEntry\s*\.\s*(update|delete|delete_by_id|replace|"
                         r"insert_or_replace)\b|delete_instance|audit_?entry\s+set", re.I)
    offenders = []
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "AuditEntry" in text or "audit_entry" in text:
            offenders += [f"{path.name}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


# ---------------------------------------------------------------- the audit command

@pytest.fixture
def edited(station, unit_user, other_unit_user):
    case = _case(unit_user)
    cases.update_case(unit_user, case.case_no, {"location": "七星村枫树组"}, case.version)
    other = _case(other_unit_user, "LS-T-002", "桃坡村")
    cases.update_case(station, other.case_no, {"content": "夜间噪声和粉尘"}, other.version)
    return case


def test_audit_command_filters_by_case_user_and_date(edited, run_cli):
    result = run_cli(["audit", "--case", "LS-T-001", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert {r["case_no"] for r in rows} == {"LS-T-001"}
    update = next(r for r in rows if r["action"] == "修改")
    assert update == {**update, "actor": "qixing", "actor_name": "七星村干部", "entity": "信访件",
                      "field": "地点", "before": "七星村石门组", "after": "七星村枫树组"}
    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", update["at"])

    result = run_cli(["audit", "--user", "admin", "--format", "json"])
    rows = json.loads(result.output)
    assert rows and {r["actor"] for r in rows} == {"admin"}
    assert any(r["case_no"] == "LS-T-002" and r["field"] == "反映问题" for r in rows)

    today = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()  # records are China time
    result = run_cli(["audit", "--since", today.isoformat(), "--format", "json"])
    assert len(json.loads(result.output)) == AuditEntry.select().count()
    result = run_cli(["audit", "--since", (today + dt.timedelta(days=1)).isoformat()])
    assert result.exit_code == 0 and "没有符合条件的修改记录" in result.output
    result = run_cli(["audit", "--since", "上周"])
    assert result.exit_code == 1 and "--since：不是有效日期：上周" in result.output
    result = run_cli(["audit", "--case", "NO-SUCH"])
    assert result.exit_code == 1 and "没有找到信访件：NO-SUCH" in result.output


def test_audit_table_shows_who_when_what(edited, run_cli):
    result = run_cli(["audit", "--case", "LS-T-001"])
    assert result.exit_code == 0
    header, rule, *lines = result.output.splitlines()
    for title in ("时间", "操作人", "信访件", "对象", "操作", "字段", "原值", "新值"):
        assert title in header
    line = next(ln for ln in lines if "修改" in ln)
    for text in ("七星村干部（qixing）", "LS-T-001", "信访件", "地点", "七星村石门组",
                 "七星村枫树组"):
        assert text in line
    result = run_cli(["audit", "--limit", "1", "--format", "json"])
    assert len(json.loads(result.output)) == 1


def test_audit_history_survives_renumbering(edited, station):
    case = Case.get(Case.case_no == "LS-T-001")
    cases.update_case(station, "LS-T-001", {"case_no": "LS-T-001A"}, case.version)
    from huitoukan_tui.services import history

    rows = history.case_history(station, "LS-T-001A")
    assert {r.field for r in rows if r.action == "update"} >= {"location", "case_no"}
    assert any(r.action == "create" for r in rows)


def test_unit_user_audit_excludes_other_units_and_accounts(edited, run_cli):
    result = run_cli(["audit", "--format", "json"], user="taopo")
    rows = json.loads(result.output)
    assert rows and {r["case_no"] for r in rows} == {"LS-T-002"}
    result = run_cli(["audit", "--case", "LS-T-001"], user="taopo")
    assert result.exit_code == 1 and "没有找到信访件：LS-T-001" in result.output
