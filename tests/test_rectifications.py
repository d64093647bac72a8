"""The four lists: milestone rule, completeness, life cycle, overdue, listing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from huitoukan_tui.enums import CaseStatus, RectKind, RectStatus
from huitoukan_tui.models import AuditEntry, LedgerEntry, Measure, Rectification
from huitoukan_tui.services import cases, casestate, inspections, rectifications
from huitoukan_tui.services.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from huitoukan_tui.services.rectifications import MeasureInput
from tests.ledger import entry

TODAY = dt.date(2024, 4, 15)
OPENED = dt.date(2024, 3, 20)


def fields(exc: ValidationError) -> dict[str | tuple[str, int], str]:
    """Field (with its list entry: ``("整改措施", 1)``) → its messages (joined with ｜ when
    it has several), from the refusal's data."""
    out: dict[str | tuple[str, int], str] = {}
    for p in exc.problems:
        key = p.field if p.index is None else (p.field, p.index)
        out[key] = out[key] + "｜" + p.message if key in out else p.message
    return out


# ---------------------------------------------------------------- milestone rule (pure)

@pytest.mark.parametrize("opened, deadline, periods", [
    ("2024-03-20", "2024-03-31", ["2024Q1"]),
    ("2024-03-20", "2024-06-30", ["2024Q1", "2024Q2"]),
    ("2024-04-01", "2024-12-31", ["2024Q2", "2024Q3", "2024Q4"]),
    ("2024-03-20", "2025-01-01", ["2024", "2025"]),
    ("2024-12-30", "2026-06-30", ["2024", "2025", "2026"]),
])
def test_required_periods(opened, deadline, periods):
    assert rectifications.required_periods(dt.date.fromisoformat(opened),
                                           dt.date.fromisoformat(deadline)) == periods


def test_period_labels_and_milestone_text():
    assert rectifications.period_label("2024Q2") == "2024年第二季度"
    assert rectifications.period_label("2025") == "2025年"
    assert rectifications.quarter_of(dt.date(2024, 3, 31)) == 1
    assert rectifications.quarter_of(dt.date(2024, 4, 1)) == 2
    for text, parsed in [
        ("2024年第二季度：完成围挡", {"period": "2024Q2", "target": "完成围挡"}),
        ("2024Q3: 建成沉淀池", {"period": "2024Q3", "target": "建成沉淀池"}),
        ("2024年3季度：验收", {"period": "2024Q3", "target": "验收"}),
        ("2025年：长效管理=常态", {"period": "2025", "target": "长效管理=常态"}),
    ]:
        assert rectifications.parse_milestone(text) == parsed
    with pytest.raises(ValueError):
        rectifications.parse_milestone("明年完成")
    assert rectifications.format_milestone({"period": "2024Q1", "target": "方案"}) == (
        "2024年第一季度：方案")


# ---------------------------------------------------------------- fixtures

@pytest.fixture
def case(station, units):
    return cases.create_case(station, {
        "case_no": "LS-2021-001", "channel": "来电", "received_on": "2021-05-06",
        "unit": "七星村", "target": "恒达石材厂", "content": "夜间切割噪声扰民"})


@pytest.fixture
def item(case, station):
    """A 未整改到位 item opened on 2024-03-20 by an inspection, without plan yet."""
    _, items = inspections.record_inspection(station, "LS-2021-001", inspections.InspectionInput(
        OPENED, "张伟", "否", "无", "不满意"), today=TODAY)
    return items[0]


def quarterly(*periods: str) -> list[MeasureInput]:
    return [MeasureInput("安装隔音棚", [{"period": p, "target": f"{p}目标"} for p in periods])]


PLAN = {"problem_type": "来电", "original_problem": "夜间切割噪声扰民",
        "target_standard": "夜间噪声达标，信访人满意", "implementer": "七星村",
        "acceptor": "里山街道生态环境站", "deadline": "2024-06-30"}


