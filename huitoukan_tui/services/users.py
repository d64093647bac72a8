"""Staff accounts and the acting user."""

from __future__ import annotations

import getpass
import os

from peewee import JOIN, IntegrityError

from huitoukan_tui import db as dbmod
from huitoukan_tui.enums import Role
from huitoukan_tui.models import Unit, User, database
from huitoukan_tui.services import access, audit
from huitoukan_tui.services.campaign import unit_by_name
from huitoukan_tui.services.errors import (
    Collector,
    NotFound,
    UnknownUser,
    ValidationError,
)

#: what ``--role`` takes
ROLE_CODES = tuple(r.value for r in Role)


def os_login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no passwd entry in a container
        return os.environ.get("USER", "unknown")


def resolve_actor(login: str | None) -> User:
    """The acting user: ``--user`` if given, else the OS login; unknown or disabled: refused."""
    login = (login or os_login()).strip()
    user = User.get_or_none(User.login == login)
    if user is None:
        raise UnknownUser(f"用户 {login} 未登记，请联系街道生态环境站开通账号。")
    if not user.active:
        raise UnknownUser(f"用户 {login} 已停用，请联系街道生态环境站。")
    return user


def add_user(actor: User | None, login: str, name: str, role: str,
             unit_name: str | None = None) -> User:
    """Add a user. ``actor`` None only for the very first user created by ``init``."""
    if actor is not None:
        access.require_station(actor)
    errors = Collector()
    login = (login or "").strip()
    if not login or any(c.isspace() for c in login) or len(login) > 64:
        errors.add("登录名", "不能为空、不能含空格、最多 64 个字符")
    name = (name or "").strip()
    if not name:
        errors.add("姓名", "不能为空")
    try:
        role_enum = Role.from_label(role)
    except ValueError:
        errors.add("角色", f"无效：{role}（可选：station、unit、viewer）")
        role_enum = None
    unit = None
    if role_enum == Role.UNIT:
        if not unit_name:
            errors.add("单位", "单位用户必须指定单位（--unit）")
        else:
            try:
                unit = unit_by_name(unit_name)
            except ValidationError as exc:
                errors.add("单位", exc.problems[0].message)
    elif unit_name:
        try:
            unit = unit_by_name(unit_name)
        except ValidationError as exc:
            errors.add("单位", exc.problems[0].message)
    taken = ValidationError.of("登录名", f"已存在：{login}")
    try:
        with database.atomic():  # checked inside: a login added a moment ago is 已存在 too
            if login and User.get_or_none(User.login == login):
                errors.problems += taken.problems
            errors.raise_if_any()
            user = User.create(login=login, display_name=name, role=role_enum.value, unit=unit)
            audit.record_create(actor or user, "user", user.id, "", _user_values(user))
    except IntegrityError:  # PostgreSQL: added by another session after our check
        raise taken from None
    return user


def describe(user: User) -> str:
    role = Role(user.role).label
    where = user.unit.name if user.unit_id else "全部单位"
    return f"{user.display_name}（{where} · {role}）"


# ---------------------------------------------------------------- managing accounts

USER_FIELD_LABELS = {"login": "登录名", "display_name": "姓名", "role": "角色", "unit": "单位",
                     "active": "状态", "ssh_key": "SSH 公钥"}


def _user_values(user: User) -> dict[str, object]:
    return {
        "login": user.login,
        "display_name": user.display_name,
        "role": Role(user.role).label,
        "unit": user.unit.name if user.unit_id else "",
        "active": "启用" if user.active else "停用",
    }


def get_user(actor: User, login: str) -> User:
    access.require_station(actor)
    user = User.get_or_none(User.login == (login or "").strip())
    if user is None:
        raise NotFound(f"没有这个用户：{login}")
    return user


def list_users(actor: User, *, include_disabled: bool = True) -> list[User]:
    """Every account (station only), ordered by unit then login."""
    access.require_station(actor)
    query = User.select(User, Unit).join(Unit, JOIN.LEFT_OUTER)
    if not include_disabled:
        query = query.where(User.active == True)  # noqa: E712
    return list(query.order_by(User.role, Unit.position.asc(nulls="first"), User.login))


def user_record(user: User) -> dict:
    return {
        "login": user.login,
        "name": user.display_name,
        "role": Role(user.role).label,
        "role_code": user.role,
        "unit": user.unit.name if user.unit_id else "",
        "active": bool(user.active),
        "created_at": user.created_at.isoformat(sep=" ") if user.created_at else "",
    }


def _active_stations() -> int:
    return User.select().where((User.role == Role.STATION.value)
                               & (User.active == True)).count()  # noqa: E712


def set_user(actor: User, login: str, *, name: str | None = None, role: str | None = None,
             unit_name: str | None = None) -> User:
    """Change an account's name, role or unit (station only). ``unit_name=""`` clears the
    unit. The result must still be valid: a unit user needs a unit."""
    access.require_station(actor)
    errors = Collector()
    with database.atomic():
        dbmod.lock_name("users")  # PostgreSQL: the last-station-account rule spans rows
        user = get_user(actor, login)
        before = _user_values(user)
        if name is not None:
            name = name.strip()
            if not name or len(name) > 50:
                errors.add("姓名", "不能为空、最多 50 个字符")
            else:
                user.display_name = name
        if role is not None:
            try:
                user.role = Role.from_label(role).value
            except ValueError:
                errors.add("角色", f"无效：{role}（可选：station、unit、viewer）")
        if unit_name is not None:
            if not unit_name.strip():
                user.unit = None
            else:
                try:
                    user.unit = unit_by_name(unit_name)
                except ValidationError as exc:
                    errors.add("单位", exc.problems[0].message)
        if user.role == Role.UNIT.value and user.unit_id is None and not errors:
            errors.add("单位", "单位用户必须指定单位（--unit）")
        if (before["role"] == Role.STATION.label and user.role != Role.STATION.value
                and user.active and _active_stations() <= 1):
            errors.add("角色", "这是最后一个启用的街道生态环境站账号，不能改为其他角色")
        errors.raise_if_any()
        changes = audit.diff(before, _user_values(user))
        if changes:
            user.save()
            audit.record_changes(actor, "user", user.id, "", changes)
    return user


def set_active(actor: User, login: str, active: bool) -> User:
    """Disable (or enable again) an account; a disabled login is refused at the door.
    Nobody disables their own account or the last active station account."""
    access.require_station(actor)
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
