"""Campaigns (专项行动): storing a campaign file, choosing the campaign a command works on,
report weeks, time in the campaign's zone, and closing a campaign.

Several campaigns live in one database. Every service that reads or writes campaign data takes
``campaign`` (a Campaign, its id, or None for the default: the campaign running today, else
the latest that has started, else the next one — among those the actor's street takes part
in).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace

from huitoukan_tui import db as dbmod
from huitoukan_tui.campaigns import SEED_FILE
from huitoukan_tui.enums import CampaignState, UnitKind
from huitoukan_tui.models import (
    Campaign,
    CampaignStreet,
    ReportDue,
    Street,
    Unit,
    User,
    database,
)
from huitoukan_tui.services import access, audit, clock, reportday
from huitoukan_tui.services.campaignfile import WEEKDAYS, CampaignSpec, read_campaign_file
from huitoukan_tui.services.errors import Collector, NotFound, PermissionDenied, ValidationError

#: the environment variable naming the campaign (like the global ``--campaign``)
ENV_CAMPAIGN = "HUITOUKAN_CAMPAIGN"

CampaignRef = Campaign | int | str | None


# ---------------------------------------------------------------- time

def _zone_name(campaign: Campaign | None) -> str | None:
    return campaign.timezone if campaign is not None and campaign.timezone else None


def now_in(campaign: Campaign | None) -> dt.datetime:
    """The wall-clock time in the campaign's zone (naive, to the second; services.clock)."""
    return clock.now(_zone_name(campaign))


def today_in(campaign: Campaign | None) -> dt.date:
    """Today in the campaign's zone, whatever the server's clock zone (services.clock:
    HUITOUKAN_TODAY / HUITOUKAN_NOW fix it for demos and tests)."""
    return clock.today(_zone_name(campaign))


# ---------------------------------------------------------------- weeks

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


def first_week(campaign: Campaign) -> Week:
    return week_containing(campaign, campaign.start_on)


def last_week(campaign: Campaign) -> Week:
    """The campaign's last report week: the one its last day falls in."""
    return week_containing(campaign, campaign.end_on)


def week_of(campaign: Campaign, day: dt.date, field: str = "报送周") -> Week:
    """The campaign's report week containing ``day``, refused (about ``field``) when it is
    none of the campaign's report weeks: ``first_week`` … ``last_week``, whose last one may
    end after the campaign's end date."""
    week = week_containing(campaign, day)
    first, last = first_week(campaign), last_week(campaign)
    if not first.end <= week.end <= last.end:
        raise ValidationError.of(field, (
            f"{day.isoformat()} 不在专项行动“{campaign.name}”的报送周内"
            f"（{first.start.isoformat()} 至 {last.end.isoformat()}：第一周 {first.title}，"
            f"最后一周 {last.title}）"))
    return week


def week_due(campaign: Campaign, today: dt.date) -> Week:
    """The latest week that has ended by ``today`` (the one whose report is due now), or
    the week after it when that one's report is already due (a report day moved off a
    holiday: 2024-04-04 was 清明节, so on Wednesday 04-03 the week ending 04-04 is the one
    reported), kept inside the campaign's report weeks as ``current_week`` is: before its
    first report day, its first week; after its end, its last report week."""
    end = today - dt.timedelta(days=(today.weekday() - campaign.report_weekday) % 7)
    week = Week(end - dt.timedelta(days=6), end)
    following = week.next()
    if due_of(campaign, following).due_day <= today:
        week = following
    first, last = first_week(campaign), last_week(campaign)
    if week.end < first.end:
        return first
    return last if week.end > last.end else week


def current_week(campaign: Campaign, today: dt.date) -> Week:
    """The week a screen opens on: today's, kept inside the campaign (before it: its first
    week; after it: its last report week, never a week long after the end)."""
    if today > campaign.end_on:
        return last_week(campaign)
    if today < campaign.start_on:
        return first_week(campaign)
    return week_containing(campaign, today)


