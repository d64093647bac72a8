"""报送情况 (b): who of the street has reported the week — 未报送 / 已报送 / 逾期报送 /
报送后有变化 with time and person — the time left to the deadline, the consolidated numbers of
attachment 2 and the station's own submission of the street (which units it went without).
All of it from services.reporting.board; ``s`` (station) submits the street. A district
account sees one row per street (its station's submission); ``enter`` on a street drills
into its units, ``escape`` goes back to the streets."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from huitoukan_tui.services import access, progress, reporting
from huitoukan_tui.services.campaign import Week
from huitoukan_tui.services.errors import ServiceError
from huitoukan_tui.services.text import fit
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.safe import literal, plain
from huitoukan_tui.tui.screens.base import AppScreen
from huitoukan_tui.tui.screens.dialogs import ConfirmDialog

#: (header, width); the unit's width follows its names, the last column takes the rest
COLUMNS = (("序号", 4), ("核查单位", 12), ("报送状态", 12), ("报送时间", 11), ("报送人", 14),
           ("本周核查", 8), ("累计核查", 8), ("新发现", 6), ("报送后变化", 10))
#: the same columns where the full ones do not fit (80 columns): short headers and states
#: (逾期, 有变化; the title line counts the full ones), the person cut to 8 cells, the
#: changes to what is left (the line under the table has them all); every column on screen
NARROW = (("序", 2), ("核查单位", 12), ("状态", 6), ("报送时间", 11), ("报送人", 8),
          ("本周", 4), ("累计", 4), ("新发现", 6), ("变化", 4))
NARROW_STATES = {reporting.LATE: "逾期", reporting.CHANGED: "有变化"}
UNIT_MAX = 14  # 街道农业农村办
STATE_STYLES = {reporting.NOT_SUBMITTED: "bold red", reporting.SUBMITTED: "green",
                reporting.LATE: "yellow", reporting.CHANGED: "bold yellow"}


def board_layout(board: reporting.Board, width: int) -> tuple[list[str], list[int], bool]:
    """The columns' headers and widths for a screen ``width`` cells wide, and whether they
    are the narrow ones: the full columns when they fit, else NARROW (at 80 columns every
    column is on screen, the last one with what is left)."""
    unit = min(UNIT_MAX, max([cell_len(plain(r.unit)) for r in board.rows] + [8]))
    total = board.table.total
    numbers = max(len(str(n)) for n in (total.verified_this_week, total.verified_total,
                                        total.new_problems_this_week))
    room = width - 2 - 2 * len(COLUMNS)  # a scroll bar, each cell's padding
    for narrow, columns in ((False, COLUMNS), (True, NARROW)):
        headers = [h for h, _ in columns]
        widths = [w for _, w in columns]
        widths[1] = unit
        for i in (5, 6, 7):
            widths[i] = max(widths[i], numbers)
        rest = room - sum(widths[:-1])
        if rest >= widths[-1] or narrow:
            widths[-1] = max(4, rest)
            break
    if board.table.level == progress.LEVEL_STREET:
        headers[1] = "街道"
    return headers, widths, narrow


def counts_text(board: reporting.Board) -> str:
    return " · ".join(f"{state} {board.count(state)}" for state in reporting.STATES)


class BoardScreen(AppScreen):
    SCREEN_TITLE = "报送情况"

    BINDINGS = [
        Binding("left", "week(-1)", "上一周", priority=True),
        Binding("right", "week(1)", "下一周", priority=True),
        Binding("t", "this_week", "本周"),
        Binding("s", "submit", "报送全街道"),
        Binding("escape", "back", "返回"),
        Binding("b", "noop", show=False),  # already here
    ]
    HELP_NOTES = [("↑ ↓", "在单位间移动；下方显示该单位报送后的全部变化"),
                  ("← →", "上一个 / 下一个报送周"),
                  ("enter", "区环委办：进入该街道，查看其各单位的报送情况")]

    DEFAULT_CSS = """
    BoardScreen #board-head { height: auto; padding: 0 1; }
    BoardScreen #board-title { text-style: bold; }
    BoardScreen #board { height: 1fr; }
    BoardScreen #board-note { height: auto; max-height: 4; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.board: reporting.Board | None = None
        self.week: Week | None = None
        self.street: str | None = None  # a district account's drill-down

    def compose(self) -> ComposeResult:
        yield self.status_bar()
        with Vertical(id="board-head"):
            yield Static(literal("载入中…"), id="board-title")
            yield Static("", id="board-due")
            yield Static("", id="board-street")
        yield DataTable(id="board", cursor_type="row", zebra_stripes=True)
        yield Static("", id="board-note")
        yield self.footer()

    @property
    def table(self) -> DataTable:
        return self.query_one("#board", DataTable)

    def on_mount(self) -> None:
        super().on_mount()
        self.table.focus()
        self.load()

    def load(self, week: Week | None = None) -> None:
        actor, now = self.happ.actor, self.happ.now()
        week = week or self.week
        campaign, street = self.happ.campaign_id, self.street
        run_db(self, lambda: reporting.board(actor, week.end if week else None, now, campaign,
                                             street),
               self.show, group="board-load", exclusive=True, on_error=self._refused)

    def campaign_changed(self) -> None:
        """Another campaign: its default week (its last one once ended), the whole table."""
        self.week = self.street = None

    def data_changed(self) -> None:
        self.load()

    def show(self, board: reporting.Board) -> None:
        self.board, self.week = board, board.week
        where = f"{self.street} · " if self.street else ""
        self.query_one("#board-title", Static).update(
            literal(f"{where}{board.week.title} · {counts_text(board)}"))
        self.query_one("#board-due", Static).update(
            literal(f"报送：{board.due_text}，{board.time_left}"))
        street = ("" if board.table.level == progress.LEVEL_STREET
                  else reporting.street_text(board.street))
        self.query_one("#board-street", Static).update(
            literal(street, "dim" if board.street else "bold", multiline=True))
        self._fill()

    def _fill(self) -> None:
        board = self.board
        table = self.table
        index = table.cursor_row if table.row_count else 0
        headers, widths, narrow = board_layout(board, self.size.width or 80)
        with self.app.batch_update():
            table.clear(columns=True)
            for header, width in zip(headers, widths, strict=True):
                table.add_column(header, width=width)
            for n, row in enumerate(board.rows, start=1):
                when = f"{row.submitted_at:%m-%d %H:%M}" if row.submitted_at else ""
                state = NARROW_STATES.get(row.state, row.state) if narrow else row.state
                values = [str(n), row.unit, state, when, row.submitted_by_name,
                          str(row.progress.verified_this_week), str(row.progress.verified_total),
                          str(row.progress.new_problems_this_week),
                          "；".join(row.changed_since)]
                styles = {2: STATE_STYLES[row.state]}
                table.add_row(*(Text(fit(plain(v), w), style=styles.get(i, ""), no_wrap=True)
                                for i, (v, w) in enumerate(zip(values, widths, strict=True))),
                              key=row.unit)
            total = board.table.total
            table.add_row(*(Text(fit(v, w), style="bold", no_wrap=True) for v, w in zip(
                ["", "合计", "", "", "", str(total.verified_this_week), str(total.verified_total),
                 str(total.new_problems_this_week), ""], widths, strict=True)), key="合计")
        table.move_cursor(row=min(index, table.row_count - 1), animate=False)
        self._highlighted()

    def on_resize(self) -> None:
        if self.board is not None:
            self._fill()

    @on(DataTable.RowHighlighted, "#board")
    def _highlighted(self) -> None:
        board, index = self.board, self.table.cursor_row
        note = ""
        if board is not None and 0 <= index < len(board.rows) and board.rows[index].changed_since:
            row = board.rows[index]
            note = f"{row.unit} 报送后变化：{'；'.join(row.changed_since)}"
        self.query_one("#board-note", Static).update(literal(note, "yellow", multiline=True))

    # -- keys -------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit":
            return access.is_station(self.happ.actor)
        return True

    def action_noop(self) -> None:
        """The key of this screen, pressed on it."""

    def action_back(self) -> None:
        if self.street:  # from a street's units back to the district's streets
            self.street = None
            self.load()
            return
        self.dismiss(None)

    @on(DataTable.RowSelected, "#board")
    def _selected(self) -> None:
        board, index = self.board, self.table.cursor_row
        if (board is not None and board.table.level == progress.LEVEL_STREET
                and 0 <= index < len(board.rows)):
            self.street = board.rows[index].unit
            self.load()

    def action_week(self, step: int) -> None:
        if self.week is not None:
            self.load(self.week.next() if step > 0 else self.week.previous())

    def action_this_week(self) -> None:
        self.week = None
        self.load()

    def action_submit(self) -> None:
        board = self.board
        if board is None or not access.is_station(self.happ.actor):
            return
        missing = [r.unit for r in board.rows if r.state == reporting.NOT_SUBMITTED]
        detail = (f"尚未报送的单位：{'、'.join(missing)}。" if missing else "各单位均已报送。")
        if board.due.is_late(self.happ.now()):
            detail += "已过截止时间。"

        def answered(yes: bool | None) -> None:
            if yes:
                self._submit(board.week)

        self.app.push_screen(ConfirmDialog(f"报送全街道 {board.week.title} 的进展一览表？",
                                           yes="报送", no="取消", detail=detail), answered)

    def _submit(self, week: Week) -> None:
        actor, now, campaign = self.happ.actor, self.happ.now(), self.happ.campaign_id

        def done(sub) -> None:
            self.notify(f"{sub.state}全街道 {week.title}（{sub.submitted_at:%H:%M}）",
                        title=sub.state, markup=False)
            self.happ.data_changed()

        run_db(self, lambda: reporting.submit_street(actor, week.end, now, campaign), done,
               group="board-submit", on_error=self._refused)

    def _refused(self, exc: ServiceError) -> None:
        self.notify("\n".join(exc.lines), title="未能完成", severity="error", markup=False)


SCREEN = BoardScreen
