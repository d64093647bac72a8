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
from textual.widgets import Button, Checkbox, SelectionList, Static

from huitoukan_tui.enums import CaseStatus, Channel


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


class FacetsScreen(ModalScreen[Facets | None]):
    """Dismisses with the new Facets, or None when cancelled."""

    DEFAULT_CSS = """
    FacetsScreen { align: center middle; background: $background 60%; }
    FacetsScreen > Vertical { width: 96%; max-width: 110; height: auto; max-height: 95%;
                              border: thick $primary; background: $surface; padding: 0 1; }
    FacetsScreen .facets--title { text-style: bold; color: $accent; }
    FacetsScreen #lists { height: auto; }
    FacetsScreen SelectionList { width: 1fr; height: auto; max-height: 12;
                                 border: round $border-blurred; }
    FacetsScreen SelectionList:focus { border: round $border; }
    FacetsScreen #flags { height: auto; }
    FacetsScreen #buttons { height: auto; margin: 1 0 0 0; }
    FacetsScreen Button { margin: 0 1 0 0; }
    """

    BINDINGS = [
        Binding("ctrl+s", "apply", "确定", priority=True),
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+r", "clear", "清除全部"),
    ]

    def __init__(self, current: Facets, units: list[str]) -> None:
        super().__init__()
        self.current = current
        self.units = units

    def compose(self) -> ComposeResult:
        cur = self.current
        with Vertical():
            yield Static(Content("筛选（空格勾选，tab 切换，ctrl+s 确定）"),
                         classes="facets--title")
            with Horizontal(id="lists"):
                units = SelectionList[str](
                    *[(Content(u), u, u in cur.units) for u in self.units], id="units")
                units.border_title = "核查单位"
                yield units
                channels = SelectionList[str](
                    *[(c.label, c.label, c.label in cur.channels) for c in Channel],
                    id="channels")
                channels.border_title = "来源"
                yield channels
                statuses = SelectionList[str](
                    *[(s.label, s.label, s.label in cur.statuses) for s in CaseStatus],
                    id="statuses")
                statuses.border_title = "状态"
                yield statuses
            with Horizontal(id="flags"):
                yield Checkbox("仅看逾期", cur.overdue, id="overdue", compact=True)
                yield Checkbox("仅看移交执法", cur.referred, id="referred", compact=True)
            with Horizontal(id="buttons"):
                yield Button("确定", id="apply", variant="primary", compact=True)
                yield Button("清除全部", id="clear", compact=True)
                yield Button("取消", id="cancel", compact=True)

    def on_mount(self) -> None:
        first = self.query_one("#units" if self.units else "#channels", SelectionList)
        first.focus()

    def chosen(self) -> Facets:
        def selected(list_id: str) -> tuple[str, ...]:
            return tuple(self.query_one(f"#{list_id}", SelectionList).selected)

        return Facets(
            units=selected("units"), channels=selected("channels"),
            statuses=selected("statuses"),
            overdue=self.query_one("#overdue", Checkbox).value,
            referred=self.query_one("#referred", Checkbox).value)

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        self.dismiss(self.chosen())

    @on(Button.Pressed, "#clear")
    def action_clear(self) -> None:
        for selection in self.query(SelectionList):
            selection.deselect_all()
        for box in self.query(Checkbox):
            box.value = False

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
