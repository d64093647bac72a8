"""The official forms as files: attachment 1 (问题清单), attachment 2 (进展一览表) and the
case ledger (台账). Layout only; io.exporting gathers the rows from the services.

Layout of every sheet, as the work plan prints it: row 1 the title merged across all columns;
row 2 ``填报单位：…`` left and ``填报时间：2024年3月21日`` right; row 3 the header exactly as the
seed (same names, same order, same line breaks); then the data rows, each as tall as its
wrapped text; attachment 2 ends with a 合计 row of computed numbers (not formulas: phone and
WeChat previews show a formula without a cached value as an empty cell); below the table the
signature line. Every sheet prints on A4 landscape, fit to the page width, the header row on
every page, borders around the table and nothing outside it.

Files are streamed (openpyxl write-only mode) and byte-identical for identical input: the
document timestamps and the zip entry times come from ``Form.stamp``. openpyxl is imported
only when a workbook is written, so importing this module is cheap.

openpyxl streams a write-only sheet through a temporary file, by default in /tmp, where a
killed export would leave the whole ledger with its personal data. ``write_xlsx`` keeps that
file beside the one it writes (the protected exports folder), private (0600), named
``SCRATCH_PREFIX…`` so the next export there removes one left behind (io.exporting).
openpyxl has no option for it: its ``create_temporary_file`` (openpyxl 3.1) is replaced.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from huitoukan_tui.services.progress import PROGRESS_COLUMNS
from huitoukan_tui.services.text import cn_date, looks_like_formula

TEXT, INT, DATE, PERCENT = "text", "int", "date", "percent"

PROBLEM_HEADERS = ("序号", "问题\n类型", "原交办具体问题", "新发现问题", "整改措施",
                   "目标任务（标准）", "整改实施主体", "验收（监管）单位", "完成\n时限")
FINAL_HEADERS = ("核查情况", "核查人员")
PROGRESS_HEADERS = tuple(c.form_heading for c in PROGRESS_COLUMNS)
LEDGER_HEADERS = ("序号", "编号", "来源", "受理日期", "核查单位", "信访人", "联系电话",
                  "被反映对象", "地点", "问题\n类别", "反映问题", "原办理情况", "状态",
                  "完成时限", "移交\n执法", "核查日期", "核查\n人员", "是否\n处理\n到位",
                  "有无\n反弹", "信访人\n是否\n满意", "核查情况")

SIGNATURES = ("报送单位主要负责同志签字：", "填表人：", "联系电话：")
FOOTER = "第 &P 页，共 &N 页"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
PERCENT_FORMAT = "0.0%"

# Fonts every Chinese Windows/WPS has; charset 134 (GB2312) makes other applications pick a
# Chinese fallback (on Linux fontconfig maps them to Noto CJK).
TITLE_FONT = "黑体"
HEADER_FONT = "黑体"
BODY_FONT = "宋体"
NOTE_FONT = "仿宋"
GB2312 = 134

HEADER_ROW = 3
FIRST_DATA_ROW = 4
LINE_HEIGHT = 15.0  # points per line of 11 pt 宋体 (Noto CJK, LibreOffice's stand-in: 14.9)
ROW_PADDING = 6.0
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


@dataclass(frozen=True)
class Column:
    header: str
    width: float                      # Excel width units (≈ one digit)
    kind: str = TEXT
    center: bool = False
    max_width: float | None = None    # fit to the content up to this width (small forms)


@dataclass(frozen=True)
class Total:
    """The 合计 row: ``label`` merged over the first ``span`` columns, then ``values`` (the
    computed numbers, one per column; the first ``span`` are not written)."""

    values: tuple
    label: str = "合计"
    span: int = 2


@dataclass
class Form:
    title: str
    columns: list[Column]
    reporter: str                     # 填报单位
    report_date: dt.date              # 填报时间
    sheet_name: str
    stamp: dt.datetime                # document and zip timestamps: same input, same bytes
    title_break: str = ""             # put a line break before this text, as the seed does
    total: Total | None = None
    signature: bool = True
    fit: bool = True                  # widths from the rows (needs them in memory)
    date_format: str = ""             # of date cells; default DATE_FORMAT (2024年3月21日)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def title_text(self) -> str:
        if self.title_break and self.title_break in self.title and not self.title.startswith(
                self.title_break):
            head, tail = self.title.split(self.title_break, 1)
            return f"{head}\n{self.title_break}{tail}"
        return self.title


# ---------------------------------------------------------------- the three layouts

def problems_columns(final: bool = False) -> list[Column]:
    cols = [
        Column(PROBLEM_HEADERS[0], 5, INT, center=True),
        Column(PROBLEM_HEADERS[1], 9, center=True, max_width=12),
        Column(PROBLEM_HEADERS[2], 22, max_width=30),
        Column(PROBLEM_HEADERS[3], 18, max_width=26),
        Column(PROBLEM_HEADERS[4], 30, max_width=48),
        Column(PROBLEM_HEADERS[5], 18, max_width=26),
        Column(PROBLEM_HEADERS[6], 11, center=True, max_width=16),
        Column(PROBLEM_HEADERS[7], 11, center=True, max_width=16),
        Column(PROBLEM_HEADERS[8], 14, center=True),  # the date and the row's state
    ]
    if final:
        cols += [Column(FINAL_HEADERS[0], 20, max_width=30),
                 Column(FINAL_HEADERS[1], 10, center=True, max_width=14)]
    return cols


def progress_columns(first: str = PROGRESS_HEADERS[1]) -> list[Column]:
    """Attachment 2's columns; ``first`` names the rows (核查单位, or 街道 in the district's
    consolidated table)."""
    return [
        Column(PROGRESS_HEADERS[0], 6, INT, center=True),
        Column(first, 14, center=True, max_width=24),
        Column(PROGRESS_HEADERS[2], 9, INT, center=True),
        Column(PROGRESS_HEADERS[3], 9, INT, center=True),
        Column(PROGRESS_HEADERS[4], 9, INT, center=True),
        Column(PROGRESS_HEADERS[5], 9, PERCENT, center=True),
        Column(PROGRESS_HEADERS[6], 14, INT, center=True),
        Column(PROGRESS_HEADERS[7], 9, INT, center=True),
        Column(PROGRESS_HEADERS[8], 22, max_width=40),
    ]


#: the ledger's widths: 21 columns on A4 landscape at about three quarters of full size
#: (8 pt print), long texts wrapped in their own column, short answers two CJK wide
LEDGER_WIDTHS = (4.5, 11.5, 6.5, 10.5, 8.5, 6.5, 11.5, 10.5, 8.5, 4.5, 18.5, 14.5, 6.5, 10.5,
                 4.5, 10.5, 6.5, 4.5, 4.5, 6.5, 14.5)
LEDGER_DATE_FORMAT = "yyyy-mm-dd"


def ledger_columns() -> list[Column]:
    kinds = {0: INT, 3: DATE, 13: DATE, 15: DATE}
    centered = {0, 2, 3, 4, 5, 9, 12, 13, 14, 15, 16, 17, 18, 19}
    return [Column(h, w, kinds.get(i, TEXT), center=i in centered)
            for i, (h, w) in enumerate(zip(LEDGER_HEADERS, LEDGER_WIDTHS, strict=True))]


def progress_total(values: Sequence) -> Total:
    """The 合计 row of attachment 2 (sums of the counts, 完成率 = 累计核查数 / 信访总数,
    computed by the caller)."""
    return Total(tuple(values))


# ---------------------------------------------------------------- text helpers

def clean_text(value: str) -> str:
    """Drop the control characters XML cannot carry (tab and line breaks stay)."""
    return _ILLEGAL.sub("", value) if _ILLEGAL.search(value) else value


def display_width(text: str) -> int:
    """Printed width in half-width characters: ASCII 1, CJK and full-width punctuation 2.

    GB18030 encodes exactly so (1 byte for ASCII, 2 for GBK's CJK and punctuation such as
    “”；，), in C: fast enough to measure every cell of a 100,000-row ledger. The rare
    characters it encodes in 4 bytes are overestimated, which only makes a row taller."""
    return len(text.encode("gb18030", errors="replace"))


# Excel's width unit is the digit width of the workbook font (Calibri 11: 7 px at 96 dpi; a
# column of width w is 7w + 5 px); a half-width character of 11 pt 宋体 is ~7.33 px.
_PX_PER_UNIT, _PX_PAD, _PX_PER_CHAR = 7.0, 5.0, 7.33


def _units(width: int) -> float:
    """Excel width units that hold ``width`` half-width characters of 11 pt 宋体."""
    return (width * _PX_PER_CHAR + 6 - _PX_PAD) / _PX_PER_UNIT + 0.5


def _lines(text: str, col_width: float) -> int:
    capacity = max(1.0, (col_width * _PX_PER_UNIT + _PX_PAD - 6) / _PX_PER_CHAR)
    return sum(max(1, math.ceil(display_width(line) / capacity)) for line in text.split("\n"))


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return cn_date(value)
    if isinstance(value, float):
        return f"{value:.1%}"
    return str(value)


def fitted_widths(form: Form, rows: list[list]) -> list[float]:
    widths = []
    for i, col in enumerate(form.columns):
        if col.max_width is None:
            widths.append(col.width)
            continue
        need = max([display_width(line) for line in col.header.split("\n")]
                   + [display_width(line) for r in rows for line in _as_text(r[i]).split("\n")])
        widths.append(round(min(max(_units(need), col.width), col.max_width), 1))
    return widths


def row_height(values: Sequence, widths: Sequence[float], line_height: float = LINE_HEIGHT
               ) -> float:
    """Points that show every wrapped line of the row's tallest cell (text wraps; a number
    or a date is one line)."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        if value and isinstance(value, str):
            lines = max(lines, _lines(value, width))
    return round(lines * line_height + ROW_PADDING, 1)


