"""The ledger's columns and how they share the terminal's width.

Widths are in terminal cells (a Chinese character takes two). Columns that matter least are
dropped on narrow terminals; spare room goes first to the fixed columns (up to their natural
width), then to 被反映对象 and 反映问题.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

SEPARATOR_WIDTH = 1


@dataclass(frozen=True)
class Column:
    key: str  # also the sort key of services.cases.SORT_KEYS
    label: str
    min_width: int
    max_width: int
    priority: int  # columns with the lowest priority are dropped first
    weight: int = 0  # > 0: takes a share of the spare room
    comfort: int = 0  # flexible columns get this much before fixed ones grow
    sortable: bool = True  # False: a flag the facets narrow by, not an order


COLUMNS: tuple[Column, ...] = (
    Column("case_no", "编号", 11, 24, 10),
    Column("channel", "来源", 9, 10, 6),
    Column("received_on", "受理日期", 10, 10, 3),
    Column("unit", "核查单位", 8, 14, 5),
    Column("target", "被反映对象", 12, 32, 9, weight=1, comfort=18),
    Column("content", "反映问题", 16, 10_000, 8, weight=2, comfort=30),
    Column("status", "状态", 8, 8, 10),
    # the 移交执法 flag beside the status (services.casestate): as `cases` and the export show it
    Column("referred", "移交", 4, 4, 7, sortable=False),
    Column("deadline", "期限", 10, 10, 4),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
SORT_COLUMNS = tuple(c for c in COLUMNS if c.sortable)


@dataclass(frozen=True)
class Placed:
    column: Column
    x: int
    width: int


@lru_cache(maxsize=64)
def layout_columns(width: int, case_no_width: int = 11) -> tuple[Placed, ...]:
    """Place the columns in ``width`` cells. ``case_no_width``: the widest case number seen."""
    columns = [c if c.key != "case_no" else Column(
        c.key, c.label, max(6, min(case_no_width, c.max_width)), c.max_width, c.priority)
        for c in COLUMNS]

    def needed(cols: list[Column]) -> int:
        return sum(c.min_width for c in cols) + SEPARATOR_WIDTH * (len(cols) - 1)

    while len(columns) > 2 and needed(columns) > width:
        columns.remove(min(columns, key=lambda c: c.priority))
    widths = {c.key: c.min_width for c in columns}
    spare = width - needed(columns)
    spare = _grow(columns, widths, spare, lambda c: c.comfort)
    # fixed columns grow to their natural width, most important first
    for c in sorted((c for c in columns if not c.weight), key=lambda c: -c.priority):
        if spare <= 0:
            break
        grow = min(spare, c.max_width - widths[c.key])
        if c.key == "case_no":
            grow = 0  # sized from the data, not the room
        widths[c.key] += grow
        spare -= grow
    spare = _grow(columns, widths, spare, lambda c: c.max_width)
    if spare > 0 and columns:  # everything at its maximum: the last column takes the rest
        widths[columns[-1].key] += spare
    placed, x = [], 0
    for c in columns:
        placed.append(Placed(c, x, widths[c.key]))
        x += widths[c.key] + SEPARATOR_WIDTH
    return tuple(placed)


def _grow(columns: list[Column], widths: dict[str, int], spare: int, limit) -> int:
    """Share ``spare`` among the flexible columns by weight, each up to ``limit(column)``.
    Returns what is left."""
    flexible = [c for c in columns if c.weight and widths[c.key] < limit(c)]
    while spare > 0 and flexible:
        total_weight = sum(c.weight for c in flexible)
        given = 0
        for c in flexible:
            share = max(1, spare * c.weight // total_weight)
            grow = max(0, min(share, limit(c) - widths[c.key], spare - given))
            widths[c.key] += grow
            given += grow
        spare -= given
        flexible = [c for c in flexible if widths[c.key] < limit(c)]
        if given == 0:
            break
    return spare
