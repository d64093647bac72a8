"""A case's look-back status, derived from its inspections and rectification items.

- 待核查: no inspection yet;
- 已核查: inspected, and no rectification item;
- 整改中: at least one item not 已销号 (移交执法 included: it is not resolved yet);
- 已销号: every item closed.
Flags: ``referred`` (an item is 移交执法) and overdue (``next_deadline`` before today).
The derived values are stored on the case so lists and weekly numbers come from indexes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from peewee import fn

from huitoukan_tui import db as dbmod
from huitoukan_tui.enums import CaseStatus, RectStatus
from huitoukan_tui.models import Case, Inspection, Rectification


def derive_status(inspected: bool, item_statuses: list[str]) -> CaseStatus:
    if not inspected:
        return CaseStatus.PENDING
    if not item_statuses:
        return CaseStatus.VERIFIED
    if all(s == RectStatus.CLOSED.value for s in item_statuses):
        return CaseStatus.CLOSED
    return CaseStatus.RECTIFYING


def refresh(case_ids: Iterable[int]) -> None:
    """Recompute the derived fields of these cases (inside the caller's transaction)."""
    ids = sorted(set(case_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        # PostgreSQL: refreshes of one case take turns, each reading what the other saved
        dbmod.lock_rows(Case, Case.id.in_(chunk))
        first = dict(
            Inspection.select(Inspection.case, fn.MIN(Inspection.inspected_on))
            .where(Inspection.case.in_(chunk)).group_by(Inspection.case).tuples())
        items: dict[int, list[tuple[str, dt.date | None]]] = {}
        for case_id, status, deadline in (
            Rectification.select(Rectification.case, Rectification.status,
                                 Rectification.deadline)
            .where(Rectification.case.in_(chunk)).tuples()
        ):
            items.setdefault(case_id, []).append((status, deadline))
        for case_id in chunk:
            rows = items.get(case_id, [])
            first_on = first.get(case_id)
            if isinstance(first_on, str):
                first_on = dt.date.fromisoformat(first_on)
            open_deadlines = [d for s, d in rows if s != RectStatus.CLOSED.value and d]
            Case.update(
                status=derive_status(first_on is not None, [s for s, _ in rows]).value,
                first_verified_on=first_on,
                next_deadline=min(open_deadlines) if open_deadlines else None,
                referred=any(s == RectStatus.REFERRED.value for s, _ in rows),
            ).where(Case.id == case_id).execute()


def is_overdue(next_deadline: dt.date | None, today: dt.date) -> bool:
    return next_deadline is not None and next_deadline < today
