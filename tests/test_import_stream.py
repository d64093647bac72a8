"""The import at district scale: .xlsx sheets read as a stream (io.xlsx_stream) give what
python-calamine gives, and the two passes (check into a spool, then write a chunk at a time)
stay all or nothing, with the report and the refusal bounded for any size of file."""

from __future__ import annotations

import datetime as dt
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from click.testing import CliRunner
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from huitoukan_tui.cli import main
from huitoukan_tui.io import import_spool, ledger_import, ledger_layout, sheet_reader, xlsx_stream
from huitoukan_tui.io.ledger_import import import_ledger
from huitoukan_tui.io.sheet_reader import open_book
from huitoukan_tui.models import AuditEntry, Case, Unit
from huitoukan_tui.services import casewrite
from huitoukan_tui.services.errors import ServiceError
from tests.import_fixtures import (
    HEADER,
    sample_ledger,
    simple_ledger,
    write_csv,
    write_xlsx,
    write_xlsx_sheets,
)


def calamine_rows(path: Path, sheet: str) -> list[list[object]]:
    book = python_calamine.CalamineWorkbook.from_path(path)
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def streamed_rows(path: Path, sheet: str) -> list[list[object]]:
    """The stream's rows padded to the width calamine gives every row."""
    archive, reader = xlsx_stream.open_sheet(path, sheet)
    with archive:
        rows = list(reader.rows())
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def a_workbook_with_everything(path: Path) -> Path:
    """Shared and rich text, phonetic-free runs, numbers, booleans, dates and datetimes in
    several formats, a formula with its saved result, gaps of rows and columns."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws["A1"] = "里山街道信访台账"
    ws["B3"] = CellRichText(["噪声", TextBlock(InlineFont(b=True), "扰民"), "（夜间）"])
    ws["C3"] = 12.5
    ws["D3"] = True
    ws["E3"] = dt.date(2024, 3, 15)
    ws["E3"].number_format = "yyyy年m月d日"
    ws["F3"] = dt.datetime(2024, 3, 15, 8, 30)
    ws["F3"].number_format = "yyyy-mm-dd hh:mm"
    ws["G3"] = 45366
    ws["G3"].number_format = "0.00"  # a number that only looks like a serial
    ws["H3"] = dt.date(2021, 5, 6)
    ws["H3"].number_format = "m/d/yy"
    ws["A6"] = "七星村"
    ws["J6"] = "<&> “引号” \t tab"
    ws.merge_cells("A6:A8")
    ws.merge_cells("B1:D1")
    wb.save(path)
    with zipfile.ZipFile(path) as archive:  # a saved formula result, as Excel leaves it
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(
        b'</row><row r="6"',
        b'<c r="I3" t="str"><f>B3&amp;""</f><v>formula text</v></c></row><row r="6"', 1)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_the_stream_reads_what_calamine_reads(tmp_path):
    path = a_workbook_with_everything(tmp_path / "all.xlsx")
    rows = streamed_rows(path, "台账")
    assert rows[2][1] == "噪声扰民（夜间）" and rows[2][4] == dt.date(2024, 3, 15)
    assert rows[2][5] == dt.datetime(2024, 3, 15, 8, 30) and rows[2][6] == 45366.0
    assert rows[5][9] == "<&> “引号” \t tab"
    assert rows[2][8] == "formula text"
    assert rows == calamine_rows(path, "台账")
    archive, reader = xlsx_stream.open_sheet(path, "台账", strings=False)
    with archive:
        assert sorted(reader.merges()) == [(0, 1, 0, 3), (5, 0, 7, 0)]


@pytest.mark.parametrize("phonetic", [False, True])
def test_inline_texts_read_the_same_as_calamine_reads_them(tmp_path, phonetic):
    """Inline texts (openpyxl writes them so) are parsed as values, their tags replaced as
    bytes, those with spaces kept (``xml:space``) too; rich text is left alone, and a block
    with a phonetic guide after a text is parsed as written: the same cells either way."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    texts = ["噪声扰民", "  两头空格  ", "\t制表符", "<&>“引号”", "末尾空格 "]
    for r, text in enumerate(texts, start=1):
        ws.cell(r, 1, text)
        ws.cell(r, 2, r * 1.5)
    ws["C2"] = CellRichText(["夜间", TextBlock(InlineFont(b=True), "施工")])
    path = tmp_path / "inline.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert b"<is><t>" in parts[sheet] and b'<is><t xml:space="preserve">' in parts[sheet]
    if phonetic:  # as Excel keeps the reading of Japanese text
        parts[sheet] = parts[sheet].replace(
            "<is><t>噪声扰民</t></is>".encode(),
            '<is><t>噪声扰民</t><rPh sb="0" eb="2"><t>zao sheng</t></rPh></is>'.encode())
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
    rows = streamed_rows(path, "台账")
    assert [r[0] for r in rows] == texts and rows[1][2] == "夜间施工"
    assert rows == calamine_rows(path, "台账")


