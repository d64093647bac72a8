"""Issue 12, items 2 and 3: who acts is the OS account (its real uid), ``--user`` only for
root and the account owning the database; and every write asks the account again, so a
session opened before ``user disable`` or a role/unit change can no longer do what it could.

Running the program as another OS account needs root (``setpriv``); those tests skip
otherwise. The same rules over a real sshd: tests/test_ssh_e2e.py."""

from __future__ import annotations

import datetime as dt
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from huitoukan_tui.config import DatabaseTarget
from huitoukan_tui.enums import Role
from huitoukan_tui.models import Case, Inspection, Unit, User, database
from huitoukan_tui.services import access, inspections, users
from huitoukan_tui.services.errors import NotFound, PermissionDenied
from huitoukan_tui.services.inspections import InspectionInput
from tests.osaccounts import NOBODY, as_nobody, other_account_program, require_other_accounts

PROGRAM = Path(sys.executable).parent / "huitoukan-tui"


def _inspection() -> InspectionInput:
    return InspectionInput(inspected_on=dt.date(2024, 4, 1), inspectors="张三", handled=True,
                           rebound=False, satisfaction="满意")


def _case_of(unit: str) -> str:
    return Case.select(Case.case_no).join(Unit).where(Unit.name == unit).order_by(
        Case.case_no).scalar()


# ---------------------------------------------------------------- the OS identity

@pytest.mark.sqlite_only  # who the OS says the caller is: no database engine involved
def test_logname_and_user_are_not_asked(monkeypatch):
    monkeypatch.setenv("LOGNAME", "admin")
    monkeypatch.setenv("USER", "admin")
    assert users.os_login() == pwd.getpwuid(os.getuid()).pw_name


@pytest.mark.sqlite_only
def test_user_is_honoured_for_root_and_the_owner_only(tmp_path):
    path = tmp_path / "huitoukan.sqlite3"
    path.touch()
    target = DatabaseTarget(path=path)
    owner = path.stat().st_uid
    other = NOBODY if owner != NOBODY else 0
    other_name = pwd.getpwuid(other).pw_name
    if other != 0:
        with pytest.raises(PermissionDenied, match=f"只能以自己的操作系统账号（{other_name}）"):
            users.acting_login("admin", target, uid=other)
        assert users.acting_login(None, target, uid=other) == other_name
        assert users.acting_login(other_name, target, uid=other) == other_name
    assert users.acting_login("admin", target, uid=owner) == "admin"  # the service account
    assert users.acting_login("admin", target, uid=0) == "admin"  # root


@pytest.fixture
def shared_db(demo_db):
    """The demo ledger in a folder any account can use, owned by root (the owner)."""
    require_other_accounts()
    database.close()
    folder = Path(tempfile.mkdtemp(prefix="huitoukan-identity-"))
    folder.chmod(0o777)
    path = folder / "huitoukan.sqlite3"
    shutil.copy(demo_db.path, path)
    path.chmod(0o666)
    yield path
    shutil.rmtree(folder, ignore_errors=True)


def _as_nobody(path: Path, *args: str, env: dict | None = None):
    return as_nobody([str(other_account_program()), "--db", str(path), *args],
                     env={**os.environ, **(env or {})})


@pytest.mark.sqlite_only  # the program as another OS account, on a database file
def test_a_group_member_with_a_shell_can_only_be_themselves(shared_db):
    nobody = pwd.getpwuid(NOBODY).pw_name
    as_station = _as_nobody(shared_db, "--user", "admin", "user", "list")
    assert as_station.returncode == 1
    assert as_station.stderr.startswith(f"错误：--user：只能以自己的操作系统账号（{nobody}）")
    assert as_station.stdout == ""
    # LOGNAME/USER set by the caller change nothing
    spoofed = _as_nobody(shared_db, "cases", env={"LOGNAME": "admin", "USER": "admin"})
    assert spoofed.returncode == 1 and f"用户 {nobody} 未登记" in spoofed.stderr
    # registered, the account works as itself (here: a read-only account)
    subprocess.run([str(PROGRAM), "--db", str(shared_db), "--user", "admin", "user", "add",
                    nobody, "--name", "区环委办", "--role", "viewer"], check=True,
                   capture_output=True, timeout=120)
    listed = _as_nobody(shared_db, "cases", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count('"case_no"') == 34
    refused = _as_nobody(shared_db, "problem", "set-status", "1", "待验收")
    assert refused.returncode == 1 and "只读用户不能修改数据" in refused.stderr


# ---------------------------------------------------------------- a session's account

def test_a_session_opened_before_user_disable_cannot_write(demo_db):
    session_actor = User.get(User.login == "qixing")  # loaded at login, kept by the session
    admin = User.get(User.login == "admin")
    case_no = _case_of("七星村")
    before = Inspection.select().count()
    users.set_active(admin, "qixing", False)
    assert access.session_change(session_actor) == "账号 qixing 已被停用"
    with pytest.raises(access.AccountChanged, match="账号 qixing 已停用，不能再修改数据"):
        inspections.record_inspection(session_actor, case_no, _inspection())
    assert Inspection.select().count() == before


def test_a_role_or_unit_change_applies_to_an_open_session_at_once(demo_db):
    session_actor = User.get(User.login == "qixing")
    admin = User.get(User.login == "admin")
    own, other = _case_of("七星村"), _case_of("新河社区")
    before = Inspection.select().count()
    users.set_user(admin, "qixing", unit_name="新河社区")
    assert access.session_change(session_actor) == "账号 qixing 的角色或单位已被修改"
    with pytest.raises(NotFound):  # the old unit's case is no longer its own
        inspections.record_inspection(session_actor, own, _inspection())
    assert Inspection.select().count() == before
    inspections.record_inspection(session_actor, other, _inspection())  # the new one is
    assert Inspection.select().count() == before + 1
    users.set_user(admin, "qixing", role="viewer")
    with pytest.raises(PermissionDenied, match="只读用户不能修改数据"):
        inspections.record_inspection(session_actor, other, _inspection())
    assert session_actor.role == Role.VIEWER.value
