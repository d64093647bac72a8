"""``cases``: list, filter and search the ledger."""

from __future__ import annotations

import click

from huitoukan_tui.cli.options import campaign_option
from huitoukan_tui.cli.output import FORMATS, emit
from huitoukan_tui.services import cases as case_service
from huitoukan_tui.services.fields import CASE_FIELDS

#: the status and its two flags, as the ledger shows them (services.casestate)
STATE_COLUMNS = [("status", "状态"), ("referred", "移交执法"), ("overdue", "逾期")]
CASE_COLUMNS = [*[(f.name, f.label) for f in CASE_FIELDS], *STATE_COLUMNS]
TABLE_COLUMNS = [c for c in CASE_COLUMNS if c[0] in (
    "case_no", "channel", "received_on", "unit", "target", "content", "status", "referred",
    "overdue")]


@click.command("cases")
@click.option("--unit", "units", multiple=True, metavar="U", help="核查单位（可多次给出）")
@click.option("--channel", "channels", multiple=True, metavar="C", help="来源，如 12345热线")
@click.option("--status", "statuses", multiple=True, metavar="S",
              help="状态：待核查、已核查、整改中、已销号")
@click.option("--search", default="", metavar="TEXT", help="在编号、对象、地点、问题中查找")
@click.option("--overdue", is_flag=True, help="只列逾期的（移交执法的事项不计逾期）")
@click.option("--referred", is_flag=True, help="只列有事项移交执法的")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@campaign_option
@click.pass_obj
def cases(session, units, channels, statuses, search, overdue, referred, fmt) -> None:
    """列出信访件台账（可筛选、查找）。"""
    actor = session.actor()
    campaign = session.campaign()
    today = case_service.campaigns.today_in(campaign)
    flt = case_service.CaseFilter(search=search, units=units, channels=channels,
                                  statuses=statuses, overdue=overdue, referred=referred,
                                  today=today,
                                  campaign=campaign.id)
    records = [case_service.case_record(actor, c, today, campaign)
               for c in case_service.list_cases(actor, flt)]
    emit(records, fmt, records, CASE_COLUMNS if fmt == "csv" else TABLE_COLUMNS)


COMMANDS = [cases]
