"""Bulk writes (of the case-write core), inside the caller's transaction.

SQLite gets multi-row INSERTs of 500 rows and one ``executemany`` per UPDATE (≈2 s per 100k
rows, against ≈9 s for peewee's ``insert_many`` in batches and ≈28 s for ``create()`` in a
loop); other engines go through peewee in batches.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from peewee import BooleanField, DateField, DateTimeField, Model

from huitoukan_tui import db as dbmod
from huitoukan_tui.models import database

BATCH = 1000


def _converter(model: type[Model], names: Sequence[str]):
    """A function giving a row as sqlite3 wants it: ISO text for dates (stored the way
    peewee stores them), 0/1 for booleans. Only those columns are touched."""
    slots = []
    for i, name in enumerate(names):
        f = model._meta.fields[name]
        if isinstance(f, DateTimeField):
            slots.append((i, lambda v: v.isoformat(" ") if v is not None else None))
        elif isinstance(f, DateField):
            slots.append((i, lambda v: v.isoformat() if v is not None else None))
        elif isinstance(f, BooleanField):
            slots.append((i, lambda v: int(v) if v is not None else None))
    if not slots:
        return tuple

    def convert(row: Sequence) -> list:
        out = list(row)
        for i, fn in slots:
            out[i] = fn(out[i])
        return out

    return convert


def _columns(model: type[Model], names: Sequence[str]) -> str:
    return ", ".join(f'"{model._meta.fields[n].column_name}"' for n in names)


def insert_rows(model: type[Model], names: Sequence[str], rows: Iterable[Sequence]) -> None:
    """INSERT ``rows`` (values in the order of ``names``)."""
    db = database.obj
    if dbmod.is_sqlite(db):
        _insert_sqlite(db, model, names, rows)
        return
    fields = [model._meta.fields[n] for n in names]
    batch: list[Sequence] = []
    for row in rows:
        batch.append(tuple(row))
        if len(batch) >= BATCH:
            model.insert_many(batch, fields=fields).execute()
            batch = []
    if batch:
        model.insert_many(batch, fields=fields).execute()


#: SQLite: rows per INSERT statement (its variables stay under SQLite's 32,766)
SQLITE_ROWS = 500


def _insert_sqlite(db, model: type[Model], names: Sequence[str], rows: Iterable[Sequence]
                   ) -> None:
    """Multi-row INSERT statements of SQLITE_ROWS rows: SQLite keeps a statement journal for
    each statement that fires a trigger (the weekly counters' on ledger entries and items),
    copying every page it changes; one statement per row did that 100,000 times (+2 s an
    import of 100,000), one per 500 rows 200 times. Without triggers it is faster too."""
    head = f'INSERT INTO "{model._meta.table_name}" ({_columns(model, names)}) VALUES '
    one = "(" + ", ".join("?" for _ in names) + ")"
    per = max(1, min(SQLITE_ROWS, 32_000 // max(1, len(names))))
    full = head + ", ".join([one] * per)
    cursor = db.cursor()
    batch: list = []
    count = 0
    for row in map(_converter(model, names), rows):
        batch.extend(row)
        count += 1
        if count == per:
            cursor.execute(full, batch)
            batch, count = [], 0
    if count:
        cursor.execute(head + ", ".join([one] * count), batch)


def update_rows(model: type[Model], names: Sequence[str], rows: Iterable[Sequence]) -> int:
    """UPDATE by id and version: each row is the values of ``names`` followed by the id and
    the version the row must still have. Returns how many rows were updated (fewer than
    given: someone changed one meanwhile)."""
    db = database.obj
    if dbmod.is_sqlite(db):
        sets = ", ".join(f'"{model._meta.fields[n].column_name}" = ?' for n in names)
        sql = f'UPDATE "{model._meta.table_name}" SET {sets} WHERE "id" = ? AND "version" = ?'
        cursor = db.cursor()
        cursor.executemany(sql, map(_converter(model, [*names, "id", "version"]), rows))
        return cursor.rowcount
    fields = [model._meta.fields[n] for n in names]
    updated = 0
    for row in rows:
        updated += model.update(dict(zip(fields, row[:-2], strict=True))).where(
            (model._meta.primary_key == row[-2]) & (model.version == row[-1])).execute()
    return updated
