"""When a week's report is really due: the report day, moved off public holidays, at the
campaign's deadline time in its time zone. Pure: no database, no clock.

- A report day that is not a working day moves to the last working day before it within its
  report week (China's official calendar from ``chinese-calendar``: 调休 make weekends working
  days too). A holiday that covers the whole week moves it to the first working day after.
- The campaign file's ``[report_due]`` table (report day → due day) wins over the calendar: the
  library knows only the years up to its release, the file covers the rest.
- A year the library does not know yet counts Monday–Friday as working days.

The deadline is a wall-clock time in the campaign's zone (naive, like ``clock.now(zone)``): a
submission at 12:00:00 is on time, one at 12:00:01 is late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import chinese_calendar

DEFAULT_DEADLINE = "12:00"
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")

#: chinese_calendar.Holiday names → what offices call them
HOLIDAY_NAMES = {
    "new_years_day": "元旦",
    "spring_festival": "春节",
    "tomb_sweeping_day": "清明节",
    "labour_day": "劳动节",
    "dragon_boat_festival": "端午节",
    "national_day": "国庆节",
    "mid_autumn_festival": "中秋节",
    "anti_fascist_70th_day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


class Moved:
    """Why a due day is not the report day."""

    NOT = ""
    HOLIDAY = "holiday"  # the official calendar
    FILE = "file"  # the campaign file's [report_due]


@dataclass(frozen=True)
class ReportDue:
    report_day: dt.date  # the last day of the report week
    due_day: dt.date
    deadline: dt.datetime  # wall time in ``zone``
    zone: str
    moved: str = Moved.NOT
    reason: str = ""  # e.g. 4月4日清明节; "" when not moved

    def is_late(self, at: dt.datetime) -> bool:
        """A submission at ``at`` (wall time in the zone) is late."""
        return at > self.deadline

    def time_left(self, now: dt.datetime) -> dt.timedelta:
        """Until the deadline (negative once late)."""
        return self.deadline - now


def parse_deadline_time(text: str | None) -> dt.time:
    """``"12:00"`` → 12:00; a blank or unreadable value → the default (campaign files are
    checked where they are read)."""
    try:
        return dt.time.fromisoformat((text or DEFAULT_DEADLINE).strip())
    except ValueError:
        return dt.time.fromisoformat(DEFAULT_DEADLINE)


def is_working_day(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the library does not know yet
        return day.weekday() < 5


def day_off_name(day: dt.date) -> str:
    """``清明节`` for a public holiday, ``休息日`` for another day off."""
    try:
        holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        holiday, name = day.weekday() >= 5, None
    if not holiday:
        return ""
    for member in chinese_calendar.Holiday:
        if member.value == name:
            return HOLIDAY_NAMES.get(member.name, "节假日")
    return "休息日"


def month_day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def report_due(report_day: dt.date, deadline_time: str | None = DEFAULT_DEADLINE,
               zone: str = "Asia/Shanghai",
               overrides: Mapping[dt.date, dt.date] | None = None) -> ReportDue:
    """The due day and deadline of the week that ends on ``report_day``."""
    at = parse_deadline_time(deadline_time)
    if overrides and report_day in overrides:
        due = overrides[report_day]
        reason = "" if due == report_day else "按专项行动文件改期"
        off = day_off_name(report_day)
        if off and due != report_day:
            reason = f"{month_day(report_day)}{off}"
        return ReportDue(report_day, due, dt.datetime.combine(due, at), zone,
                         Moved.FILE if due != report_day else Moved.NOT, reason)
    if is_working_day(report_day):
        return ReportDue(report_day, report_day, dt.datetime.combine(report_day, at), zone)
    due = _working_day_near(report_day)
    return ReportDue(report_day, due, dt.datetime.combine(due, at), zone, Moved.HOLIDAY,
                     f"{month_day(report_day)}{day_off_name(report_day) or '休息日'}")


def _working_day_near(report_day: dt.date) -> dt.date:
    """The last working day of the week before ``report_day``, else the first after it."""
    for back in range(1, 7):
        day = report_day - dt.timedelta(days=back)
        if is_working_day(day):
            return day
    day = report_day + dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def due_text(due: ReportDue) -> str:
    """``4月3日（周三）12:00 前（4月4日清明节）`` — what every place stating the report day
    says."""
    text = (f"{month_day(due.due_day)}（{WEEKDAY_NAMES[due.due_day.weekday()]}）"
            f"{due.deadline.strftime('%H:%M')} 前")
    return f"{text}（{due.reason}）" if due.reason else text


def due_short_text(due: ReportDue) -> str:
    """``4月3日12:00前``: the due moment where room is short."""
    return f"{month_day(due.due_day)}{due.deadline.strftime('%H:%M')}前"


def duration_text(delta: dt.timedelta) -> str:
    """``2天3小时`` / ``3小时20分`` / ``20分`` (the magnitude; callers say 还有 or 已过)."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}天{hours}小时" if hours else f"{days}天"
    if hours:
        return f"{hours}小时{mins}分" if mins else f"{hours}小时"
    return f"{mins}分"


def time_left_text(due: ReportDue, now: dt.datetime) -> str:
    """``还有 1天2小时`` before the deadline, ``已逾期 3小时`` after it."""
    left = due.time_left(now)
    if left.total_seconds() >= 0:
        return f"还有 {duration_text(left)}"
    return f"已逾期 {duration_text(left)}"
