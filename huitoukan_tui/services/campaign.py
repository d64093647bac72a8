"""The campaign (dates, titles, report day) and its units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from huitoukan_tui.enums import UnitKind
from huitoukan_tui.models import Campaign, Unit, User
from huitoukan_tui.services import access
from huitoukan_tui.services.errors import NotFound, ValidationError


def seed_campaign_2024() -> Campaign:
    """The 2024 campaign of 里山街道, as the work plan of 2024-03-20 sets it."""
    prefix = "2024年贵池区生态环境领域信访事项“回头看”专项行动"
    return Campaign.create(
        name="2024年里山街道生态环境领域信访事项“回头看”专项行动",
        district="贵池区",
        street="里山街道",
        station="里山街道生态环境站",
        contact="王章兴",
        start_on=dt.date(2024, 3, 15),
        end_on=dt.date(2024, 4, 15),
        report_weekday=3,
        final_due_on=dt.date(2024, 4, 13),
        title_problems=prefix + "问题清单",
        title_progress=prefix + "进展一览表",
        title_ledger="2024年里山街道生态环境领域信访事项台账",
    )


def current_campaign() -> Campaign:
    campaign = Campaign.select().order_by(Campaign.id.desc()).first()
    if campaign is None:
        raise NotFound("数据库中没有专项行动，请先运行 huitoukan-tui init。")
    return campaign


@dataclass(frozen=True)
class Week:
    """A report week: the 7 days ending on the report day (Friday … Thursday by default)."""

    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Week:
        return Week(self.start - dt.timedelta(days=7), self.end - dt.timedelta(days=7))

    def next(self) -> Week:
        return Week(self.start + dt.timedelta(days=7), self.end + dt.timedelta(days=7))

    @property
    def title(self) -> str:
        s, e = self.start, self.end
        tail = f"{e.month}月{e.day}日" if e.year == s.year else f"{e.year}年{e.month}月{e.day}日"
        return f"{s.year}年{s.month}月{s.day}日—{tail}"


def report_week(report_weekday: int, day: dt.date) -> Week:
    """The report week (ending on ``report_weekday``) that contains ``day``."""
    end = day + dt.timedelta(days=(report_weekday - day.weekday()) % 7)
    return Week(end - dt.timedelta(days=6), end)


def week_containing(campaign: Campaign, day: dt.date) -> Week:
    return report_week(campaign.report_weekday, day)


def week_due(campaign: Campaign, today: dt.date) -> Week:
    """The latest week that has ended by ``today`` (the one whose report is due now)."""
    end = today - dt.timedelta(days=(today.weekday() - campaign.report_weekday) % 7)
    return Week(end - dt.timedelta(days=6), end)


def days_until_report(campaign: Campaign, today: dt.date) -> int:
    return (campaign.report_weekday - today.weekday()) % 7


def visible_units(actor: User) -> list[Unit]:
    """The active units ``actor`` may see (a unit user: its own), in form order."""
    allowed = access.visible_unit_ids(actor)
    return [u for u in units() if allowed is None or u.id in allowed]


def units() -> list[Unit]:
    return list(Unit.select().where(Unit.active == True).order_by(Unit.position, Unit.id))  # noqa: E712


def unit_by_name(name: str) -> Unit:
    unit = Unit.get_or_none(Unit.name == (name or "").strip())
    if unit is None:
        known = "、".join(u.name for u in units())
        raise ValidationError.of("核查单位", f"没有这个单位：{name}（已有：{known}）")
    return unit


def all_unit_names() -> list[str]:
    """Every unit's name, inactive ones too, in form order."""
    return [name for (name,) in Unit.select(Unit.name).order_by(Unit.position, Unit.id)
            .tuples()]


def guess_unit_kind(name: str) -> UnitKind:
    """What a unit's name says it is: …社区/…居委会, …村, or a street department."""
    if name.endswith(("社区", "居委会")):
        return UnitKind.COMMUNITY
    if name.endswith("村"):
        return UnitKind.VILLAGE
    return UnitKind.DEPARTMENT


def add_unit(name: str, kind: UnitKind, position: int | None = None) -> Unit:
    name = name.strip()
    if not name:
        raise ValidationError.of("单位名称", "不能为空")
    if position is None:
        position = (Unit.select().count() + 1) * 10
    return Unit.create(name=name, kind=kind.value, position=position)
