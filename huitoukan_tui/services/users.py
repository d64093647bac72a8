"""Staff accounts and the acting user."""

from __future__ import annotations

import os
import pwd
import re
from pathlib import Path

from peewee import JOIN, IntegrityError

from huitoukan_tui import db as dbmod
from huitoukan_tui.config import DatabaseTarget, default_db_dir
from huitoukan_tui.enums import Role
from huitoukan_tui.models import Street, Unit, User, database
from huitoukan_tui.services import access, audit
from huitoukan_tui.services.errors import (
    Collector,
    NotFound,
    PermissionDenied,
    UnknownUser,
    ValidationError,
)
from huitoukan_tui.services.text import check_text

#: what ``--role`` takes
ROLE_CODES = tuple(r.value for r in Role)


def os_login(uid: int | None = None) -> str:
    """The login of the real uid. ``LOGNAME``/``USER`` are the caller's to set and are never
    asked: in the one-account-per-person deployment they would let anyone be anyone."""
    uid = os.getuid() if uid is None else uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        raise UnknownUser(f"操作系统账号 uid {uid} 没有登录名，无法确定操作人。") from None


def installation_owner(target: DatabaseTarget) -> int | None:
    """The uid owning the database (the service account of the recommended deployment):
    the SQLite file, or its folder before ``init``; for a database server, the
    installation's ``db/`` folder."""
    if target.path is not None:
        candidates = [target.path, target.path.parent]
    else:
        candidates = [default_db_dir()]
    for candidate in candidates:
        try:
            return Path(candidate).stat().st_uid
        except OSError:
            continue
    return None


def acting_login(requested: str | None, target: DatabaseTarget,
                 uid: int | None = None) -> str:
    """Who acts: the OS account itself, or ``--user`` for root and for the account that
    owns the database (whose forced commands name the person, README "Deployment")."""
    uid = os.getuid() if uid is None else uid
    own = os_login(uid)
    wanted = (requested or "").strip()
    if not wanted or wanted == own:
        return own
    if uid == 0 or uid == installation_owner(target):
        return wanted
    raise PermissionDenied(f"--user：只能以自己的操作系统账号（{own}）使用本程序；"
                           "--user 只供 root 和数据库所属的服务账号使用。")


def resolve_actor(login: str | None) -> User:
    """The acting user ``login`` (default: the OS login); unknown or disabled: refused."""
    login = (login or os_login()).strip()
    user = User.get_or_none(User.login == login)
    if user is None:
        raise UnknownUser(f"用户 {login} 未登记，请联系街道生态环境站开通账号。")
    if not user.active:
        raise UnknownUser(f"用户 {login} 已停用，请联系街道生态环境站。")
    return user


#: what a login may hold: it is an OS login, part of a forced command and printed in lists
LOGIN_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._@-]{0,63}")
ROLE_CHOICES = "district、station、unit、viewer"


def _placement(actor: User | None, errors: Collector, role: Role | None,
               street_name: str | None, unit_name: str | None
               ) -> tuple[Street | None, Unit | None]:
    """Where an account of ``role`` sits: a unit user in its unit (and that unit's street), a
    station in a street, a viewer in a street or (none named) the whole district, the
    district nowhere. Names outside the actor's reach are refused as if they did not exist."""
    from huitoukan_tui.services import organisation

    street = unit = None
    if street_name:
        try:
            street = organisation.street_named(actor, street_name, manage=True)
        except ValidationError as exc:
            errors.add("街道", exc.problems[0].message)
            return None, None
    if unit_name:
        try:
            unit = organisation.unit_by_name(unit_name, actor)
        except ValidationError as exc:
            errors.add("单位", exc.problems[0].message)
            return street, None
        if street is not None and unit.street_id != street.id:
            errors.add("单位", f"{unit.name} 不属于 {street.name}")
        street = Street.get_by_id(unit.street_id)
    if role == Role.UNIT and unit is None and not errors:
        errors.add("单位", "单位用户必须指定单位（--unit）")
    if role == Role.DISTRICT:
        if street is not None or unit is not None:
            errors.add("角色", "区环委办账号不属于某个街道或单位")
        return None, None
    if role == Role.STATION and street is None and not errors:
        try:
            street = organisation.default_street(actor)
        except ValidationError as exc:
            errors.add("街道", exc.problems[0].message)
    if role == Role.VIEWER and street is None and actor is not None \
            and access.street_of(actor) is not None:
        street = Street.get_by_id(access.street_of(actor))  # a station's viewer: its street
    if actor is not None and street is not None and not errors:
        try:
            access.check_street(actor, street.id, manage=True)
        except NotFound:
            errors.add("街道", f"没有这个街道：{street.name}")
    if actor is not None and street is None and not access.can_manage_anywhere(actor) \
            and not errors:
        errors.add("角色", "街道生态环境站只能管理本街道的账号")
    return street, unit


def add_user(actor: User | None, login: str, name: str, role: str,
             unit_name: str | None = None, street_name: str | None = None, *,
             admin: bool = False) -> User:
    """Add a user. ``actor`` None only for the very first user created by ``init`` (the
    administrator, ``admin``)."""
    if actor is not None:
        access.require_manager(actor)
    errors = Collector()
    login = (login or "").strip()
    if not LOGIN_PATTERN.fullmatch(login):
        errors.add("登录名", "不能为空、不能含空格或控制字符；只能用字母、数字和 . _ - @，"
                   "最多 64 个字符")
    name = check_text(errors, "姓名", name, required=True, max_len=50)
    try:
        role_enum = Role.from_label(role)
    except ValueError:
        errors.add("角色", f"无效：{role}（可选：{ROLE_CHOICES}）")
        role_enum = None
    street, unit = _placement(actor, errors, role_enum, street_name, unit_name)
    taken = ValidationError.of("登录名", f"已存在：{login}")
    try:
        with database.atomic():  # checked inside: a login added a moment ago is 已存在 too
            if login and User.get_or_none(User.login == login):
                errors.problems += taken.problems
            errors.raise_if_any()
            user = User.create(login=login, display_name=name, role=role_enum.value,
                               unit=unit, street=street, is_admin=admin)
            audit.record_create(actor or user, "user", user.id, "", _user_values(user))
    except IntegrityError:  # PostgreSQL: added by another session after our check
        raise taken from None
    return user


