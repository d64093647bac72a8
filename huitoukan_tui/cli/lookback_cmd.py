"""``inspect``, ``problems`` and ``problem set-status``: the look-back work itself."""

from __future__ import annotations

import click

from huitoukan_tui.cli.options import campaign_option
from huitoukan_tui.cli.output import FORMATS, SQL_ID, emit
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services import inspections, rectifications
from huitoukan_tui.services.fields import field_label
from huitoukan_tui.services.inspections import InspectionInput

YES_NO = click.Choice(["yes", "no", "是", "否", "有", "无"])


@click.command("inspect")
@click.argument("case_no")
@click.option("--date", "day", required=True, metavar="D", help="核查日期，如 2024-03-21")
@click.option("--inspectors", required=True, metavar="TEXT", help="核查人员")
@click.option("--handled", required=True, type=YES_NO, help="是否处理到位")
@click.option("--rebound", required=True, type=YES_NO, help="有无反弹")
@click.option("--satisfaction", required=True, metavar="满意|基本满意|不满意|联系不上",
              help="信访人是否满意")
@click.option("--findings", default="", metavar="TEXT", help="核查情况")
@click.option("--new-problem", "new_problems", multiple=True, metavar="TEXT",
              help="新发现问题（每条一个新发现整改事项，可多次给出）")
@campaign_option
@click.pass_obj
def inspect(session, case_no, day, inspectors, handled, rebound, satisfaction, findings,
            new_problems) -> None:
    """记录一次现场核查和信访回访。"""
    actor = session.actor()
    saved = inspections.save_inspection(actor, case_no, InspectionInput(
        inspected_on=day, inspectors=inspectors, handled=handled, rebound=rebound,
        satisfaction=satisfaction, findings=findings, new_problems=list(new_problems)),
        campaign=session.campaign())
    click.echo(f"已记录 {saved.case_no} 的核查（{saved.inspected_on.isoformat()}）")
    for item_id, kind, _ in saved.items:
        click.echo(f"  新建整改事项 #{item_id}：{kind}")


PROBLEM_COLUMNS = [
    ("id", "编号"), ("case_no", "信访件"), ("unit", "单位"),
    *[(name, field_label("rectification", name)) for name in (
        "kind", "problem_type", "original_problem", "new_problem", "measures",
        "target_standard", "implementer", "acceptor", "deadline", "status")],
    ("overdue", "逾期"), ("carried_from", "结转自"),
]


@click.command("problems")
@click.option("--unit", "units", multiple=True, metavar="U")
@click.option("--kind", "kinds", multiple=True, metavar="K", help="未整改到位、反弹、新发现")
@click.option("--status", "statuses", multiple=True, metavar="S",
              help="整改中、待验收、已销号、移交执法")
@click.option("--overdue", is_flag=True, help="只列逾期的")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@campaign_option
@click.pass_obj
def problems(session, units, kinds, statuses, overdue, fmt) -> None:
    """列出“四项清单”整改事项。"""
    actor = session.actor()
    campaign = session.campaign()
    today = campaigns.today_in(campaign)
    items = rectifications.list_items(actor, rectifications.ItemFilter(
        units=units, kinds=kinds, statuses=statuses, overdue=overdue, today=today,
        campaign=campaign.id))
    records = [rectifications.item_record(i, today, campaign) for i in items]
    if fmt != "json":
        for r in records:
            r["measures"] = [f"{m['content']}（{'；'.join(m['milestones'])}）"
                             for m in r["measures"]]
    columns = PROBLEM_COLUMNS if fmt == "csv" else [
        c for c in PROBLEM_COLUMNS if c[0] in ("id", "case_no", "unit", "kind", "new_problem",
                                               "deadline", "status", "overdue",
                                               "carried_from")]
    emit(records, fmt, records, columns)


@click.group("problem")
def problem() -> None:
    """单个整改事项的操作。"""


@problem.command("set-status")
@click.argument("item_id", type=SQL_ID)
@click.argument("status")
@click.option("--date", "day", default=None, metavar="D",
              help="日期：报验收、验收销号或移交执法的日期")
@click.option("--reason", "--note", "reason", default="", metavar="TEXT",
              help="理由：报验收说明、验收意见、退回原因（必填）、移交原因（必填）、"
                   "移交执法事项销号时的执法结果（必填）")
@click.option("--department", default="", metavar="TEXT", help="移交执法的部门（移交执法时必填）")
@click.option("--accepted-by", default="", metavar="UNIT", help="验收单位（默认：事项的验收单位）")
@click.pass_obj
def set_status(session, item_id, status, day, reason, department, accepted_by) -> None:
    """改变整改事项状态：待验收、已销号、整改中（退回）、移交执法。"""
    actor = session.actor()
    item = rectifications.set_status(actor, item_id, status, on=day, reason=reason,
                                     department=department, accepted_by=accepted_by)
    click.echo(f"整改事项 #{item.id} 状态：{status}")


COMMANDS = [inspect, problems, problem]
