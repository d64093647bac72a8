"""The life-cycle steps of a four-list item, asked in a small dialog: 报验收 (→ 待验收, with
an optional 报验收说明), 验收销号 (→ 已销号, with the acceptance date, unit and 验收意见; a
referred item closes with the result of enforcement), 退回整改 (→ 整改中, with a reason),
移交执法 (→ 移交执法, with a date, a reason and the department). What each move records and
whether it is required comes from the service (rectifications.STEP_REASONS); the service
decides, and its refusals are shown next to the field they concern, or above the buttons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static, TextArea

from huitoukan_tui.enums import RectStatus
from huitoukan_tui.services.errors import ServiceError
from huitoukan_tui.services.rectifications import DEPARTMENT_LABEL, STEP_REASONS
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.safe import literal
from huitoukan_tui.tui.screens.dialogs import DIALOG_CSS
from huitoukan_tui.tui.widgets.field import FieldRow
from huitoukan_tui.tui.widgets.inputs import LineInput


@dataclass(frozen=True)
class StepField:
    key: str  # on | accepted_by | reason | department
    label: str
    required: bool = False
    multiline: bool = False


@dataclass(frozen=True)
class Step:
    target: RectStatus
    title: str
    explain: str
    fields: tuple[StepField, ...]


#: target → (title, explanation, date label)
STEP_TITLES: dict[RectStatus, tuple[str, str, str]] = {
    RectStatus.AWAITING: ("报验收", "整改已完成，报请验收（状态改为“待验收”）。", "完成日期"),
    RectStatus.CLOSED: ("验收销号", "验收合格，销号（状态改为“已销号”，此后不能再修改）。",
                        "验收日期"),
    RectStatus.IN_PROGRESS: ("退回整改", "验收未通过，退回继续整改（状态改为“整改中”）。",
                             "退回日期"),
    RectStatus.REFERRED: ("移交执法", "拒不整改或逾期未整改，移交执法部门。", "移交日期"),
}


def title_of(target: RectStatus) -> str:
    return STEP_TITLES[target][0]


def step_for(current: RectStatus, target: RectStatus) -> Step:
    """The dialog of an allowed move ``current`` → ``target``."""
    title, explain, day_label = STEP_TITLES[target]
    reason = STEP_REASONS[(current, target)]
    fields = [StepField("on", day_label, True)]
    if target == RectStatus.CLOSED:
        fields.append(StepField("accepted_by", "验收单位", True))
    if target == RectStatus.REFERRED:
        fields.append(StepField("department", DEPARTMENT_LABEL, True))
    fields.append(StepField("reason", reason.label, reason.required, True))
    if current == RectStatus.REFERRED:
        explain = "执法部门处理完毕，记录执法结果并销号（此后不能再修改）。"
    return Step(target, title, explain, tuple(fields))


#: the field names in set_status's refusals → the dialog's fields
SERVICE_FIELDS = {"日期": "on", "验收单位": "accepted_by", DEPARTMENT_LABEL: "department",
                  **{r.label: "reason" for r in STEP_REASONS.values()}}


class StatusDialog(ModalScreen[bool]):
    """Asks what a step needs; ``job(values)`` makes the service call, run in a worker.
    Dismisses with True once the service accepted, False when cancelled."""

    DEFAULT_CSS = DIALOG_CSS.format(name="StatusDialog") + """
    StatusDialog > Vertical { width: 72; max-width: 96%; }
    StatusDialog .step--explain { color: $text-muted; }
    StatusDialog #step-error { color: $error; text-style: bold; display: none; }
    StatusDialog #step-error.-shown { display: block; }
    StatusDialog FieldRow Input, StatusDialog FieldRow TextArea { width: 40; }
    StatusDialog TextArea { height: 3; }
    """
    BINDINGS = [
        Binding("ctrl+s", "submit", "确定", priority=True),
        Binding("escape", "cancel", "取消"),
    ]

    def __init__(self, step: Step, heading: str, defaults: dict[str, str],
                 job: Callable[[dict[str, str]], Callable[[], object]]) -> None:
        super().__init__()
        self.step = step
        self.heading = heading
        self.defaults = defaults
        self.job = job
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(f"{self.step.title}：{self.heading}"), classes="dialog--title")
            yield Static(Content(self.step.explain), classes="step--explain")
            for f in self.step.fields:
                value = self.defaults.get(f.key, "")
                control = (TextArea(value, id=f"step-{f.key}", compact=True,
                                    show_line_numbers=False) if f.multiline
                           else LineInput(value, id=f"step-{f.key}", compact=True))
                yield FieldRow(f.label, control, required=f.required, id=f"row-{f.key}")
            yield Static("", id="step-error")
            with Horizontal(classes="dialog--buttons"):
                yield Button(self.step.title, id="ok", variant="primary", compact=True)
                yield Button("取消", id="cancel", compact=True)

    def on_mount(self) -> None:
        first = self.step.fields[0].key
        self.query_one(f"#step-{first}").focus()
        if self.app.is_headless:
            for widget in self.query(Input):
                widget.cursor_blink = False
            for widget in self.query(TextArea):
                widget.cursor_blink = False

    def values(self) -> dict[str, str]:
        out = {}
        for f in self.step.fields:
            widget = self.query_one(f"#step-{f.key}")
            out[f.key] = widget.text if isinstance(widget, TextArea) else widget.value
        return out

    @on(Button.Pressed, "#ok")
    def action_submit(self) -> None:
        if self.busy:
            return
        self.busy = True
        run_db(self, self.job(self.values()), self._done, on_error=self._refused,
               group="item-status")

    def _done(self, _result: object) -> None:
        self.busy = False
        self.dismiss(True)

    def _refused(self, exc: ServiceError) -> None:
        self.busy = False
        rows = {row.id: row for row in self.query(FieldRow)}
        for row in rows.values():
            row.set_error(None)
        messages: dict[str, list[str]] = {}
        general = [] if exc.problems else [str(exc)]
        for problem in exc.problems:
            key = SERVICE_FIELDS.get(problem.field)
            if key and f"row-{key}" in rows:
                messages.setdefault(key, []).append(problem.message)
            else:
                general.append(str(problem))
        for key, lines in messages.items():
            rows[f"row-{key}"].set_error("；".join(lines))
        error = self.query_one("#step-error", Static)
        error.update(literal("\n".join(general), multiline=True))
        error.set_class(bool(general), "-shown")
        if messages:
            first = next(f.key for f in self.step.fields if f.key in messages)
            self.query_one(f"#step-{first}").focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
