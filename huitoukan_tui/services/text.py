"""Cleaning and checking of user text, dates and masked display."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

from huitoukan_tui.services.errors import Collector

#: terminal escape sequences (CSI, OSC, DCS/PM/APC strings, two-character escapes, C1 CSI)
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
                      r"|\x1b[P^_X][^\x1b]*(?:\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]")
#: invisible characters that reorder or hide text: bidi marks, embeddings, overrides and
#: isolates (U+202E shows "txt.exe" as "exe.txt"), zero-width characters, BOM
_INVISIBLE = "\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]")
_CONTROL_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}]")


def strip_unsafe(text: str, *, multiline: bool = False) -> str:
    """``text`` without escape sequences, control characters (line breaks and tabs kept
    when ``multiline``) and invisible reordering characters."""
    return (_CONTROL if multiline else _CONTROL_ONE_LINE).sub("", _ESCAPES.sub("", text))


def clean(value: object, *, multiline: bool = False) -> str:
    """Text exactly as given except escape sequences, control and invisible characters (and
    surrounding blanks, also ``　``): what every service keeps of user text."""
    if value is None:
        return ""
    if type(value) is str and value.isprintable():  # no control character: nothing to drop
        return value.strip(" ")
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return strip_unsafe(text, multiline=multiline).strip(" \t\n\u3000")


def printable(value: object, *, multiline: bool = False) -> str:
    """Text safe to write to a terminal: nothing a terminal would act on, tabs as blanks,
    one line unless ``multiline``. Everything printed that came from users passes here."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = strip_unsafe(text, multiline=True)
    return text if multiline else " ".join(text.split("\n"))


@dataclass(frozen=True)
class FieldSpec:
    """A field of a record, defined once next to its rules: what forms, lists, exports and
    the history call it, and what its text may be."""

    name: str
    label: str
    required: bool = False
    max_len: int = 0  # text fields: the longest text allowed (0: not a text field)
    multiline: bool = False


def labels(specs: Iterable[FieldSpec]) -> dict[str, str]:
    """name → label."""
    return {f.name: f.label for f in specs}


def check_field(errors: Collector, spec: FieldSpec, value: object) -> str:
    """``check_text`` by the spec's rules."""
    return check_text(errors, spec.label, value, required=spec.required, max_len=spec.max_len,
                      multiline=spec.multiline)


def check_text(errors: Collector, label: str, value: object, *, required: bool = False,
               max_len: int = 200, multiline: bool = False, index: int | None = None,
               part: str = "") -> str:
    """The cleaned text; a problem of field ``label`` (its entry ``index``, its ``part``)
    when it is required and empty, or too long."""
    text = clean(value, multiline=multiline)
    if required and not text:
        errors.add(label, "不能为空", index, part)
    elif len(text) > max_len:
        errors.add(label, f"过长（{len(text)} 字，最多 {max_len} 字）", index, part)
    return text


_DATE_FORMS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


#: the dates the program works with: a petition's life, a campaign's weeks, a deadline. Beyond
#: them a date is a typing error (and week arithmetic, xlsx timestamps and the engines fail)
EARLIEST_DAY = dt.date(1980, 1, 1)
LATEST_DAY = dt.date(2099, 12, 31)


class DateOutOfRange(ValueError):
    """A real date, but outside EARLIEST_DAY … LATEST_DAY."""


def date_problem(value: object, exc: ValueError) -> str:
    """Why ``value`` is not a date the program takes (for ``label：…`` refusals)."""
    if isinstance(exc, DateOutOfRange):
        return (f"超出范围：{clean(value)}（应在 {EARLIEST_DAY.year} 年至 "
                f"{LATEST_DAY.year} 年之间）")
    return f"不是有效日期：{clean(value)}（应为 2024-03-21 这样的日期）"


def parse_date(value: object) -> dt.date:
    """Parse a date given as a date, ISO text or the forms offices write; ValueError if not,
    or if it lies outside EARLIEST_DAY … LATEST_DAY."""
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        day = _parse_date_text(value)
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise DateOutOfRange(str(day))
    return day


def _parse_date_text(value: object) -> dt.date:
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"[T ]?\d{1,2}:\d{2}(:\d{2})?$", "", text)
    for form in _DATE_FORMS:
        m = form.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            return dt.date(y, mo, d)  # raises ValueError for 2021-13-40
    raise ValueError(text)


def check_date(errors: Collector, label: str, value: object, *, required: bool = True,
               earliest: dt.date | None = None, latest: dt.date | None = None,
               earliest_reason: str = "", latest_reason: str = "") -> dt.date | None:
    if value in (None, ""):
        if required:
            errors.add(label, "不能为空")
        return None
    try:
        day = parse_date(value)
    except ValueError as exc:
        errors.add(label, date_problem(value, exc))
        return None
    if earliest and day < earliest:
        errors.add(label, earliest_reason or f"不能早于 {earliest.isoformat()}")
        return None
    if latest and day > latest:
        errors.add(label, latest_reason or f"不能晚于 {latest.isoformat()}")
        return None
    return day


def mask_phone(phone: str) -> str:
    """``13812341234`` → ``138****1234``; short numbers keep only their last two digits."""
    digits = phone.strip()
    if not digits:
        return ""
    if len(digits) >= 7:
        return digits[:3] + "****" + digits[-4:]
    return "*" * max(len(digits) - 2, 1) + digits[-2:]


def not_a_choice(value: object, choices: Iterable[str]) -> str:
    """The refusal of a value that is none of ``choices``: ``无效：x（可选：a、b）``."""
    return f"无效：{value}（可选：{'、'.join(choices)}）"


def cn_date(day: dt.date | None) -> str:
    """``2024年3月21日``, as the forms write dates."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


#: text starting with one of these would be a formula (or a DDE trick) in a spreadsheet
RISKY_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would run ``text`` as a formula (exports keep it as text)."""
    return text.startswith(RISKY_START)


def fit(text: str, width: int, ellipsis: str = "…") -> str:
    """Cut (with …) or pad ``text`` to exactly ``width`` terminal cells (CJK-aware)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(set_cell_size(text, width - 1).rstrip() + ellipsis, width)


def fit_middle(text: str, width: int, head: int = 0, ellipsis: str = "…") -> str:
    """Pad ``text`` to ``width`` cells, or cut its middle: its first ``head`` characters,
    ``…``, and as much of its end as fits (file names that differ only at the end: the
    unit and the type stay readable)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    start = text[:head] if cell_len(text[:head]) + 1 < width else ""
    room = width - cell_len(start) - cell_len(ellipsis)
    tail, used = [], 0
    for char in reversed(text[len(start):]):
        if used + cell_len(char) > room:
            break
        tail.append(char)
        used += cell_len(char)
    return set_cell_size(start + ellipsis + "".join(reversed(tail)), width)