def due_of(campaign: Campaign, week: Week) -> reportday.ReportDue:
    """When the report of ``week`` is due: its report day, moved off a holiday (or as the
    campaign file's ``[report_due]`` says), at the campaign's deadline time in its zone. The
    one computation behind the board, the status bar, the week an export picks and the
    exported forms' 填报时间."""
    return reportday.report_due(week.end, campaign.report_time, campaign.timezone,
                                report_due_overrides(campaign))


def report_due_overrides(campaign: Campaign) -> dict[dt.date, dt.date]:
    """The campaign file's ``[report_due]``: report day → the day its report is due."""
    return dict(ReportDue.select(ReportDue.report_day, ReportDue.due_on)
                .where(ReportDue.campaign == campaign.id).tuples())


# ---------------------------------------------------------------- campaigns

def state(campaign: Campaign, today: dt.date | None = None) -> CampaignState:
    today = today or today_in(campaign)
    if today < campaign.start_on:
        return CampaignState.PLANNED
    if today > campaign.end_on:
        return CampaignState.ENDED
    return CampaignState.RUNNING


def state_label(campaign: Campaign, today: dt.date | None = None) -> str:
    """What the status bar says: 进行中, 未开始, 已结束（2024-04-15）, 已关闭（…）."""
    if campaign.closed_on:
        return f"已关闭（{campaign.closed_on.isoformat()}）"
    current = state(campaign, today)
    if current == CampaignState.ENDED:
        return f"已结束（{campaign.end_on.isoformat()}）"
    return current.label


def campaigns_for(actor: User | None) -> list[Campaign]:
    """The campaigns ``actor`` takes part in (every one for district-wide users), running
    and latest first."""
    query = Campaign.select()
    street = access.street_of(actor) if actor is not None else None
    if street is not None:
        query = query.join(CampaignStreet).where(CampaignStreet.street == street)
    found = list(query.order_by(Campaign.start_on.desc(), Campaign.id.desc()))
    running = [c for c in found if state(c) == CampaignState.RUNNING]
    return running + [c for c in found if c not in running]


def campaign_choices(actor: User) -> list[tuple[int, str, str]]:
    """切换专项行动's list: (id, name, state as the status bar says it) of ``campaigns_for``."""
    return [(c.id, c.name, state_label(c)) for c in campaigns_for(actor)]


def default_campaign(actor: User | None = None) -> Campaign:
    """The campaign running today, else the latest that has started, else the next one."""
    found = campaigns_for(actor)
    if not found:
        if Campaign.select().exists():
            raise NotFound("您所在的街道没有参加任何专项行动。")
        raise NotFound("数据库中没有专项行动，请先运行 huitoukan-tui init。")
    for wanted in (CampaignState.RUNNING, CampaignState.ENDED):
        matching = [c for c in found if state(c) == wanted]
        if matching:
            return max(matching, key=lambda c: (c.start_on, c.id))
    return min(found, key=lambda c: (c.start_on, c.id))


def resolve(campaign: CampaignRef = None, actor: User | None = None) -> Campaign:
    """A campaign given as object, id or name; None: ``HUITOUKAN_CAMPAIGN`` or the default.
    A name may be any part of one campaign's name (``2025``, ``2024年里山``); a part of
    several names is refused naming them, a name that is no campaign (of the actor's) with
    the list of names."""
    if isinstance(campaign, Campaign):
        return campaign
    if isinstance(campaign, int):
        found = Campaign.get_or_none(Campaign.id == campaign)
        if found is None:
            raise NotFound(f"没有这个专项行动：#{campaign}")
        return found
    name = (campaign or os.environ.get(ENV_CAMPAIGN, "")).strip()
    if not name:
        return default_campaign(actor)
    mine = campaigns_for(actor)
    for candidate in mine:
        if candidate.name == name:
            return candidate
    matching = [c for c in mine if name in c.name]
    if len(matching) == 1:
        return matching[0]
    if matching:
        names = "、".join(c.name for c in matching)
        raise ValidationError(f"专项行动名称不唯一：{name}（可能是：{names}）")
    names = "、".join(c.name for c in mine) or "（无）"
    raise NotFound(f"没有这个专项行动：{name}（可选：{names}）")


