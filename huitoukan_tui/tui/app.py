"""The Textual application: global keys, screen opening, the shared status numbers, and
leaving cleanly when the terminal goes away.

Adding a screen is one file and one binding: put ``screens/<name>.py`` defining ``SCREEN`` (an
``AppScreen`` subclass), then bind a key to ``open_screen('<name>')`` (``p``, ``w`` and ``e``
open ``problems``, ``weekly`` and ``export``). Screens ask for other screens by posting the
messages of ``tui.navigation``, handled here; a form keeps drafts under its own ``DRAFT_KIND``
(``screens/form.py``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand, get_system_commands_provider
from textual.binding import Binding
from textual.geometry import Offset
from textual.reactive import reactive
from textual.screen import Screen

from huitoukan_tui.services import access, clock, drafts, errorlog, faults
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services.errors import ServiceError
from huitoukan_tui.tui import asciimode, memory, wire
from huitoukan_tui.tui.commands import CaseJumpProvider, Palette, binding_commands
from huitoukan_tui.tui.dbwork import run_db
from huitoukan_tui.tui.drafts import DraftStore, draft_form, keep_open_drafts
from huitoukan_tui.tui.navigation import (
    OfferItemEditor,
    OpenCase,
    OpenCaseForm,
    OpenImport,
    OpenInspection,
    OpenItemEditor,
)
from huitoukan_tui.tui.screens.base import AppScreen
from huitoukan_tui.tui.screens.dialogs import ConfirmDialog, CreatedItemsDialog
from huitoukan_tui.tui.terminal import (
    HANGUP_STATUS,
    TerminalWatch,
    charset_warning,
    ensure_utf8,
    lenient_input,
    locale_setting,
    quiet_input,
    show_charset_warning,
)

if TYPE_CHECKING:
    from huitoukan_tui.models import User
    from huitoukan_tui.services.dashboard import StatusSummary
    from huitoukan_tui.tui.screens.form import FormScreen

log = logging.getLogger("huitoukan_tui.tui")

#: seconds between checks whether someone else changed data (and whether the account still
#: is what it was at login)
POLL_SECONDS = 15.0
#: seconds after start at which the status bar, drafts and notices are asked for if the first
#: screen has not shown its rows by then (its query failed, or is slow)
SESSION_JOBS_AT_THE_LATEST = 1.0
#: the environment variable of the idle time-out in minutes (0: none); also --idle-minutes
ENV_IDLE = "HUITOUKAN_IDLE_MINUTES"
#: a session without a key press, paste or click for this long ends, keeping its drafts
IDLE_MINUTES = 60
#: exit status when the session was ended because the account changed
ACCOUNT_CHANGED_STATUS = 1

SCREENS_PACKAGE = "huitoukan_tui.tui.screens"


def _notices(actor: User, now: dt.datetime, campaign: int | None):
    """services.notices, imported when first asked for: it and services.dashboard bring the
    reporting services (~30 ms), which the ledger does not need to show its first rows."""
    from huitoukan_tui.services import notices

    return notices.notices(actor, now, campaign)


class HuitoukanApp(App[int]):
    """The 回头看 workbench for one signed-in user."""

    CSS_PATH = str(Path(__file__).with_name("app.tcss"))  # absolute: subclasses live elsewhere
    TITLE = "回头看工作台"
    COMMANDS = {get_system_commands_provider, CaseJumpProvider}

    BINDINGS = [
        Binding("question_mark", "help", "帮助"),
        Binding("p", "open_screen('problems')", "清单", tooltip="四项清单（整改事项）"),
        Binding("w", "open_screen('weekly')", "周报"),
        Binding("b", "open_screen('board')", "报送情况", tooltip="各单位报送情况"),
        Binding("m", "notices", "提醒", tooltip="退回、到期、逾期、报送、待回访"),
        Binding("e", "open_screen('export')", "导出"),
        Binding("ctrl+p", "command_palette", "命令", priority=True),
        Binding("q", "quit", "退出"),
    ]

    summary: reactive[StatusSummary | None] = reactive(None)

    def __init__(self, actor: User, *, today: dt.date | None = None,
                 campaign: int | None = None, watch_terminal: bool = True,
                 poll_seconds: float | None = POLL_SECONDS,
                 idle_seconds: float | None = None, announce: bool = True) -> None:
        super().__init__()
        self.actor = actor
        self._today = today
        #: the campaign every screen works on (its id; None: the actor's default)
        self.campaign_id = campaign
        self._announce = announce  # say the notices at login (tests of other things: no)
        self._watch_terminal = watch_terminal
        self._poll_seconds = poll_seconds
        self._idle_seconds = idle_seconds
        self._last_input = time.monotonic()
        #: the line printed on the terminal when the session ends for a reason of its own
        self.exit_line = ""
        self._stamp: int | None = None
        self._session_jobs_started = False
        self._terminal_watch: TerminalWatch | None = None
        #: called (in order) when the terminal goes away, before the app exits: e.g. to keep
        #: the drafts of open forms. Each must be quick and must not touch the terminal.
        self.hangup_callbacks: list[Callable[[], None]] = [self.keep_drafts]
        #: the actor's form drafts (services.drafts), written in order
        self.draft_store = DraftStore(actor)
        #: warnings shown once the screen is up (e.g. the terminal's charset)
        self.startup_notices: list[str] = []
        if asciimode.wanted_by_environment():
            asciimode.set_ascii(self, True)

    # -- the terminal's cursor --------------------------------------------------------
    @property
    def cursor_position(self) -> Offset:
        """Where the terminal's cursor is put after every frame: input methods (the Windows
        IME's candidate window) open there. Textual's fields set it when they get the focus
        or a key, so after the form scrolls to bring the focused field into view it pointed
        at the field's old place; here it is read from the focused field as drawn now."""
        try:
            focused = self.focused
        except Exception:  # noqa: BLE001 - no screen yet (during start-up)
            focused = None
        if focused is not None and hasattr(focused, "cursor_screen_offset"):
            return focused.cursor_screen_offset
        return self._cursor_position

    @cursor_position.setter
    def cursor_position(self, offset: Offset) -> None:
        self._cursor_position = offset

    # -- time -------------------------------------------------------------------------
    def today(self) -> dt.date:
        """Today in the campaign's time zone (or as fixed for demos and tests)."""
        if self._today:
            return self._today
        zone = self.summary.timezone if self.summary is not None else ""
        return clock.today(zone or None)

    def now(self) -> dt.datetime:
        """The wall clock in the campaign's time zone; with a fixed ``today`` (tests), 08:00
        of that day: before any report deadline of the day."""
        if self._today:
            return dt.datetime.combine(self._today, dt.time(8, 0))
        zone = self.summary.timezone if self.summary is not None else ""
        return clock.now(zone or None)

    # -- lifecycle --------------------------------------------------------------------
    def get_driver_class(self):
        """Textual's terminal driver, sending only the cells that change (tui/wire.py)."""
        driver = super().get_driver_class()
        return wire.thin_driver(driver) if wire.enabled() else driver

    def get_default_screen(self) -> Screen:
        from huitoukan_tui.tui.screens.ledger import LedgerScreen

        return LedgerScreen()

    def on_mount(self) -> None:
        errorlog.retag(login=self.actor.login,
                       where=lambda: f"界面：{type(self.screen).__name__}")
        for notice in self.startup_notices:
            self.notify(notice, title="终端设置", severity="warning", timeout=30, markup=False)
        # after the ledger's first rows (start_session_jobs), or this late whatever happened
        self.set_timer(SESSION_JOBS_AT_THE_LATEST, self.start_session_jobs)
        if self._poll_seconds:
            self.set_interval(self._poll_seconds, self._poll_changes)
        if self._idle_seconds:
            self.set_interval(min(self._idle_seconds / 4, 30.0), self._check_idle)
        if self._watch_terminal and not self.is_headless:
            self._terminal_watch = TerminalWatch(self.on_hangup)
            self._terminal_watch.start()

    def start_session_jobs(self) -> None:
        """The status bar's numbers, the offer of drafts and the login's notices, once: the
        first screen calls this when its rows are shown. Run beside its query they took the
        one Python thread from it (start → ledger shown ~70 ms later with 34 cases)."""
        if self._session_jobs_started:
            return
        self._session_jobs_started = True
        self.refresh_summary()
        self.offer_drafts()
        if self._announce:
            self.announce_notices()

    def on_unmount(self) -> None:
        if asciimode.is_on(self):
            asciimode.set_ascii(self, False)  # the scroll bars' glyphs are process-wide
        if self._terminal_watch is not None:
            self._terminal_watch.stop()

    def on_hangup(self) -> None:
        """The terminal is gone (SIGHUP, or a hung-up tty): run the hangup callbacks and
        exit. Never asks anything: there is nobody to answer."""
        for callback in list(self.hangup_callbacks):
            try:
                callback()
            except Exception:  # noqa: BLE001 - the next callback and the exit must still run
                log.exception("hangup callback failed")
        self.exit(return_code=HANGUP_STATUS)

    def end_session(self, reason: str, *, return_code: int = 0) -> None:
        """End the session now (account changed, idle too long): keep the drafts of open
        forms, leave, and say why on the terminal."""
        keep_open_drafts(self)  # (a form unchanged since its last automatic draft: kept already)
        tail = "；未保存的内容已存为草稿，下次登录时可以恢复" if self.dirty_forms() else ""
        self.exit_line = f"{reason}，会话已结束{tail}。"
        self.exit(return_code=return_code, message=Text(self.exit_line))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def _check_idle(self) -> None:
        if self._idle_seconds and time.monotonic() - self._last_input >= self._idle_seconds:
            minutes = max(1, round(self._idle_seconds / 60))
            self.end_session(f"超过 {minutes} 分钟没有操作")

    # -- failures on the UI thread -----------------------------------------------------
    def _handle_exception(self, error: Exception) -> None:
        """An exception nothing caught ends the app (Textual's rule): keep the drafts, log
        the details and leave with one Chinese line instead of a traceback."""
        self.exit_line = "错误：" + faults.report(error, f"界面：{type(self.screen).__name__}")
        try:
            self.keep_drafts()
        except Exception:  # noqa: BLE001 - the exit must still happen
            log.exception("drafts not kept after a failure")
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        self.bell()
        self._exit_renderables.append(Text(self.exit_line))
        self._close_messages_no_wait()

    # -- drafts -----------------------------------------------------------------------
    def keep_drafts(self) -> None:
        """Save the draft of every open form with unsaved changes, now (hangup, quit)."""
        keep_open_drafts(self)

    # -- notices (提醒) ------------------------------------------------------------------
    def announce_notices(self) -> None:
        """At login: say what needs attention (m lists it)."""
        actor, now, campaign = self.actor, self.now(), self.campaign_id

        def said(found) -> None:
            if found.total:
                self.notify(f"{found.summary()}（按 m 查看）", title="提醒", timeout=10,
                            markup=False)

        run_db(self, lambda: _notices(actor, now, campaign), said, group="notices")

    def action_notices(self) -> None:
        from huitoukan_tui.tui.screens.notices import NoticesDialog

        actor, now, campaign = self.actor, self.now(), self.campaign_id

        def chosen(entry) -> None:
            if entry is None:
                return
            if entry.item_id is not None:
                self.open_item_editor(entry.item_id)
            elif entry.case_no:
                self.open_case(entry.case_no)
            elif entry.screen:
                self.action_open_screen(entry.screen)

        run_db(self, lambda: _notices(actor, now, campaign),
               lambda found: self.push_screen(NoticesDialog(found), chosen), group="notices")

    def offer_drafts(self) -> None:
        """At login: list the drafts left from an earlier session and offer to open them."""
        actor = self.actor

        def job():
            return [(d, draft_form(d.form_key)) for d in drafts.list_drafts(actor)]

        run_db(self, job, self._drafts_listed, group="drafts-list")

    def _drafts_listed(self, found) -> None:
        from huitoukan_tui.tui.screens.draft_dialogs import DraftListDialog

        if not found:
            return

        def chosen(key: str | None) -> None:
            if key:
                self.open_draft(key)

        self.push_screen(DraftListDialog([(d, form.title, form.make is not None)
                                          for d, form in found]), chosen)

    def open_draft(self, form_key: str) -> None:
        """Open the form a draft belongs to, with the draft restored."""
        form = draft_form(form_key)
        screen = form.make() if form.make is not None and self._may_write() else None
        if screen is None:
            self.notify(f"无法打开草稿“{form.title}”。", severity="warning", markup=False)
            return
        screen.restore_draft = True  # type: ignore[attr-defined]
        self.push_screen(screen)

    # -- shared numbers and change tracking ------------------------------------------
    def refresh_summary(self) -> None:
        actor, today, campaign = self.actor, self._today, self.campaign_id
        now = self.now() if self._today else None  # None: the campaign's own clock

        def job():
            from huitoukan_tui.services import dashboard

            return (dashboard.status_summary(actor, today, now, campaign),
                    dashboard.data_stamp())

        run_db(self, job, self._summary_loaded, group="summary", exclusive=True)

    def _summary_loaded(self, result) -> None:
        self.summary, self._stamp = result
        self.campaign_id = self.summary.campaign_id

    def _poll_changes(self) -> None:
        actor = self.actor

        def job():
            from huitoukan_tui.services import dashboard

            return dashboard.data_stamp(), access.session_change(actor)

        def polled(result) -> None:
            stamp, change = result
            if change:
                self.end_session(change, return_code=ACCOUNT_CHANGED_STATUS)
                return
            if self._stamp is not None and stamp != self._stamp:
                self.data_changed()
            self._stamp = stamp

        run_db(self, job, polled, on_error=lambda exc: None, group="poll", exclusive=True)

    def data_changed(self) -> None:
        """Records changed (saved here, or seen by polling): every open screen reloads."""
        for screen in self.screen_stack:
            if isinstance(screen, AppScreen):
                screen.data_changed()
        self.refresh_summary()

    # -- opening screens --------------------------------------------------------------
    def action_open_screen(self, name: str) -> None:
        """The screen of ``screens/<name>.py`` (its ``SCREEN``), loaded on first use."""
        self.push_screen(importlib.import_module(f"{SCREENS_PACKAGE}.{name}").SCREEN())

    def action_help(self) -> None:
        from huitoukan_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def on_open_case(self, message: OpenCase) -> None:
        self.open_case(message.case_no)

    def on_open_inspection(self, message: OpenInspection) -> None:
        self.open_inspection(message.case_no)

    def on_open_case_form(self, message: OpenCaseForm) -> None:
        self.open_case_form(message.case_no)

    def on_open_item_editor(self, message: OpenItemEditor) -> None:
        self.open_item_editor(message.item_id)

    def on_offer_item_editor(self, message: OfferItemEditor) -> None:
        self.offer_item_editor(message.items)

    def on_open_import(self, message: OpenImport) -> None:
        self.open_import()

    def open_case(self, case_no: str) -> None:
        from huitoukan_tui.tui.screens.case_detail import CaseDetailScreen

        self.push_screen(CaseDetailScreen(case_no))

    def _may_write(self) -> bool:
        if not access.can_write(self.actor):
            self.notify(access.READ_ONLY, severity="warning", markup=False)
            return False
        return True

    def open_inspection(self, case_no: str) -> None:
        if self._may_write():
            from huitoukan_tui.tui.screens.inspection_form import InspectionFormScreen

            self.push_screen(InspectionFormScreen(case_no))

    def open_case_form(self, case_no: str | None) -> None:
        if self._may_write():
            from huitoukan_tui.tui.screens.case_form import CaseFormScreen

            self.push_screen(CaseFormScreen(case_no))

    def open_import(self) -> None:
        """导入台账 (``screens/import_ledger.py``): the station only."""
        if not access.is_station(self.actor):
            self.notify("只有街道生态环境站可以导入台账。", severity="warning", markup=False)
            return
        self.action_open_screen("import_ledger")

    def offer_item_editor(self, items: list[tuple[int, str, str]]) -> None:
        """After an inspection created items ((id, kind, problem)): offer to edit one."""
        def chosen(item_id: int | None) -> None:
            if item_id:
                self.open_item_editor(item_id)

        self.push_screen(CreatedItemsDialog(items), chosen)

    def open_item_editor(self, item_id: int) -> None:
        from huitoukan_tui.tui.screens.item_editor import ItemEditorScreen

        self.push_screen(ItemEditorScreen(item_id))

    # -- palette ----------------------------------------------------------------------
    def action_command_palette(self) -> None:
        if self.use_command_palette and not Palette.is_open(self):
            self.push_screen(Palette(placeholder="输入命令，或信访件编号…",
                                     id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The current screen's keys and commands. Not Textual's own (English, and its
        screenshot would write the screen's personal data to a file on the server)."""
        yield from binding_commands(self, screen)
        extra = getattr(screen, "palette_commands", None)
        if callable(extra):
            yield from extra()
        yield SystemCommand("切换专项行动", "选择另一个专项行动（正在进行的在前）",
                            self.choose_campaign)
        yield SystemCommand("ASCII 边框：" + ("关闭" if asciimode.is_on(self) else "打开"),
                            "终端把框线、引号等显示为两格宽、表格错位时打开",
                            self.toggle_ascii)

    def toggle_ascii(self) -> None:
        """ASCII frames and symbols on or off (see tui.asciimode)."""
        on = not asciimode.is_on(self)
        asciimode.set_ascii(self, on)
        self.notify("ASCII 边框已打开：框线和符号只用单宽字符。" if on
                    else "ASCII 边框已关闭。", markup=False)

    # -- campaigns --------------------------------------------------------------------
    def choose_campaign(self) -> None:
        """切换专项行动: the actor's campaigns, the running one first."""
        from huitoukan_tui.tui.screens.dialogs import CampaignDialog

        actor = self.actor

        def listed(choices) -> None:
            self.push_screen(CampaignDialog(choices, self.campaign_id), self.switch_campaign)

        run_db(self, lambda: campaigns.campaign_choices(actor), listed, group="campaigns")

    def switch_campaign(self, campaign_id: int | None) -> None:
        if campaign_id is None or campaign_id == self.campaign_id:
            return
        self.campaign_id = campaign_id
        for screen in self.screen_stack:
            if isinstance(screen, AppScreen):
                screen.campaign_changed()
        self.data_changed()

    # -- leaving ----------------------------------------------------------------------
    def dirty_forms(self) -> list[FormScreen]:
        from huitoukan_tui.tui.screens.form import FormScreen

        return [s for s in self.screen_stack if isinstance(s, FormScreen) and s.dirty]

    async def action_quit(self) -> None:
        if not self.dirty_forms():
            self.exit(return_code=0)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.keep_drafts()
                self.exit(return_code=0)

        self.push_screen(ConfirmDialog("有尚未保存的修改，仍要退出吗？", yes="退出",
                                       no="返回编辑",
                                       detail="填写的内容会保留为草稿，下次登录时可以恢复。"),
                         answered)


def idle_minutes(value: str | int | None = None) -> int:
    """The idle time-out: ``value`` (--idle-minutes), else ``HUITOUKAN_IDLE_MINUTES``, else
    IDLE_MINUTES; 0 means none."""
    if value is None:
        value = os.environ.get(ENV_IDLE, "").strip() or IDLE_MINUTES
    try:
        minutes = int(value)
    except ValueError:
        minutes = -1
    if not 0 <= minutes <= 10_000:
        raise ServiceError(f"空闲时限：无效：{value}（应为 0 到 10000 分钟，0 表示不限）")
    return minutes


def run_app(actor: User, today: dt.date | None = None, idle: int | None = None,
            campaign: int | None = None) -> None:
    """Start the TUI for ``actor`` on ``campaign`` (the CLI has checked for a terminal and
    bound the database). Exits with 129 when the terminal went away."""
    warning = charset_warning()
    if warning:
        show_charset_warning(warning, locale_setting()[2])
    ensure_utf8()
    lenient_input()
    quiet_input()
    memory.limit_arenas()  # before the app's threads start (tui/memory.py)
    minutes = idle_minutes(idle)
    app = HuitoukanApp(actor, today=today, idle_seconds=minutes * 60 or None,
                       campaign=campaign)
    if warning:
        app.startup_notices.append(warning)
    app.run()
    if app.return_code:
        sys.exit(app.return_code)


__all__ = ["HuitoukanApp", "run_app"]
