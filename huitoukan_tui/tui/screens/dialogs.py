"""Small modal questions: confirm, resolve an edit conflict, follow up created items."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from huitoukan_tui.services.conflicts import OtherChange
from huitoukan_tui.tui.safe import literal, plain

DIALOG_CSS = """
{name} {{
    align: center middle;
    background: $background 60%;
}}
{name} > Vertical {{
    width: auto;
    min-width: 40;
    max-width: 96%;
    height: auto;
    max-height: 90%;
    border: thick $primary;
    background: $surface;
    padding: 0 1;
}}
{name} .dialog--title {{ text-style: bold; color: $accent; margin: 0 0 1 0; }}
{name} .dialog--buttons {{ height: auto; width: auto; margin: 1 0 0 0; }}
{name} Button {{ margin: 0 1 0 0; min-width: 10; }}
"""


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question. Focus starts on the safe answer (``no``); escape answers no."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmDialog")
    BINDINGS = [Binding("escape", "answer(False)", "取消"),
                Binding("left", "app.focus_previous", show=False),
                Binding("right", "app.focus_next", show=False)]

    def __init__(self, question: str, yes: str = "是", no: str = "否",
                 detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.question), classes="dialog--title", id="question")
            if self.detail:
                yield Static(literal(self.detail, multiline=True))
            with Horizontal(classes="dialog--buttons"):
                yield Button(self.yes, id="yes", variant="warning", compact=True)
                yield Button(self.no, id="no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ConflictDialog(ModalScreen[str]):
    """Someone else saved the record since it was opened: show who, when and what, and let
    the user reload or re-apply their own changes. Dismisses with ``"reload"``,
    ``"overwrite"`` or ``"cancel"``. Focus starts on 继续编辑 (back to the form, what was
    typed kept, nothing saved): an enter pressed before reading loses nothing. ← → move
    between the answers."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConflictDialog") + """
    ConflictDialog VerticalScroll { height: auto; max-height: 14; }
    """
    BINDINGS = [Binding("escape", "choose('cancel')", "取消"),
                Binding("left", "move(-1)", show=False),
                Binding("right", "move(1)", show=False)]

    def __init__(self, message: str, changes: list[OtherChange]) -> None:
        """``changes``: the other edits (ConflictError.changes)."""
        super().__init__()
        self.message = message
        self.changes = changes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self.message), classes="dialog--title")
            with VerticalScroll():
                if not self.changes:
                    yield Static(Content("（对方的修改没有留下变更记录）"))
                for c in self.changes:
                    yield Static(change_text(c.when, c.who, c.label, c.before, c.after))
            with Horizontal(classes="dialog--buttons"):
                yield Button("重新载入", id="reload", variant="primary", compact=True)
                yield Button("仍然保存我的修改", id="overwrite", variant="warning",
                             compact=True)
                yield Button("继续编辑", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def action_move(self, step: int) -> None:
        """The next answer to the left or right (the list of changes is not one)."""
        buttons = list(self.query(Button))
        at = buttons.index(self.focused) if self.focused in buttons else 0
        buttons[(at + step) % len(buttons)].focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "cancel")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


_NUMBERED = re.compile(r"(?m)^(\d+)\. ")


def change_text(when: str, who: str, field: str, before: str, after: str) -> Text:
    """``when who field：before → after`` on one line; values of several lines (measures)
    below it, as 原为 / 改为 blocks."""
    text = literal(f"{when}  {who}  {field}：", "bold")
    before, after = plain(before, multiline=True), plain(after, multiline=True)
    if "\n" not in before + after:
        text.append(before or "（空）", "red")
        text.append(" → ")
        text.append(after or "（空）", "green")
        return text
    for label, value, style in (("原为", before, "red"), ("改为", after, "green")):
        # "1.长的中文" without a blank: a line longer than the dialog is then folded where it
        # ends, instead of its number standing alone on a line above it
        value = _NUMBERED.sub(r"\1.", value)
        text.append(f"\n  {label}：", "bold")
        text.append(("\n    " if "\n" in value else "") + (value or "（空）").replace(
            "\n", "\n    "), style)
    return text


class CreatedItemsDialog(ModalScreen[int | None]):
    """After an inspection created rectification items: offer to fill in the four-list row
    of one of them now. Dismisses with the chosen item id, or None (later)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="CreatedItemsDialog") + """
    CreatedItemsDialog OptionList { height: auto; max-height: 10; width: 1fr; min-width: 50; }
    """
    BINDINGS = [Binding("escape", "later", "稍后")]

    def __init__(self, items: list[tuple[int, str, str]]) -> None:
        """``items``: (id, kind label, new problem text)."""
        super().__init__()
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(f"已生成整改事项 {len(self.items)} 条，现在填写四项清单吗？"),
                         classes="dialog--title")
            options = []
            for item_id, kind, problem in self.items:
                text = literal(f"#{item_id} {kind}", "bold")
                if problem:
                    text.append(f"：{plain(problem)}")
                options.append(Option(text, id=str(item_id)))
            yield OptionList(*options, id="items")
            with Horizontal(classes="dialog--buttons"):
                yield Button("稍后再填", id="later", compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0) or None)

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        self.dismiss(None)


class CampaignDialog(ModalScreen[int | None]):
    """切换专项行动: pick one of the actor's campaigns (running first). Dismisses with its id,
    or None (escape)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="CampaignDialog") + """
    CampaignDialog OptionList { height: auto; max-height: 12; width: 1fr; min-width: 50; }
    """
    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, choices: list[tuple[int, str, str]], current: int | None) -> None:
        """``choices``: (id, name, state label)."""
        super().__init__()
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("切换专项行动"), classes="dialog--title")
            options = []
            for campaign_id, name, state in self.choices:
                text = literal(("● " if campaign_id == self.current else "  ") + name, "bold")
                text.append(f"  {state}")
                options.append(Option(text, id=str(campaign_id)))
            yield OptionList(*options, id="campaigns")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
