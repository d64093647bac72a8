"""The four lists (四项清单): rectification items, their measures and their life cycle.

Life cycle: 整改中 → 待验收 → 已销号; 待验收 → 整改中 (sent back at acceptance);
整改中 → 移交执法 → 已销号. 已销号 is final. Overdue (逾期): a deadline before today on an
item whose deadline still runs (整改中, 待验收; not 移交执法, which is out of the unit's hands):
the one rule of casestate.item_overdue.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from huitoukan_tui import db as dbmod
from huitoukan_tui.enums import Channel, RectKind, RectStatus
from huitoukan_tui.models import (
    Campaign,
    Case,
    LedgerEntry,
    Measure,
    Rectification,
    Unit,
    User,
    database,
)
from huitoukan_tui.services import (
    access,
    audit,
    casestate,
    clock,
    conflicts,
    pinyin,
    search,
)
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services.errors import Collector, NotFound, ValidationError
from huitoukan_tui.services.fields import ITEM_FIELDS, MEASURES_LABEL
from huitoukan_tui.services.inspections import case_in_campaign, item_defaults
from huitoukan_tui.services.text import check_date, check_field, check_text, not_a_choice

QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


# ---------------------------------------------------------------- milestones

def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def required_periods(opened_on: dt.date, deadline: dt.date) -> list[str]:
    """The seed's rule: a task that runs into a later year needs a yearly target for each
    year it spans (``"2024"``); one finished within the year needs a target for each quarter
    it spans (``"2024Q2"``)."""
    if deadline.year > opened_on.year:
        return [str(y) for y in range(opened_on.year, deadline.year + 1)]
    return [f"{opened_on.year}Q{q}" for q in range(quarter_of(opened_on),
                                                   quarter_of(deadline) + 1)]


def period_label(period: str) -> str:
    if "Q" in period:
        year, q = period.split("Q")
        return f"{year}年{QUARTER_NAMES[int(q)]}"
    return f"{period}年"


_MILESTONE = re.compile(
    r"^\s*(\d{4})\s*年?\s*(?:第?([一二三四1-4])季度|[Qq]([1-4]))?\s*[：:]\s*(.+)$", re.DOTALL)
_PERIOD = re.compile(r"^\d{4}(Q[1-4])?$")
_QUARTER_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def parse_milestone(text: str) -> dict:
    """``2024年第二季度：完成围挡`` / ``2024Q2: …`` / ``2025年：…`` → {period, target}."""
    m = _MILESTONE.match(text or "")
    if not m:
        raise ValueError(text)
    year, qname, qdigit, target = m.groups()
    quarter = _QUARTER_DIGIT.get(qname or qdigit or "")
    return {"period": f"{year}Q{quarter}" if quarter else year, "target": target.strip()}


def format_milestone(milestone: dict) -> str:
    return f"{period_label(milestone['period'])}：{milestone['target']}"


@dataclass
class MeasureInput:
    content: str
    milestones: list[dict] = field(default_factory=list)  # {"period", "target"}


def check_measures(errors: Collector, measures: list[MeasureInput], opened_on: dt.date,
                   deadline: dt.date | None) -> list[MeasureInput]:
    out = []
    if not measures:
        errors.add(MEASURES_LABEL, "至少填写一条整改措施")
    needed = required_periods(opened_on, deadline) if deadline else []
    yearly = bool(needed) and "Q" not in needed[0]
    label = MEASURES_LABEL
    for n, m in enumerate(measures, start=1):
        content = check_text(errors, label, m.content, required=True, max_len=1000,
                             multiline=True, index=n)
        stones = []
        for stone in m.milestones:
            period = str(stone.get("period") or "").strip()
            if not _PERIOD.match(period):
                errors.add(label, f"目标时段无效：{period or '（空）'}（应为 2024 或 2024Q2）", n)
                continue
            stone = {**stone, "period": period}
            target = check_text(errors, label, stone.get("target"), required=True, max_len=500,
                                index=n, part=f"{period_label(stone['period'])}目标")
            stones.append({"period": stone["period"], "target": target})
        have = {s["period"] for s in stones}
        missing = [p for p in needed if p not in have]
        extra = [s["period"] for s in stones if s["period"] not in needed]
        if deadline and missing:
            kind = "年度" if yearly else "季度"
            why = "跨年实施，需明确年度工作目标" if yearly else "当年完成，需明确季度工作目标"
            errors.add(label, f"{why}；缺少{kind}目标：{'、'.join(map(period_label, missing))}",
                       n)
        if deadline and extra:
            errors.add(label, "目标时段不在整改期内或类型不符："
                       + "、".join(map(period_label, extra)), n)
        order = {p: i for i, p in enumerate(needed)}
        stones.sort(key=lambda s: order.get(s["period"], 99))
        out.append(MeasureInput(content, stones))
    return out


# ---------------------------------------------------------------- reading

@dataclass(frozen=True)
class ItemFilter:
    units: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    overdue: bool = False
    search: str = ""
    case_no: str = ""
    today: dt.date | None = None
    #: the campaign whose four lists these are (id); None: the actor's current campaign
    campaign: int | None = None


def in_campaign(campaign: Campaign):
    """The items a campaign works on: its own, and those carried over (结转) — items of
    earlier campaigns on cases of its ledger that were still open when it started (the rule
    of casestate.carried_over)."""
    own = Rectification.campaign == campaign.id
    earlier = [c for (c,) in Campaign.select(Campaign.id)
               .where(Campaign.start_on < campaign.start_on).tuples()]
    if not earlier:
        return own
    ledger = LedgerEntry.select(LedgerEntry.case).where(LedgerEntry.campaign == campaign.id)
    still_open = ((Rectification.status != RectStatus.CLOSED.value)
                  | Rectification.accepted_on.is_null()
                  | (Rectification.accepted_on >= campaign.start_on))
    return own | (Rectification.campaign.in_(earlier) & Rectification.case.in_(ledger)
                  & still_open)


def _item_query(actor: User, campaign: Campaign):
    query = (Rectification.select(Rectification, Case, Unit).join(Case).join(Unit)
             .where(in_campaign(campaign))
             .order_by(Unit.position, Case.case_no, Rectification.id))
    scope = access.item_scope(actor)
    return query.where(scope) if scope is not None else query


def list_items(actor: User, flt: ItemFilter | None = None) -> list[Rectification]:
    return list(item_query(actor, flt))


def item_query(actor: User, flt: ItemFilter | None = None):
    """The filtered, ordered query behind ``list_items`` (callers may ``.select()`` fewer
    columns, count or page it). Raises ValidationError for unknown filter values."""
    flt = flt or ItemFilter()
    errors = Collector()
    query = _item_query(actor, campaigns.resolve(flt.campaign, actor))
    if flt.units:
        query = query.where(Unit.name.in_(list(flt.units)))
        unknown = set(flt.units) - {u.name for u in Unit.select().where(
            Unit.name.in_(list(flt.units)))}
        if unknown:
            errors.add("单位", f"没有这个单位：{'、'.join(sorted(unknown))}")
    for attr, values, enum, label in (("kind", flt.kinds, RectKind, "类型"),
                                      ("status", flt.statuses, RectStatus, "状态")):
        if values:
            codes = []
            for v in values:
                try:
                    codes.append(enum.from_label(v).value)
                except ValueError:
                    errors.add(label, not_a_choice(v, enum.labels()))
            query = query.where(getattr(Rectification, attr).in_(codes))
    errors.raise_if_any()
    if flt.overdue:
        query = query.where(casestate.overdue_items(flt.today or clock.today()))
    if flt.case_no:
        query = query.where(Case.case_no == flt.case_no)
    cond = search.condition(flt.search)
    if cond is not None:
        query = query.where(cond)
    return query


def get_item(actor: User, item_id: int) -> Rectification:
    item = (Rectification.select(Rectification, Case, Unit).join(Case).join(Unit)
            .where(Rectification.id == item_id).first())
    if item is None:
        raise NotFound(f"没有找到整改事项：{item_id}")
    access.check_item(actor, item)
    return item


def measures_of(item: Rectification) -> list[MeasureInput]:
    return [MeasureInput(m.content, json.loads(m.milestones or "[]"))
            for m in item.measures.order_by(Measure.position)]


def measures_text(item: Rectification) -> str:
    lines = []
    for n, m in enumerate(measures_of(item), start=1):
        lines.append(f"{n}. {m.content}")
        lines.extend(f"   {format_milestone(s)}" for s in m.milestones)
    return "\n".join(lines)


def is_overdue(item: Rectification, today: dt.date) -> bool:
    return casestate.item_overdue(item.status, item.deadline, today)


def days_left(item: Rectification, today: dt.date) -> int | None:
    """Days until the deadline (negative: days overdue); None without deadline or when it no
    longer runs (已销号, 移交执法)."""
    return casestate.item_days_left(item.status, item.deadline, today)


def carried_from(item: Rectification, campaign: Campaign) -> str:
    """The campaign an item was carried over from (结转), or "" for the campaign's own."""
    if item.campaign_id == campaign.id:
        return ""
    origin = Campaign.get_or_none(Campaign.id == item.campaign_id)
    return origin.name if origin else ""


