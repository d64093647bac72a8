"""提醒 (m): the user's notices by kind (services.notices); ``enter`` on one opens its item, its
case or the screen to act on (the week to submit)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from huitoukan_tui.services.notices import KINDS, Notice, Notices
from huitoukan_tui.tui.safe import literal, plain
from huitoukan_tui.tui.screens.dialogs import DIALOG_CSS

KIND_STYLES = {"退回整改": "bold yellow", "已逾期": "bold red", "即将到期": "yellow",
               "报送": "bold", "联系不上": ""}


class NoticesDialog(ModalScreen[Notice | None]):
    """Dismisses with the chosen notice (the app opens what it points to), or None."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NoticesDialog") + """
    NoticesDialog > Vertical { width: 90%; max-width: 120; }
    NoticesDialog OptionList { height: auto; max-height: 16; border: round $border; }
    NoticesDialog .notices--empty { color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "close", "关闭"), Binding("m", "close", show=False)]

    def __init__(self, found: Notices) -> None:
        super().__init__()
        self.found = found

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal("提醒（enter 打开，esc 关闭）"), classes="dialog--title")
            if self.found.entries:
                yield OptionList(*self._options(), id="notices")
            else:
                yield Static(Content("没有需要处理的提醒。"), classes="notices--empty")
            with Horizontal(classes="dialog--buttons"):
                yield Button("关闭", id="close", compact=True)

    def _options(self) -> list[Option]:
        options = []
        for kind in KINDS:
            entries = [(n, e) for n, e in enumerate(self.found.entries) if e.kind == kind]
            shown, count = len(entries), self.found.counts.get(kind, 0)
            for n, entry in entries:
                text = literal(f"{kind}  ", KIND_STYLES.get(kind, ""))
                text.append(plain(entry.text))
                options.append(Option(text, id=str(n)))
            if count > shown:
                options.append(Option(literal(f"{kind}  另有 {count - shown} 条未列出", "dim"),
                                      disabled=True))
        return options

    def on_mount(self) -> None:
        lists = list(self.query(OptionList))
        (lists[0] if lists else self.query_one("#close", Button)).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.found.entries[int(event.option.id)])

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
