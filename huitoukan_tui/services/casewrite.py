"""Every write of a case, in two steps, so that a case is written one way whoever writes it.

``plan`` compares the wanted values with the stored cases and says what each edit does (add,
update, unchanged, skip) or why it may not be written (a number that exists, a record someone
else saved meanwhile). ``apply`` then writes the cases (with their search text and the
target's pinyin sort key), the search index and the audit log in bulk statements: the case
form (``cases.create_case``/``update_case``) writes one case with them, the ledger import
100,000.

Call both inside one transaction (``database.atomic()``): ``plan`` locks the stored rows it
reads (PostgreSQL; SQLite's IMMEDIATE transaction already holds the database), so nobody
changes them between the check and the write, and ``apply`` updates a row only while it still
has the version the plan saw. ``plan`` alone, outside a transaction, is a dry run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from peewee import IntegrityError, OperationalError

from huitoukan_tui import db as dbmod
from huitoukan_tui.enums import UnitKind
from huitoukan_tui.models import Campaign, Case, Street, Unit, User, database
from huitoukan_tui.services import (
    audit,
    bulkwrite,
    casestate,
    clock,
    conflicts,
    organisation,
    pinyin,
    search,
)
from huitoukan_tui.services.errors import (
    ConflictError,
    NotFound,
    Problem,
    ServiceError,
    ValidationError,
)
from huitoukan_tui.services.fields import EDITABLE_FIELDS, FIELD_LABELS

ON_EXISTING = ("skip", "update", "error")
#: what plan decided for an edit, as a person reads it (the import's lists)
ACTION_LABELS = {"add": "新增", "update": "更新", "unchanged": "未变", "skip": "跳过"}
_LOOKUP_CHUNK = 500
_INDEX_CHUNK = 10_000

#: what apply writes into a new case row besides its editable fields
_INSERT_COLUMNS = [*EDITABLE_FIELDS, "search_text", "target_key", "version", "created_at",
                   "updated_at", "updated_by"]


@dataclass
class CaseEdit:
    """One case to add or change: the clean values of the fields given (``channel`` as its
    code, ``received_on`` a date, ``unit`` the unit's name); the fields not given stay.

    ``case_no``: the number the case is stored under, when the values renumber it (default:
    ``values["case_no"]``). ``expected_version``: the version the editor read (a form); None
    takes what is stored (the import, under the plan's lock). ``where``: the place in a file,
    put on the edit's problems. ``plan`` fills in the rest."""

    values: dict
    case_no: str = ""
    expected_version: int | None = None
    where: str = ""
    action: str = "add"  # "add" | "update" | "unchanged" | "skip"
    case_id: int = 0
    version: int = 0  # the stored version the edit applies to
    before: dict = field(default_factory=dict)  # the stored values
    changes: dict = field(default_factory=dict)  # field → (before, after)
    search_text: str = ""  # set by apply
    target_key: str = ""  # set by apply: the target's pinyin sort key (the ledger's sort)

    @property
    def key(self) -> str:
        return self.case_no or self.values["case_no"]


def _stored(numbers: list[str], *, lock: bool) -> dict[str, tuple[int, int, dict]]:
    """case_no → (id, version, values of the editable fields with the unit's name).
    Raw SQL: peewee's building of 500-item IN lists costs more than the lookups here."""
    names = [f for f in EDITABLE_FIELDS if f != "unit"]
    columns = ", ".join(f'c."{Case._meta.fields[n].column_name}"' for n in names)
    found: dict[str, tuple[int, int, dict]] = {}
    cursor = database.cursor()
    for start in range(0, len(numbers), _LOOKUP_CHUNK):
        chunk = numbers[start:start + _LOOKUP_CHUNK]
        if lock:  # PostgreSQL: the rows stay as read until the transaction ends
            dbmod.lock_rows(Case, Case.case_no.in_(chunk))
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


def _problem(edit: CaseEdit, name: str, message: str) -> Problem:
    return Problem(FIELD_LABELS[name], message, where=edit.where)


def check_on_existing(value: str) -> None:
    if value not in ON_EXISTING:
        raise ValidationError(f"--on-existing 只能是 {'、'.join(ON_EXISTING)}：{value}")


def plan(edits: list[CaseEdit], *, on_existing: str = "update", lock: bool = True
         ) -> list[Problem]:
    """Compare each edit with its stored case and set what it does. ``on_existing``: what an
    edit of a number that is stored does — ``update`` it, ``skip`` it (when it differs), or
    refuse it (``error``: "编号：已存在"). Returns the problems (nothing may be written while
    there are any); raises ConflictError when a form's case was saved after it was read, and
    NotFound when it is gone."""
    check_on_existing(on_existing)
    renamed = {e.values["case_no"]: e for e in edits
               if "case_no" in e.values and e.values["case_no"] != e.key}
    stored = _stored(list(dict.fromkeys([*(e.key for e in edits), *renamed])), lock=lock)
    problems: list[Problem] = []
    for number, edit in renamed.items():
        if number in stored:
            problems.append(_problem(edit, "case_no", f"已存在：{number}"))
    for edit in edits:
        found = stored.get(edit.key)
        if found is None:
            if edit.expected_version is not None:
                raise NotFound(f"没有找到信访件：{edit.key}")
            edit.action = "add"
            continue
        if on_existing == "error":
            problems.append(_problem(edit, "case_no", f"已存在：{edit.key}"))
            continue
        edit.case_id, edit.version, edit.before = found
        if edit.expected_version is not None and edit.expected_version != edit.version:
            if not problems:
                raise conflicts.conflict(
                    f"信访件 {edit.key} 已被他人修改，请查看对方的修改后重新保存。",
                    "case", edit.case_id, edit.expected_version, edit.version)
            continue
        edit.changes = {f: (edit.before.get(f), v) for f, v in edit.values.items()
                        if edit.before.get(f) != v}
        if not edit.changes:
            edit.action = "unchanged"
        else:
            edit.action = "update" if on_existing == "update" else "skip"
    return problems


def write(actor: User, edits: list[CaseEdit], *, on_existing: str = "update",
          dry_run: bool = False, new_units: dict[str, UnitKind] | None = None,
          source: dict | None = None, ledger: Campaign | None = None,
          street: Street | None = None) -> None:
    """``plan`` and ``apply`` in one transaction (``dry_run``: plan only, nothing locked or
    written); raises the plan's problems. ``source`` says where the edits come from (the
    import's file and sheets): one 'import' audit entry then adds what was done. ``ledger``,
    ``street``: see ``apply``."""
    write_chunks(actor, [edits], on_existing=on_existing, dry_run=dry_run,
                 new_units=new_units, source=source, ledger=ledger, street=street)


def write_chunks(actor: User, chunks: Iterable[list[CaseEdit]], *, on_existing: str = "update",
                 dry_run: bool = False, new_units: dict[str, UnitKind] | None = None,
                 source: dict | None = None, ledger: Campaign | None = None,
                 street: Street | None = None,
                 planned: Callable[[list[CaseEdit]], None] | None = None) -> None:
    """``write`` for edits that come a chunk at a time (an import of any size, in bounded
    memory): every chunk is planned and applied inside the one transaction, so a problem in
    a late chunk undoes the earlier ones; once one is found the remaining chunks are only
    planned, and the problems of all are raised together. ``planned(chunk)`` sees each
    chunk with its actions set (to count them)."""
    counts: Counter = Counter()
    problems: list[Problem] = []
    if dry_run:
        for chunk in chunks:
            problems += plan(chunk, on_existing=on_existing, lock=False)
            if planned is not None:
                planned(chunk)
        if problems:
            raise ValidationError(problems=problems)
        return
    units = new_units or None
    with writing():
        for chunk in chunks:
            problems += plan(chunk, on_existing=on_existing)
            if problems:
                continue
            apply(actor, chunk, new_units=units, ledger=ledger, street=street)
            units = None  # created with the first chunk
            counts.update(e.action for e in chunk)
            if planned is not None:
                planned(chunk)
        if problems:
            raise ValidationError(problems=problems)
        if source is not None and (new_units or counts["add"] or counts["update"]):
            apply(actor, [], summary={**source, "新增": counts["add"], "更新": counts["update"],
                                      "未变": counts["unchanged"], "跳过": counts["skip"],
                                      "新建单位": list(new_units or {})})


@contextmanager
def writing() -> Iterator[None]:
    """A write transaction whose lock wait (or other refusal of the database) ends in one
    Chinese line; everything in it is undone."""
    pinyin.load()  # the search text's initials: not while holding the lock
    try:
        with database.atomic():  # SQLite: IMMEDIATE, so nobody writes between check and write
            yield
    except OperationalError as exc:
        raise _database_refusal(exc) from None


def _database_refusal(exc: OperationalError) -> ServiceError:
    text = str(exc).lower()
    if "locked" in text or "lock timeout" in text or "deadlock" in text:
        return ServiceError("数据库正被他人写入，暂时无法保存，已全部撤销，请稍后重试。")
    reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return ServiceError(f"数据库暂时无法写入，已全部撤销，请稍后重试（{reason}）。")


def apply(actor: User, edits: list[CaseEdit], *,
          new_units: dict[str, UnitKind] | None = None, summary: dict | None = None,
          ledger: Campaign | None = None, street: Street | None = None) -> None:
    """Write what ``plan`` decided, in the caller's transaction: the new units (in
    ``street``), the new and updated cases (version bumped, search text), the search index
    and the audit log (one 'create' entry per new case, one 'update' entry per changed
    field, and ``summary`` as one 'import' entry when given). Every case of the edits joins
    the ledger of ``ledger`` when given (a stored one is linked, keeping its history); a
    changed unit reaches the cases' ledger entries. A database constraint or lock that
    refuses the write is raised as a refusal (the caller's transaction then rolls back)."""
    try:
        _apply(actor, edits, new_units or {}, summary, street)
        casestate.refresh([e.case_id for e in edits
                           if e.action == "update" and "unit" in e.changes])
        if ledger is not None:
            casestate.add_to_ledger(ledger, [e.case_id for e in edits if e.action == "add"],
                                    new=True)
            casestate.add_to_ledger(ledger, [e.case_id for e in edits
                                             if e.case_id and e.action != "add"])
    except IntegrityError:
        if len(edits) == 1:
            number = edits[0].values.get("case_no", edits[0].key)
            raise ValidationError.of(FIELD_LABELS["case_no"], f"已存在：{number}") from None
        raise ValidationError("他人同时录入了相同的编号或单位，已全部撤销，请重试。") from None
    except OperationalError as exc:  # e.g. the database stayed locked past the busy timeout
        raise _database_refusal(exc) from None


def _apply(actor: User, edits: list[CaseEdit], new_units: dict[str, UnitKind],
           summary: dict | None, street: Street | None) -> None:
    stamp = clock.now()
    unit_ids = {name: uid for uid, name in Unit.select(Unit.id, Unit.name).tuples()}
    for name, kind in new_units.items():
        unit_ids[name] = organisation.add_unit(name, kind, street=street).id
    added = [e for e in edits if e.action == "add"]
    updates = [e for e in edits if e.action == "update"]
    for edit in added:
        edit.search_text = _search_text(edit.values)
        edit.target_key = pinyin.sort_key(edit.values.get("target", ""))
    for edit in updates:
        edit.search_text = _search_text({**edit.before, **edit.values})
        edit.target_key = pinyin.sort_key({**edit.before, **edit.values}.get("target", ""))
    _insert(actor, added, unit_ids, stamp)
    by_fields: dict[tuple[str, ...], list[CaseEdit]] = {}
    for edit in updates:  # sheets with different columns update different fields
        names = tuple(f for f, v in edit.values.items() if f != "case_no" or v != edit.key)
        by_fields.setdefault(names, []).append(edit)
    for names, group in by_fields.items():
        _update(actor, group, list(names), unit_ids, stamp)
    for changed, new in ((added, True), (updates, False)):
        for start in range(0, len(changed), _INDEX_CHUNK):  # in chunks: bounded memory
            search.reindex(((e.case_id, e.search_text)
                            for e in changed[start:start + _INDEX_CHUNK]), new=new)
    audit.write(_audit_rows(actor.login, added, updates, summary, stamp))


def _search_text(values: dict) -> str:
    return search.searchable_text(values["case_no"], values.get("target", ""),
                                  values.get("location", ""), values.get("content", ""))


def _insert(actor: User, added: list[CaseEdit], unit_ids: dict[str, int],
            stamp: dt.datetime) -> None:
    if not added:
        return
    max_id = Case.select(Case.id).order_by(Case.id.desc()).scalar() or 0
    unit_at = EDITABLE_FIELDS.index("unit")
    defaults = dict.fromkeys(EDITABLE_FIELDS, "")

    def row(edit: CaseEdit) -> list:
        values = [*{**defaults, **edit.values}.values()]
        values[unit_at] = unit_ids[values[unit_at]]
        return [*values, edit.search_text, edit.target_key, 1, stamp, stamp, actor.login]

    bulkwrite.insert_rows(Case, _INSERT_COLUMNS, map(row, added))
    by_number = {e.values["case_no"]: e for e in added}
    for case_id, case_no in Case.select(Case.id, Case.case_no).where(Case.id > max_id).tuples():
        if case_no in by_number:
            by_number[case_no].case_id = case_id
            by_number[case_no].version = 1


def _update(actor: User, edits: list[CaseEdit], names: list[str], unit_ids: dict[str, int],
            stamp: dt.datetime) -> None:
    """Write the edits' values over their cases, each only if it still has its version."""
    columns = [*names, "search_text", "target_key", "version", "updated_at", "updated_by"]
    rows = [(*(unit_ids[e.values["unit"]] if f == "unit" else e.values[f] for f in names),
             e.search_text, e.target_key, e.version + 1, stamp, actor.login, e.case_id,
             e.version)
            for e in edits]
    if bulkwrite.update_rows(Case, columns, rows) != len(rows):
        if len(edits) == 1:
            raise ConflictError(f"信访件 {edits[0].key} 已被他人修改，请查看对方的修改后重新保存。")
        raise ConflictError("有信访件在写入时被他人修改，已全部撤销，请重试。")
    for edit in edits:
        edit.version += 1


def _audit_rows(login: str, added: list[CaseEdit], updates: list[CaseEdit],
                summary: dict | None, stamp: dt.datetime) -> Iterable[tuple]:
    for edit in added:
        snapshot = {f: edit.values.get(f, "") for f in EDITABLE_FIELDS}
        yield audit.create_row(stamp, login, "case", edit.case_id, edit.values["case_no"],
                               snapshot)
    for edit in updates:
        yield from audit.change_rows(stamp, login, "case", edit.case_id,
                                     edit.values.get("case_no", edit.key), edit.changes,
                                     version=edit.version)
    if summary is not None:
        yield audit.event_row(stamp, login, "import", summary)
