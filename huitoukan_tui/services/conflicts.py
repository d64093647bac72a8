"""What the conflict dialog shows, and re-applying one's own edit after seeing it.

A save whose record changed after the form was opened raises ``ConflictError`` carrying the
other edits' audit rows and the record's current version. The form then offers:

- **reload** (重新载入): read the record again and drop the typed changes;
- **re-apply** (仍然保存我的修改): ``reapply(err, save)`` runs the same save against the
  current version. Save only what this form changed (``my_changes``): then the typed values
  win in those fields, the other edit stays in every other field, and both are in the history.

Example (TUI)::

    try:
        cases.update_case(actor, no, data, expected_version=form_version)
    except ConflictError as err:
        lines = conflicts.describe(err)          # who, when, which field: before → after
        ...                                      # ask the user
        mine = conflicts.my_changes(loaded_values, data)
        case = conflicts.reapply(err, lambda v: cases.update_case(actor, no, mine, v))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from huitoukan_tui.models import User
from huitoukan_tui.services.errors import ConflictError
from huitoukan_tui.services.history import field_label

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

    def text(self) -> str:
        """``2024-03-21 10:02 七星村 陈村干（qixing）把 地点 从“A”改为“B”``."""
        who = f"{self.name}（{self.login}）" if self.name != self.login else self.login
        when = self.at.strftime("%Y-%m-%d %H:%M")
        return f"{when} {who} 把 {self.label} 从“{self.before}”改为“{self.after}”"


def describe(err: ConflictError) -> list[OtherChange]:
    """The other edits, oldest first: who, when, which field, before and after."""
    logins = {c.actor for c in err.changes}
    names = dict(User.select(User.login, User.display_name)
                 .where(User.login.in_(sorted(logins))).tuples()) if logins else {}
    return [OtherChange(c.at, c.actor, names.get(c.actor, c.actor), c.field,
                        field_label(c.field, c.entity), c.before, c.after) for c in err.changes]


def changed_fields(err: ConflictError) -> set[str]:
    return {c.field for c in err.changes if c.field}


def overlapping_fields(err: ConflictError, mine: dict) -> list[str]:
    """Fields both edits changed: re-applying overwrites the other's value there."""
    return sorted(changed_fields(err) & set(mine))


def my_changes(loaded: dict, typed: dict) -> dict:
    """The fields of ``typed`` that differ from what the form loaded."""
    return {k: v for k, v in typed.items() if loaded.get(k) != v}


def reapply(err: ConflictError, save: Callable[[int], T]) -> T:
    """Run ``save(expected_version)`` against the version the conflict reported. Raises a new
    ConflictError if yet another edit landed in between (ask again)."""
    return save(err.current_version)
