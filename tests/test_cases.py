"""Cases: validation, creation, correction, filters, sorting and the per-case reads."""

from __future__ import annotations

import datetime as dt

import pytest

from huitoukan_tui.enums import CaseStatus, Channel
from huitoukan_tui.models import AuditEntry, Case
from huitoukan_tui.services import cases as svc
from huitoukan_tui.services import inspections, rectifications
from huitoukan_tui.services import text as text_helpers
from huitoukan_tui.services.errors import (
    Collector,
    ConflictError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from huitoukan_tui.services.rectifications import MeasureInput
from tests.ledger import entry as ledger_entry

TODAY = dt.date(2024, 4, 15)


def case_data(no: str, **over) -> dict:
    data = {
        "case_no": no, "channel": "来电", "received_on": "2021-05-06", "unit": "七星村",
        "petitioner": "张先生", "phone": "13812341234", "target": "池州市恒达石材加工厂",
        "location": "七星村石门组", "category": "噪声",
        "content": "石材切割机夜间作业，噪声扰民。", "original_handling": "责令整改。",
    }
    data.update(over)
    return data


def problems_of(exc: ValidationError) -> dict[str, str]:
    return {p.field: p.message for p in exc.problems}


# ---------------------------------------------------------------- validate_case

@pytest.mark.sqlite_only  # validation is engine-neutral Python
def test_validate_case_cleans_and_maps(units):
    out = svc.validate_case(case_data(" LS-1 ", channel="12345政务服务便民热线",
                                      content="\x07噪声[扰民] a=b\x1b "), today=TODAY)
    assert out["case_no"] == "LS-1"
    assert out["channel"] == Channel.HOTLINE_12345.value
    assert out["received_on"] == dt.date(2021, 5, 6)
    assert out["unit"].name == "七星村"
    assert out["content"] == "噪声[扰民] a=b"


@pytest.mark.parametrize("alias, channel", [
    ("来电", Channel.PHONE), ("phone", Channel.PHONE), ("12345", Channel.HOTLINE_12345),
    ("舆情", Channel.ONLINE_OPINION), ("走访", Channel.VISIT),
    ("人民网领导留言板", Channel.PEOPLE_DAILY), ("来信", Channel.LETTER),
    ("网信办", Channel.CYBER_OFFICE), ("便民服务热线", Channel.SERVICE_HOTLINE),
    ("１２３４５热线", Channel.HOTLINE_12345),
])
def test_parse_channel_aliases(alias, channel):
    assert svc.parse_channel(alias) is channel


def test_parse_channel_unknown():
    with pytest.raises(ValueError):
        svc.parse_channel("微信")
    with pytest.raises(ValueError):
        svc.parse_channel("")


@pytest.mark.sqlite_only  # validation is engine-neutral Python
@pytest.mark.parametrize("field, value, label, fragment", [
    ("channel", "微信", "来源", "无法识别的来源：微信"),
    ("unit", "不存在村", "核查单位", "没有这个单位：不存在村"),
    ("unit", " ", "核查单位", "不能为空"),
    ("received_on", "2021-13-40", "受理日期", "不是有效日期"),
    ("received_on", "2024-04-16", "受理日期", "不能晚于今天"),
    ("received_on", "1999-12-31", "受理日期", "不能早于"),
    ("target", "  ", "被反映对象", "不能为空"),
    ("content", "\x00\x01", "反映问题", "不能为空"),
    ("content", "臭" * 2001, "反映问题", "过长"),
    ("case_no", "L" * 65, "编号", "过长"),
    ("phone", "138abc", "联系电话", "非电话号码"),
])
def test_validate_case_refusals(units, field, value, label, fragment):
    with pytest.raises(ValidationError) as exc:
        svc.validate_case(case_data("LS-1", **{field: value}), today=TODAY)
    assert label in problems_of(exc.value)
    assert fragment in problems_of(exc.value)[label]


@pytest.mark.sqlite_only  # validation is engine-neutral Python
def test_validate_case_collects_every_problem(units):
    errors = Collector()
    svc.validate_case(case_data("", channel="x", unit="y"), errors=errors, today=TODAY)
    assert {p.field for p in errors.problems} == {"编号", "来源", "核查单位"}


@pytest.mark.sqlite_only  # validation is engine-neutral Python
def test_validate_case_with_unit_map(units):
    out = svc.validate_case({"unit": "桃坡村"}, units={"桃坡村": units["桃坡村"]})
    assert out["unit"].id == units["桃坡村"].id
    with pytest.raises(ValidationError):
        svc.validate_case({"unit": "七星村"}, units={"桃坡村": units["桃坡村"]})


# ---------------------------------------------------------------- create_case

@pytest.mark.sqlite_only  # permission and refusal logic is engine-neutral Python
def test_create_case_stores_text_exactly(station, units):
    text = "【噪声】“夜间”施工 (22:00后) a=b+c；=SUM(A1) <b>[red]x[/red]"
    case = svc.create_case(station, case_data("LS-2021-001", content=text,
                                              target="=HYPERLINK(\"x\")"))
    got = Case.get_by_id(case.id)
    assert got.content == text
    assert got.target == "=HYPERLINK(\"x\")"
    assert ledger_entry(got).status == CaseStatus.PENDING.value
    assert got.version == 1 and got.updated_by == "admin"
    entry = AuditEntry.get((AuditEntry.entity == "case") & (AuditEntry.entity_id == case.id))
    assert entry.action == "create" and "LS-2021-001" in entry.after


@pytest.mark.sqlite_only  # permission and refusal logic is engine-neutral Python
def test_create_case_removes_control_characters(station, units):
    case = svc.create_case(station, case_data(
        "LS\x00-1", target="恒达\x1b[31m石材", content="第一行\n第二行\t\x08结束"))
    got = Case.get_by_id(case.id)
    assert got.case_no == "LS-1"
    assert got.target == "恒达石材"  # the whole escape sequence, not only its ESC
    assert got.content == "第一行\n第二行\t结束"  # multi-line text keeps newline and tab


@pytest.mark.sqlite_only  # permission and refusal logic is engine-neutral Python
def test_create_case_refusals_write_nothing(station, units):
    before = (Case.select().count(), AuditEntry.select().count())
    missing = {k: v for k, v in case_data("LS-9").items() if k not in ("channel", "target")}
    with pytest.raises(ValidationError) as exc:
        svc.create_case(station, missing)
    assert {"来源", "被反映对象"} <= set(problems_of(exc.value))
    svc.create_case(station, case_data("LS-9"))
    with pytest.raises(ValidationError) as exc:
        svc.create_case(station, case_data("LS-9"))
    assert problems_of(exc.value)["编号"] == "已存在：LS-9"
    assert (Case.select().count(), AuditEntry.select().count()) == (before[0] + 1,
                                                                     before[1] + 1)


@pytest.mark.sqlite_only  # validation is engine-neutral Python
@pytest.mark.parametrize("field, value, label", [
    ("content", "臭" * 2001, "反映问题"), ("phone", "138abc", "联系电话"),
    ("channel", "微信", "来源"), ("received_on", "2021-13-40", "受理日期"),
    ("unit", "无此村", "核查单位"),
])
def test_create_case_refuses_each_bad_field(station, units, field, value, label):
    with pytest.raises(ValidationError) as exc:
        svc.create_case(station, case_data("LS-9", **{field: value}))
    assert label in problems_of(exc.value)
    assert Case.select().count() == 0 and AuditEntry.select().count() == 0


@pytest.mark.sqlite_only  # permission and refusal logic is engine-neutral Python
def test_create_case_permissions(units, unit_user, viewer):
    case = svc.create_case(unit_user, case_data("LS-1"))
    assert case.unit.name == "七星村"
    with pytest.raises(PermissionDenied):
        svc.create_case(unit_user, case_data("LS-2", unit="桃坡村"))
    with pytest.raises(PermissionDenied):
        svc.create_case(viewer, case_data("LS-3"))
    assert Case.select().count() == 1


# ---------------------------------------------------------------- update_case

def test_update_case_changes_audits_and_bumps_version(station, units):
    case = svc.create_case(station, case_data("LS-1"))
    updated = svc.update_case(station, "LS-1", {"content": "改正后的问题描述", "unit": "桃坡村"},
                              expected_version=1)
    assert updated.version == 2
    got = Case.get_by_id(case.id)
    assert (got.content, got.unit.name, got.version) == ("改正后的问题描述", "桃坡村", 2)
    fields = {e.field: (e.before, e.after) for e in AuditEntry.select().where(
        AuditEntry.action == "update")}
    assert fields == {"content": ("石材切割机夜间作业，噪声扰民。", "改正后的问题描述"),
                      "unit": ("七星村", "桃坡村")}


@pytest.mark.sqlite_only  # permission and refusal logic is engine-neutral Python
def test_update_case_without_change_keeps_version(station, units):
    svc.create_case(station, case_data("LS-1"))
    assert svc.update_case(station, "LS-1", {"content": "石材切割机夜间作业，噪声扰民。"},
                           expected_version=1).version == 1


def test_update_case_conflict_shows_other_edit(station, units):
    svc.create_case(station, case_data("LS-1"))
    svc.update_case(station, "LS-1", {"location": "七星村枫树组"}, expected_version=1)
    with pytest.raises(ConflictError) as exc:
        svc.update_case(station, "LS-1", {"location": "别处"}, expected_version=1)
    assert exc.value.current_version == 2
    assert [(c.field, c.after) for c in exc.value.changes] == [("location", "七星村枫树组")]
    assert Case.get(Case.case_no == "LS-1").location == "七星村枫树组"


@pytest.mark.sqlite_only  # permission and refusal logic is engine-neutral Python
def test_update_case_refusals(station, units, unit_user, other_unit_user):
    svc.create_case(station, case_data("LS-1"))
    svc.create_case(station, case_data("LS-2"))
    with pytest.raises(ValidationError, match="编号：已存在：LS-2"):
        svc.update_case(station, "LS-1", {"case_no": "LS-2"}, expected_version=1)
    with pytest.raises(ValidationError, match="来源"):
        svc.update_case(station, "LS-1", {"channel": "微信"}, expected_version=1)
    with pytest.raises(NotFound):
        svc.update_case(other_unit_user, "LS-1", {"content": "x"}, expected_version=1)
    with pytest.raises(PermissionDenied):
        svc.update_case(unit_user, "LS-1", {"unit": "桃坡村"}, expected_version=1)
    assert Case.get(Case.case_no == "LS-1").version == 1


# ---------------------------------------------------------------- get_case

@pytest.mark.sqlite_only  # permission and refusal logic is engine-neutral Python
def test_get_case(station, units, unit_user, other_unit_user, viewer):
    created = svc.create_case(station, case_data("LS-1"))
    assert svc.get_case(station, " LS-1 ").id == created.id
    assert svc.get_case(unit_user, "LS-1").id == created.id
    assert svc.get_case(viewer, "LS-1").id == created.id
    assert svc.get_case_by_id(station, created.id).case_no == "LS-1"
    with pytest.raises(NotFound, match="没有找到信访件：LS-1"):
        svc.get_case(other_unit_user, "LS-1")  # another unit's case looks absent
    with pytest.raises(NotFound):
        svc.get_case_by_id(other_unit_user, created.id)
    with pytest.raises(NotFound, match="LS-404"):
        svc.get_case(station, "LS-404")


# ---------------------------------------------------------------- listing

@pytest.fixture
def ledger(station, units):
    """Five cases over three units, one inspected, one with an overdue item."""
    rows = [
        ("LS-2021-003", "12345热线", "2021-03-01", "七星村", "恒达石材厂", "噪声扰民"),
        ("LS-2021-001", "来电", "2021-09-01", "七星村", "永兴砂石堆场", "扬尘严重"),
        ("LS-2022-002", "来电", "2022-01-10", "桃坡村", "张某某养殖场", "废水直排"),
        ("LS-2023-005", "网络舆情", "2023-06-01", "新河社区", "好再来烧烤店", "油烟扰民"),
        ("LS-2022-004", "12345热线", "2022-05-05", "街道城建办", "建筑工地", "夜间施工噪声"),
    ]
    for no, ch, rec, unit, target, content in rows:
        svc.create_case(station, case_data(no, channel=ch, received_on=rec, unit=unit,
                                           target=target, content=content, location=""))
    inspections.record_inspection(station, "LS-2021-001", inspections.InspectionInput(
        "2024-03-20", "张伟", "是", "无", "满意"), today=TODAY)
    _, items = inspections.record_inspection(station, "LS-2022-002", inspections.InspectionInput(
        "2024-03-22", "王强", "否", "无", "不满意"), today=TODAY)
    rectifications.update_item(station, items[0].id, {
        "problem_type": "来电", "target_standard": "废水不外排", "implementer": "桃坡村",
        "acceptor": "街道生态环境站", "deadline": "2024-04-10"},
        [MeasureInput("建沉淀池", [{"period": "2024Q1", "target": "方案"},
                                 {"period": "2024Q2", "target": "建成"}])], items[0].version)
    return station


def nos(actor, **kw) -> list[str]:
    flt = svc.CaseFilter(**kw)
    return [c.case_no for c in svc.list_cases(actor, flt)]


def test_list_default_order_and_count(ledger):
    assert nos(ledger) == ["LS-2021-001", "LS-2021-003", "LS-2022-002", "LS-2022-004",
                           "LS-2023-005"]
    assert svc.count_cases(ledger) == 5


def test_filters_combine(ledger):
    assert nos(ledger, units=("七星村",)) == ["LS-2021-001", "LS-2021-003"]
    assert nos(ledger, channels=("12345热线",)) == ["LS-2021-003", "LS-2022-004"]
    assert nos(ledger, units=("七星村",), channels=("12345热线",)) == ["LS-2021-003"]
    assert nos(ledger, units=("七星村", "桃坡村"), channels=("来电",)) == [
        "LS-2021-001", "LS-2022-002"]
    assert nos(ledger, statuses=("待核查",)) == ["LS-2021-003", "LS-2022-004", "LS-2023-005"]
    assert nos(ledger, statuses=("已核查", "整改中")) == ["LS-2021-001", "LS-2022-002"]
    assert nos(ledger, statuses=("已核查",), units=("桃坡村",)) == []
    assert nos(ledger, search="噪声") == ["LS-2021-003", "LS-2022-004"]
    assert nos(ledger, search="噪声", channels=("12345热线",), units=("街道城建办",)) == [
        "LS-2022-004"]
    assert svc.count_cases(ledger, svc.CaseFilter(search="噪声", units=("七星村",))) == 1


def test_overdue_and_referred_filters_at_day_boundary(ledger):
    # the only open item has deadline 2024-04-10
    assert nos(ledger, overdue=True, today=dt.date(2024, 4, 10)) == []
    assert nos(ledger, overdue=True, today=dt.date(2024, 4, 11)) == ["LS-2022-002"]
    assert nos(ledger, referred=True) == []
    item = rectifications.list_items(ledger)[0]
    rectifications.set_status(ledger, item.id, "移交执法", on="2024-04-12", reason="拒不整改",
                              department="执法大队",
                              today=TODAY)
    assert nos(ledger, referred=True) == ["LS-2022-002"]


@pytest.mark.sqlite_only  # permission and refusal logic is engine-neutral Python
def test_filter_refuses_unknown_values(ledger):
    for kw, label in [({"units": ("无此村",)}, "核查单位"), ({"channels": ("微信",)}, "来源"),
                      ({"statuses": ("完成",)}, "状态")]:
        with pytest.raises(ValidationError) as exc:
            svc.list_cases(ledger, svc.CaseFilter(**kw))
        assert label in problems_of(exc.value)


def test_filter_is_empty():
    assert svc.CaseFilter().is_empty()
    assert svc.CaseFilter(search="  ").is_empty()
    assert not svc.CaseFilter(overdue=True).is_empty()
    assert not svc.CaseFilter(units=("七星村",)).is_empty()


@pytest.mark.parametrize("sort, expected", [
    ("case_no", ["LS-2021-001", "LS-2021-003", "LS-2022-002", "LS-2022-004", "LS-2023-005"]),
    ("received_on", ["LS-2021-003", "LS-2021-001", "LS-2022-002", "LS-2022-004",
                     "LS-2023-005"]),
    # 核查单位 by pinyin: 街道城建办 jie, 七星村 qi, 桃坡村 tao, 新河社区 xin
    ("unit", ["LS-2022-004", "LS-2021-001", "LS-2021-003", "LS-2022-002", "LS-2023-005"]),
    # the forms' order: the units as they were added (七星村, 桃坡村, 新河社区, 街道城建办)
    ("form", ["LS-2021-001", "LS-2021-003", "LS-2022-002", "LS-2023-005", "LS-2022-004"]),
    # 被反映对象 by pinyin: 好再来 hao, 恒达 heng, 建筑 jian, 永兴 yong, 张某某 zhang
    ("target", ["LS-2023-005", "LS-2021-003", "LS-2022-004", "LS-2021-001", "LS-2022-002"]),
    ("channel", ["LS-2021-003", "LS-2022-004", "LS-2023-005", "LS-2021-001", "LS-2022-002"]),
    ("status", ["LS-2021-003", "LS-2022-004", "LS-2023-005", "LS-2022-002", "LS-2021-001"]),
    ("nonsense", ["LS-2021-001", "LS-2021-003", "LS-2022-002", "LS-2022-004", "LS-2023-005"]),
])
def test_sort_keys(ledger, sort, expected):
    assert nos(ledger, sort=sort) == expected
    assert nos(ledger, sort=sort, descending=True) == list(reversed(expected))


def test_sort_by_deadline(ledger):
    # cases without a deadline come first, on both engines
    assert nos(ledger, sort="deadline")[-1] == "LS-2022-002"


def test_names_sort_like_excel_digits_latin_then_chinese_by_pinyin(station, units):
    """Digits, then Latin letters (case and width ignored), then Chinese by pinyin; the
    same pinyin (七/期, A/a) by the text's code points; on both engines, also after a
    correction renames the target."""
    targets = ["七星村", "新河社区", "白云村", "安徽", "A厂", "2号楼", "期星村", "a厂", "10号楼",
               "阿里", "Ｂ栋", "重庆路"]
    for n, target in enumerate(targets, start=1):
        svc.create_case(station, case_data(f"T-{n:02d}", target=target))
    expected = ["10号楼", "2号楼", "A厂", "a厂", "Ｂ栋", "阿里", "安徽", "白云村", "重庆路",
                "七星村", "期星村", "新河社区"]  # 重庆 is chong2 qing4

    def targets_in_order(**kw) -> list[str]:
        return [c.target for c in svc.list_cases(station, svc.CaseFilter(sort="target", **kw))]

    assert targets_in_order() == expected
    assert targets_in_order(descending=True) == list(reversed(expected))
    case = svc.get_case(station, "T-02")  # 新河社区 → 爱民社区 (ai): now after 阿里 (a)
    svc.update_case(station, "T-02", {"target": "爱民社区"}, case.version)
    moved = [t for t in expected if t != "新河社区"]
    moved.insert(moved.index("阿里") + 1, "爱民社区")
    assert targets_in_order() == moved


def test_case_ids_rows_by_ids(ledger, unit_user):
    ids = svc.case_ids(ledger, svc.CaseFilter(sort="received_on"))
    rows = svc.rows_by_ids(ledger, ids[:3])
    assert [r.case_no for r in rows] == ["LS-2021-003", "LS-2021-001", "LS-2022-002"]
    first = rows[2]
    assert first.channel is Channel.PHONE
    assert first.received_on == dt.date(2022, 1, 10)
    assert first.unit == "桃坡村"
    assert first.status is CaseStatus.RECTIFYING
    assert first.next_deadline == dt.date(2024, 4, 10)
    assert first.overdue(dt.date(2024, 4, 11)) and not first.overdue(dt.date(2024, 4, 10))
    assert not first.referred and first.version == 1
    # order given is kept; out-of-scope ids are left out silently
    assert [r.case_no for r in svc.rows_by_ids(ledger, list(reversed(ids[:2])))] == [
        "LS-2021-001", "LS-2021-003"]
    assert [r.case_no for r in svc.rows_by_ids(unit_user, ids)] == ["LS-2021-003",
                                                                   "LS-2021-001"]
    assert svc.rows_by_ids(ledger, []) == []


def test_unit_user_sees_only_own_unit(ledger, unit_user, other_unit_user, viewer):
    assert nos(unit_user) == ["LS-2021-001", "LS-2021-003"]
    assert svc.count_cases(unit_user) == 2
    assert nos(other_unit_user) == ["LS-2022-002"]
    assert svc.count_cases(viewer) == 5
    assert nos(unit_user, units=("桃坡村",)) == []


@pytest.mark.sqlite_only  # permission and refusal logic is engine-neutral Python
def test_case_record_labels_dates_and_masking(ledger, unit_user, viewer):
    case = svc.get_case(ledger, "LS-2022-002")
    rec = svc.case_record(ledger, case, today=dt.date(2024, 4, 11))
    assert list(rec) == ["case_no", "channel", "received_on", "unit", "petitioner", "phone",
                         "target", "location", "category", "content", "original_handling",
                         "status", "referred", "overdue"]
    assert rec["channel"] == "来电" and rec["status"] == "整改中"
    assert rec["received_on"] == "2022-01-10"
    assert rec["phone"] == "13812341234" and rec["petitioner"] == "张先生"
    assert rec["overdue"] is True
    assert svc.case_record(ledger, case, today=dt.date(2024, 4, 10))["overdue"] is False
    seen = svc.case_record(viewer, case, today=TODAY)
    assert seen["phone"] == "138****1234" and seen["petitioner"] == "张**"
    own = svc.case_record(unit_user, svc.get_case(unit_user, "LS-2021-001"), today=TODAY)
    assert own["phone"] == "13812341234"


# ---------------------------------------------------------------- text and date helpers

@pytest.mark.parametrize("text, day", [
    ("2024-03-05", dt.date(2024, 3, 5)), ("2024-3-5", dt.date(2024, 3, 5)),
    ("2024/03/05", dt.date(2024, 3, 5)), ("2024.3.5", dt.date(2024, 3, 5)),
    ("2024年3月5日", dt.date(2024, 3, 5)), ("2024年3月5", dt.date(2024, 3, 5)),
    ("20240305", dt.date(2024, 3, 5)), ("２０２４－０３－０５", dt.date(2024, 3, 5)),
    (" 2024-03-05 10:30 ", dt.date(2024, 3, 5)), ("2024-03-05T10:30:00", dt.date(2024, 3, 5)),
    (dt.datetime(2024, 3, 5, 8, 0), dt.date(2024, 3, 5)), (dt.date(2024, 3, 5),
                                                           dt.date(2024, 3, 5)),
])
def test_parse_date_forms(text, day):
    assert text_helpers.parse_date(text) == day


@pytest.mark.parametrize("text", ["2021-13-40", "2024-02-30", "昨天", "", None, "2024-03"])
def test_parse_date_refuses(text):
    with pytest.raises(ValueError):
        text_helpers.parse_date(text)


def test_check_date_and_text():
    errors = Collector()
    assert text_helpers.check_date(errors, "日期", None) is None
    assert text_helpers.check_date(errors, "可选日期", "", required=False) is None
    assert text_helpers.check_date(errors, "范围", "2024-01-01",
                                   earliest=dt.date(2024, 2, 1)) is None
    assert text_helpers.check_date(errors, "好日期", "2024-02-01",
                                   earliest=dt.date(2024, 2, 1),
                                   latest=dt.date(2024, 2, 1)) == dt.date(2024, 2, 1)
    assert text_helpers.check_text(errors, "正文", "　 a=b（c）\n", required=True) == "a=b（c）"
    assert text_helpers.check_text(errors, "名称", "x" * 11, max_len=10) == "x" * 11
    assert [str(p) for p in errors.problems] == [
        "日期：不能为空", "范围：不能早于 2024-02-01", "名称：过长（11 字，最多 10 字）"]
    with pytest.raises(ValidationError) as exc:
        errors.raise_if_any()
    assert exc.value.lines == [str(p) for p in errors.problems]
    assert str(exc.value) == "；".join(exc.value.lines)


def test_clean_keeps_text_removes_controls():
    assert text_helpers.clean("【噪声】a=b (c)\x1b[0m\x00\u200b\u2028") == "【噪声】a=b (c)"
    assert text_helpers.clean("一\r\n二\t三") == "一二三"  # one-line fields
    assert text_helpers.clean("一\r\n二\t三", multiline=True) == "一\n二\t三"
    assert text_helpers.clean(None) == "" and text_helpers.clean(12) == "12"


def test_mask_phone_and_cn_date():
    assert text_helpers.mask_phone("13812341234") == "138****1234"
    assert text_helpers.mask_phone("0566-2345678") == "056****5678"
    assert text_helpers.mask_phone("12345") == "***45"
    assert text_helpers.mask_phone("") == ""
    assert text_helpers.cn_date(dt.date(2024, 3, 21)) == "2024年3月21日"
    assert text_helpers.cn_date(None) == ""
