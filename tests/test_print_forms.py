"""Print-ready forms: each row's state in attachment 1, warnings for incomplete rows, the week
as submitted, rows as tall as their text, 合计 as numbers, and PDFs made by LibreOffice that
render (pdftoppm) with the header row on every page."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from huitoukan_tui.cli import main
from huitoukan_tui.io.exporting import export_forms
from huitoukan_tui.models import User
from huitoukan_tui.services import cases, inspections, progress, rectifications
from huitoukan_tui.services.campaign import Week
from huitoukan_tui.services.errors import ServiceError, ValidationError
from huitoukan_tui.services.inspections import InspectionInput
from huitoukan_tui.services.rectifications import MeasureInput

TODAY = dt.date(2024, 4, 15)
W1 = Week(dt.date(2024, 3, 15), dt.date(2024, 3, 21))
W2 = Week(dt.date(2024, 3, 22), dt.date(2024, 3, 28))
W3 = Week(dt.date(2024, 3, 29), dt.date(2024, 4, 4))
W4 = Week(dt.date(2024, 4, 5), dt.date(2024, 4, 11))


def admin() -> User:
    return User.get(User.login == "admin")


def rows_of(path: Path) -> list[list]:
    ws = load_workbook(path).active
    return [[c.value for c in row] for row in ws.iter_rows(min_row=4)]


def open_item(station, case_no: str, day: dt.date, *, deadline: dt.date | None = None,
              quarters: tuple[str, ...] = ("2024Q1",)):
    """A 未整改到位 item of ``case_no`` opened on ``day``, planned when ``deadline`` is
    given (one measure with the quarterly targets the rule asks for)."""
    _, [item] = inspections.record_inspection(station, case_no, InspectionInput(
        day, "张伟", "否", "无", "不满意"), today=TODAY)
    if deadline is not None:
        item = rectifications.update_item(station, item.id, {
            "problem_type": "来电", "original_problem": item.original_problem,
            "target_standard": "噪声达标，信访人满意", "implementer": "七星村",
            "acceptor": "里山街道生态环境站", "deadline": deadline,
        }, [MeasureInput("安装隔音棚", [{"period": q, "target": "完成"} for q in quarters])],
            item.version)
    return item


@pytest.fixture
def three_items(station, units):
    for no, target in (("P-1", "恒达石材厂"), ("P-2", "木材加工点"), ("P-3", "洗车点")):
        cases.create_case(station, {"case_no": no, "channel": "来电", "received_on": "2022-05-06",
                                    "unit": "七星村", "target": target, "content": "噪声扰民"})
    first = open_item(station, "P-1", dt.date(2024, 3, 18), deadline=dt.date(2024, 3, 31))
    rectifications.set_status(station, first.id, "待验收", on="2024-03-26", today=TODAY)
    rectifications.set_status(station, first.id, "已销号", on="2024-04-02", today=TODAY)
    open_item(station, "P-2", dt.date(2024, 3, 19), deadline=dt.date(2024, 3, 25))
    open_item(station, "P-3", dt.date(2024, 3, 20))  # nothing planned yet
    return ["P-1", "P-2", "P-3"]


# ---------------------------------------------------------------- attachment 1

def test_deadline_cell_shows_the_state_at_the_end_of_each_week(three_items, station,
                                                               tmp_path):
    def deadlines(week: Week) -> list[str]:
        [result] = export_forms(station, "problems", week=week, out_dir=tmp_path / str(week.end))
        return [r[8] for r in rows_of(result.path)[:3]]

    # P-1: reported 03-26, accepted 04-02, due 03-31; P-2: due 03-25, never reported
    assert deadlines(W1) == ["2024年3月31日\n（整改中）", "2024年3月25日\n（整改中）",
                             "（整改中）"]
    assert deadlines(W2) == ["2024年3月31日\n（待验收）", "2024年3月25日\n（整改中，已逾期）",
                             "（整改中）"]
    assert deadlines(W3) == ["2024年3月31日\n（已销号）", "2024年3月25日\n（整改中，已逾期）",
                             "（整改中）"]
    ws = load_workbook(next((tmp_path / str(W3.end)).glob("*.xlsx"))).active
    assert [c.value for c in ws[3]][8] == "完成\n时限"  # still the seed's nine columns
    assert ws.max_column == 9


def test_rows_lacking_parts_are_listed_and_still_written(three_items, station, tmp_path):
    [result] = export_forms(station, "problems", week=W4, out_dir=tmp_path)
    assert result.ok and result.rows == 3
    p3 = rectifications.list_items(station, rectifications.ItemFilter(today=TODAY))
    [p3_id] = [i.id for i in p3 if i.case.case_no == "P-3"]
    assert result.warnings == (
        f"问题清单：#{p3_id} P-3（七星村，未整改到位）缺少整改措施、目标任务（标准）、完成时限",)
    assert rows_of(result.path)[2][2] == "噪声扰民"  # the row is in the file all the same


def test_two_incomplete_items_of_one_case_are_two_warnings(three_items, station, tmp_path):
    """An inspection with two 新发现 lines opens two items of one case and kind: each one
    lacking its plan is named by its number (the same text collapsed into one 提醒)."""
    _, found = inspections.record_inspection(station, "P-2", InspectionInput(
        dt.date(2024, 4, 8), "张伟", "是", "无", "满意", new_problems=["粉尘未收集", "废水直排"]),
        today=TODAY)
    ids = sorted(i.id for i in found)
    assert len(ids) == 2
    [result] = export_forms(station, "problems", week=W4, out_dir=tmp_path)
    assert [w for w in result.warnings if "P-2" in w] == [
        f"问题清单：#{n} P-2（七星村，新发现）缺少整改措施、目标任务（标准）、完成时限"
        for n in ids]


def test_the_command_prints_each_warning_once(three_items, db_target, tmp_path):
    base = (["--db", str(db_target.path)] if db_target.path is not None
            else ["--database-url", db_target.url])
    result = CliRunner().invoke(main, [*base, "--user", "admin", "export", "problems",
                                       "--per-unit", "--week", "2024-04-11", "--out",
                                       str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("提醒：问题清单：#")
    assert result.stderr.splitlines()[0].endswith(
        " P-3（七星村，未整改到位）缺少整改措施、目标任务（标准）、完成时限")
    assert len(result.stdout.splitlines()) == 5  # 合计 and four units, all written


# ---------------------------------------------------------------- attachment 2 as submitted

def test_submitted_prints_the_frozen_week(demo_db, tmp_path):
    station = admin()
    frozen = progress.weekly_progress(station, W1)
    progress.submit_week(station, W1)
    pending = cases.list_cases(station, cases.CaseFilter(statuses=("待核查",)))[0]
    inspections.record_inspection(station, pending.case_no, InspectionInput(
        dt.date(2024, 3, 20), "补录", "是", "无", "满意"), today=TODAY)
    now = progress.weekly_progress(station, W1)
    assert now.total.verified_total == frozen.total.verified_total + 1  # the week moved on

    [result] = export_forms(station, "progress", week=W1, submitted=True, out_dir=tmp_path)
    assert result.path.name == "2024-03-21_进展一览表_报送版_合计.xlsx"
    rows = rows_of(result.path)
    assert [r[2:5] for r in rows[:7]] == [[r.total, r.verified_this_week, r.verified_total]
                                          for r in frozen.rows]
    assert rows[7][4] == frozen.total.verified_total  # 合计 as submitted
    [live] = export_forms(station, "progress", week=W1, out_dir=tmp_path)
    assert rows_of(live.path)[7][4] == now.total.verified_total

    unit = User.get(User.login == "qixing")
    [own] = export_forms(unit, "progress", week=W1, submitted=True, out_dir=tmp_path / "u")
    assert [r[1] for r in rows_of(own.path) if isinstance(r[0], int)] == ["七星村"]
    with pytest.raises(ValidationError, match="还没有报送"):
        export_forms(station, "progress", week=W2, submitted=True, out_dir=tmp_path / "x")
    with pytest.raises(ValidationError, match="只有进展一览表"):
        export_forms(station, "problems", week=W1, submitted=True, out_dir=tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_a_unit_prints_the_row_it_submitted(demo_db, tmp_path):
    """A village submits its week (s) and prints that for its principal to sign, even when the
    station has not submitted the street yet; an inspection after it does not change it."""
    from huitoukan_tui.services import reporting

    unit = User.get(User.login == "qixing")
    with pytest.raises(ValidationError, match="还没有报送"):
        export_forms(unit, "progress", week=W1, submitted=True, out_dir=tmp_path / "x")
    [before] = progress.weekly_progress(unit, W1).rows
    reporting.submit_unit(unit, W1.end, now=dt.datetime(2024, 3, 21, 10, 0))
    pending = cases.list_cases(unit, cases.CaseFilter(statuses=("待核查",)))[0]
    inspections.record_inspection(admin(), pending.case_no, InspectionInput(
        dt.date(2024, 3, 20), "补录", "是", "无", "满意"), today=TODAY)
    [after] = progress.weekly_progress(unit, W1).rows
    assert after.verified_total == before.verified_total + 1  # the week moved on

    [own] = export_forms(unit, "progress", week=W1, submitted=True, out_dir=tmp_path / "u")
    [row] = [r for r in rows_of(own.path) if isinstance(r[0], int)]
    assert row[1:5] == ["七星村", before.total, before.verified_this_week,
                        before.verified_total]
    assert own.path.name == "2024-03-21_进展一览表_报送版_七星村.xlsx"


# ---------------------------------------------------------------- every form

def test_totals_are_numbers_and_rows_grow_with_their_text(demo_db, tmp_path):
    long_text = "夜间切割石材噪声很大" * 10  # 100 CJK characters = 200 half-width
    case = cases.list_cases(admin())[0]
    cases.update_case(admin(), case.case_no, {"content": long_text}, case.version)
    results = export_forms(admin(), "all", week=W4, out_dir=tmp_path)
    for result in results:
        ws = load_workbook(result.path).active
        formulas = [c.coordinate for row in ws.iter_rows() for c in row
                    if isinstance(c.value, str) and c.value.startswith("=")]
        assert formulas == []
        for r in range(4, 4 + result.rows):
            assert ws.row_dimensions[r].height, (result.path.name, r)
    ledger = load_workbook(next(r.path for r in results if r.kind == "ledger")).active
    heights = {ledger.cell(r, 2).value: ledger.row_dimensions[r].height
               for r in range(4, 4 + 34)}
    width = ledger.column_dimensions["K"].width  # 反映问题
    # a column w units wide holds fewer than w + 1 half-width characters of 11 pt 宋体
    lines = -(-200 // int(width + 1))
    assert heights[case.case_no] >= lines * 14
    assert heights[case.case_no] > 3 * max(h for no, h in heights.items() if no != case.case_no
                                            ) / 2
    progress_ws = load_workbook(next(r.path for r in results if r.kind == "progress")).active
    total_row = [c.value for c in progress_ws[4 + 7]]
    assert total_row[0] == "合计" and all(isinstance(v, (int, float)) for v in total_row[2:8])


# ---------------------------------------------------------------- PDF

def need(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if not missing:
        return
    reason = "需要 " + "、".join(missing) + "（libreoffice-calc-nogui poppler-utils）"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(reason)
    pytest.skip(reason)


def page_texts(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")))
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                           capture_output=True, text=True).stdout for n in range(1, pages + 1)]


@pytest.mark.slow
@pytest.mark.sqlite_only  # LibreOffice reads the files, not the database
def test_each_form_prints_to_pdf_with_its_header_on_every_page(demo_db, tmp_path):
    need("soffice", "pdftoppm", "pdftotext", "pdfinfo")
    results = export_forms(admin(), "all", week=W4, fmt="pdf", out_dir=tmp_path)
    results += export_forms(admin(), "problems", week=W4, final=True, fmt="pdf",
                            out_dir=tmp_path)
    assert [r.path.suffix for r in results] == [".pdf"] * 4 and all(r.ok for r in results)
    header = {"进展一览表": "信访总数", "问题清单": "整改措施", "信访台账": "被反映对象",
              "问题核查清单": "核查人员"}
    for result in results:
        pages = page_texts(result.path)
        word = next(v for k, v in header.items() if f"_{k}_" in result.path.name)
        assert all(word in page for page in pages), (result.path.name, len(pages))
        png = tmp_path / result.path.stem
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile",
                        str(result.path), str(png)], check=True)
        assert png.with_suffix(".png").stat().st_size > 5000  # a page with a table on it
    ledger = next(r for r in results if r.kind == "ledger")
    pages = page_texts(ledger.path)
    assert len(pages) > 1  # 34 cases do not fit on one page: the header repeats
    printed = "".join(pages)
    for case in cases.list_cases(admin()):
        assert case.case_no in printed
    table = progress.weekly_progress(admin(), W4)
    [total_line] = [ln for ln in page_texts(results[0].path)[0].splitlines() if "合计" in ln]
    assert total_line.split()[1:5] == [str(table.total.total),
                                       str(table.total.verified_this_week),
                                       str(table.total.verified_total),
                                       f"{table.total.completion_rate:.1%}"]
    # the same week with the same data gives the same bytes: left alone the second time
    again = export_forms(admin(), "all", week=W4, fmt="pdf", out_dir=tmp_path)
    assert [r.status for r in again] == ["unchanged"] * 3


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_pdf_to_stdout(demo_db):
    need("soffice")
    result = CliRunner().invoke(main, ["--db", str(demo_db.path), "--user", "qixing", "export",
                                       "progress", "--format", "pdf", "--week", "2024-03-28",
                                       "--stdout"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF")
    assert "已输出 2024-03-28_进展一览表_七星村.pdf" in result.stderr


def test_without_libreoffice_the_export_says_what_to_install(demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("HUITOUKAN_SOFFICE", raising=False)
    with pytest.raises(ServiceError, match="服务器上没有 LibreOffice（soffice）"):
        export_forms(admin(), "progress", week=W4, fmt="pdf", out_dir=tmp_path / "out")
    monkeypatch.setenv("HUITOUKAN_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(ServiceError, match="HUITOUKAN_SOFFICE=/nonexistent/soffice"):
        export_forms(admin(), "progress", week=W4, fmt="pdf", out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()  # refused before anything was written


@pytest.mark.sqlite_only
def test_a_stuck_libreoffice_is_stopped_at_the_time_limit(demo_db, tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    stuck = tmp_path / "soffice"
    stuck.write_text(f"#!/bin/sh\nsleep 60 &\necho $$ $! > {pids}\nwait\n")
    stuck.chmod(0o755)
    monkeypatch.setenv("HUITOUKAN_SOFFICE", str(stuck))
    monkeypatch.setenv("HUITOUKAN_SOFFICE_TIMEOUT", "1")
    started = time.monotonic()
    [result] = export_forms(admin(), "progress", week=W4, fmt="pdf", out_dir=tmp_path / "out")
    assert time.monotonic() - started < 20
    assert result.status == "failed" and "超过 1 秒" in result.error
    assert not result.path.exists()
    for pid in map(int, pids.read_text().split()):  # the program and its child: both gone
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(
            f"/proc/{pid}/stat").read_text().split()[2]
    assert [p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")] == []


def test_pdf_normalisation_keeps_offsets_and_is_stable(tmp_path):
    from huitoukan_tui.io import pdf

    body = (b"%PDF-1.6\n1 0 obj<</CreationDate(D:20261201235442Z')/Producer(x)>>endobj\n"
            b"trailer<</Size 2/ID [ <0A72A218><0A72A218> ]\n/DocChecksum /6F9ECEF0>>\n")
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(body)
    b.write_bytes(body.replace(b"235442", b"101010").replace(b"0A72A218", b"FFFF0000")
                  .replace(b"6F9ECEF0", b"12345678"))
    stamp = dt.datetime(2024, 4, 11)
    pdf.normalise(a, stamp)
    pdf.normalise(b, stamp)
    assert a.read_bytes() == b.read_bytes() and len(a.read_bytes()) == len(body)
    assert b"/CreationDate(D:20240411000000)" in a.read_bytes()
    assert io.BytesIO(a.read_bytes()).read(8) == b"%PDF-1.6"
