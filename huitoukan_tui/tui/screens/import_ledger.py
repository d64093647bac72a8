"""导入台账: the ``huitoukan-tui import`` command on screen (station only). The ledger comes
from a file on the server, from the user's computer (从本机上传, ctrl+u: ZMODEM into a private
folder, deleted afterwards) or from rows pasted from Excel/WPS (粘贴导入, ctrl+t, or a paste of
several rows into the file field). Check it first (a dry run: every problem is listed, nothing
is written), then confirm to import it for real. Both runs are the same import function as
``huitoukan-tui import`` (``io.ledger_import``), in a worker."""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.suggester import Suggester
from textual.timer import Timer
from textual.widgets import Button, Checkbox, Input, RadioButton, RadioSet, Static

from huitoukan_tui.services import scratch
from huitoukan_tui.services.casewrite import ACTION_LABELS
from huitoukan_tui.services.errors import ServiceError
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.safe import literal, plain, wrapped
from huitoukan_tui.tui.screens.base import AppScreen
from huitoukan_tui.tui.screens.dialogs import ConfirmDialog
from huitoukan_tui.tui.widgets.choice import StateCheckbox, radio_set
from huitoukan_tui.tui.widgets.field import FieldRow
from huitoukan_tui.tui.widgets.inputs import LineInput

#: on-existing choices as the radio buttons say them
ON_EXISTING = (("skip", "保留原样"), ("update", "更新有变化的内容"), ("error", "拒绝整个文件"))
#: lines of a result shown on screen (a file of 100,000 bad rows has as many problems)
MAX_LINES = 500
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def complete_path(value: str) -> str | None:
    """``value`` completed to the first matching entry of its folder (folders and
    spreadsheets first), or None. Hidden entries only when the name starts with a dot."""
    if not value:
        return None
    directory, prefix = os.path.split(os.path.expanduser(value))
    try:
        entries = list(os.scandir(directory or "."))
    except OSError:
        return None
    matches = []
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix) or (name.startswith(".") and not prefix.startswith(".")):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        useful = is_dir or name.lower().endswith(SPREADSHEETS)
        matches.append((not useful, name, is_dir))
    if not matches:
        return None
    _, name, is_dir = min(matches)
    rest = name[len(prefix):] + ("/" if is_dir else "")
    return value + rest if rest else None


class PathSuggester(Suggester):
    """Completes file paths on the server (→ or end accepts the suggestion)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return await asyncio.to_thread(complete_path, value)


class PathInput(LineInput):
    """The file field. A paste of several rows (a block copied from Excel/WPS) is not a path:
    it is handed to 粘贴导入 whole instead of being cut to its first line."""

    class TablePasted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def _on_paste(self, event: events.Paste) -> None:
        # Textual calls each class's handler in turn (Input's inserts the first line) unless
        # the default is prevented; a single line is left to LineInput and Input
        if "\t" in event.text or len(event.text.strip().splitlines()) > 1:
            event.prevent_default()
            event.stop()
            self.post_message(self.TablePasted(event.text))


@dataclass(frozen=True)
class Source:
    """What is imported instead of the file field's path: an upload or pasted rows."""

    label: str
    path: Path | None = None   # an uploaded file (in ``folder``)
    folder: Path | None = None
    text: str | None = None    # pasted rows

    @property
    def key(self) -> str:
        if self.text is not None:
            return "paste:" + hashlib.sha1(self.text.encode("utf-8")).hexdigest()
        return f"upload:{self.path}"


@dataclass(frozen=True)
class ImportOptions:
    path: str
    sheet: str
    unit_map: str
    on_existing: str
    create_units: bool
    source: str = ""  # Source.key when an upload or a paste is imported, "" for ``path``

    @property
    def file(self) -> Path:
        return Path(os.path.expanduser(self.path))


def report_lines(report) -> list[str]:
    """The summary, then one line per case of the file (as the CLI's dry run lists them)."""
    lines = list(report.lines())
    if report.items:
        lines.append("")
        lines.append("逐件：")
        many = len(report.sheets) > 1
        for item in report.items:
            where = f"{item.sheet}!{item.row}" if many else f"第 {item.row} 行"
            line = (f"{where}  {ACTION_LABELS.get(item.action, item.action)}  {item.case_no}  "
                    f"{item.received_on.isoformat()}  {item.channel}  {item.unit}  "
                    f"{item.target}")
            if item.changed:
                line += f"（变化：{'、'.join(item.changed)}）"
            lines.append(line)
        if report.total > len(report.items):
            lines.append(f"……另有 {report.total - len(report.items)} 件未列出。")
    return lines


