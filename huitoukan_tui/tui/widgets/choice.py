"""Choice widgets of every form and filter: typing narrows the list (Chinese text, or the
pinyin initials of it: ``qxc`` finds 七星村, services.search.text_matches), and the state of a
box or radio button shows in its glyph, not only in its colour.

- ``ChoiceSelect``: a drop-down (Textual's Select) whose open list narrows as you type; a
  typed character on the closed drop-down opens it with that character as the query.
- ``ChoiceList``: a list of check boxes (Textual's SelectionList) that narrows as you type
  (space still ticks); ticked values stay ticked while hidden. The query shows in its border.
- ``StateCheckbox`` / ``StateRadioButton``: ``[X]`` / ``[ ]`` and ``(●)`` / ``( )``.
- ``ChoiceRadioSet``: tab into the group, enter or space picks the highlighted button (the
  chosen one, or the first when none is).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

from rich.segment import Segment
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.strip import Strip
from textual.widgets import (
    Checkbox,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    SelectionList,
)
from textual.widgets._select import SelectCurrent, SelectOverlay
from textual.widgets.option_list import Option

from huitoukan_tui.services.search import text_matches

T = TypeVar("T", bound=Hashable)

NO_MATCH = "（没有匹配的选项）"


def _prompt_text(prompt: object) -> str:
    return getattr(prompt, "plain", None) or str(prompt)


def _edit_query(query: str, event: events.Key) -> str | None:
    """The query after ``event`` (None: the key does not edit a query)."""
    if event.key == "backspace":
        return query[:-1] if query else None
    if event.character and event.is_printable and event.character != " ":
        return query + event.character
    return None


class StateCheckbox(Checkbox):
    """A check box whose glyph says whether it is ticked: ``X`` or blank."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's attribute name
        return "X" if self.value else " "


