"""``progress``: attachment 2 for one report week."""

from __future__ import annotations

import datetime as dt

import click

from huitoukan_tui.cli.output import FORMATS, emit
from huitoukan_tui.services import campaign as campaign_service
from huitoukan_tui.services import clock
from huitoukan_tui.services.errors import ValidationError
from huitoukan_tui.services.progress import PROGRESS_COLUMNS, weekly_progress
from huitoukan_tui.services.text import date_problem, parse_date

#: (key, heading) of the printed table: attachment 2's columns but 序号
COLUMNS = [(c.key, c.label) for c in PROGRESS_COLUMNS if c.key != "no"]


def week_option_value(text: str | None) -> dt.date:
    if not text:
        return clock.today()
    try:
        return parse_date(text)
    except ValueError as exc:
        raise ValidationError.of("--week", date_problem(text, exc)) from None


@click.command("progress")
@click.option("--week", metavar="DATE", help="所在报送周的任一天（默认：本周）")
@click.option("--unit", "units", multiple=True, metavar="U")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_obj
def progress(session, week, units, fmt) -> None:
    """打印“进展一览表”（附件2）：周五至周四为一个报送周。"""
    actor = session.actor()
    campaign = campaign_service.current_campaign()
    table = weekly_progress(actor, campaign_service.week_containing(
        campaign, week_option_value(week)), list(units) or None)
    records = [r.record() for r in table.rows] + [table.total.record()]
    if fmt == "table":
        click.echo(f"{campaign.title_progress}  {table.week.title}")
    emit(table.record(), fmt, records, COLUMNS)


COMMANDS = [progress]
