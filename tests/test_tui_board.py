"""报送情况 (b) in the workbench: each unit's state as the service says, the time left, the
street's submission by s, and the unit's changes after submitting."""

from __future__ import annotations

import datetime as dt

import pytest

from huitoukan_tui.models import ReportSnapshot, User
from huitoukan_tui.services import reporting
from huitoukan_tui.tui.screens.board import BoardScreen
from huitoukan_tui.tui.screens.dialogs import ConfirmDialog
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
        assert "街道已于 04-03 08:00 由 admin 报送；报送时尚未报送的单位：桃坡村" in \
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
