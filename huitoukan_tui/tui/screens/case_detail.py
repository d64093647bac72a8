"""One case: every field, its inspections (newest first), its rectification items and its
change history."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from huitoukan_tui.enums import RectStatus
from huitoukan_tui.services import access, casefile, history
from huitoukan_tui.services.errors import NotFound, ServiceError
from huitoukan_tui.services.fields import ITEM_LABELS
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.navigation import OpenCaseForm, OpenInspection
from huitoukan_tui.tui.safe import literal, plain, wrapped
from huitoukan_tui.tui.screens.base import AppScreen
from huitoukan_tui.tui.widgets.item_columns import days_text

LABEL_WIDTH = 10
#: changes shown on the screen (newest first); ``huitoukan-tui audit --case`` prints all
HISTORY_LIMIT = 200


class FieldGrid:
    """Label/value pairs; short ones two to a row when the terminal is wide."""

    def __init__(self, fields: list[tuple[str, str, bool]]) -> None:
        self.fields = fields

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        pairs = 2 if options.max_width >= 110 else 1
        short = [f for f in self.fields if not f[2]]
        long = [f for f in self.fields if f[2]]
        yield self._grid(short, pairs)
        if long:
            yield self._grid(long, 1)

    @staticmethod
    def _grid(fields: list[tuple[str, str, bool]], pairs: int) -> Table:
        grid = Table.grid(padding=(0, 1), expand=True)
        for _ in range(pairs):
            grid.add_column(width=LABEL_WIDTH, style="bold")
            grid.add_column(ratio=1)
        for start in range(0, len(fields), pairs):
            cells: list[Text] = []
            for label, value, multiline in fields[start:start + pairs]:
                cells += [literal(label), wrapped(value, multiline=multiline)]
            cells += [Text("")] * (pairs * 2 - len(cells))
            grid.add_row(*cells)
        return grid


class CaseDetailScreen(AppScreen):
    SCREEN_TITLE = "信访件详情"

    BINDINGS = [
        Binding("i", "inspect", "核查"),
        Binding("c", "correct", "更正"),
        Binding("escape", "back", "返回"),
    ]
    HELP_NOTES = [("↑ ↓ pgup pgdn home end", "滚动")]

    DEFAULT_CSS = """
    CaseDetailScreen #detail { padding: 0 1; }
    CaseDetailScreen .section { text-style: bold; color: $accent; margin: 1 0 0 0; }
    CaseDetailScreen .block { margin: 0 0 1 0; }
    CaseDetailScreen .case-title { text-style: bold; }
    CaseDetailScreen .empty { color: $text-muted; }
    """

    def __init__(self, case_no: str) -> None:
        super().__init__()
        self.case_no = case_no
        self.record: casefile.CaseFile | None = None
        self.changes: list[history.ChangeLine] = []

    def compose(self) -> ComposeResult:
        yield self.status_bar()
        yield VerticalScroll(Static(literal(f"{self.case_no} 载入中…"), classes="case-title"),
                             id="detail")
        yield self.footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#detail").focus()
        self.load()

    def load(self) -> None:
        actor, case_no, today = self.happ.actor, self.case_no, self.happ.today()
        campaign = self.happ.campaign_id

        def job() -> tuple[casefile.CaseFile, list[history.ChangeLine]]:
            record = casefile.case_file(actor, case_no, today, campaign)
            rows = history.case_history(actor, record.case_no, limit=HISTORY_LIMIT)
            return record, [history.readable(row) for row in reversed(rows)]

        run_db(self, job, self._show, on_error=self._failed, group="detail", exclusive=True)

    def data_changed(self) -> None:
        self.load()

    def _failed(self, exc: ServiceError) -> None:
        self.notify("\n".join(exc.lines), title="无法打开", severity="error", markup=False)
        if isinstance(exc, NotFound) and self.is_current:
            self.dismiss(None)

    def _show(self, result: tuple[casefile.CaseFile, list[history.ChangeLine]]) -> None:
        record, self.changes = result
        self.record = record
        self.case_no = record.case_no
        detail = self.query_one("#detail", VerticalScroll)
        scroll_y = detail.scroll_y
        with self.app.batch_update():
            detail.remove_children()
            detail.mount_all(self._widgets(record))
        detail.call_after_refresh(detail.scroll_to, y=scroll_y, animate=False)

    def _widgets(self, record: casefile.CaseFile) -> list[Static]:
        title = wrapped(record.case_no, "bold")
        title.append("  ")
        title.append(record.status.label if record.in_ledger else "不在本专项行动台账中", "bold")
        if record.referred:
            title.append("  移交执法", "bold reverse red")
        if record.overdue:
            title.append(f"  逾期（期限 {record.next_deadline.isoformat()}）", "bold red")
        elif record.next_deadline:
            title.append(f"  最近期限 {record.next_deadline.isoformat()}")
        widgets = [Static(title, classes="case-title"),
                   Static(FieldGrid(record.fields), classes="block")]
        if not access.can_see_phone(self.happ.actor):
            widgets.append(Static(literal("（信访人个人信息已隐去）"), classes="empty"))

        widgets.append(Static(literal(f"核查记录（{len(record.inspections)}）"),
                              classes="section"))
        if not record.inspections:
            widgets.append(Static(literal("尚未核查。按 i 记录现场核查/回访。"),
                                  classes="empty"))
        for ins in record.inspections:
            text = wrapped(ins.inspected_on.isoformat(), "bold")
            text.append(f"  核查人员：{plain(ins.inspectors)}")
            text.append("  处理到位：")
            text.append("是" if ins.handled else "否", "" if ins.handled else "bold red")
            text.append("  反弹：")
            text.append("有" if ins.rebound else "无", "bold red" if ins.rebound else "")
            text.append(f"  信访人：{plain(ins.satisfaction)}")
            if ins.created_by:
                text.append(f"  （{plain(ins.created_by)} 录入）", "dim")
            if ins.campaign and ins.campaign != record.campaign:  # an earlier campaign's
                text.append(f"\n{plain(ins.campaign)}", "dim")
            if ins.findings:
                text.append("\n核查情况：", "bold")
                text.append(plain(ins.findings, multiline=True))
            widgets.append(Static(text, classes="block"))

        widgets.append(Static(literal(f"整改事项（{len(record.items)}）"), classes="section"))
        if not record.items:
            widgets.append(Static(literal("没有整改事项。"), classes="empty"))
        for item in record.items:
            text = wrapped(f"#{item.id} {item.kind}", "bold")
            text.append(f" · {item.status.label}",
                        "bold reverse red" if item.status == RectStatus.REFERRED else "bold")
            deadline = item.deadline.isoformat() if item.deadline else "（未定）"
            text.append(f" · 完成时限 {deadline}")
            days, style = days_text(item.status, item.days_left)
            if days:
                text.append(f"（{days}）", style)
            if item.campaign and item.campaign != record.campaign:
                text.append(f"\n{plain(item.campaign)}", "dim")
            for name, value in (("new_problem", item.new_problem),
                                ("problem_type", item.problem_type), ("measures", item.measures),
                                ("target_standard", item.target_standard),
                                ("implementer", item.implementer), ("acceptor", item.acceptor)):
                if value:
                    text.append(f"\n{ITEM_LABELS[name]}：", "bold")
                    text.append(("\n" if "\n" in value else "")
                                + plain(value, multiline=True))
            widgets.append(Static(text, classes="block"))

        shown = len(self.changes)
        more = "，仅列出最近的" if shown >= HISTORY_LIMIT else ""
        widgets.append(Static(literal(f"变更记录（{shown}{more}）"), classes="section"))
        if not self.changes:
            widgets.append(Static(literal("没有变更记录。"), classes="empty"))
        for h in self.changes:
            text = wrapped(h.at.strftime("%Y-%m-%d %H:%M") if h.at else "", "dim")
            text.append(f"  {plain(h.actor)}  {h.action}{h.entity}")
            if h.field:
                text.append(f" {plain(h.field)}：", "bold")
                text.append(plain(h.before, multiline=True) or "（空）", "red")
                text.append(" → ")
                text.append(plain(h.after, multiline=True) or "（空）", "green")
            elif h.after:
                text.append(f"：{plain(h.after, multiline=True)}")
            widgets.append(Static(text))
        return widgets

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("inspect", "correct"):  # not offered to a read-only user
            return access.can_write(self.happ.actor)
        return True

    def action_inspect(self) -> None:
        self.app.post_message(OpenInspection(self.case_no))

    def action_correct(self) -> None:
        self.app.post_message(OpenCaseForm(self.case_no))

    def action_back(self) -> None:
        self.dismiss(None)


SCREEN = CaseDetailScreen
