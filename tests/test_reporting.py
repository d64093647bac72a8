"""Thursday reporting: units submit their week before and after the deadline (HUITOUKAN_NOW),
the station's board shows each state and what changed since, the station submits the street
and sees whom it went without, bad input is refused with nothing written.

The week of 2024-03-29 … 04-04 ends on 清明节 (Thursday 04-04): it is due Wednesday 04-03 at
12:00. Expected numbers below are counted by hand from the ledger fixture."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading

import pytest

from huitoukan_tui.models import AuditEntry, ReportSnapshot, User, database
from huitoukan_tui.services import cases, dashboard, inspections, rectifications, reporting
from huitoukan_tui.services.errors import PermissionDenied, ValidationError
from huitoukan_tui.services.inspections import InspectionInput
from huitoukan_tui.services.rectifications import MeasureInput

W3_DAY = dt.date(2024, 4, 2)  # Tuesday of the week 03-29 … 04-04
W3_END = dt.date(2024, 4, 4)


@pytest.fixture
def at(monkeypatch):
    def set_now(text: str) -> None:
        monkeypatch.setenv("HUITOUKAN_NOW", text)
    return set_now


def add_case(actor, no, unit):
    cases.create_case(actor, {"case_no": no, "channel": "来电", "received_on": "2022-03-01",
                              "unit": unit, "target": f"{no}对象", "content": f"{no}问题"})


def inspect(actor, no, day, *, handled="是", new=()):
    return inspections.record_inspection(actor, no, InspectionInput(
        day, "张伟", handled, "无", "满意", new_problems=list(new)), today=dt.date(2024, 4, 15))


@pytest.fixture
def ledger(station, units, unit_user, other_unit_user, at):
    """七星村 A B C (A, B inspected before the week; C not yet), 桃坡村 D (inspected in the
    week with one new problem), 新河社区 F (inspected in the week), 街道城建办 nothing."""
    at("2024-03-28T09:00")
    for no, unit in [("A", "七星村"), ("B", "七星村"), ("C", "七星村"), ("D", "桃坡村"),
                     ("F", "新河社区")]:
        add_case(station, no, unit)
    inspect(station, "A", "2024-03-21")
    inspect(station, "B", "2024-03-22")
    inspect(station, "D", "2024-03-29", new=["D 堆场扬尘"])
    inspect(station, "F", "2024-04-01")
    User.create(login="xinhe", display_name="新河社区主任", unit=units["新河社区"], role="unit")
    return station


def xinhe() -> User:
    return User.get(User.login == "xinhe")


def states(board) -> dict[str, str]:
    return {r.unit: r.state for r in board.rows}


# ---------------------------------------------------------------- submitting

def test_units_submit_before_at_and_after_the_deadline(ledger, unit_user, other_unit_user,
                                                       at):
    at("2024-04-02T09:00")
    first = reporting.submit_unit(unit_user, W3_DAY)
    assert (first.unit, first.week_end, first.state) == ("七星村", W3_END, "已报送")
    assert first.deadline == dt.datetime(2024, 4, 3, 12, 0)  # 清明节 moves it to Wednesday
    assert first.submitted_at == dt.datetime(2024, 4, 2, 9, 0)
    assert (first.row["verified_this_week"], first.row["verified_total"]) == (0, 2)
    assert first.items == []
    at("2024-04-03T12:00")  # the deadline's minute itself is on time
    on_time = reporting.submit_unit(other_unit_user, W3_DAY)
    assert on_time.state == "已报送"
    assert [(i["case_no"], i["kind"], i["new_problem"], i["status"]) for i in on_time.items] == [
        ("D", "新发现", "D 堆场扬尘", "整改中")]
    at("2024-04-03T12:01")
    late = reporting.submit_unit(xinhe(), W3_DAY)
    assert late.state == "逾期报送"
    at("2024-04-03T15:00")
    board = reporting.board(ledger, W3_DAY)
    assert states(board) == {"七星村": "已报送", "桃坡村": "已报送", "新河社区": "逾期报送",
                             "街道城建办": "未报送"}
    assert board.due.deadline == dt.datetime(2024, 4, 3, 12, 0)
    assert board.time_left == "已逾期 3小时"
    qixing = board.rows[0]
    assert (qixing.submitted_at, qixing.submitted_by, qixing.submitted_by_name) == (
        dt.datetime(2024, 4, 2, 9, 0), "qixing", "七星村干部")
    # the audit says who submitted what, and how
    assert [e.field for e in AuditEntry.select().where(AuditEntry.action == "submit")
            .order_by(AuditEntry.id)] == ["已报送 七星村", "已报送 桃坡村", "逾期报送 新河社区"]


def test_changes_after_submission_are_differences_per_unit(ledger, unit_user,
                                                           other_unit_user, at):
    at("2024-04-02T09:00")
    reporting.submit_unit(unit_user, W3_DAY)
    reporting.submit_unit(other_unit_user, W3_DAY)
    # 七星村 inspects C inside the week after submitting; 桃坡村 plans its item
    inspect(ledger, "C", "2024-04-01")
    item = rectifications.list_items(other_unit_user)[0]
    rectifications.update_item(other_unit_user, item.id, {
        "problem_type": "来电", "original_problem": item.original_problem,
        "new_problem": "D 堆场扬尘", "target_standard": "堆场全覆盖",
        "implementer": "桃坡村", "acceptor": item.acceptor, "deadline": "2024-06-30"},
        [MeasureInput("覆盖防尘网", [{"period": "2024Q1", "target": "覆盖"},
                                     {"period": "2024Q2", "target": "验收"}])], item.version)
    board = reporting.board(ledger, W3_DAY)
    assert states(board) == {"七星村": "报送后有变化", "桃坡村": "报送后有变化",
                             "新河社区": "未报送", "街道城建办": "未报送"}
    rows = {r.unit: r for r in board.rows}
    assert rows["七星村"].changed_since == ["本周核查数 0→1", "累计核查数 2→3"]
    assert rows["桃坡村"].changed_since == [
        f"四项清单 #{item.id} 整改措施 已修改",
        f"四项清单 #{item.id} 目标任务（标准） （空）→堆场全覆盖",
        f"四项清单 #{item.id} 完成时限 （空）→2024-06-30"]
    # submitting again before the deadline: the latest counts, the earlier one is kept
    at("2024-04-02T10:00")
    reporting.submit_unit(unit_user, W3_DAY)
    board = reporting.board(ledger, W3_DAY)
    assert states(board)["七星村"] == "已报送" and board.rows[0].changed_since == []
    assert board.rows[0].submissions == 2
    assert [(s.unit, s.submitted_at.hour, s.row["verified_total"])
            for s in reporting.unit_submissions(ledger, board.week, "七星村")] == [
        ("七星村", 9, 2), ("七星村", 10, 3)]


def test_the_station_submits_the_street_and_sees_whom_it_went_without(ledger, unit_user, at):
    at("2024-04-02T09:00")
    reporting.submit_unit(unit_user, W3_DAY)
    at("2024-04-03T11:00")
    sub = reporting.submit_street(ledger, W3_DAY)
    assert sub.without == ["桃坡村", "新河社区", "街道城建办"]
    street = reporting.board(ledger, W3_DAY).street
    assert (street.submitted_by, street.late, street.without) == (
        "admin", False, ["桃坡村", "新河社区", "街道城建办"])
    assert street.submitted_at == dt.datetime(2024, 4, 3, 11, 0)
    # the unit snapshots are not the street's
    assert reporting.unit_submissions(ledger, reporting.board(ledger, W3_DAY).week)[0].unit == \
        "七星村"


def test_a_late_street_submission_is_marked_like_a_units(ledger, run_cli, at):
    """The station's own submission after the deadline (04-03 12:00) is 逾期报送: on the
    submit line, in what it returns, in the snapshot it keeps and on the district's board."""
    from huitoukan_tui.services import users

    boss = users.add_user(ledger, "boss", "区环委办 王科长", "district")
    at("2024-04-03T13:00")
    done = run_cli(["submit", "--week", "2024-04-02"])
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines()[0] == (
        "逾期报送全街道 2024-04-04（2024-04-03 13:00，截止 2024-04-03 12:00）")
    snap = ReportSnapshot.select().where(ReportSnapshot.unit.is_null()).get()
    assert json.loads(snap.data)["late"] is True
    street = reporting.board(ledger, W3_DAY).street
    assert (street.state, street.late) == ("逾期报送", True)
    assert [(r.unit, r.state) for r in reporting.board(boss, W3_DAY).rows] == [
        ("里山街道", "逾期报送")]
    # on time, the same line says 已报送
    at("2024-04-03T12:00")
    sub = reporting.submit_street(ledger, W3_DAY)
    assert (sub.state, sub.late, sub.deadline) == ("已报送", False, dt.datetime(2024, 4, 3, 12))


