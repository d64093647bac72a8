"""A report week outside the campaign is refused everywhere (issue 14, items 4 and 7).

The demo campaign runs 2024-03-15 (a Friday) … 2024-04-15 (a Monday) and reports on Thursdays,
so its report weeks are Friday … Thursday from 2024-03-15—03-21 to 2024-04-12—04-18: the last
one ends three days after the campaign's end date and is still one of its weeks.
"""

from __future__ import annotations

import datetime as dt

import pytest

from huitoukan_tui.models import Campaign, ReportSnapshot, User, WeekRemark
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services import progress, reporting
from huitoukan_tui.services.campaign import Week
from huitoukan_tui.services.errors import ValidationError

FIRST = Week(dt.date(2024, 3, 15), dt.date(2024, 3, 21))
LAST = Week(dt.date(2024, 4, 12), dt.date(2024, 4, 18))
#: the campaign's dates and weeks as the refusal names them
SPAN = "（2024-03-15 至 2024-04-18：第一周 2024年3月15日—3月21日，最后一周 2024年4月12日—4月18日）"


def refusal(day: str, field: str = "--week") -> str:
    name = Campaign.get().name
    return f"错误：{field}：{day} 不在专项行动“{name}”的报送周内{SPAN}\n"


@pytest.mark.parametrize(("day", "week"), [
    (dt.date(2024, 3, 15), FIRST),  # the campaign's first day
    (dt.date(2024, 3, 21), FIRST),
    (dt.date(2024, 3, 22), Week(dt.date(2024, 3, 22), dt.date(2024, 3, 28))),
    (dt.date(2024, 4, 15), LAST),  # the campaign's last day
    (dt.date(2024, 4, 18), LAST),  # after the end date, inside the last report week
])
def test_days_of_the_campaigns_weeks_are_accepted(demo_db, day, week):
    assert campaigns.week_of(Campaign.get(), day) == week


@pytest.mark.parametrize("day", [dt.date(2024, 3, 14), dt.date(2024, 4, 19),
                                 dt.date(2026, 5, 7)])
def test_days_outside_are_refused_with_the_field_as_data(demo_db, day):
    with pytest.raises(ValidationError) as refused:
        campaigns.week_of(Campaign.get(), day)
    [problem] = refused.value.problems
    assert problem.field == "报送周"
    assert problem.message == (f"{day.isoformat()} 不在专项行动“{Campaign.get().name}”的报送周内"
                               f"{SPAN}")


@pytest.mark.parametrize("day", ["2024-03-14", "2026-05-07"])
def test_progress_refuses_a_week_before_and_after(demo_db, run_cli, day):
    result = run_cli(["progress", "--week", day])
    assert result.exit_code == 1
    assert result.stderr == refusal(day)
    assert result.stdout == ""


@pytest.mark.parametrize(("day", "title"), [("2024-03-15", "2024年3月15日—3月21日"),
                                            ("2024-04-18", "2024年4月12日—4月18日")])
def test_progress_accepts_the_first_and_last_week(demo_db, run_cli, day, title):
    result = run_cli(["progress", "--week", day])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].endswith(f"  {title}")


def test_export_outside_writes_nothing(demo_db, run_cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = run_cli(["export", "all", "--week", "2030-01-03", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == refusal("2030-01-03")
    assert list(out.iterdir()) == []
    last = run_cli(["export", "progress", "--week", "2024-04-18", "--out", str(out)])
    assert last.exit_code == 0, last.output
    assert sorted(p.name for p in out.glob("*.xlsx")) == ["2024-04-18_进展一览表_合计.xlsx"]


@pytest.mark.parametrize("command", ["submit", "board"])
@pytest.mark.parametrize("day", ["2024-03-08", "2024-04-25"])
def test_submit_and_board_refuse_and_record_nothing(demo_db, run_cli, command, day):
    result = run_cli([command, "--week", day])
    assert result.exit_code == 1
    assert result.stderr == refusal(day)
    assert ReportSnapshot.select().count() == 0


def test_a_remark_outside_the_campaign_is_refused(demo_db):
    admin = User.get(User.login == "admin")
    after = LAST.next()
    with pytest.raises(ValidationError, match="不在专项行动“.*”的报送周内"):
        progress.set_remark(admin, "七星村", after, "不该保存")
    with pytest.raises(ValidationError, match="不在专项行动“.*”的报送周内"):
        reporting.submit_street(admin, after.end, now=dt.datetime(2024, 5, 1, 9, 0))
    assert WeekRemark.select().where(WeekRemark.week_end == after.end).count() == 0
    assert ReportSnapshot.select().count() == 0
