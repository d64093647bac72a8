"""Drafts: what was typed into a form survives a dropped connection (and a quit), is offered
back at the next login or when the form opens again, and is gone once saved or discarded."""

from __future__ import annotations

import pytest

from huitoukan_tui.models import Case, Inspection, User
from huitoukan_tui.services import drafts
from huitoukan_tui.tui.drafts import draft_form
from huitoukan_tui.tui.screens.case_form import CaseFormScreen
from huitoukan_tui.tui.screens.dialogs import ConfirmDialog
from huitoukan_tui.tui.screens.draft_dialogs import DraftListDialog, DraftOfferDialog
from huitoukan_tui.tui.screens.inspection_form import InspectionFormScreen
from huitoukan_tui.tui.screens.ledger import LedgerScreen
from tests.tui_helpers import make_app, notices, screen_text, settle, type_text

sqlite_only = pytest.mark.sqlite_only  # engine-neutral UI code; services run on every engine

PENDING_CASE = "LS-2022-022"  # 待核查, received 2022-07-03
TYPED = {"inspected_on": "2024-04-10", "inspectors": "张伟、李娜", "handled": "否",
         "rebound": "有", "satisfaction": "基本满意", "findings": "仍有噪声。\n已约谈[老板]。",
         "new_problems": "废油桶渗漏\n危废无标识"}


def _drafts(login: str = "admin") -> dict[str, dict]:
    admin = User.get(User.login == login)
    return {d.form_key: d.data for d in drafts.list_drafts(admin)}


async def _type_inspection(pilot) -> InspectionFormScreen:
    """Fill the inspection form of PENDING_CASE key by key, as TYPED."""
    await settle(pilot)
    pilot.app.open_inspection(PENDING_CASE)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, InspectionFormScreen)
    await pilot.press("ctrl+u")
    await type_text(pilot, TYPED["inspected_on"])
    await pilot.press("tab")
    await type_text(pilot, TYPED["inspectors"])
    await pilot.press("tab", "right", "enter")  # 否
    await pilot.press("tab", "right", "enter")  # 有
    await pilot.press("tab", "right", "enter")  # 基本满意
    await pilot.press("tab")
    await type_text(pilot, "仍有噪声。")
    await pilot.press("enter")
    await type_text(pilot, "已约谈[老板]。")
    await pilot.press("tab")
    await type_text(pilot, "废油桶渗漏")
    await pilot.press("enter")
    await type_text(pilot, "危废无标识")
    assert form.collect() == TYPED
    return form


def test_form_keys_name_their_forms():
    assert draft_form("inspection:LS-2021-001").title == "现场核查/回访 LS-2021-001"
    assert draft_form("case:new").title == "新建信访件"
    assert draft_form("case:LS-2021-001").title == "更正信访件 LS-2021-001"
    assert draft_form("item:12").title == "四项清单编辑 #12"
    assert draft_form("remark:七星村:2024-03-21").make is None


@sqlite_only
async def test_hangup_keeps_the_draft_and_the_next_login_restores_it(demo_db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _type_inspection(pilot)
        app.on_hangup()  # the SSH link dropped: no question, no terminal, just exit
        await pilot.pause()
    assert app.return_code == 129
    assert _drafts() == {f"inspection:{PENDING_CASE}": TYPED}

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DraftListDialog)
        text = screen_text(app)
        assert "1 份未保存的草稿" in text and f"现场核查/回访 {PENDING_CASE}" in text
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, InspectionFormScreen) and form.case_no == PENDING_CASE
        assert form.collect() == TYPED  # every field, Chinese and brackets as typed
        assert form.dirty
        assert "已恢复" in notices(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
    case = Case.get(Case.case_no == PENDING_CASE)
    saved = Inspection.get(Inspection.case == case)
    assert saved.inspectors == "张伟、李娜" and saved.findings == "仍有噪声。\n已约谈[老板]。"
    assert _drafts() == {}  # saved for real: the draft is gone


@sqlite_only
async def test_drafts_are_kept_periodically_and_dropped_once_saved(demo_db):
    inspections_before = Inspection.select().count()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _type_inspection(pilot)
        form.autosave_draft()  # what the timer does every few seconds
        await settle(pilot)
        assert _drafts() == {f"inspection:{PENDING_CASE}": TYPED}
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, InspectionFormScreen)  # saved and closed
        assert Inspection.select().count() == inspections_before + 1
        assert _drafts() == {}
        # and once saved, a hangup has nothing to keep
        app.on_hangup()
        await pilot.pause()
    assert _drafts() == {}


@sqlite_only
async def test_a_form_offers_its_draft_when_it_opens(demo_db):
    admin = User.get(User.login == "admin")
    values = {"case_no": "LS-2024-101", "channel": "来电", "received_on": "2024-04-01",
              "unit": "桃坡村", "petitioner": "", "phone": "", "target": "桃坡村养殖场",
              "location": "", "category": "", "content": "养殖废水直排。", "original_handling": ""}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        drafts.save_draft(admin, "case:new", values)  # left by another session meanwhile
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, DraftOfferDialog)
        text = screen_text(app)
        assert "“新建信访件”有未保存的草稿" in text
        assert "被反映对象：桃坡村养殖场" in text and "核查单位：桃坡村" in text
        await pilot.press("enter")  # 恢复草稿 has the focus
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        assert form.collect() == values  # the unit choice too
        # leaving with 放弃修改 discards the draft
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("left", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        assert _drafts() == {}

        # 丢弃草稿 when the form opens: gone, and the form starts empty
        drafts.save_draft(admin, "case:new", values)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, DraftOfferDialog)
        await pilot.click("#discard")
        await settle(pilot)
        assert isinstance(app.screen, CaseFormScreen)
        assert app.screen.collect()["target"] == ""
        assert _drafts() == {}


