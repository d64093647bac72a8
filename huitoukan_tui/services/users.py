"""Staff accounts and the acting user."""

from __future__ import annotations

import getpass
import os

from huitoukan_tui.enums import Role
from huitoukan_tui.models import User
from huitoukan_tui.services import access
from huitoukan_tui.services.campaign import unit_by_name
from huitoukan_tui.services.errors import Collector, UnknownUser, ValidationError


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
    elif User.get_or_none(User.login == login):
        errors.add("登录名", f"已存在：{login}")
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
                errors.add("单位", str(exc).split("：", 1)[-1])
    elif unit_name:
        try:
            unit = unit_by_name(unit_name)
        except ValidationError as exc:
            errors.add("单位", str(exc).split("：", 1)[-1])
    errors.raise_if_any()
    return User.create(login=login, display_name=name, role=role_enum.value, unit=unit)


def describe(user: User) -> str:
    role = Role(user.role).label
    where = user.unit.name if user.unit_id else "全部单位"
    return f"{user.display_name}（{where} · {role}）"
