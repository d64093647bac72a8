"""The unit map of an import: a two-column table, name in the ledger file → unit name."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from huitoukan_tui.io.ledger_layout import cell_as_text
from huitoukan_tui.io.sheet_reader import open_book
from huitoukan_tui.services.errors import Problem, ValidationError
from huitoukan_tui.services.text import clean

_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")"})


def unit_key(name: object) -> str:
    """Unit names that differ only in width, blanks or bracket shape are the same unit."""
    text = unicodedata.normalize("NFKC", clean(name)).translate(_BRACKETS)
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class UnitMapEntry:
    where: str  # "file!row"
    source: str  # the name as the ledger file writes it
    target: str  # the unit it stands for
    header_like: bool = False  # the first row, naming its columns? (dropped unless a unit)


_HEADER_WORDS = ("名称", "单位", "对应", "映射")


def read_unit_map(path: str | Path) -> list[UnitMapEntry]:
    """Entries of the map's first sheet. A first row naming its columns (``文件中的名称``,
    ``单位``…) is a header; rows with one name only, or mapping a name twice, are refused."""
    book = open_book(path)
    sheet = book.sheet(book.visible[0])
    entries: list[UnitMapEntry] = []
    problems: list[Problem] = []
    seen: dict[str, UnitMapEntry] = {}
    first = True
    for index, cells in enumerate(sheet.iter_rows()):
        source = clean(cell_as_text(cells[0])) if cells else ""
        target = clean(cell_as_text(cells[1])) if len(cells) > 1 else ""
        if not source and not target:
            continue
        where = f"{sheet.name}!{index + 1}"
        if first:
            first = False
            if any(w in source + target for w in _HEADER_WORDS):
                entries.append(UnitMapEntry(where, source, target, header_like=True))
                continue
        if not source or not target:
            problems.append(Problem("单位对照", "两列都要填写（文件中的名称 → 单位名称）",
                                    where=where))
            continue
        key = unit_key(source)
        if key in seen and unit_key(seen[key].target) != unit_key(target):
            problems.append(Problem("单位对照", f"{source} 已在 {seen[key].where} "
                                                f"对应到 {seen[key].target}", where=where))
            continue
        entry = UnitMapEntry(where, source, target)
        seen[key] = entry
        entries.append(entry)
    if problems:
        raise ValidationError(problems=problems)
    return entries
