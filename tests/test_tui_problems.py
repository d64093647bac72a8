"""The four-list screen (p) and the item editor: the list and its filters, the milestone rule
in the editor both ways, measures in order, every life-cycle step and refusals, concurrent
edits; snapshots of the list at 80x24 and 160x48."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from textual.widgets import Static

from huitoukan_tui.enums import RectKind, RectStatus, Role
from huitoukan_tui.models import Measure, Rectification, Street, User
from huitoukan_tui.services import rectifications
from huitoukan_tui.services.errors import ValidationError
from huitoukan_tui.services.rectifications import ItemFilter, MeasureInput
from huitoukan_tui.tui.screens.dialogs import ConflictDialog
from huitoukan_tui.tui.screens.item_editor import ItemEditorScreen
from huitoukan_tui.tui.screens.item_status import StatusDialog
from huitoukan_tui.tui.screens.problems import ItemFilterScreen, ProblemsScreen
from huitoukan_tui.tui.widgets.field import FieldRow
from huitoukan_tui.tui.widgets.measures_editor import MeasureBlock
from tests.tui_helpers import TODAY, make_app, notices, screen_text, settle, type_text

# engine-neutral UI code; the services behind it run on every engine in their own tests
pytestmark = pytest.mark.sqlite_only

LATE = dt.date(2024, 7, 1)  # the demo's 2024-06-30 deadlines have passed


def admin() -> User:
    return User.get(User.login == "admin")


def shown_ids(app) -> list[int]:
    return [r.id for r in app.screen.rows]


def listed(flt: ItemFilter) -> list[int]:
    return [i.id for i in rectifications.list_items(admin(), flt)]


def open_item(status: RectStatus, *, cross_year: bool | None = None,
              unit: str | None = None) -> Rectification:
    """A demo item in ``status`` (deadline in a later year or not)."""
    for item in rectifications.list_items(admin()):
        if item.status != status.value or (unit and item.case.unit.name != unit):
            continue
        if cross_year is None or (item.deadline.year > item.opened_on.year) == cross_year:
            return item
    raise AssertionError("no such demo item")


async def open_problems(pilot) -> ProblemsScreen:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProblemsScreen)
    return screen


async def open_editor(pilot, item_id: int) -> ItemEditorScreen:
    await settle(pilot)
    pilot.app.open_item_editor(item_id)
    await settle(pilot)
    editor = pilot.app.screen
    assert isinstance(editor, ItemEditorScreen) and editor.data is not None
    return editor


def life(editor: ItemEditorScreen) -> str:
    """Who did what and when, as the editor shows it."""
    return str(editor.query_one("#item-life", Static).content)


def errors(screen) -> dict[str, str]:
    return {row.label: row.error for row in screen.query(FieldRow) if row.error}


# ---------------------------------------------------------------- the list

async def test_list_shows_every_item_with_the_attachment_columns(demo_db):
    app = make_app(today=LATE)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_problems(pilot)
        assert shown_ids(app) == listed(ItemFilter())
        text = screen_text(app)
        assert "显示 12 / 12" in text
        for label in ("信访件", "单位", "类别", "问题类型", "原交办具体问题", "新发现问题",
                      "整改措施", "目标任务", "整改实施主体", "验收（监管）", "完成时限", "状态",
                      "剩余时间"):
            assert label in text, label
        overdue = [i for i in rectifications.list_items(admin())
                   if rectifications.is_overdue(i, LATE)]
        assert overdue
        assert text.count("逾期 1 天") == len(overdue)
        # the preview holds the highlighted row in full
        first = rectifications.list_items(admin())[0]
        assert f"#{first.id} {first.case.case_no}" in text
        assert rectifications.measures_of(first)[0].content in text


async def test_filters_combine_and_search_narrows(demo_db):
    app = make_app(today=LATE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_problems(pilot)
        await pilot.press("f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ItemFilterScreen)
        dialog.query_one("#units").select("七星村")
        dialog.query_one("#units").select("里山社区")
        dialog.query_one("#kinds").select(RectKind.NEW.label)
        await pilot.press("ctrl+s")
        await settle(pilot)
        expected = listed(ItemFilter(units=("七星村", "里山社区"), kinds=("新发现",)))
        assert shown_ids(app) == expected and 0 < len(expected) < 12
        # the units as the list offers them: by pinyin, 里山社区 (li) before 七星村 (qi)
        assert "单位：里山社区、七星村 · 类别：新发现" in screen_text(app)
        assert f"显示 {len(expected)} / 12" in screen_text(app)

        # status, then overdue only
        screen.set_facets(screen.facets.__class__(statuses=("整改中",)))
        await settle(pilot)
        assert shown_ids(app) == listed(ItemFilter(statuses=("整改中",)))
        await pilot.press("f")
        await settle(pilot)
        app.screen.action_clear()
        app.screen.query_one("#overdue").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        overdue = listed(ItemFilter(overdue=True, today=LATE))
        assert shown_ids(app) == overdue and overdue
        assert "仅逾期" in screen_text(app)

        # the search matches a new problem's text, on top of the filter
        await pilot.press("slash")
        await type_text(pilot, "油桶")
        await settle(pilot)
        barrel = [i for i in overdue if "油桶" in Rectification.get_by_id(i).new_problem]
        assert shown_ids(app) == barrel and barrel
        await pilot.press("enter")  # back to the list
        assert app.focused is screen.table


async def test_enter_opens_the_editor_and_unit_user_sees_own_items(demo_db):
    app = make_app(login="qixing")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_problems(pilot)
        own = listed(ItemFilter(units=("七星村",)))
        assert shown_ids(app) == own
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ItemEditorScreen)
        assert app.screen.item_id == own[1]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.current_row.id == own[1]  # the cursor stayed


async def test_item_text_is_shown_literally(demo_db):
    item = open_item(RectStatus.IN_PROGRESS)
    Rectification.update(new_problem="[bold]油桶[/bold] \x1b[31m渗漏").where(
        Rectification.id == item.id).execute()
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await open_problems(pilot)
        await pilot.press("slash")
        await type_text(pilot, "渗漏")
        await settle(pilot)
        assert shown_ids(app) == [item.id]
        text = screen_text(app)
        assert "[bold]油桶[/bold]" in text and "\x1b" not in text
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert "[bold]油桶[/bold]" in app.screen.query_one("#new_problem").text


# ---------------------------------------------------------------- the editor

async def test_milestone_rule_same_year_to_cross_year(demo_db):
    item = open_item(RectStatus.IN_PROGRESS, cross_year=False)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(pilot, item.id)
        blocks = editor.query(MeasureBlock)
        assert [list(b.target_inputs) for b in blocks] == [["2024Q1", "2024Q2"]] * 2
        assert "2024年第二季度" in screen_text(app)
        deadline = editor.query_one("#deadline")
        deadline.focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "2025-06-30")
        await settle(pilot)
        blocks = list(editor.query(MeasureBlock))
        assert [list(b.target_inputs) for b in blocks] == [["2024", "2025"]] * 2
        assert "不在整改期内的旧目标（保存时删除）" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = errors(editor)["整改措施"]
        assert "第1条：跨年实施，需明确年度工作目标；缺少年度目标：2024年、2025年" in message
        assert "第2条" in message
        assert Rectification.get_by_id(item.id).version == item.version  # nothing saved
        for block in blocks:
            block.target_inputs["2024"].value = "完成整改方案和主体工程"
            block.target_inputs["2025"].value = "长效管理，不反弹"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not errors(editor)
        saved = Rectification.get_by_id(item.id)
        assert saved.deadline == dt.date(2025, 6, 30) and saved.version == item.version + 1
        stones = [json.loads(m.milestones) for m in Measure.select().where(
            Measure.rectification == item.id).order_by(Measure.position)]
        assert stones == [[{"period": "2024", "target": "完成整改方案和主体工程"},
                           {"period": "2025", "target": "长效管理，不反弹"}]] * 2
        assert "已保存整改事项" in notices(app)
        assert not editor.dirty


async def test_milestone_rule_cross_year_to_same_year(demo_db):
    item = open_item(RectStatus.IN_PROGRESS, cross_year=True)
    needed = rectifications.required_periods(item.opened_on, dt.date(2024, 9, 30))
    labels = [rectifications.period_label(p) for p in needed]
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(pilot, item.id)
        editor.query_one("#deadline").value = "2024-09-30"
        await settle(pilot)
        assert [list(b.target_inputs) for b in editor.query(MeasureBlock)] == [needed] * 2
        text = screen_text(app)
        assert all(label in text for label in labels)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert (f"当年完成，需明确季度工作目标；缺少季度目标：{'、'.join(labels)}"
                in errors(editor)["整改措施"])
        assert Rectification.get_by_id(item.id).deadline == item.deadline
        # back to the old deadline: the yearly targets come back, nothing to fix
        editor.query_one("#deadline").value = item.deadline.isoformat()
        await settle(pilot)
        assert not editor.dirty


async def test_an_edited_measure_loses_its_mark(demo_db):
    """Refused measures are outlined and the field says why; typing in one of them takes
    that measure's outline and the field's message away (the next save says again what is
    still missing), the other measure stays outlined."""
    item = open_item(RectStatus.IN_PROGRESS, cross_year=False)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(pilot, item.id)
        editor.query_one("#deadline").value = "2025-06-30"  # now yearly targets are needed
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "第1条：跨年实施" in errors(editor)["整改措施"]
        first, second = editor.query(MeasureBlock)
        assert first.has_class("-invalid") and second.has_class("-invalid")
        first.target_inputs["2024"].focus()
        await type_text(pilot, "完成方案")
        await settle(pilot)
        assert "整改措施" not in errors(editor)
        assert not first.has_class("-invalid") and second.has_class("-invalid")
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = errors(editor)["整改措施"]
        assert "第1条：跨年实施，需明确年度工作目标；缺少年度目标：2025年" in message
        assert "第2条" in message


async def test_measures_saved_in_order_after_add_move_delete(demo_db):
    item = open_item(RectStatus.IN_PROGRESS, cross_year=False)
    first, second = [m.content for m in rectifications.measures_of(item)]
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(pilot, item.id)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await type_text(pilot, "增设喷淋")  # the new measure's text has the focus
        new = list(editor.query(MeasureBlock))[2]
        new.target_inputs["2024Q1"].value = "完成采购"
        new.target_inputs["2024Q2"].value = "完成安装"
        await pilot.press("ctrl+up")  # third → second
        await settle(pilot)
        blocks = list(editor.query(MeasureBlock))
        await pilot.click(blocks[1].query_one(".measure--up"))  # second → first
        await settle(pilot)
        assert [m["content"] for m in editor.measures_editor.measures()] == [
            "增设喷淋", first, second]
        # still in the moved measure (the buttons take no focus: typed text goes to a field)
        assert app.focused is list(editor.query(MeasureBlock))[0].content_input
        await pilot.press("ctrl+down")  # back to second
        await settle(pilot)
        blocks = list(editor.query(MeasureBlock))
        await pilot.click(blocks[2].query_one(".measure--delete"))  # the old second goes
        await settle(pilot)
        assert [m["content"] for m in editor.measures_editor.measures()] == [first, "增设喷淋"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        rows = list(Measure.select().where(Measure.rectification == item.id)
                    .order_by(Measure.position))
        assert [m.content for m in rows] == [first, "增设喷淋"]
        assert [m.position for m in rows] == [1, 2]
        assert json.loads(rows[1].milestones) == [
            {"period": "2024Q1", "target": "完成采购"}, {"period": "2024Q2", "target": "完成安装"}]


async def test_invalid_fields_are_marked_and_nothing_saved(demo_db):
    item = open_item(RectStatus.IN_PROGRESS, cross_year=False)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, item.id)
        editor.fill({"target_standard": "", "deadline": "2024-13-40", "problem_type": ""})
        await pilot.press("ctrl+s")
        await settle(pilot)
        found = errors(editor)
        assert found["目标任务（标准）"] == "不能为空"
        assert found["问题类型"] == "不能为空"
        assert "不是有效日期" in found["完成时限"]
        assert Rectification.get_by_id(item.id).version == item.version
        editor.fill({"deadline": "2024-01-01", "target_standard": "达标",
                     "problem_type": "来电"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "不能早于问题发现日期" in errors(editor)["完成时限"]


async def test_every_life_cycle_step_and_refusals(demo_db):
    item = open_item(RectStatus.IN_PROGRESS, cross_year=False)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(pilot, item.id)

        async def step(key: str) -> StatusDialog:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, StatusDialog)
            return app.screen

        def status() -> RectStatus:
            return RectStatus(Rectification.get_by_id(item.id).status)

        # 退回整改 from 整改中 is not a step of the life cycle: no dialog, the service's words
        await pilot.press("f4")
        await settle(pilot)
        assert app.screen is editor
        assert "状态：不能从“整改中”改为“整改中”。" in notices(app)

        # unsaved edits first
        editor.fill({"implementer": "七星村村委会"})
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is editor and "请先按 ctrl+s 保存修改，再报验收" in notices(app)
        await pilot.press("ctrl+s")
        await settle(pilot)

        # 报验收 → 待验收, dated today
        dialog = await step("f2")
        assert dialog.values()["on"] == TODAY.isoformat()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor and status() == RectStatus.AWAITING
        assert Rectification.get_by_id(item.id).reported_on == TODAY
        assert "报验收 2024-04-15" in life(editor)

        # 退回整改 needs a reason
        dialog = await step("f4")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert errors(dialog) == {"退回原因": "不能为空"}
        assert status() == RectStatus.AWAITING
        await type_text(pilot, "喷淋未通水")  # the refused field has the focus
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor and status() == RectStatus.IN_PROGRESS
        assert Rectification.get_by_id(item.id).return_reason == "喷淋未通水"
        assert f"退回整改 {TODAY}：喷淋未通水" in life(editor)

        # 移交执法: a date not after today, the department and a reason
        dialog = await step("f5")
        dialog.query_one("#step-on").value = "2024-04-16"
        dialog.query_one("#step-reason").load_text("拒不整改")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert errors(dialog) == {"移交日期": "不能晚于今天", "移交部门": "不能为空"}
        dialog.query_one("#step-department").value = "区生态环境综合执法大队"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and errors(dialog) == {"移交日期": "不能晚于今天"}
        dialog.query_one("#step-on").value = "2024-04-12"
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = Rectification.get_by_id(item.id)
        assert app.screen is editor and saved.status == RectStatus.REFERRED.value
        assert (saved.referred_on, saved.referral_reason) == (dt.date(2024, 4, 12), "拒不整改")
        assert saved.referral_department == "区生态环境综合执法大队"
        assert "移交执法 2024-04-12 → 区生态环境综合执法大队：拒不整改" in life(editor)

        # a referred item closes with the acceptance date and the result of enforcement
        dialog = await step("f3")
        assert dialog.values()["accepted_by"] == item.acceptor
        await pilot.press("ctrl+u")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert errors(dialog) == {"验收日期": "不能为空", "执法结果": "不能为空"}
        dialog.query_one("#step-on").value = "2024-04-14"
        dialog.query_one("#step-reason").load_text("立案处罚，已整改")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = Rectification.get_by_id(item.id)
        assert app.screen is editor and saved.status == RectStatus.CLOSED.value
        assert (saved.accepted_on, saved.accepted_by) == (dt.date(2024, 4, 14), item.acceptor)
        assert saved.referral_result == "立案处罚，已整改"
        assert "执法结果 2024-04-14：立案处罚，已整改" in life(editor)
        assert "验收销号 2024-04-14（里山街道生态环境站）" in life(editor)
        assert "已销号，只读" in str(editor.query_one("#item-head", Static).content)
        assert editor.query_one("#target_standard").disabled

        # nothing moves back from 已销号, and it cannot be edited
        await pilot.press("f4")
        await settle(pilot)
        assert app.screen is editor
        assert "状态：已销号的事项不能再改变状态。" in notices(app)
        assert status() == RectStatus.CLOSED


async def test_a_step_refused_from_its_button_puts_the_focus_on_the_field(demo_db):
    """Enter on the step's button with a required reason left empty: the refusal is said
    under the reason, the focus goes there (not left on the button, where typing goes
    nowhere), and what is typed next fills it and takes the message away."""
    item = open_item(RectStatus.AWAITING)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_editor(pilot, item.id)
        await pilot.press("f4")  # 退回整改
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        await pilot.press("tab", "tab")  # 退回日期 → 退回原因 → the button
        assert app.focused is dialog.query_one("#ok")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert errors(dialog) == {"退回原因": "不能为空"}
        assert "不能为空" in screen_text(app)
        assert app.focused is dialog.query_one("#step-reason")
        await type_text(pilot, "喷淋未通水")
        await settle(pilot)
        assert not errors(dialog) and "不能为空" not in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = Rectification.get_by_id(item.id)
        assert (saved.status, saved.return_reason) == (RectStatus.IN_PROGRESS.value, "喷淋未通水")


async def test_unit_user_is_not_offered_referral(demo_db):
    item = open_item(RectStatus.IN_PROGRESS, unit="七星村")
    app = make_app(login="qixing")
    async with app.run_test(size=(100, 40)) as pilot:
        editor = await open_editor(pilot, item.id)
        assert editor.query_one("#acceptor").disabled  # the station names it
        footer = screen_text(app).rstrip("\n").splitlines()[-1]
        assert "f2 报验收" in footer and "移交执法" not in footer  # not offered to a unit
        await pilot.press("f5")
        await settle(pilot)
        assert app.screen is editor  # no dialog to fill in before being refused
        assert Rectification.get_by_id(item.id).status == RectStatus.IN_PROGRESS.value
        # the service refuses it all the same (a key is not the only way in)
        with pytest.raises(ValidationError, match="只有街道生态环境站可以移交执法"):
            rectifications.set_status(User.get(User.login == "qixing"), item.id, "移交执法",
                                      reason="拒不整改", department="区执法局")


async def test_concurrent_edit_is_shown_and_merged(demo_db):
    item = open_item(RectStatus.IN_PROGRESS, cross_year=False)
    other = User.create(login="other", display_name="另一位站员", role=Role.STATION.value,
        street=Street.select().first(), is_admin=True)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, item.id)
        current = Rectification.get_by_id(item.id)
        rectifications.update_item(other, item.id, {
            "problem_type": current.problem_type, "original_problem": current.original_problem,
            "new_problem": current.new_problem, "target_standard": "他人改过的标准",
            "implementer": current.implementer, "acceptor": current.acceptor,
            "deadline": current.deadline, "note": current.note},
            rectifications.measures_of(current), current.version)
        editor.fill({"implementer": "七星村村委会"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        text = screen_text(app)
        assert "other" in text and "目标任务（标准）" in text and "他人改过的标准" in text
        await pilot.click("#overwrite")
        await settle(pilot)
        saved = Rectification.get_by_id(item.id)
        assert saved.implementer == "七星村村委会"  # mine
        assert saved.target_standard == "他人改过的标准"  # theirs, kept
        assert app.screen is editor and not editor.dirty
        assert editor.collect()["target_standard"] == "他人改过的标准"


async def test_an_open_editor_follows_another_users_change(demo_db):
    """Left open untouched, the editor shows the other user's new state at once; being
    edited, it says so at once, keeps what was typed, and the save still shows the
    conflict."""
    item = open_item(RectStatus.IN_PROGRESS, cross_year=False)
    other = User.create(login="other", display_name="另一位站员", role=Role.STATION.value,
        street=Street.select().first(), is_admin=True)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, item.id)
        assert "整改中" in str(editor.query_one("#item-head", Static).content)
        rectifications.set_status(other, item.id, "待验收", reason="已完成")
        app.data_changed()  # what the poll does when it sees the database changed
        await settle(pilot)
        head = str(editor.query_one("#item-head", Static).content)
        assert "待验收" in head and "整改中" not in head
        assert editor.version == Rectification.get_by_id(item.id).version
        # now typing, and the other user sends it back
        editor.fill({"implementer": "七星村村委会"})
        await settle(pilot)
        assert editor.dirty
        rectifications.set_status(other, item.id, "整改中", reason="材料不全")
        app.data_changed()
        await settle(pilot)
        assert "另一位站员 刚刚修改了这条整改事项（现为“整改中”）" in notices(app)
        assert editor.collect()["implementer"] == "七星村村委会"  # nothing typed is lost
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)  # still detected on save


async def test_conflict_dialog_shows_measures_as_the_editor_does(demo_db):
    item = open_item(RectStatus.IN_PROGRESS, cross_year=False)
    other = User.create(login="other", display_name="另一位站员", role=Role.STATION.value,
                        street=Street.select().first())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, item.id)
        current = Rectification.get_by_id(item.id)
        measures = [*rectifications.measures_of(current), rectifications.MeasureInput(
            "增设隔音屏", [{"period": "2024Q1", "target": "完成采购"},
                          {"period": "2024Q2", "target": "完成安装"}])]
        rectifications.update_item(other, item.id, {
            "problem_type": current.problem_type, "original_problem": current.original_problem,
            "new_problem": current.new_problem, "target_standard": current.target_standard,
            "implementer": current.implementer, "acceptor": current.acceptor,
            "deadline": current.deadline, "note": current.note}, measures, current.version)
        editor.fill({"implementer": "七星村村委会"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        text = screen_text(app)
    assert "整改措施：" in text and "原为：" in text and "改为：" in text
    # as the editor and the history show them: numbered, with their quarter's target
    assert "3.增设隔音屏（2024年第一季度：完成采购；2024年第二季度：完成安装）" in text
    assert f"1.{measures[0].content}" in text
    assert '{"content"' not in text and "milestones" not in text and "2024Q2" not in text


async def test_new_items_of_an_inspection_open_in_the_editor(demo_db):
    """A fresh 新发现 item: defaults from its case, no deadline, no measures yet."""
    from huitoukan_tui.services import inspections

    _, [new] = inspections.record_inspection(admin(), "LS-2022-022", inspections.InspectionInput(
        "2024-04-10", "张伟", "是", "无", "满意", new_problems=["废油桶渗漏"]), today=TODAY)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, new.id)
        values = editor.collect()
        assert values["problem_type"] == new.problem_type  # the case's channel
        assert values["original_problem"] == new.case.content
        assert values["new_problem"] == "废油桶渗漏" and values["deadline"] == ""
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "填写完成时限后" in screen_text(app)
        await type_text(pilot, "清理油桶")
        editor.fill({"deadline": "2024-05-31", "target_standard": "无渗漏"})
        await settle(pilot)
        [block] = editor.query(MeasureBlock)
        assert list(block.target_inputs) == ["2024Q2"]
        block.target_inputs["2024Q2"].value = "完成清理"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not errors(editor)
        saved = Rectification.get_by_id(new.id)
        assert saved.deadline == dt.date(2024, 5, 31)
        assert rectifications.measures_of(saved)[0].milestones == [
            {"period": "2024Q2", "target": "完成清理"}]
        assert isinstance(rectifications.measures_of(saved)[0], MeasureInput)


async def test_reporting_an_incomplete_row_marks_what_it_lacks(demo_db):
    """报验收 on a row without its measures, target or deadline: no dialog asking for a date
    first, to be refused after; the editor marks the missing fields as the service words
    them and puts the focus on the first, where the user fills it in. Saved complete, the
    same key opens the step."""
    from huitoukan_tui.services import inspections

    _, [new] = inspections.record_inspection(admin(), "LS-2022-022", inspections.InspectionInput(
        "2024-04-10", "张伟", "是", "无", "满意", new_problems=["废油桶渗漏"]), today=TODAY)
    raw = Rectification.get_by_id(new.id)
    missing = {"整改措施": "报验收前至少填写一条"} if not rectifications.measures_of(raw) else {}
    if not raw.target_standard:
        missing["目标任务（标准）"] = "报验收前必须填写"
    if raw.deadline is None:
        missing["完成时限"] = "报验收前必须填写"
    assert len(missing) == 3  # a fresh 新发现 item lacks all three
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, new.id)
        await pilot.press("f2")  # 报验收
        await settle(pilot)
        assert app.screen is editor  # no dialog
        assert errors(editor) == missing
        assert "不能报验收：请先填写标红的 3 项并保存。" in notices(app)
        first = next(row for row in editor.query(FieldRow) if row.label in missing)
        assert app.focused is first.control or first.control in app.focused.ancestors
        assert Rectification.get_by_id(new.id).status == RectStatus.IN_PROGRESS.value
        await pilot.press("ctrl+n")
        await type_text(pilot, "清理油桶")
        editor.fill({"deadline": "2024-05-31", "target_standard": "无渗漏"})
        await settle(pilot)
        [block] = editor.query(MeasureBlock)
        block.target_inputs["2024Q2"].value = "完成清理"
        await settle(pilot)
        assert not errors(editor)  # each mark went as its field was filled
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, StatusDialog)


# ---------------------------------------------------------------- snapshots

def _snapshot_app():
    return make_app(today=LATE)


async def _to_problems(pilot) -> None:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_problems_snapshot(demo_db, snap_compare, size):
    assert snap_compare(_snapshot_app(), terminal_size=size, run_before=_to_problems)
