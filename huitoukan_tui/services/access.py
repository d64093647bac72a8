"""Who may see and change what. Every service function asks here; nothing else decides.

The organisation is district → streets → units:
- district (区环委办): reads every street, consolidated reports and exports; changes no case;
  may add campaigns, streets, units and accounts anywhere;
- station (街道生态环境站): everything of its street (cases, accounts, imports, exports,
  submitting and closing weeks); the administrator (``init``'s caller, ``is_admin``) may also
  add campaigns, streets, units and accounts anywhere, while case data stays in its street;
- unit: its own unit's cases and rectification items only;
- viewer: read-only, personal data masked; one street (``street``) or the whole district.
Anything outside the actor's street is refused as if it did not exist.
"""

from __future__ import annotations

from pathlib import Path

from peewee import Expression

from huitoukan_tui.config import default_export_dir
from huitoukan_tui.enums import Role
from huitoukan_tui.models import Case, Rectification, Unit, User
from huitoukan_tui.services.errors import NotFound, PermissionDenied


class AccountChanged(PermissionDenied):
    """The acting account was disabled (or removed) since the session began."""


def is_station(actor: User) -> bool:
    return actor.role == Role.STATION.value


def is_district(actor: User) -> bool:
    return actor.role == Role.DISTRICT.value


def street_of(actor: User) -> int | None:
    """The street an actor is confined to (None: the whole district)."""
    if actor.role == Role.DISTRICT.value:
        return None
    if actor.street_id is None and actor.unit_id is not None:
        return actor.unit.street_id  # a unit's account sits in its unit's street
    return actor.street_id


def sees_all_units(actor: User) -> bool:
    """Every unit of the district (no unit filter at all)."""
    return street_of(actor) is None and actor.role in (Role.DISTRICT.value, Role.VIEWER.value)


def sees_streets(actor: User) -> bool:
    """Reports for this actor consolidate per street (the district's accounts)."""
    return is_district(actor)


def can_write(actor: User) -> bool:
    return actor.active and actor.role in (Role.STATION.value, Role.UNIT.value)


def can_manage_anywhere(actor: User) -> bool:
    """Add campaigns, streets, units and accounts in any street: the district and the
    administrator."""
    return actor.active and (is_district(actor) or (is_station(actor) and actor.is_admin))


def can_see_phone(actor: User) -> bool:
    """Stations and the unit that calls the petitioner back see numbers; others don't."""
    return actor.role in (Role.STATION.value, Role.UNIT.value)


def refresh(actor: User) -> User:
    """Re-read ``actor``'s account before a write: a session opened before ``user
    disable`` is refused, and a changed role or unit applies at once (``actor`` is
    updated in place, so the session's later checks use it too)."""
    row = User.get_or_none(User.id == actor.id)
    if row is None or not row.active:
        raise AccountChanged(f"账号 {actor.login} 已停用，不能再修改数据（请联系街道生态环境站）。")
    actor.role, actor.active, actor.display_name = row.role, row.active, row.display_name
    actor.unit = row.unit_id
    return actor


def session_change(actor: User) -> str | None:
    """Why a session of ``actor`` must end now (disabled, or another role or unit than
    at login), or None. Read-only: the session ends and its next login starts afresh."""
    row = User.get_or_none(User.id == actor.id)
    if row is None or not row.active:
        return f"账号 {actor.login} 已被停用"
    if row.role != actor.role or row.unit_id != actor.unit_id:
        return f"账号 {actor.login} 的角色或单位已被修改"
    return None


#: the refusal of every write by a read-only account (the service's and the screens')
READ_ONLY = "只读用户不能修改数据。"


def require_write(actor: User) -> None:
    refresh(actor)
    if not can_write(actor):
        raise PermissionDenied(READ_ONLY)


def require_station(actor: User) -> None:
    refresh(actor)
    if not is_station(actor):
        raise PermissionDenied("只有街道生态环境站可以进行此操作。")


def export_folder(actor: User) -> Path:
    """Where ``actor``'s exports go: the official ``exports/`` folder is the station's; every
    other account writes into a folder of its own (``exports/users/<login>``), so a lesser
    account's file (a viewer's masked one) never replaces an official one."""
    official = default_export_dir()
    return official if is_station(actor) else official / "users" / actor.login


