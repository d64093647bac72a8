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


def heading(screen: WeeklyScreen) -> str:
    """What the column of the rows' names is headed."""
    return str(screen.table.columns["unit"].label)


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
        assert heading(screen) == "街道"
        screen.table.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        assert rows(screen) == [("杏花村", "1", "1", "1", "100.0%"),
                                ("秋浦社区", "1", "0", "0", "0.0%"),
                                ("合计", "2", "1", "1", "50.0%")]
        assert "（秋浦街道）" in screen_text(app)
        assert heading(screen) == "核查\n单位"
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


async def switch_to(pilot, app, index: int) -> None:
    """切换专项行动 in the palette, then the ``index``-th campaign of the dialog."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    app.screen.query_one(Input).value = "切换专项行动"
    await settle(pilot)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, CampaignDialog)
    await pilot.press(*["down"] * index, "enter")
    await settle(pilot)


async def test_switching_campaign_shows_that_campaigns_own_week(district, monkeypatch):  # noqa: F811
    """On the weekly screen (drilled into a street) and the board, switching to the ended
    2024 campaign shows its last report week (04-12—04-18, its 5th), never today's week
    counted from 2024 (第50周), and the whole district table again."""
    monkeypatch.setenv("HUITOUKAN_TODAY", "2025-03-27")
    app = make_app("district", today=dt.date(2025, 3, 27))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        weekly = app.screen
        weekly.table.move_cursor(row=1)
        await pilot.press("enter")  # into 秋浦街道
        await settle(pilot)
        assert "2025年3月21日—3月27日 · 第2周" in screen_text(app)
        await pilot.press("b")
        await settle(pilot)
        assert "2025年3月21日—3月27日" in screen_text(app)
        await switch_to(pilot, app, 1)
        assert app.summary.campaign_name.startswith("2024年里山街道")
        board_text = screen_text(app)
        assert "2024年4月12日—4月18日" in board_text and "2025年" not in board_text
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is weekly
        text = screen_text(app)
        assert "2024年4月12日—4月18日 · 第5周" in text and "第50周" not in text
        # 2024: A1 and A3 of 里山's three cases inspected, none in the last week
        assert rows(weekly) == [("里山街道", "3", "0", "2", "66.7%"),
                                ("合计", "3", "0", "2", "66.7%")]


@pytest.mark.parametrize("login, offered", [("district", True), ("qiupu", False)])
async def test_the_export_screen_offers_one_file_per_street_to_the_district(
        district, monkeypatch, tmp_path, login, offered):  # noqa: F811
    from huitoukan_tui.tui.screens.export import ExportScreen

    monkeypatch.setenv("HUITOUKAN_TODAY", "2025-03-28")
    monkeypatch.setenv("HUITOUKAN_EXPORTS", str(tmp_path / "exports"))
    app = make_app(login, today=dt.date(2025, 3, 28))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert ("分街道" in screen_text(app)) is offered
        screen.set_choices(kind="progress", per_street=True)
        await pilot.press("ctrl+s")
        await settle(pilot)
        scopes = [r.path.name for r in screen.results]
    # a database of two campaigns: the names say which one (issue 15)
    if offered:
        assert scopes == [f"2025-03-27_{LATER}_进展一览表_{scope}.xlsx"
                          for scope in ("合计", "里山街道", "秋浦街道")]
    else:  # a station: its street's table only, whatever the hidden box says
        assert scopes == [f"2025-03-27_{LATER}_进展一览表_合计.xlsx"]



async def test_carried_over_items_say_where_they_come_from(district, monkeypatch):  # noqa: F811
    """2025's 四项清单 of 里山: A2's own new item and A1's two items still open from 2024,
    marked 结转 in the list and 结转自 (the 2024 campaign) in the preview."""
    from huitoukan_tui.tui.screens.problems import ProblemsScreen

    monkeypatch.setenv("HUITOUKAN_TODAY", "2025-03-27")
    app = make_app("admin", today=dt.date(2025, 3, 27))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        carried = {r.id for r in screen.rows if r.carried_from}
        assert carried == {i.id for i in district["items_2024"]}
        assert sorted((r.case_no, bool(r.carried_from)) for r in screen.rows) == [
            ("A1", True), ("A1", True), ("A2", False)]
        assert screen_text(app).count("结转·") == 2
        index = next(n for n, r in enumerate(screen.rows) if r.carried_from)
        screen.table.move_cursor(row=index)
        await settle(pilot)
        assert f"结转自 {district['first'].name}" in screen_text(app)
