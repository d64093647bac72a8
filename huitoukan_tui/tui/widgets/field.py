"""A labelled form field with its error line (shown when the service refuses the value)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static


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
        error = self.query_one(".field--error", Static)
        error.update(Content(message or ""))
        self.set_class(bool(message), "-invalid")

    def matches(self, field: str) -> bool:
        """Whether a service problem's ``field`` (its Chinese label) belongs to this row."""
        return field == self.label


class FormBody(VerticalScroll, can_focus=False):
    """The scrolling body of a form. Not in the tab order itself (text typed while the body
    had the focus went nowhere): tab moves between the fields only. A form with no field to
    edit (read-only) sets ``can_focus`` so the keys still scroll it."""
