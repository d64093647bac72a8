"""Reading a CSV (or tab-separated text) file as saved by Excel, WPS or a script.

Encodings: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), and
GB18030 (a superset of GBK/GB2312, what Chinese Excel writes as "CSV").
"""

from __future__ import annotations

import csv
import io

from huitoukan_tui.services.errors import ValidationError

_DELIMITERS = (",", "\t", ";")


def decode(data: bytes) -> str:
    """The text of ``data``; ValidationError when no supported encoding fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        if b"\x00" in data[:4096]:
            raise ValidationError("文件不是文本表格（含有二进制内容），不能按 CSV 读取。")
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("无法识别 CSV 文件的编码（支持 UTF-8、UTF-8 BOM、GB18030/GBK）。"
                          "请在 Excel/WPS 中另存为“CSV UTF-8”或 .xlsx 后再导入。")


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


def read_csv_rows(data: bytes) -> list[list[str]]:
    """Rows of cells; row i of the list is record i+1, as a spreadsheet shows the file."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return [row for row in reader]
    except csv.Error as exc:
        raise ValidationError(f"CSV 文件格式错误（第 {reader.line_num} 行）：{exc}") from None
