"""A save refused because its record changed after it was read: who changed what, and
re-applying one's own edit after seeing it.

A service that finds a newer version raises ``conflict(…)`` inside its transaction: the
``ConflictError`` carries the other edits as ``OtherChange`` rows (who, when, which field:
before → after) and the record's current version. The form shows them and offers:

- **reload** (重新载入): read the record again and drop the typed changes;
- **re-apply** (仍然保存我的修改): ``reapply(err, save)`` runs the same save against the
  current version. Save only what this form changed (``my_changes``): then the typed values
  win in those fields, the other edit stays in every other field, and both are in the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from huitoukan_tui.models import User
from huitoukan_tui.services import audit
from huitoukan_tui.services.errors import ConflictError
from huitoukan_tui.services.fields import field_label

T = TypeVar("T")


@dataclass(frozen=True)
class OtherChange:
    at: dt.datetime
    login: str
    name: str
    field: str  # code
    label: str  # Chinese
    before: str
    after: str

    @property
    def who(self) -> str:
        return f"{self.name}（{self.login}）" if self.name != self.login else self.login

    @property
    def when(self) -> str:
        return self.at.strftime("%Y-%m-%d %H:%M") if self.at else ""

    def text(self) -> str:
        """``2024-03-21 10:02 七星村干部（qixing）把 地点 从“A”改为“B”``."""
        return f"{self.when} {self.who} 把 {self.label} 从“{self.before}”改为“{self.after}”"


def conflict(message: str, entity: str, entity_id: int, read_version: int,
             current_version: int) -> ConflictError:
    """The refusal of a save of ``entity`` ``entity_id`` read at ``read_version``: the other
    edits since then, oldest first, named for people, their values as a person reads them
    (measures as numbered lines with their targets, codes as labels)."""
    rows = audit.changes_since(entity, entity_id, read_version)
    logins = sorted({r.actor for r in rows})
    names = dict(User.select(User.login, User.display_name)
                 .where(User.login.in_(logins)).tuples()) if logins else {}
    # imported here: history reads items through rectifications, which imports this module
    from huitoukan_tui.services.history import value_text

    return ConflictError(message, [
        OtherChange(r.at, r.actor, names.get(r.actor, r.actor), r.field,
                    field_label(r.entity, r.field), value_text(r.field, r.before),
                    value_text(r.field, r.after)) for r in rows],
        current_version)


def overlapping_fields(err: ConflictError, mine: dict) -> list[str]:
    """Fields both edits changed: re-applying overwrites the other's value there."""
    return sorted({c.field for c in err.changes if c.field} & set(mine))


def my_changes(loaded: dict, typed: dict) -> dict:
    """The fields of ``typed`` that differ from what the form loaded."""
    return {k: v for k, v in typed.items() if loaded.get(k) != v}


def reapply(err: ConflictError, save: Callable[[int], T]) -> T:
    """Run ``save(expected_version)`` against the version the conflict reported. Raises a new
    ConflictError if yet another edit landed in between (ask again)."""
    return save(err.current_version)
