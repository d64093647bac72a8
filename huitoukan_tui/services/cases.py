"""Cases: validate, create, correct, filter, search, sort and page."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from peewee import JOIN

from huitoukan_tui import db as dbmod
from huitoukan_tui.enums import CaseStatus, Channel
from huitoukan_tui.models import Case, Inspection, LedgerEntry, Unit, User, database
from huitoukan_tui.services import access, casestate, casewrite, clock, listcache, search
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services.errors import Collector, NotFound, ValidationError
from huitoukan_tui.services.fields import (
    FIELD_LABELS,
    REQUIRED_FIELDS,
    TEXT_FIELDS,
)
from huitoukan_tui.services.text import (
    check_date,
    check_field,
    clean,
    mask_phone,
    not_a_choice,
)

EARLIEST_RECEIVED = dt.date(2000, 1, 1)

#: what offices write in the 来源 column, mapped to the eight channels (longest first)
CHANNEL_ALIASES: list[tuple[str, Channel]] = sorted(
    [
        ("12345政务服务便民热线", Channel.HOTLINE_12345),
        ("12345政务服务热线", Channel.HOTLINE_12345),
        ("12345热线", Channel.HOTLINE_12345),
        ("12345", Channel.HOTLINE_12345),
        ("便民服务热线", Channel.SERVICE_HOTLINE),
        ("便民热线", Channel.SERVICE_HOTLINE),
        ("网络舆情", Channel.ONLINE_OPINION),
        ("舆情", Channel.ONLINE_OPINION),
        ("人民网留言板", Channel.PEOPLE_DAILY),
        ("人民网领导留言板", Channel.PEOPLE_DAILY),
        ("人民网留言", Channel.PEOPLE_DAILY),
        ("人民网", Channel.PEOPLE_DAILY),
        ("区网信办转办", Channel.CYBER_OFFICE),
        ("区网信办", Channel.CYBER_OFFICE),
        ("网信办", Channel.CYBER_OFFICE),
        ("来电", Channel.PHONE),
        ("电话", Channel.PHONE),
        ("来访", Channel.VISIT),
        ("走访", Channel.VISIT),
        ("信访件", Channel.LETTER),
        ("来信", Channel.LETTER),
        ("信访", Channel.LETTER),
        # written in ledgers (ledger import)
        ("群众来电", Channel.PHONE),
        ("电话投诉", Channel.PHONE),
        ("群众来访", Channel.VISIT),
        ("群众来信", Channel.LETTER),
    ],
    key=lambda pair: -len(pair[0]),
)


def parse_channel(text: object) -> Channel:
    """Map what an office writes to one of the eight channels; ValueError if unclear."""
    raw = unicodedata.normalize("NFKC", clean(text)).replace(" ", "")
    for member in Channel:
        if raw in (member.label, member.value):
            return member
    for alias, member in CHANNEL_ALIASES:
        if raw == alias or (len(raw) > len(alias) and raw.startswith(alias)):
            return member
    raise ValueError(raw)


def channel_problem(value: object) -> str:
    return f"无法识别的来源：{clean(value)}（可选：{'、'.join(Channel.labels())}）"


def validate_case(data: dict, *, units: dict[str, Unit] | None = None,
                  errors: Collector | None = None, today: dt.date | None = None) -> dict:
    """Check and clean the fields of a case. Returns clean values; problems go to ``errors``
    (raised at once when no collector is given)."""
    own = errors is None
    if errors is None:  # not ``errors or …``: an empty Collector is falsy
        errors = Collector()
    today = today or clock.today()
    out: dict = {}
    for name, spec in TEXT_FIELDS.items():
        if name in data:
            out[name] = check_field(errors, spec, data[name])
    if "phone" in out and out["phone"]:
        allowed = set("0123456789-+ ()（）转、,，/")
        if any(c not in allowed for c in out["phone"]):
            errors.add("联系电话", f"含有非电话号码字符：{out['phone']}")
    if "channel" in data:
        try:
            out["channel"] = parse_channel(data["channel"]).value
        except ValueError:
            errors.add("来源", channel_problem(data["channel"]))
    if "received_on" in data:
        out["received_on"] = check_date(
            errors, "受理日期", data["received_on"], earliest=EARLIEST_RECEIVED, latest=today,
            latest_reason="不能晚于今天")
    if "unit" in data:
        value = data["unit"]
        if isinstance(value, Unit):
            out["unit"] = value
        else:
            name = clean(value)
            unit = (units or {}).get(name) if units is not None else Unit.get_or_none(
                Unit.name == name)
            if not name:
                errors.add("核查单位", "不能为空")
            elif unit is None:
                errors.add("核查单位", f"没有这个单位：{name}")
            else:
                out["unit"] = unit
    if own:
        errors.raise_if_any()
    return out


def create_case(actor: User, data: dict, campaign: campaigns.CampaignRef = None) -> Case:
    """Add a case to the ledger of ``campaign`` (default: the actor's current one)."""
    access.require_write(actor)
    ledger = campaigns.resolve(campaign, actor)
    campaigns.require_open(ledger)
    errors = Collector()
    for name in REQUIRED_FIELDS:
        if name not in data:
            errors.add(FIELD_LABELS[name], "不能为空")
    values = validate_case(data, errors=errors)
    if "unit" in values:
        access.check_unit(actor, values["unit"].id, write=True)
        if not campaigns.takes_part(ledger, values["unit"].street_id):
            errors.add("核查单位", f"{values['unit'].name} 所在街道没有参加“{ledger.name}”")
    edit = casewrite.CaseEdit(_stored_values(values))
    with casewrite.writing():  # checked inside: a number saved a moment ago is 已存在 too
        if values.get("case_no"):
            errors.problems += casewrite.plan([edit], on_existing="error")
        errors.raise_if_any()
        casewrite.apply(actor, [edit], ledger=ledger)
    return get_case_by_id(actor, edit.case_id)


def update_case(actor: User, case_no: str, data: dict, expected_version: int) -> Case:
    """Correct a case. Refused with ConflictError when someone saved it after
    ``expected_version`` was read."""
    with casewrite.writing():
        dbmod.lock_rows(Case, Case.case_no == (case_no or "").strip())  # PostgreSQL
        case = get_case(actor, case_no)
        access.check_case(actor, case, write=True)
        values = validate_case(data)
        if "unit" in values:
            access.check_unit(actor, values["unit"].id, write=True)
        edit = casewrite.CaseEdit(_stored_values(values), case_no=case.case_no,
                                  expected_version=expected_version)
        problems = casewrite.plan([edit])
        if problems:
            raise ValidationError(problems=problems)
        if edit.action == "unchanged":
            return case
        casewrite.apply(actor, [edit])
    return get_case_by_id(actor, case.id)


def _stored_values(values: dict) -> dict:
    """Checked values as the case-write core takes them: the unit by its name."""
    if "unit" in values:
        return {**values, "unit": values["unit"].name}
    return values


def get_case(actor: User, case_no: str) -> Case:
    case = (Case.select(Case, Unit).join(Unit).where(Case.case_no == (case_no or "").strip())
            .first())
    if case is None:
        raise NotFound(f"没有找到信访件：{case_no}")
    access.check_case(actor, case)
    return case


def get_case_by_id(actor: User, case_id: int) -> Case:
    case = Case.select(Case, Unit).join(Unit).where(Case.id == case_id).first()
    if case is None:
        raise NotFound(f"没有找到信访件：#{case_id}")
    access.check_case(actor, case)
    return case


# ---------------------------------------------------------------- listing

#: the ledger's orders. Names (核查单位, 被反映对象) sort by pinyin as Excel does: their sort
#: keys (services.pinyin.sort_key, stored beside them), then the name itself; case numbers and
#: dates by their text. ``form``: the forms' order, units as the campaign file lists them
#: (the ledger export), not a column of the screen.
SORT_KEYS = {
    "case_no": (Case.case_no,),
    "channel": (Case.channel, Case.case_no),
    "received_on": (Case.received_on, Case.case_no),
    "unit": (Unit.name_key, Unit.name, Case.case_no),
    "target": (Case.target_key, Case.target, Case.case_no),
    "content": (Case.content, Case.case_no),
    "status": (LedgerEntry.status, Case.case_no),
    "deadline": (LedgerEntry.next_deadline, Case.case_no),
    "form": (Unit.position, Unit.name, Case.case_no),
}
#: the orders that read the unit's row
_BY_UNIT = ("unit", "form")


@dataclass(frozen=True)
class CaseFilter:
    search: str = ""
    units: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    overdue: bool = False
    referred: bool = False
    sort: str = "case_no"
    descending: bool = False
    today: dt.date | None = field(default=None, compare=False)
    #: the campaign whose ledger is listed (id); None: the actor's current campaign
    campaign: int | None = None

    def is_empty(self) -> bool:
        return not (self.search.strip() or self.units or self.channels or self.statuses
                    or self.overdue or self.referred)


def in_ledger(query, campaign_id: int):
    """``query`` over cases, joined to their entries in the campaign's ledger."""
    return query.join(LedgerEntry, on=((LedgerEntry.case == Case.id)
                                       & (LedgerEntry.campaign == campaign_id)))


def campaign_id(actor: User, flt: CaseFilter) -> int:
    return campaigns.resolve(flt.campaign, actor).id


def _conditions(actor: User, flt: CaseFilter) -> list:
    errors = Collector()
    conds = []
    scope = access.case_scope(actor)
    if scope is not None:
        conds.append(scope)
    if flt.units:
        found = list(Unit.select().where(Unit.name.in_(list(flt.units))))
        unknown = set(flt.units) - {u.name for u in found}
        if unknown:
            errors.add("核查单位", f"没有这个单位：{'、'.join(sorted(unknown))}")
        conds.append(Case.unit.in_([u.id for u in found]))
    if flt.channels:
        codes = []
        for value in flt.channels:
            try:
                codes.append(parse_channel(value).value)
            except ValueError:
                errors.add("来源", channel_problem(value))
        conds.append(Case.channel.in_(codes))
    if flt.statuses:
        codes = []
        for value in flt.statuses:
            try:
                codes.append(CaseStatus.from_label(value).value)
            except ValueError:
                errors.add("状态", not_a_choice(value, CaseStatus.labels()))
        conds.append(LedgerEntry.status.in_(codes))
    errors.raise_if_any()
    if flt.overdue:
        conds.append(LedgerEntry.next_deadline < (flt.today or clock.today()))
    if flt.referred:
        conds.append(LedgerEntry.referred == True)  # noqa: E712
    text = search.condition(flt.search)
    if text is not None:
        conds.append(text)
    return conds


def _where(query, conds):
    for cond in conds:
        query = query.where(cond)
    return query


def count_cases(actor: User, flt: CaseFilter | None = None) -> int:
    """How many cases match: the length of the ordered ids the ledger pages through (kept
    per process until the database changes), not a second count over the ledger join (~60 ms
    at 100,000 cases on SQLite)."""
    return len(ordered_ids(actor, flt))


def case_ids(actor: User, flt: CaseFilter | None = None) -> list[int]:
    """Ids of the matching cases in display order (a list: see ordered_ids)."""
    return list(ordered_ids(actor, flt))


def ordered_ids(actor: User, flt: CaseFilter | None = None) -> Sequence[int]:
    """Ids of the matching cases in display order: the ledger pages through these. SQLite:
    an ``array('q')``, 8 bytes a case (at 100,000 cases 0.8 MB, against ~4 MB for a list of
    int objects, which also leave the memory they were made in fragmented for good); it may
    be the kept one itself: callers must not modify it.

    The ordered ids of everything but the text search are kept per process until the
    database changes (services.listcache); the text search narrows them by the set of index
    matches. Joining the two instead reads one case row per match and sorts them: on SQLite
    ~60 ms for a common word at 100,000 cases, against ~10 ms."""
    flt = flt or CaseFilter()
    flt = replace(flt, campaign=campaign_id(actor, flt))
    rest = replace(flt, search="")
    today = (rest.today or clock.today()) if rest.overdue else None
    key = ("case_ids", actor.role, actor.street_id, actor.unit_id, rest, today)
    ordered = listcache.get(key, lambda: _ordered_ids(actor, rest))
    matches = search.matching_ids(flt.search)
    if matches is None:
        return ordered
    return array("q", filter(matches.__contains__, ordered))


def _id_query(flt: CaseFilter):
    """The ids of the campaign's ledger, joined as ``flt.sort`` needs.

    SQLite, sorted by a name: the rows are read in the order of the name's index (cases by
    target_key; units by name_key, then each unit's cases by number), each probed in the
    ledger, so nothing is sorted: ~40 ms at 100,000 cases, against ~100 ms for reading every
    case row and sorting the longer keys. CROSS JOIN is how SQLite is told that join order
    (without statistics its planner starts from the ledger and sorts); the join conditions
    go to WHERE, as a CROSS JOIN has no ON in peewee."""
    on_ledger = (LedgerEntry.case == Case.id) & (LedgerEntry.campaign == flt.campaign)
    if dbmod.is_sqlite() and flt.sort == "target":
        return Case.select(Case.id).join(LedgerEntry, JOIN.CROSS).where(on_ledger)
    if dbmod.is_sqlite() and flt.sort == "unit":
        return (Unit.select(Case.id).join(Case, JOIN.CROSS).join(LedgerEntry, JOIN.CROSS)
                .where((Case.unit == Unit.id) & on_ledger))
    query = in_ledger(Case.select(Case.id), flt.campaign)
    if flt.sort in _BY_UNIT:
        query = query.switch(Case).join(Unit)
    return query


def _ordered_ids(actor: User, flt: CaseFilter) -> Sequence[int]:
    keys = SORT_KEYS.get(flt.sort, SORT_KEYS["case_no"])
    order = [dbmod.ordering(k, flt.descending) for k in keys]  # NULLs first on both engines
    query = _where(_id_query(flt), _conditions(actor, flt)).order_by(*order)
    if dbmod.is_sqlite():
        # one text value instead of a row per case: sqlite3 hands the GIL back and forth
        # once per row, and in a TUI worker every hand-back waits for the UI thread
        # (100,000 rows: ~0.7 s at start-up instead of ~40 ms). SQLite keeps the order of
        # an ORDER BY subquery under an aggregate (it is never flattened into it). A JSON
        # array: json.loads makes the ints in C, twice as fast as split and int() per id.
        sql, params = query.sql()
        text = database.execute_sql(
            f"SELECT json_group_array(id) FROM ({sql})", params).fetchone()[0]
        return array("q", json.loads(text)) if text else array("q")
    # raw rows: peewee's per-row work would cost ~150 ms for 100,000 ids
    return [row[0] for row in database.execute(query).fetchall()]


@dataclass(frozen=True)
class CaseRow:
    """What a list shows of a case."""

    id: int
    case_no: str
    channel: Channel
    received_on: dt.date
    unit: str
    target: str
    location: str
    content: str
    status: CaseStatus
    next_deadline: dt.date | None
    referred: bool
    version: int

    def overdue(self, today: dt.date) -> bool:
        return casestate.is_overdue(self.next_deadline, today)


def rows_by_ids(actor: User, ids: list[int], campaign: campaigns.CampaignRef = None
                ) -> list[CaseRow]:
    """The rows of these cases in the campaign's ledger, in the order given; cases out of
    scope or not in that ledger are left out."""
    if not ids:
        return []
    ledger = campaigns.resolve(campaign, actor)
    query = in_ledger(Case.select(Case.id, Case.case_no, Case.channel, Case.received_on,
                                  Unit.name, Case.target, Case.location, Case.content,
                                  LedgerEntry.status, LedgerEntry.next_deadline,
                                  LedgerEntry.referred, Case.version), ledger.id)
    query = query.switch(Case).join(Unit, JOIN.INNER).where(Case.id.in_(ids))
    scope = access.case_scope(actor)
    if scope is not None:
        query = query.where(scope)
    found = {}
    for r in query.tuples():
        found[r[0]] = CaseRow(r[0], r[1], Channel(r[2]), _as_date(r[3]), r[4], r[5], r[6],
                              r[7], CaseStatus(r[8]), _as_date(r[9]), bool(r[10]), r[11])
    return [found[i] for i in ids if i in found]


def _as_date(value):
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def list_cases(actor: User, flt: CaseFilter | None = None) -> list[Case]:
    ids = case_ids(actor, flt)
    by_id = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for case in Case.select(Case, Unit).join(Unit).where(Case.id.in_(chunk)):
            by_id[case.id] = case
    return [by_id[i] for i in ids]


class LedgerRow(NamedTuple):
    """A case with its latest inspection, as the ledger export writes it (codes, not labels;
    personal data already masked for the actor)."""

    case_no: str
    channel: str
    received_on: dt.date
    unit: str
    petitioner: str
    phone: str
    target: str
    location: str
    category: str
    content: str
    original_handling: str
    status: str
    next_deadline: dt.date | None
    referred: bool
    inspected_on: dt.date | None
    inspectors: str | None
    handled: bool | None
    rebound: bool | None
    satisfaction: str | None
    findings: str | None


def ledger_rows(actor: User, flt: CaseFilter | None = None) -> Iterator[LedgerRow]:
    """Every matching case in display order with its latest inspection (as
    inspections.latest_inspection picks it), streamed from one query: an export of any size
    in bounded memory, without a model object per row."""
    flt = flt or CaseFilter()
    ledger = campaign_id(actor, flt)
    keys = SORT_KEYS.get(flt.sort, SORT_KEYS["case_no"])
    latest = (Inspection.select(Inspection.id)
              .where((Inspection.case == Case.id) & (Inspection.campaign == ledger))
              .order_by(Inspection.inspected_on.desc(), Inspection.id.desc()).limit(1))
    query = in_ledger(Case.select(
        Case.case_no, Case.channel, Case.received_on, Unit.name, Case.petitioner, Case.phone,
        Case.target, Case.location, Case.category, Case.content, Case.original_handling,
        LedgerEntry.status, LedgerEntry.next_deadline, LedgerEntry.referred,
        Inspection.inspected_on, Inspection.inspectors, Inspection.handled, Inspection.rebound,
        Inspection.satisfaction, Inspection.findings), ledger)
    query = (query.switch(Case).join(Unit).switch(Case)
             .join(Inspection, JOIN.LEFT_OUTER, on=(Inspection.id == latest)))
    query = _where(query, _conditions(actor, flt)).order_by(
        *[dbmod.ordering(k, flt.descending) for k in keys])
    personal = access.can_see_phone(actor)
    for row in query.tuples().iterator():
        if personal:
            yield LedgerRow(*row)
        else:
            yield LedgerRow(*row[:4], _mask_name(row[4]), mask_phone(row[5]), *row[6:])


def ledger_entry(case: Case, campaign: campaigns.CampaignRef = None,
                 actor: User | None = None) -> LedgerEntry | None:
    """The case's entry in the campaign's ledger (None: not in that ledger)."""
    ledger = campaigns.resolve(campaign, actor)
    return LedgerEntry.get_or_none((LedgerEntry.case == case.id)
                                   & (LedgerEntry.campaign == ledger.id))


def case_record(actor: User, case: Case, today: dt.date | None = None,
                campaign: campaigns.CampaignRef = None) -> dict:
    """A case as JSON/CSV show it: labels for enumerations, ISO dates, masked phone; status
    and its two flags, referred (移交执法) and overdue (逾期), as in the campaign's ledger
    (services.casestate)."""
    ledger = campaigns.resolve(campaign, actor)
    today = today or campaigns.today_in(ledger)
    entry = ledger_entry(case, ledger)
    phone = case.phone if access.can_see_phone(actor) else mask_phone(case.phone)
    return {
        "case_no": case.case_no,
        "channel": Channel(case.channel).label,
        "received_on": case.received_on.isoformat(),
        "unit": case.unit.name,
        "petitioner": case.petitioner if access.can_see_phone(actor) else _mask_name(
            case.petitioner),
        "phone": phone,
        "target": case.target,
        "location": case.location,
        "category": case.category,
        "content": case.content,
        "original_handling": case.original_handling,
        "status": CaseStatus(entry.status if entry else "pending").label,
        "referred": bool(entry and entry.referred),
        "overdue": casestate.is_overdue(entry.next_deadline if entry else None, today),
    }


def _mask_name(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1) if name else ""