def test_a_unit_sees_only_its_own_line(ledger, unit_user, other_unit_user, at):
    at("2024-04-02T09:00")
    reporting.submit_unit(other_unit_user, W3_DAY)
    board = reporting.board(unit_user, W3_DAY)
    assert [(r.unit, r.state) for r in board.rows] == [("七星村", "未报送")]
    assert reporting.unit_submissions(unit_user, board.week) == []


# ---------------------------------------------------------------- bad input

def test_refusals_write_nothing(ledger, unit_user, viewer, at):
    at("2024-04-02T09:00")
    before = (ReportSnapshot.select().count(), AuditEntry.select().count())
    with pytest.raises(ValidationError, match="还没有开始"):
        reporting.submit_unit(unit_user, dt.date(2024, 4, 6))  # the week of 04-05 … 04-11
    with pytest.raises(ValidationError, match="不在专项行动“.*”的报送周内"):
        reporting.submit_unit(unit_user, dt.date(2024, 5, 10))
    with pytest.raises(PermissionDenied, match="不能报送其他单位：桃坡村"):
        reporting.submit_unit(unit_user, W3_DAY, "桃坡村")
    with pytest.raises(PermissionDenied, match="只读用户不能报送"):
        reporting.submit_unit(viewer, W3_DAY)
    with pytest.raises(PermissionDenied, match="街道生态环境站报送全街道"):
        reporting.submit_unit(ledger, W3_DAY)
    with pytest.raises(PermissionDenied):
        reporting.submit_street(unit_user, W3_DAY)
    with pytest.raises(ValidationError, match="还没有开始"):
        reporting.submit_street(ledger, dt.date(2024, 4, 6))
    assert (ReportSnapshot.select().count(), AuditEntry.select().count()) == before


