"""Recording inspections and the four-list rows they open."""

from __future__ import annotations

import datetime as dt

import pytest

from huitoukan_tui.enums import CaseStatus, RectKind, RectStatus, Satisfaction
from huitoukan_tui.models import AuditEntry, Case, Inspection, Rectification
from huitoukan_tui.services import cases, inspections
from huitoukan_tui.services.errors import NotFound, PermissionDenied, ValidationError
from huitoukan_tui.services.inspections import InspectionInput
from tests.ledger import entry

TODAY = dt.date(2024, 4, 15)


@pytest.fixture
def case(station, units):
    return cases.create_case(station, {
        "case_no": "LS-2022-007", "channel": "12345热线", "received_on": "2022-06-01",
        "unit": "七星村", "target": "恒达石材厂", "content": "石材切割 噪声=扰民（夜间）",
        "phone": "13812341234"})


def inspect(actor, **kw):
    data = dict(inspected_on="2024-03-20", inspectors="张伟、李娜", handled="是", rebound="无",
                satisfaction="满意", findings="", new_problems=[])
    data.update(kw)
    return inspections.record_inspection(actor, "LS-2022-007", InspectionInput(**data),
                                         today=TODAY)


def counts() -> tuple[int, int, int]:
    return Inspection.select().count(), Rectification.select().count(), AuditEntry.select(
    ).count()


@pytest.mark.sqlite_only  # engine-neutral Python; the writes run on PostgreSQL in the item tests
def test_handled_no_rebound_opens_nothing(case, station):
    inspection, items = inspect(station, findings="现场无噪声。\n已回访。")
    assert items == []
    got = Inspection.get_by_id(inspection.id)
    assert (got.inspected_on, got.inspectors, got.handled, got.rebound, got.satisfaction) == (
        dt.date(2024, 3, 20), "张伟、李娜", True, False, Satisfaction.SATISFIED.value)
    assert got.findings == "现场无噪声。\n已回访。"
    assert got.created_by == "admin"
    c = entry(case)
    assert c.status == CaseStatus.VERIFIED.value and c.first_verified_on == dt.date(2024, 3, 20)


def test_items_for_not_handled_rebound_and_each_new_problem(case, station):
    _, items = inspect(station, handled="否", rebound="有", satisfaction="不满意",
                       new_problems=["西侧砂石未覆盖", "废机油随意倾倒"])
    assert [RectKind(i.kind) for i in items] == [RectKind.NOT_RECTIFIED, RectKind.REBOUND,
                                                RectKind.NEW, RectKind.NEW]
    stored = list(Rectification.select().order_by(Rectification.id))
    assert [r.new_problem for r in stored] == ["", "", "西侧砂石未覆盖", "废机油随意倾倒"]
    for r in stored:
        assert r.problem_type == "12345热线"  # 按原交办问题来源填写
        assert r.original_problem == "石材切割 噪声=扰民（夜间）"  # 按原交办问题描述
        assert r.implementer == "七星村"
        assert r.acceptor == "里山街道生态环境站"
        assert r.status == RectStatus.IN_PROGRESS.value
        assert r.opened_on == dt.date(2024, 3, 20)
        assert r.deadline is None
    assert entry(case).status == CaseStatus.RECTIFYING.value


@pytest.mark.sqlite_only  # validation is engine-neutral Python
@pytest.mark.parametrize("handled, rebound, kinds", [
    ("否", "无", [RectKind.NOT_RECTIFIED]),
    ("是", "有", [RectKind.REBOUND]),
    (False, True, [RectKind.NOT_RECTIFIED, RectKind.REBOUND]),
    ("yes", "no", []),
])
def test_yes_no_answers(case, station, handled, rebound, kinds):
    _, items = inspect(station, handled=handled, rebound=rebound)
    assert [RectKind(i.kind) for i in items] == kinds


def test_reinspection_is_a_new_record(case, station):
    inspect(station, inspected_on="2024-03-28", handled="否")
    inspect(station, inspected_on="2024-03-18")
    assert Inspection.select().count() == 2
    c = Case.get_by_id(case.id)
    assert entry(c).first_verified_on == dt.date(2024, 3, 18)  # the earliest, whatever order
    listed = inspections.inspections_of(station, c)
    assert [i.inspected_on for i in listed] == [dt.date(2024, 3, 28), dt.date(2024, 3, 18)]
    assert inspections.latest_inspection(c).inspected_on == dt.date(2024, 3, 28)


@pytest.mark.sqlite_only  # engine-neutral Python; the writes run on PostgreSQL in the item tests
def test_no_inspection_yet(case):
    assert inspections.latest_inspection(Case.get_by_id(case.id)) is None


