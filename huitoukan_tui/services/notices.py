"""提醒: what needs the user's attention, in their own scope — shown at login, counted on the
status bar, listed by one key, each entry leading to its case or item.

- 退回整改: items sent back and not reported again, with the reason;
- 即将到期: items whose deadline runs (整改中, 待验收) due within 7 days (today included);
- 已逾期: overdue items (casestate.item_overdue: a 移交执法 item is not);
- 报送: the week not yet submitted (a unit: its own; the station: the street and its units),
  with the time left;
- 联系不上: cases whose latest follow-up could not reach the petitioner (a second visit is due).

Each kind lists at most ``LIMIT`` entries (oldest deadline first) and says how many there are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from huitoukan_tui.enums import RectStatus, Role, Satisfaction
from huitoukan_tui.models import Campaign, Case, Inspection, Rectification, User
from huitoukan_tui.services import access, casestate, reporting
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services.reportday import month_day

DUE_SOON_DAYS = 7
LIMIT = 50

SENT_BACK = "退回整改"
DUE_SOON = "即将到期"
OVERDUE = "已逾期"
REPORT = "报送"
UNREACHED = "联系不上"
KINDS = (SENT_BACK, OVERDUE, DUE_SOON, REPORT, UNREACHED)


@dataclass(frozen=True)
class Notice:
    kind: str  # one of KINDS
    text: str
    case_no: str = ""
    item_id: int | None = None  # opens the item; else case_no opens the case
    screen: str = ""  # or a screen: "weekly" for the week to submit

    def record(self) -> dict:
        return {"kind": self.kind, "text": self.text, "case_no": self.case_no or None,
                "item_id": self.item_id}


@dataclass(frozen=True)
class Notices:
    entries: list[Notice]
    counts: dict[str, int]  # kind → how many there are (entries may list fewer)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        """``退回整改 1 · 已逾期 2 · 报送 1``: the kinds that have any."""
        return " · ".join(f"{k} {self.counts[k]}" for k in KINDS if self.counts.get(k))


def notices(actor: User, now: dt.datetime | None = None,
            campaign: campaigns.CampaignRef = None, *, listed: bool = True) -> Notices:
    """The notices of ``actor`` at ``now`` (default: the campaign's clock). Items are every
    open item of the actor's scope, whichever campaign opened it (an item runs until it is
    closed); the report and the 联系不上 cases are ``campaign``'s. ``listed`` False: the
    counts only, no entries (the status bar's number: at 100,000 cases reading the first
    entries of each kind costs as much as counting them)."""
    found = campaigns.resolve(campaign, actor)
    now = now or campaigns.now_in(found)
    today = now.date()
    entries: list[Notice] = []
    counts: dict[str, int] = {}

    def add(kind: str, query, make) -> None:
        counts[kind] = query.count()
        if listed:
            entries.extend(make(row) for row in query.limit(LIMIT))

    items = _items(actor)
    add(SENT_BACK, items.where((Rectification.status == RectStatus.IN_PROGRESS.value)
                               & Rectification.returned_on.is_null(False))
        .order_by(Rectification.returned_on.desc(), Rectification.id),
        lambda i: Notice(SENT_BACK, f"#{i.id} {i.case.case_no} {i.returned_on} 退回："
                         f"{i.return_reason}", i.case.case_no, i.id))
    running = items.where(casestate.running_items())  # a 移交执法 item is not 逾期 or due
    add(OVERDUE, items.where(casestate.overdue_items(today))
        .order_by(Rectification.deadline, Rectification.id),
        lambda i: Notice(OVERDUE, f"#{i.id} {i.case.case_no} 完成时限 {i.deadline}，"
                         f"逾期 {(today - i.deadline).days} 天", i.case.case_no, i.id))
    soon = today + dt.timedelta(days=DUE_SOON_DAYS - 1)
    add(DUE_SOON, running.where(Rectification.deadline.between(today, soon))
        .order_by(Rectification.deadline, Rectification.id),
        lambda i: Notice(DUE_SOON, f"#{i.id} {i.case.case_no} 完成时限 {i.deadline}（"
                         + ("今天" if i.deadline == today else
                            f"还有 {(i.deadline - today).days} 天") + "）",
                         i.case.case_no, i.id))
    report = _report_notice(actor, now, found)
    counts[REPORT] = 1 if report else 0
    entries += [report] if report else []
    add(UNREACHED, _unreached(actor, found).order_by(Case.case_no),
        lambda c: Notice(UNREACHED, f"{c.case_no} {c.target}：信访人联系不上，需再次回访",
                         c.case_no))
    return Notices(entries, counts)


def _items(actor: User):
    query = Rectification.select(Rectification, Case).join(Case)
    scope = access.case_scope(actor)
    return query.where(scope) if scope is not None else query


def _unreached(actor: User, campaign: Campaign):
    """Cases whose latest inspection in ``campaign`` (by date, then entry) found the
    petitioner unreachable."""
    later = Inspection.alias()
    query = (Case.select(Case.case_no, Case.target)
             .join(Inspection, on=(Inspection.case == Case.id))
             .join(later, JOIN.LEFT_OUTER, on=(
                 (later.case == Inspection.case) & (later.campaign == Inspection.campaign)
                 & ((later.inspected_on > Inspection.inspected_on)
                    | ((later.inspected_on == Inspection.inspected_on)
                       & (later.id > Inspection.id)))))
             .where((Inspection.satisfaction == Satisfaction.UNREACHABLE.value)
                    & (Inspection.campaign == campaign.id) & later.id.is_null()))
    scope = access.case_scope(actor)
    return query.where(scope) if scope is not None else query


def _report_notice(actor: User, now: dt.datetime, campaign: Campaign) -> Notice | None:
    """This week's report not yet sent (a unit: its own; the station: the street's; the
    district: the streets that have not)."""
    if (actor.role == Role.VIEWER.value or campaign.closed_on
            or now.date() > campaigns.last_week(campaign).end):
        return None
    board = reporting.board(actor, now=now, campaign=campaign)
    when = f"{month_day(board.due.due_day)} {board.due.deadline:%H:%M} 前，{board.time_left}"
    missing = board.count(reporting.NOT_SUBMITTED)
    if actor.role == Role.DISTRICT.value:
        if not missing:
            return None
        return Notice(REPORT, f"本周（{board.week.title}）{missing} 个街道尚未报送：{when}",
                      screen="board")
    if actor.role == Role.UNIT.value:
        mine = board.rows[0] if board.rows else None
        if mine is None or mine.state != reporting.NOT_SUBMITTED:
            return None
        return Notice(REPORT, f"{mine.unit} 本周（{board.week.title}）尚未报送：{when}",
                      screen="weekly")
    if board.street is not None:
        return None
    units = f"，{missing} 个单位尚未报送" if missing else "，各单位均已报送"
    return Notice(REPORT, f"街道本周（{board.week.title}）尚未报送：{when}{units}",
                  screen="board")
