"""What the export screen shows before anything is written: where the files go and which
report week is due (plain values; the export itself is ``io.exporting.export_forms``)."""

from __future__ import annotations

import datetime as dt
import os
import pwd
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from huitoukan_tui.models import Street, Unit, User
from huitoukan_tui.services import access
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services.campaign import Week, report_week, week_due


def export_folder(actor: User) -> Path:
    """Where ``actor``'s exports go (services.access.export_folder: the official folder for
    the station, a folder of one's own for everyone else)."""
    return access.export_folder(actor)


@dataclass(frozen=True)
class ExportView:
    folder: Path
    due_week: Week  # the week whose report is due by today
    report_weekday: int  # Monday=0 … Thursday=3
    streets: bool = False  # a district-wide account: may ask for one file per street

    def week_of(self, day: dt.date) -> Week:
        """The report week containing ``day``."""
        return report_week(self.report_weekday, day)


def export_view(actor: User, today: dt.date, campaign: campaigns.CampaignRef = None
                ) -> ExportView:
    """The export screen's facts for ``campaign`` (default: the actor's current one)."""
    found = campaigns.resolve(campaign, actor)
    return ExportView(export_folder(actor), week_due(found, today), found.report_weekday,
                      access.sees_streets(actor))


# ---------------------------------------------------------------- the command form

#: a word a shell (or cmd) takes as it is; anything else is quoted
_PLAIN_WORD = re.compile(r"[\w.@:/+=,-]+")


def _word(text: str) -> str:
    return text if _PLAIN_WORD.fullmatch(text) else '"' + text.replace('"', '\\"') + '"'


def ssh_target(environ: Mapping[str, str] | None = None) -> str:
    """``账号@服务器`` as the user's own ssh reaches this session: the account it runs as
    and the server's address from ``SSH_CONNECTION`` (``-p PORT`` when not 22); 服务器
    when the session did not come over ssh."""
    env = os.environ if environ is None else environ
    account = env.get("USER") or env.get("LOGNAME") or pwd.getpwuid(os.geteuid()).pw_name
    parts = env.get("SSH_CONNECTION", "").split()
    host, port = (parts[2], parts[3]) if len(parts) == 4 else ("服务器", "22")
    if ":" in host:  # IPv6
        host = f"[{host}]"
    return (f"-p {port} " if port != "22" else "") + f"{account}@{host}"


def stdout_commands(results: Iterable, *, week_end: dt.date, final: bool, fmt: str,
                    campaign: str | None = None, environ: Mapping[str, str] | None = None
                    ) -> list[str]:
    """For each exported file (``io.exporting.ExportResult``: its kind, scope and path) the
    command that gets the same file without ZMODEM: ``ssh 账号@服务器 export KIND --week …
    [--unit U] [--final] [--format F] [--campaign NAME] --stdout > 文件名``. ``campaign`` is
    named when the database holds several (the file names say it then). A district's file of
    one street (``--per-street``) has no such command (``--stdout`` takes one file, and no
    option names a street's table): it gets none."""
    results = list(results)
    scopes = sorted({r.scope for r in results})
    units = {name for (name,) in Unit.select(Unit.name).where(Unit.name.in_(scopes)).tuples()}
    streets = {name for (name,) in Street.select(Street.name)
               .where(Street.name.in_(scopes)).tuples()} - units
    target = ssh_target(environ)
    named = campaign if campaign and campaigns.several_campaigns() else None
    out = []
    for r in results:
        if r.scope in streets:
            continue
        words = ["ssh", target, "export", r.kind, "--week", week_end.isoformat()]
        if r.scope in units:
            words += ["--unit", _word(r.scope)]
        if final and r.kind == "problems":
            words.append("--final")
        if fmt != "xlsx":
            words += ["--format", fmt]
        if named:
            words += ["--campaign", _word(named)]
        words += ["--stdout", ">", _word(Path(r.path).name)]
        out.append(" ".join(words))
    return out
