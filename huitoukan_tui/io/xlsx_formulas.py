"""Formula cells of an .xlsx sheet that carry no computed result.

Excel and WPS save a formula's last result next to it; files made by programs (openpyxl and
the like) often do not, and ask the reader to recalculate. Such a cell reads as empty, so the
import would call a formula in 受理日期 "不能为空" or take an empty 地点. This module finds
those cells, so the import can say what they are. python-calamine (the fast reader) does not
expose formulas, hence a streaming read of the sheet's XML, done only when the import refuses
a file anyway: a file that imports costs nothing more.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    book = ET.fromstring(archive.read("xl/workbook.xml"))
    rel_id = next((s.get(f"{_REL}id") for s in book.iter(f"{_MAIN}sheet")
                   if s.get("name") == sheet), None)
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels.iter(f"{_PKG}Relationship")
                   if r.get("Id") == rel_id), None)
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)


def _column(letters: str) -> int:
    """``A`` → 0, ``AB`` → 27."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number - 1


def uncached_formulas(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """(row 1-based, column 0-based) → formula text, for each formula cell of ``sheet`` that
    has no saved result. Empty when the file cannot be read this way."""
    found: dict[tuple[int, int], str] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None:
                return found
            with archive.open(part) as stream:
                for _, element in ET.iterparse(stream):
                    if element.tag == f"{_MAIN}row":
                        element.clear()
                        continue
                    if element.tag != f"{_MAIN}c":
                        continue
                    formula = element.find(f"{_MAIN}f")
                    value = element.find(f"{_MAIN}v")
                    cached = value is not None and (value.text or "") != ""
                    if formula is not None and not cached and element.get("t") != "inlineStr":
                        where = _CELL.match(element.get("r") or "")
                        if where:
                            found[(int(where.group(2)), _column(where.group(1)))] = (
                                formula.text or "")
                    element.clear()
    except (KeyError, OSError, zipfile.BadZipFile, ET.ParseError):
        return {}
    return found