@pytest.mark.sqlite_only  # about the reader
def test_a_streamed_sheet_costs_one_row_whatever_its_area(tmp_path, monkeypatch, imp):
    """A cell at XFD200000 would make calamine allocate 3 billion cells (refused for it by
    io.sheet_limits); the stream builds one row at a time, so such a sheet is just read."""
    from tests.test_crafted_files import cell, crafted_xlsx, row

    monkeypatch.setattr(sheet_reader, "CALAMINE_MAX_BYTES", 100)
    header = "".join(cell(f"{chr(65 + n)}1", h) for n, h in enumerate(HEADER))
    case = "".join(cell(f"{chr(65 + n)}2", v) for n, v in enumerate(
        ["1", "FAR-1", "2024-01-05", "来电", "七星村", "", "", "对象", "问题", ""]))
    path = crafted_xlsx(tmp_path / "far.xlsx", row(1, header) + row(2, case)
                        + row(200000, cell("XFD200000", "远处")))
    report = imp(path)
    assert (report.total, report.added) == (1, 1)
    # rows 3 to 200000 hold nothing in the ledger's columns (as calamine would count them)
    assert report.skipped_empty == 200000 - 2


def case_cells(number: int, unit: str) -> str:
    from tests.test_crafted_files import cell

    values = [str(number), f"M-{number}", "2024-01-05", "来电", unit, "", "", "对象", "问题", ""]
    return "".join(cell(f"{chr(65 + n)}{number + 1}", v) for n, v in enumerate(values) if v)


@pytest.mark.sqlite_only  # about the reader
@pytest.mark.parametrize("reader", ["calamine", "stream"])
def test_a_range_merged_to_the_last_column_costs_nothing(tmp_path, monkeypatch, imp, reader):
    """核查单位 merged down the sheet, and a note right of the ledger merged on to column XFD
    down the sheet: every row gets the unit, and no row is built wider than the widest row
    of the file (filling each row to XFD made a million rows take hours; merged ranges do
    not count in the area io.sheet_limits measures)."""
    from tests.test_crafted_files import cell, crafted_xlsx, row

    if reader == "stream":
        monkeypatch.setattr(sheet_reader, "CALAMINE_MAX_BYTES", 100)
    header = "".join(cell(f"{chr(65 + n)}1", h) for n, h in enumerate(HEADER))
    cases = "".join(row(n + 1, case_cells(n, "七星村" if n == 1 else "")
                        + (cell("K2", "本列为说明") if n == 1 else "")) for n in range(1, 2001))
    path = crafted_xlsx(tmp_path / "wide.xlsx", row(1, header) + cases,
                        merges=("E2:E2001", "K2:XFD2001"))
    read, built = [], []
    real = ledger_layout.MergedRows.__iter__

    def watched(self):
        for original, filled in real(self):
            read.append(len(original))
            built.append(len(filled))
            yield original, filled

    monkeypatch.setattr(ledger_layout.MergedRows, "__iter__", watched)
    report = imp(path)
    assert (report.total, report.added) == (2000, 2000)
    units = {u for (u,) in Case.select(Unit.name).join(Unit).where(
        Case.case_no.startswith("M-")).tuples()}
    assert units == {"七星村"}
    assert max(read) == 11 and max(built) == 11


@pytest.mark.sqlite_only  # about the reader
def test_ranges_stacked_over_each_other_leave_each_row_its_own_value(tmp_path, imp):
    """A crafted file where every row starts a range down to the end of the sheet (ranges
    Excel never writes, as they overlap): each row shows its own unit, the lower range
    covering the ones above it."""
    from tests.test_crafted_files import cell, crafted_xlsx, row

    header = "".join(cell(f"{chr(65 + n)}1", h) for n, h in enumerate(HEADER))
    unit = {n: ("七星村", "桃坡村")[n % 2] for n in range(1, 1001)}
    cases = "".join(row(n + 1, case_cells(n, unit[n])) for n in unit)
    path = crafted_xlsx(tmp_path / "stacked.xlsx", row(1, header) + cases,
                        merges=tuple(f"E{n + 1}:E1001" for n in unit))
    report = imp(path)
    assert report.added == 1000
    got = dict(Case.select(Case.case_no, Unit.name).join(Unit).where(
        Case.case_no.startswith("M-")).tuples())
    assert got == {f"M-{n}": unit[n] for n in unit}


