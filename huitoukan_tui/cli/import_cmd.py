"""``import``: read the ledger from an Excel/WPS/LibreOffice/CSV file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from huitoukan_tui.cli.options import campaign_option
from huitoukan_tui.cli.output import table
from huitoukan_tui.services.casewrite import ACTION_LABELS
from huitoukan_tui.services.fields import FIELD_LABELS
from huitoukan_tui.services.text import printable

#: how many cases a dry run lists before it only counts the rest
DRY_RUN_LIST = 50
ITEM_COLUMNS = [("row", "行"), ("action", "处理"),
                *[(name, FIELD_LABELS[name])
                  for name in ("case_no", "channel", "received_on", "unit", "target")],
                ("changed", "变化")]


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--sheet", metavar="NAME", help="只导入这个工作表（默认：所有含台账表头的工作表）")
@click.option("--unit-map", type=click.Path(path_type=Path), metavar="FILE",
              help="单位对照表（.csv/.xlsx，两列：文件中的名称、系统中的单位名称）")
@click.option("--create-units", is_flag=True, help="文件中系统里没有的单位直接新建")
@click.option("--dry-run", is_flag=True, help="只检查并列出将导入的内容，不写入数据库")
@click.option("--on-existing", type=click.Choice(["skip", "update", "error"]), default="skip",
              show_default=True,
              help="编号已存在时：skip 保留原样；update 更新有变化的内容（记入审计日志）；"
                   "error 拒绝整个文件")
@campaign_option
@click.pass_obj
def import_ledger_cmd(session, file: Path, sheet: str | None, unit_map: Path | None,
                      create_units: bool, dry_run: bool, on_existing: str) -> None:
    """从 Excel（.xlsx/.xlsm/.xls）、WPS/LibreOffice（.ods）或 CSV 文件导入信访件台账。

    表头行按列名查找（上方可有标题行），合并单元格、各种日期写法、常见的来源写法都能识别。
    全部检查通过才写入：任何一行有问题，整个文件都不导入，并逐条列出“工作表!行：列：原因”。
    重复导入同一文件不会重复新增。FILE 为 - 时从标准输入读取（如 import - < 台账.xlsx），
    文件类型按内容识别。
    """
    from huitoukan_tui.io.ledger_import import import_ledger

    actor = session.actor()
    options = dict(sheet=sheet, unit_map=unit_map, create_units=create_units,
                   on_existing=on_existing, dry_run=dry_run, campaign=session.campaign())
    if str(file) == "-":
        report = _import_stdin(actor, options)
    else:
        report = import_ledger(actor, file, **options)
    for line in report.lines():
        click.echo(printable(line))  # sheet names come from the file
    if dry_run and report.items:
        shown = report.items[:DRY_RUN_LIST]
        many = len(report.sheets) > 1
        records = [{"row": f"{i.sheet}!{i.row}" if many else i.row,
                    "action": ACTION_LABELS[i.action], "case_no": i.case_no,
                    "channel": i.channel, "received_on": i.received_on.isoformat(),
                    "unit": i.unit, "target": i.target, "changed": "、".join(i.changed)}
                   for i in shown]
        click.echo("")
        click.echo(table(records, ITEM_COLUMNS, max_width=30))
        if report.total > len(shown):
            click.echo(f"……另有 {report.total - len(shown)} 件未列出。")


def _import_stdin(actor, options: dict):
    """The file on standard input, spooled into a private folder that is removed afterwards."""
    from huitoukan_tui.io.ledger_import import import_ledger
    from huitoukan_tui.io.sheet_reader import STDIN_NAME, spool_stream
    from huitoukan_tui.services import access, scratch
    from huitoukan_tui.services.errors import ServiceError

    access.require_station(actor)  # before reading anything
    stream = sys.stdin.buffer
    if stream.isatty():
        raise ServiceError("import - 从标准输入读取文件：请重定向，如 import - < 台账.xlsx")
    with scratch.private_folder("stdin") as folder:
        return import_ledger(actor, spool_stream(stream, folder, STDIN_NAME), **options)


COMMANDS = [import_ledger_cmd]
