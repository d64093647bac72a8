"""The base of every form: ctrl+s saves, escape leaves (asking first when something was
typed), and the service's refusals are shown next to the fields they concern.

A form's raw values (``collect``/``fill``) are plain JSON-able data, so drafts can keep them
(``form_key`` names the form and its record, as services.drafts expects).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.widgets import Input, RadioButton, RadioSet, Select, TextArea

from huitoukan_tui.services.errors import Problem, ServiceError
from huitoukan_tui.tui.screens.base import AppScreen
from huitoukan_tui.tui.screens.dialogs import ConfirmDialog
from huitoukan_tui.tui.widgets.field import FieldRow


class FormScreen(AppScreen):
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", "保存", priority=True),
        Binding("escape", "cancel", "返回"),
    ]
    HELP_NOTES: ClassVar = [("tab / shift+tab", "下一个 / 上一个字段"),
                            ("← →（选项）", "在 是/否 等选项间移动，enter 或空格选中")]

    def __init__(self) -> None:
        super().__init__()
        self._clean: dict[str, object] | None = None
        self.saving = False

    # -- to implement ---------------------------------------------------------------
    @property
    def form_key(self) -> str:
        """e.g. ``inspection:LS-2024-001``; see services.drafts."""
        raise NotImplementedError

    def collect(self) -> dict[str, object]:
        """The raw values of every control, JSON-able."""
        raise NotImplementedError

    def fill(self, values: dict[str, object]) -> None:
        """Put raw values (from ``collect``) back into the controls."""
        raise NotImplementedError

    def action_save(self) -> None:
        raise NotImplementedError

    # -- shared ---------------------------------------------------------------------
    def mark_clean(self) -> None:
        """Remember the current values as the unchanged state."""
        self._clean = self.collect()

    @property
    def dirty(self) -> bool:
        return self._clean is not None and self.collect() != self._clean

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("放弃修改？", yes="放弃修改", no="继续编辑",
                                           detail="表单中填写的内容尚未保存。"), answered)

    def field_rows(self) -> list[FieldRow]:
        return list(self.query(FieldRow))

    def clear_problems(self) -> None:
        for row in self.field_rows():
            row.set_error(None)

    def show_problems(self, exc: ServiceError) -> None:
        """Mark each refused field with its reason; what fits no field is notified."""
        self.clear_problems()
        problems = list(exc.problems) or [_problem_from_text(line, self.field_rows())
                                          for line in exc.lines]
        rows = self.field_rows()
        messages: dict[FieldRow, list[str]] = {}
        unplaced = []
        for problem in problems:
            row = next((r for r in rows if problem.field and r.matches(problem.field)), None)
            if row is None:
                unplaced.append(str(problem))
                continue
            suffix = problem.field[len(row.label):].strip()
            messages.setdefault(row, []).append(
                f"{suffix}：{problem.message}" if suffix else problem.message)
        for row, lines in messages.items():
            row.set_error("；".join(lines))
        if unplaced:
            self.notify("\n".join(unplaced), title="未保存", severity="error", markup=False)
        else:
            self.notify(f"有 {len(problems)} 处需要修改，未保存。", title="未保存",
                        severity="error", markup=False)
        first = next((r for r in rows if r in messages), None)
        if first is not None:
            first.control.focus()
            first.scroll_visible(animate=False)


def _problem_from_text(line: str, rows: list[FieldRow]) -> Problem:
    """``编号：已存在：X`` → Problem("编号", "已存在：X") when a field has that label."""
    head, sep, rest = line.partition("：")
    if sep and any(r.label == head for r in rows):
        return Problem(head, rest)
    return Problem("", line)


# -- reading and writing controls -----------------------------------------------------

def radio_value(radio: RadioSet) -> str:
    button = radio.pressed_button
    return str(button.label) if button is not None else ""


def set_radio(radio: RadioSet, value: object) -> None:
    """Press the button labelled ``value``; ``""`` leaves none pressed (a RadioSet's own
    handler refuses to unpress, hence the direct update of its pressed button)."""
    buttons = list(radio.query(RadioButton))
    with radio.prevent(RadioButton.Changed):
        for button in buttons:
            button.value = str(button.label) == value
    pressed = next((b for b in buttons if b.value), None)
    radio._pressed_button = pressed
    if pressed is not None:
        radio._selected = buttons.index(pressed)


def select_value(select: Select) -> str:
    return "" if select.is_blank() else str(select.value)


def control_value(widget) -> object:
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, RadioSet):
        return radio_value(widget)
    if isinstance(widget, Select):
        return select_value(widget)
    raise TypeError(type(widget).__name__)


def set_control_value(widget, value: object) -> None:
    text = "" if value is None else str(value)
    if isinstance(widget, Input):
        widget.value = text
    elif isinstance(widget, TextArea):
        widget.load_text(text)
    elif isinstance(widget, RadioSet):
        set_radio(widget, text)
    elif isinstance(widget, Select):
        if text:
            widget.value = text
        else:
            widget.clear()
    else:
        raise TypeError(type(widget).__name__)
