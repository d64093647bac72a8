"""进展一览表 (attachment 2): the weekly progress table of one report week, exactly the
attachment's columns and its 合计 row, computed by services.progress.weekly_progress (the same
numbers as ``huitoukan-tui progress`` and the export).

``←``/``→`` change the week, ``enter`` lists the cases behind a row's numbers, ``r`` edits the
row's 备注, ``s`` submits the week (a unit: its row and four-list rows; the station: the
street); a submitted week whose numbers changed since is shown with the differences, never
silently. A district account sees one row per street; ``enter`` on a street drills into its
units, ``escape`` goes back to the streets.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from huitoukan_tui.enums import Role
from huitoukan_tui.services import access, progress, reporting
from huitoukan_tui.services.campaign import Week
from huitoukan_tui.services.errors import ServiceError
from huitoukan_tui.services.progress import (
    NUMBER_KEYS,
    PROGRESS_COLUMNS,
    PROGRESS_LABELS,
    STREET_HEADING,
    TOTAL_LABEL,
    ProgressRow,
)
from huitoukan_tui.services.text import fit
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.navigation import OpenCase
from huitoukan_tui.tui.safe import literal, plain
from huitoukan_tui.tui.screens.base import AppScreen
from huitoukan_tui.tui.screens.dialogs import ConfirmDialog
from huitoukan_tui.tui.screens.weekly_dialogs import DrillDialog, RemarkDialog

#: the least width in cells of each column (the unit's and 备注's grow to fit)
MIN_WIDTHS = {"no": 4, "unit": 8, "total": 4, "remarks": 8}
TEXT_COLUMNS = ("unit", "remarks")
#: (key, heading, width in cells, numeric)
COLUMNS = tuple((c.key, c.screen_heading, MIN_WIDTHS.get(c.key, 6), c.key not in TEXT_COLUMNS)
                for c in PROGRESS_COLUMNS)
UNIT_MAX_WIDTH = 20


def rate_text(rate: float) -> str:
    return f"{rate * 100:.1f}%"


def submission_text(view: reporting.WeekReport, unit_user: bool = False) -> tuple[str, str]:
    """The line about 报送 and what changed since, with its style: a unit's own submission,
    or the station's of the street."""
    if unit_user:
        return unit_submission_text(view)
    if view.table.level == progress.LEVEL_STREET:  # the district: how its streets stand
        if view.board is None:
            return "", "dim"
        counts = " · ".join(f"{state} {view.board.count(state)}" for state in reporting.STATES
                            if view.board.count(state))
        return f"各街道报送情况：{counts}（b 查看）", "bold"
    sub = view.submission
    if sub is None:
        return "本周尚未报送。", "dim"
    street = view.board.street if view.board else None
    late = "（逾期）" if street is not None and street.late else ""
    head = (f"已于 {sub.submitted_at.strftime('%Y-%m-%d %H:%M')} 由 {plain(sub.who)} "
            f"报送{late}")
    if not view.differences:
        return head + "；此后数字未变化。", "green"
    changes = "，".join(f"{plain(d.unit)} {PROGRESS_LABELS.get(d.key, d.key)} {d.submitted}→{d.now}"
                       for d in view.differences)
    return f"{head}；此后变化：{changes}", "bold yellow"


def unit_submission_text(view: reporting.WeekReport) -> tuple[str, str]:
    board = view.board
    if board is None or not board.rows:
        return "", "dim"
    row = board.rows[0]
    if row.state == reporting.NOT_SUBMITTED:
        return f"本单位本周尚未报送（报送：{board.due_text}，{board.time_left}）。", "bold"
    again = f"（第{row.submissions}次）" if row.submissions > 1 else ""
    head = (f"{row.state}：本单位已于 {row.submitted_at:%Y-%m-%d %H:%M} 由 "
            f"{plain(row.submitted_by_name)} 报送{again}")
    if not row.changed_since:
        return head + "；此后未变化。", "yellow" if row.state == reporting.LATE else "green"
    return f"{head}；此后变化：{'，'.join(row.changed_since)}（请再次报送）", "bold yellow"


