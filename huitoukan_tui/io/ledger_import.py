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
import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from peewee import IntegrityError, OperationalError

from huitoukan_tui.enums import CaseStatus, Channel, UnitKind
from huitoukan_tui.io import ledger_write
from huitoukan_tui.io.ledger_layout import LedgerTable, cell_text, locate_table
from huitoukan_tui.io.sheet_reader import Book, open_book
from huitoukan_tui.io.unit_map import UnitMapEntry, read_unit_map, unit_key
from huitoukan_tui.models import AuditEntry, Case, Unit, User, database
from huitoukan_tui.services import access, clock, search
from huitoukan_tui.services.cases import (
    EDITABLE_FIELDS,
    FIELD_LABELS,
    TEXT_FIELDS,
    channel_problem,
    parse_channel,
    validate_case,
)
from huitoukan_tui.services.errors import Collector, Problem, ServiceError, ValidationError
from huitoukan_tui.services.text import clean

ON_EXISTING = ("skip", "update", "error")
GENERATED_PREFIX = "IMP-"
EXCEL_EPOCH = dt.date(1899, 12, 30)
_LOOKUP_CHUNK = 500
_INDEX_CHUNK = 10_000

#: the fields whose values make a generated case number (the ones a case is known by)
_IDENTITY = ("received_on", "channel", "unit", "target", "content")


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
    items: list[ImportItem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.items)

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
        out = [f"{head}：{Path(self.path).name}，{where}，共 {self.total} 件信访件。",
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
        return cell_text(value)
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


def _guess_kind(name: str) -> UnitKind:
    if name.endswith(("社区", "居委会")):
        return UnitKind.COMMUNITY
    if name.endswith("村"):
        return UnitKind.VILLAGE
    return UnitKind.DEPARTMENT


# ---------------------------------------------------------------- planning

@dataclass
class _Candidate:
    sheet: str
    row: int
    values: dict  # clean values of the case; "unit" is the unit's name
    generated: bool
    fields: list[str]  # the editable fields its sheet has columns for
    action: str = "add"
    case_id: int = 0
    version: int = 0
    changes: dict = field(default_factory=dict)  # field → (before, after)
    old: dict = field(default_factory=dict)  # the existing case's values


class _Units:
    """Resolves unit names of the file: exact or normalised name, unit map, or new."""

    def __init__(self, entries: list[UnitMapEntry], create: bool) -> None:
        self.by_key = {unit_key(u.name): u for u in Unit.select()}
        self.create = create
        self.to_create: dict[str, str] = {}  # key → name
        self.unknown: dict[str, list[str]] = {}  # name as written → sheets it is on
        self.problems: list[Problem] = []
        self.map: dict[str, str] = {}
        self._resolved: dict[str, str | None] = {}
        for entry in entries:
            known = unit_key(entry.target) in self.by_key
            if entry.header_like and not known:
                continue
            if not known and not create:
                self.problems.append(Problem(
                    entry.where, f"单位对照：没有这个单位：{entry.target}（已有：{self.known()}）"))
                continue
            self.map[unit_key(entry.source)] = entry.target

    def known(self) -> str:
        return "、".join(u.name for u in sorted(self.by_key.values(),
                                                key=lambda u: (u.position, u.id))) or "无"

    def resolve(self, written: str, sheet: str) -> str | None:
        """The unit's name for ``written``; None (and remembered) when it is unknown."""
        if written in self._resolved:
            return self._resolved[written]
        name = self.map.get(unit_key(written), written)
        key = unit_key(name)
        unit = self.by_key.get(key)
        if unit is not None:
            found: str | None = unit.name
        elif self.create:
            found = self.to_create.setdefault(key, clean(name))
        else:
            found = None
            sheets = self.unknown.setdefault(written, [])
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


def _row_values(table: LedgerTable, raw: dict, units: _Units, where: str,
                problems: list[Problem], today: dt.date) -> dict | None:
    """Clean values of one row, or None after adding its problems."""
    present = table.headers.keys()
    data: dict = {}
    for name in TEXT_FIELDS:
        if name in present and name != "case_no":
            data[name] = cell_text(raw.get(name))
    errors = Collector()
    channel = _channel_code(cell_text(raw.get("channel")), errors)
    data["received_on"] = date_value(raw.get("received_on"))
    values = validate_case(data, errors=errors, today=today)
    if channel:
        values["channel"] = channel
    written = clean(cell_text(raw.get("unit"))) if "unit" in present else table.default_unit
    if not written:
        errors.add(FIELD_LABELS["unit"], "不能为空")
    else:
        unit = units.resolve(written, table.sheet)
        if unit is None:
            errors.add(FIELD_LABELS["unit"], f"没有这个单位：{written}")
        else:
            values["unit"] = unit
    if "case_no" in present:
        number = clean(cell_text(raw.get("case_no")))
        limit = TEXT_FIELDS["case_no"][2]
        if len(number) > limit:
            errors.add(FIELD_LABELS["case_no"], f"过长（{len(number)} 字，最多 {limit} 字）")
        elif number:
            values["case_no"] = number
    for p in errors.problems:
        problems.append(Problem(where, f"{p.field}：{p.message}"))
    return None if errors else values


def _plan_rows(tables: list[LedgerTable], units: _Units,
               today: dt.date) -> tuple[list[_Candidate], list[Problem]]:
    problems: list[Problem] = list(units.problems)
    candidates: list[_Candidate] = []
    first_seen: dict[str, tuple[str, int]] = {}
    for table in tables:
        fields = _snapshot_fields(table)
        for ledger_row in table.rows:
            where = f"{table.sheet}!{ledger_row.row}"
            values = _row_values(table, ledger_row.values, units, where, problems, today)
            if values is None:
                continue
            generated = "case_no" not in values
            if generated:
                values["case_no"] = generated_case_no(values)
            number = values["case_no"]
            if number in first_seen:
                sheet, row = first_seen[number]
                other = f"第 {row} 行" if sheet == table.sheet else f" {sheet}!{row} "
                if generated:
                    problems.append(Problem(where, (
                        f"编号：与{other}都没有编号，且受理日期、来源、核查单位、被反映对象、"
                        "反映问题完全相同（重复录入？请删除一行或填写编号）")))
                else:
                    problems.append(Problem(where, f"编号：与{other}重复：{number}"))
                continue
            first_seen[number] = (table.sheet, ledger_row.row)
            candidates.append(_Candidate(table.sheet, ledger_row.row, values, generated,
                                         fields))
    if units.unknown:
        names = "、".join(units.unknown)
        sheets = "、".join(dict.fromkeys(s for found in units.unknown.values() for s in found))
        problems.append(Problem(sheets, (
            f"核查单位：文件中有系统里没有的单位：{names}（已有：{units.known()}）。"
            "请用单位对照表（--unit-map 文件）对应到已有单位，或选择新建这些单位"
            "（--create-units）")))
    return candidates, problems


def _snapshot_fields(table: LedgerTable) -> list[str]:
    present = set(table.headers) | {"case_no", "unit", "channel", "received_on"}
    return [f for f in EDITABLE_FIELDS if f in present]


def _existing(numbers: list[str]) -> dict[str, tuple[int, int, dict]]:
    """case_no → (id, version, values of the editable fields with the unit's name).
    Raw SQL: peewee's building of 500-item IN lists costs more than the lookups here."""
    names = [f for f in EDITABLE_FIELDS if f != "unit"]
    columns = ", ".join(f'c."{Case._meta.fields[n].column_name}"' for n in names)
    found: dict[str, tuple[int, int, dict]] = {}
    cursor = database.cursor()
    for start in range(0, len(numbers), _LOOKUP_CHUNK):
        chunk = numbers[start:start + _LOOKUP_CHUNK]
        marks = ", ".join(database.param for _ in chunk)
        cursor.execute(
            f'SELECT c."id", c."version", u."name", {columns} FROM "{Case._meta.table_name}" c '
            f'JOIN "{Unit._meta.table_name}" u ON u."id" = c."unit_id" '
            f'WHERE c."case_no" IN ({marks})', chunk)
        for case_id, version, unit_name, *rest in cursor.fetchall():
            values = dict(zip(names, rest, strict=True))
            values["unit"] = unit_name
            if isinstance(values["received_on"], str):
                values["received_on"] = dt.date.fromisoformat(values["received_on"])
            found[values["case_no"]] = (case_id, version, values)
    return found


def _classify(candidates: list[_Candidate], on_existing: str) -> list[Problem]:
    problems: list[Problem] = []
    existing = _existing([c.values["case_no"] for c in candidates])
    for cand in candidates:
        found = existing.get(cand.values["case_no"])
        if found is None:
            cand.action = "add"
            continue
        case_id, version, old = found
        if on_existing == "error":
            problems.append(Problem(f"{cand.sheet}!{cand.row}",
                                    f"编号：已存在：{cand.values['case_no']}"))
            continue
        changes = {f: (old.get(f), cand.values.get(f, "")) for f in cand.fields
                   if old.get(f) != cand.values.get(f, "")}
        cand.case_id, cand.version, cand.changes, cand.old = case_id, version, changes, old
        if not changes:
            cand.action = "unchanged"
        else:
            cand.action = "update" if on_existing == "update" else "skip"
    return problems


# ---------------------------------------------------------------- writing

_CASE_COLUMNS = ["case_no", "channel", "received_on", "unit", "petitioner", "phone", "target",
                 "location", "category", "content", "original_handling", "status", "referred",
                 "search_text", "version", "created_at", "updated_at", "updated_by"]


def _search_text(values: dict) -> str:
    return search.searchable_text(values["case_no"], values.get("target", ""),
                                  values.get("location", ""), values.get("content", ""))


def _audit_text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _create_units(units: _Units) -> dict[str, int]:
    """Create the new units; returns every unit name → id."""
    ids = {u.name: u.id for u in units.by_key.values()}
    position = (Unit.select().count() + 1) * 10
    for name in units.to_create.values():
        unit = Unit.create(name=name, kind=_guess_kind(name).value, position=position)
        ids[name] = unit.id
        position += 10
    return ids


def _write(actor: User, candidates: list[_Candidate], units: _Units,
           report: ImportReport) -> None:
    stamp = clock.now()
    unit_ids = _create_units(units)
    added = [c for c in candidates if c.action == "add"]
    max_id = Case.select(Case.id).order_by(Case.id.desc()).scalar() or 0
    for cand in added:
        cand.values["search_text"] = _search_text(cand.values)
    ledger_write.insert_rows(Case, _CASE_COLUMNS, (
        (v["case_no"], v["channel"], v["received_on"], unit_ids[v["unit"]],
         v.get("petitioner", ""), v.get("phone", ""), v.get("target", ""),
         v.get("location", ""), v.get("category", ""), v.get("content", ""),
         v.get("original_handling", ""), CaseStatus.PENDING.value, False, v["search_text"], 1,
         stamp, stamp, actor.login)
        for v in (c.values for c in added)))
    by_number = {c.values["case_no"]: c for c in added}
    for case_id, case_no in Case.select(Case.id, Case.case_no).where(Case.id > max_id).tuples():
        if case_no in by_number:
            by_number[case_no].case_id = case_id
    if any(not c.case_id for c in added):  # pragma: no cover - would be a bug
        raise ServiceError("导入失败：新增的信访件没有取得编号，已全部撤销。")
    updates = [c for c in candidates if c.action == "update"]
    for cand in updates:
        cand.values["search_text"] = _search_text({**cand.old, **cand.values})
    by_fields: dict[tuple[str, ...], list[_Candidate]] = {}
    for cand in updates:  # sheets with different columns update different fields
        by_fields.setdefault(tuple(f for f in cand.fields if f != "case_no"), []).append(cand)
    for set_fields, group in by_fields.items():
        _update_cases(actor, group, list(set_fields), unit_ids, stamp)
    changed = [*added, *updates]
    for start in range(0, len(changed), _INDEX_CHUNK):  # in chunks: bounded memory
        search.reindex((c.case_id, c.values["search_text"])
                       for c in changed[start:start + _INDEX_CHUNK])
    _audit(actor, added, updates, report, stamp)


def _update_cases(actor: User, updates: list[_Candidate], set_fields: list[str],
                  unit_ids: dict[str, int], stamp: dt.datetime) -> None:
    """Write the file's cells over the existing cases (only the columns the file has)."""
    names = [*set_fields, "search_text", "version", "updated_at", "updated_by"]
    rows = []
    for cand in updates:
        values = [unit_ids[cand.values["unit"]] if f == "unit" else cand.values.get(f, "")
                  for f in set_fields]
        rows.append((*values, cand.values["search_text"], cand.version + 1, stamp,
                     actor.login, cand.case_id))
    ledger_write.update_rows(Case, names, rows)


def _audit(actor: User, added: list[_Candidate], updates: list[_Candidate],
           report: ImportReport, stamp: dt.datetime) -> None:
    """One 'create' entry per new case (as the case form writes it), one 'update' entry per
    changed field, and one 'import' entry naming the file."""
    names = ["at", "actor", "entity", "entity_id", "case_no", "action", "field", "before",
             "after", "version"]

    def rows():
        for cand in added:
            snapshot = {f: _audit_text(cand.values.get(f, "")) for f in EDITABLE_FIELDS}
            yield (stamp, actor.login, "case", cand.case_id, cand.values["case_no"], "create",
                   "", "", json.dumps(snapshot, ensure_ascii=False), 1)
        for cand in updates:
            for name, (before, after) in cand.changes.items():
                yield (stamp, actor.login, "case", cand.case_id, cand.values["case_no"],
                       "update", name, _audit_text(before), _audit_text(after),
                       cand.version + 1)
        if not (added or updates or report.new_units):
            return  # nothing changed: importing the same file again leaves no trace
        summary = {"文件": Path(report.path).name, "工作表": [s.name for s in report.sheets],
                   "新增": report.added, "更新": report.updated, "未变": report.unchanged,
                   "跳过": report.skipped, "新建单位": report.new_units}
        yield (stamp, actor.login, "import", 0, "", "import", "", "",
               json.dumps(summary, ensure_ascii=False), 0)

    ledger_write.insert_rows(AuditEntry, names, rows())


# ---------------------------------------------------------------- the service

def _choose_tables(book: Book, sheet: str | None) -> list[LedgerTable]:
    """The named sheet, or every visible sheet holding a ledger (one sheet a year is common);
    sheets without a ledger header (instructions, summaries) are passed over."""
    if sheet:
        tables = [locate_table(book.sheet(sheet))]
    else:
        tables, refusals = [], []
        for name in book.visible:
            content = book.sheet(name)  # a sheet that cannot be read refuses the file
            try:
                tables.append(locate_table(content))
            except ValidationError as exc:
                refusals.extend(exc.problems)
        if not tables:
            raise ValidationError(problems=refusals)
    if not any(t.rows for t in tables):
        raise ValidationError(problems=[
            Problem(t.sheet, f"表头（第 {t.header_row} 行）下面没有信访件") for t in tables])
    return tables


def _fill_report(report: ImportReport, tables: list[LedgerTable],
                 candidates: list[_Candidate], units: _Units) -> None:
    per_sheet = Counter(c.sheet for c in candidates)
    report.sheets = [
        SheetSummary(t.sheet, t.header_row, per_sheet[t.sheet], dict(t.headers), list(t.ignored),
                     t.default_unit, t.skipped_empty, t.skipped_notes) for t in tables]
    actions = Counter(c.action for c in candidates)
    report.added, report.updated = actions["add"], actions["update"]
    report.unchanged, report.skipped = actions["unchanged"], actions["skip"]
    report.generated = sum(1 for c in candidates if c.generated)
    channels = Counter(c.values["channel"] for c in candidates)
    report.per_channel = [(m.label, channels[m.value]) for m in Channel if channels[m.value]]
    unit_counts = Counter(c.values["unit"] for c in candidates)
    order = {u.name: (u.position, u.id) for u in units.by_key.values()}
    order.update({name: (10**9, i) for i, name in enumerate(units.to_create.values())})
    report.per_unit = sorted(unit_counts.items(), key=lambda kv: order[kv[0]])
    report.new_units = [n for n in units.to_create.values() if n in unit_counts]
    report.items = [
        ImportItem(c.sheet, c.row, c.values["case_no"], c.action,
                   Channel(c.values["channel"]).label, c.values["received_on"],
                   c.values["unit"], c.values.get("target", ""),
                   tuple(FIELD_LABELS.get(f, f) for f in c.changes))
        for c in candidates]


def import_ledger(actor: User, path: str | Path, *, sheet: str | None = None,
                  unit_map: str | Path | None = None, create_units: bool = False,
                  on_existing: str = "skip", dry_run: bool = False,
                  today: dt.date | None = None) -> ImportReport:
    """Import the ledger in ``path`` (xlsx/xlsm/xls/ods/csv), all or nothing.

    ``sheet``: the sheet to read (default: every visible sheet with a ledger header).
    ``unit_map``: a two-column file, name in the ledger → unit name; ``create_units``:
    create the units the database does not have. ``on_existing``: what to do with a case
    number that is already in the database — ``skip`` it (default), ``update`` the cells
    that differ (audited per field), or refuse the file (``error``). ``dry_run`` checks
    everything and returns what would happen. Raises ServiceError listing every problem
    (``sheet!row``, ``field：reason``); nothing is written then.
    """
    access.require_station(actor)
    today = today or clock.today()
    if on_existing not in ON_EXISTING:
        raise ValidationError(f"--on-existing 只能是 {'、'.join(ON_EXISTING)}：{on_existing}")
    entries = read_unit_map(unit_map) if unit_map else []
    tables = _choose_tables(open_book(path), sheet)
    units = _Units(entries, create_units)
    candidates, problems = _plan_rows(tables, units, today)
    for table in tables:
        table.rows.clear()  # the candidates hold what is needed from here on
    if problems:
        raise ValidationError(problems=problems)
    report = ImportReport(path=str(path), dry_run=dry_run, on_existing=on_existing)
    if dry_run:
        _classify_and_report(candidates, on_existing, tables, units, report)
        return report
    try:
        with database.atomic():  # SQLite: IMMEDIATE, so nobody writes between check and write
            _classify_and_report(candidates, on_existing, tables, units, report)
            _write(actor, candidates, units, report)
    except IntegrityError as exc:  # someone wrote the same case number meanwhile
        raise ServiceError(f"导入时数据库被他人同时修改，已全部撤销，请重试（{exc}）") from None
    except OperationalError as exc:  # e.g. the database stayed locked past the timeout
        raise ServiceError(f"数据库暂时无法写入，已全部撤销，请稍后重试（{exc}）") from None
    return report


def _classify_and_report(candidates: list[_Candidate], on_existing: str,
                         tables: list[LedgerTable], units: _Units,
                         report: ImportReport) -> None:
    """Compare with the database (refusing known numbers for ``error``), then count."""
    problems = _classify(candidates, on_existing)
    if problems:
        raise ValidationError(problems=problems)
    _fill_report(report, tables, candidates, units)
