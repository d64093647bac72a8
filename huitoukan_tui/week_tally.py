"""The storage of the weekly numbers' counters (its DDL): how many ledger entries and 新发现
items each unit has per campaign and per day, kept by the database itself.

Attachment 2 counts, per unit, the campaign's ledger entries, those whose first inspection
falls in a week / by its end, and the campaign's 新发现 items opened in a week / by its end.
Counting the records at district scale reads 100,000 index entries each time; this table
holds the same counts per (campaign, unit, day) — a few thousand rows — so any week, past
ones included, is a sum over it:

- ``what = 'entry'``: ledger entries by ``first_verified_on`` (``NEVER`` when not inspected);
- ``what = 'new'``: 新发现 items by ``opened_on``, under the unit of their case.

Triggers keep it on every write to ``ledger_entry``, ``rectification`` and ``petition_case``
(a service's, an import's ``executemany``, a test's raw UPDATE, a cascade alike), in the
writer's transaction: SQLite row triggers; PostgreSQL statement triggers with transition
tables (one grouped change per statement).

On PostgreSQL the counter rows are shared by every writer of a unit, and a writer holds a
row it changed until it commits. Changed statement by statement, two transactions could take
two counter rows in opposite orders and deadlock: an inspection with a 新发现 item takes its
item's row, then (its first inspection) its entry's; an import takes the entry rows, then the
items'; two refreshes take entry rows case by case. So the statements only add their changes
to the transaction's own rows of ``week_tally_pending`` (keyed by the transaction id: no
other writer ever waits for them), and a deferred constraint trigger applies them all at
commit, in one statement, in key order: every transaction locks the counter rows it shares
with another in the same order, and only while it commits. (SQLite lets one writer in at a
time: nothing to order.)

``rebuild`` recounts it from the records (after a schema upgrade and a whole-database copy).
``services.progress`` reads it (``source``: on PostgreSQL with the reading transaction's own
changes not applied yet). Imports nothing above the storage layer.
"""

from __future__ import annotations

from peewee import Database, PostgresqlDatabase

from huitoukan_tui.enums import RectKind

TABLE = "week_tally"
ENTRY = "entry"
NEW = "new"
#: the day of a ledger entry not inspected yet (after every report week)
NEVER = "9999-12-31"
_NEW_KIND = RectKind.NEW.value
_KEY = "campaign_id, what, unit_id, day"

# ---------------------------------------------------------------- SQLite

_SQLITE_TABLE = (f"CREATE TABLE IF NOT EXISTS {TABLE} (campaign_id INTEGER NOT NULL, "
                 "what TEXT NOT NULL, unit_id INTEGER NOT NULL, day TEXT NOT NULL, "
                 f"n INTEGER NOT NULL, PRIMARY KEY ({_KEY})) WITHOUT ROWID")


def _add(campaign: str, what: str, unit: str, day: str, n: str = "1") -> str:
    return (f"INSERT INTO {TABLE} ({_KEY}, n) VALUES ({campaign}, '{what}', {unit}, {day}, {n})"
            f" ON CONFLICT ({_KEY}) DO UPDATE SET n = n + excluded.n;")


def _sub(campaign: str, what: str, unit: str, day: str, n: str = "1") -> str:
    return (f"UPDATE {TABLE} SET n = n - {n} WHERE campaign_id = {campaign} AND what = '{what}'"
            f" AND unit_id = {unit} AND day = {day};")


def _day(row: str) -> str:
    return f"COALESCE({row}.first_verified_on, '{NEVER}')"


def _case_unit(row: str) -> str:
    return f"(SELECT unit_id FROM petition_case WHERE id = {row}.case_id)"


#: the new items of a case moved between units (or deleted with it): by (campaign, day)
_CASE_ITEMS = (f"SELECT campaign_id, opened_on, COUNT(*) AS k FROM rectification"
               f" WHERE case_id = OLD.id AND kind = '{_NEW_KIND}' GROUP BY campaign_id, opened_on")

