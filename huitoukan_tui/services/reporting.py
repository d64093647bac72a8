"""Thursday reporting (每周四上午下班前): when a week is really due, each unit's submission of
its attachment-2 row and four-list rows, and the station's board of who has reported.

- ``due_of``: the report day moved off holidays, at the campaign's deadline time
  (services.reportday does the computing);
- ``submit_unit``: a unit freezes its row and its four-list rows as a snapshot, with who and
  when; it may submit again (the latest counts, every one is kept); after the deadline a
  submission is 逾期报送;
- ``board``: every unit of the street with 未报送 / 已报送 / 逾期报送 / 报送后有变化, the time
  left, the consolidated table and the station's own submission (which units it went
  without).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from huitoukan_tui import db as dbmod
from huitoukan_tui.enums import Role
from huitoukan_tui.models import (
    Campaign,
    Rectification,
    ReportSnapshot,
    Street,
    Unit,
    User,
    database,
)
from huitoukan_tui.services import (
    access,
    audit,
    fields,
    organisation,
    progress,
    rectifications,
)
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services.campaign import Week, first_week, last_week, week_containing
from huitoukan_tui.services.errors import PermissionDenied, ValidationError
from huitoukan_tui.services.people import display_names
from huitoukan_tui.services.reportday import ReportDue, due_text, time_left_text

NOT_SUBMITTED = "未报送"
SUBMITTED = "已报送"
LATE = "逾期报送"
CHANGED = "报送后有变化"
STATES = (NOT_SUBMITTED, SUBMITTED, LATE, CHANGED)

#: the four-list columns a unit's snapshot freezes (what the station receives)
ITEM_KEYS = ("case_no", "kind", "problem_type", "original_problem", "new_problem", "measures",
             "target_standard", "implementer", "acceptor", "deadline", "status")


# ---------------------------------------------------------------- when

def due_of(campaign: Campaign, week: Week) -> ReportDue:
    """When the report of ``week`` is due: its report day, moved off a holiday (or as the
    campaign file's ``[report_due]`` says), at the campaign's deadline time in its zone
    (services.campaign.due_of, which the exported forms' 填报时间 use too)."""
    return campaigns.due_of(campaign, week)


def next_due(campaign: Campaign, now: dt.datetime) -> ReportDue | None:
    """The first report of the campaign whose deadline has not passed at ``now`` (None once
    the last one has)."""
    week = max(week_containing(campaign, now.date()).previous(), first_week(campaign),
               key=lambda w: w.end)  # a due day may follow its week
    last = last_week(campaign)
    while week.end <= last.end:
        due = due_of(campaign, week)
        if due.deadline >= now:
            return due
        week = week.next()
    return None


def _week_to_submit(campaign: Campaign, day: dt.date | None, now: dt.datetime) -> Week:
    """The report week a submission is for (``day`` None: today's), refused before it has
    started and in a closed campaign."""
    campaigns.require_open(campaign)
    week = campaigns.week_of(campaign, day or now.date())
    if week.start > now.date():
        raise ValidationError.of("报送周", f"{week.title} 还没有开始，不能报送。")
    return week


# ---------------------------------------------------------------- submissions

@dataclass(frozen=True)
class UnitSubmission:
    """One submission of a unit's week: what was frozen, by whom, when, on time or not."""

    id: int
    unit: str
    week_end: dt.date
    submitted_by: str
    submitted_by_name: str
    submitted_at: dt.datetime
    late: bool
    deadline: dt.datetime
    row: dict  # the attachment-2 row (ProgressRow.record())
    items: list[dict]  # the four-list rows, ITEM_KEYS of each and its id

    @property
    def state(self) -> str:
        return LATE if self.late else SUBMITTED


def unit_items(actor: User, unit_names: list[str], week: Week, campaign: Campaign
               ) -> dict[str, list[dict]]:
    """unit name → its four-list rows in ``campaign`` as of the end of ``week`` (what
    attachment 1 lists, carried-over items included), the ITEM_KEYS of each and its id."""
    out: dict[str, list[dict]] = {name: [] for name in unit_names}
    if not unit_names:
        return out
    items = [i for i in rectifications.item_query(
        actor, rectifications.ItemFilter(units=tuple(unit_names), campaign=campaign.id))
        .where(Rectification.opened_on <= week.end)]
    measures = rectifications.measures_by_item([i.id for i in items])
    for item in items:
        record = rectifications.item_record(item, measures=measures[item.id])
        out[item.case.unit.name].append({"id": item.id, **{k: record[k] for k in ITEM_KEYS}})
    return out


def _unit_of(actor: User, unit_name: str | None) -> Unit:
    """The unit a submission is for: the actor's own; refused for anybody else."""
    if actor.role != Role.UNIT.value:
        if actor.role == Role.VIEWER.value or not actor.active:
            raise PermissionDenied("只读用户不能报送。")
        raise PermissionDenied("单位报送由各村（社区）/部门自己进行；街道生态环境站报送全街道。")
    own = Unit.get_or_none(Unit.id == actor.unit_id)
    if own is None:
        raise PermissionDenied("您的账号没有所属单位，不能报送。")
    if unit_name and unit_name.strip() != own.name:
        raise PermissionDenied(f"不能报送其他单位：{unit_name.strip()}（您只能报送 {own.name}）")
    return own


def submit_unit(actor: User, day: dt.date | None, unit_name: str | None = None,
                now: dt.datetime | None = None, campaign: campaigns.CampaignRef = None
                ) -> UnitSubmission:
    """Freeze the unit's attachment-2 row and four-list rows of the week containing ``day``
    (None: today's) in ``campaign``.

    Refused for a week that has not started, another unit, a viewer or the station (which
    submits the street). Two submissions at the same moment are both kept, in order."""
    found = campaigns.resolve(campaign, actor)
    now = now or campaigns.now_in(found)
    unit = _unit_of(actor, unit_name)
    access.require_write(actor)
    week = _week_to_submit(found, day, now)
    due = due_of(found, week)
    with database.atomic():
        # PostgreSQL: in order
        dbmod.lock_name(f"submit:{found.id}:{unit.id}:{week.end.isoformat()}")
        table = progress.weekly_progress(actor, week, [unit.name], campaign=found)
        data = {**table.record(), "items": unit_items(actor, [unit.name], week, found)[unit.name],
                "late": due.is_late(now), "deadline": due.deadline.isoformat()}
        snap = ReportSnapshot.create(campaign=found, street=unit.street_id, week_end=week.end,
                                     unit=unit, submitted_by=actor.login, submitted_at=now,
                                     data=json.dumps(data, ensure_ascii=False, default=str))
        label = LATE if due.is_late(now) else SUBMITTED
        audit.record_changes(actor, "snapshot", snap.id, "", {
            f"{label} {unit.name}": ("", week.end.isoformat())}, action="submit", version=1)
    return _submission(snap, unit.name, {actor.login: actor.display_name})


def _submission(snap: ReportSnapshot, unit_name: str, names: dict[str, str]) -> UnitSubmission:
    data = json.loads(snap.data)
    return UnitSubmission(snap.id, unit_name, snap.week_end, snap.submitted_by,
                          names.get(snap.submitted_by, snap.submitted_by), snap.submitted_at,
                          bool(data.get("late")), dt.datetime.fromisoformat(data["deadline"]),
                          data["rows"][0] if data["rows"] else {},
                          data.get("items", []))


def unit_submissions(actor: User, week: Week, unit_name: str | None = None,
                     campaign: campaigns.CampaignRef = None, street: int | None = None
                     ) -> list[UnitSubmission]:
    """Every unit submission of ``week`` in ``campaign`` the actor may see (``street``: of
    that street only), oldest first (the history)."""
    found = campaigns.resolve(campaign, actor)
    query = (ReportSnapshot.select(ReportSnapshot, Unit).join(Unit)
             .where((ReportSnapshot.campaign == found.id) & (ReportSnapshot.week_end == week.end)
                    & ReportSnapshot.unit.is_null(False))
             .order_by(ReportSnapshot.id))
    allowed = access.visible_unit_ids(actor)
    if allowed is not None:
        query = query.where(ReportSnapshot.unit.in_(sorted(allowed)))
    if street is not None:
        query = query.where(Unit.street == street)
    if unit_name:
        query = query.where(Unit.name == unit_name)
    snaps = list(query)
    names = _names({s.submitted_by for s in snaps})
    return [_submission(s, s.unit.name, names) for s in snaps]


_names = display_names  # login → display name


# ---------------------------------------------------------------- differences

def row_differences(submitted: dict, current: dict) -> list[str]:
    """``累计核查数 3→4`` for each number of the row that changed, and ``备注 …→…`` when
    its remark did (a column of the submitted row too)."""
    out = [f"{progress.PROGRESS_LABELS[key]} {submitted.get(key, 0)}→{current.get(key, 0)}"
           for key in progress.NUMBER_KEYS
           if int(submitted.get(key, 0)) != int(current.get(key, 0))]
    before, now = submitted.get("remarks") or "", current.get("remarks") or ""
    if before != now:
        out.append(f"{progress.PROGRESS_LABELS['remarks']} {_short(before)}→{_short(now)}")
    return out


def item_differences(submitted: list[dict], current: list[dict]) -> list[str]:
    """What changed in the four-list rows, by item: added, removed, each changed column."""
    before = {i["id"]: i for i in submitted}
    now = {i["id"]: i for i in current}
    out: list[tuple[int, str]] = []
    for item_id in sorted(before.keys() | now.keys()):
        if item_id not in before:
            out.append((item_id, f"四项清单 新增 #{item_id}（{now[item_id]['case_no']}）"))
        elif item_id not in now:
            out.append((item_id, f"四项清单 删除 #{item_id}（{before[item_id]['case_no']}）"))
        else:
            out += [(item_id, f"四项清单 #{item_id} {fields.field_label('rectification', key)} " + (
                        "已修改" if key == "measures" else
                        f"{_short(before[item_id].get(key))}→{_short(now[item_id].get(key))}"))
                    for key in ITEM_KEYS if before[item_id].get(key) != now[item_id].get(key)]
    return [text for _, text in out]


def _short(value: object, limit: int = 20) -> str:
    text = "（空）" if value in (None, "") else str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ---------------------------------------------------------------- the board

@dataclass(frozen=True)
class BoardRow:
    unit: str
    state: str
    submitted_at: dt.datetime | None
    submitted_by: str  # the login
    submitted_by_name: str
    submissions: int  # how many times the unit submitted this week
    changed_since: list[str]
    progress: progress.ProgressRow

    def record(self) -> dict:
        return {"unit": self.unit, "state": self.state,
                "submitted_at": (self.submitted_at.isoformat(timespec="minutes")
                                 if self.submitted_at else None),
                "submitted_by": self.submitted_by or None,
                "submitted_by_name": self.submitted_by_name or None,
                "changed_since": self.changed_since}


@dataclass(frozen=True)
class StreetSubmission:
    """The station's submission of its street's week: by whom, when, on time or not (the
    same rule as a unit's: after the deadline it is 逾期报送)."""

    week_end: dt.date
    submitted_at: dt.datetime
    submitted_by: str  # the login
    submitted_by_name: str
    late: bool
    deadline: dt.datetime
    without: list[str]  # the units that had not submitted when the station did

    @property
    def state(self) -> str:
        return LATE if self.late else SUBMITTED


@dataclass(frozen=True)
class Board:
    week: Week
    due: ReportDue
    now: dt.datetime
    rows: list[BoardRow]
    table: progress.ProgressTable
    street: StreetSubmission | None
    history: list[UnitSubmission] = field(default_factory=list)

    @property
    def due_text(self) -> str:
        return due_text(self.due)

    @property
    def time_left(self) -> str:
        return time_left_text(self.due, self.now)

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    def record(self) -> dict:
        return {"week_start": self.week.start.isoformat(), "week_end": self.week.end.isoformat(),
                "due": self.due.deadline.isoformat(timespec="minutes"),
                "rows": [r.record() for r in self.rows]}


def board(actor: User, day: dt.date | None = None, now: dt.datetime | None = None,
          campaign: campaigns.CampaignRef = None, street: str | None = None) -> Board:
    """Who has reported the week containing ``day`` (default: today's, kept inside the
    campaign's weeks) of ``campaign``, for the units the actor may see; a district account
    sees one row per street (its station's submission) unless ``street`` drills into one."""
    found = campaigns.resolve(campaign, actor)
    now = now or campaigns.now_in(found)
    if day is None:
        day = min(max(now.date(), first_week(found).end), last_week(found).end)
    week = campaigns.week_of(found, day)
    due = due_of(found, week)
    table = progress.weekly_progress(actor, week, campaign=found, street=street)
    if table.level == progress.LEVEL_STREET:
        return Board(week, due, now, _street_rows(found, week, due, table), table, None)
    street_id = _street_id(actor, street)
    history = unit_submissions(actor, week, campaign=found, street=street_id)
    latest = {s.unit: s for s in history}
    counts: dict[str, int] = {}
    for s in history:
        counts[s.unit] = counts.get(s.unit, 0) + 1
    current_items = unit_items(actor, sorted(latest), week, found)
    rows = []
    for row in table.rows:
        sub = latest.get(row.unit)
        if sub is None:
            rows.append(BoardRow(row.unit, NOT_SUBMITTED, None, "", "", 0, [], row))
            continue
        changes = (row_differences(sub.row, row.record())
                   + item_differences(sub.items, current_items.get(row.unit, [])))
        state = CHANGED if changes else sub.state
        rows.append(BoardRow(row.unit, state, sub.submitted_at, sub.submitted_by,
                             sub.submitted_by_name, counts[row.unit], changes, row))
    return Board(week, due, now, rows, table,
                 street_submission(week, due, found, street_id), history)


def _street_id(actor: User, street: str | None) -> int | None:
    """The street a board is of: the one drilled into, else the actor's own."""
    if street:
        return organisation.street_named(actor, street).id
    return access.street_of(actor)


def _street_rows(campaign: Campaign, week: Week, due: ReportDue,
                 table: progress.ProgressTable) -> list[BoardRow]:
    """The district's board: each street's latest submission of the week (by its station)
    against the street's numbers now."""
    ids = dict(Street.select(Street.name, Street.id).tuples())
    latest: dict[int, ReportSnapshot] = {}
    counts: dict[int, int] = {}
    for snap in (ReportSnapshot.select()
                 .where((ReportSnapshot.campaign == campaign.id)
                        & (ReportSnapshot.week_end == week.end)
                        & ReportSnapshot.unit.is_null() & ReportSnapshot.street.is_null(False))
                 .order_by(ReportSnapshot.id)):
        latest[snap.street_id] = snap
        counts[snap.street_id] = counts.get(snap.street_id, 0) + 1
    names = _names({s.submitted_by for s in latest.values()})
    rows = []
    for row in table.rows:
        snap = latest.get(ids.get(row.unit))
        if snap is None:
            rows.append(BoardRow(row.unit, NOT_SUBMITTED, None, "", "", 0, [], row))
            continue
        data = json.loads(snap.data)
        changes = row_differences(data.get("total", {}), row.record())
        state = CHANGED if changes else (
            LATE if _marked_late(data, snap.submitted_at, due) else SUBMITTED)
        rows.append(BoardRow(row.unit, state, snap.submitted_at, snap.submitted_by,
                             names.get(snap.submitted_by, snap.submitted_by),
                             counts[snap.street_id], changes, row))
    return rows


def street_submission(week: Week, due: ReportDue, campaign: Campaign, street: int | None
                      ) -> StreetSubmission | None:
    """The station's latest submission of ``street`` for ``week``."""
    sub = progress.last_submission(week, campaign, street=street)
    if sub is None:
        return None
    return _street_submission(sub, due)


def _street_submission(sub: progress.Submission, due: ReportDue) -> StreetSubmission:
    """A station's snapshot as a StreetSubmission."""
    return StreetSubmission(sub.week_end, sub.submitted_at, sub.submitted_by, sub.who,
                            _marked_late(sub.table, sub.submitted_at, due), due.deadline,
                            list(sub.table.get("without", [])))


def _marked_late(data: dict, submitted_at: dt.datetime, due: ReportDue) -> bool:
    """A station's snapshot is late as it was marked when made; one made before stations'
    snapshots kept the mark is late by the week's deadline."""
    late = data.get("late")
    return due.is_late(submitted_at) if late is None else bool(late)


@dataclass(frozen=True)
class WeekReport(progress.WeekView):
    """What the weekly screen shows: the week's table and the station's submission, its real
    due time (``4月3日（周三）12:00 前（4月4日清明节）``) and who has submitted."""

    due: str = ""
    board: Board | None = None  # None: not a report week of the campaign


def week_view(actor: User, week: Week | None, today: dt.date, now: dt.datetime | None = None,
              campaign: campaigns.CampaignRef = None, street: str | None = None
              ) -> WeekReport:
    """progress.week_view with the real due time and the board of the week."""
    found = campaigns.resolve(campaign, actor)
    view = progress.week_view(actor, week, today, found, street)
    try:
        board_now = board(actor, view.week.end, now, found, street)
    except ValidationError:  # a week after the campaign's last report week
        board_now = None
    return WeekReport(**vars(view), due=due_text(due_of(found, view.week)), board=board_now)


def street_text(street: StreetSubmission | None) -> str:
    """``街道已于 04-03 11:00 由 王章兴 报送；报送时尚未报送的单位：桃坡村。`` (the person
    by name)"""
    if street is None:
        return "街道尚未报送本周。"
    late = "（逾期）" if street.late else ""
    without = (f"；报送时尚未报送的单位：{'、'.join(street.without)}" if street.without
               else "；报送时各单位均已报送")
    return (f"街道已于 {street.submitted_at:%m-%d %H:%M} 由 {street.submitted_by_name} "
            f"报送{late}{without}。")


def submit_street(actor: User, day: dt.date | None, now: dt.datetime | None = None,
                  campaign: campaigns.CampaignRef = None) -> StreetSubmission:
    """The station submits the street's consolidated table of the week containing ``day``
    (None: today's) in ``campaign``; the snapshot names the units that had not submitted
    then and, as a unit's does, whether it was after the deadline (逾期报送)."""
    access.require_station(actor)
    found = campaigns.resolve(campaign, actor)
    now = now or campaigns.now_in(found)
    week = _week_to_submit(found, day, now)
    due = due_of(found, week)
    submitted = {s.unit for s in unit_submissions(actor, week, campaign=found)}
    table = progress.weekly_progress(actor, week, campaign=found)
    without = [r.unit for r in table.rows if r.unit not in submitted]
    late = due.is_late(now)
    sub = progress.submit_week(actor, week, found, at=now, label=LATE if late else "报送",
                               extra={"without": without, "late": late,
                                      "deadline": due.deadline.isoformat()})
    return _street_submission(sub, due)