def test_merged_ranges_fill_what_the_sheet_shows():
    """Ranges that do not overlap, at random, against filling cell by cell."""
    rng = random.Random(18)
    for _ in range(500):
        height, wide = rng.randint(1, 10), rng.randint(1, 6)
        rows = [[rng.choice(["", "甲", "乙", None]) for _ in range(rng.randint(0, wide))]
                for _ in range(height)]
        merges, taken = [], set()
        for _ in range(rng.randint(0, 4)):
            r0, c0 = rng.randint(0, height), rng.randint(0, wide)
            r1, c1 = rng.randint(r0, height + 1), rng.randint(c0, wide + 2)
            area = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
            if not area & taken:
                taken |= area
                merges.append((r0, c0, r1, c1))
        width = rng.randint(1, wide + 2)
        expected = [list(cells) for cells in rows]
        for r0, c0, r1, c1 in merges:
            top = rows[r0] if r0 < height else []
            value = top[c0] if c0 < len(top) else None
            if value in (None, ""):
                continue
            for r in range(r0, min(r1, height - 1) + 1):
                for c in range(c0, min(c1, width - 1) + 1):
                    expected[r].extend([None] * (c + 1 - len(expected[r])))
                    expected[r][c] = value
        merged = ledger_layout.MergedRows(rows, merges, width)
        assert [filled for _, filled in merged] == expected, (rows, merges, width)
        assert [original for original, _ in ledger_layout.MergedRows(rows, merges, width)
                ] == rows


def test_small_sheets_are_read_by_calamine_and_large_ones_streamed(tmp_path, monkeypatch):
    path = write_xlsx(sample_ledger(), tmp_path / "s.xlsx")
    book = open_book(path)
    assert book.sheet("台账").stream.__qualname__.startswith("_read_workbook_sheet")
    monkeypatch.setattr(sheet_reader, "CALAMINE_MAX_BYTES", 0)
    assert book.sheet("台账").stream.__qualname__.startswith("_xlsx_sheet")
    monkeypatch.undo()
    # both start at A1, as the sheet numbers its rows
    archive, reader = xlsx_stream.open_sheet(path, "台账")
    with archive:
        streamed = list(reader.rows())
    by_calamine = list(book.sheet("台账").iter_rows())
    assert [[v for v in r if v != ""] for r in by_calamine] == [
        [v for v in r if v != ""] for r in streamed]


@pytest.mark.parametrize("make", ["sample", "sheets", "dates as text"])
def test_the_import_fixtures_read_the_same_both_ways(tmp_path, make):
    path = tmp_path / "f.xlsx"
    if make == "sample":
        write_xlsx(sample_ledger(), path, date_format="yyyy/m/d")
    elif make == "sheets":
        write_xlsx_sheets({"2023年": sample_ledger(), "2024年": simple_ledger(
            HEADER, [[1, "X-1", dt.date(2024, 1, 2), "来电", "七星村", "", "", "对象", "问题",
                      ""]])}, path)
    else:
        write_xlsx(sample_ledger(dates="text"), path)
    book = open_book(path)
    assert book.streamed
    for name in book.sheet_names:
        assert streamed_rows(path, name) == calamine_rows(path, name)


