"""Accounts: the door (who may run the program), the first administrator, user management
and SSH keys in authorized_keys."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from huitoukan_tui.cli import main
from huitoukan_tui.enums import Role
from huitoukan_tui.models import AuditEntry, User
from huitoukan_tui.services import sshkeys, users
from huitoukan_tui.services.errors import (
    NotFound,
    PermissionDenied,
    UnknownUser,
    ValidationError,
)
from huitoukan_tui.services.fields import field_label

PROGRAM = Path(sys.executable).parent / "huitoukan-tui"

# an ed25519 public key (generated once for these tests; no private key exists anywhere)
ED25519 = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOGHqkLj0agLDWo4YKYTWVWmd3G2x80Fl4tGx/VK5jSt "
           "me@laptop")
ED25519_FP = "SHA256:HbqnGu+jKQykpmgjDaxxjnJpHxHDWZVjpPleMNp49vE"


def _key(tmp_path: Path, text: str = ED25519, name: str = "id.pub") -> Path:
    path = tmp_path / name
    path.write_text(text + "\n")
    return path


def _new_key(tmp_path: Path, name: str) -> Path:
    keygen = shutil.which("ssh-keygen")
    if keygen is None:
        pytest.skip("ssh-keygen 不可用")
    subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-C", name, "-f",
                    str(tmp_path / name)], check=True)
    return tmp_path / f"{name}.pub"


# ---------------------------------------------------------------- the door

def test_unknown_and_disabled_users_are_refused(db, run_cli):
    with pytest.raises(UnknownUser, match="未登记"):
        users.resolve_actor("stranger")
    result = run_cli(["cases"], user="stranger")
    assert result.exit_code == 1
    assert "用户 stranger 未登记，请联系街道生态环境站开通账号" in result.output
    User.create(login="gone", display_name="已离职", role=Role.VIEWER.value, active=False)
    result = run_cli(["progress"], user="gone")
    assert result.exit_code == 1
    assert "用户 gone 已停用" in result.output


def test_os_login_is_the_default_actor(db, monkeypatch):
    monkeypatch.setattr(users, "os_login", lambda: "admin")
    assert users.resolve_actor(None).login == "admin"
    monkeypatch.setattr(users, "os_login", lambda: "intruder")
    with pytest.raises(UnknownUser):
        users.resolve_actor(None)


@pytest.mark.sqlite_only  # the program is started as a subprocess on a database file
def test_bare_tui_entry_refuses_unknown_user_without_a_screen(db, tmp_path):
    """``huitoukan-tui`` with no subcommand is the TUI: an unknown or disabled login gets one
    Chinese line and exit 1, and no screen is drawn (nothing on stdout, no escape codes)."""
    User.create(login="gone", display_name="已离职", role=Role.VIEWER.value, active=False)
    for login, expected in (("stranger", "用户 stranger 未登记"), ("gone", "用户 gone 已停用")):
        result = subprocess.run([str(PROGRAM), "--db", str(db.path), "--user", login],
                                stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 1
        assert expected in result.stderr
        assert result.stdout == ""
        assert "\x1b[" not in result.stderr


def test_first_init_makes_its_caller_the_station_admin(tmp_path, monkeypatch):
    path = tmp_path / "new.sqlite3"
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(path), "--user", "wangzx", "init",
                                  "--name", "王章兴"])
    assert result.exit_code == 0, result.output
    assert "管理员：wangzx" in result.output
    admin = User.get(User.login == "wangzx")
    assert admin.role == Role.STATION.value and admin.display_name == "王章兴"
    # the administrator can now work; nobody else can
    assert runner.invoke(main, ["--db", str(path), "--user", "wangzx", "user", "list"]
                         ).exit_code == 0
    result = runner.invoke(main, ["--db", str(path), "--user", "other", "user", "list"])
    assert result.exit_code == 1 and "未登记" in result.output
    # a second init does not hand the database to its caller
    result = runner.invoke(main, ["--db", str(path), "--user", "other", "init"])
    assert result.exit_code == 1 and "数据库已存在" in result.output


def test_init_without_user_makes_the_os_login_admin(tmp_path, monkeypatch):
    monkeypatch.setattr(users, "os_login", lambda uid=None: "svc")
    path = tmp_path / "new.sqlite3"
    result = CliRunner().invoke(main, ["--db", str(path), "init"])
    assert result.exit_code == 0, result.output
    assert User.get(User.login == "svc").role == Role.STATION.value


# ---------------------------------------------------------------- managing accounts

def test_user_add_list_set_disable(units, run_cli):
    result = run_cli(["user", "add", "zhangsan", "--name", "张三", "--role", "unit",
                      "--unit", "七星村"])
    assert result.exit_code == 0, result.output
    assert "已新增用户：zhangsan 张三（七星村" in result.output
    result = run_cli(["user", "list"])
    lines = [ln for ln in result.output.splitlines() if ln.startswith("zhangsan")]
    assert len(lines) == 1 and "张三" in lines[0] and "七星村" in lines[0] and "启用" in lines[0]

    result = run_cli(["user", "set", "zhangsan", "--unit", "桃坡村", "--name", "张三丰"])
    assert result.exit_code == 0, result.output
    user = User.get(User.login == "zhangsan")
    assert user.unit.name == "桃坡村" and user.display_name == "张三丰"

    result = run_cli(["user", "set", "zhangsan", "--role", "viewer", "--unit", ""])
    assert result.exit_code == 0, result.output
    user = User.get(User.login == "zhangsan")
    assert user.role == Role.VIEWER.value and user.unit_id is None

    result = run_cli(["user", "disable", "zhangsan"])
    assert result.exit_code == 0
    assert "已停用用户：zhangsan" in result.output
    assert run_cli(["cases"], user="zhangsan").exit_code == 1
    result = run_cli(["user", "list", "--format", "json"])
    import json

    record = next(r for r in json.loads(result.output) if r["login"] == "zhangsan")
    assert record["active"] is False and record["state"] == "停用"
    assert run_cli(["user", "enable", "zhangsan"]).exit_code == 0
    assert run_cli(["cases"], user="zhangsan").exit_code == 0


def test_user_changes_are_audited(station, units):
    users.add_user(station, "lisi", "李四", "unit", "七星村")
    users.set_user(station, "lisi", unit_name="桃坡村")
    users.set_active(station, "lisi", False)
    rows = [(e.action, e.field, e.before, e.after) for e in AuditEntry.select()
            .where(AuditEntry.entity == "user").order_by(AuditEntry.id)]
    assert rows[0][0] == "create" and "李四" in rows[0][3]
    assert ("update", "unit", "七星村", "桃坡村") in rows
    assert ("update", "active", "启用", "停用") in rows
    assert all(e.actor == "admin" for e in AuditEntry.select().where(AuditEntry.entity == "user"))


def test_every_audited_account_field_reads_in_chinese(station, units):
    """The history names each field an account change records (street too, since streets)."""
    user = users.add_user(station, "lisi", "李四", "unit", "七星村")
    assert {name: field_label("user", name) for name in users._user_values(user)} == {
        "login": "登录名", "display_name": "姓名", "role": "角色", "unit": "单位",
        "street": "街道", "active": "账号状态"}


def test_invalid_user_input_is_refused_with_reasons(units, run_cli):
    result = run_cli(["user", "add", "bad login", "--name", "", "--role", "boss"])
    assert result.exit_code == 1
    assert "登录名：不能为空、不能含空格" in result.output
    assert "姓名：不能为空" in result.output
    assert "角色：无效：boss" in result.output
    result = run_cli(["user", "add", "u1", "--name", "某", "--role", "unit"])
    assert result.exit_code == 1 and "单位用户必须指定单位" in result.output
    result = run_cli(["user", "add", "u1", "--name", "某", "--role", "unit", "--unit", "火星村"])
    assert result.exit_code == 1 and "没有这个单位：火星村" in result.output
    result = run_cli(["user", "add", "admin", "--name", "重复", "--role", "viewer"])
    assert result.exit_code == 1 and "已存在：admin" in result.output
    result = run_cli(["user", "set", "nobody", "--name", "某"])
    assert result.exit_code == 1 and "没有这个用户：nobody" in result.output
    result = run_cli(["user", "set", "admin"])
    assert result.exit_code == 1 and "没有要修改的内容" in result.output
    assert User.select().count() == 1


def test_the_last_station_account_cannot_be_lost(station, unit_user):
    with pytest.raises(ValidationError, match="不能停用自己的账号"):
        users.set_active(station, "admin", False)
    with pytest.raises(ValidationError, match="最后一个启用的街道生态环境站账号"):
        users.set_user(station, "admin", role="viewer")
    second = users.add_user(station, "boss2", "第二管理员", "station")
    users.set_active(second, "admin", False)  # now allowed: boss2 remains
    assert not User.get(User.login == "admin").active


def test_only_the_station_manages_accounts(unit_user, viewer):
    for actor in (unit_user, viewer):
        with pytest.raises(PermissionDenied):
            users.list_users(actor)
        with pytest.raises(PermissionDenied):
            users.add_user(actor, "x", "某", "viewer")
        with pytest.raises(PermissionDenied):
            users.set_user(actor, "qixing", name="改名")
        with pytest.raises(PermissionDenied):
            users.set_active(actor, "admin", False)
    assert User.get(User.login == "qixing").display_name == "七星村干部"


# ---------------------------------------------------------------- SSH keys

def test_parse_public_key_accepts_openssh_keys_and_refuses_others():
    key = sshkeys.parse_public_key(ED25519)
    assert key.kind == "ssh-ed25519" and key.comment == "me@laptop"
    assert key.fingerprint == ED25519_FP
    with pytest.raises(ValidationError, match="私钥"):
        sshkeys.parse_public_key("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n"
                                 "-----END OPENSSH PRIVATE KEY-----")
    with pytest.raises(ValidationError, match="不是 OpenSSH 公钥格式"):
        sshkeys.parse_public_key("hello world")
    with pytest.raises(ValidationError, match="base64"):
        sshkeys.parse_public_key("ssh-ed25519 not*base64")
    with pytest.raises(ValidationError, match="与类型 ssh-rsa 不符"):
        sshkeys.parse_public_key(ED25519.replace("ssh-ed25519", "ssh-rsa", 1))
    with pytest.raises(ValidationError, match="只能包含一把公钥"):
        sshkeys.parse_public_key(ED25519 + "\n" + ED25519)
    with pytest.raises(ValidationError, match="文件为空"):
        sshkeys.parse_public_key("\n")


def test_forced_command_line_format():
    key = sshkeys.parse_public_key(ED25519)
    command = sshkeys.forced_command("qixing", "/srv/h/.venv/bin/huitoukan-tui",
                                     ("--db", "/srv/h/db/my db.sqlite3"))
    assert command == ("/srv/h/.venv/bin/huitoukan-tui --db '/srv/h/db/my db.sqlite3' "
                       "--user qixing")
    line = sshkeys.key_line("qixing", key, command)
    assert line.startswith('restrict,pty,command="/srv/h/.venv/bin/huitoukan-tui --db '
                           "'/srv/h/db/my db.sqlite3' --user qixing\" ssh-ed25519 AAAA")
    assert line.endswith(" huitoukan-tui:qixing me@laptop")
    assert sshkeys.line_login(line) == "qixing"
    # a double quote in the command is escaped the way sshd reads it back
    odd = sshkeys.key_line("o", key, sshkeys.forced_command(
        "o", "/opt/huitoukan-tui", ("--db", '/d/we"ird.sqlite3')))
    assert 'command="/opt/huitoukan-tui --db \'/d/we\\"ird.sqlite3\' --user o"' in odd
    assert sshkeys.line_login(odd) == "o"


def test_add_key_writes_the_line_and_keeps_other_lines(unit_user, run_cli, tmp_path):
    ak = tmp_path / "ssh" / "authorized_keys"
    ak.parent.mkdir()
    other = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH8n0cM+2eGLhEc/1Hq8mZ2Ue3W7fM4o1qU8yZ6k0dTa ops"
    ak.write_text(f"# the operators' own key\n{other}\n")
    ak.chmod(0o600)
    result = run_cli(["user", "add-key", "qixing", str(_key(tmp_path)), "--authorized-keys",
                      str(ak), "--program", "/srv/h/.venv/bin/huitoukan-tui"])
    assert result.exit_code == 0, result.output
    assert f"已为 qixing 登记公钥 {ED25519_FP}" in result.output
    lines = ak.read_text().splitlines()
    assert lines[:2] == ["# the operators' own key", other]
    ours = lines[2]
    assert ours.startswith('restrict,pty,command="/srv/h/.venv/bin/huitoukan-tui --d')
    assert "--user qixing\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOGHqkLj0agLDWo4YKYTW" in ours
    assert (ak.stat().st_mode & 0o777) == 0o600
    # the key must be of a known, active user; the same key cannot open two logins
    result = run_cli(["user", "add-key", "nobody", str(_key(tmp_path)), "--authorized-keys",
                      str(ak)])
    assert result.exit_code == 1 and "没有这个用户：nobody" in result.output
    result = run_cli(["user", "add-key", "admin", str(_key(tmp_path)), "--authorized-keys",
                      str(ak)])
    assert result.exit_code == 1 and "这把公钥已登记给用户 qixing" in result.output
    # adding it again for the same user replaces its line instead of duplicating it
    assert run_cli(["user", "add-key", "qixing", str(_key(tmp_path)), "--authorized-keys",
                    str(ak)]).exit_code == 0
    assert sum(1 for e in sshkeys.entries(ak) if e.login == "qixing") == 1
    assert len(ak.read_text().splitlines()) == 3
    entry = AuditEntry.select().where(AuditEntry.field == "ssh_key").first()
    assert entry.after == f"ssh-ed25519 {ED25519_FP}"

    result = run_cli(["user", "remove-key", "qixing", "--authorized-keys", str(ak)])
    assert result.exit_code == 0
    assert "已删除 qixing 的 1 把公钥" in result.output
    assert ak.read_text().splitlines() == ["# the operators' own key", other]
    result = run_cli(["user", "remove-key", "qixing", "--authorized-keys", str(ak)])
    assert result.exit_code == 1 and "没有用户 qixing 的公钥" in result.output


def test_add_key_pins_the_database_and_the_program(unit_user, run_cli, tmp_path, db):
    ak = tmp_path / "authorized_keys"
    assert run_cli(["user", "add-key", "qixing", str(_key(tmp_path)), "--authorized-keys",
                    str(ak)]).exit_code == 0
    line = ak.read_text().strip()
    command = line.split('command="', 1)[1].split('"', 1)[0]
    words = command.split()
    assert Path(words[0]).is_absolute()
    if db.path is not None:
        assert words[1:3] == ["--db", str(db.path)]
    else:
        assert words[1] == "--database-url"
    assert words[-2:] == ["--user", "qixing"]


def test_add_key_refuses_bad_files_and_non_station(unit_user, run_cli, tmp_path):
    ak = tmp_path / "authorized_keys"
    bad = _key(tmp_path, "-----BEGIN OPENSSH PRIVATE KEY-----\nxx", "id")
    result = run_cli(["user", "add-key", "qixing", str(bad), "--authorized-keys", str(ak)])
    assert result.exit_code == 1 and "这是私钥，请提供公钥" in result.output
    result = run_cli(["user", "add-key", "qixing", str(tmp_path / "missing.pub"),
                      "--authorized-keys", str(ak)])
    assert result.exit_code == 1 and "无法读取" in result.output
    result = run_cli(["user", "add-key", "qixing", str(_key(tmp_path)), "--authorized-keys",
                      str(ak)], user="qixing")
    assert result.exit_code == 1 and "只有街道生态环境站" in result.output
    ak.write_text(sshkeys.key_line("qixing", sshkeys.parse_public_key(ED25519), "x --user qixing")
                  + "\n")
    result = run_cli(["user", "remove-key", "qixing", "--authorized-keys", str(ak)],
                     user="qixing")
    assert result.exit_code == 1 and "只有街道生态环境站" in result.output
    assert "qixing" in ak.read_text()
    assert not (tmp_path / "authorized_keys.tmp").exists()


def test_add_key_of_a_disabled_user_is_refused(station, unit_user, run_cli, tmp_path):
    users.set_active(station, "qixing", False)
    result = run_cli(["user", "add-key", "qixing", str(_key(tmp_path)), "--authorized-keys",
                      str(tmp_path / "ak")])
    assert result.exit_code == 1 and "已停用" in result.output
    assert not (tmp_path / "ak").exists()


def test_generated_keys_validate_with_ssh_keygen(tmp_path):
    pub = _new_key(tmp_path, "k1")
    key = sshkeys.read_key_file(pub)
    printed = subprocess.run(["ssh-keygen", "-l", "-f", str(pub)], capture_output=True,
                             text=True, check=True).stdout
    assert key.fingerprint in printed
    broken = tmp_path / "broken.pub"
    kind, blob, comment = pub.read_text().split()
    broken.write_text(f"{kind} {blob[:-8]} {comment}\n")  # base64, but a truncated key
    with pytest.raises(ValidationError):
        sshkeys.read_key_file(broken)


def test_two_administrators_adding_keys_at_once_lose_neither(tmp_path):
    """authorized_keys is rewritten under a lock: concurrent add-key calls keep every line."""
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen 不可用")
    ak = tmp_path / "authorized_keys"
    keys = [_new_key(tmp_path, f"k{n}") for n in range(6)]
    script = ("import sys; from pathlib import Path; from huitoukan_tui.services import sshkeys;"
              "k = sshkeys.read_key_file(Path(sys.argv[1]));"
              "sshkeys.add_key(sys.argv[2], k, 'x --user ' + sys.argv[2], Path(sys.argv[3]))")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(k), f"user{n}", str(ak)])
             for n, k in enumerate(keys)]
    assert all(p.wait(timeout=60) == 0 for p in procs)
    assert sorted(e.login for e in sshkeys.entries(ak)) == [f"user{n}" for n in range(6)]


def test_get_user_not_found(station):
    with pytest.raises(NotFound):
        users.get_user(station, "nobody")


def test_env_does_not_leak_into_tests():
    assert "HUITOUKAN_DB" not in os.environ
