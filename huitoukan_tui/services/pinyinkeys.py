"""The pinyin columns of schema version 7, filled in once for a database that predates them.

Every write keeps them (casewrite: a case's ``target_key``; organisation: a unit's
``name_key``; the item writes: ``problem_initials``). A database upgraded from version 5 has
them empty: ``upgrade`` computes them for every row in one transaction, at the first use of
the database by this program (cli.app, beside the search text's upgrade), and marks the
database (Meta ``pinyin_keys``) so that it is done once. Derived values only: versions,
audit and what users typed stay as they are.
"""

from __future__ import annotations

from huitoukan_tui import db as dbmod
from huitoukan_tui.models import Case, Meta, Rectification, Unit, database
from huitoukan_tui.services import pinyin, search

_CHUNK = 5000
_PG_BATCH = 1000


def outdated() -> bool:
    """Whether the rows' pinyin columns are of an older form than this program writes."""
    row = Meta.get_or_none(Meta.key == dbmod.PINYIN_KEYS)
    return row is None or row.value != dbmod.PINYIN_KEYS_FORM


def upgrade() -> int:
    """Fill in every unit's, case's and four-list item's pinyin column, if the database
    holds an older form. Returns how many rows were written."""
    if not outdated():
        return 0
    pinyin.load()  # before the write lock
    written = 0
    with database.atomic():
        dbmod.lock_name(dbmod.PINYIN_KEYS)
        if not outdated():
            return 0  # another session did it while this one waited
        for model, source, column, derive in (
                (Unit, Unit.name, "name_key", pinyin.sort_key),
                (Case, Case.target, "target_key", pinyin.sort_key),
                (Rectification, Rectification.new_problem, "problem_initials",
                 search.initials_line)):
            written += _fill(model, source, column, derive)
        Meta.insert(key=dbmod.PINYIN_KEYS, value=dbmod.PINYIN_KEYS_FORM).on_conflict(
            conflict_target=[Meta.key], update={Meta.value: dbmod.PINYIN_KEYS_FORM}).execute()
    return written


def _fill(model, source, column: str, derive) -> int:
    """``column`` = ``derive(source)`` for every row, a chunk of ids at a time."""
    pk = model._meta.primary_key
    table, key = model._meta.table_name, pk.column_name
    written, last = 0, 0
    while True:
        rows = list(model.select(pk, source).where(pk > last).order_by(pk).limit(_CHUNK)
                    .tuples())
        if not rows:
            return written
        values = [(row_id, derive(text or "")) for row_id, text in rows]
        cursor = database.cursor()
        if dbmod.is_postgres():  # one statement per batch (its statement triggers fire once)
            for start in range(0, len(values), _PG_BATCH):
                batch = values[start:start + _PG_BATCH]
                cursor.execute(
                    f'UPDATE "{table}" AS t SET "{column}" = v.k FROM (VALUES '
                    + ", ".join(["(%s, %s)"] * len(batch))
                    + f') AS v(id, k) WHERE t."{key}" = v.id::integer',
                    [x for pair in batch for x in pair])
        else:
            cursor.executemany(f'UPDATE "{table}" SET "{column}" = ? WHERE "{key}" = ?',
                               [(k, row_id) for row_id, k in values])
        last = rows[-1][0]
        written += len(rows)
