"""Merged cells of an OpenDocument sheet (python-calamine reports them for xlsx/xls only)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree.ElementTree import iterparse

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ROW = _TABLE + "table-row"
_CELL = _TABLE + "table-cell"
_COVERED = _TABLE + "covered-table-cell"
_SHEET = _TABLE + "table"


def _int(elem, name: str) -> int:
    try:
        return max(int(elem.get(_TABLE + name, "1")), 1)
    except ValueError:
        return 1


def ods_merged_ranges(path: Path, sheet_name: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges of ``sheet_name`` as (first row, first col, last row, last col), 0-based.

    Cells and rows are counted the way ODF writes them: ``number-columns-repeated`` and
    ``number-rows-repeated`` stand for several cells/rows, covered cells take a place too.
    """
    ranges: list[tuple[int, int, int, int]] = []
    depth = 0  # >0 while inside the wanted sheet (nested tables are not expected)
    row = col = 0
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
        for event, elem in iterparse(content, events=("start", "end")):
            tag = elem.tag
            if tag == _SHEET:
                if event == "start" and elem.get(_TABLE + "name") == sheet_name:
                    depth, row = 1, 0
                elif event == "end" and depth:
                    break
                continue
            if not depth:
                if event == "end":
                    elem.clear()
                continue
            if tag == _ROW:
                if event == "start":
                    col = 0
                else:
                    row += _int(elem, "number-rows-repeated")
                    elem.clear()
            elif tag in (_CELL, _COVERED) and event == "start":
                rows = _int(elem, "number-rows-spanned")
                cols = _int(elem, "number-columns-spanned")
                if tag == _CELL and (rows > 1 or cols > 1):
                    ranges.append((row, col, row + rows - 1, col + cols - 1))
                col += _int(elem, "number-columns-repeated")
    return ranges
