"""The command palette (ctrl+p): every action of the current screen, the app-wide ones, and a
jump to any case by its number. Chinese only: Textual's own English commands (theme, keys,
screenshot …) and bindings (focus next, copy selected text) are left out, and its "No matches
found" line is said in Chinese."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette, Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen
from textual.widgets.option_list import Option

from huitoukan_tui.services.connection import in_connection
from huitoukan_tui.tui.navigation import OpenCase
from huitoukan_tui.tui.safe import plain

if TYPE_CHECKING:
    from huitoukan_tui.tui.app import HuitoukanApp


_CHINESE = re.compile(r"[\u3400-\u9fff]")


def binding_commands(app: HuitoukanApp, screen: Screen) -> Iterable[SystemCommand]:
    """One command per key binding active on ``screen`` that has a Chinese description
    (Textual's own bindings describe themselves in English and are not offered)."""
    seen = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not _CHINESE.search(binding.description or "") or binding.action in seen:
            continue
        if binding.action in ("command_palette", "app.command_palette"):
            continue
        seen.add(binding.action)
        node = active.node

        def run(action=binding.action, node=node) -> None:
            app.call_later(app.run_action, action, node)

        keys = key.replace("question_mark", "?").replace("slash", "/")
        title = binding.tooltip if _CHINESE.search(binding.tooltip or "") else \
            binding.description
        yield SystemCommand(title, f"按键 {keys}", run)


class Palette(CommandPalette):
    """Textual's palette, with its one English line ("No matches found") in Chinese."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if not search_value:
                self._list_visible = False  # browsing, not searching: nothing to say
                return
            self.query_one(CommandList).add_option(Option(
                Align.center(Text("没有匹配的命令", style="not bold")), disabled=True,
                id=self._NO_MATCHES))
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


class CaseJumpProvider(Provider):
    """``LS-2021-004`` (or part of it, or words of its texts, or their pinyin initials such as
    ``hdsc`` for 恒达石材) → 打开信访件 LS-2021-004."""

    async def search(self, query: str) -> Hits:
        text = query.strip()
        if not text:
            return
        app: HuitoukanApp = self.app  # type: ignore[assignment]
        from huitoukan_tui.services.dashboard import find_case_numbers

        actor = app.actor
        try:
            rows = await asyncio.to_thread(
                in_connection, lambda: find_case_numbers(actor, text, limit=20))
        except Exception:  # noqa: BLE001 - a failed lookup just offers nothing
            return
        for case_no, target in rows:
            title = f"打开信访件 {plain(case_no)}"
            score = (1.0 if case_no == text else 0.9 if case_no.startswith(text)
                     else 0.7 if text in case_no else 0.5)  # 0.5: by its texts or pinyin
            yield Hit(score, Content(title), partial(app.post_message, OpenCase(case_no)),
                      text=title, help=Content(plain(target)))
