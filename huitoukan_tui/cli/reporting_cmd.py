"""``submit`` and ``board``: Thursday reporting from the command line."""

from __future__ import annotations

import click

from huitoukan_tui.cli.options import campaign_option
from huitoukan_tui.cli.output import FORMATS, emit
from huitoukan_tui.cli.progress_cmd import week_option_value
from huitoukan_tui.services import access, progress, reporting
from huitoukan_tui.services.reportday import due_text

BOARD_COLUMNS = [("unit", "核查单位"), ("state", "报送状态"), ("submitted_at", "报送时间"),
                 ("submitted_by_name", "报送人"), ("changed_since", "报送后变化")]
#: the district's board: one row per street
STREET_BOARD_COLUMNS = [("unit", "街道"), *BOARD_COLUMNS[1:]]


@click.command("submit")
@click.option("--week", metavar="DATE", help="所在报送周的任一天（默认：本周）")
@campaign_option
@click.pass_obj
def submit(session, week) -> None:
    """报送本单位的进展一览表和问题清单（街道生态环境站：报送全街道）。"""
    actor = session.actor()
    campaign = session.campaign()
    chosen = week_option_value(campaign, week)
    day = chosen.end if chosen else None
    if access.is_station(actor):
        street = reporting.submit_street(actor, day, campaign=campaign)
        click.echo(f"{street.state}全街道 {street.week_end.isoformat()}"
                   f"（{street.submitted_at:%Y-%m-%d %H:%M}，"
                   f"截止 {street.deadline:%Y-%m-%d %H:%M}）")
        if street.without:
            click.echo(f"报送时尚未报送的单位：{'、'.join(street.without)}")
        return
    sub = reporting.submit_unit(actor, day, campaign=campaign)
    click.echo(f"{sub.state} {sub.unit} {sub.week_end.isoformat()}"
               f"（{sub.submitted_at:%Y-%m-%d %H:%M}，截止 {sub.deadline:%Y-%m-%d %H:%M}）")


@click.command("board")
@click.option("--week", metavar="DATE", help="所在报送周的任一天（默认：本周）")
@click.option("--street", metavar="S", help="区环委办：这个街道各单位的报送情况")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@campaign_option
@click.pass_obj
def board(session, week, street, fmt) -> None:
    """各单位的报送情况：未报送、已报送、逾期报送、报送后有变化（区环委办：各街道）。"""
    actor = session.actor()
    campaign = session.campaign()
    chosen = week_option_value(campaign, week)
    result = reporting.board(actor, chosen.end if chosen else None, campaign=campaign,
                             street=street)
    records = [r.record() for r in result.rows]
    if fmt != "json":  # JSON keeps ISO 8601 for scripts; people read 2024-04-02 09:00
        for record, row in zip(records, result.rows, strict=True):
            if row.submitted_at is not None:
                record["submitted_at"] = f"{row.submitted_at:%Y-%m-%d %H:%M}"
    by_street = result.table.level == progress.LEVEL_STREET
    if fmt == "table":
        click.echo(f"{result.week.title}  报送：{due_text(result.due)}  {result.time_left}")
    emit(result.record(), fmt, records, STREET_BOARD_COLUMNS if by_street else BOARD_COLUMNS)
    if fmt == "table" and not by_street and (access.is_station(actor) or street):
        click.echo(reporting.street_text(result.street))


COMMANDS = [submit, board]
