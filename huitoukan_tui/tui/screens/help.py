"""帮助: every key of every screen, read from the bindings themselves (so the list cannot
drift from what the keys do). Screens added later appear here on their own."""

from __future__ import annotations

import importlib
import pkgutil

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from huitoukan_tui.tui.screens.base import AppScreen

KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "esc", "pageup": "pgup",
             "pagedown": "pgdn", "enter": "enter", "space": "空格"}

#: keys every screen understands (handled by Textual itself)
GENERAL_NOTES = [("tab / shift+tab", "在字段和控件之间移动"),
                 ("ctrl+p", "命令面板：所有操作，输入编号打开信访件"),
                 ("ctrl+q", "立即退出"),
                 ("ctrl+c", "复制选中的文字（经 OSC 52 到本机剪贴板）")]


def key_text(key: str) -> str:
    return " / ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in key.split(","))


def _bindings_of(cls: type) -> list[Binding]:
    """The bindings a screen class declares itself (its own and its app-specific bases)."""
    seen: dict[str, Binding] = {}
    for klass in reversed(cls.__mro__):
        if not (isinstance(klass, type) and issubclass(klass, AppScreen)) or klass is AppScreen:
            continue  # AppScreen's own keys (tab) are listed once, under 所有界面
        for b in klass.__dict__.get("BINDINGS", []):
            binding = _as_binding(b)
            if binding is not None:
                seen[binding.key] = binding
    return list(seen.values())


def _as_binding(b: BindingType) -> Binding | None:
    if isinstance(b, Binding):
        return b
    if isinstance(b, tuple) and len(b) >= 2:
        return Binding(b[0], b[1], b[2] if len(b) > 2 else "")
    return None


def screen_classes() -> list[type[AppScreen]]:
    """Every screen module under tui/screens that exports ``SCREEN``, the ledger first."""
    from huitoukan_tui.tui import screens

    found = []
    for info in pkgutil.iter_modules(screens.__path__):
        try:
            module = importlib.import_module(f"{screens.__name__}.{info.name}")
        except Exception:  # noqa: BLE001 - a broken screen must not break the help
            continue
        cls = getattr(module, "SCREEN", None)
        if isinstance(cls, type) and issubclass(cls, AppScreen) and cls is not HelpScreen:
            found.append(cls)
    order = {"LedgerScreen": 0, "CaseDetailScreen": 1, "InspectionFormScreen": 2,
             "CaseFormScreen": 3}
    return sorted(found, key=lambda c: (order.get(c.__name__, 10), c.SCREEN_TITLE))


def help_table(title: str, rows: list[tuple[str, str]]) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", show_header=False,
                  box=None, padding=(0, 2), expand=False)
    table.add_column(style="bold", min_width=16, no_wrap=True)
    table.add_column()
    for key, text in rows:
        table.add_row(Text(key), Text(text))
    return table


class HelpScreen(AppScreen):
    SCREEN_TITLE = "帮助"
    BINDINGS = [Binding("escape,question_mark", "close", "返回")]

    def compose(self) -> ComposeResult:
        yield self.status_bar()
        yield VerticalScroll(Static(self._content(), id="help-text"), id="help")
        yield self.footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#help").focus()

    def _content(self) -> Group:
        app = self.app
        parts = []
        global_rows = [(key_text(b.key), b.tooltip or b.description) for b in _app_bindings(app)
                       if b.description and b.action != "command_palette"]
        parts.append(help_table("所有界面", global_rows + GENERAL_NOTES))
        for cls in screen_classes():
            rows = [(key_text(b.key), b.tooltip or b.description) for b in _bindings_of(cls)
                    if b.description]
            rows += list(cls.HELP_NOTES)
            if rows:
                parts.append(Text(""))
                parts.append(help_table(cls.SCREEN_TITLE, rows))
        parts.append(Text(""))
        parts.append(Text("中文输入：所有文字框都可以直接用输入法输入中文。", style="dim"))
        return Group(*parts)

    def action_close(self) -> None:
        self.dismiss(None)


def _app_bindings(app) -> list[Binding]:
    out = []
    for b in type(app).BINDINGS:
        binding = _as_binding(b)
        if binding is not None:
            out.append(binding)
    return out


SCREEN = HelpScreen
