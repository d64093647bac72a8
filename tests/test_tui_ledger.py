"""The ledger screen: search as you type, facets, sorting, the cursor across refreshes, and
text shown literally."""

from __future__ import annotations

import datetime as dt

import pytest

from huitoukan_tui.enums import CaseStatus
from huitoukan_tui.models import Case, Rectification, Unit, User
from huitoukan_tui.services import cases as case_service
from huitoukan_tui.services import search as search_service
from huitoukan_tui.tui.screens.facets import FacetsScreen
from huitoukan_tui.tui.screens.ledger import LedgerScreen
from huitoukan_tui.tui.widgets.ledger_table import LedgerHeader, LedgerTable
from tests.ledger import entries
from tests.tui_helpers import ledger_case_nos, make_app, screen_text, settle, type_text

# The screens only call services (tested on every engine); one test here also runs on
# PostgreSQL to cover the worker threads' own connections.
sqlite_only = pytest.mark.sqlite_only


def _matching(term: str) -> list[str]:
    """Case numbers whose number, target, location or problem contains ``term``."""
    term = search_service.normalize(term)
    return sorted(c.case_no for c in Case.select() if any(
        term in search_service.normalize(v) for v in (c.case_no, c.target, c.location,
                                                      c.content)))


async def test_ledger_shows_every_case_with_count(demo_db):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        assert ledger_case_nos(app) == sorted(c.case_no for c in Case.select())
        text = screen_text(app)
        assert "显示 34 / 34" in text
        assert "核查进度 21/34" in text
        assert "报送：4月18日（周四）12:00 前" in text  # 2024-04-15 is a Monday
        assert "LS-2021-001" in text and "池州市鑫源混凝土有限公司" in text


@sqlite_only
async def test_search_narrows_as_you_type(demo_db):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "噪")
        await settle(pilot)
        one_char = ledger_case_nos(app)
        await type_text(pilot, "声")
        await settle(pilot)
        expected = _matching("噪声")
        assert sorted(ledger_case_nos(app)) == expected
        assert 0 < len(expected) < 34
        assert set(expected) <= set(one_char)
        assert f"显示 {len(expected)} / 34" in screen_text(app)
        # a location and a case number are searched too
        await pilot.press("ctrl+u")
        await type_text(pilot, "石门组")
        await settle(pilot)
        assert sorted(ledger_case_nos(app)) == _matching("石门组")
        await pilot.press("ctrl+u")
        await type_text(pilot, "2022-01")
        await settle(pilot)
        assert sorted(ledger_case_nos(app)) == _matching("2022-01")
        # enter moves to the list, escape there clears the search
        await pilot.press("enter")
        assert isinstance(app.focused, LedgerTable)
        await pilot.press("escape")
        await settle(pilot)
        assert len(ledger_case_nos(app)) == 34


def _spelled_matching(letters: str) -> list[str]:
    """Case numbers where a field's pinyin initials (pypinyin's own, phrase by phrase) or
    its text contain ``letters``."""
    from pypinyin import Style, lazy_pinyin

    def initials(text: str) -> str:
        text = "".join(ch for ch in search_service.normalize(text) if ch.isalnum())
        return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER)).lower()

    return sorted(c.case_no for c in Case.select() if any(
        letters in initials(v) or letters in search_service.normalize(v)
        for v in (c.target, c.location, c.content)) or letters in c.case_no.lower())


