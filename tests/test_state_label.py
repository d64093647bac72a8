"""One label for one state (issue 17, item 10): a case with a 移交执法 item is 整改中 with a
移交执法 flag in the ledger screen, ``cases`` (table, csv, json), the ledger export and the case
detail; and a 移交执法 item is out of the unit's hands, so its deadline makes neither it nor
its case 逾期 — in the ledger's filter, ``cases --overdue``, ``problems --overdue``, the notices
and the status bar — while an overdue item that is not referred still does.

The expectations come from the demo's raw rows (status codes and deadlines read with SQL) and
the rule written out here, not from the code under test."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from huitoukan_tui.io.exporting import export_forms
from huitoukan_tui.models import Case, LedgerEntry, Meta, Rectification, User, database
from huitoukan_tui.services import dashboard, notices, rectifications
from tests.tui_helpers import make_app, screen_text, settle

DAY = dt.date(2024, 7, 1)  # the demo's 2024-06-30 deadlines have passed
REFERRED_CASE = "LS-2021-007"  # its one item is 移交执法, deadline 2024-06-30
LATE_CASE = "LS-2021-004"  # its one item is 整改中, deadline 2024-06-30


def _items() -> list[tuple[int, str, str, dt.date | None]]:
    """(item id, case number, status code, deadline) of every demo item, read raw."""
    rows = database.execute_sql(
        "SELECT r.id, c.case_no, r.status, r.deadline FROM rectification r "
        "JOIN petition_case c ON c.id = r.case_id ORDER BY r.id").fetchall()
    return [(i, no, status, dt.date.fromisoformat(str(d)) if d else None)
            for i, no, status, d in rows]


def _expected(day: dt.date = DAY) -> tuple[set[str], set[str], set[int]]:
    """Cases with a referred item, cases overdue, items overdue on ``day``: an item is overdue
    when it is 整改中 or 待验收 and its deadline is before ``day``."""
    items = _items()
    referred = {no for _, no, status, _ in items if status == "referred"}
    late_items = {i for i, _, status, d in items
                  if status in ("in_progress", "awaiting") and d and d < day}
    late_cases = {no for i, no, _, _ in items if i in late_items}
    return referred, late_cases, late_items


def _preconditions() -> None:
    """What makes these tests able to fail: the referred case's item is past its deadline,
    and a non-referred item is too."""
    items = _items()
    assert [(s, d) for _, no, s, d in items if no == REFERRED_CASE] == [
        ("referred", dt.date(2024, 6, 30))]
    assert [(s, d) for _, no, s, d in items if no == LATE_CASE] == [
        ("in_progress", dt.date(2024, 6, 30))]


def _json(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cases_json_csv_table_and_filters(demo_db, run_cli, monkeypatch):
    monkeypatch.setenv("HUITOUKAN_TODAY", DAY.isoformat())
    _preconditions()
    referred, late, _ = _expected()
    assert REFERRED_CASE in referred and REFERRED_CASE not in late and LATE_CASE in late
    records = _json(run_cli(["cases", "--format", "json"]))
    by_no = {r["case_no"]: r for r in records}
    assert by_no[REFERRED_CASE]["status"] == "整改中"
    assert by_no[REFERRED_CASE]["referred"] is True
    assert by_no[REFERRED_CASE]["overdue"] is False
    assert (by_no[LATE_CASE]["status"], by_no[LATE_CASE]["referred"],
            by_no[LATE_CASE]["overdue"]) == ("整改中", False, True)
    assert {n for n, r in by_no.items() if r["referred"]} == referred
    assert {n for n, r in by_no.items() if r["overdue"]} == late
    assert all(r["status"] == "整改中" for n, r in by_no.items() if n in referred)

    overdue = _json(run_cli(["cases", "--format", "json", "--overdue"]))
    assert sorted(r["case_no"] for r in overdue) == sorted(late)
    flagged = _json(run_cli(["cases", "--format", "json", "--referred"]))
    assert sorted(r["case_no"] for r in flagged) == sorted(referred)

    result = run_cli(["cases", "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    row = next(r for r in rows if r["case_no"] == REFERRED_CASE)
    assert (row["status"], row["referred"], row["overdue"]) == ("整改中", "true", "false")
    row = next(r for r in rows if r["case_no"] == LATE_CASE)
    assert (row["status"], row["referred"], row["overdue"]) == ("整改中", "false", "true")

    result = run_cli(["cases"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    header = lines[0].split()
    assert header[-3:] == ["状态", "移交执法", "逾期"]
    line = next(x for x in lines if x.startswith(REFERRED_CASE + " "))
    assert line.split()[-3:] == ["整改中", "是", "否"]
    line = next(x for x in lines if x.startswith(LATE_CASE + " "))
    assert line.split()[-3:] == ["整改中", "否", "是"]


def test_items_overdue_only_while_their_deadline_runs(demo_db, run_cli, monkeypatch):
    monkeypatch.setenv("HUITOUKAN_TODAY", DAY.isoformat())
    _preconditions()
    _, _, late_items = _expected()
    listed = _json(run_cli(["problems", "--format", "json", "--overdue"]))
    assert sorted(r["id"] for r in listed) == sorted(late_items)
    every = {r["id"]: r for r in _json(run_cli(["problems", "--format", "json"]))}
    referred_item = next(i for i, no, _, _ in _items() if no == REFERRED_CASE)
    assert (every[referred_item]["status"], every[referred_item]["overdue"]) == (
        "移交执法", False)
    assert {i for i, r in every.items() if r["overdue"]} == late_items
    # the four lists' export says the state on the week's last day the same way
    item = Rectification.get_by_id(referred_item)
    assert rectifications.state_label_on(item, DAY) == "移交执法"
    late = Rectification.get_by_id(next(i for i, no, _, _ in _items() if no == LATE_CASE))
    assert rectifications.state_label_on(late, DAY) == "整改中，已逾期"


def test_notices_and_status_bar_count_no_referred_item(demo_db):
    _preconditions()
    _, _, late_items = _expected()
    admin = User.get(User.login == "admin")
    found = notices.notices(admin, now=dt.datetime.combine(DAY, dt.time(9)))
    assert found.counts["已逾期"] == len(late_items)
    listed = {n.item_id for n in found.entries if n.kind == "已逾期"}
    assert listed == late_items  # fewer than the list's limit in the demo
    assert not any(n.case_no == REFERRED_CASE for n in found.entries
                   if n.kind in ("已逾期", "即将到期"))
    summary = dashboard.status_summary(admin, today=DAY)
    assert summary.overdue_items == len(late_items)


@pytest.mark.sqlite_only
async def test_the_status_bar_count_is_what_its_label_says(demo_db):
    """The status bar counts the items not yet 已销号 (整改中, 待验收 and 移交执法 alike) and
    says 未销号, not 整改中: in the four lists a 移交执法 item is not 整改中, and filtering
    them by the three states shows the same number."""
    from huitoukan_tui.tui.screens.problems import ItemFacets, ProblemsScreen

    _preconditions()
    items = _items()
    not_closed = sum(1 for _, _, status, _ in items if status != "closed")
    in_progress = sum(1 for _, _, status, _ in items if status == "in_progress")
    assert not_closed > in_progress  # what makes the test able to fail
    _, _, late_items = _expected()
    app = make_app(today=DAY)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        bar = screen_text(app).splitlines()[0]
        assert f"未销号 {not_closed} · 逾期 {len(late_items)}" in bar
        assert "整改中" not in bar
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        app.screen.set_facets(ItemFacets(statuses=("整改中", "待验收", "移交执法")))
        await settle(pilot)
        assert f"显示 {not_closed} / {len(items)}" in screen_text(app)


def test_ledger_export_says_the_status_and_the_flag(demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("HUITOUKAN_TODAY", DAY.isoformat())
    referred, _, _ = _expected()
    admin = User.get(User.login == "admin")
    [result] = export_forms(admin, "ledger", week=dt.date(2024, 4, 11), out_dir=tmp_path)
    ws = load_workbook(result.path).active
    headers = [str(c.value).replace("\n", "") for c in ws[3]]
    col = {h: i for i, h in enumerate(headers)}
    rows = {r[col["编号"]]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    assert len(rows) == Case.select().count()
    assert rows[REFERRED_CASE][col["状态"]] == "整改中"
    assert rows[REFERRED_CASE][col["移交执法"]] == "是"
    assert rows[LATE_CASE][col["状态"]] == "整改中"
    assert rows[LATE_CASE][col["移交执法"]] in ("", None)
    assert {n for n, r in rows.items() if r[col["移交执法"]] == "是"} == referred
    # the 完成时限 of the ledger is the earliest deadline that still runs: none for a case
    # whose only open item is referred, the item's for the late case
    assert rows[REFERRED_CASE][col["完成时限"]] is None
    assert rows[LATE_CASE][col["完成时限"]] == dt.datetime(2024, 6, 30)


def test_a_ledger_derived_by_the_older_rule_is_recomputed_once(demo_db, run_cli, monkeypatch):
    monkeypatch.setenv("HUITOUKAN_TODAY", DAY.isoformat())
    referred, late, _ = _expected()
    # as the older rule stored it: the referred item's deadline was the case's next deadline
    case_id = Case.get(Case.case_no == REFERRED_CASE).id
    LedgerEntry.update(next_deadline=dt.date(2024, 6, 30)).where(
        LedgerEntry.case == case_id).execute()
    Meta.delete().where(Meta.key == "ledger_rules").execute()
    result = run_cli(["cases", "--format", "json", "--overdue"])
    assert result.exit_code == 0
    assert f"台账状态已按现行规则重算：{len(referred)} 件" in result.stderr
    assert sorted(r["case_no"] for r in json.loads(result.stdout)) == sorted(late)
    assert LedgerEntry.get(LedgerEntry.case == case_id).next_deadline is None
    again = run_cli(["cases", "--format", "json", "--overdue"])
    assert again.exit_code == 0 and again.stderr == ""
    assert again.stdout == result.stdout


# ---------------------------------------------------------------- the screens

def _ledger_cells(app, case_no: str) -> dict[str, str]:
    """The rendered cells (column key → text) of the ledger row of ``case_no``, as the table
    draws them (each cell is one segment tagged with its column)."""
    from huitoukan_tui.tui.widgets.ledger_table import LedgerTable

    table = app.screen.query_one(LedgerTable)
    for y in range(table.size.height):
        cells = {}
        for segment in table.render_line(y):
            meta = segment.style.meta if segment.style else {}
            if meta.get("column"):
                cells[meta["column"]] = segment.text.strip()
        if cells.get("case_no") == case_no:
            return cells
    raise AssertionError(f"{case_no} not on screen")


@pytest.mark.sqlite_only  # the screens only call services (run on both engines above)
@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
async def test_ledger_row_and_overdue_filter(demo_db, size):
    _preconditions()
    referred, late, _ = _expected()
    app = make_app(today=DAY)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        cells = _ledger_cells(app, REFERRED_CASE)
        assert (cells["status"], cells["referred"]) == ("整改中", "是")
        cells = _ledger_cells(app, LATE_CASE)
        assert (cells["status"], cells["referred"]) == ("整改中!", "")
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#overdue").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        from tests.tui_helpers import ledger_case_nos

        assert ledger_case_nos(app) == sorted(late)
        assert REFERRED_CASE not in screen_text(app)


@pytest.mark.sqlite_only
async def test_case_detail_says_the_status_and_the_flag(demo_db):
    _preconditions()
    app = make_app(today=DAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_case(REFERRED_CASE)
        await settle(pilot)
        text = screen_text(app)
        title = next(line for line in text.splitlines() if REFERRED_CASE in line)
        assert "整改中  移交执法" in title
        assert "逾期" not in title
        item = next(line for line in text.splitlines() if "完成时限 2024-06-30" in line)
        assert "移交执法" in item and "逾期" not in item
        await pilot.press("escape")
        await settle(pilot)
        app.open_case(LATE_CASE)
        await settle(pilot)
        text = screen_text(app)
        title = next(line for line in text.splitlines() if LATE_CASE in line)
        assert "整改中  逾期（期限 2024-06-30）" in title and "移交执法" not in title


@pytest.mark.sqlite_only
async def test_the_referred_column_is_a_flag_not_an_order(demo_db):
    from huitoukan_tui.tui.widgets.ledger_table import LedgerHeader, LedgerTable

    app = make_app(today=DAY)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(LedgerTable)
        keys = [p.column.key for p in table.columns_for_width()]
        assert keys[keys.index("status") + 1] == "referred"  # beside the status
        x = next(p.x for p in table.columns_for_width() if p.column.key == "referred")
        await pilot.click(app.screen.query_one(LedgerHeader), offset=(x + 1, 0))
        await settle(pilot)
        assert (table.sort_key, table.descending) == ("case_no", False)  # a click: nothing
        app.screen.sort_by("status", False)
        await settle(pilot)
        await pilot.press("s")  # the next column to sort by skips the flag
        await settle(pilot)
        assert table.sort_key == keys[keys.index("referred") + 1] == "deadline"
