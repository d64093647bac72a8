"""The two questions about drafts: restore this form's draft? (when a form opens) and which
of your drafts to open (at login)."""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from huitoukan_tui.services.drafts import DraftInfo
from huitoukan_tui.tui.safe import literal
from huitoukan_tui.tui.screens.dialogs import DIALOG_CSS, ConfirmDialog


def saved_text(at: dt.datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else ""


class DraftOfferDialog(ModalScreen[str]):
    """A form opened and a draft of it exists. Dismisses with ``"restore"``, ``"discard"``
    or ``"later"`` (escape: the draft is kept and offered again next time)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="DraftOfferDialog") + """
    DraftOfferDialog #preview { height: auto; max-height: 10; }
    DraftOfferDialog .preview-line { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "choose('later')", "以后再说"),
                Binding("left", "app.focus_previous", show=False),
                Binding("right", "app.focus_next", show=False)]

    def __init__(self, title: str, saved_at: dt.datetime | None, preview: list[str]) -> None:
        super().__init__()
        self.form_title = title
        self.saved_at = saved_at
        self.preview = preview

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(f"“{self.form_title}”有未保存的草稿"),
                         classes="dialog--title")
            yield Static(literal(f"草稿保存于 {saved_text(self.saved_at)}，其中填写了："))
            with VerticalScroll(id="preview"):
                for line in self.preview or ["（与当前内容相同）"]:
                    yield Static(literal(line), classes="preview-line")
            with Horizontal(classes="dialog--buttons"):
                yield Button("恢复草稿", id="restore", variant="primary", compact=True)
                yield Button("丢弃草稿", id="discard", variant="warning", compact=True)
                yield Button("以后再说", id="later", compact=True)

    def on_mount(self) -> None:
        self.query_one("#restore", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "later")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class DraftListDialog(ModalScreen[str | None]):
    """At login: the user's drafts, newest first. Enter opens the highlighted one (restored);
    ``d`` discards it after asking. Dismisses with the form key to open, or None."""

    DEFAULT_CSS = DIALOG_CSS.format(name="DraftListDialog") + """
    DraftListDialog OptionList { height: auto; max-height: 12; width: 1fr; min-width: 50; }
    DraftListDialog .dialog--hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "later", "以后再说"),
                Binding("d", "discard", "丢弃")]

    def __init__(self, found: list[tuple[DraftInfo, str, bool]]) -> None:
        """``found``: (draft, form title, whether a screen can open it)."""
        super().__init__()
        self.found = found

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(f"你有 {len(self.found)} 份未保存的草稿（上次连接中断或退出时"
                                 "保留），要现在打开吗？"), classes="dialog--title")
            yield OptionList(*[self._option(f) for f in self.found], id="drafts")
            yield Static(Content("enter 打开并恢复 · d 丢弃 · esc 以后再说"
                                 "（打开该表单时还会提示）"), classes="dialog--hint")
            with Horizontal(classes="dialog--buttons"):
                yield Button("打开", id="open", variant="primary", compact=True)
                yield Button("丢弃", id="discard", variant="warning", compact=True)
                yield Button("以后再说", id="later", compact=True)

    @staticmethod
    def _option(found: tuple[DraftInfo, str, bool]) -> Option:
        info, title, openable = found
        text = literal(title, "bold")
        text.append(f"  保存于 {saved_text(info.saved_at)}")
        if not openable:
            text.append("  （无法打开）", "dim")
        return Option(text, id=info.form_key)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def _highlighted_key(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Button.Pressed, "#open")
    def _open(self) -> None:
        key = self._highlighted_key()
        if key is not None:
            self.dismiss(key)

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#discard")
    def action_discard(self) -> None:
        key = self._highlighted_key()
        if key is None:
            return
        title = next(t for info, t, _ in self.found if info.form_key == key)

        def answered(yes: bool | None) -> None:
            if yes:
                self._discarded(key)

        self.app.push_screen(ConfirmDialog(f"丢弃草稿“{title}”？", yes="丢弃", no="保留",
                                           detail="丢弃后无法恢复。"), answered)

    def _discarded(self, key: str) -> None:
        self.app.draft_store.discard_later(self.app, key)  # type: ignore[attr-defined]
        self.found = [f for f in self.found if f[0].form_key != key]
        options = self.query_one(OptionList)
        options.remove_option(key)
        if not self.found:
            self.dismiss(None)
            return
        options.highlighted = min(options.highlighted or 0, len(self.found) - 1)
        options.focus()
        self.query_one(".dialog--title", Static).update(Content(
            f"你有 {len(self.found)} 份未保存的草稿，要现在打开吗？"))
