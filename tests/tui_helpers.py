"""Shared helpers of the TUI tests (App.run_test + Pilot)."""

from __future__ import annotations

import datetime as dt

from textual import events
from textual.keys import _character_to_key

from huitoukan_tui.models import User
from huitoukan_tui.tui.app import HuitoukanApp

#: the frozen "today" of TUI tests: the last day of the 2024 campaign
TODAY = dt.date(2024, 4, 15)


def make_app(login: str = "admin", today: dt.date = TODAY, announce: bool = False
             ) -> HuitoukanApp:
    """The app as ``login`` on ``today`` (08:00); ``announce``: say the notices at login
    (a toast that would make snapshots depend on timing)."""
    actor = User.get(User.login == login)
    return HuitoukanApp(actor, today=today, watch_terminal=False, poll_seconds=None,
                        announce=announce)


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
    """The text of every notification shown so far, expired toasts included (recorded by the
    autouse fixture of tests/conftest.py)."""
    return "\n".join(app.__dict__.get("notices_seen", []))


async def home(app, pilot) -> None:
    """Back to the ledger, whatever is open."""
    from huitoukan_tui.tui.screens.ledger import LedgerScreen

    while not isinstance(app.screen, LedgerScreen):
        app.pop_screen()
        await settle(pilot)


async def walk_screens(app, pilot) -> dict[str, str]:
    """Visit every screen and dialog; what the terminal showed at each stop."""
    shown: dict[str, str] = {}

    async def stop(name: str) -> None:
        await settle(pilot)
        shown[name] = screen_text(app)

    async def keys(*names: str) -> None:
        for name in names:
            await pilot.press(name)
        await settle(pilot)

    await stop("台账")
    await keys("f")
    await stop("筛选")
    await keys("escape", "question_mark")
    await stop("帮助")
    await keys(*["pagedown"] * 30)
    await stop("帮助（末尾）")
    await home(app, pilot)
    app.open_case("LS-2021-008")
    await stop("信访件详情")
    await home(app, pilot)
    app.open_inspection("LS-2022-022")
    await stop("核查表单")
    await type_text(pilot, "张")
    await keys("escape")
    await stop("放弃修改？")
    await home(app, pilot)
    app.open_case_form(None)
    await stop("新建信访件")
    app.screen.query_one("#unit").focus()
    await keys("enter")
    await stop("单位选项")
    await home(app, pilot)
    await keys("p")
    await stop("四项清单")
    await keys("f")
    await stop("筛选整改事项")
    await keys("escape", "enter")
    await stop("四项清单编辑")
    await keys("f2")
    await stop("报验收")
    await home(app, pilot)
    await keys("w")
    await stop("进展一览表")
    await keys("enter")
    await stop("列出信访件")
    await keys("escape", "r")
    await stop("备注")
    await home(app, pilot)
    await keys("e")
    await stop("导出")
    await home(app, pilot)
    await keys("ctrl+o")
    await stop("导入台账")
    await home(app, pilot)
    await keys("ctrl+p")
    await stop("命令面板")
    await type_text(pilot, "啊啊啊")
    await keys()
    await pilot.pause(1.0)  # the palette says "no matches" after a moment
    await stop("命令面板（无匹配）")
    await keys("escape")
    shown["通知"] = notices(app)
    return shown
