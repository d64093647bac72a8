"""Reading a CSV (or tab-separated text) file as saved by Excel, WPS or a script.

Encodings: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), and
GB18030 (a superset of GBK/GB2312, what Chinese Excel writes as "CSV").
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from huitoukan_tui.services.errors import ValidationError

_DELIMITERS = (",", "\t", ";")


_ENCODING_PROBLEM = ("无法识别 CSV 文件的编码（支持 UTF-8、UTF-8 BOM、GB18030/GBK）。"
                     "请在 Excel/WPS 中另存为“CSV UTF-8”或 .xlsx 后再导入。")


def file_encoding(path: Path) -> str:
    """The encoding of the CSV file at ``path``; ValidationError when no supported one fits.
    UTF-8 is checked over the whole file (a stream, not held in memory)."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
        if head.startswith(b"\xef\xbb\xbf"):
            return "utf-8-sig"
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        if b"\x00" in head:
            raise ValidationError("文件不是文本表格（含有二进制内容），不能按 CSV 读取。")
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("gb18030")()
        try:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "gb18030"
        except UnicodeDecodeError:
            raise ValidationError(_ENCODING_PROBLEM) from None


def _delimiter(text: str) -> str:
    sample = [line for line in text[:65536].splitlines()[:30] if line.strip()]
    counts = {d: sum(line.count(d) for line in sample) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_tab_rows(text: str) -> list[list[str]]:
    """Rows of tab-separated text as Excel/WPS copy it: line breaks of any kind (terminals
    turn them into CR, or CR CR for Windows' CR LF), quoted cells may hold line breaks (kept
    as ``\n``). Blank lines are dropped, so row n is the n-th row that was copied."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    try:
        return [row for row in reader if row]
    except csv.Error as exc:
        raise ValidationError(f"粘贴的内容格式错误（第 {reader.line_num} 行）：{exc}") from None


def stream_csv_rows(path: Path) -> Iterator[list[str]]:
    """The rows of the CSV file at ``path``, read as they are iterated; row i is record
    i+1, as a spreadsheet shows the file."""
    encoding = file_encoding(path)
    with open(path, encoding=encoding, newline="") as fh:
        delimiter = _delimiter(fh.read(65536))
        fh.seek(0)
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            yield from reader
        except csv.Error as exc:
            raise ValidationError(f"CSV 文件格式错误（第 {reader.line_num} 行）：{exc}") from None
        except UnicodeDecodeError:
            raise ValidationError(_ENCODING_PROBLEM) from None