def measures_by_item(item_ids: list[int]) -> dict[int, list[MeasureInput]]:
    """item id → its measures in order, in one query (for many items at once)."""
    out: dict[int, list[MeasureInput]] = {i: [] for i in item_ids}
    if item_ids:
        for m in (Measure.select().where(Measure.rectification.in_(item_ids))
                  .order_by(Measure.rectification, Measure.position)):
            out[m.rectification_id].append(MeasureInput(m.content,
                                                         json.loads(m.milestones or "[]")))
    return out


def item_record(item: Rectification, today: dt.date | None = None,
                campaign: Campaign | None = None,
                measures: list[MeasureInput] | None = None) -> dict:
    """The item as the CLI and the frozen snapshots give it (``measures``: prefetched;
    ``campaign``: the one listing it, to say where a carried-over item came from)."""
    today = today or clock.today()
    measures = measures_of(item) if measures is None else measures
    return {
        "id": item.id,
        "case_no": item.case.case_no,
        "unit": item.case.unit.name,
        "kind": RectKind(item.kind).label,
        "problem_type": item.problem_type,
        "original_problem": item.original_problem,
        "new_problem": item.new_problem,
        "measures": [{"content": m.content,
                      "milestones": [format_milestone(s) for s in m.milestones]}
                     for m in measures],
        "target_standard": item.target_standard,
        "implementer": item.implementer,
        "acceptor": item.acceptor,
        "deadline": item.deadline.isoformat() if item.deadline else None,
        "status": RectStatus(item.status).label,
        "overdue": is_overdue(item, today),
        "carried_from": carried_from(item, campaign) if campaign is not None else "",
    }