def plan(actor, item, *, deadline="2024-06-30", measures=None, **over):
    item = Rectification.get_by_id(item.id)
    if measures is None:
        measures = quarterly("2024Q1", "2024Q2")
    return rectifications.update_item(actor, item.id, {**PLAN, "deadline": deadline, **over},
                                      measures, item.version)


# ---------------------------------------------------------------- milestone rule (service)

@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_same_year_needs_a_quarterly_target_per_quarter(item, station):
    with pytest.raises(ValidationError) as exc:
        plan(station, item, measures=quarterly("2024Q2"))
    msg = fields(exc.value)[("整改措施", 1)]
    assert "当年完成，需明确季度工作目标" in msg and "2024年第一季度" in msg
    with pytest.raises(ValidationError) as exc:  # a yearly target is the wrong kind here
        plan(station, item, measures=quarterly("2024Q1", "2024Q2", "2024"))
    assert "类型不符" in fields(exc.value)[("整改措施", 1)]
    assert Measure.select().count() == 0
    saved = plan(station, item, measures=quarterly("2024Q2", "2024Q1"))
    stones = rectifications.measures_of(saved)[0].milestones
    assert [s["period"] for s in stones] == ["2024Q1", "2024Q2"]  # kept in time order


@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_cross_year_needs_a_yearly_target_per_year(item, station):
    with pytest.raises(ValidationError) as exc:
        plan(station, item, deadline="2025-06-30", measures=quarterly("2024Q1", "2024Q2"))
    msg = fields(exc.value)[("整改措施", 1)]
    assert "跨年实施，需明确年度工作目标" in msg and "2024年、2025年" in msg
    with pytest.raises(ValidationError) as exc:
        plan(station, item, deadline="2025-06-30", measures=quarterly("2024"))
    assert "缺少年度目标：2025年" in fields(exc.value)[("整改措施", 1)]
    saved = plan(station, item, deadline="2025-06-30", measures=quarterly("2024", "2025"))
    assert saved.deadline == dt.date(2025, 6, 30)
    assert rectifications.measures_text(saved) == (
        "1. 安装隔音棚\n   2024年：2024目标\n   2025年：2025目标")


@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_every_measure_is_checked_and_targets_required(item, station):
    measures = [MeasureInput("第一条", [{"period": "2024Q1", "target": "a"},
                                      {"period": "2024Q2", "target": "b"}]),
                MeasureInput(" ", [{"period": "2024Q1", "target": " "},
                                   {"period": "2024Q7", "target": "x"}])]
    with pytest.raises(ValidationError) as exc:
        plan(station, item, measures=measures)
    got = [(p.field, p.index, p.part, p.message) for p in exc.value.problems]
    assert ("整改措施", 2, "", "不能为空") in got
    assert ("整改措施", 2, "2024年第一季度目标", "不能为空") in got
    assert ("整改措施", 2, "", "目标时段无效：2024Q7（应为 2024 或 2024Q2）") in got
    lines = [str(p) for p in exc.value.problems]  # as the CLI prints them
    assert "整改措施 第2条 2024年第一季度目标：不能为空" in lines
    with pytest.raises(ValidationError) as exc:
        plan(station, item, measures=[])
    assert fields(exc.value)["整改措施"] == "至少填写一条整改措施"


@pytest.mark.sqlite_only  # validation is engine-neutral Python
@pytest.mark.parametrize("over, field, fragment", [
    ({"target_standard": ""}, "目标任务（标准）", "不能为空"),
    ({"implementer": " "}, "整改实施主体", "不能为空"),
    ({"acceptor": ""}, "验收（监管）单位", "不能为空"),
    ({"problem_type": ""}, "问题类型", "不能为空"),
    ({"deadline": ""}, "完成时限", "不能为空"),
    ({"deadline": "2024-02-30"}, "完成时限", "不是有效日期"),
    ({"deadline": "2024-03-19"}, "完成时限", "不能早于问题发现日期 2024-03-20"),
    ({"target_standard": "标" * 1001}, "目标任务（标准）", "过长"),
])
def test_item_refusals_change_nothing(item, station, over, field, fragment):
    with pytest.raises(ValidationError) as exc:
        plan(station, item, **over)
    assert fragment in fields(exc.value)[field]
    got = Rectification.get_by_id(item.id)
    assert (got.version, got.target_standard, got.deadline) == (1, "", None)


