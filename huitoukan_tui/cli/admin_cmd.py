"""``audit`` (the change history) and ``backup`` (a verified copy of the database)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from huitoukan_tui.cli.output import SQL_ID, table
from huitoukan_tui.services import access, history
from huitoukan_tui.services import backup as backup_service
from huitoukan_tui.services.errors import ServiceError, ValidationError
from huitoukan_tui.services.text import date_problem, parse_date

AUDIT_COLUMNS = [("at", "时间"), ("actor_name", "操作人"), ("case_no", "信访件"),
                 ("entity", "对象"), ("action", "操作"), ("field", "字段"), ("before", "原值"),
                 ("after", "新值")]


@click.command("audit")
@click.option("--case", "case_no", default=None, metavar="NO",
              help="只看这件信访件（含其核查和整改事项）")
@click.option("--user", "login", default=None, metavar="U", help="只看此登录名做的修改")
@click.option("--since", default=None, metavar="DATE", help="从这一天起，如 2024-03-15")
@click.option("--limit", type=SQL_ID, default=None, metavar="N",
              help="只列最近的 N 条")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.pass_obj
def audit(session, case_no, login, since, limit, fmt) -> None:
    """打印修改记录：谁、何时、改了哪条记录的哪个字段、原值和新值。

    单位用户只能看到本单位信访件的记录；只读用户看到的个人信息已脱敏。
    """
    actor = session.actor()
    try:
        since_day = parse_date(since) if since else None
    except ValueError as exc:
        raise ValidationError.of("--since", date_problem(since, exc)) from None
    rows = history.history(actor, case_no=case_no, login=login, since=since_day, limit=limit)
    records = [r.record() for r in rows]
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif not records:
        click.echo("没有符合条件的修改记录。")
    else:
        for r in records:
            r["actor_name"] = f"{r['actor_name']}（{r['actor']}）" \
                if r["actor_name"] != r["actor"] else r["actor"]
            r["case_no"] = r["case_no"] or "—"
        click.echo(table(records, AUDIT_COLUMNS, max_width=30))


@click.command("backup")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="备份目录（默认：数据库所在目录下的 backups/）")
@click.option("--keep", type=int, default=None, metavar="N",
              help="只保留最近的 N 份备份（更早的自动删除）")
@click.pass_obj
def backup(session, out_dir, keep) -> None:
    """在他人继续使用时备份数据库（SQLite 在线备份），并校验备份文件。

    PostgreSQL 请使用 pg_dump。
    """
    if session.target.path is None:
        raise ServiceError(backup_service.PG_MESSAGE)
    access.require_station(session.actor())
    result = backup_service.backup_sqlite(session.target, out_dir, keep)
    rows = sum(result.tables.values())
    click.echo(f"已备份：{result.path}（{result.size / 1024:.0f} KB，{len(result.tables)} 张表，"
               f"{rows} 行；完整性检查：{result.integrity}）")
    for path in result.removed:
        click.echo(f"已删除旧备份：{path.name}")


COMMANDS = [audit, backup]
