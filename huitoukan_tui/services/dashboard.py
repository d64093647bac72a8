"""Small read-only queries for the TUI's chrome: the status bar's numbers, a stamp that tells
whether anything changed, and the command palette's case-number lookup.

Each is a handful of indexed COUNTs or a range scan, cheap at 100,000 cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from huitoukan_tui.enums import OPEN_RECT_STATUSES, Role
from huitoukan_tui.models import AuditEntry, Case, LedgerEntry, Rectification, Unit, User
from huitoukan_tui.services import access, casestate, notices, reporting, search
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services.rectifications import in_campaign
from huitoukan_tui.services.reportday import due_short_text, due_text


@dataclass(frozen=True)
class StatusSummary:
    """What the header of every screen shows."""

    user_name: str
    unit_name: str  # "" for users of every unit
    role_label: str
    campaign_name: str
    campaign_start: dt.date
    campaign_end: dt.date
    today: dt.date
    verified: int
    total: int
    open_items: int  # not yet 已销号: 整改中, 待验收, 移交执法 (shown as 未销号)
    overdue_items: int
    #: the next report's real due day, e.g. 4月3日（周三）12:00 前（4月4日清明节）; "" when
    #: the campaign's last report is past
    report_due: str
    report_due_short: str = ""  # 4月3日12:00前
    notice_count: int = 0  # services.notices in the user's scope
    campaign_id: int = 0
    #: 进行中, 未开始, 已结束（2024-04-15）or 已关闭（…）
    campaign_state: str = ""
    closed: bool = False
    timezone: str = "Asia/Shanghai"

    @property
    def days_left(self) -> int:
        """Days until the campaign's last day (0 on the last day; negative once over)."""
        return (self.campaign_end - self.today).days

    @property
    def ended(self) -> bool:
        return self.today > self.campaign_end

    @property
    def started(self) -> bool:
        return self.today >= self.campaign_start


def status_summary(actor: User, today: dt.date | None = None, now: dt.datetime | None = None,
                   campaign: campaigns.CampaignRef = None) -> StatusSummary:
    """The header's numbers in ``campaign`` (default: the actor's current one); ``today``
    None: today in the campaign's time zone; ``now`` (default: the campaign's clock) places
    the next report's deadline."""
    campaign = campaigns.resolve(campaign, actor)
    today = today or campaigns.today_in(campaign)
    now = now or campaigns.now_in(campaign)
    due = None if campaign.closed_on else reporting.next_due(campaign, now)
    entries = LedgerEntry.select().where(LedgerEntry.campaign == campaign.id)
    allowed = access.visible_unit_ids(actor)
    if allowed is not None:
        entries = entries.where(LedgerEntry.unit.in_(sorted(allowed)))
    total = entries.count()
    verified = entries.where(LedgerEntry.first_verified_on.is_null(False)).count()
    items = (Rectification.select(fn.COUNT(Rectification.id))
             .where(Rectification.status.in_([s.value for s in OPEN_RECT_STATUSES])
                    & in_campaign(campaign)))
    scope = access.case_scope(actor)
    if scope is not None:  # only then the cases are needed: joining reads a case row per item
        items = items.join(Case).where(scope)
    open_items = items.scalar() or 0
    overdue_items = items.where(casestate.overdue_items(today)).scalar() or 0
    unit_name = ""
    if actor.unit_id:
        unit = Unit.get_or_none(Unit.id == actor.unit_id)
        unit_name = unit.name if unit else ""
    return StatusSummary(
        user_name=actor.display_name,
        unit_name=unit_name,
        role_label=Role(actor.role).label,
        campaign_name=campaign.name,
        campaign_start=campaign.start_on,
        campaign_end=campaign.end_on,
        today=today,
        verified=verified,
        total=total,
        open_items=int(open_items),
        overdue_items=int(overdue_items),
        report_due=due_text(due) if due else "",
        report_due_short=due_short_text(due) if due else "",
        notice_count=notices.notices(actor, now, campaign, listed=False).total,
        campaign_id=campaign.id,
        campaign_state=campaigns.state_label(campaign, today),
        closed=campaign.closed_on is not None,
        timezone=campaign.timezone,
    )


def data_stamp() -> int:
    """Grows whenever anyone changes anything (every write is audited): lists compare it to
    know when to reload."""
    return AuditEntry.select(fn.MAX(AuditEntry.id)).scalar() or 0


def find_case_numbers(actor: User, text: str, limit: int = 20) -> list[tuple[str, str]]:
    """Case numbers starting with ``text`` (then containing it, then cases whose texts match
    it as the ledger search does, pinyin initials included: ``hdsc`` finds 恒达石材), with
    their target, for jumping to a case. Only cases the actor may see."""
    text = (text or "").strip()
    if not text:
        return []
    scope = access.case_scope(actor)

    def query(cond):
        q = Case.select(Case.case_no, Case.target).where(cond)
        if scope is not None:
            q = q.where(scope)
        return q.order_by(Case.case_no).limit(limit).tuples()

    # a range on the unique index of case_no: instant at any size
    found = list(query((Case.case_no >= text) & (Case.case_no < text + "\U0010ffff")))
    if len(found) < limit:
        seen = {no for no, _ in found}
        found += [r for r in query(Case.case_no.contains(text)) if r[0] not in seen]
    words = search.condition(text)
    if len(found) < limit and words is not None:
        seen = {no for no, _ in found}
        found += [r for r in query(words) if r[0] not in seen]
    return found[:limit]