def several_campaigns() -> bool:
    """Whether the database holds more than one campaign (the exports' file names then say
    which one theirs is)."""
    return Campaign.select().limit(2).count() > 1


def current_campaign(actor: User | None = None) -> Campaign:
    return resolve(None, actor)


def streets_of(campaign: Campaign) -> list[Street]:
    return list(Street.select().join(CampaignStreet)
                .where(CampaignStreet.campaign == campaign)
                .order_by(Street.position, Street.id))


def takes_part(campaign: Campaign, street_id: int | None) -> bool:
    return street_id is not None and CampaignStreet.select().where(
        (CampaignStreet.campaign == campaign) & (CampaignStreet.street == street_id)).exists()


def require_open(campaign: Campaign) -> None:
    """A closed campaign is read-only, except for its open rectification items. (Read from
    the database: someone may have closed it since the caller loaded it.)"""
    closed = Campaign.select(Campaign.closed_on).where(Campaign.id == campaign.id).scalar()
    if isinstance(closed, str):
        closed = dt.date.fromisoformat(closed)
    if closed:
        raise ValidationError(f"专项行动“{campaign.name}”已于 {closed.isoformat()} "
                              "关闭，只能继续办理未销号的整改事项。")


def campaign_record(campaign: Campaign, today: dt.date | None = None) -> dict:
    """``campaign list``/``show`` as JSON: name, start, end, report_weekday, streets, state."""
    current = state(campaign, today)
    return {
        "name": campaign.name,
        "district": campaign.district,
        "start": campaign.start_on.isoformat(),
        "end": campaign.end_on.isoformat(),
        "report_weekday": WEEKDAYS[campaign.report_weekday],
        "report_time": campaign.report_time,
        "final_due": campaign.final_due_on.isoformat(),
        "timezone": campaign.timezone,
        "streets": [s.name for s in streets_of(campaign)],
        "state": current.label,
        "closed": campaign.closed_on.isoformat() if campaign.closed_on else None,
        "titles": {"problems": campaign.title_problems, "progress": campaign.title_progress,
                   "ledger": campaign.title_ledger},
        "report_due": {r.report_day.isoformat(): r.due_on.isoformat() for r in
                       campaign.report_dues.order_by(ReportDue.report_day)},
    }


def campaign_detail(campaign: Campaign, today: dt.date | None = None) -> dict:
    """``campaign show`` as JSON: campaign_record, its streets as the campaign file has them
    (name, station, contact and the street's units in form order, each with its kind)."""
    streets = streets_of(campaign)
    units: dict[int, list[dict]] = {s.id: [] for s in streets}
    for unit in (Unit.select().where(Unit.street.in_([s.id for s in streets])
                                     & (Unit.active == True))  # noqa: E712
                 .order_by(Unit.position, Unit.id)):
        units[unit.street_id].append({"name": unit.name, "kind": UnitKind(unit.kind).label})
    return {**campaign_record(campaign, today), "streets": [
        {"name": s.name, "station": s.station, "contact": s.contact, "units": units[s.id]}
        for s in streets]}


