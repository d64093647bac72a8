"""The export screen (e): it runs io.exporting.export_forms in a worker and lists the files;
a unit user gets its own unit's files only; a bad week is refused next to the field."""

from __future__ import annotations

import datetime as dt

import pytest

from huitoukan_tui.io.exporting import sha256_of
from huitoukan_tui.tui.screens.export import ExportScreen
from huitoukan_tui.tui.widgets.field import FieldRow
from tests.test_campaigns import LATER, district  # noqa: F401 - the two-campaign district
from tests.tui_helpers import make_app, notices, screen_text, settle

pytestmark = pytest.mark.sqlite_only  # engine-neutral UI code; exports are tested per engine

THURSDAY = dt.date(2024, 4, 11)


@pytest.fixture
def out_dir(tmp_path, monkeypatch):
    folder = tmp_path / "exports"
    monkeypatch.setenv("HUITOUKAN_EXPORTS", str(folder))
    return folder


async def open_export(pilot) -> ExportScreen:
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    return screen


def listed(screen: ExportScreen) -> list[list[str]]:
    table = screen.query_one("#results")
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_station_exports_per_unit_files(demo_db, out_dir):
    app = make_app(today=THURSDAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot)
        assert screen.choices()["week"] == "2024-04-11"  # the week due today
        assert "报送周：2024年4月5日—4月11日" in screen_text(app)
        screen.set_choices(kind="progress", per_unit=True)
        await pilot.press("ctrl+s")
        await settle(pilot)
        files = sorted(p.name for p in out_dir.iterdir() if not p.name.startswith("."))
        assert len(files) == 8  # 合计 + 7 units
        assert "2024-04-11_进展一览表_合计.xlsx" in files
        assert "2024-04-11_进展一览表_七星村.xlsx" in files
        rows = listed(screen)
        assert sorted(r[0].strip() for r in rows) == files
        total = next(r for r in screen.results if r.scope == "合计")
        assert total.rows == 7 and total.sha256 == sha256_of(total.path)
        line = next(r for r in rows if r[0].startswith("2024-04-11_进展一览表_合计"))
        assert line[1:] == ["7", total.sha256[:12], "新建"]
        assert "已导出 8 个文件" in notices(app)

        # again: nothing changed, the files are left alone
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert {r[3] for r in listed(screen)} == {"未变化"}


async def test_unit_user_gets_own_unit_and_final_form(demo_db, out_dir):
    app = make_app(login="qixing", today=THURSDAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_export(pilot)
        screen.set_choices(kind="problems", final=True, per_unit=True)
        await pilot.press("ctrl+s")
        await settle(pilot)
        own = out_dir / "users" / "qixing"  # not the station's official folder
        files = sorted(p.name for p in own.iterdir() if not p.name.startswith("."))
        assert files == ["2024-04-11_问题核查清单_七星村.xlsx"]
        assert sorted(p.name for p in out_dir.iterdir() if not p.name.startswith(".")) == [
            "users"]
        assert [r[0].strip() for r in listed(screen)] == files


async def test_bad_week_is_refused_at_the_field(demo_db, out_dir):
    app = make_app(today=THURSDAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_export(pilot)
        screen.set_choices(week="2024-13-40")
        await settle(pilot)
        assert "应为日期" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = next(r for r in screen.query(FieldRow) if r.label == "报送周")
        assert "不是有效日期" in row.error
        assert not out_dir.exists() or not any(out_dir.iterdir())


async def test_long_file_names_keep_their_ends_at_80_columns(district, out_dir):  # noqa: F811
    """With two campaigns the files are named for theirs (long); at 80x24 each listed name
    keeps its week and its end (form, unit, type), so the files can be told apart."""
    app = make_app(today=dt.date(2025, 3, 27))  # the 2025 campaign is running
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_export(pilot)
        screen.set_choices(kind="progress", per_unit=True)
        await pilot.press("ctrl+s")
        await settle(pilot)
        files = sorted(p.name for p in out_dir.iterdir() if not p.name.startswith("."))
        assert [f.split("_")[-1] for f in files] == ["七星村.xlsx", "合计.xlsx", "新河社区.xlsx"]
        assert all(f.startswith(f"2025-03-27_{LATER}") for f in files)
        shown = [line.split()[0] for line in screen_text(app).splitlines()
                 if line.strip().startswith("2025-03-27_")]
        assert len(shown) == 3 and len(set(shown)) == 3, shown
        for name in shown:
            head, tail = name.split("…")
            assert head == "2025-03-27_"
            assert tail.endswith(("_进展一览表_七星村.xlsx", "_进展一览表_合计.xlsx",
                                  "_进展一览表_新河社区.xlsx")), name
            assert any(f.startswith(head) and f.endswith(tail) for f in files)
