"""台账: the first screen. Search as you type, facets, sort by any column; the cursor stays
on the same case when the list refreshes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Static

from huitoukan_tui.services import access
from huitoukan_tui.services import cases as case_service
from huitoukan_tui.services.cases import CaseFilter, CaseRow
from huitoukan_tui.services.errors import ServiceError
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.navigation import OpenCase, OpenCaseForm, OpenImport, OpenInspection
from huitoukan_tui.tui.safe import literal
from huitoukan_tui.tui.screens.facets import Facets, FacetsScreen
from huitoukan_tui.tui.screens.listing import ListingScreen
from huitoukan_tui.tui.widgets.inputs import LineInput
from huitoukan_tui.tui.widgets.ledger_columns import COLUMNS, SORT_COLUMNS
from huitoukan_tui.tui.widgets.ledger_table import RETRY_SECONDS, LedgerHeader, LedgerTable

#: rows loaded with a query result around the cursor (the rest arrive as you scroll)
FIRST_WINDOW = 120


@dataclass(frozen=True)
class QueryResult:
    ids: Sequence[int]
    total: int | None
    cursor: int
    rows: list[CaseRow]


class LedgerScreen(ListingScreen):
    SCREEN_TITLE = "台账"

    # "/", enter and escape move the focus. Priority bindings run before the next key is
    # dispatched, so keys that arrive together (typing ahead over a slow link) go where the
    # user meant; a plain binding would act only after they went to the old focus.
    BINDINGS = [
        Binding("slash", "search", "查找", priority=True),
        Binding("enter", "enter", "打开", priority=True),
        Binding("f", "facets", "筛选"),
        Binding("n", "new_case", "新建"),
        Binding("i", "inspect", "核查"),
        Binding("c", "correct", "更正", show=False),
        Binding("ctrl+o", "import_ledger", "导入", tooltip="导入台账…（Excel/CSV）"),
        Binding("s", "sort", "排序", show=False),
        Binding("r", "reverse", "倒序", show=False),
        Binding("escape", "clear", "清除查找/筛选", show=False, priority=True),
    ]
    HELP_NOTES = [("↑ ↓ pgup pgdn home end", "在列表中移动"),
                  ("enter（查找框）", "回到列表"),
                  ("enter（列表）", "打开选中的信访件"),
                  ("点击列标题", "按该列排序，再点一次倒序")]

    DEFAULT_CSS = """
    LedgerScreen #toolbar { height: 1; }
    LedgerScreen #search { width: 1fr; max-width: 60; }
    LedgerScreen #count { width: auto; padding: 0 1; color: $text; text-style: bold; }
    LedgerScreen #facets { width: 1fr; color: $warning; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.facets = Facets()
        self.total: int | None = None
        self.shown = 0
        self._query_serial = 0
        self._queried: CaseFilter | None = None
        self._failing = False  # the last query failed (told once, retried)
        self._count_text = ""  # what #count shows

    def compose(self) -> ComposeResult:
        yield self.status_bar()
        with Horizontal(id="toolbar"):
            yield LineInput(placeholder="/ 查找：编号、对象、地点、问题", id="search", compact=True,
                            joiner=" ")
            yield Static("", id="count")
            yield Static("", id="facets")
        table = LedgerTable(self._fetch_rows, self.happ.today, id="ledger")
        yield LedgerHeader(table, id="ledger-header")
        yield table
        yield self.footer()

    @property
    def table(self) -> LedgerTable:
        return self.query_one(LedgerTable)

    def on_mount(self) -> None:
        super().on_mount()
        self.table.focus()
        self.reload()

    # -- querying ---------------------------------------------------------------------
    def current_filter(self) -> CaseFilter:
        table = self.table
        return CaseFilter(
            search=self.query_one("#search", Input).value,
            units=self.facets.units, channels=self.facets.channels,
            statuses=self.facets.statuses, overdue=self.facets.overdue,
            referred=self.facets.referred, sort=table.sort_key,
            descending=table.descending, today=self.happ.today(),
            campaign=self.happ.campaign_id)

    def _fetch_rows(self, ids: list[int]) -> list[CaseRow]:
        """Runs in a worker thread (the table calls it through run_db)."""
        return case_service.rows_by_ids(self.happ.actor, ids, self.happ.campaign_id)

    def reload(self, *, stale: bool = False) -> None:
        """Run the current query; keep the cursor on the case it is on."""
        flt = self.current_filter()
        actor = self.happ.actor
        keep = self.table.current_case_id
        keep_index = self.table.cursor
        need_total = stale or self.total is None

        def job() -> QueryResult:
            ids = case_service.ordered_ids(actor, flt)  # compact: the table keeps it
            total = (case_service.count_cases(actor, CaseFilter(campaign=flt.campaign))
                     if need_total else None)
            cursor = min(keep_index, max(len(ids) - 1, 0))
            if keep is not None:
                try:
                    cursor = ids.index(keep)
                except ValueError:
                    pass
            start = max(0, cursor - FIRST_WINDOW // 2)
            rows = case_service.rows_by_ids(actor, list(ids[start:start + FIRST_WINDOW]),
                                            flt.campaign)
            return QueryResult(ids, total, cursor, rows)

        self._queried = flt
        run_db(self, job, lambda result: self._apply(result, stale),
               on_error=self._query_failed, group="ledger-query", exclusive=True)

    def _query_failed(self, exc: ServiceError) -> None:
        """Say so instead of waiting forever, tell why once, and try again a little later."""
        self._count_text = f"台账未能读取，{RETRY_SECONDS:.0f} 秒后重试"
        self.query_one("#count", Static).update(literal(self._count_text))
        if not self._failing:
            self.notify("\n".join(exc.lines), title="未能读取台账", severity="error",
                        markup=False)
        self._failing = True
        self.set_timer(RETRY_SECONDS, self.reload)

    def _apply(self, result: QueryResult, stale: bool) -> None:
        self._failing = False
        if result.total is not None:
            self.total = result.total
        self.shown = len(result.ids)
        self.table.show(result.ids, result.cursor, result.rows, stale=stale)
        self._update_counts()
        self.happ.start_session_jobs()

    def _update_counts(self) -> None:
        total = "…" if self.total is None else str(self.total)
        count = f"显示 {self.shown} / {total}"
        # a layout of the screen only when the count's width changes (#count is as wide as
        # its text; #facets takes what is left): a search key otherwise costs one per update
        self.query_one("#count", Static).update(
            literal(count), layout=cell_len(count) != cell_len(self._count_text))
        self._count_text = count
        text = self.facets.describe()
        if not text:
            key = self.table.sort_key
            label = next(c.label for c in COLUMNS if c.key == key)
            text = f"s 排序：{label}{'▼' if self.table.descending else '▲'}  f 筛选"
        self.query_one("#facets", Static).update(literal(text), layout=False)

    def data_changed(self) -> None:
        self.reload(stale=True)

    # -- search -----------------------------------------------------------------------
    def action_enter(self) -> None:
        search = self.query_one("#search", Input)
        if self.focused is search:
            self._search_submitted()
        elif self.focused is self.table:
            self.table.action_choose()

    def _search_submitted(self) -> None:
        self.stop_search_timer()
        if self._queried != self.current_filter():
            self.reload()
        # set_focus, not focus(): the keys typed right after enter (over a slow link they
        # arrive together) must already go to the list
        self.set_focus(self.table)

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        if self.focused is search:
            search.insert_text_at_cursor("/")  # a "/" typed in the search box is text
        else:
            self.set_focus(search)

    def action_clear(self) -> None:
        search = self.query_one("#search", Input)
        if self.focused is search:
            self.set_focus(self.table)
            return
        if search.value or not self.facets.is_empty():
            search.value = ""
            self.facets = Facets()
            self.reload()

    # -- facets and sorting -----------------------------------------------------------
    def facet_dialog(self, units: list[str]) -> FacetsScreen:
        return FacetsScreen(self.facets, units)

    def set_facets(self, facets: Facets) -> None:
        self.facets = facets
        self.reload()

    def sort_by(self, key: str, descending: bool | None = None) -> None:
        table = self.table
        if descending is None:
            descending = not table.descending if key == table.sort_key else False
        table.sort_key, table.descending = key, descending
        self.query_one(LedgerHeader).refresh()
        self.reload()

    def action_sort(self) -> None:
        """Next column (the columns on screen, in order)."""
        shown = ([p.column.key for p in self.table.columns_for_width() if p.column.sortable]
                 or [c.key for c in SORT_COLUMNS])
        key = self.table.sort_key
        nxt = shown[(shown.index(key) + 1) % len(shown)] if key in shown else shown[0]
        self.sort_by(nxt, False)

    def action_reverse(self) -> None:
        self.sort_by(self.table.sort_key, not self.table.descending)

    @on(LedgerHeader.SortClicked)
    def _header_clicked(self, event: LedgerHeader.SortClicked) -> None:
        self.sort_by(event.key)

    # -- opening ----------------------------------------------------------------------
    @on(LedgerTable.Chosen)
    def _chosen(self, event: LedgerTable.Chosen) -> None:
        self.app.post_message(OpenCase(event.row.case_no))

    def _current_case_no(self) -> str | None:
        row = self.table.current_row
        if row is None:
            self.notify("请先在列表中选中一件信访件。", markup=False)
            return None
        return row.case_no

    def action_inspect(self) -> None:
        case_no = self._current_case_no()
        if case_no:
            self.app.post_message(OpenInspection(case_no))

    def action_correct(self) -> None:
        case_no = self._current_case_no()
        if case_no:
            self.app.post_message(OpenCaseForm(case_no))

    def action_new_case(self) -> None:
        self.app.post_message(OpenCaseForm(None))

    def action_import_ledger(self) -> None:
        self.app.post_message(OpenImport())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "import_ledger":  # the station's key only: hidden from others
            return access.is_station(self.happ.actor)
        if action in ("new_case", "inspect", "correct"):  # not offered to a read-only user
            return access.can_write(self.happ.actor)
        return True

    def palette_commands(self):
        """Extra command-palette entries of this screen: sort by each column."""
        from textual.app import SystemCommand

        for column in SORT_COLUMNS:
            yield SystemCommand(f"按{column.label}排序", f"台账按“{column.label}”升序排列",
                                lambda key=column.key: self.sort_by(key, False))
            yield SystemCommand(f"按{column.label}倒序", f"台账按“{column.label}”降序排列",
                                lambda key=column.key: self.sort_by(key, True))
        yield SystemCommand("清除查找和筛选", "显示全部信访件", self._clear_all)

    def _clear_all(self) -> None:
        self.query_one("#search", Input).value = ""
        self.facets = Facets()
        self.reload()


SCREEN = LedgerScreen
