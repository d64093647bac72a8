"""粘贴导入: rows copied in Excel/WPS and pasted into the TUI go through exactly the import's
rules and dry run: the service on pasted text, the screen with a paste event, and a real
terminal (tmux) receiving the block as a bracketed paste."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual import events
from textual.widgets import TextArea

from huitoukan_tui.enums import Channel
from huitoukan_tui.io.ledger_import import import_pasted
from huitoukan_tui.models import AuditEntry, Case
from huitoukan_tui.services.campaign import current_campaign
from huitoukan_tui.services.errors import ValidationError
from huitoukan_tui.tui.screens.dialogs import ConfirmDialog
from huitoukan_tui.tui.screens.import_ledger import ImportScreen
from huitoukan_tui.tui.screens.paste_import import PasteDialog
from tests.tui_helpers import make_app, screen_text, settle

#: three rows as Excel copies them: CR LF row ends, tabs between cells, quoted cells holding a
#: line break, a quote or a tab
EXCEL_BLOCK = (Path(__file__).parent / "data" / "excel_copy.txt").read_text(encoding="utf-8")
HEADER = "编号\t受理日期\t来源\t核查单位\t被反映对象\t反映问题\r\n"
CLI = str(Path(sys.executable).with_name("huitoukan-tui"))


def lines_of(exc: ValidationError) -> list[str]:
    return exc.lines


# ---------------------------------------------------------------- the service

def test_an_excel_block_is_imported_cell_for_cell(station, units):
    dry = import_pasted(station, EXCEL_BLOCK, dry_run=True)
    assert dry.lines()[0] == ("试运行（没有写入数据库）：粘贴内容，工作表“粘贴内容”，"
                              "表头在第 1 行，共 3 件信访件，将列入“"
                              + current_campaign().name + "”台账。")
    assert [(i.row, i.case_no, i.action) for i in dry.items] == [
        (2, "XL-2024-001", "add"), (3, "XL-2024-002", "add"), (4, "XL-2024-003", "add")]
    assert Case.select().count() == 0  # a dry run writes nothing
    done = import_pasted(station, EXCEL_BLOCK)
    assert done.added == 3
    one, two, three = (Case.get(Case.case_no == f"XL-2024-00{n}") for n in (1, 2, 3))
    assert (one.content, one.original_handling) == ("夜间切割石材\n噪声扰民", "已责令夜间停工")
    assert Channel(one.channel).label == "12345热线"
    assert one.received_on.isoformat() == "2024-03-01"
    assert two.target == '桃坡村"好再来"农家乐' and two.content == "油烟直排，\t影响邻居"
    assert three.received_on.isoformat() == "2024-03-06" and three.unit.name == "新河社区"
    entry = AuditEntry.get(AuditEntry.action == "import")
    assert "粘贴内容" in entry.after
    again = import_pasted(station, EXCEL_BLOCK)  # the same rows again: nothing new
    assert (again.added, again.unchanged) == (0, 3)


@pytest.mark.parametrize("ending", ["\r\n", "\n", "\r", "\r\r"])
def test_any_line_ending_a_terminal_delivers_gives_the_same_rows(station, units, ending):
    text = EXCEL_BLOCK.replace("\r\n", "\x00").replace("\n", ending).replace("\x00", ending)
    report = import_pasted(station, text, dry_run=True)
    assert [i.row for i in report.items] == [2, 3, 4]


@pytest.mark.parametrize("text, fragment", [
    ("XL-1\t2024-03-01\t来电\t七星村\t某厂\t噪声\r\n", "表头"),          # no header row
    (HEADER, "下面没有信访件"),                                           # the header only
    ("", "空"),
])
def test_blocks_without_cases_are_refused(station, units, text, fragment):
    with pytest.raises(ValidationError) as exc:
        import_pasted(station, text, dry_run=True)
    assert fragment in "\n".join(lines_of(exc.value))


def test_ragged_rows_are_refused_with_their_rows_and_nothing_is_written(station, units):
    text = (HEADER + "R-1\t2024-03-01\t来电\t七星村\t某厂\t噪声\r\n"
            "R-2\t2024-03-02\t来电\t七星村\r\n"                       # two cells short
            "R-3\t2024-03-03\t来电\t七星村\t某店\t油烟\t多出的\t两格\r\n"
            "R-4\t2024-13-40\t来电\t七星村\t某厂\t噪声\r\n")
    with pytest.raises(ValidationError) as exc:
        import_pasted(station, text)
    lines = lines_of(exc.value)
    assert any(line.startswith("粘贴内容!3：被反映对象：") for line in lines), lines
    assert any(line.startswith("粘贴内容!3：反映问题：") for line in lines), lines
    assert any(line.startswith("粘贴内容!5：受理日期：") for line in lines), lines
    assert not any("!4" in line for line in lines)  # extra cells on the right are not a fault
    assert Case.select().count() == 0


def test_ten_thousand_rows_are_imported_whole(station, units):
    rows = "".join(f"T-{n:05d}\t2024-03-01\t来电\t七星村\t对象{n}\t第{n}件反映的问题\r\n"
                   for n in range(10_000))
    report = import_pasted(station, HEADER + rows)
    assert report.added == 10_000
    assert Case.select().where(Case.case_no.startswith("T-")).count() == 10_000
    assert Case.get(Case.case_no == "T-09999").content == "第9999件反映的问题"


# ---------------------------------------------------------------- the screen

@pytest.mark.sqlite_only  # engine-neutral UI code
async def test_a_paste_into_the_file_field_opens_the_paste_import(units):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        path = screen.query_one("#path")
        path.post_message(events.Paste(EXCEL_BLOCK))  # what a terminal paste delivers
        await settle(pilot)
        assert isinstance(app.screen, PasteDialog)
        assert path.value == ""  # not cut to its first line
        assert app.screen.query_one("#paste", TextArea).text.count("XL-2024-00") == 3
        await pilot.press("ctrl+s")  # check
        await settle(pilot)
        assert app.screen is screen
        result = str(screen.query_one("#import-lines").render())
        assert "试运行（没有写入数据库）：粘贴内容" in result and "将新增 3 件" in result
        assert "第 3 行  新增  XL-2024-002" in result
        assert Case.select().count() == 0
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("left", "enter")
        await settle(pilot)
        assert "导入完成" in str(screen.query_one("#import-state").render())
        assert Case.select().count() == 3
        # a bad block: every problem listed, nothing written
        await pilot.press("ctrl+t")
        await settle(pilot)
        area = app.screen.query_one("#paste", TextArea)
        area.post_message(events.Paste(HEADER + "B-1\t2024-13-40\t来电\t七星村\t某厂\t噪声\r\n"))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "检查未通过" in str(screen.query_one("#import-state").render())
        assert "粘贴内容!2：受理日期" in str(screen.query_one("#import-lines").render())
        assert Case.select().count() == 3


@pytest.mark.sqlite_only  # engine-neutral UI code
async def test_the_paste_dialog_says_how_in_whole_lines_and_escape_cancels_it(units):
    """The terminal wraps at spaces only: the instructions come in lines of their own, so
    neither a Chinese run nor Shift+Insert is cut in the middle at the smallest size."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, PasteDialog)
        rows = [line.strip(" █") for line in screen_text(app).splitlines()]
        for line in ("在 Excel/WPS 中选中台账的表头行和要导入的行，复制，",
                     "再在下面粘贴（终端的粘贴：右键、Shift+Insert 或 Ctrl+V）。",
                     "ctrl+s 检查（不写入），esc 取消。"):
            assert line in rows, screen_text(app)
        # and escape does what it says, also with something typed into the text area
        await pilot.press("x", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert Case.select().count() == 0


# ---------------------------------------------------------------- a real terminal

@pytest.mark.slow
@pytest.mark.sqlite_only  # a separate process on the SQLite file
def test_bracketed_paste_in_tmux(units, db_target, tmp_path):
    if shutil.which("tmux") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tmux is required in CI (installed by .ci/run)")
        pytest.skip("tmux is not installed")
    from huitoukan_tui.models import database

    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    socket = str(tmp_path / "tmux.sock")

    def tmux(*args: str) -> str:
        return subprocess.run(["tmux", "-u", "-S", socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, timeout=30).stdout

    def wait_for(text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = tmux("capture-pane", "-p", "-t", "t")
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} not on screen:\n{screen}")

    block = tmp_path / "block.txt"
    block.write_text(EXCEL_BLOCK, encoding="utf-8")
    tmux("new-session", "-d", "-s", "t", "-x", "110", "-y", "32",
         f"env TERM=xterm-256color HUITOUKAN_TODAY=2024-04-11 {CLI} --db {db_target.path} "
         "--user admin")
    try:
        wait_for("显示 0 / 0")
        tmux("send-keys", "-t", "t", "C-o")
        wait_for("^t 粘贴导入")
        tmux("send-keys", "-t", "t", "C-t")
        wait_for("还没有粘贴内容")
        tmux("load-buffer", str(block))
        tmux("paste-buffer", "-p", "-t", "t")  # bracketed, as a terminal pastes
        wait_for("XL-2024-003")  # the whole block is in the box (a toast may cover its foot)
        tmux("send-keys", "-t", "t", "C-s")
        screen = wait_for("检查通过")
        assert "将新增 3 件" in screen
        assert "第 4 行  新增  XL-2024-003" in screen
        tmux("send-keys", "-t", "t", "C-s")
        wait_for("导入 粘贴内容")
        tmux("send-keys", "-t", "t", "Left", "Enter")
        wait_for("导入完成")
    finally:
        tmux("kill-server")
    result = subprocess.run([CLI, "--db", str(db_target.path), "--user", "admin", "cases",
                             "--format", "csv"], capture_output=True, text=True, timeout=60)
    assert result.stdout.count("XL-2024-00") == 3
    assert "夜间切割石材\n噪声扰民" in result.stdout or "夜间切割石材" in result.stdout
