"""四项清单编辑: one rectification item — its four-list row, its ordered measures with the
yearly or quarterly targets the seed's rule asks for, and its life cycle (报验收, 验收销号,
退回整改, 移交执法) with who did what and when.

ctrl+s saves through services.rectifications.update_item with the version the form was opened
at: a concurrent edit is shown (ConflictDialog) and never overwritten silently. The service's
refusals appear under the fields they concern.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static, TextArea

from huitoukan_tui.enums import RectStatus
from huitoukan_tui.services import access, casestate, conflicts, rectifications
from huitoukan_tui.services.errors import ConflictError, NotFound, ServiceError
from huitoukan_tui.services.fields import ITEM_FIELDS, MEASURES_LABEL
from huitoukan_tui.services.itemform import ItemData, load_item
from huitoukan_tui.services.text import parse_date
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.navigation import OpenCase
from huitoukan_tui.tui.safe import literal, plain
from huitoukan_tui.tui.screens.dialogs import ConflictDialog
from huitoukan_tui.tui.screens.form import FormScreen
from huitoukan_tui.tui.screens.item_status import StatusDialog, step_for, title_of
from huitoukan_tui.tui.widgets.field import FieldRow, FormBody
from huitoukan_tui.tui.widgets.inputs import LineInput
from huitoukan_tui.tui.widgets.measures_editor import MeasuresEditor

#: the editor's fields in screen order (整改措施 goes before 目标任务（标准）)
FIELDS = {name: next(f for f in ITEM_FIELDS if f.name == name)
          for name in ("problem_type", "original_problem", "new_problem", "deadline",
                       "target_standard", "implementer", "acceptor", "note")}
HINTS = {
    "problem_type": "按原交办问题来源填写",
    "deadline": "跨年完成的按年度、当年完成的按季度填写措施目标",
    "target_standard": "可调度、可验收、可考核",
}


def periods_for(opened_on: dt.date, deadline: str) -> list[str] | None:
    """The milestone periods for a typed deadline; None while it is not a usable date."""
    try:
        day = parse_date(deadline)
    except ValueError:
        return None
    if day < opened_on:
        return None
    return rectifications.required_periods(opened_on, day)


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


class ItemEditorScreen(FormScreen):
    SCREEN_TITLE = "四项清单编辑"
    DRAFT_KIND = "item"
    CONTROLS = tuple(FIELDS)

    @classmethod
    def draft_title(cls, ref: str) -> str | None:
        return f"四项清单编辑 #{ref}" if ref.isdigit() else None

    @classmethod
    def from_draft(cls, ref: str) -> ItemEditorScreen:
        return cls(int(ref))

    BINDINGS = [
        Binding("f2", "step('awaiting')", "报验收"),
        Binding("f3", "step('closed')", "验收销号"),
        Binding("f4", "step('in_progress')", "退回整改"),
        Binding("f5", "step('referred')", "移交执法"),
        Binding("ctrl+n", "add_measure", "添加措施", show=False),
    ]
    HELP_NOTES = [
        ("tab / shift+tab", "下一个 / 上一个字段"),
        ("ctrl+n", "添加一条整改措施"),
        ("ctrl+↑ / ctrl+↓", "当前整改措施上移 / 下移（也可用鼠标点每条措施上的按钮）"),
        ("F8", "删除光标所在的整改措施"),
        ("F2 F3 F4 F5", "报验收、验收销号、退回整改、移交执法（先保存修改）"),
    ]

    DEFAULT_CSS = """
    ItemEditorScreen #item-head { padding: 0 1; height: auto; }
    ItemEditorScreen #item-life { padding: 0 1; color: $text-muted; height: auto;
                                  max-height: 6; }
    ItemEditorScreen #form { padding: 0 1; }
    ItemEditorScreen FieldRow .field--label { width: 18; }
    ItemEditorScreen FieldRow .field--error, ItemEditorScreen FieldRow .field--hint {
        padding: 0 0 0 18; }
    ItemEditorScreen TextArea { height: 3; }
    ItemEditorScreen #target_standard { height: 3; }
    ItemEditorScreen FieldRow Input { width: 1fr; }
    """

    def __init__(self, item_id: int) -> None:
        super().__init__()
        self.item_id = int(item_id)
        self.data: ItemData | None = None
        self.read_only = True
        self._warned_version = 0  # the other user's version already told about

    @property
    def draft_ref(self) -> str:
        return str(self.item_id)

    def title_text(self) -> str:
        return f"四项清单编辑 #{self.item_id}"

    # -- layout -----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield self.status_bar()
        yield Static(literal(f"整改事项 #{self.item_id} 载入中…"), id="item-head")
        yield Static("", id="item-life")
        with FormBody(id="form"):
            for name, spec in FIELDS.items():
                if name == "target_standard":
                    yield FieldRow(MEASURES_LABEL, MeasuresEditor(id="measures"),
                                   required=True,
                                   hint="ctrl+n 添加，ctrl+↑/↓ 上移/下移，F8 删除光标所在的一条")
                control = (TextArea(id=name, compact=True, show_line_numbers=False)
                           if spec.multiline else LineInput(id=name, compact=True))
                if name == "deadline":
                    control.placeholder = "如 2024-06-30"
                yield FieldRow(spec.label, control, required=spec.required,
                               hint=HINTS.get(name, ""))
        yield self.footer()

    @property
    def measures_editor(self) -> MeasuresEditor:
        return self.query_one("#measures", MeasuresEditor)

    def on_mount(self) -> None:
        super().on_mount()
        self.load()

    def load(self) -> None:
        actor, item_id = self.happ.actor, self.item_id
        run_db(self, lambda: load_item(actor, item_id), self.load_record,
               on_error=self._load_failed, group="item-load", exclusive=True)

    def _load_failed(self, exc: ServiceError) -> None:
        self.notify("\n".join(exc.lines), title="无法打开", severity="error", markup=False)
        if isinstance(exc, NotFound) and self.is_current:
            self.dismiss(None)

    def data_changed(self) -> None:
        """Someone changed records: reload unless the user is editing; while editing, say at
        once whether it was this item (the save then shows both sides)."""
        if self.data is None or self.saving:
            return
        if not self.dirty:
            self.load()
            return
        actor, item_id = self.happ.actor, self.item_id
        run_db(self, lambda: load_item(actor, item_id), self._changed_meanwhile,
               on_error=lambda exc: None, group="item-check", exclusive=True)

    def _changed_meanwhile(self, data: ItemData) -> None:
        if data.version in (self.version, self._warned_version):
            return
        self._warned_version = data.version
        self.notify(f"{data.updated_by} 刚刚修改了这条整改事项（现为“{data.status.label}”）。"
                    "你的修改还在；保存时会列出双方的不同，由你决定。",
                    title="他人已修改", severity="warning", timeout=15, markup=False)

    def load_record(self, data: ItemData) -> None:
        first = self.data is None
        self.data = data
        self.version = data.version
        self.read_only = not data.may_write or data.status == RectStatus.CLOSED
        self._show_head(data)
        periods = periods_for(data.opened_on, data.values.get("deadline", "")) or []
        with self.prevent(Input.Changed):
            self.fill({**data.values, "version": data.version})
        self.measures_editor.read_only = self.read_only
        self.measures_editor.load(data.measures, periods)
        for name in FIELDS:
            widget = self.query_one(f"#{name}")
            locked = self.read_only or (name == "acceptor" and not data.may_set_acceptor)
            widget.disabled = locked
        self.clear_problems()
        self.mark_clean()
        self.refresh_bindings()  # the keys of this user and this state
        body = self.query_one("#form", FormBody)
        body.can_focus = self.read_only  # nothing to edit: the keys scroll the form
        if first:
            (body if self.read_only else self.query_one("#problem_type")).focus()

    def _show_head(self, data: ItemData) -> None:
        head = Text(end="")
        head.append(plain(f"整改事项 #{data.id} · 信访件 {data.case_no} · {data.unit} · "
                          f"{data.kind} · "), "bold")
        head.append(data.status.label, {
            RectStatus.IN_PROGRESS: "bold yellow", RectStatus.AWAITING: "bold cyan",
            RectStatus.CLOSED: "bold green", RectStatus.REFERRED: "bold reverse red"}.get(
            data.status, "bold"))
        deadline = data.values.get("deadline")
        days = casestate.item_days_left(  # None once 已销号 or 移交执法
            data.status, dt.date.fromisoformat(deadline) if deadline else None,
            self.happ.today())
        if days is not None:
            if days < 0:
                head.append(f"  逾期 {-days} 天", "bold red")
            elif days == 0:
                head.append("  今天到期", "bold yellow")
            else:
                head.append(f"  还有 {days} 天")
        if self.read_only:
            head.append("  （已销号，只读）" if data.status == RectStatus.CLOSED
                        else "  （只读）", "dim")
        self.query_one("#item-head", Static).update(head)
        self.query_one("#item-life", Static).update(literal(life_text(data), multiline=True))

    # -- values -----------------------------------------------------------------------
    def collect(self) -> dict[str, object]:
        return {**super().collect(), "measures": self.measures_editor.measures()}

    def fill(self, values: dict[str, object]) -> None:
        super().fill(values)
        if "measures" in values and isinstance(values["measures"], list):
            periods = None
            if self.data is not None:
                periods = periods_for(self.data.opened_on, str(values.get("deadline", "")))
            self.measures_editor.load(values["measures"], periods)

    def changed_values(self) -> dict[str, object]:
        now = self.collect()
        now.pop("version", None)
        return conflicts.my_changes(self._clean or {}, now)

    @on(Input.Changed, "#deadline")
    def _deadline_changed(self, event: Input.Changed) -> None:
        if self.data is None:
            return
        periods = periods_for(self.data.opened_on, event.value)
        if periods is not None:
            self.measures_editor.set_periods(periods)

    def action_add_measure(self) -> None:
        if not self.read_only:
            self.measures_editor.add()

    # -- saving -----------------------------------------------------------------------
    def action_save(self) -> None:
        if self.saving or self.data is None:
            return
        if self.read_only:
            self.notify("此事项只读，不能修改。", severity="warning", markup=False)
            return
        if not self.dirty:
            self.notify("没有修改。", markup=False)
            return
        values = self.collect()
        data = {name: values[name] for name in FIELDS}
        measures = self.measures_editor.measure_inputs()
        self._update(data, measures, self.version or 0)

    def _update(self, data: dict, measures: list, version: int) -> None:
        actor, item_id = self.happ.actor, self.item_id
        self.saving = True

        def job() -> ItemData:
            rectifications.update_item(actor, item_id, data, measures, version)
            return load_item(actor, item_id)

        run_db(self, job, self._saved, on_error=self._refused, group="item-save")

    def _saved(self, data: ItemData) -> None:
        self.saving = False
        self.load_record(data)
        self.notify(f"已保存整改事项 #{data.id}", title="已保存", markup=False)
        self.happ.data_changed()

    def _refused(self, exc: ServiceError) -> None:
        self.saving = False
        if isinstance(exc, ConflictError):
            self._conflict(exc)
            return
        self.show_problems(exc)
        self.measures_editor.mark_invalid({p.index - 1 for p in exc.problems
                                           if p.field == MEASURES_LABEL and p.index})

    def _conflict(self, exc: ConflictError) -> None:
        mine = self.changed_values()

        def chosen(choice: str | None) -> None:
            if choice == "reload":
                self.load()
                self.notify("已重新载入最新内容。", markup=False)
            elif choice == "overwrite":
                self._reapply(mine)

        self.app.push_screen(ConflictDialog(str(exc), exc.changes), chosen)

    def _reapply(self, mine: dict[str, object]) -> None:
        """Save my changed fields over the latest version (the others keep theirs)."""
        actor, item_id = self.happ.actor, self.item_id

        def merged(latest: ItemData) -> None:
            data = {name: mine.get(name, latest.values[name]) for name in FIELDS}
            measures_model = mine.get("measures", latest.measures)
            periods = periods_for(latest.opened_on, str(data["deadline"])) or []
            measures = [rectifications.MeasureInput(
                m["content"], [{"period": p, "target": m["targets"][p]} for p in periods
                               if m["targets"].get(p, "").strip()])
                for m in measures_model]  # type: ignore[union-attr]
            self._update(data, measures, latest.version)

        run_db(self, lambda: load_item(actor, item_id), merged, group="item-load")

    # -- life cycle -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys the user's role may use are offered: 移交执法 to the station,
        验收销号 to it and the acceptance unit, 保存 where the row may be edited."""
        data = self.data
        if action == "step":
            return data is not None and RectStatus(str(parameters[0])) in data.role_steps
        if action in ("save", "add_measure"):
            return data is None or not self.read_only
        return True

    def action_step(self, target: str) -> None:
        data = self.data
        if data is None:
            return
        status = RectStatus(target)
        if not data.may_step:
            self.notify(access.READ_ONLY, severity="warning", markup=False)
            return
        refusal = rectifications.move_refusal(data.status, status)
        if refusal is not None:
            self.notify(str(refusal), title=f"不能{title_of(status)}", severity="error",
                        markup=False)
            return
        step = step_for(data.status, status)
        if self.dirty:
            self.notify(f"请先按 ctrl+s 保存修改，再{step.title}。", severity="warning",
                        markup=False)
            return
        if status == RectStatus.AWAITING and data.report_problems:
            # the fix is in the editor's fields, not in the dialog: mark them, focus the first
            self.show_problems(ServiceError(problems=list(data.report_problems)),
                               title=f"不能{step.title}",
                               summary=f"不能{step.title}：请先填写标红的 "
                                       f"{len(data.report_problems)} 项并保存。")
            return
        actor, item_id, today, version = (self.happ.actor, self.item_id, self.happ.today(),
                                          data.version)

        def job(values: dict[str, str]):
            def run() -> None:
                rectifications.set_status(
                    actor, item_id, status.label, on=values.get("on", ""),
                    reason=values.get("reason", ""), department=values.get("department", ""),
                    accepted_by=values.get("accepted_by", ""),
                    today=today, expected_version=version)
            return run

        defaults = {"on": today.isoformat(), "accepted_by": data.values.get("acceptor", "")}
        heading = f"整改事项 #{data.id}（{data.status.label} → {status.label}）"

        def done(ok: bool | None) -> None:
            if ok:
                self.notify(f"整改事项 #{data.id}：{step.title}，状态为“{status.label}”",
                            title="已完成", markup=False)
                self.load()
                self.happ.data_changed()

        self.app.push_screen(StatusDialog(step, heading, defaults, job), done)

    def palette_commands(self):
        from textual.app import SystemCommand

        yield SystemCommand("添加整改措施", "四项清单编辑：添加一条整改措施",
                            self.action_add_measure)
        if self.data is not None:
            yield SystemCommand("打开所属信访件", f"信访件 {self.data.case_no}",
                                lambda: self.app.post_message(OpenCase(self.data.case_no)))


def life_text(data: ItemData) -> str:
    """Who did what and when: created, last changed, then each step of its life with the
    reason it recorded."""
    parts = [f"发现 {data.opened_on.isoformat()}"]
    if data.created_by:
        parts.append(f"录入 {data.created_by} {_when(data.created_at)}".rstrip())
    if data.updated_by and data.updated_at and data.updated_at != data.created_at:
        parts.append(f"最后修改 {data.updated_by} {_when(data.updated_at)}")
    return "\n".join([" · ".join(parts), *data.steps])


SCREEN = ItemEditorScreen
