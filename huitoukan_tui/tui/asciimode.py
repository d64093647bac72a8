"""ASCII mode: for terminals that draw East Asian *ambiguous-width* characters two cells wide
(PuTTY with "Treat CJK ambiguous characters as wide", Tera Term with a CJK encoding, many
Windows set-ups). Frame lines, boxes, arrows, “quotes”, … and · are ambiguous: Rich counts them
as one cell, such a terminal draws two, and every column after them slides right.

In ASCII mode a line filter (applied by Textual to every rendered line, after layout) replaces
each of them with a one-cell ASCII look-alike (``╭─╮`` → ``+-+``, ``▐X▌`` → ``[X]``, ``“”`` →
``""``, ``…`` → ``~``), so widths are unchanged and columns stay aligned; scroll bars lose their
partial-cell glyphs. It is on with ``HUITOUKAN_ASCII=1`` or the user's setting (palette:
ASCII 边框), and can be switched while the program runs.
"""

from __future__ import annotations

import os
import unicodedata
from typing import TYPE_CHECKING

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter
from textual.scrollbar import ScrollBarRender

if TYPE_CHECKING:
    from textual.app import App

ENV_ASCII = "HUITOUKAN_ASCII"

_SYMBOLS = {
    "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "…": "~", "·": "|", "•": "*",
    "—": "-", "–": "-", "―": "-", "‖": "|", "※": "*", "←": "<", "→": ">", "↑": "^",
    "↓": "v", "↔": "-", "⇒": ">", "▲": "^", "△": "^", "▼": "v", "▽": "v", "◀": "<",
    "◁": "<", "▶": ">", "▷": ">", "●": "*", "◉": "*", "○": "o", "◎": "o", "◆": "*",
    "◇": "o", "■": "#", "□": "#", "★": "*", "☆": "*", "°": "o", "℃": "C", "±": "+",
    "×": "x", "÷": "/", "≈": "~", "≤": "<", "≥": ">", "√": "v",
    "▐": "[", "▌": "]",  # the halves of a toggle's box: ▐X▌ → [X]
}


def _line_art(char: str) -> str | None:
    """An ASCII look-alike of a box-drawing or block character."""
    name = unicodedata.name(char, "")
    if "BOX DRAWINGS" in name:
        if "DIAGONAL" in name:
            return "/" if "UPPER RIGHT TO LOWER LEFT" in name else "\\"
        if "HORIZONTAL" in name and not any(w in name for w in ("UP", "DOWN", "VERTICAL")):
            return "-"
        if "VERTICAL" in name and not any(w in name for w in ("LEFT", "RIGHT", "HORIZONTAL")):
            return "|"
        if name.endswith(("LEFT", "RIGHT")) and "AND" not in name:
            return "-"
        if name.endswith(("UP", "DOWN")) and "AND" not in name:
            return "|"
        return "+"
    if "BLOCK" in name or "SHADE" in name or "QUADRANT" in name:
        if "QUADRANT" in name:
            return "+"
        if "FULL BLOCK" in name or "SHADE" in name:
            return "#"
        if any(w in name for w in ("UPPER", "LOWER")):
            return "-"
        return "|"  # left/right eighths and halves
    return None


def _table() -> dict[int, str]:
    table = {ord(k): v for k, v in _SYMBOLS.items()}
    for code in range(0x2500, 0x25A0):  # box drawing, block elements
        if code not in table:
            art = _line_art(chr(code))
            if art is not None:
                table[code] = art
    return table


NARROW = _table()


def narrow(text: str) -> str:
    """``text`` with its ambiguous-width symbols replaced (the filter's own mapping)."""
    return text.translate(NARROW)


class NarrowFilter(LineFilter):
    """Textual line filter: every ambiguous-width symbol → its ASCII look-alike."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out = []
        for segment in segments:
            text = segment.text
            mapped = text.translate(NARROW)
            out.append(segment if mapped == text else Segment(mapped, segment.style,
                                                              segment.control))
        return out


_SCROLL_BARS = (ScrollBarRender.VERTICAL_BARS, ScrollBarRender.HORIZONTAL_BARS)


def wanted_by_environment() -> bool:
    return os.environ.get(ENV_ASCII, "").strip().lower() in ("1", "yes", "true", "on")


def is_on(app: App) -> bool:
    return any(isinstance(f, NarrowFilter) and f.enabled for f in app._filters)


def set_ascii(app: App, on: bool) -> None:
    """Switch ASCII mode for ``app`` (and every screen it shows) now."""
    found = [f for f in app._filters if isinstance(f, NarrowFilter)]
    if found:
        for f in found:
            f.enabled = on
    elif on:
        app._filters.append(NarrowFilter())
    if on:
        ScrollBarRender.VERTICAL_BARS = [" "] * 8
        ScrollBarRender.HORIZONTAL_BARS = [" "] * 8
    else:
        ScrollBarRender.VERTICAL_BARS, ScrollBarRender.HORIZONTAL_BARS = (
            list(_SCROLL_BARS[0]), list(_SCROLL_BARS[1]))
    if app.is_running:
        for screen in app.screen_stack:
            for widget in screen.walk_children(with_self=True):
                widget.refresh()
        app.refresh(repaint=True)
