"""``unit``: the 村/社区/部门 of a street, without an import."""

from __future__ import annotations

import click

from huitoukan_tui.cli.output import emit
from huitoukan_tui.services import organisation

UNIT_COLUMNS = [("name", "单位"), ("kind", "类型"), ("street", "街道"), ("state", "状态"),
                ("cases", "信访件"), ("users", "账号")]


@click.group("unit")
def unit() -> None:
    """核查单位（村、社区、街道部门）：新增、列出、改名、停用。"""


@unit.command("add")
@click.argument("name")
@click.option("--kind", required=True, metavar="村|社区|部门", help="单位类型")
@click.option("--street", default=None, metavar="S",
              help="所属街道（默认：您所在的街道，或唯一的街道）")
@click.pass_obj
def add(session, name: str, kind: str, street: str | None) -> None:
    """新增核查单位 NAME。"""
    created = organisation.create_unit(session.actor(), name, kind, street)
    click.echo(f"已新增单位：{created.name}")


@unit.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.pass_obj
def list_(session, fmt: str) -> None:
    """列出您可以看到的单位（含已停用的）。"""
    records = [u.record() for u in organisation.list_units(session.actor())]
    emit(records, fmt, records, UNIT_COLUMNS)


@unit.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_obj
def rename(session, old: str, new: str) -> None:
    """把单位 OLD 改名为 NEW（信访件、账号和历史记录都保留）。"""
    renamed = organisation.rename_unit(session.actor(), old, new)
    click.echo(f"已改名：{old} → {renamed.name}")


@unit.command("disable")
@click.argument("name")
@click.option("--force", is_flag=True, help="即使还有未销号的整改事项也停用")
@click.pass_obj
def disable(session, name: str, force: bool) -> None:
    """停用单位 NAME：不再出现在列表和表单中，它的信访件保留。"""
    disabled = organisation.disable_unit(session.actor(), name, force=force)
    click.echo(f"已停用单位：{disabled.name}")


COMMANDS = [unit]