@pytest.mark.sqlite_only  # engine-neutral Python; the writes run on PostgreSQL in the item tests
def test_audit_records_inspection_and_items(case, station):
    inspect(station, new_problems=["西侧砂石未覆盖"])
    entries = list(AuditEntry.select().where(AuditEntry.case_no == "LS-2022-007")
                   .order_by(AuditEntry.id))
    assert [(e.entity, e.action) for e in entries] == [
        ("case", "create"), ("inspection", "create"), ("rectification", "create")]
    assert "新发现" in entries[2].after and "西侧砂石未覆盖" in entries[2].after


@pytest.mark.sqlite_only  # validation is engine-neutral Python
@pytest.mark.parametrize("kw, field, fragment", [
    ({"inspected_on": "2021-13-40"}, "核查日期", "不是有效日期"),
    ({"inspected_on": "2022-05-31"}, "核查日期", "不能早于受理日期 2022-06-01"),
    ({"inspected_on": "2024-04-16"}, "核查日期", "不能晚于今天"),
    ({"inspected_on": ""}, "核查日期", "不能为空"),
    ({"inspectors": " \u3000"}, "核查人员", "不能为空"),
    ({"inspectors": "张" * 201}, "核查人员", "过长"),
    ({"satisfaction": "还行"}, "信访人是否满意", "无效：还行"),
    ({"satisfaction": ""}, "信访人是否满意", "必须选择（满意、基本满意、不满意、联系不上）"),
    ({"handled": "也许"}, "是否处理到位", "应为 是/否"),
    ({"rebound": ""}, "有无反弹", "必须选择"),
    ({"findings": "情" * 4001}, "核查情况", "过长"),
    ({"new_problems": ["好", "  "]}, ("新发现问题", 2), "不能为空"),
    ({"new_problems": ["问" * 1001]}, ("新发现问题", 1), "过长"),
])
def test_refusals_write_nothing(case, station, kw, field, fragment):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        inspect(station, **kw)
    messages = {p.field if p.index is None else (p.field, p.index): p.message
                for p in exc.value.problems}
    assert field in messages and fragment in messages[field]
    assert counts() == before
    assert entry(case).status == CaseStatus.PENDING.value


@pytest.mark.sqlite_only  # engine-neutral Python; the writes run on PostgreSQL in the item tests
def test_every_problem_reported_at_once(case, station):
    with pytest.raises(ValidationError) as exc:
        inspect(station, inspected_on="2021-13-40", inspectors="", satisfaction="x")
    assert [p.field for p in exc.value.problems] == ["核查日期", "核查人员", "信访人是否满意"]


@pytest.mark.sqlite_only  # engine-neutral Python; the writes run on PostgreSQL in the item tests
def test_the_day_itself_is_allowed(case, station):
    inspection, _ = inspect(station, inspected_on="2024-04-15")
    assert inspection.inspected_on == TODAY
    inspection, _ = inspect(station, inspected_on="2022-06-01")
    assert inspection.inspected_on == dt.date(2022, 6, 1)


@pytest.mark.sqlite_only  # engine-neutral Python; the writes run on PostgreSQL in the item tests
def test_unknown_case_and_permissions(case, station, unit_user, other_unit_user, viewer):
    data = InspectionInput("2024-03-20", "张伟", "是", "无", "满意")
    with pytest.raises(NotFound):
        inspections.record_inspection(station, "LS-404", data, today=TODAY)
    with pytest.raises(NotFound):
        inspections.record_inspection(other_unit_user, "LS-2022-007", data, today=TODAY)
    with pytest.raises(PermissionDenied):
        inspections.record_inspection(viewer, "LS-2022-007", data, today=TODAY)
    assert Inspection.select().count() == 0
    inspection, _ = inspections.record_inspection(unit_user, "LS-2022-007", data, today=TODAY)
    assert inspection.created_by == "qixing"
    with pytest.raises(NotFound):
        inspections.inspections_of(other_unit_user, Case.get_by_id(case.id))


@pytest.mark.sqlite_only  # engine-neutral Python; the writes run on PostgreSQL in the item tests
def test_item_defaults(case):
    assert inspections.item_defaults(Case.get_by_id(case.id)) == {
        "problem_type": "12345热线", "original_problem": "石材切割 噪声=扰民（夜间）",
        "implementer": "七星村", "acceptor": "里山街道生态环境站"}



@pytest.mark.sqlite_only  # engine-neutral Python
def test_screens_name_the_person_not_the_login(case, station, unit_user):
    """The record keeps the login (it identifies the account); what the case file and the
    four-list editor show is the person's display name."""
    from huitoukan_tui.services import casefile, itemform

    data = InspectionInput("2024-03-20", "张伟", "否", "无", "满意", new_problems=["仍有噪声"])
    inspection, items = inspections.record_inspection(unit_user, "LS-2022-007", data,
                                                      today=TODAY)
    assert inspection.created_by == "qixing"
    shown = casefile.case_file(station, "LS-2022-007", TODAY)
    assert [i.created_by for i in shown.inspections] == ["七星村干部"]
    item = Rectification.get(Rectification.inspection == inspection.id)
    assert itemform.load_item(station, item.id).created_by == "七星村干部"
