"""Everything the case detail screen shows, in one call and as plain values.

The result holds no model objects (nothing lazy is left to load on another thread), and
phone numbers are masked for roles that may not see them. The change history is
``services.history.case_history``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from huitoukan_tui.enums import CaseStatus, Channel, RectKind, RectStatus, Satisfaction
from huitoukan_tui.models import Inspection, Rectification, User
from huitoukan_tui.services import access, casestate, rectifications
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services.cases import get_case, ledger_entry
from huitoukan_tui.services.fields import CASE_FIELDS
from huitoukan_tui.services.people import display_names
from huitoukan_tui.services.text import mask_phone


@dataclass(frozen=True)
class InspectionView:
    id: int
    inspected_on: dt.date
    inspectors: str
    handled: bool
    rebound: bool
    satisfaction: str
    findings: str
    created_by: str  # the person who entered it (display name)
    campaign: str = ""


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
    campaign: str = ""  # the campaign that opened the item


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
    updated_at: dt.datetime | None
    updated_by: str  # the person (display name)
    #: the campaign whose status is shown, and whether the case is in its ledger
    campaign: str = ""
    in_ledger: bool = True


@dataclass(frozen=True)
class CaseBrief:
    """What a form about a case says of it in one line (the inspection form's head)."""

    case_no: str
    unit: str
    received_on: dt.date
    target: str
    content: str


def case_brief(actor: User, case_no: str) -> CaseBrief:
    case = get_case(actor, case_no)
    return CaseBrief(case.case_no, case.unit.name, case.received_on, case.target, case.content)


def _mask_name(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1) if name else ""


def case_file(actor: User, case_no: str, today: dt.date,
              campaign: campaigns.CampaignRef = None) -> CaseFile:
    """The case with its status in ``campaign`` and its whole history (inspections and items
    of every campaign, each saying which)."""
    ledger = campaigns.resolve(campaign, actor)
    case = get_case(actor, case_no)
    entry = ledger_entry(case, ledger)
    names = {c.id: c.name for c in campaigns.campaigns_for(None)}
    see_personal = access.can_see_phone(actor)
    phone = case.phone if see_personal else mask_phone(case.phone)
    petitioner = case.petitioner if see_personal else _mask_name(case.petitioner)
    next_deadline = entry.next_deadline if entry else None
    overdue = casestate.is_overdue(next_deadline, today)
    values = {
        "case_no": case.case_no, "channel": Channel(case.channel).label,
        "received_on": case.received_on.isoformat(), "unit": case.unit.name,
        "petitioner": petitioner, "phone": phone, "target": case.target,
        "location": case.location, "category": case.category, "content": case.content,
        "original_handling": case.original_handling,
    }
    fields = [(f.label, values[f.name], f.multiline) for f in CASE_FIELDS]
    rows = list(case.inspections.order_by(Inspection.inspected_on.desc(),
                                          Inspection.id.desc()))
    people = display_names([i.created_by for i in rows] + [case.updated_by])
    inspections = [
        InspectionView(i.id, i.inspected_on, i.inspectors, bool(i.handled), bool(i.rebound),
                       _label(Satisfaction, i.satisfaction), i.findings,
                       people.get(i.created_by, i.created_by), names.get(i.campaign_id, ""))
        for i in rows
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
            acceptor=item.acceptor, opened_on=item.opened_on,
            campaign=names.get(item.campaign_id, "")))
    return CaseFile(
        case_id=case.id, case_no=case.case_no, version=case.version,
        status=CaseStatus(entry.status if entry else "pending"), overdue=overdue,
        referred=bool(entry and entry.referred), next_deadline=next_deadline, fields=fields,
        values=values, inspections=inspections, items=items, updated_at=case.updated_at,
        updated_by=people.get(case.updated_by, case.updated_by), campaign=ledger.name,
        in_ledger=entry is not None)


def _label(enum, code: str) -> str:
    try:
        return enum(code).label
    except ValueError:
        return code
