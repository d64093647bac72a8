"""``init``: create the database with a campaign (the seed's 2024 plan unless ``--campaign``
names a campaign file)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from huitoukan_tui import db as dbmod
from huitoukan_tui.enums import Role
from huitoukan_tui.models import User, database
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services import reinit, sessions, users
from huitoukan_tui.services.campaignfile import read_campaign_file
from huitoukan_tui.services.errors import ServiceError


@click.command("init")
@click.option("--campaign", "campaign_file", type=click.Path(path_type=Path, dir_okay=False),
              metavar="FILE", help="专项行动文件（TOML，见 README；默认：2024 年里山街道专项行动）")
@click.option("--demo", is_flag=True, help="同时写入示例台账（34 件虚构信访件）")
@click.option("--force", is_flag=True, help="覆盖已有数据库（全部数据将被删除）")
@click.option("--if-missing", is_flag=True, help="数据库已存在时什么也不做（供 make run 使用）")
@click.option("--name", "display_name", default="街道生态环境站管理员", show_default=True,
              help="管理员姓名")
@click.pass_obj
def init(session, campaign_file: Path | None, demo: bool, force: bool, if_missing: bool,
         display_name: str) -> None:
    """创建数据库和专项行动（默认：2024 年里山街道“回头看”专项行动），调用者成为第一个街道的
    生态环境站管理员。

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
    from huitoukan_tui.campaigns import SEED_FILE

    if demo and campaign_file is not None:
        raise ServiceError("--demo 只能用于默认的 2024 年专项行动（不要同时给出 --campaign）")
    spec = read_campaign_file(campaign_file or SEED_FILE)  # a bad file changes nothing
    kept = None
    if exists:
        reinit.authorize(target, login)
    with sessions.alone(target) if exists else contextlib.nullcontext():
        if exists:
            kept = reinit.clear(target)
        session.bind(create=True)
        with database.atomic():
            campaign = campaigns.add_campaign(None, spec)
            first = campaigns.streets_of(campaign)[0]
            admin = users.add_user(None, login, display_name, Role.STATION.value,
                                   street_name=first.name, admin=True)
    if kept is not None:
        click.echo(f"已备份原数据库：{kept}")
    if demo:
        from huitoukan_tui.services.demo import create_demo

        create_demo(admin)
    click.echo(f"已创建数据库：{target.describe()}；专项行动：{campaign.name}；"
               f"管理员：{admin.login}（{first.name}）"
               + ("；已写入示例台账 34 件" if demo else ""))


def _has_schema(target) -> bool:
    dbmod.bind(target, create=True)
    try:
        return User.select().exists()
    finally:
        database.close()  # not one more connection for init --force to count


COMMANDS = [init]
