"""The inspection form and the case form: what is saved, what is refused and why, leaving a
changed form, and concurrent edits."""

from __future__ import annotations

import datetime as dt

import pytest

from huitoukan_tui.enums import RectKind, Role
from huitoukan_tui.models import Case, Inspection, Rectification, Street, User
from huitoukan_tui.services import cases as case_service
from huitoukan_tui.tui.screens.case_form import CaseFormScreen
from huitoukan_tui.tui.screens.dialogs import ConfirmDialog, ConflictDialog, CreatedItemsDialog
from huitoukan_tui.tui.screens.inspection_form import InspectionFormScreen
from huitoukan_tui.tui.screens.item_editor import ItemEditorScreen
from huitoukan_tui.tui.screens.ledger import LedgerScreen
from huitoukan_tui.tui.widgets.field import FieldRow
from tests.ledger import entry
from tests.tui_helpers import make_app, notices, screen_text, settle, type_text

sqlite_only = pytest.mark.sqlite_only  # engine-neutral UI code; services run on every engine

PENDING_CASE = "LS-2022-022"  # 待核查, received 2022-07-03


async def _open_inspection(pilot, case_no: str = PENDING_CASE, *,
                           by_keys: bool = False) -> InspectionFormScreen:
    """The form for ``case_no``: found with the search box and ``i`` (``by_keys``), or
    opened directly (typing costs Pilot ~0.15 s a character)."""
    await settle(pilot)
    if by_keys:
        await pilot.press("slash")
        await type_text(pilot, case_no)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("i")
    else:
        pilot.app.open_inspection(case_no)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, InspectionFormScreen)
    assert form.case_no == case_no
    return form


def _errors(form) -> dict[str, str]:
    return {row.label: row.error for row in form.query(FieldRow) if row.error}


