"""粘贴导入: rows copied in Excel or WPS (with their header row) and pasted into the terminal.

Excel and WPS copy cells as tab-separated text, one line per row, quoting a cell that holds a
line break; the terminal delivers it as one bracketed paste, which a TextArea keeps whole
(tabs included). ``ctrl+s`` hands the text to the import screen, which checks it with the same
import function as a file (a dry run first, then a confirmation)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from huitoukan_tui.tui.safe import literal, wrapped
from huitoukan_tui.tui.screens.dialogs import DIALOG_CSS

#: in lines of their own: the terminal wraps at spaces only, and would cut a Chinese run anywhere
HOW = ("在 Excel/WPS 中选中台账的表头行和要导入的行，复制，\n"
       "再在下面粘贴（终端的粘贴：右键、Shift+Insert 或 Ctrl+V）。\n"
       "ctrl+s 检查（不写入），esc 取消。")


class PasteDialog(ModalScreen[str | None]):
    """Returns the pasted text (ctrl+s), or None (escape)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PasteDialog") + """
    PasteDialog > Vertical { width: 96%; height: 90%; }
    PasteDialog TextArea { height: 1fr; }
    PasteDialog #paste-count { color: $text-muted; height: auto; }
    """
    BINDINGS = [Binding("ctrl+s", "done", "检查", priority=True),
                # before the TextArea, which takes escape to move the focus (to itself here)
                Binding("escape", "cancel", "取消", priority=True)]

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.initial = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal("粘贴导入"), classes="dialog--title")
            yield Static(wrapped(HOW, multiline=True))
            yield TextArea(self.initial, id="paste", tab_behavior="indent", soft_wrap=False)
            yield Static("", id="paste-count")

    def on_mount(self) -> None:
        area = self.query_one("#paste", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        self._count()

    @on(TextArea.Changed)
    def _count(self) -> None:
        text = self.query_one("#paste", TextArea).text
        lines = len(text.splitlines()) if text.strip() else 0
        self.query_one("#paste-count", Static).update(
            literal(f"已粘贴 {lines} 行文字（含表头行）。" if lines else "还没有粘贴内容。"))

    def action_done(self) -> None:
        text = self.query_one("#paste", TextArea).text
        if not text.strip():
            self.notify("还没有粘贴内容。", severity="warning", markup=False)
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
