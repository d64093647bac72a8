"""The audit log: who changed what, when, before and after. Written in the caller's
transaction; there is no function to edit or delete an entry."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from huitoukan_tui.models import AuditEntry, User
from huitoukan_tui.services import clock


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    label = getattr(value, "label", None)
    return label if isinstance(label, str) else str(value)


def record_create(actor: User, entity: str, entity_id: int, case_no: str,
                  values: dict[str, object]) -> None:
    AuditEntry.create(actor=actor.login, entity=entity, entity_id=entity_id, case_no=case_no,
                      action="create", after=_text({k: _text(v) for k, v in values.items()}),
                      version=1)


def record_changes(actor: User, entity: str, entity_id: int, case_no: str,
                   changes: dict[str, tuple[object, object]], action: str = "update",
                   version: int = 0) -> None:
    at = clock.now()
    rows = [
        dict(at=at, actor=actor.login, entity=entity, entity_id=entity_id, case_no=case_no,
             action=action, field=field, before=_text(before), after=_text(after),
             version=version)
        for field, (before, after) in changes.items()
    ]
    if rows:
        AuditEntry.insert_many(rows).execute()


def record_delete(actor: User, entity: str, entity_id: int, case_no: str,
                  values: dict[str, object]) -> None:
    AuditEntry.create(actor=actor.login, entity=entity, entity_id=entity_id, case_no=case_no,
                      action="delete", before=_text({k: _text(v) for k, v in values.items()}))


def diff(old: dict[str, object], new: dict[str, object]) -> dict[str, tuple[object, object]]:
    return {k: (old.get(k), v) for k, v in new.items() if old.get(k) != v}


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    actor: str
    entity: str
    entity_id: int
    case_no: str
    action: str
    field: str
    before: str
    after: str


def changes_since(entity: str, entity_id: int, version: int) -> list[AuditRow]:
    """The audit rows of an entity after ``version``: what another user changed meanwhile."""
    query = AuditEntry.select().where(
        (AuditEntry.entity == entity) & (AuditEntry.entity_id == entity_id)
        & (AuditEntry.version > version))
    return [_row(e) for e in query.order_by(AuditEntry.id)]


def _row(e: AuditEntry) -> AuditRow:
    return AuditRow(e.at, e.actor, e.entity, e.entity_id, e.case_no, e.action, e.field,
                    e.before, e.after)
