"""The four-list editor keeps every typed character: tab goes through the fields only (the
measure buttons take no focus), typing after tab adds to a field instead of replacing it, a
long measure shows its start when left, the terminal's cursor follows the focused field after
the form scrolls, and a pasted multi-line text is joined instead of cut to its first line."""

from __future__ import annotations

import json
import time

import pytest
from textual import events

from huitoukan_tui.enums import RectStatus
from huitoukan_tui.models import Inspection, Measure, Rectification
from huitoukan_tui.tui.widgets.measures_editor import MeasureBlock
from tests.test_tui_problems import open_editor, open_item
from tests.test_tui_terminal import CLI, Tmux, _need_tmux
from tests.tui_helpers import make_app, screen_text, settle, type_text

pytestmark = pytest.mark.sqlite_only  # screens over services tested on both engines

#: the editor's fields in tab order, two measures with a target per quarter
FOCUS_ORDER = ["problem_type", "original_problem", "new_problem", "deadline",
               "1.content", "1.2024Q1", "1.2024Q2", "2.content", "2.2024Q1", "2.2024Q2",
               "target_standard", "implementer", "acceptor", "note"]
#: what is typed after tab in each field (the deadline is left as it is)
MARKS = dict(zip([f for f in FOCUS_ORDER if f != "deadline"], "甲乙丙丁戊己庚辛壬癸子丑寅",
                 strict=True))


def _two_measure_item() -> Rectification:
    item = open_item(RectStatus.IN_PROGRESS, cross_year=False)
    assert Measure.select().where(Measure.rectification == item.id).count() == 2
    return item


def _name_of(editor, widget) -> str:
    for n, block in enumerate(editor.query(MeasureBlock), start=1):
        if widget is block.content_input:
            return f"{n}.content"
        for period, target in block.target_inputs.items():
            if widget is target:
                return f"{n}.{period}"
    return widget.id or repr(widget)


def _saved_marks(item_id: int) -> dict[str, str]:
    """Each field of FOCUS_ORDER as saved, by the same names."""
    item = Rectification.get_by_id(item_id)
    out = {name: str(getattr(item, name) or "") for name in FOCUS_ORDER if "." not in name}
    measures = Measure.select().where(Measure.rectification == item_id).order_by(
        Measure.position)
    for n, measure in enumerate(measures, start=1):
        out[f"{n}.content"] = measure.content
        for stone in json.loads(measure.milestones):
            out[f"{n}.{stone['period']}"] = stone["target"]
    return out


async def test_tab_goes_through_the_fields_only(demo_db):
    item = _two_measure_item()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, item.id)
        order = [_name_of(editor, app.focused)]
        for _ in FOCUS_ORDER[1:]:
            await pilot.press("tab")
            order.append(_name_of(editor, app.focused))
        assert order == FOCUS_ORDER
        await pilot.press("tab")  # round to the first field again: no button on the way
        assert _name_of(editor, app.focused) == "problem_type"


async def test_text_typed_after_every_tab_is_kept(demo_db):
    item = _two_measure_item()
    before = _saved_marks(item.id)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, item.id)
        for n, name in enumerate(FOCUS_ORDER):
            if n:
                await pilot.press("tab")
            if name in MARKS:
                await type_text(pilot, MARKS[name])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not editor.dirty
    after = _saved_marks(item.id)
    for name, mark in MARKS.items():
        text_area = name in ("original_problem", "new_problem", "target_standard", "note")
        # an Input's cursor starts at the end of its text, a TextArea's at its start
        assert after[name] == (mark + before[name] if text_area else before[name] + mark), name


async def test_f8_deletes_the_measure_the_cursor_is_in(demo_db):
    item = _two_measure_item()
    first, second = [m.content for m in Measure.select().where(
        Measure.rectification == item.id).order_by(Measure.position)]
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(pilot, item.id)
        list(editor.query(MeasureBlock))[1].target_inputs["2024Q1"].focus()
        await pilot.press("f8")
        await settle(pilot)
        assert [m["content"] for m in editor.measures_editor.measures()] == [first]
        assert app.focused is list(editor.query(MeasureBlock))[0].content_input
        assert second not in screen_text(app)


async def test_a_long_measure_shows_its_start_when_left(demo_db):
    item = _two_measure_item()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, item.id)
        block = list(editor.query(MeasureBlock))[0]
        content = block.content_input
        text = "第一步：" + "落实覆盖、隔音、治污等防治设施，" * 3 + "末尾"
        content.value = text
        content.focus()
        await pilot.press("end")
        await settle(pilot)
        line = next(x for x in screen_text(app).splitlines() if "措施内容" in x)
        assert "末尾" in line and "第一步" not in line  # while typing: the cursor's end
        await pilot.press("tab")
        await settle(pilot)
        line = next(x for x in screen_text(app).splitlines() if "措施内容" in x)
        assert "第一步：落实" in line and "末尾" not in line


