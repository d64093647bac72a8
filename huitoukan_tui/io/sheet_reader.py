"""Open a spreadsheet file of any supported kind and hand back plain rows of cells.

The kind is told from the file's content, not its name (offices rename .xlsx to .xls and
systems export HTML as .xls), so each wrong guess gets its own clear refusal.
"""

from __future__ import annotations

import contextlib
import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from huitoukan_tui.io import sheet_limits, xlsx_stream
from huitoukan_tui.io.csv_sheet import read_tab_rows, stream_csv_rows
from huitoukan_tui.io.ods_merges import ods_merged_ranges
from huitoukan_tui.services.errors import ValidationError

Cell = object  # str | int | float | bool | date | datetime | time | timedelta | None
#: (first row, first col, last row, last col), 0-based and inclusive
Range = tuple[int, int, int, int]

SUPPORTED = ".xlsx、.xlsm、.xls、.ods、.csv"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")
_TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
#: the largest file (or stream) an import reads
MAX_FILE_BYTES = 200 * (1 << 20)
#: an .xlsx sheet whose XML is larger is read as a stream (io.xlsx_stream: the import then
#: takes ~1.4× the CPU) instead of by calamine, which holds the sheet in memory (~1.5 bytes
#: per byte of XML): up to this size (~50,000 ledger rows) an import stays well within
#: 150 MB; at 100,000 rows (65 MB of XML) calamine's import peaked at 195 MB, the stream's at
#: 132 MB, and the stream keeps it there whatever the size
CALAMINE_MAX_BYTES = 32 * (1 << 20)
PASTED = "粘贴内容"
STDIN_NAME = "标准输入"
_SUFFIXES = {"xlsx": {".xlsx", ".xlsm", ".xlsb"}, "xls": {".xls"}, "ods": {".ods"}}


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]
    merges: list[Range] = field(default_factory=list)
    #: for sheets read as they are iterated (.xlsx, CSV, calamine's): the rows anew each call
    stream: Callable[[], Iterator[list[Cell]]] | None = None

    def iter_rows(self) -> Iterator[list[Cell]]:
        return iter(self.rows) if self.stream is None else self.stream()


@dataclass
class Book:
    path: Path  # for pasted text: its name, not a file
    kind: str  # "xlsx" (also xlsm/xlsb), "xls", "ods", "csv" or "text" (pasted, in memory)
    sheet_names: list[str]
    visible: list[str]
    text_rows: list[list[Cell]] | None = None  # the one sheet of pasted text
    streamed: bool = False  # an .xlsx/.xlsm whose large sheets xlsx_stream reads

    def sheet(self, name: str) -> Sheet:
        if name not in self.sheet_names:
            raise ValidationError(
                f"没有这个工作表：{name}（文件中有：{'、'.join(self.sheet_names)}）")
        if self.text_rows is not None:
            return Sheet(name, self.text_rows)
        if self.kind == "csv":
            path = self.path
            return Sheet(name, [], stream=lambda: stream_csv_rows(path))
        if self.kind == "xlsx" and self.streamed and _sheet_bytes(self.path, name) > (
                CALAMINE_MAX_BYTES):
            return _xlsx_sheet(self.path, name)
        return _read_workbook_sheet(self.path, self.kind, name)


def _refuse(message: str) -> ValidationError:
    return ValidationError(message)


def _password_protected(path: Path) -> ValidationError:
    return _refuse(f"文件设置了打开密码，无法读取：{path.name}。"
                   "请在 Excel/WPS 中取消密码并另存后再导入。")


