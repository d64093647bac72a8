"""Everything the four-list editor shows of one item, in one call and as plain values (no
model object leaves the worker that reads it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from huitoukan_tui.enums import RectKind, RectStatus
from huitoukan_tui.models import User
from huitoukan_tui.services import access, rectifications
from huitoukan_tui.services.errors import Problem
from huitoukan_tui.services.fields import ITEM_FIELDS
from huitoukan_tui.services.people import display_names


@dataclass(frozen=True)
class ItemData:
    id: int
    case_no: str
    unit: str
    kind: str
    status: RectStatus
    opened_on: dt.date
    version: int
    #: the editable fields (fields.ITEM_FIELDS) as text; dates ISO
    values: dict[str, str]
    #: ``[{"content": …, "targets": {period: target}}]`` in order
    measures: list[dict]
    steps: tuple[str, ...] = ()  # the life cycle's steps with their reasons
    created_by: str = ""  # people by display name
    created_at: dt.datetime | None = None
    updated_by: str = ""
    updated_at: dt.datetime | None = None
    may_write: bool = False  # edit the row
    may_step: bool = False  # move it along its life cycle (its acceptance unit too)
    #: the statuses the actor's role may move it to (rectifications.role_refusal)
    role_steps: frozenset[RectStatus] = frozenset()
    may_set_acceptor: bool = False
    #: what the row lacks to be reported done (rectifications.report_refusal), while 整改中
    report_problems: tuple[Problem, ...] = ()


def _text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def load_item(actor: User, item_id: int) -> ItemData:
    item = rectifications.get_item(actor, item_id)
    people = display_names([item.created_by, item.updated_by])
    stored = rectifications.measures_of(item)
    measures = [{"content": m.content, "targets": {s["period"]: s["target"]
                                                   for s in m.milestones}}
                for m in stored]
    refusal = (rectifications.report_refusal(item, stored)
               if item.status == RectStatus.IN_PROGRESS.value else None)
    return ItemData(
        id=item.id, case_no=item.case.case_no, unit=item.case.unit.name,
        kind=RectKind(item.kind).label, status=RectStatus(item.status),
        opened_on=item.opened_on, version=item.version,
        values={f.name: _text(getattr(item, f.name)) for f in ITEM_FIELDS},
        measures=measures, steps=tuple(rectifications.life_steps(item)),
        created_by=people.get(item.created_by, item.created_by), created_at=item.created_at,
        updated_by=people.get(item.updated_by, item.updated_by), updated_at=item.updated_at,
        may_write=access.can_write(actor) and access.owns_item(actor, item),
        may_step=access.can_write(actor), may_set_acceptor=access.is_station(actor),
        role_steps=frozenset(s for s in RectStatus
                             if rectifications.role_refusal(actor, item, s) is None),
        report_problems=tuple(refusal.problems) if refusal else ())
