"""Who may see and change what. Every service function asks here; nothing else decides.

- station: every unit, users, exports, submitting weeks;
- unit: its own unit's cases and rectification items only;
- viewer: read-only everywhere, personal data masked.
"""

from __future__ import annotations

from peewee import Expression

from huitoukan_tui.enums import Role
from huitoukan_tui.models import Case, User
from huitoukan_tui.services.errors import NotFound, PermissionDenied


def is_station(actor: User) -> bool:
    return actor.role == Role.STATION.value


def sees_all_units(actor: User) -> bool:
    return actor.role in (Role.STATION.value, Role.VIEWER.value)


def can_write(actor: User) -> bool:
    return actor.active and actor.role in (Role.STATION.value, Role.UNIT.value)


def can_see_phone(actor: User) -> bool:
    """Stations and the unit that calls the petitioner back see numbers; viewers don't."""
    return actor.role in (Role.STATION.value, Role.UNIT.value)


def require_write(actor: User) -> None:
    if not can_write(actor):
        raise PermissionDenied("只读用户不能修改数据。")


def require_station(actor: User) -> None:
    if not is_station(actor):
        raise PermissionDenied("只有街道生态环境站可以进行此操作。")


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
    allowed = visible_unit_ids(actor)
    if allowed is not None and case.unit_id not in allowed:
        raise NotFound(f"没有找到信访件：{case.case_no}")
    if write:
        require_write(actor)


def check_unit(actor: User, unit_id: int, *, write: bool = False) -> None:
    allowed = visible_unit_ids(actor)
    if allowed is not None and unit_id not in allowed:
        raise PermissionDenied("不能查看或修改其他单位的数据。")
    if write:
        require_write(actor)
