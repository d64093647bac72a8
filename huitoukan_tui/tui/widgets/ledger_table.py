"""The ledger as a Line-API table: only the rows on screen are rendered and loaded.

The table holds the ordered case ids of the current query (cheap: one integer per case) and a
bounded cache of rows. ``render_line`` draws what is cached; rows not loaded yet are drawn as a
placeholder and fetched in a thread worker, a chunk around the visible window at a time. So
opening, scrolling and searching cost the same at 34 cases as at 100,000.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from huitoukan_tui.enums import CaseStatus
from huitoukan_tui.services.cases import CaseRow
from huitoukan_tui.services.text import fit
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.safe import plain
from huitoukan_tui.tui.widgets.ledger_columns import Placed, layout_columns

#: rows fetched around the visible window when some are missing
FETCH_MARGIN = 100
#: rows kept in memory (a few screens around every place visited recently)
ROW_CACHE_SIZE = 5000
#: seconds before rows whose fetch failed are asked for once more
RETRY_SECONDS = 5.0

STATUS_CLASSES = {
    CaseStatus.PENDING: "ledger--pending",
    CaseStatus.VERIFIED: "ledger--verified",
    CaseStatus.RECTIFYING: "ledger--rectifying",
    CaseStatus.CLOSED: "ledger--closed",
}


#: the 移交 column of a referred case (as the ledger export's 移交执法 column and `cases`)
REFERRED_TEXT = "是"


def status_text(row: CaseRow, today: dt.date) -> str:
    """The case's status, with ``!`` when it is 逾期; 移交执法 is its own column."""
    label = row.status.label
    return f"{label}!" if row.overdue(today) else label


def cell_text(row: CaseRow, key: str, today: dt.date) -> str:
    if key == "case_no":
        return row.case_no
    if key == "channel":
        return row.channel.label
    if key == "received_on":
        return row.received_on.isoformat() if row.received_on else ""
    if key == "unit":
        return row.unit
    if key == "target":
        return row.target
    if key == "content":
        return row.content
    if key == "status":
        return status_text(row, today)
    if key == "referred":
        return REFERRED_TEXT if row.referred else ""
    if key == "deadline":
        return row.next_deadline.isoformat() if row.next_deadline else ""
    return ""


class LedgerLayoutMixin:
    """Column placement shared by the header and the table (they must agree)."""

    case_no_width: int = 11

    def placed_columns(self, width: int) -> tuple[Placed, ...]:
        return layout_columns(width, self.case_no_width)


class LedgerHeader(Widget):
    """The column titles; shows the sort column and direction; a click asks to sort."""

    DEFAULT_CSS = """
    LedgerHeader {
        height: 1;
        background: $panel;
        color: $foreground;
        text-style: bold;
    }
    """

    class SortClicked(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, table: LedgerTable, **kwargs) -> None:
        super().__init__(**kwargs)
        self._table = table

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.rich_style
        if y != 0:
            return Strip.blank(width, style)
        table = self._table
        segments: list[Segment] = []
        x = 0
        for place in table.columns_for_width():
            label = place.column.label
            if place.column.key == table.sort_key:
                label += "▼" if table.descending else "▲"
            if place.x > x:
                segments.append(Segment(" " * (place.x - x), style))
            meta = Style.from_meta({"sort": place.column.key} if place.column.sortable
                                   else {})
            segments.append(Segment(fit(label, place.width), style + meta))
            x = place.x + place.width
        strip = Strip(segments, x)
        return strip.extend_cell_length(width, style).crop(0, width)

    def on_click(self, event: events.Click) -> None:
        key = event.style.meta.get("sort")
        if key:
            self.post_message(self.SortClicked(key))


