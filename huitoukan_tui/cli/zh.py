"""Chinese for click's own messages (usage errors, help headings), so that every line a user
sees is Chinese. click looks its strings up through gettext; we replace the lookup in the
click modules with this table (unknown strings pass through unchanged)."""

from __future__ import annotations

import importlib

MESSAGES = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "子命令",
    "Positional arguments": "位置参数",
    "Aborted!": "已中止。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Invalid value: {message}": "无效的值：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少子命令。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有子命令 {name!r}。",
    "Did you mean {possibility}?": "是不是 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是其中之一：{possibilities}？）",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "unknown error": "未知错误",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "Show the version and exit.": "显示版本并退出。",
    "Show this message and exit.": "显示本帮助并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "{value!r} is not {choice}.": "{value!r} 无效，应为 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 无效，可选：{choices}。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats}。",
}


#: the Chinese name of each command argument (its parameter name), said with its
#: metavar when it is missing: 缺少参数 信访件编号（CASE_NO）。
ARGUMENT_NAMES = {
    "case_no": "信访件编号",
    "item_id": "整改事项编号",
    "status": "状态",
    "login": "登录名",
    "keyfile": "公钥文件",
    "file": "文件",
    "name": "名称",
    "old": "原名称",
    "new": "新名称",
    "kind": "导出类型",
}


def missing_message(self) -> str:
    """click's ``MissingParameter.format_message`` in Chinese: an argument by its Chinese
    name (with the metavar the usage line shows), and 。 where click ends the sentence with
    an ASCII full stop."""
    from click.core import Argument
    from click.exceptions import _join_param_hints

    param, ctx = self.param, self.ctx
    if self.param_hint is not None:
        hint = _join_param_hints(self.param_hint)
    elif isinstance(param, Argument):
        metavar = param.make_metavar(ctx) if ctx is not None else param.human_readable_name
        name = ARGUMENT_NAMES.get(param.name or "")
        hint = f"{name}（{metavar}）" if name else f"'{metavar}'"
    elif param is not None:
        hint = param.get_error_hint(ctx)
    else:
        hint = None
    param_type = self.param_type
    if param_type is None and param is not None:
        param_type = param.param_type_name
    missing = {"argument": gettext("Missing argument"), "option": gettext("Missing option"),
               "parameter": gettext("Missing parameter")}.get(
        param_type or "", gettext("Missing {param_type}").format(param_type=param_type))
    extra = [self.message] if self.message else []
    if param is not None:
        more = param.type.get_missing_message(param=param, ctx=ctx)
        if more:
            extra.append(more)
    return (f"{missing} {hint}。" if hint else f"{missing}。") + "".join(extra)


#: the usage line's words (``用法： huitoukan inspect [选项] CASE_NO``), which click does not
#: look up through gettext
USAGE_WORDS = {
    "[OPTIONS]": "[选项]",
    "COMMAND [ARGS]...": "子命令 [参数]...",
    "[COMMAND] [ARGS]...": "[子命令] [参数]...",
}


def _usage_in_chinese(collect):
    def collect_usage_pieces(self, ctx):
        return [USAGE_WORDS.get(piece, piece) for piece in collect(self, ctx)]

    return collect_usage_pieces


def write_heading(self, heading: str) -> None:
    """click's help heading with a full-width colon (选项：, not 选项:)."""
    self.write(f"{'':>{self.current_indent}}{heading}：\n")


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Point click's gettext lookups at :data:`MESSAGES`."""
    for name in ("core", "exceptions", "parser", "types", "decorators", "formatting",
                 "termui"):
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    from click.core import Command, Group
    from click.exceptions import MissingParameter
    from click.formatting import HelpFormatter

    MissingParameter.format_message = missing_message  # type: ignore[method-assign]
    HelpFormatter.write_heading = write_heading  # type: ignore[method-assign]
    for cls in (Command, Group):
        if "collect_usage_pieces" in vars(cls):
            cls.collect_usage_pieces = _usage_in_chinese(  # type: ignore[method-assign]
                vars(cls)["collect_usage_pieces"])
