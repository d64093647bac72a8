"""Issue 12, item 9: crafted and oversized spreadsheets are refused before they are read, with
one Chinese line, within a memory bound: a cell at XFD1048576 no longer aborts the process,
a far cell no longer costs gigabytes, and nothing but a regular file of a sane size is
opened (``/dev/zero`` behind a ``.csv`` name, a FIFO)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from huitoukan_tui.io import sheet_limits
from huitoukan_tui.io.ledger_import import import_ledger
from huitoukan_tui.io.sheet_reader import open_book
from huitoukan_tui.services.errors import ValidationError
from tests.import_fixtures import sample_ledger, write_xlsx

pytestmark = pytest.mark.sqlite_only  # reading files: no database engine involved

PROGRAM = Path(sys.executable).parent / "huitoukan-tui"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
         '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="xl/workbook.xml"/></Relationships>')
_BOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
         'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.'
         'org/officeDocument/2006/relationships"><sheets><sheet name="{name}" sheetId="1" '
         'r:id="rId1"/></sheets></workbook>')
_BOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
              'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
              'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def crafted_xlsx(path: Path, sheet_data: str, *, dimension: str | None = None,
                 name: str = "台账", merges: tuple[str, ...] = ()) -> Path:
    """A minimal xlsx written by hand, as an attacker would (a few KB); ``merges``: merged
    ranges such as ``"A1:B2"``."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merged = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
    merged = f'<mergeCells count="{len(merges)}">{merged}</mergeCells>' if merges else ""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             f'openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{sheet_data}'
             f'</sheetData>{merged}</worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _BOOK.format(name=name))
        archive.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def cell(ref: str, text: str = "x") -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def refusal(path: Path) -> str:
    with pytest.raises(ValidationError) as exc:
        open_book(path).sheet(open_book(path).sheet_names[0])
    return str(exc.value)


def test_a_cell_at_xfd1048576_is_refused_not_an_abort(tmp_path, db):
    """Before: python-calamine's allocation failed and the process died (rc 134)."""
    path = crafted_xlsx(tmp_path / "bomb.xlsx", row(1, cell("A1")) +
                        row(1048576, cell("XFD1048576")), dimension="A1")
    assert path.stat().st_size < 5000
    result = subprocess.run([str(PROGRAM), "--db", str(db.path), "--user", "admin", "import",
                             str(path), "--dry-run"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == (
        "错误：工作表“台账”太大，不能导入：内容到第 1048576 行、第 16384 列"
        "（17,179,869,184 个单元格，最多 4,000,000 个）。请删去台账以外的内容后另存再导入："
        "bomb.xlsx")


@pytest.mark.parametrize(("what", "sheet_data", "dimension"), [
    ("declared", row(1, cell("A1")), "A1:GR200000"),
    ("actual", row(1, cell("A1")) + row(200000, cell("GR200000")), "A1:B2"),
    ("actual, no dimension", row(1, cell("A1")) + row(200000, cell("GR200000")), None),
    ("cells without references", row(1, cell("A1")) + '<row r="200000">' +
     '<c t="inlineStr"><is><t>x</t></is></c>' * 200 + "</row>", None),
])
def test_far_cells_are_refused_before_reading(tmp_path, what, sheet_data, dimension):
    """Before: a cell at row 200000, column 200 cost 1.6 GB of memory to read."""
    path = crafted_xlsx(tmp_path / "far.xlsx", sheet_data, dimension=dimension)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    text = refusal(path)
    assert "工作表“台账”太大，不能导入" in text and "第 200000 行、第 200 列" in text
    assert "40,000,000 个单元格" in text
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 100_000  # not the 1.6 GB of reading it


def test_formatted_empty_cells_far_away_do_not_count(tmp_path):
    """``<c r="…" s="1"/>`` is formatting only; calamine skips it, and so does the check."""
    path = crafted_xlsx(tmp_path / "styled.xlsx", row(1, cell("A1", "编号"), cell("B1", "来源"))
                        + '<row r="900000"><c r="XFD900000" s="1"/></row>')
    book = open_book(path)
    assert list(book.sheet("台账").iter_rows()) == [["编号", "来源"]]


def test_an_ordinary_ledger_is_measured_as_calamine_reads_it(tmp_path):
    path = write_xlsx(sample_ledger(), tmp_path / "台账.xlsx")
    filled = [e for e, what in sheet_limits._xlsx_extents(path) if not what]
    rows = list(open_book(path).sheet("台账").iter_rows())  # read as before
    assert [(e.rows, e.cols) for e in filled] == [(len(rows), len(rows[0]))]


def test_a_crafted_xls_is_refused(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("台账")
    sheet.write(0, 0, "编号")
    sheet.write(65535, 255, "x")  # 16.7 million cells between them: ~1 GB in calamine
    path = tmp_path / "far.xls"
    book.save(str(path))
    text = refusal(path)
    assert "工作表“台账”太大" in text and "第 65536 行、第 256 列" in text


def test_a_crafted_ods_is_refused(tmp_path):
    """One string cell repeated 16384 times across, in a row repeated a million times."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="台账">'
        '<table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        '<text:p>x</text:p></table:table-cell></table:table-row>'
        '<table:table-row table:number-rows-repeated="5"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
        '</table:table></office:spreadsheet></office:body></office:document-content>')
    path = tmp_path / "far.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    text = refusal(path)
    assert "工作表“台账”太大" in text and "第 1048576 行、第 16384 列" in text


def test_only_regular_files_are_opened(tmp_path):
    zero = tmp_path / "台账.csv"
    zero.symlink_to("/dev/zero")
    with pytest.raises(ValidationError, match="这不是普通文件"):
        open_book(zero)
    fifo = tmp_path / "管道.csv"
    os.mkfifo(fifo)
    with pytest.raises(ValidationError, match="这不是普通文件"):
        open_book(fifo)  # before: open() waited for a writer for ever


def test_files_over_the_size_limit_are_refused(tmp_path, monkeypatch):
    path = write_xlsx(sample_ledger(), tmp_path / "台账.xlsx")
    monkeypatch.setattr(sheet_limits, "MAX_FILE_BYTES", path.stat().st_size - 1)
    with pytest.raises(ValidationError, match="文件太大，不能导入：台账.xlsx"):
        open_book(path)


def test_a_zip_bomb_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_limits, "MAX_UNPACKED_BYTES", 10_000)
    path = crafted_xlsx(tmp_path / "bomb.xlsx", row(1, cell("A1", "空" * 20_000)))
    with pytest.raises(ValidationError, match="文件解压后过大"):
        open_book(path)


def test_the_import_refuses_too(tmp_path, station):
    path = crafted_xlsx(tmp_path / "far.xlsx", row(1, cell("A1")),
                        dimension="A1:XFD1048576", name="恶意\x1b]0;标题\x07表")
    with pytest.raises(ValidationError, match="太大，不能导入"):
        import_ledger(station, path)