def test_two_submissions_at_the_same_moment_are_both_kept_in_order(ledger, unit_user, at):
    at("2024-04-02T09:00")
    start = threading.Barrier(2)
    failures = []

    def submit() -> None:
        try:
            with database.connection_context():
                start.wait()
                reporting.submit_unit(User.get(User.login == "qixing"), W3_DAY)
        except Exception as exc:  # noqa: BLE001 - the test reports it
            failures.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    history = reporting.unit_submissions(ledger, reporting.board(ledger, W3_DAY).week)
    assert [s.unit for s in history] == ["七星村", "七星村"]
    assert history[0].id < history[1].id
    assert {s.submitted_at for s in history} == {dt.datetime(2024, 4, 2, 9, 0)}


# ---------------------------------------------------------------- what it says

def test_the_status_bar_states_the_real_report_day(ledger, unit_user):
    on = dashboard.status_summary(unit_user, W3_DAY, dt.datetime(2024, 4, 2, 9, 0))
    assert on.report_due == "4月3日（周三）12:00 前（4月4日清明节）"
    after = dashboard.status_summary(unit_user, dt.date(2024, 4, 3),
                                     dt.datetime(2024, 4, 3, 12, 30))
    assert after.report_due == "4月11日（周四）12:00 前"
    last = dashboard.status_summary(unit_user, dt.date(2024, 4, 18),
                                    dt.datetime(2024, 4, 18, 12, 1))
    assert last.report_due == ""  # the campaign's last report (04-18) is past


def test_cli_submit_and_board_json(ledger, run_cli, at):
    at("2024-04-02T09:00")
    done = run_cli(["submit", "--week", "2024-04-02"], user="qixing")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.strip() == ("已报送 七星村 2024-04-04（2024-04-02 09:00，"
                                   "截止 2024-04-03 12:00）")
    refused = run_cli(["submit", "--week", "2024-04-09"], user="qixing")
    assert refused.exit_code == 1 and "还没有开始" in refused.stderr
    data = json.loads(run_cli(["board", "--week", "2024-04-02", "--format", "json"]).stdout)
    assert data == {
        "week_start": "2024-03-29", "week_end": "2024-04-04", "due": "2024-04-03T12:00",
        "rows": [
            {"unit": "七星村", "state": "已报送", "submitted_at": "2024-04-02T09:00",
             "submitted_by": "qixing", "submitted_by_name": "七星村干部", "changed_since": []},
            *({"unit": u, "state": "未报送", "submitted_at": None, "submitted_by": None,
               "submitted_by_name": None, "changed_since": []}
              for u in ("桃坡村", "新河社区", "街道城建办"))]}
    # the table names the person; the login stays in JSON, where it identifies the account
    table = run_cli(["board", "--week", "2024-04-02"]).stdout.splitlines()
    assert table[1].split() == ["核查单位", "报送状态", "报送时间", "报送人", "报送后变化"]
    assert table[3].split() == ["七星村", "已报送", "2024-04-02", "09:00", "七星村干部"]
    assert "2024-04-02 09:00" in table[3]  # a date and a time, not ISO's 2024-04-02T09:00
    csv_rows = list(csv.DictReader(io.StringIO(
        run_cli(["board", "--week", "2024-04-02", "--format", "csv"]).stdout)))
    assert csv_rows[0]["submitted_at"] == "2024-04-02 09:00"
    street = run_cli(["submit", "--week", "2024-04-02"])
    assert street.stdout.splitlines() == [
        "已报送全街道 2024-04-04（2024-04-02 09:00，截止 2024-04-03 12:00）",
        "报送时尚未报送的单位：桃坡村、新河社区、街道城建办"]


def test_a_remark_changed_after_submission_is_a_difference(ledger, unit_user, at):
    """备注 is a column of the row the unit submitted (its principal signs it): changing it
    afterwards shows as 报送后有变化, like a number, not as 已报送 with nothing changed."""
    from huitoukan_tui.services import campaign, progress

    week = campaign.week_containing(campaign.current_campaign(), W3_DAY)
    at("2024-04-02T09:00")
    reporting.submit_unit(unit_user, W3_DAY)
    assert states(reporting.board(ledger, W3_DAY))["七星村"] == "已报送"
    at("2024-04-02T09:30")
    progress.set_remark(unit_user, "七星村", week, "C 件联系不上")
    row = {r.unit: r for r in reporting.board(ledger, W3_DAY).rows}["七星村"]
    assert (row.state, row.changed_since) == ("报送后有变化", ["备注 （空）→C 件联系不上"])