class WeeklyScreen(AppScreen):
    SCREEN_TITLE = "进展一览表"

    BINDINGS = [
        Binding("left", "week(-1)", "上一周", priority=True),
        Binding("right", "week(1)", "下一周", priority=True),
        Binding("t", "this_week", "本周"),
        Binding("r", "remark", "备注"),
        Binding("s", "submit", "报送"),
        Binding("escape", "back", "返回"),
        Binding("w", "noop", show=False),  # already here
    ]
    HELP_NOTES = [("↑ ↓", "在单位间移动"),
                  ("enter", "列出该行数字背后的信访件（本周核查、本周新发现），再按 enter 打开"),
                  ("← →", "上一个 / 下一个报送周（周五至周四）")]

    DEFAULT_CSS = """
    WeeklyScreen #week-head { height: auto; padding: 0 1; }
    WeeklyScreen #week-title { text-align: center; text-style: bold; width: 1fr; }
    WeeklyScreen #week-dates { text-align: center; width: 1fr; }
    WeeklyScreen #week-submitted { height: auto; max-height: 3; }
    WeeklyScreen #progress { height: 1fr; }
    WeeklyScreen #row-note { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.view: reporting.WeekReport | None = None
        self.week: Week | None = None
        self.street: str | None = None  # a district account's drill-down
        self._widths: list[int] = []

    def compose(self) -> ComposeResult:
        yield self.status_bar()
        with Vertical(id="week-head"):
            yield Static(literal("载入中…"), id="week-title")
            yield Static("", id="week-dates")
            yield Static("", id="week-submitted")
        yield DataTable(id="progress", cursor_type="row", header_height=3,
                        zebra_stripes=True)
        yield Static("", id="row-note")
        yield self.footer()

    @property
    def table(self) -> DataTable:
        return self.query_one("#progress", DataTable)

    def on_mount(self) -> None:
        super().on_mount()
        self.table.focus()
        self.load()

    def load(self) -> None:
        actor, week, today, now = self.happ.actor, self.week, self.happ.today(), self.happ.now()
        campaign, street = self.happ.campaign_id, self.street
        run_db(self, lambda: reporting.week_view(actor, week, today, now, campaign, street),
               self.show,
               group="weekly-load", exclusive=True)

    def campaign_changed(self) -> None:
        """Another campaign: its default week (its last one once ended), the whole table."""
        self.week = self.street = None

    def data_changed(self) -> None:
        self.load()

    # -- drawing ----------------------------------------------------------------------
    def show(self, view: reporting.WeekReport) -> None:
        self.view, self.week = view, view.week
        title = f"{view.title}（{view.street}）" if view.street else view.title
        self.query_one("#week-title", Static).update(literal(title))
        number = (view.week.end - view.first_week.end).days // 7 + 1
        dates = view.week.title
        if number >= 1:
            dates += f" · 第{number}周"
        dates += f" · 报送：{view.due}"
        self.query_one("#week-dates", Static).update(literal(dates))
        text, style = submission_text(view, self.happ.actor.role == Role.UNIT.value)
        self.query_one("#week-submitted", Static).update(literal(text, style, multiline=True))
        self._fill_table()

    def _column_widths(self) -> list[int]:
        """The attachment's columns fitted to the terminal: wider numbers when there is
        room (up to +4 cells each), the rest to 备注."""
        view = self.view
        names = [r.unit for r in view.table.rows] if view else []
        unit = min(UNIT_MAX_WIDTH, max([cell_len(plain(n)) for n in names] + [8]))
        widths = [w for _, _, w, _ in COLUMNS]
        widths[1] = unit
        room = (self.size.width or 80) - 2 - 2 * len(COLUMNS)
        numeric = [n for n, c in enumerate(COLUMNS) if c[3]]
        spare = room - sum(widths) - 24  # 备注 keeps 24 more cells than its minimum
        grow = max(0, min(4, spare // len(numeric)))
        for n in numeric:
            widths[n] += grow
        widths[-1] = max(8, room - sum(widths[:-1]))
        return widths

    def _fill_table(self) -> None:
        view = self.view
        if view is None:
            return
        table = self.table
        index = table.cursor_row if table.row_count else 0
        self._widths = widths = self._column_widths()
        changed = {(d.unit, d.key) for d in view.differences}
        with self.app.batch_update():
            table.clear(columns=True)
            streets = view.table.level == progress.LEVEL_STREET
            for (key, header, _, _numeric), width in zip(COLUMNS, widths, strict=True):
                if key == "unit" and streets:
                    header = STREET_HEADING
                table.add_column(Text(header, justify="center"), width=width, key=key)
            for n, row in enumerate(view.table.rows, start=1):
                table.add_row(*self._cells(str(n), row, widths, changed), key=row.unit)
            table.add_row(*self._cells("", view.table.total, widths, changed, total=True),
                          key=TOTAL_LABEL)
        table.move_cursor(row=min(index, table.row_count - 1), animate=False)
        self._highlighted()

    @staticmethod
    def _cells(no: str, row: ProgressRow, widths: list[int], changed: set[tuple[str, str]],
               total: bool = False) -> list[Text]:
        base = "bold" if total else ""
        values = {"no": no, "unit": TOTAL_LABEL if total else row.unit,
                  "completion_rate": rate_text(row.completion_rate), "remarks": row.remarks,
                  **{k: str(getattr(row, k)) for k in NUMBER_KEYS}}
        cells = []
        for (key, _, _, numeric), width in zip(COLUMNS, widths, strict=True):
            style = base
            if (row.unit, key) in changed and not total:
                style = "bold reverse yellow"
            value = fit(plain(values[key]), width)
            if numeric:
                value = value.strip().rjust(width)
            cells.append(Text(value, style=style, no_wrap=True, end=""))
        return cells

    def on_resize(self) -> None:
        if self.view is not None and self._column_widths() != self._widths:
            self._fill_table()

    # -- the highlighted row ----------------------------------------------------------
    def current_unit(self) -> str | None:
        """The unit of the highlighted row; None on the 合计 row."""
        view = self.view
        if view is None or not self.table.row_count:
            return None
        index = self.table.cursor_row
        return view.table.rows[index].unit if index < len(view.table.rows) else None

    @on(DataTable.RowHighlighted, "#progress")
    def _highlighted(self) -> None:
        """The highlighted row's 备注 in full (the column is narrow on small terminals)."""
        view, index = self.view, self.table.cursor_row
        note = ""
        if view is not None and 0 <= index < len(view.table.rows):
            row = view.table.rows[index]
            if row.remarks:
                note = f"{row.unit} 备注：{row.remarks}"
        self.query_one("#row-note", Static).update(literal(note, multiline=True))

    @on(DataTable.RowSelected, "#progress")
    def _selected(self) -> None:
        view = self.view
        if view is None:
            return
        unit = self.current_unit()
        if view.table.level == progress.LEVEL_STREET and unit is not None:
            self.street = unit  # a street's row: its units
            self.load()
            return
        actor, week, campaign = self.happ.actor, view.week, self.happ.campaign_id
        street = view.street or None

        run_db(self, lambda: progress.drill_view(actor, week, unit, campaign=campaign,
                                                 street=street),
               lambda lists: self._drill(unit, *lists), group="weekly-drill")

    def _drill(self, unit: str | None, verified: list, new: list) -> None:
        def chosen(case_no: str | None) -> None:
            if case_no:
                self.app.post_message(OpenCase(case_no))

        title = f"{unit or TOTAL_LABEL} · {self.week.title if self.week else ''}"
        self.app.push_screen(DrillDialog(title, verified, new), chosen)

    # -- keys -------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """报送 and 备注 need write access: others do not see the keys."""
        if action in ("submit", "remark"):
            return access.can_write(self.happ.actor)
        return True

    def action_noop(self) -> None:
        """The key of this screen, pressed on it."""

    def action_back(self) -> None:
        if self.street:  # from a street's units back to the district's streets
            self.street = None
            self.load()
            return
        self.dismiss(None)

    def action_week(self, step: int) -> None:
        view = self.view
        if view is None:
            return
        week = view.week.next() if step > 0 else view.week.previous()
        if week.end < view.first_week.end:
            self.notify("已是专项行动的第一个报送周。", markup=False)
            return
        if week.end > view.last_week.end:
            self.notify("已是专项行动的最后一个报送周。", markup=False)
            return
        self.week = week
        self.load()

    def action_this_week(self) -> None:
        self.week = None
        self.load()

    def action_remark(self) -> None:
        view = self.view
        if view is None:
            return
        if not access.can_write(self.happ.actor):
            self.notify(access.READ_ONLY, severity="warning", markup=False)
            return
        unit = self.current_unit()
        if unit is None:
            self.notify("合计行没有备注；请选中一个单位。", markup=False)
            return
        if view.table.level == progress.LEVEL_STREET:
            self.notify("街道行没有备注；请按 enter 进入该街道，选中一个单位。", markup=False)
            return
        actor, week, campaign = self.happ.actor, view.week, self.happ.campaign_id

        def opened(current: tuple[str, int]) -> None:
            text, version = current
            self.app.push_screen(RemarkDialog(unit, week, text, version, campaign),
                                 lambda saved: self._remark_saved(saved))

        run_db(self, lambda: progress.get_remark(actor, unit, week, campaign), opened,
               group="weekly-remark")

    def _remark_saved(self, saved: bool | None) -> None:
        if saved:
            self.notify("备注已保存。", title="已保存", markup=False)
            self.happ.data_changed()

    def action_submit(self) -> None:
        view = self.view
        if view is None:
            return
        actor = self.happ.actor
        if not access.can_write(actor):
            self.notify("只读用户不能报送。", severity="warning", markup=False)
            return
        if view.board is None:
            self.notify("这不是专项行动的报送周。", severity="warning", markup=False)
            return
        board, station = view.board, access.is_station(actor)
        when = f"报送：{board.due_text}，{board.time_left}"
        if station:
            question = f"报送全街道 {view.week.title} 的进展一览表？"
            missing = [r.unit for r in board.rows if r.state == reporting.NOT_SUBMITTED]
            detail = (f"尚未报送的单位：{'、'.join(missing)}。" if missing
                      else "各单位均已报送。") + "报送后本周数字将保存为快照。"
        else:
            question = (f"报送 {plain(board.rows[0].unit)} {view.week.title} "
                        "的进展一览表和问题清单？")
            detail = "本单位的一览表行和问题清单将保存为报送快照，此后的变化会显示为差异。"
            if board.rows[0].state != reporting.NOT_SUBMITTED:
                detail = "本周已报送过，再次报送以这次为准，之前的报送保留在记录中。"
        if board.due.is_late(self.happ.now()):
            detail += "已过截止时间，将记为逾期报送。"

        def answered(yes: bool | None) -> None:
            if yes:
                self._submit(view.week, station)

        self.app.push_screen(ConfirmDialog(question, yes="报送", no="取消",
                                           detail=f"{when}。{detail}"), answered)

    def _submit(self, week: Week, station: bool) -> None:
        actor, now, campaign = self.happ.actor, self.happ.now(), self.happ.campaign_id

        def job():
            if station:
                street = reporting.submit_street(actor, week.end, now, campaign)
                return street.submitted_at, street.state
            sub = reporting.submit_unit(actor, week.end, now=now, campaign=campaign)
            return sub.submitted_at, sub.state

        def done(result) -> None:
            at, state = result
            self.notify(f"{state} {week.title}（{at:%H:%M}）", title=state, markup=False)
            self.happ.data_changed()

        run_db(self, job, done, group="weekly-submit", on_error=self._refused)

    def _refused(self, exc: ServiceError) -> None:
        self.notify("\n".join(exc.lines), title="未能报送", severity="error", markup=False)

    def palette_commands(self):
        from textual.app import SystemCommand

        yield SystemCommand("回到本周", "进展一览表：今天所在的报送周", self.action_this_week)


SCREEN = WeeklyScreen
