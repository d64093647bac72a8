"""导出: the official forms as files, the same function as ``huitoukan-tui export`` and the
cron job (io.exporting.export_forms), run in a worker. A unit user gets its own unit only
(the service decides). Shows each file: name, rows, the start of its sha256, new/unchanged,
and the rows the forms warn about. 下载到本机 (ctrl+d) then sends the files to the user's
computer by ZMODEM (tui/zmodem.py).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, DataTable, Input, RadioButton, RadioSet, Static

from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services.errors import ServiceError
from huitoukan_tui.services.exportview import (
    ExportView,
    export_folder,
    export_view,
    stdout_commands,
)
from huitoukan_tui.services.text import fit_middle, parse_date
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.safe import literal, plain
from huitoukan_tui.tui.screens.base import AppScreen
from huitoukan_tui.tui.widgets.choice import StateCheckbox, radio_set
from huitoukan_tui.tui.widgets.field import FieldRow
from huitoukan_tui.tui.widgets.inputs import LineInput

#: (kind as export_forms names it, label)
KINDS = (("progress", "进展一览表"), ("problems", "问题清单"), ("ledger", "台账"),
         ("all", "全部"))
FORMATS = ("xlsx", "csv", "pdf")
#: warnings listed on screen (the rest are counted)
MAX_WARNINGS = 5
#: seconds to wait for another export of the same folder (e.g. the cron job) to finish
LOCK_TIMEOUT = 60.0
STATUS_STYLES = {"created": "green", "updated": "cyan", "unchanged": "dim", "failed": "bold red"}


class ExportScreen(AppScreen):
    SCREEN_TITLE = "导出"

    BINDINGS = [
        Binding("ctrl+s", "export", "开始导出", priority=True),
        Binding("ctrl+d", "download", "下载到本机", priority=True,
                tooltip="用 ZMODEM 把导出的文件发送到本机（Xshell、SecureCRT、MobaXterm）"),
        Binding("escape", "back", "返回"),
        Binding("e", "noop", show=False),  # already here
    ]
    HELP_NOTES = [("tab / shift+tab", "在选项间移动"),
                  ("← →（选项）", "选择类型或格式，enter 或空格选中")]

    DEFAULT_CSS = """
    ExportScreen #export-form { height: auto; max-height: 60%; padding: 0 1; }
    ExportScreen RadioSet { layout: horizontal; width: 1fr; height: auto; }
    ExportScreen RadioSet > RadioButton { width: auto; margin: 0 2 0 0; }
    ExportScreen #week { width: 14; }
    ExportScreen #week-hint { width: 1fr; padding: 0 0 0 2; color: $text-muted; }
    ExportScreen .export--row { height: auto; }
    ExportScreen #export-folder { padding: 0 1; color: $text-muted; height: auto; }
    ExportScreen #export-state { padding: 0 1; height: auto; }
    ExportScreen #export-warnings { padding: 0 1; height: auto; color: $warning; }
    ExportScreen #export-buttons { height: auto; }
    ExportScreen #export-buttons Button { margin: 0 1 0 0; }
    ExportScreen #results { height: 1fr; }
    ExportScreen #per-street-row { display: none; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.view: ExportView | None = None
        self.running = False
        self.results: list = []
        self.commands: list[str] = []  # the command form of each file written (ok ones)

    def compose(self) -> ComposeResult:
        yield self.status_bar()
        with VerticalScroll(id="export-form"):
            yield FieldRow("类型", radio_set([label for _, label in KINDS], id="kind",
                                            compact=True))
            with Horizontal(classes="export--row"):
                yield FieldRow("报送周", LineInput(id="week", compact=True,
                                               placeholder="2024-03-21"), required=True)
                yield Static("", id="week-hint")
            yield FieldRow("选项", StateCheckbox("分单位（每个单位一个文件，另加汇总）",
                                            id="per_unit", compact=True))
            yield FieldRow("", StateCheckbox("分街道（每个街道一个文件，另加全区汇总）",
                                        id="per_street", compact=True), id="per-street-row")
            yield FieldRow("", StateCheckbox("终版问题核查清单（加“核查情况”“核查人员”）",
                                        id="final", compact=True))
            yield FieldRow("", StateCheckbox("内容未变化也重新写入", id="force", compact=True))
            yield FieldRow("格式", radio_set(FORMATS, id="format", compact=True))
            with Horizontal(id="export-buttons"):
                yield Button("开始导出（ctrl+s）", id="run", variant="primary", compact=True)
                yield Button("下载到本机（ctrl+d）", id="download", compact=True,
                             disabled=True)
        yield Static(literal(f"输出目录：{export_folder(self.happ.actor)}"), id="export-folder")
        yield Static(literal("选好后按 ctrl+s 导出。"), id="export-state")
        yield Static("", id="export-warnings")
        yield DataTable(id="results", cursor_type="row", show_cursor=False)
        yield self.footer()

    def on_mount(self) -> None:
        super().on_mount()
        for radio_id, index in (("kind", 0), ("format", 0)):
            buttons = list(self.query_one(f"#{radio_id}", RadioSet).query(RadioButton))
            buttons[index].value = True
        self.query_one("#kind", RadioSet).focus()
        self._sync_final()
        today = self.happ.today()
        actor, campaign = self.happ.actor, self.happ.campaign_id
        run_db(self, lambda: export_view(actor, today, campaign), self._view_loaded,
               group="export-campaign")

    def _view_loaded(self, view: ExportView) -> None:
        self.view = view
        self.query_one("#per-street-row").display = view.streets
        week_input = self.query_one("#week", Input)
        if not week_input.value:
            week_input.value = view.due_week.end.isoformat()
        self._update_hint()

    # -- the choices ------------------------------------------------------------------
    def kind(self) -> str:
        pressed = self.query_one("#kind", RadioSet).pressed_index
        return KINDS[max(pressed, 0)][0]

    def fmt(self) -> str:
        pressed = self.query_one("#format", RadioSet).pressed_index
        return FORMATS[max(pressed, 0)]

    def choices(self) -> dict[str, object]:
        return {"kind": self.kind(), "week": self.query_one("#week", Input).value.strip(),
                "per_unit": self.query_one("#per_unit", Checkbox).value,
                "per_street": self.query_one("#per_street", Checkbox).value
                and bool(self.view and self.view.streets),
                "final": self.query_one("#final", Checkbox).value
                and self.kind() in ("problems", "all"),
                "fmt": self.fmt(), "force": self.query_one("#force", Checkbox).value}

    def set_choices(self, *, kind: str | None = None, week: str | None = None,
                    per_unit: bool | None = None, per_street: bool | None = None,
                    final: bool | None = None,
                    fmt: str | None = None, force: bool | None = None) -> None:
        """Set the controls (for the command palette and tests)."""
        def press(radio_id: str, index: int) -> None:
            list(self.query_one(f"#{radio_id}", RadioSet).query(RadioButton))[index].value = True

        if kind is not None:
            press("kind", [k for k, _ in KINDS].index(kind))
        if fmt is not None:
            press("format", FORMATS.index(fmt))
        if week is not None:
            self.query_one("#week", Input).value = week
        for name, value in (("per_unit", per_unit), ("per_street", per_street),
                            ("final", final), ("force", force)):
            if value is not None:
                self.query_one(f"#{name}", Checkbox).value = value
        self._sync_final()

    @on(RadioSet.Changed, "#kind")
    def _kind_changed(self) -> None:
        self._sync_final()

    def _sync_final(self) -> None:
        final = self.query_one("#final", Checkbox)
        final.disabled = self.kind() not in ("problems", "all")

    @on(Input.Changed, "#week")
    def _update_hint(self) -> None:
        hint = self.query_one("#week-hint", Static)
        row = self.query_one("#week", Input).parent.parent  # the FieldRow
        if isinstance(row, FieldRow):
            row.set_error(None)
        if self.view is None:
            return
        text = self.query_one("#week", Input).value.strip()
        try:
            week = self.view.week_of(parse_date(text))
        except ValueError:
            hint.update(literal("应为日期，如 2024-03-21（报送周内任一天）"))
            return
        hint.update(literal(f"报送周：{week.title}"))

    # -- running ----------------------------------------------------------------------
    def action_noop(self) -> None:
        """The key of this screen, pressed on it."""

    def action_back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#run")
    def action_export(self) -> None:
        if self.running:
            return
        choices = self.choices()
        actor, today, campaign = self.happ.actor, self.happ.today(), self.happ.campaign_id
        self.running = True
        self.query_one("#export-state", Static).update(literal("正在导出…", "bold"))

        def job():
            from huitoukan_tui.io.exporting import export_forms, resolve_week

            results = export_forms(actor, str(choices["kind"]), week=choices["week"] or None,
                                   per_unit=bool(choices["per_unit"]),
                                   per_street=bool(choices["per_street"]),
                                   final=bool(choices["final"]), fmt=str(choices["fmt"]),
                                   force=bool(choices["force"]), today=today,
                                   lock_timeout=LOCK_TIMEOUT, campaign=campaign)
            found = campaigns.resolve(campaign, actor)
            # what a terminal without ZMODEM runs instead of the download, file by file
            commands = stdout_commands(
                [r for r in results if r.ok],
                week_end=resolve_week(found, choices["week"] or None, today).end,
                final=bool(choices["final"]), fmt=str(choices["fmt"]), campaign=found.name)
            return results, commands

        run_db(self, job, self._done, on_error=self._refused, group="export-run")

    def _refused(self, exc: ServiceError) -> None:
        self.running = False
        general = [] if exc.problems else [str(exc)]
        for problem in exc.problems:
            row = self.query_one("#week", Input).parent.parent
            if problem.field == "报送周" and isinstance(row, FieldRow):
                row.set_error(problem.message)
            else:
                general.append(str(problem))
        state = self.query_one("#export-state", Static)
        state.update(literal("未导出：" + ("；".join(general) or "请修改标红的项目"), "bold red"))

    def _done(self, done: tuple[list, list[str]]) -> None:
        results, self.commands = done
        self.running = False
        self.results = results
        failed = [r for r in results if not r.ok]
        folder = results[0].path.parent if results else export_folder(self.happ.actor)
        self.query_one("#export-folder", Static).update(literal(f"输出目录：{folder}"))
        summary = f"已导出 {len(results) - len(failed)} 个文件"
        unchanged = sum(1 for r in results if r.status == "unchanged")
        if unchanged:
            summary += f"（{unchanged} 个内容未变化，保留原文件）"
        if failed:
            summary += f"；{len(failed)} 个失败：" + "；".join(r.error for r in failed)
        self.query_one("#export-state", Static).update(
            literal(summary, "bold red" if failed else "bold green"))
        self._fill(results)
        self._show_warnings(list(dict.fromkeys(w for r in results for w in r.warnings)))
        self.query_one("#download", Button).disabled = not self.downloadable()
        self.notify(summary, title="导出完成", severity="error" if failed else "information",
                    markup=False)

    def _show_warnings(self, warnings: list[str]) -> None:
        lines = [f"提醒：{w}" for w in warnings[:MAX_WARNINGS]]
        if len(warnings) > MAX_WARNINGS:
            lines.append(f"……另有 {len(warnings) - MAX_WARNINGS} 条提醒"
                         "（完整列表：huitoukan-tui export 的 stderr）")
        self.query_one("#export-warnings", Static).update(literal("\n".join(lines)))

    # -- download ---------------------------------------------------------------------
    def downloadable(self) -> list[Path]:
        return [Path(r.path) for r in self.results if r.ok]

    @on(Button.Pressed, "#download")
    def action_download(self) -> None:
        from huitoukan_tui.tui import zmodem

        files = self.downloadable()
        if self.running or not files:
            self.notify("请先导出（ctrl+s），再下载到本机。", severity="warning", markup=False)
            return
        intro = zmodem.intro(f"正在用 ZMODEM 把 {len(files)} 个文件发送到本机……")
        commands = self.commands
        transfer = zmodem.in_terminal(self.app, intro, lambda fd_in, fd_out: zmodem.send(
            files, fd_in, fd_out, instead=commands))
        state = transfer.message
        if not transfer.ok and len(commands) > 1:  # the command of every file, to copy
            state += "\n" + "\n".join(commands)
        self.query_one("#export-state", Static).update(
            literal(state, "bold green" if transfer.ok else "bold red", multiline=True))
        self.notify(transfer.message, title="下载到本机" if transfer.ok else "下载未完成",
                    severity="information" if transfer.ok else "error", markup=False)

    def _fill(self, results: list) -> None:
        from huitoukan_tui.io.exporting import STATUS_LABELS

        table = self.query_one("#results", DataTable)
        # a scroll bar, each column's padding, 行数 sha256 状态; the name has the rest
        name_width = max(20, (self.size.width or 80) - 2 - 2 * 4 - 6 - 12 - 6)
        with self.app.batch_update():
            table.clear(columns=True)
            table.add_column("文件", width=name_width, key="file")
            table.add_column(Text("行数", justify="right"), width=6, key="rows")
            table.add_column("sha256", width=12, key="sha")
            table.add_column("状态", width=6, key="status")
            for r in results:
                table.add_row(
                    # the week (2024-04-11_) and the end (form, unit, type) stay readable
                    Text(fit_middle(plain(Path(r.path).name), name_width, head=11),
                         no_wrap=True, end=""),
                    Text(str(r.rows), justify="right"),
                    Text(r.sha256[:12]),
                    Text(STATUS_LABELS.get(r.status, r.status),
                         style=STATUS_STYLES.get(r.status, "")))


SCREEN = ExportScreen
