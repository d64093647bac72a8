"""提醒 in the workbench: said at login, counted on the status bar, listed by m, and enter
opens what an entry points to."""

from __future__ import annotations

import datetime as dt

import pytest

from huitoukan_tui.models import User
from huitoukan_tui.services import notices, rectifications
from huitoukan_tui.tui.screens.case_detail import CaseDetailScreen
from huitoukan_tui.tui.screens.item_editor import ItemEditorScreen
from huitoukan_tui.tui.screens.notices import NoticesDialog
from tests.tui_helpers import make_app, screen_text, settle
from tests.tui_helpers import notices as toasts

pytestmark = pytest.mark.sqlite_only  # engine-neutral UI code; notices are tested per engine

DAY = dt.date(2024, 4, 10)  # the app's clock: 08:00 that day


async def test_notices_at_login_on_the_status_bar_and_by_key(demo_db):
    qixing = User.get(User.login == "qixing")
    item = next(i for i in rectifications.list_items(qixing) if i.status == "in_progress")
    rectifications.set_status(User.get(User.login == "admin"), item.id, "待验收", today=DAY)
    rectifications.set_status(User.get(User.login == "admin"), item.id, "整改中",
                              reason="喷淋未通水", today=DAY)
    expected = notices.notices(qixing, dt.datetime.combine(DAY, dt.time(8, 0)))
    assert expected.entries[0].kind == "退回整改" and expected.entries[0].item_id == item.id
    app = make_app(login="qixing", today=DAY, announce=True)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert f"{expected.summary()}（按 m 查看）" in toasts(app)
        assert f"提醒 {expected.total}（m）" in screen_text(app)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, NoticesDialog)
        text = screen_text(app)
        for entry in expected.entries:
            assert entry.text in text
        await pilot.press("enter")  # the first: the item sent back
        await settle(pilot)
        assert isinstance(app.screen, ItemEditorScreen) and app.screen.item_id == item.id
        assert "退回整改 2024-04-10：喷淋未通水" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        # an unreached case opens the case
        await pilot.press("m")
        await settle(pilot)
        last = len(expected.entries) - 1
        assert expected.entries[last].kind == "联系不上"
        await pilot.press(*["down"] * last, "enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert app.screen.case_no == expected.entries[last].case_no