# ---------------------------------------------------------------- create / update

@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_create_item_by_hand(case, station):
    created = rectifications.create_item(
        station, "LS-2021-001", "新发现", {"new_problem": "废机油随意倾倒",
                                         "target_standard": "危废规范处置",
                                         "deadline": "2024-05-31"},
        quarterly("2024Q1", "2024Q2"), opened_on=OPENED)
    got = Rectification.get_by_id(created.id)
    assert RectKind(got.kind) is RectKind.NEW
    assert (got.problem_type, got.original_problem) == ("来电", "夜间切割噪声扰民")
    assert (got.implementer, got.acceptor) == ("七星村", "里山街道生态环境站")
    assert got.new_problem == "废机油随意倾倒"
    assert entry(case).next_deadline == dt.date(2024, 5, 31)
    with pytest.raises(ValidationError, match="类型：无效：其他"):
        rectifications.create_item(station, "LS-2021-001", "其他", {}, [], opened_on=OPENED)
    with pytest.raises(NotFound):
        rectifications.create_item(station, "LS-404", "新发现", {}, [], opened_on=OPENED)
    assert Rectification.select().count() == 1


@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_update_item_audit_conflict_and_permissions(item, station, other_unit_user, viewer):
    saved = plan(station, item)
    assert saved.version == 2
    changed = {e.field for e in AuditEntry.select().where(
        (AuditEntry.entity == "rectification") & (AuditEntry.action == "update"))}
    assert {"target_standard", "deadline", "measures"} <= changed
    with pytest.raises(ConflictError) as exc:
        rectifications.update_item(station, item.id, {**PLAN, "target_standard": "x"},
                                   quarterly("2024Q1", "2024Q2"), expected_version=1)
    assert exc.value.current_version == 2
    assert "target_standard" in {c.field for c in exc.value.changes}
    with pytest.raises(NotFound):
        plan(other_unit_user, item)
    with pytest.raises(PermissionDenied):
        plan(viewer, item)
    assert Rectification.get_by_id(item.id).version == 2


# ---------------------------------------------------------------- life cycle

def move(actor, item, status, **kw):
    kw.setdefault("today", TODAY)
    return rectifications.set_status(actor, item.id, status, **kw)


def status_of(item) -> RectStatus:
    return RectStatus(Rectification.get_by_id(item.id).status)


@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_report_needs_a_complete_row(item, station):
    with pytest.raises(ValidationError) as exc:
        move(station, item, "待验收")
    assert set(fields(exc.value)) == {"目标任务（标准）", "完成时限", "整改措施"}
    assert status_of(item) is RectStatus.IN_PROGRESS


def test_full_life_cycle_to_closed(item, station):
    plan(station, item)
    reported = move(station, item, "待验收", on="2024-04-01")
    assert (reported.status, reported.reported_on) == ("awaiting", dt.date(2024, 4, 1))
    assert entry("LS-2021-001").status == CaseStatus.RECTIFYING.value
    sent_back = move(station, item, "整改中", reason="隔音棚未完工")
    assert sent_back.status == "in_progress"
    assert (sent_back.returned_on, sent_back.return_reason) == (TODAY, "隔音棚未完工")
    assert sent_back.note == ""  # a reason is a record, not a note
    move(station, item, "待验收")
    with pytest.raises(ValidationError) as exc:
        move(station, item, "已销号")  # no acceptance date
    assert fields(exc.value)["日期"] == "不能为空"
    assert status_of(item) is RectStatus.AWAITING
    closed = move(station, item, "已销号", on="2024-04-12")
    assert (closed.accepted_on, closed.accepted_by) == (dt.date(2024, 4, 12), "里山街道生态环境站")
    c = entry("LS-2021-001")
    assert (c.status, c.next_deadline) == (CaseStatus.CLOSED.value, None)
    for target in ("整改中", "待验收", "移交执法"):
        with pytest.raises(ValidationError, match="已销号的事项不能再改变状态"):
            move(station, item, target, on="2024-04-13", reason="x", department="x")
    with pytest.raises(ValidationError, match="已销号的事项不能再修改"):
        plan(station, item, target_standard="改")
    statuses = [e.after for e in AuditEntry.select().where(
        (AuditEntry.action == "status") & (AuditEntry.field == "status"))
        .order_by(AuditEntry.id)]
    assert statuses == ["待验收", "整改中", "待验收", "已销号"]


