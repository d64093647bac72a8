"""The weekly progress screen (w): the numbers are the service's, left/right change the week,
enter lists the cases behind a row, 备注, 报送 and the differences after a later change;
snapshots at 80x24 and 160x48."""

from __future__ import annotations

import datetime as dt

import pytest

from huitoukan_tui.models import Case, LedgerEntry, ReportSnapshot, Unit, User, WeekRemark
from huitoukan_tui.services import inspections, progress, reporting
from huitoukan_tui.services.campaign import Week
from huitoukan_tui.tui.screens.case_detail import CaseDetailScreen
from huitoukan_tui.tui.screens.dialogs import ConfirmDialog
from huitoukan_tui.tui.screens.weekly import WeeklyScreen, rate_text
from huitoukan_tui.tui.screens.weekly_dialogs import DrillDialog, RemarkDialog
from tests.tui_helpers import make_app, notices, screen_text, settle, type_text

pytestmark = pytest.mark.sqlite_only  # engine-neutral UI code; progress is tested per engine

THURSDAY = dt.date(2024, 4, 11)  # a report day: the default week is 04-05 … 04-11
WEEK2 = Week(dt.date(2024, 3, 22), dt.date(2024, 3, 28))
WEEK3 = Week(dt.date(2024, 3, 29), dt.date(2024, 4, 4))


def user(login: str = "admin") -> User:
    return User.get(User.login == login)


async def open_weekly(pilot) -> WeeklyScreen:
    await settle(pilot)
    await pilot.press("w")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WeeklyScreen)
    return screen


def squash(text: str) -> str:
    """Text without spaces and line breaks (a narrow terminal wraps anywhere)."""
    return "".join(text.split())


def table_rows(screen: WeeklyScreen) -> list[list[str]]:
    table = screen.table
    return [[str(c).strip() for c in table.get_row_at(i)] for i in range(table.row_count)]


def expected_rows(actor: User, week: Week) -> list[list[str]]:
    """Attachment 2 as the service computes it, as the screen must show it."""
    table = progress.weekly_progress(actor, week)
    rows = []
    for n, r in enumerate([*table.rows, table.total], start=1):
        last = r is table.total
        rows.append(["" if last else str(n), "合计" if last else r.unit, str(r.total),
                     str(r.verified_this_week), str(r.verified_total),
                     rate_text(r.completion_rate), str(r.new_problems_this_week),
                     str(r.new_problems_total), r.remarks])
    return rows


async def test_numbers_are_the_service_numbers_week_by_week(demo_db):
    app = make_app(today=THURSDAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_weekly(pilot)
        assert screen.week == Week(dt.date(2024, 4, 5), THURSDAY)
        text = screen_text(app)
        assert "2024年贵池区生态环境领域信访事项“回头看”专项行动进展一览表" in text
        assert "2024年4月5日—4月11日" in text
        for header in ("序号", "核查", "单位", "信访", "总数", "本周", "核查数", "累计", "完成率",
                       "新发现", "问题数", "备注"):
            assert header in text
        assert table_rows(screen) == expected_rows(user(), screen.week)
        for week in (WEEK3, WEEK2):
            await pilot.press("left")
            await settle(pilot)
            assert screen.week == week
            assert week.title in screen_text(app)
            assert table_rows(screen) == expected_rows(user(), week)
        assert any(int(r[3]) for r in table_rows(screen)[:-1])  # week 2 has verifications
        await pilot.press("left", "left")
        await settle(pilot)
        assert screen.week.start == dt.date(2024, 3, 15)
        assert "2024年3月15日—3月21日 · 第1周 · 报送：3月21日（周四）12:00 前" in screen_text(app)
        await pilot.press("left")
        await settle(pilot)
        assert screen.week.start == dt.date(2024, 3, 15)
        assert "第一个报送周" in notices(app)
        await pilot.press("right")
        await settle(pilot)
        assert screen.week.start == dt.date(2024, 3, 22)
        await pilot.press("t")  # back to this week
        await settle(pilot)
        assert screen.week.end == THURSDAY


async def test_enter_lists_the_cases_behind_a_row(demo_db):
    verified = progress.cases_behind(user(), WEEK2, None, progress.DRILL_VERIFIED)
    unit = verified[0].unit.name
    app = make_app(today=dt.date(2024, 3, 28))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_weekly(pilot)
        assert screen.week == WEEK2
        units = [r[1] for r in table_rows(screen)]
        screen.table.move_cursor(row=units.index(unit))
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DrillDialog)
        mine = progress.cases_behind(user(), WEEK2, unit, progress.DRILL_VERIFIED)
        new = progress.cases_behind(user(), WEEK2, unit, progress.DRILL_NEW)
        assert dialog.verified == [(c.case_no, unit, c.target) for c in mine] and mine
        assert [c[0] for c in dialog.new] == [c.case_no for c in new]
        assert f"本周核查（{len(mine)} 件）" in screen_text(app)
        await pilot.press("enter")  # the first case opens
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert app.screen.case_no == mine[0].case_no
        await pilot.press("escape")
        await settle(pilot)
        # the 合计 row: every unit's cases
        screen.table.move_cursor(row=screen.table.row_count - 1)
        await pilot.press("enter")
        await settle(pilot)
        assert [c[0] for c in app.screen.verified] == [c.case_no for c in verified]
        all_new = progress.cases_behind(user(), WEEK2, None, progress.DRILL_NEW)
        assert [c[0] for c in app.screen.new] == [c.case_no for c in all_new] and all_new


