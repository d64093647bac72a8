"""报送情况 (b) in the workbench: each unit's state as the service says, the time left, the
street's submission by s, and the unit's changes after submitting."""

from __future__ import annotations

import datetime as dt

import pytest

from huitoukan_tui.models import ReportSnapshot, User
from huitoukan_tui.services import reporting
from huitoukan_tui.tui.screens.board import BoardScreen
from huitoukan_tui.tui.screens.dialogs import ConfirmDialog
from tests.test_reporting_campaigns import at, autumn  # noqa: F401 - the fixtures
from tests.tui_helpers import make_app, screen_text, settle

pytestmark = pytest.mark.sqlite_only  # engine-neutral UI code; reporting is tested per engine

DAY = dt.date(2024, 4, 3)  # the app's clock: 08:00, four hours before the 清明 deadline
AT = dt.datetime(2024, 4, 3, 8, 0)


def board_rows(screen: BoardScreen) -> list[list[str]]:
    table = screen.table
    return [[str(c).strip() for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_board_shows_each_unit_and_the_station_submits(demo_db):
    reporting.submit_unit(User.get(User.login == "qixing"), DAY,
                          now=dt.datetime(2024, 4, 2, 9, 0))
    reporting.submit_unit(User.get(User.login == "xinhe"), DAY, now=AT)
    app = make_app(today=DAY)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        text = screen_text(app)
        assert "报送：4月3日（周三）12:00 前（4月4日清明节），还有 4小时" in text
        assert "未报送 5 · 已报送 2 · 逾期报送 0 · 报送后有变化 0" in text
        expected = reporting.board(User.get(User.login == "admin"), DAY, AT)
        rows = board_rows(screen)
        assert [(r[1], r[2]) for r in rows[:-1]] == [(r.unit, r.state) for r in expected.rows]
        assert rows[0][3:5] == ["04-02 09:00", "七星村 陈村干"]
        assert rows[-1][1] == "合计"
        assert "街道尚未报送本周。" in text
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.detail.startswith(
            "尚未报送的单位：桃坡村、杨山村、里山社区、街道城建办、街道农业农村办。")
        await pilot.press("left", "enter")
        await settle(pilot)
        street = ReportSnapshot.get(ReportSnapshot.unit.is_null())
        assert street.submitted_by == "admin"
        # the person by name, as the table names the units' submitters (the login is the account)
        assert "街道已于 04-03 08:00 由 站管理员 报送；报送时尚未报送的单位：桃坡村" in \
            screen_text(app)


async def test_a_unit_cannot_submit_the_street(demo_db):
    app = make_app(login="qixing", today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert [r[1] for r in board_rows(app.screen)] == ["七星村", "合计"]
        assert "报送全街道" not in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert ReportSnapshot.select().count() == 0


async def test_the_district_sees_each_street_and_drills_into_its_units(autumn, at):  # noqa: F811
    """tests/test_reporting_campaigns.py's two streets: 里山's station has submitted its street
    and 杏花村 its row; the district's board lists the streets, enter opens one."""
    found = autumn["campaign"]
    at("2026-09-29T16:00")
    reporting.submit_street(autumn["admin"], None, campaign=found)
    reporting.submit_unit(autumn["xinghua"], None, campaign=found)
    app = make_app("boss", today=dt.date(2026, 9, 30))  # 08:00, before the 17:30 deadline
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        assert [r[1:5] for r in board_rows(screen)[:-1]] == [
            ["里山街道", "已报送", "09-29 16:00", "站管理员"], ["秋浦街道", "未报送", "", ""]]
        text = screen_text(app)
        assert "报送：9月30日（周三）17:30 前（10月1日国庆节），还有 9小时30分" in text
        assert "未报送 1 · 已报送 1 · 逾期报送 0 · 报送后有变化 0" in text
        screen.table.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        assert [r[1:3] for r in board_rows(screen)[:-1]] == [["杏花村", "已报送"],
                                                            ["秋浦社区", "未报送"]]
        assert "秋浦街道 · 2026年9月25日—10月1日" in screen_text(app)
        assert "街道尚未报送本周。" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert [r[1] for r in board_rows(screen)[:-1]] == ["里山街道", "秋浦街道"]
        await pilot.press("s")  # the district submits nothing
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert ReportSnapshot.select().count() == 2


@pytest.mark.parametrize("login", ["admin", "qu"])
async def test_every_column_fits_80_columns(demo_db, login):
    """At 80x24 the board shows each column's header, the last ones included (新发现,
    变化: the changes since submitting), for a street's units and for the district's
    streets; a unit's row keeps its whole name and its state, the time and the person."""
    from huitoukan_tui.services import users

    users.add_user(User.get(User.login == "admin"), "qu", "区环委办 王科长", "district")
    reporting.submit_unit(User.get(User.login == "qixing"), DAY,
                          now=dt.datetime(2024, 4, 2, 9, 0))
    reporting.submit_street(User.get(User.login == "admin"), DAY, now=AT)
    app = make_app(login=login, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        head = next(line for line in lines if "报送人" in line)
        words = head.split()
        assert words[0] in ("#", "序") and words[1] == ("核查单位" if login == "admin" else "街道")
        assert words[2:] == ["状态", "报送时间", "报送人", "本周", "累计", "新发现", "变化"]
        first = lines[lines.index(head) + 1].split()
        if login == "admin":
            assert first[:5] == ["1", "七星村", "已报送", "04-02", "09:00"]
            assert first[5].startswith("七星村")  # the person, 七星村 陈村干, cut to fit
            assert "街道农业农村办" in screen_text(app)
        else:
            assert first[:5] == ["1", "里山街道", "已报送", "04-03", "08:00"]
