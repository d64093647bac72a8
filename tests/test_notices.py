"""提醒: each user sees exactly the sent-back, due, overdue and unreached items of their own
scope, and the week they have not submitted with the time left (HUITOUKAN_NOW). Expected
entries are listed by hand from the fixture."""

from __future__ import annotations

import datetime as dt

import pytest

from huitoukan_tui.services import cases, inspections, notices, rectifications, reporting
from huitoukan_tui.services.inspections import InspectionInput
from huitoukan_tui.services.rectifications import MeasureInput

TODAY = dt.date(2024, 4, 10)  # Wednesday; the week 04-05 … 04-11 is due Thursday 12:00


@pytest.fixture
def now(monkeypatch):
    monkeypatch.setenv("HUITOUKAN_NOW", "2024-04-10T09:00")
    return dt.datetime(2024, 4, 10, 9, 0)


def add_case(actor, no, unit):
    cases.create_case(actor, {"case_no": no, "channel": "来电", "received_on": "2022-03-01",
                              "unit": unit, "target": f"{no}对象", "content": f"{no}问题"})


def inspect(actor, no, day, satisfaction="满意", handled="是"):
    return inspections.record_inspection(actor, no, InspectionInput(
        day, "张伟", handled, "无", satisfaction), today=TODAY)[1]


def plan(actor, item, deadline):
    return rectifications.update_item(actor, item.id, {
        "problem_type": "来电", "original_problem": item.original_problem,
        "target_standard": "整改到位", "implementer": item.implementer,
        "acceptor": item.acceptor, "deadline": deadline},
        [MeasureInput("整改", [{"period": "2024Q1", "target": "方案"},
                              {"period": "2024Q2", "target": "完成"}])], item.version)


@pytest.fixture
def scene(station, unit_user, other_unit_user, now):
    """七星村: A sent back (deadline 06-30), B due 04-16 (today + 6), C due 04-17 (+7: not
    yet), D overdue (04-09), E closed with a past deadline, U1 unreachable, U2 unreachable
    then reached. 桃坡村: T overdue, T2 unreachable."""
    items = {}
    for no, unit in [("A", "七星村"), ("B", "七星村"), ("C", "七星村"), ("D", "七星村"),
                     ("E", "七星村"), ("U1", "七星村"), ("U2", "七星村"), ("T", "桃坡村"),
                     ("T2", "桃坡村")]:
        add_case(station, no, unit)
    for no, deadline in [("A", "2024-06-30"), ("B", "2024-04-16"), ("C", "2024-04-17"),
                         ("D", "2024-04-09"), ("E", "2024-04-09"), ("T", "2024-04-01")]:
        [item] = inspect(station, no, "2024-03-20", handled="否")
        items[no] = plan(station, item, deadline)
    rectifications.set_status(unit_user, items["A"].id, "待验收", on="2024-04-08", today=TODAY)
    rectifications.set_status(station, items["A"].id, "整改中", reason="喷淋未通水",
                              on="2024-04-09", today=TODAY)
    rectifications.set_status(station, items["E"].id, "待验收", on="2024-04-05", today=TODAY)
    rectifications.set_status(station, items["E"].id, "已销号", on="2024-04-06", today=TODAY)
    inspect(station, "U1", "2024-04-01", "联系不上")
    inspect(station, "U2", "2024-04-01", "联系不上")
    inspect(station, "U2", "2024-04-03", "满意")
    inspect(station, "T2", "2024-04-02", "联系不上")
    return items


def listed(found) -> list[tuple[str, str]]:
    return [(n.kind, n.case_no) for n in found.entries]


def test_a_unit_sees_its_own_notices_exactly(scene, unit_user, now):
    found = notices.notices(unit_user, now)
    ids = {no: item.id for no, item in scene.items()}
    assert listed(found) == [("退回整改", "A"), ("已逾期", "D"), ("即将到期", "B"),
                             ("报送", ""), ("联系不上", "U1")]
    by_kind = {n.kind: n for n in found.entries}
    assert by_kind["退回整改"].text == f"#{ids['A']} A 2024-04-09 退回：喷淋未通水"
    assert by_kind["退回整改"].item_id == ids["A"]
    assert by_kind["已逾期"].text == f"#{ids['D']} D 完成时限 2024-04-09，逾期 1 天"
    assert by_kind["即将到期"].text == f"#{ids['B']} B 完成时限 2024-04-16（还有 6 天）"
    assert by_kind["报送"].text == ("七星村 本周（2024年4月5日—4月11日）尚未报送："
                                   "4月11日 12:00 前，还有 1天3小时")
    assert by_kind["报送"].screen == "weekly"
    assert found.summary() == "退回整改 1 · 已逾期 1 · 即将到期 1 · 报送 1 · 联系不上 1"


def test_submitting_clears_the_report_notice(scene, unit_user, now):
    reporting.submit_unit(unit_user, TODAY)
    assert "报送" not in {n.kind for n in notices.notices(unit_user, now).entries}


def test_the_station_sees_every_unit_and_the_streets_week(scene, station, other_unit_user,
                                                         now):
    reporting.submit_unit(other_unit_user, TODAY)
    found = notices.notices(station, now)
    assert listed(found) == [("退回整改", "A"), ("已逾期", "T"), ("已逾期", "D"),
                             ("即将到期", "B"), ("报送", ""), ("联系不上", "T2"),
                             ("联系不上", "U1")]
    report = next(n for n in found.entries if n.kind == "报送")
    # units fixture: 七星村, 桃坡村, 新河社区, 街道城建办; 桃坡村 has submitted
    assert report.text.endswith("，3 个单位尚未报送") and report.screen == "board"
    reporting.submit_street(station, TODAY)
    assert "报送" not in {n.kind for n in notices.notices(station, now).entries}


def test_other_units_see_none_of_it(scene, other_unit_user, now):
    assert listed(notices.notices(other_unit_user, now)) == [
        ("已逾期", "T"), ("报送", ""), ("联系不上", "T2")]


def test_viewers_get_no_report_notice(scene, viewer, now):
    kinds = [n.kind for n in notices.notices(viewer, now).entries]
    assert "报送" not in kinds and kinds.count("已逾期") == 2