_SQLITE_TRIGGERS = {
    "week_tally_entry_insert": (
        "AFTER INSERT ON ledger_entry",
        _add("NEW.campaign_id", ENTRY, "NEW.unit_id", _day("NEW"))),
    "week_tally_entry_delete": (
        "AFTER DELETE ON ledger_entry",
        _sub("OLD.campaign_id", ENTRY, "OLD.unit_id", _day("OLD"))),
    "week_tally_entry_update": (
        "AFTER UPDATE OF campaign_id, unit_id, first_verified_on ON ledger_entry"
        " WHEN OLD.campaign_id IS NOT NEW.campaign_id OR OLD.unit_id IS NOT NEW.unit_id"
        " OR OLD.first_verified_on IS NOT NEW.first_verified_on",
        _sub("OLD.campaign_id", ENTRY, "OLD.unit_id", _day("OLD"))
        + _add("NEW.campaign_id", ENTRY, "NEW.unit_id", _day("NEW"))),
    "week_tally_item_insert": (
        f"AFTER INSERT ON rectification WHEN NEW.kind = '{_NEW_KIND}'",
        _add("NEW.campaign_id", NEW, _case_unit("NEW"), "NEW.opened_on")),
    # a cascade from its case: the case's own trigger has counted its items off
    "week_tally_item_delete": (
        f"AFTER DELETE ON rectification WHEN OLD.kind = '{_NEW_KIND}'",
        _sub("OLD.campaign_id", NEW, _case_unit("OLD"), "OLD.opened_on")),
    "week_tally_item_update": (
        "AFTER UPDATE OF kind, campaign_id, case_id, opened_on ON rectification"
        " WHEN OLD.kind IS NOT NEW.kind OR OLD.campaign_id IS NOT NEW.campaign_id"
        " OR OLD.case_id IS NOT NEW.case_id OR OLD.opened_on IS NOT NEW.opened_on",
        f"UPDATE {TABLE} SET n = n - 1 WHERE OLD.kind = '{_NEW_KIND}'"
        f" AND campaign_id = OLD.campaign_id AND what = '{NEW}'"
        f" AND unit_id = {_case_unit('OLD')} AND day = OLD.opened_on;"
        f"INSERT INTO {TABLE} ({_KEY}, n) SELECT NEW.campaign_id, '{NEW}', unit_id,"
        f" NEW.opened_on, 1 FROM petition_case WHERE id = NEW.case_id"
        f" AND NEW.kind = '{_NEW_KIND}' ON CONFLICT ({_KEY}) DO UPDATE SET n = n + excluded.n;"),
    "week_tally_case_unit": (
        "AFTER UPDATE OF unit_id ON petition_case WHEN OLD.unit_id IS NOT NEW.unit_id",
        f"UPDATE {TABLE} SET n = n - (SELECT k FROM ({_CASE_ITEMS}) AS i"
        f" WHERE i.campaign_id = {TABLE}.campaign_id AND i.opened_on = {TABLE}.day)"
        f" WHERE what = '{NEW}' AND unit_id = OLD.unit_id AND (campaign_id, day) IN"
        f" (SELECT campaign_id, opened_on FROM ({_CASE_ITEMS}));"
        f"INSERT INTO {TABLE} ({_KEY}, n) SELECT campaign_id, '{NEW}', NEW.unit_id,"
        f" opened_on, k FROM ({_CASE_ITEMS}) WHERE true"
        f" ON CONFLICT ({_KEY}) DO UPDATE SET n = n + excluded.n;"),
    # before its items go (their own trigger no longer finds the case's unit then)
    "week_tally_case_delete": (
        "BEFORE DELETE ON petition_case",
        f"UPDATE {TABLE} SET n = n - (SELECT k FROM ({_CASE_ITEMS}) AS i"
        f" WHERE i.campaign_id = {TABLE}.campaign_id AND i.opened_on = {TABLE}.day)"
        f" WHERE what = '{NEW}' AND unit_id = OLD.unit_id AND (campaign_id, day) IN"
        f" (SELECT campaign_id, opened_on FROM ({_CASE_ITEMS}));"),
}

# ---------------------------------------------------------------- PostgreSQL

_PG_TABLE = (f"CREATE TABLE IF NOT EXISTS {TABLE} (campaign_id INTEGER NOT NULL, "
             "what TEXT NOT NULL, unit_id INTEGER NOT NULL, day DATE NOT NULL, "
             f"n INTEGER NOT NULL, PRIMARY KEY ({_KEY}))")
