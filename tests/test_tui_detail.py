"""The case detail screen, the help screen, the command palette and the global keys."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from textual.widgets import Input

from huitoukan_tui.models import Case, Inspection, User
from huitoukan_tui.services import inspections
from huitoukan_tui.tui.screens.case_detail import CaseDetailScreen
from huitoukan_tui.tui.screens.help import HelpScreen
from huitoukan_tui.tui.screens.ledger import LedgerScreen
from tests.tui_helpers import make_app, notices, screen_text, settle

sqlite_only = pytest.mark.sqlite_only  # engine-neutral UI code; services run on every engine


async def _open_detail(pilot, case_no: str) -> str:
    await settle(pilot)
    pilot.app.open_case(case_no)
    await settle(pilot)
    assert isinstance(pilot.app.screen, CaseDetailScreen)
    return screen_text(pilot.app)


@sqlite_only
async def test_detail_shows_fields_inspections_items_and_history(demo_db):
    admin = User.get(User.login == "admin")
    case_no = "LS-2021-004"  # inspected once, with a 新发现 item
    inspections.record_inspection(admin, case_no, inspections.InspectionInput(
        inspected_on=dt.date(2024, 4, 12), inspectors="回访组", handled=True, rebound=False,
        satisfaction="满意", findings="第二次回访。"), today=dt.date(2024, 4, 15))
    case = Case.get(Case.case_no == case_no)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        text = await _open_detail(pilot, case_no)
        for value in (case.case_no, "网络舆情", "2021-09-10", case.unit.name, case.target,
                      case.location, case.category, case.content, case.original_handling,
                      case.phone):
            assert value in text, value
        assert "核查记录（2）" in text
        # newest inspection first
        assert text.index("2024-04-12") < text.index("2024-03-31")
        assert "第二次回访。" in text and "回访组" in text
        item_line = next(line for line in text.splitlines() if "#1 新发现" in line)
        assert "整改中" in item_line and "完成时限 2024-06-30" in item_line
        assert "还有 76 天" in item_line
        # the change history comes from the audit log; scroll down to it
        for _ in range(4):
            await pilot.press("pagedown")
        await settle(pilot)
        text = screen_text(app)
        assert "变更记录" in text
        assert "新建核查记录" in text and "核查日期 2024-04-12" in text


@sqlite_only
async def test_phone_numbers_are_masked_for_viewers(demo_db):
    case = Case.get(Case.case_no == "LS-2021-004")
    masked = case.phone[:3] + "****" + case.phone[-4:]
    app = make_app(login="quhuanweiban")
    async with app.run_test(size=(120, 40)) as pilot:
        text = await _open_detail(pilot, case.case_no)
        assert masked in text
        assert case.phone not in text
        assert case.petitioner not in text  # the name is masked too
        assert "信访人个人信息已隐去" in text


@sqlite_only
async def test_detail_keys_and_overdue(demo_db):
    app = make_app(today=dt.date(2024, 7, 10))
    async with app.run_test(size=(120, 40)) as pilot:
        text = await _open_detail(pilot, "LS-2021-004")
        assert "逾期（期限 2024-06-30）" in text
        assert "逾期 10 天" in text
        await pilot.press("i")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "InspectionFormScreen"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)


@sqlite_only
async def test_unknown_or_foreign_case_is_refused(demo_db):
    app = make_app(login="qixing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_case("LS-2021-004")  # 杨山村's case: a 七星村 user must not see it
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        assert "没有找到信访件：LS-2021-004" in notices(app)
        assert "杨山村李某某" not in screen_text(app)


@sqlite_only
async def test_help_lists_every_key(demo_db):
    app = make_app()
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        lines = text.splitlines()
        for key, what in [("/", "查找"), ("f", "筛选"), ("enter", "打开"), ("n", "新建"),
                          ("i", "核查"), ("p", "四项清单"), ("w", "周报"), ("e", "导出"),
                          ("ctrl+s", "保存"), ("esc", "返回"), ("?", "帮助"),
                          ("ctrl+p", "命令"), ("q", "退出"), ("tab / shift+tab", "字段"),
                          ("↑ ↓ pgup pgdn home end", "移动")]:
            assert any(line.strip().startswith(key) and what in line for line in lines), key
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)


@sqlite_only
async def test_palette_jumps_to_a_case_and_runs_actions(demo_db):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        app.screen.query_one(Input).value = "2022-013"  # typed at once, as an IME commits
        await settle(pilot)
        await pilot.pause(0.3)
        assert "打开信访件 LS-2022-013" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert app.screen.case_no == "LS-2022-013"
        await pilot.press("escape")
        await settle(pilot)
        # by the pinyin initials of its target: 恒达石材 (computed from the Chinese text)
        hengda = sorted(no for no, in Case.select(Case.case_no).where(
            Case.target.contains("恒达石材")).tuples())
        await pilot.press("ctrl+p")
        await settle(pilot)
        app.screen.query_one(Input).value = "hdsc"
        await settle(pilot)
        await pilot.pause(0.3)
        offered = sorted(re.findall(r"打开信访件 (LS-\d{4}-\d{3})", screen_text(app)))
        assert hengda and offered == hengda
        await pilot.press("escape")
        await settle(pilot)
        # every action of the screen is there too
        await pilot.press("ctrl+p")
        await settle(pilot)
        app.screen.query_one(Input).value = "筛选"
        await settle(pilot)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "FacetsScreen"


@sqlite_only
async def test_hangup_runs_callbacks_then_exits(demo_db):
    app = make_app()
    called = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.hangup_callbacks.append(lambda: called.append("draft"))
        app.hangup_callbacks.insert(0, lambda: 1 / 0)  # a failing one must not stop the rest
        app.on_hangup()
        await pilot.pause()
    assert called == ["draft"]
    assert app.return_code == 129
    assert Inspection.select().count() > 0  # nothing was touched on the way out
