"""How big a spreadsheet really is, found out before python-calamine reads it.

calamine allocates every cell between a sheet's first and last filled cell (about 64 bytes
each), and the import asks for the rows from A1: a 5 KB xlsx whose one cell sits at XFD1048576
aborts the process (a Rust allocation failure, not an exception), and one cell at row 200000,
column 200 costs 1.6 GB. So each format's sheets are measured first, streaming, without
building cells: xlsx from the sheet XML's cell references (and its declared ``<dimension>``),
xls from the BIFF cell records (olefile opens the container), ods from content.xml with its
repeated rows and columns. A sheet whose area from A1 exceeds MAX_CELLS is refused with its
name and size, which also bounds what reading it costs (MAX_CELLS × ~70 bytes).
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from huitoukan_tui.services.errors import ValidationError

#: the largest sheet read, counted from A1 (100,000 ledger rows × 40 columns fit)
MAX_CELLS = 4_000_000
#: the largest file taken at all, and the most its zip members may unpack to
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024
CHUNK = 1 << 20


@dataclass(frozen=True)
class Extent:
    sheet: str
    rows: int  # the last filled row, 1-based (0: empty)
    cols: int  # the last filled column, 1-based

    @property
    def cells(self) -> int:
        return self.rows * self.cols


def too_big(extent: Extent, file_name: str, what: str = "") -> ValidationError:
    return ValidationError(
        f"工作表“{extent.sheet}”太大，不能导入：{what or '内容'}到第 {extent.rows} 行、"
        f"第 {extent.cols} 列（{extent.cells:,} 个单元格，最多 {MAX_CELLS:,} 个）。"
        f"请删去台账以外的内容后另存再导入：{file_name}")


def check_sheets(path: Path, kind: str, *, stream_above: int | None = None) -> None:
    """Refuse the file when any sheet (declared or as filled) is larger than MAX_CELLS.
    ``stream_above``: .xlsx sheets whose XML is larger are read as a stream (io.xlsx_stream
    builds one row at a time, whatever the area): they are not measured."""
    measure = {"xlsx": _xlsx_extents, "xls": _xls_extents, "ods": _ods_extents}.get(kind)
    if measure is None:
        return
    found = measure(path, stream_above) if kind == "xlsx" else measure(path)
    for extent, what in found:
        if extent.cells > MAX_CELLS:
            raise too_big(extent, path.name, what)


def check_loaded(name: str, end: tuple[int, int] | None, file_name: str) -> None:
    """The same limit on a sheet calamine has loaded (its last cell, 0-based), before its
    rows are built from A1."""
    if end is not None:
        check = Extent(name, end[0] + 1, end[1] + 1)
        if check.cells > MAX_CELLS:
            raise too_big(check, file_name)


# ---------------------------------------------------------------- xlsx

_TAG = re.compile(rb"<(?:[\w-]+:)?(row|c|dimension)\b([^>]*?)(/?)>")
_REF = re.compile(rb'(?:^|\s)r="([A-Za-z]*)(\d*)"')
_DIM = re.compile(rb'ref="([A-Za-z]+\d+:)?([A-Za-z]+)(\d+)"')


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _zip_members(archive: zipfile.ZipFile, file_name: str) -> None:
    total = sum(i.file_size for i in archive.infolist())
    if total > MAX_UNPACKED_BYTES:
        raise ValidationError(f"文件解压后过大（{total / 2**20:,.0f} MB），不能导入：{file_name}")


def _xlsx_sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """worksheet part → sheet name (as Excel shows it)."""
    try:
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        book = ET.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ET.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    names = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet"):
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "").lstrip("/")
            part = target if target.startswith("xl/") else f"xl/{target}"
            names[part] = sheet.get("name", part)
    return names


def _xlsx_extents(path: Path, stream_above: int | None = None
                  ) -> Iterator[tuple[Extent, str]]:
    try:
        with zipfile.ZipFile(path) as archive:
            _zip_members(archive, path.name)
            names = _xlsx_sheet_names(archive)
            for info in archive.infolist():
                part = info.filename
                if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                    if stream_above is not None and info.file_size > stream_above:
                        continue
                    name = names.get(part, part)
                    with archive.open(info) as stream:
                        found = _scan_sheet_fast(name, stream)
                    if found is None:  # cells without references, or prefixed tags
                        with archive.open(info) as stream:
                            found = list(_scan_sheet_xml(name, stream))
                    yield from found
    except (zipfile.BadZipFile, OSError, EOFError):
        return  # calamine says what is wrong with it


def _chunks(stream) -> Iterator[bytes]:
    """The stream in pieces that each end before a ``<`` (no tag is cut in two)."""
    tail = b""
    while True:
        chunk = stream.read(CHUNK)
        data = tail + chunk
        if not chunk:
            yield data
            return
        cut = data.rfind(b"<")
        yield data[:cut]
        tail = data[cut:]


#: a filled cell with its reference (``<c r="AB12" t="s">``; ``<c …/>`` is formatting only)
_FILLED = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>/]*>')


def _scan_sheet_fast(name: str, stream) -> list[tuple[Extent, str]] | None:
    """Largest filled row and column from the cells' references, at C speed (the usual
    writers: Excel, WPS, LibreOffice, openpyxl); None when some cell has no reference or
    the tags carry a namespace prefix (the cell-by-cell scan places those)."""
    found: list[tuple[Extent, str]] = []
    last_row = last_col = 0
    first = True
    for body in _chunks(stream):
        if body.count(b"<c ") + body.count(b"<c>") != body.count(b'<c r="') \
                or b":c " in body or b":c>" in body:
            return None
        if first:
            dim = _DIM.search(body, 0, 4096) if b"<dimension" in body[:4096] else None
            if dim:
                found.append((Extent(name, int(dim.group(3)), _column(dim.group(2))),
                              "声明的范围"))
            first = False
        refs = _FILLED.findall(body)
        if refs:
            last_col = max(last_col, *map(_column, set(map(itemgetter(0), refs))))
            last_row = max(last_row, *map(int, set(map(itemgetter(1), refs))))
    found.append((Extent(name, last_row, last_col), ""))
    return found


def _scan_sheet_xml(name: str, stream) -> Iterator[tuple[Extent, str]]:
    """Cell by cell, placing cells without a reference after the one before them."""
    row = col = 0
    last_row = last_col = 0
    for body in _chunks(stream):
        for match in _TAG.finditer(body):
            tag, attrs, empty = match.groups()
            if tag == b"dimension":
                dim = _DIM.search(attrs)
                if dim:
                    yield Extent(name, int(dim.group(3)), _column(dim.group(2))), "声明的范围"
                continue
            ref = _REF.search(attrs)
            letters, digits = (ref.groups() if ref else (b"", b""))
            if tag == b"row":
                row = int(digits) if digits else row + 1
                col = 0
                continue
            col = _column(letters) if letters else col + 1
            if digits:
                row = int(digits)
            if not empty:  # <c …/> is a formatted empty cell, which calamine skips
                last_row, last_col = max(last_row, row), max(last_col, col)
    yield Extent(name, last_row, last_col), ""


# ---------------------------------------------------------------- xls (BIFF8)

#: BIFF record types that put a value in a cell (each starts with row, column)
_BIFF_CELLS = {0x0006, 0x00FD, 0x0203, 0x027E, 0x0205, 0x0204, 0x00D6}
_MULRK, _BOUNDSHEET, _EOF, _BOF = 0x00BD, 0x0085, 0x000A, 0x0809


def _xls_extents(path: Path) -> Iterator[tuple[Extent, str]]:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
            if stream is None:
                return
            data = ole.openstream(stream).read()
    except (OSError, ValueError, struct.error):
        return  # calamine says what is wrong with it
    sheets: dict[int, str] = {}
    pos = 0
    while pos + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, pos)
        if kind == _BOUNDSHEET and size >= 8:
            offset, = struct.unpack_from("<I", data, pos + 4)
            length = data[pos + 10]
            raw = data[pos + 12:pos + 12 + length * (2 if data[pos + 11] & 1 else 1)]
            sheets[offset] = raw.decode("utf-16-le" if data[pos + 11] & 1 else "latin-1",
                                        "replace")
        pos += 4 + size
    for offset, name in sheets.items():
        yield _scan_biff_sheet(data, offset, name), ""


def _scan_biff_sheet(data: bytes, pos: int, name: str) -> Extent:
    last_row = last_col = 0
    while pos + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, pos)
        body = pos + 4
        if kind == _EOF:
            break
        if size >= 4 and (kind in _BIFF_CELLS or kind == _MULRK):
            row, col = struct.unpack_from("<HH", data, body)
            if kind == _MULRK and size >= 6:
                col, = struct.unpack_from("<H", data, body + size - 2)
            last_row, last_col = max(last_row, row + 1), max(last_col, col + 1)
        pos = body + size
    return Extent(name, last_row, last_col)


# ---------------------------------------------------------------- ods

_NS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_NS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_T = f"{{{_NS_TABLE}}}"
_VALUE_TYPE = f"{{{_NS_OFFICE}}}value-type"


def _ods_extents(path: Path) -> Iterator[tuple[Extent, str]]:
    try:
        with zipfile.ZipFile(path) as archive:
            _zip_members(archive, path.name)
            with archive.open("content.xml") as stream:
                yield from _scan_content_xml(stream)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ET.ParseError):
        return  # calamine says what is wrong with it


def _repeat(element: ET.Element, attribute: str) -> int:
    try:
        return max(1, int(element.get(f"{_T}{attribute}", "1")))
    except ValueError:
        return 1


def _scan_content_xml(stream) -> Iterator[tuple[Extent, str]]:
    name, row, col, row_filled = "", 0, 0, False
    last_row = last_col = 0
    for event, element in ET.iterparse(stream, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{_T}table":
                name, row, last_row, last_col = element.get(f"{_T}name", ""), 0, 0, 0
            elif tag == f"{_T}table-row":
                col, row_filled = 0, False
            elif tag in (f"{_T}table-cell", f"{_T}covered-table-cell"):
                span = _repeat(element, "number-columns-repeated")
                if element.get(_VALUE_TYPE):
                    last_col, row_filled = max(last_col, col + span), True
                col += span
            continue
        if tag == f"{_T}table-row":
            span = _repeat(element, "number-rows-repeated")
            if row_filled:
                last_row = row + span
            row += span
        elif tag == f"{_T}table":
            yield Extent(name, last_row, last_col), ""
        element.clear()