@sqlite_only
async def test_quitting_with_unsaved_changes_keeps_a_draft(demo_db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _type_inspection(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "草稿" in screen_text(app)
        await pilot.press("left", "enter")  # 退出
        await pilot.pause()
    assert app.return_code == 0
    assert _drafts() == {f"inspection:{PENDING_CASE}": TYPED}


@sqlite_only
async def test_login_list_discards_a_draft_after_asking(demo_db):
    admin = User.get(User.login == "admin")
    drafts.save_draft(admin, "case:LS-2021-001", {"target": "改过的对象", "version": 1})
    drafts.save_draft(admin, "remark:七星村:2024-03-21", {"text": "x"})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DraftListDialog)
        text = screen_text(app)
        assert "2 份未保存的草稿" in text and "（无法打开）" in text
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("left", "enter")  # 丢弃
        await settle(pilot)
        assert app.screen is dialog
        assert len(_drafts()) == 1
        await pilot.press("escape")  # later: kept
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
    assert len(_drafts()) == 1


# ---------------------------------------------------------------- a real terminal


@pytest.fixture
def demo_file(demo_db):
    """The demo database as a file a separate process can open."""
    from huitoukan_tui.models import database

    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return demo_db.path


@pytest.mark.slow
@pytest.mark.sqlite_only  # separate processes on the SQLite file
@pytest.mark.parametrize("hangup", ["sighup", "no-sighup"])
def test_text_typed_in_tmux_survives_a_killed_terminal(demo_file, tmp_path, hangup):
    from tests.test_tui_terminal import CLI, Tmux, _gone, _need_tmux, _pid_of

    _need_tmux()
    env = {"HUITOUKAN_TODAY": "2024-04-15", "TERM": "xterm-256color", "LANG": "C"}
    marker = f"--db {demo_file}"
    # setsid: no SIGHUP reaches the TUI when the terminal goes; it must notice by itself
    prefix = "setsid -w " if hangup == "no-sighup" else ""
    command = f"{prefix}{CLI} {marker} --user admin"
    tmux = Tmux(tmp_path, width=80, height=24)
    tmux.start(command, env)
    try:
        tmux.wait_for("显示 34 / 34")
        tmux.keys("/")
        tmux.keys(PENDING_CASE, literal=True)
        tmux.wait_for("显示 1 / 34")
        tmux.keys("Enter")
        tmux.keys("i")
        tmux.wait_for("核查人员")
        tmux.keys("Tab")
        tmux.keys("张伟、李娜", literal=True)
        tmux.keys("Tab", "Tab", "Tab", "Tab")  # past the three choices, to 核查情况
        tmux.keys("厂区仍有[异味]", literal=True)
        tmux.wait_for("厂区仍有[异味]")
        pid = _pid_of(marker)
        assert pid is not None
    finally:
        tmux.kill()  # no clean exit: the terminal is simply gone
    assert _gone(pid, 10), "the TUI kept running after its terminal went away"
    kept = _drafts()[f"inspection:{PENDING_CASE}"]
    assert kept["inspectors"] == "张伟、李娜" and kept["findings"] == "厂区仍有[异味]"

    tmux = Tmux(tmp_path, width=80, height=24)
    tmux.start(f"{CLI} {marker} --user admin", env)
    try:
        screen = tmux.wait_for("未保存的草稿")
        assert f"现场核查/回访 {PENDING_CASE}" in screen
        tmux.keys("Enter")
        screen = tmux.wait_for("已恢复")
        assert "张伟、李娜" in screen and "厂区仍有[异味]" in screen
    finally:
        tmux.kill()


def test_a_form_without_save_or_draft_name_is_refused_when_defined():
    from huitoukan_tui.tui.screens.form import FormScreen

    with pytest.raises(TypeError, match="must define draft_ref, action_save"):
        type("NoSaveForm", (FormScreen,), {})


def test_every_form_that_keeps_drafts_is_found_from_a_draft_key_alone():
    """The app imports the form screens only when one opens: a draft left from an earlier
    session must still name and open its form at login (drafts.FORM_MODULES)."""
    import importlib
    import pkgutil

    import huitoukan_tui.tui.screens as screens
    from huitoukan_tui.tui import drafts
    from huitoukan_tui.tui.screens.form import FormScreen

    for info in pkgutil.iter_modules(screens.__path__):
        importlib.import_module(f"{screens.__name__}.{info.name}")

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    keeping = {c.__module__ for c in subclasses(FormScreen) if getattr(c, "DRAFT_KIND", None)}
    assert keeping == set(drafts.FORM_MODULES)
