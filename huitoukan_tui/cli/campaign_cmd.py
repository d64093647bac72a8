"""``campaign``: add a campaign from its file, list and show campaigns, close one."""

from __future__ import annotations

from pathlib import Path

import click

from huitoukan_tui.cli.output import emit
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services.campaignfile import read_campaign_file

LIST_COLUMNS = [("name", "专项行动"), ("start", "开始"), ("end", "结束"),
                ("report_weekday", "报送日"), ("streets", "街道"), ("state", "状态")]


@click.group("campaign")
def campaign() -> None:
    """专项行动：登记（TOML 文件）、列出、查看、关闭。"""


@campaign.command("add")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_obj
def add(session, file: Path) -> None:
    """从专项行动文件 FILE（TOML，见 README）登记一个专项行动（区环委办或系统管理员）。"""
    actor = session.actor()
    spec = read_campaign_file(file)
    created = campaigns.add_campaign(actor, spec)
    streets = "、".join(s.name for s in campaigns.streets_of(created))
    click.echo(f"已登记专项行动：{created.name}（{created.start_on.isoformat()} 至 "
               f"{created.end_on.isoformat()}；街道：{streets}）")


@campaign.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.pass_obj
def list_(session, fmt: str) -> None:
    """列出您所在街道参加的专项行动（区环委办：全部），正在进行的在前。"""
    actor = session.actor()
    records = []
    for found in campaigns.campaigns_for(actor):
        record = campaigns.campaign_record(found)
        records.append({key: record[key] for key in (
            "name", "start", "end", "report_weekday", "streets", "state")})
    emit(records, fmt, records, LIST_COLUMNS)


@campaign.command("show")
@click.argument("name", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.pass_obj
def show(session, name: str | None, fmt: str) -> None:
    """显示专项行动 NAME（默认：当前专项行动）的全部设置。"""
    actor = session.actor()
    found = campaigns.resolve(name or session.campaign_name, actor)
    record = campaigns.campaign_detail(found)
    if fmt == "json":
        emit(record, fmt)
        return
    rows = [("名称", record["name"]), ("区", record["district"]),
            ("起止", f"{record['start']} 至 {record['end']}"),
            ("报送", f"每{record['report_weekday']} {record['report_time']} 前"),
            ("终版清单截止", record["final_due"]), ("时区", record["timezone"]),
            ("状态", campaigns.state_label(found))]
    rows += [("街道" if n == 0 else "", street_line(street))
             for n, street in enumerate(record["streets"])]
    rows += [("问题清单标题", record["titles"]["problems"]),
             ("进展一览表标题", record["titles"]["progress"]),
             ("台账标题", record["titles"]["ledger"])]
    rows += [("报送日调整", f"{day} → {due}") for day, due in record["report_due"].items()]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        click.echo(f"{label}{'　' * (width - len(label))}  {value}")


def street_line(street: dict) -> str:
    """``里山街道 里山街道生态环境站 联系人：王章兴 单位：七星村（村）、里山社区（社区）``"""
    units = "、".join(f"{u['name']}（{u['kind']}）" for u in street["units"]) or "（无）"
    return (f"{street['name']} {street['station']} 联系人：{street['contact'] or '（未填）'} "
            f"单位：{units}")


@campaign.command("close")
@click.argument("name", required=False)
@click.pass_obj
def close(session, name: str | None) -> None:
    """关闭专项行动 NAME（默认：当前专项行动）：此后只读，未销号的整改事项仍可办理。"""
    actor = session.actor()
    closed = campaigns.close_campaign(actor, name or session.campaign_name)
    click.echo(f"已关闭专项行动：{closed.name}（{closed.closed_on.isoformat()}）")


COMMANDS = [campaign]
