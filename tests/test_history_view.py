"""A case's history as people read it (services.history.readable): what the case detail
screen shows, from the same audit reader as ``huitoukan-tui audit``."""

from __future__ import annotations

import datetime as dt

from huitoukan_tui.models import Rectification
from huitoukan_tui.services import cases, history, inspections, rectifications
from huitoukan_tui.services.rectifications import MeasureInput

TODAY = dt.date(2024, 4, 15)


def _lines(actor, case_no: str) -> list[history.ChangeLine]:
    return [history.readable(r) for r in history.case_history(actor, case_no)]


def test_history_reads_as_sentences(station, units, viewer):
    cases.create_case(station, {
        "case_no": "LS-2021-001", "channel": "来电", "received_on": "2021-05-06",
        "unit": "七星村", "target": "恒达石材厂", "content": "夜间切割噪声扰民",
        "petitioner": "张三", "phone": "13812345678"})
    _, items = inspections.record_inspection(station, "LS-2021-001", inspections.InspectionInput(
        dt.date(2024, 3, 20), "张伟", "否", "无", "不满意"), today=TODAY)
    item = Rectification.get_by_id(items[0].id)
    rectifications.update_item(station, item.id, {
        "problem_type": "来电", "original_problem": "夜间切割噪声扰民",
        "target_standard": "达标", "implementer": "七星村", "acceptor": "里山街道生态环境站",
        "deadline": "2024-06-30"}, [MeasureInput("安装[隔音]棚", [
            {"period": "2024Q1", "target": "方案"}, {"period": "2024Q2", "target": "完工"}])],
        item.version)
    case = cases.get_case(station, "LS-2021-001")
    cases.update_case(station, "LS-2021-001", {"phone": "13900001111"}, case.version)

    lines = _lines(station, "LS-2021-001")
    created = lines[0]
    assert (created.action, created.entity, created.after) == ("新建", "信访件", "LS-2021-001")
    assert created.actor == "admin"
    assert any(line.entity == "核查记录" and line.after == "核查日期 2024-03-20"
               for line in lines)
    measures = next(line for line in lines if line.field == "整改措施")
    assert measures.entity == f"整改事项 #{item.id}"
    assert measures.after == "1. 安装[隔音]棚（2024年第一季度：方案；2024年第二季度：完工）"
    phone = next(line for line in lines if line.field == "联系电话")
    assert (phone.before, phone.after) == ("13812345678", "13900001111")

    # a viewer reads the same history with personal data masked
    masked = next(line for line in _lines(viewer, "LS-2021-001") if line.field == "联系电话")
    assert (masked.before, masked.after) == ("138****5678", "139****1111")


def test_labels_cover_every_action():
    assert history.ACTION_LABELS["import"] == "导入"
    assert history.ENTITY_LABELS["import"] == "台账导入"
    assert history.measures_text("[]") == "（无）"
    assert history.measures_text("不是 JSON") == "不是 JSON"
    assert history.summary("import", '{"文件": "台账.xlsx", "新增": 8, "新建单位": []}') == (
        "文件 台账.xlsx，新增 8")
