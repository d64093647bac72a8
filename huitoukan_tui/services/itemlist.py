"""The four-list screen's rows: one page of rectification items as plain values.

``rectifications.list_items`` builds a model object (item, case, unit: ~50 fields) per row,
~2 s per 1,000 items on a slow machine and far too slow for 30,000. This reads only the
columns a list shows, at most ``limit`` rows of the same filtered and ordered query, and the
measures of those rows in one more query. The search matches the case (number, target,
location, problem: the ledger's index) or the item's own 新发现问题, its text or (a term of
Latin letters) its pinyin initials.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace

from huitoukan_tui.enums import RectKind, RectStatus
from huitoukan_tui.models import Campaign, Case, Measure, Rectification, Unit, User
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services import casestate, rectifications, search
from huitoukan_tui.services.rectifications import ItemFilter, format_milestone

#: rows a list shows at most; narrower filters or a search find the rest
PAGE_LIMIT = 500


@dataclass(frozen=True)
class ItemRow:
    id: int
    case_no: str
    unit: str
    kind: RectKind
    status: RectStatus
    problem_type: str
    original_problem: str
    new_problem: str
    measures: tuple[str, ...]  # one text per measure: ``内容（2024年第二季度：目标；…）``
    target_standard: str
    implementer: str
    acceptor: str
    deadline: dt.date | None
    opened_on: dt.date
    days_left: int | None  # None: no deadline or it no longer runs; negative: days overdue
    #: the earlier campaign this item is carried over from (结转); "" for the campaign's own
    carried_from: str = ""

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def problem(self) -> str:
        """The problem a row is about: the new one, else the original one."""
        return self.new_problem or self.original_problem

    def measures_text(self, separator: str = "\n") -> str:
        return separator.join(f"{n}. {m}" for n, m in enumerate(self.measures, start=1))


@dataclass(frozen=True)
class ItemPage:
    rows: list[ItemRow]
    matched: int  # items matching the filter (may be more than the rows)
    limit: int

    @property
    def truncated(self) -> bool:
        return self.matched > len(self.rows)


def item_page(actor: User, flt: ItemFilter | None = None, *, limit: int = PAGE_LIMIT,
              today: dt.date | None = None) -> ItemPage:
    """The first ``limit`` items matching ``flt`` (in list_items' order) and how many match."""
    flt = flt or ItemFilter()
    ledger = campaigns.resolve(flt.campaign, actor)
    today = today or flt.today or campaigns.today_in(ledger)
    query = rectifications.item_query(actor, replace(flt, search="", today=today,
                                                     campaign=ledger.id))
    cond = _search_condition(flt.search)
    if cond is not None:
        query = query.where(cond)
    matched = query.count()
    R = Rectification
    columns = (R.id, Case.case_no, Unit.name, R.kind, R.status, R.problem_type,
               R.original_problem, R.new_problem, R.target_standard, R.implementer,
               R.acceptor, R.deadline, R.opened_on, R.campaign)
    raw = list(query.select(*columns).limit(limit).tuples())
    measures = _measures_of([r[0] for r in raw])
    names = dict(Campaign.select(Campaign.id, Campaign.name).tuples())
    rows = []
    for (item_id, case_no, unit, kind, status, problem_type, original, new, target,
         implementer, acceptor, deadline, opened_on, origin) in raw:
        status = RectStatus(status)
        days = casestate.item_days_left(status, deadline, today)
        rows.append(ItemRow(item_id, case_no, unit, RectKind(kind), status, problem_type,
                            original, new, tuple(measures.get(item_id, ())), target,
                            implementer, acceptor, deadline, opened_on, days,
                            "" if origin == ledger.id else names.get(origin, "")))
    return ItemPage(rows, matched, limit)


def count_items(actor: User, campaign: campaigns.CampaignRef = None) -> int:
    """Every item of the campaign's four lists the actor may see."""
    ledger = campaigns.resolve(campaign, actor)
    return rectifications.item_query(actor, ItemFilter(campaign=ledger.id)).count()


def _search_condition(text: str):
    case_cond = search.condition(text)
    if case_cond is None:
        return None
    item_cond = None
    for term in search.query_terms(text):
        part = Rectification.new_problem.contains(term)
        if search.may_be_initials(term):  # ``zs``: 噪声 in the item's 新发现问题 too
            part = part | Rectification.problem_initials.contains(term.upper())
        item_cond = part if item_cond is None else item_cond & part
    return case_cond | item_cond if item_cond is not None else case_cond


def _measures_of(item_ids: list[int]) -> dict[int, list[str]]:
    """item id → its measures as one-line texts, in order; one query per 500 items."""
    out: dict[int, list[str]] = {}
    for start in range(0, len(item_ids), 500):
        chunk = item_ids[start:start + 500]
        query = (Measure.select(Measure.rectification, Measure.content, Measure.milestones)
                 .where(Measure.rectification.in_(chunk))
                 .order_by(Measure.rectification, Measure.position).tuples())
        for item_id, content, milestones in query:
            try:
                stones = [format_milestone(s) for s in json.loads(milestones or "[]")]
            except (ValueError, KeyError, TypeError):
                stones = []
            out.setdefault(item_id, []).append(
                content + (f"（{'；'.join(stones)}）" if stones else ""))
    return out