@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_refused_moves(item, station):
    plan(station, item)
    with pytest.raises(ValidationError, match="不能从“整改中”改为“已销号”"):
        move(station, item, "已销号", on="2024-04-01")
    with pytest.raises(ValidationError, match="状态：无效：完成"):
        move(station, item, "完成")
    move(station, item, "待验收")
    with pytest.raises(ValidationError, match="不能从“待验收”改为“移交执法”"):
        move(station, item, "移交执法", on="2024-04-01", reason="拒不整改")
    with pytest.raises(ValidationError) as exc:
        move(station, item, "整改中")  # sent back without a reason
    assert fields(exc.value)["退回原因"] == "不能为空"
    with pytest.raises(ValidationError) as exc:
        move(station, item, "已销号", on="2024-04-16")
    assert fields(exc.value)["日期"] == "不能晚于今天"
    with pytest.raises(ValidationError) as exc:
        move(station, item, "已销号", on="2024-03-19")
    assert "不能早于问题发现日期" in fields(exc.value)["日期"]
    assert status_of(item) is RectStatus.AWAITING


@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_referral_needs_reason_department_and_station(item, station, unit_user):
    plan(station, item)
    with pytest.raises(ValidationError) as exc:
        move(station, item, "移交执法", on="2024-04-01")
    assert fields(exc.value) == {"移交原因": "不能为空", "移交部门": "不能为空"}
    with pytest.raises(ValidationError) as exc:
        move(unit_user, item, "移交执法", on="2024-04-01", reason="拒不整改", department="执法大队")
    assert "只有街道生态环境站可以移交执法" in fields(exc.value)["状态"]
    with pytest.raises(ValidationError) as exc:
        move(station, item, "移交执法", reason="拒不整改", department="执法大队")
    assert fields(exc.value)["日期"] == "不能为空"
    assert status_of(item) is RectStatus.IN_PROGRESS
    referred = move(station, item, "移交执法", on="2024-04-02", reason="拒不整改",
                    department="区生态环境综合执法大队")
    assert (referred.referred_on, referred.referral_reason, referred.referral_department) == (
        dt.date(2024, 4, 2), "拒不整改", "区生态环境综合执法大队")
    c = entry("LS-2021-001")
    assert c.referred and c.status == CaseStatus.RECTIFYING.value
    # it closes when the result of enforcement comes back, and only with it
    with pytest.raises(ValidationError) as exc:
        move(station, item, "已销号", on="2024-04-10")
    assert fields(exc.value) == {"执法结果": "不能为空"}
    closed = move(station, item, "已销号", on="2024-04-10", reason="立案处罚，已停产整改")
    assert (closed.referral_result, closed.referral_result_on) == ("立案处罚，已停产整改",
                                                                    dt.date(2024, 4, 10))
    c = entry("LS-2021-001")
    assert c.referred is False and c.status == CaseStatus.CLOSED.value


@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_department_only_with_a_referral(item, station):
    plan(station, item)
    with pytest.raises(ValidationError) as exc:
        move(station, item, "待验收", department="执法大队")
    assert fields(exc.value) == {"移交部门": "只在移交执法时填写"}
    assert status_of(item) is RectStatus.IN_PROGRESS


