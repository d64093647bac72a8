"""The workbench with two streets and two campaigns (tests/test_campaigns.py's district): the
district's weekly table per street with its drill-down, switching campaign in the palette
(切换专项行动, the running one first), and a station that sees its own street only."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input

from huitoukan_tui.tui.screens.dialogs import CampaignDialog
from huitoukan_tui.tui.screens.weekly import WeeklyScreen
from tests.test_campaigns import LATER, district  # noqa: F401 - the fixture
from tests.tui_helpers import ledger_case_nos, make_app, screen_text, settle

pytestmark = pytest.mark.sqlite_only  # engine-neutral UI code; the services run on both


def rows(screen: WeeklyScreen) -> list[tuple[str, ...]]:
    table = screen.table
    return [tuple(str(c).strip() for c in table.get_row_at(i))[1:6]
            for i in range(table.row_count)]


async def test_the_district_sees_streets_and_drills_into_one(district, monkeypatch):  # noqa: F811
    monkeypatch.setenv("HUITOUKAN_TODAY", "2025-03-27")
    app = make_app("district", today=dt.date(2025, 3, 27))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert sorted(ledger_case_nos(app)) == ["A1", "A2", "B1", "B2"]
        await pilot.press("w")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WeeklyScreen)
        assert rows(screen) == [("里山街道", "2", "1", "2", "100.0%"),
                                ("秋浦街道", "2", "1", "1", "50.0%"),
                                ("合计", "4", "2", "3", "75.0%")]
        screen.table.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        assert rows(screen) == [("杏花村", "1", "1", "1", "100.0%"),
                                ("秋浦社区", "1", "0", "0", "0.0%"),
                                ("合计", "2", "1", "1", "50.0%")]
        assert "（秋浦街道）" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert rows(screen)[0][0] == "里山街道" and isinstance(app.screen, WeeklyScreen)


async def test_switching_campaign_in_the_palette(district, monkeypatch):  # noqa: F811
    monkeypatch.setenv("HUITOUKAN_TODAY", "2025-03-27")
    app = make_app("admin", today=dt.date(2025, 3, 27))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert ledger_case_nos(app) == ["A1", "A2"]  # 2025: 里山's two cases in it
        assert app.summary.campaign_name == LATER
        await pilot.press("ctrl+p")
        await settle(pilot)
        app.screen.query_one(Input).value = "切换专项行动"
        await settle(pilot)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CampaignDialog)
        text = screen_text(app)
        assert text.index(LATER) < text.index("2024年里山街道")  # the running one first
        assert "进行中" in text and "已结束（2024-04-15）" in text
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.summary.campaign_name.startswith("2024年里山街道")
        assert ledger_case_nos(app) == ["A1", "A2", "A3"]
        assert "已结束（2024-04-15）" in screen_text(app)


async def test_a_station_of_another_street(district, monkeypatch):  # noqa: F811
    monkeypatch.setenv("HUITOUKAN_TODAY", "2025-03-27")
    app = make_app("qiupu", today=dt.date(2025, 3, 27))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert ledger_case_nos(app) == ["B1", "B2"]
        await pilot.press("w")
        await settle(pilot)
        assert [r[0] for r in rows(app.screen)] == ["杏花村", "秋浦社区", "合计"]
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        app.screen.query_one(Input).value = "A1"  # another street's case: not offered
        await settle(pilot)
        await pilot.pause(0.3)
        assert "打开信访件 A1" not in screen_text(app)
