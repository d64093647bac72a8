"""四项清单 (attachment 1): every rectification item the user may see, filtered by unit, kind,
status and overdue, searched as you type; ``enter`` opens the item's editor.

The table is a DataTable over one page of rows (services.itemlist.PAGE_LIMIT, 500): a street
has a few hundred items; a district with tens of thousands narrows with the filters or the
search, and the count line says when the page is not everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Input, Static

from huitoukan_tui.enums import RectKind, RectStatus
from huitoukan_tui.services import itemlist
from huitoukan_tui.services.errors import ServiceError
from huitoukan_tui.services.fields import ITEM_LABELS
from huitoukan_tui.services.itemlist import ItemPage, ItemRow
from huitoukan_tui.services.rectifications import ItemFilter
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.navigation import OpenCase, OpenItemEditor
from huitoukan_tui.tui.safe import literal, plain
from huitoukan_tui.tui.screens.facets import FacetDialog
from huitoukan_tui.tui.screens.listing import ListingScreen
from huitoukan_tui.tui.widgets import item_columns
from huitoukan_tui.tui.widgets.inputs import LineInput


@dataclass(frozen=True)
class ItemFacets:
    units: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    overdue: bool = False

    def is_empty(self) -> bool:
        return not (self.units or self.kinds or self.statuses or self.overdue)

    def describe(self) -> str:
        parts = []
        if self.units:
            parts.append("单位：" + "、".join(self.units))
        if self.kinds:
            parts.append("类别：" + "、".join(self.kinds))
        if self.statuses:
            parts.append("状态：" + "、".join(self.statuses))
        if self.overdue:
            parts.append("仅逾期")
        return " · ".join(parts)


class ItemFilterScreen(FacetDialog):
    """Choose units, kinds, statuses and "overdue only". Within a group any checked value
    matches; across groups all must."""

    TITLE_TEXT = "筛选整改事项（空格勾选，打字查找：汉字或拼音首字母；tab 切换，ctrl+s 确定）"

    def __init__(self, current: ItemFacets, units: list[str]) -> None:
        super().__init__()
        self.current = current
        self.units = units

    def groups(self):
        cur = self.current
        return [("units", "单位", self.units, cur.units),
                ("kinds", "类别", RectKind.labels(), cur.kinds),
                ("statuses", "状态", RectStatus.labels(), cur.statuses)]

    def flags(self):
        return [("overdue", "仅看逾期", self.current.overdue)]

    def result(self, chosen: dict[str, object]) -> ItemFacets:
        return ItemFacets(units=chosen["units"], kinds=chosen["kinds"],
                          statuses=chosen["statuses"], overdue=chosen["overdue"])


@dataclass(frozen=True)
class Loaded:
    page: ItemPage
    total: int | None


class ProblemsScreen(ListingScreen):
    SCREEN_TITLE = "四项清单"

    BINDINGS = [
        # priority, with set_focus: the keys typed right after "/" or enter (over a slow link
        # they arrive together) go to the search box or the list, as on the ledger
        Binding("slash", "search", "查找", priority=True),
        Binding("enter", "enter", "编辑", show=False, priority=True),
        Binding("f", "facets", "筛选"),
        Binding("c", "open_case", "信访件"),
        Binding("escape", "back", "返回", priority=True),
        Binding("p", "noop", show=False),  # already here
    ]
    HELP_NOTES = [("↑ ↓ pgup pgdn home end", "在列表中移动"),
                  ("enter（列表）", "打开选中事项的编辑（四项清单编辑）"),
                  ("enter（查找框）", "回到列表"),
                  ("查找", "信访件编号、被反映对象、地点、原问题或新发现问题")]

    DEFAULT_CSS = """
    ProblemsScreen #toolbar { height: 1; }
    ProblemsScreen #search { width: 1fr; max-width: 50; }
    ProblemsScreen #count { width: auto; padding: 0 1; text-style: bold; }
    ProblemsScreen #facets { width: 1fr; color: $warning; }
    ProblemsScreen #items { height: 1fr; }
    ProblemsScreen #preview-box { height: 35%; min-height: 5; max-height: 14;
                                  border-top: solid $primary; padding: 0 1;
                                  scrollbar-size-vertical: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.facets = ItemFacets()
        self.rows: list[ItemRow] = []
        self.total: int | None = None
        self.matched = 0
        self._layout: list[tuple[item_columns.ItemColumn, int]] = []
        self._loaded_once = False

    def compose(self) -> ComposeResult:
        yield self.status_bar()
        with Horizontal(id="toolbar"):
            yield LineInput(placeholder="/ 查找：编号、对象、地点、问题", id="search", compact=True,
                            joiner=" ")
            yield Static("", id="count")
            yield Static("", id="facets")
        yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="preview-box"):
            yield Static(literal("载入中…"), id="preview")
        yield self.footer()

    @property
    def table(self) -> DataTable:
        return self.query_one("#items", DataTable)

    def on_mount(self) -> None:
        super().on_mount()
        self.table.focus()
        self.reload()

    # -- querying ---------------------------------------------------------------------
    def current_filter(self) -> ItemFilter:
        f = self.facets
        return ItemFilter(units=f.units, kinds=f.kinds, statuses=f.statuses, overdue=f.overdue,
                          search=self.query_one("#search", Input).value,
                          today=self.happ.today(), campaign=self.happ.campaign_id)

    def reload(self, *, stale: bool = False) -> None:
        flt = self.current_filter()
        actor, today = self.happ.actor, self.happ.today()
        need_total = stale or self.total is None

        def job() -> Loaded:
            page = itemlist.item_page(actor, flt, today=today)
            return Loaded(page, itemlist.count_items(actor, flt.campaign) if need_total
                          else None)

        run_db(self, job, self._apply, on_error=self._refused, group="problems-query",
               exclusive=True)

    def data_changed(self) -> None:
        self.reload(stale=True)

    def _refused(self, exc: ServiceError) -> None:
        self.notify("\n".join(exc.lines), title="无法筛选", severity="error", markup=False)

    def _apply(self, loaded: Loaded) -> None:
        if loaded.total is not None:
            self.total = loaded.total
        keep = self.current_row.id if self.current_row else None
        self.rows = loaded.page.rows
        self.matched = loaded.page.matched
        self._fill_table(keep)
        self._update_counts(loaded.page)
        self._loaded_once = True

    def _fill_table(self, keep_id: int | None = None) -> None:
        table = self.table
        index = table.cursor_row if table.row_count else 0
        self._layout = item_columns.layout(self.size.width or 80)
        with self.app.batch_update():
            table.clear(columns=True)
            table.header_height = item_columns.header_height(self._layout)
            for column, width in self._layout:
                table.add_column(Text(column.label, no_wrap=True), width=width,
                                 key=column.key)
            for row in self.rows:
                table.add_row(*[item_columns.cell(row, c.key, w) for c, w in self._layout],
                              key=str(row.id))
        if keep_id is not None:
            index = next((n for n, r in enumerate(self.rows) if r.id == keep_id), index)
        if self.rows:
            table.move_cursor(row=min(index, len(self.rows) - 1), animate=False)
        self._show_preview(self.current_row)

    def on_resize(self) -> None:
        if self._loaded_once and item_columns.layout(self.size.width) != self._layout:
            self._fill_table(self.current_row.id if self.current_row else None)

    def _update_counts(self, page: ItemPage) -> None:
        total = "…" if self.total is None else str(self.total)
        if page.truncated:
            text = f"显示前 {len(page.rows)} 条 / 符合 {page.matched} / 共 {total}"
        else:
            text = f"显示 {page.matched} / {total}"
        self.query_one("#count", Static).update(literal(text))
        description = self.facets.describe()
        if page.truncated:
            description = (description + " · " if description else "") + "请用筛选或查找缩小范围"
        elif not description:
            description = "f 筛选  enter 编辑"
        self.query_one("#facets", Static).update(literal(description))

    # -- the highlighted row ----------------------------------------------------------
    @property
    def current_row(self) -> ItemRow | None:
        table = self.table
        if not self.rows or not table.row_count:
            return None
        index = table.cursor_row
        return self.rows[index] if 0 <= index < len(self.rows) else None

    @on(DataTable.RowHighlighted, "#items")
    def _highlighted(self) -> None:
        self._show_preview(self.current_row)

    def _show_preview(self, row: ItemRow | None) -> None:
        preview = self.query_one("#preview", Static)
        if row is None:
            preview.update(literal("没有符合条件的整改事项。" if self._loaded_once or self.rows
                                   else "载入中…"))
            return
        preview.update(preview_text(row))

    @on(DataTable.RowSelected, "#items")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.app.post_message(OpenItemEditor(int(str(event.row_key.value))))

    # -- keys -------------------------------------------------------------------------
    def action_noop(self) -> None:
        """The key of this screen, pressed on it: nothing to open."""

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if self.focused is search:
            self.set_focus(self.table)
            return
        self.dismiss(None)

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        if self.focused is search:
            search.insert_text_at_cursor("/")  # a "/" typed in the search box is text
        else:
            self.set_focus(search)

    def action_open_case(self) -> None:
        row = self.current_row
        if row is None:
            self.notify("请先在列表中选中一条整改事项。", markup=False)
            return
        self.app.post_message(OpenCase(row.case_no))

    def action_enter(self) -> None:
        # ``focused``, not ``has_focus``: the latter changes only when the Focus event is
        # handled, after keys that arrived right behind the "/"
        if self.focused is self.query_one("#search", Input):
            self._search_submitted()
        elif self.focused is self.table:
            self.table.action_select_cursor()

    def _search_submitted(self) -> None:
        self.stop_search_timer()
        self.reload()
        self.set_focus(self.table)

    def facet_dialog(self, units: list[str]) -> ItemFilterScreen:
        return ItemFilterScreen(self.facets, units)

    def set_facets(self, facets: ItemFacets) -> None:
        self.facets = facets
        self.reload()

    def palette_commands(self):
        from textual.app import SystemCommand

        yield SystemCommand("只看逾期整改事项", "四项清单：仅逾期",
                            lambda: self.set_facets(ItemFacets(overdue=True)))
        for status in RectStatus:
            yield SystemCommand(f"只看{status.label}", f"四项清单：状态为{status.label}",
                                lambda s=status.label: self.set_facets(ItemFacets(statuses=(s,))))
        yield SystemCommand("清除查找和筛选", "显示全部整改事项", self._clear_all)

    def _clear_all(self) -> None:
        self.query_one("#search", Input).value = ""
        self.facets = ItemFacets()
        self.reload()


def preview_text(row: ItemRow) -> Text:
    """The whole four-list row of ``row``, literally."""
    text = Text(end="")
    text.append(plain(f"#{row.id} {row.case_no} · {row.unit} · {row.kind.label} · "), "bold")
    text.append(row.status.label, item_columns.STATUS_STYLES.get(row.status, ""))
    days, style = item_columns.days_text(row.status, row.days_left)
    text.append(" · 完成时限 ")
    text.append(row.deadline.isoformat() if row.deadline else "未定")
    if days:
        text.append(f"（{days}）", style)
    for name, value in (("problem_type", row.problem_type),
                        ("original_problem", row.original_problem),
                        ("new_problem", row.new_problem), ("measures", row.measures_text()),
                        ("target_standard", row.target_standard),
                        ("implementer", row.implementer), ("acceptor", row.acceptor)):
        text.append(f"\n{ITEM_LABELS[name]}：", "bold")
        value = plain(value, multiline=True)
        text.append(("\n" if "\n" in value else "") + value if value else "（未填）",
                    "" if value else "dim")
    return text


SCREEN = ProblemsScreen
