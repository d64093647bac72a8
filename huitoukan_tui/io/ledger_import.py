"""Importing the ledger (台账) from Excel, WPS, LibreOffice or CSV files: all or nothing.

Every row is checked by the same rules as the case form (``services.cases.validate_case``);
any problem refuses the whole file, and the refusal lists every problem as
``sheet!row：field：reason``. Rows without a case number get a stable generated one
(``IMP-`` and a hash of the row's date, channel, unit, target and problem), so importing the
same file again finds the same cases: it is idempotent.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from huitoukan_tui.enums import Channel
from huitoukan_tui.io import import_spool
from huitoukan_tui.io.import_spool import Spool
from huitoukan_tui.io.ledger_layout import SheetLedger, cell_as_text, locate_table
from huitoukan_tui.io.sheet_reader import Book, open_book, pasted_book
from huitoukan_tui.io.unit_map import UnitMapEntry, read_unit_map, unit_key
from huitoukan_tui.io.xlsx_formulas import uncached_formulas
from huitoukan_tui.services import access, casewrite, organisation, scratch
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services.cases import channel_problem, parse_channel, validate_case
from huitoukan_tui.services.casewrite import CaseEdit
from huitoukan_tui.services.errors import Collector, Problem, ValidationError
from huitoukan_tui.services.fields import FIELD_LABELS, TEXT_FIELDS
from huitoukan_tui.services.text import clean

if TYPE_CHECKING:
    from huitoukan_tui.models import User

GENERATED_PREFIX = "IMP-"
EXCEL_EPOCH = dt.date(1899, 12, 30)

#: the fields whose values make a generated case number (the ones a case is known by)
_IDENTITY = ("received_on", "channel", "unit", "target", "content")
#: the cases a report lists one by one (its counts cover all)
ITEMS_KEPT = 1000
#: the problems a refusal lists; more are counted in one last line
PROBLEMS_KEPT = 10_000


@dataclass(frozen=True)
class ImportItem:
    """One case of the file and what the import does (or would do) with it."""

    sheet: str
    row: int
    case_no: str
    action: str  # "add" | "update" | "unchanged" | "skip"
    channel: str  # Chinese label
    received_on: dt.date
    unit: str
    target: str
    changed: tuple[str, ...] = ()  # Chinese labels of the fields that differ


@dataclass(frozen=True)
class SheetSummary:
    """Where the ledger was found on one sheet."""

    name: str
    header_row: int  # 1-based; the last header row of a two-row header
    cases: int
    headers: dict[str, str]  # field → header as written in the file
    ignored_columns: list[str]
    default_unit: str  # 填报单位 used for every row (the sheet has no unit column)
    skipped_empty: int
    skipped_notes: int


@dataclass
class ImportReport:
    path: str
    dry_run: bool
    on_existing: str
    sheets: list[SheetSummary] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # existing cases that differ, left as they are (on_existing="skip")
    generated: int = 0  # case numbers made up for rows without one
    per_channel: list[tuple[str, int]] = field(default_factory=list)
    per_unit: list[tuple[str, int]] = field(default_factory=list)
    new_units: list[str] = field(default_factory=list)
    total: int = 0  # cases of the file
    items: list[ImportItem] = field(default_factory=list)  # the first ITEMS_KEPT of them
    campaign: str = ""  # the campaign whose ledger the file's cases join

    @property
    def sheet(self) -> str:
        return "、".join(s.name for s in self.sheets)

    @property
    def header_row(self) -> int:
        return self.sheets[0].header_row if self.sheets else 0

    @property
    def skipped_empty(self) -> int:
        return sum(s.skipped_empty for s in self.sheets)

    @property
    def skipped_notes(self) -> int:
        return sum(s.skipped_notes for s in self.sheets)

    @property
    def ignored_columns(self) -> list[str]:
        return list(dict.fromkeys(c for s in self.sheets for c in s.ignored_columns))

    def lines(self) -> list[str]:
        """The summary a person reads (CLI output, TUI confirmation)."""
        head = "试运行（没有写入数据库）" if self.dry_run else "导入完成"
        verb = "将" if self.dry_run else ""
        if len(self.sheets) == 1:
            where = f"工作表“{self.sheets[0].name}”，表头在第 {self.header_row} 行"
        else:
            where = "工作表" + "、".join(f"“{s.name}”（表头第 {s.header_row} 行，{s.cases} 件）"
                                      for s in self.sheets)
        into = f"，{verb}列入“{self.campaign}”台账" if self.campaign else ""
        out = [f"{head}：{Path(self.path).name}，{where}，共 {self.total} 件信访件{into}。",
               f"{verb}新增 {self.added} 件，{verb}更新 {self.updated} 件，"
               f"未变 {self.unchanged} 件" + (
                   f"，已存在但内容不同、保持原样 {self.skipped} 件（要更新请用 "
                   "--on-existing update）" if self.skipped else "") + "。"]
        if self.per_channel:
            out.append("按来源：" + "，".join(f"{k} {n} 件" for k, n in self.per_channel))
        if self.per_unit:
            out.append("按核查单位：" + "，".join(f"{k} {n} 件" for k, n in self.per_unit))
        if self.new_units:
            out.append(f"{verb}新建单位：" + "、".join(self.new_units))
        for s in self.sheets:
            if s.default_unit:
                out.append(f"工作表“{s.name}”没有单位列，按“填报单位：{s.default_unit}”导入。")
        if self.generated:
            out.append(f"{self.generated} 件没有编号，已生成固定编号（{GENERATED_PREFIX}…，"
                       "重复导入同一文件时不变）。")
        if self.skipped_empty or self.skipped_notes:
            out.append(f"跳过空行 {self.skipped_empty} 行、表下说明/合计行 "
                       f"{self.skipped_notes} 行。")
        if self.ignored_columns:
            out.append("未导入的列：" + "、".join(self.ignored_columns))
        return out


# ---------------------------------------------------------------- reading cells

def date_value(value: object) -> object:
    """A date cell as a date; Excel serial numbers (also as text) as their day;
    ``20210506`` typed as a number as text for the text forms. Anything else unchanged."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if math.isfinite(value):
            whole = math.floor(value)
            if 19000101 <= whole <= 29991231 and value == whole:
                return str(whole)
            if 1 <= whole <= 2958465:
                return EXCEL_EPOCH + dt.timedelta(days=whole)
        return cell_as_text(value)
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not clean(text):
        return None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return EXCEL_EPOCH + dt.timedelta(days=math.floor(float(text)))
    return value


