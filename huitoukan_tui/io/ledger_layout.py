"""Finding the ledger inside a sheet as offices lay it out: title rows, a header row found by
its content, header names in their many variants, merged cells, empty rows and notes below."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from huitoukan_tui.io.sheet_reader import Cell, Sheet
from huitoukan_tui.services.errors import Problem, ValidationError

#: field → header names offices use for it (first = the name we show). Compared after
#: ``header_key`` (full/half-width, blanks, line breaks and bracket shapes do not matter).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "case_no": ("编号", "信访编号", "件号", "信访件编号", "信访件号", "案件编号", "登记编号",
                "受理编号", "工单编号", "工单号", "交办编号", "原编号"),
    "received_on": ("受理日期", "受理时间", "来件日期", "来件时间", "信访日期", "信访时间",
                    "登记日期", "登记时间", "交办日期", "交办时间", "转办日期", "转办时间",
                    "日期", "时间"),
    "channel": ("来源", "来源渠道", "渠道", "信访方式", "信访渠道", "信访来源", "问题来源",
                "来件渠道", "反映渠道", "来源方式"),
    "unit": ("核查单位", "所属村(社区)", "属地", "村(社区)", "责任单位", "所在村(社区)",
             "所属村(社区)/部门", "村(社区)/部门", "属地单位", "所属单位", "承办单位",
             "办理单位", "责任村(社区)", "所属村居", "村居", "单位"),
    "target": ("被反映对象", "信访对象", "反映对象", "被投诉对象", "投诉对象", "被反映单位",
               "被反映人", "涉及对象"),
    "content": ("反映问题", "反映内容", "信访内容", "主要问题", "原交办具体问题", "信访事项",
                "反映的问题", "反映主要问题", "信访主要内容", "主要内容", "问题描述",
                "反映事项", "诉求内容"),
    "original_handling": ("原办理情况", "办理情况", "处理结果", "办理结果", "处理情况",
                          "办理情况及结果", "原处理情况", "原办理结果", "答复情况"),
    "petitioner": ("信访人", "姓名", "信访人姓名", "反映人", "投诉人", "来访人", "来电人"),
    "phone": ("联系电话", "电话", "联系方式", "信访人电话", "电话号码", "手机", "手机号码"),
    "location": ("地点", "问题地点", "地址", "具体位置", "位置", "问题发生地", "发生地点",
                 "所在地点"),
    "category": ("问题类别", "类别", "污染类型", "环境问题类型", "问题分类"),
    "seq": ("序号", "序", "编码序号"),
}
FIELD_NAMES = {name: aliases[0] for name, aliases in HEADER_ALIASES.items()}
REQUIRED = ("received_on", "channel", "unit", "target", "content")
HEADER_SCAN_ROWS = 50

_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")",
                           "（": "(", "）": ")", "<": "(", ">": ")"})
_BLANKS = re.compile(r"\s+")


def header_key(text: object) -> str:
    """What two header names must agree on to be the same name."""
    key = unicodedata.normalize("NFKC", str(text or "")).translate(_BRACKETS)
    key = _BLANKS.sub("", key).strip("*＊:：")
    return key.lower()


_ALIAS_INDEX: dict[str, tuple[str, int]] = {}
for _field, _aliases in HEADER_ALIASES.items():
    for _rank, _alias in enumerate(_aliases):
        _ALIAS_INDEX.setdefault(header_key(_alias), (_field, _rank))
_SUFFIX = re.compile(r"\([^()]*\)$")


def field_of_header(text: object) -> tuple[str, int] | None:
    """(field, rank) of a header cell, or None. ``受理时间（年月日）`` also counts."""
    key = header_key(text)
    if not key:
        return None
    found = _ALIAS_INDEX.get(key)
    if found is None and _SUFFIX.search(key):
        found = _ALIAS_INDEX.get(_SUFFIX.sub("", key))
    return found


def cell_as_text(value: Cell) -> str:
    """A cell as text: numbers without a trailing .0, date cells as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else str(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(" \t\r\n\u3000"))


_NOTE = re.compile(r"^(制表人|制表|审核人|审核|填表人|填报人|负责人|联系人|签字|单位负责人|"
                   r"报送单位主要负责同志签字|主要负责同志签字|注|备注|说明|附注)\s*[:：]")
_TOTALS = {"合计", "总计", "小计"}
_NOTE_STARTS = set("制审填负联签单报主注备说附合总小")


