"""Reading an .xlsx/.xlsm sheet row by row, in memory that does not grow with the sheet.

python-calamine (the fast reader used for .xls, .ods and .xlsb) holds a whole sheet in memory:
about 1 KB a ledger row, so 100 MB for 100,000 rows and a gigabyte for a district's million.
An .xlsx sheet is XML in a zip file; this reads it as a stream (ElementTree's iterparse,
each row dropped once handed over) and gives each cell the value calamine would: text,
numbers as float, date-formatted numbers as dates (or datetimes), booleans, the saved result
of a formula, ``""`` for an empty cell. Merged ranges, stored after the rows, are found by a
first scan of the same stream that parses nothing else.

What stays in memory is the shared-string table (the texts Excel stores once per file) and
one row at a time.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_VALUE, _INLINE = f"{_MAIN}v", f"{_MAIN}is"
_TEXT, _PHONETIC = f"{_MAIN}t", f"{_MAIN}rPh"
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
#: built-in number formats that show a date or a time
_DATE_FORMATS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
#: an inline string of one plain text run (``<is><t>…</t></is>``) is parsed as a ``<v>`` (one
#: element instead of three: most of what a program-written sheet holds), by replacing its
#: tags as bytes; a run they do not close (rich text, phonetic guides) leaves the XML
#: unbalanced, and that block is then parsed as written
_INLINE_OPEN = (b"<is><t>", b'<is><t xml:space="preserve">')
_INLINE_CLOSE = b"</t></is>"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+\d+):([A-Z]+\d+)"')


@dataclass(frozen=True)
class SheetEntry:
    name: str
    visible: bool
    part: str  # the sheet's XML inside the zip


def column(letters: str) -> int:
    """``A`` → 0, ``AB`` → 27."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number - 1


def _part(base: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join(posixpath.dirname(base), target))


def sheets(archive: zipfile.ZipFile) -> list[SheetEntry]:
    """The worksheets of the workbook, in tab order (chart sheets left out)."""
    book = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG}Relationship")
               if r.get("Type", "").endswith("/worksheet")}
    out = []
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"))
        if target:
            out.append(SheetEntry(sheet.get("name", ""), sheet.get("state", "visible")
                                  == "visible", _part("xl/workbook.xml", target)))
    return out


def is_date_format(code: str) -> bool:
    """A custom number format that shows a date or time (``yyyy-mm-dd``, ``m月d日``)."""
    bare = _QUOTED.sub("", code.split(";")[0]).lower()
    return bool(re.search(r"[ymdhs]", bare)) and "general" not in bare


def date_styles(archive: zipfile.ZipFile) -> frozenset[str]:
    """Indices of the cell formats (``s`` of a cell, as written) that show numbers as
    dates."""
    try:
        root = ET.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return frozenset()
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "")
              for f in root.iter(f"{_MAIN}numFmt")}
    xfs = root.find(f"{_MAIN}cellXfs")
    dates = set()
    for index, xf in enumerate(xfs if xfs is not None else []):
        fmt = int(xf.get("numFmtId", "0"))
        if fmt in _DATE_FORMATS or (fmt in custom and is_date_format(custom[fmt])):
            dates.add(str(index))
    return frozenset(dates)


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    try:
        stream = archive.open("xl/sharedStrings.xml")
    except KeyError:
        return []
    out: list[str] = []
    with stream:
        for _, element in ET.iterparse(stream):
            if element.tag == f"{_MAIN}si":
                out.append(_strip_phonetic(element))
                element.clear()
    return out


def _strip_phonetic(item: ET.Element) -> str:
    """The text of a string item (``<si>``, ``<is>``): its runs, without phonetic guides."""
    if len(item) == 1 and item[0].tag == _TEXT:  # the common case: one plain text
        return item[0].text or ""
    return "".join(t.text or "" for child in item if child.tag != _PHONETIC
                   for t in ([child] if child.tag == _TEXT else child.iter(_TEXT)))


def _date(serial: float) -> dt.date | dt.datetime:
    """An Excel serial day as a date (a datetime when it has a time of day, to the
    millisecond, as Excel stores it)."""
    moment = EXCEL_EPOCH + dt.timedelta(milliseconds=round(serial * 86_400_000))
    return moment.date() if moment.time() == dt.time() else moment


