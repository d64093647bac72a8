"""The official forms as files: every produced file is read back with openpyxl and checked
against the seed's layout and the service layer's numbers; plus the cron-safety promises
(identical reruns, no terminal, concurrent runs) and the formula-injection guard."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from huitoukan_tui.enums import RectStatus, UnitKind
from huitoukan_tui.io import exporting, forms
from huitoukan_tui.io.exporting import export_forms, safe_name
from huitoukan_tui.models import Case, User
from huitoukan_tui.services import (
    campaign,
    cases,
    inspections,
    organisation,
    progress,
    rectifications,
)
from huitoukan_tui.services.campaign import Week
from huitoukan_tui.services.errors import ValidationError
from huitoukan_tui.services.inspections import InspectionInput
from huitoukan_tui.services.locks import LockTimeout, exclusive_lock

ROOT = Path(__file__).resolve().parent.parent
W1 = Week(dt.date(2024, 3, 15), dt.date(2024, 3, 21))   # first report week of the demo
W4 = Week(dt.date(2024, 4, 5), dt.date(2024, 4, 11))    # every demo item is open by now
DEMO_UNITS = ["七星村", "桃坡村", "杨山村", "里山社区", "新河社区", "街道城建办", "街道农业农村办"]

# the header rows exactly as the seed prints them (line breaks included)
SEED_PROBLEM_HEADERS = ["序号", "问题\n类型", "原交办具体问题", "新发现问题", "整改措施",
                        "目标任务（标准）", "整改实施主体", "验收（监管）单位", "完成\n时限"]
SEED_PROGRESS_HEADERS = ["序号", "核查\n单位", "信访总数", "本周\n核查数", "累计\n核查数",
                         "完成率", "新发现问题数", "累计\n新发现\n问题数", "备注"]
DATE_FORMAT = 'yyyy"年"m"月"d"日"'


def admin() -> User:
    return User.get(User.login == "admin")


def sheet_of(path: Path):
    return load_workbook(path).active


def values(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def all_text(ws) -> str:
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def assert_print_ready(ws) -> None:
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$3:$3"  # the header row on every page
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert ws.freeze_panes == "A4"


def by_name(results, fragment: str):
    hits = [r for r in results if fragment in r.path.name]
    assert len(hits) == 1, [r.path.name for r in results]
    return hits[0]


# ---------------------------------------------------------------- attachment 2

def test_progress_form_layout_and_numbers(demo_db, tmp_path):
    results = export_forms(admin(), "progress", week=dt.date(2024, 3, 21), out_dir=tmp_path)
    assert [r.path.name for r in results] == ["2024-03-21_进展一览表_合计.xlsx"]
    result = results[0]
    assert result.status == "created" and result.rows == 7 and len(result.sha256) == 64
    ws = sheet_of(result.path)
    camp = campaign.current_campaign()
    title = ws["A1"].value
    assert title == camp.title_progress.replace("“回头看”", "\n“回头看”")  # as the seed breaks it
    assert ws["A1"].font.bold and ws["A1"].font.name == "黑体"
    assert ws["A1"].alignment.horizontal == "center"
    assert ws["A2"].value == "填报单位：里山街道"
    assert ws["E2"].value == "填报时间：2024年3月21日"
    assert [c.value for c in ws[3]] == SEED_PROGRESS_HEADERS
    table = progress.weekly_progress(admin(), W1)  # the same computation as the screen
    rows = values(ws)[3:3 + 7]
    for n, (row, expected) in enumerate(zip(rows, table.rows, strict=True), start=1):
        assert row == [n, expected.unit, expected.total, expected.verified_this_week,
                       expected.verified_total, pytest.approx(expected.completion_rate),
                       expected.new_problems_this_week, expected.new_problems_total, None]
    assert sum(r.verified_this_week for r in table.rows) == 7  # the demo's first week
    for cell in ws[4]:
        assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
    rate = ws["F4"]
    assert rate.data_type == "n" and isinstance(rate.value, float)
    assert rate.number_format == "0.0%"
    assert all(isinstance(ws.cell(4, col).value, int) for col in (1, 3, 4, 5, 7, 8))
    # 合计: numbers, never formulas (a preview without a calculation engine shows a formula
    # as an empty cell), summed here from the data rows; the label over 序号 and 核查单位
    total = [c.value for c in ws[11]]
    sums = [sum(r[i] for r in rows) for i in (2, 3, 4, 6, 7)]
    assert total == ["合计", None, *sums[:3], pytest.approx(sums[2] / sums[0]), *sums[3:],
                     None]
    assert all(ws.cell(11, col).data_type == "n" for col in (3, 4, 5, 6, 7, 8))
    assert not any(str(c.value).startswith("=") for row in ws.iter_rows() for c in row)
    assert ws["F11"].number_format == "0.0%"
    assert [c.value for c in ws[13] if c.value] == ["报送单位主要负责同志签字：", "填表人：",
                                                    "联系电话："]
    assert merged(ws) == {"A1:I1", "A2:D2", "E2:I2", "A11:B11", "A13:D13", "E13:F13",
                          "G13:I13"}
    assert_print_ready(ws)
    assert ws.row_dimensions[3].height >= 3 * forms.LINE_HEIGHT  # three-line header visible


def test_progress_per_unit_files_and_remarks(demo_db, tmp_path):
    week = W1
    progress.set_remark(admin(), "七星村", week, "本周已完成全部现场核查")
    results = export_forms(admin(), "progress", week=week, per_unit=True, out_dir=tmp_path)
    assert [r.path.name for r in results] == (
        ["2024-03-21_进展一览表_合计.xlsx"]
        + [f"2024-03-21_进展一览表_{u}.xlsx" for u in DEMO_UNITS])
    ws = sheet_of(by_name(results, "七星村").path)
    assert ws["A2"].value == "填报单位：七星村"
    row = progress.weekly_progress(admin(), week, ["七星村"]).rows[0]
    assert [c.value for c in ws[4]] == [1, "七星村", row.total, row.verified_this_week,
                                        row.verified_total, pytest.approx(row.completion_rate),
                                        row.new_problems_this_week, row.new_problems_total,
                                        "本周已完成全部现场核查"]
    assert ws["A5"].value == "合计" and ws["C5"].value == row.total


def test_filled_date_is_the_day_the_week_is_due_when_a_holiday_moves_it(demo_db, tmp_path):
    """2024-04-04, the demo's third report day, was 清明节 (04-04 … 04-06 off): its forms
    were due on Wednesday 04-03, so that is the 填报时间 the exported tables print (the
    file is still named after the report week's end)."""
    results = export_forms(admin(), "all", week=dt.date(2024, 4, 4), out_dir=tmp_path)
    assert {r.path.name for r in results} == {
        "2024-04-04_信访台账_合计.xlsx", "2024-04-04_问题清单_合计.xlsx",
        "2024-04-04_进展一览表_合计.xlsx"}
    for result in results:
        ws = sheet_of(result.path)
        note = [c.value for c in ws[2] if c.value and str(c.value).startswith("填报时间")]
        assert note == ["填报时间：2024年4月3日"], result.path.name


def test_filled_date_follows_the_campaign_files_report_due(demo_db, run_cli, tmp_path):
    """The campaign file's [report_due] moves the 03-28 report to Wednesday 03-27: the
    board says so and ``export progress`` prints 填报时间：2024年3月27日."""
    from huitoukan_tui.models import ReportDue
    from huitoukan_tui.services import reporting

    camp = campaign.current_campaign()
    ReportDue.create(campaign=camp, report_day=dt.date(2024, 3, 28), due_on=dt.date(2024, 3, 27))
    board = reporting.board(admin(), dt.date(2024, 3, 28))
    assert board.due_text.startswith("3月27日（周三）12:00 前")
    result = run_cli(["export", "progress", "--week", "2024-03-28", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    ws = sheet_of(tmp_path / "2024-03-28_进展一览表_合计.xlsx")
    assert ws["E2"].value == "填报时间：2024年3月27日"


# ---------------------------------------------------------------- attachment 1

def test_problems_form_matches_the_four_lists(demo_db, tmp_path):
    results = export_forms(admin(), "problems", week=W4.end, per_unit=True, out_dir=tmp_path)
    items = rectifications.list_items(admin())
    assert by_name(results, "问题清单_合计").rows == len(items) == 12
    ws = sheet_of(by_name(results, "问题清单_合计").path)
    assert ws["A1"].value == campaign.current_campaign().title_problems
    assert ws["A2"].value == "填报单位：里山街道" and ws["E2"].value == "填报时间：2024年4月11日"
    assert [c.value for c in ws[3]] == SEED_PROBLEM_HEADERS
    for n, item in enumerate(items, start=1):
        row = [c.value for c in ws[3 + n]]
        assert row[:8] == [n, item.problem_type, item.original_problem,
                           item.new_problem or None, rectifications.measures_text(item),
                           item.target_standard, item.implementer, item.acceptor]
        # 完成时限 also says the row's state at the week's end (test_deadline_cell_…)
        date, state = row[8].split("\n")
        assert date == f"{item.deadline.year}年{item.deadline.month}月{item.deadline.day}日"
        assert state.strip("（）") in {s.label for s in RectStatus}
        assert ws.cell(3 + n, 5).alignment.wrap_text
    first = rectifications.measures_of(items[0])
    assert rectifications.format_milestone(first[0].milestones[0]) in ws["E4"].value
    assert merged(ws) >= {"A1:I1", "A2:D2", "E2:I2"}
    assert ws.max_row == 3 + 12 + 2  # no 合计 row; a blank row and the signature line
    assert ws.cell(ws.max_row, 1).value == "报送单位主要负责同志签字："
    assert_print_ready(ws)
    # per unit: each unit's own rows, numbered from 1
    qixing = [i for i in items if i.case.unit.name == "七星村"]
    result = by_name(results, "问题清单_七星村")
    ws = sheet_of(result.path)
    assert result.rows == len(qixing) and ws["A2"].value == "填报单位：七星村"
    assert [ws.cell(4 + k, 1).value for k in range(len(qixing))] == list(
        range(1, len(qixing) + 1))
    assert by_name(results, "问题清单_新河社区").rows == 0  # a unit with nothing still reports


def test_problems_as_of_the_report_week(demo_db, tmp_path):
    """Items opened after the week's end are not in that week's list."""
    items = [i for i in rectifications.list_items(admin()) if i.opened_on <= W1.end]
    [result] = export_forms(admin(), "problems", week=W1.end, out_dir=tmp_path)
    assert result.rows == len(items) < 12


def test_petitioner_data_never_in_the_attachments(demo_db, tmp_path):
    results = export_forms(admin(), "all", week=W4.end, final=True, out_dir=tmp_path)
    names = {c.petitioner for c in Case.select() if c.petitioner}
    phones = {c.phone for c in Case.select() if c.phone}
    for result in results:
        if result.kind == "ledger":
            continue
        text = all_text(sheet_of(result.path))
        assert not any(p in text for p in phones), result.path.name
        assert not any(n in text for n in names - {"匿名"}), result.path.name


def test_final_version_adds_findings_and_inspectors(demo_db, tmp_path):
    [result] = export_forms(admin(), "problems", week=W4.end, final=True, out_dir=tmp_path)
    assert result.path.name == "2024-04-11_问题核查清单_合计.xlsx"
    ws = sheet_of(result.path)
    assert [c.value for c in ws[3]] == [*SEED_PROBLEM_HEADERS, "核查情况", "核查人员"]
    assert "A1:K1" in merged(ws)
    for n, item in enumerate(rectifications.list_items(admin()), start=1):
        latest = inspections.latest_inspection(item.case)
        assert [ws.cell(3 + n, 10).value, ws.cell(3 + n, 11).value] == [
            latest.findings, latest.inspectors]


def test_final_uses_the_latest_inspection(demo_db, tmp_path):
    item = rectifications.list_items(admin())[0]
    inspections.record_inspection(admin(), item.case.case_no, InspectionInput(
        inspected_on=dt.date(2024, 4, 14), inspectors="复查人甲、复查人乙", handled="是",
        rebound="无", satisfaction="满意", findings="复查：已整改到位"),
        today=dt.date(2024, 4, 15))
    [result] = export_forms(admin(), "problems", week=W4.end, final=True, out_dir=tmp_path)
    ws = sheet_of(result.path)
    assert [ws["J4"].value, ws["K4"].value] == ["复查：已整改到位", "复查人甲、复查人乙"]


# ---------------------------------------------------------------- ledger

def test_ledger_with_latest_inspection_and_masked_phone(demo_db, tmp_path):
    [result] = export_forms(admin(), "ledger", week=W4.end, out_dir=tmp_path / "s")
    assert result.rows == 34
    ws = sheet_of(result.path)
    assert ws["A1"].value == campaign.current_campaign().title_ledger
    headers = [c.value for c in ws[3]]
    assert headers[:7] == ["序号", "编号", "来源", "受理日期", "核查单位", "信访人", "联系电话"]
    assert headers[-1] == "核查情况"
    col = {h.replace("\n", ""): i for i, h in enumerate(headers)}
    ordered = cases.list_cases(admin(), cases.CaseFilter(sort="form"))
    for n, case in enumerate(ordered, start=1):
        row = [c.value for c in ws[3 + n]]
        assert row[col["编号"]] == case.case_no and row[col["联系电话"]] == case.phone
        assert row[col["受理日期"]] == dt.datetime.combine(case.received_on, dt.time())
        latest = inspections.latest_inspection(case)
        if latest:
            assert row[col["核查人员"]] == latest.inspectors
            assert row[col["核查日期"]] == dt.datetime.combine(latest.inspected_on, dt.time())
        else:
            assert row[col["核查日期"]] is None
    # the form keeps the campaign file's order of units (not the ledger's pinyin sort)
    units = [ws.cell(3 + n, col["核查单位"] + 1).value for n in range(1, 35)]
    assert list(dict.fromkeys(units)) == ["七星村", "桃坡村", "杨山村", "里山社区", "新河社区",
                                          "街道城建办", "街道农业农村办"]
    assert ws.cell(4, col["受理日期"] + 1).number_format == "yyyy-mm-dd"
    # printed readably: borders instead of a grid, wrapped text, no empty columns
    assert not ws.print_options.gridLines
    assert ws.print_area == f"'信访台账'!$A$1:$U${3 + 34}"
    for cell in ws[4]:
        assert cell.border.left.style == "thin" and cell.alignment.wrap_text
    assert_print_ready(ws)
    # the district's viewer sees neither numbers nor names in full
    viewer = User.get(User.login == "quhuanweiban")
    [result] = export_forms(viewer, "ledger", week=W4.end, out_dir=tmp_path / "v")
    ws = sheet_of(result.path)
    for n, case in enumerate(ordered, start=1):
        row = [c.value for c in ws[3 + n]]
        assert row[col["联系电话"]] != case.phone and "****" in row[col["联系电话"]]
        assert row[col["信访人"]] in ("", None) or "*" in row[col["信访人"]] or len(
            case.petitioner) == 1


# ---------------------------------------------------------------- access

def test_unit_user_exports_only_its_own_unit(demo_db, tmp_path):
    unit_user = User.get(User.login == "qixing")
    results = export_forms(unit_user, "all", week=W4.end, per_unit=True, out_dir=tmp_path)
    assert sorted(r.path.name for r in results) == sorted([
        "2024-04-11_进展一览表_七星村.xlsx", "2024-04-11_问题清单_七星村.xlsx",
        "2024-04-11_信访台账_七星村.xlsx"])
    ledger = sheet_of(by_name(results, "信访台账").path)
    units = {ledger.cell(r, 5).value for r in range(4, ledger.max_row + 1)}
    assert units == {"七星村"}
    with pytest.raises(ValidationError, match="无权导出"):
        export_forms(unit_user, "progress", week=W4.end, units=["桃坡村"], out_dir=tmp_path)


def test_unknown_kind_format_or_unit_is_refused(demo_db, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(ValidationError, match="类型"):
        export_forms(admin(), "everything", out_dir=out)
    with pytest.raises(ValidationError, match="格式"):
        export_forms(admin(), "progress", fmt="docx", out_dir=out)
    with pytest.raises(ValidationError, match="没有这个单位"):
        export_forms(admin(), "progress", units=["不存在村"], out_dir=out)
    with pytest.raises(ValidationError, match="报送周"):
        export_forms(admin(), "progress", week="下周四", out_dir=out)
    assert not out.exists()  # refused before anything was written


def test_default_week_is_the_one_due(demo_db, tmp_path):
    [result] = export_forms(admin(), "progress", out_dir=tmp_path, today=dt.date(2024, 3, 27))
    assert result.path.name.startswith("2024-03-21_")


def test_default_week_of_a_campaign_not_yet_started_is_its_first(demo_db, run_cli, tmp_path,
                                                                 monkeypatch):
    """Before the campaign (2024-03-15 … 04-15) the export without --week writes its first
    report week (ending 2024-03-21), the week progress opens on; after it, its last."""
    monkeypatch.setenv("HUITOUKAN_TODAY", "2024-02-01")
    before = run_cli(["export", "progress", "--out", str(tmp_path)])
    assert before.exit_code == 0, before.output
    assert Path(before.stdout.split("  ")[0]).name == "2024-03-21_进展一览表_合计.xlsx"
    shown = run_cli(["progress"])
    assert "2024年3月15日—3月21日" in shown.stdout.splitlines()[0]
    monkeypatch.setenv("HUITOUKAN_TODAY", "2025-01-09")
    after = run_cli(["export", "progress", "--out", str(tmp_path)])
    assert Path(after.stdout.split("  ")[0]).name == "2024-04-18_进展一览表_合计.xlsx"


# ---------------------------------------------------------------- injection guard

RISKY = ["=HYPERLINK(\"http://evil.example\",\"点我\")", "+86 555 0100", "-1+2", "@SUM(A1:A2)",
         "=1+1"]


def test_formula_injection_guard(db, units, tmp_path):
    station = admin()
    cases.create_case(station, {
        "case_no": "INJ-1", "channel": "来电", "received_on": dt.date(2023, 5, 1),
        "unit": "七星村", "petitioner": "张先生", "phone": "13800000000",
        "target": RISKY[0], "location": RISKY[3], "category": RISKY[2], "content": RISKY[1],
        "original_handling": RISKY[4]})
    inspections.record_inspection(station, "INJ-1", InspectionInput(
        inspected_on=dt.date(2024, 3, 18), inspectors="=A1", handled="否", rebound="无",
        satisfaction="不满意", findings=RISKY[4], new_problems=[RISKY[0]]),
        today=dt.date(2024, 3, 20))
    results = export_forms(station, "all", week=W1.end, final=True, out_dir=tmp_path)
    found = set()
    for result in results:
        ws = sheet_of(result.path)
        for row in ws.iter_rows(min_row=4):
            for cell in row:
                if isinstance(cell.value, str) and cell.value in RISKY + ["=A1"]:
                    assert cell.data_type == "s", (result.path.name, cell.coordinate)
                    assert cell.quotePrefix, (result.path.name, cell.coordinate)
                    found.add(cell.value)
        formulas = [c.value for row in ws.iter_rows() for c in row if c.data_type == "f"]
        assert all(f.startswith(("=SUM(", "=IF(")) for f in formulas)  # only our 合计 row
    assert found == set(RISKY) | {"=A1"}
    # the raw XML never holds them as formulas
    with zipfile.ZipFile(by_name(results, "信访台账").path) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "HYPERLINK" in xml
    # CSV: the usual apostrophe guard
    csv_results = export_forms(station, "ledger", week=W1.end, fmt="csv",
                               out_dir=tmp_path / "csv")
    text = csv_results[0].path.read_text(encoding="utf-8-sig")
    assert "'=1+1" in text and "'@SUM(A1:A2)" in text and "'+86 555 0100" in text


def test_text_with_control_characters_is_written(db, units, tmp_path):
    """Text that slipped past cleaning (e.g. an old import) must not break the export."""
    station = admin()
    cases.create_case(station, {
        "case_no": "CTL-1", "channel": "来电", "received_on": dt.date(2023, 5, 1),
        "unit": "七星村", "target": "某厂", "content": "正常文字"})
    Case.update(content="含\x07控制\x1b字符").where(Case.case_no == "CTL-1").execute()
    [result] = export_forms(station, "ledger", week=W1.end, out_dir=tmp_path)
    assert "含控制字符" in all_text(sheet_of(result.path))


# ---------------------------------------------------------------- file names

def _tag(raw: str) -> str:
    return "~" + hashlib.sha256(raw.encode()).hexdigest()[:8]


@pytest.mark.parametrize(("raw", "safe"), [
    ("七星村", "七星村"), ("城建_规划办", "城建_规划办"), ("../x", "x"), ("a/b", "a_b"),
    ("a\\b", "a_b"), ("a\x00b\x1fc\x7f", "abc"), ("..", "未命名"), ("", "未命名"),
    ("CON", "_CON"), ("新河 社区", "新河_社区"), ("a..b", "a_b"), ("名\u200b字", "名字"),
    ('a:b*c?"<>|', "a_b_c"), ("a~b", "a_b"),
])
def test_safe_name(raw, safe):
    """A name a file can hold stays as it is; any other gets the start of its sha256, so
    different names never make the same file."""
    assert safe_name(raw) == (safe if safe == raw else safe + _tag(raw))


def test_safe_name_keeps_names_short():
    assert len(safe_name("很长" * 200).encode()) <= exporting.MAX_NAME_BYTES


def test_unit_names_never_escape_the_folder(db, units, tmp_path):
    for name in ("../x", "a/b", "a_b", "坏\x07名"):
        organisation.add_unit(name, UnitKind.DEPARTMENT)
    out = tmp_path / "out"
    results = export_forms(admin(), "progress", week=W1.end, per_unit=True, out_dir=out)
    names = [r.path.name for r in results]
    assert all(r.path.parent == out.resolve() for r in results)
    assert all("/" not in n and ".." not in n and "\x07" not in n for n in names)
    assert f"2024-03-21_进展一览表_x{_tag('../x')}.xlsx" in names
    assert f"2024-03-21_进展一览表_坏名{_tag('坏' + chr(7) + '名')}.xlsx" in names
    # "a/b" and "a_b" are two units: two files, each its own, in this run and in any other
    a_slash = f"2024-03-21_进展一览表_a_b{_tag('a/b')}.xlsx"
    a_under = "2024-03-21_进展一览表_a_b.xlsx"
    assert {a_slash, a_under} <= set(names)
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(names)
    assert not (tmp_path / "x.xlsx").exists()
    [only_b] = export_forms(admin(), "progress", week=W1.end, units=["a_b"], out_dir=out)
    assert only_b.path.name == a_under and only_b.status == "unchanged"


def test_units_whose_names_differ_only_in_unsafe_characters_never_share_a_file(
        db, units, tmp_path):
    """Exported one at a time (as two unit users or two cron lines would), 城建/规划办 and
    城建_规划办 each keep their own file: the second never overwrites the first."""
    for name in ("城建/规划办", "城建_规划办"):
        organisation.add_unit(name, UnitKind.DEPARTMENT)
    out = tmp_path / "out"
    [first] = export_forms(admin(), "progress", week=W1.end, units=["城建/规划办"], out_dir=out)
    [second] = export_forms(admin(), "progress", week=W1.end, units=["城建_规划办"], out_dir=out)
    assert first.path != second.path and first.status == second.status == "created"
    assert sheet_of(first.path)["B4"].value == "城建/规划办"
    assert sheet_of(second.path)["B4"].value == "城建_规划办"


# ---------------------------------------------------------------- reruns

def test_second_run_is_identical_and_left_alone(demo_db, tmp_path):
    first = export_forms(admin(), "all", week=W4.end, per_unit=True, out_dir=tmp_path)
    assert {r.status for r in first} == {"created"} and len(first) == 3 * 8
    stats = {r.path: r.path.stat().st_mtime_ns for r in first}
    second = export_forms(admin(), "all", week=W4.end, per_unit=True, out_dir=tmp_path)
    assert [(r.path, r.sha256, r.rows) for r in second] == [
        (r.path, r.sha256, r.rows) for r in first]
    assert {r.status for r in second} == {"unchanged"}
    assert all(r.path.stat().st_mtime_ns == stats[r.path] for r in second)
    forced = export_forms(admin(), "progress", week=W4.end, out_dir=tmp_path, force=True)
    assert forced[0].status == "updated" and forced[0].sha256 == first[0].sha256
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]
    # nothing in the file says when it was written: every timestamp is the week's end
    with zipfile.ZipFile(first[0].path) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2024, 4, 11, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    assert core.count("2024-04-11T00:00:00Z") == 2
    # a change in the data changes the file
    progress.set_remark(admin(), "七星村", W4, "补充说明")
    third = export_forms(admin(), "progress", week=W4.end, out_dir=tmp_path)
    assert third[0].status == "updated" and third[0].sha256 != first[0].sha256


def test_unwritable_file_fails_alone(demo_db, tmp_path):
    blocker = tmp_path / "2024-04-11_问题清单_合计.xlsx"
    blocker.mkdir()  # a folder where the file should go: that one file fails
    results = export_forms(admin(), "all", week=W4.end, out_dir=tmp_path)
    assert [r.status for r in results] == ["created", "failed", "created"]
    assert "无法写入" in results[1].error
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_csv_format(demo_db, tmp_path):
    results = export_forms(admin(), "all", week=W1.end, fmt="csv", out_dir=tmp_path)
    assert [r.path.suffix for r in results] == [".csv"] * 3
    lines = by_name(results, "进展一览表").path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "序号,核查单位,信访总数,本周核查数,累计核查数,完成率,新发现问题数," \
                       "累计新发现问题数,备注"
    table = progress.weekly_progress(admin(), W1)
    assert lines[-1] == (f"合计,,{table.total.total},{table.total.verified_this_week},"
                         f"{table.total.verified_total},{table.total.completion_rate:.4f},"
                         f"{table.total.new_problems_this_week},"
                         f"{table.total.new_problems_total},")
    again = export_forms(admin(), "all", week=W1.end, fmt="csv", out_dir=tmp_path)
    assert {r.status for r in again} == {"unchanged"}


# ---------------------------------------------------------------- the command

def test_export_command(demo_db, run_cli, tmp_path):
    result = run_cli(["export", "all", "--per-unit", "--week", "2024-04-11", "--out",
                      str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 24
    path, rows, digest, status = lines[0].split("  ")
    assert path == str(tmp_path.resolve() / "2024-04-11_进展一览表_合计.xlsx")
    assert rows == "7" and len(digest) == 64 and status == "新建"
    assert exporting.sha256_of(Path(path)) == digest
    again = run_cli(["export", "all", "--per-unit", "--week", "2024-04-11", "--out",
                     str(tmp_path), "--quiet"])
    assert again.exit_code == 0 and again.stdout == ""
    bad = run_cli(["export", "progress", "--final", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "--final" in bad.stderr
    unknown = run_cli(["export", "progress", "--unit", "不存在村", "--out", str(tmp_path)])
    assert unknown.exit_code == 1 and "不存在村" in unknown.stderr and unknown.stdout == ""


def test_export_command_reports_failures(demo_db, run_cli, tmp_path):
    (tmp_path / "2024-04-11_进展一览表_合计.xlsx").mkdir()
    result = run_cli(["export", "all", "--week", "2024-04-11", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2 and "无法写入" in result.stderr


def _cli_base(target) -> list[str]:
    return (["--db", str(target.path)] if target.path is not None
            else ["--database-url", target.url])


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TERM", "COLUMNS", "LINES")}
    env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.mark.sqlite_only  # engine-neutral: what matters is the process, not the database
def test_runs_without_terminal_and_without_textual(demo_db, tmp_path):
    from huitoukan_tui.models import database

    database.close()
    args = [sys.executable, "-m", "huitoukan_tui", *_cli_base(demo_db), "--user", "admin",
            "export", "all", "--week", "2024-04-11", "--out", str(tmp_path / "a")]
    proc = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          env=_clean_env(), timeout=120, start_new_session=True)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 3 and proc.stderr == ""
    # stdin closed outright, as some cron daemons leave it
    quoted = " ".join(f"'{a}'" for a in args[:-1]) + f" '{tmp_path / 'b'}'"
    proc = subprocess.run(["sh", "-c", f"exec {quoted} <&-"], capture_output=True, text=True,
                          env=_clean_env(), timeout=120, start_new_session=True)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 3
    # the command never imports Textual (it hangs without a terminal)
    probe = ("import sys; from huitoukan_tui.cli import main\n"
             "try:\n    main(sys.argv[1:], standalone_mode=False)\n"
             "finally:\n    print('textual' in sys.modules, 'openpyxl' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", probe, *args[3:-1], str(tmp_path / "c"),
                           "--quiet"], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, env=_clean_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "True"]
    proc = subprocess.run([sys.executable, "-c", "import sys; import huitoukan_tui.cli, "
                           "huitoukan_tui.io.exporting; print('openpyxl' in sys.modules)"],
                          capture_output=True, text=True, env=_clean_env(), timeout=60)
    assert proc.stdout.strip() == "False"  # openpyxl only when a workbook is written


@pytest.mark.sqlite_only
def test_concurrent_runs_do_not_collide(demo_db, tmp_path):
    from huitoukan_tui.models import database

    database.close()
    out = tmp_path / "out"
    args = [sys.executable, "-m", "huitoukan_tui", *_cli_base(demo_db), "--user", "admin",
            "export", "all", "--per-unit", "--week", "2024-04-11", "--out", str(out)]
    procs = [subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=_clean_env())
             for _ in range(2)]
    outputs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1] for o in outputs]
    statuses = [[line.split("  ")[3] for line in o[0].splitlines()] for o in outputs]
    # one run wrote everything, the other found it done; never two writers at once
    assert {frozenset(s) for s in statuses} == {frozenset({"新建"}), frozenset({"未变化"})}
    digests = [[line.split("  ")[2] for line in o[0].splitlines()] for o in outputs]
    assert digests[0] == digests[1]
    files = sorted(p for p in out.iterdir() if not p.name.startswith("."))
    assert len(files) == 24
    for path in files:
        load_workbook(path)  # every file complete and readable
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_lock_waits_and_times_out(tmp_path):
    with exclusive_lock("export", tmp_path) as path:
        assert path == tmp_path / ".export.lock"
        with pytest.raises(LockTimeout, match="另一个进程"):
            with exclusive_lock("export", tmp_path, timeout=0.3):
                pass
        with exclusive_lock("other", tmp_path, timeout=0.3):  # another name: no conflict
            pass
    with exclusive_lock("export", tmp_path, timeout=0.3):  # released: free again
        pass


def test_export_waits_for_a_running_export(demo_db, tmp_path):
    with exclusive_lock(exporting.LOCK_NAME, tmp_path):
        with pytest.raises(LockTimeout):
            export_forms(admin(), "progress", week=W1.end, out_dir=tmp_path,
                         lock_timeout=0.3)
    assert export_forms(admin(), "progress", week=W1.end, out_dir=tmp_path)[0].ok


# ---------------------------------------------------------------- LibreOffice

def soffice_or_skip() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI must have LibreOffice (libreoffice-calc-nogui)")
        pytest.skip("LibreOffice (soffice) is not installed")
    return soffice


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_every_form_converts_to_pdf(demo_db, tmp_path):
    soffice = soffice_or_skip()
    results = export_forms(admin(), "all", week=W4.end, out_dir=tmp_path / "x")
    results += export_forms(admin(), "problems", week=W4.end, final=True,
                            out_dir=tmp_path / "x")
    pdf_dir = tmp_path / "pdf"
    proc = subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(pdf_dir), *[str(r.path) for r in results]],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    for result in results:
        pdf = pdf_dir / (result.path.stem + ".pdf")
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), proc.stdout
        pdfinfo = shutil.which("pdfinfo")
        if pdfinfo:
            info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True).stdout
            assert "841.89 x 595.3" in info  # A4 landscape