def _street_name(user: User) -> str:
    if user.street_id is None:
        return ""
    street = Street.get_or_none(Street.id == user.street_id)
    return street.name if street else ""


def describe(user: User) -> str:
    role = Role(user.role).label
    where = user.unit.name if user.unit_id else (_street_name(user) or "全区")
    return f"{user.display_name}（{where} · {role}）"


# ---------------------------------------------------------------- managing accounts

def _user_values(user: User) -> dict[str, object]:
    return {
        "login": user.login,
        "display_name": user.display_name,
        "role": Role(user.role).label,
        "unit": user.unit.name if user.unit_id else "",
        "street": _street_name(user),
        "active": "启用" if user.active else "停用",
    }


def _in_reach(actor: User, user: User) -> bool:
    """A station manages the accounts of its own street only."""
    return access.can_manage_anywhere(actor) or (
        user.street_id is not None and user.street_id == access.street_of(actor))


def get_user(actor: User, login: str) -> User:
    access.require_manager(actor)
    user = User.get_or_none(User.login == (login or "").strip())
    if user is None or not _in_reach(actor, user):
        raise NotFound(f"没有这个用户：{login}")
    return user


def list_users(actor: User, *, include_disabled: bool = True) -> list[User]:
    """Every account the actor manages (a station: its street's), ordered by unit then
    login."""
    access.require_manager(actor)
    query = User.select(User, Unit).join(Unit, JOIN.LEFT_OUTER)
    if not include_disabled:
        query = query.where(User.active == True)  # noqa: E712
    if not access.can_manage_anywhere(actor):
        query = query.where(User.street == access.street_of(actor))
    return list(query.order_by(User.role, Unit.position.asc(nulls="first"), User.login))


def user_record(user: User) -> dict:
    return {
        "login": user.login,
        "name": user.display_name,
        "role": Role(user.role).label,
        "role_code": user.role,
        "unit": user.unit.name if user.unit_id else "",
        "street": _street_name(user),
        "active": bool(user.active),
        "created_at": user.created_at.isoformat(sep=" ") if user.created_at else "",
    }


def _active_stations() -> int:
    return User.select().where((User.role == Role.STATION.value)
                               & (User.active == True)).count()  # noqa: E712


def set_user(actor: User, login: str, *, name: str | None = None, role: str | None = None,
             unit_name: str | None = None, street_name: str | None = None) -> User:
    """Change an account's name, role, unit or street. ``unit_name=""`` clears the unit.
    The result must still be valid: a unit user needs a unit."""
    access.require_manager(actor)
    errors = Collector()
    with database.atomic():
        dbmod.lock_name("users")  # PostgreSQL: the last-station-account rule spans rows
        user = get_user(actor, login)
        before = _user_values(user)
        if name is not None:
            name = check_text(errors, "姓名", name, required=True, max_len=50)
            if name:
                user.display_name = name
        if role is not None:
            try:
                user.role = Role.from_label(role).value
            except ValueError:
                errors.add("角色", f"无效：{role}（可选：{ROLE_CHOICES}）")
        if not errors and (role is not None or unit_name is not None
                           or street_name is not None):
            keep_unit = user.unit.name if user.unit_id else None
            wanted_unit = keep_unit if unit_name is None else (unit_name.strip() or None)
            keep_street = _street_name(user) or None
            wanted_street = keep_street if street_name is None else (street_name.strip() or None)
            if wanted_unit and street_name is None:
                wanted_street = None  # the unit decides the street
            if user.role == Role.DISTRICT.value:
                wanted_unit = wanted_street = None
            street, unit = _placement(actor, errors, Role(user.role), wanted_street,
                                      wanted_unit)
            user.street, user.unit = street, unit
        if (before["role"] == Role.STATION.label and user.role != Role.STATION.value
                and user.active and _active_stations() <= 1):
            errors.add("角色", "这是最后一个启用的街道生态环境站账号，不能改为其他角色")
        errors.raise_if_any()
        changes = audit.diff(before, _user_values(user))
        if changes:
            user.save()
            user = User.get_by_id(user.id)
            audit.record_changes(actor, "user", user.id, "", changes)
    return user


def set_active(actor: User, login: str, active: bool) -> User:
    """Disable (or enable again) an account; a disabled login is refused at the door.
    Nobody disables their own account or the last active station account."""
    access.require_manager(actor)
    with database.atomic():
        dbmod.lock_name("users")  # PostgreSQL: the last-station-account rule spans rows
        user = get_user(actor, login)
        if bool(user.active) == active:
            return user
        if not active:
            if user.id == actor.id:
                raise ValidationError("不能停用自己的账号。")
            if user.role == Role.STATION.value and _active_stations() <= 1:
                raise ValidationError("这是最后一个启用的街道生态环境站账号，不能停用。")
        before = _user_values(user)
        user.active = active
        user.save()
        audit.record_changes(actor, "user", user.id, "", audit.diff(before, _user_values(user)))
    return user


def record_key_change(actor: User, user: User, before: str, after: str) -> None:
    """Note an SSH key added or removed for ``user`` in the audit log (key fingerprints)."""
    with database.atomic():
        audit.record_changes(actor, "user", user.id, "", {"ssh_key": (before, after)})
