"""Attachment 2: weekly numbers on hand-built data, remarks, submitting, drill-down, and the
report-week helpers of the campaign."""

from __future__ import annotations

import datetime as dt

import pytest

from huitoukan_tui.enums import UnitKind
from huitoukan_tui.models import Campaign, ReportSnapshot, Unit
from huitoukan_tui.services import campaign, cases, inspections, organisation, progress
from huitoukan_tui.services.campaign import Week
from huitoukan_tui.services.errors import NotFound, PermissionDenied, ValidationError
from huitoukan_tui.services.inspections import InspectionInput

TODAY = dt.date(2024, 4, 15)
W1 = Week(dt.date(2024, 3, 15), dt.date(2024, 3, 21))  # first report: Thursday 03-21
W2 = Week(dt.date(2024, 3, 22), dt.date(2024, 3, 28))
W3 = Week(dt.date(2024, 3, 29), dt.date(2024, 4, 4))


# ---------------------------------------------------------------- campaign weeks

@pytest.mark.sqlite_only  # date arithmetic in Python
def test_week_containing_every_weekday(db):
    camp = campaign.current_campaign()
    for offset in range(7):  # Friday 03-15 … Thursday 03-21
        assert campaign.week_containing(camp, W1.start + dt.timedelta(days=offset)) == W1
    assert campaign.week_containing(camp, dt.date(2024, 3, 22)) == W2  # Friday: next week
    assert campaign.week_containing(camp, dt.date(2024, 4, 4)) == W3


@pytest.mark.sqlite_only  # date arithmetic in Python
def test_week_due(db):
    camp = campaign.current_campaign()
    assert campaign.week_due(camp, dt.date(2024, 3, 21)) == W1  # report day itself
    assert campaign.week_due(camp, dt.date(2024, 3, 22)) == W1  # Friday: still last week's
    assert campaign.week_due(camp, dt.date(2024, 3, 27)) == W1  # Wednesday
    assert campaign.week_due(camp, dt.date(2024, 3, 28)) == W2
    # never outside the campaign's report weeks: before its first report day, its first
    # week (2024-03-15 … 03-21); after its end (04-15, in the week ending 04-18), its last
    assert campaign.week_due(camp, dt.date(2023, 11, 30)) == W1  # long before the start
    assert campaign.week_due(camp, dt.date(2024, 3, 18)) == W1  # started, nothing due yet
    assert campaign.week_due(camp, dt.date(2024, 12, 1)) == Week(dt.date(2024, 4, 12),
                                                                 dt.date(2024, 4, 18))


@pytest.mark.sqlite_only  # date arithmetic and the official calendar in Python
def test_week_due_follows_a_report_day_moved_off_a_holiday(db):
    """Thursday 2024-04-04 was 清明节, so the week 03-29 … 04-04 is due on Wednesday 04-03
    at 12:00: on 04-03 that is the week being reported (and exported), not the one before."""
    camp = campaign.current_campaign()
    assert campaign.week_due(camp, dt.date(2024, 4, 2)) == W2  # Tuesday: nothing new due
    assert campaign.week_due(camp, dt.date(2024, 4, 3)) == W3  # the moved due day
    assert campaign.week_due(camp, dt.date(2024, 4, 4)) == W3  # the holiday itself


@pytest.mark.sqlite_only  # date arithmetic in Python
def test_week_with_another_report_day(db):
    Campaign.update(report_weekday=4).execute()  # Friday
    camp = campaign.current_campaign()
    assert campaign.week_containing(camp, dt.date(2024, 3, 15)) == Week(
        dt.date(2024, 3, 9), dt.date(2024, 3, 15))
    assert campaign.week_due(camp, dt.date(2024, 3, 21)) == Week(
        dt.date(2024, 3, 9), dt.date(2024, 3, 15))


def test_week_title_and_steps():
    assert W1.title == "2024年3月15日—3月21日"
    assert Week(dt.date(2024, 12, 27), dt.date(2025, 1, 2)).title == (
        "2024年12月27日—2025年1月2日")
    assert W1.next() == W2 and W2.previous() == W1
    assert W1.contains(dt.date(2024, 3, 15)) and W1.contains(dt.date(2024, 3, 21))
    assert not W1.contains(dt.date(2024, 3, 22)) and not W1.contains(dt.date(2024, 3, 14))


@pytest.mark.sqlite_only  # date arithmetic in Python
def test_campaign_of_the_seed(db):
    camp = campaign.current_campaign()
    assert (camp.start_on, camp.end_on, camp.final_due_on) == (
        dt.date(2024, 3, 15), dt.date(2024, 4, 15), dt.date(2024, 4, 13))
    street = campaign.streets_of(camp)[0]
    assert camp.report_weekday == 3 and (street.name, street.contact) == ("里山街道", "王章兴")
    assert camp.title_problems == "2024年贵池区生态环境领域信访事项“回头看”专项行动问题清单"
    assert camp.title_progress == "2024年贵池区生态环境领域信访事项“回头看”专项行动进展一览表"


