"""``export``: the official forms as files, safe to run from cron.

No prompt, no terminal needed: one line per file on stdout (``path  rows  sha256  状态``),
one line per problem on stderr; exit 0 when every file is in place, 1 when something failed,
2 for a usage error. The forms module (and openpyxl) is imported only when the command runs.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from huitoukan_tui.cli.options import campaign_option
from huitoukan_tui.cli.progress_cmd import week_option_value

KIND_CHOICES = click.Choice(["progress", "problems", "ledger", "all"])


@click.command("export")
@click.argument("kind", type=KIND_CHOICES, metavar="progress|problems|ledger|all")
@click.option("--week", metavar="DATE",
              help="报送周内任一天，如 2024-03-21（默认：今天已到期的最近一个报送周；"
                   "专项行动开始前：第一个报送周；结束后：最后一个报送周）")
@click.option("--unit", "units", multiple=True, metavar="U", help="只导出这些单位（可多次给出）")
@click.option("--per-unit", is_flag=True, help="每个单位一个文件，另加汇总文件")
@click.option("--per-street", is_flag=True,
              help="区环委办：另为每个街道导出一份本街道的进展一览表")
@click.option("--final", is_flag=True, help="附件1 终版：加“核查情况”“核查人员”两列")
@click.option("--submitted", is_flag=True,
              help="附件2 报送版：这一周报送时冻结的数字（未报送的周拒绝）")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              metavar="DIR", help="输出目录（默认：安装目录下的 exports/，或 HUITOUKAN_EXPORTS）")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "pdf"]), default="xlsx",
              show_default=True, help="pdf：由 LibreOffice 转换的可打印文件")
@click.option("--force", is_flag=True, help="内容未变化的文件也重新写入")
@click.option("--quiet", "-q", is_flag=True, help="不输出文件清单（错误仍输出到 stderr）")
@click.option("--stdout", "to_stdout", is_flag=True,
              help="把唯一的一个文件写到标准输出（如 … --stdout > 进展.xlsx），不写导出目录")
@campaign_option
@click.pass_obj
def export(session, kind: str, week: str | None, units: tuple[str, ...], per_unit: bool,
           per_street: bool, final: bool, submitted: bool, out_dir: Path | None, fmt: str,
           force: bool, quiet: bool, to_stdout: bool) -> None:
    """导出正式表格：progress（附件2 进展一览表）、problems（附件1 问题清单）、
    ledger（信访台账，含最近一次核查）、all（全部）。

    文件名如 2024-03-21_进展一览表_合计.xlsx。先写临时文件再改名，读者不会看到写了一半的
    文件；同一周再次导出内容不变时保留原文件（--force 强制重写）。可放心在 cron 中运行。
    """
    if final and kind not in ("problems", "all"):
        raise click.UsageError("--final 只适用于 problems 或 all。")
    if submitted and kind != "progress":
        raise click.UsageError("--submitted 只适用于 progress。")
    campaign = session.campaign()
    options = dict(week=week_option_value(campaign, week), units=units, per_unit=per_unit,
                   final=final, fmt=fmt, submitted=submitted, campaign=campaign,
                   per_street=per_street)
    if to_stdout:
        if out_dir is not None:
            raise click.UsageError("--stdout 与 --out 不能同时使用。")
        _to_stdout(session, kind, options, quiet)
        return
    from huitoukan_tui.io.exporting import export_forms

    actor = session.actor()
    results = export_forms(actor, kind, out_dir=out_dir, force=force, **options)
    for warning in _warnings(results):
        click.echo(f"提醒：{warning}", err=True)
    failed = False
    for result in results:
        if result.ok:
            if not quiet:
                click.echo(result.line())
        else:
            failed = True
            click.echo(f"错误：{result.error}", err=True)
    if failed:
        raise click.exceptions.Exit(1)


def _warnings(results) -> list[str]:
    """Each warning once (a row of a unit is in its file and in the consolidated one)."""
    return list(dict.fromkeys(w for r in results for w in r.warnings))


def _to_stdout(session, kind: str, options: dict, quiet: bool) -> None:
    from huitoukan_tui.io.exporting import export_single
    from huitoukan_tui.services.errors import ServiceError

    out = sys.stdout.buffer
    if out.isatty():
        raise ServiceError("标准输出是终端，文件不能显示在屏幕上：请重定向到文件，"
                           "如 … --stdout > 进展一览表.xlsx")
    with export_single(session.actor(), kind, **options) as result:
        try:
            with open(result.path, "rb") as fh:
                shutil.copyfileobj(fh, out, 1 << 20)
            out.flush()
        except BrokenPipeError:
            raise ServiceError("标准输出在文件写完之前被关闭，文件不完整。") from None
    for warning in _warnings([result]):
        click.echo(f"提醒：{warning}", err=True)
    if not quiet:
        click.echo(f"已输出 {result.path.name}（{result.rows} 行，sha256 {result.sha256}）",
                   err=True)


COMMANDS = [export]
