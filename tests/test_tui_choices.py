"""Type-to-find in long lists: the unit facet of 200 units, the unit and channel choices of
the case form; Chinese text or pinyin initials narrow the list. Box and radio states differ
in their glyph, not only in colour."""

from __future__ import annotations

import pytest
from pypinyin import Style, lazy_pinyin

from huitoukan_tui.enums import UnitKind
from huitoukan_tui.models import Case, Unit
from huitoukan_tui.services.organisation import add_unit
from huitoukan_tui.tui.widgets.choice import ChoiceList, ChoiceSelect
from tests.tui_helpers import ledger_case_nos, make_app, screen_text, settle, type_text

pytestmark = pytest.mark.sqlite_only  # screens over services tested on both engines

FIRST = "东西南北上下大小新老金银石柳梅竹松桃李杏荷莲龙凤白青红黄"
SECOND = "山河湖塘坡岭湾桥庄冲店港岗坝园洲林田畈埠"


@pytest.fixture
def many_units(demo_db):
    """The demo's units plus generated villages: 200 units in all."""
    have = Unit.select().count()
    names = [a + b + "村" for a in FIRST for b in SECOND]
    existing = {u.name for u in Unit.select()}
    for name in [n for n in names if n not in existing][:200 - have]:
        add_unit(name, UnitKind.VILLAGE)
    assert Unit.select().count() == 200
    return demo_db


def _expected(query: str, names: list[str]) -> list[str]:
    """Names containing ``query`` or whose pinyin initials (pypinyin itself) contain it."""
    return [n for n in names
            if query in n or query in "".join(lazy_pinyin(n, style=Style.FIRST_LETTER))]


def _shown(selection: ChoiceList) -> list[str]:
    return [str(selection.get_option_at_index(i).value) for i in range(selection.option_count)]


async def test_unit_facet_narrows_by_pinyin_initials_and_keeps_ticks(many_units):
    names = [u.name for u in Unit.select().order_by(Unit.position, Unit.id)]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        units = app.screen.query_one("#units", ChoiceList)
        assert app.focused is units and units.option_count == 200
        await type_text(pilot, "qxc")
        await settle(pilot)
        assert _shown(units) == _expected("qxc", names) == ["七星村"]
        assert "查找：qxc（1 项）" in screen_text(app)
        await pilot.press("space")  # ticks 七星村
        for _ in range(3):
            await pilot.press("backspace")
        await type_text(pilot, "tp")
        await settle(pilot)
        assert _shown(units) == _expected("tp", names)
        assert "桃坡村" in _shown(units) and "七星村" not in _shown(units)
        assert "七星村" in units.chosen()  # ticked while hidden
        for _ in range(_shown(units).index("桃坡村")):
            await pilot.press("down")
        await pilot.press("space")
        await pilot.press("escape")  # clears the query, keeps the dialog open
        await settle(pilot)
        assert units.option_count == 200 and units.query_text == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        wanted = sorted(c.case_no for c in Case.select().join(Unit)
                        .where(Unit.name.in_(["七星村", "桃坡村"])))
        assert sorted(ledger_case_nos(app)) == wanted
        assert "单位：七星村、桃坡村" in screen_text(app)


async def test_facet_boxes_show_their_state_in_the_glyph(demo_db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("space")  # ticks the first unit (pinyin order: 街道城建办, jie)
        await settle(pilot)
        boxes = [line for line in screen_text(app).splitlines() if "▐" in line]
        assert "▐X▌ 街道城建办" in next(line for line in boxes if "街道城建办" in line)
        assert "▐ ▌ 七星村" in next(line for line in boxes if "七星村" in line)
        assert "▐ ▌ 仅看逾期" in next(line for line in boxes if "仅看逾期" in line)
        await pilot.press("tab", "tab", "tab", "space")  # 仅看逾期 on
        await settle(pilot)
        boxes = [line for line in screen_text(app).splitlines() if "▐" in line]
        assert "▐X▌ 仅看逾期" in next(line for line in boxes if "仅看逾期" in line)


async def test_unit_and_channel_choices_narrow_as_you_type(demo_db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_case_form(None)
        await settle(pilot)
        form = app.screen
        form.query_one("#channel", ChoiceSelect).focus()
        await type_text(pilot, "rx")  # 12345热线 (re xian), 便民热线 (bian min re xian)
        await settle(pilot)
        text = screen_text(app)
        assert "查找：rx" in text and "12345热线" in text and "便民热线" in text
        assert "来访" not in text
        await pilot.press("down", "enter")  # the second match
        await settle(pilot)
        assert form.collect()["channel"] == "便民热线"
        form.query_one("#unit", ChoiceSelect).focus()
        await type_text(pilot, "桃")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert form.collect()["unit"] == "桃坡村"
        form.query_one("#unit", ChoiceSelect).focus()
        await type_text(pilot, "zzz")
        await settle(pilot)
        assert "（没有匹配的选项）" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert form.collect()["unit"] == "桃坡村"  # nothing chosen, nothing changed
