"""The command palette (ctrl+p): every action of the current screen, the app-wide ones, and a
jump to any case by its number."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen

from huitoukan_tui.services.connection import in_connection
from huitoukan_tui.services.dashboard import find_case_numbers
from huitoukan_tui.tui.navigation import OpenCase
from huitoukan_tui.tui.safe import plain

if TYPE_CHECKING:
    from huitoukan_tui.tui.app import HuitoukanApp


def binding_commands(app: HuitoukanApp, screen: Screen) -> Iterable[SystemCommand]:
    """One command per key binding active on ``screen`` that has a description."""
    seen = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.action in seen:
            continue
        if binding.action in ("command_palette", "app.command_palette"):
            continue
        seen.add(binding.action)
        node = active.node

        def run(action=binding.action, node=node) -> None:
            app.call_later(app.run_action, action, node)

        keys = key.replace("question_mark", "?").replace("slash", "/")
        yield SystemCommand(binding.tooltip or binding.description, f"按键 {keys}", run)


class CaseJumpProvider(Provider):
    """``LS-2021-004`` (or part of it) → 打开信访件 LS-2021-004."""

    async def search(self, query: str) -> Hits:
        text = query.strip()
        if not text:
            return
        app: HuitoukanApp = self.app  # type: ignore[assignment]
        actor = app.actor
        try:
            rows = await asyncio.to_thread(
                in_connection, lambda: find_case_numbers(actor, text, limit=20))
        except Exception:  # noqa: BLE001 - a failed lookup just offers nothing
            return
        for case_no, target in rows:
            title = f"打开信访件 {plain(case_no)}"
            score = 1.0 if case_no == text else (0.9 if case_no.startswith(text) else 0.7)
            yield Hit(score, Content(title), partial(app.post_message, OpenCase(case_no)),
                      text=title, help=Content(plain(target)))
