"""Attachment 2 (进展一览表): the weekly numbers of a campaign, computed from dates, never typed.

One function, three views: the TUI table, ``huitoukan-tui progress`` and the export.
- 信访总数: cases of the unit in the campaign's ledger;
- 本周核查数 / 累计核查数: cases whose *first* inspection in the campaign falls in the week /
  by its end (a re-inspection never counts twice);
- 新发现问题数 / 累计新发现问题数: the campaign's 新发现 items opened in the week / by its end.
A district-wide user gets one row per street (its totals, ``level`` "street") and 合计;
naming a street drills into its units (``level`` "unit").
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from huitoukan_tui import db as dbmod
from huitoukan_tui import week_tally
from huitoukan_tui.enums import RectKind, Role
from huitoukan_tui.models import (
    Campaign,
    Case,
    LedgerEntry,
    Rectification,
    ReportSnapshot,
    Street,
    Unit,
    User,
    WeekRemark,
    database,
)
from huitoukan_tui.services import access, audit, clock, conflicts, organisation
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services.campaign import Week
from huitoukan_tui.services.errors import Collector, ValidationError
from huitoukan_tui.services.people import display_name
from huitoukan_tui.services.text import check_text

LEVEL_UNIT = "unit"
LEVEL_STREET = "street"
#: what names the rows of the district's table (one row per street) where 核查单位 names units
STREET_HEADING = "街道"


@dataclass(frozen=True)
class ProgressColumn:
    """A column of attachment 2: its key in ``ProgressRow.record()``, its name, and how the
    official form and the (narrower) screen break that name over lines."""

    key: str
    label: str
    form_heading: str
    screen_heading: str


#: the columns of attachment 2 (进展一览表), in its order
PROGRESS_COLUMNS: tuple[ProgressColumn, ...] = (
    ProgressColumn("no", "序号", "序号", "序号"),
    ProgressColumn("unit", "核查单位", "核查\n单位", "核查\n单位"),
    ProgressColumn("total", "信访总数", "信访总数", "信访\n总数"),
    ProgressColumn("verified_this_week", "本周核查数", "本周\n核查数", "本周\n核查数"),
    ProgressColumn("verified_total", "累计核查数", "累计\n核查数", "累计\n核查数"),
    ProgressColumn("completion_rate", "完成率", "完成率", "完成率"),
    ProgressColumn("new_problems_this_week", "新发现问题数", "新发现问题数", "新发现\n问题数"),
    ProgressColumn("new_problems_total", "累计新发现问题数", "累计\n新发现\n问题数",
                   "累计\n新发现\n问题数"),
    ProgressColumn("remarks", "备注", "备注", "备注"),
)
PROGRESS_LABELS: dict[str, str] = {c.key: c.label for c in PROGRESS_COLUMNS}


@dataclass
class ProgressRow:
    unit: str  # the unit's name, or the street's on a district table
    unit_id: int | None
    total: int
    verified_this_week: int
    verified_total: int
    new_problems_this_week: int
    new_problems_total: int
    remarks: str = ""
    level: str = LEVEL_UNIT

    @property
    def completion_rate(self) -> float:
        return self.verified_total / self.total if self.total else 0.0

    def record(self) -> dict:
        return {
            "unit": self.unit,
            "level": self.level,
            "total": self.total,
            "verified_this_week": self.verified_this_week,
            "verified_total": self.verified_total,
            "completion_rate": round(self.completion_rate, 4),
            "new_problems_this_week": self.new_problems_this_week,
            "new_problems_total": self.new_problems_total,
            "remarks": self.remarks,
        }


NUMBER_FIELDS = ("total", "verified_this_week", "verified_total", "new_problems_this_week",
                 "new_problems_total")


@dataclass
class ProgressTable:
    week: Week
    rows: list[ProgressRow]
    total: ProgressRow
    campaign: str = ""
    street: str = ""  # the street drilled into, or "" (a station's own street: its name)
    level: str = LEVEL_UNIT

    def record(self) -> dict:
        total = self.total.record()
        total.pop("unit")
        total.pop("level")
        return {"week_start": self.week.start.isoformat(), "week_end": self.week.end.isoformat(),
                "rows": [r.record() for r in self.rows], "total": total}


TOTAL_LABEL = "合计"


def total_row(rows: list[ProgressRow], level: str = LEVEL_UNIT, name: str = TOTAL_LABEL
              ) -> ProgressRow:
    """The 合计 row of ``rows`` (or a street's row of its units): the sums of the counts
    (完成率 follows from them)."""
    return ProgressRow(name, None, *(sum(getattr(r, k) for r in rows) for k in NUMBER_FIELDS),
                       level=level)


def weekly_progress(actor: User, week: Week, unit_names: list[str] | None = None, *,
                    campaign: campaigns.CampaignRef = None, street: str | None = None
                    ) -> ProgressTable:
    """The rows of attachment 2 for ``week`` of ``campaign``: one per unit the actor may see
    (units without cases included) and the 合计 row; for a district-wide actor without
    ``street`` (or ``unit_names``), one row per street of the campaign instead."""
    ledger = campaigns.resolve(campaign, actor)
    allowed = access.visible_unit_ids(actor)
    in_campaign = {s.id: s for s in campaigns.streets_of(ledger)}
    chosen_street = None
    if street:
        chosen_street = organisation.street_named(actor, street)
        if chosen_street.id not in in_campaign:
            raise ValidationError.of("街道", f"{chosen_street.name} 没有参加“{ledger.name}”")
    counts = _counts(ledger, week)
    present = counts.present
    units = [u for u in organisation.unit_lines(include_disabled=True)
             if u.street_id in in_campaign and (u.active or u.id in present)
             and (allowed is None or u.id in allowed)
             and (chosen_street is None or u.street_id == chosen_street.id)]
    if unit_names:
        unknown = set(unit_names) - {u.name for u in units}
        if unknown:
            raise ValidationError.of(
                "单位", f"没有这个单位或无权查看：{'、'.join(sorted(unknown))}")
        units = [u for u in units if u.name in unit_names]
    by_streets = access.sees_streets(actor) and chosen_street is None and not unit_names
    # the district's table has no remarks (a street's row sums its units)
    remarks = {} if by_streets else _remarks(ledger, week, [u.id for u in units])
    rows = []
    for unit in units:
        total, this_week, upto = counts.cases.get(unit.id, (0, 0, 0))
        new_week, new_upto = counts.new_problems.get(unit.id, (0, 0))
        rows.append(ProgressRow(unit.name, unit.id, total, this_week, upto, new_week, new_upto,
                                remarks.get(unit.id, "")))
    if by_streets:
        of_street: dict[int, list[ProgressRow]] = {s: [] for s in in_campaign}
        for row, unit in zip(rows, units, strict=True):
            of_street[unit.street_id].append(row)
        by_street = [total_row(of_street[s.id], LEVEL_STREET, s.name)
                     for s in in_campaign.values()]
        return ProgressTable(week, by_street, total_row(by_street, LEVEL_STREET),
                             ledger.name, "", LEVEL_STREET)
    street_name = chosen_street.name if chosen_street else ""
    if access.street_of(actor) is not None:
        street_name = Street.get_by_id(access.street_of(actor)).name
    return ProgressTable(week, rows, total_row(rows), ledger.name, street_name, LEVEL_UNIT)


#: per unit of a campaign: (what, all, in the week, by its end) from the counters
_TALLY_SQL = (
    "SELECT unit_id, what, SUM(n), SUM(CASE WHEN day >= {p} AND day <= {p} THEN n ELSE 0 END),"
    " SUM(CASE WHEN day <= {p} THEN n ELSE 0 END)"
    " FROM {tally} WHERE campaign_id = {p} GROUP BY what, unit_id")  # key order


@dataclass(frozen=True)
class _Counts:
    """What the counters hold for one campaign and week, by unit id."""

    cases: dict[int, tuple[int, int, int]]  # (cases, first verified in the week, by its end)
    new_problems: dict[int, tuple[int, int]]  # (新发现 opened in the week, by its end)

    @property
    def present(self) -> set[int]:
        """The units with an entry in the campaign's ledger."""
        return {unit for unit, (total, _, _) in self.cases.items() if total}


def _counts(campaign: Campaign, week: Week) -> _Counts:
    """The campaign's numbers of ``week`` per unit, summed from the counters of
    huitoukan_tui.week_tally (per unit and day, a few thousand rows at district scale)
    instead of counting the records (100,000 index entries)."""
    start, end = week.start, week.end
    if dbmod.is_sqlite():  # stored as ISO text, which orders like the dates
        start, end = start.isoformat(), end.isoformat()
    cases: dict[int, tuple[int, int, int]] = {}
    new: dict[int, tuple[int, int]] = {}
    sql = _TALLY_SQL.format(p=database.param, tally=week_tally.source(database.obj))
    rows = database.execute_sql(sql, (start, end, end, campaign.id)).fetchall()
    for unit, what, total, this_week, upto in rows:
        if what == week_tally.ENTRY:
            cases[unit] = (int(total), int(this_week), int(upto))
        elif what == week_tally.NEW:
            new[unit] = (int(this_week), int(upto))
    return _Counts(cases, new)


def _remarks(campaign: Campaign, week: Week, unit_ids: list[int]) -> dict[int, str]:
    return dict(WeekRemark.select(WeekRemark.unit, WeekRemark.text)
                .where((WeekRemark.campaign == campaign.id) & (WeekRemark.week_end == week.end)
                       & WeekRemark.unit.in_(unit_ids))
                .tuples())


def _remark_unit(actor: User, unit_name: str) -> Unit:
    try:
        return organisation.unit_by_name(unit_name, actor)
    except ValidationError:
        raise ValidationError.of("单位", f"没有这个单位：{unit_name}") from None


def _remark_of(campaign: Campaign, unit: Unit, week: Week) -> WeekRemark | None:
    return WeekRemark.get_or_none((WeekRemark.campaign == campaign.id)
                                  & (WeekRemark.unit == unit) & (WeekRemark.week_end == week.end))


def get_remark(actor: User, unit_name: str, week: Week,
               campaign: campaigns.CampaignRef = None) -> tuple[str, int]:
    """备注 of one unit for one week and its version (0: none yet) — what a form opens with."""
    ledger = campaigns.resolve(campaign, actor)
    unit = _remark_unit(actor, unit_name)
    access.check_unit(actor, unit.id)
    row = _remark_of(ledger, unit, week)
    return (row.text, row.version) if row else ("", 0)


def set_remark(actor: User, unit_name: str, week: Week, text: str,
               expected_version: int | None = None, campaign: campaigns.CampaignRef = None
               ) -> WeekRemark | None:
    """Edit 备注 of one unit for one week of a campaign (the unit itself or the station).
    ``expected_version`` (from get_remark; 0 = there was none): refused with ConflictError
    when someone saved the remark after it was read."""
    ledger = campaigns.resolve(campaign, actor)
    unit = _remark_unit(actor, unit_name)
    access.check_unit(actor, unit.id, write=True)
    campaigns.require_open(ledger)
    week = campaigns.week_of(ledger, week.end)
    errors = Collector()
    text = check_text(errors, "备注", text, max_len=500, multiline=True)
    errors.raise_if_any()
    with database.atomic():
        # PostgreSQL: the row may not exist yet
        dbmod.lock_name(f"remark:{ledger.id}:{unit.id}:{week.end.isoformat()}")
        row = _remark_of(ledger, unit, week)
        current = row.version if row else 0
        if expected_version is not None and current != expected_version:
            raise conflicts.conflict(
                f"{unit.name} {week.end.isoformat()} 的备注已被他人修改，"
                "请查看对方的修改后重新保存。",
                "remark", row.id if row else 0, expected_version, current)
        before = row.text if row else ""
        if before == text:
            return row
        if row is None:
            row = WeekRemark.create(campaign=ledger, unit=unit, week_end=week.end, text=text,
                                    updated_by=actor.login)
        else:
            old_version = row.version
            row.text, row.version = text, row.version + 1
            row.updated_by, row.updated_at = actor.login, clock.now()
            updated = WeekRemark.update(
                text=row.text, version=row.version, updated_by=row.updated_by,
                updated_at=row.updated_at).where(
                (WeekRemark.id == row.id) & (WeekRemark.version == old_version)).execute()
            if updated != 1:  # another engine's concurrent writer got there first
                raise conflicts.conflict(f"{unit.name} 的备注已被他人修改，请重新打开后再保存。",
                                         "remark", row.id, old_version, old_version + 1)
        audit.record_changes(actor, "remark", row.id, "", {
            f"备注 {unit.name} {week.end.isoformat()}": (before, text)}, version=row.version)
    return row


# ---------------------------------------------------------------- drill-down

DRILL_VERIFIED = "verified_this_week"
DRILL_NEW = "new_problems_this_week"


def cases_behind(actor: User, week: Week, unit_name: str | None, what: str, *,
                 campaign: campaigns.CampaignRef = None, street: str | None = None
                 ) -> list[Case]:
    """The cases behind a number of the table: first verified this week in the campaign, or
    with a 新发现 item of the campaign opened this week. ``unit_name`` None: every unit the
    actor may see (of ``street`` when given)."""
    ledger = campaigns.resolve(campaign, actor)
    query = (Case.select(Case, Unit).join(Unit).switch(Case)
             .join(LedgerEntry, on=((LedgerEntry.case == Case.id)
                                    & (LedgerEntry.campaign == ledger.id))))
    scope = access.case_scope(actor)
    if scope is not None:
        query = query.where(scope)
    if street:
        query = query.where(Unit.street == organisation.street_named(actor, street).id)
    if unit_name:
        query = query.where(Unit.name == unit_name)
    if what == DRILL_VERIFIED:
        query = query.where(LedgerEntry.first_verified_on.between(week.start, week.end))
    elif what == DRILL_NEW:
        sub = (Rectification.select(Rectification.case)
               .where((Rectification.kind == RectKind.NEW.value)
                      & (Rectification.campaign == ledger.id)
                      & Rectification.opened_on.between(week.start, week.end)))
        query = query.where(Case.id.in_(sub))
    else:
        raise ValidationError.of("无效的统计项", f"{what}")
    return list(query.order_by(Case.case_no))


CaseLine = tuple[str, str, str]


def drill_view(actor: User, week: Week, unit_name: str | None, *,
               campaign: campaigns.CampaignRef = None, street: str | None = None
               ) -> tuple[list[CaseLine], list[CaseLine]]:
    """The weekly screen's drill-down of a row: (case number, unit, 被反映对象) of the cases
    behind its verified and its 新发现 numbers (``cases_behind``)."""
    def lines(what: str) -> list[CaseLine]:
        return [(c.case_no, c.unit.name, c.target) for c in cases_behind(
            actor, week, unit_name, what, campaign=campaign, street=street)]

    return lines(DRILL_VERIFIED), lines(DRILL_NEW)


# ---------------------------------------------------------------- submitting (报送)

@dataclass
class Submission:
    week_end: dt.date
    submitted_by: str  # the login
    submitted_at: dt.datetime
    table: dict
    submitted_by_name: str = ""  # the person, as screens name them

    @property
    def who(self) -> str:
        return self.submitted_by_name or self.submitted_by


def submit_week(actor: User, week: Week, campaign: campaigns.CampaignRef = None, *,
                extra: dict | None = None, at: dt.datetime | None = None,
                label: str = "报送") -> Submission:
    """Freeze the week's numbers (the station's consolidated table of its street) with who
    and when; ``extra`` is kept with them (services.reporting: the units not submitted
    then, whether it was late); ``label`` names the change in the audit (逾期报送)."""
    access.require_station(actor)
    ledger = campaigns.resolve(campaign, actor)
    campaigns.require_open(ledger)
    table = {**weekly_progress(actor, week, campaign=ledger).record(), **(extra or {})}
    with database.atomic():
        snap = ReportSnapshot.create(campaign=ledger, street=actor.street_id, week_end=week.end,
                                     data=json.dumps(table, ensure_ascii=False),
                                     submitted_by=actor.login,
                                     submitted_at=at or campaigns.now_in(ledger))
        audit.record_changes(actor, "snapshot", snap.id, "", {
            label: ("", week.end.isoformat())}, action="submit", version=1)
    return Submission(week.end, snap.submitted_by, snap.submitted_at, table, actor.display_name)


def last_submission(week: Week, campaign: campaigns.CampaignRef = None,
                    actor: User | None = None, *, street: int | None = None,
                    unit: int | None = None) -> Submission | None:
    """The station's latest submission of the week by ``street`` (default: the actor's;
    any street's for a district-wide actor), or with ``unit`` that unit's own latest one
    (its row of attachment 2; the rest of a unit's submission is services.reporting's)."""
    ledger = campaigns.resolve(campaign, actor)
    query = ReportSnapshot.select().where((ReportSnapshot.campaign == ledger.id)
                                          & (ReportSnapshot.week_end == week.end))
    if unit is not None:
        query = query.where(ReportSnapshot.unit == unit)
    else:
        query = query.where(ReportSnapshot.unit.is_null())
        if street is None and actor is not None:
            street = access.street_of(actor)
        if street is not None:
            query = query.where(ReportSnapshot.street == street)
    snap = query.order_by(ReportSnapshot.id.desc()).first()
    if snap is None:
        return None
    return Submission(snap.week_end, snap.submitted_by, snap.submitted_at, json.loads(snap.data),
                      display_name(snap.submitted_by))


NUMBER_KEYS = NUMBER_FIELDS


def submitted_progress(actor: User, week: Week, campaign: campaigns.CampaignRef = None
                       ) -> ProgressTable:
    """Attachment 2 of ``campaign`` as it was submitted for ``week``: for a unit's account
    what its unit submitted (the row its principal signs), else the latest submission of the
    street; restricted to the units the actor may see. ValidationError when the week was not
    submitted."""
    submission = None
    if actor.role == Role.UNIT.value and actor.unit_id is not None:
        submission = last_submission(week, campaign, actor, unit=actor.unit_id)
    submission = submission or last_submission(week, campaign, actor)
    if submission is None:
        raise ValidationError.of("报送周", f"{week.end.isoformat()} 这一周还没有报送，没有报送版。")
    visible = {u.name: u.id for u in organisation.visible_units(actor)}
    rows = [ProgressRow(r["unit"], visible[r["unit"]], *(int(r[k]) for k in NUMBER_KEYS),
                        r.get("remarks", ""))
            for r in submission.table["rows"] if r["unit"] in visible]
    return ProgressTable(week, rows, total_row(rows))


@dataclass(frozen=True)
class Difference:
    unit: str
    key: str
    submitted: int
    now: int


def differences(table: ProgressTable, submission: Submission) -> list[Difference]:
    """Where today's computation of a submitted week differs from what was submitted."""
    old = {r["unit"]: r for r in submission.table["rows"]}
    out = []
    for row in table.rows:
        before = old.get(row.unit)
        if before is None:
            continue
        current = row.record()
        out += [Difference(row.unit, k, int(before[k]), int(current[k]))
                for k in NUMBER_KEYS if int(before[k]) != int(current[k])]
    return out


# ---------------------------------------------------------------- the weekly screen

@dataclass(frozen=True)
class WeekView:
    """Everything the weekly screen shows for one week (plain values, read in a worker)."""

    title: str
    week: Week
    first_week: Week
    last_week: Week
    table: ProgressTable
    submission: Submission | None
    differences: list[Difference]
    street: str = ""  # the street a district account drilled into


def week_view(actor: User, week: Week | None, today: dt.date,
              campaign: campaigns.CampaignRef = None, street: str | None = None) -> WeekView:
    """``week`` of ``campaign`` (default: today's, kept inside the campaign: after its end,
    its last report week), with the campaign's first and last report weeks, the last
    submission of it and what changed since; a district account's table per street unless
    ``street`` drills into one."""
    found = campaigns.resolve(campaign, actor)
    first, last = campaigns.first_week(found), campaigns.last_week(found)
    week = week or campaigns.current_week(found, today)
    table = weekly_progress(actor, week, campaign=found, street=street or None)
    submission = None
    if table.level == LEVEL_UNIT:
        drilled = organisation.street_named(actor, street).id if street else None
        submission = last_submission(week, found, actor, street=drilled)
    diffs = differences(table, submission) if submission else []
    return WeekView(found.title_progress, week, first, last, table, submission, diffs,
                    street or "")
