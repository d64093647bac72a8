"""The four-list table's columns: the attachment's columns plus kind, status and days left,
and which of them fit the terminal.

Widths are terminal cells (a Chinese character takes two). Wide terminals get every column of
attachment 1; narrower ones get the problem (new, else original) in one column and lose the
long texts, which the preview below the table shows in full.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from huitoukan_tui.enums import RectStatus
from huitoukan_tui.services import casestate
from huitoukan_tui.services.itemlist import ItemRow
from huitoukan_tui.services.text import fit
from huitoukan_tui.tui.safe import plain

#: the DataTable's padding around each cell (cell_padding=1 → one blank each side)
CELL_PADDING = 2


@dataclass(frozen=True)
class ItemColumn:
    key: str
    label: str
    width: int
    weight: int = 0  # > 0: shares the spare room


#: every column of attachment 1 (plus 信访件, 单位, kind, status, days left): 140 cells
WIDE = (
    ItemColumn("case_no", "信访件", 11),
    ItemColumn("unit", "单位", 8),
    ItemColumn("kind", "类别", 10),
    ItemColumn("problem_type", "问题\n类型", 8),
    ItemColumn("original_problem", "原交办\n具体问题", 8, weight=2),
    ItemColumn("new_problem", "新发现\n问题", 8, weight=2),
    ItemColumn("measures", "整改\n措施", 8, weight=2),
    ItemColumn("target_standard", "目标任务\n（标准）", 8, weight=1),
    ItemColumn("implementer", "整改实施\n主体", 8, weight=1),
    ItemColumn("acceptor", "验收\n（监管）\n单位", 8, weight=1),
    ItemColumn("deadline", "完成\n时限", 10),
    ItemColumn("status", "状态", 8),
    ItemColumn("days", "剩余时间", 11),
)
MEDIUM = (
    ItemColumn("case_no", "信访件", 11),
    ItemColumn("unit", "单位", 14),
    ItemColumn("kind", "类别", 10),
    ItemColumn("problem", "问题", 16, weight=4),
    ItemColumn("measures", "整改措施", 10, weight=2),
    ItemColumn("deadline", "完成时限", 10),
    ItemColumn("status", "状态", 8),
    ItemColumn("days", "剩余时间", 11),
)
NARROW = (
    ItemColumn("case_no", "信访件", 11),
    ItemColumn("kind", "类别", 10),
    ItemColumn("problem", "问题", 10, weight=1),
    ItemColumn("deadline", "完成时限", 10),
    ItemColumn("status", "状态", 8),
    ItemColumn("days", "剩余时间", 11),
)


def header_height(columns: list[tuple[ItemColumn, int]]) -> int:
    """Lines of the header: the attachment's names break like the printed form does."""
    return max((c.label.count("\n") + 1 for c, _ in columns), default=1)


def _needed(columns: tuple[ItemColumn, ...]) -> int:
    return sum(c.width + CELL_PADDING for c in columns)


def layout(width: int) -> list[tuple[ItemColumn, int]]:
    """The columns that fit ``width`` cells (a scrollbar's room kept) and their widths."""
    room = width - 2
    columns = next((c for c in (WIDE, MEDIUM) if _needed(c) <= room), NARROW)
    spare = max(0, room - _needed(columns))
    weights = sum(c.weight for c in columns)
    widths = {c.key: c.width for c in columns}
    given = 0
    for c in columns:
        if c.weight:
            share = spare * c.weight // weights
            widths[c.key] += share
            given += share
    flexible = [c for c in columns if c.weight]
    if flexible:
        widths[flexible[0].key] += spare - given
    return [(c, widths[c.key]) for c in columns]


def days_text(status: RectStatus, days_left: int | None) -> tuple[str, str]:
    """``逾期 12 天`` (red), ``今天到期``, ``还有 30 天`` and the style; nothing for an item
    whose deadline no longer runs (已销号, 移交执法: casestate.deadline_runs)."""
    if not casestate.deadline_runs(status):
        return "", ""
    if days_left is None:
        return "未定期限", "yellow"
    if days_left < 0:
        return f"逾期 {-days_left} 天", "bold red"
    if days_left == 0:
        return "今天到期", "bold yellow"
    return f"还有 {days_left} 天", ""


STATUS_STYLES = {
    RectStatus.IN_PROGRESS: "yellow",
    RectStatus.AWAITING: "cyan",
    RectStatus.CLOSED: "green",
    RectStatus.REFERRED: "bold reverse red",
}


def cell(row: ItemRow, key: str, width: int) -> Text:
    """One cell, literal text cut to ``width``."""
    style = ""
    if key == "case_no":
        value = row.case_no
    elif key == "unit":
        value = row.unit
    elif key == "kind":  # an item carried over from an earlier campaign says so first
        value = f"结转·{row.kind.label}" if row.carried_from else row.kind.label
    elif key == "problem_type":
        value = row.problem_type
    elif key == "original_problem":
        value = row.original_problem
    elif key == "new_problem":
        value = row.new_problem
    elif key == "problem":
        value = row.problem
    elif key == "measures":
        value = row.measures_text("；")
    elif key == "target_standard":
        value = row.target_standard
    elif key == "implementer":
        value = row.implementer
    elif key == "acceptor":
        value = row.acceptor
    elif key == "deadline":
        value = row.deadline.isoformat() if row.deadline else ""
        style = "red" if row.overdue else ""
    elif key == "status":
        value, style = row.status.label, STATUS_STYLES.get(row.status, "")
    elif key == "days":
        value, style = days_text(row.status, row.days_left)
    else:
        value = ""
    return Text(fit(plain(value), width), style=style, no_wrap=True, end="")
