"""Issue 12 in the workbench: every worker outcome releases its screen (item 14), a failure is
one Chinese line with the details in the administrators' log (items 10, 19), a session whose
account was disabled or changed ends at its next poll keeping its drafts (item 3), an idle
session ends keeping its drafts (item 18), and the palette offers no screenshot and nothing
in English (item 7)."""

from __future__ import annotations

import re
import sqlite3

import pytest
from peewee import OperationalError

from huitoukan_tui import db as dbmod
from huitoukan_tui.config import ERROR_LOG_FILENAME
from huitoukan_tui.models import Case, Inspection, LedgerEntry, User
from huitoukan_tui.services import cases as case_service
from huitoukan_tui.services import drafts, errorlog, inspections, users
from huitoukan_tui.tui import app as app_module
from huitoukan_tui.tui.app import ACCOUNT_CHANGED_STATUS, HuitoukanApp
from huitoukan_tui.tui.commands import Palette
from huitoukan_tui.tui.screens.inspection_form import InspectionFormScreen
from huitoukan_tui.tui.widgets import ledger_table
from huitoukan_tui.tui.widgets.ledger_table import LedgerTable
from tests.tui_helpers import TODAY, make_app, notices, screen_text, settle

pytestmark = pytest.mark.sqlite_only  # engine-neutral UI code; services run on every engine

PENDING_CASE = "LS-2022-022"
TYPED = {"inspected_on": "2024-04-10", "inspectors": "张伟、李娜", "handled": "否",
         "rebound": "有", "satisfaction": "基本满意", "findings": "仍有噪声。",
         "new_problems": "废油桶渗漏"}


@pytest.fixture
def admin_log(demo_db, tmp_path):
    """The error log as the CLI installs it before opening the workbench."""
    path = tmp_path / ERROR_LOG_FILENAME
    errorlog.install(path, login="admin", where="命令：huitoukan-tui")
    return path


async def open_typed_form(pilot, case_no: str = PENDING_CASE) -> InspectionFormScreen:
    await settle(pilot)
    pilot.app.open_inspection(case_no)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, InspectionFormScreen)
    form.fill(TYPED)
    await settle(pilot)
    assert form.dirty
    return form


def _drafts(login: str) -> dict[str, dict]:
    return {d.form_key: d.data for d in drafts.list_drafts(User.get(User.login == login))}


# ---------------------------------------------------------------- item 14