def generated_case_no(values: dict) -> str:
    parts = []
    for name in _IDENTITY:
        value = values.get(name, "")
        parts.append(value.isoformat() if isinstance(value, dt.date) else str(value))
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return GENERATED_PREFIX + digest[:12].upper()


# ---------------------------------------------------------------- planning

class _Units:
    """Resolves unit names of the file: exact or normalised name, unit map, or new."""

    def __init__(self, entries: list[UnitMapEntry], create: bool,
                 street_id: int | None = None) -> None:
        # the importing station's street: its units only (another street's: unknown)
        self.names = [u.name for u in organisation.units(street_id, include_disabled=True)]
        self.by_key = {unit_key(name): name for name in self.names}
        # names of other streets' units: unit names are unique in the district, so such a
        # unit is neither this street's nor one it may create
        self.elsewhere = ({unit_key(u.name) for u in organisation.units(include_disabled=True)}
                          - set(self.by_key)) if street_id is not None else set()
        self.create = create
        self.to_create: dict[str, str] = {}  # key → name
        self.unknown: dict[str, list[str]] = {}  # name as written → sheets it is on
        self.foreign: dict[str, list[str]] = {}  # another street's unit → sheets it is on
        self.problems: list[Problem] = []
        self.map: dict[str, str] = {}
        self._resolved: dict[str, str | None] = {}
        for entry in entries:
            known = unit_key(entry.target) in self.by_key
            if entry.header_like and not known:
                continue
            if not known and not create:
                self.problems.append(Problem(
                    "单位对照", f"没有这个单位：{entry.target}（已有：{self.known()}）",
                    where=entry.where))
                continue
            self.map[unit_key(entry.source)] = entry.target

    def known(self) -> str:
        return "、".join(self.names) or "无"

    def resolve(self, written: str, sheet: str) -> str | None:
        """The unit's name for ``written``; None (and remembered) when it is unknown."""
        if written in self._resolved:
            return self._resolved[written]
        name = self.map.get(unit_key(written), written)
        key = unit_key(name)
        found: str | None = self.by_key.get(key)
        if found is None and self.create and key not in self.elsewhere:
            found = self.to_create.setdefault(key, clean(name))
        elif found is None:
            sheets = (self.foreign if key in self.elsewhere else self.unknown).setdefault(
                written, [])
            if sheet not in sheets:
                sheets.append(sheet)
            return None  # not cached: every row of an unknown unit is reported
        self._resolved[written] = found
        return found