class XlsxSheet:
    """One sheet of an open workbook: ``merges()`` and ``rows()`` (each a fresh read)."""

    def __init__(self, archive: zipfile.ZipFile, part: str, strings: list[str],
                 dates: frozenset[str]) -> None:
        self.archive, self.part, self.strings, self.dates = archive, part, strings, dates

    def merges(self) -> list[tuple[int, int, int, int]]:
        """Merged ranges (first row, first col, last row, last col; 0-based), read from the
        end of the sheet's XML (after the rows) without parsing the rows."""
        found, tail = bytearray(), b""
        with self.archive.open(self.part) as stream:
            while chunk := stream.read(1 << 20):
                if found:
                    found += chunk
                    continue
                data = tail + chunk
                at = data.find(b"mergeCells")
                if at >= 0:
                    found += data[at:]
                else:
                    tail = data[-16:]
        out = []
        for a, b in _MERGE.findall(bytes(found)):
            (c0, r0), (c1, r1) = _ref(a.decode()), _ref(b.decode())
            out.append((r0, c0, r1, c1))
        return out

    def rows(self) -> Iterator[list[object]]:
        """Every row from the first to the last that holds a value, as calamine gives them
        (empty rows as ``[]``)."""
        strings, dates, columns = self.strings, self.dates, {}
        expected = 0  # the index of the next row to hand over
        for block in self._row_blocks():
            for element in block:
                number = element.get("r")
                index = int(number) - 1 if number else expected
                cells: list[object] = []
                for cell in element:
                    ref = cell.get("r")
                    if ref:
                        letters = ref.rstrip("0123456789")
                        at = columns.get(letters)
                        if at is None:
                            at = columns[letters] = column(letters)
                        if at < len(cells):  # out of order (Excel never writes so)
                            cells[at] = _value(cell, strings, dates)
                            continue
                        if at > len(cells):
                            cells.extend([""] * (at - len(cells)))
                    cells.append(_value(cell, strings, dates))
                if cells.count("") == len(cells):
                    continue  # empty (formatted cells only): handed over if a value follows
                while expected < index:
                    yield []
                    expected += 1
                yield cells
                expected = index + 1

    def _row_blocks(self) -> Iterator[ET.Element]:
        """The rows of the sheet in blocks of about a megabyte of XML, each parsed at once
        (one element tree per block: C speed, no Python call per XML element) under a
        stand-in for the sheet's root that declares the same namespaces."""
        with self.archive.open(self.part) as stream:
            data = b""
            while b"<sheetData" not in data and (chunk := stream.read(1 << 16)):
                data += chunk
            head, found, rest = data.partition(b"<sheetData")
            if not found:
                return
            root = head[head.rfind(b"<worksheet") if b"<worksheet" in head else 0:]
            declarations = b" ".join(re.findall(rb'xmlns(?::\w+)?="[^"]*"', root))
            prefix = re.search(rb"<(\w+:)?worksheet", head)
            tag = (prefix.group(1) or b"") if prefix else b""
            opening, closing = b"<%sdata %s>" % (tag, declarations), b"</%sdata>" % tag
            end_row = b"</%srow>" % tag
            after = rest.find(b">")
            if after < 0 or rest[after - 1:after] == b"/":
                return  # <sheetData/>: no rows
            pending = rest[after + 1:]
            while True:
                chunk = stream.read(1 << 20)
                pending += chunk
                cut = pending.rfind(end_row)
                if cut >= 0:
                    cut += len(end_row)
                    yield _parse_rows(opening, pending[:cut], closing, plain_inline=not tag)
                    pending = pending[cut:]
                if not chunk:
                    if not pending.lstrip().startswith(b"</%ssheetData" % tag):
                        raise ET.ParseError("the sheet ends in the middle of its rows")
                    return

def _parse_rows(opening: bytes, rows: bytes, closing: bytes, plain_inline: bool
                ) -> ET.Element:
    if plain_inline and _INLINE_CLOSE in rows:
        simple = rows.replace(_INLINE_CLOSE, b"</v>")
        for tag in _INLINE_OPEN:
            simple = simple.replace(tag, b"<v>")
        try:
            return ET.fromstring(opening + simple + closing)
        except ET.ParseError:
            pass  # a text run inside rich text or beside a phonetic guide
    return ET.fromstring(opening + rows + closing)


def _ref(text: str) -> tuple[int, int]:
    letters = text.rstrip("0123456789")
    return column(letters), int(text[len(letters):]) - 1


def _value(cell: ET.Element, strings: list[str], dates: frozenset[str]) -> object:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        text = cell.findtext(_VALUE)
        if text is not None:  # a plain inline text, made a <v> by _row_blocks
            return text
        inline = cell.find(_INLINE)
        if inline is None:
            return ""
        if len(inline) == 1 and inline[0].tag == _TEXT:  # the common case: one plain text
            return inline[0].text or ""
        return _strip_phonetic(inline)
    text = cell.findtext(_VALUE)
    if text is None:
        return ""
    if kind == "s":
        return strings[int(text)]
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "d":
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError:
            return text
    try:
        number = float(text)
    except ValueError:
        return text
    if cell.get("s") in dates:
        try:
            return _date(number)
        except (OverflowError, ValueError):
            return number
    return number


def open_sheet(path: Path, name: str, *, strings: bool = True
               ) -> tuple[zipfile.ZipFile, XlsxSheet]:
    """The sheet ``name`` of the file (with the zip file, to be closed by the caller);
    StopIteration when the workbook has no such sheet. ``strings=False``: without the
    shared strings (enough for ``merges``)."""
    archive = zipfile.ZipFile(path)
    try:
        entry = next(s for s in sheets(archive) if s.name == name)
        return archive, XlsxSheet(archive, entry.part,
                                  shared_strings(archive) if strings else [],
                                  date_styles(archive))
    except BaseException:
        archive.close()
        raise


ERRORS = (zipfile.BadZipFile, KeyError, ET.ParseError, zlib.error, ValueError, OSError,
          StopIteration)