async def test_paste_of_three_lines_into_inspectors_joins_them(demo_db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_inspection("LS-2022-022")
        await settle(pilot)
        form = app.screen
        form.query_one("#inspectors").focus()
        app.post_message(events.Paste("张伟\n李娜\n王强\n"))
        await settle(pilot)
        assert form.collect()["inspectors"] == "张伟、李娜、王强"
        form.fill({"handled": "是", "rebound": "无", "satisfaction": "满意"})
        await pilot.press("ctrl+s")
        await settle(pilot)
    latest = Inspection.select().order_by(Inspection.id.desc()).first()
    assert latest.inspectors == "张伟、李娜、王强"


async def test_paste_of_lines_into_the_search_box_searches_each(demo_db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        app.post_message(events.Paste("LS-2021\n噪声\n"))
        await settle(pilot)
        assert app.screen.query_one("#search").value == "LS-2021 噪声"


# ---------------------------------------------------------------- in a real terminal

def _tmux_tui(demo_db, tmp_path) -> Tmux:
    from huitoukan_tui.models import database

    _need_tmux()
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    tmux = Tmux(tmp_path, 80, 24)
    tmux.start(f"{CLI} --db {demo_db.path} --user admin",
               {"HUITOUKAN_TODAY": "2024-04-15", "TERM": "xterm-256color", "LANG": "C.UTF-8"})
    tmux.wait_for("显示 34 / 34")
    return tmux


def _cursor(tmux: Tmux) -> tuple[int, int]:
    out = tmux.run("display", "-p", "-t", "t", "#{cursor_x} #{cursor_y}").stdout.split()
    return int(out[0]), int(out[1])


def _cell_column(line: str, index: int) -> int:
    from rich.cells import cell_len

    return cell_len(line[:index])


@pytest.mark.slow
def test_editor_in_tmux_keeps_a_burst_of_typing_and_its_cursor(demo_db, tmp_path):
    item = _two_measure_item()
    case_no = item.case.case_no
    before = _saved_marks(item.id)
    tmux = _tmux_tui(demo_db, tmp_path)
    try:
        tmux.keys("p")
        tmux.wait_for("显示 12 / 12")
        tmux.keys("/")
        tmux.keys(case_no, literal=True)
        tmux.keys("Enter")
        tmux.wait_for("显示 1 / 12")
        tmux.keys("Enter")
        tmux.wait_for(f"整改事项 #{item.id} · 信访件 {case_no}")
        # one burst: every field's mark right after its tab, as a fast typist sends them
        burst = []
        for n, name in enumerate(FOCUS_ORDER[:11]):  # up to 目标任务, below the fold
            if n:
                burst.append("Tab")
            if name in MARKS:
                burst.append(MARKS[name])
        for key in burst:
            tmux.keys(key, literal=key != "Tab")
        tmux.wait_for("癸")
        # the form scrolled to 目标任务: the terminal's cursor is right after the 癸 typed,
        # and each measure left behind shows its start again (it was scrolled to its end
        # while typed in). Both are read from one state of the screen, waited for until it
        # shows them (or a deadline): the keys of the burst are still being drawn when 癸
        # first appears, and a screen read before the cursor was would show a measure line
        # not yet scrolled back to its start.
        starts = (before["1.content"][:6], before["2.content"][:6])
        deadline = time.monotonic() + 30
        while True:
            cursor = _cursor(tmux)
            screen = tmux.screen()
            lines = screen.splitlines()
            row = next(n for n, line in enumerate(lines) if "癸" in line)
            wanted = (_cell_column(lines[row], lines[row].index("癸")) + 2, row)
            measures = [line for line in lines if "措施内容" in line]
            shows_starts = bool(measures) and all(any(s in line for s in starts)
                                                  for line in measures)
            settled = cursor == wanted == _cursor(tmux) and shows_starts
            if settled or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert cursor == wanted, screen
        assert shows_starts, screen
        tmux.keys("C-s")
        screen = tmux.wait_for("已保存整改事项")
    finally:
        tmux.kill()
    after = _saved_marks(item.id)
    for name in FOCUS_ORDER[:11]:
        if name in MARKS:
            assert MARKS[name] in after[name], (name, after[name], screen)


@pytest.mark.slow
def test_paste_in_tmux_into_inspectors(demo_db, tmp_path):
    tmux = _tmux_tui(demo_db, tmp_path)
    try:
        tmux.keys("i")
        tmux.wait_for("现场核查/回访")
        tmux.keys("Tab")
        time.sleep(0.5)
        tmux.run("set-buffer", "张伟\n李娜\n王强\n")
        tmux.run("paste-buffer", "-p", "-t", "t")  # bracketed, as a terminal pastes
        screen = tmux.wait_for("张伟、李娜、王强")
        assert "李娜\n" not in screen
    finally:
        tmux.kill()