def test_every_reason_is_a_field_in_audit_history_and_header(item, station):
    """报验收说明, 退回原因, 验收意见, 移交部门/原因 and 执法结果: each stored on the item,
    each an audit entry of its step, each in the case history and the item's header."""
    from huitoukan_tui.services import history

    plan(station, item)
    move(station, item, "待验收", on="2024-04-08", reason="围挡已建成")
    move(station, item, "整改中", on="2024-04-09", reason="喷淋未通水")
    move(station, item, "待验收", on="2024-04-11")  # no 说明 this time: the old one is cleared
    move(station, item, "已销号", on="2024-04-12", reason="现场核实，整改到位")
    got = Rectification.get_by_id(item.id)
    assert (got.report_note, got.return_reason, got.returned_on, got.acceptance_opinion) == (
        "", "喷淋未通水", dt.date(2024, 4, 9), "现场核实，整改到位")
    audited = [(e.field, e.before, e.after) for e in AuditEntry.select().where(
        (AuditEntry.entity == "rectification") & (AuditEntry.entity_id == item.id)
        & (AuditEntry.action == "status")
        & AuditEntry.field.in_(["report_note", "return_reason", "acceptance_opinion"]))
        .order_by(AuditEntry.id)]
    assert audited == [("report_note", "", "围挡已建成"), ("return_reason", "", "喷淋未通水"),
                       ("report_note", "围挡已建成", ""),
                       ("acceptance_opinion", "", "现场核实，整改到位")]
    rows = {(r.record()["field"], r.after)
            for r in history.case_history(station, "LS-2021-001")}
    assert {("报验收说明", "围挡已建成"), ("退回原因", "喷淋未通水"), ("退回日期", "2024-04-09"),
            ("验收意见", "现场核实，整改到位")} <= rows
    assert rectifications.life_steps(got) == [
        "退回整改 2024-04-09：喷淋未通水", "报验收 2024-04-11",
        "验收销号 2024-04-12（里山街道生态环境站）：现场核实，整改到位"]


def test_referral_reasons_in_audit_and_header(item, station):
    plan(station, item)
    move(station, item, "移交执法", on="2024-04-02", reason="拒不整改",
         department="区生态环境综合执法大队")
    move(station, item, "已销号", on="2024-04-10", reason="立案处罚")
    audited = {(e.field, e.after) for e in AuditEntry.select().where(
        (AuditEntry.entity == "rectification") & (AuditEntry.entity_id == item.id))}
    assert {("referral_reason", "拒不整改"), ("referral_department", "区生态环境综合执法大队"),
            ("referral_result", "立案处罚"), ("referral_result_on", "2024-04-10")} <= audited
    assert rectifications.life_steps(Rectification.get_by_id(item.id)) == [
        "移交执法 2024-04-02 → 区生态环境综合执法大队：拒不整改",
        "执法结果 2024-04-10：立案处罚", "验收销号 2024-04-10（里山街道生态环境站）"]


@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_who_may_accept(item, station, unit_user, viewer):
    plan(station, item)
    move(unit_user, item, "待验收")
    with pytest.raises(PermissionDenied):
        move(viewer, item, "已销号", on="2024-04-10")
    with pytest.raises(ValidationError, match="只有街道生态环境站或验收（监管）单位可以验收销号"):
        move(unit_user, item, "已销号", on="2024-04-10")
    with pytest.raises(ValidationError, match="验收"):  # naming itself does not help
        move(unit_user, item, "已销号", on="2024-04-10", accepted_by="七星村")
    assert status_of(item) is RectStatus.AWAITING
    # an item whose acceptance unit is the unit itself may be closed by it
    plan_self = Rectification.get_by_id(item.id)
    Rectification.update(acceptor="七星村").where(Rectification.id == plan_self.id).execute()
    assert move(unit_user, item, "已销号", on="2024-04-10").accepted_by == "七星村"


