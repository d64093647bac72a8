"""导入台账 on screen: check first (nothing written), confirm, the ledger reloads; a bad
file lists every problem and writes nothing; only the station has the key."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import Button, Input

from huitoukan_tui.models import AuditEntry, Case
from huitoukan_tui.tui.screens.dialogs import ConfirmDialog
from huitoukan_tui.tui.screens.import_ledger import ImportScreen, complete_path
from huitoukan_tui.tui.screens.ledger import LedgerScreen
from tests.import_fixtures import SPECIAL_TEXT, sample_ledger, write_xlsx
from tests.tui_helpers import make_app, notices, screen_text, settle

sqlite_only = pytest.mark.sqlite_only  # engine-neutral UI code; the import runs on every engine


async def _open_import(pilot) -> ImportScreen:
    await settle(pilot)
    await pilot.press("ctrl+o")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    return screen


def _result(screen: ImportScreen) -> str:
    return str(screen.query_one("#import-lines").render())


def _state(screen: ImportScreen) -> str:
    return str(screen.query_one("#import-state").render())


@sqlite_only
async def test_check_then_import_then_the_ledger_shows_the_cases(units, tmp_path):
    path = write_xlsx(sample_ledger(), tmp_path / "台账.xlsx")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot)
        assert screen.query_one("#import", Button).disabled
        screen.query_one("#path", Input).value = str(path)
        await pilot.press("enter")  # in the path field: check
        await settle(pilot)
        assert "检查通过" in _state(screen)
        result = _result(screen)
        assert "试运行（没有写入数据库）：台账.xlsx" in result
        assert "将新增 8 件" in result
        assert "按核查单位：七星村 3 件" in result
        assert "第 4 行  新增  LS-2021-001  2021-03-02  12345热线  七星村" in result
        assert Case.select().count() == 0  # a check writes nothing

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "新增 8 件" in screen_text(app)
        await pilot.press("left", "enter")  # 导入 (the focus starts on 取消)
        await settle(pilot)
        assert app.screen is screen
        assert "导入完成" in _state(screen) and "新增 8 件" in _state(screen)
        assert Case.select().count() == 8
        assert Case.get(Case.case_no == "LS-2022-004").content == SPECIAL_TEXT
        assert AuditEntry.select().where(AuditEntry.action == "import").count() == 1
        assert "已导入 台账.xlsx" in notices(app)
        assert screen.query_one("#import", Button).disabled  # not twice by accident

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        assert "显示 8 / 8" in screen_text(app)


@sqlite_only
async def test_a_bad_file_lists_every_problem_and_writes_nothing(units, tmp_path):
    grid = sample_ledger()
    grid.rows[4][2] = "2021年13月40日"  # LS-2021-002: an impossible date
    grid.rows[5][4] = "石门村"  # LS-2021-003: a unit the database does not have
    grid.rows[6][7] = "[red]<b>=1+1</b>"  # stays text, shown literally in the list
    grid.rows[6][8] = ""  # LS-2022-004: no problem text
    path = write_xlsx(grid, tmp_path / "有问题的台账.xlsx")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_import(pilot)
        screen.query_one("#path", Input).value = str(path)
        await pilot.press("ctrl+r")
        await settle(pilot)
        state = _state(screen)
        assert "检查未通过：共 4 处问题" in state and "数据库没有改动" in state
        lines = _result(screen).splitlines()  # every problem, in the service's words
        assert len(lines) == 4
        assert lines[0].startswith("台账!5：受理日期：") and "2021年13月40日" in lines[0]
        assert lines[1] == "台账!6：核查单位：没有这个单位：石门村"
        assert lines[2] == "台账!7：反映问题：不能为空"
        assert lines[3].startswith("台账：核查单位：文件中有系统里没有的单位：石门村")
        assert screen.query_one("#import", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen  # no confirmation: nothing was checked
        assert "请先检查文件" in notices(app)
        assert Case.select().count() == 0

        # with the unit created and the file fixed, the same screen imports it
        grid.rows[4][2] = "2021-05-06"
        grid.rows[6][8] = "油烟扰民。"
        write_xlsx(grid, path)
        await pilot.click("#create_units")
        await pilot.press("ctrl+r")
        await settle(pilot)
        result = _result(screen)
        assert "将新建单位：石门村" in result
        assert "[red]<b>=1+1</b>" in result  # user text shown as text
        screen.query_one("#sheet", Input).value = "台账"  # changing an option…
        await settle(pilot)
        assert "请重新检查" in _state(screen)  # …asks for a new check first
        assert screen.query_one("#import", Button).disabled


@sqlite_only
async def test_a_missing_file_is_refused_with_its_name(units, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot)
        screen.query_one("#path", Input).value = str(tmp_path / "没有这个文件.xlsx")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "检查未通过" in _state(screen)
        assert "没有这个文件.xlsx" in _result(screen)


@sqlite_only
async def test_only_the_station_has_the_import_key(units, unit_user):
    app = make_app(login="qixing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        assert "import_ledger" not in {b.binding.action
                                       for b in app.screen.active_bindings.values()}
        app.open_import()  # any other path is refused too
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        assert "只有街道生态环境站可以导入台账" in notices(app)


def test_file_paths_complete_to_folders_and_spreadsheets(tmp_path):
    (tmp_path / "台账2024.xlsx").write_bytes(b"")
    (tmp_path / "台账说明.txt").write_text("")
    (tmp_path / "归档").mkdir()
    (tmp_path / ".隐藏.xlsx").write_bytes(b"")
    base = str(tmp_path)
    assert complete_path(base + "/台") == base + "/台账2024.xlsx"
    assert complete_path(base + "/归") == base + "/归档/"
    assert complete_path(base + "/台账说") == base + "/台账说明.txt"
    assert complete_path(base + "/没有") is None
    assert complete_path(base + "/.") == base + "/.隐藏.xlsx"  # hidden only when asked
    assert complete_path(base + "/台账2024.xlsx") is None  # complete already
    assert complete_path("") is None



@sqlite_only
async def test_the_palette_and_help_name_the_import(units):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        app.screen.query_one(Input).value = "导入台账"
        await settle(pilot)
        await pilot.pause(0.3)
        assert "导入台账…" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        app.action_help()  # "?" would be typed into the path field
        await settle(pilot)
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(app.screen._content())
        text = console.export_text()
        lines = [line.split() for line in text.splitlines()]
        assert ["ctrl+o", "导入台账…（Excel/CSV）"] in lines  # the ledger's key
        section = lines[lines.index(["导入台账"]):]  # the import screen's own keys
        assert ["ctrl+r", "检查"] in section and ["ctrl+s", "导入"] in section
