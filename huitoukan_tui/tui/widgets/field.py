"""A labelled form field with its error line (shown when the service refuses the value,
gone as soon as the user changes the value)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, RadioSet, Select, SelectionList, Static, TextArea

from huitoukan_tui.tui.widgets.measures_editor import MeasuresEditor


class FieldRow(Vertical):
    """``label`` + control on one row; the refusal message below it, in red."""

    DEFAULT_CSS = """
    FieldRow { height: auto; margin: 0 0 0 0; }
    FieldRow > Horizontal { height: auto; }
    FieldRow .field--label { width: 16; padding: 0 1 0 0; text-align: right; color: $text-muted; }
    FieldRow.-required .field--label { color: $foreground; }
    FieldRow .field--error { display: none; color: $error; padding: 0 0 0 16; }
    FieldRow.-invalid .field--error { display: block; }
    FieldRow.-invalid .field--label { color: $error; text-style: bold; }
    FieldRow .field--hint { color: $text-muted; padding: 0 0 0 16; }
    """

    def __init__(self, label: str, control: Widget, *, required: bool = False,
                 hint: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.label = label
        self.control = control
        self.hint = hint
        self._error = ""
        self._refused: object = None  # the control's value when the error was set
        if required:
            self.add_class("-required")

    def compose(self) -> ComposeResult:
        with Horizontal():
            mark = "*" if self.has_class("-required") else ""
            yield Static(Content(f"{mark}{self.label}"), classes="field--label")
            yield self.control
        if self.hint:
            yield Static(Content(self.hint), classes="field--hint")
        yield Static(Content(""), classes="field--error")

    @property
    def error(self) -> str:
        return self._error

    def set_error(self, message: str | None) -> None:
        self._error = message or ""
        self._refused = self.value()
        error = self.query_one(".field--error", Static)
        error.update(Content(message or ""))
        self.set_class(bool(message), "-invalid")

    def value(self) -> object:
        """The control's value, to compare with the refused one."""
        control = self.control
        if isinstance(control, Input | Select | Checkbox):
            return control.value
        if isinstance(control, TextArea):
            return control.text
        if isinstance(control, RadioSet):
            return control.pressed_index
        if isinstance(control, SelectionList):
            return list(control.selected)
        if isinstance(control, MeasuresEditor):
            return control.measures()
        return None

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(RadioSet.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    @on(MeasuresEditor.Changed)
    def _value_changed(self, event: Message) -> None:
        """The refusal was about the value the user has now changed: it goes (the next save
        says again what is still wrong). The value compared, not the message: one sent by a
        change made before the refusal (still on its way) leaves it."""
        if self._error and self.value() != self._refused:
            self.set_error(None)

    def matches(self, field: str) -> bool:
        """Whether a service problem's ``field`` (its Chinese label) belongs to this row."""
        return field == self.label


class FormBody(VerticalScroll, can_focus=False):
    """The scrolling body of a form. Not in the tab order itself (text typed while the body
    had the focus went nowhere): tab moves between the fields only. A form with no field to
    edit (read-only) sets ``can_focus`` so the keys still scroll it."""
