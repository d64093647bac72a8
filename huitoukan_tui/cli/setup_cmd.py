"""``init``: create the database for the seed's 2024 campaign."""

from __future__ import annotations

import contextlib

import click

from huitoukan_tui import db as dbmod
from huitoukan_tui.enums import Role
from huitoukan_tui.models import User, database
from huitoukan_tui.services import reinit, sessions
from huitoukan_tui.services.campaign import seed_campaign_2024
from huitoukan_tui.services.errors import ServiceError


@click.command("init")
@click.option("--demo", is_flag=True, help="同时写入示例台账（34 件虚构信访件）")
@click.option("--force", is_flag=True,
              help="重建已有数据库：仅街道生态环境站、且无人使用时可用；先自动备份")
@click.option("--if-missing", is_flag=True, help="数据库已存在时什么也不做（供 make run 使用）")
@click.option("--name", "display_name", default="街道生态环境站管理员", show_default=True,
              help="管理员姓名")
@click.pass_obj
def init(session, demo: bool, force: bool, if_missing: bool, display_name: str) -> None:
    """创建数据库（2024 年里山街道“回头看”专项行动），调用者成为街道生态环境站管理员。

    --force 重建已有数据库：数据库中已有账号时只有街道生态环境站可以重建；有人正在使用时拒绝；
    删除前先做一份经过校验的备份（SQLite 与 PostgreSQL 都存为 db/backups/ 下的 SQLite 文件）。
    """
    target = session.target
    login = session.login
    exists = target.path.exists() if target.path is not None else _has_schema(target)
    if exists and if_missing:
        return
    if exists and not force:
        raise ServiceError(f"数据库已存在：{target.describe()}（如需重建请加 --force）")
    kept = None
    if exists:
        reinit.authorize(target, login)
    with sessions.alone(target) if exists else contextlib.nullcontext():
        if exists:
            kept = reinit.clear(target)
        session.bind(create=True)
        with database.atomic():
            seed_campaign_2024()
            admin = User.create(login=login, display_name=display_name,
                                role=Role.STATION.value)
    if kept is not None:
        click.echo(f"已备份原数据库：{kept}")
    if demo:
        from huitoukan_tui.services.demo import create_demo

        create_demo(admin)
    click.echo(f"已创建数据库：{target.describe()}；管理员：{admin.login}"
               + ("；已写入示例台账 34 件" if demo else ""))


def _has_schema(target) -> bool:
    dbmod.bind(target, create=True)
    try:
        return User.select().exists()
    finally:
        database.close()  # not one more connection for init --force to count


COMMANDS = [init]
