"""Terminals that draw ambiguous-width characters wide: ASCII mode (HUITOUKAN_ASCII=1 or the
palette's switch) keeps every ambiguous-width character off the screen; a non-UTF-8 locale
gets a Chinese warning before the screen opens."""

from __future__ import annotations

import unicodedata

import pytest

from huitoukan_tui.tui import asciimode
from huitoukan_tui.tui.terminal import charset_warning, locale_setting
from tests.test_tui_terminal import CLI, Tmux, _need_tmux
from tests.tui_helpers import make_app, notices, screen_text, settle, walk_screens

pytestmark = pytest.mark.sqlite_only  # what is drawn does not depend on the engine


def ambiguous(text: str) -> set[str]:
    """Characters a CJK terminal may draw two cells wide (Unicode East Asian Width A)."""
    return {c for c in text if unicodedata.east_asian_width(c) == "A"}


async def test_ascii_mode_keeps_ambiguous_characters_off_every_screen(demo_db, monkeypatch):
    monkeypatch.setenv(asciimode.ENV_ASCII, "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert asciimode.is_on(app)
        shown = await walk_screens(app, pilot)
        del shown["通知"]  # toasts are drawn on the screen (and walked with it)
        assert {name: ambiguous(text) for name, text in shown.items() if ambiguous(text)} == {}
        ledger = shown["台账"]
        assert "| 核查 21/34 |" in ledger  # the status line's separators
        assert "编号^" in ledger  # the sort mark ▲
        assert "[ ] 七星村" in shown["筛选"] and "+-" in shown["筛选"]


async def test_ascii_mode_switches_while_running(demo_db, monkeypatch):
    monkeypatch.delenv(asciimode.ENV_ASCII, raising=False)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not asciimode.is_on(app)
        assert ambiguous(screen_text(app)) >= {"│", "▲"}
        app.toggle_ascii()
        await settle(pilot)
        assert ambiguous(screen_text(app)) == set()
        assert "ASCII 边框已打开" in notices(app)
        app.toggle_ascii()
        await settle(pilot)
        assert ambiguous(screen_text(app)) >= {"│", "▲"}


def test_narrow_keeps_every_width():
    from rich.cells import cell_len

    for code, replacement in asciimode.NARROW.items():
        assert cell_len(chr(code)) == cell_len(replacement) == 1
        assert replacement.isascii()


@pytest.mark.parametrize(("env", "charset"), [
    ({"LANG": "zh_CN.GBK"}, "GBK"),
    ({"LC_ALL": "zh_CN.GB18030", "LANG": "zh_CN.UTF-8"}, "GB18030"),
    # Python sets LC_CTYPE=C.UTF-8 itself when zh_CN.GBK is not installed (PEP 538)
    ({"LANG": "zh_CN.GBK", "LC_CTYPE": "C.UTF-8"}, "GBK"),
    ({"LANG": "zh_CN.UTF-8"}, ""),
    ({"LANG": "C"}, ""),
    ({}, ""),
])
def test_charset_warning(env, charset):
    assert locale_setting(env)[2].upper() in (charset, "UTF-8")
    warning = charset_warning(env)
    if not charset:
        assert warning is None
        return
    assert f"终端字符集是 {charset}" in warning
    assert "UTF-8" in warning and ".UTF-8" in warning


@pytest.mark.slow
def test_gbk_locale_is_warned_before_the_screen_opens(demo_db, tmp_path):
    from huitoukan_tui.models import database

    _need_tmux()
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    tmux = Tmux(tmp_path, 80, 24)
    tmux.start(f"{CLI} --db {demo_db.path} --user admin",
               {"HUITOUKAN_TODAY": "2024-04-15", "TERM": "xterm-256color",
                "LANG": "zh_CN.GBK"})
    try:
        screen = tmux.wait_for("按回车键继续")
        assert "注意：终端字符集是 GBK（LANG=zh_CN.GBK）" in screen.replace("\n", "")
        assert "显示 34 / 34" not in screen
        tmux.keys("Enter")
        screen = tmux.wait_for("显示 34 / 34")
        assert "终端设置" in screen  # the same warning as a notice on the screen
    finally:
        tmux.kill()
