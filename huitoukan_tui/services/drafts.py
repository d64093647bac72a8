"""Drafts: what a person typed into a form and has not saved yet.

The TUI saves the open form's fields here periodically and on SIGHUP (a dropped SSH link), and
offers them again at the next login. A draft is personal working state, not a record: it is
kept per login and form, has no audit trail and never changes the ledger. Put the version of
the record the form was opened at into ``data`` (e.g. ``{"version": 3, ...}``): saving a
restored draft then goes through the normal conflict check.

``form_key`` names the form and its record, e.g. ``"case:LS-2024-001"``,
``"inspection:LS-2024-001"``, ``"item:17"``, ``"remark:七星村:2024-03-21"``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from huitoukan_tui.models import Draft, User, database
from huitoukan_tui.services import clock
from huitoukan_tui.services.errors import ValidationError

#: a draft larger than this is refused (a form holds a few thousand characters at most)
MAX_DRAFT_CHARS = 200_000


@dataclass(frozen=True)
class DraftInfo:
    form_key: str
    data: dict
    saved_at: dt.datetime


def _key(form_key: str) -> str:
    key = (form_key or "").strip()
    if not key or len(key) > 128:
        raise ValidationError.of("草稿", "表单标识不能为空、最多 128 个字符")
    return key


def save_draft(actor: User, form_key: str, data: dict) -> DraftInfo:
    """Keep (or replace) ``actor``'s draft of ``form_key``; one short transaction."""
    key = _key(form_key)
    try:
        text = json.dumps(data, ensure_ascii=False, default=_jsonable)
    except (TypeError, ValueError) as exc:
        raise ValidationError.of("草稿", f"内容无法保存（{exc}）") from None
    if len(text) > MAX_DRAFT_CHARS:
        raise ValidationError.of("草稿", f"内容过长（{len(text)} 字，最多 {MAX_DRAFT_CHARS} 字）")
    at = clock.now()
    with database.atomic():
        Draft.insert(login=actor.login, form_key=key, data=text, saved_at=at).on_conflict(
            conflict_target=[Draft.login, Draft.form_key],
            update={Draft.data: text, Draft.saved_at: at},
        ).execute()
    return DraftInfo(key, json.loads(text), at)


def _jsonable(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} 不能保存为草稿")


def _info(row: Draft) -> DraftInfo:
    try:
        data = json.loads(row.data)
    except ValueError:
        data = {}
    return DraftInfo(row.form_key, data if isinstance(data, dict) else {}, row.saved_at)


def load_draft(actor: User, form_key: str) -> DraftInfo | None:
    row = Draft.get_or_none((Draft.login == actor.login) & (Draft.form_key == _key(form_key)))
    return _info(row) if row else None


def discard_draft(actor: User, form_key: str) -> bool:
    """Forget the draft (after it was saved for real, or the user declined it)."""
    with database.atomic():
        deleted = Draft.delete().where(
            (Draft.login == actor.login) & (Draft.form_key == _key(form_key))).execute()
    return bool(deleted)


def list_drafts(actor: User) -> list[DraftInfo]:
    """``actor``'s drafts, newest first: what the next login offers to restore."""
    query = (Draft.select().where(Draft.login == actor.login)
             .order_by(Draft.saved_at.desc(), Draft.id.desc()))
    return [_info(row) for row in query]
