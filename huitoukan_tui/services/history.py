"""Reading the audit log: the ``audit`` command and a case's history.

Who sees what follows the cases: a unit user sees the history of its own unit's cases (their
inspections and four-list rows included) and of its own weekly remarks; the station and
viewers see everything; personal data (petitioner, phone) is masked for viewers, in the
before/after values too. Entries are found by the record they belong to, so a case that was
renumbered keeps its whole history.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass

from huitoukan_tui.enums import CaseStatus, Channel, RectKind, RectStatus, Role, Satisfaction
from huitoukan_tui.models import AuditEntry, Case, Inspection, Rectification, User, WeekRemark
from huitoukan_tui.services import access, rectifications
from huitoukan_tui.services.cases import get_case
from huitoukan_tui.services.errors import NotFound
from huitoukan_tui.services.fields import field_label
from huitoukan_tui.services.text import mask_phone

ENTITY_LABELS = {"case": "信访件", "inspection": "核查记录", "rectification": "整改事项",
                 "measure": "整改措施", "remark": "备注", "snapshot": "报送", "user": "用户",
                 "import": "台账导入"}
ACTION_LABELS = {"create": "新建", "update": "修改", "delete": "删除", "status": "状态变更",
                 "submit": "报送", "import": "导入"}
PERSONAL_FIELDS = ("phone", "petitioner")


@dataclass(frozen=True)
class HistoryRow:
    at: dt.datetime
    actor: str
    actor_name: str
    entity: str
    entity_id: int
    case_no: str
    action: str
    field: str
    before: str
    after: str

    def record(self) -> dict:
        return {
            "at": self.at.isoformat(sep=" "),
            "actor": self.actor,
            "actor_name": self.actor_name,
            "entity": ENTITY_LABELS.get(self.entity, self.entity),
            "entity_id": self.entity_id,
            "case_no": self.case_no,
            "action": ACTION_LABELS.get(self.action, self.action),
            "field": field_label(self.entity, self.field) if self.field else "",
            "before": self.before,
            "after": self.after,
        }


def _mask_value(field: str, value: str) -> str:
    if field == "phone":
        return mask_phone(value)
    if field == "petitioner":
        return value[:1] + "*" * (len(value) - 1) if value else ""
    return value


def _mask_json(text: str) -> str:
    """Mask personal fields inside a create/delete snapshot (JSON of field → value)."""
    try:
        values = json.loads(text)
    except ValueError:
        return text
    if not isinstance(values, dict):
        return text
    for name in PERSONAL_FIELDS:
        if isinstance(values.get(name), str):
            values[name] = _mask_value(name, values[name])
    return json.dumps(values, ensure_ascii=False)


def _scope(actor: User, case: Case | None):
    """A WHERE condition on AuditEntry limiting it to what ``actor`` may see (None: all)."""
    if case is None and access.sees_all_units(actor):
        return None
    if case is not None:
        case_ids = Case.select(Case.id).where(Case.id == case.id)
    else:
        case_ids = Case.select(Case.id).where(access.case_scope(actor))
    cond = (
        ((AuditEntry.entity == "case") & AuditEntry.entity_id.in_(case_ids))
        | ((AuditEntry.entity == "inspection") & AuditEntry.entity_id.in_(
            Inspection.select(Inspection.id).where(Inspection.case.in_(case_ids))))
        | ((AuditEntry.entity == "rectification") & AuditEntry.entity_id.in_(
            Rectification.select(Rectification.id).where(Rectification.case.in_(case_ids))))
    )
    if case is not None:
        if access.sees_all_units(actor):  # also what was recorded under its number only
            cond = cond | (AuditEntry.case_no == case.case_no)
        return cond
    unit_ids = access.visible_unit_ids(actor) or set()
    remarks = WeekRemark.select(WeekRemark.id).where(WeekRemark.unit.in_(sorted(unit_ids)))
    return cond | ((AuditEntry.entity == "remark") & AuditEntry.entity_id.in_(remarks))


def history(actor: User, *, case_no: str | None = None, login: str | None = None,
            since: dt.date | None = None, limit: int | None = None) -> Iterator[HistoryRow]:
    """Audit entries ``actor`` may see, oldest first; filtered by case, acting user and date.
    A case out of the actor's scope is refused as not found (like opening it)."""
    case = get_case(actor, case_no) if case_no else None
    query = AuditEntry.select()
    scope = _scope(actor, case)
    if scope is not None:
        query = query.where(scope)
    if login:
        query = query.where(AuditEntry.actor == login.strip())
    if since:
        query = query.where(AuditEntry.at >= dt.datetime.combine(since, dt.time()))
    if limit:  # the newest ``limit`` entries, still printed oldest first
        newest = query.order_by(AuditEntry.id.desc()).limit(limit)
        entries = sorted(newest, key=lambda e: e.id)
    else:
        entries = query.order_by(AuditEntry.id).iterator()
    names = dict(User.select(User.login, User.display_name).tuples())
    mask = not access.can_see_phone(actor)
    for e in entries:
        before, after = e.before, e.after
        if mask:
            if e.field in PERSONAL_FIELDS:
                before, after = _mask_value(e.field, before), _mask_value(e.field, after)
            elif not e.field:
                before, after = _mask_json(before), _mask_json(after)
        yield HistoryRow(e.at, e.actor, names.get(e.actor, e.actor), e.entity, e.entity_id,
                         e.case_no, e.action, e.field, before, after)


