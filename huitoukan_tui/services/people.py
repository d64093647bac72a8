"""People as users see them: by display name (姓名). The login stays where it identifies an
account (the records, the audit CLI, JSON for scripts); screens and lines meant for people
name the person."""

from __future__ import annotations

from collections.abc import Iterable

from huitoukan_tui.models import User


def display_names(logins: Iterable[str]) -> dict[str, str]:
    """login → display name, for the logins that name an account (others are left out)."""
    wanted = sorted({login for login in logins if login})
    if not wanted:
        return {}
    return dict(User.select(User.login, User.display_name)
                .where(User.login.in_(wanted)).tuples())


def display_name(login: str) -> str:
    """The person behind ``login`` (the login itself when no account has it, e.g. a record
    written by an import or an account since removed; empty stays empty)."""
    return display_names([login]).get(login, login) if login else ""