# ---------------------------------------------------------------- writing

EDIT_FIELDS = tuple(f.name for f in ITEM_FIELDS)


def _snapshot(item: Rectification) -> dict:
    values = {f: getattr(item, f) for f in EDIT_FIELDS}
    values["measures"] = [{"content": m.content, "milestones": m.milestones}
                          for m in measures_of(item)]
    return values


def validate_item(data: dict, measures: list[MeasureInput], opened_on: dt.date) -> dict:
    errors = Collector()
    out: dict = {}
    for spec in ITEM_FIELDS:
        if spec.name == "deadline":
            out["deadline"] = check_date(
                errors, spec.label, data.get("deadline"), earliest=opened_on,
                earliest_reason=f"不能早于问题发现日期 {opened_on.isoformat()}")
        else:
            out[spec.name] = check_field(errors, spec, data.get(spec.name))
    out["measures"] = check_measures(errors, measures, opened_on, out["deadline"])
    errors.raise_if_any()
    return out


def _write_measures(item: Rectification, measures: list[MeasureInput]) -> None:
    Measure.delete().where(Measure.rectification == item).execute()
    for pos, m in enumerate(measures, start=1):
        Measure.create(rectification=item, position=pos, content=m.content,
                       milestones=json.dumps(m.milestones, ensure_ascii=False))


def create_item(actor: User, case_no: str, kind: str, data: dict,
                measures: list[MeasureInput], opened_on: dt.date | None = None,
                campaign: campaigns.CampaignRef = None) -> Rectification:
    """Add a four-list row by hand to ``campaign`` (the inspection form adds them on its
    own)."""
    kind_enum = _member(RectKind, "类型", kind)
    pinyin.load()  # the initials of 新发现问题: not while holding the lock
    with database.atomic():
        case, ledger = case_in_campaign(actor, case_no, campaign, write=True)
        opened_on = opened_on or campaigns.today_in(ledger)
        defaults = item_defaults(case)
        values = validate_item({**defaults, **data}, measures, opened_on)
        _check_acceptor(actor, defaults["acceptor"], values["acceptor"])
        stones = values.pop("measures")
        item = Rectification.create(case=case, campaign=ledger, kind=kind_enum.value,
                                    opened_on=opened_on,
                                    status=RectStatus.IN_PROGRESS.value,
                                    created_by=actor.login, updated_by=actor.login,
                                    problem_initials=search.initials_line(
                                        values["new_problem"]), **values)
        _write_measures(item, stones)
        audit.record_create(actor, "rectification", item.id, case.case_no,
                            {"kind": kind_enum.label, **_snapshot(item)})
        casestate.refresh([case.id])
    return item