class StateRadioButton(RadioButton):
    """A radio button whose glyph says whether it is chosen: ``●`` or blank."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's attribute name
        return "\u25cf" if self.value else " "


class ChoiceRadioSet(RadioSet):
    """A RadioSet whose highlight, when focus arrives, is on the chosen button, or on the
    first when none is chosen: enter or space (Textual's own keys of a RadioSet) then picks
    what is highlighted, so tab, enter chooses the first choice (是, 无, 满意) of an empty
    group. Textual keeps the highlight where it last was, also after the group was emptied
    (a form refilled from a draft or a record), and enter then chose that button instead."""

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        buttons = list(self.query(RadioButton))
        pressed = self.pressed_button
        if pressed in buttons:
            self._selected = buttons.index(pressed)
        else:
            self._selected = next((n for n, b in enumerate(buttons) if not b.disabled), None)


def radio_set(labels: Iterable[str], **kwargs) -> RadioSet:
    """A ChoiceRadioSet of StateRadioButtons labelled ``labels``."""
    return ChoiceRadioSet(*[StateRadioButton(label) for label in labels], **kwargs)


class ChoiceList(SelectionList[T], Generic[T]):
    """Check boxes that narrow as you type. ``chosen()`` is every ticked value, shown or
    not, in the order of the values."""

    def __init__(self, values: list[tuple[str, T]], chosen: Iterable[T] = (), **kwargs
                 ) -> None:
        self._all = list(values)
        self._ticked = set(chosen)
        self.query_text = ""
        super().__init__(*self._selections(), **kwargs)

    def _selections(self) -> list[tuple[Content, T, bool]]:
        return [(Content(label), value, value in self._ticked) for label, value in self._all
                if text_matches(self.query_text, label)]

    def chosen(self) -> tuple[T, ...]:
        self._remember()
        return tuple(v for _, v in self._all if v in self._ticked)

    def _remember(self) -> None:
        shown = {value for _, value, _ in self._selections()}
        self._ticked = (self._ticked - shown) | set(self.selected)

    def set_query(self, text: str) -> None:
        self._remember()
        self.query_text = text
        with self.prevent(SelectionList.SelectedChanged):
            self.clear_options()
            self.add_options(self._selections())
        if self.option_count:
            self.highlighted = 0
        self.border_subtitle = (f"查找：{text}（{self.option_count} 项）" if text else "")

    def tick_all(self, ticked: bool) -> None:
        """Tick (or clear) every value, shown or not."""
        self._ticked = {v for _, v in self._all} if ticked else set()
        if ticked:
            self.select_all()
        else:
            self.deselect_all()

    def _on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.query_text:
            event.stop()
            event.prevent_default()
            self.set_query("")
            return
        query = _edit_query(self.query_text, event)
        if query is not None:
            event.stop()
            event.prevent_default()
            self.set_query(query)

    def render_line(self, y: int) -> Strip:
        """Textual draws ``X`` in every box and tells them apart by colour alone: blank the
        box of an unticked value."""
        strip = super().render_line(y)
        index = self.scroll_offset.y + y
        if not 0 <= index < self.option_count:
            return strip
        if self.get_option_at_index(index).value in self._selected:
            return strip
        segments = list(strip)
        if len(segments) > 2 and segments[1].text == "X":
            segments[1] = Segment(" ", segments[1].style, segments[1].control)
            return Strip(segments, strip.cell_length)
        return strip


class _FindOverlay(SelectOverlay):
    """The open list of a ChoiceSelect: typing narrows it; the first line shows the query."""

    BINDINGS = [Binding("escape", "dismiss", "收起选项")]

    def __init__(self) -> None:
        super().__init__(type_to_search=False)
        self.query_text = ""
        self._indexes: list[int] = []  # option index → index in the Select's options

    @property
    def choice(self) -> ChoiceSelect:
        return self.parent  # type: ignore[return-value]

    def show(self, query: str) -> None:
        self.query_text = query
        options, self._indexes = self.choice.options_for(query)
        self.clear_options()
        self.add_options(options)
        first = next((n for n, i in enumerate(self._indexes) if i >= 0), None)
        self.highlighted = first

    async def _on_key(self, event: events.Key) -> None:
        query = _edit_query(self.query_text, event)
        if query is not None:
            event.stop()
            event.prevent_default()
            self.show(query)

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return character is not None and character.isprintable()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        event.prevent_default()  # not SelectOverlay's handler: its index is of this list
        position = event.option_index
        index = self._indexes[position] if 0 <= position < len(self._indexes) else -1
        if index >= 0:
            self.show("")  # the Select's own indexes again, before it uses them
            self.post_message(self.UpdateSelection(index))


class ChoiceSelect(Select[T], Generic[T]):
    """A drop-down whose list narrows as you type (see the module)."""

    BINDINGS = [Binding("enter,down,space,up", "show_overlay", "展开选项", show=False)]

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield _FindOverlay().data_bind(compact=Select.compact)

    @property
    def overlay(self) -> _FindOverlay:
        return self.query_one(_FindOverlay)

    def options_for(self, query: str) -> tuple[list[Option], list[int]]:
        """The options to list for ``query`` and their index among the Select's options
        (-1: a line that is not an option)."""
        options: list[Option] = []
        indexes: list[int] = []
        if query:
            options.append(Option(Content(f"查找：{query}"), disabled=True))
            indexes.append(-1)
        for index, (prompt, value) in enumerate(self._options):
            if value == self.NULL:
                if not query:
                    options.append(Option(Content.styled(self.prompt, "dim")))
                    indexes.append(index)
                continue
            if text_matches(query, _prompt_text(prompt)):
                options.append(Option(prompt))
                indexes.append(index)
        if len(indexes) == (1 if query else 0):
            options.append(Option(Content(NO_MATCH), disabled=True))
            indexes.append(-1)
        return options, indexes

    def _setup_options_renderables(self) -> None:
        self.overlay.show("")

    def _watch_expanded(self, expanded: bool) -> None:
        overlay = self.overlay
        if not expanded and overlay.query_text:
            overlay.show("")
        super()._watch_expanded(expanded)

    def _on_key(self, event: events.Key) -> None:
        """A character typed on the closed drop-down opens it, searching for that."""
        if self.expanded or not (event.character and event.is_printable
                                 and event.character != " "):
            return
        event.stop()
        event.prevent_default()
        self.expanded = True
        self.overlay.show(event.character)
