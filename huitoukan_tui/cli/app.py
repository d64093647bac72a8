"""The click group, its global options and the one place where failures become exit codes:
a refusal prints its Chinese lines, anything unexpected one Chinese line (services.faults)
with the details in the administrators' error log; both exit 1."""

from __future__ import annotations

import importlib
import os
import sys

import click

from huitoukan_tui import db as dbmod
from huitoukan_tui.cli import zh
from huitoukan_tui.config import error_log_path, hide_password, resolve_database
from huitoukan_tui.models import User
from huitoukan_tui.services import clock, errorlog, faults
from huitoukan_tui.services.errors import ServiceError
from huitoukan_tui.services.text import printable

zh.install()  # before any command is declared: click's help texts are looked up then

#: each command → the module under huitoukan_tui.cli that defines it (in ``COMMANDS``).
#: Loaded on first use, so a cron job or the TUI does not import every command's libraries.
COMMAND_MODULES = {
    "init": "setup_cmd", "cases": "cases_cmd", "inspect": "lookback_cmd",
    "problems": "lookback_cmd", "problem": "lookback_cmd", "progress": "progress_cmd",
    "user": "users_cmd", "audit": "admin_cmd", "backup": "admin_cmd", "import": "import_cmd",
    "export": "export_cmd", "db": "db_cmd", "campaign": "campaign_cmd", "unit": "units_cmd",
    "submit": "reporting_cmd", "board": "reporting_cmd",
}


class Session:
    """What every command needs: the database target and the acting user."""

    def __init__(self, db_path: str | None, url: str | None, login: str | None,
                 campaign: str | None = None):
        self.target = resolve_database(db_path, url)
        self.requested_login = login
        self._login: str | None = None
        self.campaign_name = campaign
        self._actor: User | None = None
        #: keep PostgreSQL connections between jobs (the TUI: many short jobs)
        self.pooled = False

    @property
    def login(self) -> str:
        """Who acts: the OS account, or ``--user`` where that is honoured
        (services.users.acting_login)."""
        if self._login is None:
            from huitoukan_tui.services.users import acting_login

            self._login = acting_login(self.requested_login, self.target)
        return self._login

    def bind(self, *, create: bool = False) -> None:
        from huitoukan_tui.services import sessions

        sessions.join(self.target)  # counted while it runs (init --force waits for nobody)
        try:
            dbmod.bind(self.target, create=create, pooled=self.pooled)
        except dbmod.DatabaseMissing:
            raise ServiceError(
                f"数据库不存在：{self.target.describe()}（请先运行 huitoukan-tui init）") from None
        _upgrade_search_text()
        _upgrade_ledger_rules()

    def actor(self) -> User:
        if self._actor is None:
            from huitoukan_tui.services.users import resolve_actor

            self.bind()
            self._actor = resolve_actor(self.login)
        return self._actor

    def campaign(self):
        """The campaign the command works on: ``--campaign`` / HUITOUKAN_CAMPAIGN, else the
        actor's default (services.campaign.resolve); a name that is none: refused with the
        list of names."""
        from huitoukan_tui.services.campaign import resolve

        return resolve(self.campaign_name, self.actor())


def _upgrade_search_text() -> None:
    """A database written before the pinyin initials gets them once, at its first use; one
    written before the pinyin sort keys (schema version 7) gets those once too."""
    from huitoukan_tui.services import pinyinkeys, search

    if search.outdated():
        click.echo("正在为拼音首字母查找更新全部信访件的查找索引（只需一次）…", err=True)
        count = search.upgrade()
        click.echo(f"查找索引已更新：{count} 件。", err=True)
    if pinyinkeys.outdated():
        click.echo("正在为按拼音排序更新单位、信访件和整改事项（只需一次）…", err=True)
        count = pinyinkeys.upgrade()
        click.echo(f"拼音排序已更新：{count} 条。", err=True)


def _upgrade_ledger_rules() -> None:
    """A ledger derived before a 移交执法 item stopped counting as 逾期 is recomputed once."""
    from huitoukan_tui.services import casestate

    if casestate.outdated():
        count = casestate.upgrade()
        if count:
            click.echo(f"台账状态已按现行规则重算：{count} 件有移交执法的事项"
                       "（移交执法的事项不再计为逾期）。", err=True)


class Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(name)
        if module is None:
            return None
        commands = importlib.import_module(f"huitoukan_tui.cli.{module}").COMMANDS
        return next((c for c in commands if c.name == name), None)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["argv"] = list(args)
        for arg in args:
            if any("\udc80" <= ch <= "\udcff" for ch in arg):
                _fail(ctx, ["参数不是有效的 UTF-8 文本：" + printable(
                    arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))])
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ServiceError as exc:
            _fail(ctx, exc.lines)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:  # noqa: BLE001 - the one place unexpected failures end
            _fail(ctx, [faults.report(exc, "命令：" + _command_line(ctx))])


def _fail(ctx: click.Context, lines: list[str]) -> None:
    for line in lines:
        click.echo(f"错误：{printable(line)}", err=True)
    ctx.exit(1)


def _command_line(ctx: click.Context) -> str:
    args = [hide_password(a) if "://" in a else a for a in ctx.meta.get("argv", [])]
    return " ".join(["huitoukan-tui", *args])


#: what sshd sets for a forced command: the command line the client asked for
REMOTE_ENV = "SSH_ORIGINAL_COMMAND"

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=Group, invoke_without_command=True, context_settings=CONTEXT)
@click.option("--db", "db_path", metavar="PATH",
              help="SQLite 数据库文件（默认 db/huitoukan.sqlite3；或 HUITOUKAN_DB）")
@click.option("--database-url", metavar="URL",
              help="其他数据库，如 postgresql://user:pass@host/db（或 HUITOUKAN_DATABASE_URL）")
@click.option("--user", "login", metavar="LOGIN",
              help="操作人登录名（默认：操作系统登录名；仅 root 和数据库所属的服务账号可指定他人）")
@click.option("--campaign", "campaign", metavar="NAME",
              help="专项行动名称，或能唯一确定它的一部分，如 2025"
                   "（或 HUITOUKAN_CAMPAIGN；默认：正在进行的，否则最近开始的）")
@click.option("--idle-minutes", type=click.IntRange(0, 10_000), default=None, metavar="N",
              help="终端界面空闲 N 分钟后自动退出并保留草稿（默认 60，或 HUITOUKAN_IDLE_MINUTES；"
                   "0 表示不限）")
@click.version_option(package_name="huitoukan-tui")
@click.pass_context
def main(ctx: click.Context, db_path: str | None, database_url: str | None,
         login: str | None, campaign: str | None, idle_minutes: int | None) -> None:
    """生态环境领域信访事项“回头看”专项行动工作台。

    不带子命令时打开终端界面（TUI）；通过 SSH 密钥登录时也可以直接运行命令，
    见 ssh huitoukan@服务器 help。
    """
    clock.check()  # a HUITOUKAN_TODAY/HUITOUKAN_NOW that cannot be read: one line, exit 1
    session = ctx.obj = Session(db_path, database_url, login, campaign)
    errorlog.install(error_log_path(session.target), login=lambda: session._login or "",
                     where=lambda: "命令：" + _command_line(ctx))
    if ctx.invoked_subcommand is not None:
        return
    remote = os.environ.get(REMOTE_ENV, "")
    if remote.strip():  # the forced command of an SSH key, asked to run a command
        from huitoukan_tui.cli.remote import run_remote

        run_remote(ctx, remote)
    else:
        _open_tui(ctx.obj, idle_minutes)


def _open_tui(session: Session, idle_minutes: int | None) -> None:
    session.pooled = True
    actor = session.actor()  # unknown or disabled users are refused first, TTY or not
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise ServiceError("终端界面需要交互式终端（TTY）；在脚本或 cron 中请使用子命令，"
                           "见 huitoukan-tui --help。")
    os.environ.setdefault("PYTHONUTF8", "1")
    from huitoukan_tui.tui.app import run_app

    run_app(actor, idle=idle_minutes, campaign=session.campaign().id)
