"""``progress``: attachment 2 for one report week."""

from __future__ import annotations

import click

from huitoukan_tui.cli.options import campaign_option
from huitoukan_tui.cli.output import FORMATS, emit
from huitoukan_tui.services import campaign as campaign_service
from huitoukan_tui.services.errors import ValidationError
from huitoukan_tui.services.progress import PROGRESS_COLUMNS, STREET_HEADING, weekly_progress
from huitoukan_tui.services.text import date_problem, parse_date

#: (key, heading) of the printed table: attachment 2's columns but 序号
COLUMNS = [(c.key, c.label) for c in PROGRESS_COLUMNS if c.key != "no"]
#: a district's table: one row per street, no 备注
STREET_COLUMNS = [("unit", STREET_HEADING), *(c for c in COLUMNS[1:] if c[0] != "remarks")]


def week_option_value(campaign, text: str | None) -> campaign_service.Week | None:
    """``--week DATE``: the campaign's report week containing DATE (None when not given);
    refused when DATE is no date or lies outside the campaign's report weeks."""
    if not text:
        return None
    try:
        day = parse_date(text)
    except ValueError as exc:
        raise ValidationError.of("--week", date_problem(text, exc)) from None
    return campaign_service.week_of(campaign, day, field="--week")


@click.command("progress")
@click.option("--week", metavar="DATE",
              help="所在报送周的任一天（默认：本周；专项行动结束后：最后一个报送周）")
@click.option("--unit", "units", multiple=True, metavar="U")
@click.option("--street", metavar="S", help="区环委办：只看这个街道的各单位")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@campaign_option
@click.pass_obj
def progress(session, week, units, street, fmt) -> None:
    """打印“进展一览表”（附件2）：周五至周四为一个报送周；区环委办看到每个街道一行。"""
    actor = session.actor()
    campaign = session.campaign()
    chosen = (week_option_value(campaign, week)
              or campaign_service.current_week(campaign, campaign_service.today_in(campaign)))
    table = weekly_progress(actor, chosen, list(units) or None, campaign=campaign,
                            street=street)
    records = [r.record() for r in table.rows] + [table.total.record()]
    if fmt == "table":
        where = f"  {table.street}" if table.street else ""
        click.echo(f"{campaign.title_progress}{where}  {table.week.title}")
    emit(table.record(), fmt, records, STREET_COLUMNS if table.level == "street" else COLUMNS)


COMMANDS = [progress]
