"""The audit log: who changed what, when, before and after. Written in the caller's
transaction; there is no function to edit or delete an entry."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from huitoukan_tui.models import AuditEntry, User
from huitoukan_tui.services import bulkwrite, clock


def _text(value: object) -> str:
    if type(value) is str:  # the common case first: an import writes millions of them
        return value
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


#: the columns of an audit row as ``create_row``/``change_rows`` give them
COLUMNS = ("at", "actor", "entity", "entity_id", "case_no", "action", "field", "before",
           "after", "version")


def create_row(at: dt.datetime, login: str, entity: str, entity_id: int, case_no: str,
               values: dict[str, object], version: int = 1) -> tuple:
    """The audit row of a new record: every value, as JSON, in ``after``."""
    return (at, login, entity, entity_id, case_no, "create", "", "",
            _text({k: _text(v) for k, v in values.items()}), version)


def change_rows(at: dt.datetime, login: str, entity: str, entity_id: int, case_no: str,
                changes: dict[str, tuple[object, object]], action: str = "update",
                version: int = 0) -> list[tuple]:
    """One audit row per changed field (before, after); ``version`` is the record's after."""
    return [(at, login, entity, entity_id, case_no, action, field, _text(before), _text(after),
             version) for field, (before, after) in changes.items()]


def event_row(at: dt.datetime, login: str, action: str, details: dict) -> tuple:
    """The audit row of an event of no single record (an import: its file and counts)."""
    return (at, login, action, 0, "", action, "", "", _text(details), 0)


def write(rows: Iterable[tuple]) -> None:
    """Insert audit rows (of ``COLUMNS``), in bulk, in the caller's transaction."""
    bulkwrite.insert_rows(AuditEntry, COLUMNS, rows)


def record_create(actor: User, entity: str, entity_id: int, case_no: str,
                  values: dict[str, object]) -> None:
    write([create_row(clock.now(), actor.login, entity, entity_id, case_no, values)])


def record_changes(actor: User, entity: str, entity_id: int, case_no: str,
                   changes: dict[str, tuple[object, object]], action: str = "update",
                   version: int = 0) -> None:
    write(change_rows(clock.now(), actor.login, entity, entity_id, case_no, changes, action,
                      version))


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