def test_rows_come_as_the_sheet_is_read(tmp_path, monkeypatch):
    """A sheet cut off in the middle: the rows before the cut are handed over before the
    reader meets it (nothing waits for the whole sheet), then the file is refused."""
    monkeypatch.setattr(sheet_reader, "CALAMINE_MAX_BYTES", 0)  # large sheets are streamed
    grid = simple_ledger(HEADER, [[n, f"N-{n}", dt.date(2024, 1, 1), "来电", "七星村", "",
                                   "", "对象", "问题" * 20, ""] for n in range(20000)])
    path = write_xlsx(grid, tmp_path / "big.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet][:len(parts[sheet]) // 2] + b"<row r=\"x\"><c"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    rows = open_book(path).sheet("台账").iter_rows()
    first = [next(rows) for _ in range(100)]
    assert first[1][1] == "N-0"
    with pytest.raises(ServiceError, match="工作表“台账”无法读取"):
        for _ in rows:
            pass


# ---------------------------------------------------------------- two passes

@pytest.fixture
def imp(station, units):
    def run(path, **kw):
        return import_ledger(station, path, **kw)
    return run


def ledger(rows: int, bad_at: int | None = None):
    out = []
    for n in range(1, rows + 1):
        day = "某日" if n == bad_at else dt.date(2024, 1, 1) + dt.timedelta(days=n % 50)
        out.append([n, f"CH-{n:04d}", day, "来电", "七星村", "", "", f"对象{n}", "问题", ""])
    return simple_ledger(HEADER, out)


@pytest.mark.parametrize("reader", ["calamine", "stream"])
def test_many_chunks_are_written_as_one(imp, tmp_path, monkeypatch, reader):
    if reader == "stream":
        monkeypatch.setattr(sheet_reader, "CALAMINE_MAX_BYTES", 0)
    monkeypatch.setattr(import_spool, "CHUNK", 4)
    path = write_xlsx(ledger(23), tmp_path / "l.xlsx")
    report = imp(path)
    assert (report.total, report.added) == (23, 23)
    assert Case.select().where(Case.case_no.startswith("CH-")).count() == 23
    imports = AuditEntry.select().where(AuditEntry.action == "import")
    assert imports.count() == 1  # one summary for the whole file, not one per chunk
    again = imp(path)
    assert (again.unchanged, again.added) == (23, 0)


def test_a_failure_in_a_late_chunk_undoes_the_earlier_ones(imp, tmp_path, monkeypatch):
    monkeypatch.setattr(import_spool, "CHUNK", 4)
    calls = []
    real = casewrite.apply

    def apply(actor, edits, **kw):
        calls.append(len(edits))
        if len(calls) == 3:
            raise ServiceError("数据库暂时无法写入，已全部撤销，请稍后重试（测试）。")
        return real(actor, edits, **kw)

    monkeypatch.setattr(casewrite, "apply", apply)
    path = write_csv(ledger(14), tmp_path / "l.csv")
    with pytest.raises(ServiceError, match="已全部撤销"):
        imp(path)
    assert calls[:2] == [4, 4]
    assert Case.select().where(Case.case_no.startswith("CH-")).count() == 0


def test_a_bad_last_row_refuses_the_whole_file(imp, tmp_path, monkeypatch):
    monkeypatch.setattr(import_spool, "CHUNK", 5)
    path = write_csv(ledger(17, bad_at=17), tmp_path / "l.csv")
    with pytest.raises(ServiceError) as exc:
        imp(path)
    assert exc.value.lines == [
        f"{path.name}!18：受理日期：不是有效日期：某日（应为 2024-03-21 这样的日期）"]
    assert Case.select().where(Case.case_no.startswith("CH-")).count() == 0


def test_numbers_repeated_across_chunks_name_their_first_row(imp, tmp_path, monkeypatch):
    monkeypatch.setattr(import_spool, "CHUNK", 3)
    grid = ledger(8)
    grid.rows[7][1] = "CH-0002"  # row 8 of the file repeats the number of row 3
    path = write_xlsx(grid, tmp_path / "l.xlsx")
    with pytest.raises(ServiceError) as exc:
        imp(path)
    assert exc.value.lines == ["台账!8：编号：与第 3 行重复：CH-0002"]


@pytest.mark.sqlite_only  # the CLI on the same database file
def test_the_report_lists_the_first_cases_and_counts_all(imp, tmp_path, monkeypatch):
    monkeypatch.setattr(ledger_import, "ITEMS_KEPT", 5)
    path = write_xlsx(ledger(12), tmp_path / "l.xlsx")
    report = imp(path, dry_run=True)
    assert report.total == 12 and report.added == 12
    assert [i.case_no for i in report.items] == [f"CH-{n:04d}" for n in range(1, 6)]
    out = CliRunner().invoke(main, ["--db", str(Path(Case._meta.database.obj.database)),
                                    "--user", "admin", "import", "--dry-run", str(path)])
    assert "……另有 7 件未列出。" in out.output


def test_a_refusal_lists_at_most_so_many_problems(imp, tmp_path, monkeypatch):
    monkeypatch.setattr(ledger_import, "PROBLEMS_KEPT", 3)
    grid = ledger(6)
    for row in grid.rows[1:]:
        row[2] = "某日"
    path = write_xlsx(grid, tmp_path / "l.xlsx")
    with pytest.raises(ServiceError) as exc:
        imp(path)
    assert exc.value.lines == [
        *(f"台账!{n}：受理日期：不是有效日期：某日（应为 2024-03-21 这样的日期）"
          for n in (2, 3, 4)), "另有 3 个问题未列出（共 6 个）"]