# ---------------------------------------------------------------- xlsx

_CELL_CLASS = None


def _cell_class():
    """openpyxl's Cell made as cheap as a plain value in a write-only sheet (a 100,000-row
    ledger has two million styled cells): it shares its StyleArray, which is never changed
    after _Styles made it, instead of copying it; it finds the style's index in the table
    _Styles filled once (``ws.style_ids``) instead of hashing the style for every cell; and
    its repr is cheap (a write-only sheet tries every appended value as a plain value first
    and formats the cell's repr into the error it then catches)."""
    global _CELL_CLASS
    if _CELL_CLASS is None:
        from openpyxl.cell import Cell

        class StyledCell(Cell):
            __slots__ = ()

            def __init__(self, worksheet, value=None, style_array=None):  # noqa: D107
                self.parent = worksheet
                self._style = style_array
                self.row = self.column = 1  # the write-only sheet numbers it when appended
                self._value = None
                self._hyperlink = None
                self._comment = None
                self.data_type = "n"
                if value is not None:
                    self.value = value

            @property
            def style_id(self) -> int:
                return self.parent.style_ids[id(self._style)]

            def __repr__(self) -> str:
                return "<StyledCell>"

        _CELL_CLASS = StyledCell
    return _CELL_CLASS


class _Styles:
    """One StyleArray per kind of cell, shared by every cell of that kind and registered
    with the workbook once (building fonts and borders per cell would cost twice the
    time)."""

    def __init__(self, ws, form: Form):
        from openpyxl.cell import Cell
        from openpyxl.styles import Alignment, Border, Font, Side

        self._Cell = _cell_class()
        self.ws = ws
        ws.style_ids = {}
        ws._values_to_row = _styled_cells_to_row
        thin = Side(style="thin")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)

        def make(font=None, align=None, number_format=None, with_border=True):
            cell = Cell(ws, row=1, column=1)
            if font is not None:
                cell.font = font
            if align is not None:
                cell.alignment = align
            if number_format:
                cell.number_format = number_format
            if with_border:
                cell.border = border
            return self._register(cell._style)

        body = Font(name=BODY_FONT, size=11, charset=GB2312)
        left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.title = make(Font(name=TITLE_FONT, size=18, bold=True, charset=GB2312), center,
                          with_border=False)
        note = Font(name=NOTE_FONT, size=12, charset=GB2312)
        self.note_left = make(note, Alignment(horizontal="left", vertical="center"),
                              with_border=False)
        self.note_right = make(note, Alignment(horizontal="right", vertical="center"),
                               with_border=False)
        self.header = make(Font(name=HEADER_FONT, size=11, charset=GB2312), center)
        self.columns = []
        date_format = form.date_format or DATE_FORMAT
        for col in form.columns:
            fmt = date_format if col.kind == DATE else PERCENT_FORMAT if col.kind == PERCENT \
                else None
            self.columns.append(make(body, center if col.center else left, fmt))
        total_font = Font(name=BODY_FONT, size=11, bold=True, charset=GB2312)
        self.total = make(total_font, center)
        self.total_percent = make(total_font, center, PERCENT_FORMAT)
        self.quoted: dict[int, object] = {}

    def _register(self, style):
        self.ws.style_ids[id(style)] = self.ws.parent._cell_styles.add(style)
        return style

    def cell(self, value, style):
        return self._Cell(self.ws, value, style)

    def text_cell(self, text: str, style):
        """A text cell that stays text even when it looks like a formula."""
        from openpyxl.styles.cell_style import StyleArray

        key = id(style)
        quoted = self.quoted.get(key)
        if quoted is None:
            quoted = StyleArray(style)
            quoted.quotePrefix = 1
            self.quoted[key] = self._register(quoted)
        cell = self._Cell(self.ws, None, quoted)
        cell._value = text
        cell.data_type = "s"
        return cell


