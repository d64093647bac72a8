"""Who may see and change what. Every service function asks here; nothing else decides.

- station: every unit, users, exports, submitting weeks;
- unit: its own unit's cases and rectification items only;
- viewer: read-only everywhere, personal data masked.
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


def sees_all_units(actor: User) -> bool:
    return actor.role in (Role.STATION.value, Role.VIEWER.value)


def can_write(actor: User) -> bool:
    return actor.active and actor.role in (Role.STATION.value, Role.UNIT.value)


def can_see_phone(actor: User) -> bool:
    """Stations and the unit that calls the petitioner back see numbers; viewers don't."""
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


def require_write(actor: User) -> None:
    refresh(actor)
    if not can_write(actor):
        raise PermissionDenied("只读用户不能修改数据。")


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


def case_scope(actor: User) -> Expression | None:
    """A WHERE condition limiting cases to what ``actor`` may see (None: everything)."""
    if sees_all_units(actor):
        return None
    if actor.unit_id is None:
        return Case.id < 0
    return Case.unit == actor.unit_id


def visible_unit_ids(actor: User) -> set[int] | None:
    if sees_all_units(actor):
        return None
    return {actor.unit_id} if actor.unit_id else set()


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
        raise PermissionDenied("不能查看或修改其他单位的数据。")