def add_campaign(actor: User | None, spec: CampaignSpec) -> Campaign:
    """Store a checked campaign file: the campaign, its streets (an existing street of the
    same name is the same street) and their units (likewise; a unit that exists under another
    street is refused). ``actor`` None: ``init`` itself. One transaction; nothing is written
    when anything is refused."""
    if actor is not None:
        access.require_manage_anywhere(actor)
    errors = Collector()

    def problem(key: str, reason: str) -> None:
        errors.add(f"{spec.source}：{key}", reason)

    with database.atomic():
        dbmod.lock_name("organisation")  # PostgreSQL: streets and units of two files at once
        if Campaign.select().where(Campaign.name == spec.name).exists():
            problem("name", f"已有同名的专项行动：{spec.name}")
        streets: list[Street] = []
        for n, street_spec in enumerate(spec.streets, start=1):
            street = Street.get_or_none(Street.name == street_spec.name)
            if street is None:
                street = Street(name=street_spec.name, district=spec.district,
                                station=street_spec.station, contact=street_spec.contact,
                                position=(Street.select().count() + n) * 10)
            elif street.district != spec.district:
                problem(f"streets[{n}].name",
                        f"街道 {street.name} 属于{street.district}，不属于{spec.district}")
            streets.append(street)
            for m, unit_spec in enumerate(street_spec.units, start=1):
                unit = Unit.select(Unit, Street).join(Street).where(
                    Unit.name == unit_spec.name).first()
                if unit is not None and unit.street.name != street_spec.name:
                    problem(f"streets[{n}].units[{m}].name",
                            f"单位 {unit.name} 已属于 {unit.street.name}，不能再列在 "
                            f"{street_spec.name} 下")
        errors.raise_if_any()
        campaign = Campaign.create(
            name=spec.name, district=spec.district, start_on=spec.start, end_on=spec.end,
            report_weekday=spec.report_weekday, report_time=spec.report_time,
            final_due_on=spec.final_due, timezone=spec.timezone,
            title_problems=spec.title_problems, title_progress=spec.title_progress,
            title_ledger=spec.title_ledger)
        for street, street_spec in zip(streets, spec.streets, strict=True):
            if street.id is None:
                street.save()
                _audit(actor, "street", street.id, {"name": street.name,
                                                    "station": street.station,
                                                    "contact": street.contact})
            CampaignStreet.create(campaign=campaign, street=street)
            for unit_spec in street_spec.units:
                if not Unit.select().where(Unit.name == unit_spec.name).exists():
                    unit = _create_unit(street, unit_spec.name, unit_spec.kind)
                    _audit(actor, "unit", unit.id, {"name": unit.name, "street": street.name,
                                                    "kind": unit_spec.kind.label})
        for day, due in sorted(spec.report_due.items()):
            ReportDue.create(campaign=campaign, report_day=day, due_on=due)
        _audit(actor, "campaign", campaign.id, campaign_record(campaign))
    return campaign


def add_campaign_file(actor: User | None, path) -> Campaign:
    return add_campaign(actor, read_campaign_file(path))


def add_seed_campaign(*, with_units: bool = True) -> Campaign:
    """The 2024 campaign of 里山街道 (the shipped file), as plain ``init`` starts with
    (``with_units`` False: its street without the units the file lists, for tests that
    bring their own)."""
    spec = read_campaign_file(SEED_FILE)
    if not with_units:
        spec = replace(spec, streets=tuple(replace(s, units=()) for s in spec.streets))
    return add_campaign(None, spec)


def close_campaign(actor: User, campaign: CampaignRef, today: dt.date | None = None
                   ) -> Campaign:
    """A station (of a street in it) or the district closes a campaign: read-only afterwards,
    except its open rectification items."""
    found = resolve(campaign, actor)
    if not (access.is_district(actor) or (access.is_station(actor)
                                          and takes_part(found, actor.street_id))):
        raise PermissionDenied("只有参加专项行动的街道生态环境站或区环委办可以关闭专项行动。")
    require_open(found)
    with database.atomic():
        found.closed_on = today or today_in(found)
        found.closed_by = actor.login
        found.save()
        audit.record_changes(actor, "campaign", found.id, "", {
            "closed_on": (None, found.closed_on.isoformat())}, action="close")
    return found


def _audit(actor: User | None, entity: str, entity_id: int, values: dict) -> None:
    if actor is None:  # init: the administrator does not exist yet
        return
    audit.record_create(actor, entity, entity_id, "", values)


def _create_unit(street: Street, name: str, kind: UnitKind) -> Unit:
    from huitoukan_tui.services import organisation

    return organisation.add_unit(name, kind, street=street)
