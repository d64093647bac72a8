"""Thursday reporting inside campaigns and streets: each campaign's own report time and
``[report_due]`` (its own zone: tests/test_campaigns.py), holidays of the official calendar,
submissions kept per campaign and per street, the district's board per street, and the
campaign file's due-date refusals.

The campaign below runs 2026-09-11 … 10-16 with report weeks ending on Thursdays 09-17, 09-24,
10-01, 10-08, 10-15 and 10-22, due at 17:30. Expected due days, from the State Council's holiday
notice for 2026 (of November 2025: 国庆节 10月1日至7日放假调休，9月20日、10月10日上班):
- 10-01 is 国庆节 → due Wednesday 09-30 (a working day of the same week);
- 10-08 is a working day again → due that Thursday;
- 10-15 is a working day, but the file says ``"2026-10-15" = "2026-10-14"`` → due 10-14.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
import tomllib

import pytest

from huitoukan_tui.models import Campaign, ReportSnapshot
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services import cases as case_service
from huitoukan_tui.services import inspections, notices, reporting, users
from huitoukan_tui.services.campaign import Week
from huitoukan_tui.services.campaignfile import parse_campaign
from huitoukan_tui.services.inspections import InspectionInput
from huitoukan_tui.services.reportday import due_text

AUTUMN = "2026年秋季生态环境领域信访事项“回头看”专项行动"


def campaign_file(report_due: str = '"2026-10-15" = 2026-10-14') -> str:
    return textwrap.dedent(f"""\
        name = "{AUTUMN}"
        district = "贵池区"
        start = 2026-09-11
        end = 2026-10-16
        report_weekday = "周四"
        report_time = "17:30"
        final_due = 2026-10-14
        timezone = "Asia/Shanghai"

        [titles]
        problems = "2026年秋季问题清单"
        progress = "2026年秋季进展一览表"
        ledger = "2026年秋季台账"

        [report_due]
        {report_due}

        [[streets]]
        name = "里山街道"
        station = "里山街道生态环境站"
        units = [{{ name = "七星村", kind = "村" }}, {{ name = "新河社区", kind = "社区" }}]

        [[streets]]
        name = "秋浦街道"
        station = "秋浦街道生态环境站"
        units = [{{ name = "杏花村", kind = "村" }}, {{ name = "秋浦社区", kind = "社区" }}]
        """)


def week(end: str) -> Week:
    day = dt.date.fromisoformat(end)
    return Week(day - dt.timedelta(days=6), day)


def add_file(actor, tmp_path, text: str, stem: str = "autumn") -> Campaign:
    path = tmp_path / f"{stem}.toml"
    path.write_text(text, encoding="utf-8")
    return campaigns.add_campaign_file(actor, path)


def inspect(actor, no: str, day: str, campaign, *, new=()):
    return inspections.record_inspection(actor, no, InspectionInput(
        day, "张伟", True, False, "满意", new_problems=list(new)),
        today=dt.date.fromisoformat(day), campaign=campaign)


@pytest.fixture
def at(monkeypatch):
    monkeypatch.delenv("HUITOUKAN_TODAY", raising=False)

    def set_now(text: str) -> None:
        monkeypatch.setenv("HUITOUKAN_NOW", text)
    return set_now


@pytest.fixture
def autumn(db, station, tmp_path, at):
    """The campaign above with two streets and their accounts: admin (里山's station), qiupu
    (秋浦's), boss (区环委办), qixing, xinhe, xinghua (units). One case a unit; A1 (七星村)
    and B1 (杏花村) inspected 09-29, in the week due 09-30."""
    at("2026-09-28T09:00")
    found = add_file(station, tmp_path, campaign_file())
    qiupu = users.add_user(station, "qiupu", "秋浦站", "station", street_name="秋浦街道")
    made = {"campaign": found, "admin": station, "qiupu": qiupu,
            "boss": users.add_user(station, "boss", "区环委办", "district"),
            "qixing": users.add_user(station, "qixing", "七星村干部", "unit", "七星村"),
            "xinhe": users.add_user(station, "xinhe", "新河社区主任", "unit", "新河社区"),
            "xinghua": users.add_user(qiupu, "xinghua", "杏花村干部", "unit", "杏花村")}
    for actor, no, unit in ((station, "A1", "七星村"), (station, "A2", "新河社区"),
                            (qiupu, "B1", "杏花村"), (qiupu, "B2", "秋浦社区")):
        case_service.create_case(actor, {
            "case_no": no, "channel": "来电", "received_on": "2025-06-01", "unit": unit,
            "target": f"{no}对象", "content": "夜间噪声扰民"}, found)
    at("2026-09-29T10:00")
    inspect(station, "A1", "2026-09-29", found)
    inspect(qiupu, "B1", "2026-09-29", found)
    return made


def states(board) -> list[tuple[str, str]]:
    return [(r.unit, r.state) for r in board.rows]


# ---------------------------------------------------------------- when a week is due

def test_each_week_is_due_at_the_campaigns_time_moved_off_holidays(autumn):
    found = autumn["campaign"]
    dues = [reporting.due_of(found, week(end)) for end in (
        "2026-09-17", "2026-09-24", "2026-10-01", "2026-10-08", "2026-10-15", "2026-10-22")]
    assert [d.deadline for d in dues] == [
        dt.datetime(2026, 9, 17, 17, 30), dt.datetime(2026, 9, 24, 17, 30),
        dt.datetime(2026, 9, 30, 17, 30), dt.datetime(2026, 10, 8, 17, 30),
        dt.datetime(2026, 10, 14, 17, 30), dt.datetime(2026, 10, 22, 17, 30)]
    assert reporting.due_of(found, week("2026-10-01")).zone == "Asia/Shanghai"
    assert [due_text(d) for d in dues[2:5]] == [
        "9月30日（周三）17:30 前（10月1日国庆节）", "10月8日（周四）17:30 前",
        "10月14日（周三）17:30 前（按专项行动文件改期）"]


def test_the_board_and_the_weekly_view_state_the_real_due_time(autumn, at):
    at("2026-09-29T10:00")
    found, qixing = autumn["campaign"], autumn["qixing"]
    board = reporting.board(qixing, campaign=found)
    assert board.week == week("2026-10-01")
    assert board.due_text == "9月30日（周三）17:30 前（10月1日国庆节）"
    assert board.time_left == "还有 1天7小时"  # 09-29 10:00 → 09-30 17:30
    view = reporting.week_view(qixing, None, dt.date(2026, 9, 29), campaign=found)
    assert view.due == "9月30日（周三）17:30 前（10月1日国庆节）"
    assert board.record()["due"] == "2026-09-30T17:30"


def test_a_unit_is_on_time_until_the_campaigns_deadline_minute(autumn, at):
    found = autumn["campaign"]
    at("2026-09-30T17:30")
    on_time = reporting.submit_unit(autumn["qixing"], None, campaign=found)
    at("2026-09-30T17:31")
    late = reporting.submit_unit(autumn["xinhe"], None, campaign=found)
    assert (on_time.week_end, on_time.state) == (dt.date(2026, 10, 1), reporting.SUBMITTED)
    assert (late.week_end, late.state) == (dt.date(2026, 10, 1), reporting.LATE)
    assert states(reporting.board(autumn["admin"], campaign=found)) == [
        ("七星村", reporting.SUBMITTED), ("新河社区", reporting.LATE)]


# ---------------------------------------------------------------- per campaign, per street

def test_a_submission_is_its_campaigns_and_its_streets(autumn, db, station, tmp_path, at):
    """A second campaign running in the same weeks (里山街道 only) does not see 七星村's
    submission of the first; the snapshot names its campaign and street."""
    found = autumn["campaign"]
    second = add_file(station, tmp_path, textwrap.dedent("""\
        name = "2026年秋季噪声专项行动"
        district = "贵池区"
        start = 2026-09-18
        end = 2026-10-20
        report_weekday = "周四"
        final_due = 2026-10-16

        [titles]
        problems = "噪声问题清单"
        progress = "噪声进展一览表"
        ledger = "噪声台账"

        [[streets]]
        name = "里山街道"
        station = "里山街道生态环境站"
        units = [{ name = "七星村", kind = "村" }]
        """), "noise")
    at("2026-09-30T09:00")
    sub = reporting.submit_unit(autumn["qixing"], None, campaign=found)
    snap = ReportSnapshot.get_by_id(sub.id)
    assert (snap.campaign_id, snap.street.name, snap.unit.name) == (found.id, "里山街道",
                                                                    "七星村")
    assert states(reporting.board(autumn["qixing"], campaign=found)) == [
        ("七星村", reporting.SUBMITTED)]
    assert states(reporting.board(autumn["qixing"], campaign=second)) == [
        ("七星村", reporting.NOT_SUBMITTED)]
    assert reporting.unit_submissions(autumn["admin"], week("2026-10-01"),
                                      campaign=second) == []


def test_a_station_sees_and_submits_its_own_street_only(autumn, at):
    found, qiupu = autumn["campaign"], autumn["qiupu"]
    at("2026-09-30T09:00")
    reporting.submit_unit(autumn["qixing"], None, campaign=found)
    reporting.submit_unit(autumn["xinghua"], None, campaign=found)
    board = reporting.board(qiupu, campaign=found)
    assert states(board) == [("杏花村", reporting.SUBMITTED), ("秋浦社区", reporting.NOT_SUBMITTED)]
    assert [s.unit for s in board.history] == ["杏花村"]
    at("2026-09-30T10:00")
    sub = reporting.submit_street(qiupu, None, campaign=found)
    assert sub.without == ["秋浦社区"]
    # 里山's station has not submitted its street: 秋浦's submission is not its
    assert reporting.board(autumn["admin"], campaign=found).street is None
    assert reporting.board(qiupu, campaign=found).street.without == ["秋浦社区"]
    snap = ReportSnapshot.select().where(ReportSnapshot.unit.is_null()).get()
    assert (snap.street.name, snap.campaign_id, snap.submitted_by) == ("秋浦街道", found.id,
                                                                       "qiupu")


def test_the_district_board_shows_each_street_and_drills_into_its_units(autumn, at):
    found, boss = autumn["campaign"], autumn["boss"]
    at("2026-09-30T09:00")
    reporting.submit_unit(autumn["xinghua"], None, campaign=found)
    assert states(reporting.board(boss, campaign=found)) == [
        ("里山街道", reporting.NOT_SUBMITTED), ("秋浦街道", reporting.NOT_SUBMITTED)]
    at("2026-09-30T11:00")
    reporting.submit_street(autumn["admin"], None, campaign=found)
    at("2026-09-30T18:00")  # after 17:30
    reporting.submit_street(autumn["qiupu"], None, campaign=found)
    board = reporting.board(boss, campaign=found)
    assert states(board) == [("里山街道", reporting.SUBMITTED), ("秋浦街道", reporting.LATE)]
    assert [(r.submitted_by, r.submitted_at) for r in board.rows] == [
        ("admin", dt.datetime(2026, 9, 30, 11, 0)), ("qiupu", dt.datetime(2026, 9, 30, 18, 0))]
    # a change in 里山 after its station submitted: the street's numbers differ
    inspect(autumn["admin"], "A2", "2026-09-30", found)
    board = reporting.board(boss, campaign=found)
    assert states(board) == [("里山街道", reporting.CHANGED), ("秋浦街道", reporting.LATE)]
    assert board.rows[0].changed_since == ["本周核查数 1→2", "累计核查数 1→2"]
    drilled = reporting.board(boss, campaign=found, street="秋浦街道")
    assert states(drilled) == [("杏花村", reporting.SUBMITTED),
                               ("秋浦社区", reporting.NOT_SUBMITTED)]
    assert drilled.street.without == ["秋浦社区"] and drilled.street.late


def test_the_district_board_from_the_command_line(autumn, at, run_cli):
    found = autumn["campaign"]
    at("2026-09-30T09:00")
    reporting.submit_street(autumn["admin"], None, campaign=found)
    result = run_cli(["--campaign", AUTUMN, "board", "--week", "2026-09-29", "--format",
                      "json"], user="boss")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["week_start"], data["week_end"], data["due"]) == (
        "2026-09-25", "2026-10-01", "2026-09-30T17:30")
    assert [(r["unit"], r["state"], r["submitted_by"]) for r in data["rows"]] == [
        ("里山街道", reporting.SUBMITTED, "admin"), ("秋浦街道", reporting.NOT_SUBMITTED, None)]
    drilled = run_cli(["--campaign", AUTUMN, "board", "--street", "里山街道"], user="boss")
    assert drilled.exit_code == 0, drilled.output
    assert "9月30日（周三）17:30 前（10月1日国庆节）" in drilled.stdout
    assert "街道已于 09-30 09:00 由 站管理员 报送；报送时尚未报送的单位：七星村、新河社区。" \
        in drilled.stdout
    refused = run_cli(["--campaign", AUTUMN, "board", "--street", "秋浦街道"], user="admin")
    assert refused.exit_code == 1 and "没有这个街道" in refused.stderr


def test_the_district_is_told_which_streets_have_not_reported(autumn, at):
    found = autumn["campaign"]
    at("2026-09-30T09:00")
    reporting.submit_street(autumn["qiupu"], None, campaign=found)
    said = notices.notices(autumn["boss"], campaign=found)
    assert [n.text for n in said.entries if n.kind == notices.REPORT] == [
        "本周（2026年9月25日—10月1日）1 个街道尚未报送：9月30日 17:30 前，还有 8小时30分"]


# ---------------------------------------------------------------- the campaign file

BAD_DUES = [
    ("after", '"2026-10-01" = 2026-10-02',
     "report_due.2026-10-01：改期后的日期 2026-10-02 不在该报送周内（2026-09-25 至 2026-10-01）"),
    ("before", '"2026-10-01" = 2026-09-24',
     "report_due.2026-10-01：改期后的日期 2026-09-24 不在该报送周内（2026-09-25 至 2026-10-01）"),
    ("no-such-week", '"2026-10-29" = 2026-10-28',
     "report_due.2026-10-29：专项行动没有这个报送周"),
    ("week-before", '"2026-09-10" = 2026-09-09',
     "report_due.2026-09-10：专项行动没有这个报送周"),
    ("not-a-report-day", '"2026-09-30" = 2026-09-29',
     "report_due.2026-09-30：2026-09-30 不是报送日（周四）"),
]


@pytest.mark.sqlite_only  # the file checks are engine-neutral Python
@pytest.mark.parametrize("key, line, message", BAD_DUES, ids=[b[0] for b in BAD_DUES])
def test_a_due_date_outside_its_week_or_campaign_is_refused(db, run_cli, tmp_path, key, line,
                                                           message):
    path = tmp_path / "bad.toml"
    path.write_text(campaign_file(report_due=line), encoding="utf-8")
    result = run_cli(["campaign", "add", str(path)])
    assert result.exit_code == 1
    assert f"错误：{path}：{message}" in result.stderr, result.stderr
    assert not Campaign.select().where(Campaign.name == AUTUMN).exists()


def test_a_due_date_anywhere_in_its_week_is_accepted():
    spec = parse_campaign(tomllib.loads(campaign_file(
        report_due='"2026-10-01" = 2026-09-25\n"2026-10-22" = 2026-10-22')), "f")
    assert spec.report_due == {dt.date(2026, 10, 1): dt.date(2026, 9, 25),
                               dt.date(2026, 10, 22): dt.date(2026, 10, 22)}
