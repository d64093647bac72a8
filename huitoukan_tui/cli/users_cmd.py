"""``user``: staff accounts and their SSH keys (station only)."""

from __future__ import annotations

from pathlib import Path

import click

from huitoukan_tui.cli.output import emit
from huitoukan_tui.services import access, sshkeys, users
from huitoukan_tui.services.errors import NotFound, ServiceError

ROLE_HELP = ("角色：district（区环委办）、station（街道生态环境站）、unit（村/社区/部门）、"
             "viewer（只读）")
STREET_HELP = "所属街道（station 默认：您所在的街道；viewer 不给出：全区只读）"
AUTHORIZED_KEYS_HELP = "authorized_keys 文件（默认：本账号的 ~/.ssh/authorized_keys）"

USER_COLUMNS = [("login", "登录名"), ("name", "姓名"), ("role", "角色"), ("street", "街道"),
                ("unit", "单位"), ("state", "状态"), ("keys", "SSH 公钥")]


@click.group("user")
def user() -> None:
    """管理用户账号和 SSH 公钥（街道生态环境站：本街道；区环委办、系统管理员：全区）。"""


@user.command("add")
@click.argument("login")
@click.option("--name", required=True, metavar="NAME", help="姓名")
@click.option("--role", required=True, metavar="ROLE", help=ROLE_HELP)
@click.option("--unit", default=None, metavar="U", help="所属单位（unit 角色必填）")
@click.option("--street", default=None, metavar="S", help=STREET_HELP)
@click.pass_obj
def add(session, login, name, role, unit, street) -> None:
    """新增用户 LOGIN。"""
    actor = session.actor()
    created = users.add_user(actor, login, name, role, unit, street)
    click.echo(f"已新增用户：{created.login} {users.describe(created)}")


@user.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--authorized-keys", "keys_path", type=click.Path(path_type=Path), default=None,
              help=AUTHORIZED_KEYS_HELP)
@click.pass_obj
def list_(session, fmt, keys_path) -> None:
    """列出全部用户（含已停用的）及其登记的 SSH 公钥数。"""
    actor = session.actor()
    accounts = users.list_users(actor)
    try:
        keys = sshkeys.entries(keys_path)
    except OSError:
        keys = []
    records = []
    for account in accounts:
        record = users.user_record(account)
        record["state"] = "启用" if account.active else "停用"
        record["keys"] = sum(1 for k in keys if k.login == account.login)
        record["fingerprints"] = [k.fingerprint for k in keys if k.login == account.login]
        records.append(record)
    emit(records, fmt, records, USER_COLUMNS)


@user.command("set")
@click.argument("login")
@click.option("--name", default=None, metavar="NAME", help="新姓名")
@click.option("--role", default=None, metavar="ROLE", help=ROLE_HELP)
@click.option("--unit", default=None, metavar="U", help="新单位（空字符串：不属于任何单位）")
@click.option("--street", default=None, metavar="S", help="新街道（空字符串：全区）")
@click.pass_obj
def set_(session, login, name, role, unit, street) -> None:
    """修改用户 LOGIN 的姓名、角色、单位或街道。"""
    if name is None and role is None and unit is None and street is None:
        raise ServiceError("没有要修改的内容（请给出 --name、--role、--unit 或 --street）")
    actor = session.actor()
    changed = users.set_user(actor, login, name=name, role=role, unit_name=unit,
                             street_name=street)
    click.echo(f"已更新用户：{changed.login} {users.describe(changed)}")


@user.command("disable")
@click.argument("login")
@click.pass_obj
def disable(session, login) -> None:
    """停用用户 LOGIN：之后以此身份登录一律被拒绝（历史记录保留）。"""
    actor = session.actor()
    changed = users.set_active(actor, login, False)
    click.echo(f"已停用用户：{changed.login}")


@user.command("enable")
@click.argument("login")
@click.pass_obj
def enable(session, login) -> None:
    """重新启用已停用的用户 LOGIN。"""
    actor = session.actor()
    changed = users.set_active(actor, login, True)
    click.echo(f"已启用用户：{changed.login}")


@user.command("add-key")
@click.argument("login")
@click.argument("keyfile", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--authorized-keys", "keys_path", type=click.Path(path_type=Path), default=None,
              help=AUTHORIZED_KEYS_HELP)
@click.option("--program", default=None, metavar="PATH",
              help="SSH 登录后运行的程序（默认：当前 huitoukan-tui 的绝对路径）")
@click.pass_obj
def add_key(session, login, keyfile, keys_path, program) -> None:
    """为用户 LOGIN 登记 SSH 公钥 KEYFILE（.pub）。

    写入一行 restrict,pty,command="huitoukan-tui --user LOGIN" 公钥：
    用这把钥匙登录只能以 LOGIN 身份打开本程序，不能得到 shell，也不能转发端口。
    """
    actor = session.actor()
    account = users.get_user(actor, login)
    if not account.active:
        raise ServiceError(f"用户 {account.login} 已停用，不能登记公钥（可先 user enable）")
    key = sshkeys.read_key_file(keyfile)
    command = sshkeys.forced_command(account.login, program, _database_args(session))
    path = keys_path or sshkeys.default_authorized_keys()
    sshkeys.add_key(account.login, key, command, path)
    users.record_key_change(actor, account, "", f"{key.kind} {key.fingerprint}")
    click.echo(f"已为 {account.login} 登记公钥 {key.fingerprint}（{path}）")
    shown = command.replace(session.target.url, session.target.describe()) \
        if session.target.url else command
    click.echo(f"登录后运行：{shown}")


def _database_args(session) -> tuple[str, ...]:
    """Pin the database the administrator works on: sshd passes no environment, so a
    database chosen by --db / HUITOUKAN_DB / a URL must be written into the command."""
    from huitoukan_tui.config import default_db_path

    target = session.target
    if target.path is not None:
        return () if target.path == default_db_path() else ("--db", str(target.path))
    return ("--database-url", target.url or "")


@user.command("remove-key")
@click.argument("login")
@click.option("--authorized-keys", "keys_path", type=click.Path(path_type=Path), default=None,
              help=AUTHORIZED_KEYS_HELP)
@click.pass_obj
def remove_key(session, login, keys_path) -> None:
    """删除用户 LOGIN 的全部 SSH 公钥行（其他行不动）。"""
    actor = session.actor()
    access.require_manager(actor)
    path = keys_path or sshkeys.default_authorized_keys()
    removed = sshkeys.remove_keys(login, path)
    if not removed:
        raise NotFound(f"{path} 中没有用户 {login} 的公钥")
    account = users.get_user(actor, login) if _exists(login) else None
    if account is not None:
        for entry in removed:
            users.record_key_change(actor, account, f"{entry.kind} {entry.fingerprint}", "")
    click.echo(f"已删除 {login} 的 {len(removed)} 把公钥（{path}）")


def _exists(login: str) -> bool:
    from huitoukan_tui.models import User

    return User.select().where(User.login == login).exists()


COMMANDS = [user]
