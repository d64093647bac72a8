"""Everything the case detail screen shows, in one call and as plain values.

The result holds no model objects (nothing lazy is left to load on another thread), phone
numbers are masked for roles that may not see them, and the change history is read from the
audit log.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from huitoukan_tui.enums import CaseStatus, Channel, RectKind, RectStatus, Satisfaction
from huitoukan_tui.models import AuditEntry, Inspection, Rectification, User
from huitoukan_tui.services import access, casestate, rectifications
from huitoukan_tui.services.cases import FIELD_LABELS, get_case
from huitoukan_tui.services.text import mask_phone

HISTORY_LIMIT = 200

ENTITY_LABELS = {"case": "信访件", "inspection": "核查记录", "rectification": "整改事项",
                 "measure": "整改措施"}
ACTION_LABELS = {"create": "新建", "update": "修改", "delete": "删除", "status": "状态变更",
                 "submit": "报送"}
ITEM_FIELD_LABELS = {
    "problem_type": "问题类型", "original_problem": "原交办具体问题", "new_problem": "新发现问题",
    "target_standard": "目标任务（标准）", "implementer": "整改实施主体",
    "acceptor": "验收（监管）单位", "deadline": "完成时限", "note": "备注", "status": "状态",
    "measures": "整改措施", "reported_on": "报完成日期", "accepted_on": "验收日期",
    "accepted_by": "验收单位", "referred_on": "移交日期", "referral_reason": "移交原因",
    "kind": "类型",
}
INSPECTION_FIELD_LABELS = {
    "inspected_on": "核查日期", "inspectors": "核查人员", "handled": "是否处理到位",
    "rebound": "有无反弹", "satisfaction": "信访人是否满意", "findings": "核查情况",
}


@dataclass(frozen=True)
class InspectionView:
    id: int
    inspected_on: dt.date
    inspectors: str
    handled: bool
    rebound: bool
    satisfaction: str
    findings: str
    created_by: str


@dataclass(frozen=True)
class ItemView:
    id: int
    kind: str
    status: RectStatus
    deadline: dt.date | None
    days_left: int | None
    overdue: bool
    problem_type: str
    new_problem: str
    measures: str
    target_standard: str
    implementer: str
    acceptor: str
    opened_on: dt.date


@dataclass(frozen=True)
class HistoryView:
    at: dt.datetime
    actor: str
    entity: str
    action: str
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class CaseFile:
    case_id: int
    case_no: str
    version: int
    status: CaseStatus
    overdue: bool
    referred: bool
    next_deadline: dt.date | None
    #: (label, value, multi-line) in display order
    fields: list[tuple[str, str, bool]]
    #: raw editable values for the case form (phone unmasked only if the actor may see it)
    values: dict[str, str]
    inspections: list[InspectionView]
    items: list[ItemView]
    history: list[HistoryView]
    updated_at: dt.datetime | None
    updated_by: str


def _mask_name(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1) if name else ""


def case_file(actor: User, case_no: str, today: dt.date) -> CaseFile:
    case = get_case(actor, case_no)
    see_personal = access.can_see_phone(actor)
    phone = case.phone if see_personal else mask_phone(case.phone)
    petitioner = case.petitioner if see_personal else _mask_name(case.petitioner)
    overdue = casestate.is_overdue(case.next_deadline, today)
    fields = [
        ("编号", case.case_no, False),
        ("来源", Channel(case.channel).label, False),
        ("受理日期", case.received_on.isoformat(), False),
        ("核查单位", case.unit.name, False),
        ("信访人", petitioner, False),
        ("联系电话", phone, False),
        ("被反映对象", case.target, False),
        ("地点", case.location, False),
        ("问题类别", case.category, False),
        ("反映问题", case.content, True),
        ("原办理情况", case.original_handling, True),
    ]
    values = {
        "case_no": case.case_no, "channel": Channel(case.channel).label,
        "received_on": case.received_on.isoformat(), "unit": case.unit.name,
        "petitioner": petitioner, "phone": phone, "target": case.target,
        "location": case.location, "category": case.category, "content": case.content,
        "original_handling": case.original_handling,
    }
    inspections = [
        InspectionView(i.id, i.inspected_on, i.inspectors, bool(i.handled), bool(i.rebound),
                       _label(Satisfaction, i.satisfaction), i.findings, i.created_by)
        for i in case.inspections.order_by(Inspection.inspected_on.desc(), Inspection.id.desc())
    ]
    items = []
    for item in case.rectifications.order_by(Rectification.opened_on, Rectification.id):
        item.case = case  # measures_text and friends need no further query for the case
        items.append(ItemView(
            id=item.id, kind=_label(RectKind, item.kind), status=RectStatus(item.status),
            deadline=item.deadline, days_left=rectifications.days_left(item, today),
            overdue=rectifications.is_overdue(item, today), problem_type=item.problem_type,
            new_problem=item.new_problem, measures=rectifications.measures_text(item),
            target_standard=item.target_standard, implementer=item.implementer,
            acceptor=item.acceptor, opened_on=item.opened_on))
    return CaseFile(
        case_id=case.id, case_no=case.case_no, version=case.version,
        status=CaseStatus(case.status), overdue=overdue, referred=bool(case.referred),
        next_deadline=case.next_deadline, fields=fields, values=values,
        inspections=inspections, items=items,
        history=case_history(actor, case.id, case.case_no),
        updated_at=case.updated_at, updated_by=case.updated_by)


def _label(enum, code: str) -> str:
    try:
        return enum(code).label
    except ValueError:
        return code


def case_history(actor: User, case_id: int, case_no: str,
                 limit: int = HISTORY_LIMIT) -> list[HistoryView]:
    """The audit rows of a case and of its inspections and items, newest first."""
    see_personal = access.can_see_phone(actor)
    query = (AuditEntry.select()
             .where((AuditEntry.case_no == case_no)
                    | ((AuditEntry.entity == "case") & (AuditEntry.entity_id == case_id)))
             .order_by(AuditEntry.id.desc()).limit(limit))
    rows = []
    for e in query:
        entity = ENTITY_LABELS.get(e.entity, e.entity)
        if e.entity == "rectification":
            entity = f"{entity} #{e.entity_id}"
        before, after = e.before, e.after
        if e.action in ("create", "delete"):
            before, after = "", _summary(e.entity, e.after or e.before)
        elif e.field in ("phone", "petitioner") and not see_personal:
            mask = mask_phone if e.field == "phone" else _mask_name
            before, after = mask(before), mask(after)
        elif e.field == "measures":
            before, after = _measures(before), _measures(after)
        rows.append(HistoryView(e.at, e.actor, entity, ACTION_LABELS.get(e.action, e.action),
                                field_label(e.entity, e.field), before, after))
    return rows


def field_label(entity: str, field: str) -> str:
    if entity == "case":
        return FIELD_LABELS.get(field, field)
    if entity == "inspection":
        return INSPECTION_FIELD_LABELS.get(field, field)
    return ITEM_FIELD_LABELS.get(field, field)


def _measures(data: str) -> str:
    """Measures as stored in the audit log (JSON) → ``1. 内容（2024年第二季度：目标）``."""
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


def _summary(entity: str, data: str) -> str:
    """A one-line summary of a created record (never its personal data)."""
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
    return ""
