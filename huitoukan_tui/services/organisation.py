"""The district's organisation: streets (街道) and their units (村/社区/部门).

Unit names are unique in the whole district. Every lookup by name is scoped to the actor: a
unit or street outside the actor's reach is refused as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from peewee import fn

from huitoukan_tui import db as dbmod
from huitoukan_tui.enums import OPEN_RECT_STATUSES, UnitKind
from huitoukan_tui.models import Case, Rectification, Street, Unit, User, database
from huitoukan_tui.services import access, audit, pinyin
from huitoukan_tui.services.errors import Collector, NotFound, ValidationError

# ---------------------------------------------------------------- streets


def streets() -> list[Street]:
    return list(Street.select().order_by(Street.position, Street.id))


def visible_streets(actor: User) -> list[Street]:
    own = access.street_of(actor)
    return [s for s in streets() if own is None or s.id == own]


def street_named(actor: User | None, name: str, *, manage: bool = False) -> Street:
    """The street called ``name`` within the actor's reach (``manage``: for accounts and
    units, where the district and the administrator reach every street)."""
    name = (name or "").strip()
    street = Street.get_or_none(Street.name == name)
    if street is not None and actor is not None:
        try:
            access.check_street(actor, street.id, manage=manage)
        except NotFound:
            street = None
    if street is None:
        reach = streets() if actor is None or (manage and access.can_manage_anywhere(actor)) \
            else visible_streets(actor)
        known = "、".join(s.name for s in reach) or "（无）"
        raise ValidationError.of("街道", f"没有这个街道：{name}（已有：{known}）")
    return street


def default_street(actor: User | None) -> Street:
    """Where a unit goes when no street is named: the actor's street, else the only one."""
    if actor is not None and access.street_of(actor) is not None:
        return Street.get_by_id(access.street_of(actor))
    every = streets()
    if len(every) == 1:
        return every[0]
    if not every:
        raise ValidationError.of("街道", "数据库中还没有街道（请先用 campaign add 登记专项行动）")
    names = "、".join(s.name for s in every)
    raise ValidationError.of("街道", f"请用 --street 指定街道（可选：{names}）")


# ---------------------------------------------------------------- units

def units(street_id: int | None = None, *, include_disabled: bool = False) -> list[Unit]:
    """Units in form order (by street, then position)."""
    query = Unit.select(Unit).join(Street)
    if not include_disabled:
        query = query.where(Unit.active == True)  # noqa: E712
    if street_id is not None:
        query = query.where(Unit.street == street_id)
    return list(query.order_by(Street.position, Street.id, Unit.position, Unit.id))


class UnitLine(NamedTuple):
    """What a table of units needs of each (a plain row, not a model: ~5x cheaper)."""

    id: int
    name: str
    street_id: int
    active: bool


def unit_lines(*, include_disabled: bool = False) -> list[UnitLine]:
    """``units()`` as plain rows, in the same order."""
    query = (Unit.select(Unit.id, Unit.name, Unit.street, Unit.active).join(Street)
             .order_by(Street.position, Street.id, Unit.position, Unit.id))
    if not include_disabled:
        query = query.where(Unit.active == True)  # noqa: E712
    return [UnitLine(*row) for row in query.tuples()]


def visible_units(actor: User) -> list[Unit]:
    """The active units ``actor`` may see (a unit user: its own), in form order."""
    allowed = access.visible_unit_ids(actor)
    return [u for u in units() if allowed is None or u.id in allowed]


def visible_unit_names(actor: User) -> list[str]:
    """The names of ``visible_units`` in pinyin order, as Excel sorts names (what a screen's
    unit choices and facets list: a name is looked up there; the forms keep their order).
    By the stored sort key: a session that opens a list need not load pypinyin (~55 MB)."""
    return [u.name for u in sorted(visible_units(actor), key=lambda u: (u.name_key, u.name))]


def unit_by_name(name: str, actor: User | None = None) -> Unit:
    """The unit called ``name`` (within the actor's street when an actor is given)."""
    name = (name or "").strip()
    unit = Unit.get_or_none(Unit.name == name)
    if unit is not None and actor is not None:
        own = access.street_of(actor)
        if own is not None and unit.street_id != own and not access.can_manage_anywhere(actor):
            unit = None
    if unit is None:
        reach = units() if actor is None else [
            u for u in units() if access.street_of(actor) in (None, u.street_id)
            or access.can_manage_anywhere(actor)]
        known = "、".join(u.name for u in reach)
        raise ValidationError.of("核查单位", f"没有这个单位：{name}（已有：{known}）")
    return unit


def all_unit_names() -> list[str]:
    """Every unit's name, inactive ones too, in form order."""
    return [u.name for u in units(include_disabled=True)]


def guess_unit_kind(name: str) -> UnitKind:
    """What a unit's name says it is: …社区/…居委会, …村, or a street department."""
    if name.endswith(("社区", "居委会")):
        return UnitKind.COMMUNITY
    if name.endswith("村"):
        return UnitKind.VILLAGE
    return UnitKind.DEPARTMENT


def add_unit(name: str, kind: UnitKind, position: int | None = None, *,
             street: Street | None = None) -> Unit:
    """Create a unit (no permission check: ``create_unit`` is the checked entry point)."""
    name = name.strip()
    if not name:
        raise ValidationError.of("单位名称", "不能为空")
    street = street or default_street(None)
    if position is None:
        position = (Unit.select().count() + 1) * 10
    return Unit.create(name=name, kind=kind.value, street=street, position=position,
                       name_key=pinyin.sort_key(name))