@pytest.mark.sqlite_only  # date arithmetic in Python
def test_no_campaign(db):
    Campaign.delete().execute()
    with pytest.raises(NotFound, match="init"):
        campaign.current_campaign()


@pytest.mark.sqlite_only  # date arithmetic in Python
def test_units_order_lookup_and_add(units):
    Unit.update(active=False).where(Unit.name == "桃坡村").execute()
    assert [u.name for u in organisation.units()] == ["七星村", "新河社区", "街道城建办"]
    assert organisation.unit_by_name(" 七星村 ").id == units["七星村"].id
    with pytest.raises(ValidationError, match="核查单位：没有这个单位：无此村") as unknown:
        organisation.unit_by_name("无此村")
    assert [(p.field, p.message) for p in unknown.value.problems] == [
        ("核查单位", "没有这个单位：无此村（已有：七星村、新河社区、街道城建办）")]
    with pytest.raises(ValidationError, match="单位名称：不能为空") as blank:
        organisation.add_unit("  ", UnitKind.VILLAGE)
    assert [(p.field, p.message) for p in blank.value.problems] == [("单位名称", "不能为空")]
    first = organisation.add_unit("杨山村", UnitKind.VILLAGE, position=1)
    assert organisation.units()[0].id == first.id


# ---------------------------------------------------------------- hand-built ledger

def add_case(actor, no, unit):
    cases.create_case(actor, {"case_no": no, "channel": "来电", "received_on": "2022-03-01",
                              "unit": unit, "target": f"{no}对象", "content": f"{no}问题"})


def inspect(actor, no, day, *, handled="是", new=()):
    inspections.record_inspection(actor, no, InspectionInput(
        day, "张伟", handled, "无", "满意", new_problems=list(new)), today=TODAY)


@pytest.fixture
def ledger(station, units):
    """七星村 A B C, 桃坡村 D E, 新河社区 F, 街道城建办 none (see the expected tables)."""
    for no, unit in [("A", "七星村"), ("B", "七星村"), ("C", "七星村"), ("D", "桃坡村"),
                     ("E", "桃坡村"), ("F", "新河社区")]:
        add_case(station, no, unit)
    inspect(station, "A", "2024-03-21")  # Thursday: week 1
    inspect(station, "A", "2024-03-25", new=["A 复查新发现"])  # re-check: counted once
    inspect(station, "B", "2024-03-22", new=["B 一", "B 二"])  # Friday: week 2
    inspect(station, "E", "2024-03-15", handled="否")  # 未整改到位 is not a new problem
    inspect(station, "D", "2024-03-29", new=["D 一"])
    inspect(station, "F", "2024-04-04")  # Thursday: still week 3
    return station


def numbers(table) -> list[tuple]:
    return [(r.unit, r.total, r.verified_this_week, r.verified_total,
             r.new_problems_this_week, r.new_problems_total) for r in [*table.rows, table.total]]


EXPECTED = {
    W1: [("七星村", 3, 1, 1, 0, 0), ("桃坡村", 2, 1, 1, 0, 0), ("新河社区", 1, 0, 0, 0, 0),
         ("街道城建办", 0, 0, 0, 0, 0), ("合计", 6, 2, 2, 0, 0)],
    W2: [("七星村", 3, 1, 2, 3, 3), ("桃坡村", 2, 0, 1, 0, 0), ("新河社区", 1, 0, 0, 0, 0),
         ("街道城建办", 0, 0, 0, 0, 0), ("合计", 6, 1, 3, 3, 3)],
    W3: [("七星村", 3, 0, 2, 0, 3), ("桃坡村", 2, 1, 2, 1, 1), ("新河社区", 1, 1, 1, 0, 0),
         ("街道城建办", 0, 0, 0, 0, 0), ("合计", 6, 2, 5, 1, 4)],
}


@pytest.mark.parametrize("week", [W1, W2, W3], ids=["week1", "week2", "week3"])
def test_weekly_numbers_by_hand(ledger, week):
    assert numbers(progress.weekly_progress(ledger, week)) == EXPECTED[week]


def test_before_the_campaign_everything_is_zero(ledger):
    table = progress.weekly_progress(ledger, W1.previous())
    assert numbers(table)[-1] == ("合计", 6, 0, 0, 0, 0)


def test_completion_rate_and_record(ledger):
    table = progress.weekly_progress(ledger, W3)
    rates = [r.completion_rate for r in table.rows]
    assert rates == [pytest.approx(2 / 3), 1.0, 1.0, 0.0]  # a unit without cases: 0, not an error
    assert table.total.completion_rate == pytest.approx(5 / 6)
    rec = table.record()
    assert rec["week_start"] == "2024-03-29" and rec["week_end"] == "2024-04-04"
    assert rec["rows"][0] == {"unit": "七星村", "total": 3, "verified_this_week": 0,
                              "verified_total": 2, "completion_rate": 0.6667, "level": "unit",
                              "new_problems_this_week": 0, "new_problems_total": 3,
                              "remarks": ""}
    assert rec["total"] == {"total": 6, "verified_this_week": 2, "verified_total": 5,
                            "completion_rate": 0.8333, "new_problems_this_week": 1,
                            "new_problems_total": 4, "remarks": ""}


