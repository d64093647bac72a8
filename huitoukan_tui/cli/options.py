"""Options several commands share."""

from __future__ import annotations

import click


def _set_campaign(ctx: click.Context, _param, value: str | None) -> None:
    if value:
        ctx.find_root().obj.campaign_name = value


#: ``--campaign NAME`` after the command too (``import FILE --campaign NAME``): the same as
#: the global option before it
campaign_option = click.option(
    "--campaign", metavar="NAME", expose_value=False, callback=_set_campaign,
    help="专项行动名称或能唯一确定它的一部分"
         "（同全局选项 --campaign；默认：正在进行的，否则最近开始的）")
