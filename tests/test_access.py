"""Roles, proven path by path: a unit user cannot list, open, change or export another unit's
case through any service function or CLI command; a viewer changes nothing and sees masked
personal data. Runs on the sample ledger (users qixing of 七星村, xinhe of 新河社区, the viewer
quhuanweiban)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from huitoukan_tui.models import AuditEntry, Case, Inspection, Rectification, Unit, User
from huitoukan_tui.services import cases, history, inspections, progress, rectifications
from huitoukan_tui.services.campaign import current_campaign, week_containing
from huitoukan_tui.services.errors import NotFound, PermissionDenied, ServiceError
from huitoukan_tui.services.inspections import InspectionInput
from huitoukan_tui.services.rectifications import ItemFilter, MeasureInput

TODAY = dt.date(2024, 4, 15)
WEEK_DAY = dt.date(2024, 3, 21)


@pytest.fixture
def ledger(demo_db):
    """The actors and one case/item of their own unit and of others."""
    def user(login):
        return User.get(User.login == login)

    def cases_of(unit):
        return [c.case_no for c in Case.select().join(Unit).where(Unit.name == unit)
                .order_by(Case.case_no)]

    def items_not_of(unit):
        return [i.id for i in Rectification.select().join(Case).join(Unit)
                .where(Unit.name != unit).order_by(Rectification.id)]

    own_items = [i.id for i in Rectification.select().join(Case).join(Unit)
                 .where(Unit.name == "七星村").order_by(Rectification.id)]
    return {
        "admin": user("admin"), "qixing": user("qixing"), "xinhe": user("xinhe"),
        "viewer": user("quhuanweiban"),
        "own": cases_of("七星村"), "other": cases_of("新河社区") + cases_of("杨山村"),
        "own_items": own_items, "other_items": items_not_of("七星村"),
    }


def _audit_count() -> int:
    return AuditEntry.select().count()


def _week():
    return week_containing(current_campaign(), WEEK_DAY)


def _inspection() -> InspectionInput:
    return InspectionInput(inspected_on=dt.date(2024, 4, 1), inspectors="张三", handled=True,
                           rebound=False, satisfaction="满意")


# ---------------------------------------------------------------- unit users: services

def test_unit_user_lists_only_its_own_cases(ledger):
    qixing = ledger["qixing"]
    listed = [c.case_no for c in cases.list_cases(qixing)]
    assert listed == ledger["own"]
    assert cases.count_cases(qixing) == len(ledger["own"])
    # asking for another unit, or searching another unit's text, finds nothing
    assert cases.list_cases(qixing, cases.CaseFilter(units=("新河社区",))) == []
    other = Case.get(Case.case_no == ledger["other"][0])
    assert cases.list_cases(qixing, cases.CaseFilter(search=other.case_no)) == []
    found = cases.list_cases(qixing, cases.CaseFilter(search=other.target[:4]))
    assert all(c.unit.name == "七星村" for c in found)
    assert cases.list_cases(ledger["admin"], cases.CaseFilter(search=other.target[:4]))
    # the ledger's paging cannot be pointed at other ids either
    every_id = [c.id for c in Case.select()]
    rows = cases.rows_by_ids(qixing, every_id)
    assert sorted(r.case_no for r in rows) == ledger["own"]
    assert set(cases.case_ids(qixing)) == {r.id for r in rows}


def test_unit_user_cannot_open_or_change_another_units_case(ledger):
    qixing, other_no = ledger["qixing"], ledger["other"][0]
    other = Case.get(Case.case_no == other_no)
    before_audit = _audit_count()
    with pytest.raises(NotFound, match="没有找到信访件"):
        cases.get_case(qixing, other_no)
    with pytest.raises(NotFound):
        cases.get_case_by_id(qixing, other.id)
    with pytest.raises(NotFound):
        cases.update_case(qixing, other_no, {"location": "改了"}, other.version)
    with pytest.raises(NotFound):
        inspections.record_inspection(qixing, other_no, _inspection(), today=TODAY)
    with pytest.raises(NotFound):
        inspections.inspections_of(qixing, other)
    with pytest.raises(NotFound):
        rectifications.create_item(qixing, other_no, "新发现", {"new_problem": "x"},
                                   [MeasureInput("措施")], opened_on=dt.date(2024, 4, 1))
    with pytest.raises(NotFound):
        history.case_history(qixing, other_no)
    # nor move its own case to another unit, nor create one there
    own = Case.get(Case.case_no == ledger["own"][0])
    with pytest.raises(PermissionDenied):
        cases.update_case(qixing, own.case_no, {"unit": "新河社区"}, own.version)
    with pytest.raises(PermissionDenied):
        cases.create_case(qixing, {"case_no": "X-1", "channel": "来电",
                                   "received_on": "2024-03-01", "unit": "新河社区",
                                   "target": "某厂", "content": "噪声"})
    assert Case.get(Case.case_no == other_no).version == other.version
    assert Case.get(Case.case_no == own.case_no).unit.name == "七星村"
    assert Inspection.select().where(Inspection.case == other).count() == len(
        list(other.inspections))
    assert not Case.select().where(Case.case_no == "X-1").exists()
    assert _audit_count() == before_audit


def test_unit_user_can_work_on_its_own_case(ledger):
    qixing, own_no = ledger["qixing"], ledger["own"][-1]
    case = cases.get_case(qixing, own_no)
    cases.update_case(qixing, own_no, {"location": "七星村新址"}, case.version)
    inspections.record_inspection(qixing, own_no, _inspection(), today=TODAY)
    assert cases.get_case(qixing, own_no).location == "七星村新址"


def test_unit_user_sees_and_moves_only_its_own_items(ledger):
    qixing = ledger["qixing"]
    listed = rectifications.list_items(qixing)
    assert sorted(i.id for i in listed) == ledger["own_items"]
    assert rectifications.list_items(qixing, ItemFilter(units=("杨山村",))) == []
    assert rectifications.list_items(qixing, ItemFilter(case_no=ledger["other"][0])) == []
    before_audit = _audit_count()
    for item_id in ledger["other_items"]:
        item = Rectification.get_by_id(item_id)
        with pytest.raises(NotFound, match="没有找到整改事项"):
            rectifications.get_item(qixing, item_id)
        with pytest.raises(NotFound):
            rectifications.set_status(qixing, item_id, "待验收", today=TODAY)
        with pytest.raises(NotFound):
            rectifications.update_item(qixing, item_id, {}, [], item.version)
        assert Rectification.get_by_id(item_id).status == item.status
    assert _audit_count() == before_audit
    for item_id in ledger["own_items"]:
        assert rectifications.get_item(qixing, item_id).case.unit.name == "七星村"


def test_unit_user_weekly_numbers_are_its_own(ledger):
    qixing, week = ledger["qixing"], _week()
    table = progress.weekly_progress(qixing, week)
    assert [r.unit for r in table.rows] == ["七星村"]
    assert table.total.total == len(ledger["own"])
    with pytest.raises(ServiceError, match="没有这个单位或无权查看"):
        progress.weekly_progress(qixing, week, ["新河社区"])
    for what in (progress.DRILL_VERIFIED, progress.DRILL_NEW):
        for unit in (None, "新河社区", "杨山村"):
            behind = progress.cases_behind(qixing, week, unit, what)
            assert all(c.unit.name == "七星村" for c in behind)
    station_all = progress.cases_behind(ledger["admin"], week, None, progress.DRILL_VERIFIED)
    assert any(c.unit.name != "七星村" for c in station_all)  # the filter did something


def test_unit_user_remarks_and_submission(ledger):
    qixing, week = ledger["qixing"], _week()
    before_audit = _audit_count()
    with pytest.raises(PermissionDenied):
        progress.set_remark(qixing, "新河社区", week, "别人的备注")
    with pytest.raises(PermissionDenied):
        progress.get_remark(qixing, "新河社区", week)
    with pytest.raises(PermissionDenied, match="只有街道生态环境站"):
        progress.submit_week(qixing, week)
    assert _audit_count() == before_audit
    progress.set_remark(qixing, "七星村", week, "本村已全部核查")
    assert progress.get_remark(qixing, "七星村", week)[0] == "本村已全部核查"


def test_unit_user_history_is_its_own(ledger):
    qixing = ledger["qixing"]
    rows = list(history.history(qixing))
    assert rows, "the own unit's cases have a history"
    own_ids = {c.id for c in Case.select().join(Unit).where(Unit.name == "七星村")}
    for row in rows:
        assert row.case_no in ledger["own"] or row.entity == "remark"
        if row.entity == "case":
            assert row.entity_id in own_ids
    assert not [r for r in rows if r.entity == "user"]


# ---------------------------------------------------------------- viewers

def test_viewer_reads_everything_changes_nothing(ledger):
    viewer, week = ledger["viewer"], _week()
    assert cases.count_cases(viewer) == 34
    case = Case.get(Case.case_no == ledger["own"][0])
    item_id = ledger["own_items"][0]
    item = Rectification.get_by_id(item_id)
    before_audit = _audit_count()
    attempts = [
        lambda: cases.update_case(viewer, case.case_no, {"location": "x"}, case.version),
        lambda: cases.create_case(viewer, {"case_no": "V-1", "channel": "来电",
                                           "received_on": "2024-03-01", "unit": "七星村",
                                           "target": "某厂", "content": "噪声"}),
        lambda: inspections.record_inspection(viewer, case.case_no, _inspection(),
                                              today=TODAY),
        lambda: rectifications.set_status(viewer, item_id, "待验收", today=TODAY),
        lambda: rectifications.update_item(viewer, item_id, {}, [], item.version),
        lambda: rectifications.create_item(viewer, case.case_no, "新发现", {},
                                           [MeasureInput("措施")]),
        lambda: progress.set_remark(viewer, "七星村", week, "查看者的备注"),
        lambda: progress.submit_week(viewer, week),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert _audit_count() == before_audit
    assert Case.get_by_id(case.id).version == case.version


def test_viewer_sees_masked_personal_data(ledger):
    viewer, admin = ledger["viewer"], ledger["admin"]
    case = Case.get(Case.case_no == ledger["own"][0])
    shown = cases.case_record(viewer, case)
    assert shown["phone"] == case.phone[:3] + "****" + case.phone[-4:]
    assert case.phone not in json.dumps(shown, ensure_ascii=False)
    assert cases.case_record(admin, case)["phone"] == case.phone
    assert cases.case_record(ledger["qixing"], case)["phone"] == case.phone
    # the audit history of the case's creation carries the number: masked too
    created = [r for r in history.case_history(viewer, case.case_no) if r.action == "create"
               and r.entity == "case"]
    assert created and case.phone not in created[0].after
    assert case.phone[-4:] in created[0].after


# ---------------------------------------------------------------- the CLI, command by command

def test_cli_cases_lists_only_own_unit(ledger, run_cli):
    result = run_cli(["cases", "--format", "json"], user="qixing")
    assert result.exit_code == 0
    assert sorted(r["case_no"] for r in json.loads(result.output)) == ledger["own"]
    result = run_cli(["cases", "--format", "csv"], user="qixing")
    for other in ledger["other"]:
        assert other not in result.output
    result = run_cli(["cases", "--unit", "新河社区", "--format", "json"], user="qixing")
    assert json.loads(result.output) == []
    result = run_cli(["cases", "--search", ledger["other"][0], "--format", "json"],
                     user="qixing")
    assert json.loads(result.output) == []


def test_cli_inspect_refuses_other_units_case(ledger, run_cli):
    other = ledger["other"][0]
    args = ["inspect", other, "--date", "2024-04-01", "--inspectors", "张三", "--handled",
            "是", "--rebound", "否", "--satisfaction", "满意"]
    before = Inspection.select().count()
    result = run_cli(args, user="qixing")
    assert result.exit_code == 1
    assert f"没有找到信访件：{other}" in result.output
    result = run_cli(args, user="quhuanweiban")
    assert result.exit_code == 1 and "只读用户不能修改数据" in result.output
    assert Inspection.select().count() == before
    own_args = [ledger["own"][-1] if a == other else a for a in args]
    assert run_cli(own_args, user="qixing").exit_code == 0


def test_cli_problems_and_set_status(ledger, run_cli):
    result = run_cli(["problems", "--format", "json"], user="qixing")
    assert result.exit_code == 0
    listed = json.loads(result.output)
    assert sorted(r["id"] for r in listed) == ledger["own_items"]
    assert {r["unit"] for r in listed} == {"七星村"}
    result = run_cli(["problems", "--unit", "杨山村", "--format", "json"], user="qixing")
    assert json.loads(result.output) == []
    other_item = ledger["other_items"][0]
    status = Rectification.get_by_id(other_item).status
    result = run_cli(["problem", "set-status", str(other_item), "待验收"], user="qixing")
    assert result.exit_code == 1 and f"没有找到整改事项：{other_item}" in result.output
    result = run_cli(["problem", "set-status", str(other_item), "待验收"], user="quhuanweiban")
    assert result.exit_code == 1 and "只读用户不能修改数据" in result.output
    assert Rectification.get_by_id(other_item).status == status


def test_cli_progress_shows_only_own_row(ledger, run_cli):
    result = run_cli(["progress", "--week", "2024-03-21", "--format", "json"], user="qixing")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [r["unit"] for r in data["rows"]] == ["七星村"]
    assert data["total"]["total"] == len(ledger["own"])
    result = run_cli(["progress", "--unit", "新河社区"], user="qixing")
    assert result.exit_code == 1 and "无权查看" in result.output


def test_cli_audit_shows_only_own_units_history(ledger, run_cli):
    result = run_cli(["audit", "--format", "json"], user="qixing")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert rows and {r["case_no"] for r in rows} <= set(ledger["own"]) | {""}
    assert not any(r["case_no"] in ledger["other"] for r in rows)
    other = ledger["other"][0]
    result = run_cli(["audit", "--case", other], user="qixing")
    assert result.exit_code == 1 and f"没有找到信访件：{other}" in result.output
    result = run_cli(["audit", "--user", "admin", "--format", "json"], user="qixing")
    assert {r["case_no"] for r in json.loads(result.output)} <= set(ledger["own"])


def test_cli_station_only_commands_refuse_others(ledger, run_cli, tmp_path):
    for login in ("qixing", "quhuanweiban"):
        for args in (["user", "list"],
                     ["user", "add", "x", "--name", "某", "--role", "viewer"],
                     ["user", "set", "qixing", "--name", "某"],
                     ["user", "disable", "xinhe"],
                     ["user", "remove-key", "xinhe", "--authorized-keys",
                      str(tmp_path / "ak")]):
            result = run_cli(args, user=login)
            assert result.exit_code == 1, (login, args)
            assert "只有街道生态环境站或区环委办可以进行此操作" in result.output
    assert User.get(User.login == "xinhe").active
    assert User.get(User.login == "qixing").display_name != "某"


def test_cli_viewer_output_is_masked(ledger, run_cli):
    case = Case.get(Case.case_no == ledger["own"][0])
    result = run_cli(["cases", "--format", "csv"], user="quhuanweiban")
    assert result.exit_code == 0
    assert case.phone not in result.output
    assert case.phone[:3] + "****" + case.phone[-4:] in result.output
    result = run_cli(["audit", "--format", "json"], user="quhuanweiban")
    assert case.phone not in result.output


# ---------------------------------------------------------------- import and export

def test_cli_export_contains_only_own_unit(ledger, run_cli, tmp_path):
    out = tmp_path / "exports"
    result = run_cli(["export", "all", "--format", "csv", "--week", "2024-04-11", "--out",
                      str(out)], user="qixing")
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.csv"))
    assert files and all(f.name.endswith("_七星村.csv") for f in files)
    text = "".join(f.read_text(encoding="utf-8-sig") for f in files)
    assert set(re.findall(r"LS-\d{4}-\d{3}", text)) == set(ledger["own"])
    for other_unit in ("新河社区", "杨山村", "桃坡村", "里山社区"):
        assert other_unit not in text
    for args in (["export", "ledger", "--unit", "新河社区"],
                 ["export", "progress", "--unit", "杨山村", "--week", "2024-04-11"]):
        result = run_cli([*args, "--out", str(tmp_path / "refused")], user="qixing")
        assert result.exit_code == 1 and "没有这个单位或无权导出" in result.output
    assert not list(tmp_path.glob("refused/*.*"))


def test_cli_export_by_viewer_is_masked(ledger, run_cli, tmp_path):
    case = Case.get(Case.case_no == ledger["own"][0])
    result = run_cli(["export", "ledger", "--format", "csv", "--week", "2024-04-11", "--out",
                      str(tmp_path)], user="quhuanweiban")
    assert result.exit_code == 0, result.output
    [ledger_file] = tmp_path.glob("*信访台账*.csv")
    text = ledger_file.read_text(encoding="utf-8-sig")
    assert case.case_no in text
    assert case.phone not in text
    assert case.phone[:3] + "****" + case.phone[-4:] in text


def test_cli_import_is_station_only(ledger, run_cli, tmp_path):
    sheet = tmp_path / "台账.csv"
    sheet.write_text("编号,来源,受理日期,核查单位,被反映对象,反映问题\n"
                     "IMP-1,来电,2024-01-05,七星村,某厂,噪声\n", encoding="utf-8")
    for login in ("qixing", "quhuanweiban"):
        result = run_cli(["import", str(sheet)], user=login)
        assert result.exit_code == 1
        assert "只有街道生态环境站可以进行此操作" in result.output
    assert not Case.select().where(Case.case_no == "IMP-1").exists()


def test_visible_units_is_the_one_list_of_units_a_user_may_pick(units, unit_user, viewer, station):
    """Facets, the case form, the weekly table and exports all offer these units."""
    from huitoukan_tui.services.organisation import visible_units

    assert [u.name for u in visible_units(unit_user)] == ["七星村"]
    everything = [u.name for u in visible_units(station)]
    assert everything == ["七星村", "桃坡村", "新河社区", "街道城建办"]
    assert [u.name for u in visible_units(viewer)] == everything