def case_history(actor: User, case_no: str, *, limit: int | None = None) -> list[HistoryRow]:
    """Every change of the case and its records, oldest first (only the newest ``limit``
    when given)."""
    if not case_no:
        raise NotFound("没有找到信访件：")
    return list(history(actor, case_no=case_no, limit=limit))


# ---------------------------------------------------------------- reading it as a person


@dataclass(frozen=True)
class ChangeLine:
    """One history row as the case detail screen shows it: Chinese labels, measures as
    numbered lines, a created or deleted record as a one-line summary (never its personal
    data)."""

    at: dt.datetime
    actor: str  # login
    entity: str  # e.g. 信访件, 整改事项 #3
    action: str  # e.g. 新建, 修改
    field: str  # Chinese label; empty for create/delete/import
    before: str
    after: str


def readable(row: HistoryRow) -> ChangeLine:
    entity = ENTITY_LABELS.get(row.entity, row.entity)
    if row.entity == "rectification":
        entity = f"{entity} #{row.entity_id}"
    before, after = row.before, row.after
    if row.action in ("create", "delete", "import"):
        before, after = "", summary(row.entity, row.after or row.before)
    else:
        before, after = value_text(row.field, before), value_text(row.field, after)
    return ChangeLine(row.at, row.actor, entity,
                      ACTION_LABELS.get(row.action, row.action),
                      field_label(row.entity, row.field) if row.field else "", before, after)


#: fields stored as codes (huitoukan_tui.enums) → their enumeration
_CODED = {"status": (RectStatus, CaseStatus), "kind": (RectKind,), "channel": (Channel,),
          "satisfaction": (Satisfaction,), "role": (Role,)}


def value_text(field: str, text: str) -> str:
    """A field's value as the audit log stores it, as a person reads it: measures as numbered
    lines with their targets (as the editor shows them, not JSON), codes as their labels."""
    if field == "measures":
        return measures_text(text)
    for enum in _CODED.get(field, ()):
        try:
            return enum(text).label
        except ValueError:
            continue
    return text


def measures_text(data: str) -> str:
    """Measures as the audit log stores them (JSON) → ``1. 内容（2024年第二季度：目标）``, one
    line each."""
    try:
        measures = json.loads(data or "[]")
    except ValueError:
        return data
    if not isinstance(measures, list):
        return data
    lines = []
    for n, m in enumerate(measures, start=1):
        if not isinstance(m, dict):
            continue
        stones = "；".join(_milestone(s) for s in m.get("milestones") or [])
        lines.append(f"{n}. {m.get('content', '')}" + (f"（{stones}）" if stones else ""))
    return "\n".join(lines) if lines else "（无）"


def _milestone(stone: object) -> str:
    if not isinstance(stone, dict):
        return ""
    try:
        return rectifications.format_milestone(stone)
    except (KeyError, ValueError):
        return f"{stone.get('period', '')}：{stone.get('target', '')}"


def summary(entity: str, data: str) -> str:
    """A one-line summary of a created, deleted or imported record (never personal data)."""
    try:
        values = json.loads(data or "{}")
    except ValueError:
        return ""
    if not isinstance(values, dict):
        return ""
    if entity == "inspection":
        return f"核查日期 {values.get('inspected_on', '')}"
    if entity == "rectification":
        kind = values.get("kind", "")
        problem = values.get("new_problem", "")
        return f"{kind}：{problem}" if problem else str(kind)
    if entity == "case":
        return str(values.get("case_no", ""))
    if entity == "import":
        return "，".join(f"{k} {v if not isinstance(v, list) else '、'.join(map(str, v))}"
                        for k, v in values.items() if v not in ("", [], None))
    return ""