def test_unit_filter_and_scope(ledger, unit_user, viewer):
    only = progress.weekly_progress(ledger, W2, ["桃坡村", "街道城建办"])
    assert numbers(only) == [("桃坡村", 2, 0, 1, 0, 0), ("街道城建办", 0, 0, 0, 0, 0),
                             ("合计", 2, 0, 1, 0, 0)]
    with pytest.raises(ValidationError, match="无此村"):
        progress.weekly_progress(ledger, W2, ["无此村"])
    own = progress.weekly_progress(unit_user, W2)
    assert numbers(own) == [("七星村", 3, 1, 2, 3, 3), ("合计", 3, 1, 2, 3, 3)]
    with pytest.raises(ValidationError, match="无权查看"):
        progress.weekly_progress(unit_user, W2, ["桃坡村"])
    assert numbers(progress.weekly_progress(viewer, W2)) == EXPECTED[W2]


def test_remarks_per_unit_and_week(ledger, unit_user, viewer):
    progress.set_remark(ledger, "七星村", W2, "A 件复查发现新问题；=备注（原样）")
    progress.set_remark(unit_user, "七星村", W3, "本周无新增\x07")
    rows = {r.unit: r.remarks for r in progress.weekly_progress(ledger, W2).rows}
    assert rows == {"七星村": "A 件复查发现新问题；=备注（原样）", "桃坡村": "", "新河社区": "",
                    "街道城建办": ""}
    assert progress.weekly_progress(ledger, W3).rows[0].remarks == "本周无新增"
    assert progress.weekly_progress(ledger, W1).rows[0].remarks == ""
    assert progress.get_remark(ledger, "七星村", W2)[0] == "A 件复查发现新问题；=备注（原样）"
    progress.set_remark(ledger, "七星村", W2, "改过的备注")
    assert progress.weekly_progress(ledger, W2).rows[0].remarks == "改过的备注"
    with pytest.raises(PermissionDenied):
        progress.set_remark(unit_user, "桃坡村", W2, "不是我的单位")
    with pytest.raises(PermissionDenied):
        progress.set_remark(viewer, "七星村", W2, "只读")
    with pytest.raises(ValidationError, match="备注"):
        progress.set_remark(ledger, "七星村", W2, "长" * 501)
    with pytest.raises(ValidationError, match="没有这个单位"):
        progress.set_remark(ledger, "无此村", W2, "x")
    assert progress.weekly_progress(ledger, W2).rows[0].remarks == "改过的备注"


def test_submit_and_differences_after_a_later_change(ledger, unit_user):
    with pytest.raises(PermissionDenied):
        progress.submit_week(unit_user, W2)
    assert progress.last_submission(W2) is None
    sub = progress.submit_week(ledger, W2)
    assert sub.submitted_by == "admin" and sub.week_end == W2.end
    assert ReportSnapshot.select().count() == 1
    stored = progress.last_submission(W2)
    assert stored.table == progress.weekly_progress(ledger, W2).record()
    assert progress.differences(progress.weekly_progress(ledger, W2), stored) == []
    # C is inspected later but dated inside week 2: the submitted numbers now differ
    inspect(ledger, "C", "2024-03-26", new=["C 新问题"])
    diffs = progress.differences(progress.weekly_progress(ledger, W2), stored)
    assert {(d.unit, d.key, d.submitted, d.now) for d in diffs} == {
        ("七星村", "verified_this_week", 1, 2), ("七星村", "verified_total", 2, 3),
        ("七星村", "new_problems_this_week", 3, 4), ("七星村", "new_problems_total", 3, 4)}
    progress.submit_week(ledger, W2)
    assert progress.last_submission(W2).table["rows"][0]["verified_total"] == 3
    assert progress.last_submission(W1) is None


def test_cases_behind_the_numbers(ledger, unit_user):
    def behind(actor, week, unit, what):
        return [c.case_no for c in progress.cases_behind(actor, week, unit, what)]

    assert behind(ledger, W1, None, progress.DRILL_VERIFIED) == ["A", "E"]
    assert behind(ledger, W1, "七星村", progress.DRILL_VERIFIED) == ["A"]
    assert behind(ledger, W2, None, progress.DRILL_VERIFIED) == ["B"]
    assert behind(ledger, W2, None, progress.DRILL_NEW) == ["A", "B"]
    assert behind(ledger, W3, None, progress.DRILL_NEW) == ["D"]
    assert behind(ledger, W3, "新河社区", progress.DRILL_VERIFIED) == ["F"]
    assert behind(unit_user, W1, None, progress.DRILL_VERIFIED) == ["A"]
    assert behind(unit_user, W3, "桃坡村", progress.DRILL_NEW) == []
    with pytest.raises(ValidationError, match="无效的统计项"):
        progress.cases_behind(ledger, W1, None, "total")