def sniff(path: Path) -> str:
    """'xlsx', 'xls', 'ods' or 'csv'; ValidationError saying why the file cannot be read.
    Only a regular file (a link to one is fine) of at most MAX_FILE_BYTES is opened at all:
    ``/dev/zero`` behind a ``.csv`` name would fill the memory, a FIFO would hang."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise _refuse(f"文件不存在：{path}") from None
    except OSError as exc:
        raise _refuse(f"无法打开文件：{path}（{exc.strerror}）") from None
    if stat.S_ISDIR(info.st_mode):
        raise _refuse(f"这是一个文件夹，不是文件：{path}")
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(f"这不是普通文件（是设备、管道或套接字），不能导入：{path}")
    if info.st_size > sheet_limits.MAX_FILE_BYTES:
        raise _refuse(f"文件太大，不能导入：{path.name}（{info.st_size / 2**20:,.0f} MB，"
                      f"最多 {sheet_limits.MAX_FILE_BYTES // 2**20} MB）")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise _refuse(f"无法打开文件：{path}（{exc.strerror}）") from None
    if not head:
        raise _refuse(f"文件是空的：{path.name}")
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTED_OOXML in path.read_bytes():
            raise _password_protected(path)
        return "xls"  # an encrypted one is refused when it is read
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<html", b"<!doc", b"<?xml", b"<table", b"mime")):
        raise _refuse(f"文件 {path.name} 的内容是网页或 XML，不是真正的 Excel 表格。"
                      "请在 Excel/WPS 中打开后另存为 .xlsx 再导入。")
    if head.startswith(b"%PDF"):
        raise _refuse(f"文件 {path.name} 是 PDF，不是电子表格（支持：{SUPPORTED}）。")
    if suffix in _TEXT_SUFFIXES or not suffix:  # no name to go by (standard input): text
        return "csv"
    if suffix in {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}:
        raise _refuse(f"文件已损坏或不是 Excel/WPS 表格：{path.name}")
    raise _refuse(f"不支持的文件类型：{path.name}（支持：{SUPPORTED}）")


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and b"spreadsheet" in archive.read("mimetype"):
                manifest = archive.read("META-INF/manifest.xml") if (
                    "META-INF/manifest.xml" in names) else b""
                if b"encryption-data" in manifest:
                    raise _password_protected(path)
                return "ods"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
            if any(n.startswith("word/") for n in names):
                raise _refuse(f"文件 {path.name} 是 Word 文档，不是电子表格（支持：{SUPPORTED}）。")
    except zipfile.BadZipFile:
        raise _refuse(f"文件已损坏，无法读取：{path.name}") from None
    raise _refuse(f"文件 {path.name} 不是电子表格（支持：{SUPPORTED}）。")


def pasted_book(text: str, name: str = PASTED) -> Book:
    """Cells copied from Excel/WPS and pasted as text: rows end with a line break, cells are
    separated by tabs, a cell holding a tab, a quote or a line break is quoted ("…", with
    doubled quotes inside). One sheet called ``name``; row n is the n-th pasted row."""
    return Book(Path(name), "text", [name], [name], read_tab_rows(text))


def spool_stream(stream: BinaryIO, folder: Path, name: str) -> Path:
    """Copy ``stream`` (standard input) into ``folder``/``name``, refusing more than
    MAX_FILE_BYTES before they are all read."""
    limit = MAX_FILE_BYTES
    path = folder / name
    total = 0
    with open(path, "wb") as out:
        while chunk := stream.read(1 << 20):
            total += len(chunk)
            if total > limit:
                raise _refuse(f"{name}超过 {limit // (1 << 20)} MB，拒绝导入"
                              "（请分成几个文件，或联系管理员）。")
            out.write(chunk)
    return path


def open_book(path: str | Path) -> Book:
    """Open ``path`` and list its sheets; refuse anything that is not a readable table."""
    path = Path(path)
    kind = sniff(path)
    if kind == "csv":
        return Book(path, kind, [path.name], [path.name])
    # before calamine allocates a crafted size (a sheet the stream reads allocates no area)
    sheet_limits.check_sheets(path, kind, stream_above=CALAMINE_MAX_BYTES)
    if kind == "xlsx":
        entries = _xlsx_sheets(path)
        if entries:
            names = [e.name for e in entries]
            return Book(path, kind, names, [e.name for e in entries if e.visible] or names,
                        streamed=True)
    import python_calamine as calamine

    try:
        with _panics_as_errors(), _open_calamine(path, kind) as workbook:
            names = list(workbook.sheet_names)
            visible = [m.name for m in workbook.sheets_metadata
                       if m.visible == calamine.SheetVisibleEnum.Visible
                       and m.typ == calamine.SheetTypeEnum.WorkSheet]
    except calamine.PasswordError:
        raise _password_protected(path) from None
    except (calamine.CalamineError, OSError, ValueError, _Panic) as exc:
        raise _broken(path, exc) from None
    if not names:
        raise _refuse(f"文件中没有工作表：{path.name}")
    return Book(path, kind, names, visible or names)


def _open_calamine(path: Path, kind: str):
    """calamine picks its parser by the file name; a misnamed file is read by content."""
    import python_calamine as calamine

    if path.suffix.lower() in _SUFFIXES[kind]:
        return calamine.CalamineWorkbook.from_path(path)
    with path.open("rb") as fh:
        return calamine.CalamineWorkbook.from_filelike(fh)


class _Panic(Exception):
    """A Rust panic inside calamine (pyo3's ``PanicException``, a BaseException)."""


@contextlib.contextmanager
def _panics_as_errors():
    try:
        yield
    except BaseException as exc:
        if type(exc).__name__ == "PanicException":
            raise _Panic(str(exc) or "panic") from None
        raise


def _broken(path: Path, exc: BaseException) -> ValidationError:
    return _refuse(f"文件已损坏或不是 Excel/WPS 表格：{path.name}（{_short(exc)}）")


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "…"


def _xlsx_sheets(path: Path) -> list[xlsx_stream.SheetEntry]:
    """The worksheets of an .xlsx/.xlsm, or [] when it is not one this reader knows (an
    .xlsb, a damaged file: calamine then reads it, or says what is wrong)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return xlsx_stream.sheets(archive)
    except xlsx_stream.ERRORS:
        return []


def _sheet_bytes(path: Path, name: str) -> int:
    """The size of the sheet's XML, unpacked (0 when it cannot be told)."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = next(e.part for e in xlsx_stream.sheets(archive) if e.name == name)
            return archive.getinfo(part).file_size
    except xlsx_stream.ERRORS:
        return 0


def _xlsx_sheet(path: Path, name: str) -> Sheet:
    """A sheet of an .xlsx/.xlsm read as a stream: the merged ranges now, the rows at each
    iteration."""
    try:
        archive, sheet = xlsx_stream.open_sheet(path, name, strings=False)
        with archive:
            merges = sheet.merges()
    except xlsx_stream.ERRORS as exc:
        raise _refuse(f"工作表“{name}”无法读取（{_short(exc)}）") from None

    def rows() -> Iterator[list[Cell]]:
        try:
            archive, sheet = xlsx_stream.open_sheet(path, name)
        except xlsx_stream.ERRORS as exc:
            raise _refuse(f"工作表“{name}”无法读取（{_short(exc)}）") from None
        with archive:
            try:
                yield from sheet.rows()
            except xlsx_stream.ERRORS as exc:
                raise _refuse(f"工作表“{name}”无法读取（{_short(exc)}）") from None

    return Sheet(name, [], merges, stream=rows)


def _read_workbook_sheet(path: Path, kind: str, name: str) -> Sheet:
    import python_calamine as calamine

    try:
        with _panics_as_errors(), _open_calamine(path, kind) as workbook:
            sheet = workbook.get_sheet_by_name(name)
            sheet_limits.check_loaded(name, sheet.end, path.name)
            merges = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
    except calamine.PasswordError:
        raise _password_protected(path) from None
    except (calamine.CalamineError, OSError, ValueError, _Panic) as exc:
        raise _refuse(f"工作表“{name}”无法读取（{_short(exc)}）") from None
    if kind == "ods":
        try:
            merges = ods_merged_ranges(path, name)
        except Exception as exc:  # noqa: BLE001 - a broken content.xml was read above already
            raise _refuse(f"工作表“{name}”的合并单元格无法读取（{_short(exc)}）") from None
    top, left = sheet.start or (0, 0)

    def rows() -> Iterator[list[Cell]]:
        """From A1, as the sheet numbers its rows (calamine starts at the first value)."""
        yield from ([] for _ in range(top))
        pad = [""] * left
        try:
            with _panics_as_errors():
                for row in sheet.iter_rows():
                    yield pad + row if left else row
        except (calamine.CalamineError, ValueError, _Panic) as exc:
            raise _refuse(f"工作表“{name}”无法读取（{_short(exc)}）") from None

    return Sheet(name, [], merges, stream=rows)