class LedgerTable(LedgerLayoutMixin, ScrollView, can_focus=True):
    """A virtual table of cases. Give it ids with ``show``; it loads rows as needed."""

    COMPONENT_CLASSES = {
        "ledger--cursor",
        "ledger--cursor-blurred",
        "ledger--pending",
        "ledger--verified",
        "ledger--rectifying",
        "ledger--closed",
        "ledger--overdue",
        "ledger--referred",
        "ledger--placeholder",
    }

    DEFAULT_CSS = """
    LedgerTable {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: scroll;  /* a steady width: the header must line up with the rows */
        scrollbar-size-vertical: 1;
        background: $surface;
        color: $foreground;
    }
    LedgerTable > .ledger--cursor { background: $block-cursor-background;
                                    color: $block-cursor-foreground; text-style: bold; }
    LedgerTable > .ledger--cursor-blurred { background: $block-cursor-blurred-background; }
    LedgerTable > .ledger--pending { color: $text-warning; }
    LedgerTable > .ledger--verified { color: $text-success; }
    LedgerTable > .ledger--rectifying { color: $text-primary; }
    LedgerTable > .ledger--closed { color: $text-muted; }
    LedgerTable > .ledger--overdue { color: $text-error; text-style: bold; }
    LedgerTable > .ledger--referred { background: $error; color: $text; text-style: bold; }
    LedgerTable > .ledger--placeholder { color: $text-muted; }
    """

    BINDINGS = [
        Binding("enter", "choose", "打开"),
        Binding("up", "cursor(-1)", "上移", show=False),
        Binding("down", "cursor(1)", "下移", show=False),
        Binding("pageup", "page(-1)", "上一页", show=False),
        Binding("pagedown", "page(1)", "下一页", show=False),
        Binding("home", "first", "第一行", show=False),
        Binding("end", "last", "最后一行", show=False),
    ]

    #: a move redraws only the two rows involved (watch_cursor), not the whole table: a cursor
    #: move then costs ~1 KB on the wire instead of a full repaint (~26 KB at 160x48)
    cursor: reactive[int] = reactive(0, always_update=False, init=False, repaint=False)

    class Chosen(Message):
        """``enter`` (or a double click) on a row."""

        def __init__(self, row: CaseRow) -> None:
            super().__init__()
            self.row = row

    class Moved(Message):
        """The cursor is on another case."""

        def __init__(self, case_id: int | None) -> None:
            super().__init__()
            self.case_id = case_id

    def __init__(self, fetch_rows: Callable[[list[int]], list[CaseRow]],
                 today: Callable[[], dt.date], **kwargs) -> None:
        super().__init__(**kwargs)
        self._fetch_rows = fetch_rows
        self._today = today
        self._ids: Sequence[int] = ()  # services.cases.ordered_ids: compact, not modified
        self._rows: OrderedDict[int, CaseRow] = OrderedDict()
        self._pending: set[int] = set()
        self._unreadable: set[int] = set()  # their fetch failed: shown as such, fetched again
        self._generation = 0  # bumps when cached rows become stale
        self._line_cache: LRUCache[tuple, Strip] = LRUCache(1000)
        self._loaded = False  # False until the first ``show``
        self.sort_key = "case_no"
        self.descending = False
        self.empty_message = "没有符合条件的信访件"

    # ------------------------------------------------------------ data

    @property
    def row_count(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> list[int]:
        """The ids shown, in order (a copy)."""
        return list(self._ids)

    @property
    def current_case_id(self) -> int | None:
        if 0 <= self.cursor < len(self._ids):
            return self._ids[self.cursor]
        return None

    @property
    def current_row(self) -> CaseRow | None:
        case_id = self.current_case_id
        return self._rows.get(case_id) if case_id is not None else None

    def row_at(self, index: int) -> CaseRow | None:
        if 0 <= index < len(self._ids):
            return self._rows.get(self._ids[index])
        return None

    def show(self, ids: Sequence[int], cursor: int = 0, rows: list[CaseRow] | None = None,
             *, stale: bool = False) -> None:
        """Display ``ids`` (in order) with the cursor at index ``cursor``. ``rows``: rows
        already loaded for them; ``stale``: forget every cached row (the data changed)."""
        if stale:
            self._rows.clear()
            self._pending.clear()
            self._unreadable.clear()
            self._generation += 1
        for row in rows or ():
            self._store(row)
        self._ids = ids
        self._loaded = True
        self._line_cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(ids))
        cursor = max(0, min(cursor, len(ids) - 1))
        self.set_reactive(LedgerTable.cursor, cursor)
        self._scroll_cursor_into_view(center=True)
        self.refresh()
        self._request_visible()
        self.post_message(self.Moved(self.current_case_id))

    def _store(self, row: CaseRow) -> None:
        self._unreadable.discard(row.id)
        self._rows[row.id] = row
        self._rows.move_to_end(row.id)
        if row.case_no and cell_len(row.case_no) > self.case_no_width:
            self.case_no_width = min(cell_len(row.case_no), 24)
            self._line_cache.clear()
            for header in self.screen.query(LedgerHeader):
                header.refresh()
        while len(self._rows) > ROW_CACHE_SIZE:
            self._rows.popitem(last=False)

    def _visible_range(self) -> tuple[int, int]:
        top = int(self.scroll_offset.y)
        return top, min(len(self._ids), top + max(self.size.height, 1))

    def _request_visible(self) -> None:
        """Fetch the rows of the visible window (and a margin) that are not cached."""
        if not self._ids:
            return
        top, bottom = self._visible_range()
        start, end = max(0, top - FETCH_MARGIN), min(len(self._ids), bottom + FETCH_MARGIN)
        visible_missing = any(i not in self._rows and i not in self._pending
                              for i in self._ids[top:bottom])
        near_missing = visible_missing or any(
            i not in self._rows and i not in self._pending
            for i in self._ids[start:top] + self._ids[bottom:end])
        if not near_missing:
            return
        wanted = [i for i in self._ids[start:end] if i not in self._rows and i not in
                  self._pending]
        self._pending.update(wanted)
        generation = self._generation
        fetch = self._fetch_rows
        run_db(self, lambda: fetch(wanted), lambda rows: self._arrived(generation, wanted, rows),
               on_error=lambda exc: self._failed(wanted, exc), group="ledger-rows")

    def _arrived(self, generation: int, wanted: list[int], rows: list[CaseRow]) -> None:
        self._pending.difference_update(wanted)
        if generation != self._generation:
            return
        for row in rows:
            self._store(row)
        # no need to clear the line cache: its keys carry each row's version; and rows
        # fetched ahead (off screen) need no repaint at all: a page down stays one frame
        top, bottom = self._visible_range()
        if not {r.id for r in rows}.isdisjoint(self._ids[top:bottom]):
            self.refresh()
        if self.current_case_id in {r.id for r in rows}:
            self.post_message(self.Moved(self.current_case_id))

    def _failed(self, wanted: list[int], exc: Exception) -> None:
        """The rows could not be read: they say so (never a "…" that waits forever) and are
        fetched again once after RETRY_SECONDS, and whenever they come into view again."""
        self._pending.difference_update(wanted)
        first_time = not self._unreadable.issuperset(wanted)
        self._unreadable.update(wanted)
        self._line_cache.clear()
        self.refresh()
        self.notify("\n".join(getattr(exc, "lines", [str(exc)])), severity="error",
                    markup=False)
        if first_time:
            self.set_timer(RETRY_SECONDS, self._request_visible)

    # ------------------------------------------------------------ layout

    def columns_for_width(self) -> tuple[Placed, ...]:
        return self.placed_columns(self.scrollable_content_region.width)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._ids))
        self._line_cache.clear()
        self._request_visible()
        for header in self.screen.query(LedgerHeader):
            header.refresh()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self._request_visible()

    # ------------------------------------------------------------ rendering

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        base = self.rich_style
        if index >= len(self._ids):
            if index == 0 and self._loaded and not self._ids:
                message = fit("  " + self.empty_message, width)
                return Strip([Segment(message, self.get_component_rich_style(
                    "ledger--placeholder"))], width)
            return Strip.blank(width, base)
        case_id = self._ids[index]
        row = self._rows.get(case_id)
        is_cursor = index == self.cursor
        # the focus shows on the cursor's row only: a focus change redraws that one row
        key = (index, case_id, row.version if row else -1, is_cursor,
               is_cursor and self.has_focus, width, self.case_no_width, self._generation)
        strip = self._line_cache.get(key)
        if strip is None:
            strip = self._render_row(index, row, is_cursor, width, base)
            self._line_cache[key] = strip
        return strip

    def _render_row(self, index: int, row: CaseRow | None, is_cursor: bool, width: int,
                    base: Style) -> Strip:
        meta = Style.from_meta({"row": index})
        today = self._today()
        cursor_style = None
        if is_cursor:
            cursor_style = self.get_component_rich_style(
                "ledger--cursor" if self.has_focus else "ledger--cursor-blurred")
        segments: list[Segment] = []
        x = 0
        for place in self.columns_for_width():
            if place.x > x:
                segments.append(Segment(" " * (place.x - x), (cursor_style or base) + meta))
            if row is None:
                text = ("读取失败" if self._ids[index] in self._unreadable else "…") \
                    if place.column.key == "case_no" else ""
                style = self.get_component_rich_style("ledger--placeholder")
            else:
                text = plain(cell_text(row, place.column.key, today))
                style = self._cell_style(row, place.column.key, today)
            cell_style = base + style
            if cursor_style is not None:
                cell_style = cell_style + cursor_style
                if (row is not None and place.column.key in ("status", "referred", "deadline")
                        and style):
                    # keep the status colour readable on the cursor
                    cell_style = cell_style + Style(color=style.color, bold=True)
            # one segment (and style) per cell: an SVG screenshot then places every cell at
            # its own x, so Chinese columns line up there as they do in the terminal
            cell_meta = Style.from_meta({"row": index, "column": place.column.key})
            segments.append(Segment(fit(text, place.width), cell_style + cell_meta))
            x = place.x + place.width
        if x < width:
            segments.append(Segment(" " * (width - x), (cursor_style or base) + meta))
        return Strip(segments, width).crop(0, width)

    def _cell_style(self, row: CaseRow, key: str, today: dt.date) -> Style:
        if key == "referred":
            return self.get_component_rich_style("ledger--referred") if row.referred else Style()
        if key == "status":
            if row.overdue(today):
                return self.get_component_rich_style("ledger--overdue")
            return self.get_component_rich_style(STATUS_CLASSES[row.status])
        if key == "deadline" and row.overdue(today):
            return self.get_component_rich_style("ledger--overdue")
        return Style()

    # ------------------------------------------------------------ cursor

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_index(old)
        self._refresh_index(new)
        self._scroll_cursor_into_view()
        self.post_message(self.Moved(self.current_case_id))

    def _refresh_index(self, index: int) -> None:
        y = index - int(self.scroll_offset.y)
        if 0 <= y < self.size.height:
            self.refresh_line(index)

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        height = max(self.scrollable_content_region.height, 1)
        top = int(self.scroll_offset.y)
        cursor = self.cursor
        if center and not (top <= cursor < top + height):
            target = max(0, cursor - height // 2)
        elif cursor < top:
            target = cursor
        elif cursor >= top + height:
            target = cursor - height + 1
        else:
            return
        self.scroll_to(y=target, animate=False, force=True)

    def _move_to(self, index: int) -> None:
        if self._ids:
            self.cursor = max(0, min(index, len(self._ids) - 1))

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        height = max(self.scrollable_content_region.height - 1, 1)
        self._move_to(self.cursor + direction * height)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self._ids) - 1)

    def action_choose(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.Chosen(row))

    def on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("row")
        if index is None:
            return
        self._move_to(index)
        if event.chain >= 2:
            self.action_choose()

    # The focus shows on the cursor's row only (ledger--cursor or ledger--cursor-blurred; the
    # line cache's key has the cursor's focus): a focus change redraws that one row. Textual's
    # Widget repaints all of a widget when it gets or loses the focus, and restyles it, which
    # repaints its scroll bar (44 lines at 160x48) even when no style changed: ~5 ms of CPU
    # per "/" or enter on the ledger. The table has no :focus style.
    def _on_focus(self, event: events.Focus) -> None:
        event.prevent_default()
        self.set_reactive(Widget.has_focus, True)
        self._refresh_index(self.cursor)
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self.set_reactive(Widget.has_focus, False)
        self._refresh_index(self.cursor)
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))
