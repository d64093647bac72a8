"""筛选: narrow the ledger by unit, channel and status, overdue only, referred only.
Facets combine: within one group any checked value matches, across groups all must."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from huitoukan_tui.enums import CaseStatus, Channel
from huitoukan_tui.tui.widgets.choice import ChoiceList, StateCheckbox


@dataclass(frozen=True)
class Facets:
    units: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    overdue: bool = False
    referred: bool = False

    def is_empty(self) -> bool:
        return not (self.units or self.channels or self.statuses or self.overdue
                    or self.referred)

    def describe(self) -> str:
        parts = []
        if self.units:
            parts.append("单位：" + "、".join(self.units))
        if self.channels:
            parts.append("来源：" + "、".join(self.channels))
        if self.statuses:
            parts.append("状态：" + "、".join(self.statuses))
        if self.overdue:
            parts.append("仅逾期")
        if self.referred:
            parts.append("仅移交执法")
        return " · ".join(parts)


class FacetDialog(ModalScreen):
    """A modal of checkable lists and on/off flags, shared by every list screen's 筛选.

    Subclasses give ``TITLE_TEXT``, ``groups()`` and ``flags()``, and turn the chosen values
    (list or flag id → checked values / bool) into their own filter in ``result()``.
    Dismisses with that filter, or None when cancelled."""

    DEFAULT_CSS = """
    FacetDialog { align: center middle; background: $background 60%; }
    FacetDialog > Vertical { width: 96%; max-width: 110; height: auto; max-height: 95%;
                             border: thick $primary; background: $surface; padding: 0 1; }
    FacetDialog .facets--title { text-style: bold; color: $accent; }
    FacetDialog #lists { height: auto; }
    FacetDialog ChoiceList { width: 1fr; height: auto; max-height: 12;
                             border: round $border-blurred; }
    FacetDialog ChoiceList:focus { border: round $border; }
    FacetDialog #flags { height: auto; }
    FacetDialog #buttons { height: auto; margin: 1 0 0 0; }
    FacetDialog Button { margin: 0 1 0 0; }
    """

    BINDINGS = [
        Binding("ctrl+s", "apply", "确定", priority=True),
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+r", "clear", "清除全部"),
    ]

    TITLE_TEXT = "筛选（空格勾选，打字查找：汉字或拼音首字母；tab 切换，ctrl+s 确定）"

    def groups(self) -> list[tuple[str, str, list[str], tuple[str, ...]]]:
        """(id, title, values, checked values) of each list."""
        return []

    def flags(self) -> list[tuple[str, str, bool]]:
        """(id, label, on) of each flag."""
        return []

    def result(self, chosen: dict[str, object]) -> object:
        return chosen

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.TITLE_TEXT), classes="facets--title")
            with Horizontal(id="lists"):
                for list_id, title, values, checked in self.groups():
                    selection = ChoiceList[str]([(v, v) for v in values], checked,
                                                id=list_id)
                    selection.border_title = title
                    yield selection
            with Horizontal(id="flags"):
                for flag_id, label, on_ in self.flags():
                    yield StateCheckbox(label, on_, id=flag_id, compact=True)
            with Horizontal(id="buttons"):
                yield Button("确定", id="apply", variant="primary", compact=True)
                yield Button("清除全部", id="clear", compact=True)
                yield Button("取消", id="cancel", compact=True)

    def on_mount(self) -> None:
        lists = [s for s in self.query(ChoiceList) if s.option_count]
        if lists:
            lists[0].focus()

    def chosen(self) -> object:
        values: dict[str, object] = {s.id: s.chosen() for s in self.query(ChoiceList) if s.id}
        values.update({box.id: box.value for box in self.query(StateCheckbox) if box.id})
        return self.result(values)

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        self.dismiss(self.chosen())

    @on(Button.Pressed, "#clear")
    def action_clear(self) -> None:
        for selection in self.query(ChoiceList):
            selection.tick_all(False)
        for box in self.query(StateCheckbox):
            box.value = False

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class FacetsScreen(FacetDialog):
    """The ledger's facets: unit, channel, status, overdue only, referred only."""

    def __init__(self, current: Facets, units: list[str]) -> None:
        super().__init__()
        self.current = current
        self.units = units

    def groups(self):
        cur = self.current
        return [("units", "核查单位", self.units, cur.units),
                ("channels", "来源", Channel.labels(), cur.channels),
                ("statuses", "状态", CaseStatus.labels(), cur.statuses)]

    def flags(self):
        return [("overdue", "仅看逾期", self.current.overdue),
                ("referred", "仅看移交执法", self.current.referred)]

    def result(self, chosen: dict[str, object]) -> Facets:
        return Facets(units=chosen["units"], channels=chosen["channels"],
                      statuses=chosen["statuses"], overdue=chosen["overdue"],
                      referred=chosen["referred"])