async def test_a_form_stays_usable_after_an_unexpected_save_error(admin_log, monkeypatch):
    real = inspections.record_inspection

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(inspections, "record_inspection", broken)
    before = Inspection.select().count()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_typed_form(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and not form.saving
        said = notices(app)
        assert "程序内部错误（RuntimeError），操作未完成。" in said
        assert f"详情已记入管理员日志 {admin_log}" in said
        assert form.draft_to_keep() == TYPED  # the text would survive a dropped link now
        log = admin_log.read_text(encoding="utf-8")
        assert "登录名=admin" in log and "界面：InspectionFormScreen" in log
        assert "RuntimeError: boom" in log and "Traceback" in log
        monkeypatch.setattr(inspections, "record_inspection", real)
        await pilot.press("ctrl+s")  # the same form saves once the fault is gone
        await settle(pilot)
        assert Inspection.select().count() == before + 1


async def test_a_database_locked_too_long_is_said_in_chinese(demo_db, monkeypatch):
    monkeypatch.setitem(dbmod.SQLITE_PRAGMAS, "busy_timeout", 200)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_typed_form(pilot)
        other = sqlite3.connect(demo_db.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("ctrl+s")
            await settle(pilot)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert "数据库正忙：有人正在写入，等待超时。请稍后再试。" in notices(app)
        assert not form.saving and app.screen is form


async def test_ledger_rows_never_stay_waiting(demo_db, monkeypatch):
    monkeypatch.setattr(ledger_table, "RETRY_SECONDS", 4.0)
    real = case_service.rows_by_ids
    calls = {"n": 0}

    def once_broken(actor, ids, campaign=None):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("disk I/O error")
        return real(actor, ids, campaign)

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(LedgerTable)
        monkeypatch.setattr(case_service, "rows_by_ids", once_broken)
        table.show(table.ids, stale=True)  # every row must be fetched again
        await settle(pilot)
        assert f"读写数据库（{demo_db.path}）时发生磁盘错误，操作未完成。" in notices(app)
        assert screen_text(app).count("读取失败") >= 20  # not a "…" waiting for ever
        assert calls["n"] == 1
        await pilot.pause(4.5)
        await settle(pilot)
        assert calls["n"] >= 2
        text = screen_text(app)
        assert "读取失败" not in text
        assert len(re.findall(r"^LS-\d{4}-\d{3} ", text, re.M)) >= 20


async def test_an_error_on_the_ui_thread_ends_with_one_line_and_keeps_the_draft(
        admin_log, monkeypatch):
    app = make_app()
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(120, 40)) as pilot:
            form = await open_typed_form(pilot)
            monkeypatch.setattr(form, "action_save", lambda: 1 / 0)
            await pilot.press("ctrl+s")
            await settle(pilot)
    assert app.exit_line.startswith("错误：程序内部错误（ZeroDivisionError），操作未完成。")
    assert "Traceback" not in app.exit_line
    assert _drafts("admin")[f"inspection:{PENDING_CASE}"] == TYPED
    assert "ZeroDivisionError" in admin_log.read_text(encoding="utf-8")


# ---------------------------------------------------------------- item 3

@pytest.mark.parametrize(("change", "reason"), [
    ("disable", "账号 qixing 已被停用"), ("unit", "账号 qixing 的角色或单位已被修改"),
    ("role", "账号 qixing 的角色或单位已被修改")])
async def test_a_changed_account_ends_the_session_at_its_next_poll(demo_db, change, reason):
    actor = User.get(User.login == "qixing")
    own = Case.select().join(LedgerEntry).where(
        Case.unit == actor.unit_id, LedgerEntry.first_verified_on.is_null()).order_by(
        Case.case_no).first()
    app = HuitoukanApp(actor, today=TODAY, watch_terminal=False, poll_seconds=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_typed_form(pilot, own.case_no)
        admin = User.get(User.login == "admin")
        if change == "disable":
            users.set_active(admin, "qixing", False)
        elif change == "unit":
            users.set_user(admin, "qixing", unit_name="新河社区")
        else:
            users.set_user(admin, "qixing", role="viewer")
        app._poll_changes()  # what the timer runs every POLL_SECONDS
        await _ended(pilot)
    assert app.return_code == ACCOUNT_CHANGED_STATUS
    assert app.exit_line == f"{reason}，会话已结束；未保存的内容已存为草稿，下次登录时可以恢复。"
    assert _drafts("qixing")[f"inspection:{own.case_no}"] == TYPED


# ---------------------------------------------------------------- item 18

async def test_an_idle_session_ends_and_keeps_its_draft(demo_db):
    actor = User.get(User.login == "admin")
    app = HuitoukanApp(actor, today=TODAY, watch_terminal=False, poll_seconds=None,
                       idle_seconds=600)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_typed_form(pilot)
        app._last_input -= 599  # nearly ten minutes without input …
        await pilot.press("end")  # … then a key: the time starts again
        app._check_idle()
        assert app.is_running and app.return_code is None
        app._last_input -= 601
        app._check_idle()
        await _ended(pilot)
    assert app.return_code == 0
    assert app.exit_line.startswith("超过 10 分钟没有操作，会话已结束；未保存的内容已存为草稿")
    assert _drafts("admin")[f"inspection:{PENDING_CASE}"] == TYPED


async def _ended(pilot, timeout: float = 20.0) -> None:
    for _ in range(int(timeout / 0.1)):
        if pilot.app._exit:
            return
        await pilot.pause(0.1)
    raise AssertionError("the session did not end")


def test_the_idle_time_comes_from_the_option_or_the_environment(monkeypatch):
    monkeypatch.delenv(app_module.ENV_IDLE, raising=False)
    assert app_module.idle_minutes() == app_module.IDLE_MINUTES == 60
    monkeypatch.setenv(app_module.ENV_IDLE, "15")
    assert app_module.idle_minutes() == 15
    assert app_module.idle_minutes(0) == 0  # --idle-minutes 0: never
    monkeypatch.setenv(app_module.ENV_IDLE, "abc")
    with pytest.raises(app_module.ServiceError, match="空闲时限：无效：abc"):
        app_module.idle_minutes()


# ---------------------------------------------------------------- item 7

CJK = re.compile(r"[\u3400-\u9fff]")


def _text_of(prompt) -> str:
    inner = getattr(prompt, "renderable", prompt)  # "no matches" is centred: Align(Text)
    return str(getattr(inner, "plain", inner))


async def _palette_entries(pilot, query: str = "") -> list[str]:
    await pilot.press("ctrl+p")
    await settle(pilot)
    palette = pilot.app.screen
    assert isinstance(palette, Palette)
    if query:
        await pilot.press(*query)
    await pilot.pause(0.8)
    await settle(pilot)
    from textual.command import CommandList

    options = palette.query_one(CommandList)
    entries = [_text_of(options.get_option_at_index(i).prompt)
               for i in range(options.option_count)]
    await pilot.press("escape")
    await settle(pilot)
    return entries


async def test_the_palette_is_chinese_and_has_no_screenshot(demo_db):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for opener in (None, lambda: app.open_inspection(PENDING_CASE),
                       lambda: app.action_open_screen("problems")):
            if opener is not None:
                opener()
                await settle(pilot)
            entries = await _palette_entries(pilot)
            assert entries, "the palette lists the screen's commands"
            assert all(CJK.search(e) for e in entries), entries
            assert not any("截图" in e or "Screenshot" in e or "Copy" in e for e in entries)
        assert await _palette_entries(pilot, "zzzq") == ["没有匹配的命令"]
        assert app.get_system_commands(app.screen) is not None
        assert not [c for c in app.get_system_commands(app.screen)
                    if not CJK.search(c.title)]


async def test_the_status_bar_comes_even_when_the_ledger_cannot_be_read(demo_db, monkeypatch):
    """The status bar, drafts and notices wait for the ledger's first rows, but not for
    ever: a ledger that fails to load still gets its status bar within a second or so."""
    def broken(*args, **kwargs):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(case_service, "ordered_ids", broken)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "台账未能读取" in screen_text(app)
        assert app.summary is None  # not yet: it waits for the ledger's rows
        await pilot.pause(app_module.SESSION_JOBS_AT_THE_LATEST + 0.5)
        await settle(pilot)
        assert app.summary is not None
        first_line = screen_text(app).splitlines()[0]
        name = User.get(User.login == app.actor.login).display_name
        assert name in first_line and "核查" in first_line