@functools.lru_cache(maxsize=4096)
def _parse_channel_text(text: str) -> str | None:
    try:
        return parse_channel(text).value
    except ValueError:
        return None


def _channel_code(written: str, errors: Collector) -> str | None:
    """The channel code of a 来源 cell (the case form's parse_channel, memoised: a ledger
    repeats a handful of spellings)."""
    text = clean(written)
    if not text:
        errors.add(FIELD_LABELS["channel"], "不能为空")
        return None
    code = _parse_channel_text(text)
    if code is None:
        errors.add(FIELD_LABELS["channel"], channel_problem(text))
    return code


def _row_values(table: SheetLedger, raw: dict, units: _Units, where: str,
                problems: list[Problem], today: dt.date) -> dict:
    """Clean values of one row; its problems (if any) are added to ``problems``."""
    present = table.headers.keys()
    data: dict = {}
    for name in TEXT_FIELDS:
        if name in present and name != "case_no":
            data[name] = cell_as_text(raw.get(name))
    errors = Collector()
    channel = _channel_code(cell_as_text(raw.get("channel")), errors)
    data["received_on"] = date_value(raw.get("received_on"))
    values = validate_case(data, errors=errors, today=today)
    if channel:
        values["channel"] = channel
    written = clean(cell_as_text(raw.get("unit"))) if "unit" in present else table.default_unit
    if not written:
        errors.add(FIELD_LABELS["unit"], "不能为空")
    else:
        unit = units.resolve(written, table.sheet)
        if unit is None and written in units.foreign:
            errors.add(FIELD_LABELS["unit"], f"{written} 是其他街道的单位")
        elif unit is None:
            errors.add(FIELD_LABELS["unit"], f"没有这个单位：{written}")
        else:
            values["unit"] = unit
    if "case_no" in present:
        number = clean(cell_as_text(raw.get("case_no")))
        limit = TEXT_FIELDS["case_no"].max_len
        if len(number) > limit:
            errors.add(FIELD_LABELS["case_no"], f"过长（{len(number)} 字，最多 {limit} 字）")
        elif number:
            values["case_no"] = number
    problems.extend(Problem(p.field, p.message, p.index, where) for p in errors.problems)
    return values


class _Problems:
    """The problems found, up to PROBLEMS_KEPT; the rest only counted."""

    def __init__(self, first: list[Problem]) -> None:
        self.kept = list(first)
        self.dropped = 0

    def add(self, problems: list[Problem]) -> None:
        room = PROBLEMS_KEPT - len(self.kept)
        self.kept.extend(problems[:max(room, 0)])
        self.dropped += max(len(problems) - max(room, 0), 0)

    def __bool__(self) -> bool:
        return bool(self.kept)

    def listed(self) -> list[Problem]:
        if not self.dropped:
            return self.kept
        return [*self.kept, Problem("", f"另有 {self.dropped} 个问题未列出"
                                        f"（共 {len(self.kept) + self.dropped} 个）")]