#: the changes of transactions not committed yet, by transaction id (txid_current())
PENDING = "week_tally_pending"
_PG_PENDING = (f"CREATE TABLE IF NOT EXISTS {PENDING} (tx BIGINT NOT NULL, "
               "campaign_id INTEGER NOT NULL, what TEXT NOT NULL, unit_id INTEGER NOT NULL, "
               f"day DATE NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (tx, {_KEY}))")
#: the constraint trigger (deferred to the commit) that applies a transaction's changes
_PG_FLUSH = "week_tally_flush"
_PG_FLUSH_BODY = (
    f"INSERT INTO {TABLE} AS t ({_KEY}, n) SELECT {_KEY}, n FROM {PENDING}"
    f" WHERE tx = txid_current() AND n <> 0 ORDER BY {_KEY}"
    f" ON CONFLICT ({_KEY}) DO UPDATE SET n = t.n + EXCLUDED.n;"
    f" DELETE FROM {PENDING} WHERE tx = txid_current()")


def _pg_apply(what: str, changes: str) -> str:
    """Add the summed changes ``changes`` (rows of campaign_id, unit_id, day, d) to this
    transaction's pending changes (applied at its commit: _PG_FLUSH)."""
    return (f"INSERT INTO {PENDING} AS p (tx, {_KEY}, n) SELECT txid_current(), campaign_id,"
            f" '{what}', unit_id, day, SUM(d) FROM ({changes}) AS c"
            " GROUP BY campaign_id, unit_id, day HAVING SUM(d) <> 0"
            f" ON CONFLICT (tx, {_KEY}) DO UPDATE SET n = p.n + EXCLUDED.n")


def _pg_entries(rows: str, d: int) -> str:
    return (f"SELECT campaign_id, unit_id, COALESCE(first_verified_on, DATE '{NEVER}') AS day,"
            f" {d} AS d FROM {rows}")


def _pg_items(rows: str, d: int) -> str:
    return (f"SELECT r.campaign_id, c.unit_id, r.opened_on AS day, {d} AS d FROM {rows} AS r"
            f" JOIN petition_case AS c ON c.id = r.case_id WHERE r.kind = '{_NEW_KIND}'")


_PG_MOVED = ("SELECT n.id, n.unit_id, 1 AS d FROM new_rows AS n JOIN old_rows AS o"
             " ON o.id = n.id WHERE o.unit_id IS DISTINCT FROM n.unit_id"
             " UNION ALL SELECT o.id, o.unit_id, -1 FROM new_rows AS n JOIN old_rows AS o"
             " ON o.id = n.id WHERE o.unit_id IS DISTINCT FROM n.unit_id")

#: name → (table, event, transition tables, the statement that applies the change)
_PG_TRIGGERS = {
    "week_tally_entry_insert": ("ledger_entry", "INSERT", "NEW TABLE AS new_rows",
                                _pg_apply(ENTRY, _pg_entries("new_rows", 1))),
    "week_tally_entry_delete": ("ledger_entry", "DELETE", "OLD TABLE AS old_rows",
                                _pg_apply(ENTRY, _pg_entries("old_rows", -1))),
    "week_tally_entry_update": (
        "ledger_entry", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _pg_apply(ENTRY, _pg_entries("new_rows", 1) + " UNION ALL "
                  + _pg_entries("old_rows", -1))),
    "week_tally_item_insert": ("rectification", "INSERT", "NEW TABLE AS new_rows",
                               _pg_apply(NEW, _pg_items("new_rows", 1))),
    # a cascade from its case finds no case here: the case's own trigger counted them off
    "week_tally_item_delete": ("rectification", "DELETE", "OLD TABLE AS old_rows",
                               _pg_apply(NEW, _pg_items("old_rows", -1))),
    "week_tally_item_update": (
        "rectification", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _pg_apply(NEW, _pg_items("new_rows", 1) + " UNION ALL " + _pg_items("old_rows", -1))),
    "week_tally_case_unit": (
        "petition_case", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _pg_apply(NEW, "SELECT r.campaign_id, m.unit_id, r.opened_on AS day, m.d"
                       f" FROM ({_PG_MOVED}) AS m JOIN rectification AS r ON r.case_id = m.id"
                       f" AND r.kind = '{_NEW_KIND}'")),
}
#: a row trigger: before the case's items go with it
_PG_CASE_DELETE = _pg_apply(
    NEW, "SELECT campaign_id, OLD.unit_id AS unit_id, opened_on AS day, -1 AS d"
         f" FROM rectification WHERE case_id = OLD.id AND kind = '{_NEW_KIND}'")