def check_export_folder(actor: User, folder: Path) -> None:
    """Refuse to let anyone but the station write into the official exports folder."""
    official = default_export_dir()
    if not is_station(actor) and Path(folder).resolve() == official.resolve():
        raise PermissionDenied(f"只有街道生态环境站可以写入正式导出目录 {official}；"
                               f"您的导出请写入 {export_folder(actor)}（默认位置）。")


def require_manager(actor: User) -> None:
    """Accounts and units: a station (its own street), the district or the administrator."""
    if not (is_station(actor) or can_manage_anywhere(actor)):
        raise PermissionDenied("只有街道生态环境站或区环委办可以进行此操作。")


def require_manage_anywhere(actor: User) -> None:
    if not can_manage_anywhere(actor):
        raise PermissionDenied("只有区环委办或系统管理员可以进行此操作。")


def check_street(actor: User, street_id: int | None, *, manage: bool = False) -> None:
    """Refuse a street outside the actor's reach (``manage``: for accounts and units)."""
    if manage and can_manage_anywhere(actor):
        return
    own = street_of(actor)
    if own is not None and street_id != own:
        raise NotFound("没有这个街道。")


def visible_unit_ids(actor: User) -> set[int] | None:
    """The units whose data ``actor`` may see (None: every unit of the district)."""
    if actor.role == Role.UNIT.value:
        return {actor.unit_id} if actor.unit_id else set()
    street = street_of(actor)
    if street is None:
        return None if actor.role in (Role.DISTRICT.value, Role.VIEWER.value) else set()
    return {u for (u,) in Unit.select(Unit.id).where(Unit.street == street).tuples()}


def case_scope(actor: User) -> Expression | None:
    """A WHERE condition limiting cases to what ``actor`` may see (None: everything)."""
    allowed = visible_unit_ids(actor)
    if allowed is None:
        return None
    if not allowed:
        return Case.id < 0
    if len(allowed) == 1:
        return Case.unit == next(iter(allowed))
    return Case.unit.in_(sorted(allowed))


def check_case(actor: User, case: Case, *, write: bool = False) -> None:
    """Refuse a case outside the actor's units as if it did not exist (no leak of its number)."""
    if write:
        require_write(actor)
    allowed = visible_unit_ids(actor)
    if allowed is not None and case.unit_id not in allowed:
        raise NotFound(f"没有找到信访件：{case.case_no}")


def unit_name(actor: User) -> str | None:
    if actor.unit_id is None:
        return None
    return Unit.select(Unit.name).where(Unit.id == actor.unit_id).scalar()


def is_acceptor(actor: User, item: Rectification) -> bool:
    """Whether ``actor``'s unit is the item's 验收（监管）单位: a department that accepts
    (or sends back) a village's item, though the case is not its own."""
    return (actor.role == Role.UNIT.value and actor.unit_id is not None
            and unit_name(actor) == item.acceptor)


def item_scope(actor: User) -> Expression | None:
    """A WHERE condition limiting rectification items to what ``actor`` may see: those of
    its cases, and those it is named to accept (None: everything)."""
    scope = case_scope(actor)
    name = unit_name(actor) if scope is not None else None
    return scope if name is None else scope | (Rectification.acceptor == name)


def owns_item(actor: User, item: Rectification) -> bool:
    """Whether the item is one of ``actor``'s cases (not only one it accepts)."""
    allowed = visible_unit_ids(actor)
    return allowed is None or item.case.unit_id in allowed


def check_item(actor: User, item: Rectification, *, write: bool = False,
               accepting: bool = False) -> None:
    """Refuse an item outside the actor's cases (as if it did not exist), except that its
    acceptance unit sees it and, ``accepting``, may move it through acceptance."""
    if not owns_item(actor, item) and is_acceptor(actor, item):
        if write and not accepting:
            raise PermissionDenied("验收（监管）单位只能验收销号或退回整改，不能修改事项内容。")
        if write:
            require_write(actor)
        return
    try:
        check_case(actor, item.case, write=write)
    except NotFound:
        raise NotFound(f"没有找到整改事项：{item.id}") from None


def check_unit(actor: User, unit_id: int, *, write: bool = False) -> None:
    if write:
        require_write(actor)
    allowed = visible_unit_ids(actor)
    if allowed is not None and unit_id not in allowed:
        own = street_of(actor)
        unit = Unit.get_or_none(Unit.id == unit_id)
        if unit is None or (own is not None and unit.street_id != own):
            # another street's: as if it did not exist
            raise NotFound.of("核查单位", "没有这个单位。")
        raise PermissionDenied("不能查看或修改其他单位的数据。")
