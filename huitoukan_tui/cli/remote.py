"""The command form over SSH: ``ssh huitoukan@server export progress --stdout > 进展.xlsx``.

sshd runs the key's forced command (``huitoukan-tui --user LOGIN``) with what the client asked
for in ``SSH_ORIGINAL_COMMAND``. That text is split the way a POSIX shell splits words
(``shlex``) and never given to a shell: ``;``, ``|``, ``$()`` and quotes are plain characters
of a word. The first word must be one of :data:`ALLOWED` (of ``campaign`` only its reading
subcommands); global options (who acts, which database) cannot be given unless the command has
the option itself (``export --campaign``), so the command runs as the key's login with its
scope. Files move through standard input and output only: no option may name a path on the
server.
"""

from __future__ import annotations

import shlex
import sys
import unicodedata

import click

from huitoukan_tui.cli import file_transfer
from huitoukan_tui.services.errors import ServiceError

#: what a key may run (``board`` and ``submit`` where this version has them)
ALLOWED = ("cases", "problems", "progress", "export", "import", "board", "submit", "campaign")
#: of these commands, only their reading subcommands (the campaigns' names, for --campaign)
READ_ONLY_SUBCOMMANDS = {"campaign": ("list", "show")}
#: ``help`` because OpenSSH's own client takes ``ssh server --help`` as an option of its own
HELP_WORDS = ("help", "--help", "-h")

#: parameters of an allowed command that would name a file on the server
SERVER_PATHS = {"export": ("out_dir",), "import": ("unit_map",)}

EXAMPLES = (
    "ssh huitoukan@服务器 export progress --week 2024-03-21 --stdout > 进展一览表.xlsx",
    "ssh huitoukan@服务器 export problems --format pdf --stdout > 问题清单.pdf",
    "ssh huitoukan@服务器 import - --dry-run < 台账.xlsx",
    "ssh huitoukan@服务器 cases --format csv > 台账.csv",
)


def refuse(message: str) -> ServiceError:
    return ServiceError(message)


def split_command(text: str) -> list[str]:
    """The words of ``text`` as a POSIX shell would split them (no expansion of any kind);
    ServiceError for text a shell would not split either, or that holds control characters."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise refuse("远程命令不是有效的 UTF-8 文本，已拒绝。") from None
    if any(unicodedata.category(ch) == "Cc" and ch not in " \t" for ch in text):
        raise refuse("远程命令中含有换行或控制字符，已拒绝（只接受一行命令）。")
    try:
        return shlex.split(text, comments=False, posix=True)
    except ValueError:
        raise refuse("远程命令无法解析：引号不成对。") from None


def check_name(name: str) -> None:
    """Refuse a command that is not allowed (a file-copying program with what to use instead)."""
    if file_transfer.is_copy_program(name):
        raise refuse(file_transfer.REFUSAL)
    if name not in ALLOWED and name not in HELP_WORDS:
        raise refuse(f"不允许通过 SSH 运行“{name}”：只能运行 {'、'.join(ALLOWED)}"
                     "（不带命令登录打开终端界面；ssh huitoukan@服务器 help 查看用法）。")


def check_options(words: list[str], forbidden: set[str]) -> None:
    """Refuse any of the ``forbidden`` options (the global ones, who acts and on which
    database, that the command does not have itself, as ``export --campaign``) anywhere."""
    for word in words:
        option = word.split("=", 1)[0]
        if option in forbidden:
            raise refuse(f"通过 SSH 不能使用选项 {option}：命令总是以本人的账号和权限运行。")


def check_subcommand(name: str, args: list[str]) -> None:
    allowed = READ_ONLY_SUBCOMMANDS.get(name)
    if allowed and args and args[0] not in allowed and args[0] not in HELP_WORDS:
        raise refuse(f"通过 SSH 只能运行 {'、'.join(f'{name} {a}' for a in allowed)}。")


def options_of(command: click.Command) -> set[str]:
    names: set[str] = set()
    for param in command.params:
        if isinstance(param, click.Option):
            names.update(param.opts)
            names.update(param.secondary_opts)
    return names


def global_options(group: click.Group) -> set[str]:
    return options_of(group) - set(HELP_WORDS)


def usage(group: click.Group, ctx: click.Context) -> str:
    available = [n for n in ALLOWED if group.get_command(ctx, n) is not None]
    lines = ["通过 SSH 直接运行命令（不打开终端界面）：", ""]
    lines += [f"  ssh huitoukan@服务器 {n} {'|'.join(READ_ONLY_SUBCOMMANDS.get(n, ('…',)))}"
              for n in available]
    lines += ["", "每个命令的选项：ssh huitoukan@服务器 命令 --help。文件只经标准输入/输出传送，"
              "例如：", ""]
    lines += [f"  {e}" for e in EXAMPLES]
    return "\n".join(lines)


def run_remote(ctx: click.Context, text: str) -> None:
    """Run the command line ``text`` (from SSH_ORIGINAL_COMMAND) inside the group ``ctx``."""
    group = ctx.command
    assert isinstance(group, click.Group)
    words = split_command(text)
    if file_transfer.is_sftp_subsystem(words):  # sftp, OpenSSH 9's scp, WinSCP, Xftp …
        file_transfer.refuse_sftp(sys.stdin.buffer, sys.stdout.buffer)
        raise click.exceptions.Exit(1)
    name, args = words[0], words[1:]
    check_name(name)
    if name in HELP_WORDS:
        check_options(args, global_options(group))
        click.echo(usage(group, ctx))
        return
    command = group.get_command(ctx, name)
    if command is None:
        raise refuse(f"这个版本还没有“{name}”命令。")
    check_options(args, global_options(group) - options_of(command))
    check_subcommand(name, args)
    with command.make_context(name, args, parent=ctx) as sub:
        for param in SERVER_PATHS.get(name, ()):
            if sub.params.get(param) is not None:
                raise refuse("通过 SSH 不能指定服务器上的文件或目录：请用标准输入/输出，"
                             "如 … --stdout > 文件、… import - < 文件。")
        if name == "import" and str(sub.params.get("file")) != "-":
            raise refuse("通过 SSH 导入时文件从标准输入读取：ssh huitoukan@服务器 import - "
                         "< 台账.xlsx")
        command.invoke(sub)