def _check_rows(tables: list[SheetLedger], units: _Units, today: dt.date, spool: Spool,
                street: int | None) -> _Problems:
    """The first pass: read and check every row, a chunk at a time, and put each case row
    into the spool (checked or refused, with its number); every problem of every row, in
    file order: a row's own problems and its number's repetition are reported together."""
    problems = _Problems(units.problems)
    for table in tables:
        for chunk in _batched(table.rows, import_spool.CHUNK):
            _check_chunk(table, chunk, units, today, spool, problems, street)
    if units.unknown:
        names = "、".join(units.unknown)
        sheets = "、".join(dict.fromkeys(s for found in units.unknown.values() for s in found))
        problems.kept.append(Problem("核查单位", (
            f"文件中有系统里没有的单位：{names}（已有：{units.known()}）。"
            "请用单位对照表（--unit-map 文件）对应到已有单位，或选择新建这些单位"
            "（--create-units）"), where=sheets))  # always listed, whatever came before
    if units.foreign:
        sheets = "、".join(dict.fromkeys(s for found in units.foreign.values() for s in found))
        problems.kept.append(Problem("核查单位", (
            f"文件中有其他街道的单位：{'、'.join(units.foreign)}。本街道只能导入自己单位的"
            "信访件，也不能新建同名的单位（单位名称在全区唯一）：请把这些行交给所属街道导入"),
            where=sheets))
    return problems


