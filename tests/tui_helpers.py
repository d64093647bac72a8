"""Shared helpers of the TUI tests (App.run_test + Pilot)."""

from __future__ import annotations

import datetime as dt

from textual import events
from textual.keys import _character_to_key

from huitoukan_tui.models import User
from huitoukan_tui.tui.app import HuitoukanApp

#: the frozen "today" of TUI tests: the last day of the 2024 campaign
TODAY = dt.date(2024, 4, 15)


def make_app(login: str = "admin", today: dt.date = TODAY) -> HuitoukanApp:
    actor = User.get(User.login == login)
    return HuitoukanApp(actor, today=today, watch_terminal=False, poll_seconds=None)


async def settle(pilot, rounds: int = 3) -> None:
    """Let screens mount and every database worker (and the ones it starts) finish."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    """Type ``text`` key by key, as a terminal delivers it (an input method's Chinese text
    arrives as characters too)."""
    for char in text:
        if char.isascii() or char.isalnum():
            await pilot.press(char if char != " " else "space")
        else:
            # Pilot cannot name CJK punctuation such as 、，。 (its key-name lookup fails):
            # send the key event the terminal parser would produce
            pilot.app._driver.send_message(events.Key(_character_to_key(char), char))
            await pilot.pause()


def screen_text(app) -> str:
    """What the terminal shows now, as plain text (one line per row)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def ledger_case_nos(app) -> list[str]:
    """The case numbers of the ledger's current query, in display order."""
    from huitoukan_tui.models import Case
    from huitoukan_tui.tui.widgets.ledger_table import LedgerTable

    table = app.screen.query_one(LedgerTable)
    ids = table.ids
    numbers = dict(Case.select(Case.id, Case.case_no).where(Case.id.in_(ids)).tuples())
    return [numbers[i] for i in ids]


def notices(app) -> str:
    """The text of every notification shown so far (toasts are drawn on their own layer)."""
    return "\n".join(str(n.message) for n in app._notifications)