async def test_remark_is_saved_for_the_unit_and_week(demo_db):
    app = make_app(today=THURSDAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_weekly(pilot)
        await pilot.press("down")  # 桃坡村
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RemarkDialog)
        await type_text(pilot, "已全部核查")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        remark = WeekRemark.get()
        assert (remark.unit.name, remark.week_end, remark.text) == (
            "桃坡村", THURSDAY, "已全部核查")
        assert "已全部核查".startswith(table_rows(screen)[1][-1].rstrip("…"))  # a narrow column
        assert "桃坡村 备注：已全部核查" in screen_text(app)  # in full below the table
        # the 合计 row has none
        screen.table.move_cursor(row=screen.table.row_count - 1)
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is screen and "合计行没有备注" in notices(app)


async def test_submit_then_a_later_change_shows_the_difference(demo_db):
    app = make_app(today=THURSDAY)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_weekly(pilot)
        assert "本周尚未报送" in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("left", "enter")  # 报送
        await settle(pilot)
        snap = ReportSnapshot.get()
        assert snap.week_end == THURSDAY and snap.submitted_by == "admin"
        stamp = snap.submitted_at.strftime("%Y-%m-%d %H:%M")
        assert f"已于 {stamp} 由 站管理员 报送；此后数字未变化" in screen_text(app)

        # a late inspection of a 七星村 case inside the submitted week
        pending = (Case.select().join(Unit).switch(Case).join(LedgerEntry)
                   .where((Unit.name == "七星村") & LedgerEntry.first_verified_on.is_null())
                   .order_by(Case.case_no).first())
        before = progress.weekly_progress(user(), screen.week).rows[0]
        inspections.record_inspection(user(), pending.case_no, inspections.InspectionInput(
            "2024-04-10", "张伟", "是", "无", "满意"), today=THURSDAY)
        app.data_changed()
        await settle(pilot)
        text = screen_text(app)
        assert (f"此后变化：七星村 本周核查数 {before.verified_this_week}→"
                f"{before.verified_this_week + 1}，七星村 累计核查数 {before.verified_total}→"
                f"{before.verified_total + 1}") in text
        assert table_rows(screen)[0][3] == str(before.verified_this_week + 1)


async def test_a_late_street_submission_says_so(demo_db):
    """The station submitted after the deadline (Thursday 12:00): its line says 逾期, as the
    board and the CLI do."""
    reporting.submit_street(user(), THURSDAY, now=dt.datetime.combine(THURSDAY, dt.time(15)))
    app = make_app(today=THURSDAY)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_weekly(pilot)
        assert (f"已于 {THURSDAY.isoformat()} 15:00 由 站管理员 报送（逾期）；此后数字未变化"
                in screen_text(app))


async def test_unit_user_sees_own_row_and_submits_it(demo_db):
    app = make_app(login="qixing", today=THURSDAY)  # 08:00, before the 12:00 deadline
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_weekly(pilot)
        rows = table_rows(screen)
        assert [r[1] for r in rows] == ["七星村", "合计"]
        assert rows == expected_rows(user("qixing"), screen.week)
        assert squash("本单位本周尚未报送（报送：4月11日（周四）12:00 前，还有 4小时）") in squash(
            screen_text(app))
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("left", "enter")  # 报送
        await settle(pilot)
        snap = ReportSnapshot.get()
        assert (snap.unit.name, snap.week_end, snap.submitted_by) == ("七星村", THURSDAY,
                                                                     "qixing")
        assert squash("已报送：本单位已于 2024-04-11 08:00 由 七星村 陈村干 报送；此后未变化") in \
            squash(screen_text(app))


async def test_viewer_cannot_submit(demo_db):
    app = make_app(login="quhuanweiban", today=THURSDAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_weekly(pilot)
        assert "s 报送" not in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen is screen and ReportSnapshot.select().count() == 0


# ---------------------------------------------------------------- snapshots

async def _to_weekly(pilot) -> None:
    await settle(pilot)
    await pilot.press("w")
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_weekly_snapshot(demo_db, snap_compare, size):
    app = make_app(today=dt.date(2024, 3, 28))  # week 2: numbers in every column
    assert snap_compare(app, terminal_size=size, run_before=_to_weekly)
