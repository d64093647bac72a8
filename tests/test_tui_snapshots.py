"""Snapshots (SVG) of the ledger, the case detail and the inspection form at 80x24 and
160x48, and of ASCII mode at 80x24, on the demo data with "today" frozen at 2024-04-15.

Update after a deliberate change with ``pytest tests/test_tui_snapshots.py --snapshot-update``
and look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from huitoukan_tui.models import AuditEntry, Rectification
from tests.tui_helpers import make_app, settle

pytestmark = pytest.mark.sqlite_only  # pictures of engine-neutral screens

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


@pytest.fixture
def frozen_demo(demo_db):
    """The demo data with its audit times fixed (the detail screen shows them)."""
    AuditEntry.update(at=dt.datetime(2024, 4, 15, 9, 30)).execute()
    Rectification.update(created_at=dt.datetime(2024, 4, 1, 9, 0),
                         updated_at=dt.datetime(2024, 4, 1, 9, 0)).execute()
    return demo_db


@pytest.mark.parametrize("size", SIZES)
def test_ledger(frozen_demo, snap_compare, size):
    async def run_before(pilot):
        await settle(pilot)
        for _ in range(3):
            await pilot.press("down")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_ledger_overdue_and_filtered(frozen_demo, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        screen = pilot.app.screen
        from huitoukan_tui.tui.screens.facets import Facets

        screen.set_facets(Facets(statuses=("整改中",)))
        await settle(pilot)

    app = make_app(today=dt.date(2024, 7, 10))  # the 2024-06-30 deadlines have passed
    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_case_detail(frozen_demo, snap_compare, size):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.open_case("LS-2021-008")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_inspection_form(frozen_demo, snap_compare, size):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.open_inspection("LS-2022-022")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_inspection_form_with_refusals(frozen_demo, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.open_inspection("LS-2022-022")
        await settle(pilot)
        pilot.app.screen.fill({"inspected_on": "2021-01-01", "inspectors": "张伟",
                               "handled": "否"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        pilot.app.clear_notifications()
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


async def _open_for_ascii(pilot, what: str) -> None:
    app = pilot.app
    await settle(pilot)
    if what == "facets":
        await pilot.press("f", "space", "tab", "down", "space")
    elif what == "inspection":
        app.open_inspection("LS-2022-022")
        await settle(pilot)
        app.screen.fill({"inspectors": "张伟", "handled": "否", "satisfaction": "满意"})
    elif what == "item_editor":
        app.open_item_editor(Rectification.select().order_by(Rectification.id).first().id)
    await settle(pilot)


@pytest.mark.parametrize("what", ["ledger", "facets", "inspection", "item_editor"])
def test_ascii_mode(frozen_demo, snap_compare, monkeypatch, what):
    """HUITOUKAN_ASCII=1: frames, boxes and symbols in ASCII; ticked and chosen boxes [X] (*)
    next to empty ones."""
    monkeypatch.setenv("HUITOUKAN_ASCII", "1")

    async def run_before(pilot):
        await _open_for_ascii(pilot, what)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
