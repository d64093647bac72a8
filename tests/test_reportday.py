"""The real report day: holidays move it to the previous working day (official calendar with
调休), the campaign file's [report_due] wins, the deadline is a time of day, and the status bar
wording. Expected dates are from the State Council's holiday notices, not from the code."""

from __future__ import annotations

import datetime as dt

from huitoukan_tui.services.reportday import (
    Moved,
    due_text,
    is_working_day,
    report_due,
    time_left_text,
)

D = dt.date


def test_qingming_2024_moves_the_thursday_report_to_wednesday():
    due = report_due(D(2024, 4, 4), "12:00")
    assert due.due_day == D(2024, 4, 3)
    assert due.deadline == dt.datetime(2024, 4, 3, 12, 0)
    assert due.moved == Moved.HOLIDAY
    assert due_text(due) == "4月3日（周三）12:00 前（4月4日清明节）"


def test_an_ordinary_thursday_stays():
    due = report_due(D(2024, 3, 28), "12:00")
    assert (due.due_day, due.moved, due.reason) == (D(2024, 3, 28), Moved.NOT, "")
    assert due_text(due) == "3月28日（周四）12:00 前"


def test_national_day_and_a_weekend_working_day_of_tiaoxiu():
    # National Day 2024: 10-01…10-07 off; Sunday 09-29 and Saturday 10-12 were working days
    due = report_due(D(2024, 10, 3), "12:00")
    assert due.due_day == D(2024, 9, 30)
    assert due_text(due) == "9月30日（周一）12:00 前（10月3日国庆节）"
    # a campaign reporting on Sundays: the 调休 Sunday is a working day, its report stays
    assert is_working_day(D(2024, 9, 29))
    assert report_due(D(2024, 9, 29), "12:00").due_day == D(2024, 9, 29)
    # an ordinary Sunday is a day off: its report moves to Friday
    assert report_due(D(2024, 9, 22), "12:00").due_day == D(2024, 9, 20)


def test_an_override_from_the_campaign_file_wins():
    # the file moves the 清明 report to Tuesday instead of the calendar's Wednesday
    due = report_due(D(2024, 4, 4), "12:00", overrides={D(2024, 4, 4): D(2024, 4, 2)})
    assert due.due_day == D(2024, 4, 2)
    assert due.moved == Moved.FILE
    assert due_text(due) == "4月2日（周二）12:00 前（4月4日清明节）"
    # and may keep a holiday's report day where it is
    kept = report_due(D(2024, 4, 4), "12:00", overrides={D(2024, 4, 4): D(2024, 4, 4)})
    assert (kept.due_day, kept.moved) == (D(2024, 4, 4), Moved.NOT)


def test_an_override_on_a_working_day_says_it_was_moved_by_the_file():
    due = report_due(D(2024, 3, 28), "12:00", overrides={D(2024, 3, 28): D(2024, 3, 27)})
    assert due_text(due) == "3月27日（周三）12:00 前（按专项行动文件改期）"


def test_a_year_the_calendar_does_not_know_counts_weekdays():
    # 2099 is beyond every release of chinese-calendar: Thursday stays, a Saturday moves
    assert report_due(D(2099, 1, 1), "12:00").due_day == D(2099, 1, 1)  # a Thursday
    saturday = report_due(D(2099, 1, 3), "12:00")
    assert saturday.due_day == D(2099, 1, 2)
    assert saturday.reason == "1月3日休息日"


def test_a_holiday_covering_the_whole_week_moves_it_after():
    # Spring Festival 2024: 02-10…02-17 off, Sunday 02-18 worked (调休). A week reporting on
    # Saturday 02-17 runs 02-11…02-17, all holiday: due on that working Sunday, 02-18
    due = report_due(D(2024, 2, 17), "12:00")
    assert due.due_day == D(2024, 2, 18)
    assert due.reason == "2月17日春节"


def test_deadline_time_and_lateness():
    due = report_due(D(2024, 3, 28), "17:30")
    assert due.deadline == dt.datetime(2024, 3, 28, 17, 30)
    assert not due.is_late(dt.datetime(2024, 3, 28, 17, 30))
    assert due.is_late(dt.datetime(2024, 3, 28, 17, 30, 1))
    assert report_due(D(2024, 3, 28), None).deadline.time() == dt.time(12, 0)


def test_time_left_wording():
    due = report_due(D(2024, 4, 4), "12:00")  # due 04-03 12:00
    assert time_left_text(due, dt.datetime(2024, 4, 2, 9, 0)) == "还有 1天3小时"
    assert time_left_text(due, dt.datetime(2024, 4, 3, 11, 40)) == "还有 20分"
    assert time_left_text(due, dt.datetime(2024, 4, 3, 12, 0)) == "还有 0分"
    assert time_left_text(due, dt.datetime(2024, 4, 3, 15, 30)) == "已逾期 3小时30分"


def test_2026_new_year_and_spring_festival_with_a_saturday_working_day():
    # 2026 (the State Council's notice of November 2025): 元旦 01-01…01-03 off; 春节
    # 02-15…02-23 off with Saturday 02-14 worked. Thursday 01-01 → Wednesday 2025-12-31;
    # Thursday 02-19 (its week runs 02-13…02-19) → that working Saturday 02-14, the last
    # working day before it
    new_year = report_due(D(2026, 1, 1), "12:00")
    assert (new_year.due_day, new_year.reason) == (D(2025, 12, 31), "1月1日元旦")
    spring = report_due(D(2026, 2, 19), "12:00")
    assert spring.due_day == D(2026, 2, 14)
    assert due_text(spring) == "2月14日（周六）12:00 前（2月19日春节）"
    # 国庆节 10-01…10-07: Thursday 10-01 → Wednesday 09-30; Thursday 10-08 is worked
    assert report_due(D(2026, 10, 1), "12:00").due_day == D(2026, 9, 30)
    assert report_due(D(2026, 10, 8), "12:00").moved == Moved.NOT


def test_2027_the_file_covers_a_year_the_calendar_may_not_know():
    # chinese-calendar 1.11 knows years up to 2026 (a newer release may know 2027): the
    # office writes the State Council's 2027 dates into [report_due], and they win either way
    moved = report_due(D(2027, 2, 11), "12:00", overrides={D(2027, 2, 11): D(2027, 2, 5)})
    assert (moved.due_day, moved.moved) == (D(2027, 2, 5), Moved.FILE)
    assert moved.deadline == dt.datetime(2027, 2, 5, 12, 0)