class ImportScreen(AppScreen):
    SCREEN_TITLE = "导入台账"

    BINDINGS = [
        Binding("ctrl+r", "check", "检查", priority=True),
        Binding("ctrl+s", "import", "导入", priority=True),
        Binding("ctrl+u", "upload", "从本机上传", priority=True,
                tooltip="用 ZMODEM 从本机上传台账文件（Xshell、SecureCRT、MobaXterm）"),
        Binding("ctrl+t", "paste", "粘贴导入", priority=True,
                tooltip="粘贴从 Excel/WPS 复制的行（含表头行）"),
        Binding("escape", "back", "返回"),
    ]
    HELP_NOTES = [("enter（文件）", "检查（试运行，不写入）"),
                  ("→ / end（文件）", "接受路径补全"),
                  ("← →（选项）", "选择，enter 或空格选中")]

    DEFAULT_CSS = """
    ImportScreen #import-form { height: auto; padding: 0 1; }
    ImportScreen FieldRow Input { width: 1fr; }
    ImportScreen RadioSet { layout: horizontal; width: 1fr; height: auto; }
    ImportScreen RadioSet > RadioButton { width: auto; margin: 0 2 0 0; }
    ImportScreen #import-buttons { height: auto; padding: 0 0 0 16; }
    ImportScreen #import-buttons Button { margin: 0 1 0 0; min-width: 0; width: auto; }
    ImportScreen #import-state { padding: 0 1; height: auto; text-style: bold; }
    ImportScreen #import-state.-error { color: $error; }
    ImportScreen #import-state.-ok { color: $success; }
    ImportScreen #import-result { height: 1fr; padding: 0 1; scrollbar-size-vertical: 1; }
    """

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        #: the options of the last successful check (import is offered for those only)
        self.checked: ImportOptions | None = None
        self.report = None
        self.running = ""  # "check" | "import" while a worker runs
        self._started = 0.0
        self._ticker: Timer | None = None
        #: an upload or pasted rows, imported instead of the file field's path
        self.source: Source | None = None

    def compose(self) -> ComposeResult:
        yield self.status_bar()
        with Vertical(id="import-form"):
            yield FieldRow("文件", PathInput(self.initial_path, id="path", compact=True,
                                           placeholder="服务器上的路径，如 ~/台账.xlsx；"
                                           "或 ctrl+u 从本机上传、ctrl+t 粘贴",
                                           suggester=PathSuggester()), required=True)
            yield FieldRow("工作表", LineInput(id="sheet", compact=True,
                                        placeholder="留空：所有含台账表头的工作表"))
            yield FieldRow("单位对照表", LineInput(id="unit_map", compact=True,
                                          placeholder="可不填：两列，文件中的名称、系统中的单位"))
            yield FieldRow("编号已存在时", radio_set([label for _, label in ON_EXISTING],
                                                id="on_existing", compact=True))
            yield FieldRow("新单位", StateCheckbox("文件中有、系统中没有的单位直接新建",
                                           id="create_units", compact=True))
            with Horizontal(id="import-buttons"):
                yield Button("检查 ctrl+r", id="check", variant="primary", compact=True)
                yield Button("导入 ctrl+s", id="import", variant="warning", compact=True,
                             disabled=True)
                yield Button("从本机上传", id="upload", compact=True)
                yield Button("粘贴导入", id="paste", compact=True)
        yield Static(literal("填写文件路径，按 enter 或 ctrl+r 检查（试运行，不写入数据库）。"),
                     id="import-state")
        with VerticalScroll(id="import-result"):
            yield Static("", id="import-lines")
        yield self.footer()

    def on_mount(self) -> None:
        super().on_mount()
        radio = self.query_one("#on_existing", RadioSet)
        for button, (value, _) in zip(radio.query(RadioButton), ON_EXISTING, strict=True):
            button.value = value == "skip"
        self.query_one("#path", Input).focus()

    # -- options ----------------------------------------------------------------------
    def options(self) -> ImportOptions:
        radio = self.query_one("#on_existing", RadioSet)
        index = radio.pressed_index if radio.pressed_index >= 0 else 0
        return ImportOptions(
            path=self.query_one("#path", Input).value.strip(),
            sheet=self.query_one("#sheet", Input).value.strip(),
            unit_map=self.query_one("#unit_map", Input).value.strip(),
            on_existing=ON_EXISTING[index][0],
            create_units=self.query_one("#create_units", Checkbox).value,
            source=self.source.key if self.source else "")

    def source_label(self, options: ImportOptions | None = None) -> str:
        if self.source is not None:
            return self.source.label
        return (options or self.options()).file.name

    def _set_source(self, source: Source | None) -> None:
        """Replace what is imported; an upload that is replaced is deleted."""
        old = self.source
        if old is not None and old.folder is not None and old != source:
            scratch.remove(old.folder)
        self.source = source
        self.checked = None
        self._update_buttons()

    @on(Input.Changed)
    @on(RadioSet.Changed)
    @on(Checkbox.Changed)
    def _options_changed(self) -> None:
        if self.checked is not None and self.checked != self.options():
            self.checked = None
            self._set_state("选项已改变：请重新检查（ctrl+r）。")
        self._update_buttons()

    @on(Input.Changed, "#path")
    def _path_typed(self) -> None:
        if self.source is not None:  # typing a path means: that file, not the upload/paste
            self._set_source(None)
            self._set_state("将导入文件栏中的文件。")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_check()

    def _update_buttons(self) -> None:
        busy = bool(self.running)
        self.query_one("#check", Button).disabled = busy
        self.query_one("#upload", Button).disabled = busy
        self.query_one("#paste", Button).disabled = busy
        self.query_one("#import", Button).disabled = busy or not self._may_import()

    def _may_import(self) -> bool:
        report = self.report
        return (self.checked is not None and report is not None
                and bool(report.added or report.updated or report.new_units))

    # -- running ----------------------------------------------------------------------
    @on(Button.Pressed, "#check")
    def action_check(self) -> None:
        if self.running:
            return
        options = self.options()
        if not options.path and self.source is None:
            self._set_state("请先填写文件路径，或从本机上传（ctrl+u）、粘贴（ctrl+t）。", "-error")
            self.query_one("#path", Input).focus()
            return
        self._run(options, dry_run=True)

    @on(Button.Pressed, "#import")
    def action_import(self) -> None:
        if self.running:
            return
        options = self.options()
        if self.checked is None or self.checked != options or self.report is None:
            self.notify("请先检查文件（ctrl+r），检查通过后才能导入。", severity="warning",
                        markup=False)
            return
        if not self._may_import():
            self.notify("文件中没有需要新增或更新的信访件。", markup=False)
            return
        report = self.report

        def answered(yes: bool | None) -> None:
            if yes:
                self._run(options, dry_run=False)

        question = (f"导入 {self.source_label(options)}：新增 {report.added} 件，"
                    f"更新 {report.updated} 件？")
        self.app.push_screen(ConfirmDialog(question, yes="导入", no="取消",
                                           detail="\n".join(report.lines()[1:4])), answered)

    def _run(self, options: ImportOptions, *, dry_run: bool) -> None:
        from huitoukan_tui.io.ledger_import import import_ledger, import_pasted

        actor, today, campaign = self.happ.actor, self.happ.today(), self.happ.campaign_id
        source = self.source
        self.running = "check" if dry_run else "import"
        self._started = time.monotonic()
        self._tick()
        self._ticker = self.set_interval(0.5, self._tick)
        self._update_buttons()

        def job():
            rules = dict(unit_map=options.unit_map or None, create_units=options.create_units,
                         on_existing=options.on_existing, dry_run=dry_run, today=today,
                         campaign=campaign)
            if source is not None and source.text is not None:
                return import_pasted(actor, source.text, **rules)
            path = source.path if source is not None else options.file
            return import_ledger(actor, path, sheet=options.sheet or None, **rules)

        run_db(self, job, lambda report: self._done(options, report),
               on_error=self._refused, group="import", exclusive=True)

    def _tick(self) -> None:
        seconds = int(time.monotonic() - self._started)
        verb = "正在检查" if self.running == "check" else "正在导入"
        self._set_state(f"{verb} {self.source_label()} …… 已用 {seconds} 秒（大文件需要一些时间）")

    def _finish(self) -> str:
        was = self.running
        self.running = ""
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        return was

    def _done(self, options: ImportOptions, report) -> None:
        was = self._finish()
        seconds = time.monotonic() - self._started
        if was == "check":
            self.checked, self.report = options, report
            if self._may_import():
                self._set_state(f"检查通过（{seconds:.1f} 秒），没有写入任何数据。"
                                "确认无误后按 ctrl+s 导入。", "-ok")
            else:
                self._set_state("检查通过：文件中的信访件都已在系统中，没有需要写入的内容。",
                                "-ok")
        else:
            label = self.source_label(options)
            self._set_source(None)  # an upload is deleted once imported
            self.checked, self.report = None, None
            self._set_state(f"导入完成（{seconds:.1f} 秒）：新增 {report.added} 件，"
                            f"更新 {report.updated} 件。", "-ok")
            self.notify(f"已导入 {label}：新增 {report.added} 件，"
                        f"更新 {report.updated} 件", title="导入完成", markup=False)
            self.happ.data_changed()
        self._show_lines(report_lines(report))
        self._update_buttons()

    def _refused(self, exc: ServiceError) -> None:
        was = self._finish()
        self.checked, self.report = None, None
        lines = exc.lines
        what = "检查未通过" if was == "check" else "导入未完成"
        self._set_state(f"{what}：共 {len(lines)} 处问题，整个文件都没有导入，数据库没有改动。",
                        "-error")
        self._show_lines(lines)
        self._update_buttons()

    # -- showing ----------------------------------------------------------------------
    def _set_state(self, text: str, kind: str = "") -> None:
        state = self.query_one("#import-state", Static)
        state.update(wrapped(text))
        state.set_class(kind == "-error", "-error")
        state.set_class(kind == "-ok", "-ok")

    def _show_lines(self, lines: list[str]) -> None:
        shown = lines[:MAX_LINES]
        text = Text(end="")
        for n, line in enumerate(shown):
            if n:
                text.append("\n")
            text.append(plain(line))
        if len(lines) > len(shown):
            text.append(f"\n……另有 {len(lines) - len(shown)} 行未列出"
                        "（完整列表：huitoukan-tui import 文件 --dry-run）", "bold")
        self.query_one("#import-lines", Static).update(text)
        self.query_one("#import-result", VerticalScroll).scroll_home(animate=False)

    def action_back(self) -> None:
        if self.running == "import":
            self.notify("正在导入，请等导入结束。", severity="warning", markup=False)
            return
        self._set_source(None)
        self.dismiss(None)

    def on_unmount(self) -> None:
        if self.source is not None:  # however the screen goes, an upload goes with it
            scratch.remove(self.source.folder)

    # -- from the user's computer -----------------------------------------------------
    @on(Button.Pressed, "#upload")
    def action_upload(self) -> None:
        from huitoukan_tui.io.sheet_reader import MAX_FILE_BYTES
        from huitoukan_tui.tui import zmodem

        if self.running:
            return
        self._set_source(None)
        try:
            folder = scratch.make_private_folder("upload")
        except ServiceError as exc:
            self._set_state(str(exc), "-error")
            return
        intro = zmodem.intro("请在终端弹出的对话框中选择台账文件（ZMODEM 上传）……")
        transfer = zmodem.in_terminal(self.app, intro, lambda fd_in, fd_out: zmodem.receive(
            folder, fd_in, fd_out, limit=MAX_FILE_BYTES))
        if not transfer.ok or len(transfer.files) != 1:
            scratch.remove(folder)
            message = transfer.message if not transfer.ok else (
                f"一次只能上传一个文件（收到 {len(transfer.files)} 个），都没有导入。")
            self._set_state(message, "-error")
            self._show_lines([])
            return
        upload = transfer.files[0]
        self._set_source(Source(f"{upload.name}（本机上传）", path=upload, folder=folder))
        self.action_check()

    # -- pasted from Excel/WPS --------------------------------------------------------
    @on(Button.Pressed, "#paste")
    def action_paste(self, text: str = "") -> None:
        from huitoukan_tui.tui.screens.paste_import import PasteDialog

        if self.running:
            return

        def pasted(result: str | None) -> None:
            if result is None:
                return
            self._set_source(Source("粘贴内容", text=result))
            self.action_check()

        self.app.push_screen(PasteDialog(text), pasted)

    @on(PathInput.TablePasted)
    def _table_pasted(self, message: PathInput.TablePasted) -> None:
        self.action_paste(message.text)


SCREEN = ImportScreen
