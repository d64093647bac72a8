"""The one-line header of every screen: where you are, who you are, and how the campaign
stands (progress, items not yet 已销号 and overdue ones, the next report day)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from huitoukan_tui.services.text import fit
from huitoukan_tui.tui.safe import plain

if TYPE_CHECKING:
    from huitoukan_tui.services.dashboard import StatusSummary

SEPARATOR = " │ "


def status_parts(summary: StatusSummary) -> list[tuple[int, str, str, str]]:
    """(priority, full text, short text, style) of each part; higher priority stays longer
    on narrow terminals."""
    who = plain(summary.user_name)
    where = plain(summary.unit_name or summary.role_label)
    full = who if where in who else f"{who}（{where}）"
    parts = [(9, full, who, "")]
    if not summary.started:
        start = summary.campaign_start
        parts.append((5, f"专项行动 {start.month}月{start.day}日开始",
                      f"{start.month}月{start.day}日开始", ""))
    elif summary.ended or summary.closed:  # 已结束（2024-04-15） / 已关闭（…）
        state = summary.campaign_state or "已结束"
        # kept longer than the counts: every number on the bar is of a campaign that is over
        parts.append((8, f"专项行动{state}", state.split("（")[0], "dim"))  # narrow: 已结束
    else:
        left = summary.days_left
        text = "今天结束" if left == 0 else f"剩余 {left} 天"
        parts.append((5, f"专项行动{text}", text, ""))
    parts.append((8, f"核查进度 {summary.verified}/{summary.total}",
                  f"核查 {summary.verified}/{summary.total}", "bold"))
    overdue_style = "status--overdue" if summary.overdue_items else ""
    # the items not yet 已销号: 整改中, 待验收 and 移交执法 alike (the four lists' 状态 says
    # which; 整改中 there is one of the three)
    parts.append((7, f"未销号 {summary.open_items} · 逾期 {summary.overdue_items}",
                  f"未销号 {summary.open_items}/逾期 {summary.overdue_items}", overdue_style))
    if summary.notice_count:
        parts.append((7, f"提醒 {summary.notice_count}（m）", f"提醒 {summary.notice_count}",
                      "status--overdue"))
    if summary.report_due:  # 报送：4月3日（周三）12:00 前（4月4日清明节）
        parts.append((6, f"报送：{summary.report_due}", f"报送{summary.report_due_short}", ""))
    return parts


def layout_parts(title: str, parts: list[tuple[int, str, str, str]], width: int
                 ) -> list[tuple[str, str]]:
    """Choose full or short texts, dropping the least important parts, to fit ``width``."""
    # [priority, full, short, style, use short?]
    chosen = [[p[0], p[1], p[2], p[3], False] for p in parts]

    def total() -> int:
        texts = [title] + [c[2] if c[4] else c[1] for c in chosen]
        return sum(cell_len(t) for t in texts if t) + cell_len(SEPARATOR) * len(chosen)

    for c in sorted(chosen, key=lambda c: c[0]):
        if total() <= width:
            break
        c[4] = True
    while total() > width and len(chosen) > 1:
        chosen.remove(min(chosen, key=lambda c: c[0]))
    return [(c[2] if c[4] else c[1], c[3]) for c in chosen]


class StatusBar(Widget):
    """Shows the screen title and the app's ``summary`` (refreshed by the app)."""

    COMPONENT_CLASSES = {"status--title", "status--overdue"}

    DEFAULT_CSS = """
    StatusBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    StatusBar > .status--title { text-style: bold; color: $accent; }
    StatusBar > .status--overdue { color: $error; text-style: bold; }
    """

    title: reactive[str] = reactive("", layout=False)
    summary: reactive[StatusSummary | None] = reactive(None)

    def __init__(self, title: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.set_reactive(StatusBar.title, title)

    def on_mount(self) -> None:
        self.watch(self.app, "summary", self._summary_changed, init=True)

    def _summary_changed(self, summary: StatusSummary | None) -> None:
        self.summary = summary

    def render(self) -> Text:
        width = self.size.width
        title = plain(self.title)
        text = Text(no_wrap=True, overflow="crop", end="")
        text.append(f" {title}", self.get_component_rich_style("status--title"))
        if self.summary is None:
            return text
        for part, style in layout_parts(f" {title}", status_parts(self.summary), width - 1):
            text.append(SEPARATOR, "dim")
            if style.startswith("status--"):
                text.append(part, self.get_component_rich_style(style))
            else:
                text.append(part, Style.parse(style) if style else "")
        if cell_len(text.plain) > width:
            return Text(fit(text.plain, width), no_wrap=True, end="")
        return text