def _member(enum, field: str, label: str):
    """The member of ``enum`` labelled ``label``; refused as a problem of ``field``."""
    try:
        return enum.from_label(label)
    except ValueError:
        raise ValidationError.of(field, not_a_choice(label, enum.labels())) from None


def _check_acceptor(actor: User, current: str, wanted: str) -> None:
    """The acceptance unit may close the item (已销号), so a unit cannot name itself."""
    if wanted != current and not access.is_station(actor):
        raise ValidationError.of("验收（监管）单位", "只有街道生态环境站可以修改")


def update_item(actor: User, item_id: int, data: dict, measures: list[MeasureInput],
                expected_version: int) -> Rectification:
    pinyin.load()
    with database.atomic():
        dbmod.lock_rows(Rectification, Rectification.id == item_id)  # PostgreSQL
        item = get_item(actor, item_id)
        access.check_item(actor, item, write=True)
        if item.status == RectStatus.CLOSED.value:
            raise ValidationError("已销号的事项不能再修改。")
        values = validate_item(data, measures, item.opened_on)
        _check_acceptor(actor, item.acceptor, values["acceptor"])
        if item.version != expected_version:
            raise conflicts.conflict(
                f"整改事项 {item.id} 已被他人修改，请查看对方的修改后重新保存。",
                "rectification", item.id, expected_version, item.version)
        before = _snapshot(item)
        stones = values.pop("measures")
        for name, value in values.items():
            setattr(item, name, value)
        after = {**{f: getattr(item, f) for f in EDIT_FIELDS},
                 "measures": [{"content": m.content, "milestones": m.milestones}
                              for m in stones]}
        changes = audit.diff(before, after)
        if not changes:
            return item
        item.version += 1
        item.updated_at = clock.now()
        item.updated_by = actor.login
        item.problem_initials = search.initials_line(item.new_problem)
        item.save()
        _write_measures(item, stones)
        audit.record_changes(actor, "rectification", item.id, item.case.case_no, changes,
                             version=item.version)
        casestate.refresh([item.case_id])
    return item


ALLOWED_MOVES = {
    (RectStatus.IN_PROGRESS, RectStatus.AWAITING),
    (RectStatus.AWAITING, RectStatus.CLOSED),
    (RectStatus.AWAITING, RectStatus.IN_PROGRESS),
    (RectStatus.IN_PROGRESS, RectStatus.REFERRED),
    (RectStatus.REFERRED, RectStatus.CLOSED),
}


#: the moves of acceptance, which the item's 验收（监管）单位 may make on another unit's item
ACCEPTANCE_MOVES = {
    (RectStatus.AWAITING, RectStatus.CLOSED),
    (RectStatus.AWAITING, RectStatus.IN_PROGRESS),
    (RectStatus.REFERRED, RectStatus.CLOSED),
}


def move_refusal(current: RectStatus, target: RectStatus) -> ValidationError | None:
    """Why the life cycle refuses ``current`` → ``target`` (None: allowed); what set_status
    raises, so a screen can say so before asking for a date or a reason."""
    if (current, target) in ALLOWED_MOVES:
        return None
    if current == RectStatus.CLOSED:
        return ValidationError.of("状态", "已销号的事项不能再改变状态。")
    return ValidationError.of("状态", f"不能从“{current.label}”改为“{target.label}”。")