@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_a_unit_cannot_send_back_its_own_report(item, station, unit_user):
    """退回整改 is the acceptor's verdict on a report (the station or the item's 验收（监管）
    单位), never the reporting unit's: 七星村 reported its item and could send it back itself,
    writing a 退回原因 and a 退回整改 notice to itself."""
    plan(station, item)  # its 验收（监管）单位 is the station
    move(unit_user, item, "待验收")
    with pytest.raises(ValidationError) as exc:
        move(unit_user, item, "整改中", reason="我自己退回")
    assert fields(exc.value) == {"状态": "只有街道生态环境站或验收（监管）单位可以退回整改"}
    got = Rectification.get_by_id(item.id)
    assert (RectStatus(got.status), got.return_reason, got.returned_on) == (
        RectStatus.AWAITING, "", None)
    assert rectifications.role_refusal(unit_user, got, RectStatus.IN_PROGRESS) is not None
    # the station still sends it back
    assert RectStatus(move(station, item, "整改中", reason="喷淋未通水").status) is (
        RectStatus.IN_PROGRESS)


def test_a_department_named_as_acceptance_unit_accepts_a_villages_item(
        item, station, unit_user, units, run_cli):
    """Issue 12 item 8: 街道城建办, named as 验收（监管）单位 of 七星村's item, finds it, accepts
    it or sends it back, but cannot edit it, and still cannot open 七星村's case."""
    from huitoukan_tui.enums import Role
    from huitoukan_tui.models import User

    dept = User.create(login="chengjian", display_name="城建办", unit=units["街道城建办"],
                       role=Role.UNIT.value)
    plan(station, item, acceptor="街道城建办")
    move(unit_user, item, "待验收")
    listed = run_cli(["problems", "--format", "json"], user="chengjian")
    assert listed.exit_code == 0, listed.output
    assert [r["id"] for r in json.loads(listed.output)] == [item.id]
    with pytest.raises(NotFound):
        cases.get_case(dept, "LS-2021-001")
    with pytest.raises(PermissionDenied, match="只能验收销号或退回整改"):
        plan(dept, item, target_standard="城建办想改的目标")
    sent_back = move(dept, item, "整改中", reason="隔音棚未封闭")
    assert RectStatus(sent_back.status) is RectStatus.IN_PROGRESS
    move(unit_user, item, "待验收")
    result = run_cli(["problem", "set-status", str(item.id), "已销号", "--date", "2024-04-10"],
                     user="chengjian")
    assert result.exit_code == 0, result.output
    got = Rectification.get_by_id(item.id)
    assert (RectStatus(got.status), got.accepted_by, got.accepted_on) == (
        RectStatus.CLOSED, "街道城建办", dt.date(2024, 4, 10))
    # another department is still refused, as if the item did not exist
    other = User.create(login="nongye", display_name="农业办", unit=units["新河社区"],
                        role=Role.UNIT.value)
    with pytest.raises(NotFound, match=f"没有找到整改事项：{item.id}"):
        rectifications.get_item(other, item.id)


@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_status_conflict(item, station):
    plan(station, item)
    with pytest.raises(ConflictError):
        move(station, item, "待验收", expected_version=1)
    assert move(station, item, "待验收", expected_version=2).version == 3


# ---------------------------------------------------------------- overdue