def _styled_cells_to_row(values, row_idx: int):
    """What openpyxl's write-only sheet makes of an appended row, for rows of StyledCells
    only (every row write_xlsx appends): the cells numbered as they are, without first trying
    each one as a plain value (a ValueError per cell) and building a spare cell after it."""
    for col_idx, cell in enumerate(values, 1):
        if cell is not None:
            cell.column, cell.row = col_idx, row_idx
            yield cell


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


SCRATCH_PREFIX = ".openpyxl-"
_scratch_dir: ContextVar[Path | None] = ContextVar("openpyxl_scratch_dir", default=None)


def _scratch_file(suffix: str = "") -> str:
    """openpyxl's ``create_temporary_file``, in the folder write_xlsx is writing to."""
    from openpyxl.worksheet import _writer

    fd, name = tempfile.mkstemp(prefix=SCRATCH_PREFIX, suffix=f"{suffix}.tmp",
                                dir=_scratch_dir.get())
    os.close(fd)
    _writer.ALL_TEMP_FILES.append(name)  # what openpyxl's own function does
    return name


def write_xlsx(path: Path | str, form: Form, rows: Iterable[Sequence]) -> int:
    """Write ``form`` with ``rows`` (values in column order) to ``path``; returns the number of
    data rows. Rows are streamed unless ``form.fit`` asks to size the columns first; each row
    is as tall as its wrapped text (neither Excel nor LibreOffice sizes the rows of a file
    by itself)."""
    from openpyxl.worksheet import _writer

    _writer.create_temporary_file = _scratch_file
    token = _scratch_dir.set(Path(path).parent)
    try:
        return _write_xlsx(path, form, rows)
    finally:
        _scratch_dir.reset(token)