def is_note(cells: list[Cell]) -> bool:
    """``制表人：…``, ``审核人：…``, ``注：…`` and total rows below a table are not cases."""
    for value in cells:
        if _blank(value):
            continue
        if not isinstance(value, str):
            return False  # a number or a date starts a case row (序号, 编号, 日期)
        text = unicodedata.normalize("NFKC", value).strip()
        if text[:1] not in _NOTE_STARTS:
            return False
        return bool(_NOTE.match(text)) or _BLANKS.sub("", text) in _TOTALS
    return False


@dataclass
class LedgerRow:
    row: int  # 1-based, as the spreadsheet numbers it
    values: dict[str, Cell]


@dataclass
class SheetLedger:
    sheet: str
    header_row: int  # 1-based; the last header row when the header spans two rows
    headers: dict[str, str]  # field → header text as written in the file
    ignored: list[str]  # header texts of columns that are not imported
    default_unit: str  # 填报单位 above the table, used when there is no unit column
    columns: dict[str, int] = field(default_factory=dict)  # field → its column (0-based)
    rows: Iterable[LedgerRow] = field(default_factory=list)  # the case rows, read once
    skipped_empty: int = 0
    skipped_notes: int = 0


class MergedRows:
    """(row as read, row with merges applied) for each row of ``rows``: the cells of a
    merged range get the value of its top-left cell, one row at a time (rows no merge
    touches are shared).

    Only the first ``width`` columns are filled (the head's widest row, then the header's
    last column once it is found): what a row costs does not grow with a range's width or
    with how many ranges are stacked over it, so a crafted range of A2:XFD1000000 costs no
    more than a merged 核查单位 column. Of ranges sharing a top-left cell the last counts;
    where ranges overlap (Excel never writes so), the one that starts lower wins."""

    def __init__(self, rows: Iterable[list[Cell]], merges: list[tuple[int, int, int, int]],
                 width: int) -> None:
        self.rows, self.width = rows, width
        self.starts: dict[int, dict[int, tuple[int, int]]] = {}  # row → col → (last row, col)
        for r0, c0, r1, c1 in merges:
            self.starts.setdefault(r0, {})[c0] = (r1, c1)

    def __iter__(self) -> Iterator[tuple[list[Cell], list[Cell]]]:
        starts = self.starts
        cover: dict[int, tuple[int, Cell]] = {}  # column → (last row, value)
        width, soonest = self.width, -1  # the last row of the range that ends first
        for r, row in enumerate(self.rows):
            if self.width < width:  # narrowed to the header's columns
                width = self.width
                cover = {c: v for c, v in cover.items() if c < width}
            if r > soonest and cover:
                cover = {c: v for c, v in cover.items() if v[0] >= r}
                soonest = min((v[0] for v in cover.values()), default=-1)
            for c0, (r1, c1) in starts.pop(r, {}).items():
                value = row[c0] if c0 < len(row) else None
                if not _blank(value) and c0 < width and r1 >= r:
                    cover.update(dict.fromkeys(range(c0, min(c1 + 1, width)), (r1, value)))
                    soonest = r1 if soonest < 0 else min(soonest, r1)
            if not cover:
                yield row, row
                continue
            filled = list(row)
            last = max(cover)
            if len(filled) <= last:
                filled.extend([None] * (last + 1 - len(filled)))
            for c, (_, value) in cover.items():
                filled[c] = value
            yield row, filled


def _header_fields(cells: list[Cell]) -> dict[str, tuple[int, int, str]]:
    """field → (rank, column, header text) of one row, best-ranked column per field."""
    found: dict[str, tuple[int, int, str]] = {}
    for col, value in enumerate(cells):
        if not isinstance(value, str):
            continue
        hit = field_of_header(value)
        if hit is None:
            continue
        name, rank = hit
        if name not in found or rank < found[name][0]:
            found[name] = (rank, col, value)
    return found


def _find_header(rows: list[list[Cell]]) -> int | None:
    best, best_score = None, 0
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        fields = _header_fields(cells)
        score = len(fields.keys() - {"seq"})
        required = len(fields.keys() & set(REQUIRED))
        if score >= 3 and required >= 2 and score > best_score:
            best, best_score = index, score
    return best