def role_refusal(actor: User, item: Rectification, target: RectStatus) -> str | None:
    """Why ``actor``'s role may not move ``item`` to ``target`` in any state (None: it may;
    move_refusal says whether the life cycle allows it now). set_status refuses the same,
    and the editor offers only the keys this allows."""
    if not access.can_write(actor):
        return "只读用户不能修改数据。"
    if target == RectStatus.REFERRED and not access.is_station(actor):
        return "只有街道生态环境站可以移交执法"
    if target == RectStatus.CLOSED and not (access.is_station(actor)
                                            or access.is_acceptor(actor, item)):
        return "只有街道生态环境站或验收（监管）单位可以验收销号"
    if target == RectStatus.IN_PROGRESS and not (access.is_station(actor)
                                                 or access.is_acceptor(actor, item)):
        return "只有街道生态环境站或验收（监管）单位可以退回整改"
    if target == RectStatus.AWAITING and not access.owns_item(actor, item):
        return "验收（监管）单位只能验收销号或退回整改，不能报验收。"
    return None


@dataclass(frozen=True)
class StepReason:
    """The reason or opinion a life-cycle move records: its label (in refusals, headers and
    history), the item's field, and whether the move needs it."""

    label: str
    field: str
    required: bool
    day_field: str = ""  # the date kept with it, if any


#: (from, to) → what the move records besides the status and its date
STEP_REASONS: dict[tuple[RectStatus, RectStatus], StepReason] = {
    (RectStatus.IN_PROGRESS, RectStatus.AWAITING): StepReason("报验收说明", "report_note", False),
    (RectStatus.AWAITING, RectStatus.CLOSED): StepReason("验收意见", "acceptance_opinion", False),
    (RectStatus.AWAITING, RectStatus.IN_PROGRESS): StepReason("退回原因", "return_reason", True,
                                                              "returned_on"),
    (RectStatus.IN_PROGRESS, RectStatus.REFERRED): StepReason("移交原因", "referral_reason",
                                                              True),
    (RectStatus.REFERRED, RectStatus.CLOSED): StepReason("执法结果", "referral_result", True,
                                                         "referral_result_on"),
}
DEPARTMENT_LABEL = "移交部门"


def set_status(actor: User, item_id: int, status: str, *, on: object = None, reason: str = "",
               department: str = "", accepted_by: str = "", today: dt.date | None = None,
               expected_version: int | None = None) -> Rectification:
    """Move an item along its life cycle, recording who, when and why (STEP_REASONS).

    - 待验收: work reported done (date defaults to today; the row must be complete), with an
      optional 报验收说明;
    - 已销号: accepted — needs the acceptance date and the accepting unit (default: the
      item's 验收（监管）单位), with an optional 验收意见; only the station or that unit may
      accept. A referred item closes with the result of enforcement (执法结果, required);
    - 整改中 from 待验收: sent back (退回整改), with a reason;
    - 移交执法: referred to enforcement — needs a date, a reason and the department it goes
      to; station only.
    """
    today = today or clock.today()
    target = _member(RectStatus, "状态", status)
    with database.atomic():
        dbmod.lock_rows(Rectification, Rectification.id == item_id)  # PostgreSQL
        item = get_item(actor, item_id)
        current = RectStatus(item.status)
        access.check_item(actor, item, write=True,
                          accepting=(current, target) in ACCEPTANCE_MOVES)
        if expected_version is not None and item.version != expected_version:
            raise conflicts.conflict(f"整改事项 {item.id} 已被他人修改。", "rectification",
                                     item.id, expected_version, item.version)
        refusal = move_refusal(current, target)
        if refusal is not None:
            raise refusal
        step = STEP_REASONS[(current, target)]
        errors = Collector()
        role = role_refusal(actor, item, target)  # the acceptance unit: the item's own
        if role is not None:
            errors.add("状态", role)
        reason = check_text(errors, step.label, reason, required=step.required, max_len=1000,
                            multiline=True)
        changes: dict[str, tuple[object, object]] = {"status": (current.label, target.label)}
        day = check_date(errors, "日期", on if on not in (None, "") else (
            today if target in (RectStatus.AWAITING, RectStatus.IN_PROGRESS) else None),
            earliest=item.opened_on, latest=today,
            earliest_reason=f"不能早于问题发现日期 {item.opened_on.isoformat()}",
            latest_reason="不能晚于今天")
        values: dict[str, object] = {step.field: reason}
        if step.day_field:
            values[step.day_field] = day
        if target == RectStatus.AWAITING:
            _require_complete(errors, item)
            values["reported_on"] = day
        elif target == RectStatus.CLOSED:
            accepted_by = check_text(errors, "验收单位", accepted_by or item.acceptor,
                                     required=True, max_len=100)
            values.update(accepted_on=day, accepted_by=accepted_by)
        elif target == RectStatus.REFERRED:
            values.update(referred_on=day, referral_department=check_text(
                errors, DEPARTMENT_LABEL, department, required=True, max_len=100))
        if department and target != RectStatus.REFERRED:
            errors.add(DEPARTMENT_LABEL, "只在移交执法时填写")
        errors.raise_if_any()
        for name, value in values.items():
            if getattr(item, name) != value:
                changes[name] = (getattr(item, name), value)
                setattr(item, name, value)
        item.status = target.value
        item.version += 1
        item.updated_at = clock.now()
        item.updated_by = actor.login
        item.save()
        audit.record_changes(actor, "rectification", item.id, item.case.case_no, changes,
                             action="status", version=item.version)
        casestate.refresh([item.case_id])
    return item