def _write_xlsx(path: Path | str, form: Form, rows: Iterable[Sequence]) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(form.sheet_name)
    styles = _Styles(ws, form)
    ncols = len(form.columns)
    last = _letter(ncols)
    if form.fit:
        rows = [list(r) for r in rows]
        widths = fitted_widths(form, rows)
    else:
        widths = [c.width for c in form.columns]

    # everything written at the top of the sheet must be set before the first row
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[_letter(i)].width = width
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    _page_setup(ws, form)

    title = form.title_text
    ws.row_dimensions[1].height = 30 + 24 * title.count("\n")
    ws.append([styles.cell(title, styles.title)])
    ws.merged_cells.add(f"A1:{last}1")

    mid = max(1, ncols // 2)
    ws.row_dimensions[2].height = 24
    row2 = [None] * ncols
    row2[0] = styles.cell(f"填报单位：{clean_text(form.reporter)}", styles.note_left)
    row2[mid] = styles.cell(f"填报时间：{cn_date(form.report_date)}", styles.note_right)
    ws.append(row2)
    if mid > 1:
        ws.merged_cells.add(f"A2:{_letter(mid)}2")
    if ncols - mid > 1:
        ws.merged_cells.add(f"{_letter(mid + 1)}2:{last}2")

    ws.row_dimensions[HEADER_ROW].height = row_height(form.headers, widths) + 2
    ws.append([styles.cell(h, styles.header) for h in form.headers])

    count = 0
    row_idx = FIRST_DATA_ROW
    kinds = [c.kind for c in form.columns]
    col_styles = styles.columns
    for values in rows:
        ws.row_dimensions[row_idx].height = row_height(values, widths)
        out = []
        for kind, style, value in zip(kinds, col_styles, values, strict=True):
            if kind == TEXT and value is not None:
                value = clean_text(str(value))
                if looks_like_formula(value):
                    out.append(styles.text_cell(value, style))
                    continue
            # an empty cell is written too: its style draws the borders
            out.append(styles.cell(None if value == "" else value, style))
        ws.append(out)
        del ws.row_dimensions[row_idx]  # written with the row: 100,000 of them add up
        count += 1
        row_idx += 1

    if form.total is not None:
        _append_total(ws, styles, form, row_idx)
        row_idx += 1
    if form.signature:
        ws.append([])
        row_idx += 1
        ws.row_dimensions[row_idx].height = 30
        parts = [(0, mid), (mid, mid + max(1, (ncols - mid) // 2)),
                 (mid + max(1, (ncols - mid) // 2), ncols)]
        sig = [None] * ncols
        for text, (start, end) in zip(SIGNATURES, parts, strict=True):
            if start >= ncols:
                continue
            sig[start] = styles.cell(text, styles.note_left)
            if end - start > 1:
                ws.merged_cells.add(f"{_letter(start + 1)}{row_idx}:{_letter(end)}{row_idx}")
        ws.append(sig)

    last_row = row_idx if form.signature else row_idx - 1
    ws.print_area = f"A1:{last}{last_row}"  # the table and its lines, no empty columns
    wb.properties.title = form.title
    wb.properties.creator = "huitoukan-tui"
    save_workbook(wb, path, form.stamp)
    return count


def _append_total(ws, styles: _Styles, form: Form, row_idx: int) -> None:
    total = form.total
    ws.row_dimensions[row_idx].height = 24
    cells = [styles.cell(None, styles.total) for _ in form.columns]
    cells[0] = styles.cell(total.label, styles.total)
    for i, (col, value) in enumerate(zip(form.columns, total.values, strict=True)):
        if i >= total.span and value not in (None, ""):
            style = styles.total_percent if col.kind == PERCENT else styles.total
            cells[i] = styles.cell(value, style)
    ws.append(cells)
    if total.span > 1:
        ws.merged_cells.add(f"A{row_idx}:{_letter(total.span)}{row_idx}")


def _page_setup(ws, form: Form) -> None:
    """A4 landscape, fit to the page width, header row on every page, page numbers below."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.7
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 10
    ws.oddFooter.center.font = NOTE_FONT


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry one timestamp and mode: same content, same bytes."""

    def __init__(self, file, date_time: tuple):
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._date_time = date_time

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, self._date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        name = (zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo)
                else zinfo_or_arcname)
        super().writestr(self._info(name), data)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        info = self._info(arcname or os.path.basename(filename))
        info.file_size = os.path.getsize(filename)
        with open(filename, "rb") as src, self.open(info, "w") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def save_workbook(wb, path: Path | str, stamp: dt.datetime) -> None:
    """Save like ``wb.save`` but with fixed document and zip timestamps."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = stamp
    wb.properties.modified = stamp
    archive = _FixedTimeZip(path, (stamp.year, stamp.month, stamp.day, stamp.hour,
                                   stamp.minute, stamp.second))
    try:
        ExcelWriter(wb, archive).save()  # closes the archive
    finally:
        if archive.fp is not None:
            archive.close()


# ---------------------------------------------------------------- csv

def csv_value(kind: str, value) -> str:
    if value is None:
        return ""
    if kind == DATE:
        return value.isoformat()
    if kind == PERCENT:
        return f"{value:.4f}"
    text = str(value)
    # the usual guard for CSV: a leading apostrophe keeps a spreadsheet from evaluating it
    return "'" + text if kind == TEXT and looks_like_formula(text) else text


def write_csv(path: Path | str, form: Form, rows: Iterable[Sequence]) -> int:
    """Header (without line breaks) and data rows, UTF-8 with BOM so Excel reads Chinese;
    attachment 2 adds its 合计 row as numbers."""
    kinds = [c.kind for c in form.columns]
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([h.replace("\n", "") for h in form.headers])
        for values in rows:
            writer.writerow([csv_value(k, v) for k, v in zip(kinds, values, strict=True)])
            count += 1
        if form.total is not None:
            writer.writerow([csv_value(k, v) for k, v in zip(kinds, form.total.values,
                                                               strict=True)])
    return count