def _continues_header(above: list[Cell], below: list[Cell]) -> bool:
    """A two-row header: the row below names fields the first lacks, and holds nothing
    but header names (or the merged header cells above it)."""
    fields, extra = _header_fields(above), False
    for col, value in enumerate(below):
        if _blank(value):
            continue
        hit = field_of_header(value) if isinstance(value, str) else None
        if hit is None:
            if col < len(above) and value == above[col]:
                continue
            return False
        extra = extra or hit[0] not in fields
    return extra


_REPORTING_UNIT = re.compile(r"填报单位\s*[:：]\s*([^\s:：()（）]+)")


def _reporting_unit(rows: list[list[Cell]]) -> str:
    for cells in rows:
        text = unicodedata.normalize("NFKC", " ".join(cell_as_text(c) for c in cells))
        m = _REPORTING_UNIT.search(text)
        if m and not m.group(1).startswith("填报时间"):
            return m.group(1)
    return ""


def locate_table(sheet: Sheet) -> SheetLedger:
    """The ledger of ``sheet``: its header and its columns, and its case rows (merges
    applied) as ``rows``, read from the sheet as they are iterated (once)."""
    raw = sheet.iter_rows()
    head_raw = list(itertools.islice(raw, HEADER_SCAN_ROWS + 1))  # + a second header row
    merged = MergedRows(itertools.chain(head_raw, raw), sheet.merges,
                        width=max(map(len, head_raw), default=0))
    stream = iter(merged)
    head = list(itertools.islice(stream, len(head_raw)))
    filled_head = [cells for _, cells in head]
    index = _find_header(filled_head[:HEADER_SCAN_ROWS])
    if index is None:
        merged.width = 0  # the rest is only looked at as read
        if not any(not _blank(v) for original, _ in itertools.chain(head, stream)
                   for v in original):
            raise ValidationError(problems=[
                Problem("", "工作表是空的，没有任何数据", where=sheet.name)])
        names = "、".join(FIELD_NAMES[f] for f in REQUIRED)
        raise ValidationError(problems=[Problem(
            "", f"没有找到表头：前 {HEADER_SCAN_ROWS} 行中没有一行含有台账的列名"
                f"（至少要有 {names} 中的几列）", where=sheet.name)])
    fields = _header_fields(filled_head[index])
    first_data = index + 1
    if first_data < len(head) and _continues_header(filled_head[index], filled_head[first_data]):
        below = _header_fields(filled_head[first_data])
        fields.update({k: v for k, v in below.items() if k not in fields})
        first_data += 1
    header_row = first_data  # 1-based number of the last header row
    default_unit = "" if "unit" in fields else _reporting_unit(filled_head[:index])
    missing = [f for f in REQUIRED if f not in fields and not (f == "unit" and default_unit)]
    if missing:
        raise ValidationError(problems=[
            Problem("表头", f"缺少“{FIELD_NAMES[f]}”列（可用的列名："
                          f"{'、'.join(HEADER_ALIASES[f])}）", where=f"{sheet.name}!{header_row}")
            for f in missing])
    used_cols = {col for _, col, _ in fields.values()}
    ignored = []
    for r in range(index, first_data):
        for col, value in enumerate(filled_head[r]):
            text = cell_as_text(value).strip()
            if col not in used_cols and text and text not in ignored:
                ignored.append(text)
    columns = {name: col for name, (_, col, _) in fields.items() if name != "seq"}
    table = SheetLedger(
        sheet=sheet.name, header_row=header_row,
        headers={name: text.strip() for name, (_, _, text) in fields.items() if name != "seq"},
        ignored=ignored, default_unit=default_unit, columns=columns)
    merged.width = max(columns.values()) + 1  # the rest of the sheet: its ledger columns
    table.rows = _case_rows(table, itertools.chain(head[first_data:], stream), first_data)
    return table


def _case_rows(table: SheetLedger, rows: Iterator[tuple[list[Cell], list[Cell]]],
               first: int) -> Iterator[LedgerRow]:
    """The case rows below the header; notes and empty rows are counted on the table."""
    columns = table.columns
    data_cols = list(columns.values())
    for r, (original, cells) in enumerate(rows, start=first):
        if is_note(original):
            table.skipped_notes += 1
            continue
        width = len(original)
        if all(c >= width or _blank(original[c]) for c in data_cols):
            table.skipped_empty += 1
            continue
        width = len(cells)
        yield LedgerRow(r + 1, {name: (cells[col] if col < width else None)
                                for name, col in columns.items()})
