"""The footer of every screen, as each role sees it: at 80 columns 帮助 (?), 命令 (ctrl+p) and
退出 (q) are always there, and a role is offered only the keys it may use."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from huitoukan_tui.models import Case, Rectification, Unit
from huitoukan_tui.tui.screens.item_editor import ItemEditorScreen
from tests.tui_helpers import make_app, screen_text, settle

pytestmark = pytest.mark.sqlite_only  # what is drawn does not depend on the engine


def footer_line(app) -> str:
    return screen_text(app).rstrip("\n").splitlines()[-1]


def offered(line: str) -> set[str]:
    """The keys a footer line shows, by their display (``^p``, ``q``, ``F3``…)."""
    words = line.split()
    return {w for w in words if w.isascii()} | ({"⏎"} & set(words))


LEDGER_STATION = {"⏎", "/", "f", "n", "i", "?", "^p", "q"}


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
async def test_the_ledger_footer_keeps_help_palette_and_quit(demo_db, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        line = footer_line(app)
        assert cell_len(line.rstrip()) <= size[0]
        assert LEDGER_STATION <= offered(line), line
        assert "^p 命令" in line and "q 退出" in line and "? 帮助" in line
        if size[0] >= 160:  # room for every key: nothing left out
            assert {"p", "w", "b", "m", "e", "^o"} <= offered(line), line


async def test_the_footer_follows_the_width(demo_db):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert "e 导出" in footer_line(app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        line = footer_line(app)
        assert "q 退出" in line and "e 导出" not in line
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert "e 导出" in footer_line(app)


@pytest.mark.parametrize(("login", "absent", "present"), [
    ("admin", set(), {"n", "i", "^o"}),
    ("qixing", {"^o"}, {"n", "i"}),  # a unit: its own cases, no import
    ("quhuanweiban", {"n", "i", "^o"}, {"/", "f"}),  # read-only
    ("qu", {"n", "i", "^o"}, {"/", "f", "b"}),  # the district: reads every street, writes none
])
async def test_the_ledger_offers_each_role_its_keys(demo_db, login, absent, present):
    _district_account()
    app = make_app(login)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        keys = offered(footer_line(app))
        assert present <= keys and not absent & keys, keys
        if "i" in absent:  # and the key does nothing at all
            await pilot.press("i")
            await settle(pilot)
            assert app.screen.__class__.__name__ == "LedgerScreen"


def _district_account() -> None:
    """区环委办's account ``qu`` (the demo has a read-only one only)."""
    from huitoukan_tui.models import User
    from huitoukan_tui.services import users

    users.add_user(User.get(User.login == "admin"), "qu", "区环委办 王科长", "district")


def _qixing_item() -> Rectification:
    """An item of a 七星村 case that 七星村 does not accept itself."""
    return (Rectification.select().join(Case).join(Unit)
            .where((Unit.name == "七星村") & (Rectification.acceptor != "七星村")
                   & (Rectification.status == "in_progress"))
            .order_by(Rectification.id).first())


@pytest.mark.parametrize(("login", "present", "absent"), [
    ("admin", {"f2", "f3", "f4", "f5", "^s"}, set()),
    # its own item, accepted by another unit: it reports, it neither accepts nor sends back
    ("qixing", {"f2", "^s"}, {"f3", "f4", "f5"}),
    ("quhuanweiban", set(), {"f2", "f3", "f4", "f5", "^s"}),  # read-only
    ("qu", set(), {"f2", "f3", "f4", "f5", "^s"}),  # the district
])
async def test_the_item_editor_offers_each_role_its_steps(demo_db, login, present, absent):
    _district_account()
    item = _qixing_item()
    assert item is not None
    app = make_app(login)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.push_screen(ItemEditorScreen(item.id))
        await settle(pilot)
        keys = offered(footer_line(app))
        assert present <= keys and not absent & keys, (login, footer_line(app))
        if "f5" in absent:  # pressing it opens no dialog to fill in
            await pilot.press("f5")
            await settle(pilot)
            assert isinstance(app.screen, ItemEditorScreen)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
async def test_the_footer_follows_the_focus_as_a_rebuilt_one_would(demo_db, size):
    """The search box takes the letter keys: the footer leaves them out while it has the
    focus (hiding the keys it has instead of rebuilding itself) and shows them again after,
    each time as a footer built anew for that focus shows it."""
    from huitoukan_tui.tui.widgets.key_footer import KeyFooter

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        on_list = footer_line(app)
        assert {"f", "n", "i"} <= offered(on_list), on_list
        for key, gone in (("slash", True), ("enter", False), ("slash", True), ("enter", False)):
            await pilot.press(key)
            await settle(pilot)
            line = footer_line(app)
            assert ({"f", "n", "i"} & offered(line) == set()) is gone, (key, line)
            assert "q 退出" not in line if gone else "q 退出" in line
            app.screen.query_one(KeyFooter).refresh(recompose=True)  # built anew
            await settle(pilot)
            assert footer_line(app) == line, key
        assert footer_line(app) == on_list