def _pg_function(name: str, body: str, returns: str = "NULL") -> str:
    return (f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN {body}; RETURN {returns}; END $$")


# ---------------------------------------------------------------- install, rebuild

def _rebuild_statements() -> list[str]:
    never = f"'{NEVER}'"  # a date to PostgreSQL, text to SQLite: as the column
    return [
        f"DELETE FROM {TABLE}",
        f"INSERT INTO {TABLE} ({_KEY}, n) SELECT campaign_id, '{ENTRY}', unit_id,"
        f" COALESCE(first_verified_on, {never}), COUNT(*) FROM ledger_entry"
        " GROUP BY campaign_id, unit_id, COALESCE(first_verified_on, " + never + ")",
        f"INSERT INTO {TABLE} ({_KEY}, n) SELECT r.campaign_id, '{NEW}', c.unit_id, r.opened_on,"
        " COUNT(*) FROM rectification AS r JOIN petition_case AS c ON c.id = r.case_id"
        f" WHERE r.kind = '{_NEW_KIND}' GROUP BY r.campaign_id, c.unit_id, r.opened_on",
    ]


def install(db: Database) -> None:
    """Create the table and its triggers (again: idempotent), and count it from the records.
    Run when the schema is created or upgraded: an upgrade step that rebuilds a table drops
    that table's SQLite triggers."""
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql(_PG_TABLE)
        db.execute_sql(_PG_PENDING)
        for name, (table, event, transitions, body) in _PG_TRIGGERS.items():
            db.execute_sql(_pg_function(name, body))
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            db.execute_sql(f"CREATE TRIGGER {name} AFTER {event} ON {table}"
                           f" REFERENCING {transitions} FOR EACH STATEMENT"
                           f" EXECUTE FUNCTION {name}()")
        db.execute_sql(_pg_function("week_tally_case_delete", _PG_CASE_DELETE, "OLD"))
        db.execute_sql("DROP TRIGGER IF EXISTS week_tally_case_delete ON petition_case")
        db.execute_sql("CREATE TRIGGER week_tally_case_delete BEFORE DELETE ON petition_case"
                       " FOR EACH ROW EXECUTE FUNCTION week_tally_case_delete()")
        db.execute_sql(_pg_function(_PG_FLUSH, _PG_FLUSH_BODY))
        db.execute_sql(f"DROP TRIGGER IF EXISTS {_PG_FLUSH} ON {PENDING}")
        # one event per new pending row (a few per transaction): the first applies them all
        db.execute_sql(f"CREATE CONSTRAINT TRIGGER {_PG_FLUSH} AFTER INSERT ON {PENDING}"
                       " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
                       f" EXECUTE FUNCTION {_PG_FLUSH}()")
    else:
        db.execute_sql(_SQLITE_TABLE)
        for name, (when, body) in _SQLITE_TRIGGERS.items():
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
            db.execute_sql(f"CREATE TRIGGER {name} {when} BEGIN {body} END")
    rebuild(db)


def trigger_names() -> list[str]:
    """The triggers ``install`` creates (SQLite's names)."""
    return list(_SQLITE_TRIGGERS)


def rebuild(db: Database) -> None:
    """Count the tally again from the records (inside the caller's transaction; on
    PostgreSQL its changes not applied yet are dropped: the count has them)."""
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql(f"DELETE FROM {PENDING} WHERE tx = txid_current()")
    for sql in _rebuild_statements():
        db.execute_sql(sql)


def source(db: Database) -> str:
    """The tally to read from, as a table expression with its columns: on PostgreSQL the
    counters with this transaction's own changes not applied yet (none when it has written
    nothing: txid_current_if_assigned() is NULL then, and assigns no id)."""
    if isinstance(db, PostgresqlDatabase):
        return (f"(SELECT {_KEY}, n FROM {TABLE} UNION ALL SELECT {_KEY}, n FROM {PENDING}"
                f" WHERE tx = txid_current_if_assigned()) AS {TABLE}")
    return TABLE