def create_unit(actor: User, name: str, kind: str, street_name: str | None = None) -> Unit:
    """``unit add``: a station adds units to its street; the district and the administrator
    to any street."""
    access.require_manager(actor)
    errors = Collector()
    name = (name or "").strip()
    if not name or len(name) > 50:
        errors.add("单位名称", "不能为空、最多 50 个字符")
    try:
        kind_enum = UnitKind.from_label(kind)
    except ValueError:
        errors.add("类型", f"无效：{kind}（可选：{'、'.join(UnitKind.labels())}）")
        kind_enum = None
    try:
        street = (street_named(actor, street_name, manage=True) if street_name
                  else default_street(actor))
    except ValidationError as exc:
        errors.problems.extend(exc.problems)
        street = None
    errors.raise_if_any()
    with database.atomic():
        dbmod.lock_name("organisation")
        existing = Unit.select(Unit, Street).join(Street).where(Unit.name == name).first()
        if existing is not None:
            where = existing.street.name if access.street_of(actor) in (
                None, existing.street_id) or access.can_manage_anywhere(actor) else "其他街道"
            raise ValidationError.of("单位名称", f"已存在：{name}（{where}）")
        unit = add_unit(name, kind_enum, street=street)
        audit.record_create(actor, "unit", unit.id, "", {
            "name": unit.name, "kind": kind_enum.label, "street": street.name})
    return unit


def _managed_unit(actor: User, name: str) -> Unit:
    access.require_manager(actor)
    unit = Unit.select(Unit, Street).join(Street).where(
        Unit.name == (name or "").strip()).first()
    if unit is None or not (access.can_manage_anywhere(actor)
                            or unit.street_id == access.street_of(actor)):
        raise NotFound(f"没有这个单位：{name}")
    return unit


def rename_unit(actor: User, old: str, new: str) -> Unit:
    """``unit rename``: the unit keeps its cases, accounts and history."""
    new = (new or "").strip()
    if not new or len(new) > 50:
        raise ValidationError.of("新名称", "不能为空、最多 50 个字符")
    with database.atomic():
        dbmod.lock_name("organisation")
        unit = _managed_unit(actor, old)
        if new == unit.name:
            return unit
        if Unit.select().where(Unit.name == new).exists():
            raise ValidationError.of("新名称", f"已存在：{new}")
        before = unit.name
        Unit.update(name=new, name_key=pinyin.sort_key(new)).where(
            Unit.id == unit.id).execute()
        unit.name = new
        audit.record_changes(actor, "unit", unit.id, "", {"name": (before, new)})
    return unit


def numbers_outside_street(case_numbers: list[str], street_id: int) -> set[str]:
    """Those of ``case_numbers`` that cases of other streets have."""
    found: set[str] = set()
    for start in range(0, len(case_numbers), 500):
        chunk = case_numbers[start:start + 500]
        found |= {no for (no,) in Case.select(Case.case_no).join(Unit)
                  .where(Case.case_no.in_(chunk) & (Unit.street != street_id)).tuples()}
    return found


def open_items_of(unit: Unit) -> int:
    return (Rectification.select(fn.COUNT(Rectification.id)).join(Case)
            .where((Case.unit == unit)
                   & Rectification.status.in_([s.value for s in OPEN_RECT_STATUSES]))
            .scalar() or 0)


def disable_unit(actor: User, name: str, *, force: bool = False) -> Unit:
    """``unit disable``: the unit leaves lists, forms and new weekly tables; its cases stay.
    Refused while it has open rectification items, unless ``force``."""
    with database.atomic():
        unit = _managed_unit(actor, name)
        if not unit.active:
            return unit
        still_open = open_items_of(unit)
        if still_open and not force:
            raise ValidationError.of("单位", f"{unit.name} 还有 {still_open} 个未销号的整改事项"
                                     "（如仍要停用，请加 --force）")
        Unit.update(active=False).where(Unit.id == unit.id).execute()
        unit.active = False
        audit.record_changes(actor, "unit", unit.id, "", {"active": ("启用", "停用")})
    return unit


@dataclass(frozen=True)
class UnitInfo:
    name: str
    kind: str
    street: str
    active: bool
    cases: int
    users: int

    def record(self) -> dict:
        return {"name": self.name, "kind": self.kind, "street": self.street,
                "state": "启用" if self.active else "停用", "cases": self.cases,
                "users": self.users}


def list_units(actor: User) -> list[UnitInfo]:
    """``unit list``: the units of the actor's street (every street for district-wide users),
    disabled ones included, with their numbers of cases and accounts."""
    allowed = access.visible_unit_ids(actor)
    case_counts = dict(Case.select(Case.unit, fn.COUNT(Case.id)).group_by(Case.unit).tuples())
    user_counts = dict(User.select(User.unit, fn.COUNT(User.id))
                       .where(User.unit.is_null(False)).group_by(User.unit).tuples())
    names = {s.id: s.name for s in streets()}
    return [UnitInfo(u.name, UnitKind(u.kind).label, names.get(u.street_id, ""), bool(u.active),
                     case_counts.get(u.id, 0), user_counts.get(u.id, 0))
            for u in units(include_disabled=True) if allowed is None or u.id in allowed]