def _batched(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def _check_chunk(table: SheetLedger, chunk: list, units: _Units, today: dt.date,
                 spool: Spool, problems: _Problems, street: int | None) -> None:
    checked = []  # (row, values, its problems, whether its number is made up)
    for ledger_row in chunk:
        where = f"{table.sheet}!{ledger_row.row}"
        own: list[Problem] = []
        values = _row_values(table, ledger_row.values, units, where, own, today)
        generated = "case_no" not in values
        if generated and not own:
            values["case_no"] = generated_case_no(values)
        checked.append((ledger_row.row, values, own, generated))
    spool.add_case_rows([(table.sheet, row) for row, *_ in checked])
    numbers = [v["case_no"] for _, v, _, _ in checked if "case_no" in v]
    earlier = spool.first_rows(list(dict.fromkeys(numbers)))
    # a station links and updates only its own street's cases
    taken = set() if street is None else organisation.numbers_outside_street(
        [v["case_no"] for _, v, _, generated in checked if not generated and "case_no" in v],
        street)
    first_seen: dict[str, tuple[str, int]] = {}
    spooled, seen = [], []
    for row, values, own, generated in checked:
        where = f"{table.sheet}!{row}"
        if generated and own:  # a made-up number of a refused row would name nothing
            problems.add(own)
            continue
        number = values["case_no"]
        first = earlier.get(number) or first_seen.get(number)
        if first is not None:
            sheet, first_row = first
            other = f"第 {first_row} 行" if sheet == table.sheet else f" {sheet}!{first_row} "
            if generated:
                own.append(Problem("编号", (
                    f"与{other}都没有编号，且受理日期、来源、核查单位、被反映对象、"
                    "反映问题完全相同（重复录入？请删除一行或填写编号）"), where=where))
            else:
                own.append(Problem("编号", f"与{other}重复：{number}", where=where))
            problems.add(own)
            continue
        if number in taken and not generated:
            own.append(Problem(FIELD_LABELS["case_no"], f"已被其他街道的信访件使用：{number}",
                               where=where))
        first_seen[number] = (table.sheet, row)
        seen.append((number, table.sheet, row))
        spooled.append((not own, table.sheet, row, generated, values))
        problems.add(own)
    spool.add_numbers(seen)
    spool.add(spooled)


# ---------------------------------------------------------------- the service

def _choose_tables(book: Book, sheet: str | None) -> list[SheetLedger]:
    """The named sheet, or every visible sheet holding a ledger (one sheet a year is common);
    sheets without a ledger header (instructions, summaries) are passed over."""
    if sheet:
        tables = [locate_table(book.sheet(sheet))]
    else:
        tables, refusals = [], []
        for name in book.visible:
            try:
                tables.append(locate_table(book.sheet(name)))
            except ValidationError as exc:
                if not exc.problems:
                    raise  # a sheet that cannot be read refuses the file
                refusals.extend(exc.problems)
        if not tables:
            raise ValidationError(problems=refusals)
    return tables


def _require_cases(tables: list[SheetLedger], spool: Spool) -> None:
    """After the first pass: a file whose tables hold no case row at all is refused."""
    if not spool.case_row_count():
        raise ValidationError(problems=[
            Problem("", f"表头（第 {t.header_row} 行）下面没有信访件", where=t.sheet)
            for t in tables])


class _Tally:
    """The report's counts, made as the second pass plans each chunk."""

    def __init__(self, report: ImportReport, units: _Units) -> None:
        self.report, self.units = report, units
        self.actions: Counter = Counter()
        self.channels: Counter = Counter()
        self.unit_counts: Counter = Counter()
        self.rows: list[tuple[str, int, bool]] = []  # (sheet, row, generated) of the chunk

    def edits(self, spool: Spool):
        """The spooled cases as edits, a chunk at a time."""
        for chunk in spool.chunks():
            self.rows = [(sheet, row, generated) for sheet, row, generated, _ in chunk]
            yield [CaseEdit(values, where=f"{sheet}!{row}") for sheet, row, _, values in chunk]

    def add(self, edits: list[CaseEdit]) -> None:
        report = self.report
        for (sheet, row, generated), edit in zip(self.rows, edits, strict=True):
            values = edit.values
            self.actions[edit.action] += 1
            self.channels[values["channel"]] += 1
            self.unit_counts[values["unit"]] += 1
            report.generated += generated
            if len(report.items) < ITEMS_KEPT:
                report.items.append(ImportItem(
                    sheet, row, values["case_no"], edit.action, Channel(values["channel"]).label,
                    values["received_on"], values["unit"], values.get("target", ""),
                    tuple(FIELD_LABELS.get(f, f) for f in edit.changes)))

    def finish(self, tables: list[SheetLedger], per_sheet: Counter) -> None:
        report, units = self.report, self.units
        report.sheets = [
            SheetSummary(t.sheet, t.header_row, per_sheet[t.sheet], dict(t.headers),
                         list(t.ignored), t.default_unit, t.skipped_empty, t.skipped_notes)
            for t in tables]
        report.total = sum(self.actions.values())
        report.added, report.updated = self.actions["add"], self.actions["update"]
        report.unchanged, report.skipped = self.actions["unchanged"], self.actions["skip"]
        report.per_channel = [(m.label, self.channels[m.value]) for m in Channel
                              if self.channels[m.value]]
        order = {name: i for i, name in enumerate([*units.names, *units.to_create.values()])}
        report.per_unit = sorted(self.unit_counts.items(), key=lambda kv: order[kv[0]])
        report.new_units = [n for n in units.to_create.values() if n in self.unit_counts]


def import_pasted(actor: User, text: str, **options) -> ImportReport:
    """Import rows copied from Excel/WPS and pasted as text (tab-separated, the header row
    first), by every rule of ``import_ledger``; problems are located as ``粘贴内容!row``."""
    return import_ledger(actor, pasted_book(text), **options)


def import_ledger(actor: User, source: str | Path | Book, *, sheet: str | None = None,
                  unit_map: str | Path | None = None, create_units: bool = False,
                  on_existing: str = "skip", dry_run: bool = False,
                  today: dt.date | None = None,
                  campaign: campaigns.CampaignRef = None) -> ImportReport:
    """Import the ledger in ``source`` (a path to an xlsx/xlsm/xls/ods/csv file, or a Book
    already open, e.g. pasted text), all or nothing.

    ``sheet``: the sheet to read (default: every visible sheet with a ledger header).
    ``unit_map``: a two-column file, name in the ledger → unit name; ``create_units``:
    create the units the database does not have. ``on_existing``: what to do with a case
    number that is already in the database — ``skip`` it (default), ``update`` the cells
    that differ (audited per field), or refuse the file (``error``). ``dry_run`` checks
    everything and returns what would happen. Raises ServiceError listing every problem
    of every row (``sheet!row``, ``field：reason``); nothing is written then. The rows are
    written by the case-write core (services.casewrite), locked and version-checked. Every
    case of the file joins the ledger of ``campaign`` (default: the station's current one);
    a case number already in the database is linked, keeping its history; one that another
    street's case has refuses the file.

    Two passes, so that a file of any size is read in bounded memory and still written all
    or nothing: the first reads and checks every row into a spool on disk (io.import_spool),
    the second writes the spooled cases a chunk at a time inside one transaction.
    """
    access.require_station(actor)
    ledger = campaigns.resolve(campaign, actor)
    campaigns.require_open(ledger)
    today = today or campaigns.today_in(ledger)
    casewrite.check_on_existing(on_existing)  # before the file is read
    entries = read_unit_map(unit_map) if unit_map else []
    book = source if isinstance(source, Book) else open_book(source)
    tables = _choose_tables(book, sheet)
    street = access.street_of(actor)
    units = _Units(entries, create_units, street)
    with scratch.private_folder("import") as folder:
        spool = Spool(folder)
        try:
            problems = _check_rows(tables, units, today, spool, street)
            _require_cases(tables, spool)
            if problems:
                _refuse(book, tables, spool, problems, on_existing)
            report = ImportReport(path=str(book.path), dry_run=dry_run, on_existing=on_existing,
                                  campaign=ledger.name)
            tally = _Tally(report, units)
            origin = {"文件": book.path.name, "工作表": [t.sheet for t in tables]}
            new_units = {name: organisation.guess_unit_kind(name)
                         for name in units.to_create.values()}
            casewrite.write_chunks(
                actor, tally.edits(spool), on_existing=on_existing, dry_run=dry_run,
                new_units=new_units, source=origin, ledger=ledger,
                street=organisation.default_street(actor) if new_units else None,
                planned=tally.add)
            tally.finish(tables, spool.per_sheet())
        finally:
            spool.close()
    return report


def _refuse(book: Book, tables: list[SheetLedger], spool: Spool, problems: _Problems,
            on_existing: str) -> None:
    """Raise the refusal of a file with problems, every one listed."""
    if book.kind == "xlsx":
        problems.kept = _name_formulas(book, tables, problems.kept, spool)
    if on_existing == "error":  # known numbers are refused in the same pass
        for valid in (False, True):
            for chunk in spool.chunks(valid=valid):
                problems.add(casewrite.plan([
                    CaseEdit(values, where=f"{sheet}!{row}")
                    for sheet, row, generated, values in chunk if not generated],
                    on_existing="error", lock=False))
    raise ValidationError(problems=_in_file_order(problems.listed(), tables))


def _name_formulas(book: Book, tables: list[SheetLedger], problems: list[Problem],
                   spool: Spool) -> list[Problem]:
    """A refused .xlsx: formula cells of case rows without a saved result are named as what
    they are (instead of 不能为空, or of an empty value taken silently)."""
    out = list(problems)
    for table in tables:
        formulas = uncached_formulas(book.path, table.sheet)
        if not formulas:
            continue
        field_at = {col: name for name, col in table.columns.items()}
        case_rows = spool.case_rows(table.sheet)
        for (row, col), text in sorted(formulas.items()):
            name = field_at.get(col)
            if name is None or row not in case_rows:
                continue
            where, label = f"{table.sheet}!{row}", FIELD_LABELS[name]
            out = [p for p in out if not (p.where == where and p.field == label
                                          and p.message == "不能为空")]
            shown = f"“={text}”" if text else ""
            out.append(Problem(label, (
                f"单元格 {_cell_name(row, col)} 是公式{shown}，文件里没有保存它的计算结果"
                "（常见于程序生成的表格）：请在 Excel/WPS 中打开并保存一次，或填入数值后再导入"),
                where=where))
    return out


def _cell_name(row: int, col: int) -> str:
    """(5, 1) → ``B5``."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _in_file_order(problems: list[Problem], tables: list[SheetLedger]) -> list[Problem]:
    """Problems of rows by sheet and row (a row's own problems first, as found); those of no
    row (the unit map's before the rows, the unknown units after) keep their place."""
    sheets = {t.sheet: i for i, t in enumerate(tables)}

    def row_of(problem: Problem) -> tuple[int, int] | None:
        sheet, _, row = problem.where.rpartition("!")
        return (sheets[sheet], int(row)) if sheet in sheets and row.isdigit() else None

    first_row = next((n for n, p in enumerate(problems) if row_of(p) is not None),
                     len(problems))

    def position(item: tuple[int, Problem]) -> tuple:
        n, problem = item
        row = row_of(problem)
        if row is not None:
            return (1, *row, n)
        return (0 if n < first_row else 2, 0, 0, n)

    return [p for _, p in sorted(enumerate(problems), key=position)]