@sqlite_only
async def test_search_by_pinyin_initials(demo_db):
    """``zs`` (噪声) typed without an input method finds what 噪声 finds and other words of
    the same initials; ``qxc`` finds 七星村."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "zs")
        await settle(pilot)
        expected = _spelled_matching("zs")
        assert set(_matching("噪声")) <= set(expected) and len(expected) < 34
        assert sorted(ledger_case_nos(app)) == expected
        assert f"显示 {len(expected)} / 34" in screen_text(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "qxc")
        await settle(pilot)
        expected = _spelled_matching("qxc")
        assert sorted(ledger_case_nos(app)) == expected
        # every 七星村 case, and 新河社区洗车点 (区洗车: q-x-c too)
        assert set(_matching("七星村")) < set(expected) and "LS-2022-013" in expected


@sqlite_only
async def test_no_match_says_so(demo_db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "没有这种问题")
        await settle(pilot)
        text = screen_text(app)
        assert "显示 0 / 34" in text
        assert "没有符合条件的信访件" in text


@sqlite_only
async def test_facets_combine(demo_db):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        facets = app.screen
        assert isinstance(facets, FacetsScreen)
        facets.query_one("#units").select("七星村")
        facets.query_one("#units").select("杨山村")
        facets.query_one("#statuses").select(CaseStatus.PENDING.label)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        shown = ledger_case_nos(app)
        expected = sorted(
            e.case.case_no for e in entries()
            if e.case.unit.name in ("七星村", "杨山村") and e.status == CaseStatus.PENDING.value)
        assert shown == expected and 0 < len(shown) < 34
        assert "单位：七星村、杨山村 · 状态：待核查" in screen_text(app)
        # the search narrows the facets' result further
        await pilot.press("slash")
        await type_text(pilot, "秸秆")
        await settle(pilot)
        narrowed = ledger_case_nos(app)
        assert narrowed == [n for n in expected if n in _matching("秸秆")]
        assert narrowed and len(narrowed) < len(expected)


@sqlite_only
async def test_overdue_and_referred_facets(demo_db):
    app = make_app(today=dt.date(2024, 7, 1))  # the 2024-06-30 deadlines have passed
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#overdue").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        overdue = ledger_case_nos(app)
        # overdue: an item 整改中 or 待验收 past its deadline (a 移交执法 item is not)
        expected = sorted({r.case.case_no for r in Rectification.select().join(Case)
                           if r.status in ("in_progress", "awaiting")
                           and r.deadline < dt.date(2024, 7, 1)})
        referred_late = {r.case.case_no for r in Rectification.select().join(Case)
                         if r.status == "referred" and r.deadline < dt.date(2024, 7, 1)}
        assert overdue == expected and overdue and referred_late - set(overdue)
        text = screen_text(app)
        assert "仅逾期" in text  # the facet line says what is shown
        # each overdue case is marked in its row: its state with "!"
        late = {e.case.case_no: f"{CaseStatus(e.status).label}!"
                for e in entries() if e.case.case_no in overdue}
        rows = {n: line for line in text.splitlines() for n in late
                if line.lstrip().startswith(n)}
        assert rows.keys() == late.keys()
        assert all(late[n] in line for n, line in rows.items()), rows
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#overdue").value = False
        app.screen.query_one("#referred").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        referred = sorted({r.case.case_no for r in Rectification.select().join(Case)
                           if r.status == "referred"})
        assert ledger_case_nos(app) == referred
        assert "仅移交执法" in screen_text(app)


@sqlite_only
async def test_sort_by_key_and_header_click(demo_db):
    cases = list(Case.select())
    by_channel = [c.id for c in sorted(cases, key=lambda c: (c.channel, c.case_no))]
    by_received = [c.id for c in sorted(cases, key=lambda c: (c.received_on, c.case_no))]
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("s")  # next column: 来源
        await settle(pilot)
        table = app.screen.query_one(LedgerTable)
        assert table.sort_key == "channel"
        assert table.ids == by_channel  # by the stored channel code, then the case number
        await pilot.press("r")
        await settle(pilot)
        assert table.ids == list(reversed(by_channel))
        header = app.screen.query_one(LedgerHeader)
        x = next(p.x for p in table.columns_for_width() if p.column.key == "received_on")
        await pilot.click(header, offset=(x + 1, 0))
        await settle(pilot)
        assert table.sort_key == "received_on" and not table.descending
        assert table.ids == by_received
        assert "受理日期▲" in screen_text(app)


@sqlite_only
async def test_cursor_stays_on_the_same_case_after_refresh(demo_db):
    admin = User.get(User.login == "admin")
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(LedgerTable)
        for _ in range(5):
            await pilot.press("down")
        await settle(pilot)
        assert table.current_row.case_no == "LS-2021-006"
        # someone else adds a case that sorts before it
        case_service.create_case(admin, {
            "case_no": "LS-2021-000", "channel": "来电", "received_on": "2021-01-05",
            "unit": "七星村", "target": "新对象", "content": "新问题"})
        app.data_changed()
        await settle(pilot)
        assert table.row_count == 35
        assert table.cursor == 6
        assert table.current_row.case_no == "LS-2021-006"
        assert "显示 35 / 35" in screen_text(app)
        # and when a search result still holds it, the cursor stays on it too
        await pilot.press("slash")
        await type_text(pilot, "养殖")
        await settle(pilot)
        assert table.current_row.case_no == "LS-2021-006"


@sqlite_only
async def test_markup_and_escapes_in_case_text_are_shown_literally(demo_db):
    admin = User.get(User.login == "admin")
    case_service.create_case(admin, {
        "case_no": "LS-2024-099", "channel": "来电", "received_on": "2024-03-01",
        "unit": "七星村", "target": "[bold]x[/bold]",
        "content": "[red]红字[/red] 与 [link=http://x]链接[/link]"})
    # something that slipped into the database past the services' cleaning
    Case.update(location="\x1b[31m地点\x1b[0m").where(Case.case_no == "LS-2024-099").execute()
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "LS-2024-099")
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "[bold]x[/bold]" in text
        assert "[red]红字[/red]" in text
        await pilot.press("enter")  # open the case
        await settle(pilot)
        text = screen_text(app)
        assert "[bold]x[/bold]" in text
        assert "[red]红字[/red] 与 [link=http://x]链接[/link]" in text
        assert "地点" in text and "\x1b" not in text and "[31m" not in text


@sqlite_only
async def test_unit_user_sees_only_own_unit(demo_db):
    app = make_app(login="qixing")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        own = sorted(c.case_no for c in Case.select(Case, Unit).join(Unit)
                     if c.unit.name == "七星村")
        assert ledger_case_nos(app) == own
        assert f"显示 {len(own)} / {len(own)}" in screen_text(app)
        assert "七星村" in screen_text(app).splitlines()[0]
