"""``init``: create the database for the seed's 2024 campaign."""

from __future__ import annotations

import click

from huitoukan_tui import db as dbmod
from huitoukan_tui.enums import Role
from huitoukan_tui.models import ALL_MODELS, User, database
from huitoukan_tui.services.campaign import seed_campaign_2024
from huitoukan_tui.services.errors import ServiceError
from huitoukan_tui.services.users import os_login


@click.command("init")
@click.option("--demo", is_flag=True, help="同时写入示例台账（34 件虚构信访件）")
@click.option("--force", is_flag=True, help="覆盖已有数据库（全部数据将被删除）")
@click.option("--if-missing", is_flag=True, help="数据库已存在时什么也不做（供 make run 使用）")
@click.option("--name", "display_name", default="街道生态环境站管理员", show_default=True,
              help="管理员姓名")
@click.pass_obj
def init(session, demo: bool, force: bool, if_missing: bool, display_name: str) -> None:
    """创建数据库（2024 年里山街道“回头看”专项行动），调用者成为街道生态环境站管理员。"""
    target = session.target
    exists = target.path.exists() if target.path is not None else _has_schema(target)
    if exists and if_missing:
        return
    if exists and not force:
        raise ServiceError(f"数据库已存在：{target.describe()}（如需重建请加 --force）")
    if exists and target.path is not None:
        for suffix in ("", "-wal", "-shm"):
            path = target.path.with_name(target.path.name + suffix)
            if path.exists():
                path.unlink()
    elif exists:
        dbmod.bind(target)
        database.obj.drop_tables(ALL_MODELS, cascade=True)
    session.bind(create=True)
    with database.atomic():
        seed_campaign_2024()
        admin = User.create(login=session.login or os_login(), display_name=display_name,
                            role=Role.STATION.value)
    if demo:
        from huitoukan_tui.services.demo import create_demo

        create_demo(admin)
    click.echo(f"已创建数据库：{target.describe()}；管理员：{admin.login}"
               + ("；已写入示例台账 34 件" if demo else ""))


def _has_schema(target) -> bool:
    dbmod.bind(target, create=True)
    return User.select().exists()


COMMANDS = [init]
