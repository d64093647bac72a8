"""The click group, its global options and the one place where refusals become exit codes."""

from __future__ import annotations

import importlib
import os
import sys

import click

from huitoukan_tui import db as dbmod
from huitoukan_tui.cli import zh
from huitoukan_tui.config import resolve_database
from huitoukan_tui.models import User
from huitoukan_tui.services import clock
from huitoukan_tui.services.errors import ServiceError

zh.install()  # before any command is declared: click's help texts are looked up then

#: each command → the module under huitoukan_tui.cli that defines it (in ``COMMANDS``).
#: Loaded on first use, so a cron job or the TUI does not import every command's libraries.
COMMAND_MODULES = {
    "init": "setup_cmd", "cases": "cases_cmd", "inspect": "lookback_cmd",
    "problems": "lookback_cmd", "problem": "lookback_cmd", "progress": "progress_cmd",
    "user": "users_cmd", "audit": "admin_cmd", "backup": "admin_cmd", "import": "import_cmd",
    "export": "export_cmd", "db": "db_cmd",
}


class Session:
    """What every command needs: the database target and the acting user."""

    def __init__(self, db_path: str | None, url: str | None, login: str | None):
        self.target = resolve_database(db_path, url)
        self.login = login
        self._actor: User | None = None
        #: keep PostgreSQL connections between jobs (the TUI: many short jobs)
        self.pooled = False

    def bind(self, *, create: bool = False) -> None:
        try:
            dbmod.bind(self.target, create=create, pooled=self.pooled)
        except dbmod.DatabaseMissing:
            raise ServiceError(
                f"数据库不存在：{self.target.describe()}（请先运行 huitoukan-tui init）") from None

    def actor(self) -> User:
        if self._actor is None:
            from huitoukan_tui.services.users import resolve_actor

            self.bind()
            self._actor = resolve_actor(self.login)
        return self._actor


class Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(name)
        if module is None:
            return None
        commands = importlib.import_module(f"huitoukan_tui.cli.{module}").COMMANDS
        return next((c for c in commands if c.name == name), None)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ServiceError as exc:
            for line in exc.lines:
                click.echo(f"错误：{line}", err=True)
            ctx.exit(1)


#: what sshd sets for a forced command: the command line the client asked for
REMOTE_ENV = "SSH_ORIGINAL_COMMAND"

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=Group, invoke_without_command=True, context_settings=CONTEXT)
@click.option("--db", "db_path", metavar="PATH",
              help="SQLite 数据库文件（默认 db/huitoukan.sqlite3；或 HUITOUKAN_DB）")
@click.option("--database-url", metavar="URL",
              help="其他数据库，如 postgresql://user:pass@host/db（或 HUITOUKAN_DATABASE_URL）")
@click.option("--user", "login", metavar="LOGIN", help="操作人登录名（默认：操作系统登录名）")
@click.version_option(package_name="huitoukan-tui")
@click.pass_context
def main(ctx: click.Context, db_path: str | None, database_url: str | None,
         login: str | None) -> None:
    """生态环境领域信访事项“回头看”专项行动工作台。

    不带子命令时打开终端界面（TUI）；通过 SSH 密钥登录时也可以直接运行命令，
    见 ssh 服务器 --help。
    """
    clock.check()  # a HUITOUKAN_TODAY/HUITOUKAN_NOW that cannot be read: one line, exit 1
    ctx.obj = Session(db_path, database_url, login)
    if ctx.invoked_subcommand is not None:
        return
    remote = os.environ.get(REMOTE_ENV, "")
    if remote.strip():  # the forced command of an SSH key, asked to run a command
        from huitoukan_tui.cli.remote import run_remote

        run_remote(ctx, remote)
    else:
        _open_tui(ctx.obj)


def _open_tui(session: Session) -> None:
    session.pooled = True
    actor = session.actor()  # unknown or disabled users are refused first, TTY or not
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise ServiceError("终端界面需要交互式终端（TTY）；在脚本或 cron 中请使用子命令，"
                           "见 huitoukan-tui --help。")
    os.environ.setdefault("PYTHONUTF8", "1")
    from huitoukan_tui.tui.app import run_app

    run_app(actor)
