"""A case's look-back status in a campaign, derived from that campaign's inspections and the
rectification items the campaign works on.

- 待核查: not inspected in this campaign yet;
- 已核查: inspected, and no rectification item;
- 整改中: at least one item not 已销号 (移交执法 included: it is not resolved yet);
- 已销号: every item closed.
The items a campaign works on are its own plus those carried over (结转): items of an earlier
campaign on the same case that were still open when this campaign started.

Two flags beside the status, never instead of it (the ledger, ``cases``, the exports and the
case detail all show the status and then the flags):
- ``referred`` (移交执法): an item is 移交执法;
- overdue (逾期): an item whose deadline still runs (整改中, 待验收: ``DEADLINE_RECT_STATUSES``)
  has its 完成时限 before today. A 移交执法 item is with the enforcement department, out of
  the unit's hands: its deadline no longer makes the item or its case 逾期. ``item_overdue``
  decides for an item (and ``overdue_items`` is its SQL twin), ``is_overdue`` for a case from
  ``next_deadline``, the earliest deadline that still runs.
The derived values are stored on the ledger entry so lists and weekly numbers come from indexes;
``LEDGER_RULES`` (db.py) names the rules they were derived by, and ``upgrade`` recomputes a
database derived by older ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from peewee import fn

from huitoukan_tui import db as dbmod
from huitoukan_tui.enums import DEADLINE_RECT_STATUSES, CaseStatus, RectStatus
from huitoukan_tui.models import (
    Campaign,
    Case,
    Inspection,
    LedgerEntry,
    Meta,
    Rectification,
    database,
)
from huitoukan_tui.services import bulkwrite


def derive_status(inspected: bool, item_statuses: list[str]) -> CaseStatus:
    if not inspected:
        return CaseStatus.PENDING
    if not item_statuses:
        return CaseStatus.VERIFIED
    if all(s == RectStatus.CLOSED.value for s in item_statuses):
        return CaseStatus.CLOSED
    return CaseStatus.RECTIFYING


#: item status codes whose 完成时限 still runs
_RUNNING = frozenset(s.value for s in DEADLINE_RECT_STATUSES)


def deadline_runs(status: str | RectStatus) -> bool:
    """Whether an item in this status can be 逾期: 整改中 and 待验收 can; 已销号 is done and
    移交执法 is with the enforcement department."""
    return (status.value if isinstance(status, RectStatus) else status) in _RUNNING


def item_days_left(status: str | RectStatus, deadline: dt.date | None,
                   day: dt.date) -> int | None:
    """Days from ``day`` to the item's deadline (negative: days overdue); None without a
    deadline or when it no longer runs (已销号, 移交执法)."""
    if deadline is None or not deadline_runs(status):
        return None
    return (deadline - day).days


def item_overdue(status: str | RectStatus, deadline: dt.date | None, day: dt.date) -> bool:
    """The one rule of 逾期 for an item: its deadline still runs and is before ``day``."""
    left = item_days_left(status, deadline, day)
    return left is not None and left < 0


def overdue_items(day: dt.date):
    """``item_overdue`` as a condition on Rectification rows."""
    return Rectification.status.in_(sorted(_RUNNING)) & (Rectification.deadline < day)


def running_items():
    """Rectification rows whose deadline still runs (as ``deadline_runs``)."""
    return Rectification.status.in_(sorted(_RUNNING))


def carried_over(origin_start: dt.date, status: str, accepted_on: dt.date | None,
                 campaign_start: dt.date) -> bool:
    """Whether an item of a campaign that started on ``origin_start`` is carried into a
    campaign that starts on ``campaign_start``: it is older and was not closed before then."""
    return origin_start < campaign_start and not (
        status == RectStatus.CLOSED.value and accepted_on is not None
        and accepted_on < campaign_start)


def _date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


#: what ``refresh`` derives on a ledger entry
_DERIVED = (LedgerEntry.unit, LedgerEntry.status, LedgerEntry.first_verified_on,
            LedgerEntry.next_deadline, LedgerEntry.referred)


def refresh(case_ids: Iterable[int]) -> None:
    """Recompute the ledger entries of these cases in every campaign (inside the caller's
    transaction)."""
    ids = sorted(set(case_ids))
    if not ids:
        return
    starts = {c: _date(s) for c, s in Campaign.select(Campaign.id, Campaign.start_on).tuples()}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        # PostgreSQL: refreshes of one case take turns, each reading what the other saved
        dbmod.lock_rows(Case, Case.id.in_(chunk))
        units = dict(Case.select(Case.id, Case.unit).where(Case.id.in_(chunk)).tuples())
        first = {(case, campaign): _date(day) for case, campaign, day in (
            Inspection.select(Inspection.case, Inspection.campaign,
                              fn.MIN(Inspection.inspected_on))
            .where(Inspection.case.in_(chunk))
            .group_by(Inspection.case, Inspection.campaign).tuples())}
        items: dict[int, list[tuple[int, str, dt.date | None, dt.date | None]]] = {}
        for case_id, campaign_id, status, deadline, accepted_on in (
            Rectification.select(Rectification.case, Rectification.campaign,
                                 Rectification.status, Rectification.deadline,
                                 Rectification.accepted_on)
            .where(Rectification.case.in_(chunk)).tuples()
        ):
            items.setdefault(case_id, []).append(
                (campaign_id, status, _date(deadline), _date(accepted_on)))
        for entry_id, case_id, campaign_id, unit, status, verified_on, deadline, referred in (
                LedgerEntry.select(LedgerEntry.id, LedgerEntry.case, LedgerEntry.campaign,
                                   *_DERIVED).where(LedgerEntry.case.in_(chunk)).tuples()):
            begins = starts[campaign_id]
            rows = [(s, d) for origin, s, d, accepted in items.get(case_id, [])
                    if origin == campaign_id
                    or carried_over(starts[origin], s, accepted, begins)]
            first_on = first.get((case_id, campaign_id))
            running = [d for s, d in rows if d and deadline_runs(s)]
            derived = (units[case_id],  # as _DERIVED
                       derive_status(first_on is not None, [s for s, _ in rows]).value,
                       first_on, min(running) if running else None,
                       any(s == RectStatus.REFERRED.value for s, _ in rows))
            if (unit, status, _date(verified_on), _date(deadline), bool(referred)) != derived:
                LedgerEntry.update(dict(zip(_DERIVED, derived, strict=True))).where(
                    LedgerEntry.id == entry_id).execute()


#: the columns of a new ledger entry (the derived ones as for a case not inspected)
_NEW_ENTRY = ("campaign", "case", "unit", "status", "referred")


def add_to_ledger(campaign: Campaign, case_ids: Iterable[int], *, new: bool = False) -> int:
    """Put these cases into the campaign's ledger (those already in it stay as they are) and
    derive their values there. Returns how many were added. ``new``: cases created in this
    transaction (in no ledger yet, nothing recorded on them: nothing to look up or derive,
    which for an import of 100,000 is most of the time it takes)."""
    ids = sorted(set(case_ids))
    added = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        present = set() if new else {c for (c,) in LedgerEntry.select(LedgerEntry.case).where(
            (LedgerEntry.campaign == campaign) & LedgerEntry.case.in_(chunk)).tuples()}
        rows = [(campaign.id, case_id, unit, CaseStatus.PENDING.value, False)
                for case_id, unit in Case.select(Case.id, Case.unit)
                .where(Case.id.in_(chunk)).tuples() if case_id not in present]
        bulkwrite.insert_rows(LedgerEntry, _NEW_ENTRY, rows)
        added += len(rows)
    if not new:
        refresh(ids)
    return added


def is_overdue(next_deadline: dt.date | None, today: dt.date) -> bool:
    """Whether a case is 逾期, from its ledger entry's ``next_deadline`` (the earliest deadline
    that still runs): it is when one of its items is (``item_overdue``)."""
    return next_deadline is not None and next_deadline < today


def outdated() -> bool:
    """Whether the ledger's derived values were computed by older rules than this program's
    (before ``LEDGER_RULES`` 2 a 移交执法 item's deadline made its case 逾期)."""
    row = Meta.get_or_none(Meta.key == dbmod.LEDGER_RULES_KEY)
    return row is None or row.value != dbmod.LEDGER_RULES


def upgrade() -> int:
    """Recompute the ledger entries the rules changed, once, in one transaction, if the
    database was derived by older rules. Returns how many cases were recomputed (those with
    a 移交执法 item: the only ones whose values differ). Derived data only: versions, audit and
    what the user typed stay as they are."""
    if not outdated():
        return 0
    with database.atomic():
        dbmod.lock_name(dbmod.LEDGER_RULES_KEY)
        if not outdated():
            return 0  # another session did it while this one waited
        ids = [c for (c,) in Rectification.select(Rectification.case).distinct().where(
            Rectification.status == RectStatus.REFERRED.value).tuples()]
        refresh(ids)
        Meta.insert(key=dbmod.LEDGER_RULES_KEY, value=dbmod.LEDGER_RULES).on_conflict(
            conflict_target=[Meta.key], update={Meta.value: dbmod.LEDGER_RULES}).execute()
    return len(ids)