def missing_parts(item: Rectification, measures: list | None = None) -> list[str]:
    """The parts a complete four-list row needs and ``item`` lacks (column names of
    attachment 1, in its order); ``measures``: its measures_of, if already read."""
    missing = []
    if not (measures_of(item) if measures is None else measures):
        missing.append(MEASURES_LABEL)
    if not item.target_standard:
        missing.append("目标任务（标准）")
    if item.deadline is None:
        missing.append("完成时限")
    return missing


def life_steps(item: Rectification) -> list[str]:
    """The item's life as its header states it, oldest first: each step with its date and
    the reason it recorded (``退回整改 2024-04-10：隔音棚未封顶``)."""
    def said(text: str) -> str:
        return f"：{text}" if text else ""

    steps = []
    if item.reported_on:
        steps.append((item.reported_on, 1, f"报验收 {item.reported_on}{said(item.report_note)}"))
    if item.returned_on:
        steps.append((item.returned_on, 2,
                      f"退回整改 {item.returned_on}{said(item.return_reason)}"))
    if item.referred_on:
        to = f" → {item.referral_department}" if item.referral_department else ""
        steps.append((item.referred_on, 3,
                      f"移交执法 {item.referred_on}{to}{said(item.referral_reason)}"))
    if item.referral_result_on:
        steps.append((item.referral_result_on, 4,
                      f"执法结果 {item.referral_result_on}{said(item.referral_result)}"))
    if item.accepted_on:
        steps.append((item.accepted_on, 5, f"验收销号 {item.accepted_on}（{item.accepted_by}）"
                      f"{said(item.acceptance_opinion)}"))
    return [text for _, _, text in sorted(steps, key=lambda s: (s[0], s[1]))]


def report_refusal(item: Rectification, measures: list | None = None
                   ) -> ValidationError | None:
    """Why ``item`` may not be reported done yet (None: its row is complete) — what
    set_status refuses for 报验收 — so the editor says it at its fields before asking for a
    date. ``measures``: its measures_of, if already read."""
    errors = Collector()
    _require_complete(errors, item, measures)
    return ValidationError(problems=errors.problems) if errors else None


def _require_complete(errors: Collector, item: Rectification,
                      measures: list | None = None) -> None:
    """A row reported done must be a complete four-list row (what acceptance checks)."""
    for part in missing_parts(item, measures):
        errors.add(part, "报验收前至少填写一条" if part == MEASURES_LABEL else "报验收前必须填写")


def status_on(item: Rectification, day: dt.date) -> RectStatus:
    """The item's life-cycle state at the end of ``day``, from the dates it records: a row
    accepted, referred or reported after ``day`` was still at the step before then."""
    status = RectStatus(item.status)
    if status is RectStatus.CLOSED and (item.accepted_on is None or item.accepted_on > day):
        status = RectStatus.AWAITING
    if status is RectStatus.REFERRED and (item.referred_on is None or item.referred_on > day):
        status = RectStatus.IN_PROGRESS
    if status is RectStatus.AWAITING and (item.reported_on is None or item.reported_on > day):
        status = RectStatus.IN_PROGRESS
    return status


def state_label_on(item: Rectification, day: dt.date) -> str:
    """``整改中``, ``待验收``, ``已销号`` or ``移交执法`` on ``day``, with ``，已逾期`` when the
    row was overdue then (casestate.item_overdue: never once 移交执法)."""
    status = status_on(item, day)
    late = casestate.item_overdue(status, item.deadline, day)
    return status.label + ("，已逾期" if late else "")


def channel_label(code: str) -> str:
    return Channel(code).label
