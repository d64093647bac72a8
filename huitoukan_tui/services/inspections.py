"""On-site verification and petitioner follow-up (现场核查/回访)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from huitoukan_tui.enums import Channel, RectKind, RectStatus, Satisfaction
from huitoukan_tui.models import Campaign, Case, Inspection, Rectification, Street, User, database
from huitoukan_tui.services import access, audit, casestate, pinyin, search
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services.cases import get_case, ledger_entry
from huitoukan_tui.services.errors import Collector, NotFound
from huitoukan_tui.services.fields import INSPECTION_FIELDS
from huitoukan_tui.services.text import check_date, check_field, check_text, not_a_choice

YES = {"是", "有", "yes", "y", "true", "1"}
NO = {"否", "无", "没有", "no", "n", "false", "0"}


def parse_yes_no(errors: Collector, label: str, value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    errors.add(label, f"应为 是/否（yes/no），而不是：{value}" if text else "必须选择")
    return None


@dataclass
class InspectionInput:
    inspected_on: object
    inspectors: str
    handled: object
    rebound: object
    satisfaction: str
    findings: str = ""
    new_problems: list[str] = field(default_factory=list)


_SPEC = {f.name: f for f in INSPECTION_FIELDS}


def validate_inspection(case: Case, data: InspectionInput, today: dt.date) -> dict:
    errors = Collector()
    spec = _SPEC
    out = {
        "inspected_on": check_date(
            errors, spec["inspected_on"].label, data.inspected_on, earliest=case.received_on,
            latest=today,
            earliest_reason=f"不能早于受理日期 {case.received_on.isoformat()}",
            latest_reason="不能晚于今天"),
        "inspectors": check_field(errors, spec["inspectors"], data.inspectors),
        "handled": parse_yes_no(errors, spec["handled"].label, data.handled),
        "rebound": parse_yes_no(errors, spec["rebound"].label, data.rebound),
        "findings": check_field(errors, spec["findings"], data.findings),
    }
    try:
        out["satisfaction"] = Satisfaction.from_label(data.satisfaction).value
    except ValueError:
        errors.add(spec["satisfaction"].label,
                   not_a_choice(data.satisfaction, Satisfaction.labels())
                   if str(data.satisfaction or "").strip()
                   else f"必须选择（{'、'.join(Satisfaction.labels())}）")
    problems = []
    new = spec["new_problems"]
    for n, text in enumerate(data.new_problems or [], start=1):
        problems.append(check_text(errors, new.label, text, required=new.required,
                                   max_len=new.max_len, multiline=new.multiline, index=n))
    out["new_problems"] = problems
    errors.raise_if_any()
    return out


def item_defaults(case: Case) -> dict:
    """A new four-list row starts from its case: 问题类型 = the case's channel
    (按原交办问题来源填写), 原交办具体问题 = its problem text, accepted by its street's
    station."""
    street = Street.get_by_id(case.unit.street_id)
    return {
        "problem_type": Channel(case.channel).label,
        "original_problem": case.content,
        "implementer": case.unit.name,
        "acceptor": street.station,
    }


def case_in_campaign(actor: User, case_no: str, campaign: campaigns.CampaignRef,
                     *, write: bool = False) -> tuple[Case, Campaign]:
    """The case and the campaign whose ledger it must be in (to record work in it). A closed
    campaign takes no new work."""
    ledger = campaigns.resolve(campaign, actor)
    case = get_case(actor, case_no)
    access.check_case(actor, case, write=write)
    if ledger_entry(case, ledger) is None:
        raise NotFound(f"信访件 {case.case_no} 不在“{ledger.name}”的台账中。")
    if write:
        campaigns.require_open(ledger)
    return case, ledger


def record_inspection(actor: User, case_no: str, data: InspectionInput,
                      today: dt.date | None = None, campaign: campaigns.CampaignRef = None
                      ) -> tuple[Inspection, list[Rectification]]:
    """Save an inspection in ``campaign`` (default: the actor's current one); 否 (not
    handled), 有 (rebound) and each new problem open a rectification item of the matching
    kind in that campaign. One transaction."""
    pinyin.load()  # the initials of 新发现问题: not while holding the lock
    with database.atomic():
        case, ledger = case_in_campaign(actor, case_no, campaign, write=True)
        today = today or campaigns.today_in(ledger)
        values = validate_inspection(case, data, today)
        new_problems = values.pop("new_problems")
        inspection = Inspection.create(case=case, campaign=ledger, created_by=actor.login,
                                       **values)
        audit.record_create(actor, "inspection", inspection.id, case.case_no, values)
        defaults = item_defaults(case)
        kinds: list[tuple[RectKind, str]] = []
        if not values["handled"]:
            kinds.append((RectKind.NOT_RECTIFIED, ""))
        if values["rebound"]:
            kinds.append((RectKind.REBOUND, ""))
        kinds += [(RectKind.NEW, text) for text in new_problems]
        items = []
        for kind, text in kinds:
            item = Rectification.create(
                case=case, campaign=ledger, inspection=inspection, kind=kind.value,
                new_problem=text, problem_initials=search.initials_line(text),
                opened_on=values["inspected_on"], status=RectStatus.IN_PROGRESS.value,
                created_by=actor.login, updated_by=actor.login, **defaults)
            audit.record_create(actor, "rectification", item.id, case.case_no,
                                {"kind": kind.label, "new_problem": text})
            items.append(item)
        casestate.refresh([case.id])
    return inspection, items


@dataclass(frozen=True)
class RecordedInspection:
    """What saving an inspection tells the person: the case, the day, and the four-list rows
    it opened as (id, 类型, 新发现问题)."""

    case_no: str
    inspected_on: dt.date
    items: list[tuple[int, str, str]]


def save_inspection(actor: User, case_no: str, data: InspectionInput,
                    today: dt.date | None = None, campaign: campaigns.CampaignRef = None
                    ) -> RecordedInspection:
    """``record_inspection`` as plain data, for the inspection form and ``inspect``."""
    inspection, items = record_inspection(actor, case_no, data, today, campaign)
    return RecordedInspection(inspection.case.case_no, inspection.inspected_on,
                              [(i.id, RectKind(i.kind).label, i.new_problem) for i in items])


def inspections_of(actor: User, case: Case) -> list[Inspection]:
    access.check_case(actor, case)
    return list(case.inspections.order_by(Inspection.inspected_on.desc(), Inspection.id.desc()))


def latest_inspection(case: Case) -> Inspection | None:
    return case.inspections.order_by(Inspection.inspected_on.desc(),
                                      Inspection.id.desc()).first()


def latest_inspections(case_ids: list[int], campaign: Campaign | None = None
                       ) -> dict[int, Inspection]:
    """case id → its latest inspection (in ``campaign`` when given), in one query."""
    latest: dict[int, Inspection] = {}
    if not case_ids:
        return latest
    query = Inspection.select().where(Inspection.case.in_(case_ids))
    if campaign is not None:
        query = query.where(Inspection.campaign == campaign.id)
    query = (query
             .order_by(Inspection.case, Inspection.inspected_on, Inspection.id))
    for inspection in query:
        latest[inspection.case_id] = inspection  # the last one of each case wins
    return latest
