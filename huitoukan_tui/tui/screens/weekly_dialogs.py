"""The weekly table's small dialogs: the cases behind a row's numbers, and 备注."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from huitoukan_tui.services import progress
from huitoukan_tui.services.campaign import Week
from huitoukan_tui.services.errors import ConflictError, ServiceError
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.safe import literal, plain
from huitoukan_tui.tui.screens.dialogs import DIALOG_CSS

CaseLine = tuple[str, str, str]  # case number, unit, target


class DrillDialog(ModalScreen[str | None]):
    """本周核查 and 本周新发现: two lists of cases; ``enter`` on one dismisses with its
    number (the caller opens it), escape with None."""

    DEFAULT_CSS = DIALOG_CSS.format(name="DrillDialog") + """
    DrillDialog > Vertical { width: 90%; max-width: 110; }
    DrillDialog OptionList { height: auto; max-height: 9; border: round $border-blurred; }
    DrillDialog OptionList:focus { border: round $border; }
    DrillDialog .drill--empty { color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "close", "关闭")]

    def __init__(self, title: str, verified: list[CaseLine], new: list[CaseLine]) -> None:
        super().__init__()
        self.heading = title
        self.verified = verified
        self.new = new

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(f"{self.heading}：数字背后的信访件（enter 打开）"),
                         classes="dialog--title")
            for list_id, label, cases in (
                    ("drill-verified", f"本周核查（{len(self.verified)} 件）", self.verified),
                    ("drill-new", f"本周新发现问题（涉及 {len(self.new)} 件）", self.new)):
                if cases:
                    options = OptionList(*[self._option(c) for c in cases], id=list_id)
                    options.border_title = label
                    yield options
                else:
                    yield Static(Content(f"{label}：无"), classes="drill--empty",
                                 id=list_id)
            with Horizontal(classes="dialog--buttons"):
                yield Button("关闭", id="close", compact=True)

    @staticmethod
    def _option(case: CaseLine) -> Option:
        case_no, unit, target = case
        text = literal(f"{case_no}  ", "bold")
        text.append(f"{plain(unit)}  {plain(target)}")
        return Option(text, id=case_no)

    def on_mount(self) -> None:
        lists = list(self.query(OptionList))
        (lists[0] if lists else self.query_one("#close", Button)).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


class RemarkDialog(ModalScreen[bool]):
    """备注 of one unit for one week; ctrl+s saves (with the version it was opened at)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="RemarkDialog") + """
    RemarkDialog > Vertical { width: 70; max-width: 96%; }
    RemarkDialog TextArea { height: 4; width: 1fr; }
    RemarkDialog #remark-error { color: $error; display: none; }
    RemarkDialog #remark-error.-shown { display: block; }
    """
    BINDINGS = [Binding("ctrl+s", "save", "保存", priority=True),
                Binding("escape", "cancel", "取消")]

    def __init__(self, unit: str, week: Week, text: str, version: int,
                 campaign: int | None = None) -> None:
        super().__init__()
        self.campaign = campaign
        self.unit = unit
        self.week = week
        self.text = text
        self.version = version
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(f"备注：{self.unit} · {self.week.title}"),
                         classes="dialog--title")
            yield TextArea(self.text, id="remark", compact=True, show_line_numbers=False)
            yield Static("", id="remark-error")
            with Horizontal(classes="dialog--buttons"):
                yield Button("保存", id="save", variant="primary", compact=True)
                yield Button("取消", id="cancel", compact=True)

    def on_mount(self) -> None:
        area = self.query_one("#remark", TextArea)
        if self.app.is_headless:
            area.cursor_blink = False
        area.focus()
        area.move_cursor(area.document.end)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.busy:
            return
        self.busy = True
        actor = self.app.actor  # type: ignore[attr-defined]
        unit, week, version = self.unit, self.week, self.version
        text = self.query_one("#remark", TextArea).text
        campaign = self.campaign
        run_db(self, lambda: progress.set_remark(actor, unit, week, text, version, campaign),
               lambda _row: self.dismiss(True), on_error=self._refused, group="remark-save")

    def _refused(self, exc: ServiceError) -> None:
        self.busy = False
        message = "\n".join(exc.lines)
        if isinstance(exc, ConflictError):
            self.version = exc.current_version
            theirs = next((c.after for c in reversed(exc.changes)), "")
            message = (f"{exc}\n对方的备注：{plain(theirs) or '（空）'}\n"
                       "再按 ctrl+s 将以你的内容覆盖，或按 escape 取消。")
        error = self.query_one("#remark-error", Static)
        error.update(literal(message, multiline=True))
        error.add_class("-shown")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