def test_overdue_at_the_day_boundary(item, station):
    plan(station, item, deadline="2024-04-10")
    got = Rectification.get_by_id(item.id)
    assert not rectifications.is_overdue(got, dt.date(2024, 4, 10))  # deadline == today
    assert rectifications.is_overdue(got, dt.date(2024, 4, 11))  # deadline == yesterday
    assert rectifications.days_left(got, dt.date(2024, 4, 8)) == 2
    assert rectifications.days_left(got, dt.date(2024, 4, 12)) == -2
    assert rectifications.item_record(got, dt.date(2024, 4, 10))["overdue"] is False
    assert rectifications.item_record(got, dt.date(2024, 4, 11))["overdue"] is True
    over = rectifications.ItemFilter(overdue=True, today=dt.date(2024, 4, 11))
    assert [i.id for i in rectifications.list_items(station, over)] == [item.id]
    not_yet = rectifications.ItemFilter(overdue=True, today=dt.date(2024, 4, 10))
    assert rectifications.list_items(station, not_yet) == []
    move(station, item, "待验收", on="2024-04-09")
    move(station, item, "已销号", on="2024-04-10")
    closed = Rectification.get_by_id(item.id)
    assert not rectifications.is_overdue(closed, dt.date(2024, 5, 1))
    assert rectifications.days_left(closed, TODAY) is None
    assert rectifications.list_items(station, over) == []


@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_no_deadline_is_never_overdue(item):
    got = Rectification.get_by_id(item.id)
    assert not rectifications.is_overdue(got, dt.date(2030, 1, 1))
    assert rectifications.days_left(got, TODAY) is None


# ---------------------------------------------------------------- listing and records

def test_list_items_filters(station, units, unit_user):
    for no, unit, channel in [("LS-1", "七星村", "来电"), ("LS-2", "桃坡村", "12345热线")]:
        cases.create_case(station, {"case_no": no, "channel": channel,
                                    "received_on": "2022-01-01", "unit": unit,
                                    "target": f"{unit}砂石堆场", "content": "扬尘"})
    inspections.record_inspection(station, "LS-1", inspections.InspectionInput(
        OPENED, "张伟", "否", "有", "不满意", new_problems=["油桶渗漏"]), today=TODAY)
    inspections.record_inspection(station, "LS-2", inspections.InspectionInput(
        OPENED, "王强", "是", "无", "满意", new_problems=["管网混接"]), today=TODAY)

    def kinds(**kw):
        return [(i.case.case_no, RectKind(i.kind).label)
                for i in rectifications.list_items(station, rectifications.ItemFilter(**kw))]

    assert kinds() == [("LS-1", "未整改到位"), ("LS-1", "反弹"), ("LS-1", "新发现"),
                       ("LS-2", "新发现")]
    assert kinds(units=("桃坡村",)) == [("LS-2", "新发现")]
    assert kinds(kinds=("新发现",)) == [("LS-1", "新发现"), ("LS-2", "新发现")]
    assert kinds(kinds=("反弹", "新发现"), units=("七星村",)) == [("LS-1", "反弹"),
                                                             ("LS-1", "新发现")]
    assert kinds(statuses=("整改中",), case_no="LS-2") == [("LS-2", "新发现")]
    assert kinds(statuses=("已销号",)) == []
    assert kinds(search="桃坡") == [("LS-2", "新发现")]
    assert [i.case.case_no for i in rectifications.list_items(unit_user)] == ["LS-1"] * 3
    for kw, label in [({"units": ("无此村",)}, "单位"), ({"kinds": ("其他",)}, "类型"),
                      ({"statuses": ("完成",)}, "状态")]:
        with pytest.raises(ValidationError) as exc:
            rectifications.list_items(station, rectifications.ItemFilter(**kw))
        assert label in fields(exc.value)


@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_get_item_and_record(item, station, other_unit_user):
    plan(station, item)
    got = rectifications.get_item(station, item.id)
    rec = rectifications.item_record(got, TODAY)
    assert rec == {
        "id": item.id, "case_no": "LS-2021-001", "unit": "七星村", "kind": "未整改到位",
        "problem_type": "来电", "original_problem": "夜间切割噪声扰民", "new_problem": "",
        "measures": [{"content": "安装隔音棚",
                      "milestones": ["2024年第一季度：2024Q1目标", "2024年第二季度：2024Q2目标"]}],
        "target_standard": "夜间噪声达标，信访人满意", "implementer": "七星村",
        "acceptor": "里山街道生态环境站", "deadline": "2024-06-30", "status": "整改中",
        "overdue": False, "carried_from": ""}
    with pytest.raises(NotFound, match=f"没有找到整改事项：{item.id}"):
        rectifications.get_item(other_unit_user, item.id)
    with pytest.raises(NotFound):
        rectifications.get_item(station, 9999)
    assert rectifications.channel_label("servicehotline") == "便民热线"


