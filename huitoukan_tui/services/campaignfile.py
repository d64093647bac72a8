"""Campaign files: a 专项行动 described in TOML (README "Your own campaign" documents every key).

``read_campaign_file`` checks a file completely and returns a ``CampaignSpec`` or raises one
ValidationError whose lines read ``文件：键：原因`` (every problem of the file at once). What
needs the database (a street or unit that exists under another street, a name already taken)
is checked where the spec is stored, ``campaign.add_campaign``, with the same line format.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from huitoukan_tui.enums import UnitKind
from huitoukan_tui.services.errors import Collector

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
#: other ways offices write a weekday
WEEKDAY_ALIASES = {**{f"星期{d[1]}": n for n, d in enumerate(WEEKDAYS)}, "星期天": 6, "周天": 6}

TOP_KEYS = {"name", "district", "start", "end", "report_weekday", "report_time", "final_due",
            "timezone", "titles", "streets", "report_due"}
REQUIRED_TOP = ("name", "district", "start", "end", "report_weekday", "final_due", "titles",
                "streets")
TITLE_KEYS = ("problems", "progress", "ledger")
STREET_KEYS = {"name", "station", "contact", "units"}
UNIT_KEYS = {"name", "kind"}
DEFAULT_REPORT_TIME = "12:00"
DEFAULT_TIMEZONE = "Asia/Shanghai"
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class UnitSpec:
    name: str
    kind: UnitKind


@dataclass(frozen=True)
class StreetSpec:
    name: str
    station: str
    contact: str
    units: tuple[UnitSpec, ...]


@dataclass(frozen=True)
class CampaignSpec:
    """A checked campaign file."""

    source: str  # the file as the user named it, for messages
    name: str
    district: str
    start: dt.date
    end: dt.date
    report_weekday: int  # Monday=0
    report_time: str
    final_due: dt.date
    timezone: str
    title_problems: str
    title_progress: str
    title_ledger: str
    streets: tuple[StreetSpec, ...]
    report_due: dict[dt.date, dt.date] = field(default_factory=dict)


def weekday_number(text: object) -> int | None:
    value = str(text or "").strip()
    if value in WEEKDAYS:
        return WEEKDAYS.index(value)
    return WEEKDAY_ALIASES.get(value)


def read_campaign_file(path: Path | str) -> CampaignSpec:
    source = str(path)
    errors = Collector()
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        errors.add(source, f"无法读取：{exc.strerror or exc}")
        errors.raise_if_any()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        errors.add(source, "不是 UTF-8 编码的文本文件")
        errors.raise_if_any()
    except tomllib.TOMLDecodeError as exc:
        errors.add(source, f"TOML 格式错误：{exc}")
        errors.raise_if_any()
    return parse_campaign(data, source)


def parse_campaign(data: dict, source: str) -> CampaignSpec:
    """Check the parsed TOML of a campaign file (see module doc)."""
    errors = Collector()

    def problem(key: str, reason: str) -> None:
        errors.add(f"{source}：{key}", reason)

    for key in sorted(set(data) - TOP_KEYS):
        problem(key, f"未知的键（可用：{'、'.join(sorted(TOP_KEYS))}）")
    for key in REQUIRED_TOP:
        if key not in data:
            problem(key, "缺少此键")

    def text(key: str, value: object, max_len: int, *, required: bool = True) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            problem(key, "应为文本（用英文双引号括起）")
            return ""
        value = value.strip()
        if required and not value:
            problem(key, "不能为空")
        elif len(value) > max_len:
            problem(key, f"过长（最多 {max_len} 个字符）")
        return value

    def date(key: str) -> dt.date | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, (dt.date, str)):
            problem(key, f"应为日期，如 2026-03-13，而不是：{value}")
            return None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                problem(key, f"不是有效日期：{value}（应为 2026-03-13 这样的日期）")
                return None
        return value

    name = text("name", data.get("name"), 200)
    district = text("district", data.get("district"), 50)
    start, end, final_due = date("start"), date("end"), date("final_due")
    if start and end and end < start:
        problem("end", f"结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}")
    if start and end and final_due and not start <= final_due <= end:
        problem("final_due", f"应在专项行动期间（{start.isoformat()} 至 {end.isoformat()}）")
    weekday = 3
    if "report_weekday" in data:
        number = weekday_number(data["report_weekday"])
        if number is None:
            problem("report_weekday", f"没有这个星期几：{data['report_weekday']}"
                    f"（可选：{'、'.join(WEEKDAYS)}）")
        else:
            weekday = number
    report_time = data.get("report_time", DEFAULT_REPORT_TIME)
    if isinstance(report_time, dt.time):
        report_time = report_time.strftime("%H:%M")
    if not isinstance(report_time, str) or not _TIME.match(report_time.strip()):
        problem("report_time", f"应为 24 小时制的时:分，如 12:00，而不是：{report_time}")
        report_time = DEFAULT_REPORT_TIME
    report_time = report_time.strip()
    timezone = data.get("timezone", DEFAULT_TIMEZONE)
    if not isinstance(timezone, str) or not _zone_exists(timezone.strip()):
        problem("timezone", f"没有这个时区：{timezone}（如 Asia/Shanghai）")
        timezone = DEFAULT_TIMEZONE
    timezone = timezone.strip()

    titles = data.get("titles", {})
    if not isinstance(titles, dict):
        problem("titles", "应为表 [titles]")
        titles = {}
    for key in sorted(set(titles) - set(TITLE_KEYS)):
        problem(f"titles.{key}", f"未知的键（可用：{'、'.join(TITLE_KEYS)}）")
    title_values = {}
    for key in TITLE_KEYS:
        if "titles" in data and key not in titles:
            problem(f"titles.{key}", "缺少此键")
        title_values[key] = text(f"titles.{key}", titles.get(key), 200)

    streets = _streets(data.get("streets"), problem, text)
    report_due = _report_due(data.get("report_due", {}), problem, weekday, start, end)
    errors.raise_if_any()
    return CampaignSpec(source, name, district, start, end, weekday, report_time, final_due,
                        timezone, title_values["problems"], title_values["progress"],
                        title_values["ledger"], streets, report_due)


def _zone_exists(name: str) -> bool:
    if not name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _streets(value, problem, text) -> tuple[StreetSpec, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(s, dict) for s in value):
        problem("streets", "应为至少一个 [[streets]] 表")
        return ()
    out, seen_streets, seen_units = [], set(), {}
    for n, street in enumerate(value, start=1):
        where = f"streets[{n}]"
        for key in sorted(set(street) - STREET_KEYS):
            problem(f"{where}.{key}", f"未知的键（可用：{'、'.join(sorted(STREET_KEYS))}）")
        for key in ("name", "station", "units"):
            if key not in street:
                problem(f"{where}.{key}", "缺少此键")
        name = text(f"{where}.name", street.get("name"), 50)
        if name and name in seen_streets:
            problem(f"{where}.name", f"街道重复：{name}")
        seen_streets.add(name)
        station = text(f"{where}.station", street.get("station"), 100)
        contact = text(f"{where}.contact", street.get("contact", ""), 50, required=False)
        units = []
        listed = street.get("units", [])
        if not isinstance(listed, list) or not all(isinstance(u, dict) for u in listed):
            problem(f"{where}.units", '应为单位的列表，如 [{ name = "七星村", kind = "村" }]')
            listed = []
        for m, unit in enumerate(listed, start=1):
            at = f"{where}.units[{m}]"
            for key in sorted(set(unit) - UNIT_KEYS):
                problem(f"{at}.{key}", "未知的键（可用：kind、name）")
            for key in ("name", "kind"):
                if key not in unit:
                    problem(f"{at}.{key}", "缺少此键")
            unit_name = text(f"{at}.name", unit.get("name"), 50)
            if unit_name and unit_name in seen_units:
                problem(f"{at}.name", f"单位重复：{unit_name}（已列在 {seen_units[unit_name]}）")
            elif unit_name:
                seen_units[unit_name] = at
            kind = None
            if "kind" in unit:
                try:
                    kind = UnitKind.from_label(str(unit["kind"]))
                except ValueError:
                    kinds = "、".join(UnitKind.labels())
                    problem(f"{at}.kind", f"无效：{unit['kind']}（可选：{kinds}）")
            if unit_name and kind is not None:
                units.append(UnitSpec(unit_name, kind))
        out.append(StreetSpec(name, station, contact, tuple(units)))
    return tuple(out)


def _report_due(value, problem, weekday: int, start, end) -> dict[dt.date, dt.date]:
    """``[report_due]``: report day → the day its report is due instead (a holiday): a report
    day of one of the campaign's weeks, due on a day of that week."""
    if not isinstance(value, dict):
        problem("report_due", '应为表 [report_due]，如 "2024-04-04" = 2024-04-03')
        return {}
    out = {}
    for key, due in value.items():
        at = f"report_due.{key}"
        try:
            day = dt.date.fromisoformat(str(key).strip())
        except ValueError:
            problem(at, f"不是有效日期：{key}")
            continue
        if day.weekday() != weekday:
            problem(at, f"{key} 不是报送日（{WEEKDAYS[weekday]}）")
            continue
        if start and end and not start <= day <= end + dt.timedelta(days=6):
            first = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
            last = end + dt.timedelta(days=(weekday - end.weekday()) % 7)
            problem(at, f"专项行动没有这个报送周（报送日为 {first.isoformat()} 至 "
                    f"{last.isoformat()} 之间的{WEEKDAYS[weekday]}）")
            continue
        if isinstance(due, str):
            try:
                due = dt.date.fromisoformat(due.strip())
            except ValueError:
                due = None
        if not isinstance(due, dt.date) or isinstance(due, dt.datetime):
            problem(at, f"应为日期，如 2024-04-03，而不是：{value[key]}")
            continue
        week_start = day - dt.timedelta(days=6)
        if not week_start <= due <= day:
            problem(at, f"改期后的日期 {due.isoformat()} 不在该报送周内（{week_start.isoformat()}"
                    f" 至 {day.isoformat()}）")
            continue
        out[day] = due
    return out
