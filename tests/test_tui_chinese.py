"""No English on screen: a walk through every screen and dialog (and the command palette)
as the station administrator, collecting what the terminal shows, footers and notifications
included. What may remain in Latin letters: key names, file formats and product names, case
numbers and logins from the data, paths."""

from __future__ import annotations

import re

import pytest

from tests.tui_helpers import make_app, settle, walk_screens

pytestmark = pytest.mark.sqlite_only  # what is drawn does not depend on the engine

#: Latin words that are not English prose: key names, formats, products, protocols
ALLOWED = {
    "esc", "tab", "enter", "shift", "ctrl", "alt", "space", "pgup", "pgdn", "home", "end",
    "up", "down", "left", "right", "backspace", "delete",
    "xlsx", "xls", "ods", "csv", "CSV", "json", "pdf", "PDF", "Excel", "WPS", "OSC", "SSH",
    "pageup", "pagedown", "ASCII", "UTF", "sha",
    "ZMODEM", "Xshell", "SecureCRT", "MobaXterm", "PuTTY",
    "LS",  # a case number cut by a dialog's frame
}
#: data, not words: case numbers, logins, paths
_DATA = re.compile(r"LS-\d{4}-\d{3}|\badmin\b|(?:/[\w.\-]+)+")
_WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(_DATA.sub(" ", text)) if w not in ALLOWED}


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
async def test_no_english_on_any_screen(demo_db, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        shown = await walk_screens(app, pilot)
    assert len(shown) == 21
    found = {name: sorted(english_words(text)) for name, text in shown.items()}
    assert {name: words for name, words in found.items() if words} == {}


def test_the_word_finder_finds_english():
    assert english_words("esc Dismiss menu ^s 保存 LS-2021-001 /work/exports/a.xlsx") == {
        "Dismiss", "menu"}
