"""``db copy``: move the database to another engine (SQLite → PostgreSQL and back)."""

from __future__ import annotations

from pathlib import Path

import click

from huitoukan_tui.cli.output import table
from huitoukan_tui.config import DatabaseTarget
from huitoukan_tui.services import dbcopy


def parse_target(value: str) -> DatabaseTarget:
    """``postgresql://…`` (any peewee db_url), ``sqlite:///path`` or a plain file path."""
    if "://" in value:
        if value.startswith("sqlite:///"):
            return DatabaseTarget(path=Path(value[len("sqlite:///"):]).expanduser().resolve())
        return DatabaseTarget(url=value)
    return DatabaseTarget(path=Path(value).expanduser().resolve())


@click.group("db")
def db() -> None:
    """数据库维护：在 SQLite 与 PostgreSQL 之间复制。"""


@db.command("copy")
@click.option("--to", "to", required=True, metavar="URL",
              help="目标数据库：postgresql://用户:密码@主机:5432/库名，或 SQLite 文件路径")
@click.option("--force", is_flag=True,
              help="目标已有数据时用当前数据库覆盖（目标原有数据全部删除）")
@click.pass_obj
def copy(session, to: str, force: bool) -> None:
    """把当前数据库完整复制到目标数据库（编号不变，复制后逐表核对行数）。

    用于从 SQLite 迁移到 PostgreSQL（或反向）。复制期间请勿录入：源为 SQLite 时，
    复制过程会暂时阻止其他人保存。仅街道生态环境站可用。
    """
    actor = session.actor()
    target = parse_target(to)
    result = dbcopy.copy_database(actor, target, force=force)
    click.echo(f"已复制：{result.source} → {result.target}")
    records = [{"table": t, "rows": n} for t, n in result.counts.items()]
    click.echo(table(records, [("table", "表"), ("rows", "行数（两边一致）")]))
    if target.url:
        click.echo("以后使用新数据库：设置环境变量 HUITOUKAN_DATABASE_URL，或加 --database-url。")


COMMANDS = [db]