# ---------------------------------------------------------------- case look-back status

@pytest.mark.parametrize("inspected, statuses, expected", [
    (False, [], CaseStatus.PENDING),
    (True, [], CaseStatus.VERIFIED),
    (True, ["in_progress"], CaseStatus.RECTIFYING),
    (True, ["closed", "awaiting"], CaseStatus.RECTIFYING),
    (True, ["closed", "referred"], CaseStatus.RECTIFYING),
    (True, ["closed", "closed"], CaseStatus.CLOSED),
])
def test_derive_status(inspected, statuses, expected):
    assert casestate.derive_status(inspected, statuses) is expected


def test_case_state_follows_its_items(case, station):
    def state():
        c = entry(case)
        return CaseStatus(c.status).label, c.first_verified_on, c.next_deadline, c.referred

    assert state() == ("待核查", None, None, False)
    _, items = inspections.record_inspection(station, "LS-2021-001", inspections.InspectionInput(
        OPENED, "张伟", "否", "有", "不满意"), today=TODAY)
    assert state() == ("整改中", OPENED, None, False)
    first, second = items
    plan(station, first, deadline="2024-06-30")
    plan(station, second, deadline="2024-05-31")
    assert state() == ("整改中", OPENED, dt.date(2024, 5, 31), False)  # the nearest open one
    move(station, second, "待验收", on="2024-04-01")
    move(station, second, "已销号", on="2024-04-02")
    assert state() == ("整改中", OPENED, dt.date(2024, 6, 30), False)  # closed ones drop out
    move(station, first, "移交执法", on="2024-04-03", reason="拒不整改", department="执法大队")
    # still 整改中, flagged 移交执法; its deadline no longer runs: no deadline makes it 逾期
    assert state() == ("整改中", OPENED, None, True)
    assert casestate.is_overdue(dt.date(2024, 6, 30), dt.date(2024, 6, 30)) is False
    assert casestate.is_overdue(dt.date(2024, 6, 30), dt.date(2024, 7, 1)) is True
    assert casestate.is_overdue(None, dt.date(2030, 1, 1)) is False
    move(station, first, "已销号", on="2024-04-10", reason="立案处罚")
    assert state() == ("已销号", OPENED, None, False)


@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_refresh_repairs_stale_fields(case, station):
    inspections.record_inspection(station, "LS-2021-001", inspections.InspectionInput(
        OPENED, "张伟", "是", "无", "满意"), today=TODAY)
    LedgerEntry.update(status="pending", first_verified_on=None, referred=True).execute()
    casestate.refresh([case.id, case.id])
    c = entry(case)
    assert (c.status, c.first_verified_on, c.referred) == ("verified", OPENED, False)


@pytest.mark.sqlite_only  # rule checks are engine-neutral Python
def test_only_the_station_names_the_acceptance_unit(item, station, unit_user):
    plan(station, item)
    with pytest.raises(ValidationError, match="验收（监管）单位：只有街道生态环境站可以修改"):
        plan(unit_user, item, acceptor="七星村")
    assert Rectification.get_by_id(item.id).acceptor == "里山街道生态环境站"
    with pytest.raises(ValidationError, match="验收（监管）单位"):
        rectifications.create_item(unit_user, "LS-2021-001", "新发现", {
            "new_problem": "x", "target_standard": "y", "deadline": "2024-05-31",
            "acceptor": "七星村"}, quarterly("2024Q1", "2024Q2"), opened_on=OPENED)
    assert plan(unit_user, item, target_standard="单位可以改目标").version == 3
    assert plan(station, item, acceptor="街道城建办").acceptor == "街道城建办"