@sqlite_only  # PostgreSQL and the workers' own connections: test_tui_ledger's first test
async def test_inspection_is_saved_with_every_field(demo_db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_inspection(pilot, by_keys=True)
        await settle(pilot)
        case = Case.get(Case.case_no == PENDING_CASE)
        brief = str(form.query_one("#case-summary").render())
        assert brief == (f"信访件 {PENDING_CASE} · {case.unit.name} · 受理 2022-07-03"
                         f" · {case.target}：{case.content}")
        await pilot.press("ctrl+u")
        await type_text(pilot, "2024-04-10")
        await pilot.press("tab")
        await type_text(pilot, "张伟、李娜")
        await pilot.press("tab", "right", "enter")  # 是否处理到位：否
        await pilot.press("tab", "right", "enter")  # 有无反弹：有
        await pilot.press("tab", "right", "enter")  # 信访人：基本满意
        await pilot.press("tab")
        await type_text(pilot, "仍有噪声。")
        await pilot.press("enter")
        await type_text(pilot, "已约谈。")
        await pilot.press("tab")
        await type_text(pilot, "废油桶渗漏")
        await pilot.press("enter")
        await type_text(pilot, "危废无标识")
        await pilot.press("ctrl+s")
        await settle(pilot)

        saved = list(Inspection.select().where(Inspection.case == case))
        assert len(saved) == 1
        ins = saved[0]
        assert ins.inspected_on == dt.date(2024, 4, 10)
        assert ins.inspectors == "张伟、李娜"
        assert ins.handled is False and ins.rebound is True
        assert ins.satisfaction == "basically"
        assert ins.findings == "仍有噪声。\n已约谈。"
        assert ins.created_by == "admin"
        items = list(Rectification.select().where(Rectification.inspection == ins)
                     .order_by(Rectification.id))
        assert [(i.kind, i.new_problem) for i in items] == [
            (RectKind.NOT_RECTIFIED.value, ""), (RectKind.REBOUND.value, ""),
            (RectKind.NEW.value, "废油桶渗漏"), (RectKind.NEW.value, "危废无标识")]
        assert entry(case).status == "rectifying"
        assert (f"已保存 {PENDING_CASE} 的核查记录（2024-04-10）；生成整改事项："
                + "、".join(f"#{i.id} {k}" for i, k in zip(items, [
                    "未整改到位", "反弹", "新发现", "新发现"], strict=True))) in notices(app)

        # 否 / 有 offer the four-list editor for the items they created
        dialog = app.screen
        assert isinstance(dialog, CreatedItemsDialog)
        assert [i[0] for i in dialog.items] == [i.id for i in items]
        await pilot.press("enter")  # the first item
        await settle(pilot)
        assert isinstance(app.screen, ItemEditorScreen)
        assert app.screen.item_id == items[0].id


@sqlite_only
async def test_enter_or_space_in_a_radio_group_picks_the_highlighted_choice(demo_db):
    """Tab into a group where nothing is chosen, then enter (or space): its first choice is
    picked (是, 无, 满意); an arrow moves the highlight first; a group emptied again (a form
    refilled) starts over at its first choice, not at the one chosen before."""
    from textual.widgets import RadioSet

    from huitoukan_tui.tui.screens.form import radio_value

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_inspection(pilot)

        def chosen() -> dict[str, str]:
            return {name: radio_value(form.query_one(f"#{name}", RadioSet))
                    for name in ("handled", "rebound", "satisfaction")}

        assert chosen() == {"handled": "", "rebound": "", "satisfaction": ""}
        await pilot.press("tab", "tab")  # 核查日期 → 核查人员 → 是否处理到位
        assert app.focused is form.query_one("#handled")
        await pilot.press("enter")
        await pilot.press("tab", "space")
        await pilot.press("tab", "right", "right", "enter")
        await settle(pilot)
        assert chosen() == {"handled": "是", "rebound": "无", "satisfaction": "不满意"}
        assert "▐●▌ 是" in screen_text(app) and "▐●▌ 无" in screen_text(app)

        form.fill({"handled": "否", "rebound": "有"})
        form.fill({"handled": "", "rebound": ""})
        await pilot.press("shift+tab", "shift+tab")  # back to 是否处理到位
        assert app.focused is form.query_one("#handled")
        await pilot.press("space", "tab", "enter")
        await settle(pilot)
        assert chosen() == {"handled": "是", "rebound": "无", "satisfaction": "不满意"}


@sqlite_only
async def test_each_invalid_field_is_refused_with_its_reason(demo_db):
    valid = {"inspected_on": "2024-04-10", "inspectors": "张伟", "handled": "是",
             "rebound": "无", "satisfaction": "满意", "findings": "", "new_problems": ""}
    # every field wrong at once: each is marked with its own reason
    all_wrong = {"inspected_on": "2021-01-01", "inspectors": "  ", "handled": "",
                 "rebound": "", "satisfaction": "", "findings": "查" * 4001,
                 "new_problems": "废油桶\n" + "问" * 1001}
    reasons = {"核查日期": "不能早于受理日期 2022-07-03", "核查人员": "不能为空",
               "是否处理到位": "必须选择", "有无反弹": "必须选择",
               "信访人是否满意": "必须选择（满意、基本满意、不满意、联系不上）",
               "核查情况": "过长", "新发现问题": "第2条：过长"}
    # then the other ways a single field can be wrong
    refusals = [
        ({"inspected_on": "2024-04-16"}, "核查日期", "不能晚于今天"),
        ({"inspected_on": "2024-13-40"}, "核查日期", "不是有效日期"),
        ({"inspected_on": ""}, "核查日期", "不能为空"),
        ({"inspectors": "张" * 201}, "核查人员", "过长"),
    ]
    before = (Inspection.select().count(), Rectification.select().count())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_inspection(pilot)
        form.fill(all_wrong)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        errors = _errors(form)
        assert set(errors) == set(reasons)
        for label, reason in reasons.items():
            assert reason in errors[label], (label, errors[label])
        assert "未保存" in notices(app)
        assert (Inspection.select().count(), Rectification.select().count()) == before
        for override, label, message in refusals:
            form.fill({**valid, **override})
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form, override
            errors = _errors(form)
            assert list(errors) == [label], (override, errors)
            assert message in errors[label], (override, errors)
            assert (Inspection.select().count(), Rectification.select().count()) == before
        # corrected: saved, and the marks are gone
        form.fill(valid)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Inspection.select().count() == before[0] + 1
        assert isinstance(app.screen, LedgerScreen)


@sqlite_only
async def test_a_corrected_field_loses_its_mark_at_once(demo_db):
    """A refused field's message goes as soon as its value is changed (typed into, or
    another choice picked), not at the next save; the fields not touched keep theirs."""
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _open_inspection(pilot)
        form.fill({"inspected_on": "2024-04-16", "inspectors": "", "handled": "",
                   "rebound": "无", "satisfaction": "满意"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert set(_errors(form)) == {"核查日期", "核查人员", "是否处理到位"}
        text = screen_text(app)
        assert "不能晚于今天" in text and "不能为空" in text and "必须选择" in text
        assert app.focused is form.query_one("#inspected_on")  # the first refused field
        await pilot.press("tab")  # 核查人员
        await type_text(pilot, "张伟")
        await settle(pilot)
        assert set(_errors(form)) == {"核查日期", "是否处理到位"}
        text = screen_text(app)
        assert "不能为空" not in text
        assert "不能晚于今天" in text and "必须选择" in text
        await pilot.press("tab", "enter")  # 是否处理到位: its first choice, 是
        await settle(pilot)
        assert set(_errors(form)) == {"核查日期"}
        assert "必须选择" not in screen_text(app)
        assert "不能晚于今天" in screen_text(app)
        assert Inspection.select().where(Inspection.inspectors == "张伟").count() == 0


@sqlite_only
async def test_escape_on_a_changed_form_asks_first(demo_db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open_inspection(pilot)
        await pilot.press("escape")  # unchanged: leaves at once
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)

        form = await _open_inspection(pilot)
        await pilot.press("tab")
        await type_text(pilot, "王强")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "放弃修改？" in screen_text(app)
        await pilot.press("enter")  # the focused answer is 继续编辑
        await settle(pilot)
        assert app.screen is form
        assert form.collect()["inspectors"] == "王强"

        # quitting with a changed form asks too
        await pilot.press("tab")  # onto the 是/否 choice, where q is a key, not text
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "仍要退出" in screen_text(app)
        await pilot.press("enter")  # 返回编辑
        await settle(pilot)
        assert app.screen is form

        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("left", "enter")  # 放弃修改
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        assert Inspection.select().join(Case).where(Case.case_no == PENDING_CASE).count() == 0


@sqlite_only
async def test_viewer_cannot_open_forms(demo_db):
    app = make_app(login="quhuanweiban")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = screen_text(app).rstrip("\n").splitlines()[-1]
        assert "核查" not in footer and "新建" not in footer  # keys not offered
        for key in ("i", "n", "c"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, LedgerScreen)


# ---------------------------------------------------------------- case form

NEW_CASE = {"case_no": "LS-2024-100", "channel": "12345热线", "received_on": "2024-03-18",
            "unit": "桃坡村", "petitioner": "赵女士", "phone": "13912345678",
            "target": "桃坡村某洗砂场", "location": "桃坡村河口组", "category": "废水",
            "content": "洗砂废水排入河道。\n河水浑浊。", "original_handling": "责令停产整改。"}


@sqlite_only
async def test_new_case_is_saved_and_shown(demo_db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        await type_text(pilot, NEW_CASE["case_no"])  # typed into 编号, the focused field
        form.fill({k: v for k, v in NEW_CASE.items() if k != "case_no"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        case = Case.get(Case.case_no == "LS-2024-100")
        assert (case.channel, case.received_on, case.unit.name, case.petitioner, case.phone,
                case.target, case.location, case.category, case.content,
                case.original_handling) == (
            "hotline12345", dt.date(2024, 3, 18), "桃坡村", "赵女士", "13912345678",
            "桃坡村某洗砂场", "桃坡村河口组", "废水", "洗砂废水排入河道。\n河水浑浊。",
            "责令停产整改。")
        assert isinstance(app.screen, LedgerScreen)
        assert "显示 35 / 35" in screen_text(app)


@sqlite_only
async def test_case_form_refusals_are_shown_per_field(demo_db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        errors = _errors(form)
        assert {label for label in errors} == {"编号", "来源", "受理日期", "核查单位",
                                               "被反映对象", "反映问题"}
        assert all("不能为空" in m for m in errors.values())
        form.fill({**NEW_CASE, "case_no": "LS-2021-001", "phone": "电话号码",
                   "received_on": "2099-01-01"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        errors = _errors(form)
        assert "已存在" in errors["编号"]
        assert "非电话号码字符" in errors["联系电话"]
        assert "不能晚于今天" in errors["受理日期"]
        assert Case.select().count() == 34


@sqlite_only
async def test_an_open_correction_follows_another_users_change(demo_db):
    other = User.create(login="other", display_name="另一位站员", role=Role.STATION.value,
        street=Street.select().first(), is_admin=True)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("c")  # the cursor is on LS-2021-001
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen) and not form.dirty
        case_service.update_case(other, "LS-2021-001", {"location": "七星村工业区"},
                                 form.version)
        app.data_changed()  # what the poll does when it sees the database changed
        await settle(pilot)
        assert form.collect()["location"] == "七星村工业区"  # untouched: shown as it is now
        assert "另一位站员 刚刚修改了这件信访件，已显示最新内容" in notices(app)
        assert not form.dirty
        form.fill({"category": "扬尘（改）"})
        case_service.update_case(other, "LS-2021-001", {"content": "他人又改过的问题"},
                                 form.version)
        app.data_changed()
        await settle(pilot)
        assert "另一位站员 刚刚修改了这件信访件。你的修改还在" in notices(app)
        assert form.collect()["category"] == "扬尘（改）"  # what was typed stays
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)  # still detected on save


@sqlite_only
async def test_correcting_a_case_and_a_concurrent_edit(demo_db):
    admin = User.get(User.login == "admin")
    other = User.create(login="other", display_name="另一位站员", role=Role.STATION.value,
        street=Street.select().first(), is_admin=True)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("c")  # the cursor is on LS-2021-001
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        assert form.collect()["target"] == "池州市鑫源混凝土有限公司"
        version = form.version

        # meanwhile someone else corrects the problem text
        case_service.update_case(other, "LS-2021-001", {"content": "他人改过的问题"}, version)
        form.fill({"target": "鑫源混凝土公司（更名）"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        text = screen_text(app)
        assert "other" in text and "反映问题" in text and "他人改过的问题" in text
        await pilot.click("#overwrite")
        await settle(pilot)
        case = Case.get(Case.case_no == "LS-2021-001")
        assert case.target == "鑫源混凝土公司（更名）"  # mine, re-applied
        assert case.content == "他人改过的问题"  # theirs, kept
        assert case.version == version + 2
        assert not isinstance(app.screen, CaseFormScreen)

        # again, this time reloading: the form shows their version, mine is dropped
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        case_service.update_case(admin, "LS-2021-001", {"location": "七星村工业区"},
                                 form.version)
        form.fill({"category": "扬尘（改）"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.click("#reload")
        await settle(pilot)
        assert app.screen is form
        assert form.collect()["location"] == "七星村工业区"
        assert form.collect()["category"] == "扬尘"
        assert not form.dirty


@sqlite_only
async def test_enter_on_a_conflict_keeps_what_was_typed(demo_db):
    """The conflict dialog opens on 继续编辑: an enter pressed before reading it goes back to
    the form with the typed value, saving and dropping nothing; ← → move between the
    answers."""
    other = User.create(login="other", display_name="另一位站员", role=Role.STATION.value,
        street=Street.select().first(), is_admin=True)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("c")  # the cursor is on LS-2021-001
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        case_service.update_case(other, "LS-2021-001", {"content": "他人改过的问题"},
                                 form.version)
        form.fill({"target": "鑫源混凝土公司（更名）"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)

        def focused() -> str:
            return str(app.focused.label)

        assert focused() == "继续编辑"
        await pilot.press("left")
        assert focused() == "仍然保存我的修改"
        await pilot.press("left")
        assert focused() == "重新载入"
        await pilot.press("left")  # round to the last one
        assert focused() == "继续编辑"
        await pilot.press("right")
        assert focused() == "重新载入"
        await pilot.press("right", "right")
        assert focused() == "继续编辑"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        assert form.collect()["target"] == "鑫源混凝土公司（更名）"  # what was typed is kept
        assert form.dirty
        case = Case.get(Case.case_no == "LS-2021-001")
        assert case.target == "池州市鑫源混凝土有限公司"  # nothing saved over theirs
        assert case.content == "他人改过的问题"
